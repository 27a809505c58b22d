"""`station selftest`: a headless check that this install works end to end.

Each step loads one bundled part and uses it for real: ffmpeg decodes a generated WAV,
libsndfile writes and reads FLAC, espeak-ng speaks a Vietnamese sentence, Qt's multimedia
FFmpeg backend loads, the Vietnamese translation translates, a station database is created
and opened, the hub answers on loopback, and the main window comes up offscreen. Exit 0 when
every step passes. It runs the same in the dev install and in the frozen app
(installer/build.py runs it inside the bundle).

``STATION_SELFTEST_STEPS`` (comma-separated step names) runs only those steps, including
``librosa``, which is not in the default set because its first use compiles numba code for
many seconds: installer/build.py uses it to measure that cost in the frozen app.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

STEPS_ENV = "STATION_SELFTEST_STEPS"

# An NFC sentence a bulletin could start with: 13 syllables.
VI_SENTENCE = unicodedata.normalize("NFC", "Xin chào bà con, đây là bản tin của đài truyền thanh xã.")
# espeak-ng's Vietnamese voice says 2-5 syllables a second at the normal rate; outside this
# range per syllable it is not reading Vietnamese (or not reading at all).
SECONDS_PER_SYLLABLE = (0.1, 0.6)


def _app() -> Any:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def process_age() -> float | None:
    """Seconds since this process started (Linux), to time a cold start from inside it."""
    try:
        stat = Path("/proc/self/stat").read_text()
        started = int(stat.rsplit(")", 1)[1].split()[19])  # field 22, starttime, in ticks
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - started / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def _decode_wav(tmp: Path) -> str:
    import numpy as np

    from media import ffmpeg, tones

    wav = tones.write_wav(tmp / "tone.wav", tones.sine(1000.0, 1.0, -6.0, 48000, 1), 48000,
                          "PCM_16")
    out = ffmpeg.run(["-i", str(wav), "-f", "s16le", "-ac", "1", "-ar", "48000", "-"],
                     timeout=30).stdout
    samples = np.frombuffer(out, dtype="<i2")
    if len(samples) != 48000:
        raise RuntimeError(f"decoded {len(samples)} samples, expected 48000")
    peak = 20 * np.log10(np.max(np.abs(samples)) / 32768)
    if abs(peak + 6.0) > 0.1:
        raise RuntimeError(f"decoded peak {peak:.2f} dBFS, expected -6.00")
    return f"ffmpeg {ffmpeg.ffmpeg_version()} decoded 1 s at {peak:.2f} dBFS ({ffmpeg.ffmpeg_path()})"


def _libsndfile(tmp: Path) -> str:
    import numpy as np
    import soundfile

    from media import tones

    tone = tones.sine(440.0, 0.5, -12.0, 44100, 1)
    path = tmp / "tone.flac"
    soundfile.write(path, tone, 44100, subtype="PCM_16")
    back, rate = soundfile.read(path, dtype="float32")
    if rate != 44100 or len(back) != len(tone):
        raise RuntimeError(f"read back {len(back)} samples at {rate} Hz")
    if np.max(np.abs(back - np.asarray(tone, dtype="float32").reshape(back.shape))) > 1e-3:
        raise RuntimeError("FLAC round trip changed the samples")
    return f"{soundfile.__libsndfile_version__} wrote and read FLAC"


def _tts(tmp: Path) -> str:
    import numpy as np

    from media import tts

    engine = tts.get_engine("espeak")
    voices = [v.id for v in engine.voices()]
    if "bac" not in voices:
        raise RuntimeError(f"no Vietnamese voice (have: {voices})")
    phonemes = engine.phonemes(VI_SENTENCE, "bac") if isinstance(engine, tts.EspeakEngine) else ""
    # Read as Vietnamese, đ is the implosive ɗ and syllables carry tone numbers; a voice that
    # fell back to English switches with "(en)" and loses both.
    if phonemes and ("(en)" in phonemes or "ɗ" not in phonemes):
        raise RuntimeError(f"espeak-ng does not read Vietnamese: {phonemes}")
    speech = tts.synthesize(VI_SENTENCE, "bac")
    samples = np.asarray(speech.samples, dtype=np.float64)
    samples = samples / 32768 if speech.samples.dtype == np.int16 else samples
    rms_db = 10 * np.log10(float(np.mean(samples**2)) + 1e-20)
    syllables = len(VI_SENTENCE.split())
    low, high = (syllables * s for s in SECONDS_PER_SYLLABLE)
    if rms_db < -40:
        raise RuntimeError(f"the speech is silent ({rms_db:.1f} dBFS RMS)")
    if not low <= speech.duration_s <= high:
        raise RuntimeError(f"{syllables} syllables took {speech.duration_s:.2f} s "
                           f"(expected {low:.1f}-{high:.1f} s)")
    return (f"voices {', '.join(voices)}; {syllables} syllables in {speech.duration_s:.2f} s "
            f"at {rms_db:.1f} dBFS RMS")


def _multimedia(tmp: Path) -> str:
    _app()
    from PySide6.QtCore import QLibraryInfo, QPluginLoader
    from PySide6.QtMultimedia import QMediaDevices, QMediaFormat

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "multimedia"
    plugins = sorted(p for p in folder.glob("*ffmpegmediaplugin*")
                     if p.suffix in (".so", ".dll", ".dylib"))
    if not plugins:
        raise RuntimeError(f"no FFmpeg media backend plugin in {folder}")
    loader = QPluginLoader(str(plugins[0]))
    if not loader.load():  # loads its libav* libraries too: the real test of the bundle
        raise RuntimeError(f"{plugins[0].name} does not load: {loader.errorString()}")
    meta: Any = loader.metaData()
    keys = meta.get("MetaData", {}).get("Keys", []) if isinstance(meta, dict) else []
    decodable = QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode)
    if not decodable:
        raise RuntimeError("Qt multimedia can decode no format: no backend is active")
    outputs, inputs = len(QMediaDevices.audioOutputs()), len(QMediaDevices.audioInputs())
    return (f"{plugins[0].name} {keys} loads, {len(decodable)} decodable formats; "
            f"{outputs} audio outputs, {inputs} inputs")


def _translations(tmp: Path) -> str:
    from PySide6.QtCore import QTranslator

    from ui import i18n

    qm = i18n.TRANSLATIONS / "station_vi.qm"
    translator = QTranslator()  # not installed: the step leaves the app's language alone
    if not translator.load(str(qm)):
        raise RuntimeError(f"cannot load {qm}")
    got = translator.translate("MainWindow", "Log out")
    if got != "Đăng xuất":
        raise RuntimeError(f"'Log out' translates to {got!r}, expected 'Đăng xuất'")
    return f"{qm.name} translates 'Log out' to '{got}'"


def _database(tmp: Path) -> str:
    from station import audit, users
    from station.paths import DataDir
    from station.startup import create_station, open_station

    datadir = DataDir(tmp / "data")
    st = create_station(datadir, "Selftest", "admin", "selftest-password")
    st.close()
    st = open_station(datadir)  # and again, as every later start does
    try:
        users.login(st, "admin", "selftest-password")
        result = audit.verify(st.db)
        if not result.ok:
            raise RuntimeError(f"audit chain broken: {result.reason}")
    finally:
        st.close()
    return f"database created and reopened, audit chain of {result.entries} entries intact"


def _hub(tmp: Path) -> str:
    """The reference hub (starlette under uvicorn) answers /hello on loopback: its modules are
    imported lazily and by name, which is what a frozen build forgets first."""
    import socket
    import threading

    import httpx
    import uvicorn

    from sync.hub.app import BASE, create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(tmp / "hub"), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 15
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the hub did not start")
            time.sleep(0.01)
        reply = httpx.get(f"http://127.0.0.1:{port}{BASE}/hello", timeout=5, trust_env=False)
        reply.raise_for_status()
        hello = reply.json()
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
    return f"hub protocol {hello['protocol']} versions {hello['versions']} on loopback"


def _main_window(tmp: Path) -> str:
    from station.paths import DataDir
    from ui.main_window import MainWindow
    from ui.operations import wait_all

    app = _app()
    # The station of the database step when it ran (the login screen), else a first run.
    root = tmp / "data" if (tmp / "data" / "station.db").exists() else tmp / "window"
    start = time.perf_counter()
    window = MainWindow(DataDir(root))
    window.show()
    window.start()
    deadline = time.monotonic() + 30
    while not window.ready and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    ready_s = time.perf_counter() - start
    age = process_age()
    size = window.size()
    window.close()
    wait_all(10000)
    if window.station is not None:
        window.station.close()
    if not window.ready:
        raise RuntimeError("the window did not become ready in 30 s")
    panel = type(window.central.currentWidget()).__name__
    since = f", {age:.2f} s after the process started" if age is not None else ""
    return f"main window {size.width()}x{size.height()} ready at {panel} in {ready_s:.2f} s{since}"


def _librosa(tmp: Path) -> str:
    """librosa's first use: the import (which compiles or loads its eagerly built numba
    kernels) and a first call of a lazily jitted function, with NUMBA_CACHE_DIR as set."""
    import numpy as np

    start = time.perf_counter()
    import librosa  # lazy: the submodules below do the real loading
    import librosa.sequence
    import librosa.util.utils  # its @guvectorize(cache=True) kernels are built at import

    imported = time.perf_counter() - start
    rng = np.random.default_rng(0)
    prob = rng.random((3, 400))
    prob /= prob.sum(axis=0)
    transition = librosa.sequence.transition_loop(3, 0.9)
    start = time.perf_counter()
    first_states = librosa.sequence.viterbi(prob, transition)  # @jit(cache=True) on first call
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = librosa.sequence.viterbi(prob, transition)
    second = time.perf_counter() - start
    if not np.array_equal(first_states, again):
        raise RuntimeError("viterbi gave two answers")
    cache = os.environ.get("NUMBA_CACHE_DIR", "")
    indexes = len(list(Path(cache).rglob("*.nbi"))) if cache else 0
    where = f"NUMBA_CACHE_DIR={cache} ({indexes} index files)" if cache else "numba's default cache"
    from importlib.metadata import version

    return (f"librosa {version('librosa')}: import {imported:.2f} s, first viterbi {first:.2f} s, "
            f"second {second * 1000:.1f} ms; {where}")


STEPS: dict[str, Callable[[Path], str]] = {
    "ffmpeg": _decode_wav,
    "libsndfile": _libsndfile,
    "tts": _tts,
    "multimedia": _multimedia,
    "translations": _translations,
    "database": _database,
    "hub": _hub,
    "window": _main_window,
    "librosa": _librosa,
}
DEFAULT_STEPS = ("ffmpeg", "libsndfile", "tts", "multimedia", "translations", "database", "hub",
                 "window")


def chosen_steps(env: dict[str, str] | os._Environ[str] | None = None) -> list[str]:
    """The steps to run: STATION_SELFTEST_STEPS when set, else the default (fast) ones."""
    value = (os.environ if env is None else env).get(STEPS_ENV, "").strip()
    if not value:
        return list(DEFAULT_STEPS)
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in STEPS]
    if unknown:
        raise ValueError(f"unknown selftest step(s) {', '.join(unknown)}; known: {', '.join(STEPS)}")
    return names


def main(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        names = chosen_steps()
    except ValueError as exc:
        print(f"station: error: {exc}", file=sys.stderr)
        return 2
    frozen = "frozen app" if getattr(sys, "frozen", False) else "dev install"
    print(f"selftest of the {frozen} in {Path(sys.executable).parent}")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="station-selftest-") as tmp:
        for name in names:
            start = time.perf_counter()
            try:
                detail = STEPS[name](Path(tmp))
            except Exception as exc:
                failed += 1
                print(f"[FAIL] {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            else:
                print(f"[ok]   {name}: {detail} ({time.perf_counter() - start:.2f} s)")
            sys.stdout.flush()
    print("selftest passed" if not failed else f"selftest FAILED ({failed} step(s))")
    return 0 if not failed else 1
