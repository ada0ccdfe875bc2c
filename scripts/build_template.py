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
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"
BODY, BULLET, HEADING, CENTER, CELL = "Thân báo cáo", "Gạch đầu dòng", "Đề mục", "Căn giữa", "Ô bảng"
BULLET_NUM_ID = 90
TEXT_WIDTH = 21.0 - 3.0 - 1.5  # cm: A4 less the left and right margins; every table is exactly this wide
TWIPS_PER_CM = 1440 / 2.54
LEFT, CENTRE, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
NB = "\u00a0"  # no-break space: a year range never breaks at its dash ("2017 – 2022")
RANGE = f"{{{{ nam_bat_dau }}}}{NB}–{NB}{{{{ nam_ket_thuc }}}}"
RANGE_HYPHEN = f"{{{{ nam_bat_dau }}}}{NB}-{NB}{{{{ nam_ket_thuc }}}}"
# The children of <w:tblPr> in the order the schema (CT_TblPr) requires.
TBL_PR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
                "tblCaption", "tblDescription", "tblPrChange")


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
    normal.paragraph_format.widow_control = True  # never one line of a paragraph alone at a page's top or foot
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
    cell.paragraph_format.line_spacing = 1.0
    cell.paragraph_format.space_before = Pt(2)
    cell.paragraph_format.space_after = Pt(2)
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


def para(container, text="", style=BODY, bold=False, italic=False, size=None, underline=False, align=None,
         keep=False):
    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    if keep:
        p.paragraph_format.keep_with_next = True
    return p


def tag(container, text, style=BODY):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %})."""
    return para(container, text, style)


def narrative(doc, section, keep_last=False):
    """The paragraphs of a narrative section; with ``keep_last`` its last paragraph is kept on the page of
    what follows (the signature block), so the signature never stands alone on a page."""
    tag(doc, f"{{%p for d in noi_dung.{section} %}}")
    if keep_last:
        tag(doc, "{%p if d.bullet and loop.last %}")
        para(doc, "{{ d.text }}", BULLET, keep=True)
        tag(doc, "{%p elif d.bullet %}")
        para(doc, "{{ d.text }}", BULLET)
        tag(doc, "{%p elif loop.last %}")
        para(doc, "{{ d.text }}", keep=True)
    else:
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


def _twips(widths) -> list:
    """Column widths (cm) in twips, rounded so that they add up to the rounded total exactly."""
    out, edge = [], 0.0
    for w in widths:
        out.append(round((edge + w) * TWIPS_PER_CM) - round(edge * TWIPS_PER_CM))
        edge += w
    return out


def _layout(table, widths, align=WD_TABLE_ALIGNMENT.CENTER, borders=True):
    """A fixed-layout table exactly ``widths`` wide (cm), whose properties follow the schema's order."""
    assert abs(sum(widths) - TEXT_WIDTH) < 1e-9, (widths, sum(widths))
    twips = _twips(widths)
    table.autofit = False
    table.alignment = align
    tbl = table._tbl
    for col, tw in zip(tbl.tblGrid.findall(qn("w:gridCol")), twips):
        col.set(qn("w:w"), str(tw))
    for row in table.rows:
        for cell, tw in zip(row.cells, twips):
            cell.width = Cm(tw / TWIPS_PER_CM)
    tbl_pr = tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(parse_xml(f'<w:tblW {nsdecls("w")} w:w="{sum(twips)}" w:type="dxa"/>'))
    if not borders:
        tbl_pr.append(parse_xml(f'<w:tblBorders {nsdecls("w")}>' + "".join(
            f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + "</w:tblBorders>"))
    _schema_order(tbl_pr)


def _schema_order(tbl_pr):
    children = list(tbl_pr)
    for child in children:
        tbl_pr.remove(child)
    for child in sorted(children, key=lambda c: TBL_PR_ORDER.index(c.tag.split("}")[1])):
        tbl_pr.append(child)


def _row_flags(row, cant_split=True, header=False):
    tr_pr = row._tr.get_or_add_trPr()
    if cant_split:
        tr_pr.append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    if header:
        tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))


def _cell_text(cell, text, bold=False, italic=False, size=None, underline=False, align=CENTRE, first=False,
               keep=False):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.style = CENTER
    p.alignment = align
    if keep:
        p.paragraph_format.keep_with_next = True
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    if size:
        run.font.size = Pt(size)
    return p


