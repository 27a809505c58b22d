"""The approval workflow: draft -> submitted -> approved | rejected (with a comment) ->
published. Editors submit, the chief approves (Right.SCHEDULE_APPROVE; admins do not).

Approval locks the revision and seals it: the canonical JSON of its content (every slot
with the hash of its file) is stored, and SHA-256 over that content, the approver and the
time is written to the schedule and to the audit log; the approver signs it with their
Ed25519 key (station/schedule/signing.py). :func:`verify_seal` proves later that neither the
schedule, nor its signature, nor its audit entry (nor, re-hashed, its files) was changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from station import audit
from station.changes import Changes
from station.clock import now_iso
from station.errors import QT_TRANSLATE_NOOP, AuthError, StationError, ValidationError
from station.ids import uuid7
from station.outbox import note, note_many
from station.rights import Right
from station.schedule import signing
from station.schedule.checks import CheckReport, check_loaded
from station.schedule.diff import Diff
from station.schedule.diff import diff as diff_revisions
from station.schedule.edits import conflict_error, locked_error
from station.schedule.model import (
    Schedule,
    ScheduleBlocked,
    canonical_json,
    content_of,
    headers,
    load,
    seal_of,
    sha256_text,
)
from station.station import Station
from station.text import nfc


class SealBroken(StationError):
    """The approved schedule no longer matches its seal (params: reasons)."""


@dataclass(frozen=True)
class Decision:
    schedule_id: str
    decision: str  # 'approved' or 'rejected'
    by: str
    at: str
    comment: str
    seal: str | None
    report: CheckReport

    def to_json_dict(self) -> dict[str, Any]:
        return {"schedule_id": self.schedule_id, "decision": self.decision, "by": self.by,
                "at": self.at, "comment": self.comment, "seal": self.seal,
                "check": self.report.to_json_dict()}


def _conflict(st: Station, sched: Schedule, expected: int | None) -> None:
    if expected is not None and expected != sched.version:
        raise conflict_error(st, sched.updated_by, sched.updated_at, sched.version, expected)


def _blocked(report: CheckReport) -> ScheduleBlocked:
    return ScheduleBlocked(
        QT_TRANSLATE_NOOP("errors", "the schedule has {count} problem(s) to fix first: {first}"),
        report.errors, count=len(report.errors), first=report.errors[0].message)


def _moved_on(st: Station, schedule_id: str, expected: int) -> Exception:
    sched = load(st, schedule_id)
    if sched.version != expected:
        return conflict_error(st, sched.updated_by, sched.updated_at, sched.version, expected)
    return locked_error(sched.status)


def submit(st: Station, schedule_id: str, *, expected_version: int | None = None,
           now: datetime | None = None) -> tuple[CheckReport, Changes]:
    """Send a draft to the chief. Refused (ScheduleBlocked, with every problem) while the
    checks or the rules find errors; the warnings go with it."""
    st.require(Right.SCHEDULE_SUBMIT, "submit schedule")
    sched = load(st, schedule_id)
    _conflict(st, sched, expected_version)
    if not sched.editable:
        raise locked_error(sched.status)
    report = check_loaded(st, sched, now=now)
    if not report.ok:
        raise _blocked(report)
    at = now_iso()
    with st.db.atomic():
        cur = st.db.execute(
            "UPDATE schedules SET status = 'submitted', version = version + 1, submitted_at = ?,"
            " submitted_by = ?, updated_at = ?, updated_by = ? WHERE id = ? AND version = ?"
            " AND status IN ('draft', 'rejected')",
            [at, st.actor, at, st.actor, schedule_id, sched.version])
        if cur.rowcount == 0:
            raise _moved_on(st, schedule_id, sched.version)
        st.db.execute("INSERT INTO schedule_reviews (id, schedule_id, submitted_at, submitted_by)"
                      " VALUES (?, ?, ?, ?)", [uuid7(), schedule_id, at, st.actor])
        note(st, "schedule", schedule_id)  # queued for the hub with the change
        st.audit("schedule.submit", "schedule", schedule_id, {
            "revision": sched.revision, "version": sched.version + 1,
            "content_sha256": sha256_text(canonical_json(content_of(st, sched))),
            "warnings": [p.code for p in report.warnings]})
    return report, Changes(schedule=True, audit=True)


def withdraw(st: Station, schedule_id: str) -> Changes:
    """Take a submitted schedule back to draft, to change it before the chief decides."""
    st.require(Right.SCHEDULE_SUBMIT, "withdraw schedule")
    at = now_iso()
    with st.db.atomic():
        cur = st.db.execute("UPDATE schedules SET status = 'draft', version = version + 1,"
                            " updated_at = ?, updated_by = ? WHERE id = ? AND status = 'submitted'",
                            [at, st.actor, schedule_id])
        if cur.rowcount == 0:
            raise locked_error(load(st, schedule_id).status)
        st.db.execute("UPDATE schedule_reviews SET decided_at = ?, decided_by = ?,"
                      " decision = 'withdrawn' WHERE schedule_id = ? AND decided_at IS NULL",
                      [at, st.actor, schedule_id])
        note(st, "schedule", schedule_id)
        st.audit("schedule.withdraw", "schedule", schedule_id)
    return Changes(schedule=True, audit=True)


def decide(st: Station, schedule_id: str, approve: bool, comment: str = "", *,
           expected_version: int | None = None, now: datetime | None = None,
           password: str | None = None) -> tuple[Decision, Changes]:
    """The chief's decision in one call: approve (locks, seals and signs with the chief's key,
    opened by ``password`` or by the password of this session's login) or reject (a comment
    says why). A user without the right is refused and the refusal audited."""
    st.require(Right.SCHEDULE_APPROVE, "approve schedule" if approve else "reject schedule")
    comment = nfc(comment)
    if not approve and not comment:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "say why the schedule is rejected"))
    sched = load(st, schedule_id)
    _conflict(st, sched, expected_version)
    if sched.status != "submitted":
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "only a submitted schedule can be "
                                                          "approved or rejected (this one is "
                                                          "{status})"), status=sched.status)
    report = check_loaded(st, sched, now=now)
    if approve and not report.ok:
        raise _blocked(report)
    at = now_iso()
    seal = content_json = None
    signed: signing.Signature | None = None
    if approve:
        content_json = canonical_json(content_of(st, sched))
        seal = seal_of(content_json, st.actor, at)
        try:
            signed = signing.sign(st, sched, content_json, seal, at, password)
        except AuthError:
            st.audit("schedule.sign_failed", "schedule", schedule_id)
            raise
    status = "approved" if approve else "rejected"
    with st.db.atomic():
        cur = st.db.execute(
            "UPDATE schedules SET status = ?, version = version + 1, decided_at = ?,"
            " decided_by = ?, comment = ?, sealed_content = ?, seal = ?, signature = ?,"
            " signed_payload = ?, signing_key_id = ?, updated_at = ?,"
            " updated_by = ? WHERE id = ? AND version = ? AND status = 'submitted'",
            [status, at, st.actor, comment, content_json, seal,
             signed.signature if signed else None, signed.payload if signed else None,
             signed.key.id if signed else None, at, st.actor, schedule_id, sched.version])
        if cur.rowcount == 0:
            raise _moved_on(st, schedule_id, sched.version)
        if approve:
            st.db.execute("UPDATE schedules SET status = 'superseded' WHERE series_id = ?"
                          " AND id <> ? AND status IN ('approved', 'published')",
                          [sched.series_id, schedule_id])
        st.db.execute("UPDATE schedule_reviews SET decided_at = ?, decided_by = ?, decision = ?,"
                      " comment = ?, seal = ? WHERE schedule_id = ? AND decided_at IS NULL",
                      [at, st.actor, status, comment, seal, schedule_id])
        if signed is not None:  # the hub checks the signature with the approver's key
            note(st, "user_key", signed.key.id)
        note_many(st, "schedule", [schedule_id, *(r[0] for r in st.db.execute(
            "SELECT id FROM schedules WHERE series_id = ? AND id <> ?",
            [sched.series_id, schedule_id]))])
        detail: dict[str, Any] = {"revision": sched.revision, "series_id": sched.series_id,
                                  "period_start": sched.period_start.isoformat(),
                                  "comment": comment,
                                  "warnings": [p.code for p in report.warnings]}
        if approve:
            assert content_json is not None
            detail |= {"seal": seal, "content_sha256": sha256_text(content_json),
                       "approved_at": at}
            if signed is not None:
                detail |= {"signature": signed.signature, "signing_key_id": signed.key.id}
        st.audit(f"schedule.{'approve' if approve else 'reject'}", "schedule", schedule_id, detail)
    return Decision(schedule_id, status, st.actor, at, comment, seal, report), \
        Changes(schedule=True, audit=True)


def approve(st: Station, schedule_id: str, comment: str = "", *,
            expected_version: int | None = None,
            password: str | None = None) -> tuple[Decision, Changes]:
    return decide(st, schedule_id, True, comment, expected_version=expected_version,
                  password=password)


def reject(st: Station, schedule_id: str, comment: str, *,
           expected_version: int | None = None) -> tuple[Decision, Changes]:
    return decide(st, schedule_id, False, comment, expected_version=expected_version)


# -- the seal -------------------------------------------------------------------------------------
SEAL_REASONS = {
    "not_sealed": QT_TRANSLATE_NOOP("schedule", "the schedule has not been approved"),
    "seal_mismatch": QT_TRANSLATE_NOOP("schedule", "the seal does not match the approved content, "
                                                   "approver and time"),
    "content_changed": QT_TRANSLATE_NOOP("schedule", "the schedule or its media changed after "
                                                     "approval"),
    "not_in_audit": QT_TRANSLATE_NOOP("schedule", "the audit log has no approval with this seal"),
    "audit_broken": QT_TRANSLATE_NOOP("schedule", "the audit log's chain is broken"),
    "unsigned": QT_TRANSLATE_NOOP("schedule", "the approval is not signed"),
    "bad_signature": QT_TRANSLATE_NOOP("schedule", "the approver's signature does not match"),
    "wrong_key": QT_TRANSLATE_NOOP("schedule", "the signature was not made with the approver's "
                                               "key"),
    "payload_mismatch": QT_TRANSLATE_NOOP("schedule", "what was signed is not this schedule's "
                                                      "approval"),
    "file_changed": QT_TRANSLATE_NOOP("schedule", "a file the schedule airs changed after "
                                                  "approval"),
    "file_missing": QT_TRANSLATE_NOOP("schedule", "a file the schedule airs is missing"),
}


@dataclass(frozen=True)
class SealCheck:
    schedule_id: str
    seal: str | None
    reasons: tuple[str, ...]  # codes of SEAL_REASONS; empty: the seal holds
    audit_seq: int | None
    signed_by: str | None = None  # the approver whose signature holds (None: unsigned or bad)
    files: tuple[signing.FileProblem, ...] = ()  # files changed or missing (when re-hashed)
    files_checked: bool = False

    @property
    def ok(self) -> bool:
        return not self.reasons

    def to_json_dict(self) -> dict[str, Any]:
        return {"schedule_id": self.schedule_id, "ok": self.ok, "seal": self.seal,
                "reasons": [SEAL_REASONS[r] for r in self.reasons], "codes": list(self.reasons),
                "audit_seq": self.audit_seq, "signed_by": self.signed_by,
                "files_checked": self.files_checked,
                "files": [f.to_json_dict() for f in self.files]}


def verify_seal(st: Station, schedule_id: str, *, rehash: bool = False) -> SealCheck:
    """Recompute the seal, check the approver's signature, compare the content with today's
    rows, find the audit entry and (``rehash``) re-hash every file the schedule airs."""
    st.require(Right.LIBRARY_VIEW, "verify schedule seal")
    sched = load(st, schedule_id)
    row = st.db.execute("SELECT sealed_content FROM schedules WHERE id = ?",
                        [schedule_id]).fetchone()
    sealed = row[0] if row else None
    if not sched.seal or not sealed or not sched.decided_by or not sched.decided_at:
        return SealCheck(schedule_id, sched.seal, ("not_sealed",), None)
    reasons = []
    if seal_of(sealed, sched.decided_by, sched.decided_at) != sched.seal:
        reasons.append("seal_mismatch")
    if canonical_json(content_of(st, sched)) != sealed:
        reasons.append("content_changed")
    seq = None
    for found_seq, detail in st.db.execute(
            "SELECT seq, detail FROM audit WHERE action = 'schedule.approve' AND entity_id = ?"
            " ORDER BY seq DESC", [schedule_id]).fetchall():
        if json.loads(detail).get("seal") == sched.seal:
            seq = found_seq
            break
    if seq is None:
        reasons.append("not_in_audit")
    if not audit.verify(st.db).ok:
        reasons.append("audit_broken")
    signature_reasons = signing.check(st, sched, sealed)
    reasons += signature_reasons
    files: list[signing.FileProblem] = signing.check_files(st, sealed) if rehash else []
    reasons += sorted({f"file_{f.problem}" for f in files})
    signed_by = None if signature_reasons or signing.stored(st, schedule_id) is None \
        else sched.decided_by
    return SealCheck(schedule_id, sched.seal, tuple(reasons), seq, signed_by, tuple(files),
                     rehash)


def publish(st: Station, schedule_id: str) -> Changes:
    """Mark an approved schedule as sent to the commune stations (its seal must hold)."""
    st.require(Right.SCHEDULE_SUBMIT, "publish schedule")
    sched = load(st, schedule_id)
    if sched.status == "published":
        return Changes()
    if sched.status != "approved":
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "only an approved schedule can be "
                                                          "published (this one is {status})"),
                              status=sched.status)
    require_seal(st, schedule_id)
    at = now_iso()
    with st.db.atomic():
        st.db.execute("UPDATE schedules SET status = 'published', published_at = ?,"
                      " published_by = ?, version = version + 1 WHERE id = ?"
                      " AND status = 'approved'", [at, st.actor, schedule_id])
        note(st, "schedule", schedule_id)
        st.audit("schedule.publish", "schedule", schedule_id,
                 {"seal": sched.seal, "revision": sched.revision})
    return Changes(schedule=True, audit=True)


def require_seal(st: Station, schedule_id: str, *, rehash: bool = False) -> SealCheck:
    result = verify_seal(st, schedule_id, rehash=rehash)
    if not result.ok:
        raise SealBroken(QT_TRANSLATE_NOOP("errors", "the approved schedule does not match its "
                                                     "seal: {reasons}"),
                         reasons="; ".join(SEAL_REASONS[r] for r in result.reasons))
    return result


# -- the chief's inbox and the review history -------------------------------------------------------
@dataclass(frozen=True)
class InboxEntry:
    schedule: Schedule
    base_id: str | None  # the approved revision it changes, if any
    diff: Diff | None
    report: CheckReport

    def to_json_dict(self, tz: Any) -> dict[str, Any]:
        return {"schedule": self.schedule.to_json_dict(tz, sessions=False),
                "base_id": self.base_id,
                "diff": self.diff.to_json_dict() if self.diff else None,
                "check": self.report.to_json_dict()}


def inbox(st: Station) -> list[InboxEntry]:
    """Submitted schedules, oldest first, each with its diff against the approved revision."""
    st.require(Right.LIBRARY_VIEW, "schedule inbox")
    out = []
    for h in reversed(headers(st, "WHERE status = 'submitted'")):
        sched = load(st, h.id)
        diff = None
        if sched.base_id:
            diff = diff_revisions(st, sched.base_id, sched.id)
        out.append(InboxEntry(sched, sched.base_id, diff, check_loaded(st, sched)))
    return out


def recently_decided(st: Station, limit: int = 15) -> list[Schedule]:
    """Revisions approved, published or rejected lately (headers), the latest decision first."""
    st.require(Right.LIBRARY_VIEW, "schedule inbox")
    decided = headers(st, "WHERE decided_at IS NOT NULL", [], limit=2 * limit)
    decided.sort(key=lambda s: s.decided_at or "", reverse=True)
    return decided[:limit]


@dataclass(frozen=True)
class Review:
    schedule_id: str
    submitted_at: str
    submitted_by: str
    decided_at: str | None
    decided_by: str | None
    decision: str | None
    comment: str
    seal: str | None

    def to_json_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def reviews(st: Station, schedule_id: str) -> list[Review]:
    """Every submission of the series and what became of it, oldest first."""
    st.require(Right.LIBRARY_VIEW, "schedule reviews")
    series = load(st, schedule_id).series_id
    return [Review(*r) for r in st.db.execute(
        "SELECT r.schedule_id, r.submitted_at, r.submitted_by, r.decided_at, r.decided_by,"
        " r.decision, r.comment, r.seal FROM schedule_reviews r"
        " JOIN schedules s ON s.id = r.schedule_id WHERE s.series_id = ?"
        " ORDER BY r.submitted_at", [series]).fetchall()]

