"""Writing a document file so that it is whole or not there at all.

`write_atomically(path, write)` has `write` fill a temporary file in the target folder
(mode 0600: documents hold personal data), flushes it to disk and only then renames it
over the target in one step (`os.replace`). On any error the temporary file is removed
and a file already at `path` is left exactly as it was. Problems the agent can act on are
a DocumentError with a Swedish message: a missing folder, a folder that cannot be
written to, a target that is read-only or held open by another program, a full disk.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path
from typing import BinaryIO

from desktop.documents.errors import DocumentError

TEMP_PREFIX = ".matchning-"
TEMP_SUFFIX = ".tmp"
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _read_only(path: Path) -> bool:
    # The mode bits, not os.access: an administrator (or root, in CI) may write anyway,
    # but a file someone marked read-only is not ours to overwrite.
    return not path.stat().st_mode & stat.S_IWUSR


def check_target(path: Path) -> None:
    """Refuse, before any work is done, a target that cannot be written."""
    folder = path.parent
    if not folder.exists():
        raise DocumentError(f"Mappen {folder} finns inte. Välj en annan mapp.")
    if not folder.is_dir():
        raise DocumentError(f"{folder} är ingen mapp. Välj en annan mapp.")
    if path.is_dir():
        raise DocumentError(f"{path} är en mapp. Välj ett filnamn.")
    if path.exists() and _read_only(path):
        raise DocumentError(
            f"Filen {path.name} finns redan och är skrivskyddad, så den har inte ändrats. "
            "Välj ett annat filnamn eller ta bort skrivskyddet."
        )


def check_folder(folder: Path) -> None:
    """Refuse a folder that is missing or cannot be written to, before a batch starts
    (by writing and removing a probe: permissions alone do not tell, e.g. on a network
    share or for an administrator)."""
    folder = Path(folder)
    check_target(folder / "dokument.pdf")
    try:
        descriptor, probe = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    except OSError as error:
        raise DocumentError(
            f"Det går inte att skriva i mappen {folder} ({_reason(error)}). Välj en annan mapp."
        ) from error
    os.close(descriptor)
    with contextlib.suppress(OSError):
        os.unlink(probe)


def free_name(path: Path, taken: Collection[Path] = ()) -> Path:
    """`path`, or the first of "name (2).pdf", "name (3).pdf" … that does not exist (nor
    is among the paths of `taken`, a batch's files yet to be written): a batch never
    replaces a file that is already there."""
    path = Path(path)
    number = 2
    free = path
    while free.exists() or free in taken:
        free = path.with_name(f"{path.stem} ({number}){path.suffix}")
        number += 1
    return free


def write_atomically(
    path: Path, write: Callable[[BinaryIO], object], *, flush_folder: bool = True
) -> Path:
    """Have `write` produce the file at `path`, atomically (see the module docstring).
    Exceptions from `write` pass through unchanged after the clean-up. A batch writing
    many files into one folder passes `flush_folder=False` and calls `sync_folder` once
    at the end."""
    path = Path(path)
    check_target(path)
    folder = path.parent
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    except OSError as error:
        raise DocumentError(
            f"Det går inte att skriva i mappen {folder} ({_reason(error)}). Välj en annan mapp."
        ) from error
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        _replace(Path(temporary), path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _write_error(path, error) from error
        raise
    if flush_folder:
        sync_folder(folder)
    return path


def _replace(temporary: Path, path: Path) -> None:
    try:
        os.replace(temporary, path)
    except PermissionError as error:
        # Windows refuses to replace a file another program has open (a PDF viewer).
        raise DocumentError(
            f"Filen {path.name} kunde inte ersättas: den är öppen i ett annat program eller "
            "skrivskyddad. Stäng den och försök igen, eller välj ett annat filnamn. "
            "Den befintliga filen är oförändrad."
        ) from error


def _write_error(path: Path, error: OSError) -> DocumentError:
    if error.errno in _DISK_FULL:
        return DocumentError(
            f"Disken är full, så {path.name} kunde inte sparas. Ingen fil har skrivits "
            "eller ändrats. Frigör utrymme eller välj en annan mapp."
        )
    return DocumentError(
        f"{path.name} kunde inte sparas ({_reason(error)}). Ingen fil har skrivits eller ändrats."
    )


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "behörighet saknas"
    return error.strerror or type(error).__name__


def sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut (POSIX; Windows has no directory
    handles to flush, and NTFS journals the rename)."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
