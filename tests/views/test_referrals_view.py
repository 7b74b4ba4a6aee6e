"""Referrals on screen, driven as an agent would: a need's, a person's and an employer's
list with a line of counts, each step through its dialog (present, interview, offer, place with the
placement's form and dates, decline with who and why, withdraw, undo a placement), bad
input explained beside its field and kept, a colleague's step in between, and the need,
the person's case and the employer's log following."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop import clock
from desktop.services.consents import SHARING
from desktop.services.employers import EmployerData
from desktop.services.referrals import PlacementData
from desktop.services.registry import Services
from desktop.services.vacancies import VacancyData
from desktop.store.database import Database
from desktop.views.employer.view import EmployerView
from desktop.views.lazy_page import LazyPage
from desktop.views.need import NeedEditor
from desktop.views.person.view import PersonView
from desktop.views.referrals import (
    UNDO,
    HistoryDialog,
    ReferralColumn,
    ReferralsPanel,
    ReferralTableModel,
    StepDialog,
)
from desktop.views.referrals.model import EMPLOYER_COLUMNS, NEED_COLUMNS, PERSON_COLUMNS
from desktop.views.workspace import Workspace
from tests.factories import make_person, open_case
from tests.views.conftest import services_for, show_active
from tests.views.focus import wait_for_focus

TODAY = clock.today()
EMPLOYER = "Lindängens Vård AB"


@dataclass
class World:
    db: Database
    services: Services
    employer_id: uuid.UUID
    need_id: uuid.UUID
    amina: uuid.UUID
    yonas: uuid.UUID

    def need(self, title: str = "Undersköterska", positions: str = "1", **fields: str) -> uuid.UUID:
        values = {
            "occupation_code": "5321",
            "title": title,
            "positions": positions,
            "form_code": "nystartsjobb",
            "extent": "deltid",
            "municipality_code": "0127",
        }
        values.update(fields)
        return self.services.vacancies.create(VacancyData(employer_id=self.employer_id, **values))

    def propose(self, person_id: uuid.UUID, need_id: uuid.UUID | None = None) -> uuid.UUID:
        return self.services.referrals.propose(need_id or self.need_id, person_id)

    def step(self, referral_id: uuid.UUID, *statuses: str) -> None:
        version = self.services.referrals.get(referral_id).version
        for status in statuses:
            version = self.services.referrals.change_status(referral_id, version, status)

    def status(self, referral_id: uuid.UUID) -> str:
        return self.services.referrals.get(referral_id).status

    def case_status(self, person_id: uuid.UUID) -> str:
        return self.services.cases.cases_of(person_id)[0].status

    def panel(self, qtbot: QtBot, **where: uuid.UUID) -> ReferralsPanel:
        panel = ReferralsPanel(
            self.services.referrals,
            self.services.reference,
            **where or {"vacancy_id": self.need_id},
        )
        qtbot.addWidget(panel)
        panel.resize(900, 420)
        show_active(qtbot, panel)
        return panel

    def editor(self, qtbot: QtBot, need_id: uuid.UUID | None = None) -> NeedEditor:
        editor = NeedEditor(
            self.services.vacancies,
            self.services.reference,
            need_id=need_id or self.need_id,
            referrals=self.services.referrals,
        )
        qtbot.addWidget(editor)
        editor.resize(1040, 760)
        show_active(qtbot, editor)
        return editor

    def person_view(self, qtbot: QtBot, person_id: uuid.UUID) -> PersonView:
        services = self.services
        view = PersonView(
            services.persons, services.cases, services.intake, services.accounts,
            services.reference, person_id, referrals=services.referrals,
        )  # fmt: skip
        qtbot.addWidget(view)
        view.resize(1000, 640)
        show_active(qtbot, view)
        return view

    def employer_view(self, qtbot: QtBot, employer_id: uuid.UUID | None = None) -> EmployerView:
        services = self.services
        view = EmployerView(
            services.employers, services.vacancies, services.accounts, services.reference,
            employer_id or self.employer_id, referrals=services.referrals,
        )  # fmt: skip
        qtbot.addWidget(view)
        view.resize(1040, 640)
        show_active(qtbot, view)
        return view


@pytest.fixture
def world(db: Database) -> World:
    services = services_for(db, "handlaggare")
    people = []
    with db.unit_of_work() as session:
        for first, last, birth in (
            ("Amina", "Test", dt.date(1990, 5, 17)),
            ("Yonas", "Prov", dt.date(1986, 11, 2)),
        ):
            person = make_person(session, first, last, birth=birth)
            open_case(session, person)
            people.append(person.id)
    for person_id in people:
        services.consents.record(
            person_id, SHARING, "skriftligt", (TODAY - dt.timedelta(days=7)).isoformat()
        )
    employer_id = services.employers.create(
        EmployerData(name=EMPLOYER, sector="privat", municipality_code="0127")
    )
    world = World(db, services, employer_id, uuid.uuid4(), *people)
    world.need_id = world.need()
    return world


def click(widget: QWidget) -> None:
    QtBot.mouseClick(widget, Qt.MouseButton.LeftButton)


def step_dialog(panel: ReferralsPanel) -> StepDialog:
    dialog = panel.dialog
    assert isinstance(dialog, StepDialog)
    assert dialog.isVisible()
    return dialog


def take(qtbot: QtBot, panel: ReferralsPanel, status: str, note: str = "") -> None:
    """Press the step's button, write the note, confirm."""
    push = panel.undo_button if status == UNDO else panel.step_buttons[status]
    assert push.isVisible(), (status, panel.offered_steps())
    click(push)
    dialog = step_dialog(panel)
    if note:
        write(qtbot, dialog.note, note)
    click(dialog.save_button)
    assert not dialog.isVisible(), [e.text() for e in dialog.errors.values() if e.text()]


