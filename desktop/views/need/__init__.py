"""A recruitment need's screen: the editor for a new or saved need and its requirements."""
