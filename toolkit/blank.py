"""The blank "Sổ theo dõi Ban Chấp hành", built from the standard — and its macro-enabled twin.

One builder (XlsxWriter) writes both: the .xlsx (``write_blank``) and the .xlsm with the buttons of the
instructions sheet and an ``xlwings.conf`` sheet (``write_macro_workbook``).  It styles whole columns (font,
date and text formats, drop-downs) instead of pre-styled empty rows, and can write a unit's data while it
builds (``Content``): the example workbook, or a filled workbook's data moved into a macro workbook.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from . import kinds, standard
from .cells import column_letter
from .files import atomic_output
from .values import is_blank

INSTRUCTIONS, LISTS = standard.INSTRUCTIONS, standard.LISTS
CONFIG_SHEET = "xlwings.conf"
FOLDER_NAME = "ThuMucBaoCao"    # defined name of the cell where a unit may set the reports' folder
LAST_ROW = 1_048_575            # zero-based last row of a sheet: drop-downs cover the whole column
FIXED_TIME = dt.datetime(2026, 1, 1)  # keeps regenerated files comparable
FONT = "Times New Roman"
HEADER_FILL, BORDER = "#1F4E79", "#A6A6A6"
MACRO_BOOK = "so-theo-doi-bch.xlsm"

# The buttons of the macro workbook: caption → the Sub of vba/KiemDiem.bas it runs.
BUTTONS = (("Kiểm tra dữ liệu", "KiemTraDuLieu"), ("Tính chỉ số", "TinhChiSo"),
           ("Tạo báo cáo", "TaoBaoCao"), ("Tạo báo cáo PDF", "TaoBaoCaoPDF"))
# xlwings' settings for this workbook: read from A1 down to the first blank cell, and they win over the user's
# own ~/.xlwings/xlwings.conf.  No interpreter path (Interpreter_Win, Interpreter_Mac, Conda …) ever goes here:
# the workbook travels by e-mail and each PC names its own Python in the user's file.
XLWINGS_SETTINGS = (("ADD_WORKBOOK_TO_PYTHONPATH", False),  # files beside a downloaded workbook are not imported
                    ("Show Console", False), ("Use UDF Server", False))
CONFIG_NOTE = (
    "Trang cấu hình của xlwings, dùng cho các nút của sổ. Cố ý không ghi đường dẫn Python (Interpreter_Win, "
    "Interpreter_Mac, Conda Path): sổ được gửi qua thư điện tử, mỗi máy dùng Python của chính mình, ghi trong tệp "
    "%USERPROFILE%\\.xlwings\\xlwings.conf (tập lệnh cài đặt ghi tệp đó). Đừng thêm các dòng đó vào đây.",
    "ADD_WORKBOOK_TO_PYTHONPATH = FALSE: không nạp tệp Python nằm cạnh sổ (ví dụ trong thư mục Tải về).",
)


@dataclass
class Content:
    """A unit's data to write while building: settings by code, and rows by sheet key in the standard's column
    order (a row may run on into ``extra_headers``, columns the unit added at the right)."""
    settings: dict = field(default_factory=dict)        # code → value (replaces the default)
    labels: dict = field(default_factory=dict)          # code → the unit's own wording of "Nội dung"
    extra_settings: list = field(default_factory=list)  # (code, label, value) rows the standard does not know
    tables: dict = field(default_factory=dict)          # sheet key → list of rows
    extra_headers: dict = field(default_factory=dict)   # sheet key → headers of the columns after the standard's


def instruction_lines(macro: bool = False):
    """(style, text) lines that explain the workbook: the sheet "Hướng dẫn" and docs/ both use them."""
    yield "title", "SỔ THEO DÕI BAN CHẤP HÀNH ĐOÀN — HƯỚNG DẪN"
    if macro:
        yield "text", ("Các nút dưới đây kiểm tra sổ, tính các chỉ số và lập báo cáo ngay trong Excel (kết quả ghi "
                       "vào trang “Kết quả kiểm tra” và “Chỉ số”; báo cáo ghi cạnh tệp sổ). Các nút cần Microsoft "
                       "Excel và Python đã cài công cụ (xem hướng dẫn docs/excel.md); khi Excel hỏi, bấm “Enable "
                       "Content” (Bật nội dung). LibreOffice không chạy được macro của các nút này: người dùng "
                       "LibreOffice dùng lệnh kiemdiem validate <tệp> và kiemdiem report <tệp>.")
        yield "buttons", ""
        yield "text", ("Thư mục lưu báo cáo (không bắt buộc; để trống thì báo cáo được ghi cùng thư mục với tệp "
                       "sổ), ví dụ D:\\BaoCao:")
        yield "folder", ""
    yield "text", (f"Mẫu sổ phiên bản {standard.VERSION}. Sổ này là nguồn số liệu cho báo cáo kiểm điểm "
                   "hoạt động Ban Chấp hành. Không đổi tên các trang và các tiêu đề cột; có thể thêm cột mới "
                   "ở bên phải.")
    yield "text", ("Ngày tháng: nhập ngày của Excel, hoặc gõ dạng ngày/tháng/năm (15/04/2017) hoặc "
                   "năm-tháng-ngày (2017-04-15). Các cột có danh sách: chọn giá trị trong ô thả xuống.")
    yield "text", ("Kiểm tra sổ và lập báo cáo: bấm các nút của sổ có macro (Excel), hoặc dùng lệnh "
                   "kiemdiem validate <tệp> và kiemdiem report <tệp> (LibreOffice, máy chủ).")
    for sheet in standard.SHEETS:
        need = "bắt buộc" if sheet.required else "không bắt buộc"
        yield "heading", f"Trang “{sheet.name}” ({need})"
        yield "text", sheet.help
        if sheet is standard.SETTINGS_SHEET:
            for s in standard.SETTINGS:
                extra = f" — {s.help}" if s.help else ""
                yield "item", f"{s.code}: {s.label}{standard.since_note(s.since)}{extra}"
            continue
        for col in sheet.columns:
            yield "item", f"{col.header}{standard.since_note(col.since)}: {_column_rule(col)}"
    yield "heading", "Mục của trang “Nội dung”"
    for code, where in standard.SECTIONS.items():
        yield "item", f"{code}{standard.since_note(standard.SECTIONS_SINCE.get(code, '1'))}: {where}"


def _column_rule(col) -> str:
    parts = [kinds.label(col.kind, col.choices), "bắt buộc" if col.required else "", col.help]
    return ". ".join(p for p in parts if p)


def sheet_names(macro: bool = False) -> list:
    """The sheets of the blank workbook, in order (their code names in a macro workbook are Sheet1, Sheet2 …)."""
    return [INSTRUCTIONS, *(s.name for s in standard.SHEETS), LISTS, *([CONFIG_SHEET] if macro else [])]


def build_blank(path, macro: bool = False, content: Content | None = None, vba_project: bytes | None = None) -> None:
    """Write the blank workbook (with ``content``, a filled one) to ``path``.

    ``macro``: the instructions sheet gets the buttons and the folder cell, and an active ``xlwings.conf`` sheet
    is added; ``vba_project`` (the bytes of a ``vbaProject.bin`` whose document modules are ThisWorkbook and
    Sheet1 … for ``sheet_names(macro=True)``) makes it a macro-enabled workbook.  Without ``vba_project`` a macro
    layout is written as a plain package: the build script hands that one to the VBA writer.
    """
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": "Sổ theo dõi Ban Chấp hành", "author": "kiemdiem", "created": FIXED_TIME})
    styles = _Styles(wb)
    content = content or Content()
    sheets = {name: wb.add_worksheet(name) for name in sheet_names(macro)}
    _instructions(wb, sheets[INSTRUCTIONS], styles, macro)
    names, lists = _list_names()
    for spec in standard.SHEETS:
        _data_sheet(sheets[spec.name], spec, names, styles, content)
    _settings_rows(sheets[standard.SETTINGS_SHEET.name], styles, content)
    _write_lists(wb, sheets[LISTS], lists)
    if macro:
        _config_sheet(sheets[CONFIG_SHEET], styles)
        sheets[INSTRUCTIONS].activate()  # the buttons, and how to enable them, come first
    else:
        sheets[standard.SETTINGS_SHEET.name].activate()  # the first thing to fill
    if vba_project is not None:
        import io
        wb.add_vba_project(io.BytesIO(vba_project), is_stream=True)
    wb.close()


def write_blank(path, overwrite: bool = False) -> Path:
    """A blank "Sổ theo dõi Ban Chấp hành" (.xlsx) at ``path``, written whole or not at all."""
    with atomic_output(path, overwrite) as out:
        build_blank(out.tmp)
    return out.path


class _Styles:
    """The formats of the workbook, made once (XlsxWriter keeps one entry per format object)."""

    def __init__(self, wb):
        base = {"font_name": FONT, "font_size": 12}
        self.header = wb.add_format({**base, "bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL,
                                     "border": 1, "border_color": BORDER, "align": "center", "valign": "vcenter",
                                     "text_wrap": True})
        self.lines = {
            "title": wb.add_format({**base, "bold": True, "font_size": 14, "font_color": HEADER_FILL,
                                    "text_wrap": True, "valign": "top"}),
            "heading": wb.add_format({**base, "bold": True, "text_wrap": True, "valign": "top"}),
            "text": wb.add_format({**base, "text_wrap": True, "valign": "top"}),
        }
        self.lines["item"] = self.lines["text"]
        self.folder = wb.add_format({**base, "bg_color": "#FFF2CC", "border": 1, "border_color": BORDER,
                                     "num_format": "@"})
        self.plain = wb.add_format(base)
        self._by_format = {}
        self.wb = wb

    def body(self, number_format: str | None):
        """The format of a column's cells: the body font and the kind's number format."""
        if number_format in (None, "General"):
            return self.plain
        if number_format not in self._by_format:
            self._by_format[number_format] = self.wb.add_format({"font_name": FONT, "font_size": 12,
                                                                 "num_format": number_format})
        return self._by_format[number_format]


def _instructions(wb, ws, styles, macro):
    ws.set_column(0, 0, 120)
    for row, (style, text) in enumerate(instruction_lines(macro)):
        if style == "buttons":
            ws.set_row(row, 36)
            for i, (caption, sub) in enumerate(BUTTONS):
                ws.insert_button(row, 0, {"macro": sub, "caption": caption, "width": 190, "height": 36,
                                          "x_offset": i * 205})
        elif style == "folder":
            ws.write_blank(row, 0, None, styles.folder)
            wb.define_name(FOLDER_NAME, f"={_quote(INSTRUCTIONS)}!$A${row + 1}")
        else:
            ws.write_string(row, 0, ("    • " + text) if style == "item" else text, styles.lines[style])


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _list_names():
    """((sheet key, column key) → defined name of its drop-down list, defined name → values); one name per list."""
    by_list, names = {}, {}
    for sheet, col in standard.list_columns():
        names[(sheet.key, col.key)] = by_list.setdefault(col.choices, f"DM_{sheet.key}_{col.key}")
    return names, {name: choices for choices, name in by_list.items()}


def _write_lists(wb, ws, lists) -> None:
    """Each list in a column of the hidden sheet "Danh mục", under its defined name."""
    ws.hide()
    for index, (name, choices) in enumerate(lists.items()):
        ws.write_string(0, index, name)
        for row, value in enumerate(choices, start=1):
            ws.write_string(row, index, value)
        letter = column_letter(index + 1)
        wb.define_name(name, f"={_quote(LISTS)}!${letter}$2:${letter}${len(choices) + 1}")


def _data_sheet(ws, spec, names, styles, content):
    formats = []
    for index, col in enumerate(spec.columns):
        ws.write_string(0, index, col.header, styles.header)
        fmt = styles.body(kinds.KINDS[col.kind].number_format)
        formats.append(fmt)
        ws.set_column(index, index, col.width, fmt)
        options = _validation(spec, col, names)
        if options:
            ws.data_validation(1, index, LAST_ROW, index, options)
    extra = content.extra_headers.get(spec.key, ())
    for offset, header in enumerate(extra):
        _write(ws, 0, len(spec.columns) + offset, header, styles.header, styles)
        ws.set_column(len(spec.columns) + offset, len(spec.columns) + offset, 16, styles.plain)
    formats += [styles.plain] * len(extra)
    ws.set_row(0, 32)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, 0, len(spec.columns) - 1)
    if spec is not standard.SETTINGS_SHEET:
        for row, values in enumerate(content.tables.get(spec.key, ()), start=1):
            for col, value in enumerate(values):
                _write(ws, row, col, value, formats[col] if col < len(formats) else styles.plain, styles)


def _validation(spec, col, names) -> dict:
    options = dict(kinds.KINDS[col.kind].validation)
    if options and col.kind == "choice":
        options["source"] = "=" + names[(spec.key, col.key)]
    return options


def _settings_rows(ws, styles, content):
    rows = [(s.code, content.labels.get(s.code, s.label), content.settings.get(s.code, s.default), s)
            for s in standard.SETTINGS]
    rows += [(code, label, value, None) for code, label, value in content.extra_settings]
    code_fmt = styles.body(kinds.KINDS["text"].number_format)
    for row, (code, label, value, spec) in enumerate(rows, start=1):
        _write(ws, row, 0, code, code_fmt, styles)
        _write(ws, row, 1, label, code_fmt, styles)
        fmt = styles.body(kinds.DATE_FORMAT) if spec is not None and spec.kind == "date" else styles.plain
        if value is None:
            if fmt is not styles.plain:
                ws.write_blank(row, 2, None, fmt)
        else:
            _write(ws, row, 2, value, fmt, styles)
        if spec is not None and spec.kind == "choice":
            ws.data_validation(row, 2, row, 2, {"validate": "list", "source": list(spec.choices),
                                                "ignore_blank": True})


def _write(ws, row, col, value, fmt, styles) -> None:
    """One value as Excel holds it: text stays text (never a formula or a link), dates get a date format."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, dt.datetime):
        has_time = (value.hour, value.minute, value.second) != (0, 0, 0)
        ws.write_datetime(row, col, value, styles.body(kinds.DATE_FORMAT + (" hh:mm" if has_time else "")))
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, value, styles.body(kinds.DATE_FORMAT))
    elif isinstance(value, dt.time):
        ws.write_datetime(row, col, value, styles.body("hh:mm:ss"))
    else:
        ws.write_string(row, col, str(value), fmt)


