"""Text to speech for bulletins: a pluggable engine interface, espeak-ng, and WAV output.

An engine turns text into samples (``TtsEngine``); engines are registered by name so a
station can add a better voice later (``register_engine``) without touching callers.
The built-in engine drives espeak-ng through ctypes, using the library and data that
espeakng-loader ships. ``synthesize_to_file`` runs the Vietnamese normaliser first.
"""

from __future__ import annotations

import ctypes
import math
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from media.files import atomic_path
from media.taskstate import TaskState, null_state
from media.vi_normalize import normalize_vi

__all__ = [
    "ESPEAK_VOICES",
    "EspeakEngine",
    "Speech",
    "TtsEngine",
    "TtsError",
    "TtsResult",
    "TtsUnavailable",
    "UnknownVoice",
    "Voice",
    "engine_names",
    "get_engine",
    "register_engine",
    "split_sentences",
    "synthesize",
    "synthesize_to_file",
]


class TtsError(Exception):
    """Speech could not be made; the message says why."""


class TtsUnavailable(TtsError):
    """The engine's library or data cannot be loaded (a broken or incomplete install)."""


class UnknownVoice(TtsError):
    """The engine has no voice with that id (or its voice file is missing)."""


@dataclass(frozen=True)
class Voice:
    id: str  # stable id stored in settings and schedules: "bac", "trung", "nam"
    name: str  # shown to the user
    dialect: str  # which regional words the normaliser uses (see vi_normalize.DIALECTS)
    engine_voice: str = ""  # the engine's own name for it
    language: str = "vi"


@dataclass(frozen=True)
class Speech:
    samples: np.ndarray  # mono; int16 or float32 in [-1, 1]
    sample_rate: int
    voice: str
    text_normalized: str

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.sample_rate


@dataclass(frozen=True)
class TtsResult:
    path: Path
    duration_s: float
    sample_rate: int
    voice: str
    text_normalized: str
    engine: str = "espeak"


@runtime_checkable
class TtsEngine(Protocol):
    """What a speech engine offers. ``rate`` and ``pitch`` are relative: 1.0 is the voice's
    normal speed and pitch, 2.0 twice as fast (or as high as the engine allows)."""

    name: str

    def voices(self) -> list[Voice]: ...

    def synthesize(
        self,
        text: str,
        voice: str,
        rate: float = 1.0,
        pitch: float = 1.0,
        state: TaskState | None = None,
    ) -> tuple[np.ndarray, int]: ...


# ---------------------------------------------------------------------------------------------
# Sentences

_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|\s*\n\s*")


def split_sentences(text: str, max_chars: int = 400) -> list[str]:
    """Sentences (and, for very long ones, comma-separated pieces) in reading order."""
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        if len(sentence) <= max_chars:
            pieces.append(sentence)
            continue
        # A long run-on sentence is cut at commas so progress and cancel stay responsive.
        current = ""
        for clause in re.split(r"(?<=,)\s+", sentence):
            if current and len(current) + len(clause) + 1 > max_chars:
                pieces.append(current)
                current = clause
            else:
                current = f"{current} {clause}".strip()
        if current:
            pieces.append(current)
    return pieces


# ---------------------------------------------------------------------------------------------
# espeak-ng through ctypes. The library keeps one global synthesiser per process, so every
# call into it holds _LOCK, and it is initialised once.

_ENOUTPUT_MODE_SYNCHRONOUS = 0x0001
_POS_CHARACTER = 1
_ESPEAK_RATE = 1
_ESPEAK_PITCH = 3
_ESPEAK_CHARS_UTF8 = 1
_ESPEAK_ENDPAUSE = 0x1000
_ENS_VOICE_NOT_FOUND = 0x100006FF
_PHONEMES_IPA = 0x02

_NORMAL_WPM = 175  # espeak-ng's default speaking rate
_MIN_WPM, _MAX_WPM = 80, 450


class _EspeakVoiceStruct(ctypes.Structure):
    _fields_ = (
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_void_p),  # priority byte + name, repeated, ends with a 0 byte
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    )


_SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class _Collector:
    """Where the callback puts samples for the synthesis in progress."""

    def __init__(self, state: TaskState) -> None:
        self.chunks: list[bytes] = []
        self.state = state


_LOCK = threading.RLock()
_active: _Collector | None = None


@_SynthCallback
def _on_samples(wav: Any, count: int, _events: int | None) -> int:
    # Runs inside espeak_ng_Synthesize on the calling thread; returning 1 aborts synthesis.
    collector = _active
    if collector is None:
        return 1
    if count > 0 and wav:
        collector.chunks.append(ctypes.string_at(wav, count * 2))
    return 1 if collector.state.cancelled else 0


