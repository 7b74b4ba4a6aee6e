"""Cases, consents, journal notes and follow-ups of the generated persons."""

from __future__ import annotations

import bisect
import itertools
from random import Random

from desktop.services.demo.codes import iso, new_id, stamp
from desktop.services.demo.context import CaseRecord, Context, PersonRecord, Staff
from desktop.services.demo.vocabulary import Vocabulary, Weighted
from desktop.services.demo.writer import TableSink

CASE_COLUMNS = (
    "id",
    "person_id",
    "municipality_code",
    "agent_id",
    "status",
    "opened_on",
    "closed_on",
    "outcome",
    "referred_by",
)
CONSENT_COLUMNS = (
    "id",
    "person_id",
    "kind",
    "legal_basis",
    "given_on",
    "method",
    "recorded_by_id",
    "withdrawn_on",
    "note",
)
NOTE_COLUMNS = ("id", "case_id", "author_id", "note_date", "kind", "text")
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

PROCESSING_BASIS = "Uppgift av allmänt intresse (art. 6.1 e dataskyddsförordningen)"
SHARING_BASIS = "Samtycke (art. 6.1 a dataskyddsförordningen)"
SHARING_SHARE = 0.8
WITHDRAWN_SHARE = 0.03
CONSENT_METHODS = Weighted.of({"muntligt": 40, "skriftligt": 45, "digitalt": 15})
NOTE_KINDS = Weighted.of({"samtal": 40, "telefon": 25, "mote": 20, "ovrigt": 15})


def write_cases(ctx: Context, staff: Staff, persons: list[PersonRecord], notes: int) -> None:
    ctx.writer.step("Skapar ärenden och journalanteckningar")
    rng = ctx.rng("cases")
    writer = ctx.writer
    cases = writer.sink("cases", CASE_COLUMNS)
    consents = writer.sink("consents", CONSENT_COLUMNS)
    note_sink = writer.sink("case_notes", NOTE_COLUMNS)
    tasks = writer.sink("tasks", TASK_COLUMNS)
    for person in persons:
        for case in person.cases:
            row = (
                *(case.id, person.id, case.municipality, case.agent, case.status),
                *(iso(case.opened), None if case.closed is None else iso(case.closed)),
                *(case.outcome, case.referred_by),
            )
            cases.add(row, stamp(rng, case.opened))
        _consents(ctx, rng, consents, person)
        _task(ctx, rng, tasks, person.current)
    _notes(ctx, rng=rng, staff=staff, sink=note_sink, persons=persons, count=notes)


def _consents(ctx: Context, rng: Random, sink: TableSink, person: PersonRecord) -> None:
    """Processing is recorded at the first intake; most also agree to have their profile
    shown to employers, and a few later withdraw that."""
    first = person.cases[0]
    notes = ctx.vocab.consent_notes
    note = rng.choice(notes) if rng.random() < 0.3 else None
    row = (
        *(new_id(rng), person.id, "behandling", PROCESSING_BASIS, iso(first.opened)),
        *(CONSENT_METHODS.pick(rng), first.agent, None, note),
    )
    sink.add(row, person.stamp)
    if rng.random() >= SHARING_SHARE:
        return
    current = person.current
    given = min(ctx.today, current.opened + rng.randint(0, 14))
    withdrawn = rng.randint(given, ctx.today) if rng.random() < WITHDRAWN_SHARE else None
    sharing = (
        *(new_id(rng), person.id, "dela_profil", SHARING_BASIS, iso(given)),
        *(CONSENT_METHODS.pick(rng), current.agent, None if withdrawn is None else iso(withdrawn)),
        None,
    )
    sink.add(sharing, stamp(rng, given))
    person.shares_profile = withdrawn is None


def _task(ctx: Context, rng: Random, sink: TableSink, case: CaseRecord) -> None:
    """A follow-up on some open cases, due before, on and after today; a few done ones on
    closed cases."""
    today = ctx.today
    if case.status == "avslutad":
        if case.closed is None or rng.random() >= 0.1:
            return
        due = rng.randint(case.opened, case.closed)
    else:
        if rng.random() >= 0.4:
            return
        due = (
            today if rng.random() < 0.12 else rng.randint(max(case.opened, today - 30), today + 45)
        )
    done_at = None
    if due < today and (case.status == "avslutad" or rng.random() < 0.5):
        done_at = stamp(rng, min(today, due + rng.randint(0, 3)))
    created = min(today, max(case.opened, due - rng.randint(3, 30)))
    vocab = ctx.vocab
    description = rng.choice(vocab.note_next_steps) if rng.random() < 0.3 else None
    row = (
        *(new_id(rng), case.id, None, case.agent, rng.choice(vocab.case_task_titles)),
        *(description, iso(due), done_at),
    )
    sink.add(row, stamp(rng, created))


def _notes(
    ctx: Context,
    *,
    rng: Random,
    staff: Staff,
    sink: TableSink,
    persons: list[PersonRecord],
    count: int,
) -> None:
    """Journal notes spread over all cases in proportion to how long each has run."""
    if count == 0:
        return
    today = ctx.today
    cases = [case for person in persons for case in person.cases]
    cumulative = list(
        itertools.accumulate(
            (today if c.closed is None else c.closed) - c.opened + 14 for c in cases
        )
    )
    total = cumulative[-1]
    last = len(cases) - 1
    for _ in range(count):
        case = cases[min(last, bisect.bisect_right(cumulative, rng.random() * total))]
        end = today if case.closed is None else case.closed
        day = rng.randint(case.opened, end)
        kind = NOTE_KINDS.pick(rng)
        author = case.agent if rng.random() < 0.85 else rng.choice(staff.agents)
        row = (new_id(rng), case.id, author, iso(day), kind, note_text(rng, ctx.vocab, kind))
        sink.add(row, stamp(rng, day))


def note_text(rng: Random, vocab: Vocabulary, kind: str) -> str:
    """A journal entry put together from generic sentences; it never names anyone."""
    parts = [rng.choice(vocab.note_openers[kind]), rng.choice(vocab.note_topics)]
    if rng.random() < 0.6:
        parts.append(rng.choice(vocab.note_observations))
    if rng.random() < 0.6:
        parts.append(rng.choice(vocab.note_next_steps))
    return " ".join(parts)
