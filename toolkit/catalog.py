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
    kind: str = "count"   # count | percent | bool | date | list | table
    columns: tuple = ()   # for tables: the keys of each row


I = Indicator
CATALOG = (
    # --- the standard's names ---------------------------------------------------------------
    I("so_uy_vien_dau_nhiem_ky", "Số ủy viên đầu nhiệm kỳ",
      "Số người có chức vụ đầu tiên bắt đầu bằng “Bầu tại Đại hội”."),
    I("so_uy_vien_hien_nay", "Số ủy viên hiện nay", "Số người đang giữ ít nhất một chức vụ tại ngày tính."),
    I("bi_thu_thoi_nhiem_vu", "Bí thư thôi giữ nhiệm vụ", "Số lượt giữ chức Bí thư đã kết thúc trước ngày tính."),
    I("bi_thu_bau_bo_sung", "Bí thư bầu bổ sung",
      "Số lượt giữ chức Bí thư bắt đầu bằng “Bầu bổ sung” hoặc “Chỉ định”."),
    I("uy_vien_rut_ten", "Ủy viên rút tên", "Số người đã giữ chức vụ nhưng tại ngày tính không còn giữ chức vụ nào."),
    I("uy_vien_bo_sung", "Ủy viên bổ sung",
      "Số người có chức vụ đầu tiên bắt đầu bằng “Bầu bổ sung” hoặc “Chỉ định”."),
    I("so_nu", "Số nữ", "Số nữ trong Ban Chấp hành tại ngày tính."),
    I("ty_le_nu", "Tỷ lệ nữ (%)", "Số nữ ÷ số ủy viên hiện nay × 100.", "percent"),
    I("so_dang_vien", "Số đảng viên", "Số đảng viên trong Ban Chấp hành tại ngày tính."),
    I("ty_le_dang_vien", "Tỷ lệ đảng viên (%)", "Số đảng viên ÷ số ủy viên hiện nay × 100.", "percent"),
    I("so_cuoc_hop", "Số cuộc họp", "Số cuộc họp từ ngày Đại hội đến ngày tính."),
    I("so_hop_dinh_ky", "Số cuộc họp định kỳ", "Số cuộc họp “Định kỳ” từ ngày Đại hội đến ngày tính."),
    I("so_hop_bat_thuong", "Số cuộc họp bất thường", "Số cuộc họp “Bất thường” từ ngày Đại hội đến ngày tính."),
    I("ty_le_ky_co_hop", "Tỷ lệ kỳ có họp định kỳ (%)",
      "Số tháng (hoặc quý, theo tan_suat_hop) từ Đại hội đến ngày tính có ít nhất một cuộc họp định kỳ "
      "÷ tổng số tháng (quý) × 100.", "percent"),
    I("giu_tan_suat_hop", "Giữ đúng chế độ họp định kỳ",
      "Đúng khi tỷ lệ kỳ có họp định kỳ ≥ nguong_dat_tan_suat (và đã có ít nhất một kỳ).", "bool"),
    I("ty_le_du_hop", "Tỷ lệ dự họp (%)",
      "Tổng số có mặt ÷ tổng số ủy viên triệu tập × 100, trên các cuộc họp đã ghi số có mặt.", "percent"),
    I("hop_theo_nam", "Họp theo năm", "Mỗi năm: số cuộc họp định kỳ, bất thường, tổng, tỷ lệ dự họp.", "table",
      ("nam", "dinh_ky", "bat_thuong", "tong", "co_mat", "trieu_tap", "ty_le_du_hop")),
    I("xep_loai_tap_the", "Xếp loại tổ chức Đoàn theo năm", "Mỗi năm đã xếp loại: mức xếp loại và khen thưởng.",
      "table", ("nam", "xep_loai", "khen_thuong")),
    I("deu_dat_htxsnv", "Hằng năm đều Hoàn thành xuất sắc nhiệm vụ",
      "Đúng khi có ít nhất một năm được xếp loại và mọi năm đã xếp loại đều “Hoàn thành xuất sắc nhiệm vụ”.",
      "bool"),
    I("chi_tieu", "Chỉ tiêu Nghị quyết", "Mỗi chỉ tiêu: mục tiêu, kết quả, đạt hay chưa (Kết quả ≥ Mục tiêu; "
      "với chỉ tiêu “Tối đa”: Kết quả ≤ Mục tiêu).",
      "table", ("stt", "chi_tieu", "don_vi_tinh", "muc_tieu", "ket_qua", "dat")),
    I("so_chi_tieu_dat", "Số chỉ tiêu đạt", "Số chỉ tiêu đã đạt (xem chi_tieu)."),
    # --- added by the toolkit ------------------------------------------------------------------
    I("ngay_tinh_den", "Ngày tính số liệu",
      "ngay_bao_cao; nếu trống: hôm nay, nhưng không muộn hơn 31/12 của năm kết thúc nhiệm kỳ.", "date"),
    I("so_nguoi_trong_nhiem_ky", "Số người từng là ủy viên trong nhiệm kỳ",
      "Số người đã giữ ít nhất một chức vụ từ Đại hội đến ngày tính."),
    I("co_cau_hien_nay", "Cơ cấu Ban Chấp hành hiện nay", "Mỗi chức vụ: số người và họ tên người đang giữ.",
      "table", ("chuc_vu", "so_luong", "ho_ten")),
    I("uy_vien_bo_sung_hien_giu", "Chức vụ hiện giữ của các ủy viên được bổ sung",
      "Các chức vụ (từ cao xuống) mà những người được bổ sung trong nhiệm kỳ đang giữ.", "list"),
    I("uy_vien_bo_sung_hien_nay", "Ủy viên được bổ sung còn giữ chức vụ",
      "Số người được bổ sung trong nhiệm kỳ đang giữ chức vụ tại ngày tính."),
    I("bi_thu_chi_dinh", "Bí thư được chỉ định", "Số lượt giữ chức Bí thư bắt đầu bằng “Chỉ định”."),
    I("bien_dong_nhan_su", "Biến động nhân sự",
      "Mỗi lần bổ sung, thôi giữ chức vụ hoặc chuyển chức vụ trong nhiệm kỳ: ngày, họ tên, việc, chức vụ.",
      "table", ("ngay", "ho_ten", "su_kien", "chuc_vu", "ly_do")),
    I("bien_dong_theo_nam", "Biến động nhân sự theo năm", "Mỗi năm: số người được bổ sung và số người rút tên.",
      "table", ("nam", "bo_sung", "rut_ten")),
    I("so_ky", "Số kỳ (tháng hoặc quý)", "Số tháng (hoặc quý) từ tháng Đại hội đến ngày tính."),
    I("so_ky_co_hop", "Số kỳ có họp định kỳ", "Số tháng (hoặc quý) có ít nhất một cuộc họp định kỳ."),
    I("ky_khong_hop", "Các kỳ không có họp định kỳ", "Danh sách tháng (MM/YYYY) hoặc quý không có họp định kỳ.",
      "list"),
    I("du_hop_theo_uy_vien", "Dự họp theo từng ủy viên",
      "Từ trang Điểm danh: mỗi người số lần được triệu tập, có mặt, vắng có lý do, vắng không lý do, tỷ lệ.",
      "table", ("ho_ten", "so_lan", "co_mat", "vang_co_ly_do", "vang_khong_ly_do", "ty_le_co_mat")),
    I("xep_loai_uy_vien", "Xếp loại ủy viên theo năm", "Mỗi năm, mỗi ủy viên được xếp loại: mức xếp loại.",
      "table", ("nam", "ho_ten", "xep_loai")),
    I("so_nam_xep_loai", "Số năm tổ chức Đoàn được xếp loại", "Số năm trong nhiệm kỳ có xếp loại “Tập thể”."),
)
BY_NAME = {i.name: i for i in CATALOG}

