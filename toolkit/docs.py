"""The documentation pages, generated from the definitions they describe.

``docs/so-theo-doi.md`` from the standard, ``docs/chi-so.md`` from the indicator
catalog, ``docs/mau-bao-cao.md`` from the template context and the filters.
``scripts/build_docs.py`` writes them; a test keeps them in step.
"""
from __future__ import annotations

from . import formatting, kinds, standard
from .catalog import CATALOG, COLUMN_LABELS
from .report import CHART

GENERATED = "<!-- Tệp sinh tự động bởi scripts/build_docs.py — không sửa tay. -->\n\n"


def workbook_page() -> str:
    lines = [GENERATED + f"# Sổ theo dõi Ban Chấp hành — mẫu phiên bản {standard.VERSION}", ""]
    lines += ["Quy tắc so khớp: tên trang, tiêu đề cột và giá trị trong danh sách được so sánh sau khi chuẩn hóa "
              "Unicode (NFC), bỏ khoảng trắng thừa, không phân biệt hoa thường, và coi kiểu bỏ dấu cũ/mới là "
              "một (“Uỷ viên” = “Ủy viên”). Ngày: ngày của Excel, “dd/mm/yyyy”, “d/m/yyyy” hoặc “yyyy-mm-dd”.", ""]
    for sheet in standard.SHEETS:
        need = "bắt buộc" if sheet.required else "không bắt buộc"
        lines += [f"## Trang `{sheet.name}` ({need})", "", sheet.help, ""]
        if sheet is standard.SETTINGS_SHEET:
            lines += ["| Mã | Nội dung | Kiểu | Mặc định | Ghi chú |", "|---|---|---|---|---|"]
            for s in standard.SETTINGS:
                kind = kinds.label(s.kind, s.choices)
                default = "" if s.default is None else str(s.default)
                need_report = " Bắt buộc để lập báo cáo." if s.for_report else ""
                lines.append(f"| `{s.code}` | {s.label}{standard.since_note(s.since)} | {kind} | {default} | {s.help}{need_report} |")
        else:
            lines += ["| Cột | Kiểu / giá trị | Bắt buộc | Ghi chú |", "|---|---|---|---|"]
            for c in sheet.columns:
                kind = kinds.label(c.kind, c.choices)
                lines.append(f"| {c.header}{standard.since_note(c.since)} | {kind} | {'có' if c.required else ''} | {c.help} |")
        lines.append("")
    lines += ["## Mục của trang `Nội dung`", "", "| Mục | In ở đâu |", "|---|---|"]
    lines += [f"| `{code}`{standard.since_note(standard.SECTIONS_SINCE.get(code, '1'))} | {where} |"
              for code, where in standard.SECTIONS.items()]
    return "\n".join(lines) + "\n"



def indicators_page() -> str:
    lines = [GENERATED + "# Chỉ số", "",
             "Tên chỉ số dùng được trong mẫu báo cáo (`{{ ten_chi_so }}`), trong `kiemdiem indicators --json` và "
             "trang “Chỉ số”. Nhóm đầu là danh mục của mẫu sổ (không đổi tên); nhóm sau do công cụ bổ sung.", "",
             "| Tên | Nội dung | Kiểu | Cách tính |", "|---|---|---|---|"]
    for i in CATALOG:
        kind = i.kind if i.kind != "table" else "bảng: " + ", ".join(f"`{c}` ({COLUMN_LABELS.get(c, c)})"
                                                                    for c in i.columns)
        lines.append(f"| `{i.name}`{standard.since_note(i.since)} | {i.label} | {kind} | {i.definition} |")
    return "\n".join(lines) + "\n"


