"""A template filled without python-docx: the document docxtpl makes, at a fraction of the cost.

docxtpl opens a template with python-docx (importing it is most of what a click waits for), renders the body
as text, parses it back and serialises every part again.  For a template with no cell-level tags, no drawings
of its own and nothing for docxtpl to fix in its tables — the shipped one — the same document is: the body's
Jinja source (prepared once by docxtpl, kept in ``code_cache``) rendered as text between the document part's
unchanged head and tail, the headers and footers likewise, the chart's parts added, every other part copied.

``prepared`` says whether a template qualifies; ``fill`` returns None when a rendering needs what only docxtpl
does (a line break or tab inside a value, XML to recover), and the caller fills with docxtpl instead.
``tests/test_quickfill.py`` holds the two paths to the same document on units of every shape.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile

from . import chart, code_cache

KIND = "prepared"
DOCUMENT = "word/document.xml"
RELS = "word/_rels/document.xml.rels"
HEADER_FOOTER = re.compile(r"relationships/(header|footer)$")
DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
# What only docxtpl handles: tags on cells and runs, drawings to renumber, text it turns into breaks.
DOCXTPL_ONLY = re.compile(r"\{[%{]-?\s*(tc|hm|vm|cellbg|colspan|r)(?=[\s%}])|[\t\a\f\n]")
CONTROL_IN_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>[^<]*[\t\a\f\n]")
PARAGRAPH_BREAK = re.compile(r"\n<w:p([ >])")  # docxtpl puts a line before each paragraph while rendering
DOC_PR_ID = re.compile(r'(<wp:docPr\b[^>]*?\sid=")\d+(")')


def prepared(data: bytes, chart_name: str):
    """The template's prepared form (dict), or None when it does not qualify; made once per template (a kept
    form that cannot be read, or is not one, is made again)."""
    key = hashlib.sha256(data).hexdigest()
    try:
        form = json.loads(code_cache.get_text(KIND, key) or "")
        if not _is_form(form):
            raise ValueError(key)
    except ValueError:
        form = _prepare(data, chart_name)
        code_cache.put_text(KIND, key, json.dumps(form, ensure_ascii=False))
    return form


def _is_form(form) -> bool:
    if form is None:  # kept: "this template does not qualify"
        return True
    return (isinstance(form, dict) and all(isinstance(form.get(k), str) for k in ("head", "tail", "body"))
            and isinstance(form.get("chart"), bool) and isinstance(form.get("parts"), dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in form["parts"].items()))


def _prepare(data: bytes, chart_name: str):
    """docxtpl's own preparation of the body and the headers, and the document part around the body."""
    from copy import deepcopy

    from docx.opc.oxml import serialize_part_xml
    from lxml import etree

    from .report import patched_template_class
    try:
        tpl = patched_template_class()(io.BytesIO(data))
        tpl.init_docx()
    except Exception:
        return None
    part = tpl.docx.part
    others = {str(r.target_part.partname).lstrip("/"): r.target_part for r in part.rels.values()
              if not r.is_external and HEADER_FOOTER.search(r.reltype)}  # headers and footers
    prepare = lambda xml: re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))  # noqa: E731 - as docxtpl
    body = tpl.get_xml()
    raw = {name: tpl.get_part_xml(p) for name, p in others.items()}
    sources = {DOCUMENT: prepare(body), **{name: prepare(xml) for name, xml in raw.items()}}
    if not _qualifies(tpl, body, list(raw.values()), sources.values()):
        return None
    root = deepcopy(tpl.docx.element)
    root.replace(root.body, etree.Element("kiemdiem-body"))
    head, tail = serialize_part_xml(root).decode("utf-8").split("<kiemdiem-body/>")
    return {"head": head, "tail": tail, "body": sources.pop(DOCUMENT), "chart": chart_name in tpl.docx.element.xml,
            "parts": sources}


def _qualifies(tpl, body: str, others: list, patched) -> bool:
    """Whether docxtpl would do nothing to this template's output beyond rendering it as text: the main part
    where we write it; no drawings to renumber; no tags on cells or runs and no text it turns into breaks (in
    the body, headers, footers, footnotes); no tags in the properties or footnotes it renders; tables whose grid
    it would not fix, and Jinja blocks that open and close inside one cell (so no row changes its cells)."""
    from docxtpl import DocxTemplate
    from lxml import etree
    part, properties = tpl.docx.part, tpl.docx.core_properties
    notes = [p.blob.decode("utf-8", "replace") for p in part.package.parts if "notes+xml" in p.content_type]
    return (str(part.partname) == "/" + DOCUMENT and "docPr" not in body
            and not any(DOCXTPL_ONLY.search(re.sub(r"<[^>]+>", "", s)) for s in [body, *others, *notes])
            and not any("{" in note for note in notes)
            and not any("{" in (getattr(properties, p) or "") for p in ("author", "comments", "identifier",
                                                                       "language", "subject", "title"))
            and etree.tostring(DocxTemplate.fix_tables(tpl, body), encoding="unicode") == body
            and all(_blocks_stay_in_cells(source) for source in patched))


