"""The Studio's tabs: record, edit, programmes (rundowns), text-to-speech."""
