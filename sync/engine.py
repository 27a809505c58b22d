"""One sync run: hello, push the outbox, upload missing media, pull the change feed,
download missing media. Every step can be cut at any point and simply run again."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from media.taskstate import Cancelled, TaskState, null_state
from station import settings
from station.errors import StationError
from station.rights import Right
from station.station import Station
from sync import media, outbox, tls
from sync.anchor import anchor_step
from sync.apply import PageApply
from sync.credentials import clean_url
from sync.errors import (
    QT_TRANSLATE_NOOP,
    HubRefused,
    NoHubConfigured,
    Problem,
    SyncError,
)
from sync.gate import media_hold
from sync.meter import Meter, TransferCallback
from sync.transport import Hub, protocol_error

log = logging.getLogger(__name__)

API = "/api/sync/v1"
# Our own ceilings; the hub's /hello may lower them. A page is one transaction and one
# commit (one fsync) on each side, so big pages are what make 10,000 changes take seconds;
# on a slow link a 1000-change page is still under a megabyte, and stalls are timed by
# bytes moving, not by the page.
PUSH_BATCH = 1000
PUSH_MAX_BYTES = 2 * 1024 * 1024  # and no bigger: large documents (schedules) go fewer a batch
PULL_PAGE = 1000
SNAPSHOT_PAGE = 1000
SKEW_WARN_S = 120.0


@dataclass
class SyncReport:
    """What one run did, for the Sync page, the CLI and the audit log."""

    hub: str = ""
    station_id: str = ""
    ok: bool = False
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    uploaded: int = 0
    upload_bytes: int = 0
    downloaded: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    waiting: int = 0
    clock_skew_s: float = 0.0
    resynced: bool = False
    duration_s: float = 0.0
    media_waiting: int = 0  # files not yet on the hub
    media_waiting_bytes: int = 0
    relay_imported: int = 0  # items of the province's relay feeds downloaded and imported
    # Typed lines (templates with params): the UI translates them, str() is English.
    errors: list[StationError] = field(default_factory=list)
    warnings: list[StationError] = field(default_factory=list)
    held: StationError | None = None  # why media uploads wait (upload hours, on air)

    def to_json_dict(self) -> dict[str, Any]:
        plain = {k: v for k, v in asdict(self).items() if k not in ("errors", "warnings", "held")}
        plain["errors"] = [str(e) for e in self.errors]
        plain["warnings"] = [str(w) for w in self.warnings]
        plain["held"] = str(self.held) if self.held else None
        return plain

    def summary(self) -> str:
        if self.ok:
            text = (f"sync done: {self.pushed} changes sent, {self.pulled} received, "
                    f"{self.uploaded} files up, {self.downloaded} down "
                    f"({self.bytes_up} bytes up, {self.bytes_down} down)")
            if self.relay_imported:
                text += f", {self.relay_imported} relay items"
            return text + (f"; {self.held}" if self.held else "")
        return "sync not finished: " + "; ".join([str(e) for e in self.errors] or
                                                 ["unknown reason"])


def open_hub(st: Station, hub_url: str, token: str, **kw: Any) -> Hub:
    db = st.db
    return Hub(hub_url, token, stall_s=settings.SYNC_STALL_TIMEOUT_S.get(db),
               cap_kbps=settings.SYNC_BANDWIDTH_CAP_KBPS.get(db),
               verify=tls.verifier(settings.SYNC_VERIFY_TLS.get(db),
                                   settings.SYNC_CA_FILE.get(db)), **kw)


def run_once(st: Station, hub_url: str | None = None, token: str | None = None,
             state: TaskState | None = None, *, hub: Hub | None = None,
             on_transfer: TransferCallback | None = None) -> SyncReport:
    """One full sync (`station sync`). Never raises for sync trouble: the report says it."""
    st.require(Right.SYNC_RUN, "sync")
    state = state or null_state()
    started = time.monotonic()
    db = st.db
    stored = hub_url or settings.SYNC_HUB_URL.get(db)
    # No user name or password reaches the report, the audit log or a log line.
    hub_url = clean_url(stored)
    report = SyncReport(hub=hub_url)
    if (plain := tls.plain_http_warning(hub_url)) is not None:
        report.warnings.append(plain)
    own_hub = hub is None
    try:
        if hub is None:
            if not hub_url:
                raise NoHubConfigured(QT_TRANSLATE_NOOP("errors", "no hub address is set: enter "
                                                        "it in Settings > Sync"))
            if token is None:
                from sync.token import load_token

                _heal_address(st, stored, hub_url)
                token = load_token(st.datadir, hub_url)
            if not token:
                raise NoHubConfigured(QT_TRANSLATE_NOOP("errors", "no token is set for the hub "
                                                        "{url}: enter the token the province "
                                                        "gave you"), url=hub_url)
            hub = open_hub(st, hub_url, token)
        try:
            limits = hello(st, hub, report)
            state.progress(0.05, "push")
            push(st, hub, report, state, limits)
            state.progress(0.2, "upload")
            report.held = media_hold(st)
            if report.held is None:
                upload_media(st, hub, report, state.child(0.2, 0.5), on_transfer)
            state.progress(0.7, "pull")
            pull(st, hub, report, state, limits)
            if outbox.waiting(db):  # a merged fact the hub lacked (sync/apply.py MERGED)
                push(st, hub, report, state, limits)
            state.progress(0.85, "download")
            download_media(st, hub, report, state.child(0.85, 0.1), on_transfer)
            if not report.errors:
                state.progress(0.95, "relay")
                bring_relay(st, hub, report, state.child(0.95, 0.05))
            # Last, so the head covers what this run wrote (sync/anchor.py; a warning at worst).
            anchor_step(st, hub, report.station_id, report.warnings)
            report.ok = not report.errors
        finally:
            report.bytes_up, report.bytes_down = hub.bytes_up, hub.bytes_down
            if own_hub:
                hub.close()
    except Cancelled:
        report.errors.append(Problem(QT_TRANSLATE_NOOP("sync", "the sync was cancelled")))
    except SyncError as exc:
        report.errors.append(exc)
    report.waiting = outbox.waiting(db)
    report.media_waiting, report.media_waiting_bytes = media_waiting(st)
    report.duration_s = round(time.monotonic() - started, 3)
    if report.waiting and report.ok:
        report.ok = False
        report.errors.append(Problem(QT_TRANSLATE_NOOP("sync", "{count} changes still wait "
                                                       "to be sent"), count=report.waiting))
    try:
        st.audit("sync.run", "hub", hub_url, {
            k: v for k, v in report.to_json_dict().items()
            if k in ("ok", "pushed", "pulled", "uploaded", "downloaded", "conflicts", "errors")})
    except Exception:
        log.exception("could not audit the sync run")
    return report


def _heal_address(st: Station, stored: str, clean: str) -> None:
    """An address saved with a user name and password by an older version: keep it clean
    from now on, its token with it."""
    from sync.token import load_token, save_token

    if stored == clean:
        return
    if settings.SYNC_HUB_URL.get(st.db) == stored:
        settings.SYNC_HUB_URL.set(st.db, clean)
    token = load_token(st.datadir, stored)
    if token and not load_token(st.datadir, clean):
        save_token(st.datadir, clean, token)


def bring_relay(st: Station, hub: Hub, report: SyncReport, state: TaskState) -> None:
    """The province's relay feeds (sync/province_relay.py), after the pull that announced
    their items: what does not come is a warning, the sync itself is done."""
    from sync import province_relay

    try:
        found = province_relay.bring(st, hub, state)
    except SyncError as exc:
        report.warnings.append(exc)
        return
    report.relay_imported = len(found.imported)
    report.warnings.extend(found.errors)


@dataclass(frozen=True)
class Limits:
    """Batch sizes for this run: ours, lowered to what the hub's /hello advertises."""

    push_batch: int = PUSH_BATCH
    pull_page: int = PULL_PAGE
    snapshot_page: int = SNAPSHOT_PAGE

    @classmethod
    def from_hello(cls, data: dict[str, Any]) -> Limits:
        raw = data.get("limits")
        limits: dict[str, Any] = raw if isinstance(raw, dict) else {}

        def lowered(name: str, ours: int) -> int:
            try:
                return max(1, min(ours, int(limits.get(name) or ours)))
            except (TypeError, ValueError):
                return ours

        pages = lowered("max_changes_per_page", PULL_PAGE)
        return cls(lowered("max_mutations_per_request", PUSH_BATCH), pages,
                   min(pages, SNAPSHOT_PAGE))


