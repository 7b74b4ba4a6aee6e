"""What the generation steps share: the run's settings, and the few facts about earlier
rows (ids, dates, statuses) that later rows must agree with."""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random

from desktop.services.demo.vocabulary import Industry, Vocabulary
from desktop.services.demo.writer import BulkWriter


@dataclass(frozen=True, slots=True)
class Context:
    seed: int
    today: int  # proleptic ordinal of "today"; every date is computed as an ordinal
    vocab: Vocabulary
    writer: BulkWriter
    municipality_names: dict[str, str]

    def rng(self, step: str) -> Random:
        """A generator of its own for each step, so that changing how many rows one step
        makes (more notes, say) leaves the rows of the other steps as they were."""
        return Random(f"matchning-demo:{self.seed}:{step}")


@dataclass(frozen=True, slots=True)
class Staff:
    agents: tuple[str, ...]
    by_municipality: dict[str, tuple[str, ...]]

    def agent_for(self, rng: Random, municipality: str | None) -> str:
        local = self.by_municipality.get(municipality or "")
        return rng.choice(local or self.agents)


@dataclass(slots=True)
class CaseRecord:
    id: str
    municipality: str
    agent: str
    status: str
    opened: int
    closed: int | None
    outcome: str | None
    referred_by: str


@dataclass(slots=True)
class PersonRecord:
    id: str
    stamp: str  # when the person was registered: at their first case
    cases: list[CaseRecord]  # the earlier one (if any) first, the current one last
    wished_occupation: str | None
    shares_profile: bool = False

    @property
    def current(self) -> CaseRecord:
        return self.cases[-1]


@dataclass(slots=True)
class EmployerRecord:
    id: str
    name: str
    sector: str
    industry: Industry
    municipality: str
    agent: str
    status: str
    created: int
    workplaces: list[tuple[str, str]] = field(default_factory=list)  # (id, municipality)


@dataclass(slots=True)
class VacancyRecord:
    id: str
    employer: EmployerRecord
    occupation: str
    form: str
    extent: str
    status: str
    created: int
    apply_by: int
    start: int
