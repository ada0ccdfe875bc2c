"""Indicators as text for a person, JSON for a program, and a "Chỉ số" sheet."""
from __future__ import annotations

from . import problems
from .catalog import CATALOG, COLUMN_LABELS, display
from .files import atomic_output

SHEET = "Chỉ số"


def to_json(values: dict) -> str:
    """Every indicator by its standard name (dates as yyyy-mm-dd, no data as null)."""
    return problems.to_json({i.name: values[i.name] for i in CATALOG})


def _table_lines(indicator, rows) -> list:
    if not rows:
        return ["    (không có)"]
    cols = indicator.columns
    cells = [[COLUMN_LABELS.get(c, c) for c in cols]] + [[display(r.get(c), c) for c in cols] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cols))]
    return ["    " + "  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip() for row in cells]


def to_text(values: dict) -> str:
    scalars = [i for i in CATALOG if i.kind != "table"]
    width = max(len(i.label) for i in scalars)
    lines = [f"{i.label:<{width}}  {display(values[i.name], kind=i.kind)}" for i in scalars]
    for i in CATALOG:
        if i.kind == "table":
            lines += ["", f"{i.label}:"] + _table_lines(i, values[i.name] or [])
    return "\n".join(lines)


def _cell_text(indicator, value) -> str:
    if indicator.kind != "table":
        return display(value, kind=indicator.kind)
    return "\n".join("; ".join(f"{COLUMN_LABELS.get(c, c)}: {display(r.get(c), c)}" for c in indicator.columns)
                     for r in value or [])


HEADERS = ("Mã chỉ số", "Nội dung", "Giá trị", "Cách tính")
WIDTHS = (28, 40, 60, 70)


def sheet_rows(values: dict) -> list:
    """The rows of the "Chỉ số" sheet under ``HEADERS``: numbers stay numbers, the rest is text."""
    rows = []
    for i in CATALOG:
        value = values[i.name]
        plain = value if isinstance(value, (int, float)) and not isinstance(value, bool) else _cell_text(i, value)
        rows.append([i.name, i.label, plain, i.definition])
    return rows


def write_xlsx(values: dict, path, overwrite: bool = False, inputs=()):
    """The "Chỉ số" sheet in a new workbook (XlsxWriter: shared strings, valid under Microsoft's validator)."""
    import xlsxwriter
    with atomic_output(path, overwrite, inputs) as out:
        book = xlsxwriter.Workbook(str(out.tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        ws = book.add_worksheet(SHEET)
        ws.write_row(0, 0, HEADERS, bold)
        for n, row in enumerate(sheet_rows(values), start=1):
            ws.write_row(n, 0, row, wrap)
        for column, width in enumerate(WIDTHS):
            ws.set_column(column, column, width)
        ws.freeze_panes(1, 0)
        book.close()
    return out.path
