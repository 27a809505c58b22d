"""analyze_file on real files (soundfile and ffmpeg made), bad inputs, cancel; peaks; silence."""

from __future__ import annotations

import hashlib
import json
import math
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

import media.analysis as analysis
from media import ffmpeg
from media.analysis import (
    Analysis,
    EmptyMedia,
    MediaError,
    MediaNotFound,
    NoAudioStream,
    NotMedia,
    TruncatedMedia,
    analyze_file,
)
from media.loudness import LoudnessMeter
from media.peaks import PeaksBuilder, WaveformPeaks
from media.silence import SilenceDetector
from media.taskstate import Cancelled, TaskState
from tests.conftest import ROOT
from tests.support import signals


def reference(x: np.ndarray, rate: int) -> LoudnessMeter:
    meter = LoudnessMeter(rate, x.shape[1])
    meter.feed(x)
    return meter


def encode(args: list[str], out: Path) -> Path:
    ffmpeg.run(["-y", *args, str(out)], timeout=120)
    return out


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Short real files: a tone with silent edges, speech in FLAC and MP3, a video, 5.1."""
    d = tmp_path_factory.mktemp("media")
    out: dict[str, Any] = {}
    # 1 s silence, 6 s of 1 kHz at -20 dBFS (reads -20 LUFS in stereo), 0.5 s silence.
    tone = signals.steps([(-200.0, 1.0), (-20.0, 6.0), (-200.0, 0.5)], rate=48000)
    sf.write(d / "tone.wav", tone, 48000, subtype="PCM_16")
    out["tone"] = tone
    speech = signals.speech_like(20, 44100, seed=3, level_dbfs=-6.0)
    sf.write(d / "speech.flac", speech[:, :1], 44100, subtype="PCM_24")
    sf.write(d / "speech.wav", speech, 44100, subtype="FLOAT")
    out["speech"] = speech
    # 320k: at 192k LAME drops 0.26 dB of this noise-like material, a codec effect.
    encode(["-i", str(d / "speech.wav"), "-c:a", "libmp3lame", "-b:a", "320k"], d / "speech.mp3")
    encode(
        ["-f", "lavfi", "-i", "testsrc2=d=5:s=160x120:r=10",
         "-f", "lavfi", "-i", "sine=f=997:sample_rate=48000:d=5",
         "-ac", "2", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-b:a", "192k",
         "-shortest"],
        d / "video.mp4",
    )  # fmt: skip
    encode(
        ["-f", "lavfi", "-i", "testsrc2=d=2:s=160x120:r=10", "-c:v", "libx264", "-preset",
         "ultrafast"],
        d / "silent-video.mp4",
    )  # fmt: skip
    levels = [-28.0, -28.0, -24.0, -30.0, -30.0]  # Tech 3341 case 6, with a loud LFE added
    chans = [signals.sine(1000, 10, lvl, channels=1) for lvl in levels]
    lfe = signals.sine(50, 10, -3.0, channels=1)
    sf.write(d / "surround.wav", np.concatenate([*chans[:3], lfe, *chans[3:]], axis=1), 48000)
    # Tech 3341 case 19 in a float file: samples at 0 dBFS, the wave at +3 dBTP.
    over = signals.sine(12000, 2.0, 20 * math.log10(1.41), phase_deg=45.0, fade_s=0.05)
    sf.write(d / "over.wav", over, 48000, subtype="FLOAT")
    sf.write(d / "silence.wav", signals.silence(3.0), 48000)
    out["dir"] = d
    return out


def test_wav_tone_duration_loudness_silence_and_hash(files: dict[str, Any]) -> None:
    path = files["dir"] / "tone.wav"
    a = analyze_file(path)
    assert (a.sample_rate, a.channels, a.channel_layout) == (48000, 2, "stereo")
    assert (a.container, a.codec) == ("wav", "pcm_s16le")
    assert a.duration_s == 7.5
    # The 400 ms blocks straddling the two edges pass the relative gate and pull the
    # integrated value 0.2 LU under the tone's -20 LUFS: BS.1770 as written.
    x, _ = sf.read(path, dtype="float32")
    assert a.integrated_lufs == pytest.approx(reference(x, 48000).result().integrated_lufs, abs=1e-6)
    assert a.integrated_lufs == pytest.approx(-20.2, abs=0.05)
    assert a.max_short_term_lufs == pytest.approx(-20.0, abs=0.05)
    assert a.max_momentary_lufs == pytest.approx(-20.0, abs=0.05)
    assert a.sample_peak_dbfs == pytest.approx(-20.0, abs=0.01)
    # Range comes only from the 3 s windows that overlap the silent edges (-21.8 to -20).
    assert a.lra_lu == pytest.approx(reference(x, 48000).result().lra_lu, abs=1e-6)
    assert a.lra_lu is not None and 0.5 < a.lra_lu < 1.0
    assert a.leading_silence_s == pytest.approx(1.0, abs=0.001)
    assert a.trailing_silence_s == pytest.approx(0.5, abs=0.002)
    assert a.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert a.size_bytes == path.stat().st_size
    assert a.warnings == ()


def test_flac_mono_matches_the_meter_on_the_same_samples(files: dict[str, Any]) -> None:
    path = files["dir"] / "speech.flac"
    a = analyze_file(path)
    x, rate = sf.read(path, dtype="float32", always_2d=True)
    want = reference(x, rate).result()
    assert (a.sample_rate, a.channels, a.codec) == (44100, 1, "flac")
    assert a.duration_s == pytest.approx(20.0, abs=1e-6)
    assert a.integrated_lufs == pytest.approx(want.integrated_lufs, abs=0.001)
    assert a.lra_lu == pytest.approx(want.lra_lu, abs=0.001)
    assert a.true_peak_dbtp == pytest.approx(want.true_peak_dbtp, abs=0.001)


def test_mp3_keeps_duration_and_loudness_of_its_source(files: dict[str, Any]) -> None:
    a = analyze_file(files["dir"] / "speech.mp3")
    want = reference(files["speech"], 44100).result()
    assert (a.container, a.codec, a.sample_rate, a.channels) == ("mp3", "mp3", 44100, 2)
    assert a.duration_s == pytest.approx(20.0, abs=0.03)  # gapless: LAME's delay is removed
    assert a.integrated_lufs == pytest.approx(want.integrated_lufs, abs=0.05)
    assert a.true_peak_dbtp == pytest.approx(want.true_peak_dbtp, abs=0.3)


@pytest.mark.parametrize(
    ("ext", "codec_args", "codec"),
    [
        ("opus", ["-c:a", "libopus", "-b:a", "160k"], "opus"),
        ("ogg", ["-c:a", "libvorbis", "-q:a", "9"], "vorbis"),  # q6 drops 0.25 dB of noise
        ("m4a", ["-c:a", "aac", "-b:a", "256k"], "aac"),
    ],
)
def test_other_codecs(
    files: dict[str, Any], tmp_path: Path, ext: str, codec_args: list[str], codec: str
) -> None:
    path = encode(["-i", str(files["dir"] / "speech.wav"), *codec_args], tmp_path / f"s.{ext}")
    a = analyze_file(path)
    want = reference(files["speech"], 44100).result()
    assert a.codec == codec and a.channels == 2
    assert a.duration_s == pytest.approx(20.0, abs=0.05)
    assert a.integrated_lufs == pytest.approx(want.integrated_lufs, abs=0.2)


def test_video_file_analyses_its_audio(files: dict[str, Any]) -> None:
    a = analyze_file(files["dir"] / "video.mp4")
    assert a.codec == "aac" and "mp4" in a.container
    assert (a.sample_rate, a.channels) == (48000, 2)
    assert a.duration_s == pytest.approx(5.0, abs=0.05)
    # ffmpeg's sine source is 1/8 of full scale, and -ac 2 spreads it over both channels
    # at -3 dB each: -21.07 dBFS per channel.
    want = reference(signals.sine(997, 5, 20 * math.log10(1 / 8) - 3.0103), 48000).result()
    assert a.integrated_lufs == pytest.approx(want.integrated_lufs, abs=0.1)


def test_five_one_uses_surround_weights_and_ignores_the_lfe(files: dict[str, Any]) -> None:
    a = analyze_file(files["dir"] / "surround.wav")
    assert (a.channels, a.channel_layout) == (6, "5.1")
    assert a.integrated_lufs == pytest.approx(-23.0, abs=0.1)


def test_float_file_keeps_overs_and_true_peak(files: dict[str, Any]) -> None:
    a = analyze_file(files["dir"] / "over.wav")
    want = 20 * math.log10(1.41 * math.cos(math.pi / 4))  # -0.026 dBFS
    assert a.sample_peak_dbfs == pytest.approx(want, abs=1e-4)
    assert -0.4 <= a.true_peak_dbtp - 3.0 <= 0.2


def test_digital_silence(files: dict[str, Any]) -> None:
    a = analyze_file(files["dir"] / "silence.wav")
    assert a.integrated_lufs is None and a.lra_lu is None
    assert a.true_peak_dbtp == -math.inf
    assert a.leading_silence_s == a.trailing_silence_s == 3.0
    d = a.to_json_dict()
    assert d["true_peak_dbtp"] is None and d["integrated_lufs"] is None
    json.dumps(d, allow_nan=False)


def test_json_dict_has_the_fields_and_no_peaks(files: dict[str, Any]) -> None:
    a = analyze_file(files["dir"] / "tone.wav")
    d = a.to_json_dict()
    for key in (
        "file", "duration_s", "sample_rate", "channels", "codec", "container",
        "integrated_lufs", "lra_lu", "true_peak_dbtp", "sample_peak_dbfs",
        "leading_silence_s", "trailing_silence_s", "sha256",
    ):  # fmt: skip
        assert key in d, key
    assert "peaks" not in d
    assert json.loads(json.dumps(d, allow_nan=False))["duration_s"] == 7.5


def test_peaks_of_an_analysed_file(files: dict[str, Any]) -> None:
    a = analyze_file(files["dir"] / "tone.wav")
    w = a.waveform()
    frames = 7.5 * 48000
    assert (w.channels, w.frames, w.sample_rate) == (2, frames, 48000)
    assert len(w.levels[0]) == math.ceil(frames / 256)
    assert len(w.levels) == 1  # 1407 buckets: already few enough to draw whole
    env = w.envelope(0, w.frames, 75)  # 0.1 s per column
    assert env.shape == (75, 2, 2)
    assert np.all(env[:10] == 0.0)  # the leading second is silent
    # The tone stops at 7.0 s, inside bucket 1312 (256 frames), which column 70 also reads.
    assert np.all(env[-4:] == 0.0)
    assert env[12:68, :, 1].min() == pytest.approx(0.1, abs=1 / 127)  # -20 dBFS
    assert env[12:68, :, 0].max() == pytest.approx(-0.1, abs=1 / 127)


def test_progress_is_reported_and_ends_at_one(files: dict[str, Any], monkeypatch: Any) -> None:
    monkeypatch.setattr(analysis, "_PROGRESS_EVERY_S", 0.0)
    seen: list[float] = []
    analyze_file(files["dir"] / "speech.mp3", TaskState(lambda f, _t: seen.append(f)))
    assert len(seen) > 5
    assert seen == sorted(seen) and seen[-1] == 1.0 and seen[0] < 0.2


# --- bad input ----------------------------------------------------------------------------


def expect(error: type[MediaError], path: Path, *words: str) -> MediaError:
    with pytest.raises(error) as info:
        analyze_file(path)
    message = str(info.value)
    assert path.name in message
    for word in words:
        assert word in message, message
    return info.value


def cut(src: Path, dst: Path, fraction: float = 0.5) -> Path:
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * fraction)])
    return dst


def test_zero_byte_file(tmp_path: Path) -> None:
    (tmp_path / "empty.wav").write_bytes(b"")
    err = expect(EmptyMedia, tmp_path / "empty.wav", "empty", "0 bytes")
    assert err.template and err.params["name"] == "empty.wav"  # for the UI to translate


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MediaNotFound, match="does not exist") as info:
        analyze_file(tmp_path / "gone.mp3")
    assert isinstance(info.value, FileNotFoundError)


def test_text_named_wav(tmp_path: Path) -> None:
    path = tmp_path / "notes.wav"
    path.write_text("Bản tin sáng thứ hai\n" * 50, encoding="utf-8")
    expect(NotMedia, path, "not a media file", "Invalid data")


def test_random_bytes(tmp_path: Path) -> None:
    rng = np.random.default_rng(11)
    for name in ("noise.wav", "noise.bin"):
        (tmp_path / name).write_bytes(rng.bytes(100_000))
        expect(NotMedia, tmp_path / name, "not a media file")
    # Random bytes named .mp3 get as far as an "mp3" stream with no channels.
    (tmp_path / "noise.mp3").write_bytes(rng.bytes(100_000))
    expect(NotMedia, tmp_path / "noise.mp3", "no readable audio", "damaged")


@pytest.mark.parametrize("name", ["tone.wav", "speech.flac", "speech.mp3", "video.mp4"])
def test_truncated_files(files: dict[str, Any], tmp_path: Path, name: str) -> None:
    path = cut(files["dir"] / name, tmp_path / f"cut-{name}")
    err = expect(TruncatedMedia, path)
    assert "truncated" in str(err) or "incomplete" in str(err)


def test_truncated_wav_names_both_durations(files: dict[str, Any], tmp_path: Path) -> None:
    path = cut(files["dir"] / "tone.wav", tmp_path / "cut.wav", 0.4)
    expect(TruncatedMedia, path, "7.5 s", "3.0 s")


def test_video_without_audio(files: dict[str, Any]) -> None:
    expect(NoAudioStream, files["dir"] / "silent-video.mp4", "no audio stream", "video h264")


def test_a_directory_is_not_media(tmp_path: Path) -> None:
    with pytest.raises(NotMedia):
        analyze_file(tmp_path)


# --- cancel -------------------------------------------------------------------------------


@contextmanager
def recording_popen(monkeypatch: Any) -> Iterator[list[Any]]:
    procs: list[Any] = []
    real = ffmpeg.popen

    @contextmanager
    def spy(*args: Any, **kw: Any) -> Iterator[Any]:
        with real(*args, **kw) as proc:
            procs.append(proc)
            yield proc

    monkeypatch.setattr(analysis.ffmpeg, "popen", spy)
    yield procs


def test_cancel_during_decode_kills_ffmpeg(files: dict[str, Any], monkeypatch: Any) -> None:
    monkeypatch.setattr(analysis, "_PROGRESS_EVERY_S", 0.0)
    calls: list[float] = []

    def on_progress(fraction: float, _text: str) -> None:
        calls.append(fraction)
        state.cancel()  # the user presses Cancel at the first report

    state = TaskState(on_progress)
    with recording_popen(monkeypatch) as procs, pytest.raises(Cancelled):
        analyze_file(files["dir"] / "speech.mp3", state)
    assert len(calls) == 1 and calls[0] < 0.5
    decoder = procs[-1]  # the probe ran first; the last process is the decoder
    assert decoder.returncode is not None and decoder.returncode != 0  # killed, not finished


def test_cancelled_before_start(files: dict[str, Any]) -> None:
    state = TaskState()
    state.cancel()
    with pytest.raises(Cancelled):
        analyze_file(files["dir"] / "tone.wav", state)


def test_importing_analysis_loads_neither_numpy_nor_scipy() -> None:
    code = "import sys, media.analysis; print(sorted(m for m in sys.modules if m in ('numpy', 'scipy')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# --- peaks --------------------------------------------------------------------------------


def quantised(x: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Reference level 0: per 256 frames and channel, min rounded down and max rounded up."""
    scale = 127 if bits == 8 else 32767
    n = math.ceil(len(x) / 256)
    lo = np.array([x[i * 256 : (i + 1) * 256].min(axis=0) for i in range(n)])
    hi = np.array([x[i * 256 : (i + 1) * 256].max(axis=0) for i in range(n)])
    return (
        np.clip(np.floor(lo * scale), -scale, scale),
        np.clip(np.ceil(hi * scale), -scale, scale),
    )


