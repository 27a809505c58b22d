"""The Record tab, driven with pytest-qt over a real PulseAudio device: a tone played into
the null sink shows on the meters, a marker key and Stop make a take in the library."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from media.take_journal import TakeHeader, TakeJournal
from station.recording import takes as recordings
from station.station import Station
from tests.conftest import ROOT
from tests.support.disks import small_tmpfs
from tests.support.pulse import play
from tests.support.signals import sine
from ui.studio.record import RecordPanel  # (loads QtWidgets: the autouse fixture replaces message boxes)

CHILD = "STATION_TEST_DEVICE_LOST_CHILD"


def test_record_tab_records_a_take_with_a_marker(pulse: dict[str, str], station: Station,
                                                 qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from ui.studio.page import StudioPage

    page = StudioPage(station)  # the whole Studio: the take goes on to the Edit tab
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    panel = page.record
    assert panel.device.currentData() == "studio_mic"
    panel.title.setText("Phỏng vấn chủ tịch xã")
    with playing(panel, pulse, sine(1000.0, 6.0, -12.0, fade_s=0.1), tmp_path / "tone.wav"):
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
    assert panel.takes.item(0, 0).text() == "Phỏng vấn chủ tịch xã"
    assert panel.takes.item(0, 2).text().count("/") == 2  # dd/MM/yyyy
    take = recordings.list_takes(station)[0]
    assert take.item_id and 2.0 <= (take.duration_s or 0) < 10.0
    marks = recordings.item_markers(station, take.item_id)
    assert len(marks) == 1 and marks[0][1] == "M1" and 1.0 <= marks[0][0] < 2.5
    assert panel.record_button.isEnabled() and not panel.stop_button.isEnabled()

    # The saved take is chosen, ready to edit: its button opens it on the Edit tab, with the
    # marker drawn where it was dropped (and moved along when audio before it is cut).
    qtbot.waitUntil(lambda: panel.edit_button.isEnabled(), timeout=10000)
    assert panel.chosen_take_item() == take.item_id
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert page.tabs.currentWidget() is editor
    qtbot.waitUntil(lambda: editor.edl is not None and editor.busy == 0, timeout=10000)
    assert editor.title.text() == "Phỏng vấn chủ tịch xã" and not editor.lineage.isVisible()
    mark_frame = round(marks[0][0] * 48000)
    assert editor.view.markers == [(mark_frame, "M1")]
    editor.view.set_selection(0, 24000)
    editor.run_command("cut")
    qtbot.waitUntil(lambda: editor.busy == 0, timeout=10000)
    assert editor.view.markers == [(mark_frame - 24000, "M1")]
    editor.run_command("render")
    qtbot.waitUntil(lambda: editor.last_render is not None and editor.busy == 0,
                    timeout=30000)
    # The render is a new item that names the take it came from.
    editor.open_item(editor.last_render.id)
    qtbot.waitUntil(lambda: editor.title.text() == "Phỏng vấn chủ tịch xã (edited)"
                    and editor.busy == 0, timeout=10000)
    assert editor.lineage.isVisible()
    assert editor.lineage.text() == "Rendered from: Phỏng vấn chủ tịch xã"


def test_record_tab_tells_of_recovered_takes(pulse: dict[str, str], station: Station,
                                             qtbot: Any,
                                             _no_modal_dialogs: list[tuple[str, str, str]]
                                             ) -> None:
    from station import startup

    header = TakeHeader("01a00000-0000-7000-8000-000000000001", 48000, 1, "s16",
                        "2026-11-22T03:00:00Z", "studio_mic", "Tin trưa", 2**22 + 12345)
    j = TakeJournal.create(recordings.recordings_root(station) / header.take_id, header)
    j.append((sine(440.0, 1.5, -12.0, channels=1) * 32767).astype(np.int16).tobytes())
    j.close()  # the process "died": a journal and no row
    assert startup.sweep(station).takes_recovered == 1
    panel = RecordPanel(station)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: bool(panel.messages), timeout=10000)
    assert "Tin trưa: 0:00:01 saved" in panel.messages[0]
    assert _no_modal_dialogs and "recovered" in _no_modal_dialogs[-1][2]
    time.sleep(0.2)
    assert recordings.recovered_takes(station) == []  # told once


@contextmanager
def playing(panel: RecordPanel, pulse: dict[str, str], samples: np.ndarray,
            path: Path) -> Iterator[None]:
    """Play ``samples`` into the null sink; at the end, a take still running is stopped (a
    failed check must not leave the device open) and so is the player."""
    player = play(pulse, samples, path)
    try:
        yield
    finally:
        if panel.capture is not None:
            panel.capture.stop()
            panel.capture.wait(5)
        player.kill()
        player.wait(10)


def record_until_it_ends(qtbot: Any, panel: RecordPanel, pulse: dict[str, str],
                         tmp_path: Path, said: str) -> None:
    """Record a tone until the panel tells the user something containing ``said``."""
    from PySide6.QtCore import Qt

    with playing(panel, pulse, sine(1000.0, 12.0, -12.0, channels=1), tmp_path / "tone.wav"):
        qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(said in m for m in panel.messages), timeout=20000)


def test_record_tab_on_a_full_disk(pulse: dict[str, str], station: Station, qtbot: Any,
                                   tmp_path: Path,
                                   _no_modal_dialogs: list[tuple[str, str, str]]) -> None:
    """The take's disk fills: the user is told, the take is saved at once with what was
    written; with no room for the FLAC either, the user is told it waits for the next
    start, and the take stays listed as recording."""
    root = recordings.recordings_root(station)
    with small_tmpfs(root, "200k"):  # mono 16-bit at 48 kHz: full in about 2 s
        panel = RecordPanel(station)
        qtbot.addWidget(panel)
        panel.show()
        panel.channels.setCurrentIndex(panel.channels.findData(1))
        panel.title.setText("Đầy đĩa")
        record_until_it_ends(qtbot, panel, pulse, tmp_path, "is full")
        told = panel.messages[-1]
        assert told.startswith("The disk holding ") and "the take stopped after" in told \
            and told.endswith("s and what was recorded is kept"), told
        assert _no_modal_dialogs[-1] == ("warning", "Recording", told)
        qtbot.waitUntil(lambda: panel.takes.rowCount() == 1
                        and panel.takes.item(0, 3).text() == "finished", timeout=20000)
        take = recordings.list_takes(station)[0]
        assert take.ended_reason == "disk_full" and 0.5 < (take.duration_s or 0) < 3.0
        seconds = float(told.split("stopped after ")[1].split(" s")[0])
        assert take.duration_s == pytest.approx(seconds, abs=0.05)
        assert panel.status.text().splitlines() == [told, f"Saved 0:00:0{int(seconds)} in "
                                                          "the library"]
        assert panel.record_button.isEnabled() and not list(root.iterdir())

        with small_tmpfs(station.store.tmp, "16k"):  # no room beside the store either
            panel.title.setText("Không chỗ")
            record_until_it_ends(qtbot, panel, pulse, tmp_path, "no room to save it")
        told = panel.messages[-1]
        assert told.startswith("The disk filled during the take and there is no room to save "
                               "it: the ") and "recorded are kept and saved at the next start" \
            in told, told
        qtbot.waitUntil(lambda: panel.takes.rowCount() == 2
                        and panel.takes.item(0, 3).text() == "recording", timeout=20000)
        assert panel.takes.item(0, 0).text() == "Không chỗ"
        assert panel.record_button.isEnabled()
        take = recordings.list_takes(station)[0]
        assert (root / take.id / "audio.pcm").stat().st_size > 48000  # kept for the sweep


@pytest.mark.skipif(not os.environ.get(CHILD), reason="runs in a process of its own, started "
                    "by test_record_tab_tells_when_the_input_goes_away")
def test_input_goes_away_in_a_fresh_process(pulse: dict[str, str], station: Station,
                                            qtbot: Any, tmp_path: Path,
                                            _no_modal_dialogs: list[tuple[str, str, str]]
                                            ) -> None:
    from PySide6.QtCore import Qt

    # A spare input, loaded before this process first asks Qt for its devices: unloading it
    # later leaves Qt's view of studio_mic alone.
    module = subprocess.run(["pactl", "load-module", "module-remap-source",
                             "master=studio.monitor", "source_name=spare_mic"], env=pulse,
                            check=True, capture_output=True, text=True).stdout.strip()
    panel = RecordPanel(station)
    qtbot.addWidget(panel)
    panel.show()
    index = panel.device.findData("spare_mic")
    assert index >= 0, [panel.device.itemData(i) for i in range(panel.device.count())]
    panel.device.setCurrentIndex(index)
    name = panel.device.currentText()
    with playing(panel, pulse, sine(1000.0, 12.0, -12.0), tmp_path / "tone.wav"):
        qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.capture is not None and panel.capture.frames > 48000,
                        timeout=15000)
        subprocess.run(["pactl", "unload-module", module], env=pulse, check=True)
        qtbot.waitUntil(lambda: bool(panel.messages), timeout=15000)
    told = panel.messages[-1]
    assert told.startswith(f"The audio input {name} went away after ") \
        and told.endswith(" s; the take so far is kept"), told
    assert _no_modal_dialogs[-1] == ("warning", "Recording", told)
    qtbot.waitUntil(lambda: panel.takes.rowCount() == 1
                    and panel.takes.item(0, 3).text() == "finished", timeout=20000)
    take = recordings.list_takes(station)[0]
    seconds = float(told.split("went away after ")[1].split(" s")[0])
    assert take.ended_reason == "device_lost" and seconds >= 1.0
    assert take.duration_s == pytest.approx(seconds, abs=0.2)
    assert panel.status.text().splitlines()[0] == told
    assert panel.record_button.isEnabled() and panel.device.isEnabled()


def test_record_tab_tells_when_the_input_goes_away(tmp_path: Path) -> None:
    """Qt keeps stale PulseAudio state in a process where a source it listed goes away, so
    the Record tab's part runs in a fresh pytest process (its own PulseAudio server too)."""
    import shutil

    if shutil.which("pulseaudio") is None:
        pytest.skip("pulseaudio is not installed (bootstrap installs it)")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "--basetemp", str(tmp_path / "child"),
         f"{Path(__file__).resolve()}::test_input_goes_away_in_a_fresh_process"],
        env={**os.environ, CHILD: "1"}, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0 and "1 passed" in done.stdout, \
        done.stdout[-4000:] + done.stderr[-2000:]


