"""The blank workbook, the command line's exit codes, and files that are not workbooks at all."""
from __future__ import annotations

import io
import json
import re
import shutil
import zipfile

import msoffcrypto.format.ooxml
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from toolkit import standard
from toolkit.blank import INSTRUCTIONS
from toolkit.office import convert, find_soffice

from conftest import BLANK, EXAMPLE, digest, kiemdiem, same_parts


def test_new_writes_a_blank_workbook_that_says_what_to_fill(tmp_path):
    out = tmp_path / "Sổ mới.xlsx"
    run = kiemdiem("new", out)
    assert run.returncode == 0, run.stderr
    check = kiemdiem("validate", out)
    assert check.returncode == 1, check.stdout
    assert "Sổ chưa có số liệu" in check.stdout and "Chưa thể lập báo cáo" in check.stdout
    codes = {p.code for p in __import__("toolkit").validate(out).problems.errors}
    assert codes == {"missing-setting", "no-members"}  # what to fill, nothing about the form of the workbook


def test_new_refuses_to_overwrite(tmp_path):
    out = tmp_path / "so.xlsx"
    out.write_bytes(b"do not touch")
    run = kiemdiem("new", out)
    assert run.returncode == 3
    assert "đã có" in run.stderr
    assert out.read_bytes() == b"do not touch"


