"""The Deltagare list as a lazily fetched table: a page at a time, keyset-paginated."""

from __future__ import annotations

from typing import Protocol

from desktop.services import vocabulary
from desktop.services.persons import PAGE_SIZE, PersonQuery, PersonRow, PersonSort
from desktop.views.keyset_model import Column, SortableKeysetModel
from desktop.views.text import label


class PersonSource(Protocol):
    def page(
        self, query: PersonQuery, after: PersonRow | None = None, limit: int = PAGE_SIZE
    ) -> list[PersonRow]: ...


COLUMNS: list[Column[PersonRow]] = [
    Column("Efternamn", lambda r: r.last_name),
    Column("Förnamn", lambda r: r.first_name),
    Column("Födelsedatum", lambda r: r.birth_date.isoformat()),
    # Tells apart what a four-digit search found: a birth year, a birthday or the last four.
    Column("Personnummer", lambda r: r.identity_number or ""),
    Column("Kommun", lambda r: r.municipality or ""),
    Column("Ärendestatus", lambda r: label(vocabulary.CASE_STATUS.get(r.case_status or "", ""))),
    Column("Handläggare", lambda r: r.agent or ""),
]
SORTS = {0: PersonSort.NAME, 2: PersonSort.BIRTH_DATE}


class PersonListModel(SortableKeysetModel[PersonRow, PersonQuery]):
    def __init__(self, source: PersonSource, page_size: int = PAGE_SIZE) -> None:
        super().__init__(source.page, PersonQuery(), COLUMNS, SORTS, page_size)

    def key(self, row: PersonRow) -> str:
        return str(row.id)

    def person_id(self, row: int) -> str | None:
        return self.row_id(row)
