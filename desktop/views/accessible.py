"""What assistive technology is told about each control: a name and a description.

One place for the whole app (docs/ui.md, "Tillgänglighet"). A control's *name* is its
label: Qt takes it from the buddy label or the button text, or the screen sets
`setAccessibleName`. Its *description* is read after the name and says what the control
does or how it is used:

- a description the screen sets itself (`describe`, a hint beside a form field, a
  tooltip) comes first;
- else the sentence `DESCRIPTIONS` has for the control's objectName (buttons: what they
  do; filters: what they narrow);
- else a sentence for its kind: how a list, a drop-down, a text of several lines or a
  row of tabs is used from the keyboard, with the field's label in it (a drop-down's
  name is its chosen value on Linux, so its description says what it chooses).

`install` puts this on the application: every control gets its description when it is
first shown (also rows added later), without a call in each screen; the filter costs
about 2 µs an event (measured against 4 µs for sending one), well under a per cent of
a busy GUI thread. A reason shown beside a field (`say_reason`) is read instead, until
it is gone.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTabBar,
    QTextEdit,
    QWidget,
)

RESTING = "restingDescription"  # the description while no reason is shown


def tr(text: str) -> str:
    return QCoreApplication.translate("accessible", text)


# Buttons say what they do (and what follows); filters say what they narrow. By
# objectName, with a row's number written as N (`requirements.N.remove`).
DESCRIPTIONS: dict[str, str] = {
    # Main window and its screens
    "navigation": "Välj skärm med pil upp och ned. Ctrl+1 till Ctrl+6 går direkt till en skärm.",
    "showUpcoming": "Listan visar då också uppföljningar som ska göras de kommande två veckorna.",
    "municipalityFilter": "Visar bara det som hör till den valda kommunen.",
    "statusFilter": "Visar bara deltagare vars ärende har den valda statusen.",
    "myCasesFilter": "Döljer deltagare som har en annan handläggare.",
    "agentFilter": "Visar bara deltagare som har den valda handläggaren.",
    "employerMunicipalityFilter": "Visar bara arbetsgivare i den valda kommunen.",
    "sectorFilter": "Visar bara arbetsgivare i den valda sektorn.",
    "industryFilter": "Visar bara arbetsgivare i den valda branschen.",
    "relationshipStatusFilter": "Visar bara arbetsgivare med den valda relationen.",
    "myEmployersFilter": "Döljer arbetsgivare som en kollega är ansvarig för.",
    "employerAgentFilter": "Visar bara arbetsgivare som den valda kollegan är ansvarig för.",
    "formFilter": "Visar bara behov med den valda anställningsformen.",
    "notPassedFilter": "Döljer behov vars sista ansökningsdag redan har varit.",
    "clearNeedFilters": "Sätter alla filter till Alla, så att hela listan visas igen.",
    "openMatchedNeed": "Öppnar det valda behovet i ett eget fönster.",
    "candidateMunicipality": "Visar bara kandidater som bor i den valda kommunen.",
    "notProposed": "Döljer kandidater som redan är föreslagna till behovet.",
    "consentGiven": "Döljer kandidater som inte har samtyckt, och som därför inte kan föreslås.",
    "whyNotButton": "Visar vilka krav den valda personen inte uppfyller för behovet.",
    "reportThisYear": "Sätter perioden till hela innevarande år.",
    "reportLastYear": "Sätter perioden till hela förra året.",
    "reportMunicipality": "Rapporten räknar bara ärenden i den valda kommunen.",
    "reportAgent": "Rapporten räknar bara ärenden hos den valda handläggaren.",
    "reportShowButton": "Räknar rapporten för den valda perioden och visar den.",
    "newUserButton": "Öppnar en dialog där du lägger till en användare med tillfälligt lösenord.",
    "activeButton": "Inaktiverar den valda användaren så att den inte kan logga in, eller "
    "aktiverar den igen.",
    "resetPasswordButton": "Ger den valda användaren ett nytt tillfälligt lösenord som måste bytas "
    "vid inloggning.",
    "auditClearFilters": "Sätter alla filter till Alla, så att hela loggen visas igen.",
    "saveSettingsButton": "Sparar tiden till automatisk låsning och antalet säkerhetskopior.",
    "letterheadChooseLogo": "Öppnar en filväljare där du väljer en bild till brevhuvudet.",
    "letterheadRemoveLogo": "Tar bort logotypen ur brevhuvudet.",
    "letterheadSave": "Sparar brevhuvudet; nya brev och dokument får det.",
    "letterheadDefaultTemplate": "Ersätter brevmallens text med standardtexten.",
    "letterheadPreviewPdf": "Visar ett exempelbrev med brevhuvudet som PDF, utan att spara.",
    "saveRetentionButton": "Sparar hur länge uppgifter sparas innan de gallras.",
    "previewRetentionButton": "Visar vad gallringen skulle radera, utan att radera något.",
    "runRetentionButton": "Frågar först och raderar sedan det som ska gallras. Det kan inte "
    "ångras.",
    "personTable": "Pil upp och ned väljer en deltagare, Enter öppnar den i ett eget fönster.",
    "employerTable": "Pil upp och ned väljer en arbetsgivare, Enter öppnar den i ett eget fönster.",
    "needTable": "Pil upp och ned väljer ett behov, Enter öppnar det i ett eget fönster.",
    "employerNeeds": "Pil upp och ned väljer ett behov, Enter öppnar det i ett eget fönster.",
    "personNeedsTable": "Bäst passande behov först. Enter öppnar det valda behovet.",
    # A referral (Anvisningar in a person's, an employer's and a need's window)
    "step_presenterad": "Öppnar en dialog där du noterar att kandidaten presenterades för "
    "arbetsgivaren.",
    "step_intervju": "Öppnar en dialog där du noterar en intervju med arbetsgivaren.",
    "step_erbjuden": "Öppnar en dialog där du noterar att arbetsgivaren erbjöd jobbet.",
    "step_placerad": "Öppnar en dialog där du anger placeringens form och datum.",
    "step_avbojd": "Öppnar en dialog där du noterar att anvisningen avböjdes, och av vem.",
    "step_aterkallad": "Öppnar en dialog där du återkallar anvisningen.",
    "undoPlacementButton": "Öppnar en dialog där placeringen ångras; anvisningen blir erbjuden "
    "igen.",
    "removeWorkplace_N": "Tar bort raden med arbetsplatsen; det gäller när uppgifterna sparas.",
    # A person's window
    "erasePersonButton": "Öppnar en dialog som frågar efter skäl och bekräftelse. Raderingen kan "
    "inte ångras.",
    "statusButton_i_insats": "Ärendet markeras som att personen är i en insats.",
    "statusButton_avslutad": "Öppnar en dialog där du anger utfall och datum för avslutet.",
    "caseAgent": "Handläggaren som ska ta över ärendet. Byt handläggare sparar valet.",
    "assignButton": "Ger ärendet till handläggaren som är vald i listan bredvid.",
    "noteKind": "Vilken sorts anteckning det är, till exempel samtal eller möte.",
    "saveNoteButton": "Sparar anteckningen i journalen med dagens datum och ditt namn.",
    "taskAssignee": "Den som ska göra uppföljningen.",
    "employerTaskAssignee": "Den som ska göra uppföljningen.",
    "addTaskButton": "Sparar uppföljningen med beskrivning, datum och den som ska göra den.",
    "cancelEditButton": "Stänger redigeringen utan att spara; frågar först om något är ändrat.",
    "editProfileButton": "Öppnar profilen för ändring. Spara eller Avbryt stänger den igen.",
    "registerConsentButton": "Öppnar en dialog där du registrerar samtyckets slag, sätt och datum.",
    "documentsCreateButton": "Öppnar en dialog där du väljer vilket dokument som ska skapas.",
    "documentsAgainButton": "Skapar det valda dokumentet igen, med uppgifterna som de är nu.",
    # An employer's window
    "sector": "Om arbetsgivaren är privat, offentlig eller ideell.",
    "responsibleAgent": "Handläggaren som har ansvar för kontakten med arbetsgivaren.",
    "relationshipStatus": "Hur långt samarbetet med arbetsgivaren har kommit.",
    "addWorkplaceButton": "Lägger till en rad för en arbetsplats med egen adress.",
    "editContactPersonButton": "Öppnar den valda kontaktpersonens uppgifter för ändring.",
    "toggleContactPersonButton": "Kontaktpersonen finns kvar i historiken men föreslås inte "
    "längre.",
    "newNeedButton": "Öppnar ett nytt rekryteringsbehov för arbetsgivaren i ett eget fönster.",
    # A need's window
    "status_oppet": "Behovet är öppet och kan få kandidater.",
    "status_tillsatt": "Markerar att behovet är tillsatt.",
    "status_stangt": "Stänger behovet utan att det blev tillsatt.",
    "workplace_id": "Arbetsplatsen där jobbet finns, om arbetsgivaren har flera.",
    "form_code": "Anställningsform, till exempel anställning eller praktik.",
    "extent": "Om jobbet är på heltid eller deltid.",
    "requirementsAdd": "Lägger till en rad där du anger ett krav eller en merit.",
    "requirements.N.kind": "Vad raden gäller, till exempel körkort eller svenska.",
    "requirements.N.remove": "Tar bort raden med kravet eller meriten.",
    "closeNeedButton": "Stänger fönstret. Frågar först om något du skrivit skulle försvinna.",
    "closePersonNeeds": "Stänger fönstret med behoven som passar personen.",
    # The intake wizard
    "intakeSteps": "Välj ett steg du redan har varit på med pil upp och ned och Enter.",
    "has_identity_number": "Kryssa i om personen varken har personnummer eller "
    "samordningsnummer; då anger du varför.",
    "saveDraftButton": "Sparar det du har skrivit som utkast, så att du kan fortsätta senare.",
    "backButton": "Går till föregående steg utan att något försvinner.",
    "nextButton": "Kontrollerar steget och går vidare; det som behöver rättas markeras.",
    "consent_processing": "Kryssa i om personen har samtyckt till att uppgifterna behandlas.",
    "consent_sharing": "Kryssa i om personen har samtyckt till att profilen visas för "
    "arbetsgivare.",
    "consent_method": "Hur samtycket gavs, till exempel skriftligt eller muntligt.",
    "referred_by": "Skriv eller välj vem som skickade personen till tjänsten.",
    "languagesAdd": "Lägger till en rad där du anger ett språk och hur bra personen kan det.",
    "sfi_path": "Vilken studieväg i sfi personen läser eller har läst.",
    "sfi_course": "Den senaste sfi-kursen personen har läst.",
    "sas_level": "Den högsta nivån i svenska som andraspråk.",
    "swedish_cefr": "Personens nivå i svenska enligt den europeiska referensramen, A1 till C2.",
    "educationsAdd": "Lägger till en rad där du anger en utbildning.",
    "experiencesAdd": "Lägger till en rad där du anger ett yrke personen har arbetat med.",
    "certificatesAdd": "Lägger till en rad där du anger ett certifikat, till exempel truckkort.",
    "wishedOccupationsAdd": "Lägger till yrket som står i sökfältet bland de valda yrkena.",
    "wishedOccupationsList": "De yrken personen vill arbeta med; Ta bort tar bort det valda.",
    "wishedOccupationsRemove": "Tar bort det valda yrket ur listan.",
    "work_extent": "Om personen vill arbeta heltid eller deltid.",
    "edit_identity": "Går tillbaka till steget för att ändra det.",
    "edit_consent": "Går tillbaka till steget för att ändra det.",
    "edit_background": "Går tillbaka till steget för att ändra det.",
    "edit_languages": "Går tillbaka till steget för att ändra det.",
    "edit_education": "Går tillbaka till steget för att ändra det.",
    "edit_experience": "Går tillbaka till steget för att ändra det.",
    "edit_licences": "Går tillbaka till steget för att ändra det.",
    "edit_wishes": "Går tillbaka till steget för att ändra det.",
    # Dialogs
    "saveEmployerButton": "Sparar arbetsgivaren och öppnar den i ett eget fönster.",
    "contactKind": "Hur kontakten togs, till exempel besök eller telefon.",
    "saveContactButton": "Sparar kontakten i arbetsgivarens kontaktlogg och stänger dialogen.",
    "draftList": "Påbörjade inskrivningar, den senast sparade först. Enter fortsätter den valda.",
    "discardDraftButton": "Tar bort det valda utkastet efter en fråga. Det kan inte ångras.",
    "closeDraftsButton": "Stänger listan; utkasten finns kvar.",
    "resumeDraftButton": "Öppnar den valda inskrivningen där den lämnades.",
    "saveButton": "Byter lösenordet om det nuvarande stämmer och de nya är lika.",
    "consentKind": "Vilket samtycke personen har gett.",
    "consentMethod": "Hur samtycket gavs, till exempel skriftligt eller muntligt.",
    "eraseReason": "Skälet till raderingen, som sparas i loggen.",
    "confirmButton": "Raderar personen och allt om den. Det kan inte ångras.",
    "outcome": "Hur ärendet slutade, till exempel arbete eller studier.",
    "confirmCloseButton": "Avslutar ärendet med det valda utfallet och datumet.",
    "caseMunicipality": "Kommunen där ärendet öppnas.",
    "referredBy": "Skriv eller välj vem som skickade personen till tjänsten.",
    "confirmNewCaseButton": "Öppnar ett nytt ärende för personen.",
    "closeHistoryButton": "Stänger historiken.",
    "letterRecipient": "Vem brevet ställs till hos arbetsgivaren.",
    "letterResetButton": "Ersätter texten med brevmallens text; dina ändringar försvinner.",
    "letterSaveButton": "Sparar brevet som en PDF-fil i den mapp du väljer.",
    "letterOpenButton": "Öppnar den sparade PDF-filen i datorns PDF-läsare.",
    "letterCloseButton": "Stänger dialogen; ett sparat brev finns kvar i Dokument.",
    "letterBatchList": "Anvisningarna till behovet; de ikryssade får ett brev.",
    "letterBatchFolderButton": "Väljer mappen där breven sparas.",
    "letterBatchOpenButton": "Öppnar mappen med breven i filhanteraren.",
    "letterBatchWriteButton": "Skriver ett brev för varje ikryssad anvisning. Esc avbryter mellan "
    "två brev.",
    "letterBatchCloseButton": "Stänger dialogen; skrivna brev finns kvar i mappen.",
    "chooseEmployerButton": "Öppnar ett nytt rekryteringsbehov för den valda arbetsgivaren.",
    "role": "Vad användaren får göra: handläggare eller administratör.",
    "municipality": "Kommunen som användaren i första hand arbetar i.",
    "addUserButton": "Skapar kontot. Användaren byter lösenord vid första inloggningen.",
    "loginButton": "Loggar in och öppnar databasen.",
    "createButton": "Skapar den krypterade databasen med dig som administratör.",
    "quitButton": "Avslutar programmet utan att låsa upp det.",
    "unlockButton": "Låser upp och visar fönstren som de var.",
    "resetButton": "Ger användaren det tillfälliga lösenordet; det måste bytas vid inloggning.",
    "confirmWithdrawButton": "Samtycket gäller inte längre från det datum du angett.",
    "documentSaveButton": "Skapar det valda dokumentet och sparar det som en PDF-fil du väljer.",
    "documentPrintButton": "Skapar det valda dokumentet och skickar det till en skrivare.",
    "documentOpenButton": "Öppnar det sparade dokumentet i datorns PDF-läsare.",
    "documentCloseButton": "Stänger dialogen; sparade dokument finns kvar i listan.",
    "cancelButton": "Stänger dialogen utan att spara.",
    # Synchronisation (the status bar, its conflicts dialog, Administration → Server)
    "syncNowButton": "Skickar ändringarna härifrån till servern och hämtar kollegernas, nu.",
    "keepMineButton": "Ditt värde gäller och skickas till servern vid nästa synkronisering.",
    "keepServerButton": "Serverns värde står kvar här; ditt värde försvinner.",
    "serverConnectButton": "Ansluter datorn till servern; den första synkroniseringen börjar "
    "sedan.",
    "serverDisconnectButton": "Frågar först och slutar sedan synkronisera; det som finns här "
    "finns kvar.",
    "closeButton": "Stänger fönstret.",
}


def describe(widget: QWidget, text: str) -> None:
    """`text` is what `widget` is for: read by screen readers while no reason is shown."""
    widget.setProperty(RESTING, text)
    widget.setAccessibleDescription(text)


def say_reason(widget: QWidget, reason: str) -> None:
    """Read `reason` (what is wrong with the field) with `widget`; "" goes back to the
    field's own description."""
    widget.setAccessibleDescription(reason or resting(widget))


