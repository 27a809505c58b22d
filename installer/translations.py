"""Refresh the translation files: lupdate collects every marked string from the code into
ui/translations/station_vi.ts (keeping the translations already made), lrelease compiles
the .qm the app loads. Translate the .ts with Qt Linguist (pyside6-linguist) in between.

    .venv/bin/python installer/translations.py          # update .ts and build .qm
    .venv/bin/python installer/translations.py --check  # fail if anything is untranslated
    .venv/bin/python installer/translations.py --qt     # only build qt_vi.qm from qt_vi.ts

qt_vi.ts is written by hand: Qt ships no Vietnamese for its own dialogs and buttons.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "ui" / "translations" / "station_vi.ts"
QM = TS.with_suffix(".qm")
QT_TS = TS.with_name("qt_vi.ts")  # Qt's own strings (file dialogs, standard buttons), by hand
QT_QM = QT_TS.with_suffix(".qm")
SOURCES = ("station", "media", "sync", "ui")


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(f"pyside6-{name}")
    return str(exe) if exe.exists() else f"pyside6-{name}"


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for d in SOURCES for p in (ROOT / d).rglob("*.py"))


def lupdate(ts: Path) -> None:
    """Collect the strings; a string that only moved to another class (a new context) keeps
    the Vietnamese it had, since lupdate alone would drop it as obsolete."""
    known = _translations(ts) if ts.exists() else {}
    subprocess.run([_tool("lupdate"), "-no-obsolete", "-locations", "none", *sources(),
                    "-ts", str(ts)], cwd=ROOT, check=True, capture_output=True)
    if known:
        _carry_over(ts, known)


def _key(message: ET.Element) -> tuple[str, str, str | None]:
    return (message.findtext("source") or "", message.findtext("comment") or "",
            message.get("numerus"))


def _translations(ts: Path) -> dict[tuple[str, str, str | None], ET.Element | None]:
    """Finished translations by source text; None where two contexts translate it apart."""
    found: dict[tuple[str, str, str | None], ET.Element | None] = {}
    for message in ET.parse(ts).iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
            continue
        key = _key(message)
        if key in found and (found[key] is None or
                             ET.tostring(found[key]) != ET.tostring(translation)):  # type: ignore[arg-type]
            found[key] = None
        else:
            found[key] = translation
    return found


def _carry_over(ts: Path, known: dict[tuple[str, str, str | None], ET.Element | None]) -> None:
    tree = ET.parse(ts)
    changed = False
    for message in tree.iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        old = known.get(_key(message))
        if old is None:
            continue
        message.remove(translation)
        message.append(old)
        changed = True
    if changed:
        # lupdate writes the same layout back on its next run, so the check stays stable
        tree.write(ts, encoding="utf-8", xml_declaration=True)
        subprocess.run([_tool("lupdate"), "-no-obsolete", "-locations", "none", *sources(),
                        "-ts", str(ts)], cwd=ROOT, check=True, capture_output=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT,
                   check=True, capture_output=True)


def untranslated(ts: Path) -> list[str]:
    tree = ET.parse(ts)
    missing = []
    for message in tree.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is None or translation.get("type") in ("unfinished", "vanished") or \
                not (translation.text or translation.findall("numerusform")):
            missing.append(source)
    return missing


def check() -> list[str]:
    """Problems: strings in the code missing from the .ts, untranslated ones, a stale .qm."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / TS.name
        shutil.copy(TS, fresh)
        lupdate(fresh)
        problems += [f"untranslated: {s!r}" for s in untranslated(fresh)]
        if fresh.read_bytes() != TS.read_bytes():
            problems.append("station_vi.ts is out of date: run installer/translations.py")
        qm = Path(tmp) / QM.name
        lrelease(TS, qm)
        if not QM.exists() or qm.read_bytes() != QM.read_bytes():
            problems.append("station_vi.qm is out of date: run installer/translations.py")
        qt_qm = Path(tmp) / QT_QM.name
        lrelease(QT_TS, qt_qm)
        if not QT_QM.exists() or qt_qm.read_bytes() != QT_QM.read_bytes():
            problems.append("qt_vi.qm is out of date: run installer/translations.py --qt")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--qt", action="store_true", help="only compile qt_vi.ts")
    args = parser.parse_args()
    if args.qt:
        lrelease(QT_TS, QT_QM)
        return 0
    if args.check:
        problems = check()
        for p in problems:
            print(p)
        return 1 if problems else 0
    TS.parent.mkdir(parents=True, exist_ok=True)
    lupdate(TS)
    lrelease(TS, QM)
    lrelease(QT_TS, QT_QM)
    missing = untranslated(TS)
    print(f"{TS.name}: {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
