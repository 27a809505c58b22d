"""The playout's settings as one value: read for the Settings page, checked and saved in one
transaction with an audit entry (the outputs themselves are listed by media.playout.output,
off the GUI thread)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from station import settings
from station.changes import Changes
from station.errors import QT_TRANSLATE_NOOP, ValidationError
from station.rights import Right
from station.station import Station

MAX_DEAD_AIR_S = 600.0


@dataclass(frozen=True)
class PlayoutSettings:
    device: str  # '' : the system default output
    dead_air_s: float
    filler_item: str  # item id; '' : none
    alarm: bool
    alert_device: str  # '' : the system default output; 'none': no audible alarm
    tts_voice: str


@dataclass(frozen=True)
class FillerChoice:
    item_id: str
    title: str
    duration_s: float | None


def read(st: Station) -> PlayoutSettings:
    db = st.db
    return PlayoutSettings(settings.PLAYOUT_DEVICE.get(db), settings.PLAYOUT_DEAD_AIR_S.get(db),
                           settings.PLAYOUT_FILLER_ITEM.get(db), settings.PLAYOUT_ALARM.get(db),
                           settings.PLAYOUT_ALERT_DEVICE.get(db),
                           settings.PLAYOUT_TTS_VOICE.get(db))


def filler_choices(st: Station, query: str = "", limit: int = 200) -> list[FillerChoice]:
    """Library items that can fill (audio with a file), by title; the current filler first
    whatever the query, so the page can always show it."""
    st.require(Right.LIBRARY_VIEW, "list filler items")
    current = settings.PLAYOUT_FILLER_ITEM.get(st.db)
    rows = st.db.execute(
        "SELECT id, title, duration_s FROM items WHERE kind = 'audio'"
        " AND asset_sha256 IS NOT NULL AND (title LIKE ? OR id = ?)"
        " AND id NOT IN (SELECT item_id FROM item_bin)"  # binned: out of pickers
        " ORDER BY id = ? DESC, title LIMIT ?",
        [f"%{query.strip()}%", current, current, limit]).fetchall()
    return [FillerChoice(r[0], r[1], r[2]) for r in rows]


def save(st: Station, value: PlayoutSettings) -> Changes:
    """Check and store every playout setting (the running playout uses them at its next
    start)."""
    from media.tts import ESPEAK_VOICES

    st.require(Right.SETTINGS_MANAGE, "change playout settings")
    if not math.isfinite(value.dead_air_s) or not 0 < value.dead_air_s <= MAX_DEAD_AIR_S:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "errors", "the dead-air time must be between 0 and {max} seconds"),
            max=f"{MAX_DEAD_AIR_S:g}")
    if value.tts_voice not in {v.id for v in ESPEAK_VOICES}:
        raise ValidationError(QT_TRANSLATE_NOOP("errors", "unknown voice: {voice}"),
                              voice=value.tts_voice)
    if value.filler_item:
        row = st.db.execute("SELECT kind, asset_sha256 FROM items WHERE id = ?",
                            [value.filler_item]).fetchone()
        if row is None or row[0] != "audio" or not row[1]:
            raise ValidationError(QT_TRANSLATE_NOOP(
                "errors", "the filler must be an audio item of the library"))
    if value.alert_device and value.alert_device == value.device:
        raise ValidationError(QT_TRANSLATE_NOOP(
            "errors", "the alarm cannot sound on the on-air output: choose another output"))
    with st.db.atomic():
        settings.PLAYOUT_DEVICE.set(st.db, value.device)
        settings.PLAYOUT_DEAD_AIR_S.set(st.db, float(value.dead_air_s))
        settings.PLAYOUT_FILLER_ITEM.set(st.db, value.filler_item)
        settings.PLAYOUT_ALARM.set(st.db, bool(value.alarm))
        settings.PLAYOUT_ALERT_DEVICE.set(st.db, value.alert_device)
        settings.PLAYOUT_TTS_VOICE.set(st.db, value.tts_voice)
        st.audit("settings.playout", "setting", "playout", asdict(value))
    return Changes(settings=True, audit=True)
