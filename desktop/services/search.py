"""Turning what a user types into a safe FTS5 query."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import unicodedata

# Letters the FTS5 tokenizer cannot fold to a base letter, because Unicode does not
# compose them from one (Turkish ı, Polish ł, Nordic ø, South Slavic đ, Icelandic ð): each
# is read as one plain letter, so "Yilmaz" finds "Yılmaz" and "Lodz" finds "Łódź".
SEARCH_FOLDS: tuple[tuple[str, str], ...] = (
    ("ı", "i"), ("ł", "l"), ("Ł", "L"), ("ø", "o"), ("Ø", "O"),
    ("đ", "d"), ("Đ", "D"), ("ð", "d"), ("Ð", "D"),
)  # fmt: skip
# The same letters and a few more as they are commonly written in plain Latin letters,
# so "Djordjevic" finds "Đorđević", "Strauss" "Strauß" and "Laerke" "Lærke". Every
# letter is listed in both cases: SQLite's replace() is case-sensitive and its lower()
# knows only ASCII.
SEARCH_TRANSLITERATIONS: tuple[tuple[str, str], ...] = (
    ("ı", "i"), ("ł", "l"), ("Ł", "L"), ("ø", "oe"), ("Ø", "Oe"),
    ("đ", "dj"), ("Đ", "Dj"), ("ð", "dh"), ("Ð", "Dh"),
    ("ß", "ss"), ("ẞ", "SS"), ("æ", "ae"), ("Æ", "Ae"), ("œ", "oe"), ("Œ", "Oe"),
    ("þ", "th"), ("Þ", "Th"), ("ĳ", "ij"), ("Ĳ", "IJ"),
)  # fmt: skip
# Invisible formatting: every character of Unicode category Cf (as of Unicode 15: the soft
# hyphen, zero-width spaces and joiners, direction marks, embeddings, overrides and
# isolates, the word joiner, the byte order mark, tag characters, ...), as ranges of
# first and last character (what names refuse, `validation._has_controls`). Taken out of
# what is typed and of what the indexes hold (migration 0014), not read as a break
# between words: a name stored or pasted with a zero-width space inside is found by its
# plain spelling, and the other way round.
SEARCH_INVISIBLE: tuple[tuple[str, str], ...] = (
    ("\u00ad", "\u00ad"), ("\u0600", "\u0605"), ("\u061c", "\u061c"), ("\u06dd", "\u06dd"),
    ("\u070f", "\u070f"), ("\u0890", "\u0891"), ("\u08e2", "\u08e2"), ("\u180e", "\u180e"),
    ("\u200b", "\u200f"), ("\u202a", "\u202e"), ("\u2060", "\u2064"), ("\u2066", "\u206f"),
    ("\ufeff", "\ufeff"), ("\ufff9", "\ufffb"), ("\U000110bd", "\U000110bd"),
    ("\U000110cd", "\U000110cd"), ("\U00013430", "\U0001343f"), ("\U0001bca0", "\U0001bca3"),
    ("\U0001d173", "\U0001d17a"), ("\U000e0001", "\U000e0001"), ("\U000e0020", "\U000e007f"),
)  # fmt: skip
# The search indexes (migrations 0011 and 0014) hold each name without invisible
# formatting, folded and, where that differs, transliterated as well; a typed word is
# looked up in both forms (`fts_query`). Change these tables only with a migration that
# rebuilds the indexes with them (a test checks the newest one against them).

_FOLDS = str.maketrans(dict(SEARCH_FOLDS))
_TRANSLITERATIONS = str.maketrans(dict(SEARCH_TRANSLITERATIONS))
_INVISIBLE = str.maketrans(
    dict.fromkeys(
        chr(code) for first, last in SEARCH_INVISIBLE for code in range(ord(first), ord(last) + 1)
    )
)


def visible(text: str) -> str:
    """Text without the characters of SEARCH_INVISIBLE."""
    return text.translate(_INVISIBLE)


def folded(text: str) -> str:
    """The letters of SEARCH_FOLDS made plain; the tokenizer does case and accents."""
    return text.translate(_FOLDS)


def transliterated(text: str) -> str:
    """The letters of SEARCH_TRANSLITERATIONS written out in plain Latin letters."""
    return text.translate(_TRANSLITERATIONS)


def search_text(text: str) -> str:
    """What a search index holds for a name: without invisible formatting, folded, and
    transliterated where that is different (the SQL of migration 0014 computes the same)."""
    text = visible(text)
    plain, written_out = folded(text), transliterated(text)
    return plain if plain == written_out else f"{plain} {written_out}"


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
    """The words of what was typed, as `fts_query` sees them: invisible formatting (a
    zero-width space pasted in) is taken out, not taken for a break between words, as
    the indexes take it out of the names they hold (SEARCH_INVISIBLE)."""
    return _WORD.findall(visible(text))


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

    A word with a letter of SEARCH_TRANSLITERATIONS matches in either form: "Đorđ" as
    "dord" or "djordj", "Strauß" as "strauß" or "strauss". Words are quoted, so FTS5
    operators typed by a user (AND, NEAR, *, ") are plain text.
    """
    terms = []
    for word in words(text):
        if _NUMBER.match(word):
            digits = word.replace("-", "").replace("+", "")
            terms.append(f'{number_column} : "{digits}"*')
            continue
        cleaned = word.strip("+-")
        if not cleaned:
            continue
        forms = dict.fromkeys((folded(cleaned), transliterated(cleaned)))
        if len(forms) == 1:
            terms.append(f'{name_column} : "{folded(cleaned)}"*')
        else:
            alternatives = " OR ".join(f'"{form}"*' for form in forms)
            terms.append(f"{name_column} : ({alternatives})")
    # An explicit AND: FTS5 reads no implicit AND next to a parenthesised group.
    return " AND ".join(terms) or None
