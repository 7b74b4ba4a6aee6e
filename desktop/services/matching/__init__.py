"""Matching job seekers and recruitment needs, both ways (docs/matching.md)."""

from desktop.services.matching.candidates import CandidateFilters
from desktop.services.matching.needs import NeedFilters
from desktop.services.matching.service import (
    CandidateList,
    CandidateMatch,
    KravCount,
    MatchingError,
    MatchingService,
    NeedMatch,
    NeedMatchList,
    NeedSummary,
    RequirementResult,
    WhyNot,
)

__all__ = [
    "CandidateFilters",
    "CandidateList",
    "CandidateMatch",
    "KravCount",
    "MatchingError",
    "MatchingService",
    "NeedFilters",
    "NeedMatch",
    "NeedMatchList",
    "NeedSummary",
    "RequirementResult",
    "WhyNot",
]
