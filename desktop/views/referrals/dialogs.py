"""The dialogs of a referral: one step on (with a note; who declined and why for a
decline; the form, dates and extent for a placement), undoing a placement, and the
history.

The step dialog calls the service itself (through `submit`) and stays open on a refusal
with the reason beside the field it concerns, so that nothing chosen or typed is lost;
a placement's fields are checked as they are typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.bidi import isolated
from desktop.services.intake import EXTENTS
from desktop.services.reference import Choice
from desktop.services.referrals import (
    DECLINE_REASONS,
    DECLINED_BY_NAMES,
    HistoryRow,
    PlacementData,
    ReferralError,
    ReferralRow,
    StaleError,
)
from desktop.store.errors import StoreError
from desktop.views.dialog_buttons import ok_cancel
from desktop.views.intake.form import hint_label
from desktop.views.person.widgets import (
    FieldError,
    caption,
    date_edit,
    on_save_keys,
    text_edit,
)
from desktop.views.pickers import ChoiceBox, ChoiceButtons
from desktop.views.referrals.model import local_time
from desktop.views.text import label

# The one step back, offered for a placed referral.
UNDO = "angra_placering"
PLACEMENT_FIELDS = ("form_code", "start_date", "end_date", "extent")
CHOICE_WIDTH = 360


@dataclass(frozen=True)
class StepInput:
    """What the step dialog gathered, for ReferralService.change_status."""

    note: str = ""
    declined_by: str | None = None
    reason: str | None = None
    placement: PlacementData | None = None


class StepDialog(QDialog):
    """One step of `row` (a status, or UNDO). `submit(StepInput)` does it, raising
    ReferralError (reasons per field), StaleError or StoreError when it cannot be done.

    For a placement give `forms` (the labour-market forms), `placement` (what to start
    from) and `placement_problems` (the check as typed)."""

    def __init__(
        self,
        row: ReferralRow,
        step: str,
        submit: Callable[[StepInput], None],
        *,
        forms: Sequence[Choice] = (),
        placement: PlacementData | None = None,
        placement_problems: Callable[[PlacementData], Mapping[str, str]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referralStepDialog")
        self.row = row
        self.step = step
        self._submit = submit
        self._placement_problems = placement_problems
        self._touched: set[str] = set()
        title, ok, purpose = self._words(step)
        self.setWindowTitle(title)
        self.setAccessibleName(title)

        header = self._header(row, purpose)

        self.errors: dict[str, FieldError] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.declined_by: ChoiceButtons | None = None
        self.reason: ChoiceBox | None = None
        self.form_code: ChoiceBox | None = None
        self.start_date: QLineEdit | None = None
        self.end_date: QLineEdit | None = None
        self.extent: ChoiceBox | None = None
        if step == "avbojd":
            self._build_decline()
        if step == "placerad":
            self._build_placement(forms, placement or PlacementData())
        self.note = text_edit("note", self.tr("Anteckning"), lines=3)
        self.note.setMinimumWidth(380)
        hint = self.tr("Skrivs i personens journal.")
        if step == "avbojd":
            hint = self.tr("Skrivs i personens journal. Skriv skälet här om du valde Annat skäl.")
        self._add_row(
            self.tr("A&nteckning"), "note", self.note, self.tr("Fel i anteckningen"), hint
        )
        self.errors["form"] = FieldError("stepError", self.tr("Fel"))

        box = self._buttons(ok)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addSpacing(6)
        layout.addLayout(self.form)
        layout.addWidget(self.errors["form"])
        layout.addWidget(box)
        self.setMinimumWidth(520)
        self._first_field().setFocus(Qt.FocusReason.OtherFocusReason)

    def _header(self, row: ReferralRow, purpose: str) -> QVBoxLayout:
        """Whose referral to what, where it stands, and what the step means."""
        who = QLabel(
            self.tr("%1 – %2 hos %3")
            .replace("%1", isolated(row.person_name))
            .replace("%2", isolated(row.need_title))
            .replace("%3", isolated(row.employer_name))
        )
        who.setObjectName("stepSubject")
        who.setAccessibleName(who.text())
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setStyleSheet("font-weight: 600;")
        who.setWordWrap(True)
        now = QLabel(self.tr("Status nu: %1").replace("%1", label(row.status_name)))
        now.setObjectName("stepStatus")
        now.setAccessibleName(now.text())
        self.intro = QLabel(purpose)
        self.intro.setObjectName("stepIntro")
        self.intro.setAccessibleName(purpose)
        self.intro.setWordWrap(True)
        header = QVBoxLayout()
        header.addWidget(who)
        header.addWidget(now)
        header.addWidget(self.intro)
        return header

    def _buttons(self, ok: str) -> QDialogButtonBox:
        box = ok_cancel(self, self.submit, ok, "confirmStepButton")
        self.save_button = box.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setAccessibleName(ok)
        self.save_button.setToolTip(self.tr("%1 (Ctrl+Enter)").replace("%1", ok))
        on_save_keys(self, self.submit)
        return box

    def _words(self, step: str) -> tuple[str, str, str]:
        """The dialog's title, its button, and what the step means."""
        words = {
            "presenterad": (
                self.tr("Presentera för arbetsgivaren"),
                self.tr("Presentera"),
                self.tr("Kandidaten har presenterats för arbetsgivaren, till exempel med profil "
                        "eller CV."),
            ),
            "intervju": (
                self.tr("Intervju"),
                self.tr("Intervju"),
                self.tr("Arbetsgivaren har kallat kandidaten till intervju."),
            ),
            "erbjuden": (
                self.tr("Erbjud"),
                self.tr("Erbjud"),
                self.tr("Arbetsgivaren har erbjudit kandidaten jobbet."),
            ),
            "placerad": (
                self.tr("Placera"),
                self.tr("Placera"),
                self.tr("Kandidaten har tackat ja. Placeringen räknas mot behovets platser och "
                        "ärendet får status I insats."),
            ),
            "avbojd": (
                self.tr("Avböj"),
                self.tr("Avböj"),
                self.tr("Anvisningen avslutas. Ange vem som avböjde och varför; det följs upp "
                        "i statistiken."),
            ),
            "aterkallad": (
                self.tr("Återkalla anvisningen"),
                self.tr("Återkalla"),
                self.tr("Du drar tillbaka förslaget. Anvisningen avslutas och kan inte öppnas "
                        "igen."),
            ),
            UNDO: (
                self.tr("Ångra placeringen"),
                self.tr("Ångra placeringen"),
                self.tr("Placeringen tas bort och anvisningen blir åter erbjuden. Behovets "
                        "tillsatta platser och ärendets status räknas om."),
            ),
        }  # fmt: skip
        return words[step]

    def _add_row(
        self, text: str, name: str, widget: QWidget, error_name: str, hint: str = ""
    ) -> None:
        """A labelled field, with its hint and the reason for its problem under it."""
        target = widget.focus_target() if isinstance(widget, ChoiceButtons) else widget
        error = FieldError(f"{widget.objectName()}Error", error_name)
        column = QWidget()
        column.setObjectName(f"{widget.objectName()}Column")
        rows = QVBoxLayout(column)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        rows.addWidget(widget)
        if hint:
            rows.addWidget(hint_label(hint, f"{widget.objectName()}Hint"))
        rows.addWidget(error)
        self.form.addRow(caption(text, target), column)
        self.errors[name] = error

    def _build_decline(self) -> None:
        choices = [(code, label(name)) for code, name in DECLINED_BY_NAMES.items()]
        self.declined_by = ChoiceButtons(choices, name="declinedBy")
        self.declined_by.setObjectName("declinedBy")
        self.declined_by.setAccessibleName(self.tr("Vem avböjde"))
        self.reason = ChoiceBox([], empty=self.tr("Välj först vem som avböjde"))
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName(self.tr("Skäl"))
        self.reason.setMinimumWidth(320)
        self.reason.setMaximumWidth(CHOICE_WIDTH)
        self.reason.setEnabled(False)
        self._add_row(
            self.tr("&Vem avböjde"), "declined_by", self.declined_by, self.tr("Fel i vem")
        )
        self._add_row(self.tr("&Skäl"), "reason", self.reason, self.tr("Fel i skälet"))
        self.declined_by.value_changed.connect(self._offer_reasons)

    def _offer_reasons(self, who: str) -> None:
        """The reasons of the one who declined; a reason both have stays chosen."""
        assert self.reason is not None
        chosen = self.reason.value()
        self.reason.blockSignals(True)
        self.reason.clear()
        self.reason.addItem(self.tr("Välj skäl …"), "")
        for code, words in DECLINE_REASONS.get(who, {}).items():
            self.reason.addItem(label(words), code)
        self.reason.set_value(chosen if chosen in DECLINE_REASONS.get(who, {}) else "")
        self.reason.blockSignals(False)
        self.reason.setEnabled(bool(who))
        self.errors["declined_by"].say(None)

    def _build_placement(self, forms: Sequence[Choice], start: PlacementData) -> None:
        self.form_code = ChoiceBox(
            [(c.code, label(c.name)) for c in forms], empty=self.tr("Välj anställningsform …")
        )
        self.form_code.setMaximumWidth(CHOICE_WIDTH)
        self.form_code.setObjectName("formCode")
        self.form_code.setAccessibleName(self.tr("Anställningsform"))
        self.form_code.set_value(start.form_code)
        self.start_date = date_edit("startDate", self.tr("Startdatum"))
        self.start_date.setText(start.start_date)
        self.end_date = date_edit("endDate", self.tr("Slutdatum"))
        self.end_date.setText(start.end_date)
        self.extent = ChoiceBox([(code, label(name)) for code, name in EXTENTS.items()])
        self.extent.setMaximumWidth(CHOICE_WIDTH // 2)
        self.extent.setObjectName("extent")
        self.extent.setAccessibleName(self.tr("Omfattning"))
        self.extent.set_value(start.extent)
        self._add_row(
            self.tr("Anställnings&form"),
            "placement.form_code",
            self.form_code,
            self.tr("Fel i anställningsformen"),
        )
        self._add_row(
            self.tr("S&tartdatum"),
            "placement.start_date",
            self.start_date,
            self.tr("Fel i startdatumet"),
        )
        self._add_row(
            self.tr("S&lutdatum"),
            "placement.end_date",
            self.end_date,
            self.tr("Fel i slutdatumet"),
            self.tr("Lämna tomt om placeringen inte har något slutdatum."),
        )
        self._add_row(
            self.tr("O&mfattning"), "placement.extent", self.extent, self.tr("Fel i omfattningen")
        )
        self.form_code.value_changed.connect(partial(self._placement_edited, "form_code"))
        self.start_date.textEdited.connect(partial(self._placement_edited, "start_date"))
        self.end_date.textEdited.connect(partial(self._placement_edited, "end_date"))
        self.extent.value_changed.connect(partial(self._placement_edited, "extent"))

    def _first_field(self) -> QWidget:
        if self.declined_by is not None:
            return self.declined_by.focus_target()
        if self.start_date is not None:
            return self.start_date
        return self.note

    # Input ---------------------------------------------------------------------------

    def placement(self) -> PlacementData | None:
        if self.form_code is None or self.start_date is None or self.end_date is None:
            return None
        assert self.extent is not None
        return PlacementData(
            form_code=self.form_code.value(),
            start_date=self.start_date.text(),
            end_date=self.end_date.text(),
            extent=self.extent.value(),
        )

    def data(self) -> StepInput:
        """What is chosen and typed."""
        return StepInput(
            note=self.note.toPlainText(),
            declined_by=(self.declined_by.value() or None) if self.declined_by else None,
            reason=(self.reason.value() or None) if self.reason else None,
            placement=self.placement(),
        )

    def _placement_edited(self, name: str, *_args: object) -> None:
        """A placement field was changed: its reason (and those of the fields already
        visited) as it now stands."""
        self._touched.add(name)
        placement = self.placement()
        if placement is None or self._placement_problems is None:
            return
        problems = self._placement_problems(placement)
        for field in PLACEMENT_FIELDS:
            if field in self._touched:
                self.errors[f"placement.{field}"].say(problems.get(field))

    # Saving --------------------------------------------------------------------------

    def submit(self) -> None:
        for error in self.errors.values():
            error.say(None)
        try:
            self._submit(self.data())
        except StaleError as error:
            # The list behind was read again; what is typed here stays for another try.
            self.errors["form"].say(str(error))
            return
        except ReferralError as error:
            self._refused(error)
            return
        except StoreError as error:
            self.errors["form"].say(str(error))
            return
        self.accept()

    def _refused(self, error: ReferralError) -> None:
        problems = dict(error.problems) or {"form": str(error)}
        first: QWidget | None = None
        for name, problem in problems.items():
            target = self.errors.get(name, self.errors["form"])
            target.say(problem)
            if first is None and name in self.errors:
                first = self._widget_of(name)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _widget_of(self, name: str) -> QWidget | None:
        widgets: dict[str, QWidget | None] = {
            "declined_by": self.declined_by.focus_target() if self.declined_by else None,
            "reason": self.reason,
            "note": self.note,
            "placement.form_code": self.form_code,
            "placement.start_date": self.start_date,
            "placement.end_date": self.end_date,
            "placement.extent": self.extent,
        }
        return widgets.get(name)

    def error_text(self, name: str) -> str:
        """The reason shown beside the field the service calls `name` ("" if none)."""
        error = self.errors[name]
        return error.text() if error.isVisibleTo(self) else ""


class HistoryDialog(QDialog):
    """A referral's way so far: each step with when and who, the match when proposed,
    and the placement."""

    def __init__(
        self, row: ReferralRow, history: Sequence[HistoryRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referralHistoryDialog")
        # Two stored texts in one title, each kept to itself (desktop/bidi.py).
        title = self.tr("Historik – %1, %2").replace("%1", isolated(row.person_name))
        title = title.replace("%2", isolated(row.need_title))
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.lines = [
            self.tr("%1  ·  %2  ·  %3")
            .replace("%1", local_time(step.changed_at))
            .replace("%2", step.changed_by or self.tr("okänd"))
            .replace("%3", isolated(step.text))
            for step in history
        ]
        subject = QLabel(
            self.tr("%1 – %2 hos %3")
            .replace("%1", isolated(row.person_name))
            .replace("%2", isolated(row.need_title))
            .replace("%3", isolated(row.employer_name))
        )
        subject.setObjectName("historySubject")
        subject.setAccessibleName(subject.text())
        subject.setTextFormat(Qt.TextFormat.PlainText)
        subject.setStyleSheet("font-weight: 600;")
        self.log = QTextBrowser()
        self.log.setObjectName("referralHistory")
        self.log.setAccessibleName(self.tr("Anvisningens historik, äldst först"))
        self.log.setPlainText(self._text(row))
        self.log.setMinimumSize(560, 260)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = box.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Stäng"))
        close.setObjectName("closeHistoryButton")
        close.setAccessibleName(self.tr("Stäng"))
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(subject)
        layout.addWidget(self.log, 1)
        layout.addWidget(box)

    def _text(self, row: ReferralRow) -> str:
        parts = ["\n".join(self.lines)]
        if row.placement is not None:
            placement = row.placement
            end = placement.end_date.isoformat() if placement.end_date else self.tr("tills vidare")
            extent = EXTENTS.get(placement.extent or "", "")
            parts.append(
                self.tr("Placering: %1, %2 – %3%4")
                .replace("%1", label(placement.form_name))
                .replace("%2", placement.start_date.isoformat())
                .replace("%3", end)
                .replace("%4", f", {label(extent).lower()}" if placement.extent else "")
            )
        if row.match_score is not None:
            reasons = "".join(f"\n  • {reason}" for reason in row.match_reasons)
            parts.append(
                self.tr("Matchning när personen föreslogs: %1 av 100").replace(
                    "%1", str(row.match_score)
                )
                + reasons
            )
        return "\n\n".join(parts)
