"""Benchmark: stream capture (segments, watchdog, block-wise join) against one ffmpeg command.

    .venv/bin/python bench/bench_capture.py [--minutes 60]

Serves the speech-and-music MP3 of bench_analyze.py (made once in bench/out/) over loopback
HTTP, so ffmpeg reads it as fast as it can instead of in real time, and runs:

  baseline  ffmpeg -i URL -c:a flac -sample_fmt s16 OUT.flac
  floor     ffmpeg -i URL -c:a pcm_s16le OUT.wav (decoding alone)
  ours      media.capture.capture(URL, minutes * 60, ...) with 30 s segments

It prints both wall times and their ratio, the growth of our process's memory while it
captures (it must stay flat: a day-long relay is 24 of these hours), and whether the two
FLACs hold the same samples (the join must be sample-exact).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_analyze import make_cut, make_hour  # noqa: E402

from media import ffmpeg  # noqa: E402


def rss_mb() -> float:
    m = re.search(r"VmRSS:\s+(\d+) kB", Path("/proc/self/status").read_text())
    return int(m.group(1)) / 1024 if m else 0.0


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_args: object) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.handle_error = lambda *_a: None  # type: ignore[method-assign]  # the probe hangs up
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, int(server.server_address[1])


def same_samples(a: Path, b: Path, frames: int) -> bool:
    import numpy as np
    import soundfile as sf

    with sf.SoundFile(str(a)) as fa, sf.SoundFile(str(b)) as fb:
        left = frames
        while left > 0:
            n = min(left, 1 << 16)
            x, y = fa.read(n, dtype="int16"), fb.read(n, dtype="int16")
            if len(x) != n or len(y) != n or not np.array_equal(x, y):
                return False
            left -= n
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=60)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    hour = OUT / "speech-music-60min.mp3"
    if not hour.exists():
        make_hour(hour)
    source = hour
    if args.minutes < 60:
        source = OUT / f"speech-music-{args.minutes}min.mp3"
        if not source.exists():
            make_cut(hour, source, args.minutes)
    seconds = args.minutes * 60.0
    server, port = serve(source.parent)
    url = f"http://127.0.0.1:{port}/{source.name}"
    import httpx  # noqa: F401 - loaded before the memory baseline: growth is the capture's
    import numpy  # noqa: F401
    import soundfile  # noqa: F401

    from media.capture import capture

    with tempfile.TemporaryDirectory(dir=OUT) as tmp:
        base_out = Path(tmp) / "baseline.flac"
        t0 = time.perf_counter()
        ffmpeg.run(["-y", "-i", url, "-c:a", "flac", "-sample_fmt", "s16", str(base_out)],
                   timeout=None)
        base_s = time.perf_counter() - t0
        t0 = time.perf_counter()  # the floor: decoding alone, no FLAC encoder
        ffmpeg.run(["-y", "-i", url, "-c:a", "pcm_s16le", str(Path(tmp) / "floor.wav")],
                   timeout=None)
        floor_s = time.perf_counter() - t0

        peak = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], rss_mb())

        before = rss_mb()
        watcher = threading.Thread(target=sample, daemon=True)
        watcher.start()
        t0 = time.perf_counter()
        result = capture(url, seconds, Path(tmp) / "ours.flac", Path(tmp) / "segments",
                         segment_s=30.0, stall_s=15.0, deadline_s=seconds * 2 + 60)
        ours_s = time.perf_counter() - t0
        done.set()
        watcher.join()
        exact = same_samples(base_out, result.path, result.frames)
    server.shutdown()
    print(f"capture of {args.minutes} min of stereo 44.1 kHz MP3 over loopback HTTP")
    print(f"  baseline (one ffmpeg to FLAC): {base_s:7.2f} s")
    print(f"  floor (one ffmpeg to WAV):     {floor_s:7.2f} s")
    print(f"  ours (segments + join):        {ours_s:7.2f} s   ratio {ours_s / base_s:.2f}x "
          f"the baseline, {ours_s / floor_s:.2f}x the floor")
    print(f"  our memory growth: {peak[0] - before:.1f} MB (RSS {before:.0f} -> peak "
          f"{peak[0]:.0f} MB)")
    print(f"  captured {result.seconds:.3f} s of {seconds:.0f} s, restarts {result.restarts}, "
          f"gaps {len(result.gaps)}; same samples as the baseline: {exact}")


if __name__ == "__main__":
    main()
