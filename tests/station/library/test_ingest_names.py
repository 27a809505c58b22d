"""What an import makes of a file's name, and how it says no."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from media import tones
from station.library import bin as item_bin
from station.library import ingest
from tests.support.schedule import login


@pytest.mark.parametrize(("name", "title"), [
    ("phong-su-hoa-binh.wav", "Phong su hoa binh"),
    ("ban_tin__sang.wav", "Ban tin sang"),
    ("ban-tin-07-12.wav", "Ban tin 07-12"),
    ("Bản tin Hòa Bình.wav", "Bản tin Hòa Bình"),
    (unicodedata.normalize("NFD", "thời-sự.wav"), "Thời sự"),
])
def test_a_title_from_a_file_name(station, tmp_path: Path, name: str, title: str) -> None:
    path = tones.write_wav(tmp_path / name, tones.sine(440.0, 0.5, -20.0))
    result, _ = ingest.import_file(station, path)
    assert result.item.title == title
    assert unicodedata.is_normalized("NFC", result.item.title)


def test_a_refusal_is_a_plain_sentence(station, tmp_path: Path) -> None:
    fake = tmp_path / "không phải nhạc.mp3"
    fake.write_text("Đây không phải âm thanh\n" * 50, encoding="utf-8")
    with pytest.raises(ingest.ImportRefused) as info:
        ingest.import_file(station, fake)
    message = str(info.value)
    assert fake.name in message and "not a media file" in message
    assert "ffmpeg" not in message.lower() and "Invalid data" not in message
    assert info.value.template.startswith("{name} is not a media file the station can read")


def test_importing_a_binned_file_again_brings_it_back(station, tmp_path: Path) -> None:
    path = tones.write_wav(tmp_path / "nhac-hieu.wav", tones.sine(440.0, 0.5, -20.0))
    first, _ = ingest.import_file(station, path)
    login(station, "luutru")
    item_bin.delete_items(station, [first.item.id])
    again, changes = ingest.import_file(station, path)
    assert again.status == "duplicate" and again.item.id == first.item.id and changes.library
    assert item_bin.binned(station) == []
