"""PyInstaller runtime hook: runs inside the frozen app before its first import.

numba (under librosa) caches compiled code because librosa asks for cache=True. Left alone it
writes __pycache__ folders into the bundle's librosa sources when that folder is writable
(a tarball in a home folder), or into ~/.cache/numba when not (Program Files, /opt): the app
folder would change under the installer, and the uninstaller would leave files behind. So
the cache goes to the user's cache folder under Station's name, unless NUMBA_CACHE_DIR is
already set (installer/build.py sets it to measure a cold cache).
"""

import os

if not os.environ.get("NUMBA_CACHE_DIR"):
    import platformdirs

    os.environ["NUMBA_CACHE_DIR"] = os.path.join(
        platformdirs.user_cache_dir("station", "station"), "numba")
