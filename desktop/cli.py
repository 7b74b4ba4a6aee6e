"""Command-line entry: headless commands; the GUI is the default command."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    raise SystemExit("not wired yet")
