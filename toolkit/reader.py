"""Read a "Sổ theo dõi Ban Chấp hành" into typed tables that remember their cells.

python-calamine reads the values (fast, also .xls and .ods); openpyxl is used only
when a sheet holds formulas, to find formula cells that have no stored value.
Reading never writes to the file.  Problems of form (missing sheet or header,
a value of the wrong type) are collected in ``Workbook.problems``; problems of
meaning are the checker's (``checks.py``).
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from . import safety, standard
from .problems import Report, UnreadableWorkbook
from .text import key, looks_legacy_encoded, nearest
from .values import converter, is_blank

HEADER_SEARCH_ROWS = 10
MAX_CELLS = 5_000_000
LEGACY_HINT = ("Văn bản có vẻ được gõ bằng phông TCVN3 (.VnTime) hoặc VNI, không phải Unicode. "
               "Hãy chuyển sang Unicode (ví dụ bằng Unikey: Công cụ chuyển mã) rồi lưu lại.")


def column_letter(index: int) -> str:
    """1 → "A", 27 → "AA" (openpyxl has this too, but importing it costs 0.13 s on every click)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Row:
    number: int     # the Excel row number
    values: dict    # column key → typed value (every column of the sheet); None when blank or unreadable

    def __getitem__(self, name):
        return self.values[name]  # a misspelt column key fails loudly


@dataclass
class Table:
    spec: standard.Sheet
    name: str = ""                                  # as spelled in the file
    header_row: int = 1
    positions: dict = field(default_factory=dict)   # column key → 1-based column index
    rows: list = field(default_factory=list)
    missing: set = field(default_factory=set)       # keys of the standard's columns the sheet lacks

    @property
    def present(self) -> bool:
        return bool(self.name)

    def usable(self, *columns) -> bool:
        """The sheet is there and has ``columns``: checks that need them can run."""
        return self.present and not self.missing.intersection(columns)

    def cell(self, column: str, row_number: int) -> str:
        """"H7": the address of ``column`` in Excel row ``row_number``."""
        index = self.positions.get(column)
        return f"{column_letter(index)}{row_number}" if index else f"A{row_number}"



@dataclass
class Workbook:
    path: Path
    tables: dict                                    # sheet key → Table
    settings: dict = field(default_factory=dict)   # setting code → typed value
    setting_cells: dict = field(default_factory=dict)  # setting code → "C5"
    unreadable_settings: set = field(default_factory=set)  # codes filled with a value that could not be read
    problems: Report = field(default_factory=Report)

    def __getattr__(self, name):  # wb.members, wb.meetings … → the Table
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def setting_where(self, code: str) -> tuple:
        return standard.SETTINGS_SHEET.name, self.setting_cells.get(code, "")


def read_workbook(path) -> Workbook:
    """Read ``path``; raise UnreadableWorkbook (one Vietnamese line) when it cannot be read at all."""
    path = Path(path)
    kind = safety.inspect(path)
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        grids = {}
        for name in names:
            sheet = book.get_sheet_by_name(name)
            if sheet.height * max(sheet.width, 1) > MAX_CELLS:
                raise UnreadableWorkbook(
                    f"Không đọc được tệp “{path.name}”: trang “{name}” quá lớn "
                    f"({sheet.height} dòng × {sheet.width} cột). Hãy xóa các dòng, cột thừa.")
            grids[name] = sheet.to_python(skip_empty_area=False)
        is_ooxml = kind == "zip" and path.suffix.lower() in (".xlsx", ".xlsm")
        formulas = _formula_cells(path) if is_ooxml else {}
    except UnreadableWorkbook:
        raise
    except Exception:  # calamine's errors carry no useful detail for an officer
        raise UnreadableWorkbook(
            f"Không đọc được tệp “{path.name}”: tệp bị hỏng hoặc không phải sổ Excel. "
            "Hãy mở bằng Excel, lưu lại dạng .xlsx rồi thử lại.") from None
    wb = Workbook(path=path, tables={})
    by_key = {key(n): n for n in names}
    for spec in standard.SHEETS:
        name = next((by_key[key(n)] for n in (spec.name, *spec.aliases) if key(n) in by_key), None)
        if name is None:
            wb.tables[spec.key] = Table(spec, missing={c.key for c in spec.columns})
            if spec.required:
                guess = nearest(spec.name, [n for n in names if key(n) not in _KNOWN])
                hint = f" Có phải trang “{guess}”? Hãy đổi tên trang đó thành “{spec.name}”." if guess else \
                    f" Hãy thêm trang “{spec.name}” (xem sổ mẫu trống: kiemdiem new)."
                wb.problems.error("missing-sheet", f"Thiếu trang “{spec.name}”.{hint}", spec.name)
            continue
        wb.tables[spec.key] = _read_table(spec, name, grids[name], formulas.get(name, set()), wb.problems)
    _read_settings(wb)
    return wb


_KNOWN = {key(n) for s in standard.SHEETS for n in (s.name, *s.aliases)}


