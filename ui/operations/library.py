"""Verbs for the library: list, preview, describe, import, export, search, look after."""

from __future__ import annotations

from array import array
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from media.taskstate import TaskState
from station.changes import Changes
from station.library import items as library
from station.search import saved
from station.search.filters import SearchFilters
from station.search.query import Query
from station.search.results import Hit, fetch
from station.search.run import count, ordered_docs, search
from station.station import Station
from ui import i18n
from ui.operations import Op


# -- the library view's pages (ui.library.model) ----------------------------------------------
def first_hits(parent: QObject | None, st: Station, query: Query, filters: SearchFilters | None,
               sort: str, limit: int) -> Op[tuple[list[Hit], int]]:
    """The first page of a search and how many items it finds."""

    def work(_s: TaskState) -> tuple[list[Hit], int]:
        i18n.read_zone(st)  # "Added" is shown in station time (the zone may have changed)
        return search(st, query, limit=limit, filters=filters, sort=sort), \
            count(st, query, filters)

    return Op(work, parent, "db")


def search_order(parent: QObject | None, st: Station, query: Query,
                 filters: SearchFilters | None,
                 sort: str) -> Op[tuple[array[int], array[float] | None]]:
    """Every hit's row in order (and its score), so that any page reads by position."""
    return Op(lambda _s: ordered_docs(st, query, filters, sort), parent, "db")


def hits_at(parent: QObject | None, st: Station, docs: array[int], query: Query,
            scores: array[float] | None) -> Op[list[Hit]]:
    """The hits of the rows ``docs`` (a page of the order :func:`search_order` gave)."""
    return Op(lambda _s: fetch(st, docs, query, scores), parent, "db")


def search_page(parent: QObject | None, st: Station, query: Query, sort: str, offset: int,
                limit: int, reverse: str | None = None) -> Op[list[Hit]]:
    """One page of a search by offset. ``reverse``: the opposite sort, read from the end
    and turned round (a page past the middle is as cheap as the first)."""
    if reverse is None:
        return Op(lambda _s: search(st, query, limit=limit, offset=offset, sort=sort),
                  parent, "db")
    return Op(lambda _s: search(st, query, limit=limit, offset=offset, sort=reverse)[::-1],
              parent, "db")


def list_items(parent: QObject | None, st: Station, limit: int = 500) -> Op[list[library.Item]]:
    return Op(lambda _: library.list_items(st, limit), parent, "db")


def categories(parent: QObject | None, st: Station) -> Op[list[str]]:
    """The station's categories, for the filters and the editors' lists."""

    def work(_s: TaskState) -> list[str]:
        from station import settings

        return settings.CATEGORIES.get(st.db)

    return Op(work, parent, "db")


def item_preview(parent: QObject | None, st: Station, item_id: str) -> Op[dict[str, Any]]:
    """What the preview shows: the file, its cached waveform, its picture or text."""

    def work(_: TaskState) -> dict[str, Any]:
        from media.peaks import WaveformPeaks
        from station.library import metadata

        found = metadata.details(st, item_id)
        sha = found.get("asset_sha256")
        out: dict[str, Any] = {"id": item_id, "kind": found["kind"], "body": found.get("body"),
                               "details": found, "path": None, "peaks": None, "picture": None}
        if sha:
            asset = found.get("asset") or {}
            out["path"] = st.store.path(sha, asset.get("ext", ""))
            peaks = library.cached_peaks(st, sha)
            if peaks is not None:
                out["peaks"] = WaveformPeaks.from_bytes(peaks)
            out["picture"] = library.cached_picture(st, sha)
        return out

    return Op(work, parent, "db")


def shared_values(parent: QObject | None, st: Station,
                  item_ids: list[str]) -> Op[tuple[dict[str, Any], list[str], bool]]:
    """The editable values the items have in common (empty where they differ), the
    station's categories for the editor's list, and whether any of them belongs to the
    province (then nothing can be changed here)."""

    def work(_: TaskState) -> tuple[dict[str, Any], list[str], bool]:
        from station import province, settings
        from station.library import metadata

        common: dict[str, Any] = {}
        for n, item_id in enumerate(item_ids):
            found = metadata.details(st, item_id)
            for field in metadata.EDITABLE:
                if n == 0:
                    common[field] = found.get(field)
                elif common.get(field) != found.get(field):
                    common[field] = None
        owned = any(province.is_owned(st.db, "item", i) for i in item_ids)
        return common, settings.CATEGORIES.get(st.db), owned

    return Op(work, parent, "db")


def update_items(parent: QObject | None, st: Station, item_ids: list[str],
                 fields: dict[str, Any]) -> Op[Changes]:
    from station.library import metadata

    return Op(lambda _: metadata.update_items(st, item_ids, fields), parent, "db")


