"""A real icecast2 server on a free loopback port, fed by a real ffmpeg (DESIGN.md section 8).

icecast2 refuses to run as root unless its config tells it which user to become; as root
we name the Debian package's own user (icecast2, falling back to nobody). Its logs go to
stderr, so the user it becomes never needs to write into the test's temporary folder.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SOURCE_PASSWORD = "nguon-thu-123"
TONE_HZ = 1000.0
TONE_DBFS = -12.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _owner() -> str:
    """The <changeowner> block icecast2 needs when started as root."""
    if os.geteuid() != 0:
        return ""
    for user in ("icecast2", "nobody"):
        try:
            pw = pwd.getpwnam(user)
        except KeyError:
            continue
        group = grp.getgrgid(pw.pw_gid).gr_name
        return f"<changeowner><user>{user}</user><group>{group}</group></changeowner>"
    return ""


def _config(port: int) -> str:
    share = Path("/usr/share/icecast2")
    return f"""<icecast>
  <location>loopback</location><admin>test@localhost</admin>
  <limits><clients>100</clients><sources>32</sources><source-timeout>10</source-timeout>
    <burst-size>16384</burst-size></limits>
  <authentication><source-password>{SOURCE_PASSWORD}</source-password>
    <admin-user>admin</admin-user><admin-password>{SOURCE_PASSWORD}</admin-password>
  </authentication>
  <hostname>127.0.0.1</hostname>
  <listen-socket><port>{port}</port><bind-address>127.0.0.1</bind-address></listen-socket>
  <paths><basedir>{share}</basedir><logdir>/tmp</logdir><webroot>{share}/web</webroot>
    <adminroot>{share}/admin</adminroot></paths>
  <logging><accesslog>-</accesslog><errorlog>-</errorlog><loglevel>2</loglevel></logging>
  <security><chroot>0</chroot>{_owner()}</security>
</icecast>
"""


@dataclass
class Icecast:
    port: int
    proc: subprocess.Popen[bytes]
    feeders: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def url(self, mount: str) -> str:
        return f"http://127.0.0.1:{self.port}/{mount}"

    def feed(self, mount: str, *, freq: float = TONE_HZ, level_dbfs: float = TONE_DBFS,
             fmt: str = "mp3", wait: bool = True) -> subprocess.Popen[bytes]:
        """Start ffmpeg sending a real-time sine tone to ``mount`` (mp3 or ogg)."""
        import ffmpeg as ffmpeg_python

        from media.ffmpeg import ffmpeg_path

        amp = 10 ** (level_dbfs / 20)
        src = ffmpeg_python.input(
            f"sine=frequency={freq}:sample_rate=44100", f="lavfi", re=None)
        codec = {"mp3": {"acodec": "libmp3lame", "audio_bitrate": "128k", "f": "mp3",
                         "content_type": "audio/mpeg"},
                 "ogg": {"acodec": "libvorbis", "audio_bitrate": "96k", "f": "ogg",
                         "content_type": "application/ogg"}}[fmt]
        # The sine source is 1/8 full scale; volume brings it to the wanted level, and
        # amerge puts the same tone in both channels (-ac 2 would lower it by 3 dB).
        tone = src.filter("volume", amp * 8, precision="double").filter_multi_output("asplit")
        out = ffmpeg_python.filter([tone[0], tone[1]], "amerge", inputs=2).output(
            f"icecast://source:{SOURCE_PASSWORD}@127.0.0.1:{self.port}/{mount}",
            ice_name="Thử nghiệm VOV", **codec)
        cmd = [ffmpeg_path(), "-nostdin", "-loglevel", "error", *out.get_args()]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        self.feeders[mount] = proc
        if wait:
            self.wait_mount(mount)
        return proc

    def wait_mount(self, mount: str, timeout: float = 15) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError), \
                    httpx.stream("GET", self.url(mount), timeout=2) as resp:
                if resp.status_code == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"icecast mount {mount} did not come up")

    def stop_feed(self, mount: str) -> None:
        proc = self.feeders.pop(mount, None)
        if proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGCONT)  # a paused feeder must be able to die
            proc.kill()
            proc.wait(timeout=10)


    def stop_feeds(self) -> None:
        for mount in list(self.feeders):
            self.stop_feed(mount)


def start_icecast(tmp_path: Path) -> Icecast:
    if shutil.which("icecast2") is None:
        pytest.skip("icecast2 is not installed (bootstrap installs it)")
    port = free_port()
    conf = tmp_path / "icecast.xml"
    conf.write_text(_config(port), encoding="utf-8")
    proc = subprocess.Popen(["icecast2", "-c", str(conf)], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while True:
        if proc.poll() is not None:
            err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
            raise RuntimeError(f"icecast2 exited {proc.returncode}: {err[-500:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("icecast2 did not start listening")
        time.sleep(0.05)
    return Icecast(port, proc)


def stop_icecast(server: Icecast) -> None:
    server.stop_feeds()
    server.proc.kill()  # nothing to save, and a polite stop takes it a second or more
    server.proc.wait(timeout=10)


@contextlib.contextmanager
def running_icecast(tmp_path: Path) -> Iterator[Icecast]:
    """A running icecast2 on loopback (for a fixture); ``.feed(mount)`` starts a tone."""
    server = start_icecast(tmp_path)
    try:
        yield server
    finally:
        stop_icecast(server)


@pytest.fixture(scope="module")
def icecast_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Icecast]:
    """One server for the module; each test feeds its own mount."""
    with running_icecast(tmp_path_factory.mktemp("icecast")) as server:
        yield server


@pytest.fixture
def icecast(icecast_server: Icecast) -> Iterator[Icecast]:
    yield icecast_server
    icecast_server.stop_feeds()  # a test's feeders must not load the next one
