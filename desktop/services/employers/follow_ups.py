"""Follow-ups on an employer: the case service's tasks, with its errors as the employer
form's."""

from __future__ import annotations

import uuid

from desktop.services.cases import CaseError, CaseService, TaskRow
from desktop.services.employers.base import EmployerError, EmployerServiceBase


class EmployerFollowUps(EmployerServiceBase):
    # Follow-ups (the case service's tasks, on an employer) ---------------------------------

    def tasks(self, employer_id: uuid.UUID) -> list[TaskRow]:
        return CaseService(self._db, self._actor).tasks_of_employer(employer_id)

    def add_task(
        self,
        employer_id: uuid.UUID,
        *,
        title: str,
        due_date: str,
        description: str = "",
        assignee_id: uuid.UUID | None = None,
        screen: str = "arbetsgivarkort",
    ) -> uuid.UUID:
        """A follow-up on the employer; `due_date` as typed (YYYY-MM-DD)."""
        try:
            return CaseService(self._db, self._actor).add_task(
                title=title,
                due_date=due_date,
                employer_id=employer_id,
                assignee_id=assignee_id,
                description=description,
                screen=screen,
            )
        except CaseError as error:
            raise EmployerError(str(error), {error.field or "title": str(error)}) from None

    def set_task_done(
        self, task_id: uuid.UUID, done: bool, *, screen: str = "arbetsgivarkort"
    ) -> None:
        CaseService(self._db, self._actor).set_done(task_id, done, screen=screen)
