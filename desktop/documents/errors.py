"""Why a document could not be made, in words an agent can act on (Swedish, like the
store's errors: the CLI prints them as they are, the views pass them through tr())."""

from __future__ import annotations

from collections.abc import Sequence


class DocumentError(Exception):
    """A document that was not written; `str()` is the message. No file was left
    half-written and an existing file of the same name is unchanged."""


class UnprintableTextError(DocumentError):
    """Text with characters that no bundled font has: printing it would show boxes or
    drop letters, so nothing is printed. `characters` are the offending characters, each
    described as "ༀ (U+0F00 TIBETAN SYLLABLE OM)"."""

    def __init__(self, what: str, characters: Sequence[str]) -> None:
        listed = ", ".join(characters)
        super().__init__(
            f"{what} innehåller tecken som inte kan skrivas ut med programmets typsnitt: "
            f"{listed}. Ändra texten eller skriv tecknen med latinska bokstäver."
        )
        self.what = what
        self.characters = tuple(characters)
