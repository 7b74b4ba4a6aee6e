"""The word lists behind the demo data (resources/data/demo_vocabulary.json), typed.

The JSON holds what a non-programmer may want to adjust (names, places, industries, the
sentences notes are built from); the generator modules hold the rules.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from random import Random
from typing import Any

from desktop.assets import resource


@dataclass(frozen=True, slots=True)
class Weighted:
    """Codes drawn in proportion to their weights."""

    items: tuple[str, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, weights: Mapping[str, float]) -> Weighted:
        items = tuple(code for code, weight in weights.items() if weight > 0)
        if not items:
            raise ValueError("a weighted choice needs at least one positive weight")
        cumulative = tuple(itertools.accumulate(float(weights[code]) for code in items))
        return cls(items, cumulative)

    def pick(self, rng: Random) -> str:
        # bisect on one random() is several times faster than rng.choices(...)[0].
        position = bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        return self.items[min(position, len(self.items) - 1)]


@dataclass(frozen=True, slots=True)
class Group:
    """People who came from one country or language area, and what is typical of them."""

    key: str
    women: float
    personnummer: float
    samordningsnummer: float
    birth_countries: Weighted
    citizenship: str
    stateless: float
    mother_tongues: Weighted | None
    other_languages: tuple[tuple[str, float], ...]
    arrival: tuple[int, int] | None
    education: Weighted
    women_names: tuple[str, ...]
    men_names: tuple[str, ...]
    last_names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Occupation:
    code: str
    title: str
    women: float
    men: float


@dataclass(frozen=True, slots=True)
class Industry:
    """What an employer does: its SNI code, how its name is made and whom it employs."""

    sni: str
    sni_name: str
    area: str
    occupations: Weighted
    # Private companies: legal forms (ab, hb, ef) and the words of their names.
    forms: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    # Public bodies and non-profits: a name pattern ({garden}, {area}, {place}).
    administration: str = ""
    pattern: str = ""
    form: str = ""


@dataclass(frozen=True, slots=True)
class Certificate:
    code: str
    valid_years: int


@dataclass(frozen=True, slots=True)
class Vocabulary:
    groups: Weighted
    group: Mapping[str, Group]
    person_municipalities: Weighted
    employer_municipalities: Weighted
    nearby_municipalities: tuple[str, ...]
    places: Mapping[str, tuple[tuple[str, int, int], ...]]
    street_prefixes: tuple[str, ...]
    street_suffixes: tuple[str, ...]
    garden_names: tuple[str, ...]
    area_names: tuple[str, ...]
    company_places: tuple[str, ...]
    company_prefixes: tuple[str, ...]
    occupations: tuple[Occupation, ...]
    academic_occupations: tuple[Occupation, ...]
    occupations_for_women: Weighted
    occupations_for_men: Weighted
    academic_for_women: Weighted
    academic_for_men: Weighted
    titles: Mapping[str, str]
    education_fields: Mapping[str, tuple[str, ...]]
    certificates: tuple[Certificate, ...]
    requirement_languages: tuple[str, ...]
    referral_sources: tuple[str, ...]
    no_identity_reasons: tuple[str, ...]
    consent_notes: tuple[str, ...]
    industries: Weighted
    industry: Mapping[str, Industry]
    public_units: Weighted
    public_unit: Mapping[str, Industry]
    nonprofits: Weighted
    nonprofit: Mapping[str, Industry]
    contact_roles: Mapping[str, tuple[str, ...]]
    typical_requirements: Mapping[str, tuple[tuple[str, str, str], ...]]
    note_openers: Mapping[str, tuple[str, ...]]
    note_topics: tuple[str, ...]
    note_observations: tuple[str, ...]
    note_next_steps: tuple[str, ...]
    contact_summaries: Mapping[str, tuple[str, ...]]
    contact_outcomes: tuple[str, ...]
    contact_next_steps: tuple[str, ...]
    case_task_titles: tuple[str, ...]
    employer_task_titles: tuple[str, ...]
    referral_comments: Mapping[str, tuple[str, ...]]
    vacancy_texts: tuple[str, ...]

    @property
    def all_occupation_codes(self) -> set[str]:
        return {o.code for o in (*self.occupations, *self.academic_occupations)}


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(item) for item in value)


def _weights(value: Any) -> dict[str, float]:
    return {str(key): float(weight) for key, weight in value.items()}


def _group(raw: Any) -> Group:
    arrival = raw["arrival"]
    tongues = _weights(raw["mother_tongues"])
    return Group(
        key=str(raw["key"]),
        women=float(raw["women"]),
        personnummer=float(raw["identity"]["personnummer"]),
        samordningsnummer=float(raw["identity"]["samordningsnummer"]),
        birth_countries=Weighted.of(_weights(raw["birth_countries"])),
        citizenship=str(raw["citizenship"]),
        stateless=float(raw["stateless"]),
        mother_tongues=Weighted.of(tongues) if tongues else None,
        other_languages=tuple(
            (code, weight / 100) for code, weight in _weights(raw["other_languages"]).items()
        ),
        arrival=None if arrival is None else (int(arrival[0]), int(arrival[1])),
        education=Weighted.of({str(level): float(w) for level, w in enumerate(raw["education"])}),
        women_names=_strings(raw["first_names"]["kvinna"]),
        men_names=_strings(raw["first_names"]["man"]),
        last_names=_strings(raw["last_names"]),
    )


def _occupations(raw: Any) -> tuple[Occupation, ...]:
    return tuple(
        Occupation(str(o["code"]), str(o["title"]), float(o["women"]), float(o["men"])) for o in raw
    )


def _industry(raw: Any) -> Industry:
    return Industry(
        sni=str(raw["sni"]),
        sni_name=str(raw["sni_name"]),
        area=str(raw["area"]),
        occupations=Weighted.of(_weights(raw["occupations"])),
        forms=_strings(raw.get("forms", ())),
        words=_strings(raw.get("words", ())),
        administration=str(raw.get("administration", "")),
        pattern=str(raw.get("unit", raw.get("pattern", ""))),
        form=str(raw.get("form", "")),
    )


def _keyed(raw: Any) -> tuple[Weighted, dict[str, Industry]]:
    """Industries keyed by their position, drawn by weight."""
    industries = {str(i): _industry(item) for i, item in enumerate(raw)}
    weights = {str(i): float(item["weight"]) for i, item in enumerate(raw)}
    return Weighted.of(weights), industries


def _by_gender(occupations: tuple[Occupation, ...], women: bool) -> Weighted:
    return Weighted.of({o.code: o.women if women else o.men for o in occupations})


def parse(raw: Any) -> Vocabulary:
    groups = [_group(g) for g in raw["groups"]]
    occupations = _occupations(raw["occupations"])
    academic = _occupations(raw["academic_occupations"])
    industries, industry = _keyed(raw["industries"])
    public_units, public_unit = _keyed(raw["public_units"])
    nonprofits, nonprofit = _keyed(raw["nonprofits"])
    notes = raw["note_texts"]
    contacts = raw["contact_texts"]
    return Vocabulary(
        groups=Weighted.of({str(g["key"]): float(g["weight"]) for g in raw["groups"]}),
        group={g.key: g for g in groups},
        person_municipalities=Weighted.of(_weights(raw["person_municipalities"])),
        employer_municipalities=Weighted.of(_weights(raw["employer_municipalities"])),
        nearby_municipalities=_strings(raw["nearby_municipalities"]),
        places={
            str(code): tuple((str(p[0]), int(p[1]), int(p[2])) for p in places)
            for code, places in raw["places"].items()
        },
        street_prefixes=_strings(raw["street_prefixes"]),
        street_suffixes=_strings(raw["street_suffixes"]),
        garden_names=_strings(raw["garden_names"]),
        area_names=_strings(raw["area_names"]),
        company_places=_strings(raw["company_places"]),
        company_prefixes=_strings(raw["company_prefixes"]),
        occupations=occupations,
        academic_occupations=academic,
        occupations_for_women=_by_gender(occupations, women=True),
        occupations_for_men=_by_gender(occupations, women=False),
        academic_for_women=_by_gender(academic, women=True),
        academic_for_men=_by_gender(academic, women=False),
        titles={o.code: o.title for o in (*occupations, *academic)},
        education_fields={str(k): _strings(v) for k, v in raw["education_fields"].items()},
        certificates=tuple(
            Certificate(str(c["code"]), int(c["valid_years"])) for c in raw["certificates"]
        ),
        requirement_languages=_strings(raw["requirement_languages"]),
        referral_sources=_strings(raw["referral_sources"]),
        no_identity_reasons=_strings(raw["no_identity_reasons"]),
        consent_notes=_strings(raw["consent_notes"]),
        industries=industries,
        industry=industry,
        public_units=public_units,
        public_unit=public_unit,
        nonprofits=nonprofits,
        nonprofit=nonprofit,
        contact_roles={str(k): _strings(v) for k, v in raw["contact_roles"].items()},
        typical_requirements={
            str(code): tuple((str(r[0]), str(r[1]), str(r[2])) for r in rules)
            for code, rules in raw["typical_requirements"].items()
        },
        note_openers={str(k): _strings(v) for k, v in notes["openers"].items()},
        note_topics=_strings(notes["topics"]),
        note_observations=_strings(notes["observations"]),
        note_next_steps=_strings(notes["next_steps"]),
        contact_summaries={str(k): _strings(v) for k, v in contacts["summaries"].items()},
        contact_outcomes=_strings(contacts["outcomes"]),
        contact_next_steps=_strings(contacts["next_steps"]),
        case_task_titles=_strings(raw["task_titles"]["case"]),
        employer_task_titles=_strings(raw["task_titles"]["employer"]),
        referral_comments={str(k): _strings(v) for k, v in raw["referral_comments"].items()},
        vacancy_texts=_strings(raw["vacancy_texts"]),
    )


@functools.cache
def load() -> Vocabulary:
    with resource("data", "demo_vocabulary.json").open(encoding="utf-8") as handle:
        return parse(json.load(handle))
