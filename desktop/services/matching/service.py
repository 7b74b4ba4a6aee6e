"""Matching as the screens and the CLI use it: ranked candidates for a need, ranked
needs for a person, and why a named person is not among a need's candidates.

The queries score (candidates.py, needs.py); the service reads the few rows shown and
words each result: a score 0-100, every requirement met or missing, and what counted.

The service is one class, `MatchingService`, made of a part per use case, each in its
own module: `need_candidates` (a need's candidates, why a person is not among them) and
`person_needs` (a person's needs), over `results` (what they return), `reasons` (what
counted, in words) and `base`. This module composes them and re-exports their names.
"""

from __future__ import annotations

from desktop.services.matching.base import DEFAULT_LIMIT, MAX_LIMIT
from desktop.services.matching.need_candidates import FEW_QUALIFY, NeedCandidates
from desktop.services.matching.person_needs import PersonNeeds
from desktop.services.matching.results import (
    KEY_REASONS,
    CandidateList,
    CandidateMatch,
    KravCount,
    MatchingError,
    NeedMatch,
    NeedMatchList,
    NeedSummary,
    RequirementResult,
    WhyNot,
)

__all__ = [
    "DEFAULT_LIMIT",
    "FEW_QUALIFY",
    "KEY_REASONS",
    "MAX_LIMIT",
    "CandidateList",
    "CandidateMatch",
    "KravCount",
    "MatchingError",
    "MatchingService",
    "NeedMatch",
    "NeedMatchList",
    "NeedSummary",
    "RequirementResult",
    "WhyNot",
]


class MatchingService(NeedCandidates, PersonNeeds):
    """Matching both ways, for the views, the CLI, referrals and the demo data."""
