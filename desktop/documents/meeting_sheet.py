"""The employer meeting sheet (mötesunderlag för arbetsgivare): what the agent takes to
a visit — the employer, its workplaces and contact persons, the latest contacts, the
open needs and the candidates proposed to them with their status — on the
municipality's letterhead, with room for notes at the end.

The service (desktop/services/meeting_documents.py) gathers the records and decides
what may be named (a candidate without consent to share is "Kandidat (samtycke
saknas)"); this module only lays out plain, finished text. Long texts wrap and flow on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.documents import blocks
from desktop.documents.letterhead import Agent, DocumentInfo, Letterhead, Rendered, render

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

KIND = "Mötesunderlag"


@dataclass(frozen=True)
class ContactLine:
    name: str
    role: str
    phone: str
    email: str


@dataclass(frozen=True)
class ContactEntry:
    day: str  # "2026-11-20"
    kind: str  # "Besök"
    summary: str
    outcome: str
    next_step: str


@dataclass(frozen=True)
class NeedEntry:
    title: str
    facts: tuple[tuple[str, str], ...]  # ("Tillsatta", "1 av 2"), ("Krav", "…")


@dataclass(frozen=True)
class CandidateLine:
    name: str  # or "Kandidat (samtycke saknas)"
    need: str
    status: str
    since: str


@dataclass(frozen=True)
class SheetContent:
    letterhead: Letterhead
    agent: Agent
    day: dt.date
    employer: str
    facts: tuple[tuple[str, str], ...]  # organisationsnummer, sector, industry, …
    workplaces: tuple[tuple[str, str], ...]  # (name, address)
    contacts: tuple[ContactLine, ...]
    history: tuple[ContactEntry, ...]
    needs: tuple[NeedEntry, ...]
    candidates: tuple[CandidateLine, ...]
    title: str


def _story(c: SheetContent) -> list[Flowable]:
    story: list[Flowable] = [blocks.para(c.employer, "title", what="Arbetsgivarens namn")]
    if c.facts:
        story.append(blocks.facts(c.facts, what="Arbetsgivarens uppgifter"))

    story += blocks.section("Arbetsplatser")
    if c.workplaces:
        story.append(blocks.facts(c.workplaces, what="Arbetsplatserna"))
    else:
        story.append(blocks.none_recorded("Inga arbetsplatser är registrerade."))

    story += blocks.section("Kontaktpersoner")
    if c.contacts:
        story.append(
            blocks.grid(
                ("Namn", "Roll", "Telefon", "E-post"),
                [(p.name, p.role or "–", p.phone or "–", p.email or "–") for p in c.contacts],
                (0.27, 0.23, 0.18, 0.32),
                what="Kontaktpersonerna",
            )
        )
    else:
        story.append(blocks.none_recorded("Inga aktiva kontaktpersoner är registrerade."))

    story += _history(c)
    story += _needs_and_candidates(c)
    story += _notes()
    return story


def _history(c: SheetContent) -> list[Flowable]:
    story = blocks.section("Senaste kontakter")
    if c.history:
        for entry in c.history:
            story += blocks.item_title(f"{entry.day} · {entry.kind}", what="Kontakten")
            rows = [("Sammanfattning", entry.summary)]
            if entry.outcome:
                rows.append(("Resultat", entry.outcome))
            if entry.next_step:
                rows.append(("Nästa steg", entry.next_step))
            story.append(blocks.facts(rows, what="Kontakten"))
    else:
        story.append(blocks.none_recorded("Inga kontakter är registrerade."))
    return story


def _needs_and_candidates(c: SheetContent) -> list[Flowable]:
    story: list[Flowable] = []

    story += blocks.section("Öppna rekryteringsbehov")
    if c.needs:
        for need in c.needs:
            story += blocks.item_title(need.title, what="Behovets titel")
            story.append(blocks.facts(need.facts, what="Behovet"))
    else:
        story.append(blocks.none_recorded("Inga öppna behov är registrerade."))

    story += blocks.section("Föreslagna kandidater")
    if c.candidates:
        story.append(
            blocks.grid(
                ("Kandidat", "Behov", "Status", "Sedan"),
                [(k.name, k.need, k.status, k.since) for k in c.candidates],
                (0.3, 0.38, 0.16, 0.16),
                what="Kandidaterna",
            )
        )
    else:
        story.append(blocks.none_recorded("Inga kandidater är föreslagna till behoven."))
    return story


def _notes() -> list[Flowable]:
    """Ruled lines for notes taken at the meeting."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import HRFlowable, KeepTogether, Spacer

    from desktop.documents.letterhead import MM, RULE

    lines: list[Flowable] = []
    for _ in range(6):
        lines += [
            Spacer(1, 8 * MM),
            HRFlowable(width="100%", thickness=0.4, color=HexColor(RULE), spaceAfter=0),
        ]
    return [KeepTogether([*blocks.section("Anteckningar från mötet"), *lines])]


def pdf(content: SheetContent) -> Rendered:
    """The sheet laid out in memory, for the service to record and write."""
    return render(
        _story(content),
        letterhead=content.letterhead,
        agent=content.agent,
        info=DocumentInfo(
            title=content.title,
            kind=KIND,
            subject="Underlag för möte med arbetsgivare",
            keywords=("mötesunderlag", "arbetsgivare"),
        ),
        day=content.day,
    )
