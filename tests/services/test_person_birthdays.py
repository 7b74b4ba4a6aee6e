"""A four-digit search (`0324`) also finds a birthday: month and day in any year, besides
the start of a number, so a caseworker who knows only "born 24 March" finds the person."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.services import persons
from desktop.services.persons import PersonQuery, PersonService, PersonSort
from desktop.services.search import birthdays, month_days
from desktop.store.database import Database
from tests.services.test_persons import filled  # noqa: F401 - the fixture

# From `filled`: Öztürk born 1970-01-10 without a number, Abdullahi 1973-02-11 with one.


def names(db: Database, text: str, **query: object) -> list[str]:
    rows = PersonService(db).page(PersonQuery(text=text, **query))  # type: ignore[arg-type]
    return [row.last_name for row in rows]


def test_month_and_day_find_the_birthday(filled: Database) -> None:  # noqa: F811
    assert names(filled, "0110") == ["Öztürk"]  # no number: only the birth date can match
    assert names(filled, "0211") == ["Abdullahi"]
    assert PersonService(filled).count(PersonQuery(text="0211")) == 1
    assert names(filled, "0211 abdu") == ["Abdullahi"]
    assert names(filled, "abdu 0110") == []
    assert names(filled, "1231") == []
    # A year still finds the start of a birth date.
    assert names(filled, "1973") == ["Abdullahi"]


def test_birthday_search_in_every_plan_and_sort(
    filled: Database,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(persons, "FEW_MATCHES", 0)  # walk the sort index instead
    assert names(filled, "0110", sort=PersonSort.BIRTH_DATE, descending=True) == ["Öztürk"]
    assert names(filled, "0211") == ["Abdullahi"]
    assert names(filled, "0211 abdu") == ["Abdullahi"]


def test_only_a_possible_month_and_day_counts() -> None:
    assert month_days("0324 1973 1301 0230 12 abc0324") == ["0324", "0230"]
    assert birthdays("0229", first_year=2023, last_year=2025) == [dt.date(2024, 2, 29)]
