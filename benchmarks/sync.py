"""Sync with the municipalities' shared PostgreSQL server (docs/sync.md), against a real
server started for the run (tools/pg_server.py):

- sync_day: one agent's day, 500 rows changed on laptop A and 500 from another laptop
  already on the server; one sync on A pushes its 500 and pulls the other 500. Both
  laptops hold the scale's shared part (employers, contacts, needs). Limit:
  the same rows moved by hand (upsert into PostgreSQL, select by id, upsert into a
  copy of A's SQLCipher file).
- sync_first: a new laptop's first sync against a server holding scale L's shared part.
  Limit: COPY out of PostgreSQL per table and executemany into a new SQLCipher file.
- sync_background: the person list and search on laptop A while A is synced in a loop
  the way the app syncs (each sync in a child process of its own, waited on by a
  thread) and another process keeps changing rows on the server; the limit is the same
  calls with no sync running.
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.common import PYTHON, Run, emit, median, percentile, raw_connection, timed, unlock

MUNICIPALITY = "0126"  # both laptops of sync_day in Huddinge: persons flow between them too
PASSWORD = "ett långt benchmarklösenord"
DAY_ROWS = 500
BASELINE_DAYS = 4


# -- the server and the laptops ---------------------------------------------------------


@contextmanager
def _server() -> Iterator[Any]:
    from tools.pg_server import running_server

    # A central server gets more than the default 128 MB of cache.
    with running_server("-c shared_buffers=512MB", "-c max_wal_size=4GB") as server:
        yield server


def _new_database(server: Any, name: str) -> str:
    from desktop.store.server import migrate_server

    url = str(server.create_database(name))
    migrate_server(url)
    return url


@dataclass
class _Laptop:
    label: str
    path: Path
    db: Any  # Database
    actor: Any  # Actor
    login: str

    @property
    def key(self) -> bytes:
        assert self.db.key is not None
        return bytes(self.db.key)

    def sync(self) -> Any:
        from desktop.services.sync import SyncService

        return SyncService(self.db, self.actor)


def _laptop(url: str, admin: Any, directory: Path, label: str, municipality: str) -> _Laptop:
    """A new installation for a new user with their own server login, connected."""
    from sqlalchemy.engine import make_url

    from desktop.services import accounts
    from desktop.services.accounts import Actor
    from desktop.services.sync import SyncService, central

    login = f"bench_{label}"
    new = central.add_user(
        admin, username=login, full_name=f"{label.title()} Bänksson", municipality=municipality
    )
    opened = accounts.set_up(
        directory / f"{label}.sqlite",
        municipality_code=municipality,
        full_name=f"{label.title()} Bänksson",
        username=login,
        password=PASSWORD,
    )
    address = make_url(url)
    laptop_url = f"postgresql://{address.host}:{address.port}/{address.database}"
    user_id = SyncService(opened.db, opened.actor).connect(laptop_url, login, new.password)
    actor = opened.actor
    # The user now has the server's id here: what a new login would give.
    return _Laptop(
        label,
        opened.db.path,
        opened.db,
        Actor(user_id, actor.username, actor.full_name, actor.role),
        login,
    )


# -- an agent's day ---------------------------------------------------------------------


@dataclass
class _Known:
    """Rows a laptop has, to edit and to hang new rows on."""

    employers: list[uuid.UUID]
    contact_persons: list[uuid.UUID]


def _known(laptop: _Laptop) -> _Known:
    from sqlalchemy import select

    from desktop.models import ContactPerson, Employer

    with laptop.db.read() as session:
        return _Known(
            list(session.scalars(select(Employer.id))),
            list(session.scalars(select(ContactPerson.id))),
        )


def _day(laptop: _Laptop, rng: random.Random, known: _Known) -> None:
    """What one agent saves in a day, DAY_ROWS synced rows in all: new employers with a
    workplace, employers and contact persons edited, contact persons and logged contacts
    on employers already there, needs with requirements, new persons with a case."""
    import datetime as dt

    from sqlalchemy import select

    from desktop import clock
    from desktop.models import (
        Case,
        CaseNote,
        ContactPerson,
        Employer,
        EmployerContact,
        LabourMarketForm,
        Occupation,
        Person,
        PersonLanguage,
        Vacancy,
        VacancyRequirement,
        Workplace,
    )
    from desktop.models.person import person_sort_key
    from desktop.services.cases import sync_current_case

    tag = uuid.uuid4().hex[:6]
    user = laptop.actor.user_id
    today = clock.today()
    db = laptop.db
    old_employers = rng.sample(known.employers, min(60, len(known.employers)))
    with db.unit_of_work(actor=user, screen="bänk") as session:
        made = []
        for i in range(20):  # 40 rows
            name = f"Bänkföretaget {tag}-{i} AB"
            employer = Employer(
                id=uuid.uuid4(),
                name=name,
                sort_key=name.lower(),
                sector="privat",
                municipality_code=MUNICIPALITY,
                responsible_agent_id=user,
            )
            session.add(employer)
            session.add(
                Workplace(
                    employer_id=employer.id,
                    name=f"{name}, huvudkontor",
                    street_address=f"Storgatan {i + 1}",
                    postal_code="14100",
                    city="Huddinge",
                    municipality_code=MUNICIPALITY,
                )
            )
            made.append(employer.id)
    with db.unit_of_work(actor=user, screen="bänk") as session:
        for employer_id in old_employers:  # 60 rows
            row = session.get_one(Employer, employer_id)
            row.notes = f"Uppdaterad {tag}: ring efter lunch"
            row.last_contact_on = today
    with db.unit_of_work(actor=user, screen="bänk") as session:
        for row_id in rng.sample(known.contact_persons, min(10, len(known.contact_persons))):
            contact = session.get_one(ContactPerson, row_id)  # 10 rows
            contact.phone = f"070-{rng.randrange(10**6, 10**7)}"
        on = known.employers + made
        for i in range(80):  # 80 rows
            session.add(
                ContactPerson(
                    employer_id=rng.choice(on),
                    name=f"Kontakt {tag}-{i}",
                    role="Rekryterare",
                    phone=f"08-{rng.randrange(10**6, 10**7)}",
                    email=f"kontakt{i}.{tag}@example.se",
                )
            )
    with db.unit_of_work(actor=user, screen="bänk") as session:
        for i in range(120):  # 120 rows
            session.add(
                EmployerContact(
                    employer_id=rng.choice(on),
                    agent_id=user,
                    kind=rng.choice(("besok", "telefon", "epost", "mote")),
                    contact_date=today - dt.timedelta(days=rng.randrange(0, 5)),
                    summary=f"Samtal {tag}-{i} om rekryteringsbehov under våren",
                    next_step="Skicka kandidater",
                )
            )
    with db.unit_of_work(actor=user, screen="bänk") as session:
        occupations = list(
            session.scalars(select(Occupation.code).where(Occupation.level == 4).limit(50))
        )
        forms = list(session.scalars(select(LabourMarketForm.code)))
        for i in range(30):  # 90 rows
            need = Vacancy(
                id=uuid.uuid4(),
                employer_id=rng.choice(on),
                occupation_code=rng.choice(occupations),
                title=f"Behov {tag}-{i}",
                form_code=rng.choice(forms),
                municipality_code=MUNICIPALITY,
            )
            session.add(need)
            session.add(
                VacancyRequirement(vacancy_id=need.id, kind="korkort", importance="krav", code="B")
            )
            session.add(
                VacancyRequirement(vacancy_id=need.id, kind="sprak", importance="merit", code="en")
            )
    with db.unit_of_work(actor=user, screen="bänk") as session:
        for i in range(25):  # 100 rows: person, language, case, note
            last = f"Bänkdal{tag}{i}"
            person = Person(
                first_name="Testa",
                last_name=last,
                sort_key=person_sort_key(last, "Testa"),
                identity_kind="saknas",
                no_identity_reason="Väntar på samordningsnummer",
                birth_date=dt.date(1980 + i % 20, 1 + i % 12, 1 + i % 28),
                municipality_code=MUNICIPALITY,
            )
            session.add(person)
            session.flush()
            session.add(PersonLanguage(person_id=person.id, language="ar", mother_tongue=True))
            case = Case(
                id=uuid.uuid4(),
                person_id=person.id,
                municipality_code=MUNICIPALITY,
                agent_id=user,
                status="aktiv",
                opened_on=today,
            )
            session.add(case)
            session.flush()
            session.add(CaseNote(case_id=case.id, note_date=today, kind="samtal", text="Bänk"))
            sync_current_case(session, person.id)
    known.employers.extend(made)


def _pending(laptop: _Laptop) -> dict[str, list[str]]:
    """The rows waiting to be pushed, by table, as the hex ids SQLite holds."""
    raw = raw_connection(laptop.path, laptop.key)
    try:
        found: dict[str, list[str]] = {}
        for table_name, row_id in raw.execute("SELECT table_name, row_id FROM sync_pending"):
            found.setdefault(table_name, []).append(row_id)
        return found
    finally:
        raw.close()


# -- the rows moved by hand (the limits) ------------------------------------------------


def _order(names: Sequence[str]) -> list[str]:
    from desktop.services.sync.tables import synced_tables

    return [t.name for t in synced_tables() if t.name in names]


def _columns(table_name: str) -> list[Any]:
    from desktop.models import Base

    return list(Base.metadata.tables[table_name].columns)


def _pg_placeholder(column: Any) -> str:
    # SQLite keeps booleans as 0/1, which PostgreSQL will not take for a boolean; every
    # other value goes as text of unknown type and PostgreSQL reads it as the column's.
    return "%s::int::boolean" if column.type.python_type is bool else "%s"


def _as_sqlite(column: Any) -> str:
    """A PostgreSQL expression giving a column's value as SQLite keeps it."""
    import datetime as dt

    kind = column.type.python_type
    name = column.name
    if kind is uuid.UUID:
        return f"replace({name}::text, '-', '')"
    if kind is dt.datetime:
        return f"to_char({name}, 'YYYY-MM-DD HH24:MI:SS.US')"
    if kind is bool:
        return f"{name}::int"
    if kind is dt.date:
        return f"{name}::text"
    return str(name)


