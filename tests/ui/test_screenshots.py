"""The README's screenshots are made by docs/screenshots/make.py (offscreen, a demo station,
1366x768, Vietnamese): CI runs its ``main`` here into a temporary folder."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from tests.conftest import ROOT


def _make_module() -> Any:
    spec = importlib.util.spec_from_file_location("screenshots_make",
                                                  ROOT / "docs" / "screenshots" / "make.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _colours(image: QImage) -> int:
    """Distinct colours on a coarse grid: a blank or single-colour grab has one or two."""
    seen = {image.pixel(x, y) for x in range(0, image.width(), 17)
            for y in range(0, image.height(), 13)}
    return len(seen)


def test_the_script_makes_five_screenshots(qapp: object, tmp_path: Path) -> None:
    make = _make_module()
    paths = make.main(tmp_path / "shots", tmp_path / "data")
    assert [p.name for p in paths] == [f"{name}.png" for name in make.SHOTS]
    assert len(paths) == 5
    for path in paths:
        image = QImage(str(path))
        assert not image.isNull(), path
        assert (image.width(), image.height()) == make.SIZE == (1366, 768), path
        assert _colours(image) > 20, path


def test_the_readme_shows_every_screenshot() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    first_commands = text.index("bash installer/bootstrap.sh test")
    section = text.index("## Ảnh màn hình / Screenshots")
    assert section > first_commands
    make = _make_module()
    for name in make.SHOTS:
        assert f"(docs/screenshots/{name}.png)" in text, name
