"""A saved person's profile, editable with the intake's own pages and rules.

Each page is a tab. Save sends everything with the version that was read; if someone
else saved the person meanwhile, the service refuses and what was typed stays on screen
until the caseworker chooses to read the saved version again.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.bidi import isolated
from desktop.services.intake import IntakeData, IntakeError, IntakeService, Step
from desktop.services.reference import ReferenceService
from desktop.store.errors import StoreError
from desktop.views.intake.background import BackgroundPage
from desktop.views.intake.education import EducationPage
from desktop.views.intake.experience import ExperiencePage
from desktop.views.intake.form import HINT_STYLE, Banner, Page
from desktop.views.intake.identity import IdentityPage
from desktop.views.intake.languages import LanguagesPage
from desktop.views.intake.licences import LicencesPage
from desktop.views.intake.wishes import WishesPage
from desktop.views.intake.wizard import PROBLEMS_DELAY_MS, scrolled
from desktop.views.style import TITLE_STYLE
from desktop.views.text import label, message

PROBLEM_MARK = " (!)"


class ProfileEditor(QWidget):
    """`open_person_requested(person_id)`: the number typed belongs to someone else
    already, and the user chose to open that person."""

    saved = Signal()
    open_person_requested = Signal(str)

    def __init__(
        self,
        intake: IntakeService,
        reference: ReferenceService,
        person_id: uuid.UUID | str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profileEditor")
        self.setAccessibleName(self.tr("Profil"))
        self._intake = intake
        self._person_id = uuid.UUID(str(person_id))
        self._data = IntakeData()
        self._version = 0
        self._modified = False

        self._reference = reference
        self._build_pages(reference)
        self._build_controls()
        self._connect()
        self._typed_in: Page | None = None
        self._problems_timer = QTimer(self)
        self._problems_timer.setSingleShot(True)
        self._problems_timer.setInterval(PROBLEMS_DELAY_MS)
        self._problems_timer.timeout.connect(self._show_new_problems)
        for page in self.pages:
            page.changed.connect(self._page_changed)
        self.reload()

    # Building ------------------------------------------------------------------------

    def _build_pages(self, reference: ReferenceService) -> None:
        self.identity = IdentityPage(reference)
        self.background = BackgroundPage()
        self.languages = LanguagesPage(reference)
        self.education = EducationPage(reference)
        self.experience = ExperiencePage(reference)
        self.licences = LicencesPage()
        self.wishes = WishesPage(reference)
        self.pages: list[Page] = [
            self.identity,
            self.background,
            self.languages,
            self.education,
            self.experience,
            self.licences,
            self.wishes,
        ]
        assert tuple(page.step for page in self.pages) == IntakeService.PROFILE_STEPS

    def _build_controls(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("screenTitle")
        self.heading.setStyleSheet(TITLE_STYLE)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("profileTabs")
        self.tabs.setAccessibleName(self.tr("Profilens delar"))
        for page in self.pages:
            self.tabs.addTab(scrolled(page), label(page.title))
        self.banner = Banner("profileBanner")
        self.save_button = QPushButton(self.tr("Spara ä&ndringar"))
        self.save_button.setObjectName("saveProfileButton")
        self.save_button.setAccessibleName(self.tr("Spara ändringarna i profilen"))
        self.save_button.setAutoDefault(True)
        self.save_button.setToolTip(self.tr("Spara (Ctrl+S)"))
        self.reload_button = QPushButton(self.tr("Läs in den sparade vers&ionen"))
        self.reload_button.setObjectName("reloadProfileButton")
        self.reload_button.setAccessibleName(
            self.tr("Läs in den sparade versionen; det du skrivit här försvinner")
        )
        self.reload_button.setAutoDefault(True)
        self.reload_button.hide()
        self.notice = QLabel()
        self.notice.setObjectName("profileNotice")
        self.notice.setStyleSheet(HINT_STYLE)

        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.identity.identity_number.textChanged.connect(self._number_typed)
        self.identity.no_number.toggled.connect(self._number_typed)
        self.identity.open_person_requested.connect(self.open_person_requested)
        self.save_button.clicked.connect(self.save)
        self.reload_button.clicked.connect(self.reload)
        save_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.activated.connect(self.save)
        for key, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self._next_tab if step > 0 else self._previous_tab)

    def _number_typed(self, *_args: object) -> None:
        """Someone else registered with the number is said as soon as it is valid, as
        in an intake, not only when Spara is refused."""
        self.identity.check_number(self._intake, self._reference, own_id=self._person_id)

    # State ---------------------------------------------------------------------------

    @property
    def person_id(self) -> uuid.UUID:
        return self._person_id

    @property
    def version(self) -> int:
        return self._version

    def is_modified(self) -> bool:
        """Typed but not saved (the main window asks before closing the editor)."""
        return self._modified

    def data(self) -> IntakeData:
        for page in self.pages:
            page.store(self._data)
        return self._data

    def reload(self) -> None:
        """Show the saved profile (anything typed and not saved is dropped)."""
        self._data, self._version = self._intake.profile_of(self._person_id)
        for page in self.pages:
            page.load(self._data)
        self._modified = False
        self._show_heading()
        self._say("")
        self.reload_button.hide()
        self.notice.clear()
        self._mark_tabs({})

    def _show_heading(self) -> None:
        # The names as stored, shown each kept to itself (desktop/bidi.py); the fields
        # below hold them exactly.
        first, last = self._data.first_name.strip(), self._data.last_name.strip()
        name = " ".join(isolated(part) for part in (first, last) if part)
        self.heading.setText(self.tr("Profil: %1").replace("%1", name))

    def _page_problems(self, page: Page) -> dict[str, str]:
        return self._intake.problems(self._data, page.step)

    # Typing --------------------------------------------------------------------------

    def _page_changed(self) -> None:
        self.data()
        self._modified = True
        self.notice.clear()
        page = self.sender()
        if isinstance(page, Page):
            self._typed_in = page
            page.show_problems(self._page_problems(page), new_ones=False)
            self._problems_timer.start()
        if any(page.revealed for page in self.pages):
            self._mark_tabs({page.step: self._page_problems(page) for page in self.pages})

    def _show_new_problems(self) -> None:
        if self._typed_in is not None:
            self._typed_in.show_problems(self._page_problems(self._typed_in))

    def _mark_tabs(self, problems: dict[Step, dict[str, str]]) -> None:
        for index, page in enumerate(self.pages):
            text = label(page.title) + (PROBLEM_MARK if problems.get(page.step) else "")
            self.tabs.setTabText(index, text)

    def _next_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + 1) % self.tabs.count())

    def _previous_tab(self) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() - 1) % self.tabs.count())

    def _say(self, text: str, *, problem: bool = True) -> None:
        self.banner.say(text, problem=problem)

    # Saving --------------------------------------------------------------------------

    def save(self) -> bool:
        data = self.data()
        problems = {page.step: self._page_problems(page) for page in self.pages}
        if any(problems.values()):
            self._show_refusal(problems, self.tr("Kontrollera de markerade fälten."))
            return False
        try:
            version = self._intake.save_profile(self._person_id, self._version, data)
        except IntakeError as error:
            if error.problems:
                by_page = {
                    page.step: {
                        name: text for name, text in error.problems.items() if name in page.fields()
                    }
                    for page in self.pages
                }
                self._show_refusal(by_page, message(str(error)))
            else:
                # Someone else saved meanwhile: keep what is typed, offer the saved one.
                self._say(message(str(error)))
                self.reload_button.show()
            return False
        except StoreError as error:
            self._say(message(str(error)))
            return False
        self._version = version
        self._modified = False
        self._say("")
        self.reload_button.hide()
        self._mark_tabs({})
        self._show_heading()
        self.notice.setText(self.tr("Profilen är sparad."))
        self.saved.emit()
        return True

    def _show_refusal(self, problems: dict[Step, dict[str, str]], text: str) -> None:
        self._say(text)
        self._mark_tabs(problems)
        first: Page | None = None
        for page in self.pages:
            page.revealed = True
            page.show_problems(problems.get(page.step, {}))
            if first is None and problems.get(page.step):
                first = page
        if first is not None:
            self.tabs.setCurrentIndex(self.pages.index(first))
            first.focus_first_problem(problems[first.step])
