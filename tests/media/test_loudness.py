"""The loudness meter against EBU Tech 3341 / 3342, built from the specifications, and ffmpeg.

Cases 7 and 8 of Tech 3341 and 5 and 6 of Tech 3342 are recordings of real programmes that
cannot be built from the text; programme-like signals checked against ffmpeg's ebur128
(whose loudness and range agree with the EBU files) stand in for them.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from media import ffmpeg
from media.loudness import (
    Loudness,
    LoudnessMeter,
    TruePeakMeter,
    channel_weights,
    k_weighting_sos,
)
from tests.support import signals

RATE = 48000


def measure(
    x: np.ndarray,
    rate: int = RATE,
    block: int = 4800,
    layout: str | None = None,
    weights: list[float] | None = None,
) -> LoudnessMeter:
    meter = LoudnessMeter(rate, x.shape[1], layout=layout, weights=weights)
    for start in range(0, len(x), block):
        meter.feed(x[start : start + block])
    return meter


def integrated(
    x: np.ndarray, rate: int = RATE, layout: str | None = None, weights: list[float] | None = None
) -> float:
    value = measure(x, rate, layout=layout, weights=weights).result().integrated_lufs
    assert value is not None
    return value


# --- K-weighting -------------------------------------------------------------------------


def test_k_weighting_at_48k_is_the_bs1770_table() -> None:
    table = [
        [1.53512485958697, -2.69169618940638, 1.19839281085285, 1, -1.69065929318241, 0.73248077421585],
        [1.0, -2.0, 1.0, 1.0, -1.99004745483398, 0.99007225036621],
    ]
    assert np.allclose(k_weighting_sos(48000), table, atol=1e-12)


@pytest.mark.parametrize("rate", [22050, 32000, 44100, 96000])
def test_k_weighting_response_is_the_same_at_other_rates(rate: int) -> None:
    from scipy.signal import sosfreqz

    freqs = np.array([20.0, 50.0, 100.0, 500.0, 1000.0, 2000.0, 5000.0, 8000.0])
    _, ref = sosfreqz(k_weighting_sos(48000), worN=freqs, fs=48000)
    _, got = sosfreqz(k_weighting_sos(rate), worN=freqs, fs=rate)
    # The bilinear transform bends the shelf a little as fs falls: 0.03 dB at 22.05 kHz.
    diff = np.abs(20 * np.log10(np.abs(got)) - 20 * np.log10(np.abs(ref)))
    assert diff.max() < 0.03, dict(zip(freqs, diff.round(3), strict=True))


@pytest.mark.parametrize("rate", [22050, 32000, 44100, 96000])
def test_other_sample_rates_give_the_same_integrated_loudness(rate: int) -> None:
    def tones(r: int) -> np.ndarray:
        t = np.arange(10 * r) / r
        mono = 0.05 * (np.sin(2 * np.pi * 100 * t) + np.sin(2 * np.pi * 997 * t))
        mono += 0.05 * np.sin(2 * np.pi * 5000 * t)
        return np.repeat(mono[:, None], 2, axis=1).astype(np.float32)

    assert integrated(tones(rate), rate) == pytest.approx(integrated(tones(RATE)), abs=0.05)


def test_997_hz_at_full_scale_in_one_channel_reads_minus_3_01() -> None:
    # The definition in BS.1770-4, section 2.1.
    x = signals.sine(997, 10, 0.0, channels=1)
    assert integrated(x) == pytest.approx(-3.01, abs=0.01)


# --- EBU Tech 3341, minimum requirements -------------------------------------------------


@pytest.mark.parametrize(("level", "expected"), [(-23.0, -23.0), (-33.0, -33.0)])
def test_tech3341_cases_1_and_2_steady_sine(level: float, expected: float) -> None:
    meter = measure(signals.steps([(level, 20.0)]))
    r = meter.result()
    assert r.integrated_lufs == pytest.approx(expected, abs=0.1)
    assert r.max_momentary_lufs == pytest.approx(expected, abs=0.1)
    assert r.max_short_term_lufs == pytest.approx(expected, abs=0.1)
    # Momentary and short-term stay there, not only their maxima.
    assert np.all(np.abs(meter.momentary_lufs()[5:] - expected) < 0.1)
    assert np.all(np.abs(meter.short_term_lufs() - expected) < 0.1)


@pytest.mark.parametrize(
    ("case", "parts"),
    [
        (3, [(-36.0, 10.0), (-23.0, 60.0), (-36.0, 10.0)]),
        (4, [(-72.0, 10.0), (-36.0, 10.0), (-23.0, 60.0), (-36.0, 10.0), (-72.0, 10.0)]),
        (5, [(-26.0, 20.0), (-20.0, 20.1), (-26.0, 20.0)]),
    ],
)
def test_tech3341_cases_3_to_5_gating(case: int, parts: list[tuple[float, float]]) -> None:
    assert integrated(signals.steps(parts)) == pytest.approx(-23.0, abs=0.1), f"case {case}"


def test_tech3341_case_6_five_channels_with_surround_weights() -> None:
    levels = [-28.0, -28.0, -24.0, -30.0, -30.0]  # L R C Ls Rs
    x = np.concatenate([signals.sine(1000, 20, lvl, channels=1) for lvl in levels], axis=1)
    assert integrated(x) == pytest.approx(-23.0, abs=0.1)
    # Without the +1.5 dB on the surrounds the reading falls: the weights are really used.
    assert integrated(x, weights=[1, 1, 1, 1, 1]) < -23.2


def test_tech3341_case_6_as_5_1_ignores_the_lfe() -> None:
    levels = [-28.0, -28.0, -24.0, -30.0, -30.0]
    chans = [signals.sine(1000, 20, lvl, channels=1) for lvl in levels]
    lfe = signals.sine(60, 20, 0.0, channels=1)  # a loud LFE must not count
    x = np.concatenate([*chans[:3], lfe, *chans[3:]], axis=1)
    assert channel_weights(6, "5.1") == (1.0, 1.0, 1.0, 0.0, 1.41, 1.41)
    assert integrated(x, layout="5.1") == pytest.approx(-23.0, abs=0.1)


def test_tech3341_case_9_short_term_constant_after_3_s() -> None:
    x = signals.bursts((-20.0, 1.34), (-30.0, 1.66), 20)
    s = measure(x).short_term_lufs()  # every 100 ms from t = 3 s
    assert len(s) > 500
    assert np.all(np.abs(s - -23.0) <= 0.1), (s.min(), s.max())


def test_tech3341_case_12_momentary_constant_after_1_s() -> None:
    x = signals.bursts((-20.0, 0.18), (-30.0, 0.22), 25)
    m = measure(x).momentary_lufs()  # every 100 ms from t = 0.4 s
    assert np.all(np.abs(m[6:] - -23.0) <= 0.1), (m[6:].min(), m[6:].max())


@pytest.mark.parametrize("seconds", [0.5, 1.0, 2.0, 2.9])
def test_tech3341_case_10_style_max_short_term_of_a_burst(seconds: float) -> None:
    level = -23.0 - 10 * math.log10(seconds / 3.0)  # the 3 s window average is -23 LUFS
    x = signals.steps([(-120.0, 1.234), (level, seconds), (-120.0, 4.0)])
    assert measure(x).result().max_short_term_lufs == pytest.approx(-23.0, abs=0.1)


@pytest.mark.parametrize("seconds", [0.1, 0.2, 0.3])
def test_tech3341_case_13_style_max_momentary_of_a_burst(seconds: float) -> None:
    level = -23.0 - 10 * math.log10(seconds / 0.4)
    x = signals.steps([(-120.0, 0.777), (level, seconds), (-120.0, 1.0)])
    assert measure(x).result().max_momentary_lufs == pytest.approx(-23.0, abs=0.1)


# --- EBU Tech 3342 loudness range --------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "parts", "expected"),
    [
        (1, [(-20.0, 20.0), (-30.0, 20.0)], 10.0),
        (2, [(-20.0, 20.0), (-15.0, 20.0)], 5.0),
        (3, [(-40.0, 20.0), (-20.0, 20.0)], 20.0),
        (4, [(-50.0, 20.0), (-35.0, 20.0), (-20.0, 20.0), (-35.0, 20.0), (-50.0, 20.0)], 15.0),
    ],
)
def test_tech3342_cases_1_to_4(case: int, parts: list[tuple[float, float]], expected: float) -> None:
    lra = measure(signals.steps(parts)).result().lra_lu
    assert lra is not None
    assert abs(lra - expected) <= 1.0, f"case {case}: {lra:.2f} LU"


# --- True peak (Tech 3341 cases 15 to 23) -------------------------------------------------


@pytest.mark.parametrize(
    ("case", "divisor", "amplitude", "phase", "expected"),
    [
        (15, 4, 0.5, 0.0, -6.0),
        (16, 4, 0.5, 45.0, -6.0),  # ffmpeg's ebur128 reads -5.4 here: out of tolerance
        (17, 6, 0.5, 60.0, -6.0),
        (18, 8, 0.5, 67.5, -6.0),
        (19, 4, 1.41, 45.0, 3.0),  # samples at 0 dBFS, the wave at +3 dBTP
    ],
)
def test_tech3341_true_peak_sines(
    case: int, divisor: int, amplitude: float, phase: float, expected: float
) -> None:
    # Faded in and out: a sine switched on abruptly really does overshoot (+0.7 dB for case
    # 19) when reconstructed, which is not what these cases measure.
    level = 20 * math.log10(amplitude)
    x = signals.sine(RATE / divisor, 1.0, level, phase_deg=phase, fade_s=0.05)
    tp = measure(x).result().true_peak_dbtp
    assert expected - 0.4 <= tp <= expected + 0.2, f"case {case}: {tp:.3f} dBTP"
    assert tp == pytest.approx(expected, abs=0.05)  # tighter than the spec: the design's aim


@pytest.mark.parametrize(("case", "offset"), [(20, 0.0), (21, 0.25), (22, 0.5), (23, 0.75)])
def test_tech3341_true_peak_between_samples(case: int, offset: float) -> None:
    x = signals.band_limited_pulse(offset)
    r = measure(x).result()
    assert -0.4 <= r.true_peak_dbtp <= 0.2, f"case {case}: {r.true_peak_dbtp:.3f} dBTP"
    if offset == 0.5:  # the samples alone miss the peak by more than a dB
        assert r.sample_peak_dbfs < -1.0


def test_true_peak_off_the_oversampling_grid_is_within_tolerance() -> None:
    r = measure(signals.band_limited_pulse(0.125)).result()
    assert -0.4 <= r.true_peak_dbtp <= 0.2


def test_true_peak_pruning_is_exact_against_full_oversampling() -> None:
    from numpy.lib.stride_tricks import sliding_window_view

    from media.loudness import _true_peak_phases

    rng = np.random.default_rng(7)
    taps = _true_peak_phases()
    for trial in range(25):
        n, ch = int(rng.integers(1, 6000)), int(rng.integers(1, 4))
        x = (rng.standard_normal((n, ch)) * rng.uniform(0.01, 1.0)).astype(np.float32)
        if trial % 3 == 0:
            x[rng.integers(0, n), rng.integers(0, ch)] = 1.5  # a lone peak somewhere
        padded = np.concatenate((np.zeros((7, ch)), x, np.zeros((8, ch))))
        full = np.abs(sliding_window_view(padded, 16, axis=0) @ taps.T).max()
        want = max(full, np.abs(x).max())
        meter = TruePeakMeter(ch)
        pos = 0
        while pos < n:  # blocks of any size, edges anywhere
            step = int(rng.integers(1, 900))
            meter.feed(x[pos : pos + step])
            pos += step
        assert meter.result() == pytest.approx(want, rel=1e-5), trial
        assert meter.sample_peak == pytest.approx(np.abs(x).max(), rel=1e-7)


# --- Streaming, silence, edge cases -------------------------------------------------------


def test_block_size_does_not_change_any_result() -> None:
    x = signals.speech_like(20, RATE)
    one = measure(x, block=len(x)).result()
    rng = np.random.default_rng(3)
    meter = LoudnessMeter(RATE, 2)
    pos = 0
    while pos < len(x):
        step = int(rng.integers(1, 20000))
        meter.feed(x[pos : pos + step])
        pos += step
    many = meter.result()
    for name in Loudness.__dataclass_fields__:
        assert getattr(many, name) == pytest.approx(getattr(one, name), abs=1e-9), name


def test_digital_silence_has_no_loudness_and_minus_infinite_peaks() -> None:
    r = measure(signals.silence(5)).result()
    assert r == Loudness(None, None, -math.inf, -math.inf, None, None)


def test_too_short_or_too_quiet_has_no_integrated_loudness() -> None:
    short = measure(signals.sine(1000, 0.35, -20)).result()  # no complete 400 ms block
    assert short.integrated_lufs is None and short.lra_lu is None
    assert short.sample_peak_dbfs == pytest.approx(-20, abs=0.01)
    quiet = measure(signals.sine(1000, 5, -75)).result()  # below the -70 LUFS gate
    assert quiet.integrated_lufs is None and quiet.lra_lu is None
    assert quiet.max_momentary_lufs == pytest.approx(-75, abs=0.1)


def test_under_3_s_has_loudness_but_no_range() -> None:
    r = measure(signals.sine(1000, 2.0, -20)).result()
    assert r.integrated_lufs == pytest.approx(-20, abs=0.1)
    assert r.lra_lu is None and r.max_short_term_lufs is None


def test_public_sosfilt_path_gives_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    # The in-place scipy kernel is private; if a scipy moves it, the public API takes over.
    x = signals.speech_like(8, 44100, seed=4)
    fast = measure(x, 44100).result()
    meter = LoudnessMeter(44100, 2)
    monkeypatch.setattr(meter._filter, "_kernel", None)
    for start in range(0, len(x), 3000):
        meter.feed(x[start : start + 3000])
    assert meter.result().integrated_lufs == pytest.approx(fast.integrated_lufs, abs=1e-9)


def test_channel_weights_of_common_layouts() -> None:
    assert channel_weights(1) == (1.0,)
    assert channel_weights(2, "stereo") == (1.0, 1.0)
    assert channel_weights(5) == (1.0, 1.0, 1.0, 1.41, 1.41)  # L R C Ls Rs, as Tech 3341
    assert channel_weights(6, "5.1(side)") == (1.0, 1.0, 1.0, 0.0, 1.41, 1.41)
    # 7.1: the side pair sits at +-90 degrees (weighted), the back pair at +-150 (not).
    assert channel_weights(8, "7.1") == (1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.41, 1.41)
    assert channel_weights(3, "unknown-layout") == (1.0, 1.0, 1.0)


def test_bad_blocks_are_refused() -> None:
    meter = LoudnessMeter(RATE, 2)
    with pytest.raises(ValueError, match="3 channels"):
        meter.feed(np.zeros((10, 3), np.float32))
    meter.feed(np.zeros((0, 2), np.float32))  # empty blocks are fine
    with pytest.raises(ValueError):
        LoudnessMeter(0, 2)


# --- Cross-check with ffmpeg's ebur128 where it is right ---------------------------------


def ffmpeg_ebur128(path: Path) -> tuple[float, float, float]:
    """ffmpeg's integrated loudness, range and true peak (dBTP), to three decimals."""
    out = ffmpeg.run(
        ["-i", str(path), "-af", "ebur128=metadata=1:peak=true:framelog=quiet,"
         "ametadata=mode=print:file=-", "-f", "null", "-"],
    ).stdout.decode()  # fmt: skip
    i = float(re.findall(r"lavfi\.r128\.I=(-?[\d.]+)", out)[-1])
    lra = float(re.findall(r"lavfi\.r128\.LRA=(-?[\d.]+)", out)[-1])
    peaks = re.findall(r"lavfi\.r128\.true_peak=([\d.]+)", out)
    return i, lra, 20 * math.log10(max(float(p) for p in peaks))