@pytest.mark.parametrize("bits", [8, 16])
def test_peaks_match_a_direct_computation_whatever_the_blocks(bits: int) -> None:
    rng = np.random.default_rng(5)
    x = (rng.standard_normal((1_200_001, 2)) * 0.3).astype(np.float32)
    x[1000, 0] = 1.7  # beyond full scale: clipped to the top, never wrapped
    builder = PeaksBuilder(48000, 2, bits=bits)
    pos = 0
    while pos < len(x):
        step = int(rng.integers(1, 50000))
        builder.feed(x[pos : pos + step])
        pos += step
    w = builder.finish()
    lo, hi = quantised(x, bits)
    assert np.array_equal(w.levels[0][..., 0], lo) and np.array_equal(w.levels[0][..., 1], hi)
    assert w.levels[0][1000 // 256, 0, 1] == w.scale
    for k in range(1, len(w.levels)):  # each level merges 4 buckets of the one below
        below = w.levels[k - 1]
        assert len(w.levels[k]) == math.ceil(len(below) / 4)
        assert w.levels[k][3, 1, 0] == below[12:16, 1, 0].min()
        assert w.levels[k][3, 1, 1] == below[12:16, 1, 1].max()
    assert len(w.levels[-1]) <= 2048 < len(w.levels[-2])


def test_peaks_bytes_round_trip_and_reading() -> None:
    x = (np.random.default_rng(9).standard_normal((1_440_000, 2)) * 0.2).astype(np.float32)
    builder = PeaksBuilder(48000, 2)
    builder.feed(x)
    w = builder.finish()
    blob = w.to_bytes()
    assert len(blob) < 2 * len(x) * 2 * 2 / 256 * 1.4  # int8 pairs + a small header
    back = WaveformPeaks.from_bytes(blob)
    assert (back.frames, back.channels, back.bits, back.base) == (len(x), 2, 8, 256)
    assert all(np.array_equal(a, b) for a, b in zip(w.levels, back.levels, strict=True))
    part = back.read(0, 10, 20)
    assert part.shape == (10, 2, 2) and part.dtype == np.float32
    assert np.allclose(part * 127, w.levels[0][10:20])
    # Columns that span whole buckets give exactly the min/max of those buckets.
    env = back.envelope(0, 256 * 4 * 100, 100)
    lvl = back.level_for(256 * 4)
    assert lvl == 1
    assert np.allclose(env[:, :, 1] * 127, back.levels[1][:100, :, 1])
    assert np.allclose(env[:, :, 0] * 127, back.levels[1][:100, :, 0])
    # Zoomed in further than a bucket: each column repeats its bucket; past the end: zeros.
    fine = back.envelope(0, 512, 8)
    assert np.allclose(fine[:4], fine[0]) and np.allclose(fine[4:], fine[4])
    tail = back.envelope(len(x) - 256, len(x) + 256 * 9, 10)
    assert np.any(tail[0] != 0) and np.all(tail[1:] == 0)


def test_peaks_blob_errors() -> None:
    with pytest.raises(ValueError, match="not a waveform"):
        WaveformPeaks.from_bytes(b"RIFF....")
    builder = PeaksBuilder(44100, 1)
    builder.feed(np.ones((10_000, 1), np.float32) * 0.5)
    blob = builder.finish().to_bytes()
    with pytest.raises(ValueError, match="truncated"):
        WaveformPeaks.from_bytes(blob[:-10])


def test_empty_peaks() -> None:
    w = PeaksBuilder(48000, 2).finish()
    assert w.frames == 0 and len(w.levels) == 1 and len(w.levels[0]) == 0
    assert WaveformPeaks.from_bytes(w.to_bytes()).envelope(0, 100, 4).shape == (4, 2, 2)


# --- silence ------------------------------------------------------------------------------


def detect(x: np.ndarray, rate: int = 1000, block: int = 7, **kw: Any) -> Any:
    d = SilenceDetector(rate, x.shape[1], **kw)
    for start in range(0, len(x), block):
        d.feed(x[start : start + block])
    return d.result()


def test_silence_edges_are_sample_exact_across_blocks() -> None:
    x = np.zeros((5000, 2), np.float32)
    x[1234, 1] = 0.01  # -40 dBFS, in the second channel only
    x[3999, 0] = -0.004  # -48 dBFS: still sound
    x[4500, 0] = 0.003  # -50.5 dBFS: below the threshold
    r = detect(x)
    assert (r.sound_start_frame, r.sound_end_frame) == (1234, 4000)
    assert r.leading_s == 1.234 and r.trailing_s == 1.0


def test_short_silence_counts_as_none_and_all_silence_is_both_edges() -> None:
    x = np.full((3000, 1), 0.5, np.float32)
    x[:50] = 0.0  # 50 ms: shorter than the 100 ms minimum
    x[-200:] = 0.0
    r = detect(x)
    assert (r.leading_s, r.trailing_s) == (0.0, 0.2)
    assert detect(x, min_silence_s=0.0).leading_s == 0.05
    r = detect(np.zeros((2500, 2), np.float32))
    assert (r.leading_s, r.trailing_s, r.sound_start_frame) == (2.5, 2.5, None)


def test_threshold_is_configurable() -> None:
    x = np.full((2000, 1), 0.01, np.float32)  # -40 dBFS throughout
    assert detect(x).leading_s == 0.0
    assert detect(x, threshold_dbfs=-30.0).leading_s == 2.0


def test_analysis_type_is_frozen() -> None:
    assert Analysis.__dataclass_params__.frozen  # type: ignore[attr-defined]
