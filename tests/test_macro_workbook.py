"""The macro workbook (workbooks/so-theo-doi-bch.xlsm): built reproducibly from text, its VBA read back unchanged by
two independent readers and compiled, its buttons bound to Subs that exist and run in LibreOffice, a package that
Excel accepts (macro-enabled content type, Microsoft's validator, openxml-audit), a blank workbook to the toolkit;
the functions behind `kiemdiem new --macro [--from]`; and the Windows set-up script, parsed."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

import toolkit
import toolkit.excel as excel
from toolkit import standard
from toolkit.blank import BUTTONS, CONFIG_SHEET, MACRO_BOOK, XLWINGS_SETTINGS, write_macro_workbook
from toolkit.errors import OutputExists, OutputIsInput

from conftest import BLANK, EXAMPLE, ROOT, kiemdiem, same_parts

MACRO = ROOT / "workbooks" / MACRO_BOOK
OUR_BAS = ROOT / "vba" / "KiemDiem.bas"
STUB = ROOT / "tests" / "vba" / "xlwings_stub.bas"
SETUP = ROOT / "scripts" / "cai-dat-excel.ps1"
MACRO_CONTENT_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
DEBIAN_PYTHON = "/usr/bin/python3"


def _build_script():
    spec = importlib.util.spec_from_file_location("build_macro_workbook", ROOT / "scripts" / "build_macro_workbook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pinned_xlwings():
    xlwings = pytest.importorskip("xlwings")
    if xlwings.__version__ != excel.XLWINGS_VERSION:
        pytest.skip(f"xlwings {xlwings.__version__} installed, the workbook embeds {excel.XLWINGS_VERSION}")
    return Path(xlwings.__file__).parent


def _source(path: Path) -> str:
    return path.read_bytes().decode("ascii")


def _subs(source: str) -> set:
    return set(re.findall(r"^Public Sub (\w+)\(\)", source, re.M))


def _class_stream_form(source: str, base: str) -> str:
    """A .cls file as the project stores it: without the VERSION/BEGIN…END block, with VB_Base after VB_Name."""
    lines = source.split("\r\n")
    end = lines.index("END")
    return "\r\n".join([lines[end + 1], f'Attribute VB_Base = "{base}"'] + lines[end + 2:])


# --- built from text, reproducibly ----------------------------------------------------------------------------

def test_shipped_macro_workbook_is_what_the_build_script_makes(tmp_path):
    pytest.importorskip("pyopenvba")
    _pinned_xlwings()
    _build_script().main([str(tmp_path)])
    assert same_parts(tmp_path / MACRO_BOOK, MACRO) == []


def test_vba_sources_are_ascii_with_windows_line_ends():
    for path in (OUR_BAS, STUB):
        data = path.read_bytes()
        assert data.isascii(), path
        assert b"\n" not in data.replace(b"\r\n", b""), f"{path.name}: every line ends with CRLF"


def test_modules_read_back_byte_for_byte_by_olevba_and_pyopenvba():
    """Two independent readers: our module equal to vba/KiemDiem.bas, xlwings' module and class equal to the
    files of the pinned xlwings."""
    olevba = pytest.importorskip("oletools.olevba")
    pyopenvba = pytest.importorskip("pyopenvba")
    parser = olevba.VBA_Parser(str(MACRO))
    try:
        by_olevba = {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()
    with pyopenvba.ExcelFile(MACRO) as book:
        by_pyopenvba = book.vba_modules()
    ours = _source(OUR_BAS)
    assert by_olevba["KiemDiem"] == ours and by_pyopenvba["KiemDiem"] == ours
    assert f"'Version: {excel.XLWINGS_VERSION}\r\n" in by_pyopenvba["xlwings"]
    package = _pinned_xlwings()
    xlwings_bas = _source(package / "xlwings.bas")
    dictionary = _class_stream_form(_source(package / "addin" / "Dictionary.cls"),
                                    "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}")
    for read in (by_olevba, by_pyopenvba):
        assert read["xlwings"] == xlwings_bas
        assert read["Dictionary"] == dictionary
    documents = {n for n in by_pyopenvba if n == "ThisWorkbook" or re.fullmatch(r"Sheet\d+", n)}
    assert len(documents) == 1 + len(openpyxl.load_workbook(MACRO, read_only=True).sheetnames)
    assert set(by_pyopenvba) - documents == {"KiemDiem", "xlwings", "Dictionary"}


def test_pyopenvba_finds_no_problem_in_the_package_or_the_project():
    pyopenvba = pytest.importorskip("pyopenvba")
    report = pyopenvba.check_file(MACRO)
    assert report.ok and report.complete, report.issues
    with pyopenvba.ExcelFile(MACRO) as book:
        assert book.validate() == []


def test_our_module_compiles_and_each_sub_calls_runpython_once():
    """pyopenvba's VBA interpreter: xlwings' own module is beyond it (conditional-compilation lines), so a stub
    RunPython that records its argument stands beside our module, as in a real project."""
    interpreter = pytest.importorskip("pyopenvba.interpreter")
    recorder = ('Attribute VB_Name = "xlwings"\r\nOption Explicit\r\nPublic Calls As String\r\n'
                'Public Function RunPython(PythonCommand As String)\r\n    Calls = Calls & PythonCommand & "|"\r\n'
                'End Function\r\nPublic Function Recorded() As String\r\n    Recorded = Calls\r\nEnd Function\r\n')
    vba = interpreter.Interpreter()
    vba.add_module(recorder, name="xlwings")
    vba.add_module(_source(OUR_BAS), name="KiemDiem")
    calls = []
    for sub in [sub for _, sub in BUTTONS]:
        before = str(vba.run("Recorded", []))
        vba.run(sub, [])
        calls.append(str(vba.run("Recorded", []))[len(before):].rstrip("|"))
    assert calls == [f"import toolkit.excel; toolkit.excel.{fn}()" for fn in
                     ("check", "indicators", "report", "report_pdf")]
    broken = interpreter.Interpreter()
    with pytest.raises(interpreter.VBACompileError):  # the compiler does judge: an unclosed Sub is refused
        broken.add_module(_source(OUR_BAS).rsplit("End Sub", 1)[0], name="KiemDiem")


# --- buttons and commands -------------------------------------------------------------------------------------

def _buttons(path: Path) -> list:
    """(caption, macro) of each form button, from the VML drawing XlsxWriter writes."""
    with zipfile.ZipFile(path) as z:
        found = []
        for name in z.namelist():
            if name.startswith("xl/drawings/vmlDrawing"):
                vml = z.read(name).decode("utf-8")
                for shape in re.findall(r"<v:shape\b.*?</v:shape>", vml, re.S):
                    macro = re.search(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", shape)
                    caption = re.sub(r"<[^>]+>", "", re.search(r"<v:textbox\b.*?</v:textbox>", shape, re.S).group(0))
                    found.append((caption.strip(), macro.group(1) if macro else None))
        return found


def test_every_button_is_bound_to_a_sub_that_exists():
    subs = _subs(_source(OUR_BAS))
    buttons = _buttons(MACRO)
    assert buttons == list(BUTTONS)
    assert {macro for _, macro in buttons} <= subs


def test_every_runpython_names_a_function_of_toolkit_excel():
    commands = re.findall(r'RunPython "([^"]*)"', _source(OUR_BAS))
    assert len(commands) == len(_subs(_source(OUR_BAS))) == 4
    for command in commands:
        m = re.fullmatch(r"import toolkit\.excel; toolkit\.excel\.(\w+)\(\)", command)
        assert m, command
        assert callable(getattr(excel, m.group(1), None)), m.group(1)


def test_the_buttons_are_on_the_instructions_sheet_which_says_what_they_need():
    with zipfile.ZipFile(MACRO) as z:
        rels = z.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
        assert "vmlDrawing" in rels
    wb = openpyxl.load_workbook(MACRO)
    assert wb.sheetnames[0] == standard.INSTRUCTIONS and wb.active.title == standard.INSTRUCTIONS
    text = " ".join(str(c.value) for c in wb[standard.INSTRUCTIONS]["A"] if c.value)
    assert "Excel" in text and "LibreOffice không chạy được macro" in text
    assert "kiemdiem validate" in text and "kiemdiem report" in text


# --- the xlwings.conf sheet -----------------------------------------------------------------------------------

def test_config_sheet_is_active_and_names_no_interpreter():
    """xlwings reads the sheet named exactly "xlwings.conf" ("_xlwings.conf" is inactive) from A1 down to the
    first blank cell; its keys win over the user's file, so none may name a Python."""
    wb = openpyxl.load_workbook(MACRO)
    assert CONFIG_SHEET == "xlwings.conf" and CONFIG_SHEET in wb.sheetnames and "_xlwings.conf" not in wb.sheetnames
    ws = wb[CONFIG_SHEET]
    keys = {}
    for row in range(1, ws.max_row + 1):
        name = ws.cell(row=row, column=1).value
        if name in (None, ""):
            break
        keys[str(name).upper()] = ws.cell(row=row, column=2).value
    assert keys == {name.upper(): value for name, value in XLWINGS_SETTINGS}
    assert keys["ADD_WORKBOOK_TO_PYTHONPATH"] is False
    forbidden = ("INTERPRETER", "CONDA", "PYTHONPATH", "LICENSE")
    every_cell = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [k for k in keys if k.startswith(forbidden)]
    assert not any(re.search(r"[A-Za-z]:\\.*python", v, re.I) for v in every_cell)


