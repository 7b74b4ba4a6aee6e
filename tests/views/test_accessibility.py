"""What a screen reader gets from every screen and dialog of the app."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, QRegularExpression, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.services.intake import Step
from desktop.services.retention import RetentionService
from desktop.store.database import Database
from desktop.views import accessible
from desktop.views.consent_dialog import ConsentDialog
from desktop.views.documents.batch_dialog import LetterBatchDialog
from desktop.views.documents.letter_dialog import LetterDialog
from desktop.views.help import ShortcutsDialog, UserGuideWindow
from desktop.views.intake.profile_editor import ProfileEditor
from desktop.views.intake.wizard import IntakeWizard
from desktop.views.login import ChangePasswordDialog, LoginDialog, SetupDialog
from desktop.views.main_window import MainWindow
from desktop.views.need.choose_employer import ChooseEmployerDialog
from desktop.views.person.case_dialogs import CloseCaseDialog, NewCaseDialog
from desktop.views.person.consents_tab import WithdrawConsentDialog
from desktop.views.person.erase_dialog import EraseDialog
from desktop.views.person.view import PersonView
from desktop.views.referrals.dialogs import HistoryDialog, StepDialog
from desktop.views.settings import Settings
from desktop.views.sync_conflicts import SyncConflictsDialog
from desktop.views.users_view import NewUserDialog, ResetPasswordDialog
from tests.views.conftest import show_active, wait_for_runs
from tests.views.matching_data import TODAY, World, make_world

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

CONTROLS = (
    QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit,
    QAbstractItemView, QTabBar,
)  # fmt: skip
PARTS_OF = (QComboBox, QAbstractSpinBox, QAbstractItemView, QTabBar, QLineEdit)


def _part_of_a_control(widget: QWidget) -> bool:
    """Parts Qt makes inside a control: a combo box's list, a line edit's clear button."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, PARTS_OF):
            return True
        parent = parent.parentWidget()
    return False


def controls(root: QWidget) -> list[QWidget]:
    """The controls of `root` that a user can reach with Tab or the mouse now."""
    return [
        widget
        for widget in (root, *root.findChildren(QWidget))
        if isinstance(widget, CONTROLS)
        and not isinstance(widget, QHeaderView)
        and widget.isVisible()
        and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not _part_of_a_control(widget)
    ]


def unexplained(root: QWidget) -> list[str]:
    """Each control of `root` without a name or a description for assistive technology,
    or whose description only repeats its name."""
    missing = []
    for widget in controls(root):
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface is not None
        name = interface.text(QAccessible.Text.Name).strip()
        if isinstance(widget, QComboBox):  # on Linux its name is the value chosen
            name = accessible.label_of(widget)
        description = interface.text(QAccessible.Text.Description).strip()
        if isinstance(widget, QTabBar):  # a screen reader describes each tab, not the bar
            tab = interface.child(widget.currentIndex())
            description = tab.text(QAccessible.Text.Description).strip() if tab else ""
        if not name or not description or description == name:
            missing.append(
                f"{root.window().objectName()}: {type(widget).__name__} "
                f"{widget.objectName()!r} name={name!r} description={description!r}"
            )
    return missing


@pytest.fixture
def world(db: Database) -> World:
    return make_world(db)


@pytest.fixture
def window(qtbot: QtBot, world: World, settings: Settings) -> Iterator[MainWindow]:
    main = MainWindow(world.services, settings)
    qtbot.addWidget(main)
    show_active(qtbot, main)
    yield main
    wait_for_runs(main)


def every_tab(root: QWidget) -> list[str]:
    """`unexplained` of `root` with each tab of each of its tab widgets in front."""
    missing = unexplained(root) + backwards(root)
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        for index in range(tabs.count()):
            if not (tabs.isTabVisible(index) and tabs.isTabEnabled(index)):
                continue  # as for the user: a new need has no Anvisningar yet
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            missing += unexplained(root) + backwards(root)
    return missing


def test_every_screen_of_the_main_window(qtbot: QtBot, window: MainWindow) -> None:
    missing: list[str] = []
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        QApplication.processEvents()
        missing += every_tab(window)
    assert_all_explained(missing)


def assert_all_explained(missing: list[str]) -> None:
    unique = list(dict.fromkeys(missing))
    print("\n".join(unique))
    assert unique == []


def test_every_record_window(qtbot: QtBot, window: MainWindow, world: World) -> None:
    workspace = window.workspace
    employer = world.services.vacancies.get(world.need).employer_id
    world.services.referrals.propose(world.need, world.amal)  # the Anvisningar tabs have one
    opened = [
        workspace.open_person(world.amal),
        workspace.open_employer(employer),
        workspace.open_need(world.need),
        workspace.open_person_needs(world.amal),
    ]
    missing: list[str] = []
    for screen in opened:
        assert screen is not None
        show_active(qtbot, screen)
        missing += every_tab(screen)
    intake = workspace.new_intake()
    show_active(qtbot, intake)
    wizard = intake.content
    assert isinstance(wizard, IntakeWizard)
    for step in Step:
        wizard._show(step)
        QApplication.processEvents()
        missing += unexplained(intake) + backwards(intake)
    assert_all_explained(missing)