def hello(st: Station, hub: Hub, report: SyncReport) -> Limits:
    """Check the hub and the token, measure the clock skew; returns the batch sizes."""
    data = hub.json("GET", f"{API}/hello")
    if not isinstance(data, dict) or data.get("protocol") != "station-sync/1" or \
            not isinstance(data.get("station"), dict):
        raise protocol_error(hub.url, QT_TRANSLATE_NOOP("sync", "JSON of another kind"))
    sid = str(data["station"].get("id", ""))
    db = st.db
    known = outbox.get_state(db, "station_id")
    known_hub = outbox.get_state(db, "hub")
    if known and known != sid and known_hub == hub.url:
        raise SyncError(QT_TRANSLATE_NOOP("errors", "this token belongs to another station "
                                          "({name}) than the one this data was synced as; "
                                          "nothing was sent"), name=data["station"].get("name"))
    skew = (int(data.get("server_time_ms", 0)) / 1000.0) - time.time()
    report.station_id = sid
    report.clock_skew_s = round(skew, 1)
    with db.atomic():
        if known != sid or known_hub != hub.url:
            outbox.set_state(db, "station_id", sid)
            outbox.set_state(db, "hub", hub.url)
            outbox.set_state(db, "cursor", "")
        # The HLC runs on hub time: a station clock a day off neither wins nor loses clashes.
        outbox.set_state(db, "clock_offset_s", f"{skew:.3f}" if abs(skew) > 1 else "0")
    if abs(skew) > SKEW_WARN_S:
        report.warnings.append(Problem(
            QT_TRANSLATE_NOOP("sync", "this computer's clock is {minutes} minutes behind the "
                                      "hub's; sync corrects for it, but set the clock right")
            if skew > 0 else
            QT_TRANSLATE_NOOP("sync", "this computer's clock is {minutes} minutes ahead of the "
                                      "hub's; sync corrects for it, but set the clock right"),
            minutes=f"{abs(skew) / 60:.0f}"))
    return Limits.from_hello(data)


