"""The database key, wrapped once per user with a key derived from that user's password.

The database is encrypted with one random 256-bit key. The key file beside it
(`<database>.keys`, JSON) holds, for every user who may open it, that key encrypted with
AES-256-GCM under a key-encryption key derived from the user's password by Argon2id.
A password change or reset rewraps one entry; the database is never re-encrypted.
The GCM tag is what tells a wrong password from a right one: nothing about the database
is revealed by a failed attempt. See docs/security.md.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from desktop.store.errors import StoreError
from desktop.store.private import replace_file

# argon2 and cryptography are imported where a key is derived or unwrapped: reading the
# key file (the login window's demo hint) needs neither (docs/decisions/0028).
FORMAT = "matchning-keys-1"
KEY_BYTES = 32
# Delays after failed attempts: 1, 2, 4 … seconds, never more than this.
MAX_DELAY_SECONDS = 60


@dataclass(frozen=True)
class KdfParams:
    """Argon2id costs. OWASP's minimum is 19 MiB, 2 passes, 1 lane; these are well above
    it and take about 0.2 s on a 2-core laptop (docs/security.md)."""

    time_cost: int = 3
    memory_kib: int = 128 * 1024
    parallelism: int = 2


DEFAULT_KDF = KdfParams()


class KeyFileMissingError(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Nyckelfilen {path} saknas, så databasen kan inte låsas upp. Lägg tillbaka "
            "filen (den finns i varje säkerhetskopia) eller kontakta IT. Inget har ändrats."
        )


class KeyFileDamagedError(StoreError):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"Nyckelfilen {path} är skadad ({reason}). Lägg tillbaka en kopia från en "
            "säkerhetskopia eller kontakta IT. Inget har ändrats."
        )


class WrongPasswordError(StoreError):
    def __init__(self) -> None:
        super().__init__("Fel användarnamn eller lösenord.")


class KeyFileNotSavedError(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Nyckelfilen {path} kunde inte sparas (disken är full eller skrivskyddad), så "
            "ändringen gjordes inte. Frigör utrymme eller kontakta IT och försök igen."
        )


class AttemptNotRecordedError(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Inloggningsförsöket kunde inte noteras i nyckelfilen {path} (disken är full "
            "eller skrivskyddad), så ingen inloggning släpps igenom. Frigör utrymme eller "
            "flytta databasen till en skrivbar plats och försök igen. Inget har ändrats."
        )


class TooManyAttemptsError(StoreError):
    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        unit = "sekund" if seconds == 1 else "sekunder"
        super().__init__(f"För många felaktiga försök. Vänta {seconds} {unit} och försök igen.")


def normalise_username(username: str) -> str:
    return username.strip().casefold()


def key_file_path(database: Path) -> Path:
    return database.with_name(database.name + ".keys")


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def derive_kek(password: str, salt: bytes, params: KdfParams) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


@dataclass
class WrappedKey:
    salt: str
    nonce: str
    wrapped: str
    kdf: KdfParams = field(default_factory=KdfParams)


@dataclass
class FailedLogins:
    count: int
    last: str  # ISO UTC


@dataclass
class KeyFile:
    path: Path
    database_id: str
    users: dict[str, WrappedKey] = field(default_factory=dict)
    failures: dict[str, FailedLogins] = field(default_factory=dict)
    # Only the demo database has one: its login screen shows it.
    demo_password: str | None = None

    @classmethod
    def create(cls, path: Path, *, demo_password: str | None = None) -> KeyFile:
        return cls(path=path, database_id=secrets.token_hex(16), demo_password=demo_password)

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        if not path.exists():
            raise KeyFileMissingError(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("okänt format")
            users = {
                name: WrappedKey(
                    salt=entry["salt"],
                    nonce=entry["nonce"],
                    wrapped=entry["wrapped"],
                    kdf=KdfParams(**entry["kdf"]),
                )
                for name, entry in data["users"].items()
            }
            failures = {
                name: FailedLogins(**entry) for name, entry in data.get("failures", {}).items()
            }
            return cls(
                path=path,
                database_id=str(data["database_id"]),
                users=users,
                failures=failures,
                demo_password=data.get("demo_password"),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise KeyFileDamagedError(path, type(error).__name__) from error

    def save(self, *, durable: bool = True) -> None:
        """Write atomically: a crash leaves either the old file or the new one.
        `durable=False` (a login attempt's count) skips waiting for the disk: the count
        survives the process being killed, if not a power cut, and logging in is not
        slowed by two waits for the disk."""
        data: dict[str, Any] = {
            "format": FORMAT,
            "database_id": self.database_id,
            "users": {name: asdict(entry) for name, entry in sorted(self.users.items())},
            "failures": {name: asdict(entry) for name, entry in sorted(self.failures.items())},
        }
        if self.demo_password is not None:
            data["demo_password"] = self.demo_password
        try:
            replace_file(self.path, json.dumps(data, indent=2), durable=durable)
        except OSError as error:  # a read-only medium, a full disk: the old file stays
            raise KeyFileNotSavedError(self.path) from error

    def _aad(self, username: str) -> bytes:
        # Binds each entry to this database and this user: entries cannot be swapped.
        return f"matchning:{self.database_id}:{username}".encode()

    def add(
        self, username: str, password: str, key: bytes, params: KdfParams | None = None
    ) -> None:
        """Give `username` access to `key` with `password` (replacing an earlier entry)."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        params = params or DEFAULT_KDF
        name = normalise_username(username)
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(12)
        kek = derive_kek(password, salt, params)
        wrapped = AESGCM(kek).encrypt(nonce, key, self._aad(name))
        self.users[name] = WrappedKey(_b64(salt), _b64(nonce), _b64(wrapped), params)
        self.failures.pop(self._attempts_key(name), None)

    def remove(self, username: str) -> None:
        self.users.pop(normalise_username(username), None)
        self.failures.pop(self._attempts_key(normalise_username(username)), None)

    def has_user(self, username: str) -> bool:
        return normalise_username(username) in self.users

    def _attempts_key(self, name: str) -> str:
        # Attempts are counted for every name typed, known or not (the same answers and
        # delays for both), under a digest: a name typed by mistake (or a password typed
        # into the name field) is never written down.
        return hashlib.sha256(f"{self.database_id}:{name}".encode()).hexdigest()[:32]

    def seconds_to_wait(self, username: str, now: dt.datetime | None = None) -> int:
        failed = self.failures.get(self._attempts_key(normalise_username(username)))
        if failed is None:
            return 0
        now = now or dt.datetime.now(dt.UTC)
        delay = min(2 ** (failed.count - 1), MAX_DELAY_SECONDS)
        elapsed = (now - dt.datetime.fromisoformat(failed.last)).total_seconds()
        return max(0, int(delay - elapsed + 0.999))

    def unlock(self, username: str, password: str) -> bytes:
        """The database key, or WrongPasswordError.

        Every name, known or not, gets the same answers, the same Argon2 work and the
        same growing delay, so neither the words nor the time tell which user names
        exist. The attempt is written down before the password is checked, so that
        killing the process or a disk that refuses writes cannot skip the delay: an
        attempt that cannot be written down is refused (AttemptNotRecordedError).
        """
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        name = normalise_username(username)
        counted = self._attempts_key(name)
        wait = self.seconds_to_wait(name)
        if wait:
            raise TooManyAttemptsError(wait)
        self._count_failure(counted)
        entry = self.users.get(name)
        params = entry.kdf if entry else DEFAULT_KDF
        salt = _unb64(entry.salt) if entry else secrets.token_bytes(16)
        kek = derive_kek(password, salt, params)
        try:
            if entry is None:
                raise InvalidTag
            key = AESGCM(kek).decrypt(_unb64(entry.nonce), _unb64(entry.wrapped), self._aad(name))
        except InvalidTag:
            raise WrongPasswordError from None
        del self.failures[counted]
        with contextlib.suppress(KeyFileNotSavedError):  # the next login waits a second
            self.save(durable=False)
        return key

    def _count_failure(self, counted: str) -> None:
        previous = self.failures.get(counted)
        self.failures[counted] = FailedLogins(
            count=(previous.count if previous else 0) + 1,
            last=dt.datetime.now(dt.UTC).isoformat(),
        )
        try:
            self.save(durable=False)
        except KeyFileNotSavedError as error:
            raise AttemptNotRecordedError(self.path) from error


class BackgroundUnlock:
    """`KeyFile.unlock` in a thread of its own, started when the password is known before
    anything else is (`matchning --smoke` reads it from the environment): Argon2 lets go
    of the GIL, so the derivation runs while the app imports the rest of itself."""

    def __init__(self, database: Path, username: str, password: str) -> None:
        import threading

        self._outcome: bytes | BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(database, username, password), name="unlock", daemon=True
        )
        self._thread.start()

    def _run(self, database: Path, username: str, password: str) -> None:
        try:
            self._outcome = KeyFile.load(key_file_path(database)).unlock(username, password)
        except BaseException as error:  # handed to the caller of key(), as if raised there
            self._outcome = error

    def key(self) -> bytes:
        self._thread.join()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        assert self._outcome is not None
        return self._outcome
