#!/usr/bin/env python3
"""Build the report template templates/bao-cao-kiem-diem-bch.docx (docxtpl).

    python scripts/build_template.py [OUT.docx]

The template follows the official form of a Đoàn document (shared/spec/report.md):
A4, Times New Roman, the header table, "DỰ THẢO", title block, sections I–III,
signature block and "Nơi nhận", then an appendix with the data behind the text.
Every Jinja tag stays inside one run, so a person can edit the template in Word.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"
BODY, BULLET, HEADING, CENTER, CELL = "Thân báo cáo", "Gạch đầu dòng", "Đề mục", "Căn giữa", "Ô bảng"
BULLET_NUM_ID = 90


def _fonts(element_rpr):
    rfonts = element_rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        element_rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def setup(doc):
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    _fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    styles = doc.styles
    body = styles.add_style(BODY, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Cm(1.0)
    body.paragraph_format.space_after = Pt(6)
    body.paragraph_format.line_spacing = 1.15
    heading = styles.add_style(HEADING, WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = body
    heading.font.bold = True
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.space_before = Pt(6)
    center = styles.add_style(CENTER, WD_STYLE_TYPE.PARAGRAPH)
    center.base_style = normal
    center.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cell = styles.add_style(CELL, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(12)
    _bullets(doc)
    bullet = styles.add_style(BULLET, WD_STYLE_TYPE.PARAGRAPH)
    bullet.base_style = body
    bullet.element.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{BULLET_NUM_ID}"/></w:numPr>'))


def _bullets(doc):
    """A list whose bullet is "-" at the first-line indent, followed by a space: the Đoàn's usual bullet."""
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{BULLET_NUM_ID}">'
        '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="bullet"/><w:suff w:val="space"/><w:lvlText w:val="-"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr>'
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/></w:rPr></w:lvl></w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{BULLET_NUM_ID}">'
                               f'<w:abstractNumId w:val="{BULLET_NUM_ID}"/></w:num>'))


def para(container, text="", style=BODY, bold=False, italic=False, size=None, underline=False, align=None):
    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    return p


