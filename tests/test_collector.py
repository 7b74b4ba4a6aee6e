"""The cyclic garbage collector while the window app starts (desktop/collector.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from desktop import collector


@pytest.fixture(autouse=True)
def _thawed() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def test_the_collector_is_off_while_starting_and_on_again_if_the_start_is_cut_short() -> None:
    with collector.paused_while_starting():
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_once_started_what_start_up_made_is_frozen_and_the_collector_back_on() -> None:
    with collector.paused_while_starting():
        made_while_starting = [[] for _ in range(100)]
        collector.started()
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(made_while_starting)
        collector.started()  # a second main window (another login) changes nothing
    assert gc.isenabled()


def test_a_window_built_outside_a_start_freezes_nothing() -> None:
    collector.started()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_work_inside_the_start_that_is_not_its_own_runs_with_the_collector_on() -> None:
    with collector.paused_while_starting():
        with collector.running():
            assert gc.isenabled()
        assert not gc.isenabled()
    with collector.running():
        assert gc.isenabled()
    assert gc.isenabled()
