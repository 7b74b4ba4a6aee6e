"""Documents from the app: the referral letter dialog, saving and opening PDFs, the
Dokument tabs and the letterhead administration (issue 11, part 6)."""
