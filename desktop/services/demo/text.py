"""Made-up names, addresses, slugs and e-mail addresses."""

from __future__ import annotations

import re
import unicodedata
from random import Random

from desktop.services.demo.vocabulary import Vocabulary

# example.com/.org/.net are reserved for examples (RFC 2606), so no real mailbox or site is
# named. example.se looks Swedish but is not reserved in the same way.
EMAIL_DOMAINS = ("example.com", "example.se", "example.org", "example.net")
WEB_DOMAIN = "example.se"

# Letters NFKD does not decompose into an ASCII base letter.
_ASCII_EXTRA = str.maketrans({"ı": "i", "ø": "o", "æ": "ae", "ß": "ss", "ł": "l", "đ": "d"})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_LEGAL_FORM = re.compile(r"\s+(AB|HB)$")


def ascii_slug(text: str, separator: str = "-") -> str:
    """'Tyresö Bygg & Montage AB' -> 'tyreso-bygg-montage-ab'."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_ASCII_EXTRA))
    plain = folded.encode("ascii", "ignore").decode("ascii")
    return _NOT_ALNUM.sub(separator, plain).strip(separator)


def company_slug(name: str) -> str:
    """The host name part of an employer's made-up web site: no legal form, no commas."""
    return ascii_slug(_LEGAL_FORM.sub("", name.split(",", maxsplit=1)[0]))


def email_address(rng: Random, first: str, last: str, domain: str | None = None) -> str:
    local = f"{ascii_slug(first, '.')}.{ascii_slug(last, '.')}"
    if domain is None:
        if rng.random() < 0.5:
            local += str(rng.randint(1, 99))
        domain = rng.choice(EMAIL_DOMAINS)
    return f"{local}@{domain}"


def genitive(name: str) -> str:
    """Swedish genitive: 'Andersson' -> 'Anderssons', 'Aziz' -> 'Aziz'."""
    return name if name[-1] in "sxzSXZ" else name + "s"


def city_in(rng: Random, vocab: Vocabulary, municipality: str) -> tuple[str, int, int]:
    return rng.choice(vocab.places[municipality])


def address(rng: Random, vocab: Vocabulary, municipality: str) -> tuple[str, str, str]:
    """A street address on a made-up street, a postal code of the right area, the city."""
    city, low, high = city_in(rng, vocab, municipality)
    street = rng.choice(vocab.street_prefixes) + rng.choice(vocab.street_suffixes)
    line = f"{street} {rng.randint(1, 60)}"
    if rng.random() < 0.4:
        line += f", lgh {rng.randint(10, 16)}{rng.randint(1, 9):02d}"
    code = rng.randint(low, high)
    return line, f"{code // 100} {code % 100:02d}", city
