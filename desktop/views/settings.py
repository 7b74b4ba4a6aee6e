"""UI state kept between runs (window geometry, last screen), through one typed registry.

Only state that is harmless to lose lives here; anything that matters is in the database.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


class Option(Generic[T]):
    """A typed QSettings key with a default; reads fall back to the default on bad values."""

    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default = default

    @overload
    def __get__(self, settings: None, owner: type[Any]) -> Option[T]: ...
    @overload
    def __get__(self, settings: Settings, owner: type[Any]) -> T: ...
    def __get__(self, settings: Settings | None, owner: type[Any]) -> T | Option[T]:
        if settings is None:
            return self
        value = settings.store.value(self.key, self.default)
        kind = type(self.default)
        try:
            if isinstance(value, QByteArray):
                value = value.data()
            return kind(value)  # type: ignore[call-arg]
        except (TypeError, ValueError):
            return self.default

    def __set__(self, settings: Settings, value: T) -> None:
        settings.store.setValue(self.key, value)


class Settings:
    window_geometry = Option("window/geometry", b"")
    last_screen = Option("window/last_screen", 0)  # Översikt
    # The folder a PDF was last saved in ("" until then: the user's documents folder).
    documents_folder = Option("documents/folder", "")

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings()
