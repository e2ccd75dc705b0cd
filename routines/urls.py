from django.urls import path

from routines import views

app_name = "routines"

urlpatterns = [
    path("", views.exercise_list, name="exercise_list"),
    path("<slug:slug>/", views.exercise_detail, name="exercise_detail"),
]
