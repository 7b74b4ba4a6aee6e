"""Referrals (anvisningar): the list of a person's or a need's referrals with the steps
each may take, and the dialogs of those steps."""

from desktop.views.referrals.dialogs import UNDO, HistoryDialog, StepDialog, StepInput
from desktop.views.referrals.model import ReferralColumn, ReferralTableModel
from desktop.views.referrals.panel import ReferralsPanel

__all__ = [
    "UNDO",
    "HistoryDialog",
    "ReferralColumn",
    "ReferralTableModel",
    "ReferralsPanel",
    "StepDialog",
    "StepInput",
]
