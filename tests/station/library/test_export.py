"""Export: bit-exact originals and JSON sidecars, into a folder or a zip, for any Unicode
title; a full disk, an unwritable target or a damaged store file leave nothing behind."""

from __future__ import annotations

import errno
import json
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest

from media import tones
from media.taskstate import Cancelled, TaskState
from station import audit
from station.library import export, ingest
from station.library import items as library
from station.library.export import ExportError, safe_stem
from station.station import Station
from tests.support.library import add_item

TITLE = "Bản tin thời sự: “Đặc biệt” 7/11 — Hòa Bình?"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Where exports go (tmp_path also holds the station's data dir)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def items(station: Station, out: Path) -> dict[str, Any]:
    wav = tones.write_wav(out / "ban-tin.wav", tones.sine(440.0, 1.0))
    imported, _ = ingest.import_file(station, wav, title=TITLE, category="Thời sự")
    # The same title again (NFD, other case) must not clash on any file system.
    twin = add_item(station, unicodedata.normalize("NFD", TITLE.upper()), b"RIFF twin bytes")
    text, _ = library.add_text(station, "CON", "Thông báo: lịch tiêm chủng ngày 12/12.\n"
                               "Bà con mang theo sổ tiêm.")
    return {"wav": wav, "imported": imported.item, "twin": twin, "text": text,
            "ids": [imported.item.id, twin.id, text.id]}


def originals(station: Station, items: dict[str, Any]) -> dict[str, bytes]:
    out = {}
    for key in ("imported", "twin"):
        path = library.file_path(station, items[key])
        assert path is not None
        out[items[key].id] = path.read_bytes()
    return out


def check_export(station: Station, items: dict[str, Any], report: export.ExportReport,
                 read: Any) -> None:
    assert [i.id for i in report.items] == items["ids"]
    want = originals(station, items)
    names: list[str] = []
    for exported in report.items:
        original, side = exported.files
        names += [original, side]
        meta = json.loads(read(side).decode("utf-8"))
        assert meta["item"]["id"] == exported.id and meta["file"] == original
        assert unicodedata.is_normalized("NFC", json.dumps(meta, ensure_ascii=False))
        if exported.id == items["text"].id:
            assert original == "_CON.txt"
            assert read(original).decode("utf-8") == meta["item"]["body"]
            assert meta["asset"] is None
        else:
            assert read(original) == want[exported.id]  # bit-exact
            assert meta["asset"]["sha256"] == meta["item"]["asset_sha256"]
    first = json.loads(read(report.items[0].files[1]))
    assert first["item"]["title"] == TITLE and first["item"]["category"] == "Thời sự"
    assert first["loudness"]["integrated_lufs"] is not None
    assert isinstance(first["embedded_tags"], dict)
    assert first["asset"]["sample_rate"] == 48000
    assert report.items[0].files[0].startswith("Bản tin thời sự_ “Đặc biệt” 7_11 — Hòa Bình_")
    keys = [unicodedata.normalize("NFC", n).casefold() for n in names]
    assert len(set(keys)) == len(keys)  # no clash even on Windows or macOS
    logged = audit.recent(station.db, 5, "library.export")
    assert logged and logged[0].detail["ids"] == items["ids"]


def test_export_to_a_folder(station: Station, items: dict[str, Any], out: Path) -> None:
    target = out / "xuất" / "tháng 11"
    report = export.export_items(station, items["ids"] + ["no-such-id"], target)
    assert report.not_found == ("no-such-id",) and not report.as_zip
    check_export(station, items, report, lambda name: (target / name).read_bytes())
    assert sorted(p.name for p in target.iterdir()) == sorted(report.files)  # no temp files
    # Again into the same folder: new names, nothing overwritten.
    again = export.export_items(station, [items["imported"].id], target)
    assert again.items[0].files[0].endswith(" (3).wav")  # the twin holds (2)
    assert len(list(target.iterdir())) == len(report.files) + 2


def test_export_to_a_zip(station: Station, items: dict[str, Any], out: Path) -> None:
    target = out / "xuất khẩu.zip"
    seen: list[float] = []
    report = export.export_items(station, items["ids"], target, as_zip=True,
                                 state=TaskState(lambda f, _t: seen.append(f)))
    assert report.target == str(target) and seen[-1] == 1.0
    with zipfile.ZipFile(target) as zf:
        assert zf.testzip() is None
        assert sorted(zf.namelist()) == sorted(report.files)
        check_export(station, items, report, zf.read)
    assert [p.name for p in out.iterdir() if p.name.endswith(".part")] == []
    # A folder as the target: a new zip named after the station inside it.
    inside = export.export_items(station, [items["text"].id], out, as_zip=True)
    assert Path(inside.target).parent == out and inside.target.endswith(".zip")


def test_a_full_disk_leaves_no_partial_export(station: Station, items: dict[str, Any],
                                             out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = export._copy

    def fills_up(source: Path, out: Any, *args: Any) -> None:
        out.write(b"x" * 1000)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export, "_copy", fills_up)
    with pytest.raises(ExportError, match="full"):
        export.export_items(station, items["ids"], out / "a.zip", as_zip=True)
    folder = out / "thư mục"
    with pytest.raises(ExportError, match="full"):
        export.export_items(station, items["ids"], folder)
    assert list(out.iterdir()) == [items["wav"]]  # no zip, no .part, no folder
    monkeypatch.setattr(export, "_copy", real)

    # Too little room is refused before anything is written.
    import shutil
    from types import SimpleNamespace

    monkeypatch.setattr(shutil, "disk_usage", lambda _p: SimpleNamespace(total=10, used=0, free=10))
    with pytest.raises(ExportError, match="not enough free space"):
        export.export_items(station, items["ids"], out / "b.zip", as_zip=True)
    assert list(out.iterdir()) == [items["wav"]]
    assert audit.recent(station.db, 5, "library.export") == []


def test_unwritable_target_damaged_file_and_cancel(station: Station, items: dict[str, Any],
                                                   out: Path) -> None:
    blocker = out / "a file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="not a folder"):
        export.export_items(station, items["ids"], blocker)
    with pytest.raises(ExportError, match="cannot write"):
        export.export_items(station, items["ids"], blocker / "sub")
    with pytest.raises(ExportError, match="does not exist"):
        export.export_items(station, items["ids"], out / "no" / "x.zip", as_zip=True)

    with pytest.raises(ExportError, match="data folder"):
        export.export_items(station, items["ids"], station.datadir.root / "export")

    state = TaskState()
    state.cancel()
    with pytest.raises(Cancelled):
        export.export_items(station, items["ids"], out / "huỷ", state=state)
    assert not (out / "huỷ").exists()

    path = library.file_path(station, items["twin"])
    assert path is not None
    raw = bytearray(path.read_bytes())
    raw[3] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(ExportError, match="damaged"):
        export.export_items(station, items["ids"], out / "c.zip", as_zip=True)
    with pytest.raises(ExportError, match="damaged"):
        export.export_items(station, items["ids"], out / "d")
    assert sorted(p.name for p in out.iterdir()) == sorted(["a file", items["wav"].name])


@pytest.mark.parametrize(("title", "expected"), [
    ("Bản tin 7:00 / sáng?", "Bản tin 7_00 _ sáng_"),
    ("con", "_con"),
    ("LPT1.mp3", "_LPT1.mp3"),
    ("  ...  ", "item"),
    ("Tin.\u202egpj.exe", "Tin.gpj.exe"),  # no right-to-left override to spoof an extension
    ("dòng một\ndòng hai\t", "dòng một dòng hai"),
    ("Tiếng Thái: ꪼꪕ / Khmer: ខ្មែរ 🎙", "Tiếng Thái: ꪼꪕ _ Khmer: ខ្មែរ 🎙".replace(":", "_")),
])
def test_safe_names(title: str, expected: str) -> None:
    assert safe_stem(title) == expected


def test_long_titles_are_cut_on_a_character() -> None:
    stem = safe_stem("Thời sự " * 60)
    assert len(stem.encode("utf-8")) <= export.MAX_STEM_BYTES
    assert stem == unicodedata.normalize("NFC", stem) and not stem.endswith(" ")
