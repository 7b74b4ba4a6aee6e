"""What counts as old: the cutoffs of the rules, from the settings and today's date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop import clock

_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a datetime in SQLite


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when it has fewer)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Cutoffs:
    """What counts as old, from the settings and today's Swedish date."""

    today: dt.date
    case_months: int
    draft_days: int
    audit_months: int

    @property
    def cases(self) -> dt.date:
        """Cases closed before this day are erased."""
        return months_before(self.today, self.case_months)

    @property
    def drafts(self) -> dt.datetime:
        return _midnight(self.today - dt.timedelta(days=self.draft_days))

    @property
    def audit(self) -> dt.datetime:
        return _midnight(months_before(self.today, self.audit_months))

    @property
    def backups(self) -> dt.datetime:
        return _midnight(self.cases)

    @property
    def persons(self) -> dt.datetime:
        """A person without any case, not changed since before this, is erased."""
        return _midnight(self.cases)

    def params(self) -> dict[str, str]:
        return {
            "case_cutoff": self.cases.isoformat(),
            "person_cutoff": _stored(self.persons),
            "draft_cutoff": _stored(self.drafts),
            "audit_cutoff": _stored(self.audit),
        }


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=clock.STOCKHOLM).astimezone(dt.UTC)


def _stored(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(tzinfo=None).strftime(_DATETIME)
