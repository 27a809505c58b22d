"""One-pass analysis of a media file: ffmpeg decodes once, every measure reads the same blocks.

ffmpeg runs in its own process (its own core) and writes raw float32 PCM at the native rate
and channel count to a pipe; each block read from it goes to the loudness meter, the waveform
peaks, the silence detector and the frame counter in turn. A thread hashes the original bytes
meanwhile. numpy and scipy load inside ``analyze_file`` only.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from media import ffmpeg
from media.taskstate import TaskState

if TYPE_CHECKING:
    import numpy as np

    from media.peaks import WaveformPeaks

BLOCK_SECONDS = 1.5  # per pipe read: large enough that per-block Python overhead is noise
_PIPE_BYTES = 1 << 20  # Linux lets a pipe grow to 1 MiB: ffmpeg stalls less often
_PROGRESS_EVERY_S = 0.2


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate reads
    return text


class MediaError(Exception):
    """A file cannot be analysed. ``str()`` is the English sentence; the UI translates
    ``template`` (marked for lupdate) and formats it with ``params``."""

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))


class MediaNotFound(MediaError, FileNotFoundError):
    pass


class EmptyMedia(MediaError):
    pass


class NotMedia(MediaError):
    """ffmpeg recognises no media format in the file (text, random bytes, a damaged header)."""


class NoAudioStream(MediaError):
    pass


class TruncatedMedia(MediaError):
    """The file ends before the audio its header or index promises."""


class DecodeFailed(MediaError):
    pass


@dataclass(frozen=True)
class StreamInfo:
    """What ``ffmpeg -i`` says about a file and its first audio stream."""

    container: str
    codec: str
    sample_rate: int
    channels: int
    layout: str | None  # ffmpeg's layout name ("stereo", "5.1(side)"), None if only a count
    duration_s: float | None  # as declared by the file; None if unknown or only estimated
    has_video: bool  # a real picture stream, not cover art


@dataclass(frozen=True)
class Analysis:
    file: str
    size_bytes: int
    sha256: str
    container: str
    codec: str
    sample_rate: int
    channels: int
    channel_layout: str | None
    duration_s: float
    integrated_lufs: float | None
    lra_lu: float | None
    true_peak_dbtp: float
    sample_peak_dbfs: float
    max_momentary_lufs: float | None
    max_short_term_lufs: float | None
    leading_silence_s: float
    trailing_silence_s: float
    warnings: tuple[str, ...] = ()
    peaks: bytes = field(default=b"", repr=False)

    def to_json_dict(self) -> dict[str, Any]:
        """Everything but the peaks blob; -inf (digital silence) becomes None."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            if name == "peaks":
                continue
            value = getattr(self, name)
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            out[name] = list(value) if isinstance(value, tuple) else value
        return out

    def waveform(self) -> WaveformPeaks:
        from media.peaks import WaveformPeaks

        return WaveformPeaks.from_bytes(self.peaks)


# ---------------------------------------------------------------------------------- probe

_INPUT_RE = re.compile(r"^Input #0, (?P<fmt>.+?), from '", re.M)
_DURATION_RE = re.compile(r"^\s*Duration: (?:(\d+):(\d\d):(\d\d(?:\.\d+)?)|N/A)", re.M)
_STREAM_RE = re.compile(r"^\s*Stream #0:\d+\S*: (?P<kind>Audio|Video): (?P<rest>.*)$", re.M)
_AUDIO_RE = re.compile(r"^(?P<codec>[^\s,]+).*?, (?P<rate>\d+) Hz, (?P<layout>[^,]+)")
_LAYOUT_CHANNELS = {
    "mono": 1,
    "stereo": 2,
    "downmix": 2,
    "2.1": 3,
    "3.0": 3,
    "3.0(back)": 3,
    "4.0": 4,
    "quad": 4,
    "quad(side)": 4,
    "3.1": 4,
    "5.0": 5,
    "5.0(side)": 5,
    "4.1": 5,
    "5.1": 6,
    "5.1(side)": 6,
    "6.0": 6,
    "6.0(front)": 6,
    "hexagonal": 6,
    "6.1": 7,
    "6.1(back)": 7,
    "6.1(front)": 7,
    "7.0": 7,
    "7.0(front)": 7,
    "7.1": 8,
    "7.1(wide)": 8,
    "7.1(wide-side)": 8,
    "7.1(top)": 8,
    "octagonal": 8,
    "5.1.2": 8,
    "5.1.4": 10,
    "7.1.2": 10,
    "7.1.4": 12,
    "hexadecagonal": 16,
    "22.2": 24,
}


