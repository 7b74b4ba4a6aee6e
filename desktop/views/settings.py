"""UI state kept between runs (window geometry, last screen), through one typed registry.

Only state that is harmless to lose lives here; anything that matters is in the database.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QSettings, QSize

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


class SizeOption:
    """A window size kept as "WIDTHxHEIGHT"; None until one is kept, or when what is kept
    is not a size."""

    def __init__(self, key: str) -> None:
        self.key = key

    @overload
    def __get__(self, settings: None, owner: type[Any]) -> SizeOption: ...
    @overload
    def __get__(self, settings: Settings, owner: type[Any]) -> QSize | None: ...
    def __get__(self, settings: Settings | None, owner: type[Any]) -> QSize | SizeOption | None:
        if settings is None:
            return self
        value = settings.store.value(self.key, "")
        width, _, height = str(value).partition("x")
        try:
            size = QSize(int(width), int(height))
        except ValueError:
            return None
        return size if size.width() > 0 and size.height() > 0 else None

    def __set__(self, settings: Settings, value: QSize) -> None:
        settings.store.setValue(self.key, f"{value.width()}x{value.height()}")


# The main window's screens by their row in the navigation: Översikt is 0.
PERSONS_SCREEN = 1  # Deltagare


class Settings:
    window_geometry = Option("window/geometry", b"")
    # The size the last window of each kind was closed at: the next one opens so.
    person_window_size = SizeOption("windows/person/size")
    employer_window_size = SizeOption("windows/employer/size")
    need_window_size = SizeOption("windows/need/size")
    intake_window_size = SizeOption("windows/intake/size")
    person_needs_window_size = SizeOption("windows/personNeeds/size")
    last_screen = Option("window/last_screen", 0)  # Översikt
    # The folder a PDF was last saved in ("" until then: the user's documents folder).
    documents_folder = Option("documents/folder", "")

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings()

    def window_size(self, kind: str) -> QSize | None:
        """The size kept for a kind of window (see WINDOW_SIZES), or None."""
        option = WINDOW_SIZES.get(kind)
        return option.__get__(self, Settings) if option is not None else None

    def keep_window_size(self, kind: str, size: QSize) -> None:
        option = WINDOW_SIZES.get(kind)
        if option is not None:
            option.__set__(self, size)


# The kinds of top-level windows whose size is remembered, by the name the workspace uses.
WINDOW_SIZES: dict[str, SizeOption] = {
    "person": Settings.person_window_size,
    "employer": Settings.employer_window_size,
    "need": Settings.need_window_size,
    "intake": Settings.intake_window_size,
    "personNeeds": Settings.person_needs_window_size,
}