def _hand_push(raw: Any, pg: Any, schema: str, ids: dict[str, list[str]]) -> int:
    """Rows read from the laptop by id and upserted into PostgreSQL, one transaction."""
    moved = 0
    with pg.transaction(), pg.cursor() as cursor:
        for table_name in _order(list(ids)):
            columns = _columns(table_name)
            names = ", ".join(c.name for c in columns)
            wanted = ids[table_name]
            rows = [
                row
                for start in range(0, len(wanted), 500)
                for row in raw.execute(
                    f"SELECT {names} FROM {table_name} WHERE id IN "
                    f"({', '.join('?' * len(wanted[start : start + 500]))})",
                    wanted[start : start + 500],
                )
            ]
            updates = ", ".join(f"{c.name} = excluded.{c.name}" for c in columns if c.name != "id")
            cursor.executemany(
                f"INSERT INTO {schema}.{table_name} ({names}) "
                f"VALUES ({', '.join(_pg_placeholder(c) for c in columns)}) "
                f"ON CONFLICT (id) DO UPDATE SET {updates}",
                rows,
            )
            moved += len(rows)
    return moved


def _hand_pull(pg: Any, schema: str, raw: Any, ids: dict[str, list[str]]) -> int:
    """Rows selected by id from PostgreSQL and upserted here, one transaction."""
    moved = 0
    fetched: list[tuple[str, list[Any], list[tuple[Any, ...]]]] = []
    with pg.cursor() as cursor:
        for table_name in _order(list(ids)):
            columns = _columns(table_name)
            cursor.execute(
                f"SELECT {', '.join(_as_sqlite(c) for c in columns)} "
                f"FROM {schema}.{table_name} WHERE id = ANY(%s::uuid[])",
                (ids[table_name],),
            )
            fetched.append((table_name, columns, cursor.fetchall()))
    pg.rollback()
    raw.execute("BEGIN IMMEDIATE")
    for table_name, columns, rows in fetched:
        # An upsert, not INSERT OR REPLACE: replacing a row deletes it first, and with the
        # laptop's foreign keys that deletes an edited employer's contacts and needs too
        # (ON DELETE CASCADE), at the cost of scanning them.
        updates = ", ".join(f"{c.name} = excluded.{c.name}" for c in columns if c.name != "id")
        raw.executemany(
            f"INSERT INTO {table_name} ({', '.join(c.name for c in columns)}) "
            f"VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}",
            rows,
        )
        moved += len(rows)
    raw.execute("COMMIT")
    return moved


