"""The Excel buttons' entry points (toolkit.excel), run against a small in-memory stand-in for an xlwings Book —
the only stand-in in these tests: Excel cannot run here.  The stand-in keeps cells as Excel does for what the
entry points use (values, formulas, a used range that starts where the data starts, text typed with a leading
apostrophe, numbers always floats, dates as datetimes) and records message boxes."""
from __future__ import annotations

import datetime as dt
import errno
import os
import re
from pathlib import Path

import openpyxl
import pytest

import toolkit.excel as excel
from toolkit import standard
from toolkit.blank import FOLDER_NAME
from toolkit.office import find_soffice
from toolkit.outputs import HEADERS, sheet_rows
from toolkit.cells import column_index, column_letter

from conftest import EXAMPLE, ROOT

needs_office = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed here")
CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


# --- the stand-in ---------------------------------------------------------------------------------------------

def _rc(address: str) -> tuple:
    m = CELL.fullmatch(address)
    return int(m.group(2)), column_index(m.group(1))


class Font:
    def __init__(self):
        self.bold = False


class Range:
    def __init__(self, sheet, first, last=None):
        self.sheet, self.first = sheet, first
        self.last = last or first
        self.font = Font()
        self._ndim = None

    @property
    def shape(self):
        return self.last[0] - self.first[0] + 1, self.last[1] - self.first[1] + 1

    @property
    def address(self):
        a = f"${column_letter(self.first[1])}${self.first[0]}"
        b = f"${column_letter(self.last[1])}${self.last[0]}"
        return a if a == b else f"{a}:{b}"

    def options(self, ndim=None):
        self._ndim = ndim
        return self

    @property
    def value(self):
        rows = [[self.sheet.cells.get((r, c)) for c in range(self.first[1], self.last[1] + 1)]
                for r in range(self.first[0], self.last[0] + 1)]
        if self._ndim == 2:
            return rows
        if self.shape == (1, 1):
            return rows[0][0]
        if 1 in self.shape:  # one row or one column: xlwings gives a flat list
            return [v for row in rows for v in row]
        return rows

    @value.setter
    def value(self, rows):
        self._set(rows, formula=False)

    @property
    def formula(self):
        return [[self.sheet.formulas.get((r, c), "") for c in range(self.first[1], self.last[1] + 1)]
                for r in range(self.first[0], self.last[0] + 1)]

    @formula.setter
    def formula(self, rows):
        self._set(rows, formula=True)

    def _set(self, rows, formula):
        if not isinstance(rows, list):
            rows = [[rows]]
        widths = {len(r) for r in rows}
        assert len(widths) == 1, "xlwings writes rectangular blocks only"
        if formula:
            assert self.shape == (len(rows), widths.pop()), "a formula block fills its range exactly"
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                self.sheet.put(self.first[0] + i, self.first[1] + j, value)

    @property
    def number_format(self):
        return self.sheet.formats.get(self.first, "General")

    @property
    def column_width(self):
        return self.sheet.widths.get(self.first[1])

    @column_width.setter
    def column_width(self, width):
        self.sheet.widths[self.first[1]] = width

    @property
    def wrap_text(self):
        return True

    @wrap_text.setter
    def wrap_text(self, value):
        pass


class Sheet:
    def __init__(self, book, name, rows=(), top_left="A1"):
        self.book, self.name = book, name
        self.cells, self.formulas, self.widths, self.formats = {}, {}, {}, {}
        r0, c0 = _rc(top_left)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                if value is not None:
                    self.put(r0 + i, c0 + j, value)

    def put(self, r, c, value):
        """What Excel keeps when a value is written: numbers as floats, "=…" as a formula, "'…" as text."""
        self.formulas.pop((r, c), None)
        if isinstance(value, bool) or value is None:
            pass
        elif isinstance(value, int):
            value = float(value)
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        elif isinstance(value, str) and value.startswith("'"):
            value = value[1:]
        elif isinstance(value, str) and value.startswith("="):
            self.formulas[(r, c)] = value
            value = _hyperlink_text(value)
        if value is None or value == "":
            self.cells.pop((r, c), None)
        else:
            self.cells[(r, c)] = value

    @property
    def used_range(self):
        if not self.cells:
            return Range(self, (1, 1))
        rows = [r for r, _ in self.cells]
        cols = [c for _, c in self.cells]
        return Range(self, (min(rows), min(cols)), (max(rows), max(cols)))

    def range(self, first, last=None):
        first = _rc(first) if isinstance(first, str) else first
        last = (_rc(last) if isinstance(last, str) else last) if last is not None else None
        return Range(self, first, last)

    def clear(self):
        self.cells.clear()
        self.formulas.clear()

    def activate(self):
        self.book.active = self.name


