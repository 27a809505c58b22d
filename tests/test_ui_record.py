"""The Record tab, driven with pytest-qt over a real PulseAudio device: a tone played into
the null sink shows on the meters, a marker key and Stop make a take in the library."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from media.take_journal import TakeHeader, TakeJournal
from station import recordings
from station.station import Station
from tests.record_support import play
from tests.signals import sine


def test_record_tab_records_a_take_with_a_marker(pulse: dict[str, str], station: Station,
                                                 qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from ui.studio.record import RecordPanel

    panel = RecordPanel(station)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.device.currentData() == "studio_mic"
    panel.title.setText("Phỏng vấn chủ tịch xã")
    player = play(pulse, sine(1000.0, 6.0, -12.0, fade_s=0.1), tmp_path / "tone.wav")
    try:
        qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.capture is not None and panel.capture.frames > 48000,
                        timeout=15000)
        qtbot.keyClick(panel, Qt.Key.Key_M)
        qtbot.waitUntil(lambda: panel.capture.frames > 96000, timeout=10000)
        r = panel.meter.bars.reading
        assert r is not None
        # (the hold may still show the resampler's start-up overshoot: the latest peak not)
        assert r.peak_dbfs[0] == pytest.approx(-12.0, abs=0.5)
        assert r.rms_dbfs[0] == pytest.approx(-15.01, abs=0.5)
        assert r.momentary_lufs == pytest.approx(-12.0, abs=0.5)  # two channels: +3 dB
        assert "LUFS" in panel.meter.momentary.text()
        assert not panel.meter.clipped
        assert "Elapsed 0:00:0" in panel.elapsed.text() and "Disk space" in panel.free.text()
        qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.takes.rowCount() == 1
                        and panel.takes.item(0, 3).text() == "finished", timeout=20000)
    finally:
        if panel.capture is not None:  # a failed check must not leave the device open
            panel.capture.stop()
            panel.capture.wait(5)
        player.wait(10)
    assert panel.takes.item(0, 0).text() == "Phỏng vấn chủ tịch xã"
    assert panel.takes.item(0, 2).text().count("/") == 2  # dd/MM/yyyy
    take = recordings.list_takes(station)[0]
    assert take.item_id and 2.0 <= (take.duration_s or 0) < 10.0
    marks = recordings.item_markers(station, take.item_id)
    assert len(marks) == 1 and marks[0][1] == "M1" and 1.0 <= marks[0][0] < 2.5
    assert panel.record_button.isEnabled() and not panel.stop_button.isEnabled()


def test_record_tab_tells_of_recovered_takes(pulse: dict[str, str], station: Station,
                                             qtbot: Any,
                                             _no_modal_dialogs: list[tuple[str, str, str]]
                                             ) -> None:
    from station import recovery
    from ui.studio.record import RecordPanel

    header = TakeHeader("01a00000-0000-7000-8000-000000000001", 48000, 1, "s16",
                        "2026-11-22T03:00:00Z", "studio_mic", "Tin trưa", 2**22 + 12345)
    j = TakeJournal.create(recordings.recordings_root(station) / header.take_id, header)
    j.append((sine(440.0, 1.5, -12.0, channels=1) * 32767).astype(np.int16).tobytes())
    j.close()  # the process "died": a journal and no row
    assert recovery.sweep(station).takes_recovered == 1
    panel = RecordPanel(station)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: bool(panel.messages), timeout=10000)
    assert "Tin trưa: 0:00:01 saved" in panel.messages[0]
    assert _no_modal_dialogs and "recovered" in _no_modal_dialogs[-1][2]
    time.sleep(0.2)
    assert recordings.recovered_takes(station) == []  # told once
