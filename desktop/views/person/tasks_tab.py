"""The "Uppföljningar" tab: the follow-ups of the current case, adding one, and ticking
them done (or undone again)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtWidgets import QLabel, QWidget

from desktop import clock
from desktop.services.cases import CaseError, CaseService, CaseSummary, TaskRow
from desktop.views.person.tasks_panel import FollowUpsPanel, NewFollowUp, PanelNames


class TasksTab(FollowUpsPanel):
    def __init__(
        self,
        cases: CaseService,
        assignees: Sequence[tuple[uuid.UUID, str]],
        me: uuid.UUID,
        *,
        today: Callable[[], dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        names = PanelNames(
            prefix="task",
            table="caseTasks",
            empty="noTasks",
            list_title=self.tr("Ärendets uppföljningar"),
            empty_text=self.tr("Inga uppföljningar i ärendet."),
            example_title=self.tr("Till exempel: Ring om praktiken"),
            description_caption=self.tr("&Beskrivning"),
        )
        super().__init__(
            names,
            assignees,
            me,
            add=self._add_to_case,
            set_done=cases.set_done,
            load=self._tasks_of_case,
            today=today,
            parent=parent,
        )
        self.setObjectName("tasksTab")
        self.setAccessibleName(self.tr("Uppföljningar"))
        self._cases = cases
        self.case: CaseSummary | None = None

        self.no_case = QLabel(
            self.tr("Personen har inget ärende. Gör en ny inskrivning för att lägga uppföljningar.")
        )
        self.no_case.setObjectName("tasksNoCase")
        self.no_case.setAccessibleName(self.no_case.text())
        self.no_case.setWordWrap(True)
        self.column.insertWidget(0, self.no_case)

    def set_case(self, case: CaseSummary | None) -> None:
        self.case = case
        self.no_case.setVisible(case is None)
        self.form.setEnabled(case is not None)
        self.reload()

    def _tasks_of_case(self) -> Sequence[TaskRow]:
        return self._cases.tasks_of_case(self.case.id) if self.case else []

    def _add_to_case(self, task: NewFollowUp) -> Mapping[str, str]:
        if self.case is None:  # the form is disabled without a case
            return {"form": self.no_case.text()}
        try:
            self._cases.add_task(
                title=task.title,
                due_date=task.due_date,
                case_id=self.case.id,
                assignee_id=task.assignee_id,
                description=task.description,
            )
        except CaseError as error:
            return {error.field or "form": str(error)}
        return {}