@pytest.mark.parametrize(("rate", "seed"), [(48000, 1), (44100, 5)])
def test_speech_like_integrated_loudness_matches_ffmpeg(tmp_path: Path, rate: int, seed: int) -> None:
    x = signals.speech_like(40, rate, seed=seed, level_dbfs=-8.0)
    path = tmp_path / "speech.wav"
    sf.write(path, x, rate, subtype="FLOAT")
    ff_i, ff_lra, ff_tp = ffmpeg_ebur128(path)
    r = measure(x, rate).result()
    assert r.integrated_lufs is not None and r.lra_lu is not None
    assert abs(r.integrated_lufs - ff_i) <= 0.1, (r.integrated_lufs, ff_i)
    assert abs(r.lra_lu - ff_lra) <= 0.3, (r.lra_lu, ff_lra)
    assert abs(r.true_peak_dbtp - ff_tp) <= 0.2, (r.true_peak_dbtp, ff_tp)


@pytest.mark.parametrize("spread", [5.0, 15.0])
def test_programme_loudness_range_matches_ffmpeg(tmp_path: Path, spread: float) -> None:
    # Stand-ins for Tech 3342 cases 5 and 6 (narrow and wide authentic programmes).
    x = signals.programme(90, RATE, spread)
    path = tmp_path / "programme.wav"
    sf.write(path, x, RATE, subtype="FLOAT")
    ff_i, ff_lra, _ = ffmpeg_ebur128(path)
    r = measure(x).result()
    assert r.lra_lu is not None and r.integrated_lufs is not None
    assert abs(r.lra_lu - ff_lra) <= 0.3, (r.lra_lu, ff_lra)
    assert abs(r.integrated_lufs - ff_i) <= 0.1, (r.integrated_lufs, ff_i)
    assert r.lra_lu > spread * 0.5  # the drift really shows as range


def test_true_peak_of_faded_tech3341_sines_matches_ffmpeg(tmp_path: Path) -> None:
    # Switched on abruptly, case 16 overshoots when reconstructed and ffmpeg reads -5.1 dBTP
    # (we read -5.3: a real overshoot, its size set by the filter); faded, both read -6.0.
    path = tmp_path / "case16.wav"
    x = signals.sine(RATE / 4, 2.0, 20 * math.log10(0.5), phase_deg=45.0, fade_s=0.05)
    sf.write(path, x, RATE, subtype="FLOAT")
    tp = measure(x).result().true_peak_dbtp
    assert tp == pytest.approx(ffmpeg_ebur128(path)[2], abs=0.1)
