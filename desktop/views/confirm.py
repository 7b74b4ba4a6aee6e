"""A question before something that cannot be undone or that throws typed text away.

The caller connects the answer (`buttonClicked` or `finished`) and opens the box; the act
button is named `act_name` so the answer is told by its objectName, not by keeping a
reference to a button of a box that deletes itself on close.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_box(
    parent: QWidget,
    name: str,
    title: str,
    text: str,
    *,
    act: str,
    stay: str,
    act_role: QMessageBox.ButtonRole = QMessageBox.ButtonRole.AcceptRole,
    informative: str = "",
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
    act_name: str = "confirmButton",
    stay_name: str = "cancelButton",
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if informative:
        box.setInformativeText(informative)
    act_button = box.addButton(act, act_role)
    act_button.setObjectName(act_name)
    stay_button = box.addButton(stay, QMessageBox.ButtonRole.RejectRole)
    stay_button.setObjectName(stay_name)
    # The safe answer is the one Enter and Esc give (docs/ui.md).
    box.setDefaultButton(stay_button)
    box.setEscapeButton(stay_button)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box
