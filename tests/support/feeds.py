"""Web hosts for the relay and sync tests: a small tone file, an RSS feed that points at it,
and a server on loopback that serves whatever bytes a test gives it (hostile feeds, or a
"hub" that answers garbage). It honours "Range: bytes=N-" and can stall in mid-file."""

from __future__ import annotations

import math
import struct
import threading
import wave
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def tone(path: Path, seconds: float = 1.0) -> Path:
    """A quiet 16 kHz mono WAV file (a feed's enclosure)."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 8)))
                               for i in range(int(16000 * seconds))))
    return path


class Server:
    """A web host on loopback: ``routes`` maps a path to (content type, body); any other
    path gets ``fallback`` when given, else a 404."""

    def __init__(self, routes: dict[str, tuple[str, bytes]],
                 fallback: tuple[str, bytes] = ("text/plain", b"")) -> None:
        self.routes = routes
        self.endless: dict[str, str] = {}  # path -> content type of a body that never ends
        self.hits: dict[str, int] = {}  # path -> GET requests served
        # path -> bytes of the body after which the server stops sending (and holds the
        # connection open until ``release`` is set): a link that dies in mid-file.
        self.stall_after: dict[str, int] = {}
        self.release = threading.Event()
        self.ranges: list[tuple[str, str]] = []  # (path, Range header) of each GET with one
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                outer.hits[path] = outer.hits.get(path, 0) + 1
                if path in outer.endless:  # no Content-Length, bytes until the client quits
                    self.send_response(200)
                    self.send_header("Content-Type", outer.endless[path])
                    self.send_header("Connection", "close")
                    self.end_headers()
                    try:
                        while True:
                            self.wfile.write(b"\0" * 65536)
                    except OSError:
                        return
                ctype, body = outer.routes.get(path, fallback)
                start = self._range_start(path, len(body))
                self.send_response(404 if not body else 206 if start else 200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body) - start))
                if start:
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/"
                                                      f"{len(body)}")
                self.end_headers()
                stall = outer.stall_after.get(path)
                if stall is None:
                    self.wfile.write(body[start:])
                    return
                self.wfile.write(body[start:max(stall, start)])
                self.wfile.flush()
                outer.release.wait(60)

            def _range_start(self, path: str, size: int) -> int:
                """Where a "Range: bytes=N-" request starts (0 without one)."""
                asked = self.headers.get("Range", "")
                if not asked:
                    return 0
                outer.ranges.append((path, asked))
                if asked.startswith("bytes=") and asked.endswith("-"):
                    start = int(asked[6:-1])
                    return start if 0 < start < size else 0
                return 0

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()


def feed(url: str, length: int, name: str = "tin.wav") -> bytes:
    """An RSS feed of one item whose enclosure is ``url/name``, said to be ``length`` bytes."""
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>Tin</title><guid>g1</guid>
<enclosure url="{url}/{name}" length="{length}" type="audio/wav"/></item>
</channel></rss>""".encode()


# Hostile feeds: an entity bomb ("billion laughs") and an external entity (XXE).
BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&x;</title></channel></rss>"""
