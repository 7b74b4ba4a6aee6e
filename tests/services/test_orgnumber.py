"""Organisationsnummer: every valid one accepted with its legal form, every one-digit slip
refused with a reason, and a sole trader's personnummer accepted and said so."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.services.orgnumber import (
    OrgNumberError,
    org_number_complete,
    org_number_problem,
    parse_org_number,
)
from tests.factories import luhn_digit, personal_number

TODAY = dt.date(2026, 11, 24)

# The first digit is the legal form (0 is never used); the third and fourth are 20 or
# more, so an organisationsnummer never reads as a date.
LEGAL_FORMS = {
    "1": "Dödsbon",
    "2": "Stat, landsting, kommun eller församling",
    "3": "Utländska företag som bedriver näringsverksamhet eller äger fastigheter i Sverige",
    "5": "Aktiebolag",
    "6": "Enkelt bolag",
    "7": "Ekonomisk förening eller bostadsrättsförening",
    "8": "Ideella förening och stiftelse",
    "9": "Handelsbolag, kommanditbolag och enkelt bolag",
}

first_digits = st.sampled_from(sorted(LEGAL_FORMS))
middles = st.integers(min_value=20, max_value=99)
rests = st.integers(min_value=0, max_value=99_999)


def org_number(first: str, second: int, middle: int, rest: int) -> str:
    nine = f"{first}{second}{middle:02d}{rest:05d}"
    return nine + luhn_digit(nine)


valid_numbers = st.builds(org_number, first_digits, st.integers(0, 9), middles, rests)


@given(valid_numbers, st.sampled_from(["10", "10-", "12", "12-"]))
def test_every_valid_number_is_accepted_in_every_shape(digits: str, shape: str) -> None:
    typed = {
        "10": digits,
        "10-": f"{digits[:6]}-{digits[6:]}",
        "12": f"16{digits}",
        "12-": f"16{digits[:6]}-{digits[6:]}",
    }[shape]
    number = parse_org_number(typed, today=TODAY)
    assert number.digits == digits
    assert number.formatted == f"{digits[:6]}-{digits[6:]}"
    assert number.legal_form == LEGAL_FORMS[digits[0]]
    assert not number.sole_trader
    assert number.note == LEGAL_FORMS[digits[0]]


@given(valid_numbers, st.integers(0, 9), st.integers(1, 9))
def test_every_one_digit_slip_is_refused(digits: str, position: int, shift: int) -> None:
    slipped = digits[:position] + str((int(digits[position]) + shift) % 10) + digits[position + 1 :]
    with pytest.raises(OrgNumberError):
        parse_org_number(slipped, today=TODAY)


births = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2006, 12, 31))
serials = st.integers(min_value=1, max_value=999)


@given(births, serials, st.booleans())
def test_a_sole_traders_personnummer_is_accepted_and_said_so(
    birth: dt.date, serial: int, twelve: bool
) -> None:
    digits = personal_number(birth, serial)
    typed = f"{digits[:8]}-{digits[8:]}" if twelve else f"{digits[2:8]}-{digits[8:]}"
    number = parse_org_number(typed, today=TODAY)
    assert number.sole_trader
    assert number.digits == digits[2:]
    assert number.legal_form == "Enskild firma"
    assert number.note == "Personnummer – enskild firma"


@given(births, serials, st.integers(0, 9), st.integers(1, 9))
def test_a_slip_in_a_sole_traders_number_is_refused(
    birth: dt.date, serial: int, position: int, shift: int
) -> None:
    digits = personal_number(birth, serial)[2:]
    slipped = digits[:position] + str((int(digits[position]) + shift) % 10) + digits[position + 1 :]
    with pytest.raises(OrgNumberError):
        parse_org_number(slipped, today=TODAY)


def test_a_samordningsnummer_is_named_as_such() -> None:
    digits = personal_number(dt.date(1988, 4, 9), 234, coordination=True)
    number = parse_org_number(digits[2:], today=TODAY)
    assert number.note == "Samordningsnummer – enskild firma"


VALID = org_number("5", 5, 61, 23456)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "Ange organisationsnummer"),
        ("  ", "Ange organisationsnummer"),
        ("55612X-3456", "bara innehålla siffror"),
        ("５５６１２３４５６７", "bara innehålla siffror"),  # full-width digits look right
        (f"{VALID[:6]}\x00-{VALID[6:]}", "bara innehålla siffror"),
        ("556123456", "tio siffror"),
        ("55612345678", "tio siffror"),
        ("5561-234567", "tio siffror"),
        (VALID[:9] + str((int(VALID[9]) + 1) % 10), "Kontrollsiffran"),
        (f"19{VALID}", "börjar med 16"),
        ("0" + VALID[1:9] + luhn_digit("0" + VALID[1:9]), "börjar aldrig med 0"),
        ("851332-1234", "personnummer"),  # month 13: neither kind of number
        ("811228-9875", "Kontrollsiffran"),  # a personnummer with a wrong check digit
        ("20991231-1231", "framtiden"),
        ("161212121212", "inget organisationsnummer"),
    ],
)
def test_bad_numbers_are_explained(typed: str, reason: str) -> None:
    with pytest.raises(OrgNumberError, match=reason):
        parse_org_number(typed, today=TODAY)
    assert reason in (org_number_problem(typed, required=True, today=TODAY) or "")


def test_spaces_are_forgiven_and_an_empty_optional_number_is_fine() -> None:
    assert parse_org_number(f" {VALID[:6]} - {VALID[6:]} ", today=TODAY).digits == VALID
    assert org_number_problem("") is None
    assert org_number_problem(VALID) is None


@pytest.mark.parametrize(
    ("typed", "complete"),
    [
        ("", False),
        ("556120", False),
        ("556120-034", False),
        ("556120-0349", True),
        ("5561200349", True),
        ("16556120-0349", True),
        ("55612x", True),  # a letter is wrong however far one has come
    ],
)
def test_a_number_is_judged_as_typed_once_all_its_digits_are_there(
    typed: str, complete: bool
) -> None:
    assert org_number_complete(typed) is complete
