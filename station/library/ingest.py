"""Importing files into the library: audio, video, images and text bulletins.

The source is first copied into the store's temp folder (hashing as it goes), so a file
that changes or vanishes meanwhile is caught and the analysis reads a stable copy. Media
is decoded once for every measure (media.analysis); the original is kept bit-exact; the
same content twice is one asset, and importing it again finds the item already there.
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from media import pictures, tags
from media.taskstate import TaskState, null_state
from station import settings
from station.changes import Changes
from station.clock import now_iso
from station.errors import QT_TRANSLATE_NOOP, StationError
from station.library import items as library
from station.library.items import Item
from station.rights import Right
from station.station import Station
from station.text import nfc

log = logging.getLogger(__name__)

TEXT_EXTENSIONS = frozenset({"txt", "text"})
MAX_TEXT_BYTES = 2 * 1024 * 1024


class ImportRefused(StationError):
    """The file cannot be imported; the message says what and why."""


@dataclass(frozen=True)
class ImportResult:
    file: str
    status: str  # 'imported' or 'duplicate'
    item: Item
    warnings: tuple[str, ...] = ()
    analysis: dict[str, Any] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        return {"file": self.file, "status": self.status, "id": self.item.id,
                "title": self.item.title, "kind": self.item.kind,
                "sha256": self.item.asset_sha256, "duration_s": self.item.duration_s,
                "warnings": list(self.warnings), **{f"analysis_{k}": v for k, v in
                                                    self.analysis.items() if k in _SUMMARY}}


_SUMMARY = ("integrated_lufs", "lra_lu", "true_peak_dbtp", "sample_peak_dbfs")


def air_gain_db(integrated_lufs: float | None, true_peak_dbtp: float | None, target: float,
                peak_limit: float) -> float | None:
    """The gain that brings an item to the target loudness without its true peak passing
    the limit (DESIGN.md section 4: stored with the item, applied at render or playout)."""
    if integrated_lufs is None or not math.isfinite(integrated_lufs):
        return None
    gain = target - integrated_lufs
    if true_peak_dbtp is not None and math.isfinite(true_peak_dbtp):
        gain = min(gain, peak_limit - true_peak_dbtp)
    return round(gain, 2)


def _copy_stable(st: Station, source: Path, ext: str) -> tuple[Path, str, int]:
    """Copy ``source`` to a temp file; refuse if it changed or vanished meanwhile."""
    name = source.name
    try:
        before = source.stat()
    except FileNotFoundError:
        raise ImportRefused(QT_TRANSLATE_NOOP("errors", "{name} does not exist"), name=name) from None
    if not source.is_file():
        raise ImportRefused(QT_TRANSLATE_NOOP("errors", "{name} is not a file"), name=name)
    if before.st_size == 0:
        raise ImportRefused(QT_TRANSLATE_NOOP("errors", "{name} is empty (0 bytes)"), name=name)
    temp = st.store.new_temp(f".{ext}" if ext else "")
    try:
        with open(source, "rb") as fh:
            sha256 = st.store.copy_in(fh, temp)
        after = source.stat()
    except FileNotFoundError:
        temp.unlink(missing_ok=True)
        raise ImportRefused(QT_TRANSLATE_NOOP("errors", "{name} vanished while it was being "
                                                        "imported"), name=name) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    size = temp.stat().st_size
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or \
            size != after.st_size:
        temp.unlink(missing_ok=True)
        raise ImportRefused(QT_TRANSLATE_NOOP("errors", "{name} changed while it was being "
                                              "imported; import it again once it is complete"),
                            name=name)
    return temp, sha256, size


def _existing(st: Station, sha256: str) -> tuple[Item | None, bool]:
    """The item that already holds this content; one waiting in the bin comes back."""
    row = st.db.execute("SELECT id, id IN (SELECT item_id FROM item_bin) FROM items"
                        " WHERE asset_sha256 = ? ORDER BY 2, created_at LIMIT 1",
                        [sha256]).fetchone()
    if row is None:
        return None, False
    if row[1]:
        from station.library import bin as item_bin

        item_bin.restore_quietly(st, [row[0]], "imported again")
    return library.get_item(st, row[0]), bool(row[1])


def _date(text: str | None) -> str | None:
    """yyyy-mm-dd from a tag's date (2026-11-22, 2026:11:22, 2026), else None."""
    if not text:
        return None
    m = re.match(r"(\d{4})[-:/.](\d{2})[-:/.](\d{2})", text)
    return f"{m[1]}-{m[2]}-{m[3]}" if m else None


def _stem_title(source: Path) -> str:
    """A title from a file name: "phong-su_hoa-binh" -> "Phong su hoa binh" (a hyphen
    between digits stays: "ban-tin-07-12" -> "Ban tin 07-12")."""
    text = re.sub(r"(?<!\d)-|-(?!\d)", " ", nfc(source.stem).replace("_", " "))
    text = " ".join(text.split())
    return (text[:1].upper() + text[1:]) if text else source.name


