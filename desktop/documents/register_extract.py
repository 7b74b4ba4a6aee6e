"""The register extract (registerutdrag, GDPR article 15): everything the municipality
has stored about one person in Matchning, for the person to read.

A cover page says in plain Swedish what the extract is, what it holds and who to ask;
then numbered sections, each with its records or "Inga uppgifter finns": identity and
contact, profile, cases, every journal note in full, follow-ups, referrals with their
status history, placements, consents, documents produced about the person, and the
audit trail (who read, changed, printed or exported the record, when; never the log's
hash internals). Page numbers come from the shared letterhead.

The service (desktop/services/person_documents/) gathers the plain data below in a
few set-based reads; this module only lays it out.
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
    swedish_date,
)

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

KIND = "Registerutdrag"

Row = tuple[str | None, ...]


@dataclass(frozen=True)
class Table:
    """Rows under headers; `widths` are fractions of the text width."""

    headers: tuple[str, ...]
    widths: tuple[float, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class CaseBlock:
    """One case: its facts, then its journal notes and follow-ups."""

    title: str  # "Ärende öppnat 2026-01-10, Botkyrka kommun"
    facts: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class NoteBlock:
    heading: str  # "2026-11-20 · Samtal · Agnes Agentsson · ärende öppnat 2026-01-10"
    text: str


@dataclass(frozen=True)
class ReferralBlock:
    title: str  # "Undersköterska hemtjänst – Lindängens Vård AB"
    facts: tuple[tuple[str, str | None], ...]
    history: Table


@dataclass(frozen=True)
class ExtractContent:
    letterhead: Letterhead
    agent: Agent
    day: dt.date
    person_name: str
    identity: tuple[tuple[str, str | None], ...]
    profile: tuple[tuple[str, Table], ...]  # sub-heading → its table
    wishes: tuple[tuple[str, str | None], ...]
    cases: tuple[CaseBlock, ...]
    notes: tuple[NoteBlock, ...]
    tasks: Table
    referrals: tuple[ReferralBlock, ...]
    placements: Table
    consents: Table
    documents: Table
    audit: Table
    produced_by: str

    @property
    def title(self) -> str:
        return f"{KIND} – {self.person_name}"


SECTIONS = (
    "Identitet och kontaktuppgifter",
    "Profil",
    "Ärenden",
    "Journalanteckningar",
    "Uppföljningar",
    "Anvisningar till arbetsgivare",
    "Placeringar",
    "Samtycken",
    "Dokument som har tagits fram om dig",
    "Vem som har läst eller ändrat dina uppgifter",
)


def _cover(c: ExtractContent) -> list[Flowable]:
    from reportlab.platypus import PageBreak

    s = styles()
    counts = (
        None,
        None,
        len(c.cases),
        len(c.notes),
        len(c.tasks.rows),
        len(c.referrals),
        len(c.placements.rows),
        len(c.consents.rows),
        len(c.documents.rows),
        len(c.audit.rows),
    )
    story: list[Flowable] = [
        fonts.text_paragraph("Registerutdrag", s.title, what="Rubriken"),
        fonts.text_paragraph(c.person_name, s.heading, what="Namnet"),
        rt.paragraph(
            "Det här är ett utdrag ur kommunens arbetsmarknadsregister Matchning med alla "
            "uppgifter som finns sparade om dig. Du har rätt att få veta vilka uppgifter "
            "vi behandlar om dig enligt artikel 15 i EU:s dataskyddsförordning (GDPR)."
        ),
        rt.paragraph(
            "Utdraget visar dina person- och kontaktuppgifter, det du har berättat om "
            "språk, utbildning, arbetslivserfarenhet och önskemål, dina ärenden med alla "
            "journalanteckningar, uppföljningar, de arbetsgivare vi har föreslagit dig "
            "till och hur det gick, placeringar, de samtycken du har lämnat eller tagit "
            "tillbaka, dokument vi har skrivit ut om dig, och en logg över vem hos oss som "
            "har läst, ändrat, skrivit ut eller exporterat dina uppgifter och när."
        ),
        rt.paragraph(
            "Uppgifterna behandlas för att vi ska kunna hjälpa dig att hitta arbete, "
            "praktik eller studier. Om något är fel har du rätt att få det rättat. Du kan "
            "också ta tillbaka ett samtycke när du vill. Kontakta din handläggare eller "
            "kommunen med uppgifterna längst ner på sidan om du har frågor."
        ),
        *rt.section("Innehåll"),
    ]
    contents = []
    for number, (name, count) in enumerate(zip(SECTIONS, counts, strict=True), start=1):
        label = f"{number}. {name}"
        contents.append((label, "" if count is None else _count(count)))
    story.append(
        rt.table(("Avsnitt", "Antal"), contents, (0.8, 0.2), what="Innehållsförteckningen")
    )
    story.append(
        rt.paragraph(
            f"Utdraget togs fram {swedish_date(c.day)} av {c.produced_by}. Tider anges i "
            "svensk tid.",
            small=True,
        )
    )
    story.append(PageBreak())
    return story


def _count(count: int) -> str:
    return "inga" if count == 0 else str(count)


def _table(table: Table, what: str, nothing: str = "Inga uppgifter finns.") -> Flowable:
    if not table.rows:
        return rt.empty(nothing)
    return rt.table(table.headers, table.rows, table.widths, what=what)


def _story(c: ExtractContent) -> list[Flowable]:
    story = _cover(c)
    number = iter(range(1, len(SECTIONS) + 1))

    def section(name: str) -> None:
        story.extend(rt.section(f"{next(number)}. {name}"))

    section(SECTIONS[0])
    story.append(rt.facts(c.identity, what="Personuppgifterna"))

    section(SECTIONS[1])
    for heading, table in c.profile:
        story.append(rt.subheading(heading))
        story.append(_table(table, "Profilen", "Inget registrerat."))
    story.append(rt.subheading("Önskemål och tillgänglighet"))
    story.append(rt.facts(c.wishes, what="Önskemålen"))

    section(SECTIONS[2])
    if not c.cases:
        story.append(rt.empty("Du har inga ärenden."))
    for case in c.cases:
        story.append(rt.subheading(case.title))
        story.append(rt.facts(case.facts, what="Ärendet"))

    section(SECTIONS[3])
    if not c.notes:
        story.append(rt.empty("Det finns inga journalanteckningar."))
    for n in c.notes:
        story += rt.note(n.heading, n.text)

    section(SECTIONS[4])
    story.append(_table(c.tasks, "Uppföljningarna", "Det finns inga uppföljningar."))

    section(SECTIONS[5])
    if not c.referrals:
        story.append(rt.empty("Du har inte föreslagits till någon arbetsgivare."))
    for r in c.referrals:
        story.append(rt.subheading(r.title))
        story.append(rt.facts(r.facts, what="Anvisningen"))
        story.append(_table(r.history, "Anvisningens historik"))

    section(SECTIONS[6])
    story.append(_table(c.placements, "Placeringarna", "Det finns inga placeringar."))

    section(SECTIONS[7])
    story.append(_table(c.consents, "Samtyckena", "Inga samtycken är registrerade."))

    section(SECTIONS[8])
    story.append(
        _table(c.documents, "Dokumenten", "Inga dokument har tagits fram om dig tidigare.")
    )

    section(SECTIONS[9])
    story.append(
        rt.paragraph(
            "Varje gång någon hos oss öppnar, ändrar, skriver ut eller exporterar dina "
            "uppgifter sparas det i en logg som inte kan ändras i efterhand. Äldst först.",
            small=True,
        )
    )
    story.append(_table(c.audit, "Loggen", "Loggen har inga händelser om dig."))
    return story


def pdf(content: ExtractContent) -> Rendered:
    """The extract laid out in memory, for the service to record and write."""
    return render(
        _story(content),
        letterhead=content.letterhead,
        agent=content.agent,
        info=DocumentInfo(
            title=content.title,
            kind=KIND,
            subject="Registerutdrag enligt artikel 15 i dataskyddsförordningen",
            keywords=("registerutdrag", "GDPR", "artikel 15"),
        ),
        day=content.day,
    )
