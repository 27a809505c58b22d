#!/bin/sh
# Adds Station to this user's applications menu, pointing at this folder:
#   ./install-menu-entry.sh            add (or update, after moving the folder)
#   ./install-menu-entry.sh --remove   take it out again (the station's data stays)
set -eu
HERE=$(dirname "$(readlink -f "$0")")
apps=${XDG_DATA_HOME:-$HOME/.local/share}/applications
entry=$apps/station.desktop
if [ "${1:-}" = "--remove" ]; then
    rm -f "$entry"
    echo "removed $entry"
    exit 0
fi
mkdir -p "$apps"
# The Exec value is quoted: the folder may sit under a path with spaces.
sed -e "s|^Exec=.*|Exec=\"$HERE/AppRun\"|" -e "s|^Icon=.*|Icon=$HERE/station.png|" \
    "$HERE/station.desktop" > "$entry.tmp"
mv "$entry.tmp" "$entry"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" || true
echo "added $entry"