SENTENCES = {
    "cau_bien_dong": "Biến động nhân sự trong nhiệm kỳ (đoạn mở đầu).",
    "cau_hien_nay": "Số ủy viên hiện nay và chức danh của các đồng chí được bổ sung (+ Mục nhan_su).",
    "cau_hoat_dong": "“Hoạt động của Ban Chấp hành … từ tháng … đến nay” + Mục hoat_dong; trống nếu không có Mục đó.",
    "cau_che_do_hop": "Chế độ họp định kỳ: giữ đúng (hàng tháng/quý), hoặc chỉ số liệu đo được khi chưa giữ đúng "
                      "(câu nhận xét nằm ở mục II); số cuộc họp và tỷ lệ dự họp. Khi một đoạn ở trang Nội dung có "
                      "{che_do_hop}, câu “Ban Chấp hành họp định kỳ …” được đặt vào đó và biến này chỉ còn số liệu.",
    "cau_xep_loai": "Xếp loại tổ chức Đoàn: “hàng năm đều đạt …” chỉ khi mọi năm đã qua đều cùng một mức.",
    "cau_chi_tieu": "Số chỉ tiêu Nghị quyết đạt; trống nếu sổ không có chỉ tiêu.",
    "cau_han_che_nhan_su": "Hạn chế về nhân sự (mục II); trống nếu nhân sự không biến động và không khuyết Bí thư.",
    "cau_han_che_hop": "Hạn chế: chưa duy trì đều chế độ họp định kỳ (mục II); trống nếu giữ đúng hoặc chưa đo được.",
    "cau_han_che_chi_tieu": "Hạn chế: số chỉ tiêu Nghị quyết chưa đạt (mục II); trống nếu không có chỉ tiêu chưa đạt.",
    "cau_han_che_xep_loai": "Hạn chế: các năm tổ chức Đoàn bị xếp loại không hoàn thành nhiệm vụ (mục II); trống nếu "
                            "không có.",
}
NAMES = {
    "ten_don_vi": "Tên cơ quan, đơn vị (don_vi).", "ten_doan": "“Đoàn ” + tên đơn vị.",
    "ten_doan_ngan": "“Đoàn ” + tên gọi tắt (don_vi_goi_tat).", "nhiem_ky_la_ma": "Số nhiệm kỳ bằng số La Mã.",
    "so_hieu": "Dòng “Số: …”.", "dong_ngay_thang": "“<địa danh>, ngày … tháng … năm …” theo kieu_ngay.",
    "doan_cap_tren_in_hoa": "Đoàn cấp trên, chữ in hoa.", "bch_in_hoa": "“BCH ĐOÀN …”, chữ in hoa.",
    "du_thao": "Đúng khi in “DỰ THẢO”.",
    "nguoi_ky": "Người ký (mặc định: Bí thư hiện tại; khi khuyết Bí thư: Phó Bí thư, nếu chỉ có một).",
    "chuc_vu_ky": "Dòng chức danh cuối của người ký (ví dụ PHÓ BÍ THƯ); trống khi không xác định được người ký.",
    "thay_mat": "“TM. BAN CHẤP HÀNH”.",
    "chuc_danh_ky": "Các dòng chức danh dưới “TM. BAN CHẤP HÀNH” (BÍ THƯ; hoặc KT. BÍ THƯ, PHÓ BÍ THƯ; hoặc "
                    "PHÓ BÍ THƯ khi khuyết Bí thư); rỗng khi không có người ký.",
    "ten_doan_sau": "Tên dùng từ lần nhắc thứ hai: tên đầy đủ, hoặc tên gọi tắt khi tên đơn vị dài hơn 40 ký tự.",
    "noi_nhan": "Danh sách dòng “- …” của Nơi nhận.",
    "noi_dung": "Các đoạn của trang Nội dung: noi_dung.<mục> là danh sách {text, bullet}.",
    CHART: "Biểu đồ cột (Word) số cuộc họp theo năm; đặt một mình trong một đoạn.",
}


def template_page() -> str:
    lines = [GENERATED + "# Viết mẫu báo cáo (docxtpl)", "",
             "Mẫu là tệp Word .docx có thẻ Jinja. Mỗi thẻ phải nằm trọn trong một lần gõ (một “run”): nếu sửa "
             "định dạng giữa thẻ, Word tách thẻ và công cụ không điền được. `kiemdiem check-template MAU.docx` "
             "chỉ ra thẻ bị tách, thẻ sai, biến không có, kèm vị trí. Lặp dòng bảng: `{%tr for r in hop_theo_nam %}`; "
             "lặp/ẩn cả đoạn: `{%p if cau_chi_tieu %}`. Mẫu được điền trong môi trường an toàn (sandbox).", "",
             "## Câu do công cụ tính", "", "| Biến | Nội dung |", "|---|---|"]
    lines += [f"| `{k}` | {v} |" for k, v in SENTENCES.items()]
    lines += ["", "## Tên đơn vị, thể thức", "", "| Biến | Nội dung |", "|---|---|"]
    lines += [f"| `{k}` | {v} |" for k, v in NAMES.items()]
    lines += ["", "Mọi mã của trang Thông tin chung (`don_vi`, `ngay_bao_cao`, …) và mọi chỉ số "
              "(xem [chi-so.md](chi-so.md)) cũng dùng được.", "", "## Bộ lọc định dạng", ""]
    lines += [formatting.__doc__.split("see docs/mau-bao-cao.md).", 1)[-1].strip(), ""]
    return "\n".join(lines) + "\n"


def problems_page() -> str:
    from .problems import CATALOG, LEVEL_WORDS
    lines = [GENERATED + "# Các thông báo khi kiểm tra sổ và mẫu báo cáo", "",
             "Mỗi vấn đề có một mã cố định (dùng trong `--json` và cho các chương trình khác), một mức: **lỗi** (phải "
             "sửa thì mới lập được báo cáo) hoặc **cảnh báo** (báo cáo vẫn lập được nhưng nên xem lại), vị trí "
             "(trang!ô, hoặc đoạn/ô bảng của mẫu), nội dung sai gì và cách sửa.", "",
             "| Mã | Mức | Nghĩa | Cách sửa chung |", "|---|---|---|---|"]
    lines += [f"| `{t.code}` | {LEVEL_WORDS[t.level]} | {t.title} | {t.fix} |" for t in CATALOG.values()]
    return "\n".join(lines) + "\n"


PAGES = {"so-theo-doi.md": workbook_page, "chi-so.md": indicators_page, "mau-bao-cao.md": template_page,
         "thong-bao.md": problems_page}
