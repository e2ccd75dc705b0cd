"""Red flags: any warning sign leads to a plain "stop and see a clinician" screen that
offers to pause the plan, and stops level suggestions until the runner clears it."""

import pytest

from progress.models import RedFlag
from tests.dates import TODAY
from tests.pages import by_testid, error_message, visible_text
from tracking.models import PlanBreak


def test_no_sign_ticked_changes_nothing(alice_client, alice):
    response = alice_client.post("/progress/red-flags/report/", {})
    assert response["Location"] == "/progress/"
    assert not RedFlag.objects.exists()


def test_a_sign_leads_to_the_stop_screen_with_a_pause(alice_client, alice):
    response = alice_client.post("/progress/red-flags/report/", {"sign": ["swelling", "pop"]}, follow=True)
    screen = by_testid(response, "stop-screen")
    assert "Stop the exercises and see a clinician" in screen
    assert "a sudden pop or snap, swelling" in screen
    assert "Pause my plan from today" in screen
    assert "Stop and see a clinician" in visible_text(alice_client.get("/progress/"))


def test_the_pause_it_offers_is_the_plans_pause(alice_client, alice):
    alice_client.post("/progress/red-flags/report/", {"sign": ["night-pain"]})
    response = alice_client.post("/track/pause/", {"starts_on": TODAY.isoformat(), "next": "/"})
    assert response.status_code == 302
    assert list(PlanBreak.objects.filter(user=alice).values_list("kind", "starts_on", "ends_on")) == [
        ("pause", TODAY, None)
    ]


def test_reporting_twice_keeps_one_open_report_with_every_sign(alice_client, alice):
    alice_client.post("/progress/red-flags/report/", {"sign": ["swelling"]})
    alice_client.post("/progress/red-flags/report/", {"sign": ["pop"]})
    assert list(RedFlag.objects.filter(user=alice).values_list("signs", flat=True)) == [["pop", "swelling"]]


def test_clearing_ends_the_stop_screen(alice_client, alice):
    alice_client.post("/progress/red-flags/report/", {"sign": ["swelling"]})
    alice_client.post("/progress/red-flags/clear/")
    assert "Stop and see a clinician" not in visible_text(alice_client.get("/progress/"))
    assert "Tick any you have noticed" in visible_text(alice_client.get("/progress/red-flags/"))


@pytest.mark.parametrize("signs", [["broken-leg"], ["pop", "<b>"]])
def test_an_unknown_sign_is_refused(alice_client, signs):
    response = alice_client.post("/progress/red-flags/report/", {"sign": signs})
    assert response.status_code == 400
    assert "Choose from the signs listed" in error_message(response)
    assert not RedFlag.objects.exists()


def test_bob_never_sees_alices_red_flags(alice_client, bob_client):
    alice_client.post("/progress/red-flags/report/", {"sign": ["swelling"]})
    assert "Stop" not in visible_text(bob_client.get("/progress/"))
    bob_client.post("/progress/red-flags/clear/")
    assert RedFlag.objects.get().cleared_at is None
