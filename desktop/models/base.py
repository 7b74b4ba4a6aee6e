"""The declarative base and the columns every row carries.

Primary keys are UUIDs made in Python so that rows created offline on different
laptops never collide when they are synchronised later; `created_at`/`updated_at`
are UTC and `version` is SQLAlchemy's optimistic-locking counter.
"""

import datetime as dt
import threading
import uuid
from typing import Any, ClassVar

from sqlalchemy import DateTime, Integer, MetaData, TypeDecorator, Uuid
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from desktop import clock

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def one_of(column: str, values: tuple[str, ...]) -> str:
    """SQL for a CHECK that keeps a text column inside a closed list of codes."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


_SET_BACK = dt.timedelta(seconds=1)


class _Stamps:
    """Timestamps strictly later than every one given before in this process: rows
    saved in one go (a person's languages, jobs ...) then keep the order they were
    entered in, and a stopped or pinned clock cannot make two stamps equal."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

    def next(self) -> dt.datetime:
        with self._lock:
            now = clock.now()
            # Equal or a hair earlier (a stopped clock, two rows in one microsecond):
            # just after the last. A clock set clearly back (a test's pinned day) is
            # followed as it is.
            if self._last - _SET_BACK < now <= self._last:
                now = self._last + dt.timedelta(microseconds=1)
            self._last = now
            return now


_stamps = _Stamps()


def utcnow() -> dt.datetime:
    return _stamps.next()


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime stored as naive UTC, read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        uuid.UUID: Uuid(),
        dt.datetime: UTCDateTime(),
    }


class Timestamped:
    """created_at / updated_at / version, for every table."""

    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, sort_order=90)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, sort_order=91)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, sort_order=92)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - declared_attr takes the class
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Entity(Timestamped):
    """A record users create: a UUID key plus the timestamps."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4, sort_order=-1)