def _read_table(spec, name, grid, formula_cells, problems: Report) -> Table:
    table = Table(spec, name)
    wanted = {key(c.header): c for c in spec.columns}
    header_row, best = 1, -1
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        score = len({key(v) for v in row if not is_blank(v)} & wanted.keys())
        if score > best:
            header_row, best = i + 1, score
    table.header_row = header_row
    header = grid[header_row - 1] if grid else []
    strangers = {}
    for index, raw in enumerate(header, start=1):
        if is_blank(raw):
            continue
        col = wanted.get(key(raw))
        if col is None:
            strangers[index] = raw
        elif col.key in table.positions:
            problems.error("duplicate-column", f"Cột “{col.header}” xuất hiện hai lần. Hãy xóa hoặc đổi tên một cột.",
                           name, f"{column_letter(index)}{header_row}")
        else:
            table.positions[col.key] = index
    for col in spec.columns:
        if col.key in table.positions or col.optional:
            continue
        table.missing.add(col.key)
        guess_index = _nearest_stranger(col.header, strangers)
        if guess_index:
            cell = f"{column_letter(guess_index)}{header_row}"
            msg = (f"Tiêu đề “{strangers.pop(guess_index)}” không đúng mẫu. "
                   f"Có phải “{col.header}”? Hãy sửa thành “{col.header}”.")
        else:
            cell = f"{column_letter(len(header) + 1)}{header_row}"
            msg = f"Thiếu cột “{col.header}”. Hãy thêm cột có tiêu đề “{col.header}” vào dòng tiêu đề."
        if col.required or col.kind != "text":
            problems.error("missing-column", msg, name, cell)
        else:
            problems.warning("missing-column", msg, name, cell)
    converters = {c.key: converter(c.kind, c.choices) for c in spec.columns}
    for offset, raw_row in enumerate(grid[header_row:], start=header_row + 1):
        row = _read_row(spec, table, raw_row, offset, converters, formula_cells, problems)
        if row is not None:
            table.rows.append(row)
    return table


def _nearest_stranger(header, strangers):
    guess = nearest(header, [str(v) for v in strangers.values()], cutoff=0.6)
    return next((i for i, v in strangers.items() if str(v) == guess), None) if guess else None


def _read_row(spec, table, raw_row, number, converters, formula_cells, problems):
    raws = {k: (raw_row[i - 1] if i - 1 < len(raw_row) else None) for k, i in table.positions.items()}
    if all(is_blank(v) for k, v in raws.items() if k != "no"):
        return None
    values = {}
    for col in spec.columns:
        raw = raws.get(col.key)
        cell = table.cell(col.key, number)
        if is_blank(raw) and (number, table.positions.get(col.key)) in formula_cells:
            problems.error("formula-without-value",
                           f"Ô có công thức nhưng chưa có giá trị đã tính (tệp được tạo bằng chương trình, "
                           f"chưa mở bằng Excel). Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi thử lại.",
                           table.name, cell)
            values[col.key] = None
            continue
        value, message = converters[col.key](raw)
        if message:
            problems.error("bad-value", f"{col.header}: {message}", table.name, cell)
        elif value is None and col.required and col.key in table.positions:
            problems.error("missing-value", f"Chưa điền “{col.header}”. Hãy điền vào ô này.", table.name, cell)
        elif col.kind == "text" and looks_legacy_encoded(value):
            problems.warning("legacy-encoding", LEGACY_HINT, table.name, cell)
        values[col.key] = value
    return Row(number, values)


def _read_settings(wb: Workbook) -> None:
    table = wb.tables["settings"]
    seen = {}
    for row in table.rows:
        code = (row["code"] or "").strip().lower()
        spec = standard.SETTINGS_BY_CODE.get(code)
        where = (table.name, table.cell("code", row.number))
        if spec is None:
            if code:
                wb.problems.warning("unknown-setting", f"Mã “{row['code']}” không thuộc mẫu sổ, công cụ sẽ bỏ qua. "
                                    "Kiểm tra lỗi chính tả của mã.", *where)
            continue
        if code in seen:
            wb.problems.error("duplicate-setting", f"Mã “{code}” được khai hai lần (dòng {seen[code]} và "
                              f"dòng {row.number}). Hãy xóa một dòng.", *where)
            continue
        seen[code] = row.number
        cell = table.cell("value", row.number)
        value, message = converter(spec.kind, spec.choices)(row["value"])
        if message:
            wb.problems.error("bad-setting", f"{spec.label} ({code}): {message}", table.name, cell)
            wb.unreadable_settings.add(code)
        elif spec.kind == "text" and looks_legacy_encoded(value):
            wb.problems.warning("legacy-encoding", LEGACY_HINT, table.name, cell)
        wb.setting_cells[code] = cell
        wb.settings[code] = value
    for spec in standard.SETTINGS:
        if wb.settings.get(spec.code) is None:
            wb.settings[spec.code] = spec.default


def _has_formula(xml: bytes) -> bool:
    return b"<f>" in xml or b"<f " in xml


def _formula_cells(path: Path) -> dict:
    """{sheet name: {(row, column)}} of formula cells, read with openpyxl only if any sheet has one."""
    with zipfile.ZipFile(path) as zf:
        parts = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        if not any(_has_formula(zf.read(n)) for n in parts):
            return {}
    import openpyxl
    found = {}
    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        for ws in book.worksheets:
            cells = {(c.row, c.column) for row in ws.iter_rows() for c in row
                     if getattr(c, "data_type", None) == "f"}
            if cells:
                found[ws.title] = cells
    finally:
        book.close()
    return found


def from_rows(settings: dict | None = None, path="(trong bộ nhớ)", **tables) -> Workbook:
    """A Workbook built from Python values, e.g. ``from_rows({"nam_ket_thuc": 2022}, members=[{...}])``.

    Each table is a list of dicts keyed by column key (``standard.Sheet.columns``),
    already typed; rows are numbered as if under a header in row 1.  Used by tests
    and by adapters that get their values from somewhere other than a file.
    """
    wb = Workbook(path=Path(path), tables={})
    for spec in standard.SHEETS:
        rows = tables.get(spec.key, [])
        positions = {c.key: i for i, c in enumerate(spec.columns, start=1)}
        wb.tables[spec.key] = Table(spec, spec.name, 1, positions,
                                    [Row(n, {c.key: r.get(c.key) for c in spec.columns})
                                     for n, r in enumerate(rows, start=2)])
    for s in standard.SETTINGS:
        wb.settings[s.code] = (settings or {}).get(s.code, s.default)
    return wb
