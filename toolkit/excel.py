"""The Excel face: what the buttons of the macro workbook run (xlwings ``RunPython``).

    check()        "Kiểm tra dữ liệu"  problems → sheet "Kết quả kiểm tra" (cell links, fixes) and a status line
    indicators()   "Tính chỉ số"       the indicators → sheet "Chỉ số"
    report()       "Tạo báo cáo"       the report (.docx) beside the workbook, or in the folder set in the workbook
    report_pdf()   "Tạo báo cáo PDF"   the same and its PDF (Word when installed, LibreOffice otherwise)

Each takes the calling book (``xw.Book.caller()``) or a book passed in, reads the sheets as Excel holds them now
(unsaved edits included) into the library's in-memory ``load``, calls the same core as the command line, and
writes back through xlwings only — into the result sheets it owns, never into the unit's data.  Every failure
becomes a Vietnamese message box; nothing here shows a Python traceback.  xlwings is imported only to find the
caller, so the import cost of the click is the core's plus xlwings' own.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from . import errors, standard
from .api import indicators as indicators_of, make_report, validate, write_pdf
from .files import numbered
from .cells import is_percent_format
from .formatting import so
from .problems import ERROR, LEVEL_WORDS
from .reader import SheetValues, load
from .sheetsize import MAX_CELLS
from .text import key

XLWINGS_VERSION = "0.37.8"  # the VBA module embedded in the macro workbook, and the xlwings the set-up installs
RESULTS = "Kết quả kiểm tra"
INDICATORS = "Chỉ số"
FOLDER_NAME = "ThuMucBaoCao"  # the cell of the instructions sheet where a unit may name the reports' folder
TITLE = "Sổ theo dõi Ban Chấp hành"
PROBLEM_HEADERS = ("Mức độ", "Trang", "Ô", "Nội dung", "Cách sửa")
PROBLEM_WIDTHS = (10, 18, 10, 70, 60)
_DATA = {key(n) for s in standard.SHEETS for n in (s.name, *s.aliases)}
_PERCENT = {key(n) for s in standard.PERCENT_SHEETS for n in (s.name, *s.aliases)}


# --- the buttons ----------------------------------------------------------------------------------------------

def check(book=None):
    """"Kiểm tra dữ liệu": the problems of the workbook, each with its cell and how to fix it."""
    return _guarded(_check, book)


def indicators(book=None):
    """"Tính chỉ số": every indicator into the sheet "Chỉ số"."""
    return _guarded(_indicators, book)


def report(book=None):
    """"Tạo báo cáo": the report beside the workbook, then opened."""
    return _guarded(_report, book, pdf=False)


def report_pdf(book=None):
    """"Tạo báo cáo PDF": the report and its PDF, then the PDF opened."""
    return _guarded(_report, book, pdf=True)


def _guarded(action, book, **options):
    """Run one button: the core's errors and any fault become a message box (or, with no book to show it in, one
    Vietnamese line on stderr, which xlwings shows in its own box) — never a traceback."""
    try:
        book = book if book is not None else _caller()
    except Exception:  # noqa: BLE001 - started outside Excel, or Excel went away
        _last_word("Không tìm thấy sổ Excel đã bấm nút: hãy mở sổ bằng Microsoft Excel rồi bấm lại.")
        return None
    try:
        return action(book, **options)
    except Exception as exc:  # noqa: BLE001 - the last net: every failure, a bug too, speaks Vietnamese
        if os.environ.get("KIEMDIEM_DEBUG") and not isinstance(exc, errors.KiemdiemError):
            raise
        message = _failure(book, exc)
    _alert(book, message)
    return None


def _failure(book, exc: Exception) -> str:
    """The message box's text for ``exc``; a workbook with errors also gets them in its results sheet."""
    if isinstance(exc, errors.WorkbookHasErrors):
        n = len(exc.problems.errors)
        try:
            _write_problems(book, exc.problems.problems, f"{_now()} — Sổ còn {n} lỗi nên chưa làm được việc vừa "
                            "chọn. Sửa các lỗi dưới đây (bấm vào ô để tới chỗ cần sửa) rồi bấm lại.")
        except Exception:  # noqa: BLE001 - the box below still tells what to do
            return f"Sổ còn {n} lỗi nên chưa làm được việc vừa chọn. Hãy bấm “Kiểm tra dữ liệu” để xem các lỗi."
        return (f"Sổ còn {n} lỗi nên chưa làm được việc vừa chọn. Xem trang “{RESULTS}”: mỗi lỗi có ô cần sửa "
                "(bấm vào để tới ô đó) và cách sửa.")
    if isinstance(exc, errors.KiemdiemError):
        return exc.message
    return errors.internal(exc).message


