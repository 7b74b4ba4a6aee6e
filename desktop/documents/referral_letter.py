"""The referral letter (presentationsbrev): a candidate proposed to an employer for a
recruitment need, on the municipality's letterhead.

The letter's text comes from the municipality's template (an administrator edits it;
`DEFAULT_TEMPLATE` otherwise) with the merge fields of `FIELDS`, merged by
desktop/services/documents/, which also records the letter. The agent may edit the
merged text for one letter. This module only lays out a finished text: see
desktop/documents/text.py for what the text's line starts mean.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.documents import templates, text
from desktop.documents.errors import DocumentError
from desktop.documents.letterhead import (
    Agent,
    DocumentInfo,
    Letterhead,
    Rendered,
    build,
    render,
)
from desktop.documents.templates import Field

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

KIND = "Presentationsbrev"

FIELDS: tuple[Field, ...] = (
    Field(
        "halsning",
        "Hälsningen: ”Hej” och kontaktpersonens namn, eller bara ”Hej!” utan kontaktperson",
        "Hej Berit Exempel!",
    ),
    Field("kontaktperson", "Arbetsgivarens kontaktperson", "Berit Exempel"),
    Field("arbetsgivare", "Arbetsgivarens namn", "Lindängens Vård AB"),
    Field("behov", "Rekryteringsbehovets titel", "Undersköterska hemtjänst"),
    Field("anstallningsform", "Behovets anställningsform", "Extratjänst"),
    Field("kandidat_namn", "Kandidatens för- och efternamn", "Amira Testsson"),
    Field("kandidat_fornamn", "Kandidatens förnamn", "Amira"),
    Field(
        "yrkesbakgrund",
        "Kandidatens arbetslivserfarenhet: yrke, år, land",
        "Undersköterska, 3 år (Eritrea, till 2025)",
    ),
    Field(
        "sprak",
        "Kandidatens språk med nivåer",
        "Svenska (SFI kurs D), engelska (B2), tigrinja (modersmål)",
    ),
    Field("korkort", "Kandidatens körkort", "B, CE"),
    Field("tillganglig_fran", "När kandidaten kan börja", "omgående"),
    Field(
        "varfor",
        "Varför kandidaten passar: skälen från matchningen när hen föreslogs, en punkt per rad",
        "- Erfarenhet av samma yrke (Undersköterskor, hemtjänst, hemsjukvård och "
        "äldreboende)\n- Kan börja i tid",
    ),
    Field(
        "erbjudande",
        "Vad kommunen erbjuder arbetsgivaren, efter behovets anställningsform",
        "Anställningen kan göras som extratjänst, med ekonomiskt stöd till er som "
        "arbetsgivare under en period. Vi hjälper er med ansökan och kontakten med "
        "Arbetsförmedlingen. Vi finns med under introduktionen och följer upp med både er "
        "och Amira efter start.",
    ),
    Field("handlaggare", "Handläggarens namn", "Agnes Agentsson"),
    Field(
        "handlaggare_telefon",
        "Handläggarens telefon (annars enhetens, från brevhuvudet)",
        "070-123 45 67",
    ),
    Field(
        "handlaggare_epost",
        "Handläggarens e-post (annars enhetens, från brevhuvudet)",
        "agnes.agentsson@example.se",
    ),
    Field("enhet", "Enheten, från brevhuvudet", "Arbetsmarknadsenheten"),
    Field("kommun", "Kommunens namn", "Botkyrka kommun"),
    Field("datum", "Dagens datum", "4 december 2026"),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)

DEFAULT_TEMPLATE = """\
# Kandidatförslag: {behov}

{halsning}

Tack för att ni berättade om ert rekryteringsbehov ”{behov}”. Vi på {kommun} vill \
föreslå {kandidat_namn} som kandidat. {kandidat_fornamn} är inskriven hos oss och \
intresserad av arbetet hos {arbetsgivare}.

## Om {kandidat_fornamn}
Yrkesbakgrund: {yrkesbakgrund}
Språk: {sprak}
Körkort: {korkort}
Kan börja: {tillganglig_fran}

## Därför tror vi att {kandidat_fornamn} passar
{varfor}

## Det här kan vi erbjuda
{erbjudande}

Hör gärna av er om ni vill träffa {kandidat_fornamn} för en intervju, eller om ni har \
frågor. Ni når mig på telefon {handlaggare_telefon} eller e-post {handlaggare_epost}.

Med vänliga hälsningar

{handlaggare}
Matchningsagent, {kommun}
"""


def template_problems(template: str) -> list[str]:
    """Why a template cannot be saved (unknown fields, stray braces), Swedish."""
    return templates.problems(template, FIELD_NAMES)


@dataclass(frozen=True)
class LetterContent:
    """A finished letter: every field filled, the text as it is to be printed."""

    letterhead: Letterhead
    agent: Agent
    recipient: tuple[str, ...]  # the address block: employer, "Att: …", street, town
    title: str  # the PDF's title
    subject: str
    text: str  # the letter, with `{{`/`}}` for literal braces (templates.finish)
    day: dt.date


def _story(content: LetterContent) -> list[Flowable]:
    left = templates.unresolved(content.text, FIELD_NAMES)
    if left:
        names = ", ".join(f"{{{name}}}" for name in left)
        raise DocumentError(
            f"Brevet har fält utan värde: {names}. Fyll i dem eller ta bort dem ur texten."
        )
    return text.flowables(templates.finish(content.text), what="Brevtexten")


def _info(content: LetterContent) -> DocumentInfo:
    return DocumentInfo(
        title=content.title,
        kind=KIND,
        subject=content.subject,
        keywords=("presentationsbrev", "kandidatförslag"),
    )


def write(path: Path, content: LetterContent) -> int:
    """Write the letter to `path` (atomically); returns its number of pages."""
    return build(
        path,
        _story(content),
        letterhead=content.letterhead,
        agent=content.agent,
        info=_info(content),
        day=content.day,
        recipient=content.recipient,
    )


def pdf(content: LetterContent) -> Rendered:
    """The letter laid out in memory (for a preview, or to be written by the caller)."""
    return render(
        _story(content),
        letterhead=content.letterhead,
        agent=content.agent,
        info=_info(content),
        day=content.day,
        recipient=content.recipient,
    )