def _psycopg(url: str) -> Any:
    import psycopg
    from sqlalchemy.engine import make_url

    address = make_url(url)
    return psycopg.connect(
        host=address.host, port=address.port, dbname=address.database, user=address.username
    )


def _limit_schema(pg: Any, schema: str) -> None:
    """The synced tables again, bare: no triggers, no policies, no foreign keys."""
    from desktop.services.sync.tables import synced_tables

    with pg.transaction():
        pg.execute(f"CREATE SCHEMA {schema}")
        for synced in synced_tables():
            pg.execute(
                f"CREATE TABLE {schema}.{synced.name} "
                f"(LIKE public.{synced.name} INCLUDING DEFAULTS INCLUDING INDEXES)"
            )


def _copy_file(laptop: _Laptop, target: Path) -> None:
    """A copy of the laptop's file (same key), for the limit to write into."""
    with laptop.db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(laptop.path, target)


# -- sync_day ---------------------------------------------------------------------------


@dataclass
class _Pair:
    url: str
    admin: Any
    a: _Laptop
    b: _Laptop
    rng: random.Random
    known_a: _Known
    known_b: _Known


@contextmanager
def _pair(directory: Path, shared_from: Run | None = None) -> Iterator[_Pair]:
    """Two Huddinge laptops on one server, each with a few days of work already synced
    (employers to edit and hang contacts on). With `shared_from`, the server first gets
    that scale's shared part, and both laptops hold it after their first sync: a sync's
    costs that grow with the laptop's database show."""
    from desktop.services.sync import central

    with _server() as server:
        url = _new_database(server, "day")
        if shared_from is not None:
            _fill_server(url, shared_from.db, _open_upgraded(shared_from))
        admin = central.admin_engine(url)
        a = _laptop(url, admin, directory, "anna", MUNICIPALITY)
        b = _laptop(url, admin, directory, "bert", MUNICIPALITY)
        try:
            rng = random.Random(1)
            pair = _Pair(url, admin, a, b, rng, _Known([], []), _Known([], []))
            for _ in range(BASELINE_DAYS):
                _day(a, rng, pair.known_a)
                _day(b, rng, pair.known_b)
                a.sync().sync()
                b.sync().sync()
            a.sync().sync()
            pair.known_a, pair.known_b = _known(a), _known(b)
            yield pair
        finally:
            a.db.close()
            b.db.close()
            admin.dispose()


