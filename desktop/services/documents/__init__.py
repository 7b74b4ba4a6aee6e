"""Documents from the records: the referral letter now, the candidate profile, employer
meeting sheet, case summary and register extract next (issue 11), all the same way.

Every document is produced in three steps:

1. **Gather and check**, in a read: the records, the municipality's letterhead
   (services/letterheads.py), what may be shared. A refusal is a DocumentError with a
   Swedish reason (ConsentRequiredError when the person has not agreed to share their
   profile); characters no bundled font has are reported before anything is printed.
2. **Lay out** the PDF in memory (desktop/documents/<document>.py on the shared
   letterhead), outside any transaction.
3. **Deliver** (`_deliver`): in one unit of work, record the produced document (the
   Dokument tabs list it) and the audit event (`export` for a saved PDF, `print` for a
   printout; details: the document kind, never personal data), then write the file
   atomically. A file that cannot be written rolls the records back; a file is never
   left half-written and an existing one is never damaged.

The referral letter: `referral_letter_text()` gives the merged text for the agent to
read and edit, with what is missing and why; `referral_letter()` produces it, from that
text or the agent's edited version. The merge fields are desktop/documents/
referral_letter.py's FIELDS, documented in docs/documents.md.

The service is one class, `DocumentService`, made of a part per use case, each in its
own module: `letters` (the referral letter), `need_letters` (a need's letters as a
batch), `produced` (the documents produced, as listed), over `delivery` (recording and
writing a document, shared with meeting_documents.py and person_documents/),
`merge_values` (the template's values from the records) and `base`. Import from this
package.
"""

from __future__ import annotations

from desktop.documents.errors import DocumentError, UnprintableTextError
from desktop.services.documents.base import ConsentRequiredError, DocumentRefusedError
from desktop.services.documents.delivery import OUTPUTS
from desktop.services.documents.letters import LetterDraft, MissingValue, MissingValuesError
from desktop.services.documents.letters import _content as _content
from desktop.services.documents.merge_values import Recipient
from desktop.services.documents.need_letters import (
    LetterBatch,
    NeedLetter,
    NeedLetterBatches,
    NeedLetters,
)
from desktop.services.documents.produced import KIND_NAMES, ProducedDocuments, ProducedRow
from desktop.services.documents.produced import _file_name as _file_name

__all__ = [
    "KIND_NAMES",
    "OUTPUTS",
    "ConsentRequiredError",
    "DocumentError",
    "DocumentRefusedError",
    "DocumentService",
    "LetterBatch",
    "LetterDraft",
    "MissingValue",
    "MissingValuesError",
    "NeedLetter",
    "NeedLetters",
    "ProducedRow",
    "Recipient",
    "UnprintableTextError",
]


class DocumentService(NeedLetterBatches, ProducedDocuments):
    """Documents from the records, for the views, the CLI and the tests."""
