"""Letters for every referral of a need: which can be written now and why not, and
writing them as a batch (laid out on every core, recorded one by one)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Future
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import clock
from desktop.documents import files, referral_letter, templates
from desktop.documents.errors import UnprintableTextError
from desktop.documents.letterhead import Rendered
from desktop.documents.pool import LayoutPool
from desktop.models import Employer, Person, Referral, Vacancy
from desktop.services.documents.base import ConsentRequiredError, DocumentRefusedError
from desktop.services.documents.delivery import _Delivery
from desktop.services.documents.letters import (
    CLOSED_REFERRALS,
    MissingValue,
    ReferralLetters,
    _content,
    _Letter,
    _letter_delivery,
    _letter_file_name,
    _missing,
    _referral_name,
    _unprintable,
)
from desktop.services.documents.merge_values import _BATCH, _preload
from desktop.services.forms import get_or_missing


@dataclass(frozen=True)
class NeedLetter:
    """A current referral of a need, and whether its letter can be written now."""

    referral_id: uuid.UUID
    person_name: str
    status: str  # the referral's status (services/referrals.py STATUS_NAMES)
    file_name: str
    missing: tuple[MissingValue, ...]  # values the template uses that the records lack
    refused: str | None  # why no letter can be written (no consent, characters)
    obstacle: str | None = None  # the same in a few words, for a list

    def ready(self, *, omit_missing: bool) -> bool:
        return self.refused is None and (omit_missing or not self.missing)


@dataclass(frozen=True)
class NeedLetters:
    vacancy_id: uuid.UUID
    title: str  # "Undersköterska, natt – Lindängens Vård AB"
    letters: tuple[NeedLetter, ...]


@dataclass(frozen=True)
class LetterBatch:
    """What a batch of letters did: the files written, who was skipped and why, and
    whether the agent stopped it."""

    written: tuple[Path, ...]
    skipped: tuple[tuple[str, str], ...]  # (the person's name, why)
    cancelled: bool


@dataclass(frozen=True)
class _Refused:
    """A batch's letter the records do not allow now."""

    name: str  # the person's
    reason: str


@dataclass(frozen=True)
class _InLayout:
    """A batch's letter read and handed to the layout pool."""

    letter: _Letter
    text: str
    content: referral_letter.LetterContent
    layout: Future[Rendered]


