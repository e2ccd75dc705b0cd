"""Seed a progression ladder for each of the three exercises, lowest level first.

Where each step comes from:

Eccentric heel raise
  1. Both feet, on the floor: phased Achilles loading, phase 1 — floor first, 3 × 10–15
     (PMC7249277, table 2).
  2. Both feet, off a step: the same, phase 2 — the edge of a step, 3 × 15 (PMC7249277).
  3. Up on two, down on one, off a step: the article's version ("Stronger Ankles = Better
     Running", Kara Marks, PT, DPT), the app's default dose, 3 × 15 each side, 3 s down.
  4. Alfredson: 3 × 15 with the knee straight and 3 × 15 with the knee bent, slow
     lowering (Alfredson protocol, PMC6356409; Alfredson & Cook 2007, PMC2658946). The
     protocol is twice a day for 12 weeks; the app's plan counts one session a day.
  5–6. Alfredson with added load in 5 kg steps in a backpack once the exercise is
     pain-free (PMC6356409).
  With insertional pain (at the heel bone), do not drop the heel below the step
  (Alfredson & Cook 2007): said in the instructions of the step levels.

Runner's-position calf raise
  1. Split stance on the floor: floor first (PMC7249277, phase 1), in the article's
     running position.
  2. Front foot elevated: the article's version, the app's default dose.
  3–4. Front foot elevated with added load, +5 kg then +10 kg, once body weight is easy
     (PMC7249277: added weight once body weight is easy; 5 kg steps as in PMC6356409).

Closed-chain dorsiflexion
  1. Short end-range holds (3 s): the article's version, the app's default dose.
  2. Longer end-range holds (10 s), fewer reps: no published dose was found for this
     mobility drill; the step follows the same principle (more time at end range before
     adding load) and is the app's choice.
  3. Loaded: the long hold with a weight on the front knee (+5 kg), the app's choice on
     the same principle as the loaded steps above.

Only ladders not yet there are seeded, so nothing staff edited is lost; an exercise
missing from the catalogue is skipped.
"""

from django.db import migrations

ALFREDSON = "Alfredson protocol (PMC6356409; Alfredson & Cook 2007, PMC2658946)"
PHASED = "Phased Achilles loading (PMC7249277, table 2)"
ARTICLE = "“Stronger Ankles = Better Running” (Kara Marks, PT, DPT)"
INSERTIONAL = "If the pain is where the tendon meets the heel bone, stop at level with the step: don't drop below it."

HEEL_STEP = {"up_seconds": 1, "down_seconds": 3, "rest_seconds": 60, "tempo": "3 seconds down"}

