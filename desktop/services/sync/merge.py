"""The three-way merge of one row: what changed here, what changed on the server, both
against the row as it was when this laptop last synced it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Merged:
    # The row to keep: each field as the side that changed it left it; a field in
    # conflict keeps the server's value until the user chooses.
    row: dict[str, Any]
    # Fields changed on both sides to different values.
    conflicts: tuple[str, ...]
    # Whether the merged row differs from the server's (so the server must be written).
    server_changed: bool


def merge(
    base: Mapping[str, Any] | None,
    local: Mapping[str, Any],
    server: Mapping[str, Any],
    fields: Iterable[str],
) -> Merged:
    """Merge `local` into `server`. Without a base (the row was made on both sides at
    once, or the laptop lost its record of it) every differing field is a conflict.
    Changing a field to the value the other side already gave it is no conflict, which
    makes pushing the same change twice harmless."""
    row = dict(server)
    conflicts = []
    changed = False
    for field in fields:
        mine, theirs = local[field], server[field]
        if mine == theirs:
            continue
        was = base.get(field, theirs) if base is not None else None
        if base is not None and mine == was:
            continue  # only the server changed it
        if base is not None and theirs == was:
            row[field] = mine  # only this laptop changed it
            changed = True
            continue
        conflicts.append(field)
    return Merged(row, tuple(conflicts), changed)
