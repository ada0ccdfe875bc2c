"""Checking a report template (.docx): what in it will not render, and where.

* a tag split across runs (Word split "{{ so_uy_vien }}" when part of it was
  retyped or reformatted): docxtpl cannot see it;
* a tag that is not closed, or whose expression is not valid Jinja;
* a block tag ({% for %}, {% if %}) whose end is in another paragraph without
  the paragraph/row/cell form ({%p %}, {%tr %}, {%tc %}), or a {%tr %} outside a table;
* variables the toolkit does not provide (against the indicator catalog and the context).
Locations are "đoạn N" (paragraph N of the body) or "bảng T, dòng R, ô C".
"""
from __future__ import annotations

import re
import zipfile
import zlib

from lxml import etree

from . import safety
from .errors import UnreadableTemplate
from .problems import Report
from .sandbox import COUNTERS, environment
from .template_package import check_package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
OPENERS = re.compile(r"\{\{|\{%|\{#")
BLOCK = re.compile(r"\{%\s*(p|tr|tc|r)?\s*(for|if|endfor|endif)\b")
PART_NAMES = {"word/document.xml": "thân văn bản", "word/footnotes.xml": "chú thích cuối trang"}
CORE = "docProps/core.xml"
DC, CP = "http://purl.org/dc/elements/1.1/", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
PROPERTIES = {f"{{{DC}}}title": "Tiêu đề", f"{{{DC}}}subject": "Chủ đề", f"{{{DC}}}creator": "Tác giả",
              f"{{{DC}}}description": "Ghi chú", f"{{{DC}}}identifier": "Mã định danh", f"{{{DC}}}language": "Ngôn ngữ"}


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _place(p, tables) -> str:
    cell = _cell_of(p)
    if cell is None:
        return ""
    row = cell.getparent()
    table = row.getparent()
    t = tables.index(table) + 1 if table in tables else "?"
    r = list(table.iterfind(f"{{{W}}}tr")).index(row) + 1
    c = list(row.iterfind(f"{{{W}}}tc")).index(cell) + 1
    return f"bảng {t}, dòng {r}, ô {c}"


def _runs(p):
    """(text, start offset) of each run in paragraph ``p``."""
    out, offset = [], 0
    for r in p.iter(f"{{{W}}}r"):
        text = "".join(t.text or "" for t in r.iter(f"{{{W}}}t"))
        out.append((text, offset))
        offset += len(text)
    return out


def check_template(template, known_names=None) -> Report:
    """The problems of ``template`` (a path, or the bytes of a .docx); raises UnreadableTemplate when it is
    not a .docx at all.  Every part docxtpl fills is looked at: body, headers, footers, footnotes, and the
    document's properties (title, subject …)."""
    src = safety.Source.of(template)
    safety.inspect_document(src)
    report = Report()
    try:
        with zipfile.ZipFile(src.opener()) as zf:
            names = [n for n in zf.namelist() if n in PART_NAMES or re.fullmatch(r"word/(header|footer)\d*\.xml", n)]
            roots = {n: etree.fromstring(zf.read(n), _parser()) for n in names}
            properties = _properties(zf)
            check_package(zf, report)
    except (zipfile.BadZipFile, zlib.error, etree.XMLSyntaxError, OSError, ValueError, KeyError):
        raise UnreadableTemplate(f"Không đọc được tệp “{src.name}”: mẫu báo cáo bị hỏng. Hãy mở bằng Word và "
                                 "lưu lại.", src.path) from None
    for name, root in roots.items():
        _check_part(root, PART_NAMES.get(name, "đầu/cuối trang"), report)
    for prop, text in properties.items():
        _check_text(text, f"thuộc tính “{prop}” của tệp", report)
    if not report.errors:
        _undeclared(roots, properties, known_names, report)
    return report


def _properties(zf) -> dict:
    """The document properties docxtpl fills (title, subject …), by their Vietnamese name."""
    if CORE not in zf.namelist():
        return {}
    root = etree.fromstring(zf.read(CORE), _parser())
    return {label: el.text for tag, label in PROPERTIES.items() for el in root.iter(tag) if el.text}


