"""Recording: meters, the crash-safe journal, and real takes through PulseAudio (DESIGN.md
section 8): a known signal played into the null sink 'studio' is recorded from studio_mic."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from media.meters import LevelMeter
from media.take_journal import (
    AUDIO,
    DiskFull,
    TakeHeader,
    TakeJournal,
    finish_folder,
    recover,
)
from station.paths import DataDir
from station.station import Station
from tests.support.cli import ADMIN, password_of
from tests.support.disks import small_tmpfs
from tests.support.pulse import play, remap_module, restore_mic
from tests.support.signals import dbfs, sine

RATE = 48000


@pytest.fixture(autouse=True)
def _one_application(qapp: Any) -> None:
    """media.record makes a bare QCoreApplication when none exists; a later widget test in
    the same process needs a QApplication, so make that one first."""


# -- meters -----------------------------------------------------------------------------------
def feed(meter: LevelMeter, x: np.ndarray, block: int = 1024) -> None:
    for i in range(0, len(x), block):
        meter.feed(x[i:i + block])


def test_meter_reads_a_minus_20_dbfs_sine() -> None:
    # 997 Hz, where K-weighting is flat: a -20 dBFS sine in one channel is -23.01 LUFS
    # (BS.1770: 0 dBFS reads -3.01), its RMS -23.01 dBFS, its peak -20.
    m = LevelMeter(RATE, 1)
    feed(m, sine(997.0, 4.0, -20.0, channels=1))
    r = m.reading()
    assert r.peak_dbfs[0] == pytest.approx(-20.0, abs=0.01)
    assert r.hold_dbfs[0] == pytest.approx(-20.0, abs=0.01)
    assert r.rms_dbfs[0] == pytest.approx(-23.01, abs=0.02)
    assert r.momentary_lufs == pytest.approx(-23.01, abs=0.05)
    assert r.short_term_lufs == pytest.approx(-23.01, abs=0.05)
    assert r.clipped == (False,)
    # the same in both channels sums: +3 dB of loudness, the same peak and RMS per channel
    m2 = LevelMeter(RATE, 2)
    feed(m2, sine(997.0, 4.0, -20.0))
    r2 = m2.reading()
    assert r2.momentary_lufs == pytest.approx(-20.0, abs=0.05)
    assert r2.rms_dbfs == pytest.approx((-23.01, -23.01), abs=0.02)


def test_meter_windows_hold_and_clip() -> None:
    m = LevelMeter(RATE, 2)
    assert m.reading().momentary_lufs is None  # no 400 ms window yet
    loud = sine(997.0, 0.5, -6.0)
    quiet = sine(997.0, 1.0, -30.0)
    feed(m, np.concatenate([loud, quiet]))
    r = m.reading()
    assert r.hold_dbfs[0] == pytest.approx(-6.0, abs=0.01)  # held: 1 s after the burst
    assert r.momentary_lufs == pytest.approx(-30.0 + 3.0 - 3.01 + 0.0, abs=0.1)  # quiet only
    assert r.short_term_lufs is None  # 1.5 s: the 3 s window has not filled
    assert m.reading().peak_dbfs[0] == -np.inf  # the peak restarts at each reading
    feed(m, sine(997.0, 1.6, -30.0))
    assert m.reading().hold_dbfs[0] == pytest.approx(-30.0, abs=0.01)  # > 2 s: released
    assert m.reading().clipped == (False, False)
    hot = np.zeros((100, 2), dtype=np.float32)
    hot[50, 1] = 10 ** (-0.05 / 20)
    m.feed(hot)
    assert m.reading().clipped == (False, True)
    m.reset_clip()
    hot[50, 1] = 10 ** (-0.2 / 20)
    m.feed(hot)
    assert m.reading().clipped == (False, False)


def test_three_full_scale_samples_in_a_row_across_blocks() -> None:
    m = LevelMeter(RATE, 1, clip_dbfs=0.0, clip_run=3)
    x = np.zeros((200, 1), dtype=np.float32)
    x[99:101] = 1.0  # two in a row: not a clip
    m.feed(x)
    assert m.reading().clipped == (False,)
    x[:] = 0
    x[198:200] = -1.0
    m.feed(x)
    m.feed(np.full((1, 1), 1.0, dtype=np.float32))  # the third, in the next block
    assert m.reading().clipped == (True,)


# -- the journal ------------------------------------------------------------------------------
def header(take_id: str = "t1", fmt: str = "s16", channels: int = 2) -> TakeHeader:
    return TakeHeader(take_id, RATE, channels, fmt, "2026-11-22T10:00:00Z", "mic", "Bản tin",
                      os.getpid())


def test_journal_survives_an_abandoned_take(tmp_path: Path) -> None:
    x = (sine(440.0, 2.0, -12.0) * 32767).astype(np.int16)
    j = TakeJournal.create(tmp_path / "t1", header())
    for i in range(0, len(x), 4800):
        j.append(x[i:i + 4800].tobytes())
    j.add_marker(48000, "câu hỏi")
    j.sync()
    # the process dies here: a torn last frame, no close, no finish
    with open(tmp_path / "t1" / AUDIO, "ab") as fh:
        fh.write(b"\x01\x02\x03")
    with open(tmp_path / "t1" / "markers.jsonl", "a") as fh:
        fh.write('{"position": 9')  # a torn marker line
    meta = json.loads((tmp_path / "t1" / "take.json").read_text())
    assert meta["title"] == "Bản tin" and meta["sample_rate"] == RATE
    done = recover(tmp_path)
    assert len(done) == 1 and done[0].frames == len(x) and done[0].seconds == 2.0
    y, rate = sf.read(str(done[0].flac), dtype="int16")
    assert rate == RATE and np.array_equal(y, x)  # 16-bit stays bit-exact
    assert [(m.position, m.label) for m in done[0].markers] == [(48000, "câu hỏi")]
    # finishing again (a crash after the FLAC was written) keeps that FLAC
    assert finish_folder(tmp_path / "t1").frames == len(x)


def test_journal_skips_takes_still_being_recorded(tmp_path: Path) -> None:
    j = TakeJournal.create(tmp_path / "live", header("live"))
    j.append(np.zeros((480, 2), np.int16).tobytes())
    assert recover(tmp_path, in_use=lambda h: h.pid == os.getpid()) == []
    j.close()


def test_journal_on_a_full_disk_keeps_what_was_written(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "mnt", "256k") as mnt:
        j = TakeJournal.create(mnt / "t1", header(fmt="f32"))
        block = sine(440.0, 0.1, -12.0)  # 38 400 bytes
        with pytest.raises(DiskFull, match="full") as caught:
            for _ in range(100):
                j.append(block.tobytes())
        assert "kept" in str(caught.value)
        kept = j.frames
        assert kept > 0 and (mnt / "t1" / AUDIO).stat().st_size == kept * 8
        shutil.copytree(mnt / "t1", tmp_path / "moved")  # space found elsewhere
    done = finish_folder(tmp_path / "moved")
    assert done.frames == kept
    y, _ = sf.read(str(done.flac), dtype="float32")
    assert np.allclose(y[:4800], block, atol=2e-7)


# -- real recordings through PulseAudio -------------------------------------------------------
def login(datadir: DataDir) -> Station:
    from station import users
    from station.startup import open_station
    from tests.conftest import ADMIN_PASSWORD

    st = open_station(datadir)  # as the app opens it: with the recovery sweep
    users.login(st, "admin", ADMIN_PASSWORD)
    return st


def test_a_take_records_what_was_played(pulse: dict[str, str], station: Station,
                                        tmp_path: Path) -> None:
    from station.library import items as library
    from station.recording import takes as recordings

    rng = np.random.default_rng(7)
    # Long enough to cover Qt's slow start of capture on a loaded machine.
    n = 15 * RATE
    noise = np.convolve(rng.standard_normal(n), np.ones(4) / 4, "same") * 0.1  # < 12 kHz
    tone = sine(1000.0, 15.0, -12.0, channels=1)[:, 0]
    player = play(pulse, np.stack([tone, noise], axis=1).astype(np.float32),
                  tmp_path / "known.wav")
    try:
        time.sleep(0.3)
        result, changes = recordings.record_take(station, seconds=2.0, title="Phỏng vấn",
                                                 category="Thời sự")
    finally:
        player.kill()
        player.wait(10)
    assert changes.library and changes.studio
    item = library.get_item(station, result.item.id)
    assert item is not None and item.title == "Phỏng vấn" and item.category == "Thời sự"
    assert item.duration_s == pytest.approx(2.0, abs=1e-6)  # counted in samples
    path = station.store.path(item.asset_sha256, "flac")
    y, rate = sf.read(str(path), dtype="float32")
    assert rate == RATE and len(y) == 2 * RATE
    left, right = y[:, 0], y[:, 1]
    assert dbfs(left) == pytest.approx(dbfs(tone), abs=0.5)  # -15.05 dBFS RMS
    spectrum = np.abs(np.fft.rfft(left * np.hanning(len(left))))
    assert np.fft.rfftfreq(len(left), 1 / RATE)[spectrum.argmax()] == pytest.approx(1000, abs=1)
    # The noise channel is found in what was played, whatever the latency.
    ref = noise.astype(np.float32)
    corr = np.fft.irfft(np.fft.rfft(ref, 2 * n) * np.conj(np.fft.rfft(right, 2 * n)))
    lag = int(corr.argmax())
    segment = ref[lag:lag + len(right)]
    assert len(segment) == len(right)
    r = float(np.corrcoef(segment, right)[0, 1])
    assert r > 0.95, r
    take = recordings.list_takes(station)[0]
    assert take.state == "finished" and take.item_id == item.id
    assert take.dropped_frames == 0 and take.ended_reason == "done"


def test_markers_while_recording(pulse: dict[str, str], station: Station) -> None:
    from media import record
    from station.recording import takes as recordings

    settings = record.CaptureSettings(channels=1)
    journal = recordings.begin_take(station, settings, device_name="studio_mic",
                                    title="Có đánh dấu")
    marks: list[int] = []

    def drop(capture: Any) -> None:
        def later() -> None:
            while capture.frames < RATE // 2:
                time.sleep(0.01)
            marks.append(capture.mark("M1"))
        threading.Thread(target=later, daemon=True).start()

    outcome = record.record(journal, settings, seconds=1.0, on_capture=drop)
    assert outcome.reason == "done" and outcome.frames == RATE
    assert outcome.dropped_frames == 0
    result, _ = recordings.finish_take(station, journal.header.take_id, outcome)
    assert result is not None
    assert marks and RATE // 2 <= marks[0] < RATE
    assert recordings.item_markers(station, result.item.id) == [(marks[0] / RATE, "M1")]


def test_missing_device_and_bad_format_are_clear(pulse: dict[str, str],
                                                 station: Station) -> None:
    from media import record
    from station.recording import takes as recordings

    with pytest.raises(record.DeviceNotFound, match="no audio input named 'Micro không có'"):
        recordings.record_take(station, seconds=1, device="Micro không có")
    with pytest.raises(record.FormatNotSupported, match="cannot record 500000 Hz"):
        record.check_format(record.find_device(None), record.CaptureSettings(sample_rate=500000))
    assert recordings.list_takes(station) == []


def test_the_device_vanishing_mid_take_keeps_the_take(pulse: dict[str, str],
                                                      datadir: DataDir) -> None:
    # In its own process: Qt keeps stale PulseAudio state once a source it used was
    # unloaded and loaded again, which would leave later tests here recording silence.
    module = remap_module(pulse)
    exe = Path(sys.executable).with_name("station")
    proc = subprocess.Popen([str(exe), "--data-dir", str(datadir.root), "--user", ADMIN, "record",
                             "--seconds", "20", "--title", "Mất", "--json"],
                            env={**os.environ, **pulse, "STATION_PASSWORD": password_of(ADMIN)},
                            stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    root = datadir.root / "recordings"
    try:
        deadline = time.monotonic() + 20
        pcm: list[Path] = []
        while not pcm or pcm[0].stat().st_size < RATE * 4:  # a second of 16-bit stereo
            assert time.monotonic() < deadline and proc.poll() is None, "no audio arrived"
            time.sleep(0.05)
            pcm = list(root.glob("*/audio.pcm")) if root.is_dir() else []
        subprocess.run(["pactl", "unload-module", module], env=pulse, check=True)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
        restore_mic(pulse)
    assert proc.returncode == 0, err
    row = json.loads(out)
    assert any("went away" in w for w in row["warnings"]), row
    assert 1.0 <= row["duration_s"] < 5.0


def test_a_full_disk_mid_take_stops_cleanly(pulse: dict[str, str], tmp_path: Path) -> None:
    from media import record

    with small_tmpfs(tmp_path / "mnt", "200k") as mnt:
        settings = record.CaptureSettings(channels=1)  # 96 kB/s: full in about 2 s
        journal = TakeJournal.create(mnt / "t", header("t", channels=1))
        outcome = record.record(journal, settings, seconds=20.0)
        assert outcome.reason == "disk_full" and isinstance(outcome.error, DiskFull)
        assert outcome.frames > RATE // 2
        assert (mnt / "t" / AUDIO).stat().st_size == outcome.frames * 2
        shutil.copytree(mnt / "t", tmp_path / "t")
    assert finish_folder(tmp_path / "t").frames == outcome.frames


def test_a_killed_recording_is_recovered_at_the_next_start(pulse: dict[str, str],
                                                           datadir: DataDir) -> None:
    from station.library import items as library
    from station.recording import takes as recordings

    exe = Path(sys.executable).with_name("station")
    proc = subprocess.Popen([str(exe), "--data-dir", str(datadir.root), "--user", ADMIN, "record",
                             "--seconds", "30", "--title", "Tin chiều"],
                            env={**os.environ, **pulse, "STATION_PASSWORD": password_of(ADMIN)},
                            stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    root = datadir.root / "recordings"
    deadline = time.monotonic() + 20
    pcm: list[Path] = []
    while not pcm or pcm[0].stat().st_size == 0:
        assert time.monotonic() < deadline and proc.poll() is None, proc.stderr
        time.sleep(0.02)
        pcm = list(root.glob("*/audio.pcm")) if root.is_dir() else []
    first_at, first_bytes = time.monotonic(), pcm[0].stat().st_size
    time.sleep(3.0)
    killed_at = time.monotonic()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # what the device had delivered when the process died (2 bytes x 2 channels a frame)
    expected_s = first_bytes / 4 / RATE + (killed_at - first_at)
    st = login(datadir)
    try:
        found = recordings.recovered_takes(st)
        assert len(found) == 1
        take = found[0]
        assert take.title == "Tin chiều" and take.item_id
        assert take.duration_s is not None
        assert expected_s - 2.0 <= take.duration_s <= expected_s + 0.2, (take, expected_s)
        item = library.get_item(st, take.item_id)
        assert item is not None and item.duration_s == pytest.approx(take.duration_s, abs=0.01)
        assert not list(root.iterdir())  # the journal went once the item was safe
        recordings.mark_reported(st, [take.id])
        assert recordings.recovered_takes(st) == []
    finally:
        st.close()


def test_cli_record(pulse: dict[str, str], datadir: DataDir) -> None:
    from tests.support.cli import run_cli

    done = run_cli("record", "--seconds", "1", "--title", "Bản tin sáng", "--json",
                   data_dir=datadir.root, env=pulse)
    assert done.returncode == 0, done.stderr
    row = json.loads(done.stdout)
    assert row["title"] == "Bản tin sáng" and row["duration_s"] == pytest.approx(1.0, abs=1e-6)
    bad = run_cli("record", "--seconds", "1", "--device", "không có", data_dir=datadir.root,
                  env=pulse)
    assert bad.returncode == 1 and "no audio input named 'không có'" in bad.stderr
    listed = run_cli("record", "--list-devices", "--json", env=pulse)
    assert any(d["id"] == "studio_mic" for d in json.loads(listed.stdout))


def test_cli_record_at_a_chosen_rate_and_channels(pulse: dict[str, str],
                                                  datadir: DataDir) -> None:
    from station.library import items as library
    from tests.support.cli import run_cli

    done = run_cli("record", "--seconds", "1", "--rate", "44100", "--channels", "1",
                   "--title", "Mono 44,1", "--json", data_dir=datadir.root, env=pulse)
    assert done.returncode == 0, done.stderr
    row = json.loads(done.stdout)
    assert row["duration_s"] == pytest.approx(1.0, abs=1e-6)
    st = login(datadir)
    try:
        item = library.get_item(st, row["id"])
        assert item is not None
        info = sf.info(str(st.store.path(item.asset_sha256, "flac")))
    finally:
        st.close()
    assert (info.samplerate, info.channels, info.frames) == (44100, 1, 44100)
    bad = run_cli("record", "--seconds", "1", "--rate", "500000", data_dir=datadir.root,
                  env=pulse)
    assert bad.returncode == 1 and "cannot record 500000 Hz" in bad.stderr


def test_a_full_disk_finishes_the_take_at_once_or_leaves_it_for_the_sweep(
        pulse: dict[str, str], station: Station, tmp_path: Path) -> None:
    """The take's own disk fills: the take is saved at once with what was written (the
    FLAC goes beside the media store) and the result says why it is short. When there is
    no room for the FLAC either, the user is told and the journal stays for the sweep."""
    from station.library import items as library
    from station.recording import takes as recordings

    tone = sine(1000.0, 12.0, -12.0, channels=1)
    root = recordings.recordings_root(station)
    with small_tmpfs(root, "200k"):  # 96 kB/s of mono 16-bit: full in about 2 s
        player = play(pulse, tone, tmp_path / "tone.wav")
        try:
            result, _ = recordings.record_take(station, seconds=20.0, channels=1,
                                               title="Đầy đĩa")
        finally:
            player.kill()
            player.wait(10)
        take = recordings.list_takes(station)[0]
        assert take.state == "finished" and take.ended_reason == "disk_full"
        assert any("is full" in w and "kept" in w for w in result.warnings), result.warnings
        item = library.get_item(station, result.item.id)
        assert item is not None and 0.5 < (item.duration_s or 0) < 3.0
        assert take.duration_s == pytest.approx(item.duration_s, abs=1e-6)
        assert not list(root.iterdir())  # the journal went once the item was safe
        y, _ = sf.read(str(station.store.path(item.asset_sha256, "flac")), dtype="float32")
        assert dbfs(y[len(y) // 2:]) == pytest.approx(dbfs(tone), abs=0.5)

        # Now no room beside the store either: said so, and nothing recorded is lost.
        with small_tmpfs(station.store.tmp, "16k"):
            player = play(pulse, tone, tmp_path / "tone2.wav")
            try:
                with pytest.raises(recordings.TakeLeftForRecovery,
                                   match="no room to save it") as caught:
                    recordings.record_take(station, seconds=20.0, channels=1, title="Không chỗ")
            finally:
                player.kill()
                player.wait(10)
        take = recordings.list_takes(station)[0]
        assert take.title == "Không chỗ" and take.state == "recording"
        kept = (root / take.id / AUDIO).stat().st_size
        assert kept > RATE  # over half a second of audio kept for the sweep
        assert float(caught.value.params["seconds"]) == pytest.approx(kept / 2 / RATE, abs=0.05)
        shutil.copytree(root / take.id, tmp_path / "kept")
    assert finish_folder(tmp_path / "kept").frames * 2 == kept  # all of it, once there is room


def test_record_while_monitoring_plays_the_input_to_the_chosen_output(
        pulse: dict[str, str], tmp_path: Path) -> None:
    """Pass-through: a second null sink stands in for the studio's headphones; what the take
    records is heard there (captured from that sink's monitor) while it is written."""
    from media import record

    loaded = subprocess.run(["pactl", "load-module", "module-null-sink",
                             "sink_name=phones"], env=pulse, check=True, capture_output=True,
                            text=True).stdout.strip()
    heard_path = tmp_path / "heard.wav"
    tone = sine(1000.0, 12.0, -12.0, channels=1)
    player = play(pulse, tone, tmp_path / "tone.wav")
    listener = subprocess.Popen(["parecord", "--device=phones.monitor", "--channels=1",
                                 "--rate=48000", "--format=float32le", "--file-format=wav",
                                 str(heard_path)], env=pulse, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10  # parecord's first block can take 2 s to come
        while not heard_path.exists() or heard_path.stat().st_size < RATE * 4 // 10:
            assert time.monotonic() < deadline, "parecord never started to capture"
            time.sleep(0.05)
        deadline = time.monotonic() + 10  # Qt learns of the new sink from the server
        while not any(d.description() == "phones" or record._dev_id(d) == "phones"
                      for d in record.QMediaDevices.audioOutputs()):
            assert time.monotonic() < deadline, "Qt never listed the new output"
            record.QCoreApplication.processEvents()
            time.sleep(0.05)
        settings = record.CaptureSettings(channels=1, monitor="phones")
        journal = TakeJournal.create(tmp_path / "t", header("t", channels=1))
        outcome = record.record(journal, settings, seconds=3.0)
        time.sleep(0.3)  # the monitor's own buffer drains to the sink
    finally:
        for proc in (listener, player):
            proc.send_signal(signal.SIGINT)  # parecord closes its WAV header on SIGINT
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        subprocess.run(["pactl", "unload-module", loaded], env=pulse, check=False)
    assert outcome.reason == "done" and outcome.dropped_frames == 0
    taken = finish_folder(tmp_path / "t")
    assert taken.frames == 3 * RATE
    heard, rate = sf.read(str(heard_path), dtype="float32")
    heard = heard.reshape(len(heard), -1)[:, 0]
    assert rate == RATE
    loud = heard[np.abs(heard) > 0.01]
    assert len(loud) > RATE  # over a second of the take reached the headphones
    # ... at the recorded level (the null sinks are bit-transparent) and as the 1 kHz tone.
    start = int(np.argmax(np.abs(heard) > 0.01))
    part = heard[start + RATE // 10:start + RATE // 10 + RATE // 2]
    assert dbfs(part) == pytest.approx(dbfs(tone), abs=1.0)
    spectrum = np.abs(np.fft.rfft(part * np.hanning(len(part))))
    assert np.fft.rfftfreq(len(part), 1 / RATE)[spectrum.argmax()] == pytest.approx(1000, abs=3)
