"""How big a sheet really is, read from the file itself before any reading library builds a grid.

A cell at ``XFD1048576``, a shared-strings table that claims four billion entries, an .ods cell repeated
9000 × 10000 times, or an .xls whose cells reach ``IV65536`` make a grid of billions of cells: the reading
library then aborts the process or takes gigabytes.  ``check(source, kind, sheets)`` measures the sheets
that will be read (cheaply: a scan of the XML or of the BIFF records) and refuses any whose extent passes
``MAX_CELLS`` — one documented limit, enough for a million roll-call rows, which bounds peak memory.
It also returns UTF-8 copies of XML parts saved as UTF-16, which the reading library would read as empty.
"""
from __future__ import annotations

import re
import struct
import zipfile

from .cells import column_index, column_letter
from .errors import UnreadableWorkbook
from .formatting import so

MAX_CELLS = 5_000_000
CHUNK = 1 << 20
FORMULAS = "formulas"  # key of the answer: True when a sheet to read holds a formula
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d{1,7})"')   # a cell's reference: column letters, row
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
_DIM = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="(?:[A-Z]{1,3}\d{1,7}:)?([A-Z]{1,3})(\d{1,7})"')
_SST = re.compile(rb'<(?:\w+:)?sst\b[^>]*>')
_NUM = re.compile(rb'\b(?:count|uniqueCount)="(\d+)"')


def _too_big(src, sheet, rows, cols) -> UnreadableWorkbook:
    return UnreadableWorkbook(
        f"Không đọc được tệp “{src.name}”: trang “{sheet}” có ô xa tới {column_letter(cols)}{rows} ({so(rows)} dòng × "
        f"{so(cols)} cột, quá giới hạn {so(MAX_CELLS)} ô). Hãy xóa các dòng, cột thừa ở cuối trang rồi lưu lại."
        , src.path)


def check(src, kind: str, wanted=lambda name: True) -> dict:
    """Refuse the file when a sheet that ``wanted(name)`` will read is too big; return {part name: UTF-8
    bytes} for XML parts that had to be transcoded (empty for most files), and under ``FORMULAS`` whether a
    sheet to read holds formulas (.xlsx only)."""
    try:
        return _check(src, kind, wanted)
    except UnreadableWorkbook:
        raise
    except Exception:  # zlib, zip, BIFF or XML damage: the reading library would fail on it too
        raise UnreadableWorkbook(f"Không đọc được tệp “{src.name}”: tệp bị hỏng hoặc chưa tải về đầy đủ. Hãy xin "
                                 "gửi lại tệp.", src.path) from None


def _check(src, kind, wanted) -> dict:
    if kind == "zip":
        with zipfile.ZipFile(src.opener()) as zf:
            names = set(zf.namelist())
            if "content.xml" in names:
                _ods(src, zf, wanted)
                return {}
            return _xlsx(src, zf, wanted)
    _xls(src, wanted)
    return {}


# --- .xlsx / .xlsm ----------------------------------------------------------------------------

