"""A new, encrypted demo and training database: made-up data and a known password.

The demo database is encrypted like a real one (so training looks and behaves like the
real thing), but its password is printed on its login screen: it holds nothing real.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.services.demo.staff import usernames
from desktop.store.keys import KeyFile, key_file_path

if TYPE_CHECKING:
    from desktop.services.demo.generator import DemoScale, DemoSummary
    from desktop.services.demo.writer import Progress

DEMO_PASSWORD = "matchning-demo"
DEMO_ADMIN = "admin"


def demo_logins(persons: int) -> list[str]:
    """Who can log in to a demo database: the administrator, one agent, the coordinator."""
    names = usernames(persons)
    return [DEMO_ADMIN, names[0], names[-2]]


def create_demo_database(
    path: Path,
    scale: DemoScale,
    *,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Create `path` as a demo database; refuses (AccountError) if anything is there."""
    # Here, not above: every start reads the demo logins, few make a demo database.
    from desktop.services.accounts import set_up
    from desktop.services.demo.generator import generate

    opened = set_up(
        path,
        municipality_code="0126",
        full_name="Demo Administratör",
        username=DEMO_ADMIN,
        password=DEMO_PASSWORD,
        demo_password=DEMO_PASSWORD,
    )
    try:
        summary = generate(opened.db, scale, seed=seed, today=today, progress=progress)
        keys = KeyFile.load(key_file_path(path))
        assert opened.db.key is not None
        for username in demo_logins(scale.persons)[1:]:
            keys.add(username, DEMO_PASSWORD, opened.db.key)
        keys.save()
    finally:
        opened.db.close()
    return summary
