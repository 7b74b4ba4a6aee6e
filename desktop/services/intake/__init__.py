"""The intake of a job seeker: the wizard's data, its checks, drafts, and the save that
creates the person and an open case.

Everything the caseworker types lives in an `IntakeDraft` of plain strings, exactly as
typed, so that a draft can be saved at any moment (also with mistakes in it) and
resumed after a crash. `problems()` explains each mistake beside its field; only
`complete()` turns the draft into records, in one transaction.

The service is one class, `IntakeService`, made of a part per use case, each in its own
module: `checks` (each step's problems, the characters a save refuses), `duplicates`
(is the person already registered?), `drafts` (saving and resuming an unfinished
intake), `completion` (creating the person and the case) and `profile` (the profile
edited after intake), over `data` (the steps, the choices and `IntakeData`) and `base`.
Import from this package.
"""

from __future__ import annotations

from desktop.services.intake.base import IntakeError, parse_last_year, parse_years
from desktop.services.intake.checks import EARLIEST_YEAR, last_year_problem
from desktop.services.intake.completion import Completed, IntakeCompletion
from desktop.services.intake.data import (
    CEFR_LEVELS,
    CONSENT_METHODS,
    DEFAULT_LEGAL_BASIS,
    DRIVING_LICENCES,
    EXTENTS,
    GENDERS,
    RECOGNITION,
    REFERRED_BY,
    SAS_LEVELS,
    SFI_COURSES,
    STEP_TITLES,
    EducationEntry,
    EntryT,
    ExperienceEntry,
    IntakeData,
    LanguageEntry,
    Step,
)
from desktop.services.intake.drafts import DraftSummary, IntakeDrafts
from desktop.services.intake.duplicates import SIMILAR_NAMES, DuplicateCheck, PersonMatch
from desktop.services.intake.profile import ProfileEditing

__all__ = [
    "CEFR_LEVELS",
    "CONSENT_METHODS",
    "DEFAULT_LEGAL_BASIS",
    "DRIVING_LICENCES",
    "EARLIEST_YEAR",
    "EXTENTS",
    "GENDERS",
    "RECOGNITION",
    "REFERRED_BY",
    "SAS_LEVELS",
    "SFI_COURSES",
    "SIMILAR_NAMES",
    "STEP_TITLES",
    "Completed",
    "DraftSummary",
    "DuplicateCheck",
    "EducationEntry",
    "EntryT",
    "ExperienceEntry",
    "IntakeData",
    "IntakeError",
    "IntakeService",
    "LanguageEntry",
    "PersonMatch",
    "Step",
    "last_year_problem",
    "parse_last_year",
    "parse_years",
]


class IntakeService(IntakeCompletion, IntakeDrafts, ProfileEditing):
    """The intake and the profile after it, for the views, the CLI and the tests."""
