from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("settings/reminders/", views.settings_page, name="settings"),
    path("settings/reminders/devices/", views.device_add, name="device_add"),
    path("settings/reminders/devices/<int:pk>/remove/", views.device_remove, name="device_remove"),
    path("settings/reminders/calendar/new-address/", views.feed_regenerate, name="feed_regenerate"),
    path("reminders/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("apple-touch-icon.png", views.apple_touch_icon, name="apple_touch_icon"),
]
