@echo off
rem Task Scheduler can also start this file; it runs the PowerShell script beside it.
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0kiemdiem-batch.ps1" %*
exit /b %ERRORLEVEL%
