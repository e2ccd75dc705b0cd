"""The settings page (/settings/): the runner's time zone."""

import datetime as dt

import pytest
import time_machine

from accounts.models import User
from tests.clients import new_client
from tests.pages import elements, find, find_all


def selected_zone(response) -> str:
    return find(response, "input", name="timezone")["value"]


def zone_labels(response) -> dict[str, str]:
    """The searchable list the time-zone box offers: {name: label}."""
    page = elements(response.content)
    (box,) = [e for e in page if e.tag == "input" and e.get("name") == "timezone"]
    (datalist,) = [e for e in page if e.tag == "datalist" and e.get("id") == box["list"]]
    return {e["value"]: e["label"] for e in page if e.tag == "option" and e.is_inside(datalist)}


def _zones(response) -> set[str]:
    return set(zone_labels(response))


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


def test_it_offers_the_canonical_zones_with_their_offsets_and_hides_aliases(alice_client):
    response = alice_client.get("/settings/")
    zones = _zones(response)
    assert {"Pacific/Kiritimati", "America/New_York", "Africa/Asmara", "Asia/Kolkata", "UTC"} <= zones
    assert not {"Africa/Asmera", "Asia/Calcutta", "US/Eastern", "Etc/GMT+12", "GB"} & zones
    assert len(zones) > 300
    labels = zone_labels(response)
    assert labels["Asia/Kolkata"] == "Kolkata · UTC+05:30"
    assert labels["America/New_York"] in {"New York · UTC-05:00", "New York · UTC-04:00"}


def test_the_offsets_follow_summer_time(alice_client):
    with time_machine.travel(dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        labels = zone_labels(alice_client.get("/settings/"))
    assert labels["Europe/London"] == "London · UTC+01:00"
    assert labels["Australia/Sydney"] == "Sydney · UTC+10:00"


def test_a_zone_typed_in_another_letter_case_is_saved_by_its_real_name(alice, alice_client):
    assert save(alice_client, timezone="  asia/tokyo ").status_code == 302
    alice.refresh_from_db()
    assert alice.timezone == "Asia/Tokyo"


def test_an_alias_a_browser_reports_is_accepted(alice, alice_client):
    assert save(alice_client, timezone="Asia/Calcutta").status_code == 302
    alice.refresh_from_db()
    assert alice.timezone == "Asia/Calcutta"


def test_every_field_points_at_help_text_that_exists(alice_client):
    response = alice_client.get("/settings/")
    for name in ("timezone", "weekly_target"):
        described_by = find(response, name=name)["aria-describedby"].split()
        assert described_by, name
        for element_id in described_by:
            assert find(response, id=element_id).text.strip(), (name, element_id)
    weekly = find(response, name="weekly_target")["aria-describedby"]
    assert "rest days" in find(response, id=weekly).text


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
    ["Mars/Olympus_Mons", "", "<script>alert(1)</script>", "../../etc/passwd", "A" * 5000, "UTC\x00"],
    ids=["unknown", "empty", "markup", "path", "very long", "nul byte"],
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
    field = find(response, "input", name="timezone")
    assert field["aria-invalid"] == "true"
    assert "id_timezone_error" in field["aria-describedby"].split()
    assert find(response, id="id_timezone_error").text


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
