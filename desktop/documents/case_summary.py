"""The case summary (ärendesammanfattning): one person's case on a page or two, for an
internal meeting. Internal only, so the personnummer is printed (YYYYMMDD-NNNN); the
first lines say that it must not be handed out.

The service (desktop/services/person_documents/) gathers the plain data below in one
read; this module only lays it out on the shared letterhead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.documents import fonts
from desktop.documents import record_tables as rt
from desktop.documents.letterhead import (
    Agent,
    DocumentInfo,
    Letterhead,
    Rendered,
    render,
    styles,
)

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

KIND = "Ärendesammanfattning"


@dataclass(frozen=True)
class NoteLine:
    day: dt.date
    kind: str  # "Samtal"
    author: str
    text: str


@dataclass(frozen=True)
class CaseSummaryContent:
    letterhead: Letterhead
    agent: Agent
    day: dt.date
    person_name: str
    identity: tuple[tuple[str, str | None], ...]  # label → value
    case: tuple[tuple[str, str | None], ...]
    profile: tuple[tuple[str, str | None], ...]
    notes: tuple[NoteLine, ...]
    notes_total: int
    tasks: tuple[tuple[str, str, str], ...]  # due, title (+ description), assignee
    referrals: tuple[tuple[str, str, str, str], ...]  # need, employer, status, since
    placements: tuple[tuple[str, str, str, str], ...]  # form, employer, start, end

    @property
    def title(self) -> str:
        return f"{KIND} – {self.person_name}"


def _story(c: CaseSummaryContent) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        fonts.text_paragraph(f"{KIND}: {c.person_name}", s.title, what="Namnet"),
        rt.paragraph(
            "Internt underlag för möten inom kommunen. Innehåller personnummer och "
            "journaluppgifter: lämnas inte ut till arbetsgivare eller andra utanför "
            "verksamheten.",
            small=True,
        ),
    ]
    story += rt.section("Personen")
    story.append(rt.facts(c.identity, what="Personens uppgifter"))
    story += rt.section("Ärendet")
    story.append(rt.facts(c.case, what="Ärendets uppgifter"))
    story += rt.section("Profil i korthet")
    story.append(rt.facts(c.profile, what="Profilen"))
    story += rt.section("Senaste journalanteckningar")
    if not c.notes:
        story.append(rt.empty("Ärendet har inga journalanteckningar."))
    for n in c.notes:
        head = f"{n.day.isoformat()} · {n.kind} · {n.author}"
        story += rt.note(head, n.text)
    if c.notes_total > len(c.notes):
        story.append(
            rt.empty(
                f"Visar de {len(c.notes)} senaste av {c.notes_total} anteckningar. "
                "Alla finns i ärendets journal."
            )
        )
    story += rt.section("Öppna uppföljningar")
    if c.tasks:
        story.append(rt.table(("Senast", "Uppföljning", "Ansvarig"), c.tasks, (0.16, 0.56, 0.28)))
    else:
        story.append(rt.empty("Inga öppna uppföljningar."))
    story += rt.section("Anvisningar")
    if c.referrals:
        story.append(
            rt.table(
                ("Rekryteringsbehov", "Arbetsgivare", "Status", "Sedan"),
                c.referrals,
                (0.34, 0.34, 0.16, 0.16),
            )
        )
    else:
        story.append(rt.empty("Personen har inte anvisats till något rekryteringsbehov."))
    story += rt.section("Placeringar")
    if c.placements:
        story.append(
            rt.table(
                ("Form", "Arbetsgivare", "Start", "Slut"), c.placements, (0.26, 0.42, 0.16, 0.16)
            )
        )
    else:
        story.append(rt.empty("Inga placeringar."))
    return story


def pdf(content: CaseSummaryContent) -> Rendered:
    """The summary laid out in memory, for the service to record and write."""
    return render(
        _story(content),
        letterhead=content.letterhead,
        agent=content.agent,
        info=DocumentInfo(
            title=content.title,
            kind=KIND,
            subject="Internt underlag: ärendesammanfattning",
            keywords=("ärendesammanfattning", "internt"),
        ),
        day=content.day,
    )