class Sheets(list):
    def __init__(self, book):
        super().__init__()
        self.book = book

    def add(self, name, before=None, after=None):
        assert name not in [s.name for s in self], f"Excel refuses a second sheet named {name}"
        sheet = Sheet(self.book, name)
        self.insert(self.index(after) + 1 if after is not None else 0, sheet)
        sheet.activate()
        return sheet

    def __getitem__(self, item):
        if isinstance(item, str):
            return next(s for s in self if s.name == item)
        return list.__getitem__(self, item)


class Name:
    def __init__(self, book, sheet, cell):
        self.refers_to_range = book.sheets[sheet].range(cell)


class App:
    def __init__(self):
        self.alerts = []

    def alert(self, prompt, title=None, buttons="ok", mode=None, callback=None):
        self.alerts.append((title, prompt, mode))
        return "ok"


class Book:
    """An open workbook as xlwings shows it to the entry points."""

    def __init__(self, fullname, sheets: dict, names=None):
        self.fullname = str(fullname)
        self.name = Path(self.fullname).name
        self.app = App()
        self.sheets = Sheets(self)
        for sheet_name, content in sheets.items():
            rows, top_left = content if isinstance(content, tuple) else (content, "A1")
            self.sheets.append(Sheet(self, sheet_name, rows, top_left))
        self.names = {n: Name(self, *where) for n, where in (names or {}).items()}
        self.active = self.sheets[0].name

    @classmethod
    def of(cls, path: Path, fullname=None, moved=None):
        """The book of a workbook file as Excel would hold it; ``moved``: {sheet: "C5"} puts a sheet's block there."""
        wb = openpyxl.load_workbook(path)
        sheets = {}
        for ws in wb.worksheets:
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            sheets[ws.title] = (rows, (moved or {}).get(ws.title, "A1"))
        names = {}
        for name, dn in wb.defined_names.items():
            for sheet, ref in dn.destinations:
                if ":" not in ref:  # single cells only: the lists' ranges are not used by the buttons
                    names[name] = (sheet, ref.replace("$", ""))
        return cls(fullname or path, sheets, names)

    def snapshot(self, but=()):
        return {s.name: (dict(s.cells), dict(s.formulas)) for s in self.sheets if s.name not in but}

    def results(self):
        """The rows of the problems table: (level, sheet, shown cell, link formula, message, fix)."""
        sheet = self.sheets[excel.RESULTS]
        last = max((r for r, _ in sheet.cells), default=0)
        return [tuple(sheet.cells.get((r, c)) for c in (1, 2, 3)) + (sheet.formulas.get((r, 3)),)
                + tuple(sheet.cells.get((r, c)) for c in (4, 5)) for r in range(4, last + 1)]

    def status(self):
        return self.sheets[excel.RESULTS].cells.get((1, 1), "")


def _hyperlink_text(formula):
    m = re.fullmatch(r'=HYPERLINK\("((?:[^"]|"")*)","((?:[^"]|"")*)"\)', formula)
    return m.group(2).replace('""', '"') if m else None


def _follow(book, formula):
    """The sheet and cell a HYPERLINK formula of the results goes to, as Excel follows "#'Sheet'!A1"."""
    m = re.fullmatch(r'=HYPERLINK\("#\'((?:[^\']|\'\')*)\'!([A-Z]+\d+)","(?:[^"]|"")*"\)', formula)
    assert m, formula
    sheet = book.sheets[m.group(1).replace("''", "'")]
    return sheet, m.group(2)


@pytest.fixture
def book(tmp_path):
    return Book.of(EXAMPLE, fullname=tmp_path / "so-cua-doan.xlsm")


# --- check ----------------------------------------------------------------------------------------------------

def test_check_of_a_clean_book_says_so_and_touches_only_its_own_sheet(book):
    before = book.snapshot()
    result = excel.check(book)
    assert result.ok and book.app.alerts == []
    assert "Không có lỗi" in book.status() and "lập được báo cáo" in book.status()
    assert book.results() == []
    assert book.snapshot(but=(excel.RESULTS,)) == before  # the unit's sheets are not written
    assert book.active == excel.RESULTS
    assert [s.name for s in book.sheets][:2] == [standard.INSTRUCTIONS, excel.RESULTS]


