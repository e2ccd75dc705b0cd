"""The public exercise library (/exercises/ and /exercises/<slug>/) and video links."""

from urllib.parse import parse_qs, urlparse

import pytest

from routines.models import Exercise, youtube_video_id
from tests.clients import new_client
from tests.factories import PLAN_SLUGS
from tests.pages import find, find_all, items, visible_text

NAMES = ["Closed-chain dorsiflexion", "Runner's position calf raise", "Eccentric heel raise off a step"]
WATCH_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def detail(client, slug="eccentric-heel-raise"):
    return client.get(f"/exercises/{slug}/")


# --- The list -----------------------------------------------------------------------


def test_the_library_is_public_and_lists_the_three_in_plan_order(client, db):
    response = client.get("/exercises/")
    assert response.status_code == 200
    links = [a for a in find_all(response, "a") if a.get("href", "").startswith("/exercises/") and a.text in NAMES]
    assert [a.text for a in links] == NAMES
    assert [a["href"] for a in links] == [f"/exercises/{slug}/" for slug in PLAN_SLUGS]


def test_the_library_shows_each_focus_and_dose(client, db):
    text = visible_text(client.get("/exercises/"))
    assert text.index("Mobility") < text.index("Strength") < text.index("Tendon")
    assert "Dose: 2 × 10 reps, hold 3 s, slow, controlled range, each side" in text
    assert "Dose: 3 × 12 reps, slow lowering, each side" in text
    assert "Dose: 3 × 15 reps, 3 seconds down, each side" in text


def test_the_library_follows_the_order_staff_set(client, db):
    Exercise.objects.filter(slug="eccentric-heel-raise").update(position=0)
    names = [h.text for h in find_all(client.get("/exercises/"), "h2")]
    assert names[0] == "Eccentric heel raise off a step"


def test_an_exercise_outside_the_plan_stays_in_the_library_and_says_so(client, db):
    Exercise.objects.filter(slug="runners-position-calf-raise").update(in_plan=False)
    assert "Strength · not in the daily plan" in visible_text(client.get("/exercises/"))


# --- The detail page ----------------------------------------------------------------


def test_the_detail_page_shows_steps_purpose_cues_dose_and_equipment(client, db):
    response = detail(client)
    assert response.status_code == 200
    assert find(response, "h1").text == "Eccentric heel raise off a step"
    assert items(response, "ol", class_="steps") == [
        "Stand on a step with your heels hanging off the edge.",
        "Rise up, using both feet if you need to.",
        "Lower slowly on one foot, in control, all the way down.",
    ]
    assert items(response, "ul", class_="cues") == [
        "Take about three seconds to lower.",
        "Use the other foot to help on the way up.",
        "Hold a rail for balance.",
    ]
    text = visible_text(response)
    assert "Why it helps The slow lowering (eccentric) phase builds tendon strength" in text
    assert "Dose: 3 × 15 reps, 3 seconds down, each side" in text
    assert "You need A step (a stair with a rail is ideal)" in text


def test_a_visitor_is_invited_to_sign_up_and_a_runner_is_not(alice_client):
    assert find_all(detail(new_client()), "a", href="/accounts/signup/", class_="button")
    assert not find_all(detail(alice_client), "a", href="/accounts/signup/", class_="button")


@pytest.mark.parametrize("slug", ["no-such-exercise", "Eccentric-Heel-Raise", "eccentric-heel-raise-2"])
def test_an_unknown_exercise_is_not_found(client, db, slug):
    assert detail(client, slug).status_code == 404


# --- Video --------------------------------------------------------------------------


def test_the_seeded_video_is_a_youtube_search_not_an_invented_video(db):
    for exercise in Exercise.objects.all():
        link = urlparse(exercise.video_url)
        assert (link.hostname, link.path) == ("www.youtube.com", "/results")
        assert "Healthy Ankles for Running" in parse_qs(link.query)["search_query"][0]
        assert exercise.youtube_id is None


def test_a_search_link_is_shown_as_find_the_video_without_an_embed(client, db):
    response = detail(client)
    link = find(response, "a", href=Exercise.objects.get(slug="eccentric-heel-raise").video_url)
    assert link.text == "Find the video “Healthy Ankles for Running” on YouTube (opens YouTube in a new tab)"
    assert (link["target"], link["rel"]) == ("_blank", "noopener")
    assert find_all(response, data_embed=True) == []
    assert find_all(response, "iframe") == []
    assert items(response, "p", item="a", class_="video-link") == [link.text, "Finding Fortitude PT"]


