"""Text templates with named merge fields: "Hej {kontaktperson}!".

A field is a name in braces; `{{` and `}}` stand for literal braces. Merging fills every
field that has a value and leaves a field without one exactly as it was, `{name}`, so
that the agent sees in the letter's text where something is missing; `unresolved()` then
finds it, and a document is never printed while any remains (never an empty gap, never a
field name on paper).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\s]{1,40})\}|\{|\}")


@dataclass(frozen=True)
class Field:
    """A merge field: its `name` in the template, what it is (`label`, for the list an
    administrator sees) and an `example` from demo data."""

    name: str
    label: str
    example: str


def fields_in(template: str) -> list[str]:
    """The field names a template uses, in order of first use."""
    names = [m.group(1) for m in _TOKEN.finditer(template) if m.group(1)]
    return list(dict.fromkeys(names))


def problems(template: str, known: Iterable[str]) -> list[str]:
    """Why a template cannot be saved (Swedish), or an empty list: an unknown field, or
    a brace that opens or closes nothing."""
    known = set(known)
    found: list[str] = []
    for match in _TOKEN.finditer(template):
        token, name = match.group(0), match.group(1)
        if name is not None and name not in known:
            found.append(f"Fältet {{{name}}} finns inte.")
        elif token in ("{", "}"):
            found.append(
                f"Ett ensamt {token} på tecken {match.start() + 1}: skriv fält som {{namn}} "
                f"och en klammer som text som {token * 2}."
            )
    return list(dict.fromkeys(found))


def merge(template: str, values: Mapping[str, str | None]) -> tuple[str, list[str]]:
    """The template with each field replaced by its value; a field whose value is None or
    empty is left as `{name}`. Returns the text and the names left unfilled, in order."""
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        token, name = match.group(0), match.group(1)
        if token == "{{":
            return "{{"
        if token == "}}":
            return "}}"
        if name is None:
            return token
        value = values.get(name)
        if value:
            return _escape(value)
        if name not in missing:
            missing.append(name)
        return token

    merged = _TOKEN.sub(replace, template)
    return merged, missing


def _escape(value: str) -> str:
    # A value is text, not template: its braces must survive `finish`.
    return value.replace("{", "{{").replace("}", "}}")


def unresolved(text: str, known: Iterable[str]) -> list[str]:
    """The known fields still in a merged (and perhaps edited) text, in order."""
    known = set(known)
    return [name for name in fields_in(text) if name in known]


def finish(text: str) -> str:
    """A merged text as it is printed: `{{` and `}}` become single braces."""
    return _TOKEN.sub(lambda m: m.group(0)[0] if m.group(0) in ("{{", "}}") else m.group(0), text)


def without_lines_missing(text: str, names: Iterable[str]) -> str:
    """The text without each line that still holds one of the fields `names` (what the
    agent gets by choosing to leave out what is missing), and without a heading ("## …")
    that is left with nothing under it; blank lines do not pile up where lines went."""
    names = set(names)
    kept = [
        line
        for line in text.splitlines()
        if not any(m.group(1) in names for m in _TOKEN.finditer(line) if m.group(1))
    ]
    result: list[str] = []
    for index, line in enumerate(kept):
        if line.startswith("## ") and not _has_body(kept[index + 1 :]):
            continue
        if not line.strip() and (not result or not result[-1].strip()):
            continue
        result.append(line)
    while result and not result[-1].strip():
        result.pop()
    return "\n".join(result) + ("\n" if text.endswith("\n") and result else "")


def _has_body(after: list[str]) -> bool:
    """Whether a heading has any text before the next heading (or the end)."""
    for line in after:
        if line.startswith("#"):
            return False
        if line.strip():
            return True
    return False
