"""Takes: recordings from an input device, from their journal on disk to a library item.

A take is a row (state recording -> finished | recovered | failed) and a journal folder under
``<data dir>/recordings/<take id>``. The folder is written before the row, so a crash at
any point leaves either nothing, or a journal the start-up sweep finishes into the library
(state 'recovered', with how much was saved). QtMultimedia loads only when recording.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from media.take_journal import (
    DiskFull,
    FinishedTake,
    JournalError,
    TakeHeader,
    TakeJournal,
    finish_folder,
    read_header,
    unfinished,
)
from media.taskstate import TaskState
from station.changes import Changes
from station.clock import fmt_date_time, now_iso
from station.errors import QT_TRANSLATE_NOOP, NotFound, StationError
from station.ids import uuid7
from station.library.ingest import ImportResult, import_file
from station.procs import pid_alive
from station.rights import Right, Role
from station.station import Station, User

if TYPE_CHECKING:
    from media.record import CaptureOutcome, CaptureSettings

log = logging.getLogger(__name__)

FOLDER = "recordings"
RECOVERY_ACTOR = "system:recovery"


@dataclass(frozen=True)
class Take:
    id: str
    state: str
    title: str
    category: str
    device: str
    sample_rate: int
    channels: int
    started_at: str
    duration_s: float | None
    item_id: str | None
    ended_reason: str
    error: str
    dropped_frames: int

    def to_json_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


_COLUMNS = ("id, state, title, category, device, sample_rate, channels, started_at, duration_s,"
            " item_id, ended_reason, error, dropped_frames")


def recordings_root(st: Station) -> Path:
    return st.datadir.root / FOLDER


def default_title(started_at: str) -> str:
    """'Ghi âm 22/11/2026 17:05' style: the station's date format, local time."""
    from datetime import datetime

    when = datetime.fromisoformat(started_at.replace("Z", "+00:00")).astimezone()
    return f"Ghi âm {fmt_date_time(when)}"


def begin_take(st: Station, settings: CaptureSettings, *, device_name: str = "",
               title: str | None = None, category: str = "",
               description: str = "") -> TakeJournal:
    """Create the take's journal (header first, on disk) and its row; returns the journal
    the capture writes into."""
    st.require(Right.STUDIO_USE, "record")
    st.require(Right.LIBRARY_IMPORT, "record")
    take_id = uuid7()
    started = now_iso()
    header = TakeHeader(take_id, settings.sample_rate, settings.channels,
                        settings.sample_format, started, device_name, title or "",
                        os.getpid())
    journal = TakeJournal.create(recordings_root(st) / take_id, header)
    with st.db.atomic():
        st.db.execute(
            "INSERT INTO takes (id, state, title, category, description, device, sample_rate,"
            " channels, sample_format, started_at, journal_path, pid, created_by)"
            " VALUES (?, 'recording', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [take_id, title or "", category, description, device_name, settings.sample_rate,
             settings.channels, settings.sample_format, started, str(journal.folder),
             os.getpid(), st.actor])
        st.audit("take.start", "take", take_id, {"device": device_name, "title": title or ""})
    return journal


def _message(outcome: CaptureOutcome | None) -> str:
    if outcome is None or outcome.error is None:
        return ""
    return str(outcome.error)


def finish_take(st: Station, take_id: str, outcome: CaptureOutcome | None = None, *,
                recovered: bool = False, state: TaskState | None = None,
                keep: tuple[int, int] | None = None) -> tuple[ImportResult | None, Changes]:
    """Turn the take's journal into a FLAC, import it, keep its markers; the journal goes
    once the item is in the library. A take with no audio is marked failed. ``keep``: the
    frames to keep (see media.take_journal.finish_folder)."""
    row = st.db.execute("SELECT title, category, description, journal_path, started_at"
                        " FROM takes WHERE id = ?", [take_id]).fetchone()
    if row is None:
        raise NotFound(QT_TRANSLATE_NOOP("errors", "no take {id}"), id=take_id)
    title, category, description, journal_path, started_at = row
    folder = Path(journal_path)
    aside: Path | None = None
    try:
        finished: FinishedTake = finish_folder(folder, state, keep=keep)
    except DiskFull:
        # The take filled its own disk: the FLAC may still fit beside the media store.
        aside = st.store.new_temp(".flac")
        finished = finish_folder(folder, state, into=aside, keep=keep)
    try:
        return _import_take(st, take_id, finished, outcome, recovered=recovered,
                            title=title or default_title(started_at), category=category,
                            description=description, state=state)
    finally:
        if aside is not None:
            aside.unlink(missing_ok=True)


