"""Text bulletins spoken for air: the station's TTS (media/tts.py) speaks a text slot ahead
of its time, once per (text, voice), into a cache beside the database; playout plays the
file at its loudness gain and logs its hash (what was heard) with the text item's id.

The cache is keyed by the SHA-256 of the voice and the NFC text, so an unchanged bulletin is
never spoken twice and an edited one is spoken again. Each entry is ``<key>.wav`` plus
``<key>.json`` (hash, duration, gain), both written atomically: the JSON comes last, so an
entry without it is unfinished and is spoken again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import tempfile
import threading
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from media.files import write_atomic

CACHE_DIR = "tts-cache"
WARM_AFTER_S = 5.0  # playout has rejoined the clock by then
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Spoken:
    path: Path
    sha256: str
    duration_s: float
    gain_db: float


def cache_key(text: str, voice: str) -> str:
    return hashlib.sha256(f"{voice}\n{unicodedata.normalize('NFC', text)}".encode()).hexdigest()


def cache_dir(root: Path) -> Path:
    return root / CACHE_DIR


def cached(root: Path, text: str, voice: str) -> Spoken | None:
    """The spoken file for ``text`` in ``voice``, if it was made (a cheap check)."""
    key = cache_key(text, voice)
    meta = cache_dir(root) / f"{key}.json"
    wav = cache_dir(root) / f"{key}.wav"
    try:
        facts = json.loads(meta.read_text())
    except (OSError, ValueError):
        return None
    if not wav.exists():
        return None
    return Spoken(wav, str(facts["sha256"]), float(facts["duration_s"]), float(facts["gain_db"]))


def speak(root: Path, text: str, voice: str, target_lufs: float,
          peak_limit_dbtp: float) -> Spoken:
    """Speak ``text`` into the cache (or return what is there) with its air gain."""
    import soundfile

    from media import tts
    from media.loudness import LoudnessMeter
    from station.library.ingest import air_gain_db

    found = cached(root, text, voice)
    if found is not None:
        return found
    folder = cache_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    key = cache_key(text, voice)
    wav = folder / f"{key}.wav"
    result = tts.synthesize_to_file(unicodedata.normalize("NFC", text), wav, voice=voice)
    samples, rate = soundfile.read(wav, dtype="float32", always_2d=True)
    meter = LoudnessMeter(rate, samples.shape[1])
    meter.feed(np.asarray(samples, dtype=np.float32))
    loud = meter.result()
    gain = air_gain_db(loud.integrated_lufs, loud.true_peak_dbtp, target_lufs, peak_limit_dbtp)
    digest = hashlib.sha256(wav.read_bytes()).hexdigest()
    spoken = Spoken(wav, digest, result.duration_s, gain or 0.0)
    facts = {k: v for k, v in asdict(spoken).items() if k != "path"}
    write_atomic(folder / f"{key}.json", json.dumps(facts).encode())
    return spoken


class Speaker:
    """Speaks requested bulletins one at a time in its own thread (synthesis takes a second
    or so of CPU: never on the thread that picks up emergencies). ``fresh`` is set when a
    new file is ready, so the runner re-plans at once."""

    def __init__(self, root: Path, target_lufs: float, peak_limit_dbtp: float) -> None:
        self.root = root
        self.target_lufs = target_lufs
        self.peak_limit_dbtp = peak_limit_dbtp
        self.errors: dict[str, str] = {}  # cache key -> why it could not be spoken
        self.fresh = threading.Event()
        self._queue: queue.SimpleQueue[tuple[str, str] | None] = queue.SimpleQueue()
        self._asked: set[str] = set()
        self._thread: threading.Thread | None = None

    def request(self, text: str, voice: str) -> None:
        key = cache_key(text, voice)
        if key in self._asked:
            return
        self._asked.add(key)
        self.start()
        self._queue.put((text, voice))

    def start(self, warm_voice: str | None = None) -> None:
        """Start the thread; with ``warm_voice`` it first speaks a word in that voice (then
        thrown away), so that a bulletin arriving later (an emergency) waits for no loading."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, args=(warm_voice,),
                                            name="playout-tts", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=10)
            self._thread = None

    def _work(self, warm_voice: str | None = None) -> None:
        from media.tts import TtsError

        job: tuple[str, str] | None = None
        if warm_voice is not None:
            try:  # the first seconds belong to playout joining the clock: warm up after
                job = self._queue.get(timeout=WARM_AFTER_S)
            except queue.Empty:
                try:
                    with tempfile.TemporaryDirectory() as scratch:
                        speak(Path(scratch), "Xin chào.", warm_voice, self.target_lufs,
                              self.peak_limit_dbtp)
                except (TtsError, OSError, RuntimeError, ValueError) as exc:  # said per bulletin
                    log.warning("the station's voice cannot be loaded: %s", exc)
                job = self._queue.get()
        else:
            job = self._queue.get()
        while job is not None:
            text, voice = job
            try:
                speak(self.root, text, voice, self.target_lufs, self.peak_limit_dbtp)
            except (TtsError, OSError, RuntimeError, ValueError) as exc:
                self.errors[cache_key(text, voice)] = str(exc)
            self.fresh.set()
            job = self._queue.get()