def test_forms_with_rows_added_and_the_profile_editor(
    qtbot: QtBot, window: MainWindow, world: World
) -> None:
    """Rows added to a form, and the profile editor opened from a person's window, are
    named, described and reached by Tab in the order shown."""
    missing: list[str] = []
    person = window.workspace.open_person(world.amal)
    assert person is not None
    assert isinstance(person.content, PersonView)
    show_active(qtbot, person)
    view = person.content
    view.show_tab(view.profile)
    view.profile.edit()
    editor = view.profile.editor
    assert isinstance(editor, ProfileEditor)
    added = []
    for index, page in enumerate(editor.pages):
        editor.tabs.setCurrentIndex(index)
        for add in page.findChildren(QPushButton, QRegularExpression(r"Add$")):
            qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
            added.append(add.objectName())
    assert len(added) >= 4, added
    QApplication.processEvents()
    missing += every_tab(person)
    employer = window.workspace.open_employer(world.services.vacancies.get(world.need).employer_id)
    assert employer is not None
    show_active(qtbot, employer)
    add_workplace = employer.findChild(QPushButton, "addWorkplaceButton")
    qtbot.mouseClick(add_workplace, Qt.MouseButton.LeftButton)
    need = window.workspace.open_need(world.need)
    assert need is not None
    show_active(qtbot, need)
    add_requirement = need.findChild(QPushButton, "requirementsAdd")
    qtbot.mouseClick(add_requirement, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    missing += every_tab(employer) + every_tab(need)
    intake = window.workspace.new_intake()
    show_active(qtbot, intake)
    wizard = intake.content
    assert isinstance(wizard, IntakeWizard)
    adds = {
        Step.LANGUAGES: "languagesAdd",
        Step.EDUCATION: "educationsAdd",
        Step.EXPERIENCE: "experiencesAdd",
        Step.LICENCES: "certificatesAdd",
    }
    for step, add in adds.items():
        wizard._show(step)
        for _ in range(2):
            qtbot.mouseClick(wizard.findChild(QPushButton, add), Qt.MouseButton.LeftButton)
        QApplication.processEvents()
        missing += unexplained(intake) + backwards(intake)
    assert_all_explained(missing)


def _seen(qtbot: QtBot, dialog: QWidget) -> list[str]:
    """What `dialog` leaves unexplained, shown as the user would see it, then closed."""
    if dialog.parentWidget() is None:
        qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    missing = every_tab(dialog)
    dialog.close()
    QApplication.processEvents()
    return missing


def test_every_dialog(qtbot: QtBot, window: MainWindow, world: World, settings: Settings) -> None:
    services = world.services
    workspace = window.workspace
    employer = services.vacancies.get(world.need).employer_id
    referral = services.referrals.propose(world.need, world.amal)
    row = services.referrals.get(referral)
    pairs = [(c.code, c.name) for c in services.reference.municipalities()]
    choices = services.reference.municipalities()
    place = "/tmp/testdatabas.sqlite"
    dialogs: list[Callable[[], QWidget]] = [
        workspace.new_employer,
        workspace.log_contact,
        lambda: workspace.log_contact(employer),
        workspace.show_drafts,
        window.change_password,
        lambda: ConsentDialog(services.consents, world.elin, "Elin Fiktiv"),
        lambda: EraseDialog(RetentionService(services.db, services.actor), world.dawit),
        lambda: CloseCaseDialog(lambda _outcome, _day: None, today=TODAY),
        lambda: NewCaseDialog(
            lambda *_: None, choices, ["Arbetsförmedlingen"], municipality="0127", today=TODAY
        ),
        lambda: StepDialog(row, row.next_statuses[0], lambda _input: None),
        lambda: HistoryDialog(row, services.referrals.history(referral)),
        lambda: LetterDialog(services.documents, referral, settings),
        lambda: LetterBatchDialog(services.documents, world.need, settings),
        lambda: ChooseEmployerDialog(services.employers),
        lambda: NewUserDialog(services.accounts.add_user, pairs, default_municipality="0127"),
        lambda: ShortcutsDialog(window),
        lambda: SyncConflictsDialog(services.sync),
        UserGuideWindow,
        lambda: LoginDialog(services.accounts.verify_password, place=place),  # type: ignore[arg-type]
        lambda: SetupDialog(lambda **_: None, pairs, place=place),  # type: ignore[arg-type]
        lambda: ChangePasswordDialog(lambda _old, _new: None, forced=True),
        lambda: ResetPasswordDialog(services.accounts.reset_password, services.accounts.users()[0]),
        lambda: WithdrawConsentDialog(
            services.consents, services.consents.consents_of(world.amal)[0], "Amal Testsson"
        ),
    ]
    missing: list[str] = []
    for make in dialogs:
        missing += _seen(qtbot, make())
    person = workspace.open_person(world.amal)
    assert person is not None
    assert isinstance(person.content, PersonView)
    show_active(qtbot, person)
    person.content.show_tab(person.content.documents)
    chooser = person.content.documents_panel.open_chooser()
    assert chooser is not None
    missing += _seen(qtbot, chooser)
    new_need = workspace.new_need(employer)
    assert new_need is not None
    show_active(qtbot, new_need)
    missing += every_tab(new_need)
    assert_all_explained(missing)


def test_the_lock_screen(qtbot: QtBot, window: MainWindow) -> None:
    window.lock()
    QApplication.processEvents()
    assert_all_explained(unexplained(window) + backwards(window))


# Tab order ---------------------------------------------------------------------------


def tab_order(root: QWidget) -> list[QWidget]:
    """The controls of `root` in the order Tab reaches them, from the first."""
    reachable = {
        id(widget): widget
        for widget in controls(root)
        if widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    }
    order: list[QWidget] = []
    widget = root.window().nextInFocusChain()
    for _ in range(5000):
        if id(widget) in reachable and widget not in order:
            order.append(widget)
        if widget is root.window():
            break
        widget = widget.nextInFocusChain()
    return order


def backwards(root: QWidget) -> list[str]:
    """Each step of Tab through `root` that goes against the reading order: up to an
    earlier row (unless to a column wholly to the right, a form of two columns), or left
    within the same row."""
    window = root.window()

    def box(widget: QWidget, other: QWidget) -> QRect:
        """Where `widget` is shown; in a scroll area `other` is not in, the area's place."""
        shown: QWidget = widget
        parent = widget.parentWidget()
        while parent is not None and parent is not window:
            if isinstance(parent, QAbstractScrollArea) and not parent.isAncestorOf(other):
                shown = parent
            parent = parent.parentWidget()
        return QRect(shown.mapTo(window, QPoint(0, 0)), shown.size())

    wrong = []
    for before, after in itertools.pairwise(tab_order(root)):
        a, b = box(before, after), box(after, before)
        same_row = b.top() < a.bottom() and a.top() < b.bottom()
        up = b.bottom() < a.top()
        new_column = b.left() > a.right()
        if (up and not new_column) or (same_row and b.right() < a.left()):
            wrong.append(
                f"{window.objectName()}: Tab from {before.objectName()!r} ({a.x()},{a.y()}) "
                f"to {after.objectName()!r} ({b.x()},{b.y()})"
            )
    return wrong


def test_tab_goes_the_way_the_focus_chain_says(
    qtbot: QtBot, window: MainWindow, world: World
) -> None:
    """Pressing Tab from a form's first field reaches its fields in the order the tests
    above read from the focus chain (so that walking the chain is walking Tab)."""
    employer = world.services.vacancies.get(world.need).employer_id
    for dialog in (window.workspace.log_contact(employer), window.workspace.new_employer()):
        show_active(qtbot, dialog)
        order = tab_order(dialog)
        assert len(order) >= 5
        first = dialog.focusWidget()
        assert first in order
        start = order.index(first)
        expected = order[start:] + order[:start]
        reached = [first]
        for _ in range(len(order) - 1):
            qtbot.keyClick(reached[-1], Qt.Key.Key_Tab)
            reached.append(dialog.focusWidget())
        names = [w.objectName() for w in reached]
        assert names == [w.objectName() for w in expected]
        dialog.close()


def test_a_reason_is_read_with_its_field_then_the_fields_hint_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    intake = window.workspace.new_intake()
    show_active(qtbot, intake)
    wizard = intake.content
    assert isinstance(wizard, IntakeWizard)
    wizard._show(Step.BACKGROUND)
    field = wizard.pages[Step.BACKGROUND].fields()["arrival_date"]
    hint = "Datum då personen kom till Sverige (uppehållstillstånd eller inresa)."
    assert field.widget.accessibleDescription() == hint
    field.show("Skriv datumet som ÅÅÅÅ-MM-DD.")
    assert field.widget.accessibleDescription() == "Skriv datumet som ÅÅÅÅ-MM-DD."
    field.show("")
    assert field.widget.accessibleDescription() == hint


GATED = """
import os
import time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QWidget
from desktop.views import accessible

app = QApplication([])
accessible.install(app)
window = QWidget()
field = QLineEdit()
QFormLayout(window).addRow("&Ort", field)
window.show()
app.processEvents()
before = field.accessibleDescription()
QAccessible.setActive(True)  # as Qt's bridge does when a screen reader starts
deadline = time.monotonic() + 2 * accessible.AT_CHECK_MS / 1000
while not field.accessibleDescription() and time.monotonic() < deadline:
    app.processEvents()
later = QLineEdit()
window.layout().addRow("&Gata", later)
app.processEvents()
print(repr(later.accessibleDescription()))
print(repr(before), repr(field.accessibleDescription()))
"""


def test_descriptions_are_made_once_a_screen_reader_reads_the_app() -> None:
    """Without one nothing is described (the filter would cost every window); once Qt
    says one is active, what is on screen is described at once, and all shown later."""
    done = subprocess.run(
        [sys.executable, "-c", GATED], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "'Gata: skriv här; Tab går till nästa fält.'",
        "'' 'Ort: skriv här; Tab går till nästa fält.'",
    ]
