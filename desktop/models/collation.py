"""Swedish alphabetical order as a stored key, since SQLite's collations know neither."""

import unicodedata

# Swedish alphabetical order puts å, ä, ö after z; the key maps them past "z".
_SWEDISH_TAIL = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}"})


def swedish_sort_key(*parts: str) -> str:
    """Case-insensitive Swedish order of `parts`, compared part by part."""
    text = "\x1f".join(parts).casefold().translate(_SWEDISH_TAIL)
    # Other accented letters sort with their base letter (é with e, ü with u).
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
