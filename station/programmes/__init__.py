"""Programmes as rundowns: segments, templates, rendering into one library item."""
