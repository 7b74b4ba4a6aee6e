"""The person screen (personkort): header, case, journal, follow-ups and profile."""

from desktop.views.person.view import PersonView

__all__ = ["PersonView"]
