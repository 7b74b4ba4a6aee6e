"""Demo and training data: made-up job seekers, employers and their histories.

`generate(db, SCALES["S"])` fills an empty database with consistent, realistic-looking
records that describe no real person: names are common names combined at random,
identity and organisation numbers are computed (valid check digits), e-mail and web
addresses use example domains, and journal texts are built from generic sentences.
The same seed and date always give byte-identical data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.services.demo.scales import SCALES, DemoScale, proportional

if TYPE_CHECKING:
    from desktop.services.demo.generator import DemoSummary, generate

__all__ = ["SCALES", "DemoScale", "DemoSummary", "generate", "proportional"]


def __getattr__(name: str) -> Any:
    # Loaded on first use: every start reads the demo logins from .database, and only
    # making a demo database needs the generator and its vocabulary.
    if name in ("DemoSummary", "generate"):
        from desktop.services.demo import generator

        return getattr(generator, name)
    raise AttributeError(name)
