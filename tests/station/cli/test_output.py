"""The command line prints titles safely: control characters and bidi overrides become
visible escapes in text output (station/text.py printable, station/cli/output.py), while
--json keeps the exact text under JSON's own escaping."""

from __future__ import annotations

import json

from station.station import Station
from station.text import printable
from tests.support.cli import run_cli
from tests.support.library import add_item

HOSTILE = "Tin \x1b[31mđỏ\x1b[0m \u202egnp.exe\u202c chuông\x07"


def test_printable_escapes_controls_and_bidi_and_keeps_vietnamese() -> None:
    assert printable("Bản tin \x1b[2J sáng") == "Bản tin \\x1b[2J sáng"
    assert printable("a\u202eb\u2066c\u2069d\u200f") == "a\\u202eb\\u2066c\\u2069d\\u200f"
    assert printable("\x00\x7f\x85\u2028") == "\\x00\\x7f\\x85\\u2028"
    assert printable("one\ttwo\nthree") == "one\\x09two\\x0athree"  # one field: one line
    assert printable("one\ttwo\nthree\r", lines=True) == "one\ttwo\nthree\\x0d"
    text = "Đài truyền thanh xã Yên Bình — «tin» 12,5 €"
    assert printable(text) == text


def test_the_real_cli_escapes_a_hostile_title(station: Station) -> None:
    item = add_item(station, HOSTILE)
    root = station.datadir.root
    listed = run_cli("list", data_dir=root)
    assert listed.returncode == 0, listed.stderr
    line = next(row for row in listed.stdout.splitlines() if row.startswith(item.id))
    assert "\x1b" not in listed.stdout and "\u202e" not in listed.stdout
    assert "\x07" not in listed.stdout
    assert "Tin \\x1b[31mđỏ\\x1b[0m \\u202egnp.exe\\u202c chuông\\x07" in line
    found = run_cli("search", "chuông", data_dir=root)
    assert found.returncode == 0 and "\\u202egnp.exe" in found.stdout
    assert "\u202e" not in found.stdout
    # JSON is exact: the title round-trips, and its escaping keeps ESC out of the stream.
    as_json = run_cli("list", "--json", data_dir=root)
    assert "\x1b" not in as_json.stdout
    titles = [row["title"] for row in json.loads(as_json.stdout)]
    assert HOSTILE in titles
