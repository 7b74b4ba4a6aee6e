"""The intake wizard: ten steps from identity to summary, one page each.

What the caseworker types is kept as typed (IntakeData) and saved as a draft at most
AUTOSAVE_MS after the first unsaved change, so a crash, a lock or a meeting cut short
loses nothing; `resume()` brings a draft back exactly, step included. Next asks the
service for the step's problems and goes on only when there are none; each problem is
shown beside its field.
"""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import clock
from desktop.services.intake import STEP_TITLES, IntakeData, IntakeError, IntakeService, Step
from desktop.services.reference import ReferenceService
from desktop.store.errors import StoreError
from desktop.views.intake.background import BackgroundPage
from desktop.views.intake.consent import ConsentPage
from desktop.views.intake.duplicates import DuplicatesPage
from desktop.views.intake.education import EducationPage
from desktop.views.intake.experience import ExperiencePage
from desktop.views.intake.form import ERROR_STYLE, HINT_STYLE, Banner, Page, set_tab_order
from desktop.views.intake.identity import IdentityPage
from desktop.views.intake.languages import LanguagesPage
from desktop.views.intake.licences import LicencesPage
from desktop.views.intake.summary import SummaryPage
from desktop.views.intake.wishes import WishesPage
from desktop.views.style import SECONDARY, TITLE_STYLE
from desktop.views.text import label, message

# A draft is written at most this long after the first change not yet saved (the
# promise is one second), so steady typing cannot put the save off.
AUTOSAVE_MS = 800
# A new message waits for a pause in typing; a message put right goes at once.
PROBLEMS_DELAY_MS = 400

# Around a step's text in the list: its padding and margin (STEP_LIST_STYLE), and a little.
STEP_ITEM_SPACE = 2 * 10 + 2 * 4 + 12
STEP_LIST_STYLE = """
QListWidget#intakeSteps { border: none; background: palette(window); font-size: 10.5pt; }
QListWidget#intakeSteps::item { padding: 7px 10px; border-radius: 4px; margin: 1px 4px; }
QListWidget#intakeSteps::item:selected { background: #1f5f99; color: white; }
QListWidget#intakeSteps::item:disabled { color: SECONDARY; }
""".replace("SECONDARY", SECONDARY)