def _import_take(st: Station, take_id: str, finished: FinishedTake,
                 outcome: CaptureOutcome | None, *, recovered: bool, title: str,
                 category: str, description: str,
                 state: TaskState | None) -> tuple[ImportResult | None, Changes]:
    folder = finished.folder
    reason = outcome.reason if outcome else ("recovered" if recovered else "")
    dropped = outcome.dropped_frames if outcome else 0
    if finished.frames == 0:
        with st.db.atomic():
            st.db.execute("UPDATE takes SET state = 'failed', duration_s = 0, ended_reason = ?,"
                          " error = ?, finished_at = ? WHERE id = ?",
                          [reason, _message(outcome) or "nothing was recorded", now_iso(),
                           take_id])
            st.audit("take.fail", "take", take_id, {"reason": reason})
        shutil.rmtree(folder, ignore_errors=True)
        return None, Changes(studio=True, audit=True)
    result, changes = import_file(st, finished.flac, title=title, category=category,
                                  description=description, state=state)
    with st.db.atomic():
        st.db.execute(
            "UPDATE takes SET state = ?, duration_s = ?, item_id = ?, ended_reason = ?,"
            " error = ?, dropped_frames = ?, finished_at = ? WHERE id = ?",
            ["recovered" if recovered else "finished", finished.seconds, result.item.id,
             reason, _message(outcome), dropped, now_iso(), take_id])
        st.db.execute("DELETE FROM take_markers WHERE take_id = ?", [take_id])
        st.db.conn.executemany("INSERT INTO take_markers (take_id, position, label) VALUES (?,?,?)",
                          [(take_id, m.position, m.label) for m in finished.markers])
        st.audit("take.recover" if recovered else "take.finish", "take", take_id,
                 {"item": result.item.id, "seconds": round(finished.seconds, 3),
                  "reason": reason})
    shutil.rmtree(folder, ignore_errors=True)  # the FLAC is in the store now
    if outcome is not None and outcome.error is not None:
        result = dataclasses.replace(result, warnings=(*result.warnings, str(outcome.error)))
    return result, changes | Changes(studio=True, library=True, audit=True)


def fail_take(st: Station, take_id: str, error: Exception) -> Changes:
    """A take that never started (device busy, bad format): no audio, nothing to keep."""
    row = st.db.execute("SELECT journal_path FROM takes WHERE id = ?", [take_id]).fetchone()
    with st.db.atomic():
        st.db.execute("UPDATE takes SET state = 'failed', duration_s = 0, ended_reason = 'error',"
                      " error = ?, finished_at = ? WHERE id = ?", [str(error), now_iso(), take_id])
        st.audit("take.fail", "take", take_id, {"error": str(error)})
    if row is not None:
        shutil.rmtree(row[0], ignore_errors=True)
    return Changes(studio=True, audit=True)


class TakeLeftForRecovery(StationError):
    """A full disk stopped the take and left no room to save it: its recording is kept and
    the start-up sweep finishes it once there is room (params: seconds, path)."""


def record_take(st: Station, *, seconds: float, device: str | None = None,
                title: str | None = None, category: str = "", description: str = "",
                state: TaskState | None = None, sample_rate: int = 48000,
                channels: int | None = None,
                window: tuple[float, float] | None = None) -> tuple[ImportResult, Changes]:
    """Record ``seconds`` of audio from ``device`` (an id or a name; None: the default
    input) into the library, at ``sample_rate`` with ``channels`` (None: the device's, up
    to stereo). Blocks. ``window``: (start, end) in wall-clock time: the device is opened
    now (before the start) and the take is cut to the window by the clock of its reads;
    ``seconds`` is then how long to record, and should reach past the end. Cancelling
    ``state`` stops early and keeps what was recorded; a device that vanishes or a disk that
    fills ends the take the same way (the result's warnings say so). A device that cannot be
    opened, or a format it cannot record, raises; so does a full disk with no room left to
    save the take (TakeLeftForRecovery)."""
    from media import record

    st.require(Right.STUDIO_USE, "record")
    record.ensure_app()
    dev = record.find_device(device)
    settings = record.CaptureSettings(
        device=device, sample_rate=sample_rate,
        channels=channels or min(2, max(1, dev.maximumChannelCount())))
    record.check_format(dev, settings)
    journal = begin_take(st, settings, device_name=dev.description(), title=title,
                         category=category, description=description)
    take_id = journal.header.take_id
    try:
        outcome = record.record(journal, settings, seconds=seconds, state=state)
    except Exception as exc:
        fail_take(st, take_id, exc)
        raise
    try:
        keep = None
        if window is not None and outcome.origin is not None:
            first = outcome.frame_at(window[0])
            keep = (first, outcome.frame_at(window[1]) - first)
        result, changes = finish_take(st, take_id, outcome, state=state, keep=keep)
    except DiskFull as exc:
        if outcome.reason != "disk_full":
            raise
        raise left_for_recovery(outcome, exc) from exc
    if result is None:
        raise outcome.error or JournalError(QT_TRANSLATE_NOOP(
            "media", "nothing was recorded from {device}"), device=dev.description())
    return result, changes


