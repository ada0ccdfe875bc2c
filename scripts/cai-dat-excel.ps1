# Cài đặt công cụ kiemdiem cho các nút của sổ Excel (so-theo-doi-bch.xlsm) trên Windows.
#
# Chạy bằng cách bấm đúp tệp cai-dat-excel.bat (nằm cạnh tệp này). Tập lệnh:
#   1. tìm Python tải từ python.org (3.10 trở lên; không dùng bản "Microsoft Store");
#   2. tạo môi trường riêng (venv) trong %LOCALAPPDATA%\kiemdiem (hoặc C:\kiemdiem khi tên người dùng có dấu);
#   3. cài công cụ kèm phần Excel (xlwings, đúng phiên bản mà sổ mang theo) từ tệp .whl nằm cạnh tập lệnh,
#      hoặc từ thư mục dự án;
#   4. ghi đường dẫn Python vào %USERPROFILE%\.xlwings\xlwings.conf (sổ không bao giờ mang đường dẫn này);
#   5. chạy thử công cụ một lần, và tạo một sổ có nút trong thư mục Documents nếu chưa có.
#
# Tham số (không bắt buộc):
#   -Source      tệp kiemdiem-*.whl hoặc thư mục dự án (mặc định: tệp .whl mới nhất cạnh tập lệnh)
#   -InstallDir  thư mục cài đặt
#   -Python      đường dẫn python.exe muốn dùng
#
# Tệp này phải được lưu dạng UTF-8 có BOM để Windows PowerShell 5.1 đọc đúng chữ tiếng Việt.

[CmdletBinding()]
param(
    [string]$Source = "",
    [string]$InstallDir = "",
    [string]$Python = ""
)

$ErrorActionPreference = "Stop"
$XlwingsVersion = "0.37.8"   # phải trùng với phiên bản mô-đun VBA của xlwings trong sổ (toolkit.excel.XLWINGS_VERSION)
$MinimumPython = [Version]"3.10"
$AsrNoChildProcess = "d4f940ab-401b-4efc-aadc-ad5f3c50688a"   # "Block all Office applications from creating child processes"

try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { }

function Say([string]$Text) { Write-Host $Text }
function Step([string]$Text) { Write-Host ""; Write-Host "==> $Text" -ForegroundColor Cyan }
function Fail([string]$Text) {
    Write-Host ""
    Write-Host "KHÔNG CÀI ĐẶT ĐƯỢC: $Text" -ForegroundColor Red
    exit 1
}

function Test-Ascii([string]$Text) { return -not ($Text -match "[^\x00-\x7F]") }

function Get-PythonVersion([string]$Exe, [string[]]$Prefix) {
    try {
        $out = & $Exe @Prefix -c "import sys; print('%d.%d.%d' % sys.version_info[:3])" 2>$null
        if ($LASTEXITCODE -eq 0 -and $out) { return [Version]($out | Select-Object -First 1) }
    } catch { }
    return $null
}

function Find-Python {
    # (đường dẫn python.exe, phiên bản) của một Python từ python.org; $null nếu không có.
    $candidates = @()
    if ($Python) { $candidates += , @($Python, @()) }
    $launcher = Get-Command py.exe -ErrorAction SilentlyContinue
    if ($launcher) { $candidates += , @($launcher.Source, @("-3")) }
    foreach ($cmd in @(Get-Command python.exe -All -ErrorAction SilentlyContinue)) {
        $candidates += , @($cmd.Source, @())
    }
    foreach ($root in @("$env:LOCALAPPDATA\Programs\Python", "$env:ProgramFiles\Python*", "${env:ProgramFiles(x86)}\Python*")) {
        foreach ($exe in @(Get-ChildItem -Path $root -Filter python.exe -Recurse -Depth 1 -ErrorAction SilentlyContinue)) {
            $candidates += , @($exe.FullName, @())
        }
    }
    foreach ($candidate in $candidates) {
        $exe, $prefix = $candidate[0], $candidate[1]
        if ($exe -like "*\WindowsApps\*") { continue }   # lối tắt của Microsoft Store, không phải Python thật
        $version = Get-PythonVersion $exe $prefix
        if ($version -and $version -ge $MinimumPython) {
            $real = & $exe @prefix -c "import sys; print(sys.executable)"
            return @($real, $version)
        }
    }
    return $null
}

function Find-Source {
    if ($Source) {
        if (-not (Test-Path -LiteralPath $Source)) { Fail "không thấy “$Source”." }
        return (Resolve-Path -LiteralPath $Source).Path
    }
    $wheel = Get-ChildItem -Path $PSScriptRoot -Filter "kiemdiem-*.whl" -ErrorAction SilentlyContinue |
        Sort-Object LastWriteTime -Descending | Select-Object -First 1
    if ($wheel) { return $wheel.FullName }
    $project = Split-Path -Parent $PSScriptRoot
    if (Test-Path -LiteralPath (Join-Path $project "pyproject.toml")) { return $project }
    Fail "không thấy tệp kiemdiem-*.whl cạnh tập lệnh, cũng không thấy thư mục dự án. Hãy chép tệp .whl mà bộ phận CNTT gửi vào cùng thư mục với tập lệnh này."
}

