"""The follow-up figures, one function a section, each counted by SQL aggregates.

Every query is portable SQLAlchemy Core (GROUP BY, CASE, count, sum, min, max, extract):
nothing SQLite-only, so the same runs on the PostgreSQL server. Day counts (intake to
first placement) are taken in Python from the pairs of dates the query returns. What
each figure counts, and which date puts a record in the period: docs/reports.md.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, and_, case, distinct, extract, func, or_, select

from desktop.models import (
    Case,
    Employer,
    EmployerContact,
    LabourMarketForm,
    Municipality,
    Placement,
    Referral,
    ReferralStatusChange,
    User,
    Vacancy,
)
from desktop.models.case import CASE_OUTCOMES
from desktop.models.employer import CONTACT_KINDS, SECTORS
from desktop.models.referral import REFERRAL_STATUSES
from desktop.services import vocabulary
from desktop.services.audit_log import local_midnight_utc
from desktop.services.referral_statuses import STATUS_NAMES
from desktop.services.reports.model import Chart, ReportQuery, Section, Table

_S = TypeVar("_S", bound="Select[*tuple[Any, ...]]")

TOTAL = "Totalt"
NO_AGENT = "(ingen handläggare)"
# The forward steps of a referral, in order (decline and withdrawal end it anywhere).
STAGES = ("foreslagen", "presenterad", "intervju", "erbjuden", "placerad")
# Days from intake to the first placement, in bands: (label, last day of the band).
DAY_BANDS: tuple[tuple[str, int | None], ...] = (
    ("0–30 dagar", 30),
    ("31–90 dagar", 90),
    ("91–180 dagar", 180),
    ("181–365 dagar", 365),
    ("Mer än 365 dagar", None),
)
# Outcomes that are work (also subsidised) or studies, for the note under the outcomes.
PLURAL = {"offentlig": "offentliga", "privat": "privata", "ideburen": "idéburna"}
WORK_OUTCOMES = ("anstallning", "nystartsjobb", "introduktionsjobb", "extratjanst", "lonebidrag")


@dataclass(frozen=True)
class Context:
    """What every section's queries need: the period, the scope and the names."""

    query: ReportQuery
    municipalities: dict[str, str]  # code -> name, every municipality
    users: dict[Any, str]  # user id -> full name, every user
    # Counts one section reads and another shows too (contacted employers by sector).
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def start(self) -> dt.date:
        return self.query.start

    @property
    def end(self) -> dt.date:
        return self.query.end

    @property
    def moment_from(self) -> dt.datetime:
        """The period's first moment in Sweden, in UTC (for timestamp columns)."""
        return local_midnight_utc(self.query.start)

    @property
    def moment_to(self) -> dt.datetime:
        """The moment after the period's last day ends in Sweden, in UTC."""
        return local_midnight_utc(self.query.end + dt.timedelta(days=1))


def percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def share(part: int, whole: int) -> str:
    """A percentage as Swedish text writes it: "59,4 %"."""
    return f"{percent(part, whole):.1f} %".replace(".", ",")


def _int(value: object) -> int:
    return int(value) if isinstance(value, int | float | str) else 0


# Scope -----------------------------------------------------------------------------------------


def _case_scope(statement: _S, query: ReportQuery) -> _S:
    if query.municipality_code is not None:
        statement = statement.where(Case.municipality_code == query.municipality_code)
    if query.agent_id is not None:
        statement = statement.where(Case.agent_id == query.agent_id)
    return statement


# Cases -----------------------------------------------------------------------------------------


