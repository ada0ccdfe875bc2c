"""What in a template's package could act or reach outside the report: it is refused, naming the part.

* relationships to outside the file (``TargetMode="External"``): an image or a template fetched from the
  network or the disk, a ``file://`` link — only web and mail hyperlinks (http, https, mailto) are kept;
* macros (a VBA project, a macro-enabled .docm/.dotm), embedded OLE objects and ActiveX controls;
* fields that fetch content when the document is opened or updated (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE,
  DDEAUTO, IMPORT) and imported chunks (``altChunk``).
"""
from __future__ import annotations

import re
import zipfile

from lxml import etree

EXTERNAL_OK = re.compile(r"^(https?|mailto):", re.I)
HYPERLINK = "/hyperlink"
MACRO_TYPES = ("macroEnabled", "vbaProject", "vbaData")
ACTIVE_PARTS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/|embeddings/oleObject)", re.I)
FETCHING_FIELDS = re.compile(r"\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT)\b")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def check_package(zf: zipfile.ZipFile, report) -> None:
    names = zf.namelist()
    content_types = zf.read("[Content_Types].xml").decode("utf-8", "replace") if "[Content_Types].xml" in names \
        else ""
    if any(t in content_types for t in MACRO_TYPES):
        report.error("template-macro", "Mẫu báo cáo là tệp có macro (.docm/.dotm).", cell="cả tệp",
                     fix="Hãy mở bằng Word và lưu lại dạng Tài liệu Word (.docx), không có macro.")
    for name in names:
        if ACTIVE_PARTS.search(name):
            report.error("template-active-content", f"Mẫu báo cáo chứa macro hoặc đối tượng nhúng chạy được "
                         f"(phần “{name}”).", cell=name)
    for name in (n for n in names if n.endswith(".rels")):
        root = etree.fromstring(zf.read(name), _parser())
        for rel in root.iter(f"{{{REL}}}Relationship"):
            target, kind = rel.get("Target", ""), rel.get("Type", "")
            if rel.get("TargetMode") == "External" and not (kind.endswith(HYPERLINK) and EXTERNAL_OK.match(target)):
                report.error("template-external", f"Mẫu báo cáo tham chiếu ra ngoài tệp: “{target[:80]}” "
                             f"({kind.rsplit('/', 1)[-1]}, trong “{name}”).", cell=name)
    for name in (n for n in names if re.fullmatch(r"word/[^/]+\.xml", n)):
        xml = zf.read(name)
        if b"altChunk" in xml:
            report.error("template-external", f"Mẫu báo cáo nhập nội dung từ tệp khác (altChunk, trong “{name}”).",
                         cell=name)
        if b"instr" not in xml:
            continue
        root = etree.fromstring(xml, _parser())
        instructions = [e.get(f"{{{W}}}instr", "") for e in root.iter(f"{{{W}}}fldSimple")]
        instructions += [e.text or "" for e in root.iter(f"{{{W}}}instrText")]
        for instr in instructions:
            m = FETCHING_FIELDS.search(instr.upper())
            if m:
                report.error("template-field", f"Mẫu báo cáo có trường {m.group(1)} lấy nội dung từ bên ngoài "
                             f"(trong “{name}”).", cell=name)
