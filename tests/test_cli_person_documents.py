"""`matchning document case ID -o FILE.pdf` and `matchning document extract ID -o FILE.pdf`:
written and recorded with an export event; an unknown or malformed id is one Swedish line
on stderr with exit 2, and nothing is written."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop import cli
from desktop.models import AuditEvent, Case, ProducedDocument
from desktop.services import accounts
from tests import credentials
from tests.documents.pdf import text_of
from tests.documents.world import NUMBER, letter_world


@dataclass(frozen=True)
class Example:
    path: Path
    person: uuid.UUID
    case: uuid.UUID


@pytest.fixture
def example(tmp_path: Path) -> Example:
    path = tmp_path / "m.sqlite"
    opened = credentials.set_up(path)
    try:
        world = letter_world(opened.db)
        with opened.db.read() as session:
            case_id = session.scalar(select(Case.id).where(Case.person_id == world.person_id))
        assert case_id is not None
    finally:
        opened.db.close()
    return Example(path, world.person_id, case_id)


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(
    example: Example, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Run:
    """`matchning --db EXAMPLE ARGS…` in-process: exit code, stdout, stderr."""
    for name, value in credentials.ENV.items():
        monkeypatch.setenv(name, value)

    def call(*args: str) -> tuple[int, str, str]:
        code = cli.main(["--db", str(example.path), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return call


def _recorded(path: Path) -> list[tuple[str, str | None]]:
    opened = accounts.log_in(path, credentials.USER, credentials.PASSWORD)
    try:
        with opened.db.read() as session:
            kinds = list(session.scalars(select(ProducedDocument.kind)))
            exports = list(
                session.scalars(
                    select(AuditEvent.details).where(
                        AuditEvent.action == "export", AuditEvent.screen == "kommandorad"
                    )
                )
            )
            return list(zip(kinds, exports, strict=True))
    finally:
        opened.db.close()


@pytest.mark.parametrize(
    "document",
    [
        ("case", "Ärendesammanfattning: Amira Testsson", "arendesammanfattning"),
        ("extract", "Registerutdrag", "registerutdrag"),
    ],
)
def test_the_document_is_written_and_recorded(
    example: Example,
    tmp_path: Path,
    run: Run,
    document: tuple[str, str, str],
) -> None:
    kind, title, recorded = document
    target = tmp_path / f"{kind}.pdf"
    subject = example.case if kind == "case" else example.person
    code, out, err = run("document", kind, str(subject), "-o", str(target))
    assert (code, err) == (0, "")
    assert out.startswith(f"Skrev {target} (")
    text = text_of(target)
    assert title in text
    assert f"{NUMBER[:8]}-{NUMBER[8:]}" in text
    assert _recorded(example.path) == [(recorded, recorded)]


def test_a_case_summary_from_a_persons_id(
    example: Example,
    tmp_path: Path,
    run: Run,
) -> None:
    target = tmp_path / "s.pdf"
    code, _, err = run(
        "document", "case", str(example.person),
        "-o", str(target),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert target.exists()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("case", "Det finns inget ärende eller någon person med id"),
        ("extract", "Det finns ingen person med id"),
    ],
)
def test_an_unknown_id_is_one_line_and_exit_2(
    example: Example,
    tmp_path: Path,
    run: Run,
    kind: str,
    message: str,
) -> None:
    target = tmp_path / "x.pdf"
    missing = uuid.uuid4()
    code, out, err = run("document", kind, str(missing), "-o", str(target))
    assert code == 2
    assert out == ""
    assert message in err
    assert str(missing) in err
    assert err.count("\n") == 1
    assert not target.exists()
    assert _recorded(example.path) == []


def test_a_malformed_id_or_no_output_is_refused(example: Example, run: Run) -> None:
    code, _, err = run("document", "extract", "inte-ett-id", "-o", "x.pdf")
    assert code == 2
    assert "är inget giltigt id för en person" in err
    code, _, err = run("document", "extract", str(example.person))
    assert code == 2
    assert "-o FIL.pdf" in err
