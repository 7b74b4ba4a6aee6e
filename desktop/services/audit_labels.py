"""The audit log's actions in Swedish: read by `matchning audit --help` too, which builds its
parser without loading the models (desktop/services/audit_log.py uses them)."""

from __future__ import annotations

ACTION_LABELS = {
    "read": "läst",
    "create": "skapat",
    "update": "ändrat",
    "delete": "raderat",
    "print": "utskrivet",
    "export": "exporterat",
    "login": "inloggning",
    "logout": "utloggning",
}
