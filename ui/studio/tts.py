"""The Studio's text-to-speech tab: a Vietnamese bulletin spoken into the library."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from media.taskstate import TaskState
from station import ingest, library
from station.changes import Changes
from station.rights import Right
from station.station import Station
from ui.operations import Op


def make_tts_item(parent: QWidget, st: Station, title: str, text: str,
                  voice: str) -> Op[tuple[library.Item, Changes]]:
    """Speak the text (work pool), then add it to the library (database pool)."""

    def work(state: TaskState) -> tuple[library.Item, Changes]:
        from media import tts

        st.require(Right.LIBRARY_IMPORT, "text to speech")
        out = st.store.new_temp(".wav")
        try:
            tts.synthesize_to_file(text, out, voice=voice, state=state)
            result, changes = ingest.import_file(st, Path(out), title=title, category="TTS",
                                                 body=text, state=state)
            return result.item, changes
        finally:
            out.unlink(missing_ok=True)

    # Synthesis is seconds of CPU but touches the database only at the end; it runs on the
    # database thread as one piece so the connection never crosses threads.
    return Op(work, parent, "db")


class TtsPanel(QWidget):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.layout_ = QVBoxLayout(self)
        intro = QLabel(self.tr("Text-to-speech bulletin: type or paste the text, choose a "
                               "voice, and the spoken bulletin lands in the library."), self)
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        form = QFormLayout()
        self.title_edit = QLineEdit(self)
        self.voice = QComboBox(self)
        for code, name in (("bac", self.tr("Northern")), ("trung", self.tr("Central")),
                           ("nam", self.tr("Southern"))):
            self.voice.addItem(name, code)
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText(self.tr("Bulletin text in Vietnamese"))
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Voice"), self.voice)
        form.addRow(self.tr("Text"), self.text)
        self.layout_.addLayout(form)
        self.speak = QPushButton(self.tr("Make the bulletin"), self)
        self.speak.clicked.connect(self._speak)
        self.layout_.addWidget(self.speak)
        self.status = QLabel(self)
        self.layout_.addWidget(self.status)
        self.layout_.addStretch(1)

    def _speak(self) -> None:
        title = self.title_edit.text().strip()
        text = self.text.toPlainText().strip()
        if not title or not text:
            self.status.setText(self.tr("A bulletin needs a title and a text."))
            return
        self.speak.setEnabled(False)
        (make_tts_item(self, self.station, title, text, self.voice.currentData())
         .with_progress(self.tr("Speaking the bulletin…"))
         .success(self._done)
         .failure(self._failed)
         .run_in_background())

    def _done(self, result: tuple[library.Item, Changes]) -> None:
        self.speak.setEnabled(True)
        self.status.setText(self.tr("Added to the library: %1").replace("%1", result[0].title))

    def _failed(self, exc: BaseException) -> None:
        from ui.errors import describe

        self.speak.setEnabled(True)
        self.status.setText(describe(exc))
