"""Letters for every referral of a need in one go: what each lacks before anything is
written, one PDF per letter recorded and audited one by one, skipped letters with their
reasons, a cancelled batch that leaves exactly what it reports, and a folder that cannot
be written refused before anything is."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop import clock
from desktop.documents.errors import DocumentError
from desktop.models import AuditEvent, Consent, ProducedDocument
from desktop.services import audit
from desktop.store.database import Database
from tests.documents.pdf import text_of
from tests.documents.world import NEED, LetterWorld, letter_world

TODAY = clock.today()


@pytest.fixture
def world(db: Database) -> LetterWorld:
    audit.install(db)
    return letter_world(db)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The folder the letters go to (the database lives in tmp_path itself)."""
    out = tmp_path / "brev"
    out.mkdir()
    return out


def _count(db: Database, model: type[object], *conditions: object) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0)


def _more(world: LetterWorld) -> dict[str, object]:
    """Amira (the world's, ready), Bilal without a licence (a value missing), Cecilia
    whose consent was withdrawn after she was proposed, and Dawit, who was declined."""
    bilal = world.propose(world.person("Bilal", "Provsson", licences=()))
    cecilia_id = world.person("Cecilia", "Exempelsson")
    cecilia = world.propose(cecilia_id)
    with world.db.unit_of_work(screen="test") as session:
        consent = session.scalars(select(Consent).where(Consent.person_id == cecilia_id)).one()
        consent.withdrawn_on = TODAY
    dawit = world.propose(world.person("Dawit", "Fiktiv"))
    version = world.services.referrals.get(dawit).version
    world.services.referrals.change_status(
        dawit, version, "avbojd", declined_by="arbetsgivare", reason="annan_kandidat"
    )
    return {"amira": world.referral_id, "bilal": bilal, "cecilia": cecilia, "dawit": dawit}


def test_the_plan_lists_the_current_referrals_with_what_each_lacks(world: LetterWorld) -> None:
    ids = _more(world)
    plan = world.services.documents.need_letters(world.need_id)
    assert plan.title == f"{NEED} – Lindängens Vård AB"
    # Dawit was declined: no letter. Sorted by surname.
    assert [(p.person_name, p.status) for p in plan.letters] == [
        ("Cecilia Exempelsson", "foreslagen"),
        ("Bilal Provsson", "foreslagen"),
        ("Amira Testsson", "foreslagen"),
    ]
    cecilia, bilal, amira = plan.letters
    assert amira.referral_id == ids["amira"]
    assert amira.ready(omit_missing=False)
    assert amira.file_name == f"Presentationsbrev Amira Testsson – {NEED}.pdf"
    assert [m.field for m in bilal.missing] == ["korkort"]
    assert not bilal.ready(omit_missing=False)
    assert bilal.ready(omit_missing=True)
    assert cecilia.refused is not None
    assert "inget gällande samtycke" in cecilia.refused
    assert not cecilia.ready(omit_missing=True)


def test_the_batch_writes_one_recorded_letter_each_and_skips_with_reasons(
    world: LetterWorld, folder: Path
) -> None:
    ids = _more(world)
    seen: list[tuple[int, int]] = []
    batch = world.services.documents.write_need_letters(
        [ids["amira"], ids["bilal"], ids["cecilia"]],
        folder,
        omit_missing=True,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert not batch.cancelled
    assert sorted(p.name for p in batch.written) == [
        f"Presentationsbrev Amira Testsson – {NEED}.pdf",
        f"Presentationsbrev Bilal Provsson – {NEED}.pdf",
    ]
    assert [name for name, _ in batch.skipped] == ["Cecilia Exempelsson"]
    assert "inget gällande samtycke" in batch.skipped[0][1]
    assert seen == [(1, 3), (2, 3), (3, 3)]
    bilal = " ".join(text_of(folder / f"Presentationsbrev Bilal Provsson – {NEED}.pdf").split())
    assert "Hej Berit Exempel!" in bilal
    assert "Körkort" not in bilal
    assert "{" not in bilal
    for path in batch.written:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert _count(world.db, ProducedDocument) == 2
    assert _count(world.db, AuditEvent, AuditEvent.action == "export") == 2
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in batch.written)


def test_without_leaving_lines_out_a_letter_missing_a_value_is_skipped(
    world: LetterWorld, folder: Path
) -> None:
    ids = _more(world)
    batch = world.services.documents.write_need_letters([ids["bilal"]], folder)
    assert batch.written == ()
    [(name, reason)] = batch.skipped
    assert name == "Bilal Provsson"
    assert "{korkort}" in reason
    assert list(folder.iterdir()) == []
    assert _count(world.db, ProducedDocument) == 0


def test_an_existing_file_is_never_replaced(world: LetterWorld, folder: Path) -> None:
    there = folder / f"Presentationsbrev Amira Testsson – {NEED}.pdf"
    there.write_bytes(b"the agent's own file")
    batch = world.services.documents.write_need_letters([world.referral_id], folder)
    assert [p.name for p in batch.written] == [f"Presentationsbrev Amira Testsson – {NEED} (2).pdf"]
    assert there.read_bytes() == b"the agent's own file"


def test_a_cancelled_batch_keeps_exactly_the_letters_it_reports(
    world: LetterWorld, folder: Path
) -> None:
    ids = _more(world)
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1  # stop before the second letter

    batch = world.services.documents.write_need_letters(
        [ids["amira"], ids["bilal"]], folder, omit_missing=True, cancelled=cancelled
    )
    assert batch.cancelled
    assert len(batch.written) == 1
    assert [p.name for p in folder.iterdir()] == [batch.written[0].name]
    assert _count(world.db, ProducedDocument) == 1


def test_a_missing_or_unwritable_folder_is_refused_before_anything_is_written(
    world: LetterWorld, folder: Path
) -> None:
    with pytest.raises(DocumentError, match="finns inte"):
        world.services.documents.write_need_letters([world.referral_id], folder / "borta")
    assert _count(world.db, ProducedDocument) == 0
    if os.geteuid() == 0:
        return  # root may write anywhere; the missing folder above is the check here
    locked = folder / "låst"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(DocumentError, match="Det går inte att skriva i mappen"):
            world.services.documents.write_need_letters([world.referral_id], locked)
    finally:
        locked.chmod(0o700)
    assert _count(world.db, ProducedDocument) == 0


def test_a_large_batch_is_laid_out_by_worker_processes(
    world: LetterWorld, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.documents import pool

    started: list[int] = []
    real = pool.LayoutPool.__init__

    def spy(self: pool.LayoutPool, documents: int, *, workers: int | None = None) -> None:
        real(self, documents, workers=workers)
        started.append(self.workers)

    monkeypatch.setattr(pool.LayoutPool, "__init__", spy)
    ids = [world.referral_id] + [
        world.propose(world.person(f"Person{i}", "Fiktiv")) for i in range(pool.SMALLEST_BATCH)
    ]
    batch = world.services.documents.write_need_letters(ids, folder, workers=2)
    assert started == [2]  # two processes, started with "spawn"
    assert len(batch.written) == len(ids)
    assert batch.skipped == ()
    for path in batch.written:
        text = " ".join(text_of(path).split())
        assert "Hej Berit Exempel!" in text
        assert path.stem.split(" – ")[0].removeprefix("Presentationsbrev ") in text
    assert _count(world.db, ProducedDocument) == len(ids)
