# Windows Task Scheduler: one batch run from a config file, whatever folder the task starts in.
#   schtasks /Create /TN "kiemdiem" /SC DAILY /ST 02:30 /RU "SYSTEM" ^
#     /TR "powershell -NoProfile -ExecutionPolicy Bypass -File C:\kiemdiem\scripts\schedule\kiemdiem-batch.ps1"
param(
    [string]$Kiemdiem = "C:\kiemdiem\.venv\Scripts\kiemdiem.exe",
    [string]$Config = "C:\kiemdiem\kiemdiem.toml"
)
$ErrorActionPreference = "Stop"
$env:PYTHONIOENCODING = "utf-8"
Set-Location -Path (Split-Path -Parent $Config)
& $Kiemdiem batch --config $Config
exit $LASTEXITCODE