def test_check_writes_each_problem_with_a_link_to_its_cell(book):
    members = book.sheets["Ban Chấp hành"]
    members.put(4, 6, "Thư ký")                     # F4: not a position of the list
    excel.check(book)
    rows = book.results()
    level, sheet, shown, link, message, fix = rows[0]
    assert (level, sheet, shown) == ("lỗi", "Ban Chấp hành", "F4") and "Thư ký" in message
    assert "Chọn một trong" in fix
    target, cell = _follow(book, link)
    assert target.range(cell).value == "Thư ký"     # the link goes to the very cell
    assert "1 lỗi" in book.status() and "Chưa lập được báo cáo" in book.status()
    again = excel.check(book)                        # a second click replaces the sheet, it does not add one
    assert len(book.results()) == len(again.problems.problems)
    assert [s.name for s in book.sheets].count(excel.RESULTS) == 1


def test_links_point_to_the_right_cell_when_a_table_does_not_start_at_a1(tmp_path):
    book = Book.of(EXAMPLE, fullname=tmp_path / "so.xlsm", moved={"Xếp loại": "C5"})
    ratings = book.sheets["Xếp loại"]
    ratings.put(7, 5, "Rất tốt")                     # third column of the block at C5, second data row
    excel.check(book)
    bad = [r for r in book.results() if r[1] == "Xếp loại" and r[0] == "lỗi"]
    assert len(bad) == 1 and bad[0][2] == "E7"
    target, cell = _follow(book, bad[0][3])
    assert target.name == "Xếp loại" and target.range(cell).value == "Rất tốt"


def test_unsaved_edits_are_read(book):
    """What Excel holds now, not what was saved: a changed setting is seen before any save."""
    settings = book.sheets["Thông tin chung"]
    row = next(r for (r, c), v in settings.cells.items() if c == 1 and v == "nam_ket_thuc")
    settings.put(row, 3, "hai nghìn")
    excel.check(book)
    assert any(r[1] == "Thông tin chung" and r[2] == f"C{row}" for r in book.results())


def test_workbook_values_never_become_formulas_in_the_results(book):
    book.sheets["Ban Chấp hành"].put(4, 6, '=HYPERLINK("http://example.com","x")')
    book.sheets["Ban Chấp hành"].cells[(4, 6)] = '=cmd|"/C calc"!A0'   # a text that looks like a formula
    excel.check(book)
    results = book.sheets[excel.RESULTS]
    assert all(f.startswith('=HYPERLINK("#') for f in results.formulas.values())
    assert any("=cmd" in str(v) for v in results.cells.values())


def test_a_missing_sheet_is_reported_without_a_link(book):
    book.sheets.remove(book.sheets["Họp BCH"])
    excel.check(book)
    row = next(r for r in book.results() if r[1] == "Họp BCH")
    assert row[0] == "lỗi" and row[3] is None


# --- indicators -----------------------------------------------------------------------------------------------

def test_indicators_fill_their_sheet_as_the_command_line_does(book):
    before = book.snapshot()
    values = excel.indicators(book)
    sheet = book.sheets[excel.INDICATORS]
    assert sheet.range((1, 1), (1, 4)).value == list(HEADERS)
    expected = sheet_rows(values)
    got = sheet.range((2, 1), (1 + len(expected), 4)).value
    assert [r[0] for r in got] == [r[0] for r in expected]
    so_uy_vien = next(r for r in got if r[0] == "so_uy_vien_hien_nay")
    assert so_uy_vien[2] == 5
    assert book.snapshot(but=(excel.RESULTS, excel.INDICATORS)) == before
    assert book.active == excel.INDICATORS and "chỉ số" in book.status()


def test_indicators_refused_with_errors_show_the_problems_and_a_message_box(book):
    book.sheets["Ban Chấp hành"].put(4, 6, "Thư ký")
    assert excel.indicators(book) is None
    assert any(r[2] == "F4" for r in book.results())
    (title, prompt, mode), = book.app.alerts
    assert "1 lỗi" in prompt and excel.RESULTS in prompt and mode == "critical"
    assert excel.INDICATORS not in [s.name for s in book.sheets]


# --- report ---------------------------------------------------------------------------------------------------

def test_report_is_written_beside_the_workbook_and_said_in_the_status(book, tmp_path):
    result = excel.report(book)
    expected = tmp_path / "bao-cao-kiem-diem-bch-2017-2022.docx"
    assert result.docx == expected and expected.exists()
    assert str(expected) in book.status() and book.app.alerts == []
    from docx import Document
    text = "\n".join(p.text for p in Document(expected).paragraphs)
    assert "Sở Thông tin và Truyền thông" in text


