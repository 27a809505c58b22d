"""sync/hub: the reference provincial endpoint of "station sync v1" (docs/sync-protocol.md).

An ASGI app (Starlette) over SQLite with a content-addressed store on disk, so a province
without a system of its own can run it, and the tests run the real thing on loopback.
"""
