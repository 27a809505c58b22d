"""The `station` command as scripts and our checks use it: names, flags, exit codes."""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
from pathlib import Path

from station import __version__
from station.cli import main as cli
from station.paths import DataDir
from tests.conftest import ROOT
from tests.support.cli import run_cli


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    """Every command and sub-command the parser accepts: 'import', 'schedule approve', ..."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found.append(name)
                found += [f"{name} {deeper}" for deeper in _commands(child)]
    return found


def _documented() -> set[str]:
    """The commands named in the first column of the README's "Command line" table. A cell
    such as `station schedule list\\|show` or `station watch add PATH` / `remove PATH` names
    `schedule list`, `schedule show`, `watch add` and `watch remove`."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Command line", 1)[1].split("\n## ", 1)[0]
    found: set[str] = set()
    for row in section.splitlines():
        if not row.startswith("| `"):
            continue
        first = re.split(r"(?<!\\)\|", row)[1]
        command = ""
        for span in re.findall(r"`([^`]+)`", first):
            span = re.sub(r"\[[^]]*\]", " ", span)  # options in brackets name no command
            words = span.replace("\\|", " | ").split()
            if words[0] == "station":
                command, words = words[1], words[2:]
                found.add(command)
            following = [w for before, w in zip(["|", *words], words, strict=False)
                         if before == "|"]
            found.update(f"{command} {w}" for w in following if not w.startswith(("-", "[")))
    return found


def test_every_command_is_in_the_readme_table() -> None:
    from ui import launch

    commands = _commands(cli.build_parser(launch.extensions()))
    assert {"schedule approve", "hub add-station", "sync export-bundle", "selftest"} <= set(
        commands)  # the walk really sees nested commands and the extensions
    missing = sorted(set(commands) - _documented())
    assert missing == [], f"add these to README.md's Command line table: {missing}"


def test_the_core_parser_has_no_sync_or_hub_commands() -> None:
    top = {c for c in _commands(cli.build_parser()) if " " not in c}
    assert "import" in top and "schedule" in top
    assert not top & {"sync", "hub", "selftest"}


def test_version() -> None:
    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"station {__version__}"


def test_usage_errors_exit_2() -> None:
    assert run_cli("no-such-command").returncode == 2
    assert run_cli("init").returncode == 2  # required flags missing


def test_init_with_password_from_env_then_refuses_a_second_init(tmp_path: Path) -> None:
    data = tmp_path / "đài"  # a Unicode path, as a Vietnamese user's folder may be
    done = run_cli("init", "--station-name", "Đài truyền thanh xã Tân Phú", "--admin", "quantri",
                   data_dir=data, env={"STATION_ADMIN_PASSWORD": "mat-khau-dai"})
    assert done.returncode == 0, done.stderr
    assert (data / "station.db").exists()
    again = run_cli("init", "--station-name", "X", "--admin", "a", data_dir=data,
                    env={"STATION_ADMIN_PASSWORD": "mat-khau-dai"})
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1 and "already exists" in again.stderr
    users = run_cli("user", "list", "--json", data_dir=data, user="quantri",
                    env={"STATION_PASSWORD": "mat-khau-dai"})
    assert json.loads(users.stdout) == [{"username": "quantri", "full_name": "",
                                         "role": "admin", "active": True}]


def test_init_reads_the_password_from_stdin(tmp_path: Path) -> None:
    done = run_cli("init", "--station-name", "Đài", "--admin", "admin", data_dir=tmp_path / "d",
                   stdin="mat-khau-stdin\n", env={"STATION_ADMIN_PASSWORD": ""})
    # An empty variable is a deliberate (and too short) password, not "read stdin".
    assert done.returncode == 1 and "at least" in done.stderr
    env_free = run_cli("init", "--station-name", "Đài", "--admin", "admin",
                       data_dir=tmp_path / "e", stdin="mat-khau-stdin\n")
    assert env_free.returncode == 0, env_free.stderr


def test_data_dir_from_environment(tmp_path: Path) -> None:
    data = tmp_path / "from-env"
    done = run_cli("init", "--station-name", "Đài", "--admin", "admin",
                   env={"STATION_DATA_DIR": str(data), "STATION_ADMIN_PASSWORD": "password-1"})
    assert done.returncode == 0, done.stderr
    assert (data / "station.db").exists()


