"""Who is acting, and the refusals every service may give: `Actor`, `AccountError` and
`AccessDeniedError`. Kept apart from desktop/services/accounts.py (which re-exports them) so
that services accounts itself uses, such as the settings, need not import it back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The logged-in user, as every service sees them."""

    user_id: uuid.UUID
    username: str
    full_name: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "administrator"


class AccountError(Exception):
    """A request the user can correct; `str()` is a Swedish message for the form."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AccessDeniedError(AccountError):
    def __init__(self) -> None:
        super().__init__("Det här kräver behörighet som administratör.")
