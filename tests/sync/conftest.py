"""The world of the sync tests: laptops and a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.store.server import migrate_server
from tests.sync_world import World


@pytest.fixture
def world(pg_url: str, tmp_path: Path) -> Iterator[World]:
    migrate_server(pg_url)
    built = World(pg_url, tmp_path)
    try:
        yield built
    finally:
        built.close()
