"""Importing real files of every kind, and every kind of bad file: refused with a reason,
the library unchanged, no orphan files."""

from __future__ import annotations

import json
import os
import random
import struct
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from media import ffmpeg, tones
from media.analysis import MediaError
from station.errors import DataDirError, StationError
from station.library import ingest
from station.library import items as library
from station.paths import DataDir
from station.station import Station
from tests.support.cli import run_cli


def encode(src: Path, out: Path, *args: str) -> Path:
    ffmpeg.run(["-i", str(src), *args, "-y", str(out)], timeout=120)
    return out


@pytest.fixture(scope="module")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("media")
    # 6 s: 1 s of silence, 4 s of a 1 kHz tone at -20 dBFS, 1 s of silence.
    import numpy as np

    signal = np.concatenate([np.zeros((48000, 2), np.float32), tones.sine(1000.0, 4.0, -20.0),
                             np.zeros((48000, 2), np.float32)])
    wav = tones.write_wav(folder / "tone.wav", signal)
    encode(wav, folder / "tone.flac")
    encode(wav, folder / "bản tin.mp3", "-c:a", "libmp3lame", "-b:a", "128k",
           "-metadata", "title=Bản tin sáng", "-metadata", "artist=Phát thanh viên Hòa",
           "-metadata", "album=Thời sự", "-metadata", "date=2026-11-20")
    encode(wav, folder / "tone.m4a", "-c:a", "aac", "-b:a", "128k")
    encode(wav, folder / "tone.opus", "-c:a", "libopus", "-b:a", "64k")
    ffmpeg.run(["-f", "lavfi", "-i", "testsrc2=s=640x360:d=6", "-i", str(wav), "-shortest",
                "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-y",
                str(folder / "clip.mp4")], timeout=120)
    ffmpeg.run(["-f", "lavfi", "-i", "testsrc2=s=320x240:d=2", "-c:v", "libx264", "-an",
                "-y", str(folder / "silent.mkv")], timeout=120)
    ffmpeg.run(["-f", "lavfi", "-i", "testsrc2=s=800x600:d=1", "-frames:v", "1", "-y",
                str(folder / "ảnh.png")], timeout=60)
    (folder / "thông báo.txt").write_text("Thông báo cắt điện\nThôn Đông cắt điện từ 8 giờ.\n",
                                          encoding="utf-8")
    return folder


def store_state(st: Station) -> tuple[int, list[Path], list[Path]]:
    files = sorted(p for p in st.datadir.media.rglob("*") if p.is_file()) \
        if st.datadir.media.exists() else []
    temps = sorted(p for p in st.datadir.tmp.rglob("*") if p.is_file()) \
        if st.datadir.tmp.exists() else []
    return library.count(st), files, temps


@pytest.mark.parametrize(("name", "kind", "duration"), [
    ("tone.wav", "audio", 6.0), ("tone.flac", "audio", 6.0), ("bản tin.mp3", "audio", 6.0),
    ("tone.m4a", "audio", 6.0), ("tone.opus", "audio", 6.0), ("clip.mp4", "video", 6.0),
    ("silent.mkv", "video", None), ("ảnh.png", "image", None), ("thông báo.txt", "text", None),
])
def test_every_kind_imports_bit_exact(station: Station, media_dir: Path, name: str, kind: str,
                                      duration: float | None) -> None:
    source = media_dir / name
    result, changes = ingest.import_file(station, source, category="Thời sự")
    assert result.status == "imported" and changes.library
    item = result.item
    assert item.kind == kind and item.category == "Thời sự"
    if duration is None:
        assert item.duration_s is None
    else:
        assert item.duration_s == pytest.approx(duration, abs=0.05)
    if kind != "text":
        stored = library.file_path(station, item)
        assert stored is not None and stored.read_bytes() == source.read_bytes()
    else:
        body = station.db.execute("SELECT body FROM items WHERE id = ?", [item.id]).fetchone()[0]
        assert "Thôn Đông" in body and item.title == "Thông báo cắt điện"


