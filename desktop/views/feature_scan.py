"""PySide6 reads the source of every module imported after it.

Its `__feature__` support (`from __feature__ import snake_case`) wants to know, for each
module imported once PySide6 is loaded, whether the module uses PySide6, and finds out by
reading the module's source file and searching it for "PySide6". In this app that is
every SQLAlchemy, model, service and view module loaded while the login window waits:
about 0.1 s at start-up, for a feature the app does not use (issue 18).

Every module is taken to use PySide6 with the default features (select id 0). That is
what the modules that do use it get anyway, and with no module selecting a feature the
default stays the only selection, so no attribute lookup changes.
"""

from __future__ import annotations

import sys
from types import ModuleType


def _uses_pyside(module: ModuleType) -> bool:
    return True


def skip() -> None:
    """Called once PySide6 is imported; a PySide6 without the hook is left as it is."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        setattr(feature, "_mod_uses_pyside", _uses_pyside)  # noqa: B010 (mypy: not typed)
