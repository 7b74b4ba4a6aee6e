"""The staff who use the app: caseworkers, matching agents, coordinators, administrators."""

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Entity, one_of

ROLES = ("handlaggare", "samordnare", "administrator")


class User(Entity, Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(one_of("role", ROLES), name="role"),)

    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="handlaggare")
    municipality_code: Mapped[str | None] = mapped_column(ForeignKey("municipalities.code"))
    # Direct contact details, printed on the documents the user sends (migration 0009);
    # without them the documents give the unit's, from the letterhead settings.
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(default=True)
    # Set by an administrator's reset: the next login must choose a new password.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default="0")
    last_login_at: Mapped[dt.datetime | None]
