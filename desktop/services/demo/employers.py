"""Employers, their workplaces and people, the log of contacts with them, follow-ups."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Callable

from desktop.models.employer import employer_sort_key
from desktop.services.demo.codes import (
    iso,
    landline_number,
    mobile_number,
    new_id,
    organisation_number,
    sole_trader_number,
    stamp,
)
from desktop.services.demo.context import Context, EmployerRecord, Staff
from desktop.services.demo.staff import staff_name
from desktop.services.demo.text import (
    WEB_DOMAIN,
    address,
    city_in,
    company_slug,
    email_address,
    genitive,
)
from desktop.services.demo.vocabulary import Industry, Weighted

EMPLOYER_COLUMNS = (
    "id",
    "org_number",
    "name",
    "sort_key",
    "sector",
    "industry_code",
    "industry_name",
    "municipality_code",
    "website",
    "responsible_agent_id",
    "relationship_status",
    "notes",
    "last_contact_on",
)
WORKPLACE_COLUMNS = (
    "id",
    "employer_id",
    "name",
    "street_address",
    "postal_code",
    "city",
    "municipality_code",
)
CONTACT_PERSON_COLUMNS = ("id", "employer_id", "name", "role", "phone", "email", "active")
CONTACT_COLUMNS = (
    "id",
    "employer_id",
    "agent_id",
    "kind",
    "contact_date",
    "participants",
    "summary",
    "outcome",
    "next_step",
)
TASK_COLUMNS = (
    "id",
    "case_id",
    "employer_id",
    "assignee_id",
    "title",
    "description",
    "due_date",
    "done_at",
)

STATUSES = Weighted.of({"aktiv": 50, "prospekt": 30, "vilande": 20})
# How contacts spread over employers: the active ones are visited most.
CONTACT_WEIGHTS = {"aktiv": 6.0, "vilande": 2.0, "prospekt": 0.6}
CONTACT_KINDS = Weighted.of({"besok": 30, "telefon": 30, "epost": 20, "mote": 15, "event": 5})
PUBLIC_SHARE = 0.06
NONPROFIT_SHARE = 0.09
CONTACT_HISTORY_DAYS = 730
# Organisationsnummer prefixes: the first digit is the legal form (see codes.py).
PUBLIC_PREFIX = "212"
COMPANY_PREFIXES = ("556", "559")
PARTNERSHIP_PREFIXES = ("969", "916")
NONPROFIT_PREFIX = {"ideell": "802", "ekonomisk": "769"}
# A sole trader's number is the owner's personnummer: an adult born in these years.
SOLE_TRADER_BIRTHS = (dt.date(1955, 1, 1).toordinal(), dt.date(2000, 12, 31).toordinal())


class EmployerFactory:
    def __init__(self, ctx: Context, staff: Staff) -> None:
        self.ctx = ctx
        self.vocab = ctx.vocab
        self.today = ctx.today
        self.staff = staff
        self.rng = ctx.rng("employers")
        writer = ctx.writer
        self.employers = writer.sink("employers", EMPLOYER_COLUMNS)
        self.workplaces = writer.sink("workplaces", WORKPLACE_COLUMNS)
        self.contact_persons = writer.sink("contact_persons", CONTACT_PERSON_COLUMNS)
        self.contacts = writer.sink("employer_contacts", CONTACT_COLUMNS)
        self.tasks = writer.sink("tasks", TASK_COLUMNS)
        self.numbers: set[str] = set()

    def make_all(self, count: int, contacts: int) -> list[EmployerRecord]:
        statuses = [STATUSES.pick(self.rng) for _ in range(count)]
        per_employer = self._spread(statuses, contacts)
        return [self.make(status, n) for status, n in zip(statuses, per_employer, strict=True)]

    def _spread(self, statuses: list[str], contacts: int) -> list[int]:
        counts = [0] * len(statuses)
        if not statuses:
            return counts
        cumulative = list(itertools.accumulate(CONTACT_WEIGHTS[s] for s in statuses))
        total, last = cumulative[-1], len(statuses) - 1
        for _ in range(contacts):
            counts[min(last, bisect.bisect_right(cumulative, self.rng.random() * total))] += 1
        return counts

    def make(self, status: str, contacts: int) -> EmployerRecord:
        rng, today = self.rng, self.today
        sector, industry, name, org_number, municipality = self._identity()
        dates = sorted(self._contact_date(status) for _ in range(contacts))
        first_known = dates[0] if dates else today - rng.randint(0, CONTACT_HISTORY_DAYS)
        record = EmployerRecord(
            id=new_id(rng),
            name=name,
            sector=sector,
            industry=industry,
            municipality=municipality,
            agent=self.staff.agent_for(rng, municipality),
            status=status,
            created=max(0, first_known - rng.randint(0, 90)),
        )
        created = stamp(rng, record.created)
        slug = company_slug(name)
        website = f"https://{slug}.{WEB_DOMAIN}" if rng.random() < 0.6 else None
        notes = rng.choice(self.vocab.contact_outcomes) if rng.random() < 0.2 else None
        row = (
            *(record.id, org_number, name, employer_sort_key(name), sector, industry.sni),
            *(industry.sni_name, municipality, website, record.agent, status, notes),
            None if not dates else iso(dates[-1]),
        )
        self.employers.add(row, created)
        self._workplaces(record, created)
        roles = self._contact_persons(record, slug, created)
        self._contacts(record, dates, roles)
        self._task(record)
        return record

    # Who the employer is

    def _identity(self) -> tuple[str, Industry, str, str, str]:
        draw = self.rng.random()
        if draw < PUBLIC_SHARE:
            return self._public()
        if draw < PUBLIC_SHARE + NONPROFIT_SHARE:
            return self._nonprofit()
        return self._private()

    def _public(self) -> tuple[str, Industry, str, str, str]:
        """A unit of one of the municipalities: 'Botkyrka kommun, Vård- och
        omsorgsförvaltningen, Äldreboendet Solgården'."""
        rng, vocab = self.rng, self.vocab
        unit = vocab.public_unit[vocab.public_units.pick(rng)]
        municipality = vocab.person_municipalities.pick(rng)
        kommun = self.ctx.municipality_names[municipality]
        name = f"{kommun} kommun, {unit.administration}, {self._fill(unit.pattern, municipality)}"
        number = self._unique(lambda: organisation_number(rng, PUBLIC_PREFIX))
        return "offentlig", unit, name, number, municipality

    def _nonprofit(self) -> tuple[str, Industry, str, str, str]:
        rng, vocab = self.rng, self.vocab
        kind = vocab.nonprofit[vocab.nonprofits.pick(rng)]
        municipality = vocab.person_municipalities.pick(rng)
        prefix = NONPROFIT_PREFIX[kind.form]
        number = self._unique(lambda: organisation_number(rng, prefix))
        return "ideburen", kind, self._fill(kind.pattern, municipality), number, municipality

    def _private(self) -> tuple[str, Industry, str, str, str]:
        """A company named after its place, a made-up brand or its owner, by legal form:
        aktiebolag, handelsbolag or a sole trader under the owner's personnummer."""
        rng, vocab = self.rng, self.vocab
        industry = vocab.industry[vocab.industries.pick(rng)]
        form = rng.choice(industry.forms)
        word = rng.choice(industry.words)
        municipality = vocab.employer_municipalities.pick(rng)
        owner = self._family_name()
        if form == "ef":
            born = dt.date.fromordinal(rng.randint(*SOLE_TRADER_BIRTHS))
            number = self._unique(lambda: sole_trader_number(rng, born))
            return "privat", industry, f"{genitive(owner)} {word}", number, municipality
        if form == "hb":
            name = f"{owner} & {self._family_name()} {word} HB"
            prefix = rng.choice(PARTNERSHIP_PREFIXES)
        else:
            name = f"{self._brand(owner)} {word} AB"
            prefix = rng.choice(COMPANY_PREFIXES)
        number = self._unique(lambda: organisation_number(rng, prefix))
        return "privat", industry, name, number, municipality

    def _brand(self, owner: str) -> str:
        """Half of the companies are named after a place, a quarter after a made-up brand,
        the rest after their owner."""
        rng = self.rng
        style = rng.random()
        if style < 0.5:
            return rng.choice(self.vocab.company_places)
        if style < 0.75:
            return rng.choice(self.vocab.company_prefixes)
        return owner

    def _family_name(self) -> str:
        vocab = self.vocab
        return self.rng.choice(vocab.group[vocab.groups.pick(self.rng)].last_names)

    def _fill(self, pattern: str, municipality: str) -> str:
        rng, vocab = self.rng, self.vocab
        return pattern.format(
            garden=rng.choice(vocab.garden_names),
            area=rng.choice(vocab.area_names),
            place=city_in(rng, vocab, municipality)[0],
        )

    def _unique(self, make: Callable[[], str]) -> str:
        number = make()
        while number in self.numbers:
            number = make()
        self.numbers.add(number)
        return number

    # Its places, people, contacts and follow-ups

    def _workplaces(self, record: EmployerRecord, created: str) -> None:
        rng, vocab = self.rng, self.vocab
        for n in range(2 if rng.random() < 0.3 else 1):
            municipality = (
                record.municipality if n == 0 else vocab.employer_municipalities.pick(rng)
            )
            street, postal, city = address(rng, vocab, municipality)
            name = record.name if n == 0 else f"{record.name}, {city}"
            workplace_id = new_id(rng)
            row = (workplace_id, record.id, name, street, postal, city, municipality)
            self.workplaces.add(row, created)
            record.workplaces.append((workplace_id, municipality))

    def _contact_persons(self, record: EmployerRecord, slug: str, created: str) -> list[str]:
        rng = self.rng
        roles = self.vocab.contact_roles[record.sector]
        chosen: list[str] = []
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            first, last = staff_name(rng, self.vocab)
            role = rng.choice(roles)
            phone = mobile_number(rng) if rng.random() < 0.7 else landline_number(rng)
            email = email_address(rng, first, last, f"{slug}.{WEB_DOMAIN}")
            active = int(rng.random() < 0.9)
            row = (new_id(rng), record.id, f"{first} {last}", role, phone, email, active)
            self.contact_persons.add(row, created)
            chosen.append(role)
        return chosen

    def _contact_date(self, status: str) -> int:
        newest = self.today - 180 if status == "vilande" else self.today
        return self.rng.randint(self.today - CONTACT_HISTORY_DAYS, newest)

    def _contacts(self, record: EmployerRecord, dates: list[int], roles: list[str]) -> None:
        rng, vocab = self.rng, self.vocab
        for day in dates:
            kind = CONTACT_KINDS.pick(rng)
            agent = record.agent if rng.random() < 0.85 else rng.choice(self.staff.agents)
            participants = f"Matchningsagent, {rng.choice(roles).lower()}"
            summary = rng.choice(vocab.contact_summaries[kind]).format(area=record.industry.area)
            outcome = rng.choice(vocab.contact_outcomes) if rng.random() < 0.8 else None
            next_step = rng.choice(vocab.contact_next_steps) if rng.random() < 0.75 else None
            row = (
                *(new_id(rng), record.id, agent, kind, iso(day), participants),
                *(summary, outcome, next_step),
            )
            self.contacts.add(row, stamp(rng, day))

    def _task(self, record: EmployerRecord) -> None:
        rng, today = self.rng, self.today
        share = {"aktiv": 0.3, "prospekt": 0.1}.get(record.status, 0.0)
        if rng.random() >= share:
            return
        due = (
            today
            if rng.random() < 0.12
            else rng.randint(max(record.created, today - 20), today + 40)
        )
        done_at = stamp(rng, due) if due < today and rng.random() < 0.5 else None
        created = max(record.created, min(today, due - rng.randint(3, 30)))
        row = (
            *(new_id(rng), None, record.id, record.agent),
            *(rng.choice(self.vocab.employer_task_titles), None, iso(due), done_at),
        )
        self.tasks.add(row, stamp(rng, created))


def write_employers(ctx: Context, staff: Staff, count: int, contacts: int) -> list[EmployerRecord]:
    ctx.writer.step("Skapar arbetsgivare och kontakter")
    return EmployerFactory(ctx, staff).make_all(count, contacts)
