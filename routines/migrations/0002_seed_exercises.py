"""The three exercises of the article "Stronger Ankles = Better Running" (Kara Marks, PT, DPT).

Instructions and purpose are written from the article: same facts, our own words.
Doses are the app's defaults and staff can change them in the admin. The article names
its video ("Healthy Ankles for Running" on the YouTube channel Finding Fortitude PT) but
gives no address, so no video id is invented here: the link is a YouTube search for the
title, and staff can paste the exact video link in the admin.
"""

from urllib.parse import urlencode

from django.db import migrations

VIDEO_TITLE = "Healthy Ankles for Running"
VIDEO_SEARCH_URL = "https://www.youtube.com/results?" + urlencode(
    {"search_query": f"{VIDEO_TITLE} Finding Fortitude PT"}
)
SOURCE_URL = "https://findingfortitudept.com"

EXERCISES = [
    {
        "slug": "closed-chain-dorsiflexion",
        "name": "Closed-chain dorsiflexion",
        "position": 1,
        "focus": "mobility",
        "summary": "Knee glides forward over the toes while the heel stays down: ankle mobility with the foot on the ground.",
        "steps": (
            "Stand with the working foot flat on the floor.\n"
            "Keeping the heel down, drive the knee forward over the toes.\n"
            "Go slowly and stay in control of the whole range, then return."
        ),
        "purpose": (
            "Improves dorsiflexion, the ankle's ability to bend forward, in the way it moves when "
            "the foot is planted: running, squatting, climbing stairs. Better dorsiflexion can "
            "improve stride mechanics and spare the knees and hips from compensating."
        ),
        "cues": "Heel stays heavy on the floor.\nKnee tracks over the middle toes.\nSlow and controlled, no bouncing.",
        "equipment": "None (a wall to hold for balance is fine)",
        "sets": 2,
        "reps": 10,
        "hold_seconds": 3,
        "tempo": "slow, controlled range",
        "per_side": True,
    },
    {
        "slug": "runners-position-calf-raise",
        "name": "Runner's position calf raise",
        "position": 2,
        "focus": "strength",
        "summary": "A single-leg calf raise in a split stance that looks like running: strength where you use it.",
        "steps": (
            "Take a split stance with one foot raised on a box or bench.\n"
            "Stand tall and rise up onto the toes of the front foot.\n"
            "Lower back down slowly."
        ),
        "purpose": (
            "Builds calf strength on one leg in a running-like position, and trains the body to "
            "produce force the way it does when you run."
        ),
        "cues": "Stay tall through the trunk.\nRise straight up over the big toe.\nControl the way down.",
        "equipment": "A box, bench or step",
        "sets": 3,
        "reps": 12,
        "hold_seconds": None,
        "tempo": "slow lowering",
        "per_side": True,
    },
    {
        "slug": "eccentric-heel-raise",
        "name": "Eccentric heel raise off a step",
        "position": 3,
        "focus": "tendon",
        "summary": "Up on two feet, down slowly on one: builds control and resilience in the Achilles tendon and calf.",
        "steps": (
            "Stand on a step with your heels hanging off the edge.\n"
            "Rise up, using both feet if you need to.\n"
            "Lower slowly on one foot, in control, all the way down."
        ),
        "purpose": (
            "The slow lowering (eccentric) phase builds tendon strength and capacity, which helps "
            "the Achilles and calf handle the repeated loads of running."
        ),
        "cues": "Take about three seconds to lower.\nUse the other foot to help on the way up.\nHold a rail for balance.",
        "equipment": "A step (a stair with a rail is ideal)",
        "sets": 3,
        "reps": 15,
        "hold_seconds": None,
        "tempo": "3 seconds down",
        "per_side": True,
    },
]


def seed(apps, schema_editor):
    Exercise = apps.get_model("routines", "Exercise")
    for data in EXERCISES:
        Exercise.objects.update_or_create(
            slug=data["slug"],
            defaults={**data, "video_url": VIDEO_SEARCH_URL, "video_title": VIDEO_TITLE, "source_url": SOURCE_URL},
        )


def unseed(apps, schema_editor):
    apps.get_model("routines", "Exercise").objects.filter(slug__in=[e["slug"] for e in EXERCISES]).delete()


class Migration(migrations.Migration):
    dependencies = [("routines", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
