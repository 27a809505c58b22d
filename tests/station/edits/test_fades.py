"""Fades across cuts: one curve in pieces, rendered through real ffmpeg and measured.

The source is a constant level, so the rendered samples divided by it are the gain curve.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

from station.edits import operations, projects, render
from station.library import items as library
from station.library.ingest import import_file
from station.station import Station

SR = 48000
LEVEL = 1 << 22  # half scale in 24 bits


def _flat_item(st: Station, tmp_path: Path, seconds: float) -> str:
    frames = np.full((int(seconds * SR), 2), LEVEL, dtype=np.int64)
    src = tmp_path / "flat.flac"
    sf.write(src, (frames << 8).astype(np.int32), SR, subtype="PCM_24")
    return import_file(st, src, title="Nền")[0].item.id


def _gain_curve(st: Station, pid: str) -> np.ndarray:
    item, _ = render.render(st, pid)
    path = library.file_path(st, item)
    assert path is not None
    data, rate = sf.read(path, dtype="int32", always_2d=True)
    assert rate == SR
    return (data[:, 0] >> 8) / LEVEL


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x))))


def test_a_fade_in_crosses_an_earlier_cut_as_one_curve(station: Station,
                                                       tmp_path: Path) -> None:
    pid = projects.open_project(station, _flat_item(station, tmp_path, 3.0))[0].id
    operations.cut(station, pid, SR, SR + SR // 2)  # a cut at 1.0 s of the timeline
    a, b = SR // 2, 2 * SR  # the fade crosses it: 0.5 s to 2.0 s
    edl, _ = operations.fade_in(station, pid, a, b, "tri")
    assert len(edl.clips) == 3  # split at the fade's start, and the cut
    x = _gain_curve(station, pid)
    assert len(x) == int(2.5 * SR)
    assert np.array_equal(x[:a], np.ones(a))  # before the fade: untouched
    ramp = np.arange(b - a) / (b - a)
    assert np.allclose(x[a:b], ramp, atol=2e-4)  # no jump back at the cut
    assert np.allclose(x[b:], 1.0)
    quarter = (b - a) // 4
    # Measured where a listener hears it: quiet, half way, nearly full.
    assert _rms(x[a:a + quarter // 4]) < 0.05
    assert abs(_rms(x[SR - 2400:SR + 2400]) - (SR - a) / (b - a)) < 0.01
    assert _rms(x[b - quarter // 4:b]) > 0.95


def test_a_fade_out_over_two_cuts_follows_its_curve(station: Station,
                                                    tmp_path: Path) -> None:
    pid = projects.open_project(station, _flat_item(station, tmp_path, 4.0))[0].id
    operations.cut(station, pid, SR, SR + 4800)
    operations.insert_silence(station, pid, 2 * SR, 100)  # silence inside the fade
    edl = projects.edit_list(station, pid)
    a, b = SR // 2, edl.frames - SR // 2
    operations.fade_out(station, pid, a, b, "qsin")
    x = _gain_curve(station, pid)
    i = np.arange(b - a)
    expected = np.cos(i / (b - a) * np.pi / 2)  # ffmpeg's qsin fade out
    expected[2 * SR - a:2 * SR - a + 100] = 0.0  # the inserted silence stays silent
    assert np.allclose(x[a:b], expected, atol=2e-4)
    assert np.array_equal(x[:a], np.ones(a))
    assert np.array_equal(x[b:], np.ones(len(x) - b))  # after the selection: as it was


def test_a_cut_made_after_a_fade_keeps_the_curve_on_both_sides(station: Station,
                                                               tmp_path: Path) -> None:
    pid = projects.open_project(station, _flat_item(station, tmp_path, 2.0))[0].id
    operations.fade_in(station, pid, 0, SR, "tri")
    operations.insert_silence(station, pid, SR // 2, 2400)  # splits the faded clip
    x = _gain_curve(station, pid)
    ramp = np.arange(SR) / SR
    expected = np.concatenate([ramp[:SR // 2], np.zeros(2400), ramp[SR // 2:]])
    assert np.allclose(x[:SR + 2400], expected, atol=2e-4)
