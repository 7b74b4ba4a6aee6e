"""An intake in progress: what the caseworker has typed so far, saved as they type."""

import uuid

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Entity


class IntakeDraft(Entity, Base):
    """The wizard's fields as JSON (desktop/services/intake/), the step reached, and a
    short label for the list of drafts to resume. Deleted when the intake is saved."""

    __tablename__ = "intake_drafts"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    step: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(200), default="")
    data: Mapped[str] = mapped_column(Text)
