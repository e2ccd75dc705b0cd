"""The private calendar feed: the daily session at the reminder time for the next eight weeks."""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from icalendar import Alarm, Calendar, Event

from reminders import rules
from reminders.models import ReminderSettings
from tracking.selectors import Snapshot

FEED_WEEKS = 8
SESSION_LENGTH = dt.timedelta(minutes=10)


def _uid_prefix(user_pk: int) -> str:
    # Stable per runner, and reveals nothing about them (not the id, not the address).
    return hmac.new(settings.SECRET_KEY.encode(), f"feed-{user_pk}".encode(), hashlib.sha256).hexdigest()[:20]


def session_calendar(found: ReminderSettings, snap: Snapshot, *, zone, now: dt.datetime) -> bytes:
    """An iCalendar file of the planned sessions from the runner's today on."""
    calendar = Calendar()
    calendar.add("prodid", "-//Stronger Ankles//Daily session//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Stronger Ankles")
    calendar.add("x-wr-timezone", zone.key)
    calendar.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    description = "\n".join(f"{name}: {dose}" for name, dose in ((e.name, e.dose) for e in snap.plan))
    prefix = _uid_prefix(found.user.pk)
    last = snap.today + dt.timedelta(weeks=FEED_WEEKS) - dt.timedelta(days=1)
    for day in rules.session_days(first=snap.today, last=last, rest=snap.facts.rest, paused=snap.facts.paused):
        starts = rules.reminder_moment(day, found.remind_at, zone).astimezone(zone)
        event = Event()
        event.add("uid", f"{prefix}-{day:%Y%m%d}@stronger-ankles")
        event.add("dtstamp", now.astimezone(dt.UTC))
        event.add("dtstart", starts)
        event.add("dtend", starts + SESSION_LENGTH)
        event.add("summary", "Ankle routine: three exercises")
        event.add("description", description)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", "Time for your three ankle exercises")
        alarm.add("trigger", dt.timedelta(0))
        event.add_component(alarm)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