def _source(path: Path) -> str:
    # "file:" stops a name like "http:x.mp3" or "concat:a|b" being taken as a protocol.
    return "file:" + str(path.resolve())


def _input_args(path: Path) -> list[str]:
    # Only local files: a playlist or concat script inside a "media" file may not fetch URLs.
    return ["-protocol_whitelist", "file", "-i", _source(path)]


def probe(path: str | os.PathLike[str], state: TaskState | None = None) -> StreamInfo:
    """Container, codec, rate, channels and declared duration of the first audio stream."""
    p = Path(path)
    name = p.name
    _check_file(p)
    text = ffmpeg.run(_input_args(p), timeout=60, state=state, check=False).stderr
    head = _INPUT_RE.search(text)
    if head is None:
        reason = _ffmpeg_reason(text)
        if "moov atom not found" in text:
            raise TruncatedMedia(
                QT_TRANSLATE_NOOP(
                    "media",
                    "{name} is incomplete: its index (moov atom) is missing, usually because "
                    "a download or recording stopped early",
                ),
                name=name,
            )
        raise NotMedia(
            QT_TRANSLATE_NOOP("media", "{name} is not a media file that ffmpeg can read: {reason}"),
            name=name,
            reason=reason,
        )
    streams = [(m["kind"], m["rest"]) for m in _STREAM_RE.finditer(text)]
    audio = next((rest for kind, rest in streams if kind == "Audio"), None)
    kinds = ", ".join(f"{k.lower()} {r.split()[0].rstrip(',')}" for k, r in streams) or "none"
    if audio is None:
        raise NoAudioStream(
            QT_TRANSLATE_NOOP("media", "{name} has no audio stream (streams found: {streams})"),
            name=name,
            streams=kinds,
        )
    parsed = _AUDIO_RE.match(audio)
    layout = parsed["layout"].strip() if parsed else ""
    layout_name: str | None = layout
    count = _LAYOUT_CHANNELS.get(layout)
    if count is None:
        m = re.match(r"(\d+) channels", layout)
        count = int(m.group(1)) if m else 0
        layout_name = None
    if parsed is None or not count or int(parsed["rate"]) <= 0:
        raise NotMedia(
            QT_TRANSLATE_NOOP(
                "media",
                "{name} holds no readable audio (ffmpeg sees: {detail}); it is damaged or not "
                "really {container}",
            ),
            name=name,
            detail=audio.strip(),
            container=head["fmt"],
        )
    duration = None
    d = _DURATION_RE.search(text)
    if d and d.group(1) is not None and "Estimating duration from bitrate" not in text:
        duration = int(d.group(1)) * 3600 + int(d.group(2)) * 60 + float(d.group(3))
    return StreamInfo(
        container=head["fmt"],
        codec=parsed["codec"],
        sample_rate=int(parsed["rate"]),
        channels=count,
        layout=layout_name,
        duration_s=duration,
        has_video=any(k == "Video" and "(attached pic)" not in r for k, r in streams),
    )


def _check_file(p: Path) -> None:
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        template = QT_TRANSLATE_NOOP("media", "{path} does not exist")
        raise MediaNotFound(template, path=str(p)) from None
    if not p.is_file():
        raise NotMedia(QT_TRANSLATE_NOOP("media", "{path} is not a file"), path=str(p))
    if size == 0:
        raise EmptyMedia(QT_TRANSLATE_NOOP("media", "{name} is empty (0 bytes)"), name=p.name)


