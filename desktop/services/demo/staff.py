"""The demo's users: caseworkers and matching agents spread over the five municipalities,
one coordinator and one administrator."""

from __future__ import annotations

import math
from random import Random
from typing import TYPE_CHECKING

from desktop.services.demo.codes import new_id, stamp

if TYPE_CHECKING:
    # Not at run time: the login window reads `usernames` before SQLAlchemy is loaded.
    from desktop.services.demo.context import Context, Staff
    from desktop.services.demo.vocabulary import Vocabulary

ACTIVE_MUNICIPALITIES = ("0126", "0127", "0128", "0138", "0181")
PERSONS_PER_AGENT = 2_000
MIN_AGENTS = 5

USER_COLUMNS = ("id", "username", "full_name", "role", "municipality_code", "active")


def agent_count(persons: int) -> int:
    return max(MIN_AGENTS, math.ceil(persons / PERSONS_PER_AGENT))


def usernames(persons: int) -> list[str]:
    """Every username the demo creates (checked against the database beforehand)."""
    count = agent_count(persons)
    width = max(2, len(str(count)))
    return [f"agent{n:0{width}d}" for n in range(1, count + 1)] + ["samordnare01", "admin01"]


def staff_name(rng: Random, vocab: Vocabulary) -> tuple[str, str]:
    """A first and last name for someone working in Sweden: mostly Swedish names."""
    group = vocab.group["sverige" if rng.random() < 0.65 else vocab.groups.pick(rng)]
    first = rng.choice(group.women_names if rng.random() < 0.6 else group.men_names)
    return first, rng.choice(group.last_names)


def write_staff(ctx: Context, persons: int) -> Staff:
    from desktop.services.demo.context import Staff

    ctx.writer.step("Skapar användare")
    rng = ctx.rng("staff")
    sink = ctx.writer.sink("users", USER_COLUMNS)
    created = stamp(rng, ctx.today - 3 * 365)
    names = usernames(persons)
    agents: list[str] = []
    by_municipality: dict[str, list[str]] = {code: [] for code in ACTIVE_MUNICIPALITIES}
    for index, username in enumerate(names[:-2]):
        municipality = ACTIVE_MUNICIPALITIES[index % len(ACTIVE_MUNICIPALITIES)]
        user_id = new_id(rng)
        first, last = staff_name(rng, ctx.vocab)
        sink.add((user_id, username, f"{first} {last}", "handlaggare", municipality, 1), created)
        agents.append(user_id)
        by_municipality[municipality].append(user_id)
    for username, role in zip(names[-2:], ("samordnare", "administrator"), strict=True):
        first, last = staff_name(rng, ctx.vocab)
        sink.add((new_id(rng), username, f"{first} {last}", role, None, 1), created)
    return Staff(
        agents=tuple(agents),
        by_municipality={code: tuple(ids) for code, ids in by_municipality.items()},
    )
