"""A recruitment need's screen: the editor for a new or saved need and its requirements."""

from desktop.views.need.editor import NeedEditor

__all__ = ["NeedEditor"]