@dataclass
class _BatchRun:
    """Where a batch of letters is: what it wrote and skipped, and its progress."""

    total: int
    progress: Callable[[int, int], object] | None
    cancelled: Callable[[], bool] | None
    written: list[Path] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    done: int = 0

    def step(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    def outcome(self, *, cancelled: bool) -> LetterBatch:
        return LetterBatch(tuple(self.written), tuple(self.skipped), cancelled=cancelled)


class NeedLetterBatches(ReferralLetters):
    # Letters for every referral of a need ---------------------------------------------------

    def need_letters(self, vacancy_id: uuid.UUID, *, today: dt.date | None = None) -> NeedLetters:
        """The need's current referrals (not declined or withdrawn), each with what its
        letter lacks or why it cannot be written, for the agent to choose from."""
        today = today or clock.today()
        with self._db.read() as session:
            vacancy = get_or_missing(session, Vacancy, vacancy_id, "Behovet")
            employer = session.get_one(Employer, vacancy.employer_id)
            rows = session.execute(
                select(Referral.id, Referral.status, Person.sort_key)
                .join(Person, Person.id == Referral.person_id)
                .where(
                    Referral.vacancy_id == vacancy_id,
                    Referral.status.not_in(list(CLOSED_REFERRALS)),
                )
                .order_by(Person.sort_key, Referral.id)
            ).all()
            _preload(session, [referral_id for referral_id, _, _ in rows])
            letters = [self._need_letter(session, rid, status, today) for rid, status, _ in rows]
        return NeedLetters(vacancy_id, f"{vacancy.title} – {employer.name}", tuple(letters))

    def _need_letter(
        self, session: Session, referral_id: uuid.UUID, status: str, today: dt.date
    ) -> NeedLetter:
        try:
            letter = self._gather(session, referral_id, None, today)
        except ConsentRequiredError as error:
            person = session.get_one(Person, session.get_one(Referral, referral_id).person_id)
            name = f"{person.first_name} {person.last_name}"
            return NeedLetter(
                referral_id, name, status, "", (), str(error), "Inget gällande samtycke"
            )
        text, missing = templates.merge(letter.letterhead.referral_template, letter.values)
        unprintable = _unprintable(letter, text)
        return NeedLetter(
            referral_id=referral_id,
            person_name=letter.person_name,
            status=status,
            file_name=_letter_file_name(letter),
            missing=_missing(letter, missing),
            refused=(
                "Tecken som inget typsnitt kan skriva ut: " + "; ".join(unprintable)
                if unprintable
                else None
            ),
            obstacle="Tecken som inte kan skrivas ut" if unprintable else None,
        )

    def write_need_letters(
        self,
        referral_ids: list[uuid.UUID],
        folder: Path,
        *,
        omit_missing: bool = False,
        progress: Callable[[int, int], object] | None = None,
        cancelled: Callable[[], bool] | None = None,
        today: dt.date | None = None,
        screen: str = "behov",
        workers: int | None = None,
    ) -> LetterBatch:
        """Write the letter of each referral into `folder`, one PDF each, recorded and
        audited one by one like a single letter (so a cancelled or failed batch leaves
        exactly the letters it reports). A letter the records refuse now is skipped with
        its reason; a file that cannot be written stops the batch (DocumentError).
        `progress(done, total)` after each letter; `cancelled()` is asked before each.
        An existing file is never replaced: the new one gets a number ("… (2).pdf").
        The letters are laid out on every core (desktop/documents/pool.py; `workers`
        overrides how many processes)."""
        today = today or clock.today()
        folder = Path(folder)
        files.check_folder(folder)
        run = _BatchRun(len(referral_ids), progress, cancelled)
        with LayoutPool(len(referral_ids), workers=workers) as pool:
            # Each chunk is read and handed to the workers before the one before it is
            # collected and written, so that reading overlaps the layout.
            waiting: list[_Refused | _InLayout] = []
            for start in range(0, len(referral_ids), _BATCH):
                chunk = referral_ids[start : start + _BATCH]
                prepared = self._prepare(chunk, pool, omit_missing=omit_missing, today=today)
                if not self._finish(waiting, run, folder, screen=screen, today=today):
                    return run.outcome(cancelled=True)
                waiting = prepared
            stopped = not self._finish(waiting, run, folder, screen=screen, today=today)
        return run.outcome(cancelled=stopped)

    def _prepare(
        self, referral_ids: list[uuid.UUID], pool: LayoutPool, *, omit_missing: bool, today: dt.date
    ) -> list[_Refused | _InLayout]:
        """Read the letters in one transaction and hand their layout to the pool."""
        prepared: list[_Refused | _InLayout] = []
        with self._db.read() as session:
            _preload(session, referral_ids)
            for referral_id in referral_ids:
                try:
                    letter = self._gather(session, referral_id, None, today)
                    text, content = _content(letter, None, omit_missing=omit_missing)
                except (DocumentRefusedError, UnprintableTextError) as error:
                    prepared.append(_Refused(_referral_name(session, referral_id), str(error)))
                else:
                    layout = pool.submit(referral_letter.pdf, content)
                    prepared.append(_InLayout(letter, text, content, layout))
        return prepared

    def _finish(
        self,
        prepared: list[_Refused | _InLayout],
        run: _BatchRun,
        folder: Path,
        *,
        screen: str,
        today: dt.date,
    ) -> bool:
        """Collect the laid-out letters and record and write them in one unit of work;
        False when the agent stopped the batch (what was collected is still written)."""
        deliveries: list[_Delivery] = []
        going = True
        for item in prepared:
            if run.cancelled is not None and run.cancelled():
                going = False
                break
            if isinstance(item, _Refused):
                run.skipped.append((item.name, item.reason))
            else:
                taken = {delivery.path for delivery in deliveries}
                path = files.free_name(folder / _letter_file_name(item.letter), taken)
                try:
                    pdf = item.layout.result()
                except BrokenExecutor:  # a worker died: this one is laid out here
                    pdf = referral_letter.pdf(item.content)
                deliveries.append(_letter_delivery(item.letter, item.text, pdf, path, today))
            run.step()
        if deliveries:
            self._deliver_all(deliveries, output="pdf", screen=screen, new_files=True)
            run.written += [delivery.path for delivery in deliveries]
        return going
