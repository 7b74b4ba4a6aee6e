"""Screenshots of every screen of the real app, on a virtual screen with a window manager.

    python -m tools.screenshots --size 1366x768 --scale 1 -o shots/1366x768

starts Xvfb at that size, a window manager (openbox, else fluxbox or xfwm4) and, when
installed, a task bar (tint2), so that the app's windows get real title bars and the
screen's available geometry is the screen less the task bar, as on a laptop. It creates a
demo database with made-up people (`desktop/services/demo`, scale S, in a temporary
folder unless `--db` names one), starts the app there (`QT_QPA_PLATFORM=xcb`,
`QT_SCALE_FACTOR` from `--scale`, its own empty UI settings), logs in as the demo
administrator and goes through every screen, window, tab and dialog.

For each it writes `NN-name-screen.png` (the whole X screen: where the windows are, what
lies off it) and `NN-name-window.png` (the window's own grab), and in `report.txt` what
it measured: each top-level window's frame against the available geometry, a window
smaller than its layout's minimum, and labels and buttons narrower than their text.
The report is a pointer, not a verdict: look at the pictures.

Needs (Debian): `sudo apt-get install xvfb openbox` (tint2 for a task bar). With
`--display :N` it uses a running X server and window manager instead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

WINDOW_MANAGERS = ("openbox", "fluxbox", "xfwm4")
SETTLE_MS = 700  # time for a screen to read its data and paint


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots", description=__doc__)
    parser.add_argument("--size", default="1366x768", help="screen size WIDTHxHEIGHT")
    parser.add_argument("--scale", default="1", help="QT_SCALE_FACTOR (text and widgets)")
    parser.add_argument("-o", "--out", type=Path, required=True, help="folder for the PNGs")
    parser.add_argument("--db", type=Path, help="demo database (created if missing)")
    parser.add_argument("--display", help="use this running X display, e.g. :1")
    parser.add_argument("--no-panel", action="store_true", help="no task bar (tint2)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)
    return _parent(args)


# The parent: a virtual screen, a window manager, a database, then the app -------------


def _parent(args: argparse.Namespace) -> int:
    width, _, height = args.size.partition("x")
    size = f"{int(width)}x{int(height)}"
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.png"):
        old.unlink()
    work = Path(tempfile.mkdtemp(prefix="matchning-shots-"))
    started: list[subprocess.Popen[bytes]] = []
    try:
        display = args.display or _start_x(size, work, started, panel=not args.no_panel)
        db = args.db or work / "demo.db"
        if not db.exists():
            print(f"screenshots: creating the demo database {db}", flush=True)
            _create_demo(db)
        env = dict(os.environ)
        env.update(
            DISPLAY=display,
            QT_QPA_PLATFORM="xcb",
            QT_SCALE_FACTOR=str(args.scale),
            XDG_CONFIG_HOME=str(work / "config"),  # fresh UI settings (QSettings)
            XDG_DATA_HOME=str(work / "data"),
            XDG_CACHE_HOME=str(work / "cache"),
            XDG_STATE_HOME=str(work / "state"),
        )
        env.pop("QT_ENABLE_HIGHDPI_SCALING", None)
        command = [sys.executable, "-m", "tools.screenshots", "--child", "--db", str(db)]
        command += ["-o", str(args.out), "--size", size, "--scale", str(args.scale)]
        code = subprocess.call(command, env=env, timeout=900)
        print(f"screenshots: {len(list(args.out.glob('*.png')))} PNGs in {args.out}")
        return code
    finally:
        for process in reversed(started):
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(work, ignore_errors=True)


def _start_x(size: str, work: Path, started: list[subprocess.Popen[bytes]], *, panel: bool) -> str:
    xvfb = shutil.which("Xvfb")
    manager = next((m for m in WINDOW_MANAGERS if shutil.which(m)), None)
    if xvfb is None or manager is None:
        sys.exit("screenshots: needs Xvfb and a window manager: apt-get install xvfb openbox")
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    display = f":{number}"
    started.append(
        subprocess.Popen(
            [xvfb, display, "-screen", "0", f"{size}x24", "-nolisten", "tcp", "-dpi", "96"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    )
    socket = Path(f"/tmp/.X11-unix/X{number}")
    for _ in range(100):
        if socket.exists():
            break
        time.sleep(0.1)
    env = dict(os.environ, DISPLAY=display, HOME=str(work))
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    started.append(subprocess.Popen([manager], **quiet))  # type: ignore[call-overload]
    if panel and shutil.which("tint2"):
        started.append(subprocess.Popen(["tint2"], **quiet))  # type: ignore[call-overload]
    time.sleep(1.5)  # the window manager takes the screen, the panel its strut
    return display


def _create_demo(db: Path) -> None:
    from desktop.services.demo import SCALES
    from desktop.services.demo.database import create_demo_database

    create_demo_database(db, SCALES["S"], seed=1)


# The child: the app itself, driven screen by screen ------------------------------------


def _child(args: argparse.Namespace) -> int:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop.assets import resource
    from desktop.views import fonts
    from desktop.views.errors import ErrorReporter
    from desktop.views.startup import Startup

    # The same set-up as desktop/app.py's run_gui.
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Matchning")
    app.setOrganizationName("Matchning")
    app.setApplicationDisplayName("Matchning")
    app.setWindowIcon(QIcon(str(resource("icons", "matchning.svg"))))
    fonts.register()
    reporter = ErrorReporter(app.activeWindow)
    reporter.install()

    startup = Startup(args.db, demo=True)
    startup.start()
    tour = Tour(app, startup, args.out, f"{args.size} scale {args.scale}")
    tour.run()
    code = app.exec()
    startup.close()
    if reporter.errors:
        print(f"screenshots: {reporter.errors} unhandled error(s)", file=sys.stderr)
        return 1
    return code or tour.failed


class Tour:
    """Every screen in turn: each step a generator that yields how long to wait (ms)
    before the next, so that the event loop runs (data read, windows placed, painted)."""

    def __init__(self, app: Any, startup: Any, out: Path, title: str) -> None:
        self.app = app
        self.startup = startup
        self.out = out
        self.count = 0
        self.failed = 0
        self.report = [f"Matchning screenshots, {title}"]
        self._steps: Iterator[int] = iter(())

    def run(self) -> None:
        from PySide6.QtCore import QTimer

        self._steps = self._all()
        QTimer.singleShot(SETTLE_MS * 2, self._advance)

    def _advance(self) -> None:
        from PySide6.QtCore import QTimer

        try:
            delay = next(self._steps)
        except StopIteration:
            self._finish()
            return
        except Exception as error:  # a screen that could not be reached: say, and stop
            import traceback

            traceback.print_exc()
            self.report.append(f"FAILED: {error!r}")
            self.failed = 1
            self._finish()
            return
        QTimer.singleShot(delay, self._advance)

    def _finish(self) -> None:
        (self.out / "report.txt").write_text("\n".join(self.report) + "\n", encoding="utf-8")
        print("\n".join(self.report))
        window = self.startup.window
        if window is not None:
            for screen_window in window.workspace.windows():
                screen_window.close_without_asking()
            window.close()
        self.app.quit()

    # Capturing -----------------------------------------------------------------------

    def shot(self, name: str, window: Any = None) -> None:
        """The whole screen, and `window`'s own picture (the active window if None)."""
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        window = window or QApplication.activeModalWidget() or QApplication.activeWindow()
        self.count += 1
        stem = f"{self.count:02d}-{name}"
        screen = QApplication.primaryScreen()
        screen.grabWindow(0).save(str(self.out / f"{stem}-screen.png"))
        if window is not None:
            window.grab().save(str(self.out / f"{stem}-window.png"))
        self.report.append(f"{stem}:")
        available = screen.availableGeometry()
        self.report.append(
            f"  screen {_rect(screen.geometry())}, available {_rect(available)},"
            f" device pixel ratio {screen.devicePixelRatio():g}"
        )
        for top in QApplication.topLevelWidgets():
            if top.isVisible() and top.isWindow() and top.windowType() != 0x0C:  # not popups
                self.report.extend(_measure(top, available))

    # The tour ------------------------------------------------------------------------

    def _all(self) -> Iterator[int]:
        yield from self._login()
        yield from self._main_screens()
        yield from self._help()
        yield from self._person()
        yield from self._employer()
        yield from self._need()
        yield from self._intake()
        yield from self._dialogs()
        yield from self._lock()

    def _login(self) -> Iterator[int]:
        from desktop.services.demo.database import DEMO_PASSWORD

        dialog = self.startup.dialog
        self.shot("login", dialog)
        dialog.password.setText(DEMO_PASSWORD)
        dialog.submit()
        yield SETTLE_MS * 2
        window = self.startup.window
        assert window is not None, "the login did not open the main window"
        self.window = window
        self.services = window._services
        drafts = window.workspace.drafts_dialog
        if drafts is not None and drafts.isVisible():
            self.shot("drafts", drafts)
            drafts.reject()
            yield SETTLE_MS

    def _main_screens(self) -> Iterator[int]:
        window = self.window
        for row in range(window.navigation.count()):
            window.navigation.setCurrentRow(row)
            yield SETTLE_MS * 2
            name = _slug(window.navigation.item(row).text())
            self.shot(f"main-{row + 1}-{name}", window)
            if name == "rapporter":
                window.reports_view.show_report()
                yield SETTLE_MS * 4
                self.shot("main-6-rapporter-shown", window)
        admin = window.admin_view
        if admin is not None:
            for index in range(1, admin.tabs.count()):  # Användare is shown above
                admin.tabs.setCurrentIndex(index)
                yield SETTLE_MS
                self.shot(f"admin-{_slug(admin.tabs.tabText(index))}", window)
        window.navigation.setCurrentRow(1)
        yield SETTLE_MS

    def _help(self) -> Iterator[int]:
        help_actions = self.window.help
        help_actions.show_shortcuts()
        yield SETTLE_MS
        self.shot("help-shortcuts", help_actions.shortcuts_dialog)
        help_actions.shortcuts_dialog.close()
        help_actions.show_guide()
        yield SETTLE_MS
        self.shot("help-guide", help_actions.guide_window)
        help_actions.guide_window.close()
        yield SETTLE_MS // 2

    def _ids(self) -> tuple[Any, Any, Any, Any]:
        """A referral whose person, need and employer the tour opens (one with a letter
        to write), chosen the same way in every run."""
        from sqlalchemy import select

        from desktop.models.referral import Referral
        from desktop.models.vacancy import Vacancy

        query = (
            select(Referral.id, Referral.person_id, Referral.vacancy_id, Vacancy.employer_id)
            .join(Vacancy, Vacancy.id == Referral.vacancy_id)
            .order_by(Referral.id)
            .limit(1)
        )
        with self.services.db.read() as session:
            row = session.execute(query).one()
        return row[0], row[1], row[2], row[3]

    def _person(self) -> Iterator[int]:
        referral, person, _need, _employer = self._ids()
        workspace = self.window.workspace
        window = workspace.open_person(person)
        yield SETTLE_MS
        view = window.content
        for index in range(view.tabs.count()):
            view.tabs.setCurrentIndex(index)
            yield SETTLE_MS
            self.shot(f"person-{_slug(view.tabs.tabText(index))}", window)
        view.tabs.setCurrentWidget(view._consents_tab)
        dialog = view._consents_tab.content().register()
        yield SETTLE_MS
        self.shot("consent-dialog", dialog)
        dialog.reject()
        yield SETTLE_MS // 2
        panel = view.referrals_panel
        titles = [_slug(view.tabs.tabText(i)) for i in range(view.tabs.count())]
        view.tabs.setCurrentIndex(titles.index("anvisningar"))
        panel.select(referral)
        letter = panel.open_letter()
        yield SETTLE_MS * 2
        if letter is not None:
            self.shot("letter-dialog", letter)
            letter.reject()
            yield SETTLE_MS // 2
        needs = workspace.open_person_needs(person)
        yield SETTLE_MS * 3
        self.shot("person-matching-needs", needs)
        needs.close()
        # A second person beside the first: the cascade.
        second = self.window.persons_view.model.row_id(0)
        if second is not None and str(second) != str(person):
            other = workspace.open_person(second)
            yield SETTLE_MS
            self.shot("person-second-cascade", other)
            other.close()
        window.close()
        yield SETTLE_MS // 2

    def _employer(self) -> Iterator[int]:
        _referral, _person, _need, employer = self._ids()
        workspace = self.window.workspace
        window = workspace.open_employer(employer)
        yield SETTLE_MS
        view = window.content
        for index in range(view.tabs.count()):
            view.tabs.setCurrentIndex(index)
            yield SETTLE_MS
            self.shot(f"employer-{_slug(view.tabs.tabText(index))}", window)
        dialog = workspace.log_contact(employer, opened_from=window)
        yield SETTLE_MS
        self.shot("log-contact", dialog)
        dialog.reject()
        yield SETTLE_MS // 2
        window.close()
        dialog = workspace.log_contact(None, opened_from=self.window)
        yield SETTLE_MS
        self.shot("log-contact-from-main", dialog)
        dialog.reject()
        yield SETTLE_MS // 2

    def _need(self) -> Iterator[int]:
        _referral, _person, need, _employer = self._ids()
        window = self.window.workspace.open_need(need)
        yield SETTLE_MS * 2
        self.shot("need", window)
        area = window.scroll_area
        area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
        yield SETTLE_MS // 2
        self.shot("need-scrolled-down", window)
        window.close()
        yield SETTLE_MS // 2

    def _intake(self) -> Iterator[int]:
        from desktop.services.intake import Step

        window = self.window.workspace.new_intake()
        yield SETTLE_MS
        wizard = window.content
        for step in Step:
            wizard._show(step)  # straight to the page: the tour types nothing
            yield SETTLE_MS
            self.shot(f"intake-{int(step) + 1}-{_slug(step.name)}", window)
        window.close_without_asking()
        yield SETTLE_MS // 2

    def _dialogs(self) -> Iterator[int]:
        workspace = self.window.workspace
        dialog = workspace.new_employer()
        yield SETTLE_MS
        self.shot("new-employer", dialog)
        dialog.reject()
        yield SETTLE_MS // 2
        dialog = self.window.change_password()
        yield SETTLE_MS
        self.shot("change-password", dialog)
        dialog.reject()
        yield SETTLE_MS // 2
        dialog = workspace.show_drafts()
        yield SETTLE_MS
        self.shot("drafts", dialog)
        dialog.reject()
        yield SETTLE_MS // 2

    def _lock(self) -> Iterator[int]:
        from desktop.services.demo.database import DEMO_PASSWORD

        window = self.window
        window.lock()
        yield SETTLE_MS
        self.shot("lock", window)
        window.lock_screen.password.setText(DEMO_PASSWORD)
        window.lock_screen.submit()
        yield SETTLE_MS
        self.shot("unlocked", window)


