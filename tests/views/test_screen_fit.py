"""Every window fits the screen it opens on, at 1366×768 and at a text scale of 200 %
(docs/ui.md, "Fönster"; docs/screenshots.md says what the screenshots showed).

The offscreen screen of the tests is 800×600, smaller than 1366×768: what fits here
fits the laptop. The 200 % case runs the main window in a process of its own, on an
offscreen screen of 1366×768 with QT_SCALE_FACTOR=2 (683×384 to Qt's layouts)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QPoint, QRect, QSize
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.intake import Step
from desktop.services.registry import Services
from desktop.store.database import Database
from desktop.views.documents.letter_dialog import LetterDialog
from desktop.views.help import ShortcutsDialog, UserGuideWindow
from desktop.views.intake.wizard import IntakeWizard
from desktop.views.main_window import DEFAULT_SIZE, MainWindow
from desktop.views.pickers import CheckList
from desktop.views.placement import FRAME_ALLOWANCE, FittingScroll, centred, fit_to_screen
from desktop.views.settings import Settings
from tests.documents.world import letter_world
from tests.views.conftest import show_active

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def _available(widget: QWidget) -> QRect:
    return widget.screen().availableGeometry()


def _fits(size: QSize, available: QRect) -> bool:
    return (
        size.width() + FRAME_ALLOWANCE.width() <= available.width()
        and size.height() + FRAME_ALLOWANCE.height() <= available.height()
    )


# Dialogs that open large ------------------------------------------------------------


def test_a_large_dialog_opens_no_larger_than_the_screen(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    available = _available(dialog)
    size = fit_to_screen(dialog, QSize(760, 720))  # the letter dialog's size
    assert dialog.size() == size
    assert _fits(size, available)
    assert size.width() == 760  # as wide as it wants where there is room


def test_a_small_dialog_keeps_its_size(qtbot: QtBot) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    assert fit_to_screen(dialog, QSize(520, 340)) == QSize(520, 340)


def test_the_help_windows_fit_the_screen(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    guide = UserGuideWindow(owner)  # 760×640 where there is room: not on 800×600
    shortcuts = ShortcutsDialog(owner)
    for window in (guide, shortcuts):
        assert _fits(window.size(), _available(window)), type(window).__name__


def test_centred_never_starts_above_or_left_of_the_screen() -> None:
    available = QRect(0, 0, 683, 354)
    assert centred(QSize(1000, 700), available) == available.topLeft()
    assert centred(QSize(400, 200), QRect(0, 0, 1366, 738)) == QPoint(475, 245)


def test_a_dialog_body_taller_than_the_screen_scrolls_and_a_short_one_does_not(
    qtbot: QtBot,
) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    available = _available(owner)
    tall = QWidget()
    tall.setMinimumHeight(available.height() * 2)
    scroll = FittingScroll(tall, reserve=60)
    qtbot.addWidget(scroll)
    room = available.height() - FRAME_ALLOWANCE.height() - 60
    assert scroll.minimumSizeHint().height() == room
    assert scroll.sizeHint().height() == room
    short = QWidget()
    short.setMinimumSize(300, 200)
    fitting = FittingScroll(short, reserve=60)
    qtbot.addWidget(fitting)
    assert fitting.minimumSizeHint() == QSize(300, 200)


# The main window ----------------------------------------------------------------------


def test_the_first_start_opens_the_main_window_on_the_screen(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    available = _available(window)
    # The offscreen screen is smaller than the default: fitted to it, not off it.
    assert DEFAULT_SIZE.width() > available.width()
    assert _fits(window.size(), available)
    assert available.contains(window.geometry())


def test_a_size_kept_from_a_larger_screen_is_fitted_to_this_one(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    first = MainWindow(services, settings)
    qtbot.addWidget(first)
    first.setGeometry(40, 40, 1800, 1000)  # as if left so on a docked 1920×1080 screen
    settings.window_geometry = bytes(first.saveGeometry().data())
    again = MainWindow(services, settings)
    qtbot.addWidget(again)
    assert QByteArray(settings.window_geometry)
    assert _fits(again.size(), _available(again))


def test_a_wide_screen_shown_once_does_not_widen_the_window(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    """Rapporter's row of fields once made every screen, and the window, as wide as it
    (1156 pixels): the window grew off a 1920×1080 screen it was placed at the right of."""
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    width = window.width()
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        qtbot.wait(10)
        assert window.width() == width, window.navigation.item(row).text()
        assert window.minimumSizeHint().width() <= _available(window).width()
    window.navigation.setCurrentRow(1)  # Deltagare: only its own size counts now
    reports = window.reports_view
    assert window.stack.minimumSizeHint().width() < reports.minimumSizeHint().width()


SCALED_RUN = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from desktop.store.schema import open_database
    from desktop.store.keys import new_database_key
    from desktop.views.main_window import MainWindow
    from desktop.views.settings import Settings
    from tests.views.conftest import services_for

    app = QApplication([])
    folder = Path(sys.argv[1])
    db = open_database(folder / "m.sqlite", key=new_database_key())
    settings = Settings(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))
    window = MainWindow(services_for(db), settings)
    window.show()
    seen = []
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        app.processEvents()
        g = window.geometry()
        seen.append([g.x(), g.y(), g.width(), g.height()])
    dialog = window.workspace.new_employer()
    app.processEvents()
    g = dialog.geometry()
    seen.append([g.x(), g.y(), g.width(), g.height()])
    save = dialog.save_button
    corner = save.mapToGlobal(save.rect().bottomRight())
    a = window.screen().availableGeometry()
    print(json.dumps({
        "available": [a.x(), a.y(), a.width(), a.height()],
        "seen": seen,
        "save": [corner.x(), corner.y()],
    }))
    dialog.reject()
    window.close()
    db.close()
    """
)


