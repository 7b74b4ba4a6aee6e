"""The app's clock: the current instant, and today's date as a Swedish caseworker means it.

Why a module of its own: "today" decides deadlines, overdue tasks and which dates may be
typed. It must be the date in Sweden, not the machine's or UTC's (at 00:30 in Stockholm
it is still yesterday in UTC), and every part of the app must agree on it. Code asks
`clock.today()` / `clock.now()` instead of `dt.date.today()` / `dt.datetime.now()`, so
that a test session can pin the day once and still pass when it runs across midnight.
No Qt here; views turn the date into a QDate themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _system_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class _Source:
    now: Callable[[], dt.datetime] = _system_now
    today: dt.date | None = None


_source = _Source()


def now() -> dt.datetime:
    """The current instant, timezone-aware, in UTC."""
    return _source.now().astimezone(dt.UTC)


def today() -> dt.date:
    """Today's date in Sweden (Europe/Stockholm), unless pinned."""
    if _source.today is not None:
        return _source.today
    return now().astimezone(STOCKHOLM).date()


def local(moment: dt.datetime) -> dt.datetime:
    """A stored (UTC, aware) moment as the clock on the wall in Sweden showed it.

    The one conversion every screen uses to show a time, so that a footer and a list
    never disagree about the same instant (never `astimezone()` with no zone: that is
    the machine's zone, which need not be Sweden's)."""
    if moment.tzinfo is None:
        raise ValueError("clock.local() needs a timezone-aware datetime")
    return moment.astimezone(STOCKHOLM)


def hhmm(moment: dt.datetime) -> str:
    """`05:40`: the time of day in Sweden."""
    return local(moment).strftime("%H:%M")


def minute(moment: dt.datetime) -> str:
    """`2026-03-24 05:40`: the date and time of day in Sweden."""
    return local(moment).strftime("%Y-%m-%d %H:%M")


def second(moment: dt.datetime) -> str:
    """`2026-03-24 05:40:12`: to the second, in Sweden (the audit log)."""
    return local(moment).strftime("%Y-%m-%d %H:%M:%S")


def pin(day: dt.date | None) -> None:
    """Fix `today()` at `day`; None lets it follow `now()` again. `now()` keeps running,
    so timestamps still increase."""
    _source.today = day


@contextmanager
def pinned(day: dt.date | None = None, *, at: dt.datetime | None = None) -> Iterator[None]:
    """Within the block `today()` is `day`, and `now()` is the aware instant `at` if one
    is given (`today()` then follows `at` unless `day` is given too). Restores on exit."""
    if at is not None and at.tzinfo is None:
        raise ValueError("clock.pinned(at=...) needs a timezone-aware datetime")
    saved = _source.now, _source.today
    if at is not None:
        _source.now = lambda: at
    _source.today = day
    try:
        yield
    finally:
        _source.now, _source.today = saved
