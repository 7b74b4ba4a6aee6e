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

# Each widget that looks different carries its own small style sheet; the application
# has none. With an application-wide sheet Qt restyles every widget moved into a window
# together with all it holds, so a window built from parts paid for it at each step: the
# intake wizard took 150 ms to build with one and 65 ms without (benchmarks/screens.py).
TITLE_STYLE = "font-size: 16pt; font-weight: 600; padding: 4px 0 6px 0;"
COMING_LATER_STYLE = f"color: {SECONDARY}; font-size: 11pt;"
COUNT_STYLE = SECONDARY_STYLE
CURRENT_USER_STYLE = f"color: {SECONDARY}; padding: 6px 12px;"
EMPTY_STATE_STYLE = f"color: {SECONDARY}; padding: 16px; font-size: 11pt;"
NAVIGATION_STYLE = """
QListWidget#navigation { font-size: 11pt; border: none; background: palette(window); }
QListWidget#navigation::item { padding: 8px 12px; border-radius: 4px; margin: 1px 6px; }
QListWidget#navigation::item:selected { background: #1f5f99; color: white; }
"""
