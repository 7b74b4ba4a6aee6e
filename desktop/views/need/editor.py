"""One recruitment need, new or saved: what the employer wants, and what a candidate must
have (krav) or is better for having (merit).

What is typed stays as typed (VacancyData) until it is saved. The service's reason for
each problem is shown beside its field once the user has been there, and beside every
field when Save is tried; Save goes through as soon as nothing is wrong. A save that
someone else's change got in before keeps everything on screen and says so.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.bidi import isolated
from desktop.services import vocabulary
from desktop.services.documents import DocumentService
from desktop.services.intake import EXTENTS
from desktop.services.reference import ReferenceService
from desktop.services.referrals import ReferralService
from desktop.services.vacancies import (
    NeedDetails,
    StaleError,
    VacancyData,
    VacancyError,
    VacancyService,
)
from desktop.store.errors import StoreError
from desktop.views.documents.panel import print_shortcut
from desktop.views.intake.form import (
    HINT_STYLE,
    Banner,
    ErrorLabel,
    Field,
    FieldSet,
    field_column,
    focus_chain,
    hint_label,
    set_tab_order,
)
from desktop.views.intake.wizard import PROBLEMS_DELAY_MS, scrolled
from desktop.views.lazy_page import LazyPage
from desktop.views.need.requirements import RequirementList
from desktop.views.person.widgets import (
    Notice,
    button,
    date_edit,
    heading,
    line_edit,
    on_save_keys,
    text_edit,
)
from desktop.views.pickers import ChoiceBox, MunicipalityPicker, OccupationPicker
from desktop.views.referrals import ReferralsPanel
from desktop.views.settings import Settings
from desktop.views.style import TITLE_STYLE
from desktop.views.text import label, message

if TYPE_CHECKING:
    from desktop.views.documents.batch_dialog import LetterBatchDialog

LABEL_WIDTH = 230
NAME_WIDTH = 420
SHORT_WIDTH = 80
# The need's own fields, as the service names them, for "what is not saved".
NEED_FIELDS = (
    "workplace_id",
    "occupation_code",
    "title",
    "positions",
    "form_code",
    "extent",
    "municipality_code",
    "start_date",
    "apply_by",
    "description",
)
# The employer's workplaces as (id, name), or how to get them from the employer's id.
Workplaces = (
    Sequence[tuple[uuid.UUID, str]] | Callable[[uuid.UUID], Sequence[tuple[uuid.UUID, str]]]
)
STATUS_KEYS = {"oppet": "&Öppet", "tillsatt": "Till&satt", "stangt": "Stän&gt"}
# The status in force stands out from the two it can be changed to.
STATUS_STYLE = """
QPushButton { padding: 3px 14px; }
QPushButton:checked { background: #1f5f99; color: white; border: 1px solid #174a78;
                      border-radius: 3px; }
