"""Refusals a form can show: one Swedish message, and the reason beside each field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from desktop.models.base import Entity
from desktop.store.errors import RecordMissingError

T = TypeVar("T")
E = TypeVar("E", bound=Entity)


def found(problems: Mapping[str, str | None]) -> dict[str, str]:
    """The problems that are there (checks return None for a field that is fine)."""
    return {name: reason for name, reason in problems.items() if reason}


class FormError(ValueError):
    """A change that cannot be saved; nothing was written.

    `problems` maps a field name, as the service's data class names it (`name`,
    `workplaces.0.city`, `requirements.2.level`), to the reason to show beside it.
    """

    def __init__(self, message: str, problems: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems = dict(problems or {})

    @classmethod
    def raise_for(cls, problems: Mapping[str, str | None]) -> None:
        """Refuse with every problem at once, if there is any."""
        there = found(problems)
        if len(there) == 1:
            raise cls(next(iter(there.values())), there)
        if there:
            raise cls("Kontrollera de markerade fälten.", there)


class StaleError(FormError):
    def __init__(self) -> None:
        super().__init__(
            "Någon annan har ändrat det här under tiden. Det du skrev finns kvar; "
            "uppdatera och försök igen."
        )


def get_or_missing(session: Session, model: type[T], key: Any, what: str) -> T:
    """The row, or RecordMissingError naming `what` ("Arbetsgivaren") when it is gone."""
    row = session.get(model, key)
    if row is None:
        raise RecordMissingError(what)
    return row


def get_unchanged(session: Session, model: type[E], key: Any, what: str, version: int) -> E:
    """The row as the form last read it: RecordMissingError naming `what` when it is
    gone, StaleError when someone saved it since (its version has moved on)."""
    row = get_or_missing(session, model, key, what)
    if row.version != version:
        raise StaleError
    return row
