"""Administration → Brevhuvud: each municipality's letterhead (unit, address, phone,
e-mail, website, each checked where it is typed with the reason beside it), its logo
(PNG or SVG, shown; the placeholder when none), and the referral letter's template with
the list of merge fields and a preview on made-up data, as text here and as the real
letter in the PDF viewer."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.documents import files, logos, referral_letter, templates
from desktop.documents.errors import DocumentError
from desktop.services.forms import FormError
from desktop.services.letterheads import LetterheadData, LetterheadRow, LetterheadService
from desktop.store.errors import StoreError
from desktop.views.documents.actions import print_folder
from desktop.views.documents.saving import OpenUrl, open_in_viewer
from desktop.views.person.widgets import FieldError, Notice, button, caption, heading
from desktop.views.style import SECONDARY_STYLE

FIELDS = (
    ("unit", "&Enhet"),
    ("street_address", "&Adress"),
    ("postal_code", "Post&nummer"),
    ("city", "&Ort"),
    ("phone", "&Telefon"),
    ("email", "E-&post"),
    ("website", "&Webbplats"),
)
LOGO_SIZE = (220, 90)


def logo_pixmap(data: bytes | None, media_type: str | None, municipality_code: str) -> QPixmap:
    """The logo as the letters show it; the placeholder when there is none."""
    if data is None:
        data = Path(logos.placeholder_path(municipality_code)).read_bytes()
        media_type = logos.SVG
    if media_type == logos.SVG:
        renderer = QSvgRenderer(QByteArray(data))
        size = renderer.defaultSize().scaled(*LOGO_SIZE, Qt.AspectRatioMode.KeepAspectRatio)
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter, QRectF(image.rect()))
        painter.end()
        return QPixmap.fromImage(image)
    pixmap = QPixmap()
    pixmap.loadFromData(data)
    return pixmap.scaled(
        *LOGO_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class LetterheadView(QWidget):
    def __init__(
        self,
        letterheads: LetterheadService,
        municipalities: Sequence[tuple[str, str]],
        *,
        default_municipality: str | None = None,
        open_url: OpenUrl | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._letterheads = letterheads
        self._open_url = open_url
        self.row: LetterheadRow | None = None
        self.file_dialog: QFileDialog | None = None
        self.setObjectName("letterheadView")
        self.setAccessibleName(self.tr("Brevhuvud"))

        self.municipality = QComboBox()
        self.municipality.setObjectName("letterheadMunicipality")
        self.municipality.setAccessibleName(self.tr("Kommun"))
        for code, name in municipalities:
            self.municipality.addItem(name, code)
        if default_municipality is not None:
            self.municipality.setCurrentIndex(
                max(self.municipality.findData(default_municipality), 0)
            )
        self.municipality.currentIndexChanged.connect(lambda _i: self.load())

        form = QFormLayout()
        form.addRow(caption(self.tr("&Kommun"), self.municipality), self.municipality)
        self._build_fields(form)
        self._build_logo(form)
        template_row = self._build_template()
        buttons = self._build_buttons()

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(heading(self.tr("Brevhuvud"), "letterheadHeading"))
        layout.addLayout(form)
        layout.addLayout(template_row, 1)
        layout.addWidget(caption(self.tr("Fält i mallen")))
        layout.addWidget(self.field_list)
        layout.addWidget(self.error)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        scroll = QScrollArea()
        scroll.setObjectName("letterheadScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.load()

    def _build_fields(self, form: QFormLayout) -> None:
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, FieldError] = {}
        for name, shown in FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"letterhead_{name}")
            edit.setAccessibleName(self.tr(shown.replace("&", "")))
            error = FieldError(f"letterhead_{name}Error", self.tr("Fel"))
            edit.editingFinished.connect(partial(self._check, name))
            edit.textEdited.connect(partial(self._typed, name))
            self.edits[name], self.errors[name] = edit, error
            column = QVBoxLayout()
            column.setSpacing(1)
            column.addWidget(edit)
            column.addWidget(error)
            form.addRow(caption(self.tr(shown), edit), column)

    def _build_logo(self, form: QFormLayout) -> None:
        self.logo = QLabel()
        self.logo.setObjectName("letterheadLogo")
        self.logo.setAccessibleName(self.tr("Logotyp"))
        self.logo.setMinimumSize(*LOGO_SIZE)
        self.logo.setStyleSheet("background: white; border: 1px solid #ccc;")
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_note = QLabel()
        self.logo_note.setObjectName("letterheadLogoNote")
        self.logo_note.setStyleSheet(SECONDARY_STYLE)
        self.logo_error = FieldError("letterheadLogoError", self.tr("Fel i logotypen"))
        self.choose_logo_button = button(
            self.tr("&Välj logotyp…"), "letterheadChooseLogo", self.tr("Välj logotyp")
        )
        self.remove_logo_button = button(
            self.tr("Ta &bort logotypen"), "letterheadRemoveLogo", self.tr("Ta bort logotypen")
        )
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button.clicked.connect(self.remove_logo)
        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(self.choose_logo_button)
        logo_buttons.addWidget(self.remove_logo_button)
        logo_buttons.addWidget(self.logo_note)
        logo_buttons.addStretch(1)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo)
        logo_row.addLayout(logo_buttons, 1)
        form.addRow(caption(self.tr("Logotyp")), logo_row)
        form.addRow("", self.logo_error)

    def _build_template(self) -> QHBoxLayout:
        self.template = QPlainTextEdit()
        self.template.setObjectName("letterheadTemplate")
        self.template.setAccessibleName(self.tr("Mall för presentationsbrev"))
        self.template.setTabChangesFocus(True)
        self.template.setMinimumHeight(280)
        self.template.textChanged.connect(self._template_changed)
        self.template_error = FieldError("letterheadTemplateError", self.tr("Fel i mallen"))
        self.field_list = QLabel(
            "\n".join(f"{{{f.name}}} – {f.label}" for f in referral_letter.FIELDS)
        )
        self.field_list.setObjectName("letterheadFieldList")
        self.field_list.setAccessibleName(self.tr("Fält som kan användas i mallen"))
        self.field_list.setWordWrap(True)
        self.field_list.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("letterheadPreview")
        self.preview.setAccessibleName(self.tr("Förhandsgranskning med påhittade uppgifter"))
        self.preview.setReadOnly(True)
        self.preview.setTabChangesFocus(True)
        self.preview.setStyleSheet("background: #fafafa;")
        template_row = QHBoxLayout()
        template_column = QVBoxLayout()
        template_column.addWidget(caption(self.tr("Mall för p&resentationsbrev"), self.template))
        template_column.addWidget(self.template, 1)
        template_column.addWidget(self.template_error)
        preview_column = QVBoxLayout()
        preview_column.addWidget(
            caption(self.tr("Förhandsgranskning (påhittade uppgifter)"), self.preview)
        )
        preview_column.addWidget(self.preview, 1)
        template_row.addLayout(template_column, 1)
        template_row.addLayout(preview_column, 1)
        return template_row

    def _build_buttons(self) -> QHBoxLayout:
        self.error = FieldError("letterheadError", self.tr("Fel"))
        self.notice = Notice("letterheadNotice", self.tr("Meddelande"))
        self.save_button = button(self.tr("&Spara"), "letterheadSave", self.tr("Spara"))
        self.default_button = button(
            self.tr("Standard&mallen"), "letterheadDefaultTemplate", self.tr("Standardmallen")
        )
        self.pdf_button = button(
            self.tr("Förhandsgranska som &PDF"),
            "letterheadPreviewPdf",
            self.tr("Förhandsgranska som PDF"),
        )
        self.save_button.clicked.connect(self.save)
        self.default_button.clicked.connect(
            lambda: self.template.setPlainText(referral_letter.DEFAULT_TEMPLATE)
        )
        self.pdf_button.clicked.connect(self.preview_pdf)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.default_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        return buttons

    # Reading ---------------------------------------------------------------------------

    def code(self) -> str:
        return str(self.municipality.currentData())

    def load(self) -> None:
        try:
            row = self._letterheads.get(self.code())
        except StoreError as error:
            self.error.say(str(error))
            return
        self.row = row
        data = row.data
        for name, edit in self.edits.items():
            edit.setText(getattr(data, name))
            self.errors[name].say(None)
        self.template.setPlainText(row.referral_template)
        self._show_logo(row)
        self.error.say(None)

    def _show_logo(self, row: LetterheadRow) -> None:
        logo = row.logo
        self.logo.setPixmap(
            logo_pixmap(logo.data if logo else None, logo.media_type if logo else None, self.code())
        )
        self.logo_note.setText(
            self.tr("Kommunens egen logotyp.")
            if logo
            else self.tr("Platshållare: ingen egen logotyp är vald.")
        )
        self.remove_logo_button.setEnabled(logo is not None)

    def data(self) -> LetterheadData:
        values = {name: edit.text() for name, edit in self.edits.items()}
        return LetterheadData(**values, referral_template=self.template.toPlainText())

    # Checking --------------------------------------------------------------------------

    def _typed(self, name: str, _text: str) -> None:
        if not self.errors[name].isHidden():
            self._check(name)

    def _check(self, name: str) -> bool:
        problem = self._letterheads.problems(self.data()).get(name)
        self.errors[name].say(problem)
        return problem is None

    def _template_changed(self) -> None:
        text = self.template.toPlainText() or referral_letter.DEFAULT_TEMPLATE
        problem = self._letterheads.problems(self.data()).get("referral_template")
        self.template_error.say(problem)
        examples = {f.name: f.example for f in referral_letter.FIELDS}
        merged, _missing = templates.merge(text, examples)
        self.preview.setPlainText(templates.finish(merged))

    def error_text(self, name: str) -> str:
        label = self.errors.get(name) or (
            self.template_error if name == "referral_template" else self.logo_error
        )
        return label.text() if not label.isHidden() else ""

    # Saving ----------------------------------------------------------------------------

    def save(self) -> bool:
        if self.row is None:
            return False
        self.notice.say("")
        self.error.say(None)
        try:
            self._letterheads.update(self.code(), self.data(), version=self.row.version)
        except FormError as error:
            self._show_problems(error)
            return False
        except StoreError as error:
            self.error.say(str(error))
            return False
        self.load()
        self.notice.say(self.tr("Brevhuvudet är sparat."))
        return True

    def _show_problems(self, error: FormError) -> None:
        for name, label in self.errors.items():
            label.say(error.problems.get(name))
        self.template_error.say(error.problems.get("referral_template"))
        self.logo_error.say(error.problems.get("logo"))
        self.error.say(str(error))
        first = next((self.edits[n] for n in self.edits if n in error.problems), None)
        (first or self.template).setFocus(Qt.FocusReason.OtherFocusReason)

    # The logo --------------------------------------------------------------------------

    def choose_logo(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Välj logotyp"))
        dialog.setObjectName("logoFileDialog")
        dialog.setAccessibleName(self.tr("Välj logotyp"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setNameFilter(self.tr("Logotyp (*.png *.svg)"))
        dialog.fileSelected.connect(lambda path: self.set_logo(Path(path)))
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def set_logo(self, path: Path) -> bool:
        if self.row is None:
            return False
        self.logo_error.say(None)
        try:
            data = path.read_bytes()
        except OSError as error:
            self.logo_error.say(
                self.tr("Filen %1 kan inte läsas: %2")
                .replace("%1", path.name)
                .replace("%2", error.strerror or "")
            )
            return False
        try:
            self._letterheads.set_logo(self.code(), data, version=self.row.version)
        except FormError as error:
            self.logo_error.say(error.problems.get("logo") or str(error))
            return False
        except StoreError as error:
            self.logo_error.say(str(error))
            return False
        self._reload_keeping_edits()
        self.notice.say(self.tr("Logotypen är sparad."))
        return True

    def remove_logo(self) -> None:
        if self.row is None:
            return
        try:
            self._letterheads.remove_logo(self.code(), version=self.row.version)
        except (FormError, StoreError) as error:
            self.logo_error.say(str(error))
            return
        self._reload_keeping_edits()
        self.notice.say(self.tr("Logotypen är borttagen; platshållaren används."))

    def _reload_keeping_edits(self) -> None:
        """The new version and logo, without losing what is typed in the form."""
        row = self._letterheads.get(self.code())
        self.row = row
        self._show_logo(row)

    # Preview ---------------------------------------------------------------------------

    def preview_pdf(self) -> Path | None:
        """The letter on made-up data with the settings as typed, in the PDF viewer."""
        self.error.say(None)
        problem = self._letterheads.problems(self.data()).get("referral_template")
        if problem:
            self.template_error.say(problem)
            return None
        try:
            data = self._letterheads.preview(self.code(), self.data())
            path = print_folder() / f"Förhandsgranskning brevhuvud {self.code()}.pdf"
            files.write_atomically(path, lambda handle: handle.write(data))
        except (DocumentError, StoreError) as error:
            self.error.say(str(error))
            return None
        if self._open_url is None:
            open_in_viewer(path)
        else:
            open_in_viewer(path, self._open_url)
        return path