def test_at_200_percent_on_a_1366x768_laptop_the_main_window_stays_on_the_screen(
    tmp_path: Path,
) -> None:
    """QT_SCALE_FACTOR=2 on 1366×768: 683×384 for the layouts. Every screen of the main
    window is shown; the window stays within the screen (the screens scroll inside), and
    so does Ny arbetsgivare with its buttons (its form scrolls)."""
    config = tmp_path / "screen.json"
    screen = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_SCALE_FACTOR="2", PYTHONPATH=str(ROOT))
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    done = subprocess.run(
        [sys.executable, "-c", SCALED_RUN, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    available = QRect(*result["available"])
    assert available.width() == 683  # the scale really is 2
    for x, y, width, height in result["seen"]:
        assert available.contains(QRect(x, y, width, height)), (x, y, width, height)
    # Ny arbetsgivare (439 high, more than the screen) scrolls its form: Spara is there.
    assert available.contains(QPoint(*result["save"]))


# Record windows: the person's header, the intake wizard -------------------------------


def test_the_person_header_fits_the_default_window_width(
    qtbot: QtBot, services: Services, settings: Settings
) -> None:
    """Matchande behov… and Radera personen… stood after the facts, 1060 pixels in all:
    the window of 1040 scrolled sideways to reach them. They stand beside the name."""
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    window.persons_view.load()
    person_id = window.persons_view.model.person_id(0)
    assert person_id is not None
    opened = window.workspace.open_person(person_id)
    assert opened is not None
    view = opened.content
    header = view.findChild(QWidget, "personHeader")
    assert view.erase_button is not None  # an administrator: both buttons are there
    assert header.minimumSizeHint().width() < 1040 - 2 * 8 - 2 * 11


@pytest.fixture
def wizard(qtbot: QtBot, services: Services) -> IntakeWizard:
    wizard = IntakeWizard(services.intake, services.reference)
    qtbot.addWidget(wizard)
    # The wizard in a window of 1040×760 (its default), less the window's margins.
    wizard.resize(1040 - 16, 713 - 16)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def test_every_intake_page_fits_its_window_without_scrolling_sideways(
    wizard: IntakeWizard,
) -> None:
    """Körkort's boxes (two columns of 240) stood beside a label of 250: the page was
    wider than the window of 1040 and was cut off at its right edge (1366×768)."""
    for step in Step:
        wizard._show(step)
        page = wizard.pages[step]
        area = wizard.stack.currentWidget()
        assert page.minimumSizeHint().width() <= area.viewport().width(), step.name
        assert not area.horizontalScrollBar().isVisible(), step.name


def test_the_step_list_is_as_wide_as_its_longest_step(wizard: IntakeWizard) -> None:
    metrics = wizard.steps.fontMetrics()
    texts = [wizard.steps.item(row).text() + "  ✓" for row in range(wizard.steps.count())]
    widest = max(metrics.horizontalAdvance(text) for text in texts)
    assert widest < wizard.steps.width() < widest + 60


def test_check_list_columns_are_no_wider_than_their_texts(qtbot: QtBot) -> None:
    boxes = CheckList([("a", "A"), ("b", "B"), ("c", "C")], columns=3, column_width=180)
    qtbot.addWidget(boxes)
    assert boxes.width() < 3 * 180
    long = CheckList([("x", "D1E – mellanstor buss med släp")], columns=2, column_width=90)
    qtbot.addWidget(long)
    assert long.width() == 2 * 90 + 24  # never wider than asked for


def test_the_letter_dialog_fits_the_screen_and_scrolls_all_but_its_buttons(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    """Presentationsbrev (760×720) stood below the task bar at 1366×768; at 200 % its
    list of what is missing was clipped. It is fitted to the screen, and its text and
    list scroll above the buttons where the screen is lower than they need."""
    world = letter_world(db)
    dialog = LetterDialog(world.services.documents, world.referral_id, settings)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    assert _available(dialog).contains(dialog.geometry())
    body = dialog.findChild(FittingScroll)
    assert body is not None
    inside = body.widget()
    assert inside.isAncestorOf(dialog.text)
    assert inside.isAncestorOf(dialog.missing)
    assert not inside.isAncestorOf(dialog.close_button)
    assert not inside.isAncestorOf(dialog.save_button)
