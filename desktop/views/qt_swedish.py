"""Qt's own words in Swedish: the standard buttons (Avbryt, Ja, Nej, Stäng) and dialogs
that Qt draws itself, from the `qtbase_sv` translation shipped with PySide6 (and kept in
the frozen app by packaging/matchning.spec)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

SWEDISH = QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden)


def install(app: QCoreApplication) -> bool:
    """Load Qt's Swedish translation into `app`; False (English kept) if it is missing."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(SWEDISH, "qtbase", "_", folder):
        return False
    return app.installTranslator(translator)