def left_for_recovery(outcome: CaptureOutcome, exc: DiskFull) -> TakeLeftForRecovery:
    """What to tell when a full disk left no room to save the take it stopped."""
    return TakeLeftForRecovery(QT_TRANSLATE_NOOP(
        "errors", "the disk filled during the take and there is no room to save it: the "
                  "{seconds} s recorded are kept and saved at the next start once there is "
                  "room in {path}"),
        seconds=f"{outcome.seconds:.1f}", path=exc.params.get("path", ""))


# -- recovery --------------------------------------------------------------------------------
@dataclass(frozen=True)
class RecoveredTake:
    take_id: str
    title: str
    item_id: str | None
    seconds: float
    started_at: str


def recover(st: Station) -> list[RecoveredTake]:
    """Finish every take a dead process left behind (called by the start-up sweep)."""
    root = recordings_root(st)
    found = unfinished(root, in_use=lambda h: h.pid != 0 and pid_alive(h.pid)
                       and h.pid != os.getpid())
    # Rows whose process is gone but whose folder is missing: nothing to save.
    for take_id, pid, path in st.db.execute(
            "SELECT id, pid, journal_path FROM takes WHERE state = 'recording'").fetchall():
        if not (pid_alive(pid) and pid != os.getpid()) and not Path(path).exists():
            fail_take(st, take_id, JournalError(QT_TRANSLATE_NOOP(
                "media", "the take's journal {path} is missing"), path=path))
    if not found:
        return []
    saved_user = st.user
    # The sweep runs before anyone logs in: the system finishes the user's own take.
    st.user = User(id="", username=RECOVERY_ACTOR, full_name="", role=Role.ADMIN)
    done: list[RecoveredTake] = []
    try:
        for folder, header in found:
            _ensure_row(st, folder, header)
            try:
                result, _ = finish_take(st, header.take_id, recovered=True)
            except Exception:  # one bad take must not stop the station from starting
                log.exception("could not recover the take in %s", folder)
                continue
            row = st.db.execute("SELECT title, duration_s, started_at FROM takes WHERE id = ?",
                                [header.take_id]).fetchone()
            done.append(RecoveredTake(header.take_id, result.item.title if result else row[0],
                                      result.item.id if result else None, row[1] or 0.0,
                                      row[2]))
    finally:
        st.user = saved_user
    return done


def _ensure_row(st: Station, folder: Path, header: TakeHeader) -> None:
    """A crash between the journal's header and the row leaves a folder with no row."""
    if st.db.execute("SELECT 1 FROM takes WHERE id = ?", [header.take_id]).fetchone():
        return
    read_header(folder)
    st.db.execute(
        "INSERT INTO takes (id, state, title, device, sample_rate, channels, sample_format,"
        " started_at, journal_path, pid, created_by) VALUES (?, 'recording', ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?)",
        [header.take_id, header.title, header.device, header.sample_rate, header.channels,
         header.sample_format, header.started_at, str(folder), header.pid, RECOVERY_ACTOR])


# -- queries for the UI and the CLI ---------------------------------------------------------
def _take(row: tuple[Any, ...]) -> Take:
    return Take(*row)


def list_takes(st: Station, limit: int = 200) -> list[Take]:
    st.require(Right.LIBRARY_VIEW, "takes")
    rows = st.db.execute(f"SELECT {_COLUMNS} FROM takes ORDER BY started_at DESC LIMIT ?",
                         [limit]).fetchall()
    return [_take(r) for r in rows]


def recovered_takes(st: Station, *, unreported: bool = True) -> list[Take]:
    """Takes the start-up sweep recovered; by default those the user has not been told of."""
    sql = f"SELECT {_COLUMNS} FROM takes WHERE state = 'recovered'"
    if unreported:
        sql += " AND reported = 0"
    return [_take(r) for r in st.db.execute(sql + " ORDER BY started_at").fetchall()]


def mark_reported(st: Station, take_ids: list[str]) -> Changes:
    with st.db.atomic():
        st.db.conn.executemany("UPDATE takes SET reported = 1 WHERE id = ?",
                          [(t,) for t in take_ids])
    return Changes(studio=True)


def markers(st: Station, take_id: str) -> list[tuple[int, str]]:
    return [(p, label) for p, label in st.db.execute(
        "SELECT position, label FROM take_markers WHERE take_id = ? ORDER BY position",
        [take_id]).fetchall()]


def item_markers(st: Station, item_id: str) -> list[tuple[float, str]]:
    """Markers of the take an item was recorded in, in seconds from its start."""
    return [(p / rate, label) for p, label, rate in st.db.execute(
        "SELECT m.position, m.label, t.sample_rate FROM take_markers m JOIN takes t"
        " ON t.id = m.take_id WHERE t.item_id = ? ORDER BY m.position", [item_id]).fetchall()]