def resting(widget: QWidget) -> str:
    """The description `widget` has while no reason is shown: "" where it has a tooltip
    (Qt reads the tooltip as it is then)."""
    given = widget.property(RESTING)
    if isinstance(given, str) and given:
        return given
    if widget.toolTip():
        return ""
    return _by_name(widget) or _by_kind(widget)


def explain(widget: QWidget) -> None:
    """Give `widget` its description, unless it has one (or a reason) already."""
    if not isinstance(widget, _CONTROLS):
        return
    if isinstance(widget, QTabBar):
        _explain_tabs(widget)
    if not widget.accessibleDescription():
        widget.setAccessibleDescription(resting(widget))


def tab_in_order(widgets: Sequence[QWidget]) -> None:
    """Tab goes through `widgets` in this order: the order they are shown in, also for
    controls made after the ones below them (docs/ui.md, Tillgänglighet)."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def label_of(widget: QWidget) -> str:
    """What the field is called: its accessible name, else its buddy label's text."""
    if widget.accessibleName():
        return widget.accessibleName()
    window = widget.window()
    for label in window.findChildren(QLabel):
        if label.buddy() is widget:
            return label.text().replace("&", "")
    return ""


_CONTROLS = (
    QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit,
    QAbstractItemView, QTabBar,
)  # fmt: skip


