"""OK and Cancel under a dialog's form, worded for what OK does.

OK calls `submit`, which checks and saves and closes the dialog only when that worked, so
that a refusal leaves everything typed in place; Cancel rejects."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox


def ok_cancel(
    dialog: QDialog,
    submit: Callable[[], object],
    ok: str,
    ok_name: str,
    *,
    cancel: str | None = None,
    named_cancel: bool = True,
) -> QDialogButtonBox:
    """`ok` on OK, named `ok_name`; `cancel` (Avbryt unless given) on Cancel, named
    cancelButton unless not `named_cancel`."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    save = box.button(QDialogButtonBox.StandardButton.Ok)
    save.setText(ok)
    save.setObjectName(ok_name)
    back = box.button(QDialogButtonBox.StandardButton.Cancel)
    back.setText(cancel or QCoreApplication.translate("ok_cancel", "Avbryt"))
    if named_cancel:
        back.setObjectName("cancelButton")
        back.setAccessibleName(back.text())
    box.accepted.connect(submit)
    box.rejected.connect(dialog.reject)
    return box