def import_files(parent: QObject | None, st: Station, paths: list[str],
                 category: str = "") -> Op[tuple[list[Any], list[tuple[str, str]], Changes]]:
    """Import files one after the other; a refused file does not stop the others."""

    def work(state: TaskState) -> tuple[list[Any], list[tuple[str, str]], Changes]:
        from media.analysis import MediaError
        from media.taskstate import Cancelled
        from station.errors import StationError
        from station.library import ingest

        done: list[Any] = []
        refused: list[tuple[str, str]] = []
        changes = Changes()
        for n, name in enumerate(paths):
            state.progress(n / len(paths), Path(name).name)
            try:
                result, ch = ingest.import_file(st, Path(name), category=category,
                                                state=state.child(n / len(paths), 1 / len(paths)))
            except Cancelled:
                break
            except (StationError, MediaError) as exc:
                from ui.errors import describe

                refused.append((name, describe(exc)))
                continue
            done.append(result)
            changes = changes | ch
        state.progress(1.0, "")
        return done, refused, changes

    return Op(work, parent, "db")


def export_items(parent: QObject | None, st: Station, item_ids: list[str],
                 target: str) -> Op[Any]:
    """The items' originals and their details into the zip file ``target``."""
    from station.library import export

    return Op(lambda state: export.export_items(st, item_ids, Path(target), as_zip=True,
                                                state=state), parent, "work")


def search_items(parent: QObject | None, st: Station, text: str,
                 limit: int = 200) -> Op[list[Any]]:
    """Items that can go on air matching ``text`` as the Library page searches (folded:
    "hoa binh" finds "Hòa Bình"; the last word may be a prefix), best first; no words: the
    newest. Pictures are left out: they cannot be broadcast."""
    airable = SearchFilters(kinds=("audio", "video", "text"))
    return Op(lambda _s: search(st, text, limit=limit, filters=airable), parent, "db")


def people(parent: QObject | None, st: Station) -> Op[dict[str, str]]:
    """User name -> full name of every user (inactive ones too: they added items once)."""

    def work(_: TaskState) -> dict[str, str]:
        from station import users

        return {u.username: u.full_name for u in users.list_users(st, include_inactive=True)
                if u.full_name}

    return Op(work, parent, "db")


# -- the bin -----------------------------------------------------------------------------------
def delete_items(parent: QObject | None, st: Station, item_ids: list[str]) -> Op[Changes]:
    """Move the items to the bin (refused for items in an approved or published schedule)."""
    from station.library import bin as item_bin

    return Op(lambda _s: item_bin.delete_items(st, item_ids), parent, "db")


def restore_items(parent: QObject | None, st: Station, item_ids: list[str]) -> Op[Changes]:
    from station.library import bin as item_bin

    return Op(lambda _s: item_bin.restore_items(st, item_ids), parent, "db")


def bin_contents(parent: QObject | None, st: Station) -> Op[list[Any]]:
    """What the bin holds (station.library.bin.Binned), most recently deleted first."""
    from station.library import bin as item_bin

    return Op(lambda _s: item_bin.binned(st), parent, "db")


def empty_bin(parent: QObject | None, st: Station,
              item_ids: list[str] | None = None) -> Op[tuple[Any, Changes]]:
    """Remove binned items for good, with the files no other item uses."""
    from station.library import bin as item_bin

    return Op(lambda state: item_bin.empty_bin(st, item_ids, state), parent, "db")


# -- saved searches ----------------------------------------------------------------------------
def saved_searches(parent: QObject | None, st: Station) -> Op[list[Any]]:
    return Op(lambda _s: saved.list_saved(st), parent, "db")


def save_search(parent: QObject | None, st: Station, name: str, query: str,
                filters: SearchFilters, sort: str) -> Op[Any]:
    return Op(lambda _s: saved.save_search(st, name, query, filters, sort), parent, "db")


# -- looking after the store -------------------------------------------------------------------
def purge_candidates(parent: QObject | None, st: Station) -> Op[list[Any]]:
    from station.library import archive

    return Op(lambda _s: archive.purge_candidates(st), parent, "db")


def purge(parent: QObject | None, st: Station, item_ids: list[str]) -> Op[tuple[Any, Changes]]:
    from station.library import archive

    return Op(lambda state: archive.purge(st, item_ids, state), parent, "db")


def verify_store(parent: QObject | None, st: Station) -> Op[Any]:
    """Re-hash every file in the store (long: on the work pool, its own connection)."""
    from station.library import archive

    return Op(lambda state: archive.verify(st, state), parent, "work")