@dataclass
class _Library:
    lib: ctypes.CDLL
    data_path: str
    sample_rate: int


_loaded: _Library | None = None


def _declare(lib: ctypes.CDLL) -> None:
    c_int, c_char_p, c_void_p = ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p
    lib.espeak_ng_InitializePath.argtypes = [c_char_p]
    lib.espeak_ng_InitializePath.restype = None
    lib.espeak_ng_Initialize.argtypes = [ctypes.POINTER(c_void_p)]
    lib.espeak_ng_Initialize.restype = c_int
    lib.espeak_ng_ClearErrorContext.argtypes = [ctypes.POINTER(c_void_p)]
    lib.espeak_ng_ClearErrorContext.restype = None
    lib.espeak_ng_GetStatusCodeMessage.argtypes = [c_int, c_char_p, ctypes.c_size_t]
    lib.espeak_ng_GetStatusCodeMessage.restype = None
    lib.espeak_ng_InitializeOutput.argtypes = [c_int, c_int, c_char_p]
    lib.espeak_ng_InitializeOutput.restype = c_int
    lib.espeak_ng_GetSampleRate.argtypes = []
    lib.espeak_ng_GetSampleRate.restype = c_int
    lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_ListVoices.argtypes = [c_void_p]
    lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_EspeakVoiceStruct))
    lib.espeak_ng_SetVoiceByName.argtypes = [c_char_p]
    lib.espeak_ng_SetVoiceByName.restype = c_int
    lib.espeak_ng_SetParameter.argtypes = [c_int, c_int, c_int]
    lib.espeak_ng_SetParameter.restype = c_int
    lib.espeak_ng_Synthesize.argtypes = [
        c_void_p, ctypes.c_size_t, ctypes.c_uint, c_int, ctypes.c_uint, ctypes.c_uint,
        c_void_p, c_void_p,
    ]  # fmt: skip
    lib.espeak_ng_Synthesize.restype = c_int
    lib.espeak_ng_Synchronize.argtypes = []
    lib.espeak_ng_Synchronize.restype = c_int
    lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(c_void_p), c_int, c_int]
    lib.espeak_TextToPhonemes.restype = c_char_p


def _message(lib: ctypes.CDLL, status: int) -> str:
    buffer = ctypes.create_string_buffer(512)
    lib.espeak_ng_GetStatusCodeMessage(status, buffer, len(buffer))
    return buffer.value.decode("utf-8", "replace") or f"status {status:#x}"


def _default_paths() -> tuple[str, str]:
    try:
        import espeakng_loader
    except ImportError as exc:  # pragma: no cover - a broken install
        raise TtsUnavailable("espeakng-loader is not installed; reinstall the app") from exc
    try:
        return espeakng_loader.get_library_path(), espeakng_loader.get_data_path()
    except RuntimeError as exc:
        raise TtsUnavailable(f"espeak-ng data is missing: {exc}") from exc


def _load(library_path: str | None, data_path: str | None) -> _Library:
    """Load and initialise espeak-ng once per process (the library has global state)."""
    global _loaded
    with _LOCK:
        if _loaded is not None:
            if data_path is not None and os.path.abspath(data_path) != _loaded.data_path:
                raise TtsUnavailable(
                    f"espeak-ng is already running with data from {_loaded.data_path}; "
                    "restart the app to use another data folder"
                )
            return _loaded
        default_library, default_data = (
            _default_paths() if library_path is None or data_path is None else ("", "")
        )
        library_path = library_path or default_library
        data_path = os.path.abspath(data_path or default_data)
        # espeak-ng reads phontab first; checking it here gives a clear message.
        if not os.path.isfile(os.path.join(data_path, "phontab")):
            raise TtsUnavailable(f"no espeak-ng data (phontab) in {data_path}")
        try:
            lib = ctypes.CDLL(library_path)
            _declare(lib)
        except (OSError, AttributeError) as exc:
            raise TtsUnavailable(f"cannot load espeak-ng from {library_path}: {exc}") from exc
        lib.espeak_ng_InitializePath(os.fsencode(data_path))
        context = ctypes.c_void_p()
        status = lib.espeak_ng_Initialize(ctypes.byref(context))
        if status != 0:
            lib.espeak_ng_ClearErrorContext(ctypes.byref(context))
            raise TtsUnavailable(f"espeak-ng could not start: {_message(lib, status)}")
        status = lib.espeak_ng_InitializeOutput(_ENOUTPUT_MODE_SYNCHRONOUS, 0, None)
        if status != 0:
            raise TtsUnavailable(f"espeak-ng output failed: {_message(lib, status)}")
        lib.espeak_SetSynthCallback(_on_samples)
        _loaded = _Library(lib, data_path, lib.espeak_ng_GetSampleRate())
        return _loaded


