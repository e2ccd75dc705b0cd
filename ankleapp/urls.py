from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from ankleapp import views
from tracking.urls import home_urlpatterns

# The admin signs in through allauth: the same second factor and rate limits as the site.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include(home_urlpatterns)),
    # The daily pages next (mark-done, the calendar): the resolver tries patterns in order,
    # and each include passed over costs a few microseconds on the hottest requests.
    path("", include("tracking.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("exercises/", include("routines.urls")),
    path("", include("portability.urls")),
    path("settings/", include("accounts.urls")),
    path("progress/", include("progress.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("reminders.urls")),
]

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
handler429 = views.too_many_requests  # allauth's rate limits answer with this
