"""The approved schedule as a package for the commune stations: a folder or one zip with

- ``playlists/<yyyy-mm-dd>_<HHMM>.m3u8``: one extended M3U (UTF-8) per session, in order,
  ``#EXTINF:<seconds>,<title>`` before each entry; live windows by their stream address;
  a text bulletin not yet spoken, or a relay not yet downloaded, as a comment line;
- ``media/<sha256>.<ext>``: each file copied bit-exact from the store (hash checked);
- ``texts/<item id>.txt``: text bulletins for the commune's TTS;
- ``sealed_content.json``: the exact canonical content the chief approved;
- ``manifest.json``: times in ISO 8601 with the station's offset (+07:00), priorities, every
  file's SHA-256 and size, and the seal with what is needed to recompute it.

Nothing half-written is left: the folder is built under a temporary name and renamed, the
zip is written to a temporary file and renamed; on failure or cancel both are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from media.files import atomic_file
from media.taskstate import TaskState, null_state
from station import __version__
from station.clock import fmt_date_time, local_iso, zone
from station.errors import QT_TRANSLATE_NOOP, ValidationError
from station.library.export import ExportError
from station.rights import Right
from station.schedule.approval import require_seal
from station.schedule.model import Media, Schedule, Slot, load, media, sha256_text
from station.schedule.signing import seal_json
from station.schedule.timing import SlotTiming, time_session
from station.station import Station
from station.text import nfc

FORMAT = "station-schedule-package"
CHUNK = 4 << 20
_STORED = frozenset({"mp3", "m4a", "aac", "ogg", "opus", "flac", "mp4", "webm", "mkv"})


@dataclass(frozen=True)
class PackageReport:
    target: str
    as_zip: bool
    files: tuple[str, ...]  # relative names in the package
    bytes: int
    seal: str
    not_included: tuple[str, ...]  # titles of slots without a file (relay pending, deleted)

    def to_json_dict(self) -> dict[str, Any]:
        return {"target": self.target, "zip": self.as_zip, "files": list(self.files),
                "bytes": self.bytes, "seal": self.seal,
                "not_included": list(self.not_included)}


@dataclass
class _Entry:
    name: str
    data: bytes | None = None
    source: Path | None = None
    sha256: str = ""
    size: int = 0


def package_name(sched: Schedule) -> str:
    return f"lich-phat-song-{sched.period_start.isoformat()}-r{sched.revision}"


def export_package(st: Station, schedule_id: str, target: Path | str, *, as_zip: bool = False,
                   state: TaskState | None = None) -> PackageReport:
    """Write the package of an approved (or published) schedule whose seal holds. ``target``:
    a new folder (or, if it exists, the package goes into it under its own name), or the zip
    file to write (in an existing folder: named after the schedule)."""
    st.require(Right.SCHEDULE_SUBMIT, "export schedule package")
    state = state or null_state()
    sched = load(st, schedule_id)
    if sched.status not in ("approved", "published"):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "only an approved schedule can be sent to "
                                                          "the communes (this one is {status})"),
                              status=sched.status)
    require_seal(st, schedule_id)
    target = Path(target).expanduser().absolute()
    if target.resolve().is_relative_to(st.datadir.root.resolve()):
        raise ExportError(QT_TRANSLATE_NOOP("errors", "cannot export into the station's data "
                                                      "folder {path}"), path=str(st.datadir.root))
    entries, missing = _plan(st, sched)
    if as_zip:
        if target.is_dir():
            target = target / f"{package_name(sched)}.zip"
        _write_zip(entries, target, state)
    else:
        if target.is_dir():
            target = target / package_name(sched)
        _write_folder(entries, target, state)
    total = sum(e.size for e in entries)
    st.audit("schedule.export", "schedule", schedule_id, {
        "target": str(target), "zip": as_zip, "files": len(entries), "bytes": total,
        "seal": sched.seal})
    state.progress(1.0, "")
    assert sched.seal is not None
    return PackageReport(str(target), as_zip, tuple(e.name for e in entries), total, sched.seal,
                         tuple(missing))


# -- the plan ---------------------------------------------------------------------------------------
def _plan(st: Station, sched: Schedule) -> tuple[list[_Entry], list[str]]:
    tz = zone(st)
    facts = media(st, (s.item_id for x in sched.sessions for s in x.slots))
    files: dict[str, _Entry] = {}
    missing: list[str] = []
    sessions = []
    playlists: list[_Entry] = []
    for x in sched.sessions:
        timing = time_session(x, facts)
        local = x.starts_at.astimezone(tz)
        name = f"playlists/{local.strftime('%Y-%m-%d_%H%M')}.m3u8"
        while any(p.name == name for p in playlists):
            name = name.replace(".m3u8", "-2.m3u8")
        lines = ["#EXTM3U", f"#PLAYLIST:{_one_line(x.title)} {fmt_date_time(local)}"]
        slots = []
        for slot, t in zip(x.slots, timing.slots, strict=True):
            m = facts.get(slot.item_id or "")
            entry, status = _slot_file(st, slot, m, files)
            slots.append(_slot_json(slot, t, m, entry, status, tz))
            lines += _playlist_lines(slot, t, entry, status)
            if status in ("relay_pending", "missing"):
                missing.append(slot.title)
        data = ("\n".join(lines) + "\n").encode("utf-8")
        playlists.append(_Entry(name, data))
        sessions.append({"key": x.key, "title": x.title, "starts_at": local_iso(x.starts_at, tz),
                         "ends_at": local_iso(x.ends_at, tz), "length_s": x.length_s,
                         "playlist": name, "slots": slots})
    sealed = st.db.execute("SELECT sealed_content FROM schedules WHERE id = ?",
                           [sched.id]).fetchone()[0]
    content = _Entry("sealed_content.json", sealed.encode("utf-8"))
    entries = [*playlists, *files.values(), content]
    for e in entries:
        if e.data is not None:
            e.sha256, e.size = hashlib.sha256(e.data).hexdigest(), len(e.data)
    approver = st.db.execute("SELECT full_name FROM users WHERE username = ?",
                             [sched.decided_by]).fetchone()
    assert sched.decided_at is not None
    manifest = {
        "format": FORMAT, "version": 1, "app_version": __version__,
        "station": st.name, "timezone": str(tz),
        "generated_at": local_iso(datetime.now(UTC), tz),
        "schedule": {"id": sched.id, "series_id": sched.series_id, "revision": sched.revision,
                     "title": sched.title, "status": sched.status,
                     "period_start": sched.period_start.isoformat(),
                     "period_end": sched.period_end.isoformat()},
        "seal": {"sha256": sched.seal, "algorithm": "sha256(canonical_json({approved_at, "
                 "approved_by, content_sha256}))",
                 "approved_by": sched.decided_by, "approver_name": approver[0] if approver else "",
                 "approved_at": sched.decided_at,
                 "approved_at_local": local_iso(_parse(sched.decided_at), tz),
                 "content_file": content.name, "content_sha256": sha256_text(sealed),
                 # The approver's Ed25519 signature: a commune checks signed_payload with
                 # public_key alone, and its content_sha256 against content_file.
                 **_signature(st, sched)},
        "sessions": sessions,
        "files": [{"path": e.name, "sha256": e.sha256, "size": e.size} for e in entries],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    entries.append(_Entry("manifest.json", text.encode("utf-8")))
    entries[-1].sha256, entries[-1].size = sha256_text(text), len(text.encode("utf-8"))
    return entries, missing


def _signature(st: Station, sched: Schedule) -> dict[str, Any]:
    found = seal_json(st, sched) or {}
    return {"signature_algorithm": "ed25519" if found.get("signature") else None,
            **{k: found.get(k) for k in ("signature", "public_key", "signed_payload",
                                         "signed_by", "key_id", "key_version")}}


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _one_line(text: str) -> str:
    return " ".join(nfc(text).split())


def _slot_file(st: Station, slot: Slot, m: Media | None,
               files: dict[str, _Entry]) -> tuple[_Entry | None, str]:
    if slot.kind == "live":
        return None, "live"
    if m is None:
        return None, "relay_pending" if slot.kind == "relay" else \
            ("programme" if slot.kind == "programme" else "missing")
    if m.is_text:
        name = f"texts/{m.item_id}.txt"
        if name not in files:
            files[name] = _Entry(name, (nfc(m.body) + "\n").encode("utf-8"))
        return files[name], "needs_tts"
    if m.sha256 is None:
        return None, "missing"
    ext = (m.ext or "bin").lower()
    name = f"media/{m.sha256}.{ext}"
    if name not in files:
        files[name] = _Entry(name, source=st.store.path(m.sha256, m.ext or ""), sha256=m.sha256,
                             size=m.size or 0)
    return files[name], "ok"


def _slot_json(slot: Slot, t: SlotTiming, m: Media | None, entry: _Entry | None, status: str,
               tz: Any) -> dict[str, Any]:
    return {"key": slot.key, "position": slot.position, "kind": slot.kind,
            "priority": slot.priority, "title": slot.title, "status": status,
            "starts_at": local_iso(t.starts_at, tz), "duration_s": t.duration_s,
            "estimated": t.estimated, "item_id": slot.item_id,
            "language": m.language if m else None,
            "file": entry.name if entry else None,
            "sha256": entry.sha256 if entry and entry.source else None,
            "size": entry.size if entry and entry.source else None,
            "gain_db": m.gain_db if m else None, "stream_url": slot.stream_url,
            "relay_ref": slot.relay_ref, "relay_rule": slot.relay_rule, "note": slot.note}


def _playlist_lines(slot: Slot, t: SlotTiming, entry: _Entry | None, status: str) -> list[str]:
    seconds = round(t.duration_s) if t.duration_s is not None else -1
    title = _one_line(slot.title)
    if status == "live":
        return [f"#EXTINF:{seconds},{title}", str(slot.stream_url)]
    if status == "ok" and entry is not None:
        return [f"#EXTINF:{seconds},{title}", f"../{entry.name}"]
    if status == "needs_tts" and entry is not None:
        return [f"# TTS: {title} (../{entry.name})"]
    return [f"# {status.upper()}: {title}"]


# -- writing ---------------------------------------------------------------------------------------
def _copy(entry: _Entry, out: IO[bytes], state: TaskState) -> None:
    if entry.data is not None:
        out.write(entry.data)
        return
    assert entry.source is not None
    digest = hashlib.sha256()
    try:
        with open(entry.source, "rb") as fh:
            while chunk := fh.read(CHUNK):
                state.check()
                digest.update(chunk)
                out.write(chunk)
    except OSError as exc:
        raise ExportError(QT_TRANSLATE_NOOP("errors", "cannot read the stored file {name}: "
                                                      "{reason}; nothing was exported"),
                          name=entry.name, reason=exc.strerror or str(exc)) from exc
    if digest.hexdigest() != entry.sha256:
        raise ExportError(QT_TRANSLATE_NOOP("errors", "the stored file {name} is damaged (its "
                                                      "SHA-256 does not match): run 'station "
                                                      "verify'; nothing was exported"),
                          name=entry.name)


def _failure(exc: OSError, where: Path) -> ExportError:
    return ExportError(QT_TRANSLATE_NOOP("errors", "cannot write to {path}: {reason}; nothing was "
                                                   "exported"),
                       path=str(where), reason=exc.strerror or str(exc))


def _write_folder(entries: list[_Entry], target: Path, state: TaskState) -> None:
    if target.exists():
        raise ExportError(QT_TRANSLATE_NOOP("errors", "{path} exists already"), path=str(target))
    if not target.parent.is_dir():
        raise ExportError(QT_TRANSLATE_NOOP("errors", "the folder {path} does not exist"),
                          path=str(target.parent))
    temp = target.parent / f".{target.name}.{os.urandom(6).hex()}.part"
    try:
        total = max(sum(e.size for e in entries), 1)
        done = 0
        for e in entries:
            path = temp / e.name
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as out:
                _copy(e, out, state)
                out.flush()
                os.fsync(out.fileno())
            done += e.size
            state.progress(min(done / total, 0.99), e.name)
        os.replace(temp, target)
    except BaseException as exc:
        shutil.rmtree(temp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _failure(exc, target) from exc
        raise


def _write_zip(entries: list[_Entry], target: Path, state: TaskState) -> None:
    if not target.parent.is_dir():
        raise ExportError(QT_TRANSLATE_NOOP("errors", "the folder {path} does not exist"),
                          path=str(target.parent))
    now = datetime.now()
    stamp = (now.year, now.month, now.day, now.hour, now.minute, now.second)
    try:
        total = max(sum(e.size for e in entries), 1)
        done = 0
        with atomic_file(target) as fh, zipfile.ZipFile(fh, "w", allowZip64=True) as zf:
            for e in entries:
                info = zipfile.ZipInfo(e.name, stamp)
                ext = e.name.rsplit(".", 1)[-1].lower()
                info.compress_type = zipfile.ZIP_STORED if ext in _STORED else zipfile.ZIP_DEFLATED
                info.file_size = e.size
                with zf.open(info, "w") as out:
                    _copy(e, out, state)
                done += e.size
                state.progress(min(done / total, 0.99), e.name)
    except BaseException as exc:
        if isinstance(exc, OSError):
            raise _failure(exc, target) from exc
        raise
