"""The employer list: paging, counting, the type-ahead and the industry filter (the
queries themselves are in `desktop.services.employer_list`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import aliased

from desktop.models import Employer
from desktop.services.employer_list import PAGE_SIZE, EmployerQuery, EmployerRow, EmployerSuggestion
from desktop.services.employers.base import EmployerServiceBase
from desktop.services.reference import Choice
from desktop.services.search import fts_query

SUGGESTIONS = 10


class EmployerListing(EmployerServiceBase):
    # The list ----------------------------------------------------------------------------

    def page(
        self,
        query: EmployerQuery,
        after: EmployerRow | None = None,
        limit: int = PAGE_SIZE,
        *,
        today: dt.date | None = None,
    ) -> list[EmployerRow]:
        """The next `limit` rows in the query's order, after `after` (keyset paging)."""
        return self._list.page(query, after, limit, today=today)

    def count(self, query: EmployerQuery, *, today: dt.date | None = None) -> int:
        """How many employers the query finds, for the list's header."""
        return self._list.count(query, today=today)

    def suggest(self, text: str, limit: int = SUGGESTIONS) -> list[EmployerSuggestion]:
        """Employers whose name or organisationsnummer starts with what was typed (every
        word, accents and case ignored), in name order: the contact dialog's type-ahead."""
        if fts_query(text) is None:
            return []
        return [
            EmployerSuggestion(row.id, row.name, row.org_number, row.municipality)
            for row in self.page(EmployerQuery(text=text), limit=limit)
        ]

    def industries(self) -> list[Choice]:
        """The SNI codes in the register with their names, for the industry filter."""
        # The distinct codes from the industry index alone, then one name for each:
        # grouping read every employer's row for its name (13 ms at 20,000 employers,
        # on every employer window opened; this takes 2 ms).
        codes = (
            select(Employer.industry_code.label("code"))
            .where(Employer.industry_code.is_not(None))
            .distinct()
            .subquery("codes")
        )
        named = aliased(Employer)
        name = (
            select(named.industry_name)
            .where(named.industry_code == codes.c.code)
            .limit(1)
            .scalar_subquery()
        )
        with self._db.connect() as connection:
            rows = connection.execute(select(codes.c.code, name).order_by(codes.c.code)).all()
        return [Choice(str(code), str(name or "")) for code, name in rows]
