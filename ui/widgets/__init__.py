"""Widgets used by several pages: meters, waveforms, the preview player."""