def push(st: Station, hub: Hub, report: SyncReport, state: TaskState,
         limits: Limits | None = None) -> None:
    """Send the outbox in batches; each batch's answers are applied, and its mutations leave
    the outbox, in one transaction (a batch sent again is answered from the hub's memory of
    each mutation id)."""
    db = st.db
    limits = limits or Limits()
    outbox.scan(st)
    sid = report.station_id
    while True:
        state.check()
        rows = db.execute("SELECT seq, id, entity, entity_id, op, fields, hlc FROM sync_outbox"
                          " ORDER BY seq LIMIT ?", [limits.push_batch]).fetchall()
        if not rows:
            return
        rows = _within_bytes(rows)
        batch = [{"id": r[1], "entity": r[2], "entity_id": r[3], "op": r[4],
                  "fields": json.loads(r[5]), "hlc": r[6]} for r in rows]
        _add_bases(db, batch)
        data = hub.json("POST", f"{API}/stations/{sid}/mutations", body={"mutations": batch})
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, list) or len(results) != len(batch):
            raise protocol_error(hub.url, QT_TRANSLATE_NOOP(
                "sync", "a mutations answer that does not match the request"))
        for m, res in zip(batch, results, strict=True):
            if not isinstance(res, dict) or res.get("id") != m["id"]:
                raise protocol_error(hub.url, QT_TRANSLATE_NOOP("sync", "results for other mutations"))
        with db.atomic():
            page = PageApply(st, [(m["entity"], m["entity_id"]) for m in batch])
            for m, res in zip(batch, results, strict=True):
                if res.get("status") == "applied":
                    got = page.state(
                        m["entity"], m["entity_id"], _dict(res.get("data")),
                        _dict(res.get("field_hlc")), bool(res.get("deleted")),
                        int(res.get("seq") or 0), str(res.get("hlc") or m["hlc"]),
                        _list(res.get("conflicts")), skip_mutation=m["id"])
                    report.conflicts += got.conflicts
                    if got.error:
                        report.warnings.append(_not_stored(got.error))
                else:
                    report.errors.append(Problem(QT_TRANSLATE_NOOP(
                        "sync", "the hub refused a change to {entity} {id}: {reason}"),
                        entity=m["entity"], id=m["entity_id"], reason=str(res.get("reason"))))
                page.sent(m["id"], m["entity"], m["entity_id"])
                report.pushed += 1
            page.finish()


