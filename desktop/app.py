"""Start-up: arguments, then either a headless command or the GUI."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    from desktop import cli

    return cli.main(argv)
