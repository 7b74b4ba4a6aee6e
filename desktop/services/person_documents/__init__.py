"""Documents about one person for use inside the municipality and for the person
themself: the case summary (ärendesammanfattning) and the register extract
(registerutdrag, GDPR art. 15).

Both go the way of every document (desktop/services/documents/): gather plain data in
one read, lay out in memory, then `_deliver`: record the produced document and an
`export` (saved PDF) or `print` (printout) audit event naming the person, and write the
file atomically, in one unit of work. The extract is an export of personal data, so it
is audited as such, on the Person with details `registerutdrag`.

Who may produce them: any active user (handläggare, samordnare, administratör). The app
lets every user open every person (PersonService.open checks no role), and both
documents are for the municipality's own work or for the person's own request, so a
user who can open a person can produce them; the audit log records who did.

The extract reads with a few set-based queries (one per kind of record, the person's
notes in one, the audit trail in one), never one per note: a person with 200 notes and
1,000 audit events takes well under the 2 s target (benchmarks/document_extract.py).

The service is one class, `PersonDocumentService` (a DocumentService), made of a part
per document, each in its own module: `case_summary` and `register_extract`, over
`records` (reading the person's records, shared by both) and `base` (who may produce
them, the sender). Import from this package.
"""

from __future__ import annotations

from desktop.services.person_documents.case_summary import LATEST_NOTES, CaseSummaries
from desktop.services.person_documents.records import STOCKHOLM as STOCKHOLM
from desktop.services.person_documents.register_extract import OUTPUT_NAMES as OUTPUT_NAMES
from desktop.services.person_documents.register_extract import RECOGNITION as RECOGNITION
from desktop.services.person_documents.register_extract import RegisterExtracts

__all__ = ["LATEST_NOTES", "PersonDocumentService"]


class PersonDocumentService(CaseSummaries, RegisterExtracts):
    """The case summary and the register extract; everything else from DocumentService
    (produced documents, delivering)."""