function Write-XlwingsConfig([string]$Interpreter) {
    # Ghi INTERPRETER_WIN vào tệp cấu hình của người dùng, giữ các dòng khác; xlwings đọc tệp này bằng mã ANSI.
    $folder = Join-Path $env:USERPROFILE ".xlwings"
    $file = Join-Path $folder "xlwings.conf"
    New-Item -ItemType Directory -Force -Path $folder | Out-Null
    $lines = @()
    if (Test-Path -LiteralPath $file) {
        Copy-Item -LiteralPath $file -Destination "$file.bak" -Force
        foreach ($line in [System.IO.File]::ReadAllLines($file)) {
            if ($line -match '^\s*"?INTERPRETER_WIN"?\s*,') { continue }
            if ($line -match '^\s*"?CONDA (PATH|ENV)"?\s*,') {
                Say "Lưu ý: $file có thiết lập Conda ($line); các nút sẽ chạy Python của kiemdiem qua Conda đó."
            }
            $lines += $line
        }
    }
    $lines += '"INTERPRETER_WIN","' + $Interpreter + '"'
    [System.IO.File]::WriteAllLines($file, [string[]]$lines, [System.Text.Encoding]::GetEncoding(0))
    return $file
}

function Test-OfficeChildProcessRule {
    # Quy tắc ASR của Microsoft Defender chặn Excel khởi động chương trình khác (cả Python của các nút).
    try {
        $pref = Get-MpPreference -ErrorAction Stop
        $ids = @($pref.AttackSurfaceReductionRules_Ids)
        $actions = @($pref.AttackSurfaceReductionRules_Actions)
        for ($i = 0; $i -lt $ids.Count; $i++) {
            if ($ids[$i] -eq $AsrNoChildProcess -and $actions[$i] -eq 1) { return $true }
        }
    } catch { }
    return $false
}

# --- 1. Python -------------------------------------------------------------------------------------------------
Step "Tìm Python (python.org, từ $MinimumPython trở lên)"
$found = Find-Python
if (-not $found) {
    Fail ("chưa có Python. Hãy tải Python từ https://www.python.org/downloads/windows/ , khi cài đánh dấu " +
          "“Add python.exe to PATH”, rồi chạy lại tập lệnh này. (Bản Python của Microsoft Store không dùng được.)")
}
$basePython, $baseVersion = $found[0], $found[1]
Say "Dùng Python $baseVersion : $basePython"

# --- 2. Thư mục cài đặt và venv --------------------------------------------------------------------------------
if (-not $InstallDir) {
    $InstallDir = Join-Path $env:LOCALAPPDATA "kiemdiem"
    if (-not (Test-Ascii $InstallDir)) {
        # Excel truyền đường dẫn qua cmd.exe bằng mã ANSI: đường dẫn có dấu làm hỏng lệnh chạy Python.
        $InstallDir = Join-Path $env:SystemDrive "kiemdiem"
    }
}
if (-not (Test-Ascii $InstallDir)) { Fail "thư mục cài đặt “$InstallDir” có chữ có dấu; hãy chọn thư mục khác (-InstallDir C:\kiemdiem)." }
$venv = Join-Path $InstallDir "venv"
$venvPython = Join-Path $venv "Scripts\python.exe"
Step "Tạo môi trường Python riêng: $venv"
if (-not (Test-Path -LiteralPath $venvPython)) {
    & $basePython -m venv $venv
    if ($LASTEXITCODE -ne 0) { Fail "không tạo được môi trường Python tại $venv." }
}

# --- 3. Công cụ và xlwings ---------------------------------------------------------------------------------------
$src = Find-Source
Step "Cài công cụ từ $src (kèm xlwings $XlwingsVersion)"
& $venvPython -m pip install --disable-pip-version-check --upgrade "$src[excel]" "xlwings==$XlwingsVersion"
if ($LASTEXITCODE -ne 0) {
    Fail "pip không cài được công cụ (xem các dòng ở trên). Kiểm tra kết nối mạng hoặc máy chủ proxy của cơ quan rồi chạy lại."
}

# --- 4. Cấu hình xlwings của người dùng ---------------------------------------------------------------------------
Step "Ghi đường dẫn Python cho các nút của sổ"
$config = Write-XlwingsConfig $venvPython
Say "Đã ghi INTERPRETER_WIN vào $config"

# --- 5. Chạy thử ---------------------------------------------------------------------------------------------------
Step "Chạy thử công cụ"
& $venvPython -c "import toolkit.excel, xlwings; assert xlwings.__version__ == '$XlwingsVersion', xlwings.__version__"
if ($LASTEXITCODE -ne 0) { Fail "Python không nạp được toolkit.excel hoặc xlwings $XlwingsVersion." }
& (Join-Path $venv "Scripts\kiemdiem.exe") validate | Out-Null
if ($LASTEXITCODE -ne 0) { Fail "lệnh kiểm tra sổ ví dụ không chạy được (mã $LASTEXITCODE)." }
Say "Công cụ chạy được: kiểm tra sổ ví dụ không có lỗi."

$documents = [Environment]::GetFolderPath("MyDocuments")
$book = Join-Path $documents "so-theo-doi-bch.xlsm"
if (-not (Test-Path -LiteralPath $book)) {
    & $venvPython -c "import sys; from toolkit.blank import write_macro_workbook; print(write_macro_workbook(sys.argv[1]).path)" $book
    if ($LASTEXITCODE -eq 0) { Say "Đã tạo sổ có nút (tạo ngay trên máy này nên Windows không chặn macro): $book" }
}

if (Test-OfficeChildProcessRule) {
    Write-Host ""
    Write-Host ("CẢNH BÁO: Microsoft Defender đang bật quy tắc chặn Office khởi động chương trình khác " +
                "($AsrNoChildProcess). Các nút sẽ không chạy được Python cho đến khi bộ phận CNTT cho phép " +
                "(xem docs/excel.md, mục Phần mềm diệt virus).") -ForegroundColor Yellow
}

Write-Host ""
Write-Host "XONG. Mở sổ .xlsm bằng Excel, bấm “Enable Content” (Bật nội dung) nếu Excel hỏi, rồi bấm các nút ở trang “Hướng dẫn”." -ForegroundColor Green
exit 0
