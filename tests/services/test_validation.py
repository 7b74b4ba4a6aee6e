"""Field rules: clear reasons for bad input, exact storage of everything else."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.services.search import words
from desktop.services.validation import (
    date_problem,
    email_problem,
    line_problem,
    name_problem,
    phone_problem,
    postal_code_problem,
    text_problem,
)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "måste fyllas i"),
        ("   ", "måste fyllas i"),
        ("A" * 5000, "högst 200 tecken (nu 5000)"),
        ("Amina\x07", "styrtecken"),
        ("Am\x1bina", "styrtecken"),
        (" Amina", "mellanslag"),
    ],
)
def test_bad_names_are_explained(name: str, reason: str) -> None:
    problem = name_problem(name, label="Förnamnet")
    assert problem is not None
    assert reason in problem
    assert problem.startswith("Förnamnet")


@pytest.mark.parametrize(
    "name", ["محمد", "Ahmed Al-Hassan", "Ngọc Ánh", "O'Brien", "Жанна", "ትግርኛ", "李"]
)
def test_names_in_any_script_are_accepted(name: str) -> None:
    assert name_problem(name) is None


@given(
    st.text(
        alphabet=st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zs", "Zl", "Zp")),
        min_size=1,
        max_size=200,
    )
)
def test_any_printable_name_is_accepted_or_explained(name: str) -> None:
    problem = name_problem(name)
    assert problem is None or "mellanslag" in problem


@pytest.mark.parametrize(
    "hidden", ["\u200b", "\u200e", "\u202e", "\u2066", "\ufeff", "\u00ad", "\x1b"]
)
def test_invisible_formatting_in_a_name_or_line_is_refused(hidden: str) -> None:
    assert "osynliga styrtecken" in (name_problem(f"Moha{hidden}mmed") or "")
    assert "osynliga styrtecken" in (line_problem(f"Storgatan{hidden} 1", label="Adressen") or "")
    assert email_problem(f"namn{hidden}@exempel.se") is not None


def test_free_text_keeps_the_marks_arabic_and_tigrinya_need_but_not_overrides() -> None:
    for mark in ("\u200c", "\u200d", "\u200e", "\u200f", "\u061c"):
        assert text_problem(f"می{mark}خواهم", label="Anteckningen") is None
    for hidden in ("\u202e", "\u2066", "\ufeff", "\u200b"):
        assert "styrtecken" in (text_problem(f"Text{hidden}", label="Anteckningen") or "")


def test_search_does_not_see_a_zero_width_space() -> None:
    assert words("Moha\u200bmmed Ali") == ["Mohammed", "Ali"]


def test_notes_keep_line_breaks_and_refuse_other_controls() -> None:
    assert text_problem("Rad ett\nRad två\tmed tabb", label="Anteckningen") is None
    assert "styrtecken" in (text_problem("Klistrat\x0c", label="Anteckningen") or "")
    assert "måste fyllas i" in (text_problem("  ", label="Anteckningen", required=True) or "")
    assert text_problem("טקסט בעברית\nوالعربية", label="Anteckningen") is None


@pytest.mark.parametrize(
    ("check", "value", "ok"),
    [
        (email_problem, "namn@exempel.se", True),
        (email_problem, "namn@exempel", False),
        (email_problem, "namn exempel.se", False),
        (phone_problem, "070-123 45 67", True),
        (phone_problem, "+46 70 123 45 67", True),
        (phone_problem, "07O-123", False),
        (phone_problem, "123", False),
        (postal_code_problem, "147 30", True),
        (postal_code_problem, "14730", True),
        (postal_code_problem, "1473", False),
    ],
)
def test_contact_fields(check: object, value: str, ok: bool) -> None:
    assert callable(check)
    assert (check(value) is None) == ok
    assert check("") is None  # optional


def test_dates_are_iso_and_bounded() -> None:
    today = dt.date(2026, 11, 24)
    assert date_problem("2024-03-15", not_after=today) is None
    assert "ÅÅÅÅ-MM-DD" in (date_problem("15/3 2024") or "")
    assert "ÅÅÅÅ-MM-DD" in (date_problem("2024-02-30") or "")
    assert "efter i dag" in (
        date_problem("2027-01-01", label="Ankomstdatumet", not_after=today) or ""
    )
    problem = date_problem(
        "1980-01-01", label="Ankomstdatumet", not_before=dt.date(1990, 5, 1),
        before_label="födelsedatumet",
    )  # fmt: skip
    assert problem == "Ankomstdatumet kan inte vara före födelsedatumet."
    assert date_problem("", required=True, label="Datumet") == "Datumet måste fyllas i."
