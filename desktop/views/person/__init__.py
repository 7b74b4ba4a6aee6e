"""The person screen (personkort): header, case, journal, follow-ups and profile.

Import `desktop.views.person.view` for the screen: this package does not, so the main
window's task list (task_model) comes up without the whole person screen (issue 18)."""
