"""The Studio's waveform editor: the panel (panel.py) and its parts: finding the item,
the toolbars, the edit commands, and playback."""
