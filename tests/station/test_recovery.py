"""A kill -9 at any step of adding a file leaves, after the next start, either the whole item
or nothing: no half item, no orphan file, no leftover temp file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from media import tones
from station import startup
from station.library import ingest
from station.library import items as library
from station.paths import DataDir
from station.station import Station

# Each point is a function of the import path, replaced in a child process by one that
# kills the process with SIGKILL at that moment (a real kill -9, not an exception).
KILL_POINTS = {
    # name: (function, kill before or after it runs)
    "after_copy": ("station.store.MediaStore.copy_in", "after"),  # temp written, nothing recorded
    "after_intent": ("station.store.MediaStore.commit", "before"),  # intent saved, file not moved
    "after_move": ("station.library.items.insert_item", "before"),  # file in the store, rows not committed
}

CHILD = """
import os, signal, sys
from pathlib import Path
import importlib
from station.paths import DataDir
from station.station import Station
from station import users
from station.library import ingest

point, kill_after = sys.argv[1], sys.argv[2] == "after"
module_name, _, attr = point.rpartition(".")
try:
    owner = importlib.import_module(module_name)
    real = getattr(owner, attr)
    setter = lambda f: setattr(owner, attr, f)
except ModuleNotFoundError:
    mod, _, cls = module_name.rpartition(".")
    owner = getattr(importlib.import_module(mod), cls)
    real = getattr(owner, attr)
    setter = lambda f: setattr(owner, attr, f)

def killer(*args, **kwargs):
    if kill_after:
        real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)

setter(killer)
st = Station.open(DataDir(sys.argv[3]))
users.login(st, "admin", sys.argv[5])
ingest.import_file(st, Path(sys.argv[4]), title="Bản tin bị cắt ngang")
print("NOT KILLED")
"""


def store_files(datadir: DataDir) -> list[Path]:
    return sorted(p for p in (datadir.media / "sha256").rglob("*") if p.is_file()) \
        if (datadir.media / "sha256").exists() else []


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_kill_9_during_import_leaves_nothing_half_done(datadir: DataDir, tmp_path: Path,
                                                        point: str) -> None:
    from tests.conftest import ADMIN_PASSWORD

    wav = tones.write_wav(tmp_path / "tin.wav", tones.sine(440.0, 2.0))
    target, when = KILL_POINTS[point]
    child = subprocess.run([sys.executable, "-c", CHILD, target, when, str(datadir.root),
                            str(wav), ADMIN_PASSWORD], capture_output=True, text=True,
                           timeout=60)
    assert child.returncode == -9, child.stdout + child.stderr
    st = startup.open_station(datadir)  # runs the recovery sweep
    try:
        assert library.count(st) == 0
        assert st.db.execute("SELECT count(*) FROM assets").fetchone()[0] == 0
        assert st.db.execute("SELECT count(*) FROM store_intents").fetchone()[0] == 0
        assert store_files(datadir) == []
        leftovers = [p for p in datadir.tmp.rglob("*") if p.is_file()] \
            if datadir.tmp.exists() else []
        assert leftovers == []
        assert startup.sweep(st).anything is False  # the first sweep finished the job
    finally:
        st.close()


def test_the_same_content_twice_is_one_item_and_one_file(station: Station, tmp_path: Path) -> None:
    wav = tones.write_wav(tmp_path / "tin.wav", tones.sine(440.0, 1.0))
    first, _ = ingest.import_file(station, wav, title="Một")
    again, _ = ingest.import_file(station, wav, title="Hai")
    assert first.status == "imported" and again.status == "duplicate"
    assert again.item.id == first.item.id
    files = store_files(station.datadir)
    assert len(files) == 1 and files[0].read_bytes() == wav.read_bytes()
    assert os.path.basename(files[0]) == f"{first.item.asset_sha256}.wav"
    assert library.count(station) == 1