def _check_text(text, where, report):
    if not OPENERS.search(text):
        return
    try:
        environment().parse(text)
    except Exception as exc:  # jinja2.TemplateSyntaxError
        report.error("bad-tag", f"Thẻ sai cú pháp: {getattr(exc, 'message', exc)}.", cell=where)


def _check_part(root, part_name, report):
    env = environment()
    tables = list(root.iter(f"{{{W}}}tbl"))
    per_cell = {}  # table cell → [opened {%p for/if %} count, place]
    for index, p in enumerate(root.iter(f"{{{W}}}p"), start=1):
        runs = _runs(p)
        text = "".join(t for t, _ in runs)
        if "{" not in text:
            continue
        where = _place(p, tables) or f"{part_name}, đoạn {index}"
        found = list(TAG.finditer(text))
        covered = {i for m in found for i in range(m.start(), m.end())}
        for m in OPENERS.finditer(text):
            if m.start() not in covered:
                report.error("unclosed-tag", f"Thẻ “{text[m.start():m.start() + 30]}…” chưa đóng (thiếu }}}} hoặc %}}).",
                             cell=where)
        for m in found:
            tag = m.group(0)
            if not any(start <= m.start() and m.end() <= start + len(t) for t, start in runs):
                report.error("split-tag", f"Thẻ “{tag}” bị Word tách thành nhiều đoạn định dạng nên không được "
                             "điền.", cell=where)
            if tag.startswith("{{"):
                try:
                    env.parse(tag)
                except Exception as exc:  # jinja2.TemplateSyntaxError
                    report.error("bad-tag", f"Thẻ “{tag}” sai cú pháp: {getattr(exc, 'message', exc)}.", cell=where)
            block = BLOCK.match(tag)
            if block:
                kind, word = block.groups()
                in_table = bool(_place(p, tables))
                if kind in ("tr", "tc") and not in_table:
                    report.error("row-tag-outside-table", f"Thẻ “{tag}” chỉ dùng trong bảng.", cell=where)
                if kind == "p" and in_table:
                    cell = per_cell.setdefault(_cell_of(p), [0, where])
                    cell[0] += -1 if word.startswith("end") else 1
                if kind is None and not _balanced_here(text, word):
                    hint = "{%tr … %} để lặp dòng của bảng" if in_table else "{%p … %} để lặp/ẩn cả đoạn"
                    report.error("block-across-paragraphs", f"Thẻ “{tag}” mở/đóng ở đoạn khác.", cell=where,
                                 fix=f"Dùng {hint}.")


    for opened, where in per_cell.values():
        if opened:
            report.error("block-across-cells", "Thẻ {%p for/if %} mở trong một ô bảng nhưng đóng ở ô khác.",
                         cell=where)


def _cell_of(p):
    cell = p.getparent()
    while cell is not None and cell.tag != f"{{{W}}}tc":
        cell = cell.getparent()
    return cell


def _balanced_here(text, word) -> bool:
    base = word.replace("end", "")
    opens = len(re.findall(rf"\{{%-?\s*{base}\b", text))
    closes = len(re.findall(rf"\{{%-?\s*end{base}\b", text))
    return opens == closes


def _undeclared(roots, properties, known_names, report):
    from docxtpl import DocxTemplate
    from jinja2 import meta

    from .report import template_variables
    known = template_variables() if known_names is None else set(known_names)
    env = environment()
    texts = [DocxTemplate.patch_xml(None, etree.tostring(root, encoding="unicode")) for root in roots.values()]
    used = set()
    try:
        for text in texts + list(properties.values()):
            used |= meta.find_undeclared_variables(env.parse(text))
    except Exception as exc:
        report.error("bad-template", f"Mẫu có thẻ Jinja sai: {getattr(exc, 'message', exc)}.", cell="toàn văn bản")
        return
    for name in sorted(used - known - set(COUNTERS)):
        report.error("unknown-variable", f"Biến “{name}” không có trong danh mục chỉ số và biến của mẫu báo cáo.",
                     cell="toàn văn bản")
