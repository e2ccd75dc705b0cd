import copy
import datetime as dt
import json

import pytest

from accounts.models import User
from portability.importing import MAX_UPLOAD_BYTES
from tests.clients import new_client
from tests.dates import TODAY
from tests.factories import db_state
from tests.portability.conftest import export_of, picture_of, upload
from tracking.models import Completion, PlanBreak, StreakSummary

FIRST = TODAY - dt.timedelta(days=100)


def test_export_then_delete_then_import_into_a_new_account_restores_the_same_picture(history, alice_client):
    before = picture_of(history, first=FIRST)
    statuses, streaks = before
    assert streaks.current > 0 and streaks.longest > streaks.current and 0 < streaks.score < 100
    assert {"complete", "partial", "missed", "rest", "paused", "not-started"} <= {status for _, status in statuses}
    document = export_of(alice_client)
    response = alice_client.post("/settings/delete/", {"password": "correct-horse-42"})
    assert response.status_code == 302
    assert not User.objects.filter(email="alice@example.com").exists()

    newcomer = User.objects.create_user(email="alice.new@example.com", password="another-horse-43")
    client = new_client(newcomer)
    response = upload(client, json.dumps(document))
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.timezone == "Europe/London" and newcomer.weekly_target == 5
    assert picture_of(newcomer, first=FIRST) == before
    summary = StreakSummary.objects.get(user=newcomer)
    assert summary.through is not None  # rebuilt after the import
    page = client.get("/settings/data/").content.decode()
    assert "Imported 192 exercise marks, 2 rest days and 1 pauses." in page


def test_importing_the_same_file_twice_changes_nothing_the_second_time(history, alice_client):
    data = json.dumps(export_of(alice_client))
    upload(alice_client, data)  # into the account it came from: nothing new
    state = db_state()
    profile = User.objects.values().get(pk=history.pk)
    response = upload(alice_client, data)
    assert response.status_code == 302
    assert db_state() == state
    assert User.objects.values().get(pk=history.pk) == profile
    assert "already in your account" in alice_client.get("/settings/data/").content.decode()


def test_importing_into_a_new_account_twice_adds_rows_once(history, alice_client, bob):
    data = json.dumps(export_of(alice_client))
    client = new_client(bob)
    upload(client, data)
    counts = (Completion.objects.filter(user=bob).count(), PlanBreak.objects.filter(user=bob).count())
    upload(client, data)
    assert counts == (Completion.objects.filter(user=bob).count(), PlanBreak.objects.filter(user=bob).count())
    assert counts == (192, 3)


def _broken(document: dict, change) -> str:
    broken = copy.deepcopy(document)
    change(broken)
    return json.dumps(broken)


