"""The bundled fonts print every name our users have: Latin letters with their marks,
Tigrinya and Amharic in Ethiopic script, Arabic shaped and right to left; characters no
font has are named before anything is printed, never printed as boxes."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.platypus import SimpleDocTemplate

from desktop.assets import resource
from desktop.documents import fonts
from desktop.documents.errors import UnprintableTextError
from desktop.documents.letterhead import styles
from tests.documents.pdf import folded, fonts_of, poppler_text, text_of, word_boxes

LATIN = "Şükrü Ğülşen Irmak İlkay Ðorđe Ćirić Čapek Āmina Nguyễn Łukasz Øystein Åsa Öberg"
TIGRINYA = "ዮሃንስ ተስፋይ"  # Yohannes Tesfay
AMHARIC = "አበበ በቀለ"  # Abebe Bekele
ARABIC = "محمد عبد الرحمن"  # Muhammad Abd ar-Rahman


def _pdf(path: Path, *texts: str) -> Path:
    story = [fonts.text_paragraph(text, styles().body) for text in texts]
    SimpleDocTemplate(str(path), initialFontName=fonts.REGULAR).build(story)
    return path


def test_every_bundled_face_is_there_with_the_licence() -> None:
    for family in fonts.FAMILIES:
        for file in family.faces.values():
            assert resource("fonts", file).stat().st_size > 100_000
    licence = resource("fonts", "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence
    assert "Version 1.1" in licence


@pytest.mark.parametrize("text", [LATIN, TIGRINYA, AMHARIC, ARABIC, "፩፪ ። ፣", "،؛؟ ٠١٢"])
def test_the_names_of_our_users_are_covered(text: str) -> None:
    assert fonts.uncovered(text) == []


def test_characters_no_font_has_are_named_once_each_in_order() -> None:
    assert fonts.uncovered("Tashi ༀ 日本 ༀ שלום") == [
        "ༀ (U+0F00 TIBETAN SYLLABLE OM)",
        "日 (U+65E5 CJK UNIFIED IDEOGRAPH-65E5)",
        "本 (U+672C CJK UNIFIED IDEOGRAPH-672C)",
        "ש (U+05E9 HEBREW LETTER SHIN)",
        "ל (U+05DC HEBREW LETTER LAMED)",
        "ו (U+05D5 HEBREW LETTER VAV)",
        "ם (U+05DD HEBREW LETTER FINAL MEM)",
    ]


def test_markup_refuses_unprintable_text_with_the_reason() -> None:
    with pytest.raises(UnprintableTextError) as raised:
        fonts.markup("Namn: 日本", what="Kandidatens namn")
    assert raised.value.characters == (
        "日 (U+65E5 CJK UNIFIED IDEOGRAPH-65E5)",
        "本 (U+672C CJK UNIFIED IDEOGRAPH-672C)",
    )
    assert str(raised.value).startswith("Kandidatens namn innehåller tecken som inte kan skrivas")


def test_markup_escapes_and_keeps_line_breaks() -> None:
    assert fonts.markup("A & B <c>\nrad två") == "A &amp; B &lt;c&gt;<br/>rad två"


def test_markup_puts_each_script_in_a_font_that_has_it() -> None:
    text = fonts.markup(f"Namn: {TIGRINYA}, {ARABIC}.")
    assert f'<font face="NotoSansEthiopic">{TIGRINYA}</font>' in text
    # The Arabic words are one unbreakable word, so that HarfBuzz orders them.
    assert '<font face="NotoSansArabic">محمد\u00a0عبد\u00a0الرحمن</font>' in text
    assert text.startswith("Namn: ")
    assert text.endswith(".")


def test_a_long_right_to_left_run_is_set_on_lines_of_its_own() -> None:
    long = " ".join(["مرحبا بكم في السويد"] * 10)
    text = fonts.markup(f"Anteckning: {long} slut")
    pieces = text.split("<br/>")
    assert pieces[0] == "Anteckning: "
    assert pieces[-1] == " slut"
    middle = pieces[1:-1]
    assert len(middle) >= 3
    assert all(len(p) <= fonts.RTL_LINE_CHARS + len('<font face="NotoSansArabic"></font>')
               for p in middle)  # fmt: skip


def test_numbers_inside_arabic_read_left_to_right() -> None:
    # HarfBuzz reverses the whole run, so the number goes in reversed.
    assert "\u00a021\u00a0" in fonts.markup("شارع 12 رقم")


def test_a_pdf_with_every_script_has_the_letters_and_embeds_its_fonts(tmp_path: Path) -> None:
    path = _pdf(
        tmp_path / "namn.pdf",
        LATIN,
        f"Tigrinya: {TIGRINYA}. Amhariska: {AMHARIC}.",
        f"Arabiska: {ARABIC} (officiell stavning).",
        "Utan mellanslag:محمد och:ዮሃንስ.",
    )
    extracted = text_of(path)
    assert LATIN in extracted
    assert TIGRINYA in extracted
    assert AMHARIC in extracted
    # No glyph is missing (pypdf reads an undefined glyph as U+FFFF).
    assert "\uffff" not in extracted
    # pypdf reorders right-to-left text to reading order; the letters are shaped.
    assert ARABIC in folded(extracted)
    # No ligatures replace the letters a reader searches for.
    assert "officiell" in extracted
    assert fonts_of(path) == {
        "NotoSans-Regular": True,
        "NotoSansEthiopic-Regular": True,
        "NotoSansArabic-Regular": True,
    }
    poppler = poppler_text(path)
    if poppler is not None:  # pdftotext reorders right-to-left text to reading order
        assert ARABIC in folded(poppler)
        assert TIGRINYA in poppler


def test_arabic_words_stand_right_to_left_on_the_page(tmp_path: Path) -> None:
    """Where each word is drawn, not how a reader reorders it: the first word of the
    name rightmost, each word's letters joined."""
    path = _pdf(tmp_path / "rtl.pdf", f"Arabiska: {ARABIC} (x)")
    words = word_boxes(path)
    if words is None:
        pytest.skip("pdftotext is not installed")
    x = {folded(text)[::-1]: left for text, left, _ in words}
    first, second, third = ARABIC.split()
    assert x[first] > x[second] > x[third] > x["Arabiska:"[::-1]]
    # Shaped: the letters of a word are joining forms, not the isolated letters typed.
    drawn = "".join(text for text, _, _ in words)
    assert "\ufee3" in drawn  # MEEM INITIAL FORM


