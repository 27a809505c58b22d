#!/usr/bin/env bash
# Sets up a development/runtime environment from nothing, then runs the app or the tests.
#   bash installer/bootstrap.sh app  [station args...]
#   bash installer/bootstrap.sh test [pytest args...]
#   bash installer/bootstrap.sh build [installer/build.py args...]   (the Linux bundle)
# It installs the system libraries Qt and audio need (apt, when missing), makes .venv,
# installs the project with pip, and runs. Safe to run again: finished steps are skipped.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
mode=${1:-app}
shift || true

# Debian packages: Qt's xcb/EGL/fonts stack, libpulse for QtMultimedia, and the real
# PulseAudio server the audio tests record through, the Icecast server they capture
# streams from (DESIGN.md section 8) and the PostgreSQL server the hub's tests run on
# (tests/support/postgres.py; the app itself never needs it).
apt_runtime=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
    libxcb-randr0 libxcb-render-util0 libxcb-image0 libglib2.0-0 libpulse0 libpulse-mainloop-glib0
    fonts-dejavu-core)
apt_test=(pulseaudio pulseaudio-utils icecast2 postgresql)

missing=()
want=("${apt_runtime[@]}")
[ "$mode" = test ] && want+=("${apt_test[@]}")
if command -v dpkg-query >/dev/null 2>&1; then
    for p in "${want[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
fi
if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
        sudo=""
        [ "$(id -u)" -ne 0 ] && sudo="sudo"
        echo "bootstrap: installing system packages: ${missing[*]}"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" >/dev/null
    else
        echo "bootstrap: these system libraries are missing and there is no apt-get here;" \
             "install them with your package manager: ${missing[*]}" >&2
        exit 1
    fi
fi

py=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "bootstrap: creating .venv"
    "$py" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
    echo "bootstrap: installing Python packages (first run takes a few minutes)"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[dev]"
    rm -f .venv/.installed-*
    touch "$stamp"
fi

case "$mode" in
    app)
        exec .venv/bin/station "$@"
        ;;
    test)
        .venv/bin/ruff check .
        .venv/bin/mypy
        exec .venv/bin/python -m pytest "$@"
        ;;
    build)
        exec .venv/bin/python installer/build.py "$@"
        ;;
    *)
        echo "usage: bash installer/bootstrap.sh app|test|build [args...]" >&2
        exit 2
        ;;
esac
