"""The audible alarm: a tone on a separate alert output (the operator's speakers or
headphones), never on the on-air output and never mixed into what is broadcast.

It reuses the playout's Output (its own QThread and QAudioSink) with a renderer that plays
three short beeps each time :meth:`AlertTone.sound` is called, silence otherwise. The
device is a setting: '' the system default output, 'none' no audible alarm. Opening the
on-air device is refused (the Output is told the on-air device's id): with a single
output the alarm stays visible only.
"""

from __future__ import annotations

import threading

import numpy as np

from media.playout.output import CHANNELS, RATE, Output, OutputError

NONE = "none"
BEEP_HZ = 880.0
BEEP_S = 0.15
GAP_S = 0.1
BEEPS = 3
LEVEL_DBFS = -12.0


def beeps() -> np.ndarray:
    """Three beeps (ramped at both ends, so they do not click) as (n, CHANNELS) float32."""
    n = int(BEEP_S * RATE)
    t = np.arange(n) / RATE
    tone = (10 ** (LEVEL_DBFS / 20)) * np.sin(2 * np.pi * BEEP_HZ * t)
    ramp = np.minimum(1.0, np.minimum(np.arange(n), np.arange(n)[::-1]) / (0.005 * RATE))
    one = np.concatenate([tone * ramp, np.zeros(int(GAP_S * RATE))])
    mono = np.tile(one, BEEPS).astype(np.float32)
    return np.repeat(mono[:, None], CHANNELS, axis=1)


class AlertTone:
    """``sound()`` from any thread; the output opens at the first alarm (in a helper
    thread: opening a device must not hold up the caller) and stays open until stop()."""

    def __init__(self, device: str, on_air_id: str) -> None:
        self.device = device
        self.on_air_id = on_air_id
        self.error: str | None = None  # why the alarm cannot be heard (shown, not raised)
        self._pattern = beeps()
        self._lock = threading.Lock()
        self._pending = 0  # beep patterns asked for and not yet begun
        self._playing: np.ndarray | None = None
        self._pos = 0
        self._output: Output | None = None
        self._opening: threading.Thread | None = None
        self.sounded = 0  # patterns begun (for the tests and the status)

    @property
    def enabled(self) -> bool:
        return self.device.strip().lower() != NONE

    def sound(self) -> None:
        if not self.enabled or self.error:
            return
        with self._lock:
            self._pending += 1
        if self._output is None and self._opening is None:
            self._opening = threading.Thread(target=self._open, name="playout-alert",
                                             daemon=True)
            self._opening.start()

    def _open(self) -> None:
        out = Output(self._render, self.device, exclude_id=self.on_air_id, watch_server=False)
        try:
            out.start(lock_timeout=0.0)
        except OutputError as exc:
            self.error = str(exc)
            return
        self._output = out

    def _render(self, _first: int, n: int, _latency: float) -> np.ndarray:
        out = np.zeros((n, CHANNELS), np.float32)
        done = 0
        while done < n:
            if self._playing is None:
                with self._lock:
                    if self._pending == 0:
                        break
                    self._pending = 0  # alarms asked while one sounds are one pattern
                self._playing, self._pos = self._pattern, 0
                self.sounded += 1
            take = min(n - done, len(self._playing) - self._pos)
            out[done:done + take] = self._playing[self._pos:self._pos + take]
            done += take
            self._pos += take
            if self._pos >= len(self._playing):
                self._playing = None
        return out

    def stop(self) -> None:
        if self._opening is not None:
            self._opening.join(timeout=10)
            self._opening = None
        if self._output is not None:
            self._output.stop()
            self._output = None
