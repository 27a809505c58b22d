"""The text-to-speech tab, driven as an editor would: voices come from the engine, the
normalised text shows what will be read, speed changes the spoken length, the bulletin lands
in the library with its text kept as the transcript. Real espeak-ng, real database; playback
through the real PulseAudio null sink."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
import soundfile
from PySide6.QtCore import Qt

from media import tts
from media.tts import EspeakEngine, Voice
from station.library import items as library
from station.station import Station
from tests.support import studio_ui as studio_ui_support
from tests.support.studio_ui import WAIT, on_db
from ui.studio.tts import TtsPanel

ui_station = studio_ui_support.ui_station  # the fixture, used by name

TEXT = "Sáng 2/9/2025, UBND TP. Huế báo gió 40 km/h lúc 7h30."


def make_panel(qtbot: Any, st: Station, voices: int = 3) -> TtsPanel:
    panel = TtsPanel(st)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.voice.count() == voices, timeout=WAIT)
    return panel


def listen(qtbot: Any, panel: TtsPanel) -> float:
    panel.last_duration_s = None
    qtbot.mouseClick(panel.listen, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.last_duration_s is not None, timeout=WAIT)
    assert panel.last_duration_s is not None
    return panel.last_duration_s


def test_voices_and_the_normalised_preview(qtbot: Any, ui_station: Station) -> None:
    panel = make_panel(qtbot, ui_station)
    assert [panel.voice.itemData(i) for i in range(3)] == [("espeak", "bac"),
                                                           ("espeak", "trung"),
                                                           ("espeak", "nam")]
    panel.text.setPlainText(unicodedata.normalize("NFD", TEXT))
    qtbot.waitUntil(lambda: bool(panel.normalized.toPlainText()), timeout=WAIT)
    read = panel.normalized.toPlainText()
    for words in ("ngày hai tháng chín năm hai nghìn không trăm hai mươi lăm",
                  "Ủy ban nhân dân", "thành phố Huế", "bốn mươi ki-lô-mét trên giờ", "bảy giờ ba mươi"):
        assert words in read, (words, read)
    assert unicodedata.is_normalized("NFC", read)
    # The southern voice reads with southern words (ngàn, not nghìn).
    panel.voice.setCurrentIndex(2)
    qtbot.waitUntil(lambda: "ngàn" in panel.normalized.toPlainText(), timeout=WAIT)


def test_speed_changes_the_spoken_length(qtbot: Any, ui_station: Station, pulse: Any) -> None:
    panel = make_panel(qtbot, ui_station)
    panel.text.setPlainText(TEXT)
    lengths = []
    for speed in (1.0, 1.8):
        panel.rate.setValue(speed)
        lengths.append(listen(qtbot, panel))
        assert panel._heard is not None
        assert soundfile.info(str(panel._heard)).duration == pytest.approx(lengths[-1],
                                                                           abs=0.01)
    assert lengths[1] < 0.75 * lengths[0], lengths
    assert "Spoken length" in panel.status.text()
    panel.stop()
    panel.close()
    assert panel._heard is None  # the preview's temp file is gone with the tab


def test_save_keeps_the_text_as_transcript(qtbot: Any, ui_station: Station) -> None:
    panel = make_panel(qtbot, ui_station)
    panel.title_edit.setText("Thông báo gió mạnh")
    panel.text.setPlainText(unicodedata.normalize("NFD", TEXT))
    panel.pitch.setValue(1.3)
    qtbot.mouseClick(panel.speak, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.last_item is not None, timeout=WAIT)
    item = panel.last_item
    assert item is not None and item.kind == "audio" and item.category == "TTS"
    assert item.duration_s is not None and item.duration_s > 2

    def facts(st: Station) -> tuple[str, bool]:
        row = st.db.execute("SELECT body FROM items WHERE id = ?", [item.id]).fetchone()
        found = library.get_item(st, item.id)
        path = library.file_path(st, found) if found else None
        return row[0], bool(path and path.is_file())

    body, present = on_db(qtbot, ui_station, facts)
    assert body == unicodedata.normalize("NFC", TEXT) and present
    assert "Added to the library" in panel.status.text()
    # Nothing is left in the store's temp folder.
    assert not list(ui_station.store.tmp.glob("*.wav"))


class SlowReader(EspeakEngine):
    """A second engine a station could register: espeak-ng's northern voice read slowly for
    the elderly (real speech; it stands for a better voice file added later)."""

    name = "doc-cham"

    def __init__(self) -> None:
        super().__init__((Voice("bac-cham", "Đọc chậm", "bac", "vi"),))

    def synthesize(self, text: str, voice: str, rate: float = 1.0, pitch: float = 1.0,
                   state: Any = None) -> Any:
        return super().synthesize(text, voice, rate * 0.7, pitch, state)


def test_a_registered_engine_offers_its_voices(qtbot: Any, ui_station: Station,
                                               pulse: Any, monkeypatch: Any) -> None:
    # The registry is process-wide: the test works on a copy that dies with it.
    monkeypatch.setattr(tts, "_FACTORIES", dict(tts._FACTORIES))
    monkeypatch.setattr(tts, "_ENGINES", dict(tts._ENGINES))
    tts.register_engine("doc-cham", SlowReader)
    panel = make_panel(qtbot, ui_station, voices=4)
    assert panel.voice.itemData(3) == ("doc-cham", "bac-cham")
    assert "doc-cham" in panel.voice.itemText(3)
    panel.text.setPlainText(TEXT)
    normal = listen(qtbot, panel)
    panel.voice.setCurrentIndex(3)
    slow = listen(qtbot, panel)
    assert slow > 1.2 * normal, (slow, normal)
    panel.stop()
