"""Which cells of a sheet are shown as a percentage.

An officer who types "85%" into an Excel or LibreOffice cell sees 85% but the file stores 0.85, and python-calamine
gives 0.85 without the format: a target of 80 (%) would then be judged against 0.85 and called missed.  The reader
asks this module for the percentage cells of the sheets where it matters (Chỉ tiêu) and reads them as the officer
sees them.  .xlsx/.xlsm: the cell's style → its number format (built-in 9 and 10, or a code with a % outside quotes);
.ods: ``office:value-type="percentage"``.  Other formats (.xls) give none.  The file has already passed the safety
and size checks; only the named sheets are scanned.
"""
from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree

from .cells import column_index, is_percent_format
from .sheetsize import sheet_parts

_BUILTIN_PERCENT = {9, 10}
_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
MAX_REPEAT = 1000  # a percentage value repeated across more cells than this is an empty formatted area


def percent_cells(opener, sheets: set) -> dict:
    """{sheet name: {(row, column)}} of the cells shown as a percentage in ``sheets`` (names as in the file)."""
    try:
        with zipfile.ZipFile(opener) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" in names:
                return _xlsx(zf, sheets)
            if "content.xml" in names:
                return _ods(zf, sheets)
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError, OSError):
        pass
    return {}


def _xlsx(zf, sheets) -> dict:
    if "xl/styles.xml" not in zf.namelist():
        return {}
    styles = ElementTree.fromstring(zf.read("xl/styles.xml"))
    codes = {int(f.get("numFmtId", -1)): f.get("formatCode", "") for f in styles.iter() if _local(f.tag) == "numFmt"}
    cell_xfs = next((e for e in styles.iter() if _local(e.tag) == "cellXfs"), None)
    if cell_xfs is None:
        return {}
    percent_styles = set()
    for index, xf in enumerate(x for x in cell_xfs if _local(x.tag) == "xf"):
        fmt = int(xf.get("numFmtId", 0))
        if fmt in _BUILTIN_PERCENT or is_percent_format(codes.get(fmt, "")):
            percent_styles.add(str(index))
    if not percent_styles:
        return {}
    out = {}
    for sheet, part in sheet_parts(zf, zf.read):
        if sheet not in sheets or part not in zf.namelist():
            continue
        found = set()
        with zf.open(part) as stream:
            for _, element in ElementTree.iterparse(stream):
                if _local(element.tag) == "c":
                    m = _REF.fullmatch(element.get("r") or "")
                    if m and element.get("s") in percent_styles:
                        found.add((int(m.group(2)), column_index(m.group(1))))
                    element.clear()
        out[sheet] = found
    return out


def _ods(zf, sheets) -> dict:
    out, table, row = {}, None, 0
    value_type, table_name = f"{{{_OFFICE}}}value-type", f"{{{_TABLE}}}name"
    rows_repeated, cols_repeated = f"{{{_TABLE}}}number-rows-repeated", f"{{{_TABLE}}}number-columns-repeated"
    with zf.open("content.xml") as stream:
        col = 0
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            name = _local(element.tag)
            if event == "start":
                if name == "table":
                    table = element.get(table_name)
                    row = 0
                elif name == "table-row" and table in sheets:
                    row, col = row + 1, 0
                continue
            if table not in sheets:
                if name == "table":
                    table = None
                element.clear()
                continue
            if name in ("table-cell", "covered-table-cell"):
                repeat = min(int(element.get(cols_repeated, 1)), MAX_REPEAT)
                if element.get(value_type) == "percentage":
                    out.setdefault(table, set()).update((row, col + 1 + i) for i in range(repeat))
                col += int(element.get(cols_repeated, 1))
            elif name == "table-row":
                row += int(element.get(rows_repeated, 1)) - 1
            elif name == "table":
                table = None
            element.clear()
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
