"""Station settings, declared once with their types and defaults, stored as JSON rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlite_utils

T = TypeVar("T")


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    default: T

    def get(self, db: sqlite_utils.Database) -> T:
        row = db.execute("SELECT value FROM settings WHERE key = ?", [self.key]).fetchone()
        if row is None:
            return self.default
        value = json.loads(row[0])
        if isinstance(self.default, float) and isinstance(value, int) and \
                not isinstance(value, bool):
            return float(value)  # type: ignore[return-value]  # JSON writes 2.0 as 2
        return value if isinstance(value, type(self.default)) else self.default

    def set(self, db: sqlite_utils.Database, value: T) -> None:
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [self.key, json.dumps(value, ensure_ascii=False)],
        )


STATION_NAME = Option("station.name", "")
STATION_ID = Option("station.id", "")
LANGUAGE = Option("ui.language", "vi")  # 'vi' or 'en'
LOUDNESS_TARGET_LUFS = Option("audio.loudness_target_lufs", -23.0)
TRUE_PEAK_LIMIT_DBTP = Option("audio.true_peak_limit_dbtp", -1.0)
TIMEZONE = Option("station.timezone", "Asia/Ho_Chi_Minh")
# Library categories: the essential-information groups of grassroots information work
# (Decree 49/2024/NĐ-CP) first, then the station's own; stations edit the list.
CATEGORIES = Option("library.categories", [
    "Chủ trương, chính sách, pháp luật",
    "Phòng, chống thiên tai, dịch bệnh, sự cố",
    "An ninh, trật tự, an toàn xã hội",
    "Kinh tế, văn hóa, xã hội địa phương",
    "Gương người tốt, việc tốt",
    "Kiến thức khoa học, kỹ thuật, sản xuất",
    "Thông báo của chính quyền",
    "Thời sự", "Thời tiết", "Y tế", "Âm nhạc", "Nhạc hiệu", "Kỹ thuật",
])

# Archive care (station/library/archive.py): how long items are kept before they may be purged.
RETENTION_AIRED_MONTHS = Option("archive.retention_aired_months", 6)  # after the last airing
RETENTION_UNAIRED_MONTHS = Option("archive.retention_unaired_months", 12)  # never aired: after import
RETENTION_TEMPORARY_DAYS = Option("archive.retention_temporary_days", 30)
# Watched import folders (station/library/watch.py): [{"path": ..., "category": ...}, ...]
WATCH_FOLDERS: Option[list[dict[str, str]]] = Option("import.watch_folders", [])

# Broadcast schedule (station/schedule*.py).
# The province whose rules apply (schedule_rules.province); '' : only the station's own rules.
SCHEDULE_PROVINCE = Option("schedule.province", "")
# Sessions of a new week made without a template: every day, local clock times.
SCHEDULE_DEFAULT_SESSIONS: Option[list[dict[str, Any]]] = Option("schedule.default_sessions", [
    {"start": "05:30", "minutes": 30, "title": "Buổi sáng"},
    {"start": "17:00", "minutes": 30, "title": "Buổi chiều"},
])
# Loudness check before submit: an item's air loudness may stray this far from the target.
SCHEDULE_LOUDNESS_TOLERANCE_LU = Option("schedule.loudness_tolerance_lu", 2.0)
# Besides the chief, the users (usernames) who may confirm an emergency bulletin.
SCHEDULE_EMERGENCY_CONFIRMERS: Option[list[str]] = Option("schedule.emergency_confirmers", [])
# As-run compare: how far (seconds) from its planned start an airing still counts as the slot.
SCHEDULE_ASRUN_TOLERANCE_S = Option("schedule.asrun_tolerance_s", 600.0)

# Sync with the provincial hub (sync/). The token is not a setting: it lives in the OS keyring.
SYNC_HUB_URL = Option("sync.hub_url", "")
SYNC_BANDWIDTH_CAP_KBPS = Option("sync.bandwidth_cap_kbps", 0)  # kilobits/s each way; 0: no cap
SYNC_STALL_TIMEOUT_S = Option("sync.stall_timeout_s", 60.0)  # no byte moving this long: retry
# Minutes between scheduled syncs; fractions allowed (the service waits at least 5 s).
SYNC_INTERVAL_MIN = Option("sync.interval_min", 5.0)
SYNC_UPLOAD_HOURS: Option[list[str]] = Option("sync.upload_hours", [])  # ["22:00-05:00"]; []: any time
SYNC_VERIFY_TLS = Option("sync.verify_tls", True)
# A provincial CA (PEM file) trusted for the hub besides the system's: `station sync --ca-file`.
SYNC_CA_FILE = Option("sync.ca_file", "")
# Outside relay feeds (sync/feeds.py): the largest episode a feed may bring, in MB; what a feed
# or a server declares cannot raise it (the bytes received are counted).
RELAY_MAX_ENCLOSURE_MB = Option("relay.max_enclosure_mb", 500.0)

# On-air playout (station/playout/runner.py).
PLAYOUT_DEVICE = Option("playout.device", "")  # output description; '': the default output
PLAYOUT_DEAD_AIR_S = Option("playout.dead_air_s", 10.0)  # silence on air this long: alarm
PLAYOUT_FILLER_ITEM = Option("playout.filler_item", "")  # item id played after a failure
PLAYOUT_ALARM = Option("playout.alarm", True)  # sound the alarm at the station PC
PLAYOUT_SEGUE_S = Option("playout.segue_s", 0.0)  # crossfade between items; 0: gapless
PLAYOUT_TTS_VOICE = Option("playout.tts_voice", "bac")  # media/tts.py voice for text bulletins
# Where the alarm tone sounds (never the on-air output): an output description; '' : the
# system default output; 'none': no audible alarm.
PLAYOUT_ALERT_DEVICE = Option("playout.alert_device", "")
# The service plays the published schedule unless an operator stopped it (and said so in the
# audit); it stays stopped across restarts until someone starts it again.
PLAYOUT_ON_AIR = Option("playout.on_air", True)

ALL: tuple[Option[Any], ...] = (STATION_NAME, STATION_ID, LANGUAGE, LOUDNESS_TARGET_LUFS,
                                TRUE_PEAK_LIMIT_DBTP, TIMEZONE, CATEGORIES,
                                RETENTION_AIRED_MONTHS, RETENTION_UNAIRED_MONTHS,
                                RETENTION_TEMPORARY_DAYS, WATCH_FOLDERS,
                                SCHEDULE_PROVINCE, SCHEDULE_DEFAULT_SESSIONS,
                                SCHEDULE_LOUDNESS_TOLERANCE_LU,
                                SCHEDULE_EMERGENCY_CONFIRMERS,
                                SCHEDULE_ASRUN_TOLERANCE_S,
                                SYNC_HUB_URL, SYNC_BANDWIDTH_CAP_KBPS, SYNC_STALL_TIMEOUT_S,
                                SYNC_INTERVAL_MIN, SYNC_UPLOAD_HOURS, SYNC_VERIFY_TLS,
                                SYNC_CA_FILE,
                                RELAY_MAX_ENCLOSURE_MB,
                                PLAYOUT_DEVICE, PLAYOUT_DEAD_AIR_S, PLAYOUT_FILLER_ITEM,
                                PLAYOUT_ALARM, PLAYOUT_SEGUE_S, PLAYOUT_TTS_VOICE,
                                PLAYOUT_ALERT_DEVICE, PLAYOUT_ON_AIR)
