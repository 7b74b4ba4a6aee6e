"""An SSYK picker at any level: a major group ("5 Service-, omsorgs- och
försäljningsyrken"), a group in between ("532 Vård- och omsorgspersonal") or an
occupation ("5321 Undersköterskor, hemtjänst, …").

The recruitment-need list filters by such a group, and an experience requirement may ask
for experience of a whole group. `OccupationPicker` offers occupations only (level 4),
which is right for what a need recruits; this one lists every level in code order, so
the drop-down reads as the SSYK tree.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.services.reference import ReferenceService
from desktop.services.search import fold
from desktop.views.pickers import MOST_MATCHES, SearchPicker


class OccupationGroupPicker(SearchPicker):
    """`value()` is the chosen SSYK code at whatever level; typing searches codes (each
    word may start the code) and Swedish names, groups before the occupations in them."""

    def __init__(self, reference: ReferenceService, parent: QWidget | None = None) -> None:
        choices = reference.occupations_in_code_order()
        super().__init__([(o.code, o.label) for o in choices], parent=parent)
        self.line_edit().setPlaceholderText(self.tr("Skriv yrke, yrkesgrupp eller SSYK-kod"))
        self.setMinimumContentsLength(34)
        self._all = choices
        self._names = [fold(o.name) for o in choices]

    def search(self, text: str) -> list[int]:
        words = fold(text).split()
        if not words:
            return []
        found = [
            row
            for row, choice in enumerate(self._all)
            if all(choice.code.startswith(w) or w in self._names[row] for w in words)
        ]
        # A broad group is what a short word most likely means; then code order.
        found.sort(key=lambda row: (self._all[row].level, self._all[row].code))
        return found[:MOST_MATCHES]

    def describe(self, row: int) -> str:
        return " › ".join(self._all[row].parents)

    def level_of(self, code: str) -> int | None:
        """1–4 for a known code, None for text that names no SSYK entry."""
        return next((o.level for o in self._all if o.code == code), None)
