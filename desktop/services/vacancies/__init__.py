"""Recruitment needs (rekryteringsbehov): recording one with its requirements, checking
that the requirements make sense together, closing it, and the list of open needs.

As with employers, what is typed arrives as strings (`VacancyData`), `problems()` gives
the reason for each field, and saving refuses with the same reasons and writes nothing.

The service is one class, `VacancyService`, made of a part per use case, each in its own
module: `checks` (the form's reasons and contradicting requirements), `saving`
(creating, changing, closing), `details` (opening one need) and `listing` (the lists
and the type-ahead); `base` holds what they share. Import from this package.
"""

from __future__ import annotations

from desktop.services.forms import StaleError
from desktop.services.vacancies.base import RequirementData, VacancyData, VacancyError
from desktop.services.vacancies.checks import MAX_POSITIONS as MAX_POSITIONS
from desktop.services.vacancies.checks import MAX_YEARS as MAX_YEARS
from desktop.services.vacancies.details import NeedDetails, NeedDetailsReading, RequirementRow
from desktop.services.vacancies.listing import (
    PAGE_SIZE,
    NeedListing,
    NeedQuery,
    NeedRow,
    need_rows,
)
from desktop.services.vacancies.listing import SUGGESTIONS as SUGGESTIONS
from desktop.services.vacancies.saving import NeedSaving

__all__ = [
    "PAGE_SIZE",
    "NeedDetails",
    "NeedQuery",
    "NeedRow",
    "RequirementData",
    "RequirementRow",
    "StaleError",
    "VacancyData",
    "VacancyError",
    "VacancyService",
    "need_rows",
]


class VacancyService(NeedSaving, NeedDetailsReading, NeedListing):
    """Recruitment needs, for the views, the CLI and the tests."""