def import_file(st: Station, source: Path, *, title: str | None = None, category: str = "",
                description: str = "", body: str | None = None,
                state: TaskState | None = None) -> tuple[ImportResult, Changes]:
    """Import one file. Raises ImportRefused (or a media error) with the reason."""
    st.require(Right.LIBRARY_IMPORT, "import")
    state = state or null_state()
    source = Path(source)
    try:
        source.name.encode("utf-8")
    except UnicodeEncodeError:  # bytes from another character set, kept as surrogates
        raise ImportRefused(QT_TRANSLATE_NOOP(
            "errors", "the file name is not valid text (it was written by a system with "
                      "another character set); rename the file and put it back")) from None
    ext = source.suffix.lower().lstrip(".")
    temp, sha256, size = _copy_stable(st, source, ext)
    try:
        existing, restored = _existing(st, sha256)
        if existing is not None:
            return ImportResult(str(source), "duplicate", existing), \
                Changes(library=restored, audit=restored)
        if ext in TEXT_EXTENSIONS:
            result = _import_text(st, source, temp, title, category)
        elif ext in pictures.IMAGE_EXTENSIONS:
            result = _import_image(st, source, temp, sha256, ext, size, title, category,
                                   description, state)
        else:
            result = _import_media(st, source, temp, sha256, ext, size, title, category,
                                   description, body, state)
    finally:
        temp.unlink(missing_ok=True)
    return result, Changes(library=True, audit=True)


