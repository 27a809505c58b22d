"""Real Vietnamese speech from espeak-ng: voices, duration, loudness, NFC, rate, pitch, cancel."""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path

import numpy as np
import pytest
import soundfile

from media import tts
from media.taskstate import Cancelled, TaskState
from media.tts import EspeakEngine, TtsError, TtsUnavailable, UnknownVoice, Voice

SENTENCE = "Hôm nay trời nắng đẹp, bà con nông dân ra đồng thu hoạch lúa."
SENTENCE_SYLLABLES = 14
BULLETIN = (
    "Sáng 2/9/2025, UBND TP. Huế tổ chức lễ kỷ niệm 80 năm Quốc khánh. "
    "Nhiệt độ 20-25°C, gió giật cấp 8. "
    "Người dân cần hỗ trợ xin gọi đường dây nóng 0912.345.678."
)


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    made = tts.get_engine("espeak")
    assert isinstance(made, EspeakEngine)
    return made


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))


def median_f0(samples: np.ndarray, sample_rate: int) -> float:
    """Median fundamental frequency of the louder frames, by autocorrelation."""
    x = samples.astype(np.float64)
    size = int(0.04 * sample_rate)
    loud = rms(samples)
    lo, hi = sample_rate // 400, sample_rate // 60
    found = []
    for start in range(0, len(x) - size, size // 2):
        frame = x[start : start + size] - x[start : start + size].mean()
        if np.sqrt(np.mean(frame**2)) < loud:
            continue
        ac = np.correlate(frame, frame, "full")[size - 1 :]
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] > 0.3 * ac[0]:
            found.append(sample_rate / lag)
    assert len(found) > 10, "too few voiced frames to measure pitch"
    return float(np.median(found))


def test_three_regional_voices(engine: EspeakEngine) -> None:
    voices = {v.id: v for v in engine.voices()}
    assert set(voices) == {"bac", "trung", "nam"}
    assert voices["nam"].dialect == "nam"
    assert all(unicodedata.is_normalized("NFC", v.name) for v in voices.values())


@pytest.mark.parametrize("voice", ["bac", "trung", "nam"])
def test_each_voice_speaks(voice: str) -> None:
    speech = tts.synthesize(SENTENCE, voice=voice)
    assert speech.samples.dtype == np.int16
    assert speech.sample_rate >= 16000
    # Read at a newsreader's pace: roughly 2 to 6 syllables a second, plus the end pause.
    per_syllable = speech.duration_s / SENTENCE_SYLLABLES
    assert 0.15 < per_syllable < 0.5, speech.duration_s
    assert rms(speech.samples) > 1000  # about -30 dBFS: speech, not silence
    assert np.abs(speech.samples).max() < 32767  # and not clipped


def test_voices_sound_different() -> None:
    north = tts.synthesize(SENTENCE, voice="bac")
    south = tts.synthesize(SENTENCE, voice="nam")
    assert median_f0(north.samples, north.sample_rate) > 1.15 * median_f0(south.samples, south.sample_rate)


def test_duration_scales_with_text_length() -> None:
    one = tts.synthesize(SENTENCE).duration_s
    three = tts.synthesize(" ".join([SENTENCE] * 3)).duration_s
    assert 2.7 < three / one < 3.3


def test_nfd_input_gives_the_same_speech_as_nfc(engine: EspeakEngine) -> None:
    nfc = unicodedata.normalize("NFC", SENTENCE)
    nfd = unicodedata.normalize("NFD", SENTENCE)
    assert nfc != nfd
    a, b = tts.synthesize(nfc), tts.synthesize(nfd)
    assert a.text_normalized == b.text_normalized
    # espeak-ng varies a few samples between runs (pitch flutter), so compare within 1 %.
    assert abs(a.duration_s - b.duration_s) < 0.01 * a.duration_s
    assert abs(rms(a.samples) - rms(b.samples)) < 0.05 * rms(a.samples)
    assert engine.phonemes(nfd, "bac") == engine.phonemes(nfc, "bac")


def test_espeak_itself_misreads_nfd(engine: EspeakEngine) -> None:
    """Why the NFC step exists: handed raw NFD, espeak-ng loses the marks (nắng reads "nang")."""
    raw_nfd = engine._phonemes(unicodedata.normalize("NFD", SENTENCE), "vi")
    raw_nfc = engine._phonemes(unicodedata.normalize("NFC", SENTENCE), "vi")
    assert raw_nfd != raw_nfc
    assert raw_nfc == engine.phonemes(unicodedata.normalize("NFD", SENTENCE), "bac")


def test_normalised_bulletin_stays_vietnamese(engine: EspeakEngine) -> None:
    spoken = tts.synthesize(BULLETIN).text_normalized
    phonemes = engine.phonemes(spoken, "bac")
    # espeak-ng marks a switch to another language as "(en)"; abbreviations must not cause one.
    assert "(" not in phonemes
    assert "(en)" in engine.phonemes("UBND", "bac")  # the raw abbreviation does


def test_rate_changes_duration() -> None:
    normal = tts.synthesize(SENTENCE).duration_s
    fast = tts.synthesize(SENTENCE, rate=2.0).duration_s
    slow = tts.synthesize(SENTENCE, rate=0.6).duration_s
    assert fast < 0.65 * normal
    assert slow > 1.4 * normal


def test_pitch_changes_pitch() -> None:
    low = tts.synthesize(SENTENCE, pitch=0.4)
    high = tts.synthesize(SENTENCE, pitch=1.6)
    assert median_f0(high.samples, high.sample_rate) > 1.4 * median_f0(low.samples, low.sample_rate)


