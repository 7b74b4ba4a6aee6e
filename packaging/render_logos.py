"""Write the placeholder logos in resources/logos/: one SVG per municipality of the
service, and generic.svg for any other municipality.

Run from anywhere: `python packaging/render_logos.py`. A placeholder is a plain shield
with a dashed outline and the municipality's initial, beside its name: clearly not a
coat of arms, so that no printout passes for one the municipality did not approve. An
administrator replaces it with the real logo (PNG or SVG) in the letterhead settings
(desktop/services/letterheads.py). The text is set in Noto Sans, which the documents
register with svglib, so the PDF embeds it like every other font.
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

LOGOS = Path(__file__).resolve().parent.parent / "resources" / "logos"
MUNICIPALITIES = {
    "0127": "Botkyrka",
    "0126": "Huddinge",
    "0128": "Salem",
    "0181": "Södertälje",
    "0138": "Tyresö",
    "0136": "Haninge",
    "0140": "Nykvarn",
    "0192": "Nynäshamn",
}
INK = "#2b4a6b"
PAPER = "#eef2f6"
# A shield 120 wide and 140 high: straight top, sides curving to a point.
SHIELD = "M 12 10 H 132 V 78 C 132 118 102 138 72 150 C 42 138 12 118 12 78 Z"


def logo(name: str | None) -> str:
    """The SVG of a placeholder, with the municipality's name, or without one."""
    initial = escape(name[0]) if name else ""
    width = 520 if name else 144
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="160" '
        f'viewBox="0 0 {width} 160">',
        f"  <title>Platshållare för logotyp{': ' + escape(name) if name else ''}</title>",
        f'  <path d="{SHIELD}" fill="{PAPER}" stroke="{INK}" stroke-width="5" '
        'stroke-dasharray="14 7" stroke-linejoin="round"/>',
    ]
    if name:
        parts += [
            f'  <text x="72" y="101" text-anchor="middle" font-family="Noto Sans" '
            f'font-weight="bold" font-size="64" fill="{INK}">{initial}</text>',
            f'  <text x="160" y="78" font-family="Noto Sans" font-weight="bold" '
            f'font-size="50" fill="{INK}">{escape(name)}</text>',
            f'  <text x="161" y="122" font-family="Noto Sans" font-size="34" '
            f'fill="{INK}">kommun</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> int:
    LOGOS.mkdir(parents=True, exist_ok=True)
    for code, name in MUNICIPALITIES.items():
        (LOGOS / f"{code}.svg").write_text(logo(name), encoding="utf-8")
    (LOGOS / "generic.svg").write_text(logo(None), encoding="utf-8")
    print(f"wrote {len(MUNICIPALITIES) + 1} placeholders to {LOGOS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
