"""Long-lived background services of the window: playout, scheduled recordings, sync, watched
folders.
"""
