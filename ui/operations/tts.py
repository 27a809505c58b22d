"""Verbs for text to speech: the voices, a bulletin spoken into a temp file (work pool, no
database), and the spoken file added to the library (database pool)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from media.taskstate import Cancelled, TaskState
from station.changes import Changes
from station.library import ingest
from station.library import items as library
from station.schedule.model import TTS_CATEGORY
from station.station import Station
from ui.operations import Op


def list_voices(parent: QObject | None) -> Op[list[tuple[str, Any]]]:
    """(engine name, voice) of every registered engine (media.tts.register_engine: a station
    may add a better voice); loading an engine reads its data, so off the GUI thread. An
    engine that fails to load is left out; the others still speak."""

    def work(_: TaskState) -> list[tuple[str, Any]]:
        from media import tts

        out: list[tuple[str, Any]] = []
        errors: list[BaseException] = []
        for name in sorted(tts.engine_names(), key=lambda n: (n != "espeak", n)):
            try:
                out += [(name, v) for v in tts.get_engine(name).voices()]
            except tts.TtsError as exc:
                errors.append(exc)
        if not out and errors:
            raise errors[0]
        return out

    return Op(work, parent, "work")


def speak_to_temp(parent: QObject | None, st: Station, text: str, voice: str, rate: float,
                  pitch: float, engine: str = "espeak") -> Op[Any]:
    """Speak into a temp WAV beside the store (work pool): a media.tts.TtsResult, or None
    when cancelled (so the caller can put its buttons back)."""

    def work(state: TaskState) -> Any:
        from media import tts

        out = st.store.new_temp(".wav")
        try:
            return tts.synthesize_to_file(text, out, voice=voice, rate=rate, pitch=pitch,
                                          state=state, engine=engine)
        except Cancelled:
            out.unlink(missing_ok=True)
            return None
        except BaseException:
            out.unlink(missing_ok=True)
            raise

    return Op(work, parent, "work")


def import_spoken(parent: QObject | None, st: Station, path: Path, title: str,
                  text: str) -> Op[tuple[library.Item, Changes] | None]:
    """Add a spoken file to the library with its text as the transcript (database pool);
    the temp file goes either way. None: cancelled."""

    def work(state: TaskState) -> tuple[library.Item, Changes] | None:
        try:
            result, changes = ingest.import_spoken(st, path, title=title, text=text,
                                                   category=TTS_CATEGORY, state=state)
            return result.item, changes
        except Cancelled:
            return None
        finally:
            path.unlink(missing_ok=True)

    return Op(work, parent, "db")
