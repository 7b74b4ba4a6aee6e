"""Words and times as a caseworker reads them: one clock (Swedish time) in every place a
time is shown, Swedish names for what the audit log lists, and words that do not clash
with the app's own (Deltagare are job seekers, not who attended a meeting)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop import clock
from desktop.models.base import Base
from desktop.services import audit
from desktop.services.accounts import Actor
from desktop.services.audit_log import ENTITY_LABELS, AuditLogService, AuditQuery
from desktop.services.intake import IntakeData, IntakeService, Step
from desktop.services.reference import ReferenceService
from desktop.services.reports.service import ENTITY as REPORT_ENTITY
from desktop.store.database import Database
from desktop.views.audit_model import _time
from desktop.views.intake import DraftsDialog, IntakeWizard
from tests.factories import make_user
from tests.views.conftest import show_active

# 05:40 UTC in winter is 06:40 on the wall in Stockholm (and 05:40 on a UTC machine).
MOMENT = dt.datetime(2026, 1, 15, 5, 40, tzinfo=dt.UTC)


@pytest.fixture
def machine_in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The laptop's own zone is not Sweden's: only the app's clock may decide."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def actor(db: Database) -> Actor:
    with db.unit_of_work() as session:
        user = make_user(session, "adam", "Adam Admin")
        user.role = "administrator"
        return Actor(user.id, user.username, user.full_name, "administrator")


def test_clock_shows_swedish_time_whatever_the_machine_zone(machine_in_utc: None) -> None:
    assert clock.hhmm(MOMENT) == "06:40"
    assert clock.minute(MOMENT) == "2026-01-15 06:40"
    assert clock.second(MOMENT) == "2026-01-15 06:40:00"
    summer = dt.datetime(2026, 7, 1, 5, 40, tzinfo=dt.UTC)
    assert clock.hhmm(summer) == "07:40"
    with pytest.raises(ValueError, match="timezone-aware"):
        clock.hhmm(dt.datetime(2026, 1, 15, 5, 40))


def test_wizard_footer_and_draft_list_agree_on_the_time(
    qtbot: QtBot, machine_in_utc: None, db: Database, actor: Actor
) -> None:
    intake = IntakeService(db, actor)
    wizard = IntakeWizard(intake, ReferenceService(db))
    qtbot.addWidget(wizard)
    wizard.resize(1150, 800)
    show_active(qtbot, wizard)
    with clock.pinned(MOMENT.date(), at=MOMENT):
        qtbot.keyClicks(wizard.identity.first_name, "Amina")
        assert wizard.save_draft_now()
    assert wizard.save_state.text() == "Utkastet sparat 06:40."

    dialog = DraftsDialog(intake)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    [line] = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert line.endswith("sparat 2026-01-15 06:40")


def test_audit_log_shows_swedish_time_and_names(
    machine_in_utc: None, db: Database, actor: Actor
) -> None:
    audit.install(db)  # as the app does at login
    with clock.pinned(MOMENT.date(), at=MOMENT):
        IntakeService(db, actor).save_draft(None, IntakeData(first_name="Amina"), Step.IDENTITY)
    rows = AuditLogService(db, actor).page(AuditQuery())
    draft = [row for row in rows if row.entity_type == "IntakeDraft"]
    assert draft
    assert draft[0].entity_label == "Inskrivningsutkast"
    assert _time(draft[0]).startswith("2026-01-15 06:40:")


def test_every_kind_of_record_has_a_swedish_name() -> None:
    kinds = {mapper.class_.__name__ for mapper in Base.registry.mappers} | {REPORT_ENTITY}
    unnamed = sorted(kind for kind in kinds if kind not in ENTITY_LABELS)
    assert unnamed == []
    assert all(ENTITY_LABELS[kind] != kind for kind in kinds)
