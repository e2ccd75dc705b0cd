"""Home self-tests and their measurement error. Pure: numbers in, words out.

Knee-to-wall (weight-bearing lunge), in cm from the big toe to the wall:
- 1 cm ≈ 3.6° of ankle dorsiflexion (physio-pedia, "Knee to Wall Test").
- Minimal detectable change (MDC) 1.9 cm within one rater, 1.6 cm between raters
  (Powden et al. 2015, systematic review, PMID 25704110). A runner measures themself, so
  the within-rater figure applies; it is also the larger, so the app calls fewer changes
  real. In patients, Chisholm et al. 2012 (PMC3484905) found 1.0 cm for one leg and 1.5 cm
  for the left–right difference; the app flags a left–right difference beyond 1.9 cm,
  the same cautious figure.
- No validated "normal" cm cut-off was found; healthy adults show no meaningful
  left–right difference (norms study, n = 899, PMID 41723909).

Single-leg heel-rise test, reps to fatigue at 60 beats a minute:
- Day-to-day limits of agreement about ±6 reps (Hébert-Losier et al. 2017, PMID
  28886865); SEM 2.07 reps (Ross, J Sport Rehabil) gives MDC95 = 1.96 × √2 × 2.07 ≈ 5.7.
  The app uses 6 reps.
- Reference medians (Hébert-Losier et al. 2017, n = 566, aged 20–81): 24 reps for men,
  21 for women, fewer with age. The source's per-age-band figures are not in the app's
  references, so the app gives the medians by sex and says they fall with age.

A change (or a left–right difference) is *real* only when it is larger than the MDC;
anything up to and including the MDC reads "within measurement error".
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from progress.rules import ProgressError

KNEE_TO_WALL = "knee-to-wall"
HEEL_RISE = "heel-rise"

CM_TO_DEGREES = Decimal("3.6")
KNEE_TO_WALL_MDC_CM = Decimal("1.9")
HEEL_RISE_MDC_REPS = Decimal("6")
MDC = {KNEE_TO_WALL: KNEE_TO_WALL_MDC_CM, HEEL_RISE: HEEL_RISE_MDC_REPS}
UNITS = {KNEE_TO_WALL: "cm", HEEL_RISE: "reps"}
# Plausible ranges for a form: a foot's distance from the wall, reps a person can do.
LIMITS = {KNEE_TO_WALL: (Decimal("0"), Decimal("30")), HEEL_RISE: (Decimal("0"), Decimal("150"))}

HEEL_RISE_MEDIANS = {"male": 24, "female": 21}
HEEL_RISE_AGES = (20, 81)


class Change(StrEnum):
    BETTER = "real improvement"
    WORSE = "real decline"
    WITHIN = "within measurement error"


def degrees(cm: Decimal) -> Decimal:
    """Knee-to-wall centimetres as degrees of dorsiflexion, to the nearest degree."""
    return (cm * CM_TO_DEGREES).quantize(Decimal("1"))


def change(test: str, before: Decimal, after: Decimal) -> Change:
    """How a result compares with an earlier one of the same side (more is better for both tests)."""
    difference = after - before
    if abs(difference) <= MDC[test]:
        return Change.WITHIN
    return Change.BETTER if difference > 0 else Change.WORSE


def side_difference(test: str, left: Decimal, right: Decimal) -> str | None:
    """The weaker side when left and right differ by more than the MDC, else None."""
    if abs(left - right) <= MDC[test]:
        return None
    return "left" if left < right else "right"


def check_result(test: str, value: object) -> Decimal:
    """A result from a form value (cm to one decimal, or whole reps)."""
    text = str(value).strip().replace(",", ".") if value is not None else ""
    low, high = LIMITS[test]
    try:
        number = Decimal(text)
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite() or not low <= number <= high:
        raise ProgressError(f"Enter a number from {low} to {high} {UNITS[test]} for each side.")
    if test == HEEL_RISE:
        if number != number.to_integral_value():
            raise ProgressError("Count whole repetitions.")
        return number.quantize(Decimal("1"))
    if number != number.quantize(Decimal("0.1")):
        raise ProgressError("Measure to the nearest millimetre (one decimal, e.g. 9.5 cm).")
    return number.quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Reference:
    median: int
    text: str


def heel_rise_reference(sex: str, birth_year: int | None, *, year: int) -> Reference | None:
    """The published median for the runner's sex, with a note on age; None without sex."""
    median = HEEL_RISE_MEDIANS.get(sex)
    if median is None:
        return None
    words = "men" if sex == "male" else "women"
    text = f"Median {median} reps for {words} (Hébert-Losier et al. 2017, 566 adults aged 20–81); fewer with age."
    if birth_year is not None:
        age = year - birth_year
        low, high = HEEL_RISE_AGES
        if not low <= age <= high:
            text += f" At about {age} you are outside the ages the study measured: compare with care."
    return Reference(median, text)