def test_blank_workbook_follows_the_standard():
    wb = openpyxl.load_workbook(BLANK)
    assert wb.sheetnames[0] == INSTRUCTIONS
    for sheet in standard.SHEETS:
        ws = wb[sheet.name]
        assert [c.value for c in ws[1]][:len(sheet.columns)] == [c.header for c in sheet.columns]
        assert ws.freeze_panes == "A2"
        validated = {str(rng).split(":")[0].rstrip("0123456789") for dv in ws.data_validations.dataValidation
                     for rng in dv.sqref.ranges}
        for index, col in enumerate(sheet.columns, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            if col.kind in ("choice", "date", "int", "year"):
                assert letter in validated, f"{sheet.name}!{letter} ({col.header}) has no validation"
            if col.kind == "date":  # whole columns are styled, not pre-styled empty rows
                assert _column_format(ws, index) == "dd/mm/yyyy", f"{sheet.name}!{letter}"
            if col.kind in ("text", "lines") and sheet.key != "settings":  # "- …" typed stays text, not a formula
                assert _column_format(ws, index) == "@", f"{sheet.name}!{letter}"
    codes = [r[0].value for r in wb[standard.SETTINGS_SHEET.name].iter_rows(min_row=2) if r[0].value]
    assert codes == [s.code for s in standard.SETTINGS]
    lists = {name: wb.defined_names[name].attr_text for name in wb.defined_names}
    assert any("Danh mục" in ref for ref in lists.values())


def _column_format(ws, index) -> str:
    """The number format of column ``index`` (openpyxl groups neighbouring columns alike under the first)."""
    for dim in ws.column_dimensions.values():
        if dim.min and dim.max and dim.min <= index <= dim.max:
            return dim.number_format
    return "General"


def test_blank_workbook_has_no_pre_styled_empty_rows():
    """The data sheets of the blank workbook hold their header (and, for settings, one row per setting) only."""
    with zipfile.ZipFile(BLANK) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet") and name != "xl/worksheets/sheet1.xml":  # sheet1: instructions
                rows = re.findall(rb'<row r="(\d+)"', z.read(name))
                assert len(rows) <= len(standard.SETTINGS) + 1, f"{name}: {len(rows)} rows written"


def test_shipped_workbooks_are_what_the_build_script_makes(tmp_path):
    """Every part of both shipped workbooks, byte for byte: the standard's definition and the example's data."""
    import importlib.util
    from conftest import ROOT
    spec = importlib.util.spec_from_file_location("build_workbooks", ROOT / "scripts" / "build_workbooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main([str(tmp_path)])
    assert same_parts(tmp_path / BLANK.name, BLANK) == []
    assert same_parts(tmp_path / EXAMPLE.name, EXAMPLE) == []


def test_validate_json_for_programs(example):
    example.set("Ban Chấp hành", 4, "Chức vụ", "Thư ký")
    path = example.save()
    run = kiemdiem("validate", path, "--json")
    assert run.returncode == 1
    data = json.loads(run.stdout)
    assert data["ok"] is False and data["readable"] is True and data["errors"] == 1
    problem = data["problems"][0]
    assert (problem["sheet"], problem["cell"], problem["code"], problem["level"]) == \
        ("Ban Chấp hành", "F4", "bad-value", "error")
    assert "Thư ký" in problem["message"] and "Chọn một trong" in problem["fix"]
    assert all(k.isascii() for k in data) and all(k.isascii() for k in problem)


def test_validate_prints_a_table_with_level_place_and_fix(example):
    example.set("Ban Chấp hành", 4, "Chức vụ", "Thư ký")
    run = kiemdiem("validate", example.save())
    assert run.returncode == 1
    line = next(l for l in run.stdout.splitlines() if "Ban Chấp hành!F4" in l)
    assert line.startswith("lỗi") and "Chọn một trong" in line


def test_validate_never_modifies_the_workbook(example_copy):
    before = digest(example_copy)
    assert kiemdiem("validate", example_copy).returncode == 0
    assert digest(example_copy) == before


def _xlsx_with(tmp_path, name, part, content):
    """The example with one part replaced."""
    out = tmp_path / name
    with zipfile.ZipFile(EXAMPLE) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, content if item.filename == part else src.read(item.filename))
    return out


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">
<c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>"""


def _unreadable_files(tmp_path):
    files = {}
    files["text"] = tmp_path / "ghi-chu.xlsx"
    files["text"].write_text("đây không phải sổ Excel", encoding="utf-8")
    files["empty"] = tmp_path / "rong.xlsx"
    files["empty"].write_bytes(b"")
    files["truncated"] = tmp_path / "cat-ngang.xlsx"
    files["truncated"].write_bytes(EXAMPLE.read_bytes()[: EXAMPLE.stat().st_size // 2])
    files["xml-bomb"] = _xlsx_with(tmp_path, "bom-xml.xlsx", "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    files["zip-bomb"] = _xlsx_with(tmp_path, "bom-nen.xlsx", "xl/worksheets/sheet3.xml", b"<a>" + b" " * 60_000_000 + b"</a>")
    files["password"] = tmp_path / "mat-khau.xlsx"
    encrypted = io.BytesIO()
    with open(EXAMPLE, "rb") as fh:
        msoffcrypto.format.ooxml.OOXMLFile(fh).encrypt("123456", encrypted)
    files["password"].write_bytes(encrypted.getvalue())
    files["docx"] = tmp_path / "van-ban.xlsx"
    with zipfile.ZipFile(files["docx"], "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    files["missing"] = tmp_path / "khong-co.xlsx"
    files["huge"] = tmp_path / "qua-lon.xlsx"
    with open(files["huge"], "wb") as fh:  # sparse: its size says 600 MB, nothing is read to refuse it
        fh.write(EXAMPLE.read_bytes())
        fh.truncate(600 * 1024 * 1024)
    return files


@pytest.mark.parametrize("kind, says", [
    ("text", "không phải sổ Excel"), ("empty", "tệp rỗng"), ("truncated", "bị hỏng"),
    ("xml-bomb", "không an toàn"), ("zip-bomb", "bom nén"), ("password", "mật khẩu"),
    ("docx", "không phải sổ Excel"), ("missing", "không tìm thấy"), ("huge", "quá lớn"),
])
def test_unreadable_file_gives_one_vietnamese_line_and_exit_2(tmp_path, kind, says):
    path = _unreadable_files(tmp_path)[kind]
    before = digest(path) if path.exists() else None
    run = kiemdiem("validate", path)
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert says in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert len(run.stderr.strip().splitlines()) == 1
    if before:
        assert digest(path) == before


def test_xlsm_copy_is_read(tmp_path):
    xlsm = tmp_path / "so.xlsm"
    shutil.copy(EXAMPLE, xlsm)
    assert kiemdiem("validate", xlsm).returncode == 0


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed here")
@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_workbook_saved_by_libreoffice_as_ods_or_xls_is_read(tmp_path, fmt):
    converted = convert(EXAMPLE, fmt, tmp_path)
    run = kiemdiem("validate", converted)
    assert run.returncode == 0, run.stdout
    assert "5 người đang giữ chức vụ" in run.stdout


def test_wheel_carries_what_kiemdiem_needs_at_run_time(tmp_path):
    import subprocess
    import sys
    from conftest import ROOT
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("kiemdiem-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in ("toolkit/_data/workbooks/so-theo-doi-bch.xlsx",
                    "toolkit/_data/workbooks/vi-du-doan-so-tttt-2017-2022.xlsx",
                    "toolkit/_data/templates/bao-cao-kiem-diem-bch.docx"):
        assert shipped in names
    assert any(n.endswith("entry_points.txt") for n in names)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, EXAMPLE.stat().st_size - 1), st.integers(0, 255)), min_size=1, max_size=20))
def test_corrupted_bytes_never_crash_the_reader(tmp_path, flips):
    from toolkit import UnreadableWorkbook, check, read_workbook
    data = bytearray(EXAMPLE.read_bytes())
    for position, value in flips:
        data[position] = value
    path = tmp_path / "hong.xlsx"
    path.write_bytes(bytes(data))
    try:
        check(read_workbook(path))
    except UnreadableWorkbook as exc:
        assert str(exc).startswith("Không đọc được tệp")


def test_validate_json_reports_an_unreadable_file_as_json(tmp_path):
    path = tmp_path / "rong.xlsx"
    path.write_bytes(b"")
    run = kiemdiem("validate", path, "--json")
    assert run.returncode == 2
    data = json.loads(run.stdout)
    assert data["readable"] is False and data["ok"] is False
    assert data["problems"][0]["code"] == "unreadable-workbook" and "tệp rỗng" in data["problems"][0]["message"]





def test_new_macro_workbook_from_a_filled_one(tmp_path):
    out = tmp_path / "so-co-nut"
    run = kiemdiem("new", "--macro", "--from", EXAMPLE, out)
    assert run.returncode == 0, run.stderr
    made = tmp_path / "so-co-nut.xlsm"
    assert "Điểm danh (350 dòng)" in run.stdout and made.exists()
    assert kiemdiem("validate", made).returncode == 0
    assert kiemdiem("new", "--from", EXAMPLE, tmp_path / "x.xlsx").returncode == 2  # --from needs --macro
    assert kiemdiem("new", "--macro", "--from", EXAMPLE, made).returncode == 3  # never replaced without --force