def test_bad_rate_is_an_error() -> None:
    with pytest.raises(ValueError):
        tts.synthesize(SENTENCE, rate=float("nan"))


def test_progress_runs_sentence_by_sentence() -> None:
    seen: list[float] = []
    tts.synthesize(BULLETIN, state=TaskState(lambda fraction, _text: seen.append(fraction)))
    assert seen == sorted(seen)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert len(seen) >= 4  # three sentences and the end


def test_cancel_between_sentences() -> None:
    state = TaskState()
    seen: list[float] = []

    def on_progress(fraction: float, _text: str) -> None:
        seen.append(fraction)
        if fraction > 0:
            state.cancel()

    state._on_progress = on_progress
    with pytest.raises(Cancelled):
        tts.synthesize(BULLETIN, state=state)
    assert len(seen) == 2  # stopped at the second sentence


class _CancelAfter(TaskState):
    """Reports cancelled after espeak-ng's callback has asked a few times."""

    def __init__(self, polls: int) -> None:
        super().__init__()
        self.polls = 0
        self.limit = polls

    @property
    def cancelled(self) -> bool:
        self.polls += 1
        if self.polls >= self.limit:
            self.cancel()
        return super().cancelled


def test_cancel_inside_a_sentence_aborts_synthesis(engine: EspeakEngine) -> None:
    long_sentence = ", ".join([SENTENCE.rstrip(".")] * 8) + "."
    finished = _CancelAfter(polls=10**9)
    engine.synthesize(long_sentence, "bac", state=finished)
    assert finished.polls > 20
    state = _CancelAfter(polls=3)
    with pytest.raises(Cancelled):
        engine.synthesize(long_sentence, "bac", state=state)
    assert state.polls < 6  # the callback stopped espeak-ng instead of running to the end
    # The shared synthesiser is usable again straight after.
    again = tts.synthesize(SENTENCE)
    assert rms(again.samples) > 1000


def test_cancel_before_start() -> None:
    state = TaskState()
    state.cancel()
    with pytest.raises(Cancelled):
        tts.synthesize(SENTENCE, state=state)


def test_unknown_voice() -> None:
    with pytest.raises(UnknownVoice):
        tts.synthesize(SENTENCE, voice="hue")
    assert issubclass(UnknownVoice, TtsError)


def test_missing_voice_file_is_not_offered() -> None:
    ghost = Voice("ghost", "Giọng thử", "bac", "vi-vn-x-nowhere")
    engine = EspeakEngine([*tts.ESPEAK_VOICES, ghost])
    assert "ghost" not in {v.id for v in engine.voices()}
    with pytest.raises(UnknownVoice):
        engine.synthesize(SENTENCE, "ghost")


def test_missing_data_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(TtsUnavailable):
        EspeakEngine(data_path=str(tmp_path))


def test_empty_text_is_an_error() -> None:
    with pytest.raises(TtsError):
        tts.synthesize("  ...  ")


def test_synthesize_to_file(tmp_path: Path) -> None:
    target = tmp_path / "ban-tin.wav"
    result = tts.synthesize_to_file(BULLETIN, target, voice="trung", rate=1.2)
    info = soundfile.info(target)
    assert (info.format, info.channels, info.samplerate) == ("WAV", 1, result.sample_rate)
    assert info.frames / info.samplerate == pytest.approx(result.duration_s)
    assert result.path == target and result.voice == "trung" and result.engine == "espeak"
    assert "Ủy ban nhân dân" in result.text_normalized
    assert 8 < result.duration_s < 30
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ban-tin.wav"]  # no temp file left


def test_threads_share_the_engine_safely() -> None:
    alone = {v: tts.synthesize(SENTENCE, voice=v).duration_s for v in ("bac", "nam")}
    together: dict[str, float] = {}

    def run(voice: str) -> None:
        for _ in range(3):
            together[voice] = tts.synthesize(SENTENCE, voice=voice).duration_s

    threads = [threading.Thread(target=run, args=(v,)) for v in alone]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    for voice, duration in alone.items():
        assert together[voice] == pytest.approx(duration, rel=0.01)


class _ToneEngine:
    """A stand-in engine: a beep per character, float32 at 16 kHz."""

    name = "tone"

    def voices(self) -> list[Voice]:
        return [Voice("beep", "Tiếng bíp", "nam")]

    def synthesize(
        self,
        text: str,
        voice: str,
        rate: float = 1.0,
        pitch: float = 1.0,
        state: TaskState | None = None,
    ) -> tuple[np.ndarray, int]:
        t = np.arange(int(len(text) * 160 / rate)) / 16000
        return (0.3 * np.sin(2 * np.pi * 440 * pitch * t)).astype(np.float32), 16000


def test_registry_plugs_in_another_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tts, "_FACTORIES", dict(tts._FACTORIES))
    monkeypatch.setattr(tts, "_ENGINES", dict(tts._ENGINES))
    tts.register_engine("tone", _ToneEngine)
    assert "tone" in tts.engine_names() and "espeak" in tts.engine_names()
    assert isinstance(tts.get_engine("tone"), tts.TtsEngine)
    with pytest.raises(TtsError):
        tts.register_engine("tone", _ToneEngine)
    result = tts.synthesize_to_file("Năm 2024", tmp_path / "x.wav", voice="beep", engine="tone")
    assert result.engine == "tone"
    assert result.text_normalized == "Năm hai ngàn không trăm hai mươi tư"  # the voice's dialect
    assert result.sample_rate == 16000
    assert result.duration_s == pytest.approx(len(result.text_normalized) * 0.01)
    with pytest.raises(TtsError):
        tts.get_engine("nowhere")
