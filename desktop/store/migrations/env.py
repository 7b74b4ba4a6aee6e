"""Alembic environment: always run on a connection handed in by desktop.store.schema."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from desktop.models import Base
from desktop.models.base import UTCDateTime

# FTS5 keeps its index in a virtual table and shadow tables that SQLAlchemy does not model.
SEARCH_TABLE_PREFIXES = ("person_search", "employer_search", "vacancy_search")


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_TABLE_PREFIXES))


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Migrations must not import model code, which changes; UTC handling is a Python
    # concern and the column is a plain DATETIME in the database.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through desktop.store.schema, which passes a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_object=include_object,
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