LADDERS = {
    "eccentric-heel-raise": [
        {
            "name": "Both feet, on the floor",
            "changes": "Stand on flat ground, feet hip-width apart.\nRise on both feet, lower slowly on both.",
            "source": PHASED,
            "sets": 3, "reps": 15, "per_side": False, **HEEL_STEP,
            "up_cue": "Up on both feet", "down_cue": "Lower slowly",
        },
        {
            "name": "Both feet, off a step",
            "changes": "Stand on a step with your heels over the edge.\nRise on both feet, lower slowly on both, "
            "heels a little below the step.\n" + INSERTIONAL,
            "source": PHASED,
            "sets": 3, "reps": 15, "per_side": False, **HEEL_STEP,
            "up_cue": "Up on both feet", "down_cue": "Lower slowly",
        },
        {
            "name": "Up on two, down on one",
            "changes": "Off a step: rise on both feet, then lower slowly on one.\n" + INSERTIONAL,
            "source": ARTICLE,
            "sets": 3, "reps": 15, "per_side": True, **HEEL_STEP,
            "up_cue": "Up on both feet", "down_cue": "Lower slowly on one",
        },
        {
            "name": "Alfredson: knee straight, then bent",
            "changes": "Up on two, down on one, off a step.\nThe first 3 sets with the knee straight, the last 3 with "
            "the knee slightly bent.\n" + INSERTIONAL,
            "source": ALFREDSON,
            "sets": 6, "reps": 15, "per_side": True, **HEEL_STEP,
            "up_cue": "Up on both feet", "down_cue": "Lower slowly on one",
        },
        {
            "name": "Alfredson +5 kg",
            "changes": "As the Alfredson level, with 5 kg in a backpack.\n" + INSERTIONAL,
            "added_load": "+5 kg in a backpack",
            "source": ALFREDSON,
            "sets": 6, "reps": 15, "per_side": True, **HEEL_STEP,
            "up_cue": "Up on both feet", "down_cue": "Lower slowly on one",
        },
        {
            "name": "Alfredson +10 kg",
            "changes": "As the Alfredson level, with 10 kg in a backpack.\n" + INSERTIONAL,
            "added_load": "+10 kg in a backpack",
            "source": ALFREDSON,
            "sets": 6, "reps": 15, "per_side": True, **HEEL_STEP,
            "up_cue": "Up on both feet", "down_cue": "Lower slowly on one",
        },
    ],
    "runners-position-calf-raise": [
        {
            "name": "Split stance on the floor",
            "changes": "Both feet on the floor in a split stance, the front foot working.\nRise onto the front toe, "
            "lower slowly.",
            "source": PHASED + "; the position from " + ARTICLE,
            "sets": 3, "reps": 12, "per_side": True, "tempo": "slow lowering",
            "up_seconds": 1, "down_seconds": 3, "rest_seconds": 45,
            "up_cue": "Rise onto your front toe", "down_cue": "Lower slowly",
        },
        {
            "name": "Front foot elevated",
            "changes": "The front foot on a box, bench or step, the back foot on its toes for balance.",
            "source": ARTICLE,
            "sets": 3, "reps": 12, "per_side": True, "tempo": "slow lowering",
            "up_seconds": 1, "down_seconds": 3, "rest_seconds": 45,
            "up_cue": "Rise onto your front toe", "down_cue": "Lower slowly",
        },
        {
            "name": "Front foot elevated +5 kg",
            "changes": "As before, holding 5 kg (a dumbbell in the hand on the working side, or a backpack).",
            "added_load": "+5 kg",
            "source": PHASED + "; 5 kg steps as in " + ALFREDSON,
            "sets": 3, "reps": 12, "per_side": True, "tempo": "slow lowering",
            "up_seconds": 1, "down_seconds": 3, "rest_seconds": 60,
            "up_cue": "Rise onto your front toe", "down_cue": "Lower slowly",
        },
        {
            "name": "Front foot elevated +10 kg",
            "changes": "As before, holding 10 kg.",
            "added_load": "+10 kg",
            "source": PHASED + "; 5 kg steps as in " + ALFREDSON,
            "sets": 3, "reps": 12, "per_side": True, "tempo": "slow lowering",
            "up_seconds": 1, "down_seconds": 3, "rest_seconds": 60,
            "up_cue": "Rise onto your front toe", "down_cue": "Lower slowly",
        },
    ],
    "closed-chain-dorsiflexion": [
        {
            "name": "Short end-range holds",
            "changes": "Drive the knee forward over the toes, heel down, and hold 3 seconds at the end.",
            "source": ARTICLE,
            "sets": 2, "reps": 10, "hold_seconds": 3, "per_side": True, "tempo": "slow, controlled range",
            "up_seconds": 2, "down_seconds": 2, "rest_seconds": 30,
            "up_cue": "Knee forward", "down_cue": "Back",
        },
        {
            "name": "Longer end-range holds",
            "changes": "The same movement, holding 10 seconds at the end of the range; fewer reps.",
            "source": "The app's choice: no published dose found (more time at end range before load)",
            "sets": 2, "reps": 6, "hold_seconds": 10, "per_side": True, "tempo": "slow, controlled range",
            "up_seconds": 2, "down_seconds": 2, "rest_seconds": 30,
            "up_cue": "Knee forward", "down_cue": "Back",
        },
        {
            "name": "Loaded end-range holds",
            "changes": "As the long holds, with a 5 kg weight resting on the front knee.",
            "added_load": "+5 kg on the knee",
            "source": "The app's choice: no published dose found (load once the range is easy)",
            "sets": 2, "reps": 6, "hold_seconds": 10, "per_side": True, "tempo": "slow, controlled range",
            "up_seconds": 2, "down_seconds": 2, "rest_seconds": 45,
            "up_cue": "Knee forward", "down_cue": "Back",
        },
    ],
}


def forwards(apps, schema_editor):
    Exercise = apps.get_model("routines", "Exercise")
    Level = apps.get_model("routines", "Level")
    for slug, ladder in LADDERS.items():
        exercise = Exercise.objects.filter(slug=slug).first()
        if exercise is None or Level.objects.filter(exercise=exercise).exists():
            continue
        Level.objects.bulk_create(
            [Level(exercise=exercise, position=position, **fields) for position, fields in enumerate(ladder, 1)]
        )


def backwards(apps, schema_editor):
    apps.get_model("routines", "Level").objects.filter(exercise__slug__in=LADDERS).delete()


class Migration(migrations.Migration):
    dependencies = [("routines", "0005_levels")]

    operations = [migrations.RunPython(forwards, backwards)]
