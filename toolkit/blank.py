"""The blank "Sổ theo dõi Ban Chấp hành", built from the standard."""
from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from . import kinds, standard
from .files import atomic_output

INSTRUCTIONS, LISTS = standard.INSTRUCTIONS, standard.LISTS
ROWS = 500                      # rows that carry drop-downs and date formats
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(name="Times New Roman", bold=True, color="FFFFFF", size=12)
BODY_FONT = Font(name="Times New Roman", size=12)
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FIXED_TIME = dt.datetime(2026, 1, 1)  # keeps regenerated files comparable


def instruction_lines():
    """(style, text) lines that explain the workbook: the sheet "Hướng dẫn" and docs/ both use them."""
    yield "title", "SỔ THEO DÕI BAN CHẤP HÀNH ĐOÀN — HƯỚNG DẪN"
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


def build_blank() -> Workbook:
    wb = Workbook()
    wb.properties.creator = "kiemdiem"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    _instructions(wb.active)
    names, lists = _list_names()
    for sheet in standard.SHEETS:
        _data_sheet(wb.create_sheet(sheet.name), sheet, names)
    _settings_rows(wb[standard.SETTINGS_SHEET.name])
    _write_lists(wb, lists)
    wb.active = 1  # the settings sheet: the first thing to fill
    return wb


def write_blank(path, overwrite: bool = False):
    wb = build_blank()
    with atomic_output(path, overwrite) as out:
        wb.save(out.tmp)
    return out.path


def _instructions(ws):
    ws.title = INSTRUCTIONS
    ws.column_dimensions["A"].width = 120
    styles = {"title": Font(name="Times New Roman", bold=True, size=14, color="1F4E79"),
              "heading": Font(name="Times New Roman", bold=True, size=12),
              "text": BODY_FONT, "item": BODY_FONT}
    for row, (style, text) in enumerate(instruction_lines(), start=1):
        cell = ws.cell(row=row, column=1, value=("    • " + text) if style == "item" else text)
        cell.font = styles[style]
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _list_names():
    """((sheet key, column key) → defined name of its drop-down list, defined name → values); one name per list."""
    by_list, names = {}, {}
    for sheet, col in standard.list_columns():
        names[(sheet.key, col.key)] = by_list.setdefault(col.choices, f"DM_{sheet.key}_{col.key}")
    return names, {name: choices for choices, name in by_list.items()}


def _write_lists(wb, lists) -> None:
    """Each list in a column of the hidden sheet "Danh mục", under its defined name."""
    ws = wb.create_sheet(LISTS)
    ws.sheet_state = "hidden"
    for index, (name, choices) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        ws.cell(row=1, column=index, value=name)
        for row, value in enumerate(choices, start=2):
            ws.cell(row=row, column=index, value=value)
        ref = f"{quote_sheetname(LISTS)}!${letter}$2:${letter}${len(choices) + 1}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)


def _data_sheet(ws, sheet, names):
    for index, col in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=index, value=col.header)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = col.width
        rng = f"{letter}2:{letter}{ROWS + 1}"
        validation = _validation(sheet, col, names)
        if validation is not None:
            ws.add_data_validation(validation)
            validation.add(rng)
        for row in range(2, ROWS + 2):
            body = ws.cell(row=row, column=index)
            body.font = BODY_FONT
            if kinds.KINDS[col.kind].number_format:
                body.number_format = kinds.KINDS[col.kind].number_format
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}1"


def _validation(sheet, col, names):
    args = dict(kinds.KINDS[col.kind].validation)
    if not args:
        return None
    if col.kind == "choice":
        args["formula1"] = names[(sheet.key, col.key)]
    return DataValidation(**args)


def _settings_rows(ws):
    for row, s in enumerate(standard.SETTINGS, start=2):
        ws.cell(row=row, column=1, value=s.code)
        ws.cell(row=row, column=2, value=s.label)
        value = ws.cell(row=row, column=3, value=s.default)
        if s.kind == "date":
            value.number_format = kinds.DATE_FORMAT
        if s.kind == "choice":
            dv = DataValidation(type="list", formula1='"' + ",".join(s.choices) + '"', allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(value.coordinate)
