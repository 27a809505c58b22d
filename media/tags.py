"""Embedded metadata: tags read with mutagen, and the BWF `bext` chunk of broadcast WAVs."""

from __future__ import annotations

import struct
import unicodedata
from pathlib import Path
from typing import Any

# mutagen's "easy" keys cover ID3, Vorbis comments, MP4 atoms and ASF alike.
_WANTED = ("title", "artist", "album", "date", "genre", "comment", "language", "composer",
           "copyright", "organization")


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value if str(v).strip())
    return unicodedata.normalize("NFC", str(value)).strip()


def read_tags(path: Path) -> dict[str, str]:
    """The file's tags that matter to an archive; {} when it has none or mutagen cannot read it."""
    try:
        import mutagen

        audio = mutagen.File(str(path), easy=True)
    except Exception:  # a damaged tag must never stop an import: the audio is what counts
        return {}
    if audio is None or audio.tags is None:
        return {}
    found: dict[str, str] = {}
    for key in _WANTED:
        try:
            value = audio.tags.get(key)
        except (KeyError, ValueError):
            value = None
        if value:
            text = _text(value)
            if text:
                found[key] = text
    return found


_BEXT_FIELDS = (("description", 256), ("originator", 32), ("originator_reference", 32),
                ("origination_date", 10), ("origination_time", 8))


def read_bext(path: Path) -> dict[str, Any]:
    """The Broadcast Wave `bext` chunk (EBU Tech 3285) of a RIFF/WAVE file, or {}."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            if len(head) < 12 or head[:4] not in (b"RIFF", b"RF64") or head[8:12] != b"WAVE":
                return {}
            for _ in range(64):  # bext sits near the start; don't walk a huge file
                chunk = fh.read(8)
                if len(chunk) < 8:
                    return {}
                cid, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
                if cid == b"bext":
                    return _parse_bext(fh.read(min(size, 1 << 20)))
                if cid == b"data":
                    return {}
                fh.seek(size + (size & 1), 1)
    except OSError:
        return {}
    return {}


def _parse_bext(data: bytes) -> dict[str, Any]:
    out: dict[str, Any] = {}
    pos = 0
    for name, length in _BEXT_FIELDS:
        raw = data[pos:pos + length]
        pos += length
        text = raw.split(b"\0", 1)[0].decode("utf-8", "replace").strip()
        if text:
            out[name] = unicodedata.normalize("NFC", text)
    if len(data) >= pos + 8:
        low, high = struct.unpack_from("<II", data, pos)
        out["time_reference"] = low | high << 32  # samples since midnight
    history_at = 602  # fixed fields end here (after version, UMID, loudness, reserved)
    if len(data) > history_at:
        history = data[history_at:].split(b"\0", 1)[0].decode("utf-8", "replace").strip()
        if history:
            out["coding_history"] = history
    return out