def cases(connection: Connection, ctx: Context) -> Section:
    """New, active, closed and still open cases per municipality; new ones per month."""
    start, end = ctx.start, ctx.end
    statement = _case_scope(
        select(
            Case.municipality_code,
            func.sum(case((Case.opened_on >= start, 1), else_=0)),
            func.count(),
            func.sum(case((Case.closed_on <= end, 1), else_=0)),
            func.sum(case((or_(Case.closed_on.is_(None), Case.closed_on > end), 1), else_=0)),
        )
        .where(Case.opened_on <= end, or_(Case.closed_on.is_(None), Case.closed_on >= start))
        .group_by(Case.municipality_code),
        ctx.query,
    )
    counted = {row[0]: tuple(_int(v) for v in row[1:]) for row in connection.execute(statement)}
    if ctx.query.municipality_code is not None:
        codes = [ctx.query.municipality_code]
    else:
        codes = sorted(counted, key=lambda code: ctx.municipalities.get(code, code))
    rows: list[tuple[object, ...]] = [
        (ctx.municipalities.get(code, code), *counted.get(code, (0, 0, 0, 0))) for code in codes
    ]
    if len(rows) > 1:
        rows.append((TOTAL, *(sum(_int(row[i]) for row in rows) for i in range(1, 5))))
    table = Table(
        "Ärenden",
        ("Kommun", "Nya", "Aktiva under perioden", "Avslutade", "Öppna vid periodens slut"),
        tuple(rows),
    )
    year = extract("year", Case.opened_on)
    month = extract("month", Case.opened_on)
    monthly = _case_scope(
        select(year, month, func.count())
        .where(Case.opened_on >= start, Case.opened_on <= end)
        .group_by(year, month),
        ctx.query,
    )
    per_month = {(int(y), int(m)): int(n) for y, m, n in connection.execute(monthly)}
    return Section(
        "nya_arenden",
        "Nya och aktiva ärenden",
        table,
        _per_month_chart("Nya ärenden", per_month, start, end, "ärenden"),
        note="Nya: inskrivna under perioden. Aktiva: öppna någon gång under perioden. "
        "Avslutade: avslutade under perioden.",
    )


