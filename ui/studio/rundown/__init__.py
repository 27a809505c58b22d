"""The Studio's Programmes tab: the panel (panel.py) and its parts: the programme list,
the segment table, the segment's kind and transition, the TTS bulletin dialog."""
