"""The app's look: one stylesheet, kept small so the platform style still does the rest."""

STYLESHEET = """
QLabel#screenTitle { font-size: 16pt; font-weight: 600; padding: 4px 0 6px 0; }
QListWidget#navigation { font-size: 11pt; border: none; background: palette(window); }
QListWidget#navigation::item { padding: 8px 12px; border-radius: 4px; margin: 1px 6px; }
QListWidget#navigation::item:selected { background: #1f5f99; color: white; }
QLabel#comingLater { color: #555; font-size: 11pt; }
QLabel#personCount { color: #444; }
"""
