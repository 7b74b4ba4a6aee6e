"""What a sync says while it runs and when it is done: light, so the status bar can
name the phases without importing the engine and PostgreSQL's dialect."""

from __future__ import annotations

from dataclasses import dataclass, field

PUSHING, PUSHING_LOG, PULLING = "skickar", "skickar logg", "hämtar"


@dataclass
class Report:
    pushed: int = 0
    pulled: int = 0
    deleted: int = 0
    conflicts: int = 0
    refused: int = 0
    audit_events: int = 0
    mended: int = 0
    changed_tables: set[str] = field(default_factory=set)