def sync_day(run: Run) -> None:
    rounds = max(5, run.repeat)
    with (
        tempfile.TemporaryDirectory(prefix="matchning-sync-") as temp,
        _pair(Path(temp), run) as w,
    ):
        limit_file = Path(temp) / "limit.sqlite"
        _copy_file(w.a, limit_file)
        pg = _psycopg(w.url)
        _limit_schema(pg, "bench_limit")
        # Open all along, as the app's pooled connections are: warm page caches for both.
        target = raw_connection(limit_file, w.a.key)
        raw_a = raw_connection(w.a.path, w.a.key)
        raw_b = raw_connection(w.b.path, w.b.key)
        values: list[float] = []
        limits: list[float] = []
        limit_push: list[float] = []
        reports = []
        try:
            # The first round warms the caches of both sides and is not counted.
            for _ in range(rounds + 1):
                _day(w.b, w.rng, w.known_b)
                theirs = _pending(w.b)
                w.b.sync().sync()
                _hand_push(raw_b, pg, "bench_limit", theirs)
                _day(w.a, w.rng, w.known_a)
                mine = _pending(w.a)
                start = time.perf_counter()
                pushed = _hand_push(raw_a, pg, "bench_limit", mine)
                middle = time.perf_counter()
                pulled = _hand_pull(pg, "bench_limit", target, theirs)
                limits.append(time.perf_counter() - start)
                limit_push.append(middle - start)
                assert pushed == sum(map(len, mine.values())), (pushed, mine)
                assert pulled == sum(map(len, theirs.values()))
                service = w.a.sync()
                start = time.perf_counter()
                report = service.sync()
                values.append(time.perf_counter() - start)
                reports.append(report)
        finally:
            for connection in (target, raw_a, raw_b, pg):
                connection.close()
        values, limits, limit_push = values[1:], limits[1:], limit_push[1:]
        emit(
            "sync_day",
            run,
            median(values),
            "s",
            median(limits),
            target="≤ 2 s",
            rounds=rounds,
            laptop_employers=len(w.known_a.employers),
            laptop_contact_persons=len(w.known_a.contact_persons),
            pushed=sum(map(len, mine.values())),
            from_other_laptop=sum(map(len, theirs.values())),
            report_pushed=reports[-1].pushed,
            report_pulled=reports[-1].pulled,
            report_conflicts=reports[-1].conflicts,
            samples=[round(v, 3) for v in values],
            limit_samples=[round(v, 3) for v in limits],
            limit_push_p50=round(median(limit_push), 3),
        )


