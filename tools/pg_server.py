"""A throwaway PostgreSQL server started from the installed binaries, for the tests and
the sync benchmarks: initdb in a temporary directory, started on a free port, stopped
and removed afterwards. Never a server anyone keeps data on (fsync is off)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

SERVICE_USER = "postgres"


class PostgresMissingError(Exception):
    """The PostgreSQL binaries are not installed; `str()` says what to install."""

    MISSING = (
        "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin nor from "
        "pg_config --bindir); install the Debian package `postgresql`"
    )


def find_bindir() -> Path | None:
    """Debian's versioned directory (the newest), else what pg_config says."""
    versions = sorted(
        (path for path in Path("/usr/lib/postgresql").glob("*/bin") if path.parent.name.isdigit()),
        key=lambda path: int(path.parent.name),
    )
    for candidate in reversed(versions):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    pg_config = shutil.which("pg_config")
    if pg_config is not None:
        result = subprocess.run(
            [pg_config, "--bindir"], check=False, capture_output=True, text=True
        )
        bindir = Path(result.stdout.strip())
        if result.returncode == 0 and (bindir / "initdb").exists():
            return bindir
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    bindir: Path
    directory: Path
    port: int

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A fresh, empty database; its URL."""
        # CREATE DATABASE cannot run inside a transaction.
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        return self.url(name)


def _as_service_user(command: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root, and the tests run as root here.
    if os.geteuid() == 0:
        return ["runuser", "-u", SERVICE_USER, "--", *command]
    return command


def _run(command: list[str]) -> None:
    result = subprocess.run(_as_service_user(command), check=False, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
        )


@contextlib.contextmanager
def running_server(*options: str) -> Iterator[PostgresServer]:
    """A server of its own for as long as the block runs. `options` are more server
    settings (`-c name=value`). Raises PostgresMissingError without the binaries."""
    bindir = find_bindir()
    if bindir is None:
        raise PostgresMissingError(PostgresMissingError.MISSING)
    # Not a directory under a 0700 root-owned tree (pytest's tmp_path is one): the
    # service user could not reach a data directory inside it.
    directory = Path(tempfile.mkdtemp(prefix="matchning-pg-", dir="/tmp"))
    data = directory / "data"
    try:
        if os.geteuid() == 0:
            shutil.chown(directory, user=SERVICE_USER, group=SERVICE_USER)
        _run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        )
        port = _free_port()
        # fsync off: a crash of a throwaway server loses nothing anyone wants.
        settings = " ".join(
            [
                f"-h 127.0.0.1 -p {port} -k {directory}",
                "-c fsync=off -c full_page_writes=off",
                *options,
            ]
        )
        log = directory / "server.log"
        try:
            _start(bindir, data, log, settings)
        except RuntimeError as error:
            # The log is removed with the directory: keep why the server would not start.
            told = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(f"{error}\n{told}") from None
        yield PostgresServer(bindir, directory, port)
    finally:
        # Also after a start that failed half-way: a server may be running all the same.
        if (data / "postmaster.pid").exists():
            with contextlib.suppress(RuntimeError):
                _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(directory, ignore_errors=True)


def _start(bindir: Path, data: Path, log: Path, options: str) -> None:
    _run(
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(log),
            "-o",
            options,
            "-w",
            "start",
        ]
    )