def _utf8(data: bytes) -> bytes | None:
    """UTF-8 bytes of an XML part saved as UTF-16 (with a byte-order mark), else None."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
        return re.sub(r'encoding="[Uu][Tt][Ff]-16[^"]*"', 'encoding="UTF-8"', text, count=1).encode("utf-8")
    return None


def _xlsx(src, zf, wanted) -> dict:
    transcoded = {}
    for name in zf.namelist():
        if name.endswith((".xml", ".rels")):
            with zf.open(name) as part:
                if part.read(2) in (b"\xff\xfe", b"\xfe\xff"):
                    transcoded[name] = _utf8(zf.read(name))
    read = lambda name: transcoded.get(name) or zf.read(name)  # noqa: E731
    sst = "xl/sharedStrings.xml"
    if sst in zf.namelist():
        head = _SST.search(read(sst)[:4096]) if sst in transcoded else _SST.search(_head(zf, sst))
        if head and any(int(n) > MAX_CELLS for n in _NUM.findall(head.group(0))):
            raise UnreadableWorkbook(f"Không đọc được tệp “{src.name}”: bảng chuỗi của sổ khai báo hơn "
                                     f"{so(MAX_CELLS)} chuỗi, nghi là tệp độc hại.", src.path)
    formulas = False
    for sheet, part in sheet_parts(zf, read):
        if not wanted(sheet) or part not in zf.namelist():
            continue
        rows = cols = 0
        for chunk in _chunks(zf, part, transcoded):
            refs = _CELL_REF.findall(chunk)
            if refs:  # one pass over the XML; a column's letters and a row's number repeat, so sets are small
                letters, numbers = zip(*refs)
                rows = max(rows, max(map(int, set(numbers))))
                cols = max(cols, max(map(column_index, set(letters))))
            for m in _DIM.finditer(chunk) if b"dimension" in chunk else ():  # `in`: a fast scan first
                cols, rows = max(cols, column_index(m.group(1))), max(rows, int(m.group(2)))
            if rows * cols > MAX_CELLS:
                raise _too_big(src, sheet, rows, cols)
            if not formulas and (b"<f" in chunk or b":f" in chunk) and _FORMULA.search(chunk):
                formulas = True
    transcoded[FORMULAS] = formulas
    return transcoded


def _head(zf, name, size=4096) -> bytes:
    with zf.open(name) as part:
        return part.read(size)


def _chunks(zf, name, transcoded):
    """The part's bytes in overlapping chunks (a tag cut at a chunk's end is whole in the next)."""
    if name in transcoded:
        yield transcoded[name]
        return
    tail = b""
    with zf.open(name) as part:
        while True:
            block = part.read(CHUNK)
            if not block:
                break
            yield tail + block
            tail = block[-256:]


def sheet_parts(zf, read):
    """(sheet name, part name) of each worksheet, from the workbook and its relationships."""
    import html
    try:
        workbook = read("xl/workbook.xml").decode("utf-8", "replace")
        rels = read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return []
    targets = {}
    for rel in re.finditer(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        rid, target = re.search(r'\bId="([^"]+)"', rel.group(0)), re.search(r'\bTarget="([^"]+)"', rel.group(0))
        if rid and target:
            t = target.group(1)
            targets[rid.group(1)] = t.lstrip("/") if t.startswith("/") else f"xl/{t}"
    out = []
    for sheet in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name, rid = re.search(r'\bname="([^"]*)"', sheet.group(0)), re.search(r'\br:id="([^"]+)"', sheet.group(0))
        if name and rid and rid.group(1) in targets:
            out.append((html.unescape(name.group(1)), targets[rid.group(1)]))
    return out


# --- .ods -------------------------------------------------------------------------------------

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _ods(src, zf, wanted) -> None:
    from lxml import etree
    t = lambda n: f"{{{TABLE}}}{n}"  # noqa: E731
    name, row, rows, cols = None, 0, 0, 0
    with zf.open("content.xml") as part:
        for event, el in etree.iterparse(part, events=("start", "end"), resolve_entities=False, huge_tree=False,
                                         no_network=True):
            if event == "start" and el.tag == t("table"):
                name, row, rows, cols = el.get(t("name")), 0, 0, 0
            elif event == "end" and el.tag == t("table-row"):
                repeat = int(el.get(t("number-rows-repeated"), "1"))
                col = used = 0
                for cell in el:
                    span = int(cell.get(t("number-columns-repeated"), "1"))
                    col += span
                    if cell.get(f"{{{OFFICE}}}value-type") or len(cell):
                        used = col
                if used:
                    rows, cols = row + repeat, max(cols, used)
                    if wanted(name) and rows * cols > MAX_CELLS:
                        raise _too_big(src, name, rows, cols)
                row += repeat
                el.clear()


# --- .xls (BIFF8) -----------------------------------------------------------------------------

CELL_RECORDS = {0x00FD, 0x0203, 0x027E, 0x0201, 0x0205, 0x0006, 0x0204, 0x00D6}
MULTI_RECORDS = {0x00BD, 0x00BE}


def _xls(src, wanted) -> None:
    import olefile
    ole = olefile.OleFileIO(src.for_olefile())
    try:
        stream = "Workbook" if ole.exists("Workbook") else "Book"
        data = ole.openstream(stream).read()
    finally:
        ole.close()
    names, offsets, pos = [], [], 0
    while pos + 4 <= len(data):
        kind, size = struct.unpack_from("<HH", data, pos)
        body = data[pos + 4:pos + 4 + size]
        if kind == 0x0085 and len(body) >= 8:  # BOUNDSHEET: stream offset, then the name
            offsets.append(struct.unpack_from("<I", body, 0)[0])
            names.append(_biff_name(body[6:]))
        pos += 4 + size
        if kind == 0x000A and offsets:  # EOF of the workbook globals
            break
    for name, start in zip(names, offsets):
        if not wanted(name):
            continue
        rows = cols = 0
        pos = start
        while pos + 4 <= len(data):
            kind, size = struct.unpack_from("<HH", data, pos)
            body = data[pos + 4:pos + 4 + size]
            pos += 4 + size
            if kind == 0x0200 and len(body) >= 12:  # DIMENSIONS: rwMac, colMac (one past the last)
                rows = max(rows, struct.unpack_from("<I", body, 4)[0])
                cols = max(cols, struct.unpack_from("<H", body, 10)[0])
            elif kind in CELL_RECORDS and len(body) >= 4:
                r, c = struct.unpack_from("<HH", body, 0)
                rows, cols = max(rows, r + 1), max(cols, c + 1)
            elif kind in MULTI_RECORDS and len(body) >= 6:
                r = struct.unpack_from("<H", body, 0)[0]
                rows, cols = max(rows, r + 1), max(cols, struct.unpack_from("<H", body, len(body) - 2)[0] + 1)
            elif kind == 0x000A:
                break
        if rows * cols > MAX_CELLS:
            raise _too_big(src, name, rows, cols)


def _biff_name(body: bytes) -> str:
    if len(body) < 2:
        return ""
    n, flags = body[0], body[1]
    raw = body[2:2 + n * (2 if flags & 1 else 1)]
    return raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
