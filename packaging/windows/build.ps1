# Build Cirkulär on Windows: the one-folder app, its self-test, and the per-user installer.
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Needs Python 3.11+ with the project installed in .venv (python -m venv .venv; .venv\Scripts\pip install -e .[build])
# and Inno Setup 6 (iscc.exe on the PATH, or in its default folder). See docs/packaging.md.
$ErrorActionPreference = "Stop"
$Root = Resolve-Path "$PSScriptRoot\..\.."
Set-Location $Root
$Py = "$Root\.venv\Scripts\python.exe"
& $Py -m pip install --quiet -e ".[build]"
& $Py packaging\prepare.py "$Root\build\package-data"
if ($LASTEXITCODE) { throw "prepare.py failed" }
& $Py -m PyInstaller --noconfirm --log-level WARN --distpath "$Root\build\dist" --workpath "$Root\build\pyinstaller" packaging\cirkular.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }

# The windowed program has no console: its self-test lines go to the log file; the exit code says it all.
$Logs = "$Root\build\check\logs"
New-Item -ItemType Directory -Force $Logs | Out-Null
$env:CIRKULAR_LOG_DIR = $Logs
$Test = Start-Process -FilePath "$Root\build\dist\cirkular-desktop\cirkular-desktop.exe" -ArgumentList "--self-test" -Wait -PassThru
Get-Content "$Logs\cirkular-desktop.log" -Tail 16   # the header, one line per step (11), the verdict
if ($Test.ExitCode -ne 0) { throw "the self-test of the frozen app failed" }
Remove-Item Env:\CIRKULAR_LOG_DIR

$Version = & $Py -c "import sys; sys.path.insert(0, 'packaging'); import appinfo; print(appinfo.version())"
$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $Iscc "/DAppVersion=$Version" packaging\windows\cirkular.iss
if ($LASTEXITCODE) { throw "Inno Setup failed" }
Get-ChildItem "$Root\build\dist\*-windows-setup.exe"
