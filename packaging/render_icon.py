"""Render resources/icons/matchning.svg to matchning.png (256 px) and matchning.ico.

Run from anywhere: `python packaging/render_icon.py`. Uses only Qt (QtSvg is part of
PySide6-Essentials) and the standard library: every ICO size is rendered from the SVG
on its own, so the small sizes are drawn sharp rather than scaled down, and stored as
PNG entries (Windows Vista and later, and PyInstaller, read those).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "matchning.svg"
PNG_SIZE = 256
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"PNG"))
    if not writer.write(image):
        raise RuntimeError(f"could not encode the {size} px image: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO file whose entries are PNG images (one a size)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries = b""
    payload = b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        payload += png
        offset += len(png)
    return header + entries + payload


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"render_icon: cannot read {SVG}", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in {PNG_SIZE, *ICO_SIZES}}
    (ICONS / "matchning.png").write_bytes(images[PNG_SIZE])
    (ICONS / "matchning.ico").write_bytes(ico({size: images[size] for size in ICO_SIZES}))
    print(f"wrote {ICONS / 'matchning.png'} and {ICONS / 'matchning.ico'}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
