"""Templates for recurring programmes: the slots of a rundown, each with its kind, title,
target length and, for jingles and beds, a default item (the station's jingle).

The built-in "Bản tin thời sự 30 phút" is defined here, not stored: every station has it
and an upgrade can improve it. A station's own templates live in ``programme_templates``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from station.changes import Changes
from station.clock import now_iso
from station.errors import QT_TRANSLATE_NOOP, NotFound, ValidationError
from station.ids import uuid7
from station.programmes import rundowns as programmes
from station.programmes.rundowns import SEGMENT_KINDS, SEGUES, Programme
from station.rights import Right
from station.station import Station
from station.text import fold as search_fold
from station.text import name_key, nfc

BUILTIN_PREFIX = "builtin:"
JINGLE_CATEGORY = "Nhạc hiệu"  # where the station keeps its jingles (settings.CATEGORIES)
STATION_JINGLE = "station_jingle"  # a slot default: the station's newest jingle


@dataclass(frozen=True)
class TemplateSlot:
    kind: str
    title: str
    target_s: float | None = None
    item_id: str | None = None  # a fixed item
    default: str | None = None  # STATION_JINGLE: the newest item in the jingle category
    segue: str = "butt"
    segue_s: float = 0.0
    bed_under: int = 0

    def to_json_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "title": self.title, "target_s": self.target_s,
                "item_id": self.item_id, "default": self.default, "segue": self.segue,
                "segue_s": self.segue_s, "bed_under": self.bed_under}


@dataclass(frozen=True)
class ProgrammeTemplate:
    id: str
    name: str
    target_s: float | None
    slots: tuple[TemplateSlot, ...]
    builtin: bool = False

    def to_json_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "target_s": self.target_s,
                "builtin": self.builtin, "slots": [s.to_json_dict() for s in self.slots]}


# The daily 30-minute news of a commune station: 30 min exactly when every slot is on time.
NEWS_30 = ProgrammeTemplate(
    f"{BUILTIN_PREFIX}thoi-su-30", "Bản tin thời sự 30 phút", 1800.0, (
        TemplateSlot("jingle", "Nhạc hiệu mở đầu", 30.0, default=STATION_JINGLE),
        TemplateSlot("link", "Điểm tin", 120.0),
        TemplateSlot("news", "Tin thứ nhất", 450.0),
        TemplateSlot("news", "Tin thứ hai", 450.0),
        TemplateSlot("news", "Tin thứ ba", 450.0),
        TemplateSlot("news", "Dự báo thời tiết", 180.0),
        TemplateSlot("link", "Lời chào kết", 90.0),
        TemplateSlot("jingle", "Nhạc hiệu kết thúc", 30.0, default=STATION_JINGLE),
    ), builtin=True)
BUILTINS = (NEWS_30,)


def _slot(data: dict[str, Any]) -> TemplateSlot:
    kind = str(data.get("kind", ""))
    if kind not in SEGMENT_KINDS:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown segment kind: {kind}"),
                              kind=kind)
    segue = str(data.get("segue") or "butt")
    if segue not in SEGUES:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown transition: {segue}"),
                              segue=segue)
    target = data.get("target_s")
    return TemplateSlot(kind, nfc(str(data.get("title") or "")),
                        None if target is None else float(target), data.get("item_id") or None,
                        data.get("default") or None, segue, float(data.get("segue_s") or 0),
                        int(data.get("bed_under") or 0))


def list_templates(st: Station) -> list[ProgrammeTemplate]:
    """The built-in templates, then the station's own by name."""
    st.require(Right.STUDIO_USE, "list programme templates")
    own = [ProgrammeTemplate(r[0], r[1], r[2], tuple(_slot(s) for s in json.loads(r[3])))
           for r in st.db.execute("SELECT id, name, target_s, body FROM programme_templates"
                                  " ORDER BY name_key").fetchall()]
    return [*BUILTINS, *own]


def get_template(st: Station, template_id: str) -> ProgrammeTemplate:
    for t in list_templates(st):
        if t.id == template_id:
            return t
    raise NotFound(QT_TRANSLATE_NOOP("errors", "no programme template with id {id}"),
                   id=template_id)


def station_jingle(st: Station) -> str | None:
    """The newest audio item in the jingle category (folded: 'nhac hieu' matches too)."""
    want = search_fold(JINGLE_CATEGORY)
    for item_id, category in st.db.execute(
            "SELECT id, category FROM items WHERE kind IN ('audio','video') AND category != ''"
            " AND id NOT IN (SELECT item_id FROM item_bin)"  # a binned jingle is not picked
            " ORDER BY created_at DESC, id DESC").fetchall():
        if search_fold(category) == want:
            return str(item_id)
    return None


def programme_from_template(st: Station, template_id: str, title: str | None = None,
                            ) -> tuple[Programme, Changes]:
    """A new rundown with one segment per slot: defaults filled in, the rest to choose."""
    st.require(Right.STUDIO_USE, "create programme")
    tpl = get_template(st, template_id)
    jingle = station_jingle(st) if any(s.default == STATION_JINGLE for s in tpl.slots) \
        else None
    fixed = [s.item_id for s in tpl.slots if s.item_id]
    alive = {r[0] for r in st.db.execute(
        f"SELECT id FROM items WHERE id IN ({', '.join('?' for _ in fixed)})", fixed)} \
        if fixed else set()
    with st.db.atomic():
        prog, changes = programmes.create_programme(st, title or tpl.name,
                                                    target_s=tpl.target_s,
                                                    template_id=tpl.id)
        for slot in tpl.slots:
            item = slot.item_id if slot.item_id in alive else \
                (jingle if slot.default == STATION_JINGLE else None)
            programmes.add_segment(st, prog.id, slot.kind, title=slot.title, item_id=item,
                                   planned_s=slot.target_s, segue=slot.segue,
                                   segue_s=slot.segue_s, bed_under=slot.bed_under)
    return programmes.load(st, prog.id), changes


def save_as_template(st: Station, programme_id: str, name: str) -> tuple[ProgrammeTemplate,
                                                                        Changes]:
    """Keep a rundown's shape as a template: its slots with their lengths; jingles and beds
    keep their item (the next edition plays the same), the rest is chosen each time."""
    st.require(Right.STUDIO_USE, "save programme template")
    name = nfc(name)
    if not name:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "a template needs a name"))
    prog, timing = programmes.back_time(st, programme_id)
    slots = tuple(
        TemplateSlot(s.kind, s.title, round(t.length_s if not s.runs_under else t.audio_s, 3)
                     or s.planned_s,
                     s.item_id if s.kind in ("jingle", "bed") else None, None, s.segue,
                     s.segue_s, s.bed_under)
        for s, t in zip(prog.segments, timing.segments, strict=True))
    tid, now = uuid7(), now_iso()
    body = json.dumps([s.to_json_dict() for s in slots], ensure_ascii=False)
    with st.db.atomic():
        if st.db.execute("SELECT 1 FROM programme_templates WHERE name_key = ?",
                         [name_key(name)]).fetchone() or \
                any(name_key(b.name) == name_key(name) for b in BUILTINS):
            raise ValidationError(QT_TRANSLATE_NOOP("errors", "there is already a template "
                                                              "called “{name}”"), name=name)
        st.db.execute("INSERT INTO programme_templates (id, name, name_key, target_s, body,"
                      " created_at, created_by, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                      [tid, name, name_key(name), prog.target_s, body, now, st.actor, now])
        st.audit("programme_template.create", "programme_template", tid,
                 {"name": name, "from": programme_id})
    return ProgrammeTemplate(tid, name, prog.target_s, slots), Changes(studio=True, audit=True)
