"""The hub's structured logs (sync/hub/logs.py): one JSON line per request on stderr."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from sync.hub import logs

TOKEN = "st1_Q2hpYSBraG9hIGJpIG1hdA"
BODY = "Xin chào Yên Bình"
TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def authenticate(request: Request) -> None:
    if request.headers.get("authorization") == f"Bearer {TOKEN}":
        logs.set_station(request, "yen-binh")


async def hello(request: Request) -> Response:
    authenticate(request)
    logging.getLogger("station.hub.sync").info("served %d changes", 3, extra={"cursor_rows": 3})
    return PlainTextResponse(BODY)


def in_thread(request: Request) -> Response:
    # a plain def endpoint runs in Starlette's thread pool: the request's fields follow it
    authenticate(request)
    logging.getLogger("sync.hub.store").warning("slow query", extra={"table": "changes"})
    return PlainTextResponse("ok")


async def unavailable(request: Request) -> Response:
    return JSONResponse({"error": "not_ready"}, status_code=503)


async def boom(request: Request) -> Response:
    raise RuntimeError("lost the database, token=hunter22secret")


class Client:
    """Requests straight into the app over httpx's ASGI transport (no socket needed)."""

    def __init__(self, slow_ms: float = 60_000) -> None:
        self.app = Starlette(routes=[
            Route("/api/hello", hello), Route("/api/thread", in_thread),
            Route("/api/unavailable", unavailable), Route("/api/boom", boom),
        ], middleware=[Middleware(logs.AccessLog, slow_ms=slow_ms)])

    def get(self, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
        async def run() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as c:
                return await c.get(path, headers=headers)
        return asyncio.run(run())


@pytest.fixture(autouse=True)
def json_logs() -> Iterator[None]:
    """configure() for the test, and the hub's loggers put back as they were after it."""
    saved = {name: (lg.handlers[:], lg.level, lg.propagate)
             for name in logs.LOGGERS for lg in [logging.getLogger(name)]}
    logs.configure("info")
    yield
    for name, (handlers, level, propagate) in saved.items():
        lg = logging.getLogger(name)
        lg.handlers[:] = handlers
        lg.setLevel(level)
        lg.propagate = propagate


def lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    err = capsys.readouterr().err
    return [json.loads(line) for line in err.splitlines() if line.strip()]


def requests_in(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in records if r["event"] == "request"]


def test_a_request_is_one_json_line_without_query_or_token(
        capsys: pytest.CaptureFixture[str]) -> None:
    c = Client()
    r = c.get("/api/hello?cursor=c_SECRETCURSOR&limit=5",
              headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200
    err = capsys.readouterr().err
    assert "SECRETCURSOR" not in err and "cursor=" not in err and "limit" not in err
    assert TOKEN not in err and "Bearer" not in err
    records = [json.loads(line) for line in err.splitlines()]  # every line is JSON
    [line] = requests_in(records)
    assert TS.match(line["ts"])
    assert line["level"] == "info" and line["logger"] == "station.hub.access"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/api/hello", 200)
    assert line["bytes_out"] == len(BODY.encode("utf-8"))
    assert isinstance(line["duration_ms"], float) and 0 <= line["duration_ms"] < 60_000
    assert line["pid"] == os.getpid()
    assert line["station"] == "yen-binh"
    assert line["msg"] == "GET /api/hello 200"


def test_no_station_without_authentication(capsys: pytest.CaptureFixture[str]) -> None:
    c = Client()
    c.get("/api/hello", headers={"Authorization": "Bearer st1_wrongwrongwrong"})
    [line] = requests_in(lines(capsys))
    assert line["station"] is None and line["status"] == 200


def test_lines_logged_during_a_request_carry_its_id_and_station(
        capsys: pytest.CaptureFixture[str]) -> None:
    c = Client()
    c.get("/api/hello", headers={"Authorization": f"Bearer {TOKEN}",
                                 "X-Request-ID": "nginx-7f3a"})
    c.get("/api/thread", headers={"Authorization": f"Bearer {TOKEN}",
                                  "X-Request-ID": "bad id\x7f with spaces"})
    records = lines(capsys)
    inner = next(r for r in records if r["logger"] == "station.hub.sync")
    assert inner["msg"] == "served 3 changes" and inner["cursor_rows"] == 3
    assert inner["station"] == "yen-binh" and inner["request_id"] == "nginx-7f3a"
    assert inner["event"] == "log" and inner["level"] == "info"
    threaded = next(r for r in records if r["logger"] == "sync.hub.store")
    assert threaded["station"] == "yen-binh" and threaded["table"] == "changes"
    assert threaded["level"] == "warning"
    first, second = requests_in(records)
    assert first["request_id"] == "nginx-7f3a"
    # a header that is not a plain token is replaced, not copied into the log
    assert re.fullmatch(r"[0-9a-f]{16}", second["request_id"])
    assert threaded["request_id"] == second["request_id"]


def test_5xx_and_failures_are_errors(capsys: pytest.CaptureFixture[str]) -> None:
    c = Client()
    assert c.get("/api/unavailable").status_code == 503
    assert c.get("/api/boom").status_code == 500
    err = capsys.readouterr().err
    assert "hunter22secret" not in err
    unavailable, boom = requests_in([json.loads(line) for line in err.splitlines()])
    assert (unavailable["status"], unavailable["level"]) == (503, "error")
    assert (boom["status"], boom["level"]) == (500, "error")
    assert "RuntimeError: lost the database" in boom["exc"]


def test_a_slow_request_is_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    c = Client(slow_ms=0)
    c.get("/api/hello")
    [line] = requests_in(lines(capsys))
    assert line["level"] == "warning" and line["slow"] is True and line["status"] == 200


def test_secrets_in_messages_and_fields_are_hidden(capsys: pytest.CaptureFixture[str]) -> None:
    log = logging.getLogger("station.hub.db")
    log.info("connecting to %s", "postgresql://hub:s3cretpw@db.tinh.vn/hub",
             extra={"token": "plainsecretvalue", "auth": "Bearer abcdefghij",
                    "dsn": {"password": "pw-in-a-dict"}, "quote": 'say "token=x\\"y"'})
    err = capsys.readouterr().err
    for secret in ("s3cretpw", "plainsecretvalue", "abcdefghij", "pw-in-a-dict"):
        assert secret not in err
    [line] = [json.loads(text) for text in err.splitlines()]
    assert line["msg"] == "connecting to postgresql://[redacted]@db.tinh.vn/hub"
    assert line["token"] == "[redacted]" and line["dsn"] == {"password": "[redacted]"}
    assert "station" not in line  # logged outside any request


def test_configure_twice_writes_each_line_once(capsys: pytest.CaptureFixture[str]) -> None:
    logs.configure(logging.WARNING)
    log = logging.getLogger("station.hub.tus")
    log.info("not shown at warning")
    log.warning("một lần")  # non-ASCII stays readable, not \\u escapes
    out = capsys.readouterr().err.splitlines()
    assert len(out) == 1 and "một lần" in out[0]
    with pytest.raises(ValueError):
        logs.configure("loud")
