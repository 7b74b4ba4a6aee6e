"""Delivering a laid-out document (step 3 of the package docstring): recording it and its
audit event and writing the file, in one unit of work."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.documents import files
from desktop.documents.letterhead import Rendered
from desktop.models import ProducedDocument
from desktop.models.base import utcnow
from desktop.services import audit
from desktop.services.documents.base import DocumentServiceBase
from desktop.services.documents.produced import ProducedRow, _produced_row

# How a document leaves the app → the audit action it is recorded as.
OUTPUTS = {"pdf": "export", "utskrift": "print"}


@dataclass(frozen=True)
class _Delivery:
    """A laid-out document on its way to `path`, with its record (see `_deliver`)."""

    pdf: Rendered
    path: Path
    record: ProducedDocument
    subject: tuple[str, uuid.UUID | None]
    check: Callable[[Session], None] | None = None


class DocumentDelivery(DocumentServiceBase):
    # Delivering ------------------------------------------------------------------------------

    def _deliver(
        self,
        pdf: Rendered,
        path: Path,
        record: ProducedDocument,
        *,
        output: str,
        screen: str,
        subject: tuple[str, uuid.UUID | None],
        check: Any = None,
    ) -> ProducedRow:
        """Record the document and its audit event and write the file, in one unit of
        work (the module docstring). `subject` is the entity the audit event names (a
        document about a referral: ("Referral", id)); `check(session)` may refuse, inside
        the transaction, what changed since the records were read."""
        [row] = self._deliver_all(
            [_Delivery(pdf, path, record, subject, check)], output=output, screen=screen
        )
        return row

    def _deliver_all(
        self, deliveries: list[_Delivery], *, output: str, screen: str, new_files: bool = False
    ) -> list[ProducedRow]:
        """`_deliver` for several documents in one unit of work (a batch: one commit and
        one flush of the folder for many files). With `new_files` (every path was free),
        the files already written are removed again when a later one or the commit
        fails, so records and files always match."""
        written: list[Path] = []
        rows = []
        try:
            with self._db.unit_of_work(actor=self._actor.user_id, screen=screen) as session:
                for delivery in deliveries:
                    record = delivery.record
                    if delivery.check is not None:
                        delivery.check(session)
                    record.id = record.id or uuid.uuid4()
                    record.produced_by_id = self._actor.user_id
                    record.produced_at = utcnow()
                    record.output = output
                    session.add(record)
                    entity_type, entity_id = delivery.subject
                    audit.record(
                        session,
                        OUTPUTS[output],
                        entity_type,
                        entity_id,
                        person_id=record.person_id,
                        details=record.kind,
                    )
                    session.flush()
                    data = delivery.pdf.data
                    files.write_atomically(
                        delivery.path,
                        lambda handle, data=data: handle.write(data),  # type: ignore[misc]
                        flush_folder=len(deliveries) == 1,
                    )
                    written.append(delivery.path)
                    row = _produced_row(record, self._actor.full_name)
                    rows.append(replace(row, pages=delivery.pdf.pages))
        except BaseException:
            if new_files:
                for path in written:
                    with contextlib.suppress(OSError):
                        path.unlink()
            raise
        if len(deliveries) > 1 and written:
            files.sync_folder(written[0].parent)
        return rows
