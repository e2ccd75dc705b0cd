"""Self-test results against their measurement error, at the thresholds."""

from decimal import Decimal as D

import pytest

from progress import selftests
from progress.rules import ProgressError
from progress.selftests import HEEL_RISE, KNEE_TO_WALL, Change


@pytest.mark.parametrize(
    "test, before, after, expected",
    [
        (KNEE_TO_WALL, "8.0", "9.9", Change.WITHIN),  # exactly the MDC, 1.9 cm: not beyond it
        (KNEE_TO_WALL, "8.0", "10.0", Change.BETTER),  # 2.0 cm
        (KNEE_TO_WALL, "10.0", "8.1", Change.WITHIN),
        (KNEE_TO_WALL, "10.0", "8.0", Change.WORSE),
        (KNEE_TO_WALL, "10.0", "10.0", Change.WITHIN),
        (HEEL_RISE, "20", "26", Change.WITHIN),  # exactly 6 reps
        (HEEL_RISE, "20", "27", Change.BETTER),
        (HEEL_RISE, "27", "21", Change.WITHIN),
        (HEEL_RISE, "27", "20", Change.WORSE),
    ],
)
def test_a_change_is_real_only_beyond_the_minimal_detectable_change(test, before, after, expected):
    assert selftests.change(test, D(before), D(after)) is expected


@pytest.mark.parametrize(
    "test, left, right, weaker",
    [
        (KNEE_TO_WALL, "10.0", "8.1", None),  # 1.9 cm apart
        (KNEE_TO_WALL, "10.0", "8.0", "right"),
        (KNEE_TO_WALL, "7.5", "9.5", "left"),
        (HEEL_RISE, "25", "19", None),  # 6 reps apart
        (HEEL_RISE, "18", "25", "left"),
    ],
)
def test_a_left_right_difference_is_flagged_only_beyond_the_error(test, left, right, weaker):
    assert selftests.side_difference(test, D(left), D(right)) == weaker


@pytest.mark.parametrize("cm, deg", [("1", "4"), ("10", "36"), ("12.5", "45"), ("0", "0")])
def test_centimetres_read_as_degrees_at_3_6_a_centimetre(cm, deg):
    assert selftests.degrees(D(cm)) == D(deg)


@pytest.mark.parametrize(
    "test, value, stored",
    [
        (KNEE_TO_WALL, "9.5", D("9.5")),
        (KNEE_TO_WALL, "9,5", D("9.5")),
        (KNEE_TO_WALL, "30", D("30.0")),
        (KNEE_TO_WALL, "0", D("0.0")),
        (HEEL_RISE, "24", D("24")),
        (HEEL_RISE, "150", D("150")),
    ],
)
def test_results_in_range_are_read(test, value, stored):
    assert selftests.check_result(test, value) == stored


@pytest.mark.parametrize(
    "test, value",
    [
        (KNEE_TO_WALL, "-0.1"),
        (KNEE_TO_WALL, "30.1"),
        (KNEE_TO_WALL, "9.55"),
        (KNEE_TO_WALL, "NaN"),
        (KNEE_TO_WALL, "Infinity"),
        (KNEE_TO_WALL, ""),
        (KNEE_TO_WALL, None),
        (HEEL_RISE, "24.5"),
        (HEEL_RISE, "151"),
        (HEEL_RISE, "lots"),
    ],
)
def test_results_out_of_range_or_malformed_are_refused(test, value):
    with pytest.raises(ProgressError):
        selftests.check_result(test, value)


@pytest.mark.parametrize(
    "sex, birth_year, median, note",
    [
        ("male", None, 24, "for men"),
        ("female", None, 21, "for women"),
        ("female", 1990, 21, "fewer with age"),
        ("male", 2010, 24, "outside the ages the study measured"),
        ("male", 1944, 24, "outside the ages"),
        ("female", 2006, 21, "fewer with age"),
    ],
)
def test_the_heel_rise_reference_is_the_published_median_by_sex(sex, birth_year, median, note):
    reference = selftests.heel_rise_reference(sex, birth_year, year=2026)
    assert reference is not None and reference.median == median
    assert note in reference.text and "Hébert-Losier et al. 2017" in reference.text


def test_without_a_sex_there_is_no_reference():
    assert selftests.heel_rise_reference("", 1990, year=2026) is None


def test_ages_20_and_81_are_inside_the_study():
    assert "outside" not in selftests.heel_rise_reference("male", 2006, year=2026).text
    assert "outside" not in selftests.heel_rise_reference("male", 1945, year=2026).text
    assert "outside" in selftests.heel_rise_reference("male", 1944, year=2026).text
