"""The indicator catalog: each figure's name, Vietnamese label and one-line definition.

Names are public (templates, scripts and other units use them): the first block
is ``shared/spec/workbook-standard.md``'s list, kept exactly; the rest are the
toolkit's additions.  ``indicators.py`` computes them; the documentation, the
``Chỉ số`` sheet and ``check-template`` read this list.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    name: str
    label: str
    definition: str
    kind: str = "count"   # count | percent | bool | date | list | table | text
    columns: tuple = ()   # for tables: the keys of each row
    since: str = "1"      # version of the standard that added it


I = Indicator
V11 = {"since": "1.1"}
CATALOG = (
    # --- the standard's names ---------------------------------------------------------------
    I("so_uy_vien_dau_nhiem_ky", "Số ủy viên đầu nhiệm kỳ",
      "Số người có chức vụ đầu tiên bắt đầu bằng “Bầu tại Đại hội” (một dòng “Bầu tại Đại hội” bắt đầu hơn "
      "một tháng sau Đại hội được tính là “Bầu bổ sung”)."),
    I("so_uy_vien_hien_nay", "Số ủy viên hiện nay", "Số người đang giữ ít nhất một chức vụ tại ngày tính."),
    I("bi_thu_thoi_nhiem_vu", "Bí thư thôi giữ nhiệm vụ",
      "Số người (không phải số lượt) có chức vụ Bí thư kết thúc trong nhiệm kỳ, trước ngày tính."),
    I("bi_thu_bau_bo_sung", "Bí thư bầu bổ sung",
      "Số người có chức vụ Bí thư bắt đầu trong nhiệm kỳ bằng “Bầu bổ sung” hoặc “Chỉ định”."),
    I("bi_thu_thoi_nhiem_vu_luot", "Số lượt Bí thư thôi giữ nhiệm vụ",
      "Như bi_thu_thoi_nhiem_vu, đếm theo lượt (một người thôi hai lần tính hai lượt).", **V11),
    I("bi_thu_bau_bo_sung_luot", "Số lượt bầu bổ sung (chỉ định) Bí thư",
      "Như bi_thu_bau_bo_sung, đếm theo lượt.", **V11),
    I("uy_vien_rut_ten", "Ủy viên rút tên", "Số người đã giữ chức vụ nhưng tại ngày tính không còn giữ chức vụ nào."),
    I("uy_vien_bo_sung", "Ủy viên bổ sung",
      "Số người có chức vụ đầu tiên bắt đầu bằng “Bầu bổ sung” hoặc “Chỉ định”."),
    I("so_nu", "Số nữ", "Số nữ trong Ban Chấp hành tại ngày tính."),
    I("ty_le_nu", "Tỷ lệ nữ (%)", "Số nữ ÷ số ủy viên hiện nay × 100; trống khi không còn ủy viên nào.", "percent"),
    I("so_dang_vien", "Số đảng viên", "Số đảng viên trong Ban Chấp hành tại ngày tính."),
    I("ty_le_dang_vien", "Tỷ lệ đảng viên (%)", "Số đảng viên ÷ số ủy viên hiện nay × 100; trống khi không còn "
      "ủy viên nào.", "percent"),
    I("so_cuoc_hop", "Số cuộc họp", "Số cuộc họp từ ngày Đại hội đến ngày tính."),
    I("so_hop_dinh_ky", "Số cuộc họp định kỳ", "Số cuộc họp “Định kỳ” từ ngày Đại hội đến ngày tính."),
    I("so_hop_bat_thuong", "Số cuộc họp bất thường", "Số cuộc họp “Bất thường” từ ngày Đại hội đến ngày tính."),
    I("ty_le_ky_co_hop", "Tỷ lệ kỳ có họp định kỳ (%)",
      "Số kỳ (tháng hoặc quý, theo tan_suat_hop) có ít nhất một cuộc họp định kỳ ÷ số kỳ × 100. Các kỳ là mọi "
      "tháng (quý) nằm giữa tháng (quý) Đại hội và tháng (quý) của ngày tính; hai kỳ đầu và cuối chưa trọn nên "
      "chỉ được tính khi có họp định kỳ. Trống khi chưa có kỳ nào.", "percent"),
    I("giu_tan_suat_hop", "Giữ đúng chế độ họp định kỳ",
      "Đúng khi tỷ lệ kỳ có họp định kỳ ≥ nguong_dat_tan_suat, và không dưới 50% với ngưỡng nào; trống khi chưa có "
      "kỳ nào.", "bool"),
    I("ty_le_du_hop", "Tỷ lệ dự họp (%)",
      "Tổng số có mặt ÷ tổng số ủy viên triệu tập × 100, trên các cuộc họp đã ghi số có mặt (hoặc điểm danh đủ, "
      "xem so_hop_ghi_co_mat); trống khi chưa cuộc họp nào như vậy.", "percent"),
    I("hop_theo_nam", "Họp theo năm", "Mỗi năm: số cuộc họp định kỳ, bất thường, tổng, tỷ lệ dự họp (trống khi "
      "năm đó chưa ghi số có mặt) và số cuộc họp có ghi số có mặt.", "table",
      ("nam", "dinh_ky", "bat_thuong", "tong", "co_mat", "trieu_tap", "ty_le_du_hop", "so_hop_ghi_co_mat")),
    I("xep_loai_tap_the", "Xếp loại tổ chức Đoàn theo năm", "Mỗi năm đã xếp loại: mức xếp loại và khen thưởng.",
      "table", ("nam", "xep_loai", "khen_thuong")),
    I("deu_dat_htxsnv", "Hằng năm đều Hoàn thành xuất sắc nhiệm vụ",
      "Đúng khi deu_cung_xep_loai và mức đó là “Hoàn thành xuất sắc nhiệm vụ” (v1.1: mọi năm phải xếp loại "
      "đều đã có kết quả; v1 chỉ xét các năm đã ghi).", "bool"),
    I("chi_tieu", "Chỉ tiêu Nghị quyết", "Mỗi chỉ tiêu: yêu cầu (Tối thiểu/Tối đa), mục tiêu, kết quả, đạt hay "
      "chưa (Kết quả ≥ Mục tiêu; với chỉ tiêu “Tối đa”: Kết quả ≤ Mục tiêu; trống khi chưa có kết quả).",
      "table", ("stt", "chi_tieu", "don_vi_tinh", "yeu_cau", "muc_tieu", "ket_qua", "dat")),
    I("so_chi_tieu_dat", "Số chỉ tiêu đạt", "Số chỉ tiêu đã đạt (xem chi_tieu)."),
    # --- added by the toolkit ------------------------------------------------------------------
    I("ngay_tinh_den", "Ngày tính số liệu",
      "ngay_bao_cao; nếu trống: hôm nay, nhưng không muộn hơn 31/12 của năm kết thúc nhiệm kỳ.", "date"),
    I("so_nguoi_trong_nhiem_ky", "Số người từng là ủy viên trong nhiệm kỳ",
      "Số người đã giữ ít nhất một chức vụ từ Đại hội đến ngày tính."),
    I("co_cau_hien_nay", "Cơ cấu Ban Chấp hành hiện nay", "Mỗi chức vụ: số người và họ tên người đang giữ.",
      "table", ("chuc_vu", "so_luong", "ho_ten")),
    I("uy_vien_bo_sung_hien_giu", "Chức vụ hiện giữ của các ủy viên được bổ sung",
      "Các chức vụ (từ cao xuống) mà những người được bổ sung (hoặc bổ sung trở lại) trong nhiệm kỳ đang giữ.",
      "list"),
    I("uy_vien_bo_sung_hien_nay", "Ủy viên được bổ sung còn giữ chức vụ",
      "Số người được bổ sung (hoặc bổ sung trở lại) trong nhiệm kỳ đang giữ chức vụ tại ngày tính."),
    I("uy_vien_bo_sung_co_cau", "Các ủy viên được bổ sung còn giữ chức vụ, theo chức vụ",
      "Mỗi chức vụ: số người được bổ sung (hoặc bổ sung trở lại) trong nhiệm kỳ đang giữ chức vụ đó.", "table",
      ("chuc_vu", "so_luong"), since="1.1"),
    I("bi_thu_chi_dinh", "Bí thư được chỉ định", "Số người có chức vụ Bí thư bắt đầu bằng “Chỉ định”."),
    I("co_bien_dong", "Nhân sự có biến động",
      "Đúng khi trong nhiệm kỳ có người được bổ sung, trở lại, rời Ban Chấp hành hoặc chuyển chức vụ "
      "(đúng khi và chỉ khi bien_dong_nhan_su có dòng).", "bool", since="1.1"),
    I("uy_vien_rut_ten_luot", "Số lượt rời Ban Chấp hành của các ủy viên rút tên",
      "Số lần rời Ban Chấp hành (trừ “Xóa tên”) của những người tính trong uy_vien_rut_ten mà không bị xóa tên.",
      since="1.1"),
    I("uy_vien_xoa_ten", "Số người bị xóa tên",
      "Số người tại ngày tính không còn giữ chức vụ nào, lần rời Ban Chấp hành cuối cùng với lý do “Xóa tên”.",
      since="1.1"),
    I("uy_vien_tro_lai", "Số người rút tên rồi được bổ sung trở lại",
      "Số người đã rời Ban Chấp hành trong nhiệm kỳ rồi được bổ sung trở lại và đang giữ chức vụ tại ngày tính.",
      since="1.1"),
    I("uy_vien_tro_lai_luot", "Số lượt bổ sung trở lại", "Số lần được bổ sung trở lại của những người tính trong "
      "uy_vien_tro_lai.", since="1.1"),
    I("uy_vien_tro_lai_roi_di", "Số người trở lại rồi lại rút tên",
      "Số người tính trong uy_vien_rut_ten (không bị xóa tên) đã được bổ sung trở lại ít nhất một lần trước lần rời "
      "Ban Chấp hành cuối cùng.", since="1.1"),
    I("uy_vien_tro_lai_xoa_ten", "Số người trở lại rồi bị xóa tên",
      "Số người tính trong uy_vien_xoa_ten đã được bổ sung trở lại ít nhất một lần trước khi bị xóa tên.",
      since="1.1"),
    I("uy_vien_tro_lai_roi_di_luot", "Số lượt rời Ban Chấp hành của những người trở lại rồi lại rút tên",
      "Phần của uy_vien_rut_ten_luot thuộc những người tính trong uy_vien_tro_lai_roi_di.", since="1.1"),
    I("bien_dong_chuc_danh", "Biến động theo chức danh",
      "Với Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ: số người và số lượt thôi giữ chức danh (không kể người "
      "chuyển lên chức danh trên: chuyen_len, mỗi chức danh mới một dòng chuc_vu, so_luong; chuyen_len_luot), "
      "được bổ sung (bầu bổ sung, chỉ định) vào chức danh trong nhiệm kỳ; trong_bch: có thay đổi mà câu về ủy "
      "viên rút tên, bổ sung không nói tới (chuyển chức vụ, người giữ chức danh rời đi, người được bổ sung nay "
      "không còn giữ); chua_bo_sung_du: số lượt rời chức danh nhiều hơn số lượt có người vào (kể cả người từ chức "
      "danh trên chuyển xuống); chức danh có đang khuyết không.", "table",
      ("chuc_vu", "thoi_nhiem_vu", "thoi_nhiem_vu_luot", "chuyen_len", "chuyen_len_luot", "chua_bo_sung_du", "bo_sung",
       "bo_sung_luot", "bau_bo_sung", "bau_bo_sung_luot", "chi_dinh", "chi_dinh_luot", "trong_bch", "khuyet"),
      since="1.1"),
    I("khuyet_bi_thu", "Chức danh Bí thư đang khuyết", "Đúng khi tại ngày tính không ai giữ chức Bí thư.", "bool",
      since="1.1"),
    I("khuyet_pho_bi_thu", "Chức danh Phó Bí thư đang khuyết",
      "Đúng khi trong nhiệm kỳ đã có Phó Bí thư nhưng tại ngày tính không ai giữ chức này.", "bool", since="1.1"),
    I("khuyet_uy_vien_btv", "Chức danh Ủy viên Ban Thường vụ đang khuyết",
      "Đúng khi trong nhiệm kỳ đã có Ủy viên Ban Thường vụ nhưng tại ngày tính không ai giữ chức này.", "bool",
      since="1.1"),
    I("nhieu_thay_doi", "Nhân sự có nhiều thay đổi",
      "Đúng khi từ 3 người trở lên được bổ sung, trở lại hoặc rời Ban Chấp hành, hoặc chức danh Bí thư được bổ "
      "sung từ 2 lượt trở lên.", "bool", since="1.1"),
    I("bien_dong_nhan_su", "Biến động nhân sự",
      "Mỗi lần bổ sung, bổ sung trở lại, rời Ban Chấp hành hoặc chuyển chức vụ trong nhiệm kỳ: ngày, họ tên, "
      "việc, chức vụ, hình thức hoặc lý do.",
      "table", ("ngay", "ho_ten", "su_kien", "chuc_vu", "ly_do")),
    I("bien_dong_theo_nam", "Biến động nhân sự theo năm",
      "Mỗi năm: số lượt được bổ sung (kể cả trở lại) và số lượt rời Ban Chấp hành.",
      "table", ("nam", "bo_sung", "rut_ten")),
    I("so_ky", "Số kỳ (tháng hoặc quý)", "Số tháng (hoặc quý) dùng để tính ty_le_ky_co_hop."),
    I("so_ky_co_hop", "Số kỳ có họp định kỳ", "Số tháng (hoặc quý) có ít nhất một cuộc họp định kỳ."),
    I("ky_khong_hop", "Các kỳ không có họp định kỳ", "Danh sách tháng (MM/YYYY) hoặc quý không có họp định kỳ.",
      "list"),
    I("ky_khong_tinh", "Các kỳ chưa trọn không tính",
      "Tháng (quý) của Đại hội và của ngày tính khi không có họp định kỳ: chưa trọn nên không tính vào so_ky.",
      "list", since="1.1"),
    I("so_hop_ghi_co_mat", "Số cuộc họp có ghi số có mặt", "Số cuộc họp dùng để tính ty_le_du_hop: có số “Có mặt”, "
      "hoặc để trống nhưng trang Điểm danh ghi đủ mọi ủy viên được triệu tập ngày đó (khi ngày đó chỉ có một cuộc "
      "họp; số có mặt là số người “Có mặt” trong điểm danh).", since="1.1"),
    I("so_hop_diem_danh", "Số cuộc họp có điểm danh", "Số cuộc họp có ít nhất một dòng trong trang Điểm danh.",
      since="1.1"),
    I("du_hop_theo_uy_vien", "Dự họp theo từng ủy viên",
      "Từ trang Điểm danh: mỗi người số lần được điểm danh, có mặt, vắng có lý do, vắng không lý do, tỷ lệ "
      "(chỉ trên các cuộc họp có điểm danh: xem so_hop_diem_danh).",
      "table", ("ho_ten", "so_lan", "co_mat", "vang_co_ly_do", "vang_khong_ly_do", "ty_le_co_mat")),
    I("xep_loai_uy_vien", "Xếp loại ủy viên theo năm", "Mỗi năm, mỗi ủy viên được xếp loại: mức xếp loại.",
      "table", ("nam", "ho_ten", "xep_loai")),
    I("so_nam_xep_loai", "Số năm tổ chức Đoàn được xếp loại", "Số năm trong nhiệm kỳ có xếp loại “Tập thể”."),
    I("nam_chua_xep_loai", "Các năm chưa có xếp loại tổ chức Đoàn",
      "Các năm từ năm Đại hội đến năm trước ngày tính chưa có xếp loại “Tập thể” (năm của ngày tính chỉ được "
      "xét khi đã có xếp loại).", "list", since="1.1"),
    I("deu_cung_xep_loai", "Hằng năm đều cùng một mức xếp loại",
      "Đúng khi mọi năm phải xếp loại đều đã có kết quả, có ít nhất 2 năm, và mọi năm cùng một mức.", "bool",
      since="1.1"),
    I("nhiem_ky_dang_dien_ra", "Nhiệm kỳ đang diễn ra",
      "Đúng khi ngày tính trước 31/12 của năm kết thúc nhiệm kỳ (báo cáo nói “từ đầu nhiệm kỳ đến nay”).", "bool",
      since="1.1"),
    I("so_chi_tieu_chua_dat", "Số chỉ tiêu chưa đạt", "Số chỉ tiêu đã có kết quả nhưng chưa đạt.", since="1.1"),
    I("so_chi_tieu_chua_co_ket_qua", "Số chỉ tiêu chưa có kết quả", "Số chỉ tiêu chưa ghi kết quả.", since="1.1"),
)
BY_NAME = {i.name: i for i in CATALOG}

COLUMN_LABELS = {
    "nam": "Năm", "dinh_ky": "Định kỳ", "bat_thuong": "Bất thường", "tong": "Tổng", "co_mat": "Có mặt",
    "trieu_tap": "Triệu tập", "ty_le_du_hop": "Tỷ lệ dự họp", "xep_loai": "Xếp loại", "khen_thuong": "Khen thưởng",
    "stt": "STT", "chi_tieu": "Chỉ tiêu", "don_vi_tinh": "Đơn vị tính", "muc_tieu": "Mục tiêu", "ket_qua": "Kết quả",
    "dat": "Đạt", "chuc_vu": "Chức vụ", "so_luong": "Số lượng", "ho_ten": "Họ và tên", "ngay": "Ngày",
    "su_kien": "Việc", "ly_do": "Hình thức / lý do", "bo_sung": "Bổ sung", "rut_ten": "Rời Ban Chấp hành",
    "so_lan": "Số lần triệu tập", "vang_co_ly_do": "Vắng có lý do", "vang_khong_ly_do": "Vắng không lý do",
    "ty_le_co_mat": "Tỷ lệ có mặt", "yeu_cau": "Yêu cầu", "thoi_nhiem_vu": "Thôi giữ (người)",
    "thoi_nhiem_vu_luot": "Thôi giữ (lượt)", "bau_bo_sung": "Bầu bổ sung (người)",
    "bau_bo_sung_luot": "Bầu bổ sung (lượt)", "chi_dinh": "Chỉ định (người)", "chi_dinh_luot": "Chỉ định (lượt)",
    "bo_sung_luot": "Bổ sung (lượt)", "so_hop_ghi_co_mat": "Số cuộc họp có ghi số có mặt", "trong_bch": "Cần nêu riêng", "khuyet": "Đang khuyết",
}


def display(value, column: str = "", kind: str = "") -> str:
    """A value as a person reads it: 66,67%, 14/04/2017, Có/Không, lists joined by commas."""
    import datetime as dt
    from .formatting import ngay_so, phan_tram, so
    if value is None:
        return "chưa có số liệu" if kind in ("percent", "bool") else ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.date):
        return ngay_so(value)
    if kind == "percent" or column.startswith("ty_le"):
        return phan_tram(value)
    if isinstance(value, float):
        return so(value)
    if isinstance(value, list):
        return ", ".join(display(v) for v in value) if value else "không có"
    return str(value)