def scrolled(page: QWidget) -> QScrollArea:
    """A page in a scroll area (Tab scrolls to the field it lands on)."""
    area = QScrollArea()
    area.setObjectName(f"{page.objectName()}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the frame
    page.setMaximumWidth(980)
    area.setWidget(page)
    return area


def local_time(moment: dt.datetime) -> str:
    """The time of day in Sweden, as the draft list shows it (one clock everywhere)."""
    return clock.hhmm(moment)


class IntakeWizard(QWidget):
    """Signals: `completed(person_id)` once the person and case are saved;
    `open_person_requested(person_id)` when the person turned out to exist already (the
    draft is saved first); `closed()` after "Spara utkast och stäng"."""

    completed = Signal(str)
    open_person_requested = Signal(str)
    closed = Signal()

    def __init__(
        self,
        intake: IntakeService,
        reference: ReferenceService,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("intakeWizard")
        self.setAccessibleName(self.tr("Ny inskrivning"))
        self._intake = intake
        self._reference = reference
        self._data = IntakeData(consent_date=clock.today().isoformat())
        self._draft_id: uuid.UUID | None = None
        self._step = Step.IDENTITY
        self._furthest = Step.IDENTITY
        self._saved_step: Step | None = None
        self._unsaved = False
        self._finished = False
        # Typed since the wizard was opened (or the draft resumed): Esc then asks first.
        self._typed = False
        # The resumed draft as it was, so that "Kasta" can put it back.
        self._resumed: tuple[IntakeData, Step] | None = None
        # Steps holding characters a save refuses (a pasted NUL, escape or override):
        # marked in the step list until they are put right.
        self._flagged: set[Step] = set()
        self.confirm: QMessageBox | None = None

        self._build_pages(intake, reference)
        self._build_controls()
        self._layout()

        self._build_timers()
        for page in self.pages.values():
            page.changed.connect(self._page_changed)
            page.load(self._data)
        self.duplicates.open_person_requested.connect(self._open_person)
        self.identity.open_person_requested.connect(self._open_person)
        self.identity.identity_number.textChanged.connect(self._number_typed)
        self.identity.no_number.toggled.connect(self._number_typed)
        self.summary.edit_requested.connect(self.go_to)
        self._show(Step.IDENTITY)

    # Building ------------------------------------------------------------------------

    def _build_pages(self, intake: IntakeService, reference: ReferenceService) -> None:
        self.identity = IdentityPage(reference)
        self.duplicates = DuplicatesPage(intake, reference)
        self.consent = ConsentPage()
        self.background = BackgroundPage()
        self.languages = LanguagesPage(reference)
        self.education = EducationPage(reference)
        self.experience = ExperiencePage(reference)
        self.licences = LicencesPage()
        self.wishes = WishesPage(reference)
        self.summary = SummaryPage(reference)
        self.pages: dict[Step, Page] = {
            Step.IDENTITY: self.identity,
            Step.DUPLICATES: self.duplicates,
            Step.CONSENT: self.consent,
            Step.BACKGROUND: self.background,
            Step.LANGUAGES: self.languages,
            Step.EDUCATION: self.education,
            Step.EXPERIENCE: self.experience,
            Step.LICENCES: self.licences,
            Step.WISHES: self.wishes,
            Step.SUMMARY: self.summary,
        }

    def _build_controls(self) -> None:
        self.steps = self._step_list()
        self.stack = QStackedWidget()
        self.stack.setObjectName("intakePages")
        for step in Step:
            self.stack.addWidget(scrolled(self.pages[step]))

        self.step_number = QLabel()
        self.step_number.setObjectName("intakeStepNumber")
        self.step_number.setStyleSheet(HINT_STYLE + " font-size: 10.5pt;")
        self.step_title = QLabel()
        self.step_title.setObjectName("screenTitle")
        self.step_title.setStyleSheet(TITLE_STYLE)
        self.banner = Banner("intakeBanner")
        self.save_state = QLabel(self.tr("Det du skriver sparas automatiskt som ett utkast."))
        self.save_state.setObjectName("draftState")
        self.save_state.setAccessibleName(self.tr("Utkastets status"))
        self.save_state.setStyleSheet(HINT_STYLE)

        self.back_button = self._button("backButton", self.tr("< Till&baka"), self.tr("Tillbaka"))
        self.next_button = self._button("nextButton", self.tr("&Nästa >"), self.tr("Nästa"))
        self.summary_button = self._button(
            "toSummaryButton", self.tr("Till sammanfattningen"), self.tr("Till sammanfattningen")
        )
        self.close_button = self._button(
            "saveDraftButton",
            self.tr("Spara &utkast och stäng"),
            self.tr("Spara utkast och stäng"),
        )
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.summary_button.clicked.connect(self._to_summary)
        self.close_button.clicked.connect(self.save_and_close)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.next)

    def _build_timers(self) -> None:
        self._autosave = QTimer(self)
        self._autosave.setObjectName("autosaveTimer")
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_draft_now)
        self._problems_timer = QTimer(self)
        self._problems_timer.setSingleShot(True)
        self._problems_timer.setInterval(PROBLEMS_DELAY_MS)
        self._problems_timer.timeout.connect(self._show_new_problems)

    def _button(self, name: str, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.setAutoDefault(True)  # Enter on a focused button presses it
        return button

    def _step_list(self) -> QListWidget:
        steps = QListWidget()
        steps.setObjectName("intakeSteps")
        steps.setAccessibleName(self.tr("Inskrivningens steg"))
        steps.setStyleSheet(STEP_LIST_STYLE)
        steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for step in Step:
            item = QListWidgetItem(f"{int(step) + 1}. {label(STEP_TITLES[step])}")
            steps.addItem(item)
        # As wide as its longest step with the tick of a step done, not more: the page
        # beside it gets the rest (a window of 1040 at 1366×768 shows it all).
        steps.ensurePolished()
        metrics = steps.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(steps.item(row).text() + "  ✓")
            for row in range(steps.count())
        )
        steps.setFixedWidth(widest + STEP_ITEM_SPACE)
        steps.itemClicked.connect(self._step_chosen)
        steps.itemActivated.connect(self._step_chosen)
        return steps

    def _layout(self) -> None:
        header = QVBoxLayout()
        header.setSpacing(0)
        header.addWidget(self.step_number)
        header.addWidget(self.step_title)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_state, 1)
        buttons.addWidget(self.summary_button)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        right = QVBoxLayout()
        right.addLayout(header)
        right.addWidget(self.banner)
        right.addWidget(self.stack, 1)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.steps)
        layout.addLayout(right, 1)
        set_tab_order(self._buttons_in_order())
        for page in self.pages.values():
            page.tab_after = self._buttons_in_order()  # also after rows added to the page

    def _buttons_in_order(self) -> list[QWidget]:
        """The buttons under the page as shown, left to right (Ctrl+Enter is Next from
        any field)."""
        return [self.close_button, self.summary_button, self.back_button, self.next_button]

    # State ---------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self._step

    @property
    def draft_id(self) -> uuid.UUID | None:
        return self._draft_id

    def data(self) -> IntakeData:
        """What is typed, as it stands."""
        self._collect()
        return self._data

    def _collect(self) -> None:
        for page in self.pages.values():
            page.store(self._data)

    def _problems(self, step: Step) -> dict[str, str]:
        if step == Step.DUPLICATES:
            return self.duplicates.problems()
        return self._intake.problems(self._data, step)

    # Moving between steps ------------------------------------------------------------

    def next(self) -> None:
        if self._step == Step.SUMMARY:
            self.complete()
        else:
            self.go_to(Step(self._step + 1))

    def back(self) -> None:
        if self._step > Step.IDENTITY:
            self.go_to(Step(self._step - 1))

    def _to_summary(self) -> None:
        self.go_to(Step.SUMMARY)

    def _step_chosen(self, item: QListWidgetItem) -> None:
        row = self.steps.row(item)
        if row <= self._furthest:
            self.go_to(Step(row))

    def go_to(self, step: int) -> bool:
        """Show `step`; going forward, every step on the way must be without problems
        (the first that has any is shown instead, with its problems)."""
        target = Step(step)
        self._collect()
        for passing in range(self._step, target):
            if passing == Step.DUPLICATES and passing != self._step:
                self.duplicates.refresh(self._data)
            problems = self._problems(Step(passing))
            if problems:
                self._show(Step(passing))
                self.pages[Step(passing)].reveal(problems)
                self._say(self.tr("Rätta det som är markerat innan du går vidare."))
                return False
        self._say("")
        self._show(target)
        return True

    def _show(self, step: Step, *, look_again: bool = False) -> None:
        """Show `step`. The duplicate check is made on arriving at its step (or when
        `look_again`), not again for every Next tried on it."""
        if step == Step.DUPLICATES and (look_again or step != self._step):
            self.duplicates.refresh(self._data)
        elif step == Step.SUMMARY:
            self.summary.refresh(self._data, self._intake.all_problems(self._data))
        self._step = step
        self._furthest = max(self._furthest, step)
        self._flagged = set(self._intake.flagged(self._data))
        self.stack.setCurrentIndex(int(step))
        self._update_steps()
        page = self.pages[step]
        # Tab: the page, then the buttons under it, also when the page made its controls
        # after the buttons (the summary's Ändra).
        page.refresh_tab_order()
        page.show_problems(self._problems(step))
        if step == Step.SUMMARY or not page.focus_start():
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
        if self._saved_step is not None and self._saved_step != step:
            self._schedule_save()

    def _update_steps(self) -> None:
        step = self._step
        self.step_number.setText(
            self.tr("Steg %1 av %2").replace("%1", str(int(step) + 1)).replace("%2", str(len(Step)))
        )
        self.step_title.setText(label(STEP_TITLES[step]))
        self.steps.blockSignals(True)
        for row in range(self.steps.count()):
            item = self.steps.item(row)
            done = row < self._furthest and row != step
            mark = "  ✗" if row in self._flagged else "  ✓" if done else ""
            item.setText(f"{row + 1}. {label(STEP_TITLES[Step(row)])}{mark}")
            flags = item.flags()
            if row <= self._furthest:
                flags |= Qt.ItemFlag.ItemIsEnabled
            else:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags)
            item.setToolTip(
                self.tr("Har tecken som inte kan sparas; skälet står vid fältet")
                if row in self._flagged
                else self.tr("Gå till steget")
                if row <= self._furthest
                else self.tr("Inte nått än")
            )
        self.steps.setCurrentRow(int(step))
        self.steps.blockSignals(False)
        self.back_button.setEnabled(step > Step.IDENTITY)
        last = step == Step.SUMMARY
        self.next_button.setText(self.tr("Spara i&nskrivningen") if last else self.tr("&Nästa >"))
        self.next_button.setAccessibleName(
            self.tr("Spara inskrivningen") if last else self.tr("Nästa")
        )
        self.summary_button.setVisible(self._furthest == Step.SUMMARY and not last)

    def _say(self, text: str, *, problem: bool = True) -> None:
        self.banner.say(text, problem=problem)

    # Typing --------------------------------------------------------------------------

    def _page_changed(self) -> None:
        if self._finished:
            return
        self._collect()
        self._unsaved = True
        self._typed = True
        flagged = set(self._intake.flagged(self._data))
        if flagged != self._flagged:  # put right (or pasted): the step list says so
            self._flagged = flagged
            self._update_steps()
        self._schedule_save()
        page = self.pages[self._step]
        problems = self._problems(self._step)
        page.show_problems(problems, new_ones=False)
        if not problems:
            self._say("")
        self._problems_timer.start()

    def _number_typed(self, *_args: object) -> None:
        """Whether someone has the number, as soon as it is valid: not after Kön and
        Kommun are filled in."""
        self.identity.check_number(self._intake, self._reference)

    def _show_new_problems(self) -> None:
        self.pages[self._step].show_problems(self._problems(self._step))

    # Drafts --------------------------------------------------------------------------

    def _schedule_save(self) -> None:
        if not self._finished and not self._autosave.isActive():
            self._autosave.start()

    def save_draft_now(self) -> bool:
        """Write the draft if anything is unsaved; False (and a message) if it could not
        be written, in which case everything typed is still here."""
        self._autosave.stop()
        if self._finished or (not self._unsaved and self._saved_step == self._step):
            return True
        if self._draft_id is None and not self._unsaved:
            return True  # nothing typed yet: no draft to keep
        self._collect()
        try:
            self._draft_id = self._intake.save_draft(self._draft_id, self._data, self._step)
        except StoreError as error:
            self.save_state.setStyleSheet(ERROR_STYLE)
            self.save_state.setText(
                self.tr("Utkastet kunde inte sparas: %1 Det du skrivit finns kvar här.").replace(
                    "%1", message(str(error))
                )
            )
            return False
        self._unsaved = False
        self._saved_step = self._step
        self.save_state.setStyleSheet(HINT_STYLE)
        self.save_state.setText(
            self.tr("Utkastet sparat %1.").replace("%1", local_time(clock.now()))
        )
        return True

    def flush(self) -> bool:
        """Save what is pending now (before the window closes or locks)."""
        return self.save_draft_now()

    def save_and_close(self) -> None:
        if self.save_draft_now():
            self._problems_timer.stop()
            self.closed.emit()

    def resume(self, draft_id: uuid.UUID | str) -> None:
        """Bring back a saved draft: every field as it was typed, and its step."""
        draft = uuid.UUID(str(draft_id))
        data, step = self._intake.load_draft(draft)
        self._autosave.stop()
        self._data = data
        self._draft_id = draft
        for page in self.pages.values():
            page.load(data)
        self._unsaved = False
        self._typed = False
        self._resumed = (IntakeData.from_json(data.to_json()), step)
        self._saved_step = step
        # Every step holding a field to put right can be reached from the step list,
        # also one after the step the draft was left on.
        flagged = self._intake.flagged(data)
        self._furthest = max([step, *flagged])
        self._say("")
        self.save_state.setStyleSheet(HINT_STYLE)
        self.save_state.setText(self.tr("Utkastet är återställt. Fortsätt där du slutade."))
        self._show(step, look_again=True)
        if flagged:
            self._say(
                self.tr(
                    "Utkastet har osynliga styrtecken, troligen från inklistrad text, i: %1. "
                    "De är kvar som de skrevs; skälet står vid varje fält. Rätta dem innan "
                    "inskrivningen sparas."
                ).replace("%1", ", ".join(label(STEP_TITLES[s]) for s in sorted(flagged)))
            )

    def _open_person(self, person_id: str) -> None:
        self.save_draft_now()
        self.open_person_requested.emit(person_id)

    # Esc ----------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A field that has no use for Esc passes it on to here (an open list closes first).
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.escape()
            return
        super().keyPressEvent(event)

    def escape(self) -> None:
        """Esc: close when nothing was typed; else ask before anything is thrown away."""
        if self._finished or not self._typed:
            self.save_and_close()
            return
        if self.confirm is not None:
            return
        box = QMessageBox(self)
        box.setObjectName("confirmDiscardIntake")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Ny inskrivning"))
        box.setText(self.tr("Inskrivningen är inte sparad. Kasta det du har skrivit?"))
        box.setInformativeText(
            self.tr("Spara utkast och stäng behåller det, så att du kan fortsätta senare.")
        )
        discard = box.addButton(self.tr("Kasta"), QMessageBox.ButtonRole.DestructiveRole)
        discard.setObjectName("confirmButton")
        keep = box.addButton(self.tr("Spara utkast och stäng"), QMessageBox.ButtonRole.AcceptRole)
        keep.setObjectName("keepDraftButton")
        stay = box.addButton(self.tr("Fortsätt skriva"), QMessageBox.ButtonRole.RejectRole)
        stay.setObjectName("cancelButton")
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(self._escape_answered)
        self.confirm = box
        box.open()

    def _escape_answered(self, button: QAbstractButton) -> None:
        self.confirm = None
        if button.objectName() == "keepDraftButton":
            self.save_and_close()
        elif button.objectName() == "confirmButton":
            self.discard_and_close()

    def discard_and_close(self) -> None:
        """Throw away what was typed: a new intake leaves no draft, a resumed one is put
        back as it was when it was opened."""
        self._autosave.stop()
        self._problems_timer.stop()
        try:
            if self._resumed is not None and self._draft_id is not None:
                data, step = self._resumed
                self._intake.save_draft(self._draft_id, data, step)
            elif self._draft_id is not None:
                self._intake.discard_draft(self._draft_id)
        except StoreError as error:
            self._say(message(str(error)))
            return
        self._finished = True
        self._draft_id = None
        self.closed.emit()

    # Showing --------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Put in its window after it was built (which takes the focus away): the cursor
        # goes where the user starts, unless it is in the wizard already.
        focus = self.window().focusWidget() or QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            page = self.pages[self._step]
            if self._step == Step.SUMMARY or not page.focus_start():
                self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def hideEvent(self, event: QHideEvent) -> None:
        # Hidden by a lock, another screen or the window closing: save what is pending.
        if not event.spontaneous() and self._unsaved:
            self.save_draft_now()
        super().hideEvent(event)

    # Saving --------------------------------------------------------------------------

    def complete(self) -> None:
        """Create the person and an open case; on problems, go to the first of them."""
        self._collect()
        self._autosave.stop()
        for step in Step:
            if step == Step.SUMMARY:
                break
            if step == Step.DUPLICATES:
                self.duplicates.refresh(self._data)  # someone may have been added meanwhile
            problems = self._problems(step)
            if problems:
                self._show(step)
                self.pages[step].reveal(problems)
                self._say(self.tr("Inskrivningen kan inte sparas än: rätta det som är markerat."))
                self._schedule_save()
                return
        try:
            done = self._intake.complete(self._data, self._draft_id)
        except IntakeError as error:
            self._say(message(str(error)))
            self._schedule_save()
            return
        except StoreError as error:
            self._say(message(str(error)))
            self._schedule_save()
            return
        self._finished = True
        self._draft_id = None
        self._problems_timer.stop()
        self.save_state.setText(self.tr("Inskrivningen är sparad."))
        self.completed.emit(str(done.person_id))