def test_clip_lamp_lights_on_an_overload_and_not_before(qtbot: Any) -> None:
    """The meter widget fed by the real meter: a -6 dBFS tone leaves the lamp dark; one
    block that reaches full scale lights it, with advice, and it stays lit (latched)."""
    from media.meters import LevelMeter
    from ui.widgets.meters import LevelMeterWidget

    widget = LevelMeterWidget()
    qtbot.addWidget(widget)
    meter = LevelMeter(48000, 2)
    quiet = sine(1000.0, 0.5, -6.0)
    meter.feed(quiet.astype(np.float32))
    widget.set_reading(meter.reading())
    assert not widget.clipped and widget.clip.toolTip() == ""
    assert widget.peak.text() == "Peak hold: -6.0 dBFS"
    loud = np.clip(quiet * 4, -1.0, 1.0).astype(np.float32)  # +6 dB over: clipped flat
    meter.feed(loud[:480])
    widget.set_reading(meter.reading())
    assert widget.clipped and "full scale" in widget.clip.toolTip()
    meter.feed(quiet.astype(np.float32))
    widget.set_reading(meter.reading())
    assert widget.clipped  # still lit after the level came back down


def test_the_input_level_shows_before_recording_and_the_meters_reset_after(
        pulse: dict[str, str], station: Station, qtbot: Any, tmp_path: Path) -> None:
    """Levels are set before a take: the tab meters the chosen input (no file written),
    follows a change of format, stops when hidden; after Stop no reading stays frozen, and
    the title moves on to the next take's."""
    import math

    from PySide6.QtCore import Qt

    panel = RecordPanel(station)
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    assert panel.device.currentData() == "studio_mic"
    assert [label for _x, label in panel.meter.scale.marks()] == \
        ["-60", "-48", "-36", "-24", "-18", "-12", "-6", "0"]
    root = recordings.recordings_root(station)
    with playing(panel, pulse, sine(1000.0, 12.0, -12.0, fade_s=0.1), tmp_path / "tone.wav"):
        qtbot.waitUntil(lambda: panel.level is not None and panel.level.running, timeout=5000)

        def tone_seen() -> bool:  # a -12 dBFS sine: its RMS 3 dB lower
            r = panel.meter.bars.reading
            return r is not None and abs(r.peak_dbfs[0] + 12.0) < 0.5 \
                and abs(r.rms_dbfs[0] + 15.01) < 0.5

        qtbot.waitUntil(tone_seen, timeout=10000)
        assert panel.capture is None and not (root.exists() and any(root.iterdir()))
        assert recordings.list_takes(station) == []  # a level, not a take

        panel.channels.setCurrentIndex(panel.channels.findData(1))  # mono: metered again
        qtbot.waitUntil(lambda: panel.level is not None
                        and panel.level.settings.channels == 1
                        and panel.meter.bars.reading is not None
                        and len(panel.meter.bars.reading.peak_dbfs) == 1, timeout=5000)
        panel.hide()  # another tab: the device is let go
        assert panel.level is None
        panel.show()
        qtbot.waitUntil(lambda: panel.level is not None, timeout=5000)

        panel.title.setText("Tọa đàm")
        qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.capture is not None and panel.capture.frames > 48000,
                        timeout=15000)
        assert panel.level is None  # the take's own meter took over
        qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.capture is None, timeout=10000)
        # Stopped: the take's last reading is gone at once (the tone still plays).
        assert panel.meter.bars.reading is None and "—" in panel.meter.peak.text()
    # The tone has stopped: the input's level, live again, falls; nothing stays at -12.
    qtbot.waitUntil(lambda: panel.meter.bars.reading is not None and not any(
        math.isfinite(p) and p > -40 for p in panel.meter.bars.reading.peak_dbfs),
        timeout=10000)
    qtbot.waitUntil(lambda: panel.takes.rowCount() == 1, timeout=20000)
    assert panel.title.text() == "Tọa đàm (2)"
    assert not panel.takes.wordWrap()
    panel.hide()
    assert panel.level is None

    # Deleted with its owner while it runs: its thread ends first (no abort, no emit to a
    # dead object).
    from PySide6.QtCore import QObject

    from media.input_level import InputLevel

    owner = QObject()
    level = InputLevel(panel.settings(), parent=owner)
    level.start()
    thread = level._thread
    qtbot.waitUntil(lambda: level.readings > 2, timeout=5000)
    level = None  # only its owner holds it now
    owner.deleteLater()
    qtbot.waitUntil(lambda: not thread.isRunning(), timeout=5000)
