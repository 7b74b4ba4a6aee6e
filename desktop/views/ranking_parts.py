"""What the two ranking screens, Matchning (candidates for a need) and Matchande behov
(needs for a person), build alike: the line that answers a proposal, the offer to
register consent when a proposal stops for want of it, the words shown instead of an
empty list or when the ranking failed, and Ctrl+Enter for Föreslå."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QTableView, QWidget

from desktop.services.matching import MatchingError
from desktop.store.errors import StoreError
from desktop.views.intake.form import ERROR_STYLE
from desktop.views.person.widgets import button
from desktop.views.style import SECONDARY_STYLE
from desktop.views.text import message

PROPOSE_KEYS = ("Ctrl+Return", "Ctrl+Enter")
DONE_STYLE = "color: #1b5e20;"


def _tr(text: str) -> str:
    return QCoreApplication.translate("RankingParts", text)


def notice_label(object_name: str) -> QLabel:
    notice = QLabel()
    notice.setObjectName(object_name)
    notice.setAccessibleName(_tr("Meddelande"))
    notice.setTextFormat(Qt.TextFormat.PlainText)
    notice.setWordWrap(True)
    notice.hide()
    return notice


def say(notice: QLabel, text: str, *, problem: bool = False) -> None:
    """`text` in `notice`, red if it is a `problem`; hidden when there is nothing to say."""
    notice.setText(text)
    notice.setStyleSheet(ERROR_STYLE if problem else DONE_STYLE)
    notice.setVisible(bool(text))


def consent_button(object_name: str) -> QPushButton:
    """Registrera samtycke…, hidden until a proposal is refused for want of consent."""
    offer = button(
        _tr("Registrera sa&mtycke…"),
        object_name,
        _tr("Registrera samtycke till att profilen delas"),
    )
    offer.hide()
    return offer


def empty_label(object_name: str) -> QLabel:
    empty = QLabel()
    empty.setObjectName(object_name)
    empty.setTextFormat(Qt.TextFormat.PlainText)
    empty.setWordWrap(True)
    empty.setStyleSheet(f"{SECONDARY_STYLE} padding: 8px 2px;")
    return empty


def show_empty(empty: QLabel, table: QTableView, text: str) -> None:
    """Words instead of the table: why there is nothing to show."""
    empty.setText(text)
    empty.setAccessibleName(text)
    empty.show()
    table.hide()


def failure_text(error: object) -> str:
    """What the screen says when a ranking failed: the words of a refusal or of the
    database; any other error is raised again, for the app's exception dialog."""
    if not isinstance(error, MatchingError | StoreError):
        assert isinstance(error, BaseException)
        raise error
    return message(str(error))


def propose_keys(widget: QWidget, propose: Callable[[], object]) -> None:
    """Ctrl+Enter anywhere in `widget` proposes."""
    for keys in PROPOSE_KEYS:
        shortcut = QShortcut(QKeySequence(keys), widget)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(propose)
