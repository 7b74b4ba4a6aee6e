"""Keyset pages of a list: each page starts after the sort values of the last row shown,
bound as after_0, after_1, … so that a page query is built once per shape of request.

Unlike OFFSET, a keyset page costs the same deep in a list as at its top, and a row
added or removed meanwhile neither repeats nor skips a row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, tuple_


def keyset_page(
    statement: Select[Any],
    columns: Sequence[ColumnElement[Any]],
    *,
    keyset: bool,
    descending: bool = False,
) -> Select[Any]:
    """`statement` in the order of `columns`, at most :limit rows, and with `keyset`
    only the rows after :after_0, :after_1, … in that order."""
    if keyset:
        position = tuple_(*columns)
        bound = tuple_(*(bindparam(f"after_{i}", type_=c.type) for i, c in enumerate(columns)))
        statement = statement.where(position < bound if descending else position > bound)
    order = [c.desc() if descending else c.asc() for c in columns]
    return statement.order_by(*order).limit(bindparam("limit"))


def after_values(cursor: Sequence[object]) -> dict[str, object]:
    """The bound values of `keyset_page` for a page after the row at `cursor`."""
    return {f"after_{i}": value for i, value in enumerate(cursor)}
