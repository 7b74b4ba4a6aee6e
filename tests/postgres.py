"""A real PostgreSQL server for the tests, started from the installed binaries
(tools/pg_server.py, which the sync benchmarks share).

Registered from tests/conftest.py. One server serves the whole session (initdb takes a
few seconds); each test gets its own database on it through `pg_url`. Without the
binaries the tests that need them are skipped, unless MATCHNING_REQUIRE_POSTGRES=1 (CI)
makes that a failure: a server that silently went missing must not look like a pass.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from tools.pg_server import PostgresMissingError, PostgresServer, find_bindir, running_server

__all__ = ["PostgresServer", "pg_url", "postgres_server"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if find_bindir() is None:
        missing = PostgresMissingError.MISSING
        if os.environ.get("MATCHNING_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"MATCHNING_REQUIRE_POSTGRES=1 but {missing}", pytrace=False)
        pytest.skip(missing)
    with running_server() as server:
        yield server


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> str:
    """A database of its own for one test, on the session's server."""
    return postgres_server.create_database(f"test_{uuid.uuid4().hex}")