def _languages(address: int | None) -> list[str]:
    out: list[str] = []
    while address and ctypes.string_at(address, 1) != b"\0":
        name = ctypes.string_at(address + 1)
        out.append(name.decode("ascii", "replace").lower())
        address += len(name) + 2
    return out


def _clamp(value: float, low: float, high: float) -> float:
    if not math.isfinite(value):
        raise ValueError(f"not a number: {value}")
    return min(max(value, low), high)


# The three regional voices espeak-ng ships for Vietnamese, by espeak language code.
ESPEAK_VOICES: tuple[Voice, ...] = (
    Voice("bac", "Giọng miền Bắc", "bac", "vi"),
    Voice("trung", "Giọng miền Trung", "trung", "vi-vn-x-central"),
    Voice("nam", "Giọng miền Nam", "nam", "vi-vn-x-south"),
)


class EspeakEngine:
    """espeak-ng over ctypes: small, offline, robotic but clear. Output is int16 mono."""

    name = "espeak"

    def __init__(
        self,
        voices: Sequence[Voice] = ESPEAK_VOICES,
        *,
        library_path: str | None = None,
        data_path: str | None = None,
    ) -> None:
        self._wanted = tuple(voices)
        self._library = _load(library_path, data_path)
        self._available: list[Voice] | None = None

    @property
    def sample_rate(self) -> int:
        return self._library.sample_rate

    def voices(self) -> list[Voice]:
        """Our voices whose espeak-ng voice file exists in the data folder."""
        if self._available is None:
            installed: set[str] = set()
            with _LOCK:
                listed = self._library.lib.espeak_ListVoices(None)
                i = 0
                while listed[i]:
                    entry = listed[i].contents
                    installed.update(_languages(entry.languages))
                    identifier = (entry.identifier or b"").decode("ascii", "replace").lower()
                    installed.update({identifier, identifier.rsplit("/", 1)[-1]})
                    i += 1
            self._available = [v for v in self._wanted if v.engine_voice.lower() in installed]
        return list(self._available)

    def voice(self, voice_id: str) -> Voice:
        for v in self.voices():
            if v.id == voice_id:
                return v
        known = ", ".join(v.id for v in self.voices()) or "none"
        raise UnknownVoice(f"no espeak-ng voice {voice_id!r} (installed: {known})")

    def synthesize(
        self,
        text: str,
        voice: str,
        rate: float = 1.0,
        pitch: float = 1.0,
        state: TaskState | None = None,
    ) -> tuple[np.ndarray, int]:
        """Speak ``text`` sentence by sentence; ``state`` sees progress and can cancel."""
        state = state or null_state()
        espeak_voice = self.voice(voice).engine_voice
        if not rate > 0:
            raise ValueError(f"rate must be positive, not {rate}")
        wpm = round(_clamp(_NORMAL_WPM * rate, _MIN_WPM, _MAX_WPM))
        pitch_value = round(_clamp(50 * pitch, 0, 100))  # espeak-ng pitch runs 0..100, 50 normal
        # espeak-ng misreads decomposed Vietnamese (NFD): marks are lost, words go English.
        sentences = split_sentences(unicodedata.normalize("NFC", text))
        chunks: list[np.ndarray] = []
        for i, sentence in enumerate(sentences):
            state.progress(i / len(sentences), f"{i + 1}/{len(sentences)}")
            chunks.append(self._speak(sentence, espeak_voice, wpm, pitch_value, state))
            state.check()
        state.progress(1.0)
        samples = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
        return samples, self.sample_rate

    def _speak(self, text: str, espeak_voice: str, wpm: int, pitch: int, state: TaskState) -> np.ndarray:
        global _active
        lib = self._library.lib
        data = text.encode("utf-8")
        collector = _Collector(state)
        with _LOCK:
            self._select(espeak_voice, wpm, pitch)
            _active = collector
            try:
                status = lib.espeak_ng_Synthesize(
                    data, len(data) + 1, 0, _POS_CHARACTER, 0,
                    _ESPEAK_CHARS_UTF8 | _ESPEAK_ENDPAUSE, None, None,
                )  # fmt: skip
                if status == 0:
                    status = lib.espeak_ng_Synchronize()
            finally:
                _active = None
        if status != 0 and not state.cancelled:
            raise TtsError(f"espeak-ng failed: {_message(lib, status)}")
        return np.frombuffer(b"".join(collector.chunks), dtype=np.int16)

    def _select(self, espeak_voice: str, wpm: int, pitch: int) -> None:
        # Set every time: another thread may have spoken with other settings in between.
        lib = self._library.lib
        status = lib.espeak_ng_SetVoiceByName(espeak_voice.encode("ascii"))
        if status == _ENS_VOICE_NOT_FOUND:
            raise UnknownVoice(f"espeak-ng has no voice {espeak_voice!r}")
        if status != 0:
            raise TtsError(f"espeak-ng voice {espeak_voice!r}: {_message(lib, status)}")
        for parameter, value in ((_ESPEAK_RATE, wpm), (_ESPEAK_PITCH, pitch)):
            status = lib.espeak_ng_SetParameter(parameter, value, 0)
            if status != 0:
                raise TtsError(f"espeak-ng parameter {parameter}: {_message(lib, status)}")

    def phonemes(self, text: str, voice: str) -> str:
        """IPA transcription of ``text`` (as NFC), to check how espeak-ng will read it."""
        espeak_voice = self.voice(voice).engine_voice
        return self._phonemes(unicodedata.normalize("NFC", text), espeak_voice)

    def _phonemes(self, text: str, espeak_voice: str) -> str:
        lib = self._library.lib
        buffer = ctypes.create_string_buffer(text.encode("utf-8"))
        pointer = ctypes.c_void_p(ctypes.addressof(buffer))
        out: list[str] = []
        with _LOCK:
            self._select(espeak_voice, _NORMAL_WPM, 50)
            while pointer.value:
                clause = lib.espeak_TextToPhonemes(ctypes.byref(pointer), _ESPEAK_CHARS_UTF8, _PHONEMES_IPA)
                out.append((clause or b"").decode("utf-8", "replace").strip())
        return " ".join(p for p in out if p)


