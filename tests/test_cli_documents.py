"""`matchning document referral ID -o FILE.pdf`: the letter written and recorded, its text
shown and edited, and every refusal one Swedish line on stderr with exit 2 (bad input)
or 1 (a failure); one run as a real process, the rest in-process."""

from __future__ import annotations

import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop import cli
from desktop.models import AuditEvent, ProducedDocument
from desktop.services import accounts
from desktop.services.registry import Services
from tests import credentials
from tests.documents.pdf import pages_of, text_of
from tests.documents.world import NEED, letter_world


@dataclass(frozen=True)
class Example:
    path: Path
    referral: uuid.UUID
    without_licence: uuid.UUID
    without_consent: uuid.UUID
    need: uuid.UUID


@pytest.fixture
def example(tmp_path: Path) -> Example:
    path = tmp_path / "m.sqlite"
    opened = credentials.set_up(path)
    try:
        world = letter_world(opened.db)
        without_licence = world.propose(world.person("Bilal", "Provsson", licences=()))
        refusing = world.person("Cecilia", "Exempelsson", consent=False)
        # Proposed while she agreed; she has withdrawn her consent since.
        Services.for_user(opened.db, opened.actor).consents.record(
            refusing, "dela_profil", "muntligt", "2026-01-02"
        )
        without_consent = world.propose(refusing)
        consent = world.services.consents.consents_of(refusing)[0]
        world.services.consents.withdraw(consent.id)
    finally:
        opened.db.close()
    return Example(path, world.referral_id, without_licence, without_consent, world.need_id)


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: Path, *args: str
) -> tuple[int, str, str]:
    for name, value in credentials.ENV.items():
        monkeypatch.setenv(name, value)
    code = cli.main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _records(path: Path) -> tuple[int, int]:
    opened = accounts.log_in(path, credentials.USER, credentials.PASSWORD)
    try:
        with opened.db.read() as session:
            produced = session.scalar(select(func.count()).select_from(ProducedDocument))
            exports = session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "export", AuditEvent.screen == "kommandorad")
            )
            return int(produced or 0), int(exports or 0)
    finally:
        opened.db.close()


def test_the_letter_is_written_by_a_real_process(example: Example, tmp_path: Path) -> None:
    target = tmp_path / "brev.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(example.path), "document", "referral",
         str(example.referral), "-o", str(target)],
        capture_output=True,
        text=True,
        env=credentials.env(),
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Skrev {target} (1 sida).\n"
    assert done.stderr == ""
    assert pages_of(target) == 1
    assert f"Kandidatförslag: {NEED}" in text_of(target)
    assert _records(example.path) == (1, 1)


