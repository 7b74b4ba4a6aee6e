"""The look of a logged entry in a text list (a journal note, a contact with an
employer): each entry in a bordered box, a heading line, then its text."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextFrameFormat
from PySide6.QtWidgets import QApplication

from desktop.views.style import BORDER, HEADING, SECONDARY


def entry_frame() -> QTextFrameFormat:
    frame = QTextFrameFormat()
    frame.setBorder(1)
    frame.setBorderBrush(QColor(BORDER))
    frame.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    frame.setPadding(8)
    frame.setBottomMargin(8)
    return frame


def heading_block() -> QTextBlockFormat:
    block = QTextBlockFormat()
    # The line of date, type and who follows the application, not the entry's text.
    block.setLayoutDirection(QApplication.layoutDirection())
    return block


def body_block() -> QTextBlockFormat:
    block = QTextBlockFormat()
    block.setTopMargin(4)
    return block


def bold() -> QTextCharFormat:
    char = QTextCharFormat()
    char.setFontWeight(QFont.Weight.DemiBold)
    char.setForeground(QColor(HEADING))
    return char


def caption_format() -> QTextCharFormat:
    char = QTextCharFormat()
    char.setFontWeight(QFont.Weight.DemiBold)
    char.setForeground(QColor(SECONDARY))
    return char


def grey() -> QTextCharFormat:
    char = QTextCharFormat()
    char.setForeground(QColor(SECONDARY))
    return char
