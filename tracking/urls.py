import datetime as dt

from django.urls import path, register_converter

from tracking import views


class IsoDateConverter:
    """A day in a URL (YYYY-MM-DD), given to the view as a date; a day that does not exist is a 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        return dt.date.fromisoformat(value)  # ValueError: Django answers 404

    def to_url(self, value: dt.date | str) -> str:
        return value.isoformat() if isinstance(value, dt.date) else value


register_converter(IsoDateConverter, "isodate")

# The site's root: Today for a signed-in runner (the landing page for visitors). Included
# by ankleapp/urls.py outside the "tracking" namespace, so its name stays "home".
home_urlpatterns = [
    path("", views.today_page, name="home"),
]

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
    path("session/", views.session_page, name="session"),
    path("session/<slug:slug>/", views.session_page, name="session_exercise"),
]
