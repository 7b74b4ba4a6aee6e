"""Stored text shown among other text, kept to itself (issue 17, docs/security.md).

Free text keeps the marks Arabic, Persian and Tigrinya writing needs, and older records
may still hold direction overrides, embeddings and isolates (validation refuses them in
what is typed now). Shown as it is, a right-to-left override (U+202E) or an embedding
left open in one text would reverse or reorder whatever is drawn after it: the rest of a
label, the next column of a list row, a window title. `isolated` wraps the text for
display only, so whatever is inside stays inside; what is saved, searched, exported and
put into an editable field is always the stored text itself.

No Qt here: the views and the documents both use it.
"""

from __future__ import annotations

import re
import unicodedata

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
# Embeddings and overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI).
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_OPENS_ISOLATE = {LRI, RLI, FSI}

# Bidi classes with which a text can change how its neighbours are ordered: strong
# right-to-left letters and marks (RLM, ALM), Arabic digits, and the explicit controls.
# Text without any of them (Swedish, every Latin name, digits) cannot affect its
# neighbours in a left-to-right window, and is shown exactly as stored.
_REORDERING = {"R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
# Paragraph separators end every embedding and isolate: each line is isolated on its own.
_PARAGRAPHS = re.compile(r"(\r\n|[\n\r\x1c-\x1e\x85\u2029])")


def isolated(text: str) -> str:
    """`text` for display among other text: each line that could reorder its neighbours
    between FSI and PDI (its direction its own first strong letter), with an isolate it
    leaves open closed and a PDI without its isolate left out (it would close ours early
    and let the rest leak). An embedding or override left open ends at our PDI.
    For display only: never into an editable field, a file, a search or the database."""
    if not text or max(text) < "\u0590":  # below Hebrew: nothing right-to-left
        return text
    return "".join(
        part if i % 2 else _isolated_line(part) for i, part in enumerate(_PARAGRAPHS.split(text))
    )


def _isolated_line(line: str) -> str:
    if not any(unicodedata.bidirectional(c) in _REORDERING for c in line):
        return line
    kept: list[str] = []
    open_isolates = 0
    for c in line:
        if c in _OPENS_ISOLATE:
            open_isolates += 1
        elif c == PDI:
            if not open_isolates:
                continue
            open_isolates -= 1
        kept.append(c)
    return FSI + "".join(kept) + PDI * open_isolates + PDI


def without_direction_controls(text: str) -> str:
    """`text` without embeddings, overrides and isolates, for the documents: their layout
    orders right-to-left runs itself and never applies the bidi algorithm, so these
    controls do nothing there but print as marks (Noto Sans draws U+202A–U+202E) and
    reverse text copied out of the PDF. The joiners and direction marks stay."""
    if not text or max(text) < "\u202a":
        return text
    return "".join(c for c in text if c not in DIRECTION_CONTROLS)
