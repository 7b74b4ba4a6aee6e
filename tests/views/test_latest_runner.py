"""The runner behind the ranked lists: jobs run off the GUI thread one at a time, only
the newest request's answer is reported, and an error reaches the GUI thread as it is."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from desktop.views.latest_runner import LatestRunner


def test_only_the_newest_answer_is_reported_and_a_waiting_request_is_replaced(
    qtbot: QtBot,
) -> None:
    runner = LatestRunner()
    release = threading.Event()
    ran: list[str] = []
    gui = threading.get_ident()

    def job(name: str, *, hold: bool = False) -> str:
        assert threading.get_ident() != gui  # off the GUI thread
        if hold:
            release.wait(5)
        ran.append(name)
        return name

    reported: list[object] = []
    runner.finished.connect(reported.append)
    runner.submit(lambda: job("first", hold=True))
    assert runner.busy
    runner.submit(lambda: job("second"))  # waits, then is replaced
    runner.submit(lambda: job("third"))
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    runner.wait()
    assert ran == ["first", "third"]
    assert reported == ["third"]


def test_an_error_is_handed_to_the_gui_thread(qtbot: QtBot) -> None:
    runner = LatestRunner()
    failures: list[object] = []
    runner.failed.connect(failures.append)

    def fail() -> None:
        raise ValueError("Behovet är stängt.")

    with qtbot.waitSignal(runner.failed):
        runner.submit(fail)
    [error] = failures
    assert isinstance(error, ValueError)
    assert str(error) == "Behovet är stängt."
    assert not runner.busy


def test_cancel_forgets_what_was_asked(qtbot: QtBot) -> None:
    runner = LatestRunner()
    reported: list[object] = []
    runner.finished.connect(reported.append)
    runner.submit(lambda: "late")
    runner.cancel()
    runner.wait()
    qtbot.wait(20)  # the answer arrives and is dropped
    assert reported == []
    assert not runner.busy
