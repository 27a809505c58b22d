"""Non-destructive editing of audio items, rendered to new items with their lineage.

projects: an edit list per project, each operation a stored step (undo, redo); timeline:
the pure sample arithmetic of an edit list; operations: cut, paste, fades and the rest;
sources: the files and cached peaks an edit list uses; render: one ffmpeg graph into a new
item; renders: rendered items (edits and programmes) and what they were made of.
"""
