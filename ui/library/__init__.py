"""The Library section: its page, the item model fetched on demand, the metadata editor."""
