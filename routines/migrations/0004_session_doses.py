"""Time the three seeded exercises for the guided session, and say plainly which foot
works in the runner's position calf raise (the article: "rise up onto your front toe").

Only rows still holding the seeded values are changed, so nothing staff edited is lost.
"""

from django.db import migrations

TIMING = {
    "closed-chain-dorsiflexion": {
        "up_seconds": 2,
        "up_cue": "Knee forward",
        "down_seconds": 2,
        "down_cue": "Back",
        "rest_seconds": 30,
    },
    "runners-position-calf-raise": {
        "up_seconds": 1,
        "up_cue": "Rise onto your front toe",
        "down_seconds": 3,
        "down_cue": "Lower slowly",
        "rest_seconds": 45,
    },
    "eccentric-heel-raise": {
        "up_seconds": 1,
        "up_cue": "Up on both feet",
        "down_seconds": 3,
        "down_cue": "Lower slowly on one",
        "rest_seconds": 60,
    },
}

CALF_RAISE_OLD_STEPS = (
    "Take a split stance with one foot raised on a box or bench.\n"
    "Stand tall and rise up onto the toes of the front foot.\n"
    "Lower back down slowly."
)
CALF_RAISE_STEPS = (
    "Take a split stance: put the front foot, the one that works, on a box, bench or step.\n"
    "Rest the back foot on the floor behind you, on its toes, for balance only.\n"
    "Stand tall and rise up onto your front toe.\n"
    "Lower back down slowly, then do the other side with the feet swapped."
)
CALF_RAISE_OLD_SUMMARY = (
    "A single-leg calf raise in a split stance that looks like running: strength where you use it."
)
CALF_RAISE_SUMMARY = (
    "A single-leg calf raise on the front foot of a split stance that looks like running: strength where you use it."
)


def forwards(apps, schema_editor):
    Exercise = apps.get_model("routines", "Exercise")
    for slug, fields in TIMING.items():
        Exercise.objects.filter(slug=slug).update(**fields)
    Exercise.objects.filter(slug="runners-position-calf-raise", steps=CALF_RAISE_OLD_STEPS).update(
        steps=CALF_RAISE_STEPS
    )
    Exercise.objects.filter(slug="runners-position-calf-raise", summary=CALF_RAISE_OLD_SUMMARY).update(
        summary=CALF_RAISE_SUMMARY
    )


def backwards(apps, schema_editor):
    Exercise = apps.get_model("routines", "Exercise")
    Exercise.objects.filter(slug="runners-position-calf-raise", steps=CALF_RAISE_STEPS).update(
        steps=CALF_RAISE_OLD_STEPS
    )
    Exercise.objects.filter(slug="runners-position-calf-raise", summary=CALF_RAISE_SUMMARY).update(
        summary=CALF_RAISE_OLD_SUMMARY
    )


class Migration(migrations.Migration):
    dependencies = [("routines", "0003_session_timing")]

    operations = [migrations.RunPython(forwards, backwards)]
