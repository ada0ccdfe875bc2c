"""The report: what it says for the example and for other data, its form, and how it is written."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings as hsettings

from toolkit import standard as std
from toolkit.indicators import compute
from toolkit.office import find_soffice
from toolkit.reader import from_rows
from toolkit.report import build_context, render
from toolkit.resources import default_template

from conftest import EXAMPLE, ROOT, TODAY, kiemdiem, same_parts
from test_indicators import SETTINGS, m, monthly, rosters

D = dt.date
COMPARE = ROOT.parent / "shared" / "tools" / "compare-with-reference"
SENTENCES = ("cau_bien_dong", "cau_hien_nay", "cau_hoat_dong", "cau_che_do_hop", "cau_xep_loai", "cau_chi_tieu",
             "cau_han_che_nhan_su")
UNIT = {"don_vi": "Sở Tư pháp", "doan_cap_tren": "Đoàn Khối", "nhiem_ky_so": 3, "dia_danh": "Cần Thơ"}


def context(wb):
    return build_context(wb, compute(wb, today=TODAY))


def said(wb) -> str:
    """The text of the report rendered for ``wb`` with the shipped template."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bc.docx"
        render(wb, compute(wb, today=TODAY), default_template(), out)
        return text_of(out)


def text_of(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts).replace("\u00a0", " ")  # no-break spaces keep names and dates on one line


def unit(members=(), meetings=(), ratings=(), narrative=(), **settings):
    return from_rows({**SETTINGS, **UNIT, **settings}, members=list(members), meetings=list(meetings),
                     ratings=list(ratings), narrative=list(narrative))


def org_rating(year, rating):
    return {"year": year, "subject": "Tập thể", "rating": rating}


# --- the example, against the hand-written reference ------------------------------------------

@pytest.fixture(scope="module")
def example_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("bao-cao") / "vi-du.docx"
    run = kiemdiem("report", EXAMPLE, "-o", out)
    assert run.returncode == 0, run.stderr + run.stdout
    return out


@pytest.mark.skipif(not COMPARE.exists(), reason="shared/ is not beside the checkout")
def test_example_report_matches_every_reference_line(example_report):
    import sys
    run = subprocess.run([sys.executable, str(COMPARE), str(example_report)], capture_output=True, text=True,
                         encoding="utf-8")  # the tool's own threshold (0.95)
    assert run.returncode == 0, run.stdout
    assert "36/36" in run.stdout


def test_example_report_states_the_reference_figures(example_report):
    text = text_of(example_report)
    for sentence in (
        "đối với chức danh Bí thư (02 đồng chí thôi giữ nhiệm vụ, 02 đồng chí bầu bổ sung), đối với Ủy viên Ban "
        "Chấp hành (02 đồng chí rút tên, bổ sung 03 đồng chí).",
        "Hiện nay Ban Chấp hành Đoàn Sở Thông tin và Truyền thông có 05 đồng chí.",
        "giữ các chức danh Bí thư, Phó Bí thư Đoàn Sở Thông tin và Truyền thông và đều đảm bảo tiêu chuẩn",
        "từ tháng 04 năm 2017 đến nay",
        "Ban Chấp hành họp định kỳ hàng tháng.",
        "Trong nhiệm kỳ 2017 - 2022, Đoàn Sở Thông tin và Truyền thông hàng năm đều đạt danh hiệu hoàn thành "
        "xuất sắc nhiệm vụ.",
        "chức danh Bí thư được kiện toàn, bầu bổ sung 2 lần; đối với Ủy viên Ban Chấp hành có 02 đồng chí rút tên, "
        "bổ sung 03 đồng chí cũng có ảnh hưởng",
        "Nhân sự Ban Chấp hành Đoàn Sở trong nhiệm kỳ có nhiều thay đổi",
        "ĐOÀN TNCS HỒ CHÍ MINH", "BCH ĐOÀN SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "DỰ THẢO",
        "Thành phố Hồ Chí Minh, ngày ... tháng ... năm 2022", "TM. BAN CHẤP HÀNH", "Vũ Thị F", "PHỤ LỤC",
    ):
        assert sentence in text, sentence
    assert "00 đồng chí" not in text
    assert "{{" not in text and "{%" not in text


