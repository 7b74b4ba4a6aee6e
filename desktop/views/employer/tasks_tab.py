"""The "Uppföljningar" tab of the employer screen: follow-ups on the employer (call back,
visit again), adding one, and ticking them done or undone. They reach "Mina
uppföljningar" like a case's do."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from functools import partial

from PySide6.QtWidgets import QWidget

from desktop import clock
from desktop.services.employers import EmployerError, EmployerService
from desktop.views.person.tasks_panel import FollowUpsPanel, NewFollowUp, PanelNames
from desktop.views.style import SECONDARY_STYLE


class EmployerTasksTab(FollowUpsPanel):
    def __init__(
        self,
        employers: EmployerService,
        employer_id: uuid.UUID,
        assignees: Sequence[tuple[uuid.UUID, str]],
        me: uuid.UUID,
        *,
        today: Callable[[], dt.date] = clock.today,
        parent: QWidget | None = None,
    ) -> None:
        names = PanelNames(
            prefix="employerTask",
            table="employerTasks",
            empty="noEmployerTasks",
            list_title=self.tr("Arbetsgivarens uppföljningar"),
            empty_text=self.tr("Inga uppföljningar för arbetsgivaren."),
            example_title=self.tr("Till exempel: Ring om sommarjobben"),
            # &b is the employer screen's "Rekryterings&behov" tab.
            description_caption=self.tr("Beskrivni&ng"),
        )
        super().__init__(
            names,
            assignees,
            me,
            add=self._add_to_employer,
            set_done=employers.set_task_done,
            load=partial(employers.tasks, employer_id),
            today=today,
            parent=parent,
        )
        self.setObjectName("employerTasksTab")
        self.setAccessibleName(self.tr("Uppföljningar"))
        self._employers = employers
        self._employer_id = employer_id
        self.add_button.setToolTip(self.tr("Lägg till uppföljning (Ctrl+Enter)"))
        self.empty.setStyleSheet(SECONDARY_STYLE)

    def _add_to_employer(self, task: NewFollowUp) -> Mapping[str, str]:
        try:
            self._employers.add_task(
                self._employer_id,
                title=task.title,
                due_date=task.due_date,
                assignee_id=task.assignee_id,
                description=task.description,
            )
        except EmployerError as refused:
            return refused.problems or {"form": str(refused)}
        return {}