# -- sync_first -------------------------------------------------------------------------


def _open_upgraded(run: Run) -> bytes:
    """The scale's key; the file's schema brought up to date by opening it as the app
    does (once), without the backup the upgrade leaves."""
    from desktop.store.schema import open_database

    key = unlock(run.db)
    backups = run.db.parent / "backups"
    before = set(backups.glob("*")) if backups.exists() else set()
    open_database(run.db, key=key).close()
    if backups.exists():
        for made in set(backups.glob("*")) - before:
            if made.is_dir():
                shutil.rmtree(made)
            else:
                made.unlink()
    return key


def _fill_server(url: str, source: Path, key: bytes) -> dict[str, int]:
    """Scale L's shared part copied into the server with COPY, triggers and foreign keys
    off (as a restore would), then analysed. Rows per table."""
    from desktop.services.sync.tables import SHARED

    raw = raw_connection(source, key)
    pg = _psycopg(url)
    counts: dict[str, int] = {}
    try:
        with pg.transaction(), pg.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            for table_name in _order(SHARED):
                names = ", ".join(c.name for c in _columns(table_name))
                counts[table_name] = 0
                with cursor.copy(f"COPY {table_name} ({names}) FROM STDIN") as copy:
                    for row in raw.execute(f"SELECT {names} FROM {table_name}"):
                        copy.write_row(row)
                        counts[table_name] += 1
        pg.autocommit = True
        pg.execute("ANALYZE")
    finally:
        pg.close()
        raw.close()
    return counts


def _copy_transfer(url: str, target: Path, key: bytes) -> int:
    """The limit of a first sync: each shared table COPY'd out of PostgreSQL and written
    into the laptop's file, one transaction per table."""
    from desktop.services.sync.tables import SHARED

    pg = _psycopg(url)
    raw = raw_connection(target, key)
    moved = 0
    try:
        with pg.cursor() as cursor:
            for table_name in _order(SHARED):
                columns = _columns(table_name)
                select = ", ".join(_as_sqlite(c) for c in columns)
                with cursor.copy(f"COPY (SELECT {select} FROM {table_name}) TO STDOUT") as copy:
                    rows = list(copy.rows())
                raw.execute("BEGIN IMMEDIATE")
                raw.executemany(
                    f"INSERT OR REPLACE INTO {table_name} "
                    f"({', '.join(c.name for c in columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})",
                    rows,
                )
                raw.execute("COMMIT")
                moved += len(rows)
        pg.rollback()
    finally:
        raw.close()
        pg.close()
    return moved


def sync_first(run: Run) -> None:
    from desktop.services import accounts
    from desktop.services.sync import central

    key = _open_upgraded(run)
    with tempfile.TemporaryDirectory(prefix="matchning-sync-") as temp, _server() as server:
        directory = Path(temp)
        url = _new_database(server, "first")
        start = time.perf_counter()
        counts = _fill_server(url, run.db, key)
        fill_s = time.perf_counter() - start
        admin = central.admin_engine(url)
        try:
            limit_laptop = accounts.set_up(
                directory / "limit.sqlite",
                municipality_code=MUNICIPALITY,
                full_name="Gräns Bänksson",
                username="bench_limit",
                password=PASSWORD,
            )
            limit_key = limit_laptop.db.key
            limit_laptop.db.close()
            assert limit_key is not None
            start = time.perf_counter()
            moved = _copy_transfer(url, directory / "limit.sqlite", limit_key)
            limit_s = time.perf_counter() - start

            laptop = _laptop(url, admin, directory, "nyss", MUNICIPALITY)
            calls = 0

            def progress(phase: str, done: int, total: int | None) -> None:
                nonlocal calls
                calls += 1

            try:
                service = laptop.sync()
                start = time.perf_counter()
                report = service.sync(progress)
                value_s = time.perf_counter() - start
            finally:
                laptop.db.close()
        finally:
            admin.dispose()
        emit(
            "sync_first",
            run,
            value_s,
            "s",
            limit_s,
            target="≤ 60 s and ratio ≤ 3",
            rows=moved,
            pulled=report.pulled,
            mended=report.mended,
            progress_calls=calls,
            server_fill_s=round(fill_s, 1),
            tables=counts,
        )