BAD_FILES = {
    "not json": (lambda d: "{not json", "not valid JSON"),
    "not an object": (lambda d: "[1, 2]", "not a Stronger Ankles export"),
    "wrong format": (lambda d: _broken(d, lambda b: b.update(format="loop")), "not a Stronger Ankles export"),
    "wrong version": (lambda d: _broken(d, lambda b: b.update(version=2)), "this app reads version 1"),
    "no completions": (lambda d: _broken(d, lambda b: b.pop("completions")), "no “completions” section"),
    "date not real": (
        lambda d: _broken(d, lambda b: b["completions"][0].update(date="2026-02-30")),
        "2026-02-30 is not a real date",
    ),
    "date in the future": (
        lambda d: _broken(d, lambda b: b["completions"][-1].update(date=str(TODAY + dt.timedelta(days=2)))),
        "is in the future",
    ),
    "date before 2000": (lambda d: _broken(d, lambda b: b["completions"][0].update(date="1999-12-31")), "before 2000"),
    "unknown exercise": (
        lambda d: _broken(d, lambda b: b["completions"][-1].update(exercise="=cmd|calc")),
        "is not an exercise this app knows",
    ),
    "bad moment": (lambda d: _broken(d, lambda b: b["completions"][-1].update(completed_at="soon")), "not a moment"),
    "bad time zone": (
        lambda d: _broken(d, lambda b: b["profile"].update(time_zone="Mars/Olympus")),
        "not a known time zone",
    ),
    "bad target": (lambda d: _broken(d, lambda b: b["profile"].update(weekly_target=9)), "from 3 to 7"),
    "pause ends before it starts": (
        lambda d: _broken(
            d, lambda b: b["pauses"].append({"starts_on": str(TODAY), "ends_on": str(TODAY - dt.timedelta(days=1))})
        ),
        "ends before it starts",
    ),
    "pauses overlap": (
        lambda d: _broken(
            d, lambda b: b["pauses"].append({"starts_on": str(TODAY - dt.timedelta(days=35)), "ends_on": None})
        ),
        "overlaps another pause in the file",
    ),
    "rest day not a date": (lambda d: _broken(d, lambda b: b["rest_days"].append(12)), "is not a date"),
    "NaN": (lambda d: json.dumps(d)[:-1] + ', "x": NaN}', "not valid JSON"),
    "deeply nested": (lambda d: "[" * 100000 + "]" * 100000, "not valid JSON"),
    "not text": (lambda d: b"\xff\xfe\x00bad", "not text"),
    "empty": (lambda d: "", "empty"),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_writes_nothing_and_says_why(kind, history, alice_client, bob):
    make, reason = BAD_FILES[kind]
    data = make(export_of(alice_client))
    client = new_client(bob)
    state, profile = db_state(), User.objects.values().get(pk=bob.pk)
    response = upload(client, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert reason in page and "Nothing was imported." in page
    assert db_state() == state
    assert User.objects.values().get(pk=bob.pk) == profile
    assert not Completion.objects.filter(user=bob).exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(history, alice_client, bob):
    response = upload(new_client(bob), b" " * (MAX_UPLOAD_BYTES + 1))
    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()


def test_a_file_over_the_limit_is_refused_by_its_length_header(bob):
    client = new_client(bob)
    response = client.post(
        "/settings/data/import/",
        data=b"x",
        content_type="multipart/form-data; boundary=x",
        # Over this page's limit, under the site-wide body cap (which answers 413 above it).
        CONTENT_LENGTH=str(MAX_UPLOAD_BYTES + 64 * 1024),
    )
    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()


def test_a_pause_that_clashes_with_the_accounts_own_is_refused(history, alice_client):
    document = export_of(alice_client)
    document["pauses"][0]["ends_on"] = str(TODAY - dt.timedelta(days=30))  # changed since
    state = db_state()
    response = upload(alice_client, json.dumps(document))
    assert response.status_code == 400
    assert "overlaps a different pause already in your account" in response.content.decode()
    assert db_state() == state


def test_import_needs_a_post_and_a_login(db):
    assert new_client().get("/settings/data/import/").status_code == 302


def test_imports_are_rate_limited_per_runner(alice_client):
    statuses = [upload(alice_client, "{}").status_code for _ in range(11)]
    assert statuses == [400] * 10 + [429]


def test_a_file_from_a_zone_ahead_keeps_its_today_in_a_new_account(alice_client, make_user):
    # 12:00 UTC: already tomorrow in Auckland, where the file's runner marked a day.
    document = export_of(alice_client)
    tomorrow = TODAY + dt.timedelta(days=1)
    document["profile"]["time_zone"] = "Pacific/Auckland"
    document["completions"] = [
        {"date": str(tomorrow), "exercise": "eccentric-heel-raise", "completed_at": "2026-11-24T11:00:00+00:00"}
    ]
    newcomer = make_user("kiwi@example.com", timezone="UTC")
    assert upload(new_client(newcomer), json.dumps(document)).status_code == 302
    assert Completion.objects.filter(user=newcomer, completed_on=tomorrow).exists()