def _explain_tabs(bar: QTabBar) -> None:
    """A screen reader reads a tab's tooltip as its description (the bar has none)."""
    count = bar.count()
    for index in range(count):
        if not bar.tabToolTip(index):
            text = tr("Flik %1 av %2. Pil vänster och höger byter flik, Ctrl+Tab går till nästa.")
            bar.setTabToolTip(index, text.replace("%1", str(index + 1)).replace("%2", str(count)))


def _by_name(widget: QWidget) -> str:
    name = re.sub(r"\.\d+\.", ".N.", widget.objectName())
    name = re.sub(r"_\d+$", "_N", name)
    text = DESCRIPTIONS.get(name)
    if text:
        return tr(text)
    if name.endswith(".N.remove"):
        return tr("Tar bort raden och det som står i den.")
    box = widget.parentWidget()
    if isinstance(box, QDialogButtonBox) and isinstance(widget, QAbstractButton):
        role = box.buttonRole(widget)
        if role == QDialogButtonBox.ButtonRole.RejectRole:
            return tr(DESCRIPTIONS["cancelButton"])
    return ""


def _by_kind(widget: QWidget) -> str:  # noqa: PLR0911, PLR0912 - one sentence a kind
    """How a control of this kind is used from the keyboard, with what it is for."""
    label = label_of(widget)
    if isinstance(widget, QTabBar):
        tabs = ", ".join(widget.tabText(i).replace("&", "") for i in range(widget.count()))
        return tr("Flikarna %1. Pil vänster och höger byter flik.").replace("%1", tabs)
    if isinstance(widget, QComboBox):
        if widget.isEditable():
            text = tr("%1: skriv för att söka, välj med pil upp och ned och Enter.")
        else:
            text = tr("%1: välj med pil upp och ned; Alt+pil ned visar alla val.")
        return text.replace("%1", label)
    if isinstance(widget, QLineEdit):
        if widget.echoMode() != QLineEdit.EchoMode.Normal:
            return tr("Det du skriver visas inte på skärmen.")
        if widget.placeholderText():
            return _from_placeholder(widget.placeholderText().strip())
        return tr("%1: skriv här; Tab går till nästa fält.").replace("%1", label)
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        if widget.isReadOnly():
            return tr("Skrivskyddad text: läs med piltangenterna.")
        if widget.tabChangesFocus():
            return tr("Text på flera rader: Enter ger ny rad, Tab går till nästa fält.")
        return tr("Text på flera rader: Enter ger ny rad, Ctrl+Tab går till nästa fält.")
    if isinstance(widget, QAbstractItemView):
        return tr("Pil upp och ned väljer en rad, Home och End går till första och sista raden.")
    if isinstance(widget, QAbstractSpinBox):
        return tr("Pil upp och ned ändrar värdet.")
    if isinstance(widget, QRadioButton):
        return tr("Ett av flera val: piltangenterna väljer ett annat.")
    if isinstance(widget, QCheckBox):
        return tr("Mellanslag kryssar i eller ur.")
    return ""