def _config_sheet(ws, styles):
    """xlwings' settings, active (the sheet is named "xlwings.conf"), hidden from the officers' tabs."""
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 12)
    for row, (name, value) in enumerate(XLWINGS_SETTINGS):
        ws.write_string(row, 0, name)
        ws.write_boolean(row, 1, value)
    for row, text in enumerate(CONFIG_NOTE, start=len(XLWINGS_SETTINGS) + 1):
        ws.write_string(row, 0, text)
    ws.hide()


# --- the macro workbook ---------------------------------------------------------------------------------------


@dataclass
class MacroWorkbook:
    """What ``write_macro_workbook`` wrote: the file, the rows moved per sheet, the sheets left behind."""
    path: Path
    rows: dict = field(default_factory=dict)      # sheet name → data rows moved
    skipped: list = field(default_factory=list)   # sheets of the source that are not the standard's (not moved)


def shipped_vba_project() -> bytes:
    """The VBA project (buttons' module, xlwings' module and class) of the shipped macro workbook."""
    import zipfile

    from .resources import resource
    with zipfile.ZipFile(resource("workbooks", MACRO_BOOK)) as z:
        return z.read("xl/vbaProject.bin")


def write_macro_workbook(out, from_workbook=None, overwrite: bool = False, name: str | None = None) -> MacroWorkbook:
    """The macro-enabled workbook (.xlsm) with the buttons at ``out``, blank, or with the data of
    ``from_workbook`` (a path, bytes or a file object of a filled workbook: .xlsx, .xlsm, .xls, .ods).

    The data sheets' values are moved as they are (text, numbers, dates; formulas as their last computed value),
    columns matched by header, extra columns a unit added at the right kept; the settings by code (the version
    of the standard becomes this one).  Sheets that are not the standard's are not moved (``skipped``).
    ``out`` is written whole or not at all, never over ``from_workbook``, and not over an existing file unless
    ``overwrite``.  Raises UnreadableWorkbook, OutputExists, OutputIsInput, OutputFailed.
    """
    content, moved = Content(), MacroWorkbook(Path(out))
    if from_workbook is not None:
        content, moved.rows, moved.skipped = _moved_content(from_workbook, name)
    vba = shipped_vba_project()
    inputs = [from_workbook] if isinstance(from_workbook, (str, Path)) else []
    with atomic_output(out, overwrite, inputs) as written:
        build_blank(written.tmp, macro=True, content=content, vba_project=vba)
    moved.path = written.path
    return moved