def _per_month_chart(
    title: str, counts: dict[tuple[int, int], int], start: dt.date, end: dt.date, unit: str
) -> Chart:
    """One bar a month, or a year when the period is longer than two years."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months > 24:
        years = range(start.year, end.year + 1)
        totals = {y: sum(n for (year, _), n in counts.items() if year == y) for y in years}
        return Chart(f"{title} per år", tuple(map(str, years)), tuple(totals.values()), unit)
    labels, values = [], []
    year, month = start.year, start.month
    for _ in range(months):
        labels.append(f"{year}-{month:02d}")
        values.append(float(counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Chart(f"{title} per månad", tuple(labels), tuple(values), unit)


def outcomes(connection: Connection, ctx: Context) -> Section:
    statement = _case_scope(
        select(Case.outcome, func.count())
        .where(Case.closed_on >= ctx.start, Case.closed_on <= ctx.end)
        .group_by(Case.outcome),
        ctx.query,
    )
    counted = {row[0]: int(row[1]) for row in connection.execute(statement)}
    total = sum(counted.values())
    codes: list[str | None] = list(CASE_OUTCOMES)
    if counted.get(None):
        codes.append(None)  # closed without an outcome (older records)
    rows = tuple(
        (
            vocabulary.OUTCOME.get(code, "Uppgift saknas") if code else "Uppgift saknas",
            counted.get(code, 0),
            percent(counted.get(code, 0), total),
        )
        for code in codes
    )
    work = sum(counted.get(code, 0) for code in WORK_OUTCOMES)
    studies = counted.get("studier", 0)
    note = (
        f"{total} ärenden avslutades under perioden, {work} av dem ({share(work, total)}) "
        f"till arbete (också subventionerat) och {studies} ({share(studies, total)}) "
        "till studier."
        if total
        else "Inga ärenden avslutades under perioden."
    )
    return Section(
        "avslut",
        "Avslutade ärenden efter utfall",
        Table("Avslutade ärenden", ("Utfall", "Antal", "Andel (%)"), rows),
        Chart(
            "Avslutade ärenden efter utfall",
            tuple(str(row[0]) for row in rows),
            tuple(float(row[1]) for row in rows),
            "ärenden",
        ),
        note=note,
    )


def days_to_placement(connection: Connection, ctx: Context) -> tuple[Section, list[int]]:
    """The days from intake to the first placement of each case whose first placement
    started in the period; the median and the bands."""
    # Each case's first placement, read in case order from (case_id, start_date) alone.
    earliest = func.min(Placement.start_date)
    first = (
        select(Placement.case_id.label("case_id"), earliest.label("started"))
        .where(Placement.case_id.is_not(None))
        .group_by(Placement.case_id)
        .having(and_(earliest >= ctx.start, earliest <= ctx.end))
        .subquery()
    )
    statement = _case_scope(
        select(Case.opened_on, first.c.started).join(first, first.c.case_id == Case.id),
        ctx.query,
    )
    days = sorted(
        max(0, (_as_date(started) - _as_date(opened)).days)
        for opened, started in connection.execute(statement)
    )
    counts = [0] * len(DAY_BANDS)
    for value in days:
        for index, (_, last) in enumerate(DAY_BANDS):
            if last is None or value <= last:
                counts[index] += 1
                break
    rows = tuple(
        (label, count, percent(count, len(days)))
        for (label, _), count in zip(DAY_BANDS, counts, strict=True)
    )
    if days:
        median = statistics.median(days)
        shown = f"{median:g}".replace(".", ",")
        note = f"Median {shown} dagar (n = {len(days)})."
    else:
        note = "Inget ärende fick sin första placering under perioden."
    section = Section(
        "tid_till_placering",
        "Tid från inskrivning till första placering",
        Table("Tid till första placering", ("Tid", "Ärenden", "Andel (%)"), rows),
        Chart(
            "Tid från inskrivning till första placering",
            tuple(label for label, _ in DAY_BANDS),
            tuple(float(c) for c in counts),
            "ärenden",
        ),
        note=note,
    )
    return section, days


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))  # a bare aggregate on SQLite comes back as text


def placements(connection: Connection, ctx: Context, forms: Sequence[tuple[str, str]]) -> Section:
    statement = (
        select(Placement.form_code, func.count(), func.count(distinct(Placement.person_id)))
        .where(Placement.start_date >= ctx.start, Placement.start_date <= ctx.end)
        .group_by(Placement.form_code)
    )
    if ctx.query.municipality_code is not None or ctx.query.agent_id is not None:
        statement = _case_scope(statement.join(Case, Case.id == Placement.case_id), ctx.query)
    counted = {row[0]: (int(row[1]), int(row[2])) for row in connection.execute(statement)}
    rows = tuple((name, *counted.get(code, (0, 0))) for code, name in forms)
    return Section(
        "placeringar",
        "Placeringar efter form",
        Table("Placeringar som började under perioden", ("Form", "Placeringar", "Personer"), rows),
        Chart(
            "Placeringar efter form",
            tuple(str(row[0]) for row in rows),
            tuple(float(_int(row[1])) for row in rows),
            "placeringar",
        ),
        note=(
            f"{sum(n for n, _ in counted.values())} placeringar började under perioden. "
            "En person med placeringar i flera former räknas i varje form."
        ),
    )


# Referrals -------------------------------------------------------------------------------------


def _referral_cohort(statement: _S, ctx: Context) -> _S:
    """Referrals proposed in the period, in the scope (the case's municipality)."""
    statement = statement.where(
        Referral.created_at >= ctx.moment_from, Referral.created_at < ctx.moment_to
    )
    if ctx.query.municipality_code is not None:
        statement = statement.join(Case, Case.id == Referral.case_id).where(
            Case.municipality_code == ctx.query.municipality_code
        )
    if ctx.query.agent_id is not None:
        statement = statement.where(Referral.agent_id == ctx.query.agent_id)
    return statement


def referral_status(connection: Connection, ctx: Context) -> Section:
    statement = _referral_cohort(
        select(Referral.status, func.count()).select_from(Referral).group_by(Referral.status), ctx
    )
    counted = {row[0]: int(row[1]) for row in connection.execute(statement)}
    total = sum(counted.values())
    rows = tuple(
        (STATUS_NAMES[status], counted.get(status, 0), percent(counted.get(status, 0), total))
        for status in REFERRAL_STATUSES
    )
    return Section(
        "anvisningar",
        "Anvisningar efter status",
        Table("Anvisningar gjorda under perioden", ("Status nu", "Antal", "Andel (%)"), rows),
        Chart(
            "Anvisningar efter status",
            tuple(str(row[0]) for row in rows),
            tuple(float(_int(row[1])) for row in rows),
            "anvisningar",
        ),
        note=f"{total} kandidater föreslogs under perioden; status när rapporten togs fram.",
    )


def conversion(connection: Connection, ctx: Context) -> Section:
    """How far the referrals proposed in the period got: the furthest forward step in
    each one's history (a skipped step counts as passed; an undone placement does not)."""
    rank = case(
        (
            and_(ReferralStatusChange.to_status == "placerad", Referral.status != "placerad"),
            0,
        ),
        *((ReferralStatusChange.to_status == s, i + 1) for i, s in enumerate(STAGES)),
        else_=0,
    )
    furthest = _referral_cohort(
        select(func.max(rank).label("furthest"))
        .select_from(Referral)
        .join(ReferralStatusChange, ReferralStatusChange.referral_id == Referral.id)
        .group_by(ReferralStatusChange.referral_id),
        ctx,
    ).subquery()
    statement = select(furthest.c.furthest, func.count()).group_by(furthest.c.furthest)
    at = {int(row[0] or 0): int(row[1]) for row in connection.execute(statement)}
    reached = [sum(n for step, n in at.items() if step >= i + 1) for i in range(len(STAGES))]
    rows: list[tuple[object, ...]] = []
    for i, status in enumerate(STAGES):
        before = reached[i - 1] if i else reached[0]
        rows.append(
            (
                STATUS_NAMES[status],
                reached[i],
                percent(reached[i], before),
                percent(reached[i], reached[0]),
            )
        )
    if reached[0]:
        note = (
            f"Av {reached[0]} föreslagna kandidater blev {reached[-1]} placerade "
            f"({share(reached[-1], reached[0])}). Ett steg som hoppades över räknas som "
            "passerat; en ångrad placering räknas inte."
        )
    else:
        note = "Inga kandidater föreslogs under perioden."
    return Section(
        "konvertering",
        "Från förslag till placering",
        Table(
            "Anvisningar som nått steget",
            ("Steg", "Anvisningar", "Andel av föregående steg (%)", "Andel av föreslagna (%)"),
            tuple(rows),
        ),
        Chart(
            "Anvisningar som nått steget",
            tuple(STATUS_NAMES[s] for s in STAGES),
            tuple(float(n) for n in reached),
            "anvisningar",
        ),
        note=note,
    )


# Employers -------------------------------------------------------------------------------------


def _contact_scope(statement: _S, ctx: Context) -> _S:
    """Contacts in the period, by the agent who logged them (and the agent's municipality)."""
    statement = statement.where(
        EmployerContact.contact_date >= ctx.start, EmployerContact.contact_date <= ctx.end
    )
    if ctx.query.municipality_code is not None:
        statement = statement.join(User, User.id == EmployerContact.agent_id).where(
            User.municipality_code == ctx.query.municipality_code
        )
    if ctx.query.agent_id is not None:
        statement = statement.where(EmployerContact.agent_id == ctx.query.agent_id)
    return statement


def contacts(connection: Connection, ctx: Context) -> Section:
    statement = _contact_scope(
        select(EmployerContact.agent_id, EmployerContact.kind, func.count())
        .select_from(EmployerContact)
        .group_by(EmployerContact.agent_id, EmployerContact.kind),
        ctx,
    )
    per_agent: dict[str, dict[str, int]] = {}
    for agent_id, kind, count in connection.execute(statement):
        name = ctx.users.get(agent_id, NO_AGENT) if agent_id is not None else NO_AGENT
        kinds = per_agent.setdefault(name, {})
        kinds[kind] = kinds.get(kind, 0) + int(count)
    rows: list[tuple[object, ...]] = []
    for name in sorted(per_agent, key=str.casefold):
        kinds = per_agent[name]
        rows.append((name, *(kinds.get(k, 0) for k in CONTACT_KINDS), sum(kinds.values())))
    totals = [sum(kinds.get(k, 0) for kinds in per_agent.values()) for k in CONTACT_KINDS]
    rows.append((TOTAL, *totals, sum(totals)))
    # Each employer has one sector: the distinct employers are the sum over the sectors.
    distinct_employers = sum(_contacted_by_sector(connection, ctx).values())
    labels = tuple(vocabulary.CONTACT_KIND[k] for k in CONTACT_KINDS)
    return Section(
        "kontakter",
        "Arbetsgivarkontakter",
        Table("Kontakter per handläggare och typ", ("Handläggare", *labels, TOTAL), tuple(rows)),
        Chart("Kontakter efter typ", labels, tuple(float(n) for n in totals), "kontakter"),
        note=f"{sum(totals)} kontakter med {distinct_employers} arbetsgivare under perioden.",
    )


def _need_scope(statement: _S, ctx: Context) -> _S:
    if ctx.query.municipality_code is not None:
        statement = statement.where(Vacancy.municipality_code == ctx.query.municipality_code)
    if ctx.query.agent_id is not None:
        statement = statement.where(Vacancy.agent_id == ctx.query.agent_id)
    return statement


def needs(connection: Connection, ctx: Context, forms: Sequence[tuple[str, str]]) -> Section:
    opened = _need_scope(
        select(Vacancy.form_code, func.count(), func.sum(Vacancy.positions))
        .where(Vacancy.created_at >= ctx.moment_from, Vacancy.created_at < ctx.moment_to)
        .group_by(Vacancy.form_code),
        ctx,
    )
    new = {row[0]: (int(row[1]), _int(row[2])) for row in connection.execute(opened)}
    filled_statement = _need_scope(
        select(Vacancy.form_code, func.count())
        .select_from(Placement)
        .join(Vacancy, Vacancy.id == Placement.vacancy_id)
        .where(Placement.start_date >= ctx.start, Placement.start_date <= ctx.end)
        .group_by(Vacancy.form_code),
        ctx,
    )
    filled = {row[0]: int(row[1]) for row in connection.execute(filled_statement)}
    rows = tuple((name, *new.get(code, (0, 0)), filled.get(code, 0)) for code, name in forms)
    opened_total = sum(n for n, _ in new.values())
    positions = sum(p for _, p in new.values())
    return Section(
        "behov",
        "Rekryteringsbehov",
        Table(
            "Behov som öppnades och platser som tillsattes",
            ("Form", "Nya behov", "Platser i nya behov", "Tillsatta platser"),
            rows,
        ),
        Chart(
            "Nya behov efter form",
            tuple(str(row[0]) for row in rows),
            tuple(float(_int(row[1])) for row in rows),
            "behov",
        ),
        note=f"{opened_total} behov med {positions} platser registrerades under perioden; "
        f"{sum(filled.values())} platser tillsattes (placeringar mot ett behov som började "
        "under perioden, oavsett när behovet registrerades).",
    )


def _contacted_by_sector(connection: Connection, ctx: Context) -> dict[str, int]:
    """Distinct employers contacted in the period, per sector (read once a report)."""
    found: dict[str, int] | None = ctx.shared.get("contacted")
    if found is None:
        contacted = _contact_scope(select(EmployerContact.employer_id), ctx)
        found = _employers_by_sector(connection, contacted)
        ctx.shared["contacted"] = found
    return found


def _employers_by_sector(connection: Connection, ids: Select[Any]) -> dict[str, int]:
    """Employers per sector among those whose id the subquery gives (each once)."""
    statement = (
        select(Employer.sector, func.count())
        .where(Employer.id.in_(ids.scalar_subquery()))
        .group_by(Employer.sector)
    )
    return {row[0]: int(row[1]) for row in connection.execute(statement)}


def sectors(connection: Connection, ctx: Context) -> Section:
    with_needs = _need_scope(
        select(Vacancy.employer_id).where(
            Vacancy.created_at >= ctx.moment_from, Vacancy.created_at < ctx.moment_to
        ),
        ctx,
    )
    placed = select(Placement.employer_id).where(
        Placement.start_date >= ctx.start, Placement.start_date <= ctx.end
    )
    if ctx.query.municipality_code is not None or ctx.query.agent_id is not None:
        placed = _case_scope(placed.join(Case, Case.id == Placement.case_id), ctx.query)
    registered = select(Employer.sector, func.count()).group_by(Employer.sector)
    if ctx.query.municipality_code is not None:
        registered = registered.where(Employer.municipality_code == ctx.query.municipality_code)
    columns = [
        _contacted_by_sector(connection, ctx),
        _employers_by_sector(connection, with_needs),
        _employers_by_sector(connection, placed),
        {row[0]: int(row[1]) for row in connection.execute(registered)},
    ]
    rows = tuple(
        (vocabulary.SECTOR[sector], *(column.get(sector, 0) for column in columns[:3]))
        for sector in SECTORS
    )
    in_register = ", ".join(f"{columns[3].get(s, 0)} {PLURAL[s]}" for s in SECTORS)
    where = "i kommunen" if ctx.query.municipality_code is not None else "i registret"
    return Section(
        "sektorer",
        "Arbetsgivare efter sektor",
        Table(
            "Arbetsgivare under perioden",
            ("Sektor", "Kontaktade", "Med nya behov", "Med placeringar"),
            rows,
        ),
        Chart(
            "Kontaktade arbetsgivare efter sektor",
            tuple(str(row[0]) for row in rows),
            tuple(float(_int(row[1])) for row in rows),
            "arbetsgivare",
        ),
        note=f"Arbetsgivare {where} i dag: {in_register}.",
    )


# Reference names -------------------------------------------------------------------------------


def municipality_names(connection: Connection) -> dict[str, str]:
    return dict(connection.execute(select(Municipality.code, Municipality.name)).all())


def user_names(connection: Connection) -> dict[Any, str]:
    return dict(connection.execute(select(User.id, User.full_name)).all())


def form_names(connection: Connection) -> list[tuple[str, str]]:
    statement = select(LabourMarketForm.code, LabourMarketForm.name_sv).order_by(
        LabourMarketForm.sort_order, LabourMarketForm.code
    )
    return [(code, name) for code, name in connection.execute(statement)]


SectionStep = Callable[[Connection, Context], Section]
