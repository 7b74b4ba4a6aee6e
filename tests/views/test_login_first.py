"""The login window comes first: shown before the data layer and the main window are
imported (docs/decisions/0028-login-window-first.md)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.services import accounts
from desktop.views.startup import PRELOAD

# What the login window may import of the application: its own modules and the rules
# it checks before the database is opened.
ALLOWED_SERVICES = {
    "desktop.services",
    "desktop.services.account_rules",
    "desktop.services.actor",
    "desktop.services.audit_labels",  # `matchning audit --help` is built with the parser
    "desktop.services.demo",
    "desktop.services.demo.codes",
    "desktop.services.demo.database",
    "desktop.services.demo.scales",
    "desktop.services.demo.staff",
}
ALLOWED_VIEWS = {
    "desktop.views",
    "desktop.views.accessible",
    "desktop.views.account_form",  # the password fields the login window is made of
    "desktop.views.dialog_buttons",  # its OK and Cancel
    "desktop.views.errors",
    "desktop.views.feature_scan",  # lifts PySide6's scan of later imports
    "desktop.views.fonts",
    "desktop.views.login",
    "desktop.views.qt_swedish",
    "desktop.views.settings",
    "desktop.views.startup",
    "desktop.views.style",
    "desktop.views.text",
}
FORBIDDEN = ("sqlalchemy", "alembic", "desktop.models", "desktop.store.database")

# `matchning --until-login` in this process, then what it had imported.
SCRIPT = """
import json, sys
from desktop.cli import main
code = main(["--until-login", "--db", sys.argv[1]])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _until_login(path: Path) -> tuple[int, list[str], str]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    result = json.loads(lines[-1])
    return result["code"], result["modules"], "\n".join(lines[:-1])


@pytest.fixture
def database(tmp_path: Path) -> Path:
    opened = accounts.set_up(
        tmp_path / "m.sqlite", municipality_code="0127", full_name="Ada Admin",
        username="ada", password="ett langt losenord",
    )  # fmt: skip
    opened.db.close()
    return opened.db.path


def test_the_login_window_is_shown_without_the_data_layer_or_the_main_window(
    database: Path,
) -> None:
    code, modules, said = _until_login(database)
    assert code == 0
    assert said == "until-login: loginDialog shown"
    loaded = set(modules)
    assert not {m for m in loaded if m.split(".")[0] in ("sqlalchemy", "alembic")}
    assert not {m for m in loaded if m.startswith(FORBIDDEN)}
    assert {m for m in loaded if m.startswith("desktop.services")} <= ALLOWED_SERVICES
    assert {m for m in loaded if m.startswith("desktop.views")} <= ALLOWED_VIEWS
    # What the login itself needs is there.
    assert {"desktop.store.keys", "desktop.store.lock", "desktop.views.login"} <= loaded


def test_until_login_on_a_new_database_stops_at_the_first_start_window(
    tmp_path: Path,
) -> None:
    code, _modules, said = _until_login(tmp_path / "ny.sqlite")
    assert (code, said) == (0, "until-login: setupDialog shown")
    assert not (tmp_path / "ny.sqlite").exists()  # nothing was created


@pytest.mark.parametrize("name", PRELOAD)
def test_what_is_imported_after_the_login_window_exists(name: str) -> None:
    module, _, call = name.partition(":")
    assert importlib.util.find_spec(module) is not None
    if call:
        assert callable(getattr(importlib.import_module(module), call))


# `matchning --smoke` in this process, then whether any ORM mapper had been set up.
SMOKE_SCRIPT = """
import json, sys
from desktop.cli import main
code = main(["--smoke", "--db", sys.argv[1]])
from desktop.models import Base
configured = [m.class_.__name__ for m in Base.registry.mappers if m.configured]
print(json.dumps({"code": code, "configured": configured}))
"""


def test_logging_in_and_the_first_page_set_up_no_mappers(database: Path) -> None:
    # Setting up the ORM's forty mappers takes 50 ms; the login, the main window's first
    # build and the person list read tables, and the preload sets the mappers up while
    # the password is typed (issue 18).
    done = subprocess.run(
        [sys.executable, "-c", SMOKE_SCRIPT, str(database)],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "MATCHNING_USER": "ada",
            "MATCHNING_PASSWORD": "ett langt losenord",
        },
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"code": 0, "configured": []}