def _within_bytes(rows: list[Any]) -> list[Any]:
    """The first rows whose request stays under PUSH_MAX_BYTES (at least one)."""
    size = 0
    for n, row in enumerate(rows):
        size += len(row[5]) + 300  # the fields' JSON, and the rest of the mutation
        if n and size > PUSH_MAX_BYTES:
            return rows[:n]
    return rows


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _add_bases(db: Any, batch: list[dict[str, Any]]) -> None:
    """Each mutation says which HLC of each field it was made over (from the shadow), so the
    hub can tell a clash from an edit made in order."""
    keys = sorted({(m["entity"], m["entity_id"]) for m in batch})
    seen: dict[tuple[str, str], dict[str, str]] = {key: {} for key in keys}
    for entity, eid, field_hlc in db.execute(
            "SELECT entity, entity_id, field_hlc FROM sync_shadow WHERE (entity, entity_id) IN"
            " (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]')"
            " FROM json_each(?))", [json.dumps(keys)]):
        seen[(entity, eid)] = json.loads(field_hlc)
    for m in batch:
        key = (m["entity"], m["entity_id"])
        m["base"] = {f: seen[key].get(f, "") for f in m["fields"]}
        # A later mutation of the same batch was made over this one.
        seen[key] = {**seen[key], **{f: m["hlc"] for f in m["fields"]}}


def _not_stored(text: str) -> Problem:
    return Problem(QT_TRANSLATE_NOOP("sync", "a change from the hub could not be stored here: "
                                     "{reason}"), reason=text)


def media_to_upload(st: Station) -> list[tuple[str, str, int]]:
    """(sha256, ext, size) of the files here that the hub does not have yet, oldest first."""
    rows = st.db.execute("SELECT a.sha256, a.ext, a.size FROM assets a LEFT JOIN sync_uploads u"
                         " ON u.sha256 = a.sha256 WHERE u.status IS NULL OR"
                         " u.status != 'committed' ORDER BY a.created_at").fetchall()
    return [(s, e, n) for s, e, n in rows if st.store.has(s, e)]


@dataclass(frozen=True)
class Waiting:
    """What waits to go up, for the Sync page."""

    changes: int
    files: int
    bytes: int
    held: StationError | None  # why media uploads wait now (upload hours, on air)


def waiting_now(st: Station) -> Waiting:
    files, size = media_waiting(st)
    return Waiting(outbox.waiting(st.db), files, size,
                   media_hold(st))


def media_waiting(st: Station) -> tuple[int, int]:
    """How many files, and how many bytes, wait to go up."""
    row = st.db.execute("SELECT count(*), coalesce(sum(a.size), 0) FROM assets a LEFT JOIN"
                        " sync_uploads u ON u.sha256 = a.sha256 WHERE u.status IS NULL OR"
                        " u.status != 'committed'").fetchone()
    return int(row[0]), int(row[1])


def _metered(state: TaskState, meter: Meter, counted: Any,
             on_transfer: TransferCallback | None) -> TaskState:
    """A child state whose every progress report also feeds the speed meter."""
    if on_transfer is None:
        return state
    def progressed(fraction: float, text: str) -> None:
        meter.update(counted(), on_transfer)
        state.progress(fraction, text)

    sub = TaskState(progressed)
    sub._cancel = state._cancel
    return sub


