"""What matching gives the screens and the CLI: ranked candidates for a need, ranked
needs for a person, each requirement met or missing, and the error a ranking refuses
with."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

KEY_REASONS = 3


class MatchingError(ValueError):
    """A ranking that cannot be made, with the Swedish reason."""


@dataclass(frozen=True)
class RequirementResult:
    kind: str
    importance: str  # krav / merit
    label: str  # "Svenska B1 – mellannivå"
    met: bool
    detail: str  # what the person has: "har B2", "saknas", "3 år"

    @property
    def text(self) -> str:
        mark = "✓" if self.met else "✗"
        word = "Krav" if self.importance == "krav" else "Merit"
        return f"{mark} {word}: {self.label} ({self.detail})"


@dataclass(frozen=True)
class CandidateMatch:
    person_id: uuid.UUID
    name: str
    municipality: str | None
    case_status: str | None
    score: int
    meets_krav: bool
    requirements: tuple[RequirementResult, ...]
    # What counted, most first; unmet krav and merits are always among them.
    reasons: tuple[str, ...]
    referral_status: str | None
    may_share: bool

    @property
    def key_reasons(self) -> str:
        return "; ".join(self.reasons[:KEY_REASONS])


@dataclass(frozen=True)
class NeedSummary:
    id: uuid.UUID
    title: str
    employer_id: uuid.UUID
    employer_name: str
    occupation_code: str
    occupation_name: str
    status: str
    positions: int
    municipality: str | None
    apply_by: dt.date | None


@dataclass(frozen=True)
class KravCount:
    label: str
    met: int  # active job seekers meeting this krav on its own


@dataclass(frozen=True)
class CandidateList:
    need: NeedSummary
    candidates: tuple[CandidateMatch, ...]
    total: int  # all that qualify, beyond the `limit` shown
    # When no one qualifies: how many meet each krav alone, and the sentence to show.
    krav_counts: tuple[KravCount, ...] = ()
    active: int = 0
    empty_reason: str | None = None


@dataclass(frozen=True)
class NeedMatch:
    need: NeedSummary
    score: int
    meets_krav: bool
    requirements: tuple[RequirementResult, ...]
    reasons: tuple[str, ...]
    referral_status: str | None

    @property
    def key_reasons(self) -> str:
        return "; ".join(self.reasons[:KEY_REASONS])


@dataclass(frozen=True)
class NeedMatchList:
    person_id: uuid.UUID
    name: str
    needs: tuple[NeedMatch, ...]
    total: int  # all open needs that qualify, beyond the `limit` shown
    empty_reason: str | None = None


@dataclass(frozen=True)
class WhyNot:
    """A named person against a need's candidate list."""

    person_id: uuid.UUID
    name: str
    in_list: bool
    # The sentences to show: which krav they fail, or that they have no active case.
    reasons: tuple[str, ...]
    match: CandidateMatch = field(repr=False)
