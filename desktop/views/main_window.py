"""The main window: navigation between the screens, a status bar, the DEMO marking."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop import __version__
from desktop.services.registry import Services
from desktop.views.persons_view import PersonsView
from desktop.views.placeholder import ComingLaterView
from desktop.views.settings import Settings


class MainWindow(QMainWindow):
    def __init__(
        self,
        services: Services,
        settings: Settings,
        *,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._services = services
        self._settings = settings
        self.demo = demo
        title = self.tr("Matchning")
        if demo:
            title += " – " + self.tr("DEMO (övningsdatabas, inga riktiga uppgifter)")
        self.setWindowTitle(title)
        self.setAccessibleName(title)

        self.persons_view = PersonsView(services.persons)
        screens: list[tuple[str, QWidget]] = [
            (
                self.tr("Översikt"),
                ComingLaterView(
                    self.tr("Översikt"),
                    self.tr(
                        "Här samlas dina uppföljningar som förfaller i dag och senaste händelser."
                    ),
                ),
            ),
            (self.tr("Deltagare"), self.persons_view),
            (
                self.tr("Arbetsgivare"),
                ComingLaterView(
                    self.tr("Arbetsgivare"),
                    self.tr("Arbetsgivarregistret med kontaktpersoner och besökslogg."),
                ),
            ),
            (
                self.tr("Rekryteringsbehov"),
                ComingLaterView(
                    self.tr("Rekryteringsbehov"),
                    self.tr("Arbetsgivarnas rekryteringsbehov med krav och meriter."),
                ),
            ),
            (
                self.tr("Matchning"),
                ComingLaterView(
                    self.tr("Matchning"),
                    self.tr("Rangordnade kandidater för ett behov, och behov för en deltagare."),
                ),
            ),
            (
                self.tr("Rapporter"),
                ComingLaterView(
                    self.tr("Rapporter"),
                    self.tr("Utfall per kommun och period samt ESF-deltagarrapporten."),
                ),
            ),
        ]
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Navigering"))
        self.navigation.setFixedWidth(190)
        self.stack = QStackedWidget()
        self.stack.setObjectName("screens")
        for number, (name, widget) in enumerate(screens, start=1):
            item = QListWidgetItem(name)
            item.setToolTip(f"{name} (Ctrl+{number})")
            self.navigation.addItem(item)
            widget.setObjectName(widget.objectName() or f"screen{number}")
            self.stack.addWidget(widget)
        self.navigation.currentRowChanged.connect(self.show_screen)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus(len(screens))
        self._build_status_bar()
        self.persons_view.person_activated.connect(self._person_activated)

        geometry = settings.window_geometry
        if geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1100, 700)
        start = settings.last_screen
        self.navigation.setCurrentRow(start if 0 <= start < len(screens) else 1)

    def _build_menus(self, screens: int) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&Arkiv"))
        quit_action = QAction(self.tr("&Avsluta"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&Visa"))
        for row in range(screens):
            item = self.navigation.item(row)
            action = QAction(item.text(), self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _=False, r=row: self.navigation.setCurrentRow(r))
            view_menu.addAction(action)

        help_menu = self.menuBar().addMenu(self.tr("&Hjälp"))
        about = QAction(self.tr("&Om Matchning"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
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
        self.statusBar().showMessage(self.navigation.item(row).text(), 2000)

    def _person_activated(self, person_id: str) -> None:
        # The person screen arrives with the intake work; say so rather than do nothing.
        self.statusBar().showMessage(self.tr("Personkortet kommer i en senare version."), 4000)

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
        self._settings.window_geometry = bytes(self.saveGeometry().data())
        self._settings.last_screen = self.navigation.currentRow()
        super().closeEvent(event)