def tag(container, text, style=BODY):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %})."""
    return para(container, text, style)


def narrative(doc, section):
    tag(doc, f"{{%p for d in noi_dung.{section} %}}")
    tag(doc, "{%p if d.bullet %}")
    para(doc, "{{ d.text }}", BULLET)
    tag(doc, "{%p else %}")
    para(doc, "{{ d.text }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def computed_bullet(doc, name):
    tag(doc, f"{{%p if {name} %}}")
    para(doc, f"{{{{ {name} }}}}", BULLET)
    tag(doc, "{%p endif %}")


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>' + "".join(
        f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"))


def _cell_text(cell, text, bold=False, italic=False, size=None, underline=False, align=WD_ALIGN_PARAGRAPH.CENTER,
               first=False):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.style = CENTER
    p.alignment = align
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if size:
        run.font.size = Pt(size)
    return p


def header(doc):
    tag(doc, "{%p if du_thao %}")
    para(doc, "DỰ THẢO", CENTER, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    tag(doc, "{%p endif %}")
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, (7.8, 8.7))
    left, right = table.rows[0].cells
    _cell_text(left, "{{ doan_cap_tren_in_hoa }}", size=13, first=True)
    _cell_text(left, "{{ bch_in_hoa }}", bold=True, size=13)
    _cell_text(left, "***", size=13)
    _cell_text(left, "{{ so_hieu }}", size=13)
    _cell_text(right, "ĐOÀN TNCS HỒ CHÍ MINH", bold=True, underline=True, size=15, first=True)
    _cell_text(right, "", size=13)
    _cell_text(right, "{{ dong_ngay_thang }}", italic=True, size=13)


def title(doc):
    para(doc, "", CENTER)
    para(doc, "BÁO CÁO", CENTER, bold=True, size=15)
    para(doc, "Kiểm điểm hoạt động Ban Chấp hành Đoàn TNCS Hồ Chí Minh", CENTER, bold=True)
    para(doc, "{{ ten_don_vi }} nhiệm kỳ {{ nhiem_ky_la_ma }} ({{ nam_bat_dau }} – {{ nam_ket_thuc }})",
         CENTER, bold=True)
    para(doc, "-----------", CENTER)
    para(doc, "", CENTER)


def body(doc):
    para(doc, "Ban Chấp hành {{ ten_doan }} nhiệm kỳ {{ nhiem_ky_la_ma }} ({{ nam_bat_dau }} – {{ nam_ket_thuc }}) "
              "được Đại hội Đoàn TNCS Hồ Chí Minh {{ ten_don_vi }} lần thứ {{ nhiem_ky_la_ma }} bầu chọn và được Ban "
              "Thường vụ {{ doan_cap_tren }} công nhận. {{ cau_bien_dong }}")
    para(doc, "{{ cau_hien_nay }}{% if cau_hoat_dong %} {{ cau_hoat_dong }}{% endif %}")
    narrative(doc, "mo_dau")
    para(doc, "Với tinh thần thẳng thắn và trách nhiệm cao, Ban Chấp hành {{ ten_doan_sau }} báo cáo kiểm điểm hoạt "
              "động Ban Chấp hành {{ ten_doan_sau }} về công tác lãnh đạo, chỉ đạo hoạt động công tác Đoàn và phong trào "
              "thanh niên {% if nhiem_ky_dang_dien_ra %}từ đầu nhiệm kỳ {{ nam_bat_dau }} - {{ nam_ket_thuc }} đến nay"
              "{% else %}trong nhiệm kỳ {{ nam_bat_dau }} - {{ nam_ket_thuc }}{% endif %}, như sau:")
    para(doc, "I. NHỮNG MẶT THÀNH CÔNG:", HEADING)
    para(doc, "1. Về phẩm chất đạo đức và năng lực công tác:", HEADING)
    narrative(doc, "pham_chat")
    para(doc, "2. Về chế độ sinh hoạt:", HEADING)
    para(doc, "{{ cau_che_do_hop }}")
    narrative(doc, "sinh_hoat")
    para(doc, "3. Về kết quả thực hiện Nghị quyết Đại hội {{ ten_doan_sau }} nhiệm kỳ {{ nam_bat_dau }} - "
              "{{ nam_ket_thuc }}:", HEADING)
    narrative(doc, "ket_qua")
    computed_bullet(doc, "cau_chi_tieu")
    computed_bullet(doc, "cau_xep_loai")
    para(doc, "II. NHỮNG MẶT HẠN CHẾ:", HEADING)
    computed_bullet(doc, "cau_han_che_nhan_su")
    computed_bullet(doc, "cau_han_che_hop")
    computed_bullet(doc, "cau_han_che_chi_tieu")
    narrative(doc, "han_che")
    para(doc, "III. BÀI HỌC KINH NGHIỆM:", HEADING)
    narrative(doc, "bai_hoc")


def signature(doc):
    para(doc, "", CENTER)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_widths(table, (8.0, 8.5))
    left, right = table.rows[0].cells
    _cell_text(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    _cell_text(left, "{%p for x in noi_nhan %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell_text(left, "{{ x }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell_text(left, "{%p endfor %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell_text(right, "{{ thay_mat }}", bold=True, first=True)
    _cell_text(right, "{%p for x in chuc_danh_ky %}", bold=True)
    _cell_text(right, "{{ x }}", bold=True)
    _cell_text(right, "{%p endfor %}", bold=True)
    for _ in range(4):
        _cell_text(right, "")
    _cell_text(right, "{{ nguoi_ky }}", bold=True)


def data_table(doc, headers, loop, cells, widths, total=None):
    """A bordered table: a header row, one row per item of ``loop`` ({%tr %}), an optional total row."""
    table = doc.add_table(rows=3 + (1 if total else 0), cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, widths)
    for cell, text, width in zip(table.rows[0].cells, headers, widths):
        cell.width = Cm(width)
        _fill_cell(cell, text, bold=True)
    table.rows[1].cells[0].merge(table.rows[1].cells[-1])
    _fill_cell(table.rows[1].cells[0], f"{{%tr for r in {loop} %}}")
    for cell, text, width in zip(table.rows[2].cells, cells, widths):
        cell.width = Cm(width)
        _fill_cell(cell, text, align=WD_ALIGN_PARAGRAPH.LEFT if len(text) > 30 else WD_ALIGN_PARAGRAPH.CENTER)
    last = table.add_row()
    for cell, width in zip(last.cells, widths):
        cell.width = Cm(width)
    last.cells[0].merge(last.cells[-1])
    _fill_cell(last.cells[0], "{%tr endfor %}")
    if total:
        row = table.rows[3]
        table._tbl.remove(row._tr)
        table._tbl.append(row._tr)
        for cell, text in zip(row.cells, total):
            _fill_cell(cell, text, bold=True)
    return table


def _fixed_widths(table, widths):
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _fill_cell(cell, text, bold=False, align=WD_ALIGN_PARAGRAPH.CENTER):
    p = cell.paragraphs[0]
    p.style = CELL
    p.alignment = align
    run = p.add_run(text)
    run.bold = bold or None


def appendix(doc):
    p = para(doc, "", CENTER)
    p.add_run().add_break(WD_BREAK.PAGE)
    para(doc, "PHỤ LỤC", CENTER, bold=True)
    para(doc, "Số liệu hoạt động của Ban Chấp hành {{ ten_doan }} nhiệm kỳ {{ nhiem_ky_la_ma }} "
              "({{ nam_bat_dau }} – {{ nam_ket_thuc }})", CENTER, bold=True)
    para(doc, "(Số liệu tính đến ngày {{ ngay_tinh_den|ngay_so }}, từ Sổ theo dõi Ban Chấp hành)", CENTER,
         italic=True, size=12)
    para(doc, "", CENTER)

    para(doc, "1. Biến động nhân sự Ban Chấp hành", HEADING)
    tag(doc, "{%p if bien_dong_nhan_su %}")
    data_table(doc, ["Ngày", "Họ và tên", "Việc", "Chức vụ", "Hình thức / lý do"], "bien_dong_nhan_su",
               ["{{ r.ngay|ngay_so }}", "{{ r.ho_ten }}", "{{ r.su_kien }}", "{{ r.chuc_vu }}", "{{ r.ly_do }}"],
               [2.6, 3.6, 4.2, 3.2, 3.0])
    tag(doc, "{%p else %}")
    para(doc, "Trong nhiệm kỳ, nhân sự Ban Chấp hành không có biến động.")
    tag(doc, "{%p endif %}")

    para(doc, "2. Ban Chấp hành hiện nay: {{ so_uy_vien_hien_nay|dong_chi }}", HEADING)
    data_table(doc, ["Chức vụ", "Số lượng", "Họ và tên"], "co_cau_hien_nay",
               ["{{ r.chuc_vu }}", "{{ r.so_luong|so2 }}", "{{ r.ho_ten|join(', ') }}"], [5.0, 2.5, 9.0])
    tag(doc, "{%p if so_uy_vien_hien_nay %}")
    para(doc, "Nữ: {{ so_nu|dong_chi }}{% if so_nu %} ({{ ty_le_nu|phan_tram }}){% endif %}; đảng viên: "
              "{{ so_dang_vien|dong_chi }}{% if so_dang_vien %} ({{ ty_le_dang_vien|phan_tram }}){% endif %}."
              "{% if khuyet_bi_thu %} Chức danh Bí thư đang khuyết.{% endif %}"
              "{% if khuyet_pho_bi_thu %} Chức danh Phó Bí thư đang khuyết.{% endif %}")
    tag(doc, "{%p endif %}")

    para(doc, "3. Các cuộc họp của Ban Chấp hành theo năm", HEADING)
    tag(doc, "{%p if hop_theo_nam %}")
    data_table(doc, ["Năm", "Họp định kỳ", "Họp bất thường", "Tổng", "Tỷ lệ dự họp"], "hop_theo_nam",
               ["{{ r.nam }}", "{{ r.dinh_ky }}", "{{ r.bat_thuong }}", "{{ r.tong }}",
                "{{ r.ty_le_du_hop|phan_tram }}{% if r.so_hop_ghi_co_mat and r.so_hop_ghi_co_mat < r.tong %} "
                "({{ r.so_hop_ghi_co_mat }}/{{ r.tong }} cuộc họp){% endif %}"], [2.5, 3.2, 3.6, 2.5, 3.5],
               total=["Cả nhiệm kỳ", "{{ so_hop_dinh_ky }}", "{{ so_hop_bat_thuong }}", "{{ so_cuoc_hop }}",
                      "{{ ty_le_du_hop|phan_tram }}{% if so_hop_ghi_co_mat and so_hop_ghi_co_mat < so_cuoc_hop %} "
                      "({{ so_hop_ghi_co_mat }}/{{ so_cuoc_hop }} cuộc họp){% endif %}"])
    para(doc, "{{ bieu_do_hop }}", CENTER)
    tag(doc, "{%p else %}")
    para(doc, "Chưa có cuộc họp nào trong nhiệm kỳ.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if ty_le_ky_co_hop is not none %}")
    para(doc, "Số {{ 'quý' if tan_suat_hop == 'hang_quy' else 'tháng' }} có cuộc họp định kỳ: {{ so_ky_co_hop }}/"
              "{{ so_ky }} ({{ ty_le_ky_co_hop|phan_tram }}).{% if ky_khong_hop %} Không có cuộc họp định kỳ: "
              "{{ ky_khong_hop|join(', ') }}.{% endif %}{% if ky_khong_tinh %} Không tính {{ ky_khong_tinh|join('; ') }}: "
              "chưa trọn {{ 'quý' if tan_suat_hop == 'hang_quy' else 'tháng' }} và không có cuộc họp định kỳ."
              "{% endif %}")
    tag(doc, "{%p else %}")
    para(doc, "Chưa có {{ 'quý' if tan_suat_hop == 'hang_quy' else 'tháng' }} trọn vẹn nào để tính chế độ họp "
              "định kỳ.")
    tag(doc, "{%p endif %}")

    para(doc, "4. Xếp loại tổ chức Đoàn hàng năm", HEADING)
    tag(doc, "{%p if xep_loai_tap_the %}")
    data_table(doc, ["Năm", "Xếp loại", "Khen thưởng"], "xep_loai_tap_the",
               ["{{ r.nam }}", "{{ r.xep_loai }}", "{{ r.khen_thuong }}"], [2.5, 7.0, 7.0])
    tag(doc, "{%p else %}")
    para(doc, "Chưa có kết quả xếp loại trong sổ theo dõi.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if nam_chua_xep_loai and xep_loai_tap_the %}")
    para(doc, "Năm không có kết quả xếp loại: {{ nam_chua_xep_loai|join(', ') }}.")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if du_hop_theo_uy_vien %}")
    para(doc, "5. Dự họp của từng ủy viên (theo điểm danh{% if so_hop_diem_danh < so_cuoc_hop %} của "
              "{{ so_hop_diem_danh }}/{{ so_cuoc_hop }} cuộc họp{% endif %})", HEADING)
    data_table(doc, ["Họ và tên", "Số cuộc họp", "Có mặt", "Vắng có lý do", "Vắng không lý do", "Tỷ lệ có mặt"],
               "du_hop_theo_uy_vien", ["{{ r.ho_ten }}", "{{ r.so_lan }}", "{{ r.co_mat }}", "{{ r.vang_co_ly_do }}",
                                       "{{ r.vang_khong_ly_do }}", "{{ r.ty_le_co_mat|phan_tram }}"],
               [4.5, 2.4, 2.0, 2.4, 2.6, 2.6])
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if chi_tieu %}")
    para(doc, "{{ '6' if du_hop_theo_uy_vien else '5' }}. Chỉ tiêu Nghị quyết Đại hội: đạt {{ so_chi_tieu_dat }}/"
              "{{ chi_tieu|length }}", HEADING)
    data_table(doc, ["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Kết quả", "Đánh giá"], "chi_tieu",
               ["{{ r.stt }}", "{{ r.chi_tieu }}", "{{ r.don_vi_tinh }}",
                "{{ '≤ ' if r.yeu_cau == 'Tối đa' else '' }}{{ r.muc_tieu|so }}",
                "{{ r.ket_qua|so }}", "{{ 'Đạt' if r.dat else ('Chưa có kết quả' if r.dat is none else 'Chưa đạt') }}"],
               [1.2, 7.3, 2.2, 2.0, 2.0, 2.3])
    tag(doc, "{%p if chi_tieu|selectattr('yeu_cau', 'equalto', 'Tối đa')|list %}")
    para(doc, "≤: chỉ tiêu tối đa, đạt khi kết quả không vượt mục tiêu.", size=12)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")


def page_numbers(doc):
    """Page numbers centred at the top, from page 2 (the first page shows none)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.style = CENTER
    p._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:rPr><w:sz w:val="26"/></w:rPr>'
                          '<w:t>2</w:t></w:r></w:fldSimple>'))


def build(out: Path) -> None:
    doc = Document()
    setup(doc)
    page_numbers(doc)
    doc.core_properties.title = "Báo cáo kiểm điểm hoạt động Ban Chấp hành"
    doc.core_properties.author = "kiemdiem"
    header(doc)
    title(doc)
    body(doc)
    signature(doc)
    appendix(doc)
    doc.save(str(out))


def main(argv=None):
    out = Path((argv or sys.argv[1:] or ["templates/bao-cao-kiem-diem-bch.docx"])[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    build(out)
    print(out)


if __name__ == "__main__":
    main()
