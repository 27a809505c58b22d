; Inno Setup 6.3+ script: Station's Windows installer, StationSetup-<version>-x64.exe, made
; from the PyInstaller folder dist\station (installer\station.spec). Built on Windows only:
;   iscc installer\station.iss                (docs/installing.md, "Windows")
; Setup speaks Vietnamese (first, the default) and English. The station's data (database,
; media library, backups, logs) lives in each user's data folder,
; %LOCALAPPDATA%\station\station (platformdirs), or wherever STATION_DATA_DIR points:
; neither setup, an upgrade, nor the uninstaller touches it.

#define AppName "Station"
#define Bundle AddBackslash(SourcePath) + "..\dist\station"
#ifndef AppVersion
  ; The version station.spec writes into the executable's version resource.
  #define AppVersion GetStringFileInfo(Bundle + "\Station.exe", "ProductVersion")
#endif
; The complete Vietnamese translation of Inno Setup's own texts is a user-contributed file
; (jrsoftware.org/files/istrans); when it sits in Inno Setup's Languages folder it is used,
; with windows\vi.isl on top. Without it, windows\vi.isl covers every page Station's setup
; shows and the rarer messages stay English.
#define CommunityVi AddBackslash(CompilerPath) + "Languages\Vietnamese.isl"

[Setup]
; AppId identifies the installed program across versions: an upgrade finds the old copy by
; it and installs over it. Never change it.
AppId={{8E3C5A41-2F7B-4D19-A6E0-53C9B1D47F28}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Station
DefaultDirName={autopf}\Station
DefaultGroupName=Station
; Installs for the current user without administrator rights (a station PC's operator can
; install and upgrade it); an administrator can choose "all users" in the first dialog.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=StationSetup-{#AppVersion}-x64
SetupIconFile={#Bundle}\_internal\station.ico
UninstallDisplayIcon={app}\Station.exe
UninstallDisplayName={#AppName} {#AppVersion}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
ShowLanguageDialog=auto
; A running Station is closed (through the Restart Manager) before its files are replaced;
; it saves as it goes, and its lock file is released on exit.
CloseApplications=yes
RestartApplications=no

[Languages]
#if FileExists(CommunityVi)
Name: "vi"; MessagesFile: "compiler:Default.isl,{#CommunityVi},windows\vi.isl"
#else
Name: "vi"; MessagesFile: "compiler:Default.isl,windows\vi.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Messages]
en.ConfirmUninstall=Remove %1 from this computer? The station's data (database, media library, backups) is kept.

[CustomMessages]
en.SelftestName=Check the Station installation
en.DataKept=The station's data was kept in %1. Installing Station again (as the same Windows user) picks it up.
en.ServiceTask=Run the station service at start-up (playout, scheduled recordings and sync go on with nobody logged in)
en.ServiceGroup=Unattended service:

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
; `station service install`: a scheduled task at start-up for this Windows user (the station
; service owns playout, so a commune hears the schedule after a power cut with nobody logged in).
Name: "service"; Description: "{cm:ServiceTask}"; GroupDescription: "{cm:ServiceGroup}"

[InstallDelete]
; An upgrade replaces the bundle whole: a file the new version no longer ships (an old Qt
; plugin, a module of an older library) must not stay where Qt or Python would load it.
; Only the program folder is cleared; the data lives elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Station"; Filename: "{app}\Station.exe"
; `station-cli selftest` in a console that stays open: what support asks for first.
Name: "{group}\{cm:SelftestName}"; Filename: "{cmd}"; Parameters: "/k """"{app}\station-cli.exe"" selftest"""; WorkingDir: "{app}"; IconFilename: "{app}\Station.exe"
Name: "{group}\{cm:UninstallProgram,Station}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Station"; Filename: "{app}\Station.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\station-cli.exe"; Parameters: "service install"; Tasks: service; Flags: runhidden waituntilterminated; StatusMsg: "{cm:ServiceTask}"
Filename: "{app}\Station.exe"; Description: "{cm:LaunchProgram,Station}"; Flags: nowait postinstall skipifsilent

[UninstallRun]
; The start-up task goes with the program (the data stays).
Filename: "{app}\station-cli.exe"; Parameters: "service uninstall"; Flags: runhidden waituntilterminated; RunOnceId: "StationServiceUninstall"

; No [UninstallDelete]: uninstalling removes only what setup installed. The data folder, the
; numba cache under it and the per-machine settings (HKCU\Software\Station) stay.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), ['%LOCALAPPDATA%\station\station']),
      mbInformation, MB_OK);
end;
