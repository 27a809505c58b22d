"""The real `station` console script, run in a child process as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ADMIN = "admin"
PASSWORDS = {"admin": "admin-password-1"}  # the template station's (tests/conftest.py)


def password_of(user: str) -> str:
    """The template station's password of ``user`` (bientap, truongdai, luutru: <name>-password)."""
    return PASSWORDS.get(user, f"{user}-password")


def run_cli(*args: str, data_dir: Path | None = None, stdin: str | None = None,
            env: dict[str, str] | None = None, timeout: float = 120,
            user: str | None = ADMIN) -> subprocess.CompletedProcess[str]:
    """Run the real `station` console script as a user would. On a station it acts as
    ``user`` (``--user``, with the template's password in $STATION_PASSWORD unless ``env``
    gives one); ``user=None`` runs it as the local operator, who may only read."""
    exe = Path(sys.executable).with_name("station")
    cmd = [str(exe)]
    extra: dict[str, str] = {}
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
        if user is not None:
            cmd += ["--user", user]
            extra["STATION_PASSWORD"] = password_of(user)
    full_env = {**os.environ, **extra, **(env or {})}
    return subprocess.run([*cmd, *args], input=stdin, capture_output=True, text=True,
                          env=full_env, timeout=timeout)