def test_audio_analysis_is_stored_with_the_asset(station: Station, media_dir: Path) -> None:
    result, _ = ingest.import_file(station, media_dir / "tone.wav")
    row = station.db.execute(
        "SELECT integrated_lufs, true_peak_dbtp, leading_silence_s, trailing_silence_s,"
        " sample_rate, channels FROM assets WHERE sha256 = ?", [result.item.asset_sha256]
    ).fetchone()
    # ffmpeg's own ebur128 is right for a steady 1 kHz sine: the stored value must match it.
    ref = ffmpeg.run(["-i", str(media_dir / "tone.wav"), "-af", "ebur128", "-f", "null", "-"],
                     timeout=60).stderr
    expected = float(ref.split("Integrated loudness:")[1].split("I:")[1].split("LUFS")[0])
    assert row[0] == pytest.approx(expected, abs=0.1)
    assert row[1] == pytest.approx(-20.0, abs=0.2)
    assert row[2] == pytest.approx(1.0, abs=0.05) and row[3] == pytest.approx(1.0, abs=0.05)
    assert (row[4], row[5]) == (48000, 2)
    peaks = station.db.execute("SELECT length(data) FROM asset_peaks WHERE sha256 = ?",
                               [result.item.asset_sha256]).fetchone()[0]
    assert peaks > 100
    gain = station.db.execute("SELECT gain_db FROM items WHERE id = ?",
                              [result.item.id]).fetchone()[0]
    # To -23 LUFS, but the peak must stay under -1 dBTP: the smaller of the two gains.
    assert gain == pytest.approx(min(-23.0 - row[0], -1.0 - row[1]), abs=0.01)


def test_tags_fill_the_metadata(station: Station, media_dir: Path) -> None:
    result, _ = ingest.import_file(station, media_dir / "bản tin.mp3")
    row = station.db.execute("SELECT title, speaker, series, recorded_on, source_name FROM items"
                             " WHERE id = ?", [result.item.id]).fetchone()
    assert row == ("Bản tin sáng", "Phát thanh viên Hòa", "Thời sự", "2026-11-20", "bản tin.mp3")


def test_bwf_bext_is_read(station: Station, tmp_path: Path) -> None:
    wav = tones.write_wav(tmp_path / "bwf.wav", tones.sine(440.0, 1.0), subtype="PCM_16")
    data = wav.read_bytes()
    desc = "Phóng sự Hòa Bình".encode()
    bext = desc.ljust(256, b"\0") + b"DAI XA".ljust(32, b"\0") + b"REF1".ljust(32, b"\0") + \
        b"2026-11-21" + b"08:30:00" + struct.pack("<II", 48000 * 60, 0) + b"\0" * (602 - 346)
    chunk = b"bext" + struct.pack("<I", len(bext)) + bext
    riff = data[:12] + chunk + data[12:]
    riff = riff[:4] + struct.pack("<I", len(riff) - 8) + riff[8:]
    wav.write_bytes(riff)
    result, _ = ingest.import_file(station, wav)
    assert result.item.title == "Phóng sự Hòa Bình"
    row = station.db.execute("SELECT a.embedded_tags, i.recorded_on FROM items i JOIN assets a"
                             " ON a.sha256 = i.asset_sha256 WHERE i.id = ?",
                             [result.item.id]).fetchone()
    tags = json.loads(row[0])
    assert tags["bext"]["originator"] == "DAI XA" and tags["bext"]["time_reference"] == 2880000
    assert row[1] == "2026-11-21"


def test_video_gets_a_poster_and_image_a_thumbnail(station: Station, media_dir: Path) -> None:
    for name in ("clip.mp4", "ảnh.png"):
        result, _ = ingest.import_file(station, media_dir / name)
        mime, data = station.db.execute(
            "SELECT mime, data FROM asset_previews WHERE sha256 = ?",
            [result.item.asset_sha256]).fetchone()
        assert mime == "image/jpeg" and data[:2] == b"\xff\xd8"
    w, h = station.db.execute("SELECT width, height FROM assets WHERE kind = 'image'").fetchone()
    assert (w, h) == (800, 600)


def test_same_content_twice_is_one_item(station: Station, media_dir: Path,
                                        tmp_path: Path) -> None:
    copy = tmp_path / "bản sao.flac"
    copy.write_bytes((media_dir / "tone.flac").read_bytes())
    first, _ = ingest.import_file(station, media_dir / "tone.flac")
    second, changes = ingest.import_file(station, copy)
    assert second.status == "duplicate" and second.item.id == first.item.id
    assert not changes.library and library.count(station) == 1


def _bad_files(tmp: Path, media_dir: Path) -> Iterator[tuple[str, Path, str]]:
    empty = tmp / "rỗng.wav"
    empty.write_bytes(b"")
    yield "zero bytes", empty, "empty"
    text = tmp / "thật ra là chữ.wav"
    text.write_text("Đây không phải âm thanh\n" * 50, encoding="utf-8")
    yield "text named .wav", text, "not a media file"
    noise = tmp / "noise.mp3"
    noise.write_bytes(random.Random(7).randbytes(50_000))  # fixed: some noise has an MP3 sync
    yield "random bytes", noise, "not a media file"
    cut = tmp / "cut.wav"
    cut.write_bytes((media_dir / "tone.wav").read_bytes()[:200_000])
    yield "truncated wav", cut, "truncated"
    cut_mp4 = tmp / "cut.mp4"
    cut_mp4.write_bytes((media_dir / "clip.mp4").read_bytes()[:30_000])
    yield "truncated mp4", cut_mp4, "incomplete"
    binary_txt = tmp / "nhị phân.txt"
    binary_txt.write_bytes(b"\x00\x01\x02" * 100)
    yield "binary .txt", binary_txt, "not a text bulletin"
    latin1 = tmp / "latin1.txt"
    latin1.write_bytes("Thông báo".encode("utf-16"))
    yield "non-UTF-8 text", latin1, "text"
    yield "missing file", tmp / "không có.wav", "does not exist"


