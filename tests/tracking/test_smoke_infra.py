import datetime as dt

from tracking import streaks


def test_a_single_complete_day_today_is_a_streak_of_one():
    today = dt.date(2026, 11, 24)
    assert streaks.streaks({today}, today) == streaks.Streaks(current=1, longest=1)


def test_today_view_shows_the_plan(alice_client):
    response = alice_client.get("/")
    assert response.status_code == 200
    assert "0 of 3 done" in response.content.decode()
