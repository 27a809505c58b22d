"""What a file is, from its first bytes (magic numbers), for the hub's answers. A client
never chooses the type the hub serves: a type it sent could carry a CRLF into a header or
make the hub's own origin serve a page. What is not one of the formats Station works with
is ``application/octet-stream``."""

from __future__ import annotations

from pathlib import Path

HEAD_BYTES = 4096
OCTET = "application/octet-stream"
# Every type media_type_of gives: a stored type among them is one the hub derived (or would
# have), so reading it back needs no second look at the bytes.
KNOWN_TYPES = frozenset({
    "audio/mpeg", "audio/wav", "audio/aiff", "audio/flac", "audio/ogg", "video/ogg",
    "audio/mp4", "video/mp4", "video/quicktime", "video/webm", "video/x-matroska",
    "audio/x-ms-wma", "image/png", "image/jpeg", "application/pdf", "audio/aac",
    "text/html", "text/plain", OCTET})

# Opening tags that make a browser take text for HTML (the WHATWG sniffing list).
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<script", b"<iframe", b"<h1",
                b"<div", b"<font", b"<table", b"<a", b"<style", b"<title", b"<b", b"<body",
                b"<br", b"<p", b"<!--")
_TAG_ENDS = (b" ", b">", b"\t", b"\n", b"\r", b"/")


def media_type(path: Path) -> str:
    """The type of the file at ``path`` (OCTET when it cannot be read)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return OCTET
    return media_type_of(head)


def media_type_of(head: bytes) -> str:
    """The type of a file that starts with ``head`` (its first few KiB)."""
    found = _binary(head)
    if found:
        return found
    return _text(head) or OCTET


def _mp3_frame(head: bytes) -> bool:
    # An MPEG audio frame header: 11 sync bits, a version and a layer that exist.
    return (len(head) >= 4 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
            and head[1] & 0x18 != 0x08 and head[1] & 0x06 != 0
            and head[2] & 0xF0 != 0xF0 and head[2] & 0x0C != 0x0C)


def _binary(head: bytes) -> str:
    if head.startswith(b"ID3"):
        return "audio/mpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "audio/aiff"
    if head.startswith(b"fLaC"):
        return "audio/flac"
    if head.startswith(b"OggS"):
        return "video/ogg" if b"\x80theora" in head[:256] else "audio/ogg"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"M4A ", b"M4B ", b"M4P ", b"F4A "):
            return "audio/mp4"
        return "video/quicktime" if brand == b"qt  " else "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm" if b"webm" in head[:64] else "video/x-matroska"
    if head.startswith(b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"):
        return "audio/x-ms-wma"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "audio/aac"  # ADTS: sync bits, layer 0
    if _mp3_frame(head):
        return "audio/mpeg"
    return ""


def _text(head: bytes) -> str:
    """text/html for what a browser would take for a page, text/plain for other UTF-8 text
    with no control characters; '' otherwise."""
    body = head.removeprefix(b"\xef\xbb\xbf")
    if not body or b"\x00" in body:
        return ""
    # A cut in the middle of a character at the end of the head is still text.
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(body) - 3 or len(head) < HEAD_BYTES:
            return ""
    if any((b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D)) or b == 0x7F for b in body):
        return ""
    start = body.lstrip(b" \t\r\n\x0c").lower()
    for tag in _HTML_STARTS:
        if start.startswith(tag) and (tag == b"<!--" or
                                      start[len(tag):len(tag) + 1] in _TAG_ENDS):
            return "text/html"
    return "text/plain"


def shown_inline(mime: str) -> bool:
    """Audio, video and pictures may be played or shown by a browser; anything else is
    served as a download."""
    return mime.startswith(("audio/", "video/", "image/"))
