"""Swedish names for the codes stored in the database: one place for every label."""

from __future__ import annotations

CASE_STATUS = {
    "inskriven": "Inskriven",
    "aktiv": "Aktiv",
    "i_insats": "I insats",
    "avslutad": "Avslutad",
}

# How a case ended: the labour-market forms outcomes are reported by, and the rest.
OUTCOME = {
    "anstallning": "Anställning",
    "nystartsjobb": "Nystartsjobb",
    "introduktionsjobb": "Introduktionsjobb",
    "extratjanst": "Extratjänst",
    "lonebidrag": "Lönebidrag",
    "praktik": "Praktik",
    "studier": "Studier",
    "flyttat": "Flyttat",
    "annat": "Annat",
}

NOTE_KIND = {"samtal": "Samtal", "mote": "Möte", "telefon": "Telefon", "ovrigt": "Övrigt"}

GENDER = {"kvinna": "Kvinna", "man": "Man", "annat": "Annat"}

IDENTITY_KIND = {
    "personnummer": "Personnummer",
    "samordningsnummer": "Samordningsnummer",
    "saknas": "Saknar nummer",
}

SECTOR = {"offentlig": "Offentlig", "privat": "Privat", "ideburen": "Idéburen"}

# Employers: where the relationship stands, and how a contact was made.
EMPLOYER_STATUS = {"prospekt": "Prospekt", "aktiv": "Aktiv", "vilande": "Vilande"}
CONTACT_KIND = {
    "besok": "Besök",
    "telefon": "Telefon",
    "epost": "E-post",
    "mote": "Möte",
    "event": "Evenemang",
    # A step of a referral to one of the employer's needs, shown in its contact log
    # (employers.REFERRAL_KIND); never logged as a contact.
    "anvisning": "Anvisning",
}

# Recruitment needs and their requirements.
NEED_STATUS = {"oppet": "Öppet", "tillsatt": "Tillsatt", "stangt": "Stängt"}
REQUIREMENT_KIND = {
    "svenska": "Svenska",
    "sprak": "Annat språk",
    "korkort": "Körkort",
    "utbildning": "Utbildning",
    "erfarenhet": "Erfarenhet",
    "certifikat": "Certifikat",
}
IMPORTANCE = {"krav": "Krav", "merit": "Merit"}
EXTENT = {"heltid": "Heltid", "deltid": "Deltid"}
