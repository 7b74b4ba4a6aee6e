"""Dates in Sweden of timestamps stored in UTC, computed in SQL.

A status change at 23:30 UTC on 28 March happened on 29 March in Stockholm; a list that
shows and pages by the Swedish date must order by it in the query, not after it. SQLite
has no time zones, so the rule is written out: Central European Time (UTC+1), and summer
time (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday
of October, as in the EU since 1996.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class stockholm_date(FunctionElement[dt.date]):  # noqa: N801 - used like a SQL function
    """`stockholm_date(column)`: the date in Europe/Stockholm of a UTC timestamp column."""

    type = Date()
    name = "stockholm_date"
    inherit_cache = True


@compiles(stockholm_date, "sqlite")
def _sqlite(element: stockholm_date, compiler: SQLCompiler, **kw: Any) -> str:
    (column,) = element.clauses
    moment = compiler.process(column, **kw)
    year = f"strftime('%Y', {moment})"
    # 'weekday 0' moves to the next Sunday (or stays on one); a week back from the
    # Sunday on or after 1 April is the last Sunday of March.
    summer_from = f"datetime(date({year} || '-04-01', 'weekday 0', '-7 days'), '+1 hours')"
    summer_to = f"datetime(date({year} || '-11-01', 'weekday 0', '-7 days'), '+1 hours')"
    offset = (
        f"CASE WHEN {moment} >= {summer_from} AND {moment} < {summer_to} "
        "THEN '+2 hours' ELSE '+1 hours' END"
    )
    return f"date({moment}, {offset})"
