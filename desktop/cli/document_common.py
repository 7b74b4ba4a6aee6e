"""What the `document` commands share (desktop/cli/documents.py registers them; some live in
meeting_documents.py and person_documents.py): the ID and -o options, running with the
document service, and its refusals as errors. Its own module so those need not import
documents.py, which imports them."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


def with_documents(
    args: argparse.Namespace, missing: str, action: Callable[[DocumentService], int]
) -> int:
    """Log in, run `action` with the document service, and turn what it refuses into
    one line for stderr (`missing`: what an unknown id is, "Det finns ingen anvisning
    med id …")."""
    from desktop.services.documents import DocumentService

    opened: Opened = log_in(args, screen=SCREEN)
    try:
        with refusals_as_errors(missing):
            return action(DocumentService(opened.db, opened.actor))
    finally:
        opened.db.close()


@contextmanager
def refusals_as_errors(missing: str) -> Iterator[None]:
    """A document refused, or a record missing (`missing` says which), as a CliError:
    exit code 2 for what the input asked, 1 for a file that could not be written."""
    from desktop.documents.errors import DocumentError, UnprintableTextError
    from desktop.services.documents import DocumentRefusedError
    from desktop.store.errors import RecordMissingError

    try:
        yield
    except RecordMissingError:
        raise CliError(missing, 2) from None
    except (DocumentRefusedError, UnprintableTextError) as error:
        raise CliError(str(error), 2) from None
    except DocumentError as error:
        raise CliError(str(error), 1) from None
