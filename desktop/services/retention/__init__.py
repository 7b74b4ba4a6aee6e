"""Retention (gallring): erasing what has been kept long enough, and erasure requests.

Rules (docs/retention.md), each with an administrator's setting in months or days:

- **Closed cases** (`avslutad`, closed more than N months ago) go with their journal
  notes, follow-ups, referrals (and their status history), placements and the documents
  produced about them. Nothing is kept "anonymised": every case, referral and placement
  row names its person, and a row stripped of the name but keeping gender, birth year,
  municipality, dates and employer still points at one person in a small municipality.
  The figures the reports need are exported and kept as reports, not as rows.
- **Persons with no case left** (every case erased by the rule above, or no case at all
  and not changed for N months) go with everything that hangs on them: languages,
  education, experience, licences, wishes, consents, referrals, placements, documents.
- **Unfinished intake drafts** not saved for N days.
- **Audit events** older than N months, always a prefix of the hash chain; the chain's new
  start is recorded with them (desktop/services/audit.py, `CHAIN_START`), so `matchning
  audit verify` still passes.

`preview()` and `run()` select with the same SQL, so a preview shows exactly what a run of
an unchanged database erases. A run works in batches, each its own transaction that
re-checks the rule for its rows: a run killed half-way leaves whole batches done and the
database consistent, and the next run erases the rest. Then the person search index is
merged (the deleted names leave its segments), the file is vacuumed and the WAL
truncated, so the bytes are gone from both, and backups older than the case rule are
removed. Each run is in the audit trail as counts per rule, never contents.

The deletes are explicit statements with foreign keys off on the run's own connection:
with them on, SQLite would look up unindexed `case_id` columns (referrals, placements)
once per deleted case. The statements delete every row the cascades would have, in the
order of the foreign keys, and a test checks `PRAGMA foreign_key_check` afterwards.

The service is one class, `RetentionService`, made of a part per use case, each in its
own module: `preview` (what a run would erase), `run` (the run in batches) and
`person_erasure` (one person, on request), over `selection` (the SQL that picks the
rows), `erasing` (the deletes and the compaction after them), `cutoffs` (what counts as
old) and `base`. Import from this package.

No Qt here; the administrator's screen and `matchning retention` call this.
"""

from __future__ import annotations

from desktop.services.retention.base import (
    PART_NAMES,
    RULE_AUDIT,
    RULE_CASES,
    RULE_DRAFTS,
    RULE_NAMES,
    RULE_PERSONS,
    SCREEN,
    ReadOnlyError,
    RetentionError,
)
from desktop.services.retention.cutoffs import Cutoffs, months_before
from desktop.services.retention.person_erasure import (
    REASONS,
    PersonErased,
    PersonErasure,
    PersonErasurePreview,
)
from desktop.services.retention.preview import (
    AuditRange,
    CaseRow,
    DraftRow,
    PersonRow,
    RetentionPreview,
    RunPreview,
)
from desktop.services.retention.run import Cancelled, Progress, RetentionResult, RetentionRun
from desktop.services.retention.selection import _CLOSED as _CLOSED
from desktop.services.retention.selection import _DELETES as _DELETES
from desktop.services.retention.selection import _PERSONS_SQL as _PERSONS_SQL
from desktop.services.retention.selection import _TEMP as _TEMP

__all__ = [
    "PART_NAMES",
    "REASONS",
    "RULE_AUDIT",
    "RULE_CASES",
    "RULE_DRAFTS",
    "RULE_NAMES",
    "RULE_PERSONS",
    "SCREEN",
    "AuditRange",
    "Cancelled",
    "CaseRow",
    "Cutoffs",
    "DraftRow",
    "PersonErased",
    "PersonErasurePreview",
    "PersonRow",
    "Progress",
    "ReadOnlyError",
    "RetentionError",
    "RetentionPreview",
    "RetentionResult",
    "RetentionService",
    "months_before",
]


class RetentionService(RunPreview, RetentionRun, PersonErasure):
    """Retention for an administrator; everyone else is refused."""
