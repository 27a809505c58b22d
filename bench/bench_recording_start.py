"""Benchmark: start error of scheduled stream captures, armed ahead and cut by the clock,
against today's polling approach, from a loopback icecast2.

    .venv/bin/python bench/bench_recording_start.py [--runs 20] [--seconds 20]

A real icecast2 on loopback is fed by a real ffmpeg with a time-marked signal
(tests/support/timemarks.py: a beep at every whole second of the source's wall clock,
its pitch naming the second), so where a take starts is read from the take itself. Each
run plans a window at a whole second 8 s ahead and records it two ways at once:

  ours      station.recording.on_time.capture_window: connect 6 s ahead, record past the
            end, cut to [start, end) by the clock (what run_scheduler starts per rule)
  baseline  the window's old polling: a check every 15 s (its phase drawn at random) sees
            the window open and captures what is left of it with
            station.recording.streams.capture_stream, up to the nominal end

and prints p50/max of |start error| for both (target for ours: max < 0.5 s), their ratio,
and how much of the window each kept. The error includes the source's own latency
(encoder, icecast, decoder), which a relay of a broadcaster hears too.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POLL_S = 15.0  # CHECK_EVERY_MS of ui/services/recording.py


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each window")
    args = parser.parse_args()

    import soundfile as sf

    from media.taskstate import TaskState
    from station.recording import on_time, streams
    from station.recording import rules as rr
    from tests.support.icecast import running_icecast
    from tests.support.timemarks import MarkedFeed, read_start

    rng = random.Random(13)
    ours: list[float] = []
    ours_kept: list[float] = []
    base: list[float] = []
    base_kept: list[float] = []
    with tempfile.TemporaryDirectory() as tmp, running_icecast(Path(tmp)) as ice, \
            MarkedFeed(ice, "bench.mp3"):
        url = ice.url("bench.mp3")
        for i in range(args.runs):
            start = datetime.fromtimestamp(int(time.time()) + 8, UTC)
            end = start + timedelta(seconds=args.seconds)
            rule = rr.Rule(f"r{i}", "bench", url, "once", start.date(), dtime(0), args.seconds)
            run = rr.DueRun(rule, start, end, args.seconds)
            found: dict[str, Any] = {}
            work = Path(tmp) / f"run{i}"

            def armed(run: rr.DueRun = run, work: Path = work,
                      found: dict[str, Any] = found) -> None:
                take = on_time.capture_window(run, work / "ours", TaskState())
                found["ours"] = (*sf.read(take.result.path, always_2d=True), None)

            def polled(start: datetime = start, end: datetime = end, work: Path = work,
                       found: dict[str, Any] = found) -> None:
                seen = start.timestamp() + rng.uniform(0, POLL_S)
                time.sleep(max(0.0, seen - time.time()))
                left = end.timestamp() - time.time()
                if left < rr.MIN_RUN_S:
                    return  # the old service would log it late or skip it
                result = streams.capture_stream(url, left, work / "base")
                found["base"] = (*sf.read(result.path, always_2d=True),
                                 result.started_at.timestamp())

            threads = [threading.Thread(target=armed), threading.Thread(target=polled)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            line = f"run {i + 1:2d}/{args.runs}:"
            for key, errors, kept in (("ours", ours, ours_kept), ("base", base, base_kept)):
                if key not in found:
                    line += f"  {key} none"
                    continue
                data, rate, near = found[key]
                reading = read_start(data, rate, start.timestamp(), near)
                errors.append(reading.start_error_s)
                kept.append(len(data) / rate)
                line += (f"  {key} {reading.start_error_s:+.3f} s ({len(data) / rate:.2f} s "
                         f"kept)")
            print(line, flush=True)

    def summary(name: str, errors: list[float], kept: list[float]) -> float:
        if not errors:
            print(f"  {name}: no takes")
            return float("nan")
        absolute = [abs(e) for e in errors]
        print(f"  {name}: |start error| p50 {statistics.median(absolute):.3f} s, max "
              f"{max(absolute):.3f} s (signed mean {statistics.fmean(errors):+.3f} s); kept "
              f"p50 {statistics.median(kept):.2f} s of {args.seconds:.0f} s over "
              f"{len(errors)} takes")
        return max(absolute)

    print(f"scheduled captures of {args.seconds:.0f} s from loopback icecast2, {args.runs} runs")
    ours_max = summary("ours (armed 6 s ahead, cut by the clock)", ours, ours_kept)
    base_max = summary(f"baseline (poll every {POLL_S:.0f} s, start when seen)", base,
                       base_kept)
    if ours and base:
        print(f"  ratio of max start errors (baseline / ours): {base_max / ours_max:.0f}x; "
              f"target max < 0.5 s: {'met' if ours_max < 0.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
