"""Staff see counts of the health data, never its values."""

import pytest

from progress.models import MorningPain, PainDuring, SelfTest
from routines.selectors import plan_exercises
from tests.clients import new_client
from tests.dates import TODAY

COUNTS = "/admin/progress/healthdatacounts/"


@pytest.fixture
def staff_client(make_user):
    therapist = make_user("therapist@example.com", is_staff=True, is_superuser=True)
    return new_client(therapist)


@pytest.fixture
def alices_health(alice):
    PainDuring.objects.create(user=alice, exercise=plan_exercises()[0], rated_on=TODAY, pain=7)
    MorningPain.objects.create(user=alice, rated_on=TODAY, pain=9)
    SelfTest.objects.create(user=alice, test="knee-to-wall", tested_on=TODAY, left="13.7", right="11.3")


def test_staff_see_how_many_rows_and_runners_and_nothing_else(staff_client, alices_health, alice):
    html = staff_client.get(COUNTS).content.decode()
    assert '<th scope="row">Pain-during ratings</th><td>1</td><td>1</td>' in html
    for secret in ("13.7", "11.3", alice.email, ">7<", ">9<"):
        assert secret not in html


@pytest.mark.parametrize(
    "url",
    [
        "/admin/progress/healthdatacounts/1/change/",
        "/admin/progress/healthdatacounts/add/",
        "/admin/progress/painduring/",
        "/admin/progress/selftest/",
        "/admin/progress/morningpain/",
    ],
)
def test_there_is_no_view_of_a_single_record(staff_client, alices_health, url):
    assert staff_client.get(url).status_code == 404


def test_runners_cannot_open_the_counts(alice_client):
    assert alice_client.get(COUNTS)["Location"].startswith("/admin/login/")