# ---------------------------------------------------------------------------------------------
# Registry

EngineFactory = Callable[[], TtsEngine]
_FACTORIES: dict[str, EngineFactory] = {"espeak": EspeakEngine}
_ENGINES: dict[str, TtsEngine] = {}
_REGISTRY_LOCK = threading.Lock()


def register_engine(name: str, factory: EngineFactory, *, replace: bool = False) -> None:
    """Make an engine available by name; it is built on first use by ``get_engine``."""
    with _REGISTRY_LOCK:
        if name in _FACTORIES and not replace:
            raise TtsError(f"a speech engine called {name!r} is already registered")
        _FACTORIES[name] = factory
        _ENGINES.pop(name, None)


def engine_names() -> list[str]:
    with _REGISTRY_LOCK:
        return sorted(_FACTORIES)


def get_engine(name: str = "espeak") -> TtsEngine:
    """The shared engine instance for ``name`` (built once)."""
    with _REGISTRY_LOCK:
        if name not in _ENGINES:
            if name not in _FACTORIES:
                raise TtsError(f"no speech engine called {name!r} (have: {sorted(_FACTORIES)})")
            _ENGINES[name] = _FACTORIES[name]()
        return _ENGINES[name]


# ---------------------------------------------------------------------------------------------
# Text in, speech out


def _find_voice(engine: TtsEngine, voice_id: str) -> Voice:
    for v in engine.voices():
        if v.id == voice_id:
            return v
    known = ", ".join(v.id for v in engine.voices()) or "none"
    raise UnknownVoice(f"engine {engine.name!r} has no voice {voice_id!r} (has: {known})")


def synthesize(
    text: str,
    voice: str = "bac",
    rate: float = 1.0,
    pitch: float = 1.0,
    state: TaskState | None = None,
    engine: str | TtsEngine = "espeak",
) -> Speech:
    """Normalise Vietnamese ``text`` for the voice's region and speak it."""
    tts = get_engine(engine) if isinstance(engine, str) else engine
    chosen = _find_voice(tts, voice)
    spoken = normalize_vi(text, chosen.dialect)
    if not re.search(r"\w", spoken):
        raise TtsError("there is no text to read")
    samples, sample_rate = tts.synthesize(spoken, chosen.id, rate, pitch, state)
    return Speech(samples, sample_rate, chosen.id, spoken)


def synthesize_to_file(
    text: str,
    path: str | os.PathLike[str],
    voice: str = "bac",
    rate: float = 1.0,
    pitch: float = 1.0,
    state: TaskState | None = None,
    engine: str | TtsEngine = "espeak",
) -> TtsResult:
    """Speak ``text`` into a mono WAV (FLAC or OGG by suffix) written atomically at ``path``."""
    import soundfile

    tts = get_engine(engine) if isinstance(engine, str) else engine
    speech = synthesize(text, voice, rate, pitch, state, tts)
    target = Path(path)
    fmt = target.suffix.lstrip(".").upper()
    fmt = fmt if fmt in soundfile.available_formats() else "WAV"
    with atomic_path(target) as partial:  # a crash never leaves half a file under its name
        soundfile.write(partial, speech.samples, speech.sample_rate, format=fmt)
    return TtsResult(
        target, speech.duration_s, speech.sample_rate, speech.voice, speech.text_normalized, tts.name
    )