def test_narrative_bullets_are_list_paragraphs(example_report):
    doc = Document(str(example_report))
    bullets = [p for p in doc.paragraphs if p.style.name == "Gạch đầu dòng"]
    assert any(p.text.startswith("Tăng cường công tác kiểm tra") for p in bullets)
    assert not any(p.text.startswith("- ") for p in bullets)
    numbering = doc.part.numbering_part.element.xml
    assert 'w:val="-"' in numbering


def test_appendix_has_the_data_and_an_editable_chart(example_report):
    text = text_of(example_report)
    assert "Biến động nhân sự" in text and "Hoàng Văn E" in text and "90,57%" in text
    with zipfile.ZipFile(example_report) as z:
        names = z.namelist()
        chart = z.read("word/charts/chart1.xml").decode("utf-8")
        rels = z.read("word/charts/_rels/chart1.xml.rels").decode("utf-8")
    assert "<c:v>2017</c:v>" in chart and "<c:v>2022</c:v>" in chart and "Họp định kỳ" in chart
    assert "externalData" in chart and "embeddings/" in rels
    assert any(n.startswith("word/embeddings/") and n.endswith(".xlsx") for n in names)


def test_page_is_a4_times_new_roman_with_official_margins():
    doc = Document(str(default_template()))
    sec = doc.sections[0]
    assert (round(sec.page_width.cm, 1), round(sec.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(sec.left_margin.cm), round(sec.top_margin.cm)) == (3, 2)
    assert doc.styles["Normal"].font.name == "Times New Roman"


# --- other data: what must and must not be said ----------------------------------------------

def test_no_changes_reads_naturally():
    wb = unit([m("A", std.BI_THU)] + [m(n) for n in ("B", "C", "D", "E")])
    text = said(wb)
    assert "nhân sự Ban Chấp hành Đoàn Sở Tư pháp không có biến động." in text
    assert "có 05 đồng chí." in text and "khuyết" not in text
    assert "00 đồng chí" not in text and "bổ sung" not in text
    assert context(wb)["cau_han_che_nhan_su"] == ""


def test_one_secretary_left_and_none_elected_yet():
    wb = unit([m("A", std.BI_THU, end=D(2020, 3, 1)), m("B"), m("C")])
    ctx = context(wb)
    assert "đối với chức danh Bí thư (01 đồng chí thôi giữ nhiệm vụ, chưa bầu bổ sung)" in ctx["cau_bien_dong"]
    assert "đối với Ủy viên Ban Chấp hành (01 đồng chí rút tên, chưa bổ sung)" in ctx["cau_bien_dong"]
    assert "chưa được kiện toàn" in ctx["cau_han_che_nhan_su"]
    assert "nhiều" not in ctx["cau_han_che_nhan_su"]


def test_appointed_secretary_is_not_called_elected():
    wb = unit([m("A", std.BI_THU, end=D(2020, 3, 1)), m("Y", std.BI_THU, std.APPOINTED, D(2020, 4, 1)), m("B")])
    ctx = context(wb)
    assert "01 đồng chí được chỉ định" in ctx["cau_bien_dong"]
    assert "bầu bổ sung" not in ctx["cau_bien_dong"].split("Bí thư (")[1].split(")")[0]
    assert "Đồng chí được bổ sung vào Ban Chấp hành giữ chức danh Bí thư" in ctx["cau_hien_nay"]


def test_differing_ratings_are_listed_not_claimed_equal():
    ratings = [org_rating(2017, "Vững mạnh"), org_rating(2018, "Vững mạnh"),
               org_rating(2019, "Hoàn thành tốt nhiệm vụ"), org_rating(2020, std.HTXSNV), org_rating(2021, std.HTXSNV)]
    text = said(unit([m("A")], ratings=ratings))
    assert "hàng năm đều" not in text
    assert ("Đoàn Sở Tư pháp được xếp loại: các năm 2017 – 2018 vững mạnh; năm 2019 hoàn thành tốt nhiệm vụ; "
            "các năm 2020 – 2021 hoàn thành xuất sắc nhiệm vụ; năm 2022 chưa có kết quả xếp loại.") in text
    assert text.count(":", text.index("được xếp loại:"), text.index("năm 2022 chưa có")) == 1


def test_a_missing_year_stops_the_every_year_claim():
    ratings = [org_rating(2017, std.HTXSNV), org_rating(2019, std.HTXSNV), org_rating(2020, std.HTXSNV)]
    text = said(unit([m("A")], ratings=ratings))
    assert "hàng năm đều" not in text
    assert ("được xếp loại: năm 2017 hoàn thành xuất sắc nhiệm vụ; năm 2018 chưa có số liệu xếp loại; các năm "
            "2019 – 2020 hoàn thành xuất sắc nhiệm vụ; năm 2021 chưa có số liệu xếp loại; năm 2022 chưa có kết quả "
            "xếp loại.") in text
    assert "Năm chưa có số liệu xếp loại: 2018, 2021." in text


def test_a_single_rated_year_is_not_called_every_year():
    wb = unit([m("A")], ratings=[org_rating(2017, std.HTXSNV)], ngay_bao_cao=D(2017, 12, 20))
    text = said(wb)
    assert "hàng năm đều" not in text
    assert "Từ đầu nhiệm kỳ đến nay, Đoàn Sở Tư pháp được xếp loại: năm 2017 hoàn thành xuất sắc nhiệm vụ." in text


def test_every_year_the_same_lower_rating():
    ratings = [org_rating(y, "Hoàn thành tốt nhiệm vụ") for y in range(2017, 2022)]
    text = said(unit([m("A")], ratings=ratings))
    assert "hàng năm đều được xếp loại hoàn thành tốt nhiệm vụ." in text
    assert "xuất sắc" not in text


def test_quarterly_regime_kept():
    meetings = [x for x in monthly(start=D(2017, 4, 20)) if x["date"].month in (1, 4, 7, 10)]
    text = said(unit([m("A")], meetings, tan_suat_hop="hang_quy"))
    assert "Ban Chấp hành họp định kỳ hàng quý." in text
    assert "hàng tháng" not in text


def test_regime_not_kept_states_the_measured_share():
    meetings = [x for x in monthly(start=D(2017, 4, 20)) if x["date"].month % 2 == 0]
    text = said(unit([m("A")], meetings))
    assert "họp định kỳ hàng tháng." not in text
    assert "chưa duy trì đều chế độ họp định kỳ hàng tháng: có cuộc họp định kỳ trong 35/69 tháng (50,72%)" in text


def test_regime_kept_but_not_every_month_says_how_often():
    meetings = monthly(start=D(2017, 4, 20), skip={(2020, 4), (2021, 8)})
    text = said(unit([m("A")], meetings))
    assert "Ban Chấp hành họp định kỳ hàng tháng (67/69 tháng có cuộc họp định kỳ, đạt 97,1%)." in text


def test_no_meetings_recorded():
    text = said(unit([m("A")]))
    assert "chưa tổ chức cuộc họp nào" in text
    assert "Ban Chấp hành họp định kỳ hàng" not in text
    assert "chưa thực hiện chế độ họp định kỳ hàng tháng: trong 68 tháng chưa có cuộc họp định kỳ nào." in text


@pytest.mark.parametrize("style, congress, report_day, expected", [
    ("nd30", D(2017, 4, 14), D(2022, 9, 5), ("từ tháng 4 năm 2017", "ngày 05 tháng 9 năm 2022")),
    ("nd30", D(2017, 2, 3), D(2022, 1, 15), ("từ tháng 02 năm 2017", "ngày 15 tháng 01 năm 2022")),
    ("day_du", D(2017, 4, 14), D(2022, 9, 5), ("từ tháng 04 năm 2017", "ngày 05 tháng 09 năm 2022")),
])
def test_date_styles(style, congress, report_day, expected):
    wb = unit([m("A", start=congress)], [{"date": congress, "kind": std.REGULAR, "present": 1}],
              narrative=[{"section": "hoat_dong", "text": "đảm bảo đúng Điều lệ."}],
              kieu_ngay=style, ngay_dai_hoi=congress, ngay_bao_cao=report_day)
    ctx = context(wb)
    assert expected[0] in ctx["cau_hoat_dong"] and expected[0] in ctx["cau_che_do_hop"].lower()
    assert ctx["dong_ngay_thang"] == f"Cần Thơ, {expected[1]}".replace(" ", "\u00a0").replace(",\u00a0", ", ")


def test_activity_sentence_needs_its_narrative_ending():
    assert context(unit([m("A")]))["cau_hoat_dong"] == ""


@hsettings(max_examples=50, deadline=None)
@given(rosters())
def test_no_sentence_prints_zero_comrades_or_contradicts_the_counts(members):
    wb = unit(members)
    ctx = context(wb)
    text = " ".join(ctx[k] for k in SENTENCES)
    assert "00 đồng chí" not in text
    v = compute(wb, today=TODAY)
    if v["so_uy_vien_hien_nay"]:
        assert f"có {v['so_uy_vien_hien_nay']:02d} đồng chí" in ctx["cau_hien_nay"]
    if v["uy_vien_rut_ten"]:
        assert f"{v['uy_vien_rut_ten']:02d} đồng chí" in ctx["cau_bien_dong"].split("rút tên")[0]
    elif not v["uy_vien_tro_lai"]:
        assert "rút tên" not in ctx["cau_bien_dong"]


# --- writing the file ------------------------------------------------------------------------

def test_report_refuses_a_workbook_with_errors(example, tmp_path):
    example.set("Ban Chấp hành", 4, "Chức vụ", "Thư ký")
    out = tmp_path / "bc.docx"
    run = kiemdiem("report", example.save(), "-o", out)
    assert run.returncode == 1
    assert "Ban Chấp hành!F4" in run.stdout and "sổ còn lỗi" in run.stdout
    assert not out.exists()


def test_report_needs_the_unit_settings(example, tmp_path):
    example.setting("doan_cap_tren", None)
    run = kiemdiem("report", example.save(), "-o", tmp_path / "bc.docx")
    assert run.returncode == 1 and "doan_cap_tren" in run.stdout


def test_report_never_overwrites_silently(tmp_path):
    out = tmp_path / "bc.docx"
    out.write_bytes(b"old")
    run = kiemdiem("report", EXAMPLE, "-o", out)
    assert run.returncode == 3 and out.read_bytes() == b"old"
    assert "--force" in run.stderr
    assert kiemdiem("report", EXAMPLE, "-o", out, "--force").returncode == 0
    assert "Đoàn Sở Thông tin" in text_of(out)


def test_report_without_arguments_writes_the_example_here_with_a_free_name(tmp_path):
    first = kiemdiem("report", cwd=tmp_path)
    second = kiemdiem("report", cwd=tmp_path)
    assert first.returncode == 0 and second.returncode == 0, first.stderr
    assert Path(first.stdout.strip()).name == "bao-cao-kiem-diem-bch-2017-2022.docx"
    assert Path(second.stdout.strip()).name == "bao-cao-kiem-diem-bch-2017-2022-2.docx"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao-kiem-diem-bch-2017-2022-2.docx",
                                                         "bao-cao-kiem-diem-bch-2017-2022.docx"]


