@echo off
rem Cai dat cong cu kiemdiem cho cac nut cua so Excel: bam dup tep nay.
rem Chay cai-dat-excel.ps1 (cung thu muc) ma khong can doi chinh sach chay tap lenh cua may.
chcp 65001 >nul
powershell.exe -NoProfile -ExecutionPolicy Bypass -File "%~dp0cai-dat-excel.ps1" %*
set KETQUA=%ERRORLEVEL%
echo.
pause
exit /b %KETQUA%