def write(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type `text` into the focused field: keys for ASCII (QtTest has no keys for å, ä
    and ö), the rest inserted as an input method would."""
    widget.setFocus()
    if text.isascii():
        qtbot.keyClicks(widget, text)
    elif isinstance(widget, QPlainTextEdit):
        widget.insertPlainText(text)
    else:
        assert isinstance(widget, QLineEdit)
        widget.insert(text)


def choose(box: QComboBox, code: str) -> None:
    index = box.findData(code)
    assert index >= 0, code
    box.setCurrentIndex(index)


# The list ------------------------------------------------------------------------------


def test_the_models_pass_the_model_tester(qtmodeltester: ModelTester, world: World) -> None:
    first = world.propose(world.amina)
    world.propose(world.yonas)
    world.step(first, "intervju")
    for columns in (PERSON_COLUMNS, NEED_COLUMNS, EMPLOYER_COLUMNS):
        model = ReferralTableModel(columns)
        model.set_rows(world.services.referrals.of_need(world.need_id))
        qtmodeltester.check(model)
        model.set_rows([])
        qtmodeltester.check(model)


def test_an_empty_list_says_why_and_what_to_do(qtbot: QtBot, world: World) -> None:
    panel = world.panel(qtbot)
    assert panel.empty.isVisible()
    assert panel.empty.text() == "Inga anvisningar ännu. Föreslå kandidater från Matchning."
    assert not panel.table.isVisible()
    assert not panel.step_bar.isVisible()
    person = world.panel(qtbot, person_id=world.amina)
    assert person.empty.text().startswith("Inga anvisningar ännu. Föreslå personen")


def test_a_needs_list_in_pipeline_order_with_its_counts(qtbot: QtBot, world: World) -> None:
    amina = world.propose(world.amina)
    yonas = world.propose(world.yonas)
    world.step(yonas, "presenterad", "intervju")
    panel = world.panel(qtbot)
    assert [panel.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Person", "Status", "Senast ändrad", "Matchning",
    ]  # fmt: skip
    rows = panel.table_text()
    assert [row[:2] for row in rows] == [["Amina Test", "Föreslagen"], ["Yonas Prov", "Intervju"]]
    changed = world.services.referrals.get(amina).status_changed_at
    assert rows[0][2] == changed.astimezone(clock.STOCKHOLM).strftime("%Y-%m-%d %H:%M")
    assert rows[0][3].endswith(" av 100")
    assert panel.summary.text() == (
        "Föreslagna 1  ·  Presenterade 0  ·  Intervju 1  ·  Erbjudna 0  ·  Placerade 0  ·  "
        "Avböjda 0"
    )
    # The first is chosen, and only its legal steps are offered.
    assert panel.selected() is not None
    assert panel.offered_steps() == ["presenterad", "intervju", "avbojd", "aterkallad"]
    panel.select(yonas)
    assert panel.offered_steps() == ["erbjuden", "avbojd", "aterkallad"]
    score = panel.model.index(0, panel.column(ReferralColumn.SCORE))
    assert score.data(Qt.ItemDataRole.ToolTipRole)  # the reasons of the match


def test_a_persons_list_names_the_need_and_employer(qtbot: QtBot, world: World) -> None:
    world.propose(world.amina)
    other = world.need("Lokalvårdare", occupation_code="9111")
    withdrawn = world.propose(world.amina, other)
    world.step(withdrawn, "aterkallad")
    panel = world.panel(qtbot, person_id=world.amina)
    assert [row[:3] for row in panel.table_text()] == [
        ["Undersköterska", EMPLOYER, "Föreslagen"],
        ["Lokalvårdare", EMPLOYER, "Återkallad"],
    ]
    assert panel.summary.text().endswith("Avböjda 0  ·  Återkallade 1")
    panel.select(withdrawn)
    assert panel.offered_steps() == []
    assert panel.history_button.isEnabled()


def referrals_page(view: EmployerView) -> LazyPage[ReferralsPanel]:
    page = next(
        view.tabs.widget(i)
        for i in range(view.tabs.count())
        if view.tabs.tabText(i).replace("&", "") == "Anvisningar"
    )
    assert isinstance(page, LazyPage)
    return page


def test_an_employers_list_spans_its_needs_and_is_built_when_first_shown(
    qtbot: QtBot, world: World
) -> None:
    world.propose(world.amina)
    cleaner = world.need("Lokalvårdare", occupation_code="9111")
    yonas = world.propose(world.yonas, cleaner)
    world.step(yonas, "presenterad")
    # Another employer's referral is not this employer's.
    other_employer = world.services.employers.create(
        EmployerData(name="Granbergs Åkeri AB", sector="privat", municipality_code="0127")
    )
    driver = world.services.vacancies.create(
        VacancyData(
            employer_id=other_employer, occupation_code="8332", title="Lastbilschaufför",
            positions="1", form_code="nystartsjobb", extent="heltid", municipality_code="0127",
        )
    )  # fmt: skip
    world.propose(world.amina, driver)

    view = world.employer_view(qtbot)
    page = referrals_page(view)
    assert not page.built  # the details tab is what opening shows
    view.tabs.setCurrentWidget(page)
    assert page.built
    panel = view.referrals_panel
    assert panel.isVisible()
    assert [panel.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Person", "Behov", "Status", "Senast ändrad", "Matchning",
    ]  # fmt: skip
    assert [row[:3] for row in panel.table_text()] == [
        ["Amina Test", "Undersköterska", "Föreslagen"],
        ["Yonas Prov", "Lokalvårdare", "Presenterad"],
    ]
    assert panel.table_text()[0][4].endswith(" av 100")
    assert panel.title.text() == "Anvisningar till arbetsgivarens behov"
    assert panel.summary.text().startswith("Föreslagna 1  ·  Presenterade 1  ·  Intervju 0")
    assert panel.hint.isVisible()
    assert panel.offered_steps() == ["presenterad", "intervju", "avbojd", "aterkallad"]


def test_an_employer_without_referrals_says_what_to_do(qtbot: QtBot, world: World) -> None:
    view = world.employer_view(qtbot)
    view.show_tab(view.referrals)
    panel = view.referrals_panel
    assert panel.empty.isVisible()
    assert panel.empty.text() == (
        "Inga anvisningar ännu. Föreslå kandidater till arbetsgivarens rekryteringsbehov "
        "från Matchning."
    )
    assert not panel.table.isVisible()
    assert not panel.step_bar.isVisible()
    assert not panel.hint.isVisible()


# Steps ---------------------------------------------------------------------------------


def test_from_proposal_to_placement_and_back_in_the_needs_window(
    qtbot: QtBot, world: World
) -> None:
    referral = world.propose(world.amina)
    editor = world.editor(qtbot)
    assert editor.tabs is not None
    assert [editor.tabs.tabText(i).replace("&", "") for i in range(2)] == [
        "Behovet",
        "Anvisningar",
    ]
    editor.tabs.setCurrentIndex(1)
    panel = editor.referrals
    assert editor.filled.text() == "Tillsatta platser: 0 av 1"

    take(qtbot, panel, "presenterad", "Skickade CV")
    assert world.status(referral) == "presenterad"
    assert panel.notice.text() == "Anvisningen av Amina Test är nu presenterad."
    assert panel.table_text()[0][1] == "Presenterad"
    take(qtbot, panel, "intervju")
    take(qtbot, panel, "erbjuden")
    assert panel.offered_steps() == ["placerad", "avbojd", "aterkallad"]

    click(panel.step_buttons["placerad"])
    dialog = step_dialog(panel)
    assert dialog.form_code is not None
    assert dialog.start_date is not None
    assert dialog.end_date is not None
    assert dialog.extent is not None
    # The need's form and extent, from today.
    assert (dialog.form_code.value(), dialog.extent.value()) == ("nystartsjobb", "deltid")
    assert (dialog.start_date.text(), dialog.end_date.text()) == (TODAY.isoformat(), "")
    # An end before the start is explained beside the field as it is typed ...
    write(qtbot, dialog.end_date, "2020-01-01")
    assert dialog.error_text("placement.end_date") == (
        "Slutdatumet kan inte vara före startdatumet."
    )
    write(qtbot, dialog.note, "Introduktion två veckor.")
    # ... and again when placing is tried, with everything typed kept.
    click(dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error_text("placement.end_date") == (
        "Slutdatumet kan inte vara före startdatumet."
    )
    assert dialog.end_date.text() == "2020-01-01"
    assert dialog.note.toPlainText() == "Introduktion två veckor."
    wait_for_focus(qtbot, dialog.end_date)
    assert world.status(referral) == "erbjuden"

    dialog.end_date.clear()
    end = TODAY + dt.timedelta(days=180)
    write(qtbot, dialog.end_date, end.isoformat())
    assert dialog.error_text("placement.end_date") == ""
    click(dialog.save_button)
    assert not dialog.isVisible()
    row = world.services.referrals.get(referral)
    assert row.status == "placerad"
    assert row.placement is not None
    assert (row.placement.form_code, row.placement.end_date) == ("nystartsjobb", end)
    assert panel.table_text()[0][1] == f"Placerad – Nystartsjobb från {TODAY.isoformat()}"
    # The need is filled, and says so; the person's case is in insats.
    assert editor.filled.text() == "Tillsatta platser: 1 av 1"
    assert editor.status == "tillsatt"
    assert world.case_status(world.amina) == "i_insats"
    assert panel.offered_steps() == [UNDO]

    take(qtbot, panel, UNDO, "Registrerades av misstag.")
    assert world.status(referral) == "erbjuden"
    assert panel.notice.text() == "Placeringen är ångrad; anvisningen är åter erbjuden."
    assert editor.filled.text() == "Tillsatta platser: 0 av 1"
    assert editor.status == "oppet"
    assert world.case_status(world.amina) == "aktiv"
    texts = [h.text for h in world.services.referrals.history(referral)]
    assert texts[1] == "Presenterad. Skickade CV"
    assert (
        texts[-1] == "Placeringen ångrades; anvisningen är åter erbjuden. Registrerades av misstag."
    )


def test_a_decline_asks_who_and_why_and_keeps_what_was_typed(qtbot: QtBot, world: World) -> None:
    referral = world.propose(world.amina)
    panel = world.panel(qtbot, person_id=world.amina)
    click(panel.step_buttons["avbojd"])
    dialog = step_dialog(panel)
    assert dialog.declined_by is not None
    assert dialog.reason is not None
    assert not dialog.reason.isEnabled()
    click(dialog.save_button)
    assert dialog.error_text("declined_by") == "Välj vem som avböjde."
    wait_for_focus(qtbot, dialog.declined_by.focus_target())
    click(dialog.findChild(QAbstractButton, "declinedBy_arbetssokande"))
    assert dialog.reason.isEnabled()
    offered = [dialog.reason.itemText(i) for i in range(dialog.reason.count())]
    assert "Har fått annat arbete" in offered
    assert "Valde en annan kandidat" not in offered
    choose(dialog.reason, "annat")
    click(dialog.save_button)
    assert dialog.error_text("note") == "Skriv vilket skäl det var."
    assert dialog.error_text("declined_by") == ""
    assert (dialog.declined_by.value(), dialog.reason.value()) == ("arbetssokande", "annat")
    # "Annat skäl" is everyone's: it stays chosen when who declined is changed.
    click(dialog.findChild(QAbstractButton, "declinedBy_arbetsgivare"))
    assert dialog.reason.value() == "annat"
    click(dialog.findChild(QAbstractButton, "declinedBy_arbetssokande"))

    write(qtbot, dialog.note, "Flyttar till Göteborg.")
    click(dialog.save_button)
    assert not dialog.isVisible()
    assert world.status(referral) == "avbojd"
    assert panel.table_text()[0][2] == "Avböjd"
    assert panel.offered_steps() == []
    last = world.services.referrals.history(referral)[-1]
    assert last.text == "Avböjd av den arbetssökande: Annat skäl. Flyttar till Göteborg."


def test_a_referral_is_withdrawn(qtbot: QtBot, world: World) -> None:
    referral = world.propose(world.amina)
    panel = world.panel(qtbot)
    take(qtbot, panel, "aterkallad", "Fel behov.")
    assert world.status(referral) == "aterkallad"
    assert panel.notice.text() == "Anvisningen av Amina Test är nu återkallad."
    assert panel.summary.text().endswith("Återkallade 1")


def test_a_colleagues_step_in_between_keeps_the_note(qtbot: QtBot, world: World) -> None:
    referral = world.propose(world.amina)
    panel = world.panel(qtbot)
    click(panel.step_buttons["intervju"])
    dialog = step_dialog(panel)
    write(qtbot, dialog.note, "Tisdag kl 10 med enhetschefen.")
    world.step(referral, "presenterad")  # a colleague, a moment before

    click(dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error_text("form").startswith("Någon annan har ändrat det här under tiden.")
    assert dialog.note.toPlainText() == "Tisdag kl 10 med enhetschefen."
    assert panel.table_text()[0][1] == "Presenterad"  # the list was read again

    click(dialog.save_button)  # on what is there now
    assert not dialog.isVisible()
    assert world.status(referral) == "intervju"
    last = world.services.referrals.history(referral)[-1]
    assert last.text == "Intervju. Tisdag kl 10 med enhetschefen."


def test_a_step_no_longer_allowed_says_why(qtbot: QtBot, world: World) -> None:
    referral = world.propose(world.amina)
    panel = world.panel(qtbot)
    click(panel.step_buttons["presenterad"])
    dialog = step_dialog(panel)
    world.step(referral, "intervju")
    click(dialog.save_button)
    click(dialog.save_button)
    assert dialog.isVisible()
    assert dialog.error_text("form") == (
        "En anvisning som är intervju kan inte bli presenterad; den kan bli erbjuden, "
        "avböjd, återkallad."
    )
    assert panel.offered_steps() == ["erbjuden", "avbojd", "aterkallad"]


def test_the_history_says_what_happened_when_and_by_whom(qtbot: QtBot, world: World) -> None:
    referral = world.propose(world.amina)
    world.step(referral, "presenterad")
    panel = world.panel(qtbot)
    click(panel.history_button)
    dialog = panel.dialog
    assert isinstance(dialog, HistoryDialog)
    assert dialog.isVisible()
    assert [line.split("  ·  ")[1:] for line in dialog.lines] == [
        ["Test Handlaggare", "Föreslagen."],
        ["Test Handlaggare", "Presenterad."],
    ]
    assert "Matchning när personen föreslogs:" in dialog.log.toPlainText()


# The person's and the need's windows -----------------------------------------------------


def test_the_person_tab_lists_and_acts_and_the_case_follows(qtbot: QtBot, world: World) -> None:
    referral = world.propose(world.amina)
    world.step(referral, "intervju", "erbjuden")
    view = world.person_view(qtbot, world.amina)
    titles = [view.tabs.tabText(i).replace("&", "") for i in range(view.tabs.count())]
    assert "Anvisningar" in titles
    view.show_tab(view.referrals)
    panel = view.referrals_panel
    assert panel.table_text()[0][:3] == ["Undersköterska", EMPLOYER, "Erbjuden"]
    assert view.status.text() == "Aktiv"

    with (
        qtbot.waitSignal(view.referral_changed) as moved,
        qtbot.waitSignal(view.person_changed),
    ):
        take(qtbot, panel, "placerad")
    assert moved.args is not None
    assert moved.args[0].vacancy_id == world.need_id
    assert view.status.text() == "I insats"
    assert view.case_tab.status.text() == "I insats"


def test_a_new_need_shows_its_referrals_once_saved(qtbot: QtBot, world: World) -> None:
    editor = NeedEditor(
        world.services.vacancies,
        world.services.reference,
        employer_id=world.employer_id,
        employer_name=EMPLOYER,
        referrals=world.services.referrals,
    )
    qtbot.addWidget(editor)
    assert editor.tabs is not None
    assert not editor.tabs.isTabVisible(1)


def test_what_is_typed_in_the_need_survives_a_placement(qtbot: QtBot, world: World) -> None:
    referral = world.propose(world.amina)
    world.step(referral, "intervju", "erbjuden")
    editor = world.editor(qtbot)
    write(qtbot, editor.title, " (natt)")
    assert editor.tabs is not None
    editor.tabs.setCurrentIndex(1)
    take(qtbot, editor.referrals, "placerad")
    assert editor.status == "tillsatt"
    assert editor.title.text() == "Undersköterska (natt)"
    # Only the status moved on, so what is typed saves over the newer version.
    assert editor.save()
    assert world.services.vacancies.get(world.need_id).title == "Undersköterska (natt)"


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_the_other_windows_follow_a_step(qtbot: QtBot, world: World) -> None:
    """A placement in the need's window shows in the person's window (case and list)
    and in the employer's contact log; undoing it in the person's window shows in the
    need's."""
    owner = QWidget()
    qtbot.addWidget(owner)
    workspace = Workspace(world.services, owner)
    referral = world.propose(world.amina)
    world.step(referral, "intervju", "erbjuden")
    person_window = workspace.open_person(world.amina)
    need_window = workspace.open_need(world.need_id)
    employer_window = workspace.open_employer(world.employer_id)
    assert person_window is not None
    assert need_window is not None
    assert employer_window is not None
    person = person_window.content
    editor = need_window.content
    employer = employer_window.content
    assert isinstance(person, PersonView)
    assert isinstance(editor, NeedEditor)
    assert isinstance(employer, EmployerView)
    person.show_tab(person.referrals)
    assert editor.tabs is not None
    editor.tabs.setCurrentIndex(1)

    with qtbot.waitSignal(workspace.employer_changed) as changed:
        take(qtbot, editor.referrals, "placerad")
    assert changed.args == [str(world.employer_id)]
    assert person.status.text() == "I insats"
    assert person.referrals_panel.table_text()[0][2].startswith("Placerad")
    today = clock.now().astimezone(clock.STOCKHOLM).date().isoformat()
    assert employer.contacts.entries()[0] == f"{today}  ·  Anvisning  ·  Test Handlaggare"
    assert employer.contacts.rows[0].summary == "Amina Test – placerad (Undersköterska)"

    take(qtbot, person.referrals_panel, UNDO)
    assert editor.status == "oppet"
    assert editor.filled.text() == "Tillsatta platser: 0 av 1"
    assert editor.referrals.table_text()[0][1] == "Erbjuden"
    assert person.status.text() == "Aktiv"
    assert employer.contacts.rows[0].summary == ("Amina Test – placeringen ångrad (Undersköterska)")


def by_person(panel: ReferralsPanel) -> dict[str, list[str]]:
    return {row[0]: row for row in panel.table_text()}


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_step_in_the_employers_window_and_the_others_follow(qtbot: QtBot, world: World) -> None:
    """An offer, then a placement, taken in the employer's Anvisningar tab: the tab, its
    contact log and needs, and the open person's and need's windows show it; Enter on
    the row opens the person's window."""
    owner = QWidget()
    qtbot.addWidget(owner)
    workspace = Workspace(world.services, owner)
    referral = world.propose(world.amina)
    world.step(referral, "intervju")
    cleaner = world.need("Lokalvårdare", occupation_code="9111")
    world.propose(world.yonas, cleaner)
    person_window = workspace.open_person(world.amina)
    need_window = workspace.open_need(world.need_id)
    employer_window = workspace.open_employer(world.employer_id)
    assert person_window is not None
    assert need_window is not None
    assert employer_window is not None
    person, editor, employer = (
        person_window.content,
        need_window.content,
        employer_window.content,
    )
    assert isinstance(person, PersonView)
    assert isinstance(editor, NeedEditor)
    assert isinstance(employer, EmployerView)
    person.show_tab(person.referrals)
    assert editor.tabs is not None
    editor.tabs.setCurrentIndex(1)
    employer.show_tab(employer.referrals)
    panel = employer.referrals_panel
    panel.select(referral)

    with qtbot.waitSignal(employer.referral_changed) as moved:
        take(qtbot, panel, "erbjuden", "Muntligt erbjudande")
    assert moved.args is not None
    assert moved.args[0].id == referral
    assert world.status(referral) == "erbjuden"
    assert panel.notice.text() == "Anvisningen av Amina Test till Undersköterska är nu erbjuden."
    assert by_person(panel)["Amina Test"][1:3] == ["Undersköterska", "Erbjuden"]
    assert panel.selected() is not None
    assert panel.selected().id == referral  # type: ignore[union-attr]
    assert employer.contacts.rows[0].summary == "Amina Test – erbjuden (Undersköterska)"
    assert person.referrals_panel.table_text()[0][2] == "Erbjuden"
    assert editor.referrals.table_text()[0][1] == "Erbjuden"

    with qtbot.waitSignal(workspace.employer_changed) as changed:
        take(qtbot, panel, "placerad")
    assert changed.args == [str(world.employer_id)]
    assert by_person(panel)["Amina Test"][2].startswith("Placerad")
    assert person.status.text() == "I insats"
    assert editor.filled.text() == "Tillsatta platser: 1 av 1"
    # The employer's needs tab reads the filled need again.
    filled = {n.title: (n.filled, n.status) for n in employer.needs.model.needs()}
    assert filled["Undersköterska"] == (1, "tillsatt")
    assert employer.contacts.rows[0].summary == "Amina Test – placerad (Undersköterska)"

    # A step taken in the person's window shows in the employer's tab.
    take(qtbot, person.referrals_panel, UNDO)
    assert by_person(panel)["Amina Test"][2] == "Erbjuden"

    # Enter on Yonas's row opens his window.
    yonas_row = next(r for r in panel.rows() if r.person_id == world.yonas)
    panel.select(yonas_row.id)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    opened_person = workspace.person_window(world.yonas)
    assert opened_person is not None
    assert isinstance(opened_person.content, PersonView)
    assert opened_person.content.name.text() == "Yonas Prov"


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_proposal_made_in_matchning_shows_in_the_open_windows(qtbot: QtBot, world: World) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    workspace = Workspace(world.services, owner)
    person_window = workspace.open_person(world.amina)
    need_window = workspace.open_need(world.need_id)
    employer_window = workspace.open_employer(world.employer_id)
    assert person_window is not None
    assert need_window is not None
    assert employer_window is not None
    person, editor, employer = (
        person_window.content,
        need_window.content,
        employer_window.content,
    )
    assert isinstance(person, PersonView)
    assert isinstance(editor, NeedEditor)
    assert isinstance(employer, EmployerView)
    person.show_tab(person.referrals)
    assert person.referrals_panel.empty.isVisible()
    editor.referrals.reload()  # built, as when the tab was looked at

    world.propose(world.amina)
    workspace.referral_made.emit(str(world.amina), str(world.need_id))
    assert person.referrals_panel.table_text()[0][:3] == ["Undersköterska", EMPLOYER, "Föreslagen"]
    assert editor.referrals.table_text()[0][:2] == ["Amina Test", "Föreslagen"]
    assert employer.contacts.rows[0].summary == "Amina Test – föreslagen (Undersköterska)"
    employer.show_tab(employer.referrals)
    assert employer.referrals_panel.table_text()[0][:3] == [
        "Amina Test", "Undersköterska", "Föreslagen",
    ]  # fmt: skip
    # Built already: a later proposal shows at once.
    world.propose(world.yonas)
    workspace.referral_made.emit(str(world.yonas), str(world.need_id))
    assert [row[0] for row in employer.referrals_panel.table_text()] == [
        "Yonas Prov", "Amina Test",
    ]  # fmt: skip


# Keyboard and names ---------------------------------------------------------------------


def activate(qtbot: QtBot, window: QWidget) -> None:
    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def opened(qtbot: QtBot, panel: ReferralsPanel) -> StepDialog:
    """The step dialog a button's &-key opened (the key clicks the button a moment later)."""
    qtbot.waitUntil(lambda: panel.dialog is not None)
    dialog = step_dialog(panel)
    activate(qtbot, dialog)
    return dialog


def test_every_step_with_the_keyboard_alone(qtbot: QtBot, world: World) -> None:
    referral = world.propose(world.amina)
    world.step(referral, "intervju")
    view = world.person_view(qtbot, world.amina)
    view.show_tab(view.referrals)
    panel = view.referrals_panel
    panel.table.setFocus()

    qtbot.keyClick(panel.table, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # Er&bjud
    dialog = opened(qtbot, panel)
    wait_for_focus(qtbot, dialog.note)
    qtbot.keyClicks(dialog.note, "Muntligt erbjudande")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    assert world.status(referral) == "erbjuden"
    wait_for_focus(qtbot, panel.table)
    activate(qtbot, view)
    qtbot.keyClick(panel.table, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # P&lacera
    dialog = opened(qtbot, panel)
    assert dialog.start_date is not None
    wait_for_focus(qtbot, dialog.start_date)
    qtbot.keyClick(dialog.start_date, Qt.Key.Key_Tab)
    assert dialog.end_date is not None
    wait_for_focus(qtbot, dialog.end_date)
    qtbot.keyClicks(dialog.end_date, (TODAY + dt.timedelta(days=30)).isoformat())
    qtbot.keyClick(dialog.end_date, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert world.status(referral) == "placerad"

    activate(qtbot, view)
    qtbot.keyClick(panel.table, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # His&torik
    qtbot.waitUntil(lambda: panel.dialog is not None)
    history = panel.dialog
    assert isinstance(history, HistoryDialog)
    activate(qtbot, history)
    qtbot.keyClick(history, Qt.Key.Key_Escape)
    assert not history.isVisible()


def test_the_employers_tab_offers_with_alt_j_as_alt_b_is_its_needs_tab(
    qtbot: QtBot, world: World
) -> None:
    referral = world.propose(world.amina)
    world.step(referral, "intervju")
    view = world.employer_view(qtbot)
    view.show_tab(view.referrals)
    panel = view.referrals_panel
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)  # Erb&jud
    dialog = opened(qtbot, panel)
    assert dialog.step == "erbjuden"
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()
    assert world.status(referral) == "erbjuden"
    activate(qtbot, view)
    qtbot.keyClick(panel.table, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentWidget() is view.needs


def inside_qt_control(widget: QWidget) -> bool:
    """Parts Qt makes inside a control: a combo box's list, a line edit's clear button."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QLineEdit, QAbstractItemView)):
            return True
        parent = parent.parentWidget()
    return False


def unnamed(root: QWidget) -> list[str]:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QPlainTextEdit, QAbstractItemView, QTextBrowser)
    return [
        f"{type(widget).__name__} {widget.objectName()!r}"
        for widget in [root, *root.findChildren(QWidget)]
        if isinstance(widget, kinds)
        and not isinstance(widget, QHeaderView)
        and not inside_qt_control(widget)
        and not (widget.objectName() and widget.accessibleName())
    ]


def test_every_control_has_a_name_for_tests_and_screen_readers(qtbot: QtBot, world: World) -> None:
    referral = world.propose(world.amina)
    panel = world.panel(qtbot)
    assert panel.objectName()
    assert panel.accessibleName()
    assert unnamed(panel) == []
    for status in ("avbojd", "aterkallad"):
        dialog = panel.open_step(status)
        assert dialog is not None
        assert unnamed(dialog) == [], status
        dialog.reject()
    employer = world.employer_view(qtbot).referrals_panel
    assert unnamed(employer) == []
    world.step(referral, "intervju", "erbjuden")
    panel.reload()
    dialog = panel.open_step("placerad")
    assert dialog is not None
    assert unnamed(dialog) == []
    dialog.reject()
    history = panel.open_history()
    assert history is not None
    assert unnamed(history) == []
    history.reject()


# Screenshots ---------------------------------------------------------------------------


def test_screenshots(qtbot: QtBot, world: World) -> None:
    """The person's, the need's and the employer's tabs and the dialogs, saved for a look
    (/tmp/referrals_*, /tmp/employer_referrals.png)."""
    amina = world.propose(world.amina)
    yonas = world.propose(world.yonas)
    world.step(yonas, "presenterad")
    other = world.need("Lokalvårdare, kvällar", occupation_code="9111", positions="2")
    placed = world.propose(world.amina, other)
    world.step(placed, "intervju", "erbjuden")
    version = world.services.referrals.get(placed).version
    world.services.referrals.change_status(
        placed, version, "placerad",
        placement=PlacementData("nystartsjobb", TODAY.isoformat(), "", "deltid"),
    )  # fmt: skip
    third = world.need("Måltidsbiträde", occupation_code="9412")
    declined = world.propose(world.yonas, third)
    version = world.services.referrals.get(declined).version
    world.services.referrals.change_status(
        declined, version, "avbojd", declined_by="arbetssokande", reason="resvag",
        note="Två timmar enkel väg med buss.",
    )  # fmt: skip

    view = world.person_view(qtbot, world.amina)
    view.show_tab(view.referrals)
    qtbot.wait(10)
    assert view.grab().save("/tmp/referrals_person_tab.png")

    editor = world.editor(qtbot)
    assert editor.tabs is not None
    editor.tabs.setCurrentIndex(1)
    qtbot.wait(10)
    assert editor.grab().save("/tmp/referrals_need_tab.png")

    panel = editor.referrals
    panel.select(amina)
    click(panel.step_buttons["avbojd"])
    dialog = step_dialog(panel)
    click(dialog.save_button)
    qtbot.wait(10)
    assert dialog.grab().save("/tmp/referrals_decline_refused.png")
    dialog.reject()

    person = view.referrals_panel
    world.step(amina, "intervju", "erbjuden")
    person.reload()
    person.select(amina)
    click(person.step_buttons["placerad"])
    dialog = step_dialog(person)
    assert dialog.end_date is not None
    dialog.end_date.setFocus()
    qtbot.keyClicks(dialog.end_date, "2020-01-01")
    write(qtbot, dialog.note, "Börjar med två veckors introduktion.")
    qtbot.wait(10)
    assert dialog.grab().save("/tmp/referrals_place_dialog.png")
    dialog.reject()

    person.select(placed)
    history = person.open_history()
    assert isinstance(history, HistoryDialog)
    qtbot.wait(10)
    assert history.grab().save("/tmp/referrals_history.png")
    history.reject()

    employer = world.employer_view(qtbot)
    employer.tabs.setCurrentWidget(employer.contacts)
    qtbot.wait(10)
    assert "Anvisning" in employer.contacts.entries()[0]
    assert employer.grab().save("/tmp/referrals_employer_log.png")
    employer.show_tab(employer.referrals)
    qtbot.wait(10)
    assert employer.grab().save("/tmp/employer_referrals.png")
