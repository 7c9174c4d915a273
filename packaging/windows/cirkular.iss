; Inno Setup 6 script: Cirkulär for one Windows user, no administrator needed.
;
; Built by packaging/build.ps1 after PyInstaller, which passes the version:
;   iscc /DAppVersion=0.1.0 /DSourceDir=..\..\build\dist\cirkular-desktop /DOutputDir=..\..\build\dist cirkular.iss
; Result: build\dist\cirkular-desktop-VERSION-windows-setup.exe
;
; * installs into %LOCALAPPDATA%\Programs\Cirkulär (per user; PrivilegesRequired=lowest);
; * opens .cirkular bundles with the app (registered under HKCU\Software\Classes);
; * an update replaces the program folder; the data folder (%LOCALAPPDATA%\cirkular) is outside it and is
;   never touched by installing, updating or uninstalling. The database is upgraded, after a backup, the
;   first time the new version opens it.
; The AppId below must never change: it is how an update finds the installed app.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z
#endif
#ifndef SourceDir
  #define SourceDir "..\..\build\dist\cirkular-desktop"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\build\dist"
#endif
#define AppName "Cirkulär"
#define AppExe "cirkular-desktop.exe"
#define Publisher "Cirkulärt samarbete över gränsen"
#define ProgId "Cirkular.Bundle"

[Setup]
AppId={{6F0B3C52-8E1D-4C7A-9B2E-3D5A7C1E9F40}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#Publisher}
VersionInfoVersion={#AppVersion}
VersionInfoProductVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoCompany={#Publisher}
VersionInfoDescription={#AppName} installer
VersionInfoCopyright=© {#Publisher}, MIT
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
SetupIconFile=..\..\build\package-data\icons\cirkular.ico
LicenseFile=..\..\LICENSE
OutputDir={#OutputDir}
OutputBaseFilename=cirkular-desktop-{#AppVersion}-windows-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
CloseApplications=yes
ShowLanguageDialog=auto

[Languages]
Name: "sv"; MessagesFile: "compiler:Languages\Swedish.isl"
Name: "nb"; MessagesFile: "compiler:Languages\Norwegian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
sv.BundleType=Cirkulär-paket
nb.BundleType=Cirkulär-pakke
en.BundleType=Cirkulär bundle

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; Replace the whole program folder: files of an older version must not linger beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; With PrivilegesRequired=lowest, HKA is HKEY_CURRENT_USER: the association is this user's own.
Root: HKA; Subkey: "Software\Classes\.cirkular"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.cirkular\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:BundleType}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".cirkular"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
