"""Ready-made views of schedules for the CLI (`station schedule list|show`, text or --json)
and for anything else that wants one revision with its timing, problems and seal at once.
The text form is English, like the rest of the CLI; dates dd/MM/yyyy, 24-hour times."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from station.clock import fmt_date, fmt_duration, fmt_moment, fmt_period, fmt_time, zone
from station.rights import Right
from station.schedule.approval import verify_seal
from station.schedule.checks import check_loaded
from station.schedule.interchange import session_fields, slot_fields
from station.schedule.model import load
from station.schedule.periods import list_schedules
from station.schedule.signing import seal_json
from station.schedule.timing import time_schedule
from station.station import Station


def list_json(st: Station, *, start: str | date | None = None, end: str | date | None = None,
              status: str | None = None) -> list[dict[str, Any]]:
    tz = zone(st)
    return [s.to_json_dict(tz, sessions=False)
            for s in list_schedules(st, start=start, end=end, status=status)]


def list_text(st: Station, *, start: str | date | None = None, end: str | date | None = None,
              status: str | None = None) -> str:
    tz = zone(st)
    lines = []
    for s in list_schedules(st, start=start, end=end, status=status):
        lines.append(f"{s.id}  {fmt_period(s.period_start, s.period_end)}  "
                     f"r{s.revision}  {s.status:<10} v{s.version}  {s.session_count} sessions, "
                     f"{s.slot_count} slots  {fmt_moment(s.updated_at, tz)} {s.updated_by}")
    return "\n".join(lines) + ("\n" if lines else "")


def show_json(st: Station, schedule_id: str, *, now: datetime | None = None) -> dict[str, Any]:
    """The revision with each session's back-timing, the check report and the seal check."""
    st.require(Right.LIBRARY_VIEW, "view schedule")
    tz = zone(st)
    sched = load(st, schedule_id)
    out = sched.to_json_dict(tz, sessions=False)
    out["week"] = sched.period_start.isoformat()  # with the fields below: `schedule import` input
    out["sessions"] = [{**t.to_json_dict(tz), **session_fields(x, tz),
                        "slots": [{**ts.to_json_dict(tz), **slot_fields(s)}
                                  for ts, s in zip(t.slots, x.slots, strict=True)]}
                       for t, x in zip(time_schedule(st, sched), sched.sessions, strict=True)]
    out["check"] = check_loaded(st, sched, now=now).to_json_dict()
    out["seal"] = seal_json(st, sched)  # the hash, and the approver's signature with its key
    out["seal_check"] = verify_seal(st, schedule_id).to_json_dict() if sched.seal else None
    return out


def verify_json(st: Station, schedule_id: str) -> dict[str, Any]:
    """`schedule verify`: the seal, the signature and every file re-hashed."""
    sched = load(st, schedule_id)
    return {**verify_seal(st, schedule_id, rehash=True).to_json_dict(),
            "seal": seal_json(st, sched), "status": sched.status}


def verify_text(found: dict[str, Any]) -> str:
    seal = found["seal"] or {}
    if found["ok"]:
        lines = [f"seal ok: {found['seal'] and found['seal']['sha256']}"]
        if seal.get("signed_by"):
            lines.append(f"signed by {seal['signed_by']} (key {seal.get('key_version')}, "
                         f"public key {seal['public_key']})")
        else:
            lines.append("unsigned (approved before this station signed approvals)")
    else:
        lines = ["seal BROKEN:"] + [f"  - {r}" for r in found["reasons"]]
        lines += [f"  file {f['problem']}: {f['sha256']} {f['path']}" for f in found["files"]]
    return "\n".join(lines) + "\n"


def show_text(st: Station, schedule_id: str, *, now: datetime | None = None) -> str:
    st.require(Right.LIBRARY_VIEW, "view schedule")
    tz = zone(st)
    sched = load(st, schedule_id)
    lines = [f"{fmt_period(sched.period_start, sched.period_end)}  {sched.title}".rstrip(),
             f"revision {sched.revision}, {sched.status}, version {sched.version}"]
    if sched.decided_at:
        lines.append(f"{sched.status} by {sched.decided_by} at "
                     f"{fmt_moment(sched.decided_at, tz)}" +
                     (f": {sched.comment}" if sched.comment else ""))
    if sched.seal:
        signed = seal_json(st, sched) or {}
        lines.append(f"seal {sched.seal}" + (f", signed by {signed['signed_by']}"
                                             if signed.get("signed_by") else ", unsigned"))
    day = None
    for t in time_schedule(st, sched):
        local = t.starts_at.astimezone(tz)
        if local.date() != day:
            day = local.date()
            lines.append("")
            lines.append(fmt_date(day))
        run = {"over": f"  over by {fmt_duration(t.over_s)}",
               "under": f"  {fmt_duration(-t.over_s)} left"}.get(t.status, "")
        lines.append(f"  {fmt_time(t.starts_at, tz)}–{fmt_time(t.ends_at, tz)}  {t.title}{run}")
        for s in t.slots:
            marks = [m for m in (s.kind, s.priority) if m not in ("item", "normal")]
            marks += list(s.flags)
            extra = f"  [{', '.join(marks)}]" if marks else ""
            approx = "~" if s.estimated else " "
            lines.append(f"    {fmt_time(s.starts_at, tz, seconds=True)} {approx}"
                         f"{fmt_duration(s.duration_s):>7}  {s.title}{extra}")
    report = check_loaded(st, sched, now=now)
    if report.problems:
        lines.append("")
        for p in report.problems:
            lines.append(f"{p.severity}: {p.message}")
    return "\n".join(lines) + "\n"
