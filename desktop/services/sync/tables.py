"""Which tables travel between the laptops and the server, in which order, and which of
their columns are merged (docs/sync.md, "Vad som delas med vem")."""

from __future__ import annotations

import base64
import datetime as dt
import json
import uuid
from collections.abc import Mapping
from functools import cache
from typing import Any

from sqlalchemy import Column, Table, TypeDecorator

from desktop.models import Base

# Every laptop of every municipality sees these.
SHARED = (
    "users",
    "employers",
    "workplaces",
    "contact_persons",
    "employer_contacts",
    "vacancies",
    "vacancy_requirements",
)
# Only the municipality responsible for the person or case, and (the profile and the
# referral) the municipality of a need the person was proposed for. The server enforces
# it with row-level security (migration 0012).
PERSONAL = (
    "persons",
    "person_languages",
    "educations",
    "work_experiences",
    "qualifications",
    "wished_occupations",
    "wished_municipalities",
    "consents",
    "cases",
    "case_notes",
    "referrals",
    "referral_status_changes",
    "placements",
    "produced_documents",
)
# Not synced: tasks (the agent's own reminders), intake drafts (unfinished, local),
# settings and letterheads (per installation), the reference data (shipped with the
# app) and the audit log (pushed on its own, append-only: see push_audit).

# Columns a laptop never sends: the server is the authority on a user's role, municipality
# and whether the account is active ("managed centrally"), and when someone last logged
# in is a fact about this laptop.
SERVER_ONLY = {"users": frozenset({"role", "active", "municipality_code", "must_change_password"})}
LOCAL_ONLY = {"users": frozenset({"last_login_at"})}
# Bookkeeping columns every row has: never merged field by field.
BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at"})


@cache
def synced_tables() -> tuple[Table, ...]:
    """The synced tables, parents before children (the order rows are written in)."""
    names = set(SHARED) | set(PERSONAL)
    return tuple(table for table in Base.metadata.sorted_tables if table.name in names)


def table(name: str) -> Table:
    found = Base.metadata.tables.get(name)
    if found is None or name not in SHARED + PERSONAL:
        raise KeyError(name)
    return found


def merged_fields(table_name: str) -> tuple[str, ...]:
    """The columns compared and merged one by one."""
    skip = BOOKKEEPING | LOCAL_ONLY.get(table_name, frozenset())
    return tuple(c.name for c in table(table_name).columns if c.name not in skip)


def pushed_fields(table_name: str) -> tuple[str, ...]:
    return tuple(
        name
        for name in merged_fields(table_name)
        if name not in SERVER_ONLY.get(table_name, frozenset())
    )


def _encode(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _moment(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    # A base the laptop's trigger copied holds a timestamp as SQLite stores it: naive
    # UTC (UTCDateTime, the only kind of timestamp the models have).
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


# From JSON back to what the column gives in Python, by the column's Python type.
_DECODERS: dict[type, Any] = {
    uuid.UUID: lambda text: uuid.UUID(hex=text),
    dt.datetime: _moment,
    dt.date: dt.date.fromisoformat,
    bytes: base64.b64decode,
    bool: bool,  # SQLite's 0 and 1, in a base the trigger copied
}


def _decode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    decoder = _DECODERS.get(_python_type(column))
    return value if decoder is None else decoder(value)


def _python_type(column: Column[Any]) -> type:
    # A TypeDecorator (UTCDateTime) says "object"; what it stores is its impl's type.
    kind = column.type
    if isinstance(kind, TypeDecorator):
        return kind.impl_instance.python_type
    return kind.python_type


def encode_value(value: Any) -> str:
    return json.dumps(_encode(value), ensure_ascii=False)


def decode_value(table_name: str, field: str, text: str) -> Any:
    return _decode(table(table_name).columns[field], json.loads(text))


# Built once: json.dumps with any option builds a new encoder per call, and a first pull
# encodes every row it writes (400,000 at scale L).
_to_json = json.JSONEncoder(ensure_ascii=False).encode
# Values JSON takes as they are: most of a row, and no call to _encode for them.
_PLAIN = frozenset({str, int, float, bool, type(None)})


def encode_row(row: Mapping[str, Any]) -> str:
    return _to_json({k: v if type(v) in _PLAIN else _encode(v) for k, v in row.items()})


def decode_row(table_name: str, text: str) -> dict[str, Any]:
    columns = table(table_name).columns
    return {k: _decode(columns[k], v) for k, v in json.loads(text).items() if k in columns}
