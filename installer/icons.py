"""Station's icon files, rendered from installer/station.svg at build time (no binary icons in
the repository): a 256 px PNG for Linux desktops and a multi-size .ico for Windows.

    .venv/bin/python installer/icons.py OUT_DIR
"""

from __future__ import annotations

import struct
import sys
from dataclasses import dataclass
from pathlib import Path

SVG = Path(__file__).resolve().with_name("station.svg")
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


@dataclass(frozen=True)
class Icons:
    png: Path
    ico: Path
    svg: Path


def render_png(svg: Path, size: int, target: Path) -> Path:
    """The SVG drawn at size x size on a transparent background, saved as PNG."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):  # the format follows the .png suffix
        raise OSError(f"cannot write {target}")
    return target


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An ICO holding one PNG-compressed image per size (readable since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def render(out_dir: Path, svg: Path = SVG) -> Icons:
    """station.png (256 px), station-<size>.png, station.ico and a copy of the SVG."""
    out_dir.mkdir(parents=True, exist_ok=True)
    pngs = {size: render_png(svg, size, out_dir / f"station-{size}.png").read_bytes()
            for size in ICO_SIZES}
    png = out_dir / "station.png"
    png.write_bytes(pngs[256])
    ico = out_dir / "station.ico"
    ico.write_bytes(ico_bytes(pngs))
    copy = out_dir / "station.svg"
    copy.write_bytes(svg.read_bytes())
    return Icons(png, ico, copy)


if __name__ == "__main__":
    made = render(Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons"))
    print(made.png, made.ico, made.svg, sep="\n")