def _ffmpeg_reason(stderr: str) -> str:
    for line in reversed(stderr.splitlines()):
        if "Error opening input:" in line:
            return line.split("Error opening input:", 1)[1].strip()
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    return lines[-1] if lines else "no message"


def _check_wav_size(p: Path, info: StreamInfo) -> None:
    """A RIFF WAV whose data chunk promises more bytes than the file holds was cut short."""
    if info.container != "wav":
        return
    size = p.stat().st_size
    byte_rate = 0
    with p.open("rb") as f:
        if f.read(12)[:4] != b"RIFF":
            return
        while True:
            head = f.read(8)
            if len(head) < 8:
                return
            chunk, length = struct.unpack("<4sI", head)
            if chunk == b"data":
                break
            body = f.read(length + (length & 1))
            if chunk == b"fmt " and len(body) >= 12:
                byte_rate = struct.unpack_from("<I", body, 8)[0]
        have = size - f.tell()
    if length in (0, 0xFFFFFFFF) or have >= length or not byte_rate:
        return  # 0 or -1: a header written before the size was known; nothing to compare
    raise TruncatedMedia(
        QT_TRANSLATE_NOOP(
            "media",
            "{name} is truncated: its header promises {declared:.1f} s of audio but the file "
            "holds only {decoded:.1f} s",
        ),
        name=p.name,
        declared=length / byte_rate,
        decoded=have / byte_rate,
    )


# ---------------------------------------------------------------------------------- decode


class _Hasher(threading.Thread):
    """SHA-256 of the original bytes, read alongside the decode (hashlib drops the GIL)."""

    def __init__(self, path: Path) -> None:
        super().__init__(name="analysis-sha256", daemon=True)
        self.path = path
        self.stop = threading.Event()
        self.digest = ""
        self.error: OSError | None = None

    def run(self) -> None:
        h = hashlib.sha256()
        buf = bytearray(1 << 20)
        view = memoryview(buf)
        try:
            with self.path.open("rb", buffering=0) as f:
                while not self.stop.is_set():
                    n = f.readinto(buf)
                    if not n:
                        self.digest = h.hexdigest()
                        return
                    h.update(view[:n])
        except OSError as exc:
            self.error = exc


