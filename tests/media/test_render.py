"""media.render (one ffmpeg graph to a FLAC master) and station.edits.lineage (lineage)."""

from __future__ import annotations

from pathlib import Path

import ffmpeg
import numpy as np
import pytest
import soundfile as sf
from mutagen.flac import FLAC

from media.analysis import analyze_file
from media.render import RenderError, render_graph
from media.taskstate import Cancelled, TaskState
from station.edits import lineage
from station.station import Station

SR = 48000


def _input(path: Path) -> ffmpeg.nodes.FilterableStream:
    return ffmpeg.input("file:" + str(path), protocol_whitelist="file").audio


def _tones(path: Path, seconds: float, amp: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    x = np.stack([amp * np.sin(2 * np.pi * 440 * t), amp * 0.5 * np.sin(2 * np.pi * 997 * t)], 1)
    sf.write(path, x, SR, subtype="PCM_24")
    data, _ = sf.read(path, dtype="int32")
    return data


def test_graph_renders_sample_exact_24_bit_flac_with_tags(tmp_path: Path) -> None:
    src = tmp_path / "in.flac"
    original = _tones(src, 3.0)
    graph = _input(src).filter("atrim", start_sample=1234, end_sample=100_000) \
        .filter("asetpts", "N/SR/TB")
    seen: list[float] = []
    out = tmp_path / "out.flac"
    got = render_graph(graph, out, duration_s=98766 / SR, state=TaskState(lambda f, t: seen.append(f)),
                       metadata={"CHAPTER001": "00:00:00.000", "CHAPTER001NAME": "Bản tin sáng"})
    assert got.frames == 100_000 - 1234 and got.sample_rate == SR and got.channels == 2
    assert sf.info(out).subtype == "PCM_24"
    rendered, _ = sf.read(out, dtype="int32")
    assert np.array_equal(rendered, original[1234:100_000])
    tags = FLAC(str(out))
    assert tags["CHAPTER001NAME"] == ["Bản tin sáng"] and tags["CHAPTER001"] == ["00:00:00.000"]
    assert seen and seen[-1] == 1.0
    assert [p.name for p in tmp_path.iterdir()] != [] and not list(tmp_path.glob(".*part"))


def test_loudness_target_is_met_by_gain(tmp_path: Path) -> None:
    src = tmp_path / "in.flac"
    _tones(src, 4.0, amp=0.4)
    out = tmp_path / "out.flac"
    got = render_graph(_input(src), out, duration_s=4.0, loudness_target=-23.0)
    measured = analyze_file(out)
    assert measured.integrated_lufs == pytest.approx(-23.0, abs=0.5)
    assert measured.true_peak_dbtp <= -1.0
    assert not got.limited and got.gain_db < 0


def test_loudness_target_with_peaks_runs_the_limiter(tmp_path: Path) -> None:
    # A quiet tone with sharp clicks: reaching -16 LUFS by gain alone would clip the clicks.
    t = np.arange(4 * SR) / SR
    x = np.repeat((0.05 * np.sin(2 * np.pi * 300 * t))[:, None], 2, 1)
    x[::4800] = 0.9
    src = tmp_path / "clicks.flac"
    sf.write(src, x, SR, subtype="PCM_24")
    out = tmp_path / "out.flac"
    got = render_graph(_input(src), out, duration_s=4.0, loudness_target=-16.0,
                       true_peak_limit=-1.0)
    measured = analyze_file(out)
    assert got.limited
    assert measured.integrated_lufs == pytest.approx(-16.0, abs=0.5)
    assert measured.true_peak_dbtp <= -1.0


def test_ffmpeg_failure_is_a_clear_error_and_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.flac"
    with pytest.raises(RenderError, match="render failed"):
        render_graph(_input(tmp_path / "missing.flac"), out, duration_s=1.0)
    assert list(tmp_path.iterdir()) == []


def test_cancel_stops_ffmpeg_and_leaves_nothing(tmp_path: Path) -> None:
    state = TaskState()
    state.cancel()
    out = tmp_path / "out.flac"
    graph = ffmpeg.input("anullsrc=r=48000:cl=stereo", f="lavfi", t=600).audio
    with pytest.raises(Cancelled):
        render_graph(graph, out, duration_s=600, state=state)
    assert list(tmp_path.iterdir()) == []


def test_save_render_imports_with_lineage_and_audit(station: Station, tmp_path: Path) -> None:
    from station.library.ingest import import_file

    src = tmp_path / "source.flac"
    _tones(src, 2.0)
    source, _ = import_file(station, src, title="Phỏng vấn gốc")
    out = tmp_path / "edit.flac"
    render_graph(_input(src).filter("atrim", start_sample=0, end_sample=SR), out, duration_s=1)
    item, changes = lineage.save_render(station, out, title="Phỏng vấn (đã biên tập)",
                                        kind="edit", origin_id="project-1",
                                        sources=[source.item.id, source.item.id],
                                        chapters=[(0.0, "Mở đầu")])
    assert changes.library and changes.studio
    assert item.id != source.item.id and item.duration_s == pytest.approx(1.0, abs=1e-3)
    line = lineage.lineage(station, item.id)
    assert line is not None
    assert (line.kind, line.origin_id, line.sources) == ("edit", "project-1", (source.item.id,))
    assert line.chapters == ((0.0, "Mở đầu"),)
    assert lineage.derived_from(station, source.item.id) == [item.id]
    assert lineage.lineage(station, source.item.id) is None
    action = station.db.execute("SELECT action, entity_id FROM audit ORDER BY seq DESC LIMIT 1")
    assert action.fetchone() == ("render", item.id)