def test_doctor_json_on_a_healthy_station(datadir: DataDir) -> None:
    done = run_cli("doctor", "--json", data_dir=datadir.root)
    report = json.loads(done.stdout)
    checks = {c["name"]: c for c in report["checks"]}
    assert done.returncode == 0 and report["healthy"] is True
    assert checks["ffmpeg"]["ok"] and checks["ffmpeg"]["data"]["version"]
    assert checks["database"]["data"]["schema_version"] >= 1
    assert checks["disk"]["data"]["free_bytes"] > 0
    assert "audio_devices" in checks


def test_doctor_sees_the_audio_devices(datadir: DataDir, pulse: dict[str, str]) -> None:
    done = run_cli("doctor", "--json", data_dir=datadir.root, env=pulse)
    audio = {c["name"]: c for c in json.loads(done.stdout)["checks"]}["audio_devices"]
    assert audio["ok"], audio
    assert any("studio" in d["id"] or "studio" in d["name"].lower()
               for d in audio["data"]["inputs"] + audio["data"]["outputs"]), audio


def test_doctor_fails_on_a_damaged_database(datadir: DataDir) -> None:
    datadir.db_path.write_bytes(b"garbage" * 1000)
    done = run_cli("doctor", data_dir=datadir.root)
    assert done.returncode == 1 and "NOT healthy" in done.stdout


def test_commands_on_a_missing_station_say_so(tmp_path: Path) -> None:
    done = run_cli("audit", "verify", data_dir=tmp_path / "none")
    assert done.returncode == 1
    assert done.stderr.startswith("station: error: no station in")


def test_newer_database_is_refused_with_versions(datadir: DataDir) -> None:
    conn = sqlite3.connect(datadir.db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    done = run_cli("audit", "verify", data_dir=datadir.root)
    assert done.returncode == 1 and "99" in done.stderr and "newer" in done.stderr


def test_selftest() -> None:
    done = run_cli("selftest")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "selftest passed" in done.stdout


def test_backup_and_restore(datadir: DataDir) -> None:
    made = run_cli("backup", data_dir=datadir.root)
    assert made.returncode == 0, made.stderr
    assert Path(made.stdout.strip()).exists()
    datadir.db_path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4096)
    restored = run_cli("restore", data_dir=datadir.root)
    assert restored.returncode == 0, restored.stderr
    assert "kept as" in restored.stdout
    assert run_cli("audit", "verify", data_dir=datadir.root).returncode == 0


def test_user_add_needs_an_admin_and_the_cli_alone_only_reads(datadir: DataDir,
                                                               tmp_path: Path) -> None:
    from media import tones

    new = {"STATION_NEW_PASSWORD": "phong-vien-1"}
    args = ("user", "add", "phongvien", "--role", "chief", "--full-name", "Phạm Văn Phóng")
    alone = run_cli(*args, data_dir=datadir.root, env=new, user=None)
    assert alone.returncode == 1 and "--user NAME" in alone.stderr, alone.stderr
    editor = run_cli(*args, data_dir=datadir.root, env=new, user="bientap")
    assert editor.returncode == 1 and "does not allow" in editor.stderr
    wrong = run_cli(*args, data_dir=datadir.root, env={**new, "STATION_PASSWORD": "sai-mat-khau"})
    assert wrong.returncode == 1 and "wrong user name or password" in wrong.stderr
    done = run_cli(*args, data_dir=datadir.root, env=new)  # as the admin, with its password
    assert done.returncode == 0, done.stderr
    log = json.loads(run_cli("audit", "list", "--json", data_dir=datadir.root, user=None).stdout)
    assert log[0]["action"] == "user.create" and log[0]["actor"] == "admin"
    # The new chief logs in with the password the admin gave; --user may also come last.
    wav = tones.write_wav(tmp_path / "tin.wav", tones.sine(440.0, 1.0))
    refused = run_cli("import", str(wav), data_dir=datadir.root, user=None)
    assert refused.returncode == 1 and "--user NAME" in refused.stderr
    assert run_cli("list", "--json", data_dir=datadir.root, user=None).stdout.strip() == "[]"
    imported = run_cli("import", str(wav), "--user", "phongvien", data_dir=datadir.root,
                       user=None, env={"STATION_PASSWORD": "phong-vien-1"})
    assert imported.returncode == 0, imported.stderr


