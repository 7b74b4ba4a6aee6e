"""Swedish names for the codes stored in the database: one place for every label."""

from __future__ import annotations

CASE_STATUS = {
    "inskriven": "Inskriven",
    "aktiv": "Aktiv",
    "i_insats": "I insats",
    "avslutad": "Avslutad",
}

GENDER = {"kvinna": "Kvinna", "man": "Man", "annat": "Annat"}

IDENTITY_KIND = {
    "personnummer": "Personnummer",
    "samordningsnummer": "Samordningsnummer",
    "saknas": "Saknar nummer",
}

SECTOR = {"offentlig": "Offentlig", "privat": "Privat", "ideburen": "Idéburen"}