BLOCK_OR_CELL = re.compile(r"<w:tc[ >]|</w:tc>|\{%-?\s*(\w+)([^%]*)")
OPENERS = frozenset({"if", "for", "macro", "call", "filter", "with", "block", "raw", "autoescape"})


def _blocks_stay_in_cells(source: str) -> bool:
    """Every Jinja block opened inside a table cell is closed in the same cell (a loop or a condition that spans
    cells changes a row's cells, which docxtpl's table fix would then repair)."""
    open_blocks = []  # per cell we are in, the blocks open in it
    for m in BLOCK_OR_CELL.finditer(source):
        if m[0].startswith("<w:tc"):
            open_blocks.append(0)
        elif m[0] == "</w:tc>":
            if not open_blocks or open_blocks.pop():
                return False
        elif open_blocks:
            name = m[1]
            if name in OPENERS or (name == "set" and "=" not in m[2]):
                open_blocks[-1] += 1
            elif name.startswith("end"):
                open_blocks[-1] -= 1
                if open_blocks[-1] < 0:
                    return False
    return True


def fill(form: dict, data: bytes, context: dict, chart_data, chart_name: str, environment):
    """The filled document's bytes, or None when docxtpl must fill it.  Jinja's errors propagate."""
    from markupsafe import Markup
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = {info.filename: info for info in src.infolist()}
        rels = src.read(RELS).decode("utf-8")
        added, context = {}, dict(context)
        context[chart_name] = ""
        if chart_data is not None and form["chart"]:
            rid, rels, added = _chart_parts(rels, entries, chart_data)
            context[chart_name] = Markup(chart.inline(rid))
        body = _render(environment, form["body"], context)
        numbers = iter(range(1001, 1_000_000))  # docxtpl renumbers the body's drawings from 1001
        written = {DOCUMENT: body and form["head"] + DOC_PR_ID.sub(lambda m: f"{m[1]}{next(numbers)}{m[2]}", body)
                   + form["tail"]}
        written.update({name: (text := _render(environment, source, context)) and DECLARATION + text
                        for name, source in form["parts"].items()})
        if not all(text and _well_formed(text) for text in written.values()):
            return None
        if added:
            written[RELS] = rels
            written["[Content_Types].xml"] = _content_types(src.read("[Content_Types].xml").decode("utf-8"),
                                                            added)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name, info in entries.items():
                dst.writestr(_entry(name, info), written.get(name) or src.read(info))
            for name, blob in added.items():
                dst.writestr(_entry(name, entries[DOCUMENT]), blob)
    return out.getvalue()


def _entry(name: str, like: zipfile.ZipInfo) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=like.date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _render(environment, source: str, context: dict):
    """docxtpl's render_xml_part as text, None where its resolve_listing would act."""
    text = environment.from_string(source).render(context)
    text = PARAGRAPH_BREAK.sub(r"<w:p\1", text)
    text = text.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return None if CONTROL_IN_TEXT.search(text) else text


def _well_formed(text: str) -> bool:
    from xml.parsers import expat
    try:
        expat.ParserCreate().Parse(text.encode("utf-8"), True)
        return True
    except expat.ExpatError:
        return False


def _chart_parts(rels: str, entries: dict, chart_data):
    """(relationship id, document rels with the chart, the chart's parts by name), as python-docx adds them."""
    taken = set(re.findall(r'\bId="([^"]+)"', rels))
    rid = next(f"rId{n}" for n in range(1, len(taken) + 2) if f"rId{n}" not in taken)
    number = next(n for n in range(1, len(entries) + 2) if f"word/charts/chart{n}.xml" not in entries)
    book = chart.book_name(number)
    rels = rels.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{chart.RT_CHART}" '
                                            f'Target="charts/chart{number}.xml"/></Relationships>')
    chart_rels = (DECLARATION + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                  f'relationships"><Relationship Id="rId1" Type="{chart.RT_PACKAGE}" '
                  f'Target="..{book[len("/word"):]}"/></Relationships>')
    return rid, rels, {f"word/charts/chart{number}.xml": chart.chart_xml(*chart_data, "rId1"),
                       f"word/charts/_rels/chart{number}.xml.rels": chart_rels,
                       book.lstrip("/"): chart.data_workbook(*chart_data[:2])}


def _content_types(types: str, added: dict) -> str:
    extra = "".join(f'<Override PartName="/{name}" ContentType="{chart.CT_CHART}"/>' for name in added
                    if name.startswith("word/charts/chart") and name.endswith(".xml"))
    if not re.search(r'Extension="xlsx"', types, re.I):
        extra += f'<Default Extension="xlsx" ContentType="{chart.CT_XLSX}"/>'
    return types.replace("</Types>", extra + "</Types>")