def header(doc):
    """Left: the Đoàn above and "BCH ĐOÀN …" (13 pt), "***", the number; right: "ĐOÀN TNCS HỒ CHÍ MINH" (15 pt)
    and the place-date line.  The left column is the wider one: the names are long, and ``report.py`` binds
    their proper names and the date with no-break spaces so a line breaks only between parts of a name."""
    tag(doc, "{%p if du_thao %}")
    para(doc, "DỰ THẢO", CENTER, bold=True, align=RIGHT)
    tag(doc, "{%p endif %}")
    table = doc.add_table(rows=1, cols=2)
    _layout(table, (9.0, 7.5), borders=False)
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
    para(doc, f"{{{{ ten_don_vi }}}} nhiệm kỳ {{{{ nhiem_ky_la_ma }}}} ({RANGE})", CENTER, bold=True)
    para(doc, "-----------", CENTER)
    para(doc, "", CENTER)


def body(doc):
    para(doc, f"Ban Chấp hành {{{{ ten_doan }}}} nhiệm kỳ {{{{ nhiem_ky_la_ma }}}} ({RANGE}) "
              "được Đại hội Đoàn TNCS Hồ Chí Minh {{ ten_don_vi }} lần thứ {{ nhiem_ky_la_ma }} bầu chọn và được Ban "
              "Thường vụ {{ doan_cap_tren }} công nhận. {{ cau_bien_dong }}")
    para(doc, "{{ cau_hien_nay }}{% if cau_hoat_dong %} {{ cau_hoat_dong }}{% endif %}")
    narrative(doc, "mo_dau")
    para(doc, "Với tinh thần thẳng thắn và trách nhiệm cao, Ban Chấp hành {{ ten_doan_sau }} báo cáo kiểm điểm hoạt "
              "động Ban Chấp hành {{ ten_doan_sau }} về công tác lãnh đạo, chỉ đạo hoạt động công tác Đoàn và phong trào "
              f"thanh niên {{% if nhiem_ky_dang_dien_ra %}}từ đầu nhiệm kỳ {RANGE_HYPHEN} đến nay"
              f"{{% else %}}trong nhiệm kỳ {RANGE_HYPHEN}{{% endif %}}, như sau:")
    para(doc, "I. NHỮNG MẶT THÀNH CÔNG:", HEADING)
    para(doc, "1. Về phẩm chất đạo đức và năng lực công tác:", HEADING)
    narrative(doc, "pham_chat")
    para(doc, "2. Về chế độ sinh hoạt:", HEADING)
    para(doc, "{{ cau_che_do_hop }}")
    narrative(doc, "sinh_hoat")
    para(doc, f"3. Về kết quả thực hiện Nghị quyết Đại hội {{{{ ten_doan_sau }}}} nhiệm kỳ {RANGE_HYPHEN}:", HEADING)
    narrative(doc, "ket_qua")
    computed_bullet(doc, "cau_chi_tieu")
    computed_bullet(doc, "cau_xep_loai")
    para(doc, "II. NHỮNG MẶT HẠN CHẾ:", HEADING)
    computed_bullet(doc, "cau_han_che_nhan_su")
    computed_bullet(doc, "cau_han_che_hop")
    computed_bullet(doc, "cau_han_che_chi_tieu")
    computed_bullet(doc, "cau_han_che_xep_loai")
    narrative(doc, "han_che")
    para(doc, "III. BÀI HỌC KINH NGHIỆM:", HEADING)
    narrative(doc, "bai_hoc", keep_last=True)


def signature(doc):
    """"Nơi nhận" and the signature block in one row that cannot split, kept with the last lines of the body:
    the body's last paragraph and the blank line before the table keep with the next, so does every
    paragraph in the row."""
    para(doc, "", CENTER, keep=True)
    table = doc.add_table(rows=1, cols=2)
    _layout(table, (8.0, 8.5), borders=False)
    _row_flags(table.rows[0])
    left, right = table.rows[0].cells
    _cell_text(left, "Nơi nhận:", bold=True, italic=True, size=12, align=LEFT, first=True, keep=True)
    _cell_text(left, "{%p for x in noi_nhan %}", size=11, align=LEFT, keep=True)
    _cell_text(left, "{{ x }}", size=11, align=LEFT, keep=True)
    _cell_text(left, "{%p endfor %}", size=11, align=LEFT, keep=True)
    _cell_text(right, "{{ thay_mat }}", bold=True, first=True, keep=True)
    _cell_text(right, "{%p for x in chuc_danh_ky %}", bold=True, keep=True)
    _cell_text(right, "{{ x }}", bold=True, keep=True)
    _cell_text(right, "{%p endfor %}", bold=True, keep=True)
    for _ in range(4):
        _cell_text(right, "", keep=True)
    _cell_text(right, "{{ nguoi_ky }}", bold=True, keep=True)