def test_report_again_replaces_the_previous_one(book, tmp_path):
    first = excel.report(book).docx
    second = excel.report(book).docx
    assert first == second and list(tmp_path.glob("*.docx")) == [first]


def test_report_open_in_word_gets_a_numbered_name(book, tmp_path, monkeypatch):
    """On Windows a document open in Word cannot be replaced: os.replace raises PermissionError (WinError 32,
    errno EACCES).  The new report takes the next free name, the old one is left as it was."""
    old = tmp_path / "bao-cao-kiem-diem-bch-2017-2022.docx"
    old.write_bytes(b"the report open in Word")
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        if Path(dst) == old:
            raise PermissionError(errno.EACCES, "The process cannot access the file because it is being used by "
                                  "another process", str(dst), 32)
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    result = excel.report(book)
    assert result.docx == tmp_path / "bao-cao-kiem-diem-bch-2017-2022-2.docx" and result.docx.exists()
    assert old.read_bytes() == b"the report open in Word"
    assert "đang mở" in book.status() and result.docx.name in book.status()
    assert book.app.alerts == []
    assert not list(tmp_path.glob(".kiemdiem-*"))


def test_a_folder_that_cannot_be_written_is_a_message_box_not_a_numbered_name(book, tmp_path, monkeypatch):
    """PermissionError with no old report to blame: the folder refuses; say so, write nothing."""
    def replace(src, dst, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Access is denied", str(dst), 5)
    monkeypatch.setattr(os, "replace", replace)
    assert excel.report(book) is None
    (_, prompt, mode), = book.app.alerts
    assert "không có quyền ghi" in prompt and mode == "critical"
    assert not list(tmp_path.glob("*.docx")) and not list(tmp_path.glob(".kiemdiem-*"))


def test_report_goes_to_the_folder_set_in_the_workbook(tmp_path):
    """The cell the macro workbook names ThuMucBaoCao (on its instructions sheet) holds the folder."""
    macro = openpyxl.load_workbook(ROOT / "workbooks" / "so-theo-doi-bch.xlsm")
    (sheet, cell), = [(s, c.replace("$", "")) for s, c in macro.defined_names[FOLDER_NAME].destinations]
    assert sheet == standard.INSTRUCTIONS
    book = Book.of(EXAMPLE, fullname=tmp_path / "so.xlsm")
    book.names = {FOLDER_NAME: Name(book, sheet, cell)}
    book.sheets[sheet].range(cell).value = str(tmp_path / "bao cáo")
    result = excel.report(book)
    assert result.docx.parent == tmp_path / "bao cáo"
    book.sheets[sheet].range(cell).value = "con"        # a relative folder: under the workbook's own
    assert excel.report(book).docx.parent == tmp_path / "con"


def test_a_workbook_never_saved_reports_into_documents(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Documents").mkdir()
    book = Book.of(EXAMPLE, fullname="Book1")
    result = excel.report(book)
    assert result.docx.parent == tmp_path / "Documents" and "chưa được lưu" in book.status()


def test_report_refused_for_errors_writes_the_problems(book, tmp_path):
    book.sheets["Ban Chấp hành"].put(4, 6, "Thư ký")
    assert excel.report(book) is None
    assert not list(tmp_path.glob("*.docx"))
    assert any(r[2] == "F4" for r in book.results()) and "1 lỗi" in book.app.alerts[0][1]


@needs_office
def test_pdf_through_libreoffice_when_word_is_not_here(book, tmp_path):
    with pytest.raises(excel.Unavailable):
        excel.word_pdf(tmp_path / "x.docx", tmp_path / "x.pdf")  # no Word on this machine
    result = excel.report_pdf(book)
    assert result.pdf == tmp_path / "bao-cao-kiem-diem-bch-2017-2022.pdf" and result.pdf.exists()
    assert result.pdf.read_bytes().startswith(b"%PDF")
    assert "PDF (LibreOffice)" in book.status()


def test_without_word_and_libreoffice_the_docx_stays_and_the_status_says_why(book, tmp_path, monkeypatch):
    monkeypatch.setenv("KIEMDIEM_SOFFICE", str(tmp_path / "khong-co-soffice"))
    monkeypatch.setenv("PATH", "/nonexistent")
    result = excel.report_pdf(book)
    assert result.docx.exists() and result.pdf is None
    assert "Chưa tạo được PDF" in book.status() and "Word" in book.status()


def test_a_converter_that_fails_leaves_the_next_its_chance(tmp_path, monkeypatch):
    """Word missing (here), LibreOffice present but failing: the failure is what is said."""
    broken = tmp_path / "soffice"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("KIEMDIEM_SOFFICE", str(broken))
    docx = tmp_path / "bao-cao.docx"
    docx.write_bytes(b"not used")
    from toolkit.errors import ConversionFailed
    with pytest.raises(ConversionFailed):
        excel.make_pdf(docx)
    assert not (tmp_path / "bao-cao.pdf").exists()


# --- failures never show a traceback --------------------------------------------------------------------------

def test_an_oversized_sheet_is_a_message_box(book):
    sheet = book.sheets["Điểm danh"]
    sheet.put(1_048_576, 16_384, "x")
    assert excel.check(book) is None
    (_, prompt, mode), = book.app.alerts
    assert "quá giới hạn" in prompt and mode == "critical"


def test_a_fault_is_a_vietnamese_message_box(book, monkeypatch):
    monkeypatch.delenv("KIEMDIEM_DEBUG", raising=False)
    book.sheets["Ban Chấp hành"].__class__ = type("Broken", (Sheet,), {
        "used_range": property(lambda self: (_ for _ in ()).throw(RuntimeError("COM went away")))})
    assert excel.check(book) is None
    (_, prompt, _), = book.app.alerts
    assert prompt.startswith("Lỗi ngoài dự kiến") and "Traceback" not in prompt


def test_a_failure_while_writing_the_results_is_still_a_message_box(book):
    book.sheets["Ban Chấp hành"].put(4, 6, "Thư ký")

    def refuse(*args, **kwargs):
        raise RuntimeError("the workbook is protected")
    book.sheets.add = refuse
    assert excel.report(book) is None
    (_, prompt, _), = book.app.alerts
    assert "1 lỗi" in prompt and "Kiểm tra dữ liệu" in prompt


def test_without_a_calling_excel_one_vietnamese_line_on_stderr(capsys):
    """Run outside Excel (no --wb argument; here xlwings cannot reach Excel at all): xlwings shows stderr."""
    with pytest.raises(SystemExit) as stop:
        excel.check()
    assert stop.value.code == 1
    err = capsys.readouterr().err
    assert "Không tìm thấy sổ Excel" in err and "Traceback" not in err


def test_every_button_command_runs_an_entry_point(monkeypatch, tmp_path):
    """The RunPython commands of vba/KiemDiem.bas, executed as Python would run them (the caller is the stand-in)."""
    source = (ROOT / "vba" / "KiemDiem.bas").read_text(encoding="ascii")
    commands = re.findall(r'RunPython "([^"]+)"', source)
    assert len(commands) == 4
    book = Book.of(EXAMPLE, fullname=tmp_path / "so.xlsm")
    monkeypatch.setattr(excel, "_caller", lambda: book)
    monkeypatch.setenv("KIEMDIEM_SOFFICE", str(tmp_path / "khong-co-soffice"))
    monkeypatch.setenv("PATH", "/nonexistent")
    for command in commands:
        assert re.fullmatch(r"import toolkit\.excel; toolkit\.excel\.\w+\(\)", command), command
        exec(command, {})  # noqa: S102 - our own VBA's command
        assert book.app.alerts == [], (command, book.app.alerts)
    assert (tmp_path / "bao-cao-kiem-diem-bch-2017-2022.docx").exists()


def test_the_click_imports_nothing_it_does_not_need():
    """xlwings (≈0.5 s) is imported only to find the calling book; pandas, openpyxl, python-docx are not imported
    by the entry points' module (they cost on every click)."""
    import subprocess
    import sys
    code = ("import sys, toolkit.excel; heavy = [m for m in ('xlwings', 'pandas', 'openpyxl', 'docx', 'matplotlib') "
            "if m in sys.modules]; print(heavy)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert run.stdout.strip() == "[]", run.stdout


def test_a_result_shown_as_a_percentage_is_read_as_excel_shows_it(book):
    """Excel gives 0.85 for a cell showing 85%: the button reads the number format, as the reader does in files."""
    sheet = book.sheets["Chỉ tiêu"]
    header = sheet.range((1, 1), (1, 7)).value
    goal, result = header.index("Mục tiêu") + 1, header.index("Kết quả") + 1
    sheet.put(2, goal, 80)
    sheet.put(2, result, 0.85)
    sheet.formats[(2, result)] = "0%"
    values = excel.indicators(book)
    first = values["chi_tieu"][0]
    assert (first["muc_tieu"], first["ket_qua"], first["dat"]) == (80, 85, True)
