"""Who is using the app: first-time setup, login, and the administrator's user management.

A login unwraps the database key with the user's password (desktop/store/keys.py) and
only then opens the database; the user's role and whether the account is active come
from the database. Every service is handed the resulting `Actor`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from sqlalchemy import Connection, Table, select, update

from desktop import clock
from desktop.models import Municipality, SyncState, User
from desktop.models.user import ROLES
from desktop.services import account_rules, audit, audit_head, settings

# Defined in desktop/services/actor.py so the settings need not import this module back;
# re-exported (`as`: explicitly, for mypy) where every caller has always found them.
from desktop.services.actor import AccessDeniedError as AccessDeniedError  # noqa: PLC0414
from desktop.services.actor import AccountError as AccountError  # noqa: PLC0414
from desktop.services.actor import Actor as Actor  # noqa: PLC0414
from desktop.store.backup import backup_files, verify_backup
from desktop.store.database import Database
from desktop.store.errors import DamagedDatabaseError, StoreError
from desktop.store.keys import (
    BackgroundUnlock,
    KeyFile,
    TooManyAttemptsError,
    WrongPasswordError,
    key_file_path,
    new_database_key,
    normalise_username,
)
from desktop.store.lock import DatabaseLock
from desktop.store.schema import check_file, open_database

# The rules the login window reads before this module is loaded, re-exported here.
PASSWORD_MIN_LENGTH = account_rules.PASSWORD_MIN_LENGTH
SETUP_MUNICIPALITIES = account_rules.SETUP_MUNICIPALITIES
password_problem = account_rules.password_problem
username_problem = account_rules.username_problem
setup_problems = account_rules.setup_problems
needs_setup = account_rules.needs_setup
demo_password = account_rules.demo_password
ROLE_NAMES = {
    "handlaggare": "Handläggare / matchningsagent",
    "samordnare": "Samordnare",
    "administrator": "Administratör",
}


@dataclass(frozen=True)
class Opened:
    db: Database
    actor: Actor
    must_change_password: bool


@dataclass(frozen=True)
class UserRow:
    id: uuid.UUID
    username: str
    full_name: str
    role: str
    municipality_code: str | None
    active: bool
    must_change_password: bool
    last_login_at: dt.datetime | None
    # Printed on the documents the user sends (desktop/services/documents/).
    phone: str | None = None
    email: str | None = None


def set_up(
    path: Path,
    *,
    municipality_code: str,
    full_name: str,
    username: str,
    password: str,
    demo_password: str | None = None,
) -> Opened:
    """Create the encrypted database, its key file and the first administrator."""
    if not needs_setup(path):
        raise AccountError("Det finns redan en databas här; logga in i stället.")
    for field, problem in setup_problems(
        municipality_code=municipality_code,
        full_name=full_name,
        username=username,
        password=password,
    ).items():
        raise AccountError(problem, field)
    key = new_database_key()
    keys = KeyFile.create(key_file_path(path), demo_password=demo_password)
    db = open_database(path, key=key)
    try:
        audit.install(db)
        with db.unit_of_work() as session:
            if session.get(Municipality, municipality_code) is None:
                raise AccountError("Välj en kommun i listan.", "municipality")
            user = User(
                id=uuid.uuid4(),
                username=normalise_username(username),
                full_name=full_name.strip(),
                role="administrator",
                municipality_code=municipality_code,
                last_login_at=clock.now(),
            )
            session.info[audit.ACTOR] = user.id
            session.info[audit.SCREEN] = "installation"
            session.add(user)
            settings.write(session, home_municipality=municipality_code)
            session.flush()
            keys.add(username, password, key)
            keys.save()
        actor = Actor(user.id, user.username, user.full_name, user.role)
    except BaseException:
        db.close()
        # Nothing was committed: leave no half-made installation behind.
        leftovers = (path, keys.path, path.with_name(path.name + ".lock"))
        for leftover in (*leftovers, *path.parent.glob(path.name + "-*")):
            leftover.unlink(missing_ok=True)
        raise
    audit_head.keep(db)
    return Opened(db, actor, must_change_password=False)


def log_in(
    path: Path,
    username: str,
    password: str,
    *,
    screen: str = "inloggning",
    lock: DatabaseLock | bool = True,
    unlocking: BackgroundUnlock | None = None,
    on_upgrade: Callable[[], object] | None = None,
) -> Opened:
    """Unlock and open the database as `username`; raises StoreError or AccountError.
    `lock`: the database's lock, when the caller (the login window) holds it already.
    `unlocking`: the same user's key, being derived since the process started.
    `on_upgrade`: called before the database is upgraded after a program update."""
    if not path.exists():
        raise AccountError(f"Databasen {path} finns inte.")
    check_file(path, encrypted=True)
    if unlocking is not None:
        key = unlocking.key()
    else:
        key = KeyFile.load(key_file_path(path)).unlock(username, password)
    try:
        db = open_database(path, key=key, lock=lock, on_upgrade=on_upgrade)
    except DamagedDatabaseError:
        raise _damaged(path, key) from None
    try:
        audit.install(db)
        with db.transaction() as connection:
            actor, must_change = _logged_in(connection, normalise_username(username), screen)
    except BaseException:
        db.close()
        raise
    audit_head.keep(db)
    return Opened(db, actor, must_change)


def _logged_in(connection: Connection, username: str, screen: str) -> tuple[Actor, bool]:
    """The login's own writes: the user's last login and the two events a unit of work
    would record for it (the update, then the login). Core statements, as the first
    screen uses too, so that logging in sets up none of the ORM's mappers (issue 18)."""
    users = cast(Table, User.__table__)
    user = connection.execute(
        select(
            users.c.id,
            users.c.username,
            users.c.full_name,
            users.c.role,
            users.c.active,
            users.c.must_change_password,
        ).where(users.c.username == username)
    ).first()
    if user is None or not user.active:
        raise AccountError("Kontot är inte aktivt. Kontakta en administratör.")
    # updated_at follows by its column's onupdate; the version, as the ORM counts it.
    connection.execute(
        update(users)
        .where(users.c.id == user.id)
        .values(last_login_at=clock.now(), version=users.c.version + 1)
    )
    for action in ("update", "login"):
        audit.record_on(connection, action, "User", user.id, user_id=user.id, screen=screen)
    return Actor(user.id, user.username, user.full_name, user.role), user.must_change_password


