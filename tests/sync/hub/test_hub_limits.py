"""The real hub on loopback against hostile clients: bodies cut at their limit while they
arrive, half-sent requests dropped, a cap on requests in flight per token, and crafted input
answered 400 (never 500)."""

from __future__ import annotations

import base64
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sync.hub.limits import IDLE_ENV, MAX_JSON
from sync.hub.process import HubProcess
from sync.hub.store import HubStore

ADMIN = "adm_test-admin-token"
IDLE_S = 1.5
BASE = "/api/sync/v1"


@pytest.fixture
def strict_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[HubProcess,
                                                                               str, str]]:
    """The hub with a short idle timeout and an admin token; (hub, station id, token)."""
    monkeypatch.setenv(IDLE_ENV, str(IDLE_S))
    monkeypatch.setenv("STATION_HUB_ADMIN_TOKEN", ADMIN)
    store = HubStore(tmp_path / "hub")
    try:
        sid, token = store.add_station("Yên Bình")
    finally:
        store.close()
    with HubProcess(tmp_path / "hub") as hub:
        yield hub, sid, token


def connect(hub: HubProcess) -> socket.socket:
    return socket.create_connection(("127.0.0.1", hub.port), timeout=10)


def head(path: str, token: str, *lines: str, method: str = "POST") -> bytes:
    return "\r\n".join([f"{method} {path} HTTP/1.1", "Host: hub",
                        f"Authorization: Bearer {token}", *lines, "", ""]).encode()


