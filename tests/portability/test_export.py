import csv
import datetime as dt
import io

from portability.export import safe_cell
from portability.sections import FORMAT, VERSION
from progress.models import CurrentLevel, MorningPain, PainDuring, ProgressProfile, SelfTest
from reminders.models import PushSubscription, ReminderSettings
from routines.models import Exercise, Level
from tests.clients import new_client
from tests.dates import TODAY
from tests.portability.conftest import export_of


def test_it_requires_login(db):
    response = new_client().get("/settings/data/export.json")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_json_has_the_format_the_version_and_every_section(history, alice_client):
    document = export_of(alice_client)
    assert (document["format"], document["version"]) == (FORMAT, VERSION)
    assert document["profile"]["email"] == "alice@example.com"
    assert document["profile"]["time_zone"] == "Europe/London"
    assert document["profile"]["weekly_target"] == 5
    assert len(document["completions"]) == 60 * 3 + 12
    first = document["completions"][0]
    assert set(first) == {"date", "exercise", "completed_at"}
    assert document["rest_days"] == [str(TODAY - dt.timedelta(days=10)), str(TODAY + dt.timedelta(days=3))]
    assert document["pauses"] == [
        {"starts_on": str(TODAY - dt.timedelta(days=40)), "ends_on": str(TODAY - dt.timedelta(days=33))}
    ]


def test_downloads_are_private_and_not_stored(history, alice_client):
    for url in ("/settings/data/export.json", "/settings/data/days.csv"):
        response = alice_client.get(url)
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response.streaming


def test_an_empty_account_exports_empty_lists(alice_client):
    document = export_of(alice_client)
    assert document["completions"] == document["rest_days"] == document["pauses"] == []


def test_the_csv_has_one_row_a_day_with_each_exercise_and_the_status(history, alice_client):
    response = alice_client.get("/settings/data/days.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, days = rows[0], rows[1:]
    assert header == [
        "date",
        "closed-chain-dorsiflexion",
        "runners-position-calf-raise",
        "eccentric-heel-raise",
        "status",
    ]
    assert days[-1][0] == str(TODAY)
    assert len(days) == 91  # from the first day to today
    by_day = {row[0]: row[1:] for row in days}
    assert by_day[str(TODAY)] == ["yes", "yes", "yes", "complete"]
    rest = TODAY - dt.timedelta(days=10)
    assert by_day[str(rest)][-1] in ("rest", "complete")
    paused = [by_day[str(TODAY - dt.timedelta(days=back))] for back in range(33, 41)]
    assert {row[-1] for row in paused if "yes" not in row} == {"paused"}
    partial = [row for row in days if row[-1] == "partial"]
    assert partial and all(row[1:4] == ["yes", "no", "no"] for row in partial)


def test_cells_that_would_start_a_formula_are_neutralised():
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert [safe_cell(v) for v in ("+1", "-1", "@x", "ok")] == ["'+1", "'-1", "'@x", "ok"]


def test_downloads_are_rate_limited_per_runner(alice_client, bob):
    statuses = [alice_client.get("/settings/data/days.csv").status_code for _ in range(21)]
    assert statuses == [200] * 20 + [429]
    response = alice_client.get("/settings/data/export.json")
    assert response.status_code == 429 and "Too many tries" in response.content.decode()
    assert new_client(bob).get("/settings/data/export.json").status_code == 200


def test_reminder_settings_and_devices_are_exported_without_their_secrets(alice, alice_client):
    chosen = ReminderSettings.objects.create(user=alice, enabled=True, remind_at=dt.time(6, 45))
    PushSubscription.objects.create(
        user=alice,
        endpoint="https://push.example.net/send/secret-endpoint",
        p256dh="secret-p256dh-key",
        auth="secret-auth",
        label="Firefox on Android",
    )
    document = export_of(alice_client)
    assert document["reminders"]["settings"] == {
        "enabled": True,
        "remind_at": "06:45",
        "days": chosen.days,
        "by_email": True,
        "by_push": True,
    }
    assert [device["label"] for device in document["reminders"]["devices"]] == ["Firefox on Android"]
    text = alice_client.get("/settings/data/export.json").getvalue().decode()
    for secret in ("secret-endpoint", "secret-p256dh-key", "secret-auth", chosen.feed_token):
        assert secret not in text


def test_a_runner_without_reminders_exports_none(alice_client):
    assert export_of(alice_client)["reminders"] == {"settings": None, "devices": []}


def test_levels_pain_ratings_and_self_tests_are_in_the_runners_export_only(alice, alice_client, bob_client):
    heel = Exercise.objects.get(slug="eccentric-heel-raise")
    level = Level.objects.create(exercise=heel, position=90, name="Test level", changes="Slower.", sets=3, reps=15)
    CurrentLevel.objects.create(user=alice, exercise=heel, level=level, since=TODAY)
    PainDuring.objects.create(user=alice, exercise=heel, rated_on=TODAY, pain=2)
    MorningPain.objects.create(user=alice, rated_on=TODAY, pain=1)
    SelfTest.objects.create(user=alice, test=SelfTest.Test.choices[0][0], tested_on=TODAY, left=9.5, right=8)
    ProgressProfile.objects.create(user=alice, birth_year=1985)
    document = export_of(alice_client)
    assert document["levels"]["current"] == [
        {"exercise": "eccentric-heel-raise", "level": "Test level", "since": str(TODAY)}
    ]
    assert document["pain_during"] == [{"date": str(TODAY), "exercise": "eccentric-heel-raise", "pain": 2}]
    assert document["morning_pain"] == [{"date": str(TODAY), "pain": 1}]
    assert [(t["left"], t["right"]) for t in document["self_tests"]] == [(9.5, 8.0)]
    assert document["progress_profile"] == {"year_of_birth": 1985, "sex": None}
    other = export_of(bob_client)
    assert (other["pain_during"], other["morning_pain"], other["self_tests"]) == ([], [], [])
    assert other["levels"] == {"current": [], "history": []} and other["progress_profile"] is None
