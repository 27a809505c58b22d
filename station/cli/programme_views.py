"""Programmes for the command line: `station programme list|show|render`, as JSON or text.

Each command is a ``*_json`` function (the data, for scripts and checks) and a ``*_text``
function that prints that same data for a person, so the two never disagree.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from station.clock import fmt_duration
from station.programmes import render as programme_render
from station.programmes import rundowns as programmes
from station.station import Station

# Back-timing to a tenth of a second; "-" for a length not known yet.
_clock = partial(fmt_duration, decimals=1, unknown="-")


def list_json(st: Station) -> list[dict[str, Any]]:
    out = []
    for prog in programmes.list_programmes(st):
        row = prog.to_json_dict()
        row.pop("segments", None)
        row["render_stale"] = prog.render_stale
        out.append(row)
    return out


def list_text(rows: list[dict[str, Any]]) -> str:
    lines = []
    for r in rows:
        state = "not rendered" if not r["rendered_item_id"] else \
            "rendered, changed since" if r["render_stale"] else "rendered"
        lines.append(f"{r['id']} {r['title']} (target {_clock(r['target_s'])}, {state})")
    return "\n".join(lines) or "no programmes"


def show_json(st: Station, programme_id: str) -> dict[str, Any]:
    """The rundown, its back-timing and whatever stops it from rendering now."""
    prog = programmes.get_programme(st, programme_id)
    facts = programmes.item_facts(st, prog)
    out = prog.to_json_dict()
    out["render_stale"] = prog.render_stale
    out["timing"] = programmes.time_programme(prog, facts).to_json_dict()
    out["problems"] = [{"template": p.template, "params": p.params, "message": str(p)}
                       for p in programme_render.problems(st, prog, facts)]
    return out


def show_text(found: dict[str, Any]) -> str:
    timing = found["timing"]
    over = timing["over_s"]
    head = f"{found['title']}: {_clock(timing['total_s'])}"
    if over is not None:
        head += f" ({'over' if over > 0 else 'under'} the target by {_clock(abs(over))})"
    lines = [head]
    for n, (seg, t) in enumerate(zip(found["segments"], timing["segments"], strict=True), 1):
        lines.append(f"  {n:>2}. {_clock(t['start_s']):>8}  "
                     f"{_clock(t['length_s']):>7}  {seg['kind']:<10} {seg['title']}")
    lines += [f"  cannot render: {p['message']}" for p in found["problems"]]
    return "\n".join(lines)


def render_json(st: Station, programme_id: str) -> dict[str, Any]:
    result, _ = programme_render.render_programme(st, programme_id)
    return result.to_json_dict()


def render_text(found: dict[str, Any]) -> str:
    lufs = found["integrated_lufs"]
    item = found["item"]
    return (f"{item['id']} {item['title']} ({_clock(item['duration_s'])}, "
            f"{'-' if lufs is None else f'{lufs:.1f}'} LUFS)")
