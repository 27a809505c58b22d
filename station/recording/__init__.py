"""Recordings: takes from an input device, streams captured into the library, unattended recording
rules.
"""
