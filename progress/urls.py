from django.urls import path

from progress import views

app_name = "progress"

urlpatterns = [
    path("", views.overview_page, name="overview"),
    path("rate/", views.rate_page, name="rate"),
    path("rate/during/", views.rate_during, name="rate_during"),
    path("rate/morning/", views.rate_morning, name="rate_morning"),
    path("rate/morning/skip/", views.morning_skip, name="morning_skip"),
    path("tests/", views.tests_page, name="tests"),
    path("tests/record/", views.test_record, name="test_record"),
    path("tests/remind-later/", views.test_reminder_dismiss, name="test_reminder_dismiss"),
    path("about-you/", views.profile_save, name="profile"),
    path("red-flags/", views.red_flags_page, name="red_flags"),
    path("red-flags/report/", views.red_flags_report, name="red_flags_report"),
    path("red-flags/clear/", views.red_flags_clear, name="red_flags_clear"),
    path("levels/<slug:slug>/accept/", views.level_accept, name="level_accept"),
    path("levels/<slug:slug>/decline/", views.level_decline, name="level_decline"),
    path("start/", views.start_choose, name="start_choose"),
]