def _damaged(path: Path, key: bytes) -> DamagedDatabaseError:
    """The damage said, with the newest backup that verifies under the same key."""
    for found in backup_files(path):
        try:
            verify_backup(found.path, key)
        except StoreError:
            continue
        made = found.made_at.astimezone(clock.STOCKHOLM).strftime("%Y-%m-%d %H:%M")
        return DamagedDatabaseError(path, found.path, made)
    return DamagedDatabaseError(path)


class AccountService:
    def __init__(self, db: Database, actor: Actor) -> None:
        self._db = db
        self.actor = actor

    def _keys(self) -> KeyFile:
        return KeyFile.load(key_file_path(self._db.path))

    def _require_admin(self) -> None:
        if not self.actor.is_admin:
            raise AccessDeniedError

    def users(self) -> list[UserRow]:
        # The table's columns, not entities: every person and employer screen asks for
        # colleagues, the main window while it is first built (no mappers set up then).
        users = User.__table__
        with self._db.connect() as connection:
            rows = connection.execute(
                select(
                    users.c.id,
                    users.c.username,
                    users.c.full_name,
                    users.c.role,
                    users.c.municipality_code,
                    users.c.active,
                    users.c.must_change_password,
                    users.c.last_login_at,
                    users.c.phone,
                    users.c.email,
                ).order_by(users.c.full_name)
            ).all()
        return [UserRow(**row._asdict()) for row in rows]

    def contact_problems(self, phone: str, email: str) -> dict[str, str]:
        """Field → reason for a user's own phone and e-mail as typed."""
        from desktop.services.validation import email_problem, phone_problem

        problems = {"phone": phone_problem(phone.strip()), "email": email_problem(email.strip())}
        return {field: reason for field, reason in problems.items() if reason}

    def set_contact_details(
        self, user_id: uuid.UUID, *, phone: str, email: str, screen: str = "användare"
    ) -> None:
        """The phone and e-mail printed on the documents a user sends (empty: the unit's,
        from the letterhead). Users change their own; administrators anyone's."""
        if user_id != self.actor.user_id:
            self._require_admin()
        problems = self.contact_problems(phone, email)
        if problems:
            raise AccountError(next(iter(problems.values())), next(iter(problems)))
        with self._db.unit_of_work(actor=self.actor.user_id, screen=screen) as session:
            user = session.get(User, user_id)
            if user is None:
                raise AccountError("Användaren finns inte längre.")
            user.phone = phone.strip() or None
            user.email = email.strip() or None

    def screen_locked(self) -> None:
        """The screen has locked: the log's newest event is noted outside the database
        (desktop/services/audit_head.py), as at logging out."""
        audit_head.note(self._db)

    def verify_password(self, password: str) -> bool:
        """For unlocking the screen: is this the acting user's password?"""
        try:
            return self._keys().unlock(self.actor.username, password) == self._db.key
        except WrongPasswordError:
            return False

    def add_user(
        self,
        *,
        username: str,
        full_name: str,
        role: str,
        municipality_code: str | None,
        password: str,
        screen: str = "användare",
    ) -> uuid.UUID:
        """A new account; the administrator gives the first password, which the user
        must change at their first login."""
        self._require_admin()
        for problem, field in (
            (username_problem(username), "username"),
            (password_problem(password, username), "password"),
            (None if full_name.strip() else "Ange namnet.", "full_name"),
            (None if role in ROLES else "Välj en roll.", "role"),
        ):
            if problem:
                raise AccountError(problem, field)
        name = normalise_username(username)
        keys = self._keys()
        with self._db.unit_of_work(actor=self.actor.user_id, screen=screen) as session:
            taken = session.scalars(select(User.id).where(User.username == name)).first()
            if taken is not None or keys.has_user(name):
                raise AccountError("Användarnamnet är upptaget.", "username")
            user = User(
                id=uuid.uuid4(),
                username=name,
                full_name=full_name.strip(),
                role=role,
                municipality_code=municipality_code,
                must_change_password=True,
            )
            session.add(user)
            session.flush()
            # Written inside the transaction: if the key file cannot be saved, the
            # account is not created either.
            keys.add(name, password, self._key())
            keys.save()
            return user.id

    def _key(self) -> bytes:
        assert self._db.key is not None, "accounts exist only on encrypted databases"
        return self._db.key

    def set_active(self, user_id: uuid.UUID, active: bool, *, screen: str = "användare") -> None:
        """Deactivating removes the user's key: they can no longer unlock the database.
        Reactivating needs a new password (reset_password)."""
        self._require_admin()
        if user_id == self.actor.user_id and not active:
            raise AccountError("Du kan inte inaktivera ditt eget konto.")
        with self._db.read() as session:
            if session.scalar(select(SyncState.id)) is not None:
                # Once connected, the server decides who is active (docs/sync.md).
                raise AccountError(
                    "Datorn synkroniserar med kommunernas server: konton stängs av och "
                    "aktiveras där (matchning server user deactivate)."
                )
        keys = self._keys()
        with self._db.unit_of_work(actor=self.actor.user_id, screen=screen) as session:
            user = session.get_one(User, user_id)
            user.active = active
            if not active:
                # The row first: a write that fails (a full disk) must leave the key too.
                session.flush()
                keys.remove(user.username)
                keys.save()

    def reset_password(
        self, user_id: uuid.UUID, new_password: str, *, screen: str = "användare"
    ) -> None:
        """A temporary password from the administrator; the user must change it."""
        self._require_admin()
        keys = self._keys()
        with self._db.unit_of_work(actor=self.actor.user_id, screen=screen) as session:
            user = session.get_one(User, user_id)
            problem = password_problem(new_password, user.username)
            if problem:
                raise AccountError(problem, "password")
            user.active = True
            user.must_change_password = True
            audit.record(session, "update", "User", user.id, details="lösenord återställt")
            session.flush()  # as in set_active: a failed write leaves the old password
            keys.add(user.username, new_password, self._key())
            keys.save()

    def change_password(self, current: str, new: str, *, screen: str = "byt lösenord") -> None:
        """The acting user's own password. The database key stays the same."""
        problem = password_problem(new, self.actor.username)
        if problem:
            raise AccountError(problem, "new_password")
        if new == current:
            raise AccountError("Välj ett annat lösenord än det nuvarande.", "new_password")
        keys = self._keys()
        try:
            keys.unlock(self.actor.username, current)
        except WrongPasswordError:
            raise AccountError("Det nuvarande lösenordet stämmer inte.", "current") from None
        except TooManyAttemptsError as error:
            raise AccountError(str(error), "current") from None
        with self._db.unit_of_work(actor=self.actor.user_id, screen=screen) as session:
            session.get_one(User, self.actor.user_id).must_change_password = False
            # Recorded even when no column changes: a password change is an event.
            audit.record(session, "update", "User", self.actor.user_id, details="lösenord bytt")
            session.flush()  # as in set_active: a failed write leaves the old password
            keys.add(self.actor.username, new, self._key())
            keys.save()