def test_show_text_prints_the_letter_and_what_is_missing(
    example: Example, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(
        capsys, monkeypatch, example.path, "document", "referral",
        str(example.without_licence), "--show-text",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith(f"# Kandidatförslag: {NEED}\n")
    assert "Körkort: {korkort}\n" in out
    assert out.endswith("Saknas: {korkort} – Inga körkort är registrerade för Bilal Provsson.\n")
    assert _records(example.path) == (0, 0)


def test_a_missing_value_is_refused_with_the_way_forward(
    example: Example,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    target = tmp_path / "brev.pdf"
    code, out, err = run(
        capsys, monkeypatch, example.path, "document", "referral",
        str(example.without_licence), "-o", str(target),
    )  # fmt: skip
    assert code == 2
    assert out == ""
    assert err.startswith("matchning: Brevet kan inte skrivas ut, uppgifter saknas: {korkort}")
    assert "--omit-missing" in err
    assert err.count("\n") == 1
    assert not target.exists()


def test_omit_missing_leaves_the_lines_out(
    example: Example,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    target = tmp_path / "brev.pdf"
    code, _, err = run(
        capsys, monkeypatch, example.path, "document", "referral",
        str(example.without_licence), "-o", str(target), "--omit-missing",
    )  # fmt: skip
    assert (code, err) == (0, ""), err
    text = text_of(target)
    assert "Bilal Provsson" in text
    assert "Körkort" not in text


def test_letters_for_a_need_one_file_each_and_the_skipped_on_stderr(
    example: Example,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "brev"
    folder.mkdir()
    code, out, err = run(
        capsys, monkeypatch, example.path, "document", "letters", str(example.need),
        "-o", str(folder),
    )  # fmt: skip
    assert code == 2
    assert out == f"Skrev 1 brev i {folder}.\n"
    assert [p.name for p in folder.iterdir()] == [f"Presentationsbrev Amira Testsson – {NEED}.pdf"]
    lines = err.splitlines()
    assert [line.split(":")[1] for line in lines] == [
        " inget brev för Cecilia Exempelsson",
        " inget brev för Bilal Provsson",
    ]
    assert "inget gällande samtycke" in lines[0]
    assert "{korkort}" in lines[1]
    # Again, leaving the missing licence out: Bilal's letter, and Amira's a second time
    # beside the first, which is kept.
    code, out, err = run(
        capsys, monkeypatch, example.path, "document", "letters", str(example.need),
        "-o", str(folder), "--omit-missing",
    )  # fmt: skip
    assert code == 2
    assert out == f"Skrev 2 brev i {folder}.\n"
    assert sorted(p.name for p in folder.iterdir()) == [
        f"Presentationsbrev Amira Testsson – {NEED} (2).pdf",
        f"Presentationsbrev Amira Testsson – {NEED}.pdf",
        f"Presentationsbrev Bilal Provsson – {NEED}.pdf",
    ]
    assert err.count("\n") == 1
    assert _records(example.path) == (3, 3)


def test_letters_for_a_need_that_is_not_there(
    example: Example,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    missing = uuid.uuid4()
    code, out, err = run(
        capsys, monkeypatch, example.path, "document", "letters", str(missing), "-o", str(tmp_path)
    )
    assert (code, out) == (2, "")
    assert err == f"matchning: Det finns inget behov med id {missing}.\n"


def test_an_edited_text_from_a_file(
    example: Example,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    edited = tmp_path / "brev.txt"
    edited.write_text("Hej Berit!\n\nSom vi sa på telefon: här är förslaget.\n", encoding="utf-8")
    target = tmp_path / "brev.pdf"
    code, _, err = run(
        capsys, monkeypatch, example.path, "document", "referral", str(example.referral),
        "-o", str(target), "--text", str(edited),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "Som vi sa på telefon: här är förslaget." in text_of(target)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["inte-ett-id", "-o", "x.pdf"], "matchning: 'inte-ett-id' är inget giltigt id för en "
         "anvisning (ett id ser ut som 3f2b9c1e-8d4a-4c2e-9b1f-0a7d6e5c4b3a).\n"),
        ([str(uuid.UUID(int=7))], "matchning: Ange filen som brevet ska skrivas till med "
         "-o FIL.pdf.\n"),
        ([str(uuid.UUID(int=7)), "-o", "x.pdf"], "matchning: Det finns ingen anvisning med id "
         f"{uuid.UUID(int=7)}.\n"),
        ([str(uuid.UUID(int=7)), "-o", "x.pdf", "--text", "finns-inte.txt"],
         "matchning: Textfilen finns-inte.txt finns inte.\n"),
    ],
    ids=["not-a-uuid", "no-output", "unknown", "missing-text-file"],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(
    example: Example,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    code, out, err = run(capsys, monkeypatch, example.path, "document", "referral", *args)
    assert (code, out, err) == (2, "", message)


def test_without_consent_the_letter_is_refused(
    example: Example,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    target = tmp_path / "brev.pdf"
    code, _, err = run(
        capsys, monkeypatch, example.path, "document", "referral",
        str(example.without_consent), "-o", str(target),
    )  # fmt: skip
    assert code == 2
    assert err == (
        "matchning: Cecilia Exempelsson har inget gällande samtycke till att profilen delas "
        "med arbetsgivare, så presentationsbrevet kan inte skrivas ut. Registrera samtycket "
        "under Samtycken på personens sida först.\n"
    )
    assert not target.exists()


def test_a_folder_that_does_not_exist_is_a_failure(
    example: Example,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    target = tmp_path / "saknas" / "brev.pdf"
    code, _, err = run(
        capsys, monkeypatch, example.path, "document", "referral", str(example.referral),
        "-o", str(target),
    )  # fmt: skip
    assert code == 1
    assert err == f"matchning: Mappen {target.parent} finns inte. Välj en annan mapp.\n"
    assert _records(example.path) == (0, 0)


def test_the_command_imports_no_qt(example: Example, tmp_path: Path) -> None:
    target = tmp_path / "brev.pdf"
    script = (
        "import sys; from desktop import cli; "
        f"code = cli.main(['--db', {str(example.path)!r}, 'document', 'referral', "
        f"{str(example.referral)!r}, '-o', {str(target)!r}]); "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'; "
        "sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=credentials.env(),
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert target.exists()
