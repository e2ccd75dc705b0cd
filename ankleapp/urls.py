from django.contrib import admin
from django.urls import include, path

from ankleapp import views
from tracking.urls import home_urlpatterns

urlpatterns = [
    path("", include(home_urlpatterns)),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("exercises/", include("routines.urls")),
    path("settings/", include("accounts.urls")),
    path("progress/", include("progress.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("tracking.urls")),
]

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
