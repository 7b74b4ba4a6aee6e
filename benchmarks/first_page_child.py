"""One login as a user makes it, in a process of its own: the login window shown, what
the next screen needs imported while it waits (as when someone types), then from Enter
on the password to the first page of Deltagare shown. Prints JSON: that time and the
Argon2id derivation alone in the same process."""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(path: Path, ini: str) -> None:
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.services.demo.database import DEMO_ADMIN, DEMO_PASSWORD
    from desktop.views.login import LoginDialog
    from desktop.views.settings import Settings
    from desktop.views.startup import Startup

    app = QApplication(sys.argv[:1])
    settings = Settings(QSettings(ini, QSettings.Format.IniFormat))
    settings.last_screen = 1  # Deltagare
    startup = Startup(path, settings=settings)
    assert startup.start()
    times: dict[str, float] = {}

    def first_page() -> bool:
        window = startup.window
        return (
            window is not None
            and window.persons_view.isVisible()
            and window.persons_view.model.rowCount() > 0
        )

    def step() -> None:
        dialog = startup.dialog
        if "start" not in times:
            if startup._preload or not isinstance(dialog, LoginDialog):  # still importing
                return
            dialog.username.setText(DEMO_ADMIN)
            dialog.password.setText(DEMO_PASSWORD)
            times["start"] = time.perf_counter()
            dialog.submit()
        elif first_page():
            times["shown"] = time.perf_counter()
            app.quit()

    poll = QTimer()
    poll.setInterval(1)
    poll.timeout.connect(step)
    poll.start()
    app.exec()
    poll.stop()

    from desktop.store.keys import KeyFile, derive_kek, key_file_path

    params = KeyFile.load(key_file_path(path)).users[DEMO_ADMIN].kdf
    salt = secrets.token_bytes(16)
    started = time.perf_counter()
    derive_kek(DEMO_PASSWORD, salt, params)
    kdf = time.perf_counter() - started
    startup.close()
    print(json.dumps({"first_page": times["shown"] - times["start"], "kdf": kdf}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
