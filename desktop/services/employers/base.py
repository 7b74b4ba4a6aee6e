"""What the parts of the employer service share: the error a form shows, the database and
acting user every part works with, and reading an organisationsnummer."""

from __future__ import annotations

import datetime as dt

from desktop.services.accounts import Actor
from desktop.services.employer_list import EmployerList
from desktop.services.forms import FormError
from desktop.services.orgnumber import OrgNumber, OrgNumberError, parse_org_number
from desktop.services.reference import ReferenceService
from desktop.store.database import Database


class EmployerError(FormError):
    """An employer change that cannot be saved, with the reason for each field."""


class EmployerServiceBase:
    """The constructor of `EmployerService`, and the helpers more than one part uses."""

    def __init__(
        self, db: Database, actor: Actor, reference: ReferenceService | None = None
    ) -> None:
        self._db = db
        self._actor = actor
        self._reference = reference or ReferenceService(db)
        self._list = EmployerList(db)

    @staticmethod
    def _org_number_problem(text: str, today: dt.date | None) -> str | None:
        if not text.strip():
            return None
        try:
            parse_org_number(text, today=today)
        except OrgNumberError as error:
            return str(error)
        return None

    @staticmethod
    def _org_number(text: str, today: dt.date | None) -> OrgNumber | None:
        if not text.strip():
            return None
        try:
            return parse_org_number(text, today=today)
        except OrgNumberError:
            return None
