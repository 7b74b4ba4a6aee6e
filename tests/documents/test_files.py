"""A document file is written whole or not at all: a failure leaves no temporary file and
never damages a file that was there; every refusal says in Swedish what to do."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

import pytest

from desktop.documents import files
from desktop.documents.errors import DocumentError
from desktop.documents.files import write_atomically


def _content(handle: BinaryIO) -> None:
    handle.write(b"%PDF-1.4 ny\n")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(files.TEMP_PREFIX))


def test_the_file_is_written_whole_and_only_for_its_owner(tmp_path: Path) -> None:
    target = tmp_path / "brev.pdf"
    assert write_atomically(target, _content) == target
    assert target.read_bytes() == b"%PDF-1.4 ny\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _leftovers(tmp_path) == []


def test_an_existing_file_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "brev.pdf"
    target.write_bytes(b"gammal")
    write_atomically(target, _content)
    assert target.read_bytes() == b"%PDF-1.4 ny\n"


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    target = tmp_path / "finns-inte" / "brev.pdf"
    with pytest.raises(DocumentError, match=r"^Mappen .*finns-inte finns inte\. Välj en annan"):
        write_atomically(target, _content)


def test_a_folder_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "fil").write_text("x")
    with pytest.raises(DocumentError, match="är ingen mapp"):
        write_atomically(tmp_path / "fil" / "brev.pdf", _content)


def test_a_read_only_target_is_left_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "brev.pdf"
    target.write_bytes(b"gammal")
    target.chmod(0o444)
    with pytest.raises(DocumentError, match="skrivskyddad, så den har inte ändrats"):
        write_atomically(target, _content)
    assert target.read_bytes() == b"gammal"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_an_unwritable_folder_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "låst"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(DocumentError, match="Det går inte att skriva i mappen"):
            write_atomically(folder / "brev.pdf", _content)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_folder_refusing_new_files_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an unwritable folder does (also where the tests run as root)."""

    def refuse(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(DocumentError) as raised:
        write_atomically(tmp_path / "brev.pdf", _content)
    assert str(raised.value) == (
        f"Det går inte att skriva i mappen {tmp_path} (behörighet saknas). Välj en annan mapp."
    )
    assert list(tmp_path.iterdir()) == []


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "brev.pdf"
    target.write_bytes(b"gammal")

    def half(handle: BinaryIO) -> None:
        handle.write(b"%PDF-1.4 halv")
        raise RuntimeError("layout failed")

    with pytest.raises(RuntimeError, match="layout failed"):
        write_atomically(target, half)
    assert target.read_bytes() == b"gammal"
    assert _leftovers(tmp_path) == []


def test_a_full_disk_is_named_and_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "brev.pdf"
    target.write_bytes(b"gammal")

    def full(handle: BinaryIO) -> None:
        handle.write(b"%PDF")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(DocumentError, match=r"^Disken är full, så brev\.pdf kunde inte sparas"):
        write_atomically(target, full)
    assert target.read_bytes() == b"gammal"
    assert _leftovers(tmp_path) == []


def test_a_target_held_open_elsewhere_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace a file a PDF viewer has open."""
    target = tmp_path / "brev.pdf"
    target.write_bytes(b"gammal")

    def locked(_source: object, _target: object) -> None:
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(DocumentError, match="öppen i ett annat program"):
        write_atomically(target, _content)
    assert target.read_bytes() == b"gammal"
    assert _leftovers(tmp_path) == []


def test_a_folder_as_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match=r"är en mapp\. Välj ett filnamn"):
        write_atomically(tmp_path, _content)
