"""Shared fixtures. Qt runs offscreen; per-machine settings go to a temp folder; crash dialogs
are off; every test gets its own data dir (a copy of a prebuilt station, not a new one)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# Before any QApplication exists (DESIGN.md section 8).
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["STATION_NO_CRASH_DIALOG"] = "1"
_CONFIG = tempfile.mkdtemp(prefix="station-test-config-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG  # QSettings (UI language) stays out of ~/.config
os.environ.pop("STATION_DATA_DIR", None)

import pytest  # noqa: E402

from station import passwords  # noqa: E402
from station.paths import DataDir  # noqa: E402

# Tests only: new password hashes in this process cost 2^14, not 2^17, so the many logins
# stay fast. Checks read N from each stored hash; the station's real hashes stay at 2^17.
passwords.COST_N = 2**14

ROOT = Path(__file__).resolve().parent.parent
ADMIN_PASSWORD = "admin-password-1"
STATION_NAME = "Đài truyền thanh xã Yên Bình"


# The real icecast2 fixtures (icecast_server, icecast) for the stream tests.
pytest_plugins = ["tests.support.icecast"]


@pytest.fixture(scope="session")
def template_station(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One station created per run, with an admin, an editor, a chief and an archivist."""
    from station import users
    from station.rights import Role
    from station.startup import create_station

    root = tmp_path_factory.mktemp("template") / "data"
    st = create_station(DataDir(root), STATION_NAME, "admin", ADMIN_PASSWORD, "Quản trị viên")
    for name, role, full in (("bientap", Role.EDITOR, "Nguyễn Văn Biên"),
                             ("truongdai", Role.CHIEF, "Trần Thị Trưởng"),
                             ("luutru", Role.ARCHIVIST, "Lê Văn Lưu")):
        users.create_user(st, name, f"{name}-password", role, full)
    st.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    st.close()
    return root


@pytest.fixture
def datadir(tmp_path: Path, template_station: Path) -> DataDir:
    """A fresh copy of the template station."""
    target = tmp_path / "data"
    shutil.copytree(template_station, target)
    return DataDir(target)


@pytest.fixture
def empty_datadir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "empty")


@pytest.fixture
def station(datadir: DataDir) -> Iterator[object]:
    """The copied station, opened, with the admin logged in."""
    from station import users
    from station.station import Station

    st = Station.open(datadir)
    users.login(st, "admin", ADMIN_PASSWORD)
    yield st
    st.close()


@pytest.fixture(scope="session", autouse=True)
def _pulse_first(request: pytest.FixtureRequest) -> None:
    """Start PulseAudio before any test runs when the session has audio tests: QtMultimedia
    reads the sound server once per process, so a window test that loads it earlier would
    leave the audio tests with no devices."""
    if shutil.which("pulseaudio") is not None and any(
            "pulse" in getattr(item, "fixturenames", ()) for item in request.session.items):
        request.getfixturevalue("pulse")


@pytest.fixture(scope="session")
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A real PulseAudio server with a null sink 'studio' and a source 'studio_mic' fed from
    its monitor (DESIGN.md section 8): what is played into studio arrives at studio_mic."""
    if shutil.which("pulseaudio") is None:
        pytest.skip("pulseaudio is not installed (bootstrap installs it)")
    runtime = tmp_path_factory.mktemp("pulse-runtime")
    runtime.chmod(0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "PULSE_RUNTIME_PATH": str(runtime)}
    subprocess.run(["pulseaudio", "-D", "--exit-idle-time=-1", "-n",
                    "--load=module-native-protocol-unix",
                    "--load=module-null-sink sink_name=studio",
                    "--load=module-always-sink"], env=env, check=True, capture_output=True)
    deadline = time.monotonic() + 10
    while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode != 0:
        if time.monotonic() > deadline:
            pytest.fail("PulseAudio did not start")
        time.sleep(0.1)
    subprocess.run(["pactl", "load-module", "module-remap-source", "master=studio.monitor",
                    "source_name=studio_mic"], env=env, check=True, capture_output=True)
    subprocess.run(["pactl", "set-default-source", "studio_mic"], env=env, check=True)
    saved = {k: os.environ.get(k) for k in ("XDG_RUNTIME_DIR", "PULSE_RUNTIME_PATH")}
    os.environ.update({"XDG_RUNTIME_DIR": str(runtime), "PULSE_RUNTIME_PATH": str(runtime)})
    yield env
    subprocess.run(["pulseaudio", "--kill"], env=env, capture_output=True)
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(autouse=True)
def _quiet_pools() -> Iterator[None]:
    """No background work may outlive its test, and no UI language leaks into the next
    test (a test that checks Vietnamese text installs it itself)."""
    yield
    if "ui.operations" in sys.modules:
        from ui.operations import wait_all

        assert wait_all(30000), "background operations still running after the test"
    if "ui.i18n" in sys.modules:
        from PySide6.QtCore import QCoreApplication

        if QCoreApplication.instance() is not None:
            from ui import i18n

            i18n.install("en")


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Message boxes would block a test forever: record them instead (tests may read the
    list through this fixture)."""
    shown: list[tuple[str, str, str]] = []
    if "PySide6.QtWidgets" not in sys.modules:
        return shown
    from PySide6.QtWidgets import QMessageBox

    def fake(kind: str) -> object:
        def show(_parent: object, title: str, text: str, *args: object,
                 **kwargs: object) -> QMessageBox.StandardButton:
            shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok
        return staticmethod(show)

    for kind in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, fake(kind))
    return shown


# -- sync: the real hub in a child process, a token, and a fault proxy in front of it -----
@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Any]:
    from sync.hub.process import HubProcess

    with HubProcess(tmp_path / "hub") as h:
        yield h


@pytest.fixture
def token(hub: Any) -> str:
    from sync.hub.store import HubStore

    store = HubStore(hub.data_dir)
    try:
        return str(store.add_station("Yên Bình")[1])
    finally:
        store.close()


@pytest.fixture
def proxy(hub: Any) -> Iterator[Any]:
    from sync.faultproxy import FaultProxy

    with FaultProxy(hub.port) as p:
        yield p


# -- a real PostgreSQL on loopback (tests/support/postgres.py), started on first use --------
@pytest.fixture(scope="session")
def postgres() -> Iterator[Any]:
    from tests.support.postgres import PostgresMissing, PostgresServer

    server = PostgresServer()
    try:
        server.start()
    except PostgresMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres: Any) -> Iterator[str]:
    """The URL of a new empty database on the session's server, dropped after the test (its
    connections terminated first)."""
    import uuid

    name = f"t_{uuid.uuid4().hex[:16]}"
    url = str(postgres.create_database(name))
    yield url
    postgres.drop_database(name)


# -- a real SeaweedFS S3 on loopback (tests/support/seaweed.py), started on first use -------
@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from tests.support.seaweed import SeaweedMissing, SeaweedS3

    server = SeaweedS3(tmp_path_factory.mktemp("weed"))
    try:
        server.start()
    except SeaweedMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def s3_bucket(seaweed: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A new empty bucket on the session's SeaweedFS (an S3Bucket: name, endpoint, url), with
    its credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for the test."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", seaweed.access_key)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", seaweed.secret_key)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    return seaweed.bucket()
