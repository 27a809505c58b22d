"""Non-destructive edits rendered through real ffmpeg and compared sample by sample.

The known signal is a ramp of numbered samples (every sample's 24-bit value is its index), so
any sample that moves, doubles or goes missing shows up exactly.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from media.analysis import analyze_file
from station import users
from station.edits import lineage, operations, projects, render, timeline
from station.errors import PermissionDenied
from station.library import items as library
from station.library.ingest import import_file
from station.paths import DataDir
from station.station import Station

SR = 48000


def numbered(n: int) -> np.ndarray:
    """Stereo int32 frames: left = index, right = -index (24-bit values)."""
    idx = np.arange(n, dtype=np.int32) + 1
    return np.stack([idx, -idx], axis=1)


def write24(path: Path, frames: np.ndarray) -> None:
    sf.write(path, (frames.astype(np.int64) << 8).astype(np.int32), SR, subtype="PCM_24")


def read24(path: Path) -> np.ndarray:
    data, rate = sf.read(path, dtype="int32", always_2d=True)
    assert rate == SR
    return data >> 8


def add(st: Station, tmp_path: Path, name: str, frames: np.ndarray) -> str:
    src = tmp_path / f"{name}.flac"
    write24(src, frames)
    result, _ = import_file(st, src, title=name)
    return result.item.id


def rendered(st: Station, project_id: str) -> tuple[library.Item, np.ndarray]:
    item, changes = render.render(st, project_id)
    assert changes.library and changes.studio
    path = library.file_path(st, item)
    assert path is not None
    return item, read24(path)


def test_cut_paste_silence_delete_trim_are_sample_exact(station: Station, tmp_path: Path) -> None:
    signal = numbered(5 * SR)
    item_id = add(station, tmp_path, "Phỏng vấn", signal)
    project, _ = projects.open_project(station, item_id)
    pid = project.id
    expected = signal.copy()

    operations.cut(station, pid, 10_007, 30_011)  # odd positions: nothing lines up by luck
    clip = expected[10_007:30_011]
    expected = np.concatenate([expected[:10_007], expected[30_011:]])
    operations.paste(station, pid, 100_003)
    expected = np.concatenate([expected[:100_003], clip, expected[100_003:]])
    operations.paste(station, pid, 5)  # the clipboard is kept: a second paste
    expected = np.concatenate([expected[:5], clip, expected[5:]])
    operations.insert_silence(station, pid, 50_001, 777)
    expected = np.concatenate([expected[:50_001], np.zeros((777, 2), np.int32),
                               expected[50_001:]])
    operations.delete(station, pid, 120_000, 120_001)  # a single sample
    expected = np.delete(expected, 120_000, axis=0)
    operations.trim(station, pid, 3, len(expected) - 11)
    expected = expected[3:-11]

    assert projects.edit_list(station, pid).frames == len(expected)
    item, got = rendered(station, pid)
    assert got.shape == expected.shape
    assert np.array_equal(got, expected)
    # The original stays, and the new item knows where it came from.
    source = library.get_item(station, item_id)
    assert source is not None and np.array_equal(read24(library.file_path(station, source)), signal)
    line = lineage.lineage(station, item.id)
    assert line is not None and line.kind == "edit" and line.sources == (item_id,)
    assert line.origin_id == pid


def test_fades_gain_and_crossfade_follow_their_curves(station: Station, tmp_path: Path) -> None:
    level = 1 << 22  # a constant half-scale signal shows each gain curve directly
    flat = np.full((2 * SR, 2), level, dtype=np.int32)
    item_id = add(station, tmp_path, "Nền", flat)
    pid = projects.open_project(station, item_id)[0].id
    n_in, n_out = 24_000, 12_000
    operations.fade_in(station, pid, 0, n_in, "qsin")
    operations.fade_out(station, pid, 2 * SR - n_out, 2 * SR, "tri")
    operations.gain(station, pid, 40_000, 50_000, -6.0)
    operations.envelope(station, pid, [(60_000, 0.0), (70_000, -12.0)])  # straight in dB
    _, got = rendered(station, pid)
    x = got[:, 0] / level
    i = np.arange(n_in)
    assert np.allclose(x[:n_in], np.sin(i / n_in * np.pi / 2), atol=2e-4)
    j = np.arange(n_out)
    assert np.allclose(x[-n_out:], 1 - j / n_out, atol=2e-4)
    assert np.allclose(x[40_000:50_000], 10 ** (-6 / 20), atol=1e-5)
    assert np.array_equal(got[n_in:40_000], flat[n_in:40_000])  # untouched stays exact
    k = np.arange(10_000)
    assert np.allclose(x[60_000:70_000], 10 ** (-12 * k / 10_000 / 20), rtol=1e-3)
    assert np.array_equal(got[50_000:60_000], flat[50_000:60_000])  # before it: unchanged
    assert np.array_equal(got[70_000:2 * SR - n_out], flat[70_000:2 * SR - n_out])  # after

    # A crossfade overlaps two clips: the edit gets shorter by its length.
    pid2 = projects.open_project(station, item_id, new=True)[0].id
    operations.insert_silence(station, pid2, SR, SR // 2)
    edl, _ = operations.crossfade(station, pid2, SR + 10, 4800, "tri")
    assert edl.frames == 2 * SR + SR // 2 - 4800
    _, got2 = rendered(station, pid2)
    assert len(got2) == edl.frames
    assert np.array_equal(got2[: SR - 4800], flat[: SR - 4800])
    mid = got2[SR - 4800 : SR, 0] / level  # level fading out over silence
    assert np.allclose(mid, 1 - np.arange(4800) / 4800, atol=5e-4)


def test_undo_redo_survive_a_restart(datadir: DataDir, tmp_path: Path) -> None:
    st = Station.open(datadir)
    users.login(st, "bientap", "bientap-password")
    item_id = add(st, tmp_path, "Bản tin", numbered(SR))
    pid = projects.open_project(st, item_id)[0].id
    original = projects.edit_list(st, pid)
    after_cut, _ = operations.cut(st, pid, 100, 200)
    after_fade, _ = operations.fade_in(st, pid, 0, 50)
    projects.undo(st, pid)
    st.close()

    st = Station.open(datadir)
    users.login(st, "bientap", "bientap-password")
    project = projects.open_project(st, item_id)[0]  # the same project comes back
    assert project.id == pid and project.can_undo and project.can_redo
    assert projects.edit_list(st, pid) == after_cut
    assert projects.redo(st, pid)[0] == after_fade
    assert projects.undo(st, pid)[0] == after_cut
    assert projects.undo(st, pid)[0] == original
    assert projects.undo(st, pid)[1].any() is False  # nothing left to undo
    projects.redo(st, pid)
    # A new edit after an undo drops the redo branch.
    operations.delete(st, pid, 0, 10)
    project = projects.get_project(st, pid)
    assert (project.position, project.steps, project.can_redo) == (2, 2, False)
    assert [s.op for s in projects.history(st, pid)] == ["cut", "delete"]
    _, got = rendered(st, pid)
    expected = np.concatenate([numbered(SR)[:100], numbered(SR)[200:]])[10:]
    assert np.array_equal(got, expected)
    st.close()


def sine(seconds: float, amp: float, freq: float = 440.0) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    x = np.round(amp * np.sin(2 * np.pi * freq * t) * (1 << 23)).astype(np.int32)
    return np.stack([x, x], axis=1)


def test_normalise_lands_on_the_target(station: Station, tmp_path: Path) -> None:
    item_id = add(station, tmp_path, "Tiếng nhỏ", sine(4, 0.02))
    pid = projects.open_project(station, item_id)[0].id
    edl, _ = operations.normalise(station, pid)
    assert edl.loudness_target == -23.0
    item, _ = render.render(station, pid)
    path = library.file_path(station, item)
    assert path is not None
    measured = analyze_file(path)
    assert measured.integrated_lufs == pytest.approx(-23.0, abs=0.5)
    assert measured.true_peak_dbtp <= -1.0
    # The target and the true-peak ceiling are the station's own settings.
    from station import settings

    settings.LOUDNESS_TARGET_LUFS.set(station.db, -16.0)
    settings.TRUE_PEAK_LIMIT_DBTP.set(station.db, -2.0)
    edl, _ = operations.normalise(station, pid)
    assert edl.loudness_target == -16.0
    item, _ = render.render(station, pid)
    measured = analyze_file(library.file_path(station, item))
    assert measured.integrated_lufs == pytest.approx(-16.0, abs=0.5)
    assert measured.true_peak_dbtp <= -2.0


def test_voice_over_music_ducks_under_the_voice(station: Station, tmp_path: Path) -> None:
    voice = np.zeros((6 * SR, 2), np.int32)
    voice[2 * SR : 4 * SR] = sine(2, 0.3, 300)
    music = sine(6, 0.2, 1000)
    voice_id = add(station, tmp_path, "Giọng đọc", voice)
    music_id = add(station, tmp_path, "Nhạc nền", music)
    pid = projects.open_project(station, voice_id)[0].id
    edl, _ = operations.voice_over(station, pid, music_id, 0, duck_db=-12.0)
    assert edl.sources() == [voice_id, music_id]
    item, got = rendered(station, pid)

    def db(x: np.ndarray) -> float:
        return float(20 * np.log10(np.sqrt(np.mean((x / (1 << 23)) ** 2))))

    alone = db(got[SR // 2 : 3 * SR // 2, 0])
    under = db(got[int(2.6 * SR) : int(3.8 * SR), 0] - voice[int(2.6 * SR) : int(3.8 * SR), 0])
    assert alone == pytest.approx(db(music[:SR, 0]), abs=0.1)
    assert under - alone == pytest.approx(-12.0, abs=1.0)
    line = lineage.lineage(station, item.id)
    assert line is not None and line.sources == (voice_id, music_id)


def test_truncate_silence_shortens_long_pauses(station: Station, tmp_path: Path) -> None:
    talk = sine(1, 0.3)
    signal = np.concatenate([talk, np.zeros((3 * SR, 2), np.int32), talk])
    item_id = add(station, tmp_path, "Có khoảng lặng", signal)
    pid = projects.open_project(station, item_id)[0].id
    edl, _ = operations.truncate_silence(station, pid, min_s=1.0, keep_s=0.3)
    # Found from the cached peaks (256-sample buckets): the pause is now 0.3 s, give or take
    # the bucket edges of the tone's zero crossings.
    assert edl.frames == pytest.approx(2 * SR + 0.3 * SR, abs=2 * 256)
    _, got = rendered(station, pid)
    assert np.array_equal(got[:SR], talk) and np.array_equal(got[-SR:], talk)


def test_missing_source_is_named_and_nothing_is_written(station: Station,
                                                        tmp_path: Path) -> None:
    item_id = add(station, tmp_path, "Tệp bị mất", numbered(SR))
    pid = projects.open_project(station, item_id)[0].id
    operations.cut(station, pid, 0, 1000)
    item = library.get_item(station, item_id)
    assert item is not None
    path = library.file_path(station, item)
    assert path is not None
    path.unlink()
    before = library.count(station)
    with pytest.raises(render.SourceUnavailable, match="Tệp bị mất") as err:
        render.render(station, pid)
    assert err.value.params["item"] == item_id and "missing" in str(err.value)
    assert library.count(station) == before
    assert station.db.execute("SELECT count(*) FROM renders").fetchone()[0] == 0
    assert not any(station.store.tmp.iterdir()) if station.store.tmp.exists() else True
    assert projects.get_project(station, pid).position == 1  # the edit list is kept


def test_damaged_source_is_named(station: Station, tmp_path: Path) -> None:
    item_id = add(station, tmp_path, "Tệp hỏng", numbered(SR))
    pid = projects.open_project(station, item_id)[0].id
    item = library.get_item(station, item_id)
    assert item is not None
    path = library.file_path(station, item)
    assert path is not None
    path.chmod(0o644)
    path.write_bytes(b"not audio at all" * 10)
    with pytest.raises(render.SourceUnavailable, match="Tệp hỏng"):
        render.render(station, pid)


def test_bad_requests_are_refused_and_rights_are_checked(station: Station,
                                                         tmp_path: Path) -> None:
    item_id = add(station, tmp_path, "Đoạn", numbered(SR))
    pid = projects.open_project(station, item_id)[0].id
    with pytest.raises(timeline.EditRefused):
        operations.cut(station, pid, 10, SR + 1)
    with pytest.raises(timeline.EditRefused):
        operations.fade_in(station, pid, 0, 100, "wobbly")
    with pytest.raises(timeline.EditRefused):
        operations.crossfade(station, pid, 0, 100)  # one clip: nothing to join
    users.login(station, "luutru", "luutru-password")  # the archivist does not edit
    with pytest.raises(PermissionDenied):
        operations.cut(station, pid, 0, 10)
    assert projects.get_project(station, pid).steps == 0


def test_source_damaged_inside_is_named_after_ffmpeg_trips_on_it(station: Station,
                                                                 tmp_path: Path) -> None:
    t = np.arange(3 * SR) / SR
    tone = np.round(0.3 * np.sin(2 * np.pi * 440 * t) * (1 << 23)).astype(np.int32)
    item_id = add(station, tmp_path, "Hỏng giữa chừng", np.stack([tone, tone], axis=1))
    pid = projects.open_project(station, item_id)[0].id
    item = library.get_item(station, item_id)
    assert item is not None
    path = library.file_path(station, item)
    assert path is not None
    data = bytearray(path.read_bytes())  # same size, same header: bytes flipped mid-file
    for i in range(len(data) // 2, len(data) // 2 + 2000, 97):
        data[i] ^= 0x5A
    path.chmod(0o644)
    path.write_bytes(bytes(data))
    before = library.count(station)
    with pytest.raises(render.SourceUnavailable, match="checksum") as err:
        render.render(station, pid)
    assert err.value.params["title"] == "Hỏng giữa chừng"
    assert library.count(station) == before
