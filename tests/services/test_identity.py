"""Identity numbers: every valid one accepted, every one-digit slip refused with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.services.identity import IdentityNumberError, parse_identity_number
from tests.factories import personal_number

TODAY = dt.date(2026, 11, 24)

births = st.dates(min_value=dt.date(1927, 1, 1), max_value=TODAY)
serials = st.integers(min_value=1, max_value=999)


@given(births, serials, st.booleans(), st.sampled_from(["12", "10-", "10", "12-"]))
def test_every_valid_number_is_accepted_in_every_shape(
    birth: dt.date, serial: int, coordination: bool, shape: str
) -> None:
    digits = personal_number(birth, serial, coordination=coordination)
    typed = {
        "12": digits,
        "12-": f"{digits[:8]}-{digits[8:]}",
        "10": digits[2:],
        "10-": f"{digits[2:8]}-{digits[8:]}",
    }[shape]
    if shape.startswith("10") and TODAY.year - birth.year >= 100:
        typed = typed.replace("-", "+") if "-" in typed else f"{typed[:6]}+{typed[6:]}"
    number = parse_identity_number(typed, today=TODAY)
    assert number.digits == digits
    assert number.birth_date == birth
    assert number.kind == ("samordningsnummer" if coordination else "personnummer")
    assert number.registered_gender == ("man" if serial % 2 else "kvinna")


@given(births, serials, st.booleans(), st.integers(0, 9), st.integers(1, 9))
def test_every_one_digit_slip_is_refused(
    birth: dt.date, serial: int, coordination: bool, position: int, shift: int
) -> None:
    digits = personal_number(birth, serial, coordination=coordination)[2:]
    slipped = digits[:position] + str((int(digits[position]) + shift) % 10) + digits[position + 1 :]
    with pytest.raises(IdentityNumberError):
        parse_identity_number(slipped, today=TODAY)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "Ange personnummer"),
        ("   ", "Ange personnummer"),
        ("19850312-123X", "bara innehålla siffror"),
        ("ÅÄÖ", "bara innehålla siffror"),
        ("８１１２２８９８７４", "bara innehålla siffror"),  # full-width digits look right
        ("8503121", "10 eller 12 siffror"),
        ("1985031212345", "10 eller 12 siffror"),
        ("19851332-1234", "Datumet i numret finns inte"),
        ("19850230-1230", "Datumet i numret finns inte"),  # check digit right, no 30 Feb
        ("19850312-0001", "Födelsenumret 000"),
        ("811228-9875", "Kontrollsiffran"),
        ("20991231-1231", "framtiden"),
        ("19850312\x00-1234", "bara innehålla siffror"),
    ],
)
def test_bad_numbers_are_explained(typed: str, reason: str) -> None:
    with pytest.raises(IdentityNumberError, match=reason):
        parse_identity_number(typed, today=TODAY)


def test_spaces_are_forgiven_and_the_stored_form_is_twelve_digits() -> None:
    assert parse_identity_number(" 811228 - 9874 ", today=TODAY).digits == "198112289874"
    assert parse_identity_number("811228-9874", today=TODAY).formatted == "19811228-9874"


def test_plus_marks_a_century_back() -> None:
    assert parse_identity_number("811228+9874", today=TODAY).birth_date == dt.date(1881, 12, 28)
