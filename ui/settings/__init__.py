"""The Settings section: station, users, language, playout and watched folders."""