def _slug(text: str) -> str:
    plain = text.replace("&", "").lower()
    for swedish, ascii_ in (("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e")):
        plain = plain.replace(swedish, ascii_)
    return "".join(c if c.isalnum() else "-" for c in plain).strip("-")


def _rect(rect: Any) -> str:
    return f"{rect.width()}x{rect.height()}+{rect.x()}+{rect.y()}"


def _measure(window: Any, available: Any) -> list[str]:
    """What a look at `window` should check: its frame on the available screen, its size
    against its layout's minimum, and text wider than the label or button showing it."""
    frame = window.frameGeometry()
    name = window.objectName() or type(window).__name__
    lines = [f"  {name}: frame {_rect(frame)}, content {window.width()}x{window.height()}"]
    if not available.contains(frame):
        lines.append(f"    OFF THE AVAILABLE SCREEN: frame {_rect(frame)} in {_rect(available)}")
    minimum = window.minimumSizeHint()
    if minimum.width() > window.width() or minimum.height() > window.height():
        lines.append(f"    SMALLER THAN ITS LAYOUT'S MINIMUM {minimum.width()}x{minimum.height()}")
    lines.extend(f"    {line}" for line in _cut_texts(window))
    return lines


def _cut_texts(window: Any) -> list[str]:
    from PySide6.QtWidgets import QAbstractButton, QLabel

    found = []
    for widget in _visible_children(window, (QLabel, QAbstractButton)):
        text = widget.text().replace("&", "")
        if not text or (isinstance(widget, QLabel) and widget.wordWrap()):
            continue
        if "<" in text:  # rich text: its width is not the plain text's
            continue
        needed = widget.fontMetrics().horizontalAdvance(text.split("\n")[0])
        room = widget.contentsRect().width()
        if isinstance(widget, QAbstractButton):
            room -= 12  # the button's own margins
        if needed > room + 1:
            kind = type(widget).__name__
            found.append(f"text cut ({kind} {needed}>{room}px): {text[:60]!r}")
    return found


def _visible_children(window: Any, kinds: tuple[type, ...]) -> list[Any]:
    keep: Callable[[Any], bool] = lambda w: w.isVisibleTo(window) and w.window() is window  # noqa: E731
    return [w for kind in kinds for w in window.findChildren(kind) if keep(w)]


if __name__ == "__main__":
    sys.exit(main())
