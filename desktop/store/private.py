"""Every file Matchning writes is its owner's alone (docs/security.md, "Filer").

On a shared laptop another account must not read the database, its log, its lock, the
audit exports or the logs, even encrypted: so the process makes files 0600 and folders
0700 (its umask), and files and folders from before that are tightened when next used.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def owner_only() -> None:
    """From now on this process (and the processes it starts) makes files no one else
    may read or write."""
    os.umask(0o077)


def tighten(*paths: Path) -> None:
    """Take away what others may do with these files or folders, where they exist and
    are this user's (another's file is left as it is: not ours to change)."""
    for path in paths:
        try:
            found = path.lstat()
        except OSError:
            continue
        if stat.S_ISLNK(found.st_mode) or found.st_uid != _uid():
            continue
        if found.st_mode & 0o077:
            mode = FOLDER_MODE if stat.S_ISDIR(found.st_mode) else FILE_MODE
            try:
                os.chmod(path, stat.S_IMODE(found.st_mode) & mode)
            except OSError:  # a read-only medium: nothing can be written there either
                continue


def tighten_folder(folder: Path) -> None:
    """A folder Matchning made (backups, logs) and the files in it."""
    if folder.is_dir():
        tighten(folder, *(p for p in folder.iterdir() if p.is_file()))


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else -1


def replace_file(path: Path, text: str, *, durable: bool = True) -> None:
    """Write `text` to `path` atomically: a crash leaves either the old file or the new
    one, never half of one. `durable=False` skips waiting for the disk (the file then
    survives the process being killed, if not a power cut). Raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name, dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            if durable:
                os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