# -- sync_background --------------------------------------------------------------------

# Another process (no share of this one's interpreter lock) changing rows on the server
# as the other laptops would, a few hundred a second, until it is stopped.
_FEEDER = """
import sys, time, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as pg:
    while True:
        pg.execute(
            "UPDATE employers SET notes = 'Från servern ' || now()::text, "
            "version = version + 1, updated_at = now() AT TIME ZONE 'UTC' "
            "WHERE id IN (SELECT id FROM employers ORDER BY random() LIMIT 100)")
        pg.execute(
            "UPDATE contact_persons SET phone = '08-' || (random() * 1e7)::int, "
            "version = version + 1, updated_at = now() AT TIME ZONE 'UTC' "
            "WHERE id IN (SELECT id FROM contact_persons ORDER BY random() LIMIT 100)")
        time.sleep(0.5)
"""


def _list_calls(laptop: _Laptop, prefixes: list[str]) -> list[float]:
    """Milliseconds per call: the person list's first page, then a search per prefix."""
    from desktop.services.persons import PersonQuery, PersonService

    service = PersonService(laptop.db, laptop.actor)
    times: list[float] = []
    for query in (q for prefix in prefixes for q in (PersonQuery(), PersonQuery(text=prefix))):
        times.append(timed(lambda q=query: service.page(q)))  # type: ignore[misc]
    return times


@contextmanager
def _syncing(laptop: _Laptop) -> Iterator[list[int]]:
    """Syncs of the laptop one after another while the block runs, each as the app runs
    it (a child process of its own at low priority, waited on by a thread here); gives
    [syncs, rows pulled], filled in when the block ends."""
    stop = threading.Event()
    done = [0, 0]

    def loop() -> None:
        while not stop.is_set():
            done[1] += laptop.sync().sync(separate_process=True).pulled
            done[0] += 1

    thread = threading.Thread(target=loop)
    thread.start()
    try:
        yield done
    finally:
        stop.set()
        thread.join()


def sync_background(run: Run) -> None:
    with tempfile.TemporaryDirectory(prefix="matchning-sync-") as temp, _pair(Path(temp)) as w:
        raw = raw_connection(w.a.path, w.a.key)
        try:
            names = [r[0] for r in raw.execute("SELECT last_name FROM persons")]
        finally:
            raw.close()
        rng = random.Random(2)
        prefixes = [
            name[:length] for name in rng.sample(names, 20) for length in (1, 2, 3, 5, 8)
        ] * 3
        _list_calls(w.a, prefixes[:20])  # caches warm for both
        limit_ms: list[float] = []
        value_ms: list[float] = []
        syncs = 0
        pulled = 0
        address = w.url.replace("postgresql+psycopg://", "postgresql://")
        feeder = subprocess.Popen([PYTHON, "-c", _FEEDER, address])
        try:
            for _ in range(max(3, run.repeat)):
                limit_ms += _list_calls(w.a, prefixes)
                with _syncing(w.a) as done:
                    time.sleep(0.2)  # into the sync's stride
                    # A sync in a child process is mostly the child's start (about a
                    # second of imports, at low priority) and then the sync itself:
                    # the calls go on until two whole syncs have ended, so both parts
                    # are measured as often as they occur.
                    while done[0] < 2:
                        value_ms += _list_calls(w.a, prefixes)
                syncs += done[0]
                pulled += done[1]
        finally:
            feeder.terminate()
            feeder.wait()
        emit(
            "sync_background",
            run,
            statistics.fmean(value_ms),
            "ms",
            statistics.fmean(limit_ms),
            target="ratio ≤ 1.10",
            calls=len(value_ms),
            p50=round(percentile(value_ms, 0.5), 3),
            limit_p50=round(percentile(limit_ms, 0.5), 3),
            p95=round(percentile(value_ms, 0.95), 3),
            limit_p95=round(percentile(limit_ms, 0.95), 3),
            syncs_meanwhile=syncs,
            rows_pulled_meanwhile=pulled,
        )
