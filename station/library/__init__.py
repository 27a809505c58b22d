"""The media library and archive: items, import, metadata, archive care, export, watched folders,
catalogue import.
"""
