"""The shared employer register: the list, one employer's screen, its people, the contact
log, follow-ups, and the checks that keep the register free of duplicates.

What the agent types arrives as plain strings (`EmployerData`, `ContactData`, ...) and
is checked field by field (`problems()` → field → Swedish reason), so a form can show
each reason beside its field and keep everything typed. Saving refuses with the same
reasons (EmployerError) and writes nothing.

The service is one class, `EmployerService`, made of a part per use case, each in its
own module: `listing` (the list and type-ahead), `register` (the form, its checks,
creating and changing, workplaces), `duplicates` (same number, similar names),
`screen` (opening an employer), `contact_persons`, `contact_log` (logging contacts and
the timeline) and `follow_ups`; `base` holds what they share. Import from this package.
"""

from __future__ import annotations

from desktop.services.employer_list import (
    PAGE_SIZE,
    EmployerQuery,
    EmployerRow,
    EmployerSort,
    EmployerSuggestion,
)
from desktop.services.employers.base import EmployerError
from desktop.services.employers.contact_log import (
    REFERRAL_KIND,
    TIMELINE_PAGE,
    ContactData,
    ContactRow,
    LoggedContact,
)
from desktop.services.employers.contact_persons import ContactPersonData, ContactPersonRow
from desktop.services.employers.duplicates import (
    EmployerDuplicates,
    EmployerMatch,
    PossibleDuplicateError,
)
from desktop.services.employers.follow_ups import EmployerFollowUps
from desktop.services.employers.listing import EmployerListing
from desktop.services.employers.register import EmployerData, EmployerRegister, WorkplaceData
from desktop.services.employers.screen import (
    EmployerDetails,
    EmployerScreen,
    EmployerScreens,
    WorkplaceRow,
)
from desktop.services.forms import StaleError

__all__ = [
    "PAGE_SIZE",
    "REFERRAL_KIND",
    "TIMELINE_PAGE",
    "ContactData",
    "ContactPersonData",
    "ContactPersonRow",
    "ContactRow",
    "EmployerData",
    "EmployerDetails",
    "EmployerDuplicates",
    "EmployerError",
    "EmployerMatch",
    "EmployerQuery",
    "EmployerRow",
    "EmployerScreen",
    "EmployerService",
    "EmployerSort",
    "EmployerSuggestion",
    "LoggedContact",
    "PossibleDuplicateError",
    "StaleError",
    "WorkplaceData",
    "WorkplaceRow",
]


class EmployerService(EmployerListing, EmployerRegister, EmployerScreens, EmployerFollowUps):
    """The employer register's use cases, for the views, the CLI and the tests."""