"""


class NeedEditor(QWidget):
    """A new need (give `employer_id` and `employer_name`) or a saved one (`need_id`).

    `workplaces` are the employer's workplaces as (id, name), offered beside "Ingen
    särskild arbetsplats" — or a function from the employer's id to them, for a saved
    need whose employer the caller does not know yet. A saved need's own workplace is
    offered even if not listed.

    Signals: `saved(need_id)` after every write (the need's form or its status), so that
    lists can refresh; `closed()` when the user closes the editor with its button (the
    window asks about unsaved text through `unsaved_input()`);
    `find_candidates_requested(need_id)` for "Hitta kandidater" on a saved open need.
    The window's title follows `windowTitle()` (QWidget.windowTitleChanged).
    """

    saved = Signal(str)
    closed = Signal()
    # With a referral service, a saved need has an Anvisningar tab: a referral moved on
    # there (the ReferralRow as it was), so the person's window and the employer follow.
    referral_changed = Signal(object)
    find_candidates_requested = Signal(str)

    def __init__(
        self,
        vacancies: VacancyService,
        reference: ReferenceService,
        *,
        need_id: uuid.UUID | str | None = None,
        employer_id: uuid.UUID | str | None = None,
        employer_name: str = "",
        workplaces: Workplaces = (),
        referrals: ReferralService | None = None,
        documents: DocumentService | None = None,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if (need_id is None) == (employer_id is None):
            raise ValueError("Give either need_id (a saved need) or employer_id (a new one).")
        self.setObjectName("needEditor")
        self._vacancies = vacancies
        self._documents = documents
        self._settings = settings
        self._reference = reference
        self._workplaces = workplaces
        self._referrals = referrals
        self._need_id = uuid.UUID(str(need_id)) if need_id is not None else None
        self._details: NeedDetails | None = None
        self._version = 0
        self._status = "oppet"
        self._employer_name = employer_name
        self._baseline = VacancyData(
            employer_id=uuid.UUID(str(employer_id)) if employer_id is not None else None
        )
        # After Save was tried, every problem is shown, whether the field was visited
        # or not.
        self._revealed = False
        self._loading = False
        self.fieldset = FieldSet(self._edited)

        self._build_header()
        self._build_form()
        self._build_buttons()
        self._lay_out()
        self._problems_timer = QTimer(self)
        self._problems_timer.setSingleShot(True)
        self._problems_timer.setInterval(PROBLEMS_DELAY_MS)
        self._problems_timer.timeout.connect(self._show_new_problems)

        if self._need_id is not None:
            self.reload()
        else:
            assert self._baseline.employer_id is not None
            self._offer_workplaces(self._baseline.employer_id)
            self._fill(self._baseline)
            self._show_state()

    # Building ------------------------------------------------------------------------

    def _build_header(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("screenTitle")
        self.heading.setStyleSheet(TITLE_STYLE)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.banner = Banner("needBanner")
        self.reload_button = button(
            self.tr("Läs in den sparade &versionen"),
            "reloadNeedButton",
            self.tr("Läs in den sparade versionen; det du skrivit här försvinner"),
        )
        self.reload_button.hide()
        self.reload_button.clicked.connect(self.reload)

        self.status_box = QWidget()
        self.status_box.setObjectName("needStatus")
        self.status_box.setAccessibleName(self.tr("Behovets status"))
        self.status_box.setStyleSheet(STATUS_STYLE)
        self.status_buttons = QButtonGroup(self)
        self.status_buttons.setExclusive(True)
        row = QHBoxLayout(self.status_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Status:")))
        for code, text in STATUS_KEYS.items():
            push = button(
                self.tr(text),
                f"status_{code}",
                self.tr("Status: %1").replace("%1", label(vocabulary.NEED_STATUS[code])),
            )
            push.setCheckable(True)
            push.setProperty("status", code)
            self.status_buttons.addButton(push)
            row.addWidget(push)
        row.addSpacing(16)
        self.filled = QLabel()
        self.filled.setObjectName("needFilled")
        self.filled.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.filled)
        row.addSpacing(16)
        self.status_hint = hint_label("", "needStatusHint")
        row.addWidget(self.status_hint, 1)
        self.find_candidates_button = button(
            self.tr("&Hitta kandidater"),
            "findCandidatesButton",
            self.tr("Hitta kandidater till behovet"),
        )
        self.find_candidates_button.setToolTip(
            self.tr("Visa de arbetssökande som passar det sparade behovet bäst (Matchning)")
        )
        self.find_candidates_button.clicked.connect(self._find_candidates)
        row.addWidget(self.find_candidates_button)
        self.status_buttons.buttonClicked.connect(self._status_clicked)

    def _build_form(self) -> None:
        self.page = QWidget()
        self.page.setObjectName("needForm")
        self.page.setAccessibleName(self.tr("Behovets uppgifter"))
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setHorizontalSpacing(16)
        self.form.setVerticalSpacing(6)
        reference = self._reference

        self.employer = QLabel()
        self.employer.setObjectName("needEmployer")
        self.employer.setTextFormat(Qt.TextFormat.PlainText)
        self.employer.setStyleSheet("font-weight: 600;")
        employer_caption = QLabel(self.tr("Arbetsgivare"))
        employer_caption.setMinimumWidth(LABEL_WIDTH)
        self.employer_error = ErrorLabel("employer_id")
        self.form.addRow(employer_caption, field_column(self.employer, self.employer_error))

        self.workplace = ChoiceBox([], empty=self.tr("Ingen särskild arbetsplats"))
        self.workplace.setMaximumWidth(NAME_WIDTH)
        self._row(self.tr("Arbets&plats"), "workplace_id", self.workplace)
        self.occupation = OccupationPicker(reference)
        self.occupation.setMaximumWidth(NAME_WIDTH + 120)
        self._row(
            self.tr("&Yrke (SSYK)"),
            "occupation_code",
            self.occupation,
            hint=self.tr("Det yrke behovet gäller; kandidater matchas mot det."),
        )
        self.title = line_edit(
            "title", "", placeholder=self.tr("Som i annonsen, t.ex. Undersköterska, nattpass")
        )
        self.title.setMaximumWidth(NAME_WIDTH)
        self._row(self.tr("T&itel"), "title", self.title)
        self.positions = line_edit("positions", "")
        self.positions.setMaximumWidth(SHORT_WIDTH)
        self._row(self.tr("&Antal platser"), "positions", self.positions)
        self.form_code = ChoiceBox(
            [(c.code, label(c.name)) for c in reference.labour_market_forms()],
            empty=self.tr("Välj anställningsform…"),
        )
        self.form_code.setMaximumWidth(NAME_WIDTH)
        self._row(self.tr("Anställnings&form"), "form_code", self.form_code)
        self.extent = ChoiceBox([(code, label(name)) for code, name in EXTENTS.items()])
        self.extent.setMaximumWidth(200)
        self._row(self.tr("O&mfattning"), "extent", self.extent)
        self.municipality = MunicipalityPicker(reference)
        self.municipality.setMaximumWidth(NAME_WIDTH)
        self._row(
            self.tr("&Kommun"),
            "municipality_code",
            self.municipality,
            hint=self.tr("Där arbetet utförs; lämna tomt om det inte spelar roll."),
        )
        self.start_date = date_edit("start_date", "")
        self._row(self.tr("S&tartdatum"), "start_date", self.start_date)
        self.apply_by = date_edit("apply_by", "")
        self._row(
            self.tr("Sista &dag att föreslå kandidater"),
            "apply_by",
            self.apply_by,
            hint=self.tr("Efter den dagen tar arbetsgivaren inte emot fler förslag."),
        )
        self.description = text_edit("description", "", lines=4)
        self.description.setMaximumWidth(NAME_WIDTH + 240)
        self._row(self.tr("&Beskrivning"), "description", self.description)
        self._build_page()

    def _build_page(self) -> None:
        self.requirements = RequirementList(self._reference)
        self.requirements.values_changed.connect(self._edited)
        self.requirements.rows_changed.connect(self.refresh_tab_order)
        self.requirements.kind_changed.connect(self.refresh_tab_order)

        page = QVBoxLayout(self.page)
        page.setContentsMargins(4, 4, 12, 4)
        page.addWidget(heading(self.tr("Behovet"), "needSection"))
        page.addLayout(self.form)
        page.addSpacing(10)
        page.addWidget(heading(self.tr("Krav och meriter"), "requirementsSection"))
        page.addWidget(
            hint_label(
                self.tr(
                    "Ett krav måste kandidaten uppfylla; en merit ger företräde. Samma sak kan "
                    "vara både krav och merit om meriten är mer, t.ex. svenska B1 som krav "
                    "och B2 som merit."
                )
            )
        )
        page.addWidget(self.requirements)
        page.addStretch(1)

    def _row(self, text: str, name: str, widget: QWidget, *, hint: str | None = None) -> Field:
        """A labelled row: the label with its &-key, then the field, its hint and the
        reason for its problem. `name` is the service's name for the field."""
        caption = QLabel(text)
        caption.setBuddy(widget)
        caption.setMinimumWidth(LABEL_WIDTH)
        widget.setObjectName(name)
        widget.setAccessibleName(text.replace("&", ""))
        error = ErrorLabel(name)
        hint_widget = hint_label(hint) if hint else None
        self.form.addRow(caption, field_column(widget, error, hint_widget))
        return self.fieldset.add(name, widget, error)

    def _build_buttons(self) -> None:
        self.notice = Notice("needNotice", self.tr("Meddelande"))
        self.close_button = button(self.tr("Stä&ng"), "closeNeedButton", self.tr("Stäng"))
        self.close_button.clicked.connect(self.closed)
        self.save_button = button(self.tr("Spa&ra"), "saveNeedButton", self.tr("Spara behovet"))
        self.save_button.setToolTip(self.tr("Spara (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        save_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.activated.connect(self.save)
        on_save_keys(self, self._save_pressed)

    def _lay_out(self) -> None:
        self.subtitle = QLabel()
        self.subtitle.setObjectName("needSubtitle")
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        self.subtitle.setStyleSheet(HINT_STYLE)
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(self.reload_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.status_box)
        layout.addLayout(top)
        layout.addWidget(self._pages(), 1)
        layout.addLayout(buttons)

    def _pages(self) -> QWidget:
        """The form; with a referral service, in a tab beside the need's referrals (shown
        once the need is saved)."""
        form = scrolled(self.page)
        self.tabs: QTabWidget | None = None
        self._referral_page: LazyPage[ReferralsPanel] | None = None
        if self._referrals is None:
            return form
        self.tabs = QTabWidget()
        self.tabs.setObjectName("needTabs")
        self.tabs.setAccessibleName(self.tr("Behovets flikar"))
        self.tabs.addTab(form, self.tr("Beh&ovet"))
        self._referral_page = LazyPage(self._build_referrals)
        self.tabs.addTab(self._referral_page, self.tr("An&visningar"))
        if self._documents is not None:
            self.print_action = print_shortcut(self, self.open_letters)
        return self.tabs

    def open_letters(self) -> LetterBatchDialog | None:
        """Ctrl+P: the letters of every current referral (a saved need's documents)."""
        if self.tabs is None or self._need_id is None or not self.tabs.isTabVisible(1):
            return None
        self.tabs.setCurrentIndex(1)
        return self.referrals.open_letters()

    def _build_referrals(self) -> ReferralsPanel:
        assert self._referrals is not None
        assert self._need_id is not None
        panel = ReferralsPanel(
            self._referrals,
            self._reference,
            vacancy_id=self._need_id,
            documents=self._documents,
            settings=self._settings,
        )
        panel.changed.connect(self._referral_changed)
        QTimer.singleShot(0, self.refresh_tab_order)
        return panel

    @property
    def referrals(self) -> ReferralsPanel:
        """The need's referrals (built now if need be)."""
        assert self._referral_page is not None, "opened without the referral service"
        return self._referral_page.content()

    # State ---------------------------------------------------------------------------

    @property
    def need_id(self) -> uuid.UUID | None:
        """The saved need's id; None until a new need is saved."""
        return self._need_id

    @property
    def version(self) -> int:
        return self._version

    @property
    def status(self) -> str:
        return self._status

    def data(self) -> VacancyData:
        """The form as typed."""
        workplace = self.workplace.value()
        return VacancyData(
            employer_id=self._baseline.employer_id,
            workplace_id=uuid.UUID(workplace) if workplace else None,
            occupation_code=self.occupation.value(),
            title=self.title.text(),
            positions=self.positions.text(),
            form_code=self.form_code.value(),
            extent=self.extent.value(),
            municipality_code=self.municipality.value(),
            start_date=self.start_date.text(),
            apply_by=self.apply_by.text(),
            description=self.description.toPlainText(),
            requirements=tuple(self.requirements.values()),
        )

    def is_modified(self) -> bool:
        """Typed but not saved (the window asks before closing the editor)."""
        return self.data() != self._baseline

    def unsaved_input(self) -> list[str]:
        """Where something is typed and not saved, as the question before closing names
        it ("Det du har skrivit i … är inte sparat")."""
        data, saved = self.data(), self._baseline
        places = []
        if any(getattr(data, name) != getattr(saved, name) for name in NEED_FIELDS):
            places.append(self.tr("behovets uppgifter"))
        if data.requirements != saved.requirements:
            places.append(self.tr("kraven och meriterna"))
        return places

    def reload(self) -> None:
        """Show the saved need (anything typed and not saved is dropped)."""
        assert self._need_id is not None
        try:
            details = self._vacancies.get(self._need_id)
        except StoreError as error:
            self._say(message(str(error)))
            return
        self._details = details
        self._version = details.version
        self._status = details.status
        self._employer_name = details.employer_name
        self._offer_workplaces(details.employer_id)
        if (
            details.workplace_id is not None
            and self.workplace.findData(str(details.workplace_id)) < 0
        ):
            name = details.workplace_name or self.tr("Arbetsplats som inte finns kvar")
            self.workplace.addItem(name, str(details.workplace_id))
        self._baseline = details.data()
        self._fill(self._baseline)
        self._say("")
        self.reload_button.hide()
        self.notice.say("")
        self._show_state()

    def _offer_workplaces(self, employer_id: uuid.UUID) -> None:
        """The employer's workplaces in the list, once (a reload keeps the list)."""
        if self.workplace.count() > 1:
            return
        places = self._workplaces(employer_id) if callable(self._workplaces) else self._workplaces
        for place_id, name in places:
            self.workplace.addItem(name, str(place_id))

    def _fill(self, data: VacancyData) -> None:
        self._loading = True
        self.fieldset.loading = True
        try:
            self.workplace.set_value(str(data.workplace_id) if data.workplace_id else "")
            self.occupation.set_value(data.occupation_code)
            self.title.setText(data.title)
            self.positions.setText(data.positions)
            self.form_code.set_value(data.form_code)
            self.extent.set_value(data.extent)
            self.municipality.set_value(data.municipality_code)
            self.start_date.setText(data.start_date)
            self.apply_by.setText(data.apply_by)
            self.description.setPlainText(data.description)
            self.requirements.set_values(data.requirements)
        finally:
            self.fieldset.loading = False
            self._loading = False
        # What already has a value counts as visited: its problem shows at once.
        self.fieldset.touch_filled()
        for rows in self.requirements.fieldsets():
            rows.touch_filled()
        self._revealed = False
        self._show_problems(self._problems(self.data()))
        self.refresh_tab_order()

    def _show_state(self) -> None:
        """Title, employer, status and places filled, as saved."""
        details = self._details
        # Stored text in labels and the title, each kept to itself (desktop/bidi.py).
        employer = isolated(self._employer_name)
        self.employer.setText(employer)
        self.employer.setAccessibleName(self.tr("Arbetsgivare: %1").replace("%1", employer))
        if details is None:
            title = self.tr("Nytt rekryteringsbehov")
            self.subtitle.setText(employer)
        else:
            title = isolated(details.title)
            self.subtitle.setText(
                f"{employer} · {details.occupation_code} {details.occupation_name}"
            )
        self.heading.setText(title)
        self.setWindowTitle(f"{title} – {employer}" if employer else title)
        self.setAccessibleName(self.windowTitle())
        self.status_box.setVisible(details is not None)
        if self.tabs is not None:
            self.tabs.setTabVisible(1, details is not None)
        for push in self.status_buttons.buttons():
            push.setChecked(push.property("status") == self._status)
        if details is not None:
            self.filled.setText(
                self.tr("Tillsatta platser: %1 av %2")
                .replace("%1", str(details.filled))
                .replace("%2", str(details.positions))
            )
            self.filled.setAccessibleName(self.filled.text())
        self.status_hint.setText(
            ""
            if self._status == "oppet"
            else self.tr("Behovet är inte öppet och visas inte bland de öppna behoven.")
        )
        # Matching reads the saved need, and only an open one takes proposals.
        self.find_candidates_button.setEnabled(details is not None and self._status == "oppet")

    # Problems ------------------------------------------------------------------------

    def _problems(self, data: VacancyData) -> dict[str, str]:
        try:
            problems = self._vacancies.problems(data, vacancy_id=self._need_id)
        except StoreError as error:
            return {"": message(str(error))}
        problems.update(self._contradictions(data, problems))
        return problems

    def _contradictions(self, data: VacancyData, problems: dict[str, str]) -> dict[str, str]:
        """Contradictions among the rows that are complete, while another row is not.

        The service looks for contradictions only once every row is right on its own;
        asking it about the complete rows alone shows "krav and merit at the same level"
        now, not after the last half-typed row is finished.
        """
        prefix = "requirements."
        broken = {name.split(".")[1] for name in problems if name.startswith(prefix)}
        if not broken:
            return {}
        whole = [i for i in range(len(data.requirements)) if str(i) not in broken]
        found = self._vacancies.requirement_problems(tuple(data.requirements[i] for i in whole))
        return {f"{prefix}{whole[int(name.split('.')[1])]}": text for name, text in found.items()}

    def fields(self) -> dict[str, Field]:
        """Every field by the name the service gives its problems, rows' own included."""
        found = dict(self.fieldset.fields)
        found.update(self.requirements.fields())
        return found

    def _show_problems(self, problems: dict[str, str], *, new_ones: bool = True) -> None:
        """Each problem beside its field, once the field was visited (or Save tried).
        With `new_ones` False (while typing) only messages put right are taken away; new
        ones wait for a pause in the typing."""
        entries = [(name, field, field.touched) for name, field in self.fields().items()]
        entries += [
            (name, field, row.touched())
            for name, (row, field) in self.requirements.conflicts().items()
        ]
        for name, field, touched in entries:
            problem = problems.get(name, "") if touched or self._revealed else ""
            if problem and not new_ones and problem != field.shown:
                continue
            if problem != field.shown:
                field.show(problem)
        employer = problems.get("employer_id", "") if self._revealed else ""
        self.employer_error.say(message(employer) if employer else "")
        names = {name for name, _field, _touched in entries} | {"employer_id"}
        rest = [text for name, text in problems.items() if name not in names]
        if self._revealed and rest and new_ones:
            self._say("\n".join(message(text) for text in rest))

    def _edited(self) -> None:
        if self._loading:
            return
        self.notice.say("")
        self._show_problems(self._problems(self.data()), new_ones=False)
        self._problems_timer.start()

    def _show_new_problems(self) -> None:
        self._show_problems(self._problems(self.data()))

    def _focus_first_problem(self, problems: dict[str, str]) -> None:
        fields = self.fields()
        wrong = {field.widget for name, field in fields.items() if name in problems}
        for name, (_row, field) in self.requirements.conflicts().items():
            if name in problems:
                wrong.add(field.widget)
        for widget in focus_chain(self.page):
            owner: QWidget | None = widget
            while owner is not None and owner is not self.page:
                if owner in wrong:
                    widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    return
                owner = owner.parentWidget()

    def refresh_tab_order(self) -> None:
        """Tab follows the form top to bottom, also through rows added later and fields
        a row shows for its kind (a new widget would otherwise come last)."""
        chain = [*focus_chain(self.status_box), self.reload_button]
        if self.tabs is not None:
            chain.append(self.tabs.tabBar())
        chain += focus_chain(self.page)
        if self._referral_page is not None and self._referral_page.built:
            chain += focus_chain(self.referrals)
        chain += [self.close_button, self.save_button]
        set_tab_order(chain)

    def focus_start(self) -> None:
        """The cursor where the user starts: the occupation of a new need, else the title."""
        target = self.occupation if self._need_id is None else self.title
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    # Saving --------------------------------------------------------------------------

    def _say(self, text: str, *, problem: bool = True) -> None:
        self.banner.say(text, problem=problem)

    def save(self) -> bool:
        """Save what is typed; False (and why, beside each field) if it cannot be."""
        self._problems_timer.stop()
        self.notice.say("")
        data = self.data()
        problems = self._problems(data)
        if problems:
            self._refuse(problems)
            return False
        try:
            if self._need_id is None:
                self._need_id = self._vacancies.create(data)
            else:
                self._vacancies.update(self._need_id, self._version, data)
        except StaleError as error:
            self._stale(error)
            return False
        except VacancyError as error:
            self._refuse(error.problems or {"": str(error)})
            return False
        except StoreError as error:
            self._say(message(str(error)))
            return False
        self.reload()
        self.notice.say(self.tr("Behovet är sparat."))
        self.saved.emit(str(self._need_id))
        return True

    def _save_pressed(self) -> None:
        self.save()

    def _refuse(self, problems: dict[str, str]) -> None:
        self._revealed = True
        self._say(self.tr("Behovet är inte sparat. Rätta det som är markerat."))
        self._show_problems(problems)
        self._focus_first_problem(problems)

    def _stale(self, error: StaleError) -> None:
        # Someone else saved meanwhile: keep what is typed, offer the saved version.
        self._say(message(str(error)))
        self.reload_button.show()

    def _find_candidates(self) -> None:
        if self._need_id is not None and self._status == "oppet":
            self.find_candidates_requested.emit(str(self._need_id))

    # Referrals -----------------------------------------------------------------------

    def _referral_changed(self, row: object) -> None:
        self.refresh_state()
        self.referral_changed.emit(row)

    def reload_referrals(self) -> None:
        """A referral to the need changed elsewhere (the person's window, Matchning):
        the list, the places filled and the status as they are now."""
        if self._referral_page is not None and self._referral_page.built:
            self.referrals.reload()
        self.refresh_state()

    def refresh_state(self) -> None:
        """The status and places filled as saved now: a placement fills the need, and
        undoing it opens the need again. A form with nothing typed is read again; what
        is typed stays, and saves over the newer version if only the status moved on."""
        if self._need_id is None:
            return
        if not self.is_modified():
            self.reload()
            return
        try:
            details = self._vacancies.get(self._need_id)
        except StoreError as error:
            self._say(message(str(error)))
            return
        if details.data() == self._baseline:
            self._version = details.version
        self._details = details
        self._status = details.status
        self._show_state()

    # Status --------------------------------------------------------------------------

    def _status_clicked(self, push: QPushButton) -> None:
        wanted = str(push.property("status"))
        if not self.set_status(wanted):
            for other in self.status_buttons.buttons():
                other.setChecked(other.property("status") == self._status)

    def set_status(self, status: str) -> bool:
        """Open, fill (tillsatt) or close (stängt) the saved need; what is typed in the
        form stays as it is, to save or not."""
        if self._need_id is None or status == self._status:
            return status == self._status
        try:
            self._version = self._vacancies.set_status(self._need_id, self._version, status)
        except StaleError as error:
            self._stale(error)
            return False
        except (VacancyError, StoreError) as error:
            self._say(message(str(error)))
            return False
        self._status = status
        if self._details is not None:
            self._details = replace(self._details, status=status, version=self._version)
        self._say("")
        self._show_state()
        self.notice.say(
            self.tr("Behovets status är nu %1.").replace(
                "%1", label(vocabulary.NEED_STATUS[status]).lower()
            )
        )
        self.saved.emit(str(self._need_id))
        return True