def test_workbook_text_cannot_break_the_document(tmp_path):
    wb = unit([m("A & <B>")], narrative=[{"section": "bai_hoc", "text": "- R&D <b>đậm</b> \"trích\" 'dẫn'"}])
    out = tmp_path / "bc.docx"
    render(wb, compute(wb, today=TODAY), default_template(), out)
    text = text_of(out)
    assert "R&D <b>đậm</b>" in text and "A & <B>" in text


def test_a_line_break_inside_a_narrative_cell_starts_a_paragraph(tmp_path):
    """Alt+Enter in a cell: "Bài học:" then two bullets, not one paragraph "Bài học: - Một - Hai"."""
    import openpyxl
    book = openpyxl.load_workbook(EXAMPLE)
    ws = book["Nội dung"]
    ws.append(["bai_hoc", "Bài học rút ra:\n- Đoàn kết là sức mạnh.\r\n- Kiểm tra thường xuyên."])
    book.save(tmp_path / "so.xlsx")
    run = kiemdiem("report", tmp_path / "so.xlsx", "-o", tmp_path / "bc.docx")
    assert run.returncode == 0, run.stderr
    paragraphs = [p for p in Document(str(tmp_path / "bc.docx")).paragraphs if p.text.strip()]
    texts = [p.text for p in paragraphs]
    i = texts.index("Bài học rút ra:")
    assert texts[i + 1:i + 3] == ["Đoàn kết là sức mạnh.", "Kiểm tra thường xuyên."]
    assert paragraphs[i + 1].style.name == paragraphs[i - 1].style.name  # printed as the bullets before it


