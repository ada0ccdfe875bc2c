"""Read a "Sổ theo dõi Ban Chấp hành" into typed tables that remember their cells.

``load(source)`` takes a path, the file's bytes, a binary file object, or the sheets themselves (what an
Excel adapter reads from the open book: sheet name → rows, or → ``SheetValues`` with the address of the
top-left cell, so every problem still names the right cell).  python-calamine reads files (fast, also .xls
and .ods); openpyxl is used only when a sheet holds formulas, to find formula cells without a stored value.
Reading never writes.  Problems of form (a missing sheet or header, a value of the wrong type) are collected
in ``Workbook.problems``; problems of meaning are the checker's (``checks.py``).
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import kinds, safety, sheetsize, standard
from .bulk import paused
from .cells import column_index, column_letter
from .errors import UnreadableWorkbook
from .problems import Report
from .text import has_invisible, key, looks_legacy_encoded, nearest, tidy
from .values import is_blank

HEADER_SEARCH_ROWS = 10
IN_MEMORY = "(sổ đang mở)"


@dataclass
class SheetValues:
    """A sheet's values as an adapter holds them: rows of raw values whose first cell is at ``top_left``, and the
    (row, column) of the cells shown as a percentage (a cell showing 85% holds 0.85)."""
    rows: list
    top_left: str = "A1"
    percent: frozenset = frozenset()

    def origin(self) -> tuple:
        m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", self.top_left.strip())
        if not m:
            raise ValueError(f"not a cell address: {self.top_left!r}")
        return int(m.group(2)), column_index(m.group(1))


class Row(dict):
    """Column key → typed value (every column of the sheet; None when blank or unreadable), and the Excel row
    ``number``.  A misspelt column key fails loudly (KeyError)."""
    __slots__ = ("number",)

    def __init__(self, number: int, values: dict):
        super().__init__(values)
        self.number = number

    def __repr__(self):
        return f"Row({self.number}, {dict.__repr__(self)})"


@dataclass
class Table:
    spec: standard.Sheet
    name: str = ""                                  # as spelled in the file; "" when the sheet is missing
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


class Settings(dict):
    """Setting code → typed value; a code that is not in the standard fails loudly instead of reading None."""

    def __getitem__(self, code):
        if code not in standard.SETTINGS_BY_CODE:
            raise KeyError(f"not a setting of the standard: {code}")
        return super().get(code)

    def get(self, code, default=None):
        value = self[code]
        return default if value is None else value


@dataclass
class Workbook:
    name: str                                       # the file's name, for messages
    tables: dict                                    # sheet key → Table
    settings: Settings = field(default_factory=Settings)
    setting_cells: dict = field(default_factory=dict)  # setting code → "C5"
    unreadable_settings: set = field(default_factory=set)  # codes filled with a value that could not be read
    problems: Report = field(default_factory=Report)
    computed: dict = field(default_factory=dict, repr=False, compare=False)  # date → indicators (compute's own)

    def __getattr__(self, name):  # wb.members, wb.meetings … → the Table
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def setting_where(self, code: str) -> tuple:
        return standard.SETTINGS_SHEET.name, self.setting_cells.get(code, "")


@paused
def load(source, name: str | None = None) -> Workbook:
    """Read a workbook from a path, bytes, a binary file object, or sheets ({name: rows or SheetValues}).

    Raises UnreadableWorkbook (one Vietnamese line) when a file cannot be read as a workbook at all.
    """
    if isinstance(source, Mapping):
        grids = {sheet: (v if isinstance(v, SheetValues) else SheetValues(list(v))) for sheet, v in source.items()}
        return _build(name or IN_MEMORY, grids, {})
    src, kind = safety.read(source, name)
    wanted = lambda sheet: key(sheet) in _DATA  # noqa: E731 - only the standard's sheets are read
    transcoded = sheetsize.check(src, kind, wanted)
    has_formulas = transcoded.pop(sheetsize.FORMULAS, False)
    if transcoded:
        src = safety.Source(src.path, _with_parts(src, transcoded), src.name)
    try:
        book = _calamine_book(src)
        grids, hidden = {}, set()
        for meta in book.sheets_metadata:
            if not str(meta.visible).endswith(".Visible"):
                hidden.add(meta.name)
            if wanted(meta.name):
                sheet = book.get_sheet_by_name(meta.name)
                grids[meta.name] = SheetValues(sheet.to_python(skip_empty_area=False))
        formulas = _formula_cells(src) if has_formulas else {}
        for sheet, cells in _percent_cells(src, grids).items():
            grids[sheet].percent = frozenset(cells)
    except UnreadableWorkbook:
        raise
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # calamine's errors (and Rust panics) carry no useful detail for an officer
        raise UnreadableWorkbook(f"Không đọc được tệp “{src.name}”: tệp bị hỏng hoặc không phải sổ Excel. Hãy mở "
                                 "bằng Excel, lưu lại dạng .xlsx rồi gửi lại.", src.path) from None
    names = [m.name for m in book.sheets_metadata]
    return _build(src.name, grids, formulas, names, hidden)


def _with_parts(src, replaced: dict) -> bytes:
    """The package with some parts replaced (UTF-16 XML made UTF-8), in memory."""
    import io
    out = io.BytesIO()
    with zipfile.ZipFile(src.opener()) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, replaced.get(info.filename) or zin.read(info.filename))
    return out.getvalue()


def read_workbook(path) -> Workbook:
    """``load`` for a path (kept for scripts written against the first version)."""
    return load(path)


def _calamine_book(src):
    """The workbook, its format told by its content (a .xls or .ods named .xlsx is read as what it is)."""
    import python_calamine
    return python_calamine.CalamineWorkbook.from_filelike(src.in_memory().opener())


def _build(name, grids: dict, formulas: dict, names=None, hidden=frozenset()) -> Workbook:
    wb = Workbook(name=name, tables={})
    names = list(grids) if names is None else names
    by_key = {key(n): n for n in grids}
    strangers = [n for n in names if key(n) not in _KNOWN]
    for spec in standard.SHEETS:
        found = next((by_key[key(n)] for n in (spec.name, *spec.aliases) if key(n) in by_key), None)
        if found is not None and found in hidden:
            twin = nearest(spec.name, [n for n in strangers if n not in hidden], cutoff=0.6)
            if twin:
                wb.problems.warning("hidden-sheet", f"Trang “{found}” đang bị ẩn nhưng vẫn là trang được đọc, còn "
                                    f"trang “{twin}” đang hiện thì không được đọc.", found,
                                    fix=f"Nếu số liệu nằm ở trang “{twin}”, hãy xóa trang ẩn và đổi tên trang đó "
                                        f"thành “{spec.name}”.")
        if found is None:
            wb.tables[spec.key] = Table(spec, missing={c.key for c in spec.columns})
            if spec.required:
                guess = nearest(spec.name, strangers) or (strangers[0] if len(strangers) == 1 else None)
                fix = (f"Nếu trang “{guess}” là trang này, hãy đổi tên thành “{spec.name}”." if guess else
                       f"Hãy thêm trang “{spec.name}” (chép từ sổ mẫu trống).")
                wb.problems.error("missing-sheet", f"Thiếu trang “{spec.name}”.", spec.name, fix=fix)
            continue
        wb.tables[spec.key] = _read_table(spec, found, grids[found], formulas.get(found, set()), wb.problems)
    _read_settings(wb)
    return wb


_DATA = {key(n) for s in standard.SHEETS for n in (s.name, *s.aliases)}
_KNOWN = _DATA | {key(n) for n in standard.EXTRA_SHEETS}


def _read_table(spec, name, sheet: SheetValues, formula_cells, problems: Report) -> Table:
    table = Table(spec, name)
    grid = sheet.rows
    first_row, first_col = sheet.origin()
    wanted = {key(c.header): c for c in spec.columns}
    header_at, best = 0, -1
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        score = len({key(v) for v in row if not is_blank(v)} & wanted.keys())
        if score > best:
            header_at, best = i, score
    table.header_row = header_row = first_row + header_at
    header = grid[header_at] if grid else []
    strangers = {}
    for offset, raw in enumerate(header):
        index = first_col + offset
        if is_blank(raw):
            continue
        col = wanted.get(key(raw))
        if col is None:
            strangers[index] = raw
        elif col.key in table.positions:
            problems.error("duplicate-column", f"Cột “{col.header}” xuất hiện hai lần.", name,
                           f"{column_letter(index)}{header_row}")
        else:
            table.positions[col.key] = index
    for col in spec.columns:
        if col.key in table.positions or col.optional:
            continue
        table.missing.add(col.key)
        guess_index = _nearest_stranger(col.header, strangers)
        if guess_index:
            cell = f"{column_letter(guess_index)}{header_row}"
            message = f"Tiêu đề “{strangers.pop(guess_index)}” không đúng mẫu: thiếu cột “{col.header}”."
            fix = f"Nếu đây là cột “{col.header}”, hãy sửa tiêu đề thành “{col.header}”."
        else:
            cell = f"{column_letter(first_col + len(header))}{header_row}"
            message = f"Thiếu cột “{col.header}”."
            fix = f"Hãy thêm cột có tiêu đề “{col.header}” vào dòng tiêu đề."
        code = "missing-column" if col.required or col.kind != "text" else "missing-optional-column"
        problems.add(code, message, name, cell, fix=fix)
    plan = [(c, table.positions[c.key] - first_col if c.key in table.positions else -1, _reading(c))
            for c in spec.columns]  # (column, offset in the grid's row or -1 when the sheet lacks it, reader)
    for at, raw_row in enumerate(grid[header_at + 1:], start=header_at + 1):
        row = _read_row(table, plan, raw_row, first_row + at, first_col, formula_cells, problems, sheet.percent)
        if row is not None:
            table.rows.append(row)
    return table


def _reading(col):
    """raw cell value → (value, message, legacy encoding?, invisible characters?) for column ``col``, remembered
    for each raw value: a column repeats names, statuses and dates, so 100,000 roll-call rows hold few values."""
    convert, text, known = kinds.converter(col.kind, col.choices), col.kind in ("text", "lines"), {}

    def outcome(raw):
        value, message = convert(raw)
        legacy = not message and text and looks_legacy_encoded(value)
        return value, message, legacy, not message and has_invisible(raw)

    def read(raw):
        key = (raw.__class__, raw)  # True == 1 == 1.0: the type is part of what was typed
        try:
            return known[key]
        except KeyError:
            known[key] = answer = outcome(raw)
            return answer
        except TypeError:  # unhashable: not a cell value python-calamine gives, but never fail on it
            return outcome(raw)
    return read


def _nearest_stranger(header, strangers):
    guess = nearest(header, [str(v) for v in strangers.values()], cutoff=0.6)
    return next((i for i, v in strangers.items() if str(v) == guess), None) if guess else None


def _read_row(table, plan, raw_row, number, first_col, formula_cells, problems, percent=frozenset()):
    width, raws, filled = len(raw_row), [], False
    for col, offset, _ in plan:
        raw = raw_row[offset] if 0 <= offset < width else None
        if raw is not None and raw.__class__ is str and not raw.strip():
            raw = None
        filled = filled or (raw is not None and col.key != "no")
        raws.append(raw)
    if not filled:
        return None
    values = {}
    for (col, offset, read), raw in zip(plan, raws):
        if raw is None:
            values[col.key] = None
            if formula_cells and (number, offset + first_col) in formula_cells:
                problems.error("formula-without-value", "Ô có công thức nhưng chưa có giá trị đã tính (tệp được tạo "
                               "bằng chương trình, chưa mở bằng Excel).", table.name, table.cell(col.key, number))
            elif col.required and offset >= 0:
                problems.error("missing-value", f"Chưa điền “{col.header}”.", table.name, table.cell(col.key, number),
                               fix=_fill_in(col))
            continue
        value, message, legacy, invisible = read(raw)
        if percent and col.kind == "number" and value is not None and raw.__class__ is not str \
                and (number, offset + first_col) in percent:
            value = round(value * 100, 9)  # the cell shows 85%: the officer typed 85 (percent)
            if "unit" in values and not values["unit"]:
                values["unit"] = "%"
        values[col.key] = value
        if message:
            problems.error("bad-value", f"{col.header}: {message}", table.name, table.cell(col.key, number),
                           fix=kinds.fix(col.kind, col.choices))
        elif value is None and col.required and offset >= 0:
            problems.error("missing-value", f"Chưa điền “{col.header}”.", table.name, table.cell(col.key, number),
                           fix=_fill_in(col))
        elif legacy:
            problems.warning("legacy-encoding", "Chữ có vẻ được gõ bằng phông TCVN3 (.VnTime) hoặc VNI, không "
                             "phải Unicode.", table.name, table.cell(col.key, number))
        if invisible:
            problems.warning("invisible-characters", f"{col.header}: “{tidy(raw)}” có ký tự vô hình (điều khiển hướng "
                             "chữ hoặc độ rộng 0), đã được bỏ khi đọc.", table.name, table.cell(col.key, number))
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
                wb.problems.warning("unknown-setting", f"Mã “{row['code']}” không thuộc mẫu sổ, công cụ sẽ bỏ qua.",
                                    *where)
            continue
        if code in seen:
            wb.problems.error("duplicate-setting", f"Mã “{code}” được khai hai lần (dòng {seen[code]} và "
                              f"dòng {row.number}).", *where)
            continue
        seen[code] = row.number
        cell = table.cell("value", row.number)
        value, message = kinds.converter(spec.kind, spec.choices)(row["value"])
        if message:
            wb.problems.error("bad-setting", f"{spec.label} ({code}): {message}", table.name, cell,
                              fix=kinds.fix(spec.kind, spec.choices))
            wb.unreadable_settings.add(code)
        elif spec.kind in ("text", "lines") and looks_legacy_encoded(value):
            wb.problems.warning("legacy-encoding", "Chữ có vẻ được gõ bằng phông TCVN3 (.VnTime) hoặc VNI, không "
                                "phải Unicode.", table.name, cell)
        wb.setting_cells[code] = cell
        dict.__setitem__(wb.settings, code, value)
    for spec in standard.SETTINGS:
        if dict.get(wb.settings, spec.code) is None:
            dict.__setitem__(wb.settings, spec.code, spec.default)


def _fill_in(col) -> str:
    """How to fill a required cell left blank: the kind's own advice (the choices of a list), and the column's
    help when it has one."""
    advice = kinds.fix(col.kind, col.choices) if col.kind not in ("text", "lines") else "Điền giá trị vào ô."
    return f"{advice} {col.help.rstrip('.')}." if col.help else advice


def _percent_cells(src, grids) -> dict:
    """The percentage cells of the sheets whose numbers can be typed as "85%" (Chỉ tiêu), from a zip package."""
    wanted = {n for n in grids if any(key(n) == key(a) for s in standard.PERCENT_SHEETS for a in (s.name, *s.aliases))}
    if not wanted or not any(row for n in wanted for row in grids[n].rows[1:]):
        return {}
    from .percent import percent_cells
    return percent_cells(src.opener(), wanted)


def _formula_cells(src) -> dict:
    """{sheet name: {(row, column)}} of formula cells (read with openpyxl: only when a sheet has formulas)."""
    import openpyxl
    found = {}
    book = openpyxl.load_workbook(src.opener(), read_only=True, data_only=False)
    try:
        for ws in book.worksheets:
            cells = {(c.row, c.column) for row in ws.iter_rows() for c in row
                     if getattr(c, "data_type", None) == "f"}
            if cells:
                found[ws.title] = cells
    finally:
        book.close()
    return found


def from_rows(settings: dict | None = None, name=IN_MEMORY, **tables) -> Workbook:
    """A Workbook built from typed Python values, e.g. ``from_rows({"nam_ket_thuc": 2022}, members=[{...}])``.

    Each table is a list of dicts keyed by column key (``standard.Sheet.columns``), already typed; rows are
    numbered as if under a header in row 1.  For tests and for building units in code; adapters that hold
    raw cell values use ``load`` with sheets instead, which also checks their types.
    """
    wb = Workbook(name=name, tables={})
    for spec in standard.SHEETS:
        rows = tables.get(spec.key, [])
        positions = {c.key: i for i, c in enumerate(spec.columns, start=1)}
        wb.tables[spec.key] = Table(spec, spec.name, 1, positions,
                                    [Row(n, {c.key: r.get(c.key) for c in spec.columns})
                                     for n, r in enumerate(rows, start=2)])
    settings = settings or {}
    unknown = set(settings) - set(standard.SETTINGS_BY_CODE)
    if unknown:
        raise KeyError(f"not settings of the standard: {sorted(unknown)}")
    for s in standard.SETTINGS:
        dict.__setitem__(wb.settings, s.code, settings.get(s.code, s.default))
    return wb
