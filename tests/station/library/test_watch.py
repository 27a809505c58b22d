"""Watched folders: a complete file is imported once and moved to "Đã nhập"; a file still
being written waits; a refused one goes to "Lỗi" with the reason beside it; partial and
hidden files are left alone; a vanished file or a full disk leaves the library unchanged."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from media import tones
from station.errors import QT_TRANSLATE_NOOP, DataDirError, ValidationError
from station.library import archive, ingest
from station.library import items as library
from station.library import watch as watchfolder
from station.library.watch import IMPORTED_DIR, REFUSED_DIR, WatchFolder
from station.station import Station


@pytest.fixture
def drop(tmp_path: Path) -> Path:
    folder = tmp_path / "Thư mục nhận tin"
    folder.mkdir()
    return folder


def watcher(st: Station, folder: Path, **kw: Any) -> WatchFolder:
    # No waiting in tests: two scans with the same size and time make a file complete.
    return WatchFolder(st, folder, "Thời sự", stable_seconds=3600, settle_seconds=0, **kw)


def kinds(events: list[watchfolder.WatchEvent]) -> list[tuple[str, str]]:
    return [(e.kind, e.file) for e in events]


def no_leftovers(st: Station) -> None:
    assert archive.verify(st, quick=True).ok  # no orphan file, no missing one
    assert st.db.execute("SELECT count(*) FROM store_intents").fetchone()[0] == 0
    assert [p for p in st.store.tmp.rglob("*") if p.is_file()] == [] if st.store.tmp.exists() \
        else True


def test_a_complete_file_is_imported_once(station: Station, drop: Path) -> None:
    wav = tones.write_wav(drop / "Bản tin 7 giờ.wav", tones.sine(440.0, 1.0))
    data = wav.read_bytes()
    w = watcher(station, drop)
    assert w.scan() == []  # first sight: could still be growing
    events = w.scan()
    assert kinds(events) == [("imported", "Bản tin 7 giờ.wav")]
    assert watchfolder.events_changes(events).library
    moved = drop / IMPORTED_DIR / "Bản tin 7 giờ.wav"
    assert events[0].moved_to == str(moved) and moved.read_bytes() == data
    assert not wav.exists()
    item = library.get_item(station, events[0].item_id or "")
    assert item is not None and item.category == "Thời sự" and item.title == "Bản tin 7 giờ"
    assert w.scan() == [] and w.scan() == []
    # The same news dropped again: recognised, not a second item; the name stays unique.
    wav.write_bytes(data)
    w.scan()
    assert kinds(w.scan()) == [("duplicate", "Bản tin 7 giờ.wav")]
    assert library.count(station) == 1
    assert len(list((drop / IMPORTED_DIR).iterdir())) == 2
    no_leftovers(station)


def test_a_growing_file_waits_for_the_next_scan(station: Station, drop: Path,
                                                tmp_path: Path) -> None:
    data = tones.write_wav(tmp_path / "full.wav", tones.sine(330.0, 1.0)).read_bytes()
    growing = drop / "tin chiều.wav"
    growing.write_bytes(data[:20000])
    w = watcher(station, drop)
    assert w.scan() == []
    with open(growing, "ab") as fh:
        fh.write(data[20000:])
    assert w.scan() == []  # it grew since the last scan: not complete yet
    assert library.count(station) == 0
    events = w.scan()
    assert kinds(events) == [("imported", "tin chiều.wav")]
    assert (drop / IMPORTED_DIR / "tin chiều.wav").read_bytes() == data


def test_an_old_file_needs_no_second_scan(station: Station, drop: Path) -> None:
    tones.write_wav(drop / "cũ.wav", tones.sine(440.0, 0.5))
    w = WatchFolder(station, drop, stable_seconds=0.0)
    assert kinds(w.scan()) == [("imported", "cũ.wav")]


def test_a_refused_file_goes_to_loi_with_the_reason(station: Station, drop: Path) -> None:
    bad = drop / "tin hỏng.mp3"
    bad.write_bytes(b"this is not audio at all " * 100)
    translated = {"Reason: {reason}": "Lý do: {reason}"}
    w = watcher(station, drop, translate=lambda _ctx, text: translated.get(text, text))
    w.scan()
    events = w.scan()
    assert kinds(events) == [("refused", "tin hỏng.mp3")]
    assert events[0].reason
    moved = drop / REFUSED_DIR / "tin hỏng.mp3"
    assert moved.exists() and not bad.exists()
    note = drop / REFUSED_DIR / "tin hỏng.mp3.lỗi.txt"
    text = note.read_text(encoding="utf-8-sig")
    assert "tin hỏng.mp3" in text and f"Lý do: {events[0].reason}" in text
    assert library.count(station) == 0
    assert w.scan() == []
    from station import audit

    assert audit.recent(station.db, 5, "item.import_refused")[0].detail["file"] == "tin hỏng.mp3"
    no_leftovers(station)


def test_partial_and_hidden_files_are_left_alone(station: Station, drop: Path) -> None:
    wav = tones.write_wav(drop / "x.wav", tones.sine(440.0, 0.2)).read_bytes()
    (drop / "x.wav").unlink()
    names = [".an.wav", "tải.wav.part", "b.wav.crdownload", "~$ghi chú.docx", "c.tmp", "d.wav~",
             "Thumbs.db"]
    for name in names:
        (drop / name).write_bytes(wav)
    (drop / "thư mục con").mkdir()
    w = watcher(station, drop)
    assert w.scan() == [] and w.scan() == []
    assert sorted(p.name for p in drop.iterdir()) == sorted([*names, "thư mục con"])
    assert library.count(station) == 0


def test_a_file_that_vanishes_before_its_import(station: Station, drop: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    wav = tones.write_wav(drop / "biến mất.wav", tones.sine(440.0, 0.5))
    w = watcher(station, drop)
    w.scan()
    real = ingest.import_file

    def gone_first(st: Station, path: Path, **kw: Any) -> Any:
        path.unlink()
        return real(st, path, **kw)

    monkeypatch.setattr(ingest, "import_file", gone_first)
    assert kinds(w.scan()) == [("vanished", "biến mất.wav")]
    assert not wav.exists() and not (drop / REFUSED_DIR).exists()
    assert library.count(station) == 0
    no_leftovers(station)


def test_a_full_disk_keeps_the_file_and_the_library(station: Station, drop: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    wav = tones.write_wav(drop / "tin.wav", tones.sine(440.0, 0.5))

    def full(*_a: Any, **_kw: Any) -> str:
        raise DataDirError(QT_TRANSLATE_NOOP("errors", "the disk holding {path} is full"),
                           path="/data")

    monkeypatch.setattr(type(station.store), "copy_in", full)
    w = watcher(station, drop)
    w.scan()
    events = w.scan()
    assert kinds(events) == [("error", "tin.wav")] and "full" in events[0].reason
    assert wav.exists() and not (drop / REFUSED_DIR).exists()
    assert library.count(station) == 0
    assert w.scan() == []  # backs off instead of hammering a full disk
    no_leftovers(station)


@pytest.mark.skipif(sys.platform != "linux", reason="undecodable names exist on Linux only")
def test_an_undecodable_name_is_refused_clearly(station: Station, drop: Path) -> None:
    name = os.fsdecode(b"tin-\xff.wav")
    os.rename(tones.write_wav(drop / "tin.wav", tones.sine(440.0, 0.3)), drop / name)
    w = watcher(station, drop)
    w.scan()
    events = w.scan()
    assert [e.kind for e in events] == ["refused"] and "rename" in events[0].reason
    assert (drop / REFUSED_DIR / name).exists()
    assert (drop / REFUSED_DIR / (name + ".lỗi.txt")).exists()
    assert library.count(station) == 0


def test_an_unchanged_folder_costs_one_stat(station: Station, drop: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    tones.write_wav(drop / "a.wav", tones.sine(440.0, 0.3))
    w = watcher(station, drop)
    w.scan()
    assert kinds(w.scan()) == [("imported", "a.wav")]
    w.scan()  # our own move changed the folder: one more look
    listed: list[object] = []
    real = os.scandir

    def counting(path: Any) -> Any:
        listed.append(path)
        return real(path)

    monkeypatch.setattr(os, "scandir", counting)
    assert w.scan() == [] and w.scan() == []
    assert listed == []
    (drop / "b.txt").write_text("Thông báo họp tổ dân phố lúc 19 giờ.", encoding="utf-8")
    w.scan()
    assert len(listed) == 1


def test_missing_folder_is_reported_once(station: Station, tmp_path: Path) -> None:
    w = watcher(station, tmp_path / "USB")
    assert [e.kind for e in w.scan()] == ["unavailable"]
    assert w.scan() == []


def test_watched_folders_are_settings(station: Station, drop: Path, tmp_path: Path) -> None:
    other = tmp_path / "tin tỉnh"
    other.mkdir()
    watchfolder.add_watched_folder(station, drop, "Thời sự")
    changes = watchfolder.add_watched_folder(station, other, "Thông báo")
    assert changes.settings
    watchfolder.add_watched_folder(station, drop, "Thời tiết")  # again: updates the category
    assert [(Path(f.path), f.category) for f in watchfolder.watched_folders(station)] == [
        (other, "Thông báo"), (drop, "Thời tiết")]
    assert [w.category for w in watchfolder.watchers(station)] == ["Thông báo", "Thời tiết"]
    with pytest.raises(ValidationError):
        watchfolder.add_watched_folder(station, tmp_path / "không có")
    with pytest.raises(ValidationError):
        watchfolder.add_watched_folder(station, station.datadir.media)
    watchfolder.remove_watched_folder(station, other)
    assert [Path(f.path) for f in watchfolder.watched_folders(station)] == [drop]
