"""Laptops and a real PostgreSQL server for the sync tests: each laptop is a real,
encrypted installation with its own user, who has their own login on the server.

Logins are roles, which PostgreSQL keeps per server rather than per database, so every
name is made unique per test."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, select
from sqlalchemy.engine import make_url

from desktop.models import Base
from desktop.services import accounts
from desktop.services.accounts import Actor
from desktop.services.sync import SyncService, central
from desktop.services.sync.tables import synced_tables
from desktop.store.database import Database

PASSWORD = "ett långt testlösenord"
HUDDINGE, TYRESO, BOTKYRKA = "0126", "0138", "0127"


@dataclass
class Laptop:
    label: str
    path: Path
    db: Database
    actor: Actor
    login: str
    password: str

    @property
    def sync(self) -> SyncService:
        return SyncService(self.db, self.actor)

    def rows(self, table_name: str) -> dict[uuid.UUID, dict[str, Any]]:
        table = Base.metadata.tables[table_name]
        with self.db.connect() as connection:
            return {r["id"]: dict(r) for r in connection.execute(select(table)).mappings()}


class World:
    def __init__(self, admin_url: str, directory: Path) -> None:
        self.admin_url = admin_url
        self.directory = directory
        self.admin = central.admin_engine(admin_url)
        address = make_url(admin_url)
        self.laptop_url = f"postgresql://{address.host}:{address.port}/{address.database}"
        self.laptops: list[Laptop] = []
        self.engines: list[Engine] = []
        self.tag = uuid.uuid4().hex[:6]

    def login_name(self, label: str) -> str:
        return f"{label}_{self.tag}"

    def laptop(self, label: str, municipality: str, *, connect: bool = True) -> Laptop:
        """A new installation for a new user of `municipality`, connected to the server."""
        login = self.login_name(label)
        new = central.add_user(
            self.admin,
            username=login,
            full_name=f"{label.title()} Testsson",
            municipality=municipality,
        )
        opened = accounts.set_up(
            self.directory / f"{label}.sqlite",
            municipality_code=municipality,
            full_name=f"{label.title()} Testsson",
            username=login,
            password=PASSWORD,
        )
        laptop = Laptop(label, opened.db.path, opened.db, opened.actor, login, new.password)
        self.laptops.append(laptop)
        if connect:
            self.connect(laptop)
        return laptop

    def connect(self, laptop: Laptop) -> None:
        user_id = laptop.sync.connect(self.laptop_url, laptop.login, laptop.password)
        # The laptop's user now has the server's id for them: log in again, as the app
        # makes the user do.
        laptop.actor = Actor(
            user_id, laptop.actor.username, laptop.actor.full_name, laptop.actor.role
        )

    def as_login(self, laptop: Laptop) -> Engine:
        """The server as this laptop's user sees it (their role, their policies)."""
        address = make_url(self.admin_url).set(username=laptop.login, password=laptop.password)
        engine = create_engine(address, hide_parameters=True)
        self.engines.append(engine)
        return engine

    def server_rows(self, table_name: str) -> dict[uuid.UUID, dict[str, Any]]:
        table = Base.metadata.tables[table_name]
        with self.admin.connect() as connection:
            return {r["id"]: dict(r) for r in connection.execute(select(table)).mappings()}

    def close(self) -> None:
        for laptop in self.laptops:
            laptop.db.close()
        for engine in [*self.engines, self.admin]:
            engine.dispose()


def synced_names() -> list[str]:
    return [t.name for t in synced_tables()]