# --- a package Excel accepts ----------------------------------------------------------------------------------

def test_package_is_macro_enabled():
    with zipfile.ZipFile(MACRO) as z:
        types = z.read("[Content_Types].xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        workbook = z.read("xl/workbook.xml").decode()
        assert "xl/vbaProject.bin" in z.namelist()
    assert re.search(r'PartName="/xl/workbook.xml" ContentType="' + re.escape(MACRO_CONTENT_TYPE) + '"', types)
    assert 'ContentType="application/vnd.ms-office.vbaProject"' in types
    assert re.search(r'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
                     r'Target="vbaProject.bin"', rels)
    assert 'codeName="ThisWorkbook"' in workbook


def _validator():
    """Found as tests/test_documents.py finds it: KIEMDIEM_OOXML_VALIDATOR, .ci/node_modules, the PATH."""
    for found in (os.environ.get("KIEMDIEM_OOXML_VALIDATOR"), ROOT / ".ci" / "node_modules" / ".bin" / "ooxml-validator",
                  shutil.which("ooxml-validator")):
        if found and Path(found).exists():
            return str(found)
    return None


def test_microsofts_validator_accepts_the_macro_workbook():
    validator = _validator()
    if validator is None:
        if os.environ.get("KIEMDIEM_CI") == "1":
            pytest.fail("Microsoft's Open XML validator is missing in CI (KIEMDIEM_CI=1)")
        pytest.skip("Microsoft's Open XML SDK validator is not installed here "
                    "(KIEMDIEM_OOXML_VALIDATOR or .ci/node_modules/.bin/ooxml-validator)")
    run = subprocess.run([validator, str(MACRO)], capture_output=True, text=True, timeout=120)
    report = json.loads(run.stdout)
    assert report["ok"] and run.returncode == 0, report["errors"]


def _audit(path: Path) -> dict:
    pytest.importorskip("openxml_audit")
    run = subprocess.run([sys.executable, "-m", "openxml_audit", "-o", "json", "-m", "0", str(path)],
                         capture_output=True, text=True, timeout=120)
    return json.loads(run.stdout)[0]


def test_openxml_audit_accepts_the_macro_workbook_and_refuses_a_non_macro_content_type(tmp_path):
    report = _audit(MACRO)
    assert report["valid"] and report["error_count"] == 0, report["errors"]
    wrong = tmp_path / "sai-kieu.xlsm"
    with zipfile.ZipFile(MACRO) as src, zipfile.ZipFile(wrong, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(MACRO_CONTENT_TYPE.encode(),
                                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
            dst.writestr(item, data)
    assert not _audit(wrong)["valid"]  # what pyopenvba alone would leave: the audit must catch it


# --- LibreOffice opens it, sees the buttons, runs a test build ------------------------------------------------

def _uno_ready() -> bool:
    if not Path(DEBIAN_PYTHON).exists() or shutil.which("soffice") is None:
        return False
    return subprocess.run([DEBIAN_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


needs_uno = pytest.mark.skipif(not _uno_ready(), reason="LibreOffice with python3-uno (Debian's python3) not here")


def _uno(path: Path, *args) -> dict:
    run = subprocess.run([DEBIAN_PYTHON, str(ROOT / "tests" / "uno_buttons.py"), str(path), *args],
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def _url(sub: str) -> str:
    return f"vnd.sun.star.script:VBAProject.KiemDiem.{sub}?language=Basic&location=document"


@needs_uno
def test_libreoffice_sees_the_buttons_bound_to_our_subs():
    seen = _uno(MACRO)
    assert seen["sheets"][0] == standard.INSTRUCTIONS
    bound = [(b["label"], [e["code"] for e in b["events"] if e["method"] == "actionPerformed"])
             for b in seen["buttons"]]
    assert bound == [(caption, [_url(sub)]) for caption, sub in BUTTONS]
    imported = seen["modules"]["KiemDiem"]  # LibreOffice's copy of our module: every Sub is there, whole
    for sub in _subs(_source(OUR_BAS)):
        assert f"Public Sub {sub}()" in imported
    for line in _source(OUR_BAS).split("\r\n")[1:]:
        assert line in imported.replace("\r\n", "\n").split("\n")


@needs_uno
def test_libreoffice_runs_each_button_of_a_test_build(tmp_path):
    """LibreOffice cannot compile xlwings' own module (and one module that does not compile disables every macro):
    the test build's xlwings module is a stub whose RunPython records its command in the sheet xlwings.conf."""
    pytest.importorskip("pyopenvba")
    build = _build_script()
    variant = build.build(tmp_path / "thu.xlsm", build.modules(xlwings_stub=_source(STUB)))
    seen = _uno(variant, "--run")
    runs = [(r["label"], r["error"], r["recorded"][-1] if r["recorded"] else None) for r in seen["runs"]]
    assert runs == [(caption, "", f"import toolkit.excel; toolkit.excel.{fn}()") for (caption, _), fn in
                    zip(BUTTONS, ("check", "indicators", "report", "report_pdf"))]
    assert len(seen["runs"][-1]["recorded"]) == 4  # one call per click, nothing more


# --- a blank workbook to the toolkit --------------------------------------------------------------------------

def test_validate_accepts_the_macro_workbook_as_a_blank_one():
    run = kiemdiem("validate", MACRO)
    assert run.returncode == 1 and "Sổ chưa có số liệu" in run.stdout
    assert {p.code for p in toolkit.validate(MACRO).problems.errors} == {"missing-setting", "no-members"}
    assert {p.code for p in toolkit.validate(MACRO).problems.problems} == \
        {p.code for p in toolkit.validate(BLANK).problems.problems}


def test_the_macro_workbook_has_the_blank_workbooks_sheets_and_lists():
    macro, blank = openpyxl.load_workbook(MACRO), openpyxl.load_workbook(BLANK)
    assert macro.sheetnames == blank.sheetnames + [CONFIG_SHEET]
    for sheet in standard.SHEETS:
        assert [[c.value for c in r] for r in macro[sheet.name].iter_rows()] == \
            [[c.value for c in r] for r in blank[sheet.name].iter_rows()]
        assert [str(d.sqref) for d in macro[sheet.name].data_validations.dataValidation] == \
            [str(d.sqref) for d in blank[sheet.name].data_validations.dataValidation]
    lists = {n for n in blank.defined_names}
    assert lists <= {n for n in macro.defined_names}


# --- kiemdiem new --macro [--from] ----------------------------------------------------------------------------

def test_write_macro_workbook_writes_the_shipped_workbook(tmp_path):
    written = write_macro_workbook(tmp_path / "so.xlsm")
    assert written.path == tmp_path / "so.xlsm" and written.rows == {} and written.skipped == []
    assert same_parts(written.path, MACRO) == []
    with pytest.raises(OutputExists):
        write_macro_workbook(tmp_path / "so.xlsm")
    assert write_macro_workbook(tmp_path / "so.xlsm", overwrite=True).path.exists()


def test_a_filled_workbook_moves_into_a_macro_workbook_and_reports_the_same(tmp_path):
    moved = write_macro_workbook(tmp_path / "so.xlsm", from_workbook=EXAMPLE)
    assert moved.rows["Ban Chấp hành"] == 7 and moved.rows["Điểm danh"] == 350 and moved.skipped == []
    source, target = toolkit.validate(EXAMPLE), toolkit.validate(moved.path)
    assert target.ok and target.problems.problems == source.problems.problems
    assert toolkit.compute(toolkit.load(moved.path)) == toolkit.compute(toolkit.load(EXAMPLE))
    with zipfile.ZipFile(moved.path) as a, zipfile.ZipFile(MACRO) as b:
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")
    assert _buttons(moved.path) == list(BUTTONS)


def test_moving_keeps_a_units_own_columns_and_wording_and_names_the_sheets_left_behind(tmp_path, example):
    example.ws("Ban Chấp hành").cell(row=1, column=12, value="Số điện thoại")
    example.ws("Ban Chấp hành").cell(row=2, column=12, value="0901 234 567")
    looks_like_a_formula = example.ws("Ban Chấp hành").cell(row=8, column=11)
    looks_like_a_formula.value, looks_like_a_formula.data_type = "=cmd|' /C calc'!A0", "s"
    example.set("Thông tin chung", 3, "Nội dung", "Tên đơn vị (theo quyết định thành lập)")
    example.book.create_sheet("Ghi chú riêng")["A1"] = "việc cần làm"
    source = example.save()
    moved = write_macro_workbook(tmp_path / "so.xlsm", from_workbook=source)
    assert moved.skipped == ["Ghi chú riêng"]
    wb = openpyxl.load_workbook(moved.path)
    members = wb["Ban Chấp hành"]
    assert members.cell(row=1, column=12).value == "Số điện thoại"
    assert members.cell(row=2, column=12).value == "0901 234 567"
    assert (members.cell(row=8, column=11).value, members.cell(row=8, column=11).data_type) == \
        ("=cmd|' /C calc'!A0", "s")  # a text stays a text, never a formula
    assert wb["Thông tin chung"].cell(row=3, column=2).value == "Tên đơn vị (theo quyết định thành lập)"


def test_moving_refuses_to_write_over_its_source(tmp_path):
    source = tmp_path / "so.xlsm"
    shutil.copy(MACRO, source)
    before = source.read_bytes()
    with pytest.raises(OutputIsInput):
        write_macro_workbook(source, from_workbook=source, overwrite=True)
    assert source.read_bytes() == before


def test_moving_an_unreadable_file_is_the_readers_refusal(tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(toolkit.UnreadableWorkbook):
        write_macro_workbook(tmp_path / "so.xlsm", from_workbook=bad)
    assert not (tmp_path / "so.xlsm").exists()


# --- the Windows set-up script --------------------------------------------------------------------------------

POWERSHELL_CMDLETS = {"Write-Host", "Select-Object", "Get-Command", "Get-ChildItem", "Test-Path", "Resolve-Path",
                      "Sort-Object", "Split-Path", "Join-Path", "New-Item", "Out-Null", "Copy-Item",
                      "Get-MpPreference"}


def test_setup_script_parses_as_powershell():
    tsp = pytest.importorskip("tree_sitter_powershell")
    tree_sitter = pytest.importorskip("tree_sitter")
    parser = tree_sitter.Parser(tree_sitter.Language(tsp.language()))
    data = SETUP.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "Windows PowerShell 5.1 reads Vietnamese only from UTF-8 with a BOM"
    source = data[3:]
    tree = parser.parse(source)
    errors, defined, called = [], set(), set()

    def walk(node):
        if node.is_error or node.is_missing:
            errors.append((node.start_point, source[node.start_byte:node.end_byte][:60]))
        text = source[node.start_byte:node.end_byte].decode("utf-8")
        if node.type == "function_name":
            defined.add(text)
        elif node.type == "command_name":
            called.add(text)
        for child in node.children:
            walk(child)

    walk(tree.root_node)
    assert not tree.root_node.has_error and errors == []
    assert called - defined - POWERSHELL_CMDLETS == set(), "a call to a function that is not defined"
    broken = parser.parse(source.replace(b"if (-not $found) {", b"if (-not $found) ", 1))
    assert broken.root_node.has_error  # the parser does judge


def test_setup_script_installs_the_xlwings_of_the_workbook_and_names_python_only_in_the_users_file():
    text = SETUP.read_bytes().decode("utf-8-sig")
    assert f'$XlwingsVersion = "{excel.XLWINGS_VERSION}"' in text
    assert '"$src[excel]"' in text and '"xlwings==$XlwingsVersion"' in text
    assert '"INTERPRETER_WIN","' in text and '$env:USERPROFILE ".xlwings"' in text
    bat = (ROOT / "scripts" / "cai-dat-excel.bat").read_bytes()
    assert bat.isascii() and b"-ExecutionPolicy Bypass -File \"%~dp0cai-dat-excel.ps1\"" in bat


def test_the_guide_lists_what_could_not_be_run_here():
    guide = (ROOT / "docs" / "excel.md").read_text(encoding="utf-8")
    for topic in ("python.org", "Mark of the Web", "Unblock", "Trusted Locations", "d4f940ab", "không tìm thấy Python",
                  "Chưa chạy được ở đây", "Word", "cai-dat-excel.ps1", excel.XLWINGS_VERSION):
        assert topic in guide, topic
