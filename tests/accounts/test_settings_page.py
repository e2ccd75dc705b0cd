"""The settings page (/settings/): the runner's time zone."""

import datetime as dt

import pytest
import time_machine

from accounts.models import User
from tests.clients import new_client
from tests.pages import find, find_all


def selected_zone(response) -> str:
    select = find(response, "select", name="timezone")
    assert select is not None
    options = [o for o in find_all(response, "option", selected=True) if o["value"] in _zones(response)]
    assert len(options) == 1
    return options[0]["value"]


def _zones(response) -> set[str]:
    return {o["value"] for o in find_all(response, "option") if "/" in o["value"] or o["value"] == "UTC"}


def save(client, **fields):
    return client.post("/settings/", {"timezone": "Asia/Tokyo", "weekly_target": "7"} | fields)


def test_it_requires_login(client, db):
    response = client.get("/settings/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/settings/"
    assert client.post("/settings/", {"timezone": "Asia/Tokyo"})["Location"] == "/accounts/login/?next=/settings/"


def test_it_shows_the_runners_zone_selected(alice_client):
    response = alice_client.get("/settings/")
    assert response.status_code == 200
    assert find(response, "label", for_="id_timezone").text == "Time zone"
    assert selected_zone(response) == "Europe/London"


def test_it_offers_every_known_zone(alice_client):
    zones = _zones(alice_client.get("/settings/"))
    assert {"Pacific/Kiritimati", "Etc/GMT+12", "America/New_York", "UTC"} <= zones
    assert len(zones) > 400


def test_changing_the_time_zone_saves_it_and_says_so(alice, alice_client):
    response = save(alice_client, timezone="Asia/Tokyo")
    assert response.status_code == 302
    assert response["Location"] == "/settings/"
    alice.refresh_from_db()
    assert alice.timezone == "Asia/Tokyo"

    page = alice_client.get("/settings/")
    assert selected_zone(page) == "Asia/Tokyo"
    assert "Settings saved." in [message.text for message in find_all(page, "li", class_="message message-success")]


def test_the_new_zone_decides_today(alice, alice_client):
    with time_machine.travel(dt.datetime(2026, 11, 24, 20, 0, tzinfo=dt.UTC), tick=False):
        client = new_client(alice)
        assert find(client.get("/"), "time")["datetime"] == "2026-11-24"
        save(client, timezone="Asia/Tokyo")  # 05:00 on the 25th there
        assert find(client.get("/"), "time")["datetime"] == "2026-11-25"


@pytest.mark.parametrize(
    "zone",
    ["Mars/Olympus_Mons", "", "europe/london", "<script>alert(1)</script>", "../../etc/passwd", "A" * 5000, "UTC\x00"],
    ids=["unknown", "empty", "wrong case", "markup", "path", "very long", "nul byte"],
)
def test_an_invalid_zone_is_a_400_with_a_message_and_saves_nothing(alice, alice_client, zone):
    response = save(alice_client, timezone=zone, weekly_target="5")

    assert response.status_code == 400
    messages = [alert.text for alert in find_all(response, role="alert")]
    assert messages, "the runner is told what is wrong"
    assert any("time zone" in m.lower() or "valid choice" in m.lower() or "required" in m.lower() for m in messages)
    assert b"<script>alert(1)" not in response.content
    alice.refresh_from_db()
    assert (alice.timezone, alice.weekly_target) == ("Europe/London", 7)


def test_the_invalid_field_is_marked_for_assistive_technology(alice_client):
    response = save(alice_client, timezone="Mars/Olympus_Mons")
    select = find(response, "select", name="timezone")
    assert select["aria-invalid"] == "true"
    assert "tz-error" in select["aria-describedby"].split()
    assert find(response, id="tz-error").text


def test_a_missing_zone_is_a_400_and_saves_nothing(alice, alice_client):
    response = alice_client.post("/settings/", {"weekly_target": "7"})
    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.timezone == "Europe/London"


def test_bob_saving_his_settings_never_changes_alices(alice, bob):
    client = new_client(bob)
    save(client, timezone="Pacific/Kiritimati")
    assert User.objects.get(pk=alice.pk).timezone == "Europe/London"
    assert User.objects.get(pk=bob.pk).timezone == "Pacific/Kiritimati"