def _caller():
    import xlwings as xw
    return xw.Book.caller()


def _alert(book, message: str) -> None:
    try:
        book.app.alert(message, title=TITLE, mode="critical")
    except Exception:  # noqa: BLE001 - no message box: say it where xlwings looks
        _last_word(message)


def _last_word(message: str) -> None:
    """What xlwings shows when Python ends with a non-zero status: the text on stderr."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
    raise SystemExit(1)


def _now() -> str:
    return dt.datetime.now().strftime("%H:%M ngày %d/%m/%Y")


# --- reading the open book ------------------------------------------------------------------------------------

def read_sheets(book) -> dict:
    """{sheet name: SheetValues} of the standard's sheets as Excel holds them now, each with the address of its
    top-left cell; the other sheets by name only (their names help when a sheet is missing)."""
    sheets = {}
    for sheet in book.sheets:
        if key(sheet.name) not in _DATA:
            sheets[sheet.name] = SheetValues([])
            continue
        used = sheet.used_range
        n_rows, n_cols = used.shape
        if n_rows * n_cols > MAX_CELLS:
            raise errors.UnreadableWorkbook(
                f"Trang “{sheet.name}” dùng tới {so(n_rows)} dòng × {so(n_cols)} cột, quá giới hạn {so(MAX_CELLS)} ô. "
                "Hãy xóa các dòng, cột thừa ở cuối trang (chọn rồi Delete, không chỉ xóa nội dung) rồi bấm lại.")
        rows = used.options(ndim=2).value or []
        values = SheetValues(rows, used.address.split(":")[0].replace("$", ""))
        if key(sheet.name) in _PERCENT:
            values.percent = _percent_cells(sheet, values)
        sheets[sheet.name] = values
    return sheets


def _percent_cells(sheet, values: SheetValues) -> frozenset:
    """The numbers shown as a percentage (Excel gives 0.85 for a cell showing 85%): one look at each number's
    format, on the small sheets where a number may be typed as "85%"."""
    top, left = values.origin()
    return frozenset((top + i, left + j) for i, row in enumerate(values.rows) for j, v in enumerate(row)
                     if isinstance(v, float) and is_percent_format(sheet.range((top + i, left + j)).number_format))


# --- the actions ----------------------------------------------------------------------------------------------

def _check(book):
    result = validate(read_sheets(book), name=book.name)
    n_err, n_warn = len(result.problems.errors), len(result.problems.warnings)
    if result.ok:
        verdict = "Không có lỗi: lập được báo cáo." if not n_warn else \
            f"Không có lỗi, có {n_warn} cảnh báo (nên xem lại): lập được báo cáo."
    else:
        verdict = f"Có {n_err} lỗi và {n_warn} cảnh báo. Chưa lập được báo cáo: hãy sửa các lỗi rồi bấm lại."
    status = f"{_now()} — {verdict}" + (f" {result.summary}" if result.summary else "")
    _write_problems(book, result.problems.problems, status)
    return result


def _indicators(book):
    from .outputs import HEADERS, WIDTHS, sheet_rows
    values, problems = indicators_of(read_sheets(book), name=book.name)
    sheet = _own_sheet(book, INDICATORS)
    rows = [list(HEADERS)] + [[_safe(v) for v in row] for row in sheet_rows(values)]
    sheet.range("A1").value = rows
    _dress(sheet, len(HEADERS), WIDTHS, header_row=1, last_row=len(rows))
    _write_problems(book, problems.problems, f"{_now()} — Đã tính {len(rows) - 1} chỉ số: xem trang “{INDICATORS}”.",
                    activate=False)
    sheet.activate()
    return values


def _report(book, pdf: bool):
    sheets = read_sheets(book)
    folder, where = report_folder(book)
    target = folder / _default_name(sheets)
    result, renamed = _replace_or_number(
        target, (".pdf",) if pdf else (),
        lambda out, overwrite: make_report(sheets, out=out, overwrite=overwrite, name=book.name))
    lines = [f"{_now()} — Đã lập báo cáo: {result.docx}"]
    if renamed:
        lines.append(f"Báo cáo trước “{target.name}” đang mở (trong Word) nên không thay được: báo cáo mới được ghi "
                     f"thành “{result.docx.name}”. Đóng báo cáo cũ trước khi bấm lại để ghi đè.")
    if where:
        lines.append(where)
    opened = result.docx
    if pdf:
        try:
            result.pdf, how = make_pdf(result.docx)
            lines.append(f"PDF ({how}): {result.pdf}")
            opened = result.pdf
        except errors.KiemdiemError as exc:
            result.pdf_error = exc
            lines.append(f"Chưa tạo được PDF: {exc.message}")
    if result.problems.warnings:
        lines.append(f"Sổ có {len(result.problems.warnings)} cảnh báo (dưới đây), nên xem lại.")
    _write_problems(book, result.problems.problems, " ".join(lines))
    open_file(opened)
    return result


def _default_name(sheets) -> str:
    """The report's name from the term's years: only the settings sheet is read for it."""
    from .report import default_name
    wanted = {key(n) for n in (standard.SETTINGS_SHEET.name, *standard.SETTINGS_SHEET.aliases)}
    return default_name(load({n: v for n, v in sheets.items() if key(n) in wanted}))


def report_folder(book) -> tuple:
    """(folder, a note for the status line or "") where the reports go: the folder named in the workbook (cell
    ``ThuMucBaoCao`` of the instructions sheet), else the workbook's own folder, else Documents for a workbook never
    saved or kept on OneDrive/SharePoint (no local folder)."""
    home = Path(book.fullname).parent if _local(book.fullname) else None
    named = _named_value(book, FOLDER_NAME)
    if named:
        folder = Path(os.path.expandvars(named)).expanduser()
        if not folder.is_absolute() and home is not None:
            folder = home / folder
        return folder, ""
    if home is not None:
        return home, ""
    documents = Path.home() / "Documents"
    folder = documents if documents.is_dir() else Path.home()
    return folder, (f"Sổ chưa được lưu vào một thư mục trên máy (hoặc nằm trên OneDrive/SharePoint) nên báo cáo "
                    f"được ghi vào “{folder}”.")


def _local(fullname: str) -> bool:
    return bool(fullname) and "://" not in fullname and os.path.isabs(fullname)


def _named_value(book, name: str) -> str:
    try:
        value = book.names[name].refers_to_range.value
    except Exception:  # noqa: BLE001 - no such name in this workbook (an older or a converted one)
        return ""
    return str(value).strip() if value not in (None, "") else ""


def _replace_or_number(target: Path, also, write):
    """``write(target, overwrite=True)``; when the old file cannot be replaced because a program holds it open
    (Windows: Word keeps its document locked), ``write`` to the next free numbered name instead.  Returns (what
    ``write`` returned, True when a numbered name was used)."""
    try:
        return write(target, True), False
    except errors.OutputFailed as exc:
        if not (isinstance(exc.__context__, PermissionError) and target.exists()):
            raise
    for n in range(2, 10_000):
        candidate = numbered(target, n)
        if not any(candidate.with_suffix(s).exists() for s in (target.suffix, *also)):
            return write(candidate, False), True
    raise errors.OutputFailed(f"Không tìm được tên tệp còn trống cho “{target.name}”.", target)


# --- PDF: Word when installed, LibreOffice otherwise ----------------------------------------------------------

class Unavailable(Exception):
    """This converter is not installed on this computer: try the next one."""


def word_pdf(docx: Path, pdf: Path) -> None:
    """``docx`` saved as ``pdf`` by Microsoft Word (Windows, through COM), in a Word instance of its own so the
    user's open documents are left alone.  Raises Unavailable without Word, ConversionFailed when Word fails."""
    try:
        import win32com.client  # pywin32: installed with xlwings on Windows
    except ImportError:
        raise Unavailable("Word") from None
    try:
        word = win32com.client.DispatchEx("Word.Application")
    except Exception:  # noqa: BLE001 - Word not installed or not registered
        raise Unavailable("Word") from None
    try:
        word.Visible = False
        word.DisplayAlerts = 0
        document = word.Documents.Open(str(docx), ReadOnly=True, AddToRecentFiles=False, Visible=False)
        try:
            document.ExportAsFixedFormat(str(pdf), 17)  # wdExportFormatPDF
        finally:
            document.Close(False)
    except Exception as exc:  # noqa: BLE001 - a COM error: say it in one line
        raise errors.ConversionFailed(f"Word không chuyển được “{docx.name}” sang PDF ({exc}).", pdf) from None
    finally:
        try:
            word.Quit()
        except Exception:  # noqa: BLE001
            pass


