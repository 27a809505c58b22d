"""The unattended service with real processes: `station service run` (the supervisor and its
worker) in child processes on a copy of the test station, a real kill -9 of the worker, a
second service refused, playout heard through the PulseAudio null sink and rejoined after a
kill -9, and a sync against the real hub. Only systemctl and loginctl are fakes: this build
machine has no running systemd (a user unit cannot be started here)."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from station.paths import DataDir
from station.procs import pid_alive
from tests.support.cli import run_cli
from tests.support.playout import Capture, CaptureWindow, find_tones, make_schedule, soon, tone_item
from tests.support.service import NO_KEYRING, Service

RESTART_WITHIN_S = 5.0


@pytest.fixture
def service(datadir: DataDir) -> Iterator[Service]:
    s = Service(datadir)
    try:
        yield s
    finally:
        if s.proc.poll() is None:
            s.proc.kill()
            s.proc.wait(10)


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def test_killed_worker_is_back_within_5_s_and_sigterm_stops_everything(
        service: Service) -> None:
    first = service.wait_worker()
    assert _parent(first) == service.proc.pid  # the worker is the supervisor's child
    code, found = service.status()
    assert code == 0 and found["supervisor_pid"] == service.proc.pid
    assert found["version"] and found["heartbeat"] and "alarms" in found
    os.kill(first, signal.SIGKILL)
    killed = time.monotonic()
    second = service.wait_worker(other_than=first, timeout=RESTART_WITHIN_S + 5)
    back = time.monotonic() - killed
    print(f"kill -9 to a new worker reported by `service status`: {back:.2f} s")
    assert back < RESTART_WITHIN_S
    assert not pid_alive(first)
    assert service.stop() == 0
    deadline = time.monotonic() + 5
    while pid_alive(second) and time.monotonic() < deadline:  # reaped by now: no orphan
        time.sleep(0.05)
    assert not pid_alive(second)
    code, found = service.status()
    assert code == 1 and found["running"] is False and found["state"] == "stopped"
    assert found["pid"] is None


def test_a_second_service_on_the_same_data_dir_refuses(service: Service) -> None:
    service.wait_worker()
    again = run_cli("service", "run", data_dir=service.datadir.root, timeout=30)
    assert again.returncode == 1
    lines = again.stderr.strip().splitlines()
    assert len(lines) == 1, again.stderr
    assert "already running" in lines[0] and str(service.proc.pid) in lines[0]
    assert service.proc.poll() is None  # the first one is untouched


def test_status_of_a_station_with_no_service(datadir: DataDir) -> None:
    done = run_cli("service", "status", data_dir=datadir.root)
    assert done.returncode == 1 and "not running" in done.stdout


# -- playout in the service -------------------------------------------------------------------
@pytest.fixture(scope="module")
def _studio_capture(pulse: dict[str, str]) -> Iterator[Capture]:
    cap = Capture(pulse)
    cap.wait_started()
    yield cap
    cap.stop()


def _asrun(st: Any) -> list[tuple[Any, ...]]:
    return st.db.execute("SELECT aired_at, item_id, kind, interruptions, offset_s FROM asrun"
                         " WHERE kind = 'scheduled' ORDER BY aired_at").fetchall()


def test_the_service_plays_the_schedule_and_rejoins_after_kill_9(
        station: Any, datadir: DataDir, _studio_capture: Capture) -> None:
    from station.clock import parse_iso

    st = station
    capture: CaptureWindow = _studio_capture.window()
    first = tone_item(st, "Mở đầu", 440.0, 1.5)
    second = tone_item(st, "Thời sự", 660.0, 12.0)
    svc = Service(datadir)
    try:
        svc.wait_worker()
        start = soon(3)
        make_schedule(st, start, [{"item_id": first.id}, {"item_id": second.id}])
        while time.time() < start.timestamp() + 3.0:  # 1.5 s into the second item
            time.sleep(0.05)
        _, found = svc.status()
        assert found["on_air"] and found["on_air"]["title"] == "Thời sự", found
        worker = int(found["pid"])
        os.kill(worker, signal.SIGKILL)
        killed = time.time()
        svc.wait_worker(other_than=worker)
        deadline = time.time() + 10
        while time.time() < deadline and len(_asrun(st)) < 3:
            time.sleep(0.05)
        time.sleep(1.0)
    finally:
        assert svc.stop() == 0
    samples = capture.stop()
    heard = find_tones(samples, capture.origin, [440.0, 660.0])
    assert len(heard[440.0]) == 1 and len(heard[660.0]) == 2, heard
    assert abs(heard[440.0][0].at - start.timestamp()) < 0.25
    resumed_at = heard[660.0][1].at
    print(f"kill -9 of the worker to playout audible again: {resumed_at - killed:.2f} s")
    assert heard[660.0][0].at < killed < resumed_at < killed + RESTART_WITHIN_S
    log = _asrun(st)
    assert [r[1] for r in log] == [first.id, second.id, second.id]
    assert json.loads(log[1][3]) == ["crash"]
    aired = parse_iso(log[2][0]).timestamp()
    # Rejoined where the clock had got to: offset = when it is heard - planned start.
    assert log[2][4] == pytest.approx(aired - (start.timestamp() + 1.5), abs=0.1)
    assert abs(resumed_at - aired) < 0.25


# -- start at boot: systemd (faked: no systemd runs on this build machine) ------------------------
def _fake_tools(folder: Path, calls: Path) -> None:
    folder.mkdir()
    for tool in ("systemctl", "loginctl"):
        script = folder / tool
        script.write_text(f'#!/bin/sh\necho "{tool} $*" >> "{calls}"\nexit 0\n')
        script.chmod(0o755)


def test_install_writes_the_unit_and_enables_it_with_lingering(
        datadir: DataDir, tmp_path: Path) -> None:
    calls = tmp_path / "calls.txt"
    _fake_tools(tmp_path / "bin", calls)
    env = {"PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}",
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = run_cli("service", "install", data_dir=datadir.root, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    unit = tmp_path / "config" / "systemd" / "user" / "station.service"
    text = unit.read_text(encoding="utf-8")
    exec_start = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    assert exec_start.endswith(f"--data-dir {datadir.root} service run")
    program = exec_start.removeprefix("ExecStart=").split()
    assert Path(program[0]).is_absolute() and Path(program[1]).name == "station"
    for line in ("Restart=always", "RestartSec=2", "WantedBy=default.target"):
        assert line in text.splitlines()
    user = os.environ.get("USER") or __import__("getpass").getuser()
    assert calls.read_text().splitlines() == [
        f"loginctl show-user {user} --property=Linger --value",
        "systemctl --user daemon-reload",
        "systemctl --user enable --now station.service",
        f"loginctl enable-linger {user}"]
    calls.unlink()
    gone = run_cli("service", "uninstall", data_dir=datadir.root, env=env)
    assert gone.returncode == 0, gone.stdout + gone.stderr
    assert not unit.exists()
    assert calls.read_text().splitlines() == [
        "systemctl --user disable --now station.service",
        "systemctl --user daemon-reload",
        f"loginctl disable-linger {user}"]


def test_install_without_systemd_says_what_to_run(datadir: DataDir, tmp_path: Path) -> None:
    empty = tmp_path / "no-tools"
    empty.mkdir()
    env = {"PATH": str(empty), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = run_cli("service", "install", data_dir=datadir.root, env=env)
    assert done.returncode == 1
    assert done.stderr.strip() == "station: error: systemctl is not available on this computer"
    assert (tmp_path / "config" / "systemd" / "user" / "station.service").exists()
    assert "systemctl --user enable --now station.service" in done.stdout


# -- sync in the service (the real hub) -------------------------------------------------------------
def test_the_service_syncs_and_status_shows_it(datadir: DataDir, hub: Any, token: str) -> None:
    first = run_cli("sync", "--hub", hub.url, "--token", token, data_dir=datadir.root,
                    env=NO_KEYRING)  # remembers the hub and the token
    assert first.returncode == 0, first.stdout + first.stderr
    svc = Service(datadir)
    try:
        svc.wait_worker()
        deadline = time.monotonic() + 30
        while True:
            _, found = svc.status()
            if found["last_sync"]:
                break
            assert time.monotonic() < deadline, found
            time.sleep(0.2)
    finally:
        assert svc.stop() == 0
    last = found["last_sync"]
    assert last["ok"] is True and last["hub"] == hub.url and last["link"] is True, last


# -- the worker's guard around its jobs ------------------------------------------------------------
class _Failing:
    """A job whose every step raises (a device that keeps failing)."""

    name = "boom"

    def __init__(self) -> None:
        self.steps = self.stops = 0

    def step(self, st: Any) -> None:
        self.steps += 1
        raise RuntimeError("the device is gone")

    def stop(self, st: Any) -> None:
        self.stops += 1

    def status(self, st: Any) -> dict[str, Any]:
        return {}


def test_a_failing_job_is_restarted_with_backoff_and_becomes_an_alarm(station: Any) -> None:
    import threading

    from station.service import status
    from station.service.worker import Worker

    job = _Failing()
    worker = Worker(station, [lambda: job], parent_pid=None)
    thread = threading.Thread(target=worker.run)
    thread.start()
    time.sleep(2.5)  # failures at 0, 0.5, 1.5 s: the third makes the alarm
    worker.stopping.set()
    thread.join(10)
    found = status.read(station.datadir)  # the last one, written as it stopped
    assert job.steps == 3 and job.stops == 4  # stopped after each failure, and at the end
    assert found is not None
    alarms = [a for a in found["alarms"] if a["kind"] == "job_failing"]
    assert alarms == [{"source": "service", "kind": "job_failing", "job": "boom",
                       "detail": "RuntimeError: the device is gone", "failures": 3}]
    assert found["stopped"] is True
