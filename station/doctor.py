"""Health checks of an installation and a station: what `station doctor` prints."""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass, field
from typing import Any

from station.paths import DataDir

MIN_FREE_BYTES = 500 * 1024 * 1024


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    data: dict[str, Any] = field(default_factory=dict)
    required: bool = True


@dataclass
class Report:
    checks: list[Check]

    @property
    def healthy(self) -> bool:
        return all(c.ok for c in self.checks if c.required)

    def to_json_dict(self) -> dict[str, Any]:
        return {"healthy": self.healthy, "checks": [asdict(c) for c in self.checks]}


def check_ffmpeg() -> Check:
    from media import ffmpeg

    try:
        path = ffmpeg.ffmpeg_path()
        version = ffmpeg.ffmpeg_version()
    except ffmpeg.FfmpegError as exc:
        return Check("ffmpeg", False, str(exc))
    return Check("ffmpeg", True, f"{version} ({path})", {"path": path, "version": version})


def check_audio_devices() -> Check:
    from media import devices

    try:
        found = devices.list_devices()
    except devices.DeviceError as exc:
        return Check("audio_devices", False, str(exc), required=False)
    inputs, outputs = found["inputs"], found["outputs"]
    ok = bool(inputs or outputs)
    detail = f"{len(inputs)} input(s), {len(outputs)} output(s)"
    return Check("audio_devices", ok, detail, found, required=False)


def _problem(exc: Exception) -> str:
    """A code for what kind of fault it is: only "damaged" is helped by a backup."""
    from station.errors import DatabaseCorrupt, DiskFull, NoAccess, ReadOnlyFolder

    for cls, code in ((DatabaseCorrupt, "damaged"), (DiskFull, "disk_full"),
                      (ReadOnlyFolder, "read_only"), (NoAccess, "no_access")):
        if isinstance(exc, cls):
            return code
    return "unusable"


def check_database(datadir: DataDir) -> Check:
    import sqlite3

    from station import backups, dbfile
    from station.errors import StationError
    from station.migrations import SCHEMA_VERSION

    path = datadir.db_path
    if not path.exists():
        return Check("database", False, f"no station in {datadir.root}")
    try:
        dbfile.check_file(path)
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise dbfile.classify(exc, path) from exc
        if version == 0:
            raise dbfile.no_station(path)
    except StationError as exc:
        problem = _problem(exc)
        detail = str(exc)
        if problem == "damaged":
            detail += "\n" + backups.describe_backups(datadir.backups)
        return Check("database", False, detail,
                     {"problem": problem, "path": str(path),
                      "backups": [p.name for p in backups.list_backups(datadir.backups)]})
    ok = version <= SCHEMA_VERSION
    detail = f"integrity ok, schema {version} (app supports {SCHEMA_VERSION})"
    return Check("database", ok, detail, {"schema_version": version,
                                          "app_schema_version": SCHEMA_VERSION,
                                          "path": str(path)})


def check_disk(datadir: DataDir) -> Check:
    probe = datadir.root
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    from station import dbfile

    usage = shutil.disk_usage(probe)
    ok = usage.free >= MIN_FREE_BYTES
    detail = f"{usage.free / 1e9:.1f} GB free of {usage.total / 1e9:.1f} GB at {probe}"
    read_only = dbfile.read_only_fs(probe)
    if read_only:
        ok, detail = False, f"{probe} is on a read-only disk: " + detail
    return Check("disk", ok, detail, {"free_bytes": usage.free, "total_bytes": usage.total,
                                      "read_only": read_only})


def check_tts() -> Check:
    try:
        from media import tts

        voices = tts.get_engine().voices()
    except Exception as exc:  # any failure to load the engine is the finding itself
        return Check("tts", False, f"espeak-ng unavailable: {exc}", required=False)
    return Check("tts", True, f"{len(voices)} Vietnamese voice(s)",
                 {"voices": [v.id for v in voices]}, required=False)


def run(datadir: DataDir) -> Report:
    return Report([check_ffmpeg(), check_audio_devices(), check_database(datadir),
                   check_disk(datadir), check_tts()])