def _word(docx: Path, target: Path, overwrite: bool) -> Path:
    from .files import atomic_output
    with atomic_output(target, overwrite, (docx,)) as out:
        word_pdf(docx, out.tmp)
    return out.path


def _libreoffice(docx: Path, target: Path, overwrite: bool) -> Path:
    try:
        return write_pdf(docx, out=target, overwrite=overwrite)
    except errors.OfficeMissing:
        raise Unavailable("LibreOffice") from None


CONVERTERS = (("Word", _word), ("LibreOffice", _libreoffice))


def make_pdf(docx: Path, converters=CONVERTERS) -> tuple:
    """(the PDF beside ``docx``, the program that made it): the first converter installed here (Word, then
    LibreOffice); when the PDF of the same name is open elsewhere, a numbered name.  A converter that is there but
    fails leaves the next one a chance.  Raises OfficeMissing when none is installed, or the last failure."""
    failure = None
    for name, convert in converters:
        try:
            pdf, _ = _replace_or_number(docx.with_suffix(".pdf"), (),
                                        lambda out, ow, convert=convert: convert(docx, out, ow))
            return pdf, name
        except Unavailable:
            continue
        except errors.KiemdiemError as exc:
            failure = exc
    raise failure or errors.OfficeMissing("Máy này chưa có Microsoft Word hay LibreOffice để tạo PDF: báo cáo .docx "
                                          "đã được ghi, hãy mở bằng Word rồi lưu thành PDF.")