def _template(tmp_path, *paragraphs, table_cells=()):
    doc = Document()
    for runs in paragraphs:
        p = doc.add_paragraph()
        for r in runs:
            p.add_run(r)
    if table_cells:
        table = doc.add_table(rows=1, cols=len(table_cells))
        for cell, text in zip(table.rows[0].cells, table_cells):
            cell.paragraphs[0].add_run(text)
    path = tmp_path / "mau.docx"
    doc.save(str(path))
    return path


def test_untrusted_template_cannot_reach_python(tmp_path):
    path = _template(tmp_path, ["{{ ''.__class__.__mro__[1].__subclasses__() }}"])
    out = tmp_path / "bc.docx"
    run = kiemdiem("report", EXAMPLE, "--template", path, "-o", out)
    assert run.returncode == 1
    assert "không được phép" in run.stderr
    assert not out.exists() and not list(tmp_path.glob(".kiemdiem-*"))


def test_user_template_renders_indicators_and_filters(tmp_path):
    path = _template(tmp_path, ["Có {{ so_uy_vien_hien_nay|so2 }} đồng chí, nữ {{ ty_le_nu|phan_tram }}; "
                                "nhiệm kỳ {{ nhiem_ky_so|la_ma }}."])
    out = tmp_path / "bc.docx"
    run = kiemdiem("report", EXAMPLE, "--template", path, "-o", out)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Có 05 đồng chí, nữ 60%; nhiệm kỳ V." in text_of(out)


