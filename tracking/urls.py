from django.urls import path, register_converter

from tracking import views


class IsoDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(IsoDateConverter, "isodate")

app_name = "tracking"

urlpatterns = [
    path("track/mark/", views.mark, name="mark"),
    path("track/undo/", views.undo, name="undo"),
    path("track/rest/", views.rest, name="rest"),
    path("track/rest/cancel/", views.rest_cancel, name="rest_cancel"),
    path("track/pause/", views.pause, name="pause"),
    path("track/resume/", views.resume, name="resume"),
    path("calendar/", views.calendar_month, name="calendar"),
    path("calendar/year/", views.year_view, name="year"),
    path("calendar/<int:year>/<int:month>/", views.calendar_month, name="calendar_month"),
    path("calendar/day/<isodate:day>/", views.day_page, name="day"),
]
