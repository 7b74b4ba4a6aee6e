"""Templates with merge fields, and a letter's text laid out: fields filled or left
standing where a value is missing, braces as text, headings, bullets and fact tables."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from reportlab.platypus import Paragraph, Table

from desktop.documents import referral_letter, templates, text

KNOWN = ("namn", "behov", "korkort")


def test_fields_are_filled_and_a_missing_one_is_left_as_it_stands() -> None:
    merged, missing = templates.merge(
        "Hej {namn}!\nBehov: {behov}\nKörkort: {korkort}\n{{inte ett fält}}",
        {"namn": "Berit", "behov": "Kock", "korkort": ""},
    )
    assert merged == "Hej Berit!\nBehov: Kock\nKörkort: {korkort}\n{{inte ett fält}}"
    assert missing == ["korkort"]
    assert templates.unresolved(merged, KNOWN) == ["korkort"]
    assert templates.finish("{{inte ett fält}}") == "{inte ett fält}"


@given(st.text(min_size=1))
def test_a_value_is_printed_exactly_whatever_it_holds(value: str) -> None:
    merged, missing = templates.merge("Namn: {namn}.", {"namn": value})
    assert missing == []
    assert templates.unresolved(merged, KNOWN) == []
    assert templates.finish(merged) == f"Namn: {value}."


def test_problems_name_unknown_fields_and_stray_braces() -> None:
    assert templates.problems("Hej {namn}, {{ok}}", KNOWN) == []
    assert templates.problems("Hej {nman}!", KNOWN) == ["Fältet {nman} finns inte."]
    assert templates.problems("a } b", KNOWN) == [
        "Ett ensamt } på tecken 3: skriv fält som {namn} och en klammer som text som }}."
    ]


def test_lines_with_missing_fields_can_be_left_out() -> None:
    merged = "Hej!\nKörkort: {korkort}\nSpråk: svenska\n"
    assert templates.without_lines_missing(merged, ["korkort"]) == "Hej!\nSpråk: svenska\n"


def test_a_heading_left_with_nothing_under_it_goes_too() -> None:
    merged = (
        "# Förslag\n\nHej!\n\n## Därför passar Amal\n{varfor}\n\n"
        "## Det här erbjuder vi\n{erbjudande}\n\n## Kontakt\n\nRing {telefon}.\n\nHälsningar\n"
    )
    assert templates.without_lines_missing(merged, ["varfor", "erbjudande", "telefon"]) == (
        "# Förslag\n\nHej!\n\n## Kontakt\n\nHälsningar\n"
    )
    # A heading with text under it stays, blank lines and all.
    kept = "## Därför passar Amal\n\n- Erfarenhet\n"
    assert templates.without_lines_missing(kept, ["varfor"]) == kept


def test_the_default_template_uses_only_known_fields() -> None:
    assert referral_letter.template_problems(referral_letter.DEFAULT_TEMPLATE) == []
    used = set(templates.fields_in(referral_letter.DEFAULT_TEMPLATE))
    assert used <= set(referral_letter.FIELD_NAMES)


def test_the_text_conventions() -> None:
    story = text.flowables(
        "# Rubrik\n\nHej!\nAndra raden.\n\n## Avsnitt\n- ett\n• två\n\n"
        "Yrke: Kock\nSpråk: Svenska\n\nObs: en ensam rad är en vanlig rad."
    )
    kinds = [
        (type(f).__name__, getattr(f, "style", None) and f.style.name)
        for f in story
        if isinstance(f, (Paragraph, Table))
    ]
    assert kinds == [
        ("Paragraph", "title"),
        ("Paragraph", "body"),
        ("Paragraph", "heading"),
        ("Paragraph", "bullet"),
        ("Paragraph", "bullet"),
        ("Table", None),
        ("Paragraph", "body"),
    ]
    assert story[1].text == "Hej!<br/>Andra raden."  # type: ignore[attr-defined]