def _import_text(st: Station, source: Path, temp: Path, title: str | None,
                 category: str) -> ImportResult:
    data = temp.read_bytes()
    if len(data) > MAX_TEXT_BYTES or b"\0" in data:
        raise ImportRefused(QT_TRANSLATE_NOOP("errors", "{name} is not a text bulletin (binary "
                                              "or larger than 2 MB)"), name=source.name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(QT_TRANSLATE_NOOP("errors", "{name} is not UTF-8 text; save it as "
                                              "UTF-8 and import it again"),
                            name=source.name) from None
    text = nfc(text)
    first_line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    item, _ = library.add_text(st, title or first_line[:120] or _stem_title(source), text,
                               category)
    return ImportResult(str(source), "imported", item)


def _import_image(st: Station, source: Path, temp: Path, sha256: str, ext: str, size: int,
                  title: str | None, category: str, description: str,
                  state: TaskState) -> ImportResult:
    info = pictures.probe_picture(temp, state)
    if info is None:
        raise ImportRefused(QT_TRANSLATE_NOOP("errors", "{name} is not a picture that can be "
                                              "read"), name=source.name)
    try:
        thumb = pictures.thumbnail(temp, state=state)
    except pictures.PictureError as exc:
        raise ImportRefused(QT_TRANSLATE_NOOP("errors", "{name} is a damaged picture: {reason}"),
                            name=source.name, reason=str(exc)) from exc
    item = library.new_item(st, "image", title or _stem_title(source), category=category,
                            description=description, asset_sha256=sha256)

    def rows() -> None:
        now = now_iso()
        st.db.execute(
            "INSERT OR IGNORE INTO assets (sha256, ext, size, kind, created_at, format, codec,"
            " width, height, analyzed_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [sha256, ext, size, "image", now, ext, info.codec, info.width, info.height, now])
        st.db.execute("INSERT OR REPLACE INTO asset_previews (sha256, mime, data) VALUES (?,?,?)",
                      [sha256, "image/jpeg", thumb])
        library.insert_item(st, item, source_name=source.name)
        st.audit("item.import", "item", item.id, {"sha256": sha256, "title": item.title,
                                                  "source": source.name, "kind": "image"})

    library.place_file(st, temp, sha256, ext, rows)
    return ImportResult(str(source), "imported", item)


def _import_media(st: Station, source: Path, temp: Path, sha256: str, ext: str, size: int,
                  title: str | None, category: str, description: str, body: str | None,
                  state: TaskState) -> ImportResult:
    from media import analysis

    picture = None
    try:
        result = analysis.analyze_file(temp, state)
    except analysis.NoAudioStream as exc:
        picture = pictures.probe_picture(temp, state)
        if picture is None:
            raise _named(exc, source) from None
        result = None  # a silent video: kept, with no loudness to measure
    except analysis.MediaError as exc:
        raise _named(exc, source) from None
    if result is not None and result.sha256 != sha256:
        raise ImportRefused(QT_TRANSLATE_NOOP("errors", "{name} changed while it was being "
                                              "imported; import it again once it is complete"),
                            name=source.name)
    has_video = picture is not None or (
        ext not in ("mp3", "m4a", "aac", "wav", "flac", "ogg", "opus", "wma")
        and _has_video(temp, state))
    poster = None
    if has_video:
        picture = picture or pictures.probe_picture(temp, state)
        duration = result.duration_s if result else None
        try:
            poster = pictures.thumbnail(temp, at_s=min(1.0, (duration or 0) / 10) or None,
                                        state=state)
        except pictures.PictureError:
            log.warning("no poster frame for %s", source.name)
    found = tags.read_tags(temp)
    bext = tags.read_bext(temp) if ext in ("wav", "bwf") else {}
    embedded = {**found, **({"bext": bext} if bext else {})}
    target = settings.LOUDNESS_TARGET_LUFS.get(st.db)
    limit = settings.TRUE_PEAK_LIMIT_DBTP.get(st.db)
    kind = "video" if has_video else "audio"
    item = library.new_item(
        st, kind,
        title or found.get("title") or bext.get("description", "")[:120] or _stem_title(source),
        category=category, description=description or found.get("comment", ""),
        duration_s=result.duration_s if result else None, asset_sha256=sha256)
    gain = air_gain_db(result.integrated_lufs, result.true_peak_dbtp, target, limit) \
        if result else None

    def finite(value: float | None) -> float | None:
        return value if value is not None and math.isfinite(value) else None

    def rows() -> None:
        now = now_iso()
        a = result
        st.db.execute(
            "INSERT OR IGNORE INTO assets (sha256, ext, size, kind, created_at, format, codec,"
            " duration_s, sample_rate, channels, width, height, integrated_lufs, lra_lu,"
            " true_peak_dbtp, sample_peak_dbfs, leading_silence_s, trailing_silence_s,"
            " embedded_tags, analyzed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [sha256, ext, size, kind, now, a.container if a else "", a.codec if a else "",
             a.duration_s if a else None, a.sample_rate if a else None,
             a.channels if a else None, picture.width if picture else None,
             picture.height if picture else None, finite(a.integrated_lufs) if a else None,
             finite(a.lra_lu) if a else None, finite(a.true_peak_dbtp) if a else None,
             finite(a.sample_peak_dbfs) if a else None, a.leading_silence_s if a else None,
             a.trailing_silence_s if a else None, json.dumps(embedded, ensure_ascii=False), now])
        if a is not None and a.peaks:
            st.db.execute("INSERT OR REPLACE INTO asset_peaks (sha256, data) VALUES (?, ?)",
                          [sha256, a.peaks])
        if poster is not None:
            st.db.execute("INSERT OR REPLACE INTO asset_previews (sha256, mime, data)"
                          " VALUES (?, ?, ?)", [sha256, "image/jpeg", poster])
        library.insert_item(
            st, item, body, source_name=source.name, gain_db=gain,
            series=found.get("album", ""), speaker=found.get("artist", ""),
            rights=found.get("copyright", ""),
            recorded_on=_date(found.get("date")) or _date(bext.get("origination_date")))
        st.audit("item.import", "item", item.id, {"sha256": sha256, "title": item.title,
                                                  "source": source.name, "kind": kind})

    library.place_file(st, temp, sha256, ext, rows)
    return ImportResult(str(source), "imported", item,
                        tuple(result.warnings) if result else (),
                        result.to_json_dict() if result else {})


def _named(exc: Exception, source: Path) -> Exception:
    """The same error, naming the user's file instead of our temp copy; where the media
    error would quote ffmpeg (English, technical), a plain sentence instead."""
    from media import analysis

    log.info("refused %s: %s", source.name, exc)
    if isinstance(exc, analysis.NotMedia | analysis.DecodeFailed):
        return ImportRefused(QT_TRANSLATE_NOOP(
            "errors", "{name} is not a media file the station can read: it is damaged, or it "
                      "is another kind of file with a sound or video file's name"),
            name=source.name)
    if isinstance(exc, analysis.NoAudioStream):
        return ImportRefused(QT_TRANSLATE_NOOP(
            "errors", "{name} has no sound to import (it holds neither audio nor a picture)"),
            name=source.name)
    params = dict(getattr(exc, "params", {}))
    if "name" in params:
        params["name"] = source.name
    if "path" in params:
        params["path"] = str(source)
    try:
        return type(exc)(exc.template, **params)  # type: ignore[attr-defined]
    except (AttributeError, TypeError):
        return exc


def _has_video(path: Path, state: TaskState) -> bool:
    return pictures.probe_picture(path, state) is not None


def import_spoken(st: Station, path: Path, *, title: str, text: str, category: str,
                  state: TaskState | None = None) -> tuple[ImportResult, Changes]:
    """A spoken bulletin (text to speech) into the library, its text kept as the transcript."""
    st.require(Right.LIBRARY_IMPORT, "text to speech")
    return import_file(st, path, title=title, category=category, body=text, state=state)
