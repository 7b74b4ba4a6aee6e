"""What the municipalities' IT does on the server (docs/server.md): give a user a login of
their own, cut a lost laptop off, check the pushed audit chains. Runs with the server
administrator's connection (the owner of the schema), never from a laptop's sync."""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass

from psycopg import sql
from sqlalchemy import Engine, create_engine, insert, select, update
from sqlalchemy.engine import make_url

from desktop.models import Municipality, User
from desktop.models.base import utcnow
from desktop.models.sync import CentralAuditEvent, SyncAccount
from desktop.models.user import ROLES
from desktop.services.audit import GENESIS, Chain

AGENT_ROLE = "matchning_agent"
LOGIN = re.compile(r"^[a-z][a-z0-9_]{1,62}$")


class CentralError(Exception):
    """`str()` is a Swedish line for the administrator."""


def admin_engine(url: str) -> Engine:
    address = make_url(url).set(drivername="postgresql+psycopg")
    return create_engine(address, hide_parameters=True, connect_args={"connect_timeout": 5})


@dataclass(frozen=True)
class NewLogin:
    login: str
    password: str
    user_id: uuid.UUID


def add_user(
    remote: Engine,
    *,
    username: str,
    full_name: str,
    municipality: str,
    role: str = "handlaggare",
) -> NewLogin:
    """A user (made now, or the one with this user name) and their own server login,
    whose password is returned once: it goes to the user's laptop, nowhere else."""
    login = username.strip().lower()
    if not LOGIN.match(login):
        raise CentralError(
            "Användarnamnet kan inte bli en inloggning på servern: använd a–z, 0–9 och _, "
            "börja med en bokstav."
        )
    if role not in ROLES:
        raise CentralError(f"Okänd roll: {role} (välj {', '.join(ROLES)}).")
    password = secrets.token_urlsafe(18)
    with remote.begin() as connection:
        if (
            connection.scalar(select(Municipality.code).where(Municipality.code == municipality))
            is None
        ):
            raise CentralError(f"Okänd kommunkod: {municipality}")
        if connection.scalar(select(SyncAccount.role_name).where(SyncAccount.role_name == login)):
            raise CentralError(f"Inloggningen {login} finns redan.")
        user_id = connection.scalar(select(User.id).where(User.username == login))
        if user_id is None:
            user_id = uuid.uuid4()
            now = utcnow()
            connection.execute(
                insert(User).values(
                    id=user_id,
                    username=login,
                    full_name=full_name,
                    role=role,
                    municipality_code=municipality,
                    active=True,
                    must_change_password=False,
                    created_at=now,
                    updated_at=now,
                    version=1,
                )
            )
        raw = connection.connection.driver_connection
        assert raw is not None
        exists = connection.exec_driver_sql(
            "SELECT 1 FROM pg_roles WHERE rolname = %(login)s", {"login": login}
        ).first()
        verb = sql.SQL("ALTER ROLE" if exists else "CREATE ROLE")
        raw.execute(
            sql.SQL("{} {} LOGIN PASSWORD {}").format(
                verb, sql.Identifier(login), sql.Literal(password)
            )
        )
        raw.execute(
            sql.SQL("GRANT {} TO {}").format(sql.Identifier(AGENT_ROLE), sql.Identifier(login))
        )
        connection.execute(
            insert(SyncAccount).values(
                role_name=login, user_id=user_id, municipality_code=municipality
            )
        )
    return NewLogin(login, password, user_id)


def deactivate_user(remote: Engine, username: str) -> None:
    """Cut a user (and a lost laptop of theirs) off: the login can no longer connect, its
    open connections end, and every laptop learns that the account is inactive."""
    login = username.strip().lower()
    with remote.begin() as connection:
        found = connection.execute(
            update(User).where(User.username == login).values(active=False, updated_at=utcnow())
        )
        if not found.rowcount:
            raise CentralError(f"Ingen användare heter {login} på servern.")
        raw = connection.connection.driver_connection
        assert raw is not None
        if connection.scalar(select(SyncAccount.role_name).where(SyncAccount.role_name == login)):
            raw.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(login)))
            connection.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %(l)s",
                {"l": login},
            )


@dataclass(frozen=True)
class ChainCheck:
    laptop_id: uuid.UUID
    events: int
    broken_at: int | None  # the first event whose hash does not follow, or None


def verify_audit(remote: Engine) -> list[ChainCheck]:
    """Check every laptop's pushed chain as the laptop itself would."""
    checks = []
    with remote.connect() as connection:
        laptops = connection.scalars(select(CentralAuditEvent.laptop_id).distinct()).all()
        for laptop_id in laptops:
            rows = connection.execute(
                select(CentralAuditEvent.__table__)
                .where(CentralAuditEvent.laptop_id == laptop_id)
                .order_by(CentralAuditEvent.seq)
            ).mappings()
            count, broken, chain = 0, None, None
            for row in rows:
                count += 1
                if broken is not None:
                    continue
                if chain is None:
                    # Retention on the laptop may have erased its oldest events before
                    # they were pushed: the chain starts at the first one here.
                    first = int(row["seq"])
                    chain = Chain(first, GENESIS if first == 1 else str(row["prev_hash"]))
                # The laptop's own column names: the event's id is `event_id` here.
                found = chain.check({**row, "id": row["event_id"]})
                broken = None if found is None else found.seq
            checks.append(ChainCheck(laptop_id, count, broken))
    return checks
