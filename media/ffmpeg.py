"""The one place that runs ffmpeg: absolute binary path, timeouts, cancel, no console window.

ffmpeg-python builds argument lists elsewhere; this module only runs them. The binary comes
from imageio-ffmpeg (a pip package), so a fresh machine needs no system ffmpeg.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from media.taskstate import Cancelled, TaskState

# Windows: never flash a console window when the GUI starts ffmpeg.
_CREATIONFLAGS = getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0


class FfmpegError(Exception):
    """ffmpeg could not be found, failed, or timed out; the message says which."""


class FfmpegMissing(FfmpegError):
    pass


@functools.cache
def ffmpeg_path() -> str:
    """Absolute path of the ffmpeg binary (STATION_FFMPEG overrides the bundled one)."""
    override = os.environ.get("STATION_FFMPEG")
    if override:
        if not os.path.isfile(override):
            raise FfmpegMissing(f"STATION_FFMPEG points at a missing file: {override}")
        return os.path.abspath(override)
    try:
        import imageio_ffmpeg
    except ImportError as exc:  # pragma: no cover - a broken install
        raise FfmpegMissing("imageio-ffmpeg is not installed; reinstall the app") from exc
    try:
        return os.path.abspath(imageio_ffmpeg.get_ffmpeg_exe())
    except RuntimeError as exc:
        raise FfmpegMissing(f"no ffmpeg binary found: {exc}") from exc


@functools.cache
def ffmpeg_version() -> str:
    out = run(["-version"], timeout=20).stdout.decode("utf-8", "replace")
    m = re.match(r"ffmpeg version (\S+)", out)
    return m.group(1) if m else out.splitlines()[0] if out else "unknown"


def _env() -> dict[str, str]:
    # A frozen app sets LD_LIBRARY_PATH for its own libraries; the ffmpeg binary must not
    # pick those up, so hand it the environment the app started with.
    env = dict(os.environ)
    orig = env.pop("LD_LIBRARY_PATH_ORIG", None)
    if orig is not None:
        env["LD_LIBRARY_PATH"] = orig
    elif getattr(sys, "frozen", False):
        env.pop("LD_LIBRARY_PATH", None)
    return env


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: bytes
    stderr: str


def _base(args: Sequence[str]) -> list[str]:
    return (
        [ffmpeg_path(), "-nostdin", "-hide_banner", *args]
        if args[:1] != ["-version"]
        else [
            ffmpeg_path(),
            *args,
        ]
    )


def run(
    args: Sequence[str],
    *,
    timeout: float | None = 600,
    state: TaskState | None = None,
    check: bool = True,
) -> Result:
    """Run ffmpeg with ``args`` (without the binary) and wait, honouring cancel and timeout."""
    with popen(args, stdout=subprocess.PIPE, state=state, timeout=timeout) as proc:
        out = proc.stdout.read() if proc.stdout else b""
        proc.wait()
    result = Result(proc.returncode, out, proc.stderr_text)
    if check and result.returncode != 0:
        raise FfmpegError(_last_error(result.stderr) or f"ffmpeg exited {result.returncode}")
    return result


def _last_error(stderr: str) -> str:
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    return lines[-1] if lines else ""


class Process(subprocess.Popen[bytes]):
    """A running ffmpeg whose stderr is collected in the background (never blocks the pipe)."""

    stderr_text: str = ""


@contextmanager
def popen(
    args: Sequence[str],
    *,
    stdout: int | None = subprocess.PIPE,
    stdin: int | None = subprocess.DEVNULL,
    state: TaskState | None = None,
    timeout: float | None = None,
) -> Iterator[Process]:
    """Start ffmpeg; on leaving the block (normally, by error or cancel) it is stopped.

    A watchdog thread kills the process when ``state`` is cancelled or ``timeout`` passes;
    the caller then sees :class:`Cancelled` or :class:`FfmpegError`.
    """
    cmd = _base(args)
    try:
        proc = Process(
            cmd,
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            env=_env(),
            creationflags=_CREATIONFLAGS,
        )
    except OSError as exc:
        raise FfmpegMissing(f"cannot start ffmpeg ({cmd[0]}): {exc}") from exc

    chunks: list[bytes] = []

    def drain() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            chunks.append(line)
            if len(chunks) > 400:  # keep the tail only: long runs print a lot
                del chunks[:200]

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    stop = threading.Event()
    why: list[str] = []

    def watchdog() -> None:
        start = time.monotonic()
        while not stop.wait(0.05):
            if state is not None and state.cancelled:
                why.append("cancelled")
            elif timeout is not None and time.monotonic() - start > timeout:
                why.append(f"ffmpeg took longer than {timeout:.0f} s")
            else:
                continue
            proc.kill()
            return

    guard = threading.Thread(target=watchdog, daemon=True)
    guard.start()
    try:
        yield proc
    finally:
        stop.set()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        reader.join(timeout=5)
        for stream in (proc.stdout, proc.stdin):
            if stream is not None:
                stream.close()
        proc.stderr_text = b"".join(chunks).decode("utf-8", "replace")
    if why:
        if why[0] == "cancelled":
            raise Cancelled()
        raise FfmpegError(why[0])
