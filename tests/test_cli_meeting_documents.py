"""`matchning document profile ID -o FILE.pdf [--anonymous]` and `matchning document
employer ID -o FILE.pdf`: written and recorded, and refusals one Swedish line on stderr."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop import cli
from desktop.models import AuditEvent, ProducedDocument
from desktop.services import accounts
from tests import credentials
from tests.documents.pdf import text_of
from tests.documents.world import EMPLOYER, NUMBER, letter_world


@dataclass(frozen=True)
class Example:
    path: Path
    person: uuid.UUID
    without_consent: uuid.UUID
    employer: uuid.UUID


@pytest.fixture
def example(tmp_path: Path) -> Example:
    path = tmp_path / "m.sqlite"
    opened = credentials.set_up(path)
    try:
        world = letter_world(opened.db)
        refusing = world.person("Cecilia", "Exempelsson", consent=False)
    finally:
        opened.db.close()
    return Example(path, world.person_id, refusing, world.employer_id)


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: Path, *args: str
) -> tuple[int, str, str]:
    for name, value in credentials.ENV.items():
        monkeypatch.setenv(name, value)
    code = cli.main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _records(path: Path, kind: str) -> tuple[int, int]:
    opened = accounts.log_in(path, credentials.USER, credentials.PASSWORD)
    try:
        with opened.db.read() as session:
            produced = session.scalar(
                select(func.count())
                .select_from(ProducedDocument)
                .where(ProducedDocument.kind == kind)
            )
            exports = session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(
                    AuditEvent.action == "export",
                    AuditEvent.screen == "kommandorad",
                    AuditEvent.details == kind,
                )
            )
            return int(produced or 0), int(exports or 0)
    finally:
        opened.db.close()


def test_the_profile_is_written_and_recorded(
    example: Example,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    target = tmp_path / "profil.pdf"
    code, out, err = run(
        capsys, monkeypatch, example.path, "document", "profile", str(example.person),
        "-o", str(target),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == f"Skrev {target} (1 sida).\n"
    text = text_of(target)
    assert "Amira Testsson" in text
    assert NUMBER not in text.replace(" ", "")
    assert _records(example.path, "kandidatprofil") == (1, 1)


def test_without_consent_the_named_profile_is_refused_and_the_anonymous_written(
    example: Example,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    target = tmp_path / "profil.pdf"
    args = ("document", "profile", str(example.without_consent), "-o", str(target))
    code, out, err = run(capsys, monkeypatch, example.path, *args)
    assert (code, out) == (2, "")
    assert "Cecilia Exempelsson har inget gällande samtycke" in err
    assert not target.exists()
    code, out, err = run(capsys, monkeypatch, example.path, *args, "--anonymous")
    assert (code, err) == (0, "")
    text = text_of(target)
    assert "Kandidat A" in text
    assert "Cecilia" not in text
    assert "Exempelsson" not in text
    assert _records(example.path, "kandidatprofil") == (1, 1)


def test_the_employer_sheet_is_written_and_recorded(
    example: Example,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    target = tmp_path / "blad.pdf"
    code, out, err = run(
        capsys, monkeypatch, example.path, "document", "employer", str(example.employer),
        "-o", str(target),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith(f"Skrev {target} (")
    text = text_of(target)
    assert EMPLOYER in text
    assert "Amira Testsson" in text
    assert _records(example.path, "arbetsgivarblad") == (1, 1)


@pytest.mark.parametrize("kind", ["profile", "employer"])
def test_unknown_and_malformed_ids_are_refused(
    example: Example,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    kind: str,
) -> None:
    target = tmp_path / "x.pdf"
    missing = uuid.uuid4()
    code, out, err = run(
        capsys, monkeypatch, example.path, "document", kind, str(missing), "-o", str(target)
    )
    assert (code, out) == (2, "")
    assert str(missing) in err
    assert err.startswith("matchning: Det finns ingen ")
    code, _, err = run(
        capsys, monkeypatch, example.path, "document", kind, "inte-ett-id", "-o", str(target)
    )
    assert code == 2
    assert "'inte-ett-id' är inget giltigt id" in err
    code, _, err = run(capsys, monkeypatch, example.path, "document", kind, str(missing))
    assert code == 2
    assert "-o FIL.pdf" in err
    assert not target.exists()
