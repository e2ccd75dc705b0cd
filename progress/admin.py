"""The admin shows staff how much health data there is, never what it says.

Pain ratings, mornings, self-test results, red flags and profiles are health data: their
runner sees them on the progress pages. Staff get one page of counts, and no list, form or
detail view of any row (those URLs do not exist)."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from progress.models import MorningPain, PainDuring, ProgressProfile, RedFlag, SelfTest

COUNTED = [
    ("Pain-during ratings", PainDuring),
    ("Morning ratings", MorningPain),
    ("Self-test results", SelfTest),
    ("Red-flag reports", RedFlag),
    ("Progress profiles", ProgressProfile),
]


class HealthDataCounts(PainDuring):
    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "health data (counts only)"


@admin.register(HealthDataCounts)
class HealthDataCountsAdmin(admin.ModelAdmin):
    def get_urls(self) -> list[URLPattern]:
        return [path("", self.admin_site.admin_view(self.changelist_view), name="progress_healthdatacounts_changelist")]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        counts = [
            (label, model._default_manager.count(), model._default_manager.values("user").distinct().count())
            for label, model in COUNTED
        ]
        context = {**self.admin_site.each_context(request), "title": "Health data (counts only)", "counts": counts}
        return TemplateResponse(request, "admin/progress/counts.html", context)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(request.user.is_active and request.user.is_staff)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
