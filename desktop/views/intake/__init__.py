"""The intake of a job seeker (a wizard of ten steps), the list of unfinished intakes,
and the profile editor that reuses the wizard's pages for a saved person."""

from desktop.views.intake.drafts import DraftsDialog
from desktop.views.intake.profile_editor import ProfileEditor
from desktop.views.intake.wizard import IntakeWizard

__all__ = ["DraftsDialog", "IntakeWizard", "ProfileEditor"]
