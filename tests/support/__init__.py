"""Helpers shared by the tests: one module per kind of real part (PulseAudio, icecast, hub,
window...).
"""