def _from_placeholder(text: str) -> str:
    """The grey text in an empty field, as a sentence: a format (ÅÅÅÅMMDD-NNNN, 147 30)
    is what to type; a hint (Sök på namn …, Till exempel: …) is said as it is."""
    if text.startswith("t.ex. "):
        text = tr("Till exempel %1").replace("%1", text.removeprefix("t.ex. "))
    elif not (" " in text and text[0].isupper()):
        text = tr("Skrivs som %1").replace("%1", text)
    return text if text.endswith((".", ")")) else text + "."


class _Describer(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            explain(watched)
        return False


# How often the app asks whether a screen reader has started, until one has.
AT_CHECK_MS = 2000


def install(app: QApplication, *, always: bool = False) -> None:
    """Describe every control of `app` when it is first shown, once an assistive
    technology is reading the app (`QAccessible.isActive()`: Qt's bridge to AT-SPI or
    UI Automation says so), or `always` (the tests, which check what it would hear).

    Only a screen reader reads descriptions, and the filter that gives them sees every
    event of the app: about 20 ms more for each record window built (the intake wizard
    sends 4,800 events as it is built and shown). Whether one has started is asked
    again when another window gets the focus and every AT_CHECK_MS; from then on every
    control shown is described, and those already on screen at once."""
    if app.property("accessibleDescriber"):
        return
    app.setProperty("accessibleDescriber", True)
    describer = _Describer(app)
    timer = QTimer(describer)
    timer.setInterval(AT_CHECK_MS)

    def start(*_args: object) -> None:
        if not (always or QAccessible.isActive()):
            return
        timer.stop()
        app.focusWindowChanged.disconnect(start)
        app.installEventFilter(describer)
        for widget in app.allWidgets():
            if widget.isVisible():
                explain(widget)

    app.focusWindowChanged.connect(start)
    timer.timeout.connect(start)
    timer.start()
    start()
