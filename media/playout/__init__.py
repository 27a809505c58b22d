"""The playout audio engine: a sample-exact mixer, its output locked to the wall clock, its
sources, the alert tone.
"""
