"""The frozen app: built once with packaging/build.py, then run as a user would run it."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from desktop import __version__
from desktop.store.schema import HEAD_REVISION
from tests import credentials

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT = 20 * 60
RUN_TIMEOUT = 120


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one-folder bundle, built into a temporary directory once for this module."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (pip install -e '.[dev]')")
    base = tmp_path_factory.mktemp("frozen")
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--dist",
            str(base / "dist"),
            "--work",
            str(base / "work"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"the build failed:\n{done.stdout[-5000:]}\n{done.stderr[-5000:]}")
    shutil.rmtree(base / "work", ignore_errors=True)
    print(done.stdout.strip().splitlines()[-1])  # the folder, its size and the build time
    return base / "dist" / "matchning"


def run(bundle: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    # On Windows, matchning.exe is windowed (no console output); matchning-cli.exe is not.
    program = bundle / ("matchning-cli.exe" if sys.platform == "win32" else "matchning")
    return subprocess.run(
        [str(program), *args],
        capture_output=True,
        text=True,
        env=credentials.env(**extra),
        timeout=RUN_TIMEOUT,
        check=False,
    )


def test_smoke_opens_a_new_database_and_shows_the_main_window(bundle: Path, tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite"
    done = run(bundle, "--smoke", "--db", str(path))
    assert done.returncode == 0, done.stderr
    assert "smoke ok: main window shown" in done.stdout
    assert credentials.revision(path) == HEAD_REVISION


def test_version(bundle: Path) -> None:
    done = run(bundle, "--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Matchning {__version__}"


def test_init_creates_a_database_at_the_current_schema(bundle: Path, tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    done = run(bundle, "--db", str(path), "init", "--municipality", "0127", "--name", "Test")
    assert done.returncode == 0, done.stderr
    assert str(path) in done.stdout
    assert credentials.revision(path) == HEAD_REVISION


def test_smoke_refuses_a_file_that_is_not_a_database(bundle: Path, tmp_path: Path) -> None:
    path = tmp_path / "brev.txt"
    path.write_text("Hej! Det här är ett brev, ingen databas.\n", encoding="utf-8")
    done = run(bundle, "--smoke", "--db", str(path))
    assert done.returncode != 0
    assert "är ingen Matchning-databas" in done.stderr
    assert path.read_text(encoding="utf-8") == "Hej! Det här är ett brev, ingen databas.\n"


def test_the_frozen_app_carries_the_postgresql_driver(bundle: Path) -> None:
    done = run(bundle, "server", "init", "--url", "postgresql://postgres@127.0.0.1:1/matchning")
    assert done.returncode == 1
    assert done.stderr.startswith("matchning: Det gick inte att ansluta till databasservern")


def test_the_frozen_app_sets_up_a_server_and_a_laptop_syncs_with_it(
    bundle: Path, pg_url: str, tmp_path: Path
) -> None:
    address = make_url(pg_url)
    admin_url = f"postgresql://postgres@{address.host}:{address.port}/{address.database}"
    laptop_url = f"postgresql://{address.host}:{address.port}/{address.database}"
    created = run(bundle, "server", "init", "--url", admin_url)
    assert created.returncode == 0, created.stderr
    added = run(
        bundle, "server", "user", "add", "--url", admin_url, "--username", credentials.USER,
        "--name", "Test Administratör", "--municipality", "0127",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    password = added.stdout.split("Lösenord:")[1].split()[0]
    path = tmp_path / "laptop.sqlite"
    made = run(bundle, "--db", str(path), "init", "--municipality", "0127", "--name", "Test")
    assert made.returncode == 0, made.stderr

    connected = run(
        bundle, "--db", str(path), "sync", "connect", "--url", laptop_url,
        "--login", credentials.USER, MATCHNING_SERVER_PASSWORD=password,
    )  # fmt: skip
    assert connected.returncode == 0, connected.stderr
    synced = run(bundle, "--db", str(path), "sync", "status", "--json")
    assert synced.returncode == 0, synced.stderr
    state = json.loads(synced.stdout)
    assert state["connected"] is True
    assert state["waiting"] == 0
    assert state["last_error"] is None


def test_the_bundle_carries_the_icon_and_the_migrations(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "resources" / "icons" / "matchning.png").is_file()
    migrations = internal / "desktop" / "store" / "migrations"
    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    shipped = {path.name for path in (migrations / "versions").glob("*.py")}
    in_source = {
        path.name for path in (ROOT / "desktop" / "store" / "migrations" / "versions").glob("*.py")
    }
    assert shipped == in_source


def test_the_bundle_carries_the_fonts_their_licence_and_the_logos(bundle: Path) -> None:
    resources = bundle / "_internal" / "resources"
    shipped = {path.name for path in (resources / "fonts").glob("*.ttf")}
    assert shipped == {path.name for path in (ROOT / "resources" / "fonts").glob("*.ttf")}
    assert (resources / "fonts" / "OFL.txt").is_file()
    assert (resources / "logos" / "generic.svg").is_file()


def test_the_frozen_app_writes_a_referral_letter_with_arabic_shaped(
    bundle: Path, tmp_path: Path
) -> None:
    """Fonts, HarfBuzz (uharfbuzz) and svglib (the placeholder logo) are in the bundle."""
    from tests.documents.pdf import fonts_of, pages_of, text_of
    from tests.documents.world import letter_world

    path = tmp_path / "brev.sqlite"
    opened = credentials.set_up(path)
    try:
        world = letter_world(opened.db)
        referral = world.propose(world.person("محمد", "Testsson"))
    finally:
        opened.db.close()
    target = tmp_path / "brev.pdf"
    done = run(bundle, "--db", str(path), "document", "referral", str(referral), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert pages_of(target) == 1
    assert "Botkyrka" in text_of(target)
    used = fonts_of(target)
    assert used["NotoSansArabic-Regular"]
    assert all(used.values())
    assert "\uffff" not in text_of(target)


def test_the_frozen_app_lays_out_a_batch_of_letters_on_worker_processes(
    bundle: Path, tmp_path: Path
) -> None:
    """The executable serves as its own worker (multiprocessing.freeze_support)."""
    from desktop.documents.pool import SMALLEST_BATCH
    from tests.documents.world import letter_world

    path = tmp_path / "brev.sqlite"
    opened = credentials.set_up(path)
    try:
        world = letter_world(opened.db)
        for i in range(SMALLEST_BATCH):
            world.propose(world.person(f"Person{i}", "Fiktiv"))
    finally:
        opened.db.close()
    folder = tmp_path / "brev"
    folder.mkdir()
    done = run(bundle, "--db", str(path), "document", "letters", str(world.need_id), "-o",
               str(folder))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Skrev {SMALLEST_BATCH + 1} brev i {folder}.\n"
    assert len(list(folder.glob("*.pdf"))) == SMALLEST_BATCH + 1


def test_the_frozen_app_writes_the_reports_and_runs_retention(bundle: Path, tmp_path: Path) -> None:
    """The report PDF's charts (reportlab.graphics), the .xlsx writer and retention's
    VACUUM are in the bundle."""
    from tests.documents.world import letter_world

    path = tmp_path / "rapport.sqlite"
    opened = credentials.set_up(path)
    try:
        letter_world(opened.db)
    finally:
        opened.db.close()
    year = ("--from", "2026-01-01", "--to", "2026-12-01")
    for kind, suffix in (("overview", "pdf"), ("overview", "xlsx"), ("esf", "csv")):
        target = tmp_path / f"{kind}.{suffix}"
        done = run(bundle, "--db", str(path), "report", kind, *year, "-o", str(target))
        assert done.returncode == 0, done.stderr
        assert target.stat().st_size > 0
    done = run(bundle, "--db", str(path), "retention", "preview")
    assert done.returncode == 0, done.stderr
