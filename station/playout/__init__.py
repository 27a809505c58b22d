"""On-air playout of published schedules: the plan and its runner, spoken bulletins, settings, the
as-run log.
"""
