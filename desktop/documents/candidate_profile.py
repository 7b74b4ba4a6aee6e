"""The candidate profile (kandidatprofil): one or two pages about a job seeker for a
meeting with an employer, on the municipality's letterhead.

It holds what an employer needs to judge the fit: occupation background, wished
occupations, languages, education, licences and certificates, availability and the
municipalities the candidate wants to work in. It never holds the personnummer or the
birth date. The anonymised variant (`ProfileContent.anonymous`) carries a neutral label
("Kandidat A") instead of the name and at most an age band; the service
(desktop/services/meeting_documents.py) decides which variant may be printed and gives
this module plain, finished text only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.documents import blocks
from desktop.documents.letterhead import Agent, DocumentInfo, Letterhead, Rendered, render

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

KIND = "Kandidatprofil"


@dataclass(frozen=True)
class Job:
    title: str
    years: str  # "3 år", "" when not recorded
    last: str  # "senast 2025", "nuvarande", ""
    country: str  # "Eritrea", ""


@dataclass(frozen=True)
class ProfileContent:
    """A finished profile: every value as printed."""

    letterhead: Letterhead
    agent: Agent
    day: dt.date
    heading: str  # the name, or the neutral label ("Kandidat A")
    anonymous: bool
    age_band: str = ""  # "30–39 år", anonymised profile only
    wished_occupations: tuple[str, ...] = ()
    jobs: tuple[Job, ...] = ()
    swedish: str = ""  # "B1 – mellannivå (SFI kurs D avslutad)"
    languages: tuple[tuple[str, str], ...] = ()  # ("Engelska", "B2 – högre mellannivå")
    educations: tuple[tuple[str, str], ...] = ()  # (level in words, field, country…)
    licences: tuple[str, ...] = ()  # "B", "CE"
    certificates: tuple[str, ...] = ()
    earliest_start: str = ""  # "omgående", "1 februari 2027"
    extent: str = ""  # "Heltid"
    municipalities: tuple[str, ...] = ()
    title: str = field(default="")  # the PDF's title


def _story(c: ProfileContent) -> list[Flowable]:
    story: list[Flowable] = [blocks.para(c.heading, "title", what="Namnet")]
    if c.anonymous:
        lead = "Anonymiserad profil"
        if c.age_band:
            lead += f" · {c.age_band}"
        lead += (
            ". Namn och kontaktuppgifter lämnas av handläggaren om ni vill gå vidare och "
            "kandidaten samtycker."
        )
    else:
        lead = (
            "Profil inför ett möte med arbetsgivare. Uppgifterna delas med kandidatens "
            "samtycke; kontakt sker genom handläggaren."
        )
    story.append(blocks.para(lead, "lead", what="Inledningen"))

    story += blocks.section("Söker arbete som")
    if c.wished_occupations:
        story += blocks.bullets(c.wished_occupations, what="Önskade yrken")
    else:
        story.append(blocks.none_recorded("Inga önskade yrken är registrerade."))

    story += blocks.section("Yrkesbakgrund")
    if c.jobs:
        story.append(
            blocks.grid(
                ("Yrke", "Tid", "Senast", "Land"),
                [(j.title, j.years or "–", j.last or "–", j.country or "–") for j in c.jobs],
                (0.5, 0.14, 0.16, 0.2),
                what="Yrkesbakgrunden",
            )
        )
    else:
        story.append(blocks.none_recorded("Ingen arbetslivserfarenhet är registrerad."))

    story += blocks.section("Språk")
    rows = [("Svenska", c.swedish or "Ingen nivå registrerad")]
    rows += list(c.languages)
    story.append(blocks.facts(rows, what="Språken"))

    story += blocks.section("Utbildning")
    if c.educations:
        story.append(blocks.facts(c.educations, what="Utbildningen"))
    else:
        story.append(blocks.none_recorded("Ingen utbildning är registrerad."))

    story += blocks.section("Körkort och certifikat")
    story.append(
        blocks.facts(
            [
                ("Körkort", ", ".join(c.licences) or "Inget körkort registrerat"),
                ("Certifikat", ", ".join(c.certificates) or "Inga certifikat registrerade"),
            ],
            what="Körkort och certifikat",
        )
    )

    story += blocks.section("Tillgänglighet")
    story.append(
        blocks.facts(
            [
                ("Kan börja", c.earliest_start or "Ej angivet"),
                ("Omfattning", c.extent or "Ej angivet"),
                ("Önskade kommuner", ", ".join(c.municipalities) or "Ej angivet"),
            ],
            what="Tillgängligheten",
        )
    )
    return story


def pdf(content: ProfileContent) -> Rendered:
    """The profile laid out in memory, for the service to record and write."""
    return render(
        _story(content),
        letterhead=content.letterhead,
        agent=content.agent,
        info=DocumentInfo(
            title=content.title or f"{KIND} – {content.heading}",
            kind=KIND,
            subject="Kandidatprofil inför möte med arbetsgivare",
            keywords=("kandidatprofil", "anonymiserad")
            if content.anonymous
            else ("kandidatprofil",),
        ),
        day=content.day,
    )
