"""The media an edit list is made of: each source's file in the store and its cached
waveform peaks (written at import), read without decoding anything."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from media.editgraph import EditList
from station.library.items import asset_path
from station.station import Station

if TYPE_CHECKING:
    from media.peaks import WaveformPeaks


def cached_peaks(st: Station, sha256: str) -> WaveformPeaks | None:
    """The asset's multi-resolution peaks; None if none were stored (ValueError: damaged)."""
    from media.peaks import WaveformPeaks

    row = st.db.execute("SELECT data FROM asset_peaks WHERE sha256 = ?", [sha256]).fetchone()
    return WaveformPeaks.from_bytes(bytes(row[0])) if row is not None else None


def source_media(st: Station, edl: EditList, known: Collection[str] = ()
                 ) -> tuple[dict[str, Path], dict[str, WaveformPeaks]]:
    """The files and peaks of the edit's sources (clips and beds), by sha256, leaving out
    the sources in ``known`` (a view that has them already)."""
    paths: dict[str, Path] = {}
    peaks: dict[str, WaveformPeaks] = {}
    for clip in (*edl.clips, *(b.clip for b in edl.beds)):
        sha = clip.sha256
        if not sha or sha in known or sha in paths:
            continue
        path = asset_path(st, sha)
        if path is not None:
            paths[sha] = path
        found = cached_peaks(st, sha)
        if found is not None:
            peaks[sha] = found
    return paths, peaks