def data_table(doc, columns, loop, total=None):
    """A bordered table exactly the text width: a header row (repeated on each page), one row per item of
    ``loop`` ({%tr %}), an optional total row.  ``columns``: (header, cell, width in cm, alignment) — long text
    left, counts centred, percentages and measured figures right; a total row is aligned like its columns."""
    headers, cells, widths, aligns = zip(*columns)
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    _row_flags(table.rows[0], header=True)
    for cell, text in zip(table.rows[0].cells, headers):
        _fill_cell(cell, text, bold=True, keep=True)
    start = table.add_row()
    start.cells[0].merge(start.cells[-1])
    _fill_cell(start.cells[0], f"{{%tr for r in {loop} %}}")
    row = table.add_row()
    _row_flags(row)
    for cell, text, align in zip(row.cells, cells, aligns):
        _fill_cell(cell, text, align=align)
    end = table.add_row()
    end.cells[0].merge(end.cells[-1])
    _fill_cell(end.cells[0], "{%tr endfor %}")
    if total:
        row = table.add_row()
        _row_flags(row)
        for cell, text, align in zip(row.cells, total, aligns):
            _fill_cell(cell, text, bold=True, align=align)
    _layout(table, widths)
    return table


def _fill_cell(cell, text, bold=False, align=CENTRE, keep=False):
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.style = CELL
    p.alignment = align
    if keep:
        p.paragraph_format.keep_with_next = True
    run = p.add_run(text)
    run.bold = bold or None


