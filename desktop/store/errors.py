"""Why a database could not be opened, in words a caseworker can act on.

Messages are Swedish because the CLI prints them as they are; the views pass them
through Qt's translate() so an English build can still replace them.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """A database problem the user must be told about; `str()` is the message."""


class NotADatabaseError(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Filen {path} är ingen Matchning-databas (eller är skadad). Filen har inte ändrats."
        )


class DatabaseInUseError(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Databasen {path} används redan av ett annat Matchning-fönster eller kommando. "
            "Stäng det först och försök igen."
        )


class EmptyDatabaseError(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Databasfilen {path} är tom (0 byte): innehållet har försvunnit, till exempel "
            "vid ett avbrott eller en kopiering som inte blev klar. Den skrivs inte över. "
            "Lägg tillbaka den senaste säkerhetskopian eller kontakta IT. "
            "Filen har inte ändrats."
        )


class UnwritableLocationError(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Inget kan skrivas där databasen {path} ligger (skrivskyddad disk eller mapp, "
            "eller full disk), så den öppnas inte. Flytta den till en skrivbar plats, "
            "frigör utrymme eller kontakta IT. Inget har ändrats."
        )


class DatabaseLinkedError(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Databasen {path} har fler än ett namn på disken (en hård länk), så två "
            "fönster skulle kunna skriva i den samtidigt. Ta bort det extra namnet och "
            "försök igen. Filen har inte ändrats."
        )


class DatabaseTooNewError(StoreError):
    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            f"Databasen {path} är skapad av en nyare version av Matchning "
            f"(schemaversion {revision}). Uppdatera programmet; databasen har inte ändrats."
        )


class MigrationError(StoreError):
    def __init__(self, path: Path, backup: Path | None, reason: str) -> None:
        kept = f" En kopia från före uppgraderingen finns i {backup}." if backup else ""
        super().__init__(
            f"Databasen {path} kunde inte uppgraderas: {reason}. "
            f"Databasen har lämnats som den var.{kept}"
        )


class NotEncryptedError(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Databasen {path} är inte krypterad (den kommer från en testversion av "
            "Matchning). Den öppnas inte; kontakta IT. Filen har inte ändrats."
        )


class DamagedDatabaseError(StoreError):
    def __init__(self, path: Path, backup: Path | None = None, made: str | None = None) -> None:
        offer = (
            f"Den senaste säkerhetskopian som går att läsa är från {made} ({backup}): "
            "kontakta IT för att lägga tillbaka den. "
            if backup is not None
            else "Lägg tillbaka en säkerhetskopia eller kontakta IT. "
        )
        super().__init__(
            f"Databasen {path} är skadad eller hör till en annan nyckelfil och kan inte "
            f"läsas. {offer}Inget har ändrats."
        )


class DiskFullError(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"Disken är full, så ändringen kunde inte sparas i databasen {path}. Inget har "
            "ändrats i databasen. Frigör utrymme på disken (eller kontakta IT) och försök igen."
        )


class RecordMissingError(StoreError):
    """A record asked for by id is gone (removed by someone else, or never existed)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} finns inte längre i databasen. Uppdatera listan och försök igen.")


class ServerAddressError(StoreError):
    def __init__(self, address: str) -> None:
        super().__init__(
            f"{address} är ingen adress till en PostgreSQL-server. Den ska börja med "
            "postgresql:// (till exempel postgresql://matchning@server/matchning)."
        )


class ServerUnreachableError(StoreError):
    def __init__(self, address: str) -> None:
        super().__init__(
            f"Det gick inte att ansluta till databasservern {address}. Kontrollera adressen, "
            "användarnamnet och lösenordet (PGPASSWORD eller ~/.pgpass) eller kontakta IT."
        )


class ServerTooNewError(StoreError):
    def __init__(self, address: str, revision: str) -> None:
        super().__init__(
            f"Databasen {address} är skapad av en nyare version av Matchning "
            f"(schemaversion {revision}). Uppdatera programmet; databasen har inte ändrats."
        )


class ForeignServerDatabaseError(StoreError):
    def __init__(self, address: str) -> None:
        super().__init__(
            f"Databasen {address} innehåller redan tabeller men är ingen Matchning-databas. "
            "Ange en tom databas eller kontakta IT; databasen har inte ändrats."
        )


class ServerMigrationError(StoreError):
    def __init__(self, address: str, reason: str) -> None:
        super().__init__(
            f"Databasen {address} kunde inte uppgraderas: {reason}. "
            "Hela uppgraderingen har ångrats, så databasen är som den var."
        )
