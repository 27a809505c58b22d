"""The broadcast schedule and its approval (DESIGN.md section 5): model, editing, templates,
timing, checks, rules, approval, bulletins, diff, export, reports.
"""
