"""Turning what a user types into a safe FTS5 query."""

from __future__ import annotations

import re
import unicodedata

# Letters the FTS5 tokenizer cannot fold to a base letter; the index folds the same ones
# (SEARCH_FOLDS in migration 0001), so "Yilmaz" finds "Yılmaz" and "Lodz" finds "Łódź".
_FOLDS = str.maketrans("ıłŁøØđĐ", "ilLoOdD")


def fold(text: str) -> str:
    """Text as search compares it: case and accents ignored (ö matches o, ı matches i)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLDS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_WORD = re.compile(r"[\w+-]+")
_NUMBER = re.compile(r"^[\d+-]*\d[\d+-]*$")


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
