"""The main window: navigation between the screens, a status bar, the DEMO marking, and
the lock that hides it all after a quiet spell (or Ctrl+L) until the password is typed."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import shiboken6
from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from desktop import __version__
from desktop.views.help import HelpActions, user_label
from desktop.views.lazy_page import LazyPage, unwrap
from desktop.views.lock import HiddenWindows, InputWatch, LockScreen
from desktop.views.persons_view import FilterChoices, PersonsView
from desktop.views.placement import FRAME_ALLOWANCE, available_for, centred, fitted
from desktop.views.settings import PERSONS_SCREEN, Settings
from desktop.views.style import NAVIGATION_STYLE
from desktop.views.sync_status import SyncStatusWidget
from desktop.views.window_actions import WindowCommands, window_actions
from desktop.views.workspace import EMPLOYER_TABLES, NEED_TABLES, PERSON_TABLES, Workspace

if TYPE_CHECKING:
    from desktop.services.registry import Services
    from desktop.views.admin_view import AdminView
    from desktop.views.audit_view import AuditLogView
    from desktop.views.documents.letterhead_view import LetterheadView
    from desktop.views.employers_view import EmployersView
    from desktop.views.login import ChangePasswordDialog
    from desktop.views.matching_view import MatchingView
    from desktop.views.my_tasks_view import MyTasksView
    from desktop.views.needs_view import NeedsView
    from desktop.views.overview_view import OverviewView
    from desktop.views.reports.view import ReportsView
    from desktop.views.retention_view import RetentionView
    from desktop.views.settings_view import SettingsView
    from desktop.views.sync_server_view import ServerView
    from desktop.views.users_view import UsersView

MINUTE_MS = 60_000
# The main window's size at the first start, made smaller where the screen is smaller.
DEFAULT_SIZE = QSize(1200, 720)

W = TypeVar("W")


class ScreenStack(QStackedWidget):
    """The screens, of which only the one shown counts for the window's size: a wide
    screen shown once (Rapporter) does not make the others, or the window, wider."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(self.updateGeometry)

    def sizeHint(self) -> QSize:
        shown = self.currentWidget()
        return shown.sizeHint() if shown is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        shown = self.currentWidget()
        if shown is None:
            return super().minimumSizeHint()
        return shown.minimumSizeHint().expandedTo(shown.minimumSize())


