; Inno Setup script for the Windows desk installer.
; Build on Windows after `pyinstaller --noconfirm installer\workstation.spec` (see installer\README.md):
;   iscc installer\windows\rsc-workstation.iss
; Per-machine install into Program Files, Start-menu entry, a per-machine data folder for the shared
; settings; the uninstaller removes the program and KEEPS every audit database and data folder.

#define AppName "RSC Workstation"
#define AppVersion "0.1.0"
#define AppExe "workstation-gui.exe"

[Setup]
AppId={{6E0B8C3A-3C55-4C0B-9F1E-5A7D2C1B9E41}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Workstation developers
DefaultDirName={autopf}\RSC Workstation
DefaultGroupName=RSC Workstation
PrivilegesRequired=admin
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=rsc-workstation-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\workstation.ico
LicenseFile=..\..\LICENSE
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2
SolidCompression=yes

[Dirs]
; Per-machine data folder (shared settings, policy overrides); users' own data stays in their profile.
Name: "{commonappdata}\RSC Workstation"; Flags: uninsneveruninstall

[Files]
Source: "..\..\dist\rsc-workstation\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\LICENSE"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\..\resources\icons\workstation.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\RSC Workstation"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\workstation.ico"
Name: "{group}\Check this desk (doctor)"; Filename: "{cmd}"; Parameters: "/k ""{app}\workstation.exe"" doctor"
Name: "{group}\Uninstall RSC Workstation"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start RSC Workstation"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only program files are removed; audit databases live in the users' and the machine's data folders.
Type: filesandordirs; Name: "{app}\_internal"
