"""The Swedish date of a UTC timestamp, computed in SQL, agrees with the time zone
database every hour around the summer-time switches, and on ordinary days."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import literal, select

from desktop.clock import STOCKHOLM
from desktop.models.base import UTCDateTime
from desktop.services.sql_dates import stockholm_date
from desktop.store.database import Database


def _instants() -> list[dt.datetime]:
    found = []
    for year in (2024, 2025, 2026, 2027, 2030):
        for month, day in ((3, 24), (10, 24), (12, 30)):
            start = dt.datetime(year, month, day, tzinfo=dt.UTC)
            # Eight days (any last Sunday of the month), hour by hour, and a minute
            # before and after each hour.
            for hours in range(8 * 24):
                moment = start + dt.timedelta(hours=hours)
                found += [
                    moment - dt.timedelta(minutes=1),
                    moment,
                    moment + dt.timedelta(minutes=1),
                ]
    return found


@pytest.mark.parametrize("year", [2024, 2026])
def test_the_summer_time_switch_happens_at_one_utc(db: Database, year: int) -> None:
    switches = {
        2024: (dt.date(2024, 3, 31), dt.date(2024, 10, 27)),
        2026: (dt.date(2026, 3, 29), dt.date(2026, 10, 25)),
    }[year]
    with db.read() as session:
        for day in switches:
            # 22:30 UTC the evening before: 23:30 in winter, 00:30 in summer.
            evening = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) - dt.timedelta(
                minutes=90
            )
            found = session.scalar(select(stockholm_date(literal(evening, UTCDateTime()))))
            assert found == evening.astimezone(STOCKHOLM).date()


def test_every_instant_gets_its_swedish_date(db: Database) -> None:
    instants = _instants()
    with db.read() as session:
        for moment in instants:
            found = session.scalar(select(stockholm_date(literal(moment, UTCDateTime()))))
            assert found == moment.astimezone(STOCKHOLM).date(), moment
