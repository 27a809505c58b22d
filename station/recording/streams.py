"""Recording a live stream (Icecast, HLS) into the library: capture, then import.

The two halves are separate so the UI can capture off its database thread and import on
it; :func:`record_stream` does both for the CLI and the recording rules.
"""

from __future__ import annotations

import dataclasses
import shutil
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from media import capture as cap
from media.taskstate import TaskState, null_state
from station.changes import Changes
from station.clock import fmt_date_time, fmt_duration, zone
from station.errors import QT_TRANSLATE_NOOP, ValidationError
from station.library.ingest import ImportResult, import_file
from station.rights import Right
from station.station import Station

MAX_SECONDS = 24 * 3600.0


def check_request(url: str, seconds: float) -> str:
    """The URL, trimmed, if a capture of ``seconds`` from it may be tried at all."""
    url = (url or "").strip()
    if not url:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a stream recording needs an address "
                                                          "(URL)"))
    if not (0 < seconds <= MAX_SECONDS):
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a recording lasts between 1 second and "
                                                          "24 hours, not {seconds} s"),
                              seconds=seconds)
    return url


def work_dir(st: Station) -> Path:
    """A fresh folder in the store's temp area (the recovery sweep clears what a crash left)."""
    return st.store.tmp / f"capture-{uuid.uuid4().hex[:12]}"


def capture_stream(url: str, seconds: float, work: Path, *, deadline_s: float | None = None,
                   state: TaskState | None = None) -> cap.CaptureResult:
    """Capture into ``work`` (no database access: runs on any thread)."""
    return cap.capture(url, seconds, work / "capture.flac", work / "segments",
                       deadline_s=deadline_s, state=state)


def default_title(st: Station, result: cap.CaptureResult) -> str:
    """The stream's name (or its address) and when the capture began, dd/MM/yyyy HH:mm."""
    parts = urlsplit(result.url)
    label = result.name or f"{parts.hostname or ''}{parts.path}".rstrip("/") or result.url
    return f"{label} {_local(st, result.started_at)}"


def _local(st: Station, when: datetime) -> str:
    return fmt_date_time(when, zone(st))


def import_capture(st: Station, result: cap.CaptureResult, *, title: str | None = None,
                   category: str = "", description: str = "",
                   state: TaskState | None = None) -> tuple[ImportResult, Changes]:
    """Import a finished capture; the item keeps the stream's address, the capture time and
    any gaps (in its notes and as warnings)."""
    st.require(Right.LIBRARY_IMPORT, "record stream")
    tz = zone(st)
    if result.stopped:
        state = None  # the capture's state is cancelled; the short import must still run
    imported, changes = import_file(st, result.path, title=title or default_title(st, result),
                                    category=category, description=description, state=state)
    warnings = tuple(
        f"gap at {fmt_duration(g.at_s)} of about {g.lost_s:.1f} s"
        for g in result.gaps)
    if result.stopped:
        warnings += (f"stopped after {fmt_duration(result.seconds)} of "
                     f"{fmt_duration(result.wanted_s)}",)
    notes = f"Stream: {result.url}\nCaptured: {_local(st, result.started_at)}"
    if warnings:
        notes += "\n" + "\n".join(warnings)
    db = st.db
    with db.atomic():
        if imported.status == "imported":
            db.execute("UPDATE items SET source_name = ?, notes = ?, recorded_on = ?"
                       " WHERE id = ?",
                       [result.url, notes, result.started_at.astimezone(tz).date().isoformat(),
                        imported.item.id])
        st.audit("stream.record", "item", imported.item.id,
                 {"url": result.url, "seconds": round(result.seconds, 3),
                  "wanted_s": result.wanted_s, "restarts": result.restarts,
                  "stopped": result.stopped,
                  "gaps": [g.to_json_dict() for g in result.gaps]})
    imported = dataclasses.replace(imported, warnings=imported.warnings + warnings)
    return imported, changes | Changes(library=True, audit=True, studio=True)


def record_stream(st: Station, url: str, seconds: float, *, title: str | None = None,
                  category: str = "", description: str = "",
                  state: TaskState | None = None) -> tuple[ImportResult, Changes]:
    """Capture ``seconds`` of ``url`` and import it into the library.

    A web page, an error status or a refused connection raises a CaptureError and leaves
    nothing behind; a stream lost mid-way is reconnected, and what could not be recovered
    before the deadline is reported as gaps. Cancelling ``state`` stops early and imports
    what was captured (Cancelled only if nothing was).
    """
    st.require(Right.LIBRARY_IMPORT, "record stream")
    url = check_request(url, seconds)
    state = state or null_state()
    work = work_dir(st)
    try:
        result = capture_stream(url, seconds, work, state=state.child(0.0, 0.9))
        return import_capture(st, result, title=title, category=category,
                              description=description, state=state.child(0.9, 0.1))
    finally:
        shutil.rmtree(work, ignore_errors=True)
