"""Start the service at boot. Linux: a systemd user unit (Restart=always) with lingering, so
it runs with nobody logged in. Windows: a scheduled task at start-up.

Nothing here raises for a missing or failing systemctl/schtasks: the outcome says what was
done, and what is left to run by hand.
"""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from station.paths import DataDir

UNIT_NAME = "station.service"
TASK_NAME = "Station service"
LINGER_MARK = "# station: lingering was turned on by `station service install`"


@dataclass
class Outcome:
    ok: bool
    where: str  # the unit file, or the task's name
    done: list[str] = field(default_factory=list)  # the commands that ran
    problem: str = ""
    by_hand: list[list[str]] = field(default_factory=list)  # what is left to run


def unit_path() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "systemd" / "user" / UNIT_NAME


def service_argv(datadir: DataDir, entry: list[str]) -> list[str]:
    return [*entry, "--data-dir", str(datadir.root), "service", "run"]


def _systemd_quote(arg: str) -> str:
    arg = arg.replace("%", "%%").replace("$", "$$")  # specifiers and variables stay literal
    if arg and not any(c.isspace() or c in "\"'\\;" for c in arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unit_text(datadir: DataDir, entry: list[str], *, linger_ours: bool) -> str:
    exec_start = " ".join(_systemd_quote(a) for a in service_argv(datadir, entry))
    lines = ["[Unit]", f"Description=Station radio service ({datadir.root})",
             "After=network-online.target sound.target", "",
             "[Service]", "Type=simple", f"ExecStart={exec_start}",
             "Restart=always", "RestartSec=2",
             "TimeoutStopSec=30",  # the worker closes the airing and the device first
             *([LINGER_MARK] if linger_ours else []), "",
             "[Install]", "WantedBy=default.target", ""]
    return "\n".join(lines)


def _run(commands: list[list[str]], outcome: Outcome) -> Outcome:
    """Run each command; at the first missing or failing one, stop and list the rest."""
    for i, cmd in enumerate(commands):
        if shutil.which(cmd[0]) is None:
            outcome.problem = f"{cmd[0]} is not available on this computer"
        else:
            try:
                done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            except (OSError, subprocess.TimeoutExpired) as exc:
                outcome.problem = f"{' '.join(cmd)}: {exc}"
            else:
                if done.returncode == 0:
                    outcome.done.append(" ".join(cmd))
                    continue
                reason = (done.stderr or done.stdout).strip().splitlines()
                outcome.problem = (f"{' '.join(cmd)} failed (exit {done.returncode})"
                                   + (f": {reason[-1]}" if reason else ""))
        outcome.ok = False
        outcome.by_hand = commands[i:]
        return outcome
    outcome.ok = True
    return outcome


def _linger_on(user: str) -> bool:
    if shutil.which("loginctl") is None:
        return False
    try:
        done = subprocess.run(["loginctl", "show-user", user, "--property=Linger", "--value"],
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and done.stdout.strip() == "yes"


def install(datadir: DataDir, entry: list[str]) -> Outcome:
    if sys.platform == "win32":
        return _install_task(datadir, entry)
    user = getpass.getuser()
    linger_ours = not _linger_on(user)
    path = unit_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(unit_text(datadir, entry, linger_ours=linger_ours), encoding="utf-8")
    commands = [["systemctl", "--user", "daemon-reload"],
                ["systemctl", "--user", "enable", "--now", UNIT_NAME]]
    if linger_ours:
        commands.append(["loginctl", "enable-linger", user])
    return _run(commands, Outcome(False, str(path)))


def uninstall(datadir: DataDir) -> Outcome:
    if sys.platform == "win32":
        return _run([["schtasks", "/Delete", "/TN", TASK_NAME, "/F"]], Outcome(False, TASK_NAME))
    path = unit_path()
    if not path.exists():
        return Outcome(True, str(path), problem="")
    linger_ours = LINGER_MARK in path.read_text(encoding="utf-8")
    outcome = _run([["systemctl", "--user", "disable", "--now", UNIT_NAME]],
                   Outcome(False, str(path)))
    path.unlink()  # gone either way: the unit must not come back at the next boot
    rest = [["systemctl", "--user", "daemon-reload"]]
    if linger_ours:
        rest.append(["loginctl", "disable-linger", getpass.getuser()])
    if not outcome.ok:
        outcome.by_hand += rest
        return outcome
    return _run(rest, outcome)


def _install_task(datadir: DataDir, entry: list[str]) -> Outcome:
    """A task at start-up that runs as this user whether or not anyone logs on (/NP: no
    password is stored; creating it needs an administrator's prompt)."""
    command = subprocess.list2cmdline(service_argv(datadir, entry))
    return _run([["schtasks", "/Create", "/F", "/TN", TASK_NAME, "/SC", "ONSTART",
                  "/RU", getpass.getuser(), "/NP", "/RL", "LIMITED", "/TR", command]],
                Outcome(False, TASK_NAME))