def test_bad_files_are_refused_with_a_reason_and_leave_nothing(station: Station,
                                                                media_dir: Path,
                                                                tmp_path: Path) -> None:
    before = store_state(station)
    for label, path, words in _bad_files(tmp_path, media_dir):
        with pytest.raises((StationError, MediaError)) as info:
            ingest.import_file(station, path)
        message = str(info.value)
        assert words in message, f"{label}: {message}"
        assert path.name in message, f"{label}: the message must name the file: {message}"
        assert store_state(station) == before, label


def test_a_file_that_changes_during_import_is_refused(station: Station, media_dir: Path,
                                                       tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    growing = tmp_path / "đang ghi.wav"
    growing.write_bytes((media_dir / "tone.wav").read_bytes())
    real = type(station.store).copy_in

    def copy_then_append(self, source, temp):  # type: ignore[no-untyped-def]
        digest = real(self, source, temp)
        with open(growing, "ab") as fh:  # the recorder writes on while we copy
            fh.write(b"\0" * 4096)
        return digest

    monkeypatch.setattr(type(station.store), "copy_in", copy_then_append)
    before = store_state(station)
    with pytest.raises(ingest.ImportRefused, match="changed while"):
        ingest.import_file(station, growing)
    assert store_state(station) == before


def test_a_file_that_vanishes_during_import_is_refused(station: Station, media_dir: Path,
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    going = tmp_path / "sắp mất.wav"
    going.write_bytes((media_dir / "tone.wav").read_bytes())
    real = type(station.store).copy_in

    def copy_then_delete(self, source, temp):  # type: ignore[no-untyped-def]
        digest = real(self, source, temp)
        going.unlink()
        return digest

    monkeypatch.setattr(type(station.store), "copy_in", copy_then_delete)
    before = store_state(station)
    with pytest.raises(ingest.ImportRefused, match="vanished"):
        ingest.import_file(station, going)
    assert store_state(station) == before


def test_a_full_disk_refuses_cleanly(tmp_path: Path, template_station: Path,
                                     media_dir: Path) -> None:
    import shutil

    from station import users
    from tests.conftest import ADMIN_PASSWORD

    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        shutil.copytree(template_station, mnt / "data")
        st = Station.open(DataDir(mnt / "data"))
        users.login(st, "admin", ADMIN_PASSWORD)
        big = tmp_path / "dài.wav"
        tones.write_wav(big, tones.sine(440.0, 30.0))  # about 8.6 MB: more than the disk
        before = store_state(st)
        with pytest.raises(DataDirError, match="media store"):
            ingest.import_file(st, big)
        assert store_state(st) == before
        st.close()
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_cli_import_and_analyze(datadir: DataDir, media_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "hỏng.wav"
    bad.write_bytes(b"RIFF" + os.urandom(300))
    done = run_cli("import", str(media_dir / "tone.flac"), str(bad), "--category", "Âm nhạc",
                   "--json", data_dir=datadir.root)
    assert done.returncode == 1
    rows = json.loads(done.stdout)
    assert rows[0]["status"] == "imported" and rows[0]["id"]
    assert rows[1]["status"] == "refused" and "hỏng.wav" in rows[1]["reason"]
    listed = json.loads(run_cli("list", "--json", data_dir=datadir.root).stdout)
    assert [i["category"] for i in listed] == ["Âm nhạc"]
    measured = run_cli("analyze", str(media_dir / "tone.m4a"), "--json")
    assert measured.returncode == 0, measured.stderr
    row = json.loads(measured.stdout)[0]
    for key in ("file", "duration_s", "sample_rate", "channels", "integrated_lufs", "lra_lu",
                "true_peak_dbtp", "sample_peak_dbfs"):
        assert key in row
    assert row["duration_s"] == pytest.approx(6.0, abs=0.05)


def test_a_file_name_in_another_character_set_is_refused(station: Station, media_dir: Path,
                                                         tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/b\xe1n tin.wav"  # "bản tin" in a legacy code page
    with open(raw, "wb") as fh:
        fh.write((media_dir / "tone.wav").read_bytes())
    with pytest.raises(ingest.ImportRefused, match="not valid text"):
        ingest.import_file(station, Path(os.fsdecode(raw)))
    assert library.count(station) == 0