def open_file(path: Path) -> None:
    """Open the report with the program the user has for it (Windows, macOS); elsewhere nothing."""
    try:
        if hasattr(os, "startfile"):
            os.startfile(str(path))  # the file just written
        elif sys.platform == "darwin":
            subprocess.run(["open", str(path)], check=False, timeout=30)
    except Exception:  # noqa: BLE001 - the report is written; not opening it is no failure
        pass


# --- writing back: only the result sheets ---------------------------------------------------------------------

def _own_sheet(book, name: str):
    """The result sheet ``name``, emptied; made after the first sheet when the workbook has none yet."""
    for sheet in book.sheets:
        if key(sheet.name) == key(name):
            sheet.clear()
            return sheet
    return book.sheets.add(name, after=book.sheets[0])


def _write_problems(book, problems, status: str, activate: bool = True):
    """The status line, then one row per problem (errors first): level, sheet, the cell as a link to it, what is
    wrong, how to fix it."""
    sheet = _own_sheet(book, RESULTS)
    names = {s.name for s in book.sheets}
    ordered = sorted(problems, key=lambda p: p.level != ERROR)
    rows = [[_safe(status), None, None, None, None], [None] * 5, list(PROBLEM_HEADERS)]
    links = []
    for p in ordered:
        rows.append([LEVEL_WORDS[p.level], _safe(p.sheet), None, _safe(p.message), _safe(p.advice)])
        links.append([cell_link(p.sheet, p.cell) if p.sheet in names else _safe(p.cell)])
    sheet.range("A1").value = rows
    if links:
        sheet.range((4, 3), (3 + len(links), 3)).formula = links
    _dress(sheet, len(PROBLEM_HEADERS), PROBLEM_WIDTHS, header_row=3, last_row=len(rows))
    if activate:
        sheet.activate()
    return sheet


def cell_link(sheet: str, cell: str) -> str:
    """A formula that shows ``cell`` (or the sheet's name) and goes to it when clicked, in Excel and LibreOffice."""
    target = f"#'{sheet.replace(chr(39), chr(39) * 2)}'!{cell or 'A1'}"
    shown = cell or sheet
    return f'=HYPERLINK("{_quoted(target)}","{_quoted(shown)}")'


def _quoted(text: str) -> str:
    return text.replace('"', '""')


def _safe(value):
    """Text that Excel would take for a formula (=, +, -, @ first) kept as text: a workbook's own values never
    become formulas in the result sheets."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _dress(sheet, columns: int, widths, header_row: int, last_row: int) -> None:
    sheet.range((header_row, 1), (header_row, columns)).font.bold = True
    for index, width in enumerate(widths, start=1):
        sheet.range((1, index)).column_width = width
    if last_row > header_row:
        sheet.range((header_row + 1, 1), (last_row, columns)).wrap_text = True


__all__ = ["check", "indicators", "report", "report_pdf", "read_sheets", "report_folder", "make_pdf", "word_pdf",
           "cell_link", "open_file", "XLWINGS_VERSION"]