class MainWindow(QMainWindow):
    def __init__(
        self,
        services: Services,
        settings: Settings,
        *,
        demo: bool = False,
        lock_after_ms: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`lock_after_ms` overrides the auto-lock setting (tests use a short time)."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._services = services
        self._settings = settings
        self.demo = demo
        # Administration is built the first time it is shown or asked for: the user's
        # first page comes up that much sooner after the password (issue 18).
        self._audit_log_view: AuditLogView | None = None
        title = self.tr("Matchning")
        if demo:
            title += " – " + self.tr("DEMO (övningsdatabas, inga riktiga uppgifter)")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._locked_title = self.tr("Matchning – låst")
        if demo:
            self._locked_title += " – " + self.tr("DEMO")

        # The windows beside this one have the keys of its Arkiv menu, doing the same.
        commands = WindowCommands(
            log_contact=self._log_contact_from, lock=self.lock, quit=self.close
        )
        self.workspace = Workspace(services, self, settings, commands=commands)
        screens = self._screens()
        self._admin_page: LazyPage[AdminView] | None = None
        self._users_view: UsersView | None = None
        self._settings_view: SettingsView | None = None
        self._server_view: ServerView | None = None
        self._letterhead_view: LetterheadView | None = None
        self._retention_view: RetentionView | None = None
        self._sync_started = False
        if services.actor.is_admin:
            self._admin_page = LazyPage(self._build_admin_view)
            screens.append((self.tr("Administration"), self._admin_page))
        self._build_navigation(screens)

        # Everything the user works in is one page; locking shows the other page, so
        # no widget is destroyed or reset and the work is all there after unlocking.
        self.content = QWidget()
        self.content.setObjectName("content")
        layout = QHBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigation)
        layout.addWidget(self._scrolled(self.stack), 1)
        self.lock_screen = LockScreen(services.actor, services.accounts.verify_password, demo=demo)
        self.pages = QStackedWidget()
        self.pages.setObjectName("pages")
        self.pages.addWidget(self.content)
        self.pages.addWidget(self.lock_screen)
        self.setCentralWidget(self.pages)

        self._build_menus(len(screens))
        self._build_status_bar()
        self._connect_screens()

        geometry = settings.window_geometry
        self._fit_to_screen(bool(geometry) and self.restoreGeometry(QByteArray(geometry)))
        start = settings.last_screen
        self.navigation.setCurrentRow(start if 0 <= start < len(screens) else PERSONS_SCREEN)

        self._start_lock_watch(lock_after_ms)

    def _build_navigation(self, screens: list[tuple[str, QWidget]]) -> None:
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setStyleSheet(NAVIGATION_STYLE)
        self.navigation.setAccessibleName(self.tr("Navigering"))
        self.navigation.setFixedWidth(190)
        self.stack = ScreenStack()
        self.stack.setObjectName("screens")
        for number, (name, widget) in enumerate(screens, start=1):
            item = QListWidgetItem(name)
            item.setToolTip(f"{name} (Ctrl+{number})")
            self.navigation.addItem(item)
            widget.setObjectName(widget.objectName() or f"screen{number}")
            self.stack.addWidget(widget)
        self.navigation.currentRowChanged.connect(self.show_screen)

    @staticmethod
    def _scrolled(stack: QStackedWidget) -> QScrollArea:
        """A screen larger than the window (a 1366×768 laptop at a large text scale)
        scrolls inside it; the window stays on the screen (docs/ui.md, Fönster)."""
        area = QScrollArea()
        area.setObjectName("screensScroll")
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidgetResizable(True)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the screen's fields
        area.setWidget(stack)
        return area

    def _fit_to_screen(self, restored: bool) -> None:
        """At most as large as the available screen it opens on, wholly on it: the
        default size on a small screen or at a large text scale, a size kept from a
        larger screen (the laptop was docked). The first start opens in the middle."""
        if self.isMaximized() or self.isFullScreen():
            return
        available = available_for(self)
        size = fitted(self.size() if restored else DEFAULT_SIZE, available, FRAME_ALLOWANCE)
        self.resize(size)
        if not restored or not available.contains(QRect(self.pos(), size)):
            self.move(centred(size, available))

    def _screens(self) -> list[tuple[str, QWidget]]:
        """The screens every user has, in navigation order (Ctrl+1 …)."""
        services = self._services
        choices = self._filter_choices()
        self.persons_view = PersonsView(services.persons, choices)
        # Built when first shown: start-up shows one screen, not six.
        self._employers_page = LazyPage(lambda: self._build_employers_view(choices))
        self._needs_page = LazyPage(self._build_needs_view)
        self._matching_page = LazyPage(self._build_matching_view)
        self._reports_page = LazyPage(self._build_reports_view)
        self._overview_page = LazyPage(self._build_overview)
        return [
            (self.tr("Översikt"), self._overview_page),
            (self.tr("Deltagare"), self.persons_view),
            (self.tr("Arbetsgivare"), self._employers_page),
            (self.tr("Rekryteringsbehov"), self._needs_page),
            (self.tr("Matchning"), self._matching_page),
            (self.tr("Rapporter"), self._reports_page),
        ]

    def _connect_screens(self) -> None:
        """The screens ask the workspace for person and intake windows."""
        self.persons_view.person_activated.connect(self.workspace.open_person)
        self.persons_view.new_intake_requested.connect(self.workspace.new_intake)
        self.workspace.person_changed.connect(self._person_changed)
        self.workspace.employer_changed.connect(self._employer_changed)
        self.workspace.need_changed.connect(self._need_changed)
        self.workspace.candidates_requested.connect(self.find_candidates)
        self.workspace.referral_made.connect(self._rank_again)
        self.workspace.message.connect(self._say)

    def _build_overview(self) -> OverviewView:
        from desktop.views.my_tasks_view import MyTasksView
        from desktop.views.overview_view import OverviewView

        services = self._services
        my_tasks = MyTasksView(services.cases)
        overview = OverviewView(
            my_tasks,
            lambda: len(services.intake.drafts()),
            services.overview,
            is_admin=services.actor.is_admin,
        )
        my_tasks.open_person.connect(self.workspace.open_person)
        my_tasks.open_employer.connect(self.workspace.open_employer)
        overview.drafts_requested.connect(self.workspace.show_drafts)
        overview.open_person.connect(self.workspace.open_person)
        overview.open_employer.connect(self.workspace.open_employer)
        overview.open_need.connect(self.workspace.open_need)
        overview.users_requested.connect(self.show_users)
        overview.new_employer_requested.connect(self.workspace.new_employer)
        overview.new_intake_requested.connect(self.workspace.new_intake)
        # After the window has opened (its read is in the audit trail): Senast öppnade.
        for opened in (
            overview.open_person,
            overview.open_employer,
            overview.open_need,
            my_tasks.open_person,
            my_tasks.open_employer,
        ):
            opened.connect(self._opened_from_overview)
        self._my_tasks_view = my_tasks
        return overview

    @property
    def overview_view(self) -> OverviewView:
        return self._overview_page.content()

    @property
    def my_tasks_view(self) -> MyTasksView:
        self.overview_view  # noqa: B018 - builds Översikt, which holds the task list
        return self._my_tasks_view

    def _build_employers_view(self, choices: FilterChoices) -> EmployersView:
        from desktop.views.employers_view import EmployersView

        view = EmployersView(self._services.employers, choices)
        view.employer_activated.connect(self.workspace.open_employer)
        view.new_employer_requested.connect(self.workspace.new_employer)
        return view

    def _build_needs_view(self) -> NeedsView:
        from desktop.views.needs_view import NeedsView

        view = NeedsView(
            self._services.vacancies,
            self._services.reference,
            employers=self._services.employers,
        )
        view.need_activated.connect(self.workspace.open_need)
        view.new_need_requested.connect(self.workspace.new_need)
        return view

    def _build_matching_view(self) -> MatchingView:
        from desktop.views.matching_view import MatchingView

        view = MatchingView(self._services)
        view.person_activated.connect(self.workspace.open_person)
        view.need_activated.connect(self.workspace.open_need)
        view.proposed.connect(self.workspace.referral_made)
        return view

    def _build_reports_view(self) -> ReportsView:
        from desktop.services.reports.service import ReportService
        from desktop.views.reports.view import ReportsView

        services = self._services
        return ReportsView(
            ReportService(services.db, services.actor), services.actor.role, self._settings
        )

    @property
    def reports_view(self) -> ReportsView:
        return self._reports_page.content()

    @property
    def matching_view(self) -> MatchingView:
        return self._matching_page.content()

    def find_candidates(self, need_id: str) -> None:
        """The Matchning screen in front with this need's candidates ("Hitta kandidater")."""
        self.navigation.setCurrentRow(self.stack.indexOf(self._matching_page))
        self.matching_view.choose_need(need_id)
        self.raise_()
        self.activateWindow()
        self.matching_view.focus_start()

    @property
    def employers_view(self) -> EmployersView:
        return self._employers_page.content()

    @property
    def needs_view(self) -> NeedsView:
        return self._needs_page.content()

    def _need_changed(self) -> None:
        self.sync_status.refresh()  # what waits to be sent
        if self._needs_page.built:
            self.needs_view.reload()
        self._rank_again()

    def _rank_again(self) -> None:
        """A need, a person or a referral changed elsewhere: the candidates shown may too."""
        if self._matching_page.built:
            self.matching_view.refresh()

    def _filter_choices(self) -> FilterChoices:
        services = self._services
        return FilterChoices(
            municipalities=[(c.code, c.name) for c in services.reference.municipalities()],
            agents=[(u.id, u.full_name) for u in services.accounts.users() if u.active],
            me=services.actor.user_id,
        )

    def _start_lock_watch(self, lock_after_ms: int | None) -> None:
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.quit_requested.connect(self._quit)
        self._hidden_windows = HiddenWindows(self)
        self._focus_before_lock: QWidget | None = None
        self._title_before_lock = self.windowTitle()
        self._status_bar_shown = True
        if lock_after_ms is None:
            lock_after_ms = self._services.settings.get().auto_lock_minutes * MINUTE_MS
        self._input_watch = InputWatch(lock_after_ms, self)
        self._input_watch.idle.connect(self.lock)
        self._input_watch.lock_pressed.connect(self.lock)
        self._input_watch.start()

    @property
    def admin_view(self) -> AdminView | None:
        """Administration (built now if need be); None for all but administrators."""
        return None if self._admin_page is None else self._admin_page.content()

    def _admin(self, view: W | None) -> W | None:
        self.admin_view  # noqa: B018 - builds the tabs, `view` among them
        return view

    @property
    def users_view(self) -> UsersView | None:
        return self._admin(self._users_view) if self._admin_page else None

    @property
    def settings_view(self) -> SettingsView | None:
        return self._admin(self._settings_view) if self._admin_page else None

    @property
    def server_view(self) -> ServerView | None:
        return self._admin(self._server_view) if self._admin_page else None

    @property
    def audit_log_view(self) -> AuditLogView | None:
        return self._admin(self._audit_log_view) if self._admin_page else None

    @property
    def letterhead_view(self) -> LetterheadView | None:
        return self._admin(self._letterhead_view) if self._admin_page else None

    @property
    def retention_view(self) -> RetentionView | None:
        return self._admin(self._retention_view) if self._admin_page else None

    def _build_admin_view(self) -> AdminView:
        from desktop.services.account_rules import SETUP_MUNICIPALITIES
        from desktop.views.admin_view import AdminView
        from desktop.views.settings_view import SettingsView
        from desktop.views.users_view import UsersView

        home = self._services.settings.get().home_municipality
        self._users_view = UsersView(
            self._services.accounts, SETUP_MUNICIPALITIES, default_municipality=home
        )
        self._settings_view = SettingsView(self._services.settings)
        self._settings_view.saved.connect(self._settings_saved)
        return AdminView(
            [
                (self.tr("Användare"), self._users_view),
                (self.tr("Logg"), self._audit_log_tab()),
                (self.tr("Inställningar"), self._settings_view),
                (self.tr("Brevhuvud"), self._letterhead_tab(home)),
                (self.tr("Gallring"), self._retention_tab()),
                (self.tr("Server"), self._server_tab()),
            ]
        )

    def _server_tab(self) -> QWidget:
        from desktop.views.sync_server_view import ServerView

        self._server_view = ServerView(self._services.sync, before_disconnect=self._sync_wait)
        self._server_view.connected.connect(self._sync_connected)
        self._server_view.restart_needed.connect(self._sync_restart)
        self._server_view.disconnected.connect(self._sync_disconnected)
        return self._server_view

    def _sync_wait(self) -> None:
        self.sync_status.wait()

    def _sync_connected(self) -> None:
        self.sync_status.connected_now()

    def _sync_restart(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setObjectName("syncRestart")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Ansluten till servern"))
        box.setText(self.tr("Datorn är ansluten till servern."))
        box.setInformativeText(
            self.tr(
                "Ditt konto här har fått samma id som på servern, så programmet stängs nu. "
                "Starta det och logga in igen; den första synkroniseringen börjar då."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.finished.connect(self.close)
        box.open()
        return box

    def _sync_disconnected(self) -> None:
        self.sync_status.refresh()

    def _retention_tab(self) -> QWidget:
        from desktop.services.retention import RetentionService
        from desktop.views.retention_view import RetentionView

        services = self._services
        self._retention_view = RetentionView(
            RetentionService(services.db, services.actor), services.settings
        )
        return self._retention_view

    def _letterhead_tab(self, home: str | None) -> QWidget:
        from desktop.services.account_rules import SETUP_MUNICIPALITIES
        from desktop.views.documents.letterhead_view import LetterheadView

        self._letterhead_view = LetterheadView(
            self._services.letterheads, SETUP_MUNICIPALITIES, default_municipality=home
        )
        return self._letterhead_view

    def _audit_log_tab(self) -> QWidget:
        from desktop.views.audit_view import AuditLogView

        self._audit_log_view = AuditLogView(self._services)
        return self._audit_log_view

    def _build_menus(self, screens: int) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Arkiv"))
        self.new_intake_action = QAction(self.tr("&Ny inskrivning…"), self)
        self.new_intake_action.setObjectName("newIntakeAction")
        self.new_intake_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_intake_action.triggered.connect(self.workspace.new_intake)
        file_menu.addAction(self.new_intake_action)
        drafts_action = QAction(self.tr("&Påbörjade inskrivningar…"), self)
        drafts_action.setObjectName("draftsAction")
        drafts_action.triggered.connect(self.workspace.show_drafts)
        file_menu.addAction(drafts_action)
        file_menu.addSeparator()
        new_employer_action = QAction(self.tr("Ny &arbetsgivare…"), self)
        new_employer_action.setObjectName("newEmployerAction")
        new_employer_action.triggered.connect(self.workspace.new_employer)
        file_menu.addAction(new_employer_action)
        # The same three in every window of the app (ScreenWindow has them too): in a
        # menu here, so that the lock, which turns the menu bar off, turns them off too.
        shared = window_actions(self)
        self.log_contact_action = shared.log_contact
        self.log_contact_action.triggered.connect(self._log_contact)
        file_menu.addAction(self.log_contact_action)
        file_menu.addSeparator()
        password_action = QAction(self.tr("&Byt lösenord…"), self)
        password_action.setObjectName("changePasswordAction")
        password_action.triggered.connect(self.change_password)
        file_menu.addAction(password_action)
        self.lock_action = shared.lock
        self.lock_action.triggered.connect(self.lock)
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        self.quit_action = shared.quit
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&Visa"))
        for row in range(screens):
            item = self.navigation.item(row)
            action = QAction(item.text(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _=False, r=row: self.navigation.setCurrentRow(r))
            view_menu.addAction(action)

        help_menu = self.menuBar().addMenu(self.tr("&Hjälp"))
        self.help = HelpActions(self)
        self.help.add_to(help_menu)
        about = QAction(self.tr("&Om Matchning"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        actor = self._services.actor
        # Shown only while the laptop is joined to a server (docs/ui.md, Synkronisering).
        self.sync_status = SyncStatusWidget(self._services.sync)
        self.sync_status.tables_changed.connect(self._synced)
        self.sync_status.message.connect(self._say)
        bar.addPermanentWidget(self.sync_status)
        bar.addPermanentWidget(user_label(actor.full_name, actor.role))
        database = QLabel(self.tr("Databas: %1").replace("%1", self._services.db.path.name))
        database.setObjectName("databaseLabel")
        database.setToolTip(str(self._services.db.path))
        bar.addPermanentWidget(database)
        if self.demo:
            badge = QLabel(self.tr("DEMO"))
            badge.setObjectName("demoBadge")
            badge.setAccessibleName(self.tr("Demoläge: övningsdatabas"))
            badge.setToolTip(self.tr("Övningsdatabas med påhittade uppgifter"))
            badge.setStyleSheet(
                "QLabel { background: #b3261e; color: white; font-weight: bold;"
                " padding: 1px 8px; border-radius: 3px; }"
            )
            bar.addPermanentWidget(badge)

    def show_screen(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        widget = self.stack.currentWidget()
        if widget is self.persons_view:
            self.persons_view.load()
            self.persons_view.focus_search()
        elif widget is self._employers_page:
            self.employers_view.load()
            self.employers_view.focus_search()
        elif widget is self._needs_page:
            self.needs_view.load()
            self.needs_view.focus_filters()
        elif widget is self._matching_page:
            self.matching_view.focus_start()
        elif widget is self._reports_page:
            self.reports_view.focus_start()
        self.statusBar().showMessage(self.navigation.item(row).text(), 2000)

    def show_users(self) -> None:
        """Administration → Användare (from Översikt on a new database)."""
        page, admin = self._admin_page, self.admin_view
        if page is None or admin is None or self._users_view is None:
            return
        self.navigation.setCurrentRow(self.stack.indexOf(page))
        admin.show_tab(self.tr("Användare"))
        self._users_view.new_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _refresh_overview(self) -> None:
        """Something changed in a window: Översikt, if it is in front, shows it now (it
        reads itself again whenever it is shown)."""
        if self.stack.currentWidget() is self._overview_page and self._overview_page.built:
            self.overview_view.refresh()

    def _opened_from_overview(self, _record_id: str) -> None:
        self._refresh_overview()

    def current_screen(self) -> QWidget | None:
        """The screen shown (a screen built on first show counts as itself)."""
        return unwrap(self.stack.currentWidget())

    @property
    def locked(self) -> bool:
        return self.pages.currentWidget() is self.lock_screen

    def lock(self) -> None:
        """Hide everything but who is logged in; the work stays as it is underneath."""
        if self.locked:
            return
        self._input_watch.stop()
        focus = QApplication.focusWidget()
        self._focus_before_lock = focus if focus is not None else self.focusWidget()
        self._hidden_windows.hide_all()
        self._title_before_lock = self.windowTitle()
        self.setWindowTitle(self._locked_title)
        self.setAccessibleName(self._locked_title)
        self.menuBar().setEnabled(False)  # its shortcuts too, also on a native menu bar
        self.menuBar().hide()
        self._status_bar_shown = self.statusBar().isVisibleTo(self)
        self.statusBar().clearMessage()
        self.statusBar().hide()
        self.pages.setCurrentWidget(self.lock_screen)
        self.lock_screen.reset()
        self.activateWindow()
        self._services.accounts.screen_locked()

    def unlock(self) -> None:
        """Back to exactly where the user was; called once the password is verified."""
        if not self.locked:
            return
        self.pages.setCurrentWidget(self.content)
        self.menuBar().show()
        self.menuBar().setEnabled(True)
        self.statusBar().setVisible(self._status_bar_shown)
        self.setWindowTitle(self._title_before_lock)
        self.setAccessibleName(self._title_before_lock)
        self._hidden_windows.show_all()
        focus, self._focus_before_lock = self._focus_before_lock, None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.window().activateWindow()
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._input_watch.start()

    def _quit(self) -> None:
        """ "Avsluta" on the lock screen: the same as Arkiv → Avsluta."""
        if self.close():
            QApplication.quit()

    @property
    def lock_after_ms(self) -> int:
        return self._input_watch.interval_ms

    def set_lock_after_ms(self, interval_ms: int) -> None:
        self._input_watch.set_interval(interval_ms)

    def _settings_saved(self) -> None:
        self.set_lock_after_ms(self._services.settings.get().auto_lock_minutes * MINUTE_MS)

    def change_password(self) -> ChangePasswordDialog:
        from desktop.views.login import ChangePasswordDialog

        dialog = ChangePasswordDialog(self._services.accounts.change_password, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # A bound method: closures connected to self-deleting dialogs crashed PySide
        # (see UsersView._open).
        dialog.accepted.connect(self._password_changed)
        dialog.open()
        return dialog

    def _password_changed(self) -> None:
        self.statusBar().showMessage(self.tr("Lösenordet är bytt."), 5000)

    def offer_drafts(self) -> None:
        """At start: unfinished intakes are offered for resuming before anything else."""
        if self.workspace.has_drafts():
            self.workspace.show_drafts()

    def _log_contact(self) -> None:
        """Ctrl+K here: for an employer to type in."""
        self._log_contact_from(self)

    def _log_contact_from(self, window: QWidget) -> None:
        """Ctrl+K in `window`: for the employer it shows, if it does, else one to type
        in; the dialog belongs to that window (it is in front again afterwards)."""
        self.workspace.log_contact(self.workspace.employer_shown_in(window), opened_from=window)

    def _employer_changed(self) -> None:
        self.sync_status.refresh()  # what waits to be sent
        if self._employers_page.built:
            self.employers_view.reload()
        self._need_changed()
        if self._overview_page.built:
            self.my_tasks_view.refresh()
        self._refresh_overview()

    def _person_changed(self) -> None:
        self.sync_status.refresh()  # what waits to be sent
        self.persons_view.reload()
        if self._overview_page.built:
            self.overview_view.refresh_drafts()
        self._refresh_overview()
        self._rank_again()

    def _synced(self, tables: set[str]) -> None:
        """A sync brought colleagues' changes: the lists shown and the windows open read
        them again."""
        self.workspace.synced(tables)
        if tables & PERSON_TABLES:
            self._person_changed()
        if tables & EMPLOYER_TABLES:
            self._employer_changed()  # the needs list and the ranking too
        elif tables & NEED_TABLES:
            self._need_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sync_started:
            # The first sync once the window is up (and, shown again after a lock, not
            # again): then every five minutes.
            self._sync_started = True
            self.sync_status.start()

    def _say(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def _about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Om Matchning"))
        box.setText(
            self.tr("Matchning %1\nMatchningsagentens verktyg för Södertörns kommuner.").replace(
                "%1", __version__
            )
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        # A person or intake window that would lose typed text asks first, and stays;
        # "Stäng ändå" there, and the quit goes on.
        if not self.workspace.close_all(then=self.close):
            event.ignore()
            return
        self._settings.window_geometry = bytes(self.saveGeometry().data())
        self._settings.last_screen = self.navigation.currentRow()
        super().closeEvent(event)
        if event.isAccepted():
            # A closed window has nothing to lock (and must not hide other windows).
            self._input_watch.stop()
            # The database closes after the window: no export may still be writing.
            if self._audit_log_view is not None:
                self._audit_log_view.cancel_export()
                self._audit_log_view.wait()
            if self._matching_page.built:
                self.matching_view.wait()
            if self._reports_page.built:
                self.reports_view.wait()
            if self._overview_page.built:
                self.overview_view.wait()
            # A sync writes here in short transactions; it ends before the database
            # closes rather than being cut off by it (bounded by the server's connect
            # timeout and the seconds a sync takes).
            self.sync_status.wait()
            if self._server_view is not None:
                self._server_view.wait()