def test_a_watch_link_set_by_staff_becomes_a_privacy_enhanced_embed_behind_a_click(client, db):
    exercise = Exercise.objects.get(slug="eccentric-heel-raise")
    exercise.video_url = WATCH_URL
    exercise.save()

    response = detail(client)

    box = find(response, "div", class_="video")
    assert box["data-embed"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert box["data-title"] == "Healthy Ankles for Running"
    assert find(response, "a", href=WATCH_URL).text == "▶ Play video: Healthy Ankles for Running"
    assert find_all(response, "iframe") == []  # nothing loads from YouTube until the click


def test_the_content_security_policy_allows_only_the_privacy_enhanced_player(client, db):
    policy = detail(client)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip())
    assert directives["frame-src"] == "https://www.youtube-nocookie.com"


def test_another_video_site_is_linked_not_embedded(client, db):
    Exercise.objects.filter(slug="eccentric-heel-raise").update(video_url="https://vimeo.com/76979871")
    response = detail(client)
    link = find(response, "a", href="https://vimeo.com/76979871")
    assert link.text == "Watch Healthy Ankles for Running (opens in a new tab)"
    assert find_all(response, data_embed=True) == []


def test_no_video_link_means_no_video_section_content(client, db):
    Exercise.objects.filter(slug="eccentric-heel-raise").update(video_url="")
    response = detail(client)
    assert find_all(response, class_="video-link") == []
    assert find_all(response, data_embed=True) == []


# --- youtube_video_id ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?v=dQw4w9WgXcQ",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
        "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ?t=10",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/live/dQw4w9WgXcQ",
    ],
)
def test_it_reads_the_id_of_a_youtube_video_link(url):
    assert youtube_video_id(url) == "dQw4w9WgXcQ"


def test_ids_may_contain_dashes_and_underscores():
    assert youtube_video_id("https://youtu.be/a-b_c-d_e-f") == "a-b_c-d_e-f"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a link",
        "https://www.youtube.com/results?search_query=Healthy+Ankles+for+Running",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/watch?v=",
        "https://www.youtube.com/@FindingFortitudePT",
        "https://www.youtube.com/embed/",
    ],
    ids=["empty", "junk", "search", "watch without id", "empty id", "channel", "embed without id"],
)
def test_it_finds_no_id_in_junk(url):
    assert youtube_video_id(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXc",  # 10 characters
        "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",  # 12
        "https://youtu.be/dQw4w9WgXcQQ",
        "https://www.youtube.com/watch?v=dQw4w9WgX%22Q",  # a quote inside
        "https://www.youtube.com/watch?v=dQw4w9W%3Cb%3E",  # markup inside
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ%0A",  # a trailing newline
    ],
    ids=["10 chars", "12 chars", "short link 12 chars", "quote", "markup", "trailing newline"],
)
def test_it_refuses_an_id_of_the_wrong_shape(url):
    assert youtube_video_id(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://vimeo.com/76979871",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
        "https://evil.example/youtu.be/dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/embed/dQw4w9WgXcQ",
        "https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ",
        "javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ",
    ],
)
def test_it_ignores_other_hosts(url):
    assert youtube_video_id(url) is None


# --- Illustrations, estimated times, honest doses ---------------------------------------


@pytest.mark.parametrize("slug", ["closed-chain-dorsiflexion", "runners-position-calf-raise", "eccentric-heel-raise"])
def test_each_exercise_page_shows_its_drawing_with_a_description(client, db, slug):
    response = detail(client, slug)
    drawing = find(response, "svg", role="img")
    assert drawing["aria-label"].startswith("Side view, start and end.")
    assert "style" not in drawing.attrs  # coloured by the stylesheet: the CSP allows no inline style


def test_an_uploaded_image_replaces_the_drawing(client, db):
    Exercise.objects.filter(slug="eccentric-heel-raise").update(
        image="exercises/heel-drop.jpg", image_alt="A runner lowering one heel off a stair"
    )
    response = detail(client)
    assert find_all(response, "svg", role="img") == []
    image = find(response, "img", class_="exercise-image")
    assert (image["src"], image["alt"]) == ("/media/exercises/heel-drop.jpg", "A runner lowering one heel off a stair")


def test_the_runners_position_calf_raise_says_which_foot_works_and_where_the_other_rests(client, db):
    steps = items(detail(client, "runners-position-calf-raise"), "ol", item="li", class_="steps")
    assert steps == [
        "Take a split stance: put the front foot, the one that works, on a box, bench or step.",
        "Rest the back foot on the floor behind you, on its toes, for balance only.",
        "Stand tall and rise up onto your front toe.",
        "Lower back down slowly, then do the other side with the feet swapped.",
    ]


def test_exercise_pages_give_the_timed_estimate_and_call_the_dose_a_starting_suggestion(client, db):
    text = visible_text(detail(client))
    assert "about 8 minutes with the guided timer, 60 s rest between sets" in text
    assert "The dose is the app's starting suggestion" in text


def test_the_landing_page_says_how_long_the_routine_takes_from_the_timeline(client, db):
    text = visible_text(client.get("/"))
    assert "about 21 minutes in all" in text
    assert "a few minutes" not in text
    assert "about 6 min" in text and "about 7 min" in text and "about 8 min" in text
