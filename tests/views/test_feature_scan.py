"""PySide6's `__feature__` support reads every later module's source; the app skips it."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from desktop.views import feature_scan


def _import_fresh(folder: Path, name: str) -> None:
    (folder / f"{name}.py").write_text("from PySide6.QtWidgets import QLabel\n", "utf-8")
    __import__(name)  # an import statement's way in, where PySide6 hooks itself


def test_modules_imported_after_pyside_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = sys.modules["shibokensupport.feature"]
    reads: list[object] = []
    monkeypatch.setattr(inspect, "getsource", lambda module: reads.append(module) or "")
    monkeypatch.syspath_prepend(str(tmp_path))
    # PySide6 as it comes: each new module's source is read.
    monkeypatch.setattr(feature, "_mod_uses_pyside", _original(feature))
    _import_fresh(tmp_path, "feature_scan_probe_before")
    assert "feature_scan_probe_before" in _names(reads)

    feature_scan.skip()
    reads.clear()
    _import_fresh(tmp_path, "feature_scan_probe_after")
    assert reads == []
    # Qt works as before in the module imported since.
    label = sys.modules["feature_scan_probe_after"].QLabel("Hej")
    assert isinstance(label, QLabel)
    assert label.text() == "Hej"


def _names(modules: list[object]) -> list[str]:
    return [getattr(module, "__name__", "") for module in modules]


def _original(feature: object) -> object:
    uses = feature._mod_uses_pyside  # type: ignore[attr-defined]
    # No test starts the app in this process (they run it as a child), so nothing has
    # skipped the scan yet.
    assert uses is not feature_scan._uses_pyside
    return uses
