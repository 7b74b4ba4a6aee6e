"""A referral's statuses and reasons by name: light, for the screens and lists that name
them without the referral service and matching behind it."""

from __future__ import annotations

STATUS_NAMES = {
    "foreslagen": "Föreslagen",
    "presenterad": "Presenterad",
    "intervju": "Intervju",
    "erbjuden": "Erbjuden",
    "placerad": "Placerad",
    "avbojd": "Avböjd",
    "aterkallad": "Återkallad",
}
# Where a referral may go from each status. A step may be skipped forwards (an employer
# may offer the job without an interview); nothing goes back except an undone placement.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "foreslagen": ("presenterad", "intervju", "avbojd", "aterkallad"),
    "presenterad": ("intervju", "erbjuden", "avbojd", "aterkallad"),
    "intervju": ("erbjuden", "avbojd", "aterkallad"),
    "erbjuden": ("placerad", "avbojd", "aterkallad"),
    "placerad": (),
    "avbojd": (),
    "aterkallad": (),
}
# Waiting for the employer's or the job seeker's answer: what "my open referrals" lists.
AWAITING_ANSWER = ("foreslagen", "presenterad", "intervju", "erbjuden")
DECLINED_BY_NAMES = {"arbetsgivare": "Arbetsgivaren", "arbetssokande": "Den arbetssökande"}
DECLINE_REASONS: dict[str, dict[str, str]] = {
    "arbetsgivare": {
        "annan_kandidat": "Valde en annan kandidat",
        "kompetens": "Erfarenhet eller utbildning räckte inte",
        "svenska": "Svenskan räckte inte",
        "behovet_upphorde": "Behovet upphörde",
        "inget_svar": "Hörde inte av sig",
        "annat": "Annat skäl",
    },
    "arbetssokande": {
        "annat_arbete": "Har fått annat arbete",
        "villkor": "Villkoren passade inte (lön, arbetstider)",
        "resvag": "Arbetsplatsen ligger för långt bort",
        "halsa": "Hälsoskäl",
        "studier": "Har börjat studera",
        "annat": "Annat skäl",
    },
}
