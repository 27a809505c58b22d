"""The real `station` console script, run in a child process as a user would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, data_dir: Path | None = None, stdin: str | None = None,
            env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real `station` console script as a user would."""
    exe = Path(sys.executable).with_name("station")
    cmd = [str(exe)]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([*cmd, *args], input=stdin, capture_output=True, text=True,
                          env=full_env, timeout=timeout)