def test_check_template_finds_split_tags_unknown_names_and_loops_across_cells(tmp_path):
    path = _template(tmp_path, ["Có ", "{{ so_uy_vien", "_hien_nay }}", " đồng chí"],
                     ["{{ so_uy_vien_hien_nai }}"], ["{% for x in chi_tieu %}{{ x.chi_tieu }}"],
                     table_cells=["{%p if chi_tieu %}", "{%p endif %}"])
    run = kiemdiem("check-template", path)
    assert run.returncode == 1
    out = run.stdout
    assert re.search(r"thân văn bản, đoạn 1 .*so_uy_vien", out) and "tách" in out
    assert "mở/đóng ở đoạn khác" in out
    assert "bảng 1, dòng 1, ô 1" in out
    clean = _template(tmp_path, ["{{ so_uy_vien_hien_nai }}"])
    run = kiemdiem("check-template", clean, "--json")
    assert run.returncode == 1 and "so_uy_vien_hien_nai" in run.stdout


def test_shipped_template_passes_its_own_check():
    run = kiemdiem("check-template", default_template())
    assert run.returncode == 0, run.stdout


def test_shipped_template_is_reproducible(tmp_path):
    import importlib.util
    spec = importlib.util.spec_from_file_location("build_template", ROOT / "scripts" / "build_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "mau.docx"
    module.build(out)
    assert same_parts(out, default_template()) == []


# --- PDF through LibreOffice -----------------------------------------------------------------

@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed here")
def test_pdf_through_libreoffice(tmp_path):
    out = tmp_path / "bao-cao.docx"
    run = kiemdiem("report", EXAMPLE, "-o", out, "--pdf")
    assert run.returncode == 0, run.stderr
    pdf = out.with_suffix(".pdf")
    assert pdf.exists()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", " ", text)
    assert "BÁO CÁO" in flat and "có 05 đồng chí" in flat and "PHỤ LỤC" in flat
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 4 <= pages <= 9
    assert "A4" in info or "595" in info


def test_pdf_without_libreoffice_says_so_and_keeps_the_docx(tmp_path, monkeypatch):
    out = tmp_path / "bao-cao.docx"
    env_path = {"KIEMDIEM_SOFFICE": str(tmp_path / "khong-co-soffice"), "PATH": "/nonexistent"}
    import os
    run = subprocess.run([str(Path(__import__("sys").executable).with_name("kiemdiem")), "report", str(EXAMPLE),
                          "-o", str(out), "--pdf"], capture_output=True, text=True, encoding="utf-8",
                         env={**os.environ, **env_path})
    assert run.returncode == 3
    assert "LibreOffice" in run.stderr and "docx đã được ghi" in run.stderr
    assert out.exists() and not out.with_suffix(".pdf").exists()


def test_rendered_report_never_says_zero_comrades(tmp_path):
    wb = unit([m("A", std.BI_THU, end=D(2019, 1, 1)), m("B", end=D(2019, 2, 1))])
    out = tmp_path / "bc.docx"
    render(wb, compute(wb, today=TODAY), default_template(), out)
    text = text_of(out)
    assert "00 đồng chí" not in text and "{{" not in text
    assert "không còn đồng chí nào giữ chức vụ" in text
    assert "Ban Chấp hành hiện nay: không có đồng chí nào" in text


def test_targets_met_in_either_direction():
    targets = [{"target": "Kết nạp đoàn viên", "goal": 50, "result": 60},
               {"target": "Tỷ lệ đoàn viên vi phạm kỷ luật", "goal": 1, "result": 0.5, "direction": "Tối đa"},
               {"target": "Công trình thanh niên", "goal": 5, "result": 3},
               {"target": "Số buổi sinh hoạt chuyên đề", "goal": 10}]
    wb = from_rows({**SETTINGS, **UNIT}, members=[m("A")], targets=targets)
    v = compute(wb, today=TODAY)
    assert [t["dat"] for t in v["chi_tieu"]] == [True, True, False, None]
    assert context(wb)["cau_chi_tieu"] == ("Đến nay, 2/4 chỉ tiêu của Nghị quyết Đại hội đã đạt; 1 chỉ tiêu chưa "
                                           "đạt, 1 chỉ tiêu chưa có kết quả (chi tiết tại Phụ lục).")


@pytest.mark.parametrize("call, expected", [
    (lambda f: f.so2(2), "02"), (lambda f: f.so2(15), "15"),
    (lambda f: f.dong_chi(3), "03 đồng chí"), (lambda f: f.dong_chi(0), "không có đồng chí nào"),
    (lambda f: f.phan_tram(66.666), "66,67%"), (lambda f: f.phan_tram(40.0), "40%"),
    (lambda f: f.so(1234.5), "1.234,5"), (lambda f: f.la_ma(5), "V"), (lambda f: f.la_ma(14), "XIV"),
    (lambda f: f.ngay_thang_nam(None, "nd30", 2022), "ngày ... tháng ... năm 2022"),
    (lambda f: f.ngay_thang_nam(D(2020, 2, 5), "nd30"), "ngày 05 tháng 02 năm 2020"),
    (lambda f: f.ngay_thang_nam(D(2020, 11, 5), "nd30"), "ngày 05 tháng 11 năm 2020"),
    (lambda f: f.thang_nam(D(2017, 4, 14), "day_du"), "tháng 04 năm 2017"),
    (lambda f: f.thang_nam(D(2017, 4, 14), "nd30"), "tháng 4 năm 2017"),
])
def test_formatting_filters(call, expected):
    from toolkit import formatting
    assert call(formatting) == expected


@pytest.mark.parametrize("damage", ["truncated", "not-docx", "bad-xml"])
def test_damaged_template_is_refused_in_one_line(tmp_path, damage):
    path = tmp_path / "mau.docx"
    data = default_template().read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "not-docx":
        path.write_text("không phải docx", encoding="utf-8")
    else:
        with zipfile.ZipFile(default_template()) as src, zipfile.ZipFile(path, "w") as dst:
            for item in src.infolist():
                dst.writestr(item, b"<w:document><oops" if item.filename == "word/document.xml"
                             else src.read(item.filename))
    for args in (("check-template", path), ("report", EXAMPLE, "--template", path, "-o", tmp_path / "bc.docx")):
        run = kiemdiem(*args)
        assert run.returncode == 2, (args, run.stdout, run.stderr)
        assert run.stderr.startswith("Không đọc được tệp") and "Traceback" not in run.stderr
    assert not (tmp_path / "bc.docx").exists()


def test_a_report_from_the_template_cache_is_the_same_document(tmp_path, monkeypatch):
    """Compiled templates and docxtpl's clean-up are cached on disk: the cache changes speed, never the report."""
    import zipfile
    from toolkit import make_report
    monkeypatch.setenv("KIEMDIEM_CACHE_DIR", str(tmp_path / "cache"))
    fresh = make_report(EXAMPLE, out=tmp_path / "a.docx").docx
    assert any((tmp_path / "cache").iterdir())
    cached = make_report(EXAMPLE, out=tmp_path / "b.docx").docx
    with zipfile.ZipFile(fresh) as a, zipfile.ZipFile(cached) as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")