def test_bold_text_in_other_scripts_uses_their_bold_faces(tmp_path: Path) -> None:
    path = tmp_path / "fet.pdf"
    text = f"{TIGRINYA} {ARABIC} Åsa"
    story = [
        fonts.text_paragraph(text, styles().body, bold=True),
        fonts.text_paragraph(text, styles().title),  # a bold style
    ]
    SimpleDocTemplate(str(path), initialFontName=fonts.REGULAR).build(story)
    assert set(fonts_of(path)) == {
        "NotoSans-Bold",
        "NotoSansEthiopic-Bold",
        "NotoSansArabic-Bold",
    }
    assert "\uffff" not in text_of(path)


def test_paragraphs_are_shaped_only_when_they_hold_right_to_left_text() -> None:
    body = styles().body
    assert not getattr(fonts.text_paragraph(f"{LATIN} {TIGRINYA}", body).style, "shaping", 0)
    assert fonts.text_paragraph(f"Namn: {ARABIC}", body).style.shaping


def test_direction_controls_of_old_records_are_left_out_of_the_pdf(tmp_path: Path) -> None:
    """An override, an embedding or an isolate in stored text (older records may hold
    them) is not printed: the layout orders right-to-left text itself, so they could only
    print as marks (Noto Sans draws U+202A–U+202E) and come back in copied text. The
    joiners and direction marks Arabic needs stay."""
    controls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    stored = f"Test\u202eson \u202bEx\u202cempel \u2067{ARABIC}\u2069 slut"
    assert not set(controls) & set(fonts.markup(stored))
    assert "\u200d" in fonts.markup(f"{ARABIC}\u200d")
    path = _pdf(tmp_path / "styrtecken.pdf", stored)
    extracted = text_of(path)
    assert "Testson Exempel" in extracted
    assert "slut" in extracted
    assert not set(controls) & set(extracted)
