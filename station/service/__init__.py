"""The station's unattended service (`station service ...`, DESIGN.md 5b): a supervisor
process that keeps one worker alive; the worker owns playout of the published schedule,
watched folders and whatever jobs the layers above plug in (sync, relay refresh).

- jobs: the Job protocol, the core jobs and the hook the composition root plugs jobs into
- worker: the worker's loop and its status file (service/status.json in the data dir)
- supervisor: the one-per-data-dir lock, starting and restarting the worker
- status: reading the status file (running, stale, stopped)
- units: start at boot (a systemd user unit on Linux, a start-up task on Windows)
"""
