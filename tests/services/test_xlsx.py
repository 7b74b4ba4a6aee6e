"""The streaming workbook writer: what openpyxl reads back from it, value by value."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from desktop.services import xlsx


def write(path: Path, *sheets: tuple[str, list[list[object]]]) -> None:
    with path.open("wb") as handle, xlsx.Workbook(handle) as book:
        for name, rows in sheets:
            with book.sheet(name, (20, 12), freeze_header=True) as sheet:
                sheet.append(["Rubrik", "Tal"], style="bold")
                for row in rows:
                    sheet.append(row)


def test_values_come_back_with_their_types(tmp_path: Path) -> None:
    path = tmp_path / "bok.xlsx"
    rows: list[list[object]] = [
        ["text", 42, 12.5, dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 14, 30), True, None, "x"],
        ["  blanksteg  ", -3, 0.0, None, None, False, "", "å ä ö ß ğ ş ሰላም"],
    ]
    write(path, ("Blad", rows))
    book = openpyxl.load_workbook(path)
    sheet = book["Blad"]
    assert [c.value for c in sheet[1]][:2] == ["Rubrik", "Tal"]
    assert sheet["A1"].font.b
    assert sheet["B1"].font.b
    first = [c.value for c in sheet[2]]
    assert first == [
        "text",
        42,
        12.5,
        dt.datetime(2026, 3, 1),
        dt.datetime(2026, 3, 1, 14, 30),
        True,
        None,
        "x",
    ]
    assert sheet["D2"].number_format == "yyyy-mm-dd"
    assert sheet["E2"].number_format == "yyyy-mm-dd hh:mm"
    assert isinstance(sheet["B2"].value, int)
    second = [c.value for c in sheet[3]]
    assert second == ["  blanksteg  ", -3, 0, None, None, False, None, "å ä ö ß ğ ş ሰላም"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 20


def test_text_is_never_a_formula_and_bad_characters_are_replaced(tmp_path: Path) -> None:
    path = tmp_path / "bok.xlsx"
    write(path, ("Blad", [["=1+1", "<b>&amp;", "a\x00b\x1fc"]]))
    sheet = openpyxl.load_workbook(path)["Blad"]
    assert [(c.value, c.data_type) for c in sheet[2]] == [
        ("=1+1", "s"),
        ("<b>&amp;", "s"),
        ("a\ufffdb\ufffdc", "s"),
    ]


def test_sheet_names_are_cleaned_cut_and_unique(tmp_path: Path) -> None:
    path = tmp_path / "bok.xlsx"
    long = "Tid från inskrivning till första placering"
    write(path, ("A/B: [x]?", []), (long, []), (long, []), ("a/b: [x]?", []))
    assert openpyxl.load_workbook(path).sheetnames == [
        "A B   x",
        long[:31],
        long[:27] + " (2)",
        "a b   x (2)",
    ]


def test_an_empty_workbook_still_has_a_sheet(tmp_path: Path) -> None:
    path = tmp_path / "tom.xlsx"
    with path.open("wb") as handle, xlsx.Workbook(handle):
        pass
    assert openpyxl.load_workbook(path).sheetnames == ["Blad1"]


def test_column_letters() -> None:
    assert [xlsx.column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    with pytest.raises(ValueError, match="1,048,576"):
        sheet = xlsx.Sheet(io.BytesIO())
        sheet.rows = xlsx.MAX_ROWS
        sheet.append(["för många"])
