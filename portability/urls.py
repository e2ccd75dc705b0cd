from django.urls import path

from portability import views

app_name = "portability"

urlpatterns = [
    path("settings/data/", views.data_page, name="data"),
    path("settings/data/export.json", views.export_json, name="export_json"),
    path("settings/data/days.csv", views.export_csv, name="export_csv"),
    path("settings/data/import/", views.import_json, name="import"),
    path("settings/data/loop/", views.loop_upload, name="loop"),
    path("settings/data/loop/confirm/", views.loop_confirm, name="loop_confirm"),
    path("settings/delete/", views.delete_account, name="delete"),
    path("goodbye/", views.goodbye, name="goodbye"),
    path("plan/print/", views.print_plan, name="print"),
]
