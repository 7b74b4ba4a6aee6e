"""Translation of text that comes from below the views (labels of codes, messages).

Services and the store speak Swedish; an English build maps their strings through the
"vocabulary" and "messages" contexts of a .ts file.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop import swedish


def label(text: str) -> str:
    return QCoreApplication.translate("vocabulary", text)


def message(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def swedish_number(value: int) -> str:
    """12 345, with the non-breaking space Swedish uses between thousands."""
    return swedish.number(value)