def test_verify_purge_export_and_watch(datadir: DataDir, tmp_path: Path) -> None:
    from media import tones

    wav = tones.write_wav(tmp_path / "tin sáng.wav", tones.sine(440.0, 1.0))
    imported = json.loads(run_cli("import", str(wav), "--json", data_dir=datadir.root).stdout)
    item_id = imported[0]["id"]
    ok = run_cli("verify", "--json", data_dir=datadir.root)
    assert ok.returncode == 0 and json.loads(ok.stdout)["ok"] is True
    stored = next((datadir.media / "sha256").rglob("*.wav"))
    data = bytearray(stored.read_bytes())
    data[1000] ^= 0xFF
    stored.write_bytes(bytes(data))
    bad = run_cli("verify", data_dir=datadir.root)
    assert bad.returncode == 1 and "damaged" in bad.stdout.lower()
    stored.write_bytes(wav.read_bytes())
    listed = run_cli("purge", data_dir=datadir.root)
    assert listed.returncode == 0 and "nothing to purge" in listed.stdout
    out = tmp_path / "xuất.zip"
    exported = run_cli("export", item_id, "--to", str(out), "--zip", data_dir=datadir.root)
    assert exported.returncode == 0, exported.stderr
    import zipfile

    with zipfile.ZipFile(out) as z:
        names = z.namelist()
    assert any(n.endswith(".wav") for n in names) and any(n.endswith(".json") for n in names)
    inbox = tmp_path / "hộp thư"
    inbox.mkdir()
    assert run_cli("watch", "add", str(inbox), "--category", "Thời sự",
                   data_dir=datadir.root).returncode == 0
    dropped = inbox / "tin 7 giờ.wav"
    dropped.write_bytes(tones.write_wav(tmp_path / "x.wav", tones.sine(660.0, 1.0)).read_bytes())
    scanned = run_cli("watch", "scan", "--json", data_dir=datadir.root)
    assert scanned.returncode == 0, scanned.stderr
    assert [e["kind"] for e in json.loads(scanned.stdout)] == ["imported"]
    assert (inbox / "Đã nhập" / "tin 7 giờ.wav").exists()