def _blocks(stream: Any, channels: int, block_frames: int) -> Iterator[np.ndarray]:
    """Whole-frame float32 blocks from ffmpeg's stdout, read into one reused buffer.

    Each block is only valid until the next one is read: consumers copy what they keep. A
    reader thread was tried and lost: it fought the main thread for the GIL and ffmpeg
    stalled, while a 1 MiB pipe already lets ffmpeg decode ahead on its own core.
    """
    import numpy as np

    frame_bytes = channels * 4
    buf = bytearray(block_frames * frame_bytes)
    view = memoryview(buf)
    while True:
        got = _fill(stream, view)
        usable = got - got % frame_bytes
        if usable:
            yield np.frombuffer(buf, dtype="<f4", count=usable // 4).reshape(-1, channels)
        if got < len(buf):
            return


def _fill(stream: Any, view: memoryview) -> int:
    got = 0
    while got < len(view):
        n = stream.readinto(view[got:])
        if not n:
            break
        got += n
    return got


def _grow_pipe(stream: Any) -> None:
    try:
        import fcntl

        fcntl.fcntl(stream.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or a lower system limit: the default pipe still works


_DECODE_PROBLEM = re.compile(r"error|corrupt|invalid|truncat|missing", re.I)


def analyze_file(path: str | os.PathLike[str], state: TaskState | None = None) -> Analysis:
    """Decode ``path`` once and measure loudness, peaks, silence, duration and SHA-256.

    Raises a :class:`MediaError` subclass for files that are not usable media, and
    ``Cancelled`` (ffmpeg is killed) when ``state`` is cancelled.
    """
    import numpy as np

    from media.loudness import LoudnessMeter
    from media.peaks import PeaksBuilder
    from media.silence import SilenceDetector

    p = Path(path)
    info = probe(p, state)
    _check_wav_size(p, info)
    rate, channels = info.sample_rate, info.channels
    meter = LoudnessMeter(rate, channels, layout=info.layout)
    peaks = PeaksBuilder(rate, channels)
    silence = SilenceDetector(rate, channels)
    block_frames = 256 * math.ceil(BLOCK_SECONDS * rate / 256)
    layout = ["-ch_layout", info.layout] if info.layout else ["-ac", str(channels)]
    args = [
        "-nostats", "-v", "warning", *_input_args(p),
        "-map", "0:a:0", "-vn", "-sn", "-dn", *layout, "-ar", str(rate),
        # Bigger frames and no flush per packet: fewer hand-offs between ffmpeg's threads.
        "-af", "asetnsamples=n=16384:p=0", "-flush_packets", "0",
        "-c:a", "pcm_f32le", "-f", "f32le", "pipe:1",
    ]  # fmt: skip
    expected = info.duration_s * rate if info.duration_s else None
    hasher = _Hasher(p)
    hasher.start()
    frames = 0
    cleaned = False
    last_report = 0.0
    try:
        with ffmpeg.popen(args, state=state) as proc:
            _grow_pipe(proc.stdout)
            for block in _blocks(proc.stdout, channels, block_frames):
                top, bottom = float(block.max()), float(block.min())
                if not (math.isfinite(top) and math.isfinite(bottom)):
                    block = np.nan_to_num(block, nan=0.0, posinf=1.0, neginf=-1.0)
                    cleaned = True
                meter.feed(block)
                peaks.feed(block)
                silence.feed(block)
                frames += len(block)
                now = time.monotonic()
                if state is not None and now - last_report >= _PROGRESS_EVERY_S:
                    last_report = now
                    done = frames / rate
                    fraction = frames / expected if expected else 0.0
                    state.progress(min(fraction, 0.99), f"{done:.0f} s decoded")
            proc.wait()
    except BaseException:
        hasher.stop.set()  # failed or cancelled: the digest is not needed
        raise
    finally:
        hasher.join()
    if state is not None:
        state.check()
    stderr = proc.stderr_text
    problems = tuple(ln.strip() for ln in stderr.splitlines() if _DECODE_PROBLEM.search(ln))[-5:]
    if proc.returncode != 0:
        raise DecodeFailed(
            QT_TRANSLATE_NOOP("media", "ffmpeg could not decode {name}: {reason}"),
            name=p.name,
            reason=_ffmpeg_reason(stderr),
        )
    if frames == 0:
        raise DecodeFailed(
            QT_TRANSLATE_NOOP("media", "{name} holds no decodable audio ({reason})"),
            name=p.name,
            reason=problems[-1] if problems else "the audio stream is empty",
        )
    duration = frames / rate
    if info.duration_s and not info.has_video:
        missing = info.duration_s - duration
        if missing > max(0.5, 0.01 * info.duration_s):
            raise TruncatedMedia(
                QT_TRANSLATE_NOOP(
                    "media",
                    "{name} is truncated: it declares {declared:.1f} s of audio but only "
                    "{decoded:.1f} s could be decoded",
                ),
                name=p.name,
                declared=info.duration_s,
                decoded=duration,
            )
    if hasher.error is not None:
        raise hasher.error
    loud = meter.result()
    edges = silence.result()
    warnings = problems + (("non-finite samples were replaced by silence",) if cleaned else ())
    if state is not None:
        state.progress(1.0, f"{duration:.0f} s decoded")
    return Analysis(
        file=str(p),
        size_bytes=p.stat().st_size,
        sha256=hasher.digest,
        container=info.container,
        codec=info.codec,
        sample_rate=rate,
        channels=channels,
        channel_layout=info.layout,
        duration_s=duration,
        integrated_lufs=loud.integrated_lufs,
        lra_lu=loud.lra_lu,
        true_peak_dbtp=loud.true_peak_dbtp,
        sample_peak_dbfs=loud.sample_peak_dbfs,
        max_momentary_lufs=loud.max_momentary_lufs,
        max_short_term_lufs=loud.max_short_term_lufs,
        leading_silence_s=edges.leading_s,
        trailing_silence_s=edges.trailing_s,
        warnings=warnings,
        peaks=peaks.finish().to_bytes(),
    )
