"""Turning what a user types into a safe FTS5 query."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import unicodedata

# Letters the FTS5 tokenizer cannot fold to a base letter; the index folds the same ones
# (SEARCH_FOLDS in migration 0001), so "Yilmaz" finds "Yılmaz" and "Lodz" finds "Łódź".
_FOLDS = str.maketrans("ıłŁøØđĐ", "ilLoOdD")


# Pickers fold the same reference names (occupations, languages, countries) each time a
# form row is made; remembering them keeps opening a form with many rows instant.
@functools.lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Text as search compares it: case and accents ignored (ö matches o, ı matches i)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLDS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_WORD = re.compile(r"[\w+-]+")
_NUMBER = re.compile(r"^[\d+-]*\d[\d+-]*$")


_MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$")


def words(text: str) -> list[str]:
    """The words of what was typed, as `fts_query` sees them."""
    return _WORD.findall(text.translate(_FOLDS))


def month_days(text: str) -> list[str]:
    """The four-digit words that could be a month and day (`0324`): besides the start of
    a number, they also find a birthday in any year (see `birthdays`)."""
    return [word for word in words(text) if _MONTH_DAY.match(word)]


def birthdays(month_day: str, *, first_year: int, last_year: int) -> list[dt.date]:
    """Every date from `first_year` to `last_year` on `month_day` (MMDD); 29 February only
    in leap years. A short list of exact dates, so an index on the birth date finds them."""
    month, day = int(month_day[:2]), int(month_day[2:])
    found = []
    for year in range(first_year, last_year + 1):
        with contextlib.suppress(ValueError):
            found.append(dt.date(year, month, day))
    return found


def fts_query(
    text: str, *, name_column: str = "names", number_column: str = "numbers"
) -> str | None:
    """Every word must match as a prefix: digits against identity numbers and dates,
    everything else against names. Returns None when nothing searchable was typed.

    Words are quoted, so FTS5 operators typed by a user (AND, NEAR, *, ") are plain text.
    """
    terms = []
    for word in _WORD.findall(text.translate(_FOLDS)):
        if _NUMBER.match(word):
            digits = word.replace("-", "").replace("+", "")
            terms.append(f'{number_column} : "{digits}"*')
        else:
            cleaned = word.strip("+-")
            if cleaned:
                terms.append(f'{name_column} : "{cleaned}"*')
    return " ".join(terms) or None