def test_schedule_submit_approve_export(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from station.schedule import periods as schedule
    from tests.support.schedule import audio_item

    item = audio_item(station, "Bản tin thời sự", 600.0)
    sched, _ = schedule.create_week(station, "2026-11-23", empty=True)
    session, _ = schedule.add_session(station, sched.id, "2026-11-23", "05:30", minutes=10)
    schedule.add_slot(station, sched.id, session.key, item_id=item.id)
    root = station.datadir.root
    shown = json.loads(run_cli("schedule", "show", sched.id, "--json", data_dir=root).stdout)
    assert shown["status"] == "draft"
    submitted = run_cli("schedule", "submit", sched.id, "--user", "bientap", data_dir=root,
                        env={"STATION_PASSWORD": "bientap-password"})
    assert submitted.returncode == 0, submitted.stderr
    refused = run_cli("schedule", "approve", sched.id, data_dir=root)  # the local admin
    assert refused.returncode == 1 and "does not allow" in refused.stderr
    approved = run_cli("schedule", "approve", sched.id, "--user", "truongdai", "--json",
                       data_dir=root, env={"STATION_PASSWORD": "truongdai-password"})
    assert approved.returncode == 0, approved.stderr
    listed = json.loads(run_cli("schedule", "list", "--json", data_dir=root).stdout)
    assert [s["status"] for s in listed] == ["approved"]
    out = tmp_path / "gói.zip"
    exported = run_cli("schedule", "export", sched.id, "--to", str(out), "--zip", "--html",
                       str(tmp_path / "lich.html"), data_dir=root)
    assert exported.returncode == 0, exported.stderr
    assert out.exists() and "Lịch phát sóng" in (tmp_path / "lich.html").read_text("utf-8")


def test_hub_and_sync_commands(datadir: DataDir, tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time

    from media import tones

    hub_dir = tmp_path / "hub tỉnh"
    added = run_cli("hub", "add-station", "Đài xã Yên Bình", "--data-dir", str(hub_dir))
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip().splitlines()[-1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = str(Path(sys.executable).with_name("station"))
    server = subprocess.Popen([exe, "hub", "serve", "--data-dir", str(hub_dir), "--port",
                               str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the hub did not start"
                time.sleep(0.1)
        wav = tones.write_wav(tmp_path / "tin.wav", tones.sine(440.0, 1.0))
        assert run_cli("import", str(wav), data_dir=datadir.root).returncode == 0
        hub = f"http://127.0.0.1:{port}"
        wrong = run_cli("sync", "--hub", hub, "--token", "not-the-token", data_dir=datadir.root,
                        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
        assert wrong.returncode == 1
        done = run_cli("sync", "--hub", hub, "--token", token, "--json", data_dir=datadir.root,
                       env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
        assert done.returncode == 0, done.stdout + done.stderr
        # Remembered: the next run needs neither the address nor the token.
        again = run_cli("sync", data_dir=datadir.root,
                        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
        assert again.returncode == 0, again.stdout + again.stderr
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_search_without_diacritics(datadir: DataDir, tmp_path: Path) -> None:
    for name, text in (("a.txt", "Hoà Bình chống hạn\nNội dung."),
                       ("b.txt", "Đảng bộ xã họp\nNội dung."), ("c.txt", "Thời tiết\nMưa.")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert run_cli("import", *(str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt")),
                   data_dir=datadir.root).returncode == 0
    for query, title in (("hoa binh", "Hoà Bình chống hạn"), ("dang bo", "Đảng bộ xã họp"),
                         ("Hòa Bình", "Hoà Bình chống hạn")):
        found = json.loads(run_cli("search", query, "--json", data_dir=datadir.root).stdout)
        assert [h["title"] for h in found] == [title], query
        assert found[0]["id"]


def test_schedule_publish_and_report(station, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io
    from datetime import date, timedelta

    from station.schedule import approval as schedule_approval
    from station.schedule import periods as schedule
    from tests.support.schedule import audio_item, login

    monday = schedule.week_start(date.today())  # the items are made today: in the report
    login(station, "bientap")
    item = audio_item(station, "Bản tin thời sự", 600.0, category="Thời sự")
    sched, _ = schedule.create_week(station, monday + timedelta(days=7), empty=True)
    session, _ = schedule.add_session(station, sched.id, monday + timedelta(days=7), "05:30",
                                      minutes=10)
    schedule.add_slot(station, sched.id, session.key, item_id=item.id)
    schedule_approval.submit(station, sched.id)
    root = station.datadir.root
    early = run_cli("schedule", "publish", sched.id, data_dir=root)  # not approved yet
    assert early.returncode == 1 and "approved" in early.stderr
    login(station, "truongdai")
    schedule_approval.approve(station, sched.id)
    published = run_cli("schedule", "publish", sched.id, "--user", "bientap", "--json",
                        data_dir=root, env={"STATION_PASSWORD": "bientap-password"})
    assert published.returncode == 0, published.stderr
    assert json.loads(published.stdout)["status"] == "published"
    again = run_cli("schedule", "publish", sched.id, data_dir=root)
    assert again.returncode == 0 and "already" in again.stdout

    span = ("--from", monday.isoformat(), "--to", (monday + timedelta(days=13)).isoformat())
    hours = run_cli("schedule", "report", *span, "--by", "month", data_dir=root)
    assert hours.returncode == 0, hours.stderr
    rows = list(csv.reader(io.StringIO(hours.stdout)))
    assert rows[0] == ["period_start", "category", "language", "produced_hours", "aired_hours"]
    assert ["Thời sự", "vi", "0.17"] in [r[1:4] for r in rows[1:]]
    turnaround = run_cli("schedule", "report", *span, "--part", "turnaround", data_dir=root)
    lines = list(csv.reader(io.StringIO(turnaround.stdout)))
    assert len(lines) == 2 and lines[1][4:6] == ["truongdai", "approved"]
    whole = json.loads(run_cli("schedule", "report", *span, "--json", data_dir=root).stdout)
    assert set(whole) >= {"hours", "missed", "turnaround"} and whole["by"] == "week"
    backwards = run_cli("schedule", "report", "--from", "2031-03-09", "--to", "2031-03-03",
                        data_dir=root)
    assert backwards.returncode == 1 and "before" in backwards.stderr