def upload_media(st: Station, hub: Hub, report: SyncReport, state: TaskState,
                 on_transfer: TransferCallback | None = None) -> None:
    db = st.db
    local = media_to_upload(st)
    total = sum(n for _, _, n in local) or 1
    start_bytes = hub.bytes_up
    meter = Meter("up", total)
    state = _metered(state, meter, lambda: hub.bytes_up - start_bytes, on_transfer)
    done = 0
    for i in range(0, len(local), 1000):
        chunk = local[i:i + 1000]
        data = hub.json("POST", f"{API}/stations/{report.station_id}/assets:check",
                        body={"sha256": [s for s, _, _ in chunk]})
        missing = set(data.get("missing", [])) if isinstance(data, dict) else None
        if missing is None:
            raise protocol_error(hub.url, QT_TRANSLATE_NOOP(
                "sync", "an assets:check answer without 'missing'"))
        for sha, ext, size in chunk:
            state.check()
            if sha not in missing:
                with db.atomic():
                    db.execute("INSERT INTO sync_uploads (sha256, size, hub, status, created_at,"
                               " updated_at) VALUES (?, ?, ?, 'committed', datetime(),"
                               " datetime()) ON CONFLICT(sha256) DO UPDATE SET"
                               " status = 'committed'", [sha, size, hub.url])
                continue
            try:
                res = media.upload(st, hub, sha, st.store.path(sha, ext), size,
                                   state.child(done / total, size / total))
            except HubRefused as exc:
                report.errors.append(exc)
                continue
            done += size
            report.uploaded += 1
            report.upload_bytes += res.bytes_sent


def pull(st: Station, hub: Hub, report: SyncReport, state: TaskState,
         limits: Limits | None = None) -> None:
    db = st.db
    limits = limits or Limits()
    sid = report.station_id
    if outbox.get_state(db, "snapshot_page"):
        resync(st, hub, report, limits)  # a snapshot cut midway: finish it first
    while True:
        state.check()
        cursor = outbox.get_state(db, "cursor")
        resp = hub.request("GET", f"{API}/stations/{sid}/changes",
                           params={"cursor": cursor, "limit": limits.pull_page}, ok=(200, 410))
        if resp.status_code == 410:
            resync(st, hub, report, limits)
            continue
        if resp.status_code != 200:
            raise HubRefused(QT_TRANSLATE_NOOP("errors", "the hub refused {what}: {reason}"),
                             what="changes", reason=f"HTTP {resp.status_code}")
        data = hub.parse(resp)
        if not isinstance(data, dict) or not isinstance(data.get("changes"), list) or \
                not isinstance(data.get("cursor"), str):
            raise protocol_error(hub.url, QT_TRANSLATE_NOOP(
                "sync", "a change page without changes or cursor"))
        with db.atomic():  # the page and its cursor together, or neither
            apply_changes(st, data["changes"], report)
            outbox.set_state(db, "cursor", data["cursor"])
        if not data.get("more"):
            return


def resync(st: Station, hub: Hub, report: SyncReport, limits: Limits | None = None) -> None:
    """The hub no longer serves our cursor: take its snapshot, page by page, never losing
    local edits (they stay in the outbox and the shadow keeps what was agreed). Each page is
    applied with the place of the next one in one transaction, so a station killed midway
    goes on from there; the change cursor is stored with the last page."""
    db = st.db
    limits = limits or Limits()
    page = outbox.get_state(db, "snapshot_page")
    while True:
        resp = hub.request("GET", f"{API}/stations/{report.station_id}/snapshot",
                           params={"page": page, "limit": limits.snapshot_page}, ok=(200, 410))
        if resp.status_code == 410 and page:
            page = ""  # the hub forgot that snapshot (restarted with a new epoch): anew
            continue
        if resp.status_code != 200:
            raise HubRefused(QT_TRANSLATE_NOOP("errors", "the hub refused {what}: {reason}"),
                             what="snapshot", reason=f"HTTP {resp.status_code}")
        data = hub.parse(resp)
        if not isinstance(data, dict) or not isinstance(data.get("entities"), list) or \
                not isinstance(data.get("cursor"), str):
            raise protocol_error(hub.url, QT_TRANSLATE_NOOP("sync", "a snapshot without entities"))
        more = bool(data.get("more")) and isinstance(data.get("next"), str)
        with db.atomic():
            if not page:
                db.execute("UPDATE sync_shadow SET rev = 0")
            apply_changes(st, data["entities"], report)
            if more:
                outbox.set_state(db, "snapshot_page", str(data["next"]))
            else:
                outbox.set_state(db, "snapshot_page", "")
                outbox.set_state(db, "cursor", data["cursor"])
        if not more:
            break
        page = str(data["next"])
    report.resynced = True
    report.warnings.append(Problem(QT_TRANSLATE_NOOP("sync", "the hub asked for a full "
                                                     "resync; it was done")))


