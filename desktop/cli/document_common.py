"""What the `document` commands share (desktop/cli/documents.py registers them; some live in
meeting_documents.py and person_documents.py): the ID and -o options, reading an id, and
running with the document service. Its own module so those need not import documents.py,
which imports them."""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.common import CliError, log_in

if TYPE_CHECKING:
    from desktop.services.accounts import Opened
    from desktop.services.documents import DocumentService

SCREEN = "kommandorad"


def target_options(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("id", metavar="ID", help=f"{what}s id")
    parser.add_argument(
        "-o", "--output", metavar="FIL.pdf", type=Path, help="filen som PDF:en skrivs till"
    )


def parse_id(text: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise CliError(
            f"{text!r} är inget giltigt id för {what} (ett id ser ut som "
            "3f2b9c1e-8d4a-4c2e-9b1f-0a7d6e5c4b3a).",
            2,
        ) from None


def with_documents(
    args: argparse.Namespace, missing: str, action: Callable[[DocumentService], int]
) -> int:
    """Log in, run `action` with the document service, and turn what it refuses into
    one line for stderr (`missing`: what an unknown id is, "Det finns ingen anvisning
    med id …")."""
    from desktop.documents.errors import DocumentError, UnprintableTextError
    from desktop.services.documents import DocumentRefusedError, DocumentService
    from desktop.store.errors import RecordMissingError

    opened: Opened = log_in(args, screen=SCREEN)
    try:
        return action(DocumentService(opened.db, opened.actor))
    except RecordMissingError:
        raise CliError(missing, 2) from None
    except (DocumentRefusedError, UnprintableTextError) as error:
        raise CliError(str(error), 2) from None
    except DocumentError as error:
        raise CliError(str(error), 1) from None
    finally:
        opened.db.close()
