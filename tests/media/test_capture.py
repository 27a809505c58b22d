"""Stream capture from a real icecast2 on loopback, fed by a real ffmpeg (media/capture.py,
station/recording/streams.py): tone, duration and level; a stalled or vanished source; garbage."""

from __future__ import annotations

import http.server
import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from media import capture as cap
from station.library import items as library
from tests.support.cli import run_cli
from tests.support.icecast import TONE_DBFS, TONE_HZ, Icecast, free_port

# LAME at 128 kb/s plays a 1 kHz tone back about 0.4 dB quieter than it was sent.
LEVEL_TOLERANCE_DB = 0.7


def tone_of(samples: np.ndarray, rate: int) -> tuple[float, float]:
    """(frequency of the strongest bin in Hz, peak level in dBFS from the RMS) of a steady
    tone, over its middle (the first frames of an MP3 decode ramp up)."""
    mono = samples.mean(axis=1) if samples.ndim == 2 else samples
    mid = mono[len(mono) // 4: len(mono) * 3 // 4]
    spectrum = np.abs(np.fft.rfft(mid * np.hanning(len(mid))))
    freq = float(np.argmax(spectrum)) * rate / len(mid)
    level = 20 * np.log10(np.sqrt(2 * np.mean(mid.astype(np.float64) ** 2)))
    return freq, float(level)


def items(st: Any) -> int:
    return int(st.db.execute("SELECT count(*) FROM items").fetchone()[0])


def test_stream_lands_in_library_with_its_tone(station: Any, icecast: Icecast) -> None:
    from station.recording.streams import record_stream

    icecast.feed("vov1.mp3")
    seen: list[float] = []
    from media.taskstate import TaskState

    before = items(station)
    result, changes = record_stream(station, icecast.url("vov1.mp3"), 3.0,
                                    category="Thời sự", description="Bản tin VOV1",
                                    state=TaskState(lambda f, _t: seen.append(f)))
    assert changes.library and result.status == "imported"
    assert items(station) == before + 1
    item = library.get_item(station, result.item.id)
    assert item is not None and item.category == "Thời sự"
    path = library.file_path(station, item)
    assert path is not None and path.suffix == ".flac"
    data, rate = sf.read(path, always_2d=True)
    assert abs(len(data) / rate - 3.0) <= 0.3
    assert item.duration_s is not None and abs(item.duration_s - 3.0) <= 0.3
    freq, level = tone_of(data, rate)
    assert abs(freq - TONE_HZ) < 3, freq
    assert abs(level - TONE_DBFS) < LEVEL_TOLERANCE_DB, level
    # Title: the stream's own name and the capture's start, dd/MM/yyyy HH:mm.
    assert item.title.startswith("Thử nghiệm VOV ")
    assert time.strftime("%Y") in item.title and item.title[-16:-14].isdigit()
    row = station.db.execute("SELECT source_name, notes, recorded_on FROM items WHERE id = ?",
                             [item.id]).fetchone()
    assert row[0] == icecast.url("vov1.mp3") and "Stream: http://127.0.0.1" in row[1]
    assert row[2] is not None
    assert station.db.execute("SELECT count(*) FROM audit WHERE action = 'stream.record'"
                              " AND entity_id = ?", [item.id]).fetchone()[0] == 1
    assert seen and max(seen) > 0.5  # progress was reported while capturing


def test_ogg_stream(tmp_path: Path, icecast: Icecast) -> None:
    icecast.feed("tinh.ogg", fmt="ogg", freq=440.0)
    result = cap.capture(icecast.url("tinh.ogg"), 1.5, tmp_path / "o.flac", tmp_path / "w",
                         segment_s=1.0, stall_s=3.0)
    data, rate = sf.read(result.path, always_2d=True)
    assert len(data) == result.frames == round(1.5 * rate) and result.complete
    assert abs(tone_of(data, rate)[0] - 440.0) < 3
    assert not list((tmp_path / "w").iterdir())  # segments are cleaned up


def test_paused_source_is_recovered_by_the_watchdog(tmp_path: Path, icecast: Icecast) -> None:
    """The feeder freezes for 2.5 s mid-capture: no bytes arrive, the watchdog restarts
    ffmpeg, and the capture goes on to cover the wanted duration, reporting the gap."""
    feeder = icecast.feed("live.mp3")

    def freeze() -> None:
        time.sleep(1.0)
        os.kill(feeder.pid, signal.SIGSTOP)
        time.sleep(2.5)
        os.kill(feeder.pid, signal.SIGCONT)

    threading.Thread(target=freeze, daemon=True).start()
    result = cap.capture(icecast.url("live.mp3"), 4.0, tmp_path / "p.flac", tmp_path / "w",
                         segment_s=1.0, stall_s=1.0, deadline_s=25)
    assert result.complete and result.restarts >= 1
    assert result.gaps and sum(g.lost_s for g in result.gaps) >= 1.0
    assert 0.5 < result.gaps[0].at_s < 3.5
    data, rate = sf.read(result.path, always_2d=True)
    assert abs(len(data) / rate - 4.0) <= 0.3
    freq, level = tone_of(data, rate)
    assert abs(freq - TONE_HZ) < 3 and abs(level - TONE_DBFS) < LEVEL_TOLERANCE_DB


def test_source_gone_past_deadline_keeps_what_was_captured(tmp_path: Path,
                                                         icecast: Icecast) -> None:
    icecast.feed("gone.mp3")

    def cut() -> None:
        time.sleep(1.5)
        icecast.stop_feed("gone.mp3")

    threading.Thread(target=cut, daemon=True).start()
    t0 = time.monotonic()
    result = cap.capture(icecast.url("gone.mp3"), 8.0, tmp_path / "g.flac", tmp_path / "w",
                         segment_s=1.0, stall_s=1.0, deadline_s=4.0)
    assert time.monotonic() - t0 < 8.0  # stopped at the deadline, not after 8 s
    assert not result.complete and result.restarts >= 1
    data, rate = sf.read(result.path, always_2d=True)
    assert 0.5 < len(data) / rate < 5.0
    assert result.gaps[-1].at_s == pytest.approx(len(data) / rate, abs=0.01)
    assert result.gaps[-1].lost_s == pytest.approx(8.0 - len(data) / rate, abs=0.01)


class _Garbage(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/page"):
            body, kind = b"<!DOCTYPE html><html><body>Trang web</body></html>", "text/html"
        else:  # says it is MP3, sends text
            body, kind = b"khong phai am thanh " * 4000, "audio/mpeg"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def garbage_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _no_leftovers(st: Any) -> None:
    left = [p for p in st.store.tmp.rglob("*") if p.is_file()] if st.store.tmp.exists() else []
    assert left == []


def test_web_page_is_refused_and_nothing_is_kept(station: Any, garbage_server: str) -> None:
    from station.recording.streams import record_stream

    before = items(station)
    with pytest.raises(cap.NotAStream) as err:
        record_stream(station, garbage_server + "/page.mp3", 3.0)
    assert "web page" in str(err.value) and err.value.template  # a translatable template
    assert items(station) == before
    _no_leftovers(station)


def test_text_sent_as_mp3_is_refused(station: Any, garbage_server: str) -> None:
    from station.recording.streams import record_stream

    before = items(station)
    with pytest.raises(cap.NotAStream):
        record_stream(station, garbage_server + "/fake.mp3", 3.0)
    assert items(station) == before
    _no_leftovers(station)


def test_missing_mount_and_refused_connection(station: Any, icecast: Icecast) -> None:
    from station.recording.streams import record_stream

    before = items(station)
    with pytest.raises(cap.StreamRefused) as err:
        record_stream(station, icecast.url("khong-co.mp3"), 2.0)
    assert err.value.params["status"] == 404
    with pytest.raises(cap.StreamUnreachable) as err2:
        record_stream(station, f"http://127.0.0.1:{free_port()}/live.mp3", 2.0)
    assert "cannot connect" in str(err2.value)
    assert items(station) == before
    assert station.db.execute("SELECT count(*) FROM audit WHERE action = 'stream.record'"
                              ).fetchone()[0] == 0
    _no_leftovers(station)


def test_cli_record_url(datadir: Any, icecast: Icecast) -> None:
    icecast.feed("cli.mp3")
    proc = run_cli("record", "--url", icecast.url("cli.mp3"), "--seconds", "3", "--title",
                   "Thời sự trưa", "--json", data_dir=datadir.root)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    out = out[0] if isinstance(out, list) else out
    assert abs(float(out["duration_s"]) - 3.0) <= 0.3
    assert out["title"] == "Thời sự trưa"
    listed = run_cli("list", "--json", data_dir=datadir.root)
    assert "Thời sự trưa" in listed.stdout


def test_cli_record_url_refuses_a_web_page(datadir: Any, garbage_server: str) -> None:
    proc = run_cli("record", "--url", garbage_server + "/page", "--seconds", "2",
                   data_dir=datadir.root)
    assert proc.returncode == 1
    assert "is a web page or text (text/html), not an audio stream" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_cancel_stops_early_and_keeps_what_was_captured(station: Any,
                                                        icecast: Icecast) -> None:
    from media.taskstate import TaskState
    from station.recording.streams import record_stream

    icecast.feed("dung.mp3")
    state = TaskState()
    threading.Timer(2.0, state.cancel).start()
    t0 = time.monotonic()
    result, _ = record_stream(station, icecast.url("dung.mp3"), 30.0, title="Dừng sớm",
                              state=state)
    assert time.monotonic() - t0 < 10
    assert result.status == "imported" and result.item.title == "Dừng sớm"
    assert result.item.duration_s is not None and 0.5 < result.item.duration_s < 6
    assert any(w.startswith("stopped after") for w in result.warnings)


def test_hls_stream(tmp_path: Path) -> None:
    """An HLS playlist (made by ffmpeg, served over loopback HTTP) is followed by ffmpeg."""
    import functools

    from media import ffmpeg

    hls = tmp_path / "hls"
    hls.mkdir()
    ffmpeg.run(["-f", "lavfi", "-i", "sine=frequency=600:sample_rate=48000:duration=4",
                "-c:a", "aac", "-b:a", "96k", "-f", "hls", "-hls_time", "1",
                "-hls_playlist_type", "vod", str(hls / "live.m3u8")])

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(hls)))
    server.handle_error = lambda *_a: None  # type: ignore[method-assign]  # probe hangs up
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/live.m3u8"
        result = cap.capture(url, 2.5, tmp_path / "h.flac", tmp_path / "w", segment_s=1.0,
                             stall_s=5.0)
    finally:
        server.shutdown()
        server.server_close()
    data, rate = sf.read(result.path, always_2d=True)
    assert rate == 48000 and len(data) == round(2.5 * 48000) and result.complete
    assert abs(tone_of(data, rate)[0] - 600.0) < 3
