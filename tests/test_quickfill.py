"""The quick filler (no python-docx on the click path) makes the document docxtpl makes: the same parts, the same
XML up to canonical form, on the example and on generated units of every shape; where only docxtpl can fill, it
steps aside."""
from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from lxml import etree

from toolkit import compute, load, quickfill
from toolkit.report import CHART, build_context, chart_of, fill
from toolkit.resources import default_template, example_workbook
from toolkit.sandbox import environment

from test_properties import units
from units import D

TEMPLATE = default_template().read_bytes()


def _parts(blob: bytes) -> dict:
    """Every part of a package in a form two writers agree on when they mean the same."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        for name in z.namelist():
            data = z.read(name)
            if name == "[Content_Types].xml":
                root = etree.fromstring(data)
                out[name] = sorted((e.tag.split("}")[1], e.get("Extension", "").lower() or e.get("PartName"),
                                    e.get("ContentType")) for e in root)
            elif name.endswith(".rels"):
                out[name] = sorted((e.get("Id"), e.get("Type"), e.get("Target")) for e in etree.fromstring(data))
            elif name == "docProps/core.xml":  # docxtpl writes empty properties where the template has none
                out[name] = sorted((e.tag, e.text) for e in etree.fromstring(data) if e.text)
            elif name.endswith(".xlsx"):
                out[name] = _parts(data)
            elif name.endswith(".xml"):
                out[name] = etree.tostring(etree.fromstring(data), method="c14n")
            else:
                out[name] = data
    return out


def _both(wb):
    values = compute(wb, today=D(2026, 11, 25))
    context, chart = build_context(wb, values), chart_of(values)
    form = quickfill.prepared(TEMPLATE, CHART)
    quick = quickfill.fill(form, TEMPLATE, context, chart, CHART, environment())
    return quick, fill(context, chart, TEMPLATE, "mau")


def test_the_shipped_template_qualifies_and_the_example_is_filled_alike():
    quick, slow = _both(load(example_workbook()))
    assert quick is not None
    assert _parts(quick) == _parts(slow)
    assert b"charts/chart1.xml" in zipfile.ZipFile(io.BytesIO(quick)).read("word/_rels/document.xml.rels")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.filter_too_much])
@given(units())
def test_generated_units_are_filled_alike(wb):
    quick, slow = _both(wb)
    assert quick is not None
    assert _parts(quick) == _parts(slow)


def test_a_unit_with_every_table_and_form_is_filled_alike():
    """Targets, roll call, narrative with bullets and the meeting mark, a deputy signing, no "DỰ THẢO", a long
    name in the header, recipients: every loop and condition of the template, both ways."""
    from toolkit import standard as std
    from units import m, meeting, monthly, org, unit
    members = [m("Nguyễn Văn An", std.BI_THU), m("Trần Thị Bình", std.PHO_BI_THU, gender="Nữ"), m("Lê C"),
               m("Phạm D", end=D(2019, 5, 1)), m("Võ E", how=std.BY_ELECTED, start=D(2019, 6, 1))]
    meetings = monthly(present=3, convened=4) + [meeting(D(2020, 3, 9), std.IRREGULAR, present=4)]
    targets = [{"no": 1, "target": "Tỷ lệ đoàn viên được đánh giá & xếp loại <tốt>", "unit": "%", "goal": 90,
                "result": 92.5}, {"no": 2, "target": "Vi phạm kỷ luật", "unit": "vụ", "goal": 0, "result": 1,
                                  "direction": std.AT_MOST}]
    narrative = [{"section": "sinh_hoat", "text": "Ban Chấp hành duy trì nền nếp. {che_do_hop} Các đồng chí tham gia."},
                 {"section": "bai_hoc", "text": "- Đoàn kết \"thống nhất\"."}, {"section": "han_che", "text": "+ Một"}]
    roll_call = [{"date": D(2018, 5, 5), "name": n, "status": std.PRESENT} for n in ("Nguyễn Văn An", "Lê C")]
    wb = unit(members, meetings, [org(y) for y in range(2017, 2023)], narrative=narrative, targets=targets,
              roll_call=roll_call, du_thao=std.NO, kieu_ky="kt_bi_thu", nguoi_ky="Trần Thị Bình",
              doan_cap_tren="Đoàn Khối các cơ quan và doanh nghiệp tỉnh Bà Rịa – Vũng Tàu",
              noi_nhan="Ban Thường vụ Đoàn Khối;\nCác đồng chí Ủy viên BCH;\nLưu.")
    quick, slow = _both(wb)
    assert quick is not None
    assert _parts(quick) == _parts(slow)


def test_a_line_break_inside_a_value_is_left_to_docxtpl():
    wb = load(example_workbook())
    values = compute(wb)
    context = {**build_context(wb, values), "nguoi_ky": "Nguyễn Văn A\nNguyễn Thị B"}
    form = quickfill.prepared(TEMPLATE, CHART)
    assert quickfill.fill(form, TEMPLATE, context, chart_of(values), CHART, environment()) is None
    document = fill(context, chart_of(values), TEMPLATE, "mau", quick=True)
    xml = zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml").decode()
    assert re.search(r"Nguyễn Văn A</w:t>\s*<w:br/>\s*<w:t[^>]*>Nguyễn Thị B", xml)


@pytest.mark.parametrize("tag", ["{{r ten_don_vi }}", "{%tc for x in [1] %}"])
def test_a_template_with_docxtpl_only_tags_is_filled_by_docxtpl(tmp_path, tag):
    doc = Document()
    doc.add_paragraph(f"Đơn vị: {tag}")
    doc.save(tmp_path / "mau.docx")
    assert quickfill.prepared((tmp_path / "mau.docx").read_bytes(), CHART) is None


@pytest.mark.parametrize("cells", [("{% for x in noi_nhan %}", "{{ x }}", "{% endfor %}"),
                                   ("A{% if du_thao %}", "B", "{% endif %}C")])
def test_a_block_that_spans_table_cells_is_left_to_docxtpl(tmp_path, cells):
    """docxtpl fixes the grid of a row whose cells a loop or a condition changed; the quick path would not."""
    doc = Document()
    row = doc.add_table(rows=1, cols=3).rows[0]
    for cell, text in zip(row.cells, cells):
        cell.text = text
    doc.save(tmp_path / "mau.docx")
    assert quickfill.prepared((tmp_path / "mau.docx").read_bytes(), CHART) is None


def test_a_block_inside_one_cell_keeps_the_quick_path(tmp_path):
    doc = Document()
    doc.add_table(rows=1, cols=2).rows[0].cells[0].text = "{% if du_thao %}Dự thảo{% endif %}"
    doc.save(tmp_path / "mau.docx")
    assert quickfill.prepared((tmp_path / "mau.docx").read_bytes(), CHART) is not None


@pytest.mark.parametrize("kept", [b"", b'{"head": 1}', b'"x"', b'{"head": "<w:document'])
def test_a_damaged_kept_form_is_made_again(tmp_path, monkeypatch, kept):
    monkeypatch.setenv("KIEMDIEM_CACHE_DIR", str(tmp_path))
    good = quickfill.prepared(TEMPLATE, CHART)
    (entry,) = tmp_path.glob("*.prepared")
    entry.write_bytes(kept)
    assert quickfill.prepared(TEMPLATE, CHART) == good
    assert json.loads(entry.read_text(encoding="utf-8")) == good


def test_a_report_imports_neither_python_docx_nor_lxml(tmp_path):
    """The quick path is the one a report takes: the click never waits for python-docx."""
    import subprocess
    import sys
    assert quickfill.prepared(TEMPLATE, CHART)  # as after any earlier report: the template's form is kept
    code = (f"import sys; from toolkit import api, resources; "
            f"api.make_report(resources.example_workbook(), out={str(tmp_path / 'bc.docx')!r}); "
            "print('docx' in sys.modules, 'lxml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split() == ["False", "False"], out.stderr
    assert _parts((tmp_path / "bc.docx").read_bytes())["word/document.xml"]
