"""What the parts of the retention service share: the rules' names, the errors, the
database and acting administrator every part works with, the run's own transactions and
how a storage fault is reported."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from desktop import clock
from desktop.services import settings as settings_module
from desktop.services.admin_only import AdminOnlyService
from desktop.services.retention.cutoffs import Cutoffs
from desktop.store.database import Database, is_disk_full
from desktop.store.errors import StoreError

log = logging.getLogger(__name__)


SCREEN = "gallring"


RULE_CASES = "cases"
RULE_PERSONS = "persons"
RULE_DRAFTS = "drafts"
RULE_AUDIT = "audit"
RULE_NAMES = {
    RULE_CASES: "Avslutade ärenden",
    RULE_PERSONS: "Personer utan ärende kvar",
    RULE_DRAFTS: "Ej slutförda inskrivningar (utkast)",
    RULE_AUDIT: "Loggposter",
}
# Rows that go with the cases and persons, as the preview and result name them.
PART_NAMES = {
    "case_notes": "journalanteckningar",
    "tasks": "uppföljningar",
    "referrals": "anvisningar",
    "referral_status_changes": "anvisningssteg",
    "placements": "placeringar",
    "produced_documents": "dokument",
    "consents": "samtycken",
    "person_languages": "språk",
    "educations": "utbildningar",
    "work_experiences": "erfarenheter",
    "qualifications": "körkort och certifikat",
    "wished_occupations": "önskade yrken",
    "wished_municipalities": "önskade kommuner",
}


class RetentionError(StoreError):
    """Retention could not be done; `str()` says why and what was done, in Swedish."""


class ReadOnlyError(RetentionError):
    pass


def _count_details(prefix: str, counts: dict[str, int]) -> str:
    text = "; ".join(f"{key}={value}" for key, value in counts.items())
    return f"{prefix}: {text}"[:200]


class RetentionServiceBase(AdminOnlyService):
    """What the parts of `RetentionService` share: the helpers more than one part uses."""

    def cutoffs(self, today: dt.date | None = None) -> Cutoffs:
        current = settings_module.SettingsService(self._db).get()
        return Cutoffs(
            today or clock.today(),
            current.retention_closed_case_months,
            current.retention_draft_days,
            current.retention_audit_months,
        )

    @contextmanager
    def _batch(self) -> Iterator[Connection]:
        """One transaction (BEGIN IMMEDIATE) with foreign keys off on its connection.

        A full or read-only disk rolls the batch back and says so: batches before it
        stay done, which is consistent, and a later run carries on."""
        try:
            with self._db.engine.connect() as connection:
                driver = connection.connection.driver_connection
                assert driver is not None
                driver.execute("PRAGMA foreign_keys = OFF")
                try:
                    connection.execution_options(immediate=True)
                    with connection.begin():
                        yield connection
                finally:
                    driver.execute("PRAGMA foreign_keys = ON")
        except Exception as error:
            if _is_storage_fault(error):
                raise _fault(error, self._db) from error
            raise


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _is_storage_fault(error: BaseException) -> bool:
    orig = getattr(error, "orig", error)
    code = getattr(orig, "sqlite_errorcode", None)
    text = str(orig).lower()
    return (
        is_disk_full(error)
        or (isinstance(code, int) and code & 0xFF in (8, 13))  # SQLITE_READONLY, FULL
        or "readonly" in text
        or "disk is full" in text
        or isinstance(error, OperationalError)
    )


def _fault(error: BaseException, db: Database, *, compacting: bool = False) -> RetentionError:
    text = str(getattr(error, "orig", error)).lower()
    code = getattr(getattr(error, "orig", error), "sqlite_errorcode", None)
    done = (
        "Det som skulle gallras är raderat, men databasfilen kunde inte packas, så "
        "raderade uppgifter kan finnas kvar i filens lediga utrymme. "
        if compacting
        else "Gallringen avbröts; det som hann raderas är raderat i hela omgångar och "
        "databasen är hel. "
    )
    if is_disk_full(error) or "full" in text:
        log.warning("retention stopped: disk full")
        return RetentionError(
            f"Disken är full. {done}Frigör utrymme (packningen behöver ungefär lika mycket "
            f"ledigt utrymme som databasen {db.path.name} är stor) och kör gallringen igen."
        )
    if (isinstance(code, int) and code & 0xFF == 8) or "readonly" in text or "read-only" in text:
        log.warning("retention stopped: read-only database")
        return ReadOnlyError(
            f"Databasen {db.path} går inte att skriva i (skrivskyddad fil eller mapp). "
            f"{done}Kontrollera behörigheterna och kör gallringen igen."
        )
    log.warning("retention stopped: %s", type(error).__name__)
    return RetentionError(f"Gallringen kunde inte slutföras ({type(error).__name__}). {done}")
