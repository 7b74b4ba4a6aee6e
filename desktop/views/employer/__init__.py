"""The employer screen (arbetsgivarkort) and the new-employer dialog."""

from desktop.views.employer.new_employer_dialog import NewEmployerDialog
from desktop.views.employer.view import EmployerView

__all__ = ["EmployerView", "NewEmployerDialog"]
