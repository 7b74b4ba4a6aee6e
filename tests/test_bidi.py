"""Stored text shown among other text is kept to itself: whatever direction controls it
holds (an old record's override, an embedding never closed) end where it ends."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.bidi import FSI, PDI, isolated, without_direction_controls

RLO, LRE, PDF, RLI = "\u202e", "\u202a", "\u202c", "\u2067"
ARABIC = "محمد"


def still_open(text: str) -> list[str]:
    """The embeddings, overrides and isolates still open after `text`, as the Unicode
    bidi algorithm pairs them (X1–X8, BD9; no overflow): what would reorder the text that
    follows it on the same line."""
    stack: list[str] = []
    for c in text:
        if c in "\n\r\u2029\x1c\x1d\x1e\x85":
            stack.clear()  # a paragraph ends them all
        elif c in "\u202a\u202b\u202d\u202e":
            stack.append(c)
        elif c == PDF:
            if stack and stack[-1] not in "\u2066\u2067\u2068":
                stack.pop()  # a PDF never closes an isolate, nor reaches outside one
        elif c in "\u2066\u2067\u2068":
            stack.append(c)
        elif c == PDI and any(e in "\u2066\u2067\u2068" for e in stack):
            while stack.pop() not in "\u2066\u2067\u2068":
                pass  # a PDI ends the embeddings opened inside its isolate, then it
    return stack


def test_swedish_and_latin_text_is_shown_exactly() -> None:
    for text in ["", "Åsa Öberg", "Ngũgĩ wa Thiong'o", "Bygg & Anläggning AB (Tumba) 2024"]:
        assert isolated(text) is text


def test_an_override_is_kept_inside_the_text_it_came_with() -> None:
    stored = f"Test{RLO}son"
    assert still_open(stored) == [RLO]  # shown as stored, it reverses what follows
    assert isolated(stored) == f"{FSI}Test{RLO}son{PDI}"
    assert still_open(f"Namn: {isolated(stored)} – anteckning") == []


def test_right_to_left_text_is_isolated_so_it_cannot_reorder_its_neighbours() -> None:
    assert isolated(ARABIC) == f"{FSI}{ARABIC}{PDI}"
    assert isolated("\u0661\u0662") == f"{FSI}\u0661\u0662{PDI}"  # Arabic digits


def test_an_isolate_left_open_is_closed_and_a_stray_pdi_cannot_close_ours() -> None:
    assert isolated(f"a{RLI}b") == f"{FSI}a{RLI}b{PDI}{PDI}"
    # The stray PDI would end our isolate at once and let the override out.
    assert isolated(f"a{PDI}{RLO}b") == f"{FSI}a{RLO}b{PDI}"
    assert still_open(isolated(f"a{PDI}{RLO}b")) == []


def test_each_line_is_isolated_on_its_own() -> None:
    stored = f"Rad ett {RLO}x\nRad två\r\n{ARABIC}"
    assert isolated(stored) == f"{FSI}Rad ett {RLO}x{PDI}\nRad två\r\n{FSI}{ARABIC}{PDI}"


def test_the_joiners_and_marks_free_text_keeps_stay() -> None:
    text = f"{ARABIC}\u200c\u200d\u200e\u200f\u061c"
    assert isolated(text) == f"{FSI}{text}{PDI}"
    assert without_direction_controls(text) == text


def test_documents_leave_out_overrides_embeddings_and_isolates() -> None:
    assert without_direction_controls(f"Test{RLO}son{LRE}x{PDF}{FSI}y{PDI}") == "Testsonxy"
    assert without_direction_controls("Åsa Öberg") == "Åsa Öberg"


ALPHABET = (
    "ab \n\r" + ARABIC + "\u0661\u200d\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@given(st.text(alphabet=ALPHABET, max_size=40), st.text(alphabet=ALPHABET, max_size=40))
def test_nothing_a_stored_text_holds_stays_open_after_it(first: str, second: str) -> None:
    shown = f"{isolated(first)} – {isolated(second)}"
    # After the first text nothing of it is open, whatever it holds ...
    assert still_open(isolated(first).split("\n")[-1]) == []
    assert still_open(shown) == []
    # ... and with the isolates taken out again, the stored text is all there.
    assert isolated(first).replace(FSI, "").replace(PDI, "") == first.replace(FSI, "").replace(
        PDI, ""
    )