COLUMN_LABELS = {
    "nam": "Năm", "dinh_ky": "Định kỳ", "bat_thuong": "Bất thường", "tong": "Tổng", "co_mat": "Có mặt",
    "trieu_tap": "Triệu tập", "ty_le_du_hop": "Tỷ lệ dự họp", "xep_loai": "Xếp loại", "khen_thuong": "Khen thưởng",
    "stt": "STT", "chi_tieu": "Chỉ tiêu", "don_vi_tinh": "Đơn vị tính", "muc_tieu": "Mục tiêu", "ket_qua": "Kết quả",
    "dat": "Đạt", "chuc_vu": "Chức vụ", "so_luong": "Số lượng", "ho_ten": "Họ và tên", "ngay": "Ngày",
    "su_kien": "Việc", "ly_do": "Hình thức / lý do", "bo_sung": "Bổ sung", "rut_ten": "Rút tên",
    "so_lan": "Số lần triệu tập", "vang_co_ly_do": "Vắng có lý do", "vang_khong_ly_do": "Vắng không lý do",
    "ty_le_co_mat": "Tỷ lệ có mặt",
}


def display(value, column: str = "", kind: str = "") -> str:
    """A value as a person reads it: 66,67%, 14/04/2017, Có/Không, lists joined by commas."""
    import datetime as dt
    from .formatting import ngay_so, phan_tram, so
    if value is None:
        return ""
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