def _moved_content(source, name=None):
    """(Content, rows moved by sheet name, skipped sheet names) of a filled workbook, values as stored."""
    from . import safety
    from .errors import UnreadableWorkbook
    from .reader import SheetValues, _calamine_book, load
    from .text import key
    src = safety.Source.of(source, name)  # a file object is read once, into bytes
    checked = load(src)  # the file gate: type by content, size limits, hostile packages refused
    try:
        book = _calamine_book(src)
        wanted = {key(n) for s in standard.SHEETS for n in (s.name, *s.aliases)}
        known = wanted | {key(n) for n in standard.EXTRA_SHEETS}
        names = [m.name for m in book.sheets_metadata]
        grids = {n: SheetValues(book.get_sheet_by_name(n).to_python(skip_empty_area=False))
                 for n in names if key(n) in wanted}
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - calamine's errors (and Rust panics) say nothing to an officer
        raise UnreadableWorkbook(f"Không đọc được tệp “{src.name}”: tệp bị hỏng hoặc không phải sổ Excel.",
                                 src.path) from None
    layout = load(grids, checked.name)  # header rows and columns, found as the reader finds them
    content, rows = Content(), {}
    for spec in standard.SHEETS:
        table = layout.tables[spec.key]
        if not table.present:
            continue
        grid = grids[table.name].rows
        header_at = table.header_row - 1
        header = grid[header_at] if header_at < len(grid) else []
        by_index = {i - 1: k for k, i in table.positions.items()}
        width = max((len(r) for r in grid[header_at:]), default=0)
        extra = [i for i in range(width) if i not in by_index
                 and any(i < len(r) and not is_blank(r[i]) for r in grid[header_at:])]
        data = []
        for raw in grid[header_at + 1:]:
            if all(is_blank(v) for v in raw):
                continue
            data.append([_at(raw, table.positions[c.key] - 1) if c.key in table.positions else None
                         for c in spec.columns] + [_at(raw, i) for i in extra])
        if spec is standard.SETTINGS_SHEET:
            _moved_settings(content, data)
        else:
            content.tables[spec.key] = data
            content.extra_headers[spec.key] = [_text(header[i]) if i < len(header) else "" for i in extra]
        rows[spec.name] = len(data)
    skipped = [n for n in names if key(n) not in known]
    return content, rows, skipped


def _moved_settings(content: Content, data) -> None:
    seen = set()
    for code, label, value, *_ in data:
        code_key = _text(code).strip().lower()
        spec = standard.SETTINGS_BY_CODE.get(code_key)
        if spec is None or code_key in seen:
            content.extra_settings.append((code, label, value))
            continue
        seen.add(code_key)
        if code_key == "phien_ban_mau":
            continue  # the workbook is now this version of the standard
        if not is_blank(label):
            content.labels[code_key] = label
        content.settings[code_key] = None if is_blank(value) else value


def _at(row, index):
    return row[index] if index < len(row) else None


def _text(value) -> str:
    return "" if value is None else str(value)
