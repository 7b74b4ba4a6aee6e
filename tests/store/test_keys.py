"""The key file: per-user wrapping of the database key, failures and their delay."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from desktop.store.keys import (
    AttemptNotRecordedError,
    KdfParams,
    KeyFile,
    KeyFileDamagedError,
    KeyFileMissingError,
    TooManyAttemptsError,
    WrongPasswordError,
    new_database_key,
)


@pytest.fixture
def keys(tmp_path: Path) -> KeyFile:
    keys = KeyFile.create(tmp_path / "m.sqlite.keys")
    keys.save()
    return keys


def test_each_user_unwraps_the_same_key_with_their_own_password(keys: KeyFile) -> None:
    key = new_database_key()
    keys.add("Anna", "annas lösenord 1", key)
    keys.add("bertil", "bertils lösenord 2", key)
    keys.save()
    loaded = KeyFile.load(keys.path)
    assert loaded.unlock("anna", "annas lösenord 1") == key
    assert loaded.unlock(" BERTIL ", "bertils lösenord 2") == key
    with pytest.raises(WrongPasswordError):
        loaded.unlock("anna", "bertils lösenord 2")


def test_the_file_holds_neither_the_key_nor_the_password(keys: KeyFile) -> None:
    key = new_database_key()
    keys.add("anna", "hemligt lösenord", key)
    keys.save()
    raw = keys.path.read_bytes()
    assert key not in raw
    assert key.hex().encode() not in raw
    assert b"hemligt" not in raw


def test_entries_cannot_be_swapped_between_users(keys: KeyFile) -> None:
    key = new_database_key()
    keys.add("anna", "annas lösenord 1", key)
    keys.add("bertil", "bertils lösenord 2", key)
    keys.users["bertil"] = keys.users["anna"]  # bertil's entry now wraps with anna's password
    with pytest.raises(WrongPasswordError):
        keys.unlock("bertil", "annas lösenord 1")


def test_failures_grow_the_delay_and_a_success_clears_it(keys: KeyFile) -> None:
    key = new_database_key()
    keys.add("anna", "rätt lösenord!", key)
    with pytest.raises(WrongPasswordError):
        keys.unlock("anna", "fel")
    with pytest.raises(TooManyAttemptsError) as waiting:
        keys.unlock("anna", "rätt lösenord!")  # even the right one must wait
    assert waiting.value.seconds == 1
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)
    assert keys.seconds_to_wait("anna", later) == 0
    [counted] = keys.failures.values()
    counted.count = 5
    assert keys.seconds_to_wait("anna", later) > 10  # 2^4 s after the fifth
    counted.count = 40
    assert keys.seconds_to_wait("anna") <= 60
    keys.failures.clear()
    assert keys.unlock("anna", "rätt lösenord!") == key
    assert keys.failures == {}
    # The failure count survives a restart: it is kept in the file.
    with pytest.raises(WrongPasswordError):
        keys.unlock("anna", "fel igen")
    assert [f.count for f in KeyFile.load(keys.path).failures.values()] == [1]


def _answers(keys: KeyFile, username: str) -> list[str]:
    """Four wrong passwords in a row, as fast as they come."""
    said = []
    for _ in range(4):
        try:
            keys.unlock(username, "fel lösenord")
        except (WrongPasswordError, TooManyAttemptsError) as error:
            said.append(str(error))
    return said


def test_unknown_names_get_the_same_answers_and_delays_as_known_ones(keys: KeyFile) -> None:
    keys.add("anna", "rätt lösenord!", new_database_key())
    known = _answers(keys, "anna")
    unknown = _answers(keys, "okänd")
    assert known == unknown
    assert known[0] == "Fel användarnamn eller lösenord."
    assert known[1].startswith("För många felaktiga försök. Vänta")
    # Counted under a digest: the name typed is not written down.
    text = keys.path.read_text(encoding="utf-8")
    assert "okänd" not in text
    assert "anna" in text  # (as a user, not as a failure)
    assert len(KeyFile.load(keys.path).failures) == 2


def test_an_attempt_that_cannot_be_written_down_is_refused(
    keys: KeyFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = new_database_key()
    keys.add("anna", "rätt lösenord!", key)
    keys.save()
    before = keys.path.read_bytes()

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("desktop.store.private.tempfile.mkstemp", refuse)
    with pytest.raises(AttemptNotRecordedError, match="kunde inte noteras"):
        keys.unlock("anna", "rätt lösenord!")  # fail closed: not even the right one
    assert keys.path.read_bytes() == before


def test_a_missing_or_damaged_file_is_reported_and_not_overwritten(tmp_path: Path) -> None:
    with pytest.raises(KeyFileMissingError, match="saknas"):
        KeyFile.load(tmp_path / "nothing.keys")
    damaged = tmp_path / "damaged.keys"
    for content in (
        "{inte json",
        json.dumps({"format": "annat"}),
        json.dumps({"format": "matchning-keys-1"}),
    ):
        damaged.write_text(content, encoding="utf-8")
        with pytest.raises(KeyFileDamagedError, match="skadad"):
            KeyFile.load(damaged)
        assert damaged.read_text(encoding="utf-8") == content


def test_a_removed_user_can_no_longer_unlock(keys: KeyFile) -> None:
    key = new_database_key()
    keys.add("anna", "annas lösenord 1", key)
    keys.remove("ANNA")
    with pytest.raises(WrongPasswordError):
        keys.unlock("anna", "annas lösenord 1")


@pytest.mark.real_kdf
def test_production_cost_meets_owasp_minimum() -> None:
    # OWASP Password Storage Cheat Sheet: Argon2id with at least 19 MiB, 2 passes, 1 lane.
    from desktop.store import keys

    assert keys.DEFAULT_KDF.memory_kib >= 19 * 1024
    assert keys.DEFAULT_KDF.time_cost >= 2
    assert keys.DEFAULT_KDF.parallelism >= 1


@pytest.mark.real_kdf
def test_entries_record_their_cost_so_it_can_be_raised_later(keys: KeyFile) -> None:
    key = new_database_key()
    keys.add("anna", "annas lösenord 1", key, KdfParams(2, 19 * 1024, 1))
    keys.add("bertil", "bertils lösenord 2", key)
    keys.save()
    loaded = KeyFile.load(keys.path)
    assert loaded.users["anna"].kdf == KdfParams(2, 19 * 1024, 1)
    assert loaded.users["bertil"].kdf == KdfParams()
    assert loaded.unlock("anna", "annas lösenord 1") == key
