"""Wording what counted for a result: a missed krav first, then what counted most, then
missed merits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.services.matching import rules

if TYPE_CHECKING:
    from desktop.services.matching.results import RequirementResult

_LEVEL_WORDS = {
    4: "samma yrke",
    3: "närliggande yrke (samma yrkesgrupp)",
    2: "samma yrkesområde",
    1: "samma yrkesområde (huvudgrupp)",
}


@dataclass(frozen=True)
class _Fit:
    """A result's general fit as the query scored it, for wording the reasons."""

    fit: float
    best_job: int  # SSYK levels shared with the best job (0-4)
    best_wish: int  # ... and with the best wished occupation
    occupation: str
    place: str
    # Credits 0-1 of the parts that apply to the need: municipality, start, extent.
    parts: dict[str, Any]


def _reasons(
    fit: _Fit, results: tuple[RequirementResult, ...], earliest_start: dt.date | None
) -> tuple[str, ...]:
    """What counted: a missed krav first, then what counted most, then missed merits."""
    missing_krav = [
        f"Saknar krav: {r.label} ({r.detail})"
        for r in results
        if not r.met and r.importance == "krav"
    ]
    missing_merits = [
        f"Saknar merit: {r.label} ({r.detail})"
        for r in results
        if not r.met and r.importance == "merit"
    ]
    weighted: list[tuple[float, str]] = []
    points = rules.OCCUPATION_WEIGHT * float(fit.fit)
    from_wish = rules.OCCUPATION_FACTORS.get(int(fit.best_wish), 0.0) * rules.BASE_SHARE
    if fit.best_job and float(fit.fit) > from_wish:
        text = f"Erfarenhet av {_LEVEL_WORDS[int(fit.best_job)]} ({fit.occupation})"
    elif fit.best_wish:
        text = f"Vill arbeta inom {_LEVEL_WORDS[int(fit.best_wish)]} ({fit.occupation})"
    else:
        text = f"Ingen erfarenhet av eller önskan om yrket ({fit.occupation})"
    weighted.append((points, text))
    weighted += [
        (rules.MERIT_WEIGHT, f"Merit: {r.label} ({r.detail})")
        for r in results
        if r.met and r.importance == "merit"
    ]
    municipality = fit.parts.get("municipality")
    if municipality is not None:
        credit = float(municipality)
        text = (
            f"Kan arbeta i {fit.place}"
            if credit >= 1.0
            else f"Vill arbeta i andra kommuner än {fit.place}"
            if credit <= 0.0
            else f"Har inte angett var hen vill arbeta ({fit.place})"
        )
        weighted.append((rules.MUNICIPALITY_WEIGHT * credit, text))
    start = fit.parts.get("start")
    if start is not None:
        text = (
            "Kan börja i tid"
            if float(start) >= 1.0 or earliest_start is None
            else f"Kan börja först {earliest_start.isoformat()}"
        )
        weighted.append((rules.START_WEIGHT * float(start), text))
    extent = fit.parts.get("extent")
    if extent is not None and float(extent) < 1.0:
        text = (
            "Har inte angett heltid eller deltid"
            if float(extent) == rules.NO_EXTENT
            else "Söker en annan omfattning än behovets"
        )
        weighted.append((rules.EXTENT_WEIGHT * float(extent), text))
    weighted.sort(key=lambda item: -item[0])
    return (*missing_krav, *(text for _, text in weighted), *missing_merits)
