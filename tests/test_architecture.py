"""The dependency rules of DESIGN.md section 1, checked on the real code."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

CORE = ("station", "media", "sync")
HEAVY = ("librosa", "numba", "scipy")


def imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return found


def test_core_never_imports_ui_or_widgets() -> None:
    offenders = []
    files = [p for pkg in CORE for p in (ROOT / pkg).rglob("*.py")]
    assert len(files) > 10, "the walk found no core modules: the test would prove nothing"
    for path in files:
        for line, name in imported_modules(path):
            if name == "ui" or name.startswith("ui.") or name.startswith("PySide6.QtWidgets"):
                offenders.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert offenders == []


def test_the_walk_catches_a_ui_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from ui.main_window import MainWindow\n"
                   "import PySide6.QtWidgets\n", encoding="utf-8")
    names = [n for _, n in imported_modules(bad)]
    assert "ui.main_window" in names and "PySide6.QtWidgets" in names


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json\n"
                          "print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
                              "STATION_NO_CRASH_DIALOG": "1"})
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_gui_start_up_does_not_import_heavy_analysis_libraries(tmp_path: Path) -> None:
    loaded = _modules_after(
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from station.paths import DataDir\n"
        "from ui.main_window import MainWindow\n"
        f"w = MainWindow(DataDir({str(tmp_path)!r}))\n"
        "w.show(); w.start()\n"
        "from ui.operations import wait_all\n"
        "wait_all(10000); app.processEvents()\n"
    )
    assert "ui.main_window" in loaded  # the window really was built
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
    assert heavy == []


def test_version_imports_neither_qt_nor_the_database() -> None:
    loaded = _modules_after(
        "import sys\nsys.argv = ['station', '--version']\n"
        "from ui.launch import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    assert "ui.launch" in loaded
    assert not any(m.startswith(("PySide6", "sqlite_utils", "numpy")) for m in loaded)


def test_qt_bindings_keep_reference_counts() -> None:
    """PySide6 6.12.0 on Python 3.11 dropped a reference to None on every void call and
    aborted the app after a few thousand UI updates; any such binding must be refused."""
    out = subprocess.run(
        [sys.executable, "-c",
         "import sys\nfrom PySide6.QtCore import QCoreApplication, QTimer\n"
         "app = QCoreApplication([])\nt = QTimer()\nbefore = sys.getrefcount(None)\n"
         "for _ in range(2000):\n    t.setInterval(5)\n    app.processEvents()\n"
         "print(sys.getrefcount(None) - before)"],
        capture_output=True, text=True, timeout=120, env={"QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr[-500:]
    assert abs(int(out.stdout.strip())) < 50, "the Qt binding leaks references to None"
