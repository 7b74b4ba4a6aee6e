"""How numbers are written in Swedish, everywhere the app writes one (screens, reports,
the command line): 12 345 with a non-breaking space between thousands."""

from __future__ import annotations


def number(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")
