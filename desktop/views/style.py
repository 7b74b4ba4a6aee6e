"""The app's look: one stylesheet, kept small so the platform style still does the rest,
and the few colours text is drawn in, each chosen to read at WCAG 2.1 AA (4.5:1 or more)
on the window and list backgrounds (tests/views/test_contrast.py computes it)."""

# Grey secondary text: captions, hints, counts, empty states, finished or quiet rows.
# #555 keeps the dots of å/ä/ö at 6.5:1 on the window grey; lighter greys (#757575,
# #888, Qt's gray) fell to 4:1 or less.
SECONDARY = "#555555"
SECONDARY_STYLE = f"color: {SECONDARY};"
# Headings inside a log (journal, contact log): a blue-grey, darker than SECONDARY.
HEADING = "#37474f"
# Lines between entries of a log (not text).
BORDER = "#d0d0d0"

# Every colour text is drawn in, for the contrast test.
TEXT_COLOURS = {"SECONDARY": SECONDARY, "HEADING": HEADING}

STYLESHEET = f"""
QLabel#screenTitle {{ font-size: 16pt; font-weight: 600; padding: 4px 0 6px 0; }}
QListWidget#navigation {{ font-size: 11pt; border: none; background: palette(window); }}
QListWidget#navigation::item {{ padding: 8px 12px; border-radius: 4px; margin: 1px 6px; }}
QListWidget#navigation::item:selected {{ background: #1f5f99; color: white; }}
QLabel#comingLater {{ color: {SECONDARY}; font-size: 11pt; }}
QLabel#personCount {{ color: {SECONDARY}; }}
QLabel#currentUser {{ color: {SECONDARY}; padding: 6px 12px; }}
QLabel#emptyState {{ color: {SECONDARY}; padding: 16px; font-size: 11pt; }}
"""
