"""The one rule for demo sizes: scale L's proportions, counts given win."""

from __future__ import annotations

import dataclasses

import pytest

from desktop.services.demo import SCALES, DemoScale, proportional
from desktop.services.demo.scales import LARGE, MAXIMUM


def test_the_named_scales_are_scale_l_made_smaller() -> None:
    assert SCALES["L"] == LARGE
    for scale in SCALES.values():
        assert proportional(persons=scale.persons) == scale
        assert proportional(employers=scale.employers) == scale


def test_persons_and_employers_given_lead_the_rest() -> None:
    assert proportional(persons=2_000, employers=300) == DemoScale(
        persons=2_000, employers=300, contacts=3_000, vacancies=750, notes=10_000
    )


def test_one_leading_count_brings_the_other() -> None:
    assert proportional(persons=2_000) == DemoScale(2_000, 400, 4_000, 1_000, 10_000)
    assert proportional(employers=40) == DemoScale(200, 40, 400, 100, 1_000)


def test_counts_given_win() -> None:
    scale = proportional(persons=300, employers=40, contacts=7, vacancies=9, notes=11)
    assert scale == DemoScale(300, 40, 7, 9, 11)
    assert proportional(persons=300, notes=5) == DemoScale(300, 60, 600, 150, 5)


def test_without_leading_counts_the_base_scale_is_kept_but_for_what_is_given() -> None:
    assert proportional() == SCALES["L"]
    assert proportional(base=SCALES["S"]) == SCALES["S"]
    assert proportional(base=SCALES["S"], notes=12) == dataclasses.replace(SCALES["S"], notes=12)
    # A leading count given: the base does not matter any more.
    assert proportional(persons=2_000, base=SCALES["S"]) == proportional(persons=2_000)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"persons": 1}, DemoScale(1, 1, 10, 3, 5)),  # never none of a thing asked for
        ({"employers": 3}, DemoScale(15, 3, 30, 8, 75)),  # 7.5 vacancies round up
        ({"persons": 7}, DemoScale(7, 1, 10, 3, 35)),  # 1.4 employers round down
        ({"persons": 13}, DemoScale(13, 3, 30, 8, 65)),  # 2.6 employers round up
    ],
)
def test_rounding_is_half_up_and_at_least_one(given: dict[str, int], expected: DemoScale) -> None:
    assert proportional(**given) == expected


def test_the_ceiling_is_ten_times_scale_l_and_keeps_its_proportions() -> None:
    assert DemoScale(1_000_000, 200_000, 2_000_000, 500_000, 5_000_000) == MAXIMUM
    assert proportional(persons=MAXIMUM.persons) == MAXIMUM
    assert proportional(employers=MAXIMUM.employers) == MAXIMUM