def appendix(doc):
    p = para(doc, "", CENTER)
    p.add_run().add_break(WD_BREAK.PAGE)
    para(doc, "PHỤ LỤC", CENTER, bold=True)
    para(doc, f"Số liệu hoạt động của Ban Chấp hành {{{{ ten_doan }}}} nhiệm kỳ {{{{ nhiem_ky_la_ma }}}} ({RANGE})",
         CENTER, bold=True)
    para(doc, "(Số liệu tính đến ngày {{ ngay_tinh_den|ngay_so }}, từ Sổ theo dõi Ban Chấp hành)", CENTER,
         italic=True, size=12)
    para(doc, "", CENTER)

    para(doc, "1. Biến động nhân sự Ban Chấp hành", HEADING)
    tag(doc, "{%p if bien_dong_nhan_su %}")
    data_table(doc, [("Ngày", "{{ r.ngay|ngay_so }}", 2.5, CENTRE),
                     ("Họ và tên", "{{ r.ho_ten }}", 3.4, LEFT),
                     ("Việc", "{{ r.su_kien }}", 4.5, LEFT),
                     ("Chức vụ", "{{ r.chuc_vu }}", 2.6, LEFT),
                     ("Hình thức / lý do", "{{ r.ly_do }}", 3.5, LEFT)], "bien_dong_nhan_su")
    tag(doc, "{%p else %}")
    para(doc, "Trong nhiệm kỳ, nhân sự Ban Chấp hành không có biến động.")
    tag(doc, "{%p endif %}")

    para(doc, "2. Ban Chấp hành hiện nay: {{ so_uy_vien_hien_nay|dong_chi }}", HEADING)
    data_table(doc, [("Chức vụ", "{{ r.chuc_vu }}", 5.0, LEFT),
                     ("Số lượng", "{{ r.so_luong|so2 }}", 2.5, CENTRE),
                     ("Họ và tên", "{{ r.ho_ten|join(', ') }}", 9.0, LEFT)], "co_cau_hien_nay")
    tag(doc, "{%p if so_uy_vien_hien_nay %}")
    para(doc, "Nữ: {{ so_nu|dong_chi }}{% if so_nu %} ({{ ty_le_nu|phan_tram }}){% endif %}; đảng viên: "
              "{{ so_dang_vien|dong_chi }}{% if so_dang_vien %} ({{ ty_le_dang_vien|phan_tram }}){% endif %}."
              "{% if khuyet_bi_thu %} Chức danh Bí thư đang khuyết.{% endif %}"
              "{% if khuyet_pho_bi_thu %} Chức danh Phó Bí thư đang khuyết.{% endif %}")
    tag(doc, "{%p endif %}")

    para(doc, "3. Các cuộc họp của Ban Chấp hành theo năm", HEADING)
    tag(doc, "{%p if hop_theo_nam %}")
    data_table(doc, [("Năm", "{{ r.nam }}", 3.0, CENTRE),
                     ("Họp định kỳ", "{{ r.dinh_ky }}", 3.2, CENTRE),
                     ("Họp bất thường", "{{ r.bat_thuong }}", 3.4, CENTRE),
                     ("Tổng", "{{ r.tong }}", 2.8, CENTRE),
                     ("Tỷ lệ dự họp", "{{ r.ty_le_du_hop|phan_tram }}{% if r.so_hop_ghi_co_mat and "
                      "r.so_hop_ghi_co_mat < r.tong %} ({{ r.so_hop_ghi_co_mat }}/{{ r.tong }} cuộc họp){% endif %}",
                      4.1, RIGHT)], "hop_theo_nam",
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
              "{{ ky_khong_hop|join(', ') }}.{% endif %}{% if ky_khong_tinh %} Không tính (chưa trọn "
              "{{ 'quý' if tan_suat_hop == 'hang_quy' else 'tháng' }} và không có cuộc họp định kỳ): "
              "{{ ky_khong_tinh|join('; ') }}.{% endif %}")
    tag(doc, "{%p else %}")
    para(doc, "Chưa có {{ 'quý' if tan_suat_hop == 'hang_quy' else 'tháng' }} trọn vẹn nào để tính chế độ họp "
              "định kỳ.")
    tag(doc, "{%p endif %}")

    para(doc, "4. Xếp loại tổ chức Đoàn hàng năm", HEADING)
    tag(doc, "{%p if xep_loai_tap_the %}")
    data_table(doc, [("Năm", "{{ r.nam }}", 2.5, CENTRE),
                     ("Xếp loại", "{{ r.xep_loai }}", 7.0, LEFT),
                     ("Khen thưởng", "{{ r.khen_thuong }}", 7.0, LEFT)], "xep_loai_tap_the")
    tag(doc, "{%p else %}")
    para(doc, "Chưa có kết quả xếp loại trong sổ theo dõi.")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if nam_chua_xep_loai and xep_loai_tap_the %}")
    para(doc, "Năm chưa có số liệu xếp loại: {{ nam_chua_xep_loai|join(', ') }}.")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if du_hop_theo_uy_vien %}")
    para(doc, "5. Dự họp của từng ủy viên (theo điểm danh{% if so_hop_diem_danh < so_cuoc_hop %} của "
              "{{ so_hop_diem_danh }}/{{ so_cuoc_hop }} cuộc họp{% endif %})", HEADING)
    data_table(doc, [("Họ và tên", "{{ r.ho_ten }}", 4.3, LEFT),
                     ("Số cuộc họp", "{{ r.so_lan }}", 2.4, CENTRE),
                     ("Có mặt", "{{ r.co_mat }}", 2.1, CENTRE),
                     ("Vắng có lý do", "{{ r.vang_co_ly_do }}", 2.4, CENTRE),
                     ("Vắng không lý do", "{{ r.vang_khong_ly_do }}", 2.6, CENTRE),
                     ("Tỷ lệ có mặt", "{{ r.ty_le_co_mat|phan_tram }}", 2.7, RIGHT)], "du_hop_theo_uy_vien")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if chi_tieu %}")
    para(doc, "{{ '6' if du_hop_theo_uy_vien else '5' }}. Chỉ tiêu Nghị quyết Đại hội: đạt {{ so_chi_tieu_dat }}/"
              "{{ chi_tieu|length }}", HEADING)
    data_table(doc, [("STT", "{{ r.stt }}", 1.2, CENTRE),
                     ("Chỉ tiêu", "{{ r.chi_tieu }}", 6.3, LEFT),
                     ("Đơn vị tính", "{{ r.don_vi_tinh }}", 2.3, CENTRE),
                     ("Mục tiêu", "{{ '≤ ' if r.yeu_cau == 'Tối đa' else '' }}{{ r.muc_tieu|so }}", 2.1, RIGHT),
                     ("Kết quả", "{{ r.ket_qua|so }}", 2.1, RIGHT),
                     ("Đánh giá", "{{ 'Đạt' if r.dat else ('Chưa có kết quả' if r.dat is none else 'Chưa đạt') }}",
                      2.5, CENTRE)], "chi_tieu")
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


def _drop_styles_with_effects(doc):
    """python-docx's default document carries Word 2010's stylesWithEffects.xml, a copy of styles.xml that no
    longer matches the styles added here; Word may "repair" a file whose two disagree.  It is optional: drop it."""
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)


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
    _drop_styles_with_effects(doc)
    doc.save(str(out))


def main(argv=None):
    out = Path((argv or sys.argv[1:] or ["templates/bao-cao-kiem-diem-bch.docx"])[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    build(out)
    print(out)


if __name__ == "__main__":
    main()
