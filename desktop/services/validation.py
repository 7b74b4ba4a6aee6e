"""Checks for what people type into forms, each returning a Swedish reason or None.

One place for every field rule, used by the services before they save and by the views
as the user types. Text is never changed behind the user's back: a value is accepted
and stored exactly (right-to-left scripts included) or refused with a reason.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

NAME_MAX = 200
TEXT_MAX = 20_000

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,24}$")
_POSTAL_CODE = re.compile(r"^\d{3} ?\d{2}$")
# Allowed in multi-line text: line breaks and tabs. Other control characters come from
# pasting out of other programs and would corrupt printouts.
_MULTILINE_CONTROLS = {"\n", "\r", "\t"}


# Invisible formatting (Unicode category Cf: zero-width spaces, direction overrides and
# isolates, the byte order mark) hides a name from search and can reverse how it is
# shown: refused in names, numbers and other one-line fields. Free text keeps the marks
# that Arabic, Persian and Tigrinya writing needs: the joiners and the direction marks.
_TEXT_FORMAT_MARKS = {"\u200c", "\u200d", "\u200e", "\u200f", "\u061c"}


def _has_controls(text: str, allowed: set[str]) -> bool:
    """Control characters (Cc) but `allowed`, invisible formatting (Cf), or half of a
    surrogate pair (Cs: a broken paste; it cannot even be written as UTF-8); free text
    (`allowed` has its line breaks) keeps the marks its scripts need."""
    marks = _TEXT_FORMAT_MARKS if allowed else set()
    for c in text:
        kind = unicodedata.category(c)
        if (kind == "Cc" and c not in allowed) or (kind == "Cf" and c not in marks):
            return True
        if kind == "Cs":
            return True
    return False


def has_invisible(text: str) -> bool:
    """Any control, formatting or surrogate character at all, line breaks included: a
    cheap first look (a draft holding none has nothing the rules above refuse for it)."""
    return any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in text)


def name_problem(text: str, *, label: str = "Namnet", required: bool = True) -> str | None:
    if not text.strip():
        return f"{label} måste fyllas i." if required else None
    if len(text) > NAME_MAX:
        return f"{label} får vara högst {NAME_MAX} tecken (nu {len(text)})."
    if _has_controls(text, set()):
        return (
            f"{label} innehåller osynliga styrtecken, troligen från inklistrad text. Skriv om det."
        )
    if text != text.strip():
        return f"{label} börjar eller slutar med mellanslag."
    return None


def line_problem(text: str, *, label: str, max_length: int = NAME_MAX) -> str | None:
    """An optional one-line text (address, job title, …)."""
    if len(text) > max_length:
        return f"{label} får vara högst {max_length} tecken (nu {len(text)})."
    if _has_controls(text, set()):
        return f"{label} innehåller osynliga styrtecken, troligen från inklistrad text."
    return None


def text_problem(text: str, *, label: str = "Texten", required: bool = False) -> str | None:
    """Multi-line text such as a journal note: line breaks allowed, stored exactly."""
    if required and not text.strip():
        return f"{label} måste fyllas i."
    if len(text) > TEXT_MAX:
        return f"{label} får vara högst {TEXT_MAX} tecken (nu {len(text)})."
    if _has_controls(text, _MULTILINE_CONTROLS):
        return f"{label} innehåller osynliga styrtecken, troligen från inklistrad text."
    return None


def email_problem(text: str) -> str | None:
    if not text:
        return None
    if len(text) > 254 or not _EMAIL.match(text) or _has_controls(text, set()):
        return "E-postadressen ser inte rätt ut (till exempel namn@exempel.se)."
    return None


def phone_problem(text: str) -> str | None:
    if not text:
        return None
    if not _PHONE.match(text) or sum(c.isdigit() for c in text) < 6:
        return (
            "Telefonnumret får innehålla siffror, mellanslag, bindestreck och +, "
            "till exempel 070-123 45 67."
        )
    return None


def postal_code_problem(text: str) -> str | None:
    if not text:
        return None
    if not _POSTAL_CODE.match(text):
        return "Postnumret har fem siffror, till exempel 147 30."
    return None


def parse_date(text: str, *, label: str = "Datumet") -> dt.date:
    """A date typed as YYYY-MM-DD (the format used everywhere in the app)."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{label} skrivs ÅÅÅÅ-MM-DD, till exempel 2024-03-15.") from None


def date_problem(
    text: str,
    *,
    label: str = "Datumet",
    required: bool = False,
    not_after: dt.date | None = None,
    not_before: dt.date | None = None,
    after_label: str = "i dag",
    before_label: str = "",
) -> str | None:
    if not text.strip():
        return f"{label} måste fyllas i." if required else None
    try:
        value = parse_date(text, label=label)
    except ValueError as error:
        return str(error)
    if not_after is not None and value > not_after:
        return f"{label} kan inte vara efter {after_label}."
    if not_before is not None and value < not_before:
        return f"{label} kan inte vara före {before_label or not_before.isoformat()}."
    return None
