"""An old archive's catalogue from the shell: `import-catalogue FILE`, metadata only, a million
rows at a time, all or nothing (station/library/catalogue.py does the work).

The file is CSV with a header row naming the fields (UTF-8, as spreadsheets export it, with or
without a byte-order mark), a JSON array of objects, or JSON Lines (one object a line); the
field names are those of :func:`station.library.catalogue.import_metadata`.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from station.cli.context import Subparsers, UserError, open_station, print_json


def register(sub: Subparsers) -> None:
    s = sub.add_parser("import-catalogue",
                       help="add an old archive's catalogue (CSV, JSON or JSON Lines) to the "
                            "library: metadata only, all rows or none")
    s.add_argument("file", metavar="FILE")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_import_catalogue)


def cmd_import_catalogue(args: argparse.Namespace) -> int:
    from station.library.catalogue import import_metadata

    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"no such file: {path}")
    rows = read_rows(path)
    st = open_station(args)
    try:
        imported = import_metadata(st, rows, source=path.name)
    except UnicodeDecodeError as exc:
        raise UserError(f"{path.name}: not UTF-8 text (save the catalogue as UTF-8)") from exc
    except csv.Error as exc:
        raise UserError(f"{path.name}: not readable as CSV ({exc})") from exc
    finally:
        st.close()
    if args.json:
        print_json({"file": str(path), "imported": imported})
    else:
        print(f"{imported} item(s) imported from {path.name}")
    return 0


def read_rows(path: Path) -> Iterator[dict[str, Any]]:
    """The catalogue's rows as mappings, streamed (a JSON array is read whole); a file of
    another kind is refused here, before the station is opened."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UserError(f"{path.name}: a catalogue is a .csv, .json or .jsonl file")
    return reader(path)


def _csv_rows(path: Path) -> Iterator[dict[str, Any]]:
    # utf-8-sig: spreadsheets put a byte-order mark before the header.
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = [name.strip() for name in next(reader, [])]
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue  # blank lines that spreadsheets leave at the end
            if len(cells) > len(header):
                raise UserError(f"{path.name}, line {line}: more cells than the header names")
            # A column with no name in the header and nothing in it is a trailing comma.
            yield {name: value for name, value in zip(header, cells, strict=False)
                   if name or value.strip()}


def _json_rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8-sig") as f:
        try:
            found = json.load(f)
        except json.JSONDecodeError as exc:
            raise UserError(f"{path.name}, line {exc.lineno}: not JSON ({exc.msg})") from exc
    if not isinstance(found, list):
        raise UserError(f"{path.name}: expected a JSON array of objects")
    for number, row in enumerate(found, start=1):
        if not isinstance(row, dict):
            raise UserError(f"{path.name}: entry {number} is not an object")
        yield row


def _json_lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8-sig") as f:
        for line, text in enumerate(f, start=1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except json.JSONDecodeError as exc:
                raise UserError(f"{path.name}, line {line}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise UserError(f"{path.name}, line {line}: not an object")
            yield row


READERS: dict[str, Callable[[Path], Iterator[dict[str, Any]]]] = {
    ".csv": _csv_rows, ".json": _json_rows, ".jsonl": _json_lines, ".ndjson": _json_lines}
