"""Where a new window opens and how big (desktop/views/placement.py), on the screens the
app meets: a 1600×1000 screen with a panel, the 1366×768 municipal laptop, any screen."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QRect, QSize

from desktop.views.placement import CASCADE_STEP, cascaded, fitted, placement

# 1600×1000 with a 40-pixel panel at the bottom; a title bar of 30 and borders of 1.
SCREEN = QRect(0, 0, 1600, 960)
FRAME = QSize(2, 31)
WINDOW = QSize(1040, 760)


def _outer(rect: QRect, frame: QSize = FRAME) -> QRect:
    return QRect(rect.topLeft(), rect.size() + frame)


def test_a_window_too_tall_for_the_screen_is_made_to_fit_it() -> None:
    laptop = QRect(0, 0, 1366, 728)
    rect = placement(WINDOW, laptop, None, QPoint(32, 32), FRAME)
    assert rect.size() == QSize(1040, 728 - 31)
    assert laptop.contains(_outer(rect))


def test_windows_of_a_kind_cascade_and_start_again_at_the_edge() -> None:
    origin = QPoint(100, 80)
    first = placement(WINDOW, SCREEN, None, origin, FRAME)
    assert first.topLeft() == origin
    second = placement(WINDOW, SCREEN, first.topLeft(), origin, FRAME)
    assert second.topLeft() == origin + QPoint(CASCADE_STEP, CASCADE_STEP)
    # Down the screen until the next step would leave it at the bottom: back to the top,
    # still stepping to the right, so no two windows are exactly on top of each other.
    corners = [first.topLeft()]
    for _ in range(8):
        corners.append(placement(WINDOW, SCREEN, corners[-1], origin, FRAME).topLeft())
    assert len(set(map(tuple, ((c.x(), c.y()) for c in corners)))) == len(corners)
    assert min(c.y() for c in corners) == SCREEN.top()
    for corner in corners:
        assert SCREEN.contains(QRect(corner, WINDOW + FRAME))


def test_an_origin_off_the_screen_is_brought_onto_it() -> None:
    corner = cascaded(WINDOW, SCREEN, None, QPoint(-500, 2000))
    assert corner == SCREEN.topLeft()


@given(
    left=st.integers(-2000, 2000),
    top=st.integers(-2000, 2000),
    width=st.integers(200, 4000),
    height=st.integers(200, 3000),
    preferred=st.tuples(st.integers(1, 5000), st.integers(1, 5000)),
    last=st.one_of(st.none(), st.tuples(st.integers(-5000, 5000), st.integers(-5000, 5000))),
    origin=st.tuples(st.integers(-5000, 5000), st.integers(-5000, 5000)),
)
def test_a_window_is_always_wholly_on_the_available_screen(
    *,
    left: int,
    top: int,
    width: int,
    height: int,
    preferred: tuple[int, int],
    last: tuple[int, int] | None,
    origin: tuple[int, int],
) -> None:
    available = QRect(left, top, width, height)
    wanted = QSize(*preferred)
    rect = placement(
        wanted, available, None if last is None else QPoint(*last), QPoint(*origin), FRAME
    )
    assert available.contains(_outer(rect))
    assert rect.size() == fitted(wanted, available, FRAME)
    assert rect.width() <= wanted.width()
    assert rect.height() <= wanted.height()
