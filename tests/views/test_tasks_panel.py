"""The follow-up form both the case and the employer screen use, with the adding,
ticking and loading injected: what the user sees for each answer of `add`."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.cases import TaskRow
from desktop.views.person.tasks_panel import (
    DEFAULT_DAYS_AHEAD,
    FollowUpsPanel,
    NewFollowUp,
    PanelNames,
)
from tests.views.conftest import show_active
from tests.views.focus import wait_for_focus

TODAY = dt.date(2031, 5, 12)
ME = uuid.uuid4()
NAMES = PanelNames(
    prefix="thingTask",
    table="thingTasks",
    empty="noThingTasks",
    list_title="Sakens uppföljningar",
    empty_text="Inga uppföljningar för saken.",
    example_title="Till exempel: Ring",
    description_caption="&Beskrivning",
)


class Desk:
    """A stand-in for the service: refuses with `answer` once, then adds."""

    def __init__(self) -> None:
        self.answer: Mapping[str, str] = {}
        self.added: list[NewFollowUp] = []
        self.loads = 0

    def add(self, task: NewFollowUp) -> Mapping[str, str]:
        answer, self.answer = self.answer, {}
        if not answer:
            self.added.append(task)
        return answer

    def load(self) -> Sequence[TaskRow]:
        self.loads += 1
        return []


def panel(qtbot: QtBot, desk: Desk) -> FollowUpsPanel:
    widget = FollowUpsPanel(
        NAMES,
        [(ME, "Agnes Andersson")],
        ME,
        add=desk.add,
        set_done=lambda _task, _done: None,
        load=desk.load,
        today=lambda: TODAY,
    )
    qtbot.addWidget(widget)
    show_active(qtbot, widget)
    return widget


def click(widget: FollowUpsPanel) -> None:
    QtBot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)


def test_names_come_from_the_screen(qtbot: QtBot) -> None:
    widget = panel(qtbot, Desk())
    assert widget.form.objectName() == "thingTaskForm"
    assert widget.add_button.objectName() == "addThingTaskButton"
    assert widget.errors["due_date"].objectName() == "thingTaskDueDateError"
    assert widget.table.objectName() == "thingTasks"
    assert widget.table.accessibleName() == "Sakens uppföljningar"
    assert widget.empty.text() == "Inga uppföljningar för saken."
    assert widget.title.placeholderText() == "Till exempel: Ring"
    expected_due = (TODAY + dt.timedelta(days=DEFAULT_DAYS_AHEAD)).isoformat()
    assert widget.due_date.text() == expected_due


def test_each_reason_is_shown_beside_its_field_and_what_was_typed_stays(qtbot: QtBot) -> None:
    desk = Desk()
    widget = panel(qtbot, desk)
    widget.title.setText("Ring om praktiken")
    widget.description.setPlainText("Fråga efter handledaren.")
    desk.answer = {"description": "För lång.", "period": "Perioden är stängd."}
    click(widget)
    assert widget.errors["description"].text() == "För lång."
    assert widget.errors["form"].text() == "Perioden är stängd."  # no field of its own
    assert not widget.errors["title"].isVisible()
    wait_for_focus(qtbot, widget.description)  # the first reason's field
    assert widget.title.text() == "Ring om praktiken"
    assert widget.has_unsaved_input()
    assert desk.loads == 0


def test_an_added_follow_up_clears_the_form_reloads_and_says_so(qtbot: QtBot) -> None:
    desk = Desk()
    widget = panel(qtbot, desk)
    desk.answer = {"title": "Rubriken måste fyllas i."}
    click(widget)
    assert widget.errors["title"].isVisible()
    widget.title.setText("Ring om praktiken")
    widget.due_date.setText("2031-06-01")
    with qtbot.waitSignal(widget.added):
        click(widget)
    assert desk.added == [NewFollowUp("Ring om praktiken", "2031-06-01", ME, "")]
    assert not widget.errors["title"].isVisible()  # the old reason is gone
    assert widget.notice.text() == "Uppföljningen är tillagd."
    assert widget.title.text() == ""
    assert not widget.has_unsaved_input()
    assert desk.loads == 1
    wait_for_focus(qtbot, widget.title)
    qtbot.keyClicks(widget.title, "R")  # the notice belongs to the one added
    assert widget.notice.text() == ""


def test_a_due_date_reason_goes_once_the_date_is_put_right(qtbot: QtBot) -> None:
    widget = panel(qtbot, Desk())
    widget.due_date.setText("nästa vecka")
    widget.due_date.editingFinished.emit()
    assert widget.errors["due_date"].isVisible()
    widget.due_date.setText("2031-06-0")
    assert widget.errors["due_date"].isVisible()
    widget.due_date.setText("2031-06-01")
    assert not widget.errors["due_date"].isVisible()


def test_the_list_or_the_empty_note_is_shown(qtbot: QtBot) -> None:
    widget = panel(qtbot, Desk())
    widget.set_tasks([])
    assert widget.empty.isVisible()
    assert not widget.table.isVisible()
    row = TaskRow(
        id=uuid.uuid4(), case_id=uuid.uuid4(), employer_id=None, title="Ring",
        description=None, due_date=TODAY, done=False, assignee_id=ME,
        assignee_name="Agnes Andersson", subject="Amina", person_id=None,
    )  # fmt: skip
    widget.set_tasks([row])
    assert widget.model.index(0, 2).data() == "Ring"
    assert widget.table.isVisible()
    assert not widget.empty.isVisible()
