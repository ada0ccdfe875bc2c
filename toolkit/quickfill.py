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
PARAGRAPH_BREAK = re.compile(r"\n<w:p([ >])")
DOC_PR_ID = re.compile(r'(<wp:docPr\b[^>]*?\sid=")\d+(")')


def prepared(data: bytes, chart_name: str):
    """The template's prepared form (dict), or None when it does not qualify; made once per template."""
    key = hashlib.sha256(data).hexdigest()
    text = code_cache.get_text(KIND, key)
    if text is None:
        form = _prepare(data, chart_name)
        text = json.dumps(form, ensure_ascii=False)
        code_cache.put_text(KIND, key, text)
    return json.loads(text)


def _prepare(data: bytes, chart_name: str):
    """docxtpl's own preparation of the body and the headers, and the document part around the body."""
    from copy import deepcopy

    from docx.opc.oxml import serialize_part_xml
    from docxtpl import DocxTemplate
    from lxml import etree

    from .report import patched_template_class
    try:
        tpl = patched_template_class()(io.BytesIO(data))
        tpl.init_docx()
    except Exception:
        return None
    part = tpl.docx.part
    body = tpl.get_xml()
    others = {str(r.target_part.partname).lstrip("/"): r.target_part for r in part.rels.values()
              if not r.is_external and HEADER_FOOTER.search(r.reltype)}
    sources = [body] + [tpl.get_part_xml(p) for p in others.values()]
    properties = tpl.docx.core_properties
    if (str(part.partname) != "/" + DOCUMENT or "docPr" in body
            or any(DOCXTPL_ONLY.search(re.sub(r"<[^>]+>", "", s)) for s in sources)
            or any("{" in (getattr(properties, p) or "") for p in ("author", "comments", "identifier",
                                                                  "language", "subject", "title"))
            or any("footnotes" in p.content_type and b"{" in p.blob for p in part.package.parts)
            or etree.tostring(DocxTemplate.fix_tables(tpl, body), encoding="unicode") != body):
        return None
    root = deepcopy(tpl.docx.element)
    root.replace(root.body, etree.Element("kiemdiem-body"))
    head, tail = serialize_part_xml(root).decode("utf-8").split("<kiemdiem-body/>")
    prepare = lambda xml: PARAGRAPH_BREAK.sub(r"\n<w:p\1", tpl.patch_xml(xml))  # noqa: E731 - as docxtpl does
    return {"head": head, "tail": tail, "body": prepare(body), "chart": chart_name in tpl.docx.element.xml,
            "parts": {name: prepare(tpl.get_part_xml(p)) for name, p in others.items()}}


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