def status_of(sock: socket.socket) -> int:
    data = b""
    while b"\r\n" not in data:
        got = sock.recv(4096)
        if not got:
            break
        data += got
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/1.1 ") else 0


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """The hub closed this connection within ``seconds`` (whatever it said first)."""
    sock.settimeout(seconds)
    try:
        while sock.recv(65536):
            pass
        return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_a_json_body_is_cut_as_it_passes_16_mib_without_content_length(strict_hub):
    hub, sid, token = strict_hub
    with connect(hub) as sock:
        sock.sendall(head(f"{BASE}/stations/{sid}/mutations", token,
                          "Content-Type: application/json", "Transfer-Encoding: chunked"))
        chunk = b"x" * (1 << 20)
        for _ in range(MAX_JSON // len(chunk) + 1):  # one MiB past the limit, then wait
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        assert status_of(sock) == 413
        assert closed_within(sock, 5)


def test_a_declared_length_over_the_limit_is_refused_before_reading(strict_hub):
    hub, sid, token = strict_hub
    with connect(hub) as sock:
        sock.sendall(head(f"{BASE}/stations/{sid}/mutations", token,
                          "Content-Type: application/json", "Content-Length: 2147483648"))
        started = time.monotonic()
        assert status_of(sock) == 413
        assert time.monotonic() - started < 1  # not after the idle timeout: at once


def test_admin_forms_stop_at_one_mib(strict_hub):
    hub, _sid, _token = strict_hub
    auth = {"Authorization": "Basic " + base64.b64encode(f"x:{ADMIN}".encode()).decode(),
            "X-Hub-Admin": "1"}
    big = {"title": "Thông báo", "text": "a" * (1024 * 1024)}
    got = httpx.post(f"{hub.url}/admin/bulletin", json=big, headers=auth, timeout=10)
    assert got.status_code == 413
    small = {"title": "Thông báo", "text": "Lịch cắt điện ngày mai"}
    assert httpx.post(f"{hub.url}/admin/bulletin", json=small, headers=auth,
                      timeout=10).status_code == 200


def test_a_tus_patch_longer_than_the_upload_is_refused_before_reading(strict_hub):
    hub, _sid, token = strict_hub
    tus = {"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"}
    made = httpx.post(f"{hub.url}{BASE}/files", headers={**tus, "Upload-Length": "1000"})
    assert made.status_code == 201
    with connect(hub) as sock:
        sock.sendall(head(made.headers["location"], token, "Tus-Resumable: 1.0.0",
                          "Upload-Offset: 0", "Content-Type: application/offset+octet-stream",
                          "Content-Length: 5000000", method="PATCH"))
        assert status_of(sock) == 413
    offset = httpx.head(f"{hub.url}{made.headers['location']}", headers=tus)
    assert offset.headers["upload-offset"] == "0"


def test_half_sent_headers_and_stalled_bodies_are_dropped(strict_hub):
    hub, sid, token = strict_hub
    heads = [connect(hub) for _ in range(10)]
    for sock in heads:
        sock.sendall(b"GET /api/sync/v1/hello HTTP/1.1\r\nHost: hub\r\nX-Slow: ")
    body = connect(hub)
    body.sendall(head(f"{BASE}/stations/{sid}/mutations", token,
                      "Content-Type: application/json", "Content-Length: 1000") + b'{"mut')
    started = time.monotonic()
    assert all(closed_within(sock, IDLE_S + 3) for sock in heads)
    assert status_of(body) == 408
    assert time.monotonic() - started < IDLE_S + 3
    for sock in [*heads, body]:
        sock.close()
    # The hub still answers everyone else.
    assert httpx.get(f"{hub.url}{BASE}/hello", timeout=5).status_code == 200


def test_one_token_has_at_most_8_requests_in_flight(strict_hub):
    hub, sid, token = strict_hub
    held = [connect(hub) for _ in range(8)]
    for sock in held:  # each waits for a body that does not come
        sock.sendall(head(f"{BASE}/stations/{sid}/mutations", token,
                          "Content-Type: application/json", "Content-Length: 100"))
    time.sleep(0.3)
    busy = httpx.get(f"{hub.url}{BASE}/stations/{sid}/changes",
                     headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert busy.status_code == 429
    assert busy.headers["retry-after"] == "2"
    # Another station's token is not held up by this one.
    store = HubStore(hub.data_dir)
    try:
        other_sid, other = store.add_station("Tân Lập")
    finally:
        store.close()
    assert httpx.get(f"{hub.url}{BASE}/stations/{other_sid}/changes",
                     headers={"Authorization": f"Bearer {other}"}, timeout=5).status_code == 200
    for sock in held:
        sock.close()
    time.sleep(0.3)
    assert httpx.get(f"{hub.url}{BASE}/stations/{sid}/changes",
                     headers={"Authorization": f"Bearer {token}"}, timeout=5).status_code == 200


def _cursor(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def test_crafted_json_and_cursors_get_4xx_never_500(strict_hub):
    hub, sid, token = strict_hub
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    post = f"{hub.url}{BASE}/stations/{sid}/mutations"
    nested = b'{"mutations": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    assert httpx.post(post, content=nested, headers=auth).status_code == 400
    assert httpx.post(f"{hub.url}{BASE}/stations/{sid}/assets:check", headers=auth,
                      content=b'{"sha256": ' + b"[" * 100 + b"]" * 100 + b"}").status_code == 400
    mutation = {"id": "m1", "entity": "item", "entity_id": "i1", "op": "upsert",
                "hlc": "1765000000000-00000-dev", "fields": {"gain": "NaN"}}
    text = json.dumps({"mutations": [mutation]}).replace('"NaN"', "NaN")
    assert httpx.post(post, content=text, headers=auth).status_code == 400
    for bad in ('{"mutations": 5}', '["mutations"]', '{"mutations": [1e999]}', "{"):
        assert httpx.post(post, content=bad, headers=auth).status_code == 400, bad
    store = HubStore(hub.data_dir)
    epoch = store.epoch
    store.close()
    changes = f"{hub.url}{BASE}/stations/{sid}/changes"
    for cursor in (_cursor({"e": epoch, "s": float("inf")}),
                   _cursor({"e": epoch, "s": 2**70}), "%%%", _cursor({"e": epoch, "s": "x"})):
        got = httpx.get(changes, params={"cursor": cursor}, headers=auth)
        assert 400 <= got.status_code < 500, cursor
    for limit in ("1001", "-1", "0", "1e3", "x"):
        assert httpx.get(changes, params={"limit": limit}, headers=auth).status_code == 400
    snapshot = f"{hub.url}{BASE}/stations/{sid}/snapshot"
    for page in (_cursor({"e": epoch, "t": 2**70, "r": 0}),
                 _cursor({"e": epoch, "t": 1, "r": float("inf")})):
        assert 400 <= httpx.get(snapshot, params={"page": page}, headers=auth).status_code < 500
    # Nothing of it was stored: the feed is empty and valid JSON.
    fed = httpx.get(changes, headers=auth)
    assert fed.status_code == 200 and fed.json()["changes"] == []


def test_a_kept_alive_connection_that_starts_a_second_request_and_stalls_is_dropped(strict_hub):
    hub, _sid, _token = strict_hub
    with connect(hub) as sock:
        sock.sendall(b"GET /api/sync/v1/hello HTTP/1.1\r\nHost: hub\r\n\r\n")
        assert status_of(sock) == 200
        sock.sendall(b"GET /api/sync/v1/hello HTTP/1.1\r\nHost: h")  # and then nothing
        started = time.monotonic()
        assert closed_within(sock, IDLE_S + 3)
        assert time.monotonic() - started < IDLE_S + 3


def test_a_far_future_hlc_is_refused_and_a_current_one_applies(strict_hub):
    hub, sid, token = strict_hub
    auth = {"Authorization": f"Bearer {token}"}
    now_ms = int(time.time() * 1000)

    def push(mid: str, ms: int) -> dict[str, object]:
        mutation = {"id": mid, "entity": "item", "entity_id": "i1", "op": "upsert",
                    "hlc": f"{ms:013d}-00000-dev", "fields": {"title": mid}}
        got = httpx.post(f"{hub.url}{BASE}/stations/{sid}/mutations", headers=auth,
                         json={"mutations": [mutation]})
        assert got.status_code == 200
        return dict(got.json()["results"][0])

    forged = push("m-future", 9999999999999)
    assert forged["status"] == "rejected" and "ahead" in str(forged["reason"])
    assert push("m-now", now_ms)["status"] == "applied"
    assert push("m-tomorrow", now_ms + 24 * 3600 * 1000)["status"] == "applied"  # a fast clock
