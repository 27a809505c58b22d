"""The installers' fast checks, in the normal suite: the PyInstaller spec evaluated with
recording stand-ins for PyInstaller's build steps (what it bundles, how it names and
configures the executables on Linux and Windows), the selftest's steps in the dev install,
the Linux launcher files, the icons, the Inno Setup script, and an upgrade of an older
station's data with the dev install. The frozen build itself is `installer/build.py`."""

from __future__ import annotations

import ast
import configparser
import inspect
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from station import __version__
from station.paths import DataDir
from tests.conftest import ROOT
from tests.support.cli import run_cli
from ui import selftest

INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "station.spec"
LINUX = INSTALLER / "linux"


# -- the spec ---------------------------------------------------------------------------------
class Recorder:
    """Stands in for Analysis, PYZ, EXE and COLLECT: keeps the arguments."""

    made: list[Recorder]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        # What a real Analysis hands on (TOC entries are (dest, src, kind)); empty here.
        self.binaries: list[tuple[str, str, str]] = []
        self.datas: list[tuple[str, str, str]] = []
        self.pure: list[Any] = []
        self.scripts: list[Any] = []
        self.made.append(self)


def run_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str) -> dict[str, Any]:
    """Execute installer/station.spec as PyInstaller would on ``platform``."""
    # PyInstaller decides what platform it runs on when imported: import it first, as linux.
    import PyInstaller.depend.bindepend
    import PyInstaller.utils.hooks  # noqa: F401

    if platform == "win32":
        monkeypatch.setitem(sys.modules, "PyInstaller.utils.win32.versioninfo", _versioninfo())

    kinds: dict[str, type[Recorder]] = {
        name: type(name, (Recorder,), {"made": []}) for name in ("Analysis", "PYZ", "EXE", "COLLECT")}
    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(sys, "platform", platform)
    namespace: dict[str, Any] = {**kinds, "SPECPATH": str(INSTALLER),
                                 "workpath": str(tmp_path / "work"),
                                 "DISTPATH": str(tmp_path / "dist"), "__name__": "__main__"}
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    finally:
        sys.modules.pop("icons", None)
    namespace["_made"] = {name: kind.made for name, kind in kinds.items()}
    return namespace


def _versioninfo() -> types.ModuleType:
    """PyInstaller's versioninfo classes (which need pefile, installed on Windows only) as
    recorders with the real constructors' parameters, read from its source."""
    import PyInstaller.utils.win32

    source = Path(PyInstaller.utils.win32.__file__).with_name("versioninfo.py")
    module = types.ModuleType("versioninfo")
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.ClassDef):
            continue
        init = next((f for f in node.body
                     if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
        if init is None:
            continue
        names = [a.arg for a in init.args.args[1:]]
        signature = inspect.Signature([inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                         default=None) for n in names])

        def record(self: Any, *args: Any, _sig: inspect.Signature = signature,
                   **kwargs: Any) -> None:
            self.__dict__.update(_sig.bind(*args, **kwargs).arguments)  # TypeError if wrong

        setattr(module, node.name, type(node.name, (), {"__init__": record}))
    return module


@pytest.fixture
def linux_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return run_spec(tmp_path, monkeypatch, "linux")


def _dests(entries: list[tuple[str, str]]) -> set[str]:
    return {f"{dest}/{Path(src).name}".replace("\\", "/") for src, dest in entries}


def test_spec_bundles_every_part(linux_spec: dict[str, Any]) -> None:
    (analysis,) = linux_spec["_made"]["Analysis"]
    assert [Path(s) for s in analysis.args[0]] == [INSTALLER / "station_entry.py"]
    kw = analysis.kwargs
    datas = _dests(kw["datas"])
    assert "ui/translations/station_vi.qm" in datas
    espeak = {d for d in datas if d.startswith("espeakng_loader/espeak-ng-data/")}
    for needed in ("phontab", "phondata", "phonindex", "intonations", "vi_dict", "en_dict",
                   "lang/aav/vi", "lang/aav/vi-VN-x-south", "lang/aav/vi-VN-x-central"):
        assert f"espeakng_loader/espeak-ng-data/{needed}" in espeak, needed
    dicts = {Path(d).name for d in espeak if d.endswith("_dict")}
    assert dicts == {"vi_dict", "en_dict"}  # the other ~110 languages stay out
    assert {"./station.ico", "./station.png"} <= datas
    import espeakng_loader

    assert (espeakng_loader.get_library_path(), "espeakng_loader") in kw["binaries"]
    hidden = set(kw["hiddenimports"])
    assert {"librosa", "ui.selftest", "ui.launch", "station.cli", "sync.hub.app",
            "sync.hub.serve", "media.tts", "media.ffmpeg", "ui.pages"} <= hidden
    ours = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            for pkg in ("station", "media", "sync", "ui") for p in (ROOT / pkg).rglob("*.py")}
    assert ours <= hidden
    assert [Path(h).name for h in kw["runtime_hooks"]] == ["rthook_station.py"]
    assert all(Path(h).exists() for h in kw["runtime_hooks"])
    assert kw["module_collection_mode"] == {"librosa": "py"}
    assert {"tkinter", "PySide6.QtWebEngineCore", "PySide6.Qt3DCore", "PySide6.QtQuick",
            "PySide6.QtQml", "setuptools", "pkg_resources", "numba.pycc"} <= set(kw["excludes"])
    assert not any(x.startswith("scipy") for x in kw["excludes"])  # scipy imports its testers
    assert str(ROOT) in kw["pathex"]