def apply_changes(st: Station, changes: list[Any], report: SyncReport, *,
                  mine: set[str] | None = None) -> None:
    """Apply a page of the change feed (or of a snapshot or a bundle) in the caller's
    transaction. ``mine``: ids of mutations still in this station's outbox; a change that
    one of them made leaves the outbox with it (a bundle carries them)."""
    for ch in changes:
        if not isinstance(ch, dict) or not isinstance(ch.get("entity"), str) or \
                not isinstance(ch.get("entity_id"), str) or not isinstance(ch.get("data"), dict):
            raise protocol_error(st.name, QT_TRANSLATE_NOOP("sync", "a malformed change"))
    db = st.db
    c = outbox.clock(db)
    page = PageApply(st, [(ch["entity"], ch["entity_id"]) for ch in changes])
    downloads: dict[str, tuple[str, str, int]] = {}
    for ch in changes:
        if ch.get("hlc"):
            c.observe(str(ch["hlc"]))
        mid = ch.get("mutation")
        ours = mid if mine is not None and mid in mine else None
        got = page.state(ch["entity"], ch["entity_id"], ch["data"], _dict(ch.get("field_hlc")),
                         ch.get("op") == "delete", int(ch.get("seq") or 0),
                         str(ch.get("hlc") or ""), _list(ch.get("conflicts")),
                         skip_mutation=ours)
        if ours is not None:
            # The hub applied this change of ours (from an earlier bundle): it is done.
            page.sent(ours, ch["entity"], ch["entity_id"])
        report.pulled += 1
        report.conflicts += got.conflicts
        if got.error:
            report.warnings.append(_not_stored(got.error))
        if got.download is not None:
            downloads[got.download[0]] = got.download
    page.finish()
    outbox.save_clock(db, c)
    if downloads:
        db.conn.executemany(
            "INSERT INTO sync_downloads (sha256, ext, size, status) VALUES (?, ?, ?, 'pending')"
            " ON CONFLICT(sha256) DO UPDATE SET status = 'pending'", list(downloads.values()))


def download_media(st: Station, hub: Hub, report: SyncReport, state: TaskState,
                   on_transfer: TransferCallback | None = None) -> None:
    db = st.db
    rows = db.execute("SELECT sha256, ext, size FROM sync_downloads WHERE status = 'pending'"
                      " ORDER BY rowid").fetchall()
    start_bytes = hub.bytes_down
    total = sum(r[2] for r in rows) or 1
    done = 0
    meter = Meter("down", total)
    state = _metered(state, meter, lambda: hub.bytes_down - start_bytes, on_transfer)
    for sha, ext, size in rows:
        state.check()
        if st.store.has(sha, ext):
            db.execute("UPDATE sync_downloads SET status = 'done' WHERE sha256 = ?", [sha])
            continue
        try:
            media.fetch_asset(st, hub, sha, ext, size, state.child(done / total, size / total))
        except SyncError as exc:
            db.execute("UPDATE sync_downloads SET attempts = attempts + 1, last_error = ?"
                       " WHERE sha256 = ?", [str(exc), sha])
            report.errors.append(exc)
            continue
        with db.atomic():
            db.execute("UPDATE sync_downloads SET status = 'done' WHERE sha256 = ?", [sha])
            # Already uploaded by whoever made it: nothing to send back.
            db.execute("INSERT OR IGNORE INTO sync_uploads (sha256, size, hub, status,"
                       " created_at, updated_at) VALUES (?, ?, ?, 'committed', datetime(),"
                       " datetime())", [sha, size, hub.url])
        report.downloaded += 1
        done += size
