"""`matchning report overview|esf`, run as a coordinator or administrator would: the files
by suffix, one Swedish line on stderr for bad input, refusals and unwritable targets."""

from __future__ import annotations

import csv
import datetime as dt
import uuid
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.models import Case
from desktop.services.accounts import AccountService
from desktop.services.reports.service import REFUSED
from tests import credentials
from tests.factories import make_person
from tests.test_cli import matchning

AGENT = "agnes"
AGENT_PASSWORD = "agentens långa lösenord"
PERIOD = ("--from", "2026-01-01", "--to", "2026-06-30")


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """An installation with the test administrator, a caseworker and two cases in 2026."""
    path = tmp_path / "m.sqlite"
    opened = credentials.set_up(path)
    try:
        agent = AccountService(opened.db, opened.actor).add_user(
            username=AGENT,
            full_name="Agnes Agent",
            role="handlaggare",
            municipality_code="0127",
            password=AGENT_PASSWORD,
        )
        with opened.db.unit_of_work(actor=opened.actor.user_id) as session:
            for first, opened_on, closed_on in (
                ("Amina", dt.date(2026, 2, 1), dt.date(2026, 5, 1)),
                ("Yonas", dt.date(2026, 3, 1), None),
            ):
                person = make_person(session, first, "Testsson")
                session.add(
                    Case(
                        id=uuid.uuid4(),
                        person_id=person.id,
                        municipality_code="0127",
                        agent_id=agent,
                        status="avslutad" if closed_on else "aktiv",
                        opened_on=opened_on,
                        closed_on=closed_on,
                        outcome="anstallning" if closed_on else None,
                    )
                )
    finally:
        opened.db.close()
    return path


def report(path: Path, *args: str, **env: str) -> tuple[int, str, str]:
    done = matchning("--db", str(path), "report", *args, env=env or None)
    return done.returncode, done.stdout, done.stderr


def test_the_overview_as_xlsx_csv_and_pdf(database: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "uppföljning.xlsx"
    code, out, err = report(database, "overview", *PERIOD, "-o", str(xlsx))
    assert (code, err) == (0, "")
    assert out.strip() == f"Skrev {xlsx}: Uppföljning 2026-01-01 – 2026-06-30, alla kommuner."
    sheet = openpyxl.load_workbook(xlsx)["Ärenden"]
    assert [c.value for c in sheet[5]] == ["Botkyrka", 2, 2, 1, 1]
    csv_path = tmp_path / "uppföljning.csv"
    code, _, err = report(
        database, "overview", *PERIOD, "--municipality", "0127", "--agent", AGENT,
        "-o", str(csv_path),
    )  # fmt: skip
    assert (code, err) == (0, "")
    lines = list(csv.reader(csv_path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert lines[0] == ["Uppföljning 2026-01-01 – 2026-06-30, Botkyrka, Agnes Agent"]
    assert ["Botkyrka", "2", "2", "1", "1"] in lines
    pdf = tmp_path / "uppföljning.pdf"
    code, _, err = report(database, "overview", *PERIOD, "-o", str(pdf))
    assert (code, err) == (0, "")
    assert "Nya och aktiva ärenden" in PdfReader(pdf).pages[0].extract_text()


def test_the_esf_report(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "esf.xlsx"
    code, out, err = report(database, "esf", *PERIOD, "-o", str(target))
    assert (code, err) == (0, "")
    assert "2 deltagare" in out
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Sammanställning", "Deltagare"]
    assert book["Deltagare"].max_row == 3


def test_a_period_without_data_is_written_and_said(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "tom.pdf"
    code, out, err = report(
        database, "overview", "--from", "2019-01-01", "--to", "2019-12-31", "-o", str(target)
    )
    assert (code, err) == (0, "")
    assert "Det finns inga uppgifter för perioden." in out
    assert target.exists()
    code, _, err = report(
        database, "overview", *PERIOD, "--municipality", "0128", "-o", str(tmp_path / "s.csv")
    )
    assert (code, err) == (0, "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--from", "2026-06-30", "--to", "2026-01-01", "-o", "r.xlsx"),
            "matchning: Periodens sista dag kan inte vara före den första.",
        ),
        (
            ("--from", "2010-01-01", "--to", "2026-01-01", "-o", "r.xlsx"),
            "matchning: En rapport kan omfatta högst 10 år.",
        ),
        ((*PERIOD, "-o", "r.docx"), "matchning: Välj en fil som slutar på .xlsx, .csv eller .pdf."),
        (
            (*PERIOD, "--municipality", "9999", "-o", "r.xlsx"),
            "matchning: Det finns ingen kommun med koden 9999.",
        ),
        (
            (*PERIOD, "--agent", "ingen", "-o", "r.xlsx"),
            "matchning: Det finns ingen användare 'ingen'.",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    database: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    fixed = [str(tmp_path / a) if a.startswith("r.") else a for a in args]
    code, out, err = report(database, "overview", *fixed)
    assert (code, out, err.strip()) == (2, "", message)
    assert not list(tmp_path.glob("r.*"))


def test_a_missing_folder_and_a_caseworker_fail_with_exit_1(database: Path, tmp_path: Path) -> None:
    missing = tmp_path / "borta" / "r.xlsx"
    code, _, err = report(database, "overview", *PERIOD, "-o", str(missing))
    assert code == 1
    assert err.strip() == f"matchning: Mappen {missing.parent} finns inte. Välj en annan mapp."
    target = tmp_path / "r.xlsx"
    code, _, err = report(
        database,
        "esf",
        *PERIOD,
        "-o",
        str(target),
        MATCHNING_USER=AGENT,
        MATCHNING_PASSWORD=AGENT_PASSWORD,
    )
    assert (code, err.strip()) == (1, f"matchning: {REFUSED}")
    assert not target.exists()