def test_spec_makes_one_console_executable_on_linux(linux_spec: dict[str, Any]) -> None:
    (exe,) = linux_spec["_made"]["EXE"]
    assert exe.kwargs["name"] == "station" and exe.kwargs["console"] is True
    assert exe.kwargs["upx"] is False and exe.kwargs["exclude_binaries"] is True
    (coll,) = linux_spec["_made"]["COLLECT"]
    assert coll.kwargs["name"] == "station" and coll.kwargs["upx"] is False


def test_spec_on_windows_has_a_windowed_gui_and_a_console_twin(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = run_spec(tmp_path, monkeypatch, "win32")
    exes = {e.kwargs["name"]: e.kwargs for e in spec["_made"]["EXE"]}
    assert set(exes) == {"Station", "station-cli"}
    assert exes["Station"]["console"] is False and exes["station-cli"]["console"] is True
    for kw in exes.values():
        assert kw["icon"].endswith("station.ico") and Path(kw["icon"]).stat().st_size > 1000
        strings = {s.name: s.val for s in kw["version"].kids[0].kids[0].kids}
        assert strings["ProductVersion"] == __version__
    # The Inno Setup script starts the executables the spec makes.
    iss = (INSTALLER / "station.iss").read_text(encoding="utf-8")
    assert "{app}\\Station.exe" in iss and "{app}\\station-cli.exe" in iss
    dropped = spec["_dropped"]
    assert dropped("PySide6\\plugins\\platforms\\qminimal.dll")
    assert not dropped("PySide6\\plugins\\platforms\\qwindows.dll")
    assert not dropped("PySide6\\plugins\\multimedia\\ffmpegmediaplugin.dll")
    assert dropped("PySide6\\translations\\qtbase_de.qm")  # no Qt folder level on Windows
    assert dropped("PySide6\\qml\\QtQuick\\Controls\\qtquickcontrols2plugin.dll")


@pytest.mark.parametrize(("dest", "dropped"), [
    ("libstdc++.so.6", True),
    ("libgcc_s.so.1", True),
    ("libstdc++-abc123.so.6.0.30", False),  # a wheel's own renamed copy stays
    ("PySide6/Qt/translations/qtbase_de.qm", True),
    ("PySide6/Qt/translations/qtbase_en.qm", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
    ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", False),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", True),
    ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", False),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
])
def test_spec_leaves_out_only_what_is_unused(linux_spec: dict[str, Any], dest: str,
                                             dropped: bool) -> None:
    assert linux_spec["_dropped"](dest) is dropped


def test_spec_prunes_libraries_only_dropped_files_needed(linux_spec: dict[str, Any]) -> None:
    needs = {"/s/libqgtk3.so": ["libgtk.so", "libglib.so"], "/s/libgtk.so": ["libcairo.so"],
             "/s/libQt6Core.so.6": ["libglib.so"], "/s/libcairo.so": [], "/s/libglib.so": [],
             "/s/libloaded-by-ctypes.so": []}

    class FakeBindepend:
        @staticmethod
        def get_imports(src: str) -> list[tuple[str, str]]:
            return [(name, f"/s/{name}") for name in needs[src]]

    linux_spec["bindepend"] = FakeBindepend
    binaries = [(Path(src).name, src, "BINARY") for src in needs]
    gone = linux_spec["_orphans"](binaries, ["libqgtk3.so"])
    # GTK and its Cairo go with the theme; GLib stays for QtCore; a library nothing names
    # (opened with ctypes or dlopen) is never pruned.
    assert gone == {"libqgtk3.so", "libgtk.so", "libcairo.so"}


def test_frozen_entry_and_runtime_hook(tmp_path: Path) -> None:
    hook = (INSTALLER / "rthook_station.py").read_text(encoding="utf-8")
    code = (f"import os\nos.environ.pop('NUMBA_CACHE_DIR', None)\nexec({hook!r})\n"
            "print(os.environ['NUMBA_CACHE_DIR'])")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True).stdout.strip()
    assert Path(out) == tmp_path / "cache" / "station" / "numba"
    kept = subprocess.run([sys.executable, "-c", code.replace("os.environ.pop('NUMBA_CACHE_DIR',"
                                                              " None)", "")],
                          capture_output=True, text=True, check=True,
                          env={**env, "NUMBA_CACHE_DIR": "/elsewhere"}).stdout.strip()
    assert kept == "/elsewhere"
    entry = subprocess.run([sys.executable, str(INSTALLER / "station_entry.py"), "--version"],
                           capture_output=True, text=True, cwd=ROOT,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert entry.returncode == 0 and entry.stdout.strip() == f"station {__version__}"


# -- selftest in the dev install --------------------------------------------------------------
@pytest.mark.parametrize("step", selftest.DEFAULT_STEPS)
def test_selftest_step_passes_in_the_dev_install(step: str, tmp_path: Path, qapp: Any) -> None:
    detail = selftest.STEPS[step](tmp_path)
    assert detail


def test_selftest_steps_are_chosen_by_environment() -> None:
    assert selftest.chosen_steps({}) == list(selftest.DEFAULT_STEPS)
    assert "librosa" not in selftest.DEFAULT_STEPS  # slow: numba compiles on first use
    assert selftest.chosen_steps({"STATION_SELFTEST_STEPS": " tts, librosa "}) == ["tts",
                                                                                  "librosa"]
    with pytest.raises(ValueError, match="nope"):
        selftest.chosen_steps({"STATION_SELFTEST_STEPS": "tts,nope"})
    done = run_cli("selftest", env={"STATION_SELFTEST_STEPS": "translations"})
    assert done.returncode == 0, done.stderr
    assert [ln.split(":")[0] for ln in done.stdout.splitlines() if ln.startswith("[")] == [
        "[ok]   translations"]
    assert run_cli("selftest", env={"STATION_SELFTEST_STEPS": "nope"}).returncode == 2


# -- Linux launcher, icons, Windows installer -------------------------------------------------
def _desktop(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    assert parser.sections() == ["Desktop Entry"]
    return dict(parser["Desktop Entry"])


def test_desktop_file_is_valid() -> None:
    path = LINUX / "station.desktop"
    raw = path.read_text(encoding="utf-8")
    assert raw.startswith("[Desktop Entry]\n") and not any(ln != ln.rstrip() for ln in
                                                          raw.splitlines())
    entry = _desktop(path)
    assert entry["Type"] == "Application" and entry["Name"] == "Station"
    assert entry["Exec"] == "station" and entry["Icon"] == "station"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "AudioVideo" in entry["Categories"].split(";")
    assert entry["Keywords"].endswith(";")
    assert entry["Comment[vi]"] and entry["GenericName[vi]"]
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(path)], capture_output=True,
                              text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def _appdir(tmp_path: Path) -> Path:
    """An AppDir shaped like build.py's, with a stand-in for the frozen executable."""
    appdir = tmp_path / "Station folder"  # a space, as a user's path may have
    (appdir / "usr" / "lib" / "station").mkdir(parents=True)
    fake = appdir / "usr" / "lib" / "station" / "station"
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$0" "$@"\n', encoding="utf-8")
    fake.chmod(0o755)
    for name in ("AppRun", "install-menu-entry.sh", "station.desktop"):
        shutil.copy2(LINUX / name, appdir / name)
    (appdir / "station.png").write_bytes(b"png")
    return appdir


def test_apprun_starts_the_bundle_with_its_arguments(tmp_path: Path) -> None:
    for script in ("AppRun", "install-menu-entry.sh"):
        assert (LINUX / script).stat().st_mode & stat.S_IXUSR, f"{script} is not executable"
        assert (LINUX / script).read_text(encoding="utf-8").startswith("#!/bin/sh\n")
        assert subprocess.run(["sh", "-n", str(LINUX / script)]).returncode == 0
    appdir = _appdir(tmp_path)
    link = tmp_path / "bin" / "station"  # started through a symlink, as from ~/bin
    link.parent.mkdir()
    link.symlink_to(appdir / "AppRun")
    env = {k: v for k, v in os.environ.items() if k != "APPDIR"}
    out = subprocess.run([str(link), "selftest", "two words"], capture_output=True, text=True,
                         env=env, check=True).stdout.splitlines()
    assert out == [str(appdir / "usr" / "lib" / "station" / "station"), "selftest", "two words"]


def test_menu_entry_points_at_the_folder_and_is_removed(tmp_path: Path) -> None:
    appdir = _appdir(tmp_path)
    env = {**os.environ, "HOME": str(tmp_path / "home"),
           "XDG_DATA_HOME": str(tmp_path / "share")}
    subprocess.run([str(appdir / "install-menu-entry.sh")], env=env, check=True,
                   capture_output=True)
    installed = tmp_path / "share" / "applications" / "station.desktop"
    entry = _desktop(installed)
    assert entry["Exec"] == f'"{appdir / "AppRun"}"'
    assert entry["Icon"] == str(appdir / "station.png")
    assert entry["Name"] == "Station"
    subprocess.run([str(appdir / "install-menu-entry.sh"), "--remove"], env=env, check=True,
                   capture_output=True)
    assert not installed.exists()


def test_icons_render_from_the_svg(tmp_path: Path, qapp: Any) -> None:
    from PySide6.QtGui import QImage, QImageReader

    sys.path.insert(0, str(INSTALLER))
    try:
        import icons
    finally:
        sys.path.remove(str(INSTALLER))
        sys.modules.pop("icons", None)
    made = icons.render(tmp_path)
    png = QImage(str(made.png))
    assert (png.width(), png.height()) == (256, 256) and png.hasAlphaChannel()
    assert png.pixelColor(128, 128).alpha() == 255 and png.pixelColor(0, 0).alpha() == 0
    reader = QImageReader(str(made.ico))
    assert reader.imageCount() == len(icons.ICO_SIZES)


def test_inno_setup_script_keeps_data_and_speaks_both_languages() -> None:
    iss = (INSTALLER / "station.iss").read_text(encoding="utf-8")
    sections = {line.strip() for line in iss.splitlines() if line.startswith("[")}
    assert {"[Setup]", "[Languages]", "[Files]", "[Icons]", "[InstallDelete]"} <= sections
    assert "[UninstallDelete]" not in sections  # the uninstaller removes only its own files
    assert 'Name: "vi"' in iss and 'Name: "en"' in iss
    assert "localappdata" not in iss.lower().replace("%localappdata%", "")
    assert '{group}\\Station"; Filename: "{app}\\Station.exe"' in iss
    assert 'Type: filesandordirs; Name: "{app}\\_internal"' in iss
    # The start-up task for the service is offered, and goes with the program.
    run = iss.split("[Run]")[1].split("\n[")[0]
    assert 'Parameters: "service install"; Tasks: service' in run
    assert 'Parameters: "service uninstall"' in iss.split("[UninstallRun]")[1].split("\n[")[0]
    vi = (INSTALLER / "windows" / "vi.isl").read_bytes()
    assert vi.startswith(b"\xef\xbb\xbf")  # Inno Setup reads UTF-8 only with a BOM
    text = vi.decode("utf-8-sig")
    assert "LanguageID=$042A" in text
    custom = iss.split("[CustomMessages]")[1].split("\n[")[0]
    for line in custom.strip().splitlines():
        name = line.split("=")[0].removeprefix("en.")
        assert f"\n{name}=" in text, f"{name} has no Vietnamese text"


# -- upgrade ----------------------------------------------------------------------------------
def test_an_upgrade_keeps_the_data_and_migrates_after_a_backup(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A station made by the first release (schema 1), then opened by this version's
    `station` command as it is after an upgrade: same data dir, a backup of the old database
    first, then every migration; the data and the media files are as they were."""
    from station import db as dbmod
    from station import migrations
    from station import users as users_core
    from station.startup import create_station

    first_release = migrations.MIGRATIONS[:1]
    monkeypatch.setattr(migrations, "MIGRATIONS", first_release)
    monkeypatch.setattr(dbmod, "MIGRATIONS", first_release)
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", 1)
    # Today's login counts failures in a table schema 1 has not got; the new station only
    # needs its admin, not a session.
    monkeypatch.setattr(users_core, "login", lambda *_a: None)
    # Nor had it signing keys (a user of then gets one at the next login).
    monkeypatch.setattr(users_core.keys, "create", lambda *_a: types.SimpleNamespace(id=None))
    datadir = DataDir(tmp_path / "dữ liệu")
    st = create_station(datadir, "Đài truyền thanh xã Tân Phú", "quantri", "mat-khau-1")
    st.close()
    monkeypatch.undo()
    media = datadir.media / "sha256" / "ab" / "cd" / ("abcd" + "0" * 60 + ".mp3")
    media.parent.mkdir(parents=True)
    media.write_bytes(b"ID3 a programme")
    before = sorted(p.relative_to(datadir.root) for p in datadir.root.rglob("*"))

    done = run_cli("audit", "verify", data_dir=datadir.root, user=None)  # reads only
    assert done.returncode == 0, done.stderr

    conn = sqlite3.connect(datadir.db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION > 1
    conn.close()
    (backup,) = dbmod.list_backups(datadir.backups)
    assert "before-migration-v1" in backup.name
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert old.execute("SELECT username FROM users").fetchall() == [("quantri",)]
    old.close()
    users = run_cli("user", "list", "--json", data_dir=datadir.root, user=None)
    assert '"quantri"' in users.stdout
    assert media.read_bytes() == b"ID3 a programme"
    after = {p.relative_to(datadir.root) for p in datadir.root.rglob("*")}
    assert set(before) <= after  # nothing of the old data dir went away
    assert [p.name for p in tmp_path.iterdir()] == ["dữ liệu"]  # the same data dir, no other
    # A second start of the upgraded app migrates nothing and backs up nothing more.
    assert run_cli("audit", "verify", data_dir=datadir.root, user=None).returncode == 0
    assert len(dbmod.list_backups(datadir.backups)) == 1


def test_build_script_help() -> None:
    done = subprocess.run([sys.executable, str(INSTALLER / "build.py"), "--help"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "--skip-build" in done.stdout
