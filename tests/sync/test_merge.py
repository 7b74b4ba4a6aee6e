"""The three-way merge and the row codec, without a server."""

from __future__ import annotations

import datetime as dt
import uuid

from hypothesis import given
from hypothesis import strategies as st

from desktop import clock
from desktop.services.sync.merge import merge
from desktop.services.sync.tables import decode_row, encode_row, synced_tables

FIELDS = ("a", "b", "c")
values = st.sampled_from([None, "x", "y", "z"])
rows = st.fixed_dictionaries(dict.fromkeys(FIELDS, values))


@given(rows, rows, rows)
def test_no_change_is_ever_lost(base: dict, local: dict, server: dict) -> None:
    result = merge(base, local, server, FIELDS)
    for field in FIELDS:
        if field in result.conflicts:
            # Both changed it, differently: the server's value stays until the user
            # chooses, and the local one is reported, so neither is lost.
            assert local[field] != base[field] != server[field] != local[field]
            assert result.row[field] == server[field]
        elif local[field] != base[field]:
            assert result.row[field] == local[field]
        else:
            assert result.row[field] == server[field]
    assert result.server_changed == (result.row != server)


@given(rows, rows)
def test_pushing_the_same_change_twice_is_harmless(base: dict, local: dict) -> None:
    first = merge(base, local, base, FIELDS)
    again = merge(base, local, first.row, FIELDS)
    assert again.conflicts == ()
    assert again.row == first.row
    assert not again.server_changed


def test_without_a_base_every_difference_is_a_conflict() -> None:
    result = merge(None, {"a": "x", "b": "y"}, {"a": "x", "b": "z"}, ("a", "b"))
    assert result.conflicts == ("b",)


def test_every_synced_column_survives_the_codec() -> None:
    samples: dict[type, object] = {
        uuid.UUID: uuid.uuid4(),
        dt.datetime: clock.now(),
        dt.date: dt.date(2026, 12, 6),
        bool: True,
        int: 7,
        float: 2.5,
        str: "Åsa Öberg",
        bytes: b"\x00\xff",
    }
    for table in synced_tables():
        row = {}
        for column in table.columns:
            kind = column.type
            python_type = getattr(kind, "impl_instance", kind).python_type
            row[column.name] = samples[python_type]
        assert decode_row(table.name, encode_row(row)) == row, table.name
