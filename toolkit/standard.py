"""The workbook standard, version 1.1, as data.

One definition drives the blank workbook (``blank.py``), the reader
(``reader.py``), the checker (``checks.py``) and the documentation
(``docs.py``).  The names here are the public contract of
``shared/spec/workbook-standard.md``: other units' workbooks depend on them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

VERSION = "1.1"          # 1.1 only adds optional settings, columns and sections: v1 workbooks stay valid
READS_MAJOR = 1          # workbooks of any 1.x version are read

# --- list values (canonical spelling, the one the toolkit prints) ------------
BI_THU = "Bí thư"
PHO_BI_THU = "Phó Bí thư"
UV_BTV = "Ủy viên Ban Thường vụ"
UV_BCH = "Ủy viên Ban Chấp hành"
POSITIONS = (BI_THU, PHO_BI_THU, UV_BTV, UV_BCH)  # highest first

ELECTED_AT_CONGRESS = "Bầu tại Đại hội"
BY_ELECTED = "Bầu bổ sung"
APPOINTED = "Chỉ định"
START_HOW = (ELECTED_AT_CONGRESS, BY_ELECTED, APPOINTED)
ADDED_DURING_TERM = (BY_ELECTED, APPOINTED)

CHANGED_POSITION = "Chuyển chức vụ"
STRUCK_OFF = "Xóa tên"
END_REASONS = ("Thôi giữ nhiệm vụ", "Rút tên", "Chuyển công tác", "Quá tuổi Đoàn",
               STRUCK_OFF, CHANGED_POSITION, "Khác")

REGULAR = "Định kỳ"
IRREGULAR = "Bất thường"
MEETING_KINDS = (REGULAR, IRREGULAR)
MEETING_FORMS = ("Trực tiếp", "Trực tuyến")

PRESENT = "Có mặt"
ABSENT_EXCUSED = "Vắng có lý do"
ABSENT_UNEXCUSED = "Vắng không lý do"
ATTENDANCE = (PRESENT, ABSENT_EXCUSED, ABSENT_UNEXCUSED)

AT_LEAST, AT_MOST = "Tối thiểu", "Tối đa"
TARGET_DIRECTIONS = (AT_LEAST, AT_MOST)

YES, NO = "Có", "Không"
SIGNING_FORMS = ("bi_thu", "kt_bi_thu", "pho_bi_thu")
GENDERS = ("Nam", "Nữ")
FEMALE = "Nữ"
ORGANISATION = "Tập thể"

HTXSNV = "Hoàn thành xuất sắc nhiệm vụ"
FAILED_RATINGS = ("Không hoàn thành nhiệm vụ", "Yếu")  # the lowest level, new scheme and old: a limitation (II)
RATINGS_NEW = (HTXSNV, "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", FAILED_RATINGS[0])
RATINGS_OLD_ORG = ("Vững mạnh", "Khá", "Trung bình", "Yếu")
RATINGS_OLD_MEMBER = ("Xuất sắc", "Khá", "Trung bình", "Yếu")
RATINGS = RATINGS_NEW + ("Vững mạnh", "Xuất sắc", "Khá", "Trung bình", "Yếu")
NEW_SCHEME_FROM = 2019

SECTIONS_SINCE = {"nhan_su": "1.1", "hoat_dong": "1.1"}
SECTIONS = {  # Mục of the Nội dung sheet → where it is printed
    "mo_dau": "Sau các đoạn mở đầu do công cụ tính",
    "nhan_su": "Nối tiếp câu về các đồng chí được bổ sung (cùng đoạn), ví dụ “và đảm bảo tiêu chuẩn …” (“và đều "
               "đảm bảo …” khi có từ hai đồng chí)",
    "hoat_dong": "Nối tiếp câu “Hoạt động của Ban Chấp hành … từ tháng … năm … đến nay” (cùng đoạn)",
    "pham_chat": "I.1 Về phẩm chất đạo đức và năng lực công tác",
    "sinh_hoat": "I.2 Về chế độ sinh hoạt (sau câu về chế độ họp do công cụ tính; gõ {che_do_hop} trong đoạn để "
                 "câu “Ban Chấp hành họp định kỳ …” đứng đúng chỗ đó)",
    "ket_qua": "I.3 Về kết quả thực hiện Nghị quyết Đại hội",
    "han_che": "II. Những mặt hạn chế (sau câu về biến động nhân sự do công cụ tính)",
    "bai_hoc": "III. Bài học kinh nghiệm",
}

# In a paragraph of the Nội dung sheet, the place of the computed meeting-regime claim ("Ban Chấp hành họp định
# kỳ hàng tháng."); tolerated as {{ che_do_hop }} too.  Replaced by plain text, never evaluated.  Added in v1.1.
MEETING_MARK = "{che_do_hop}"
MEETING_MARK_RE = re.compile(r"\{\{?\s*che_do_hop\s*\}\}?")

ALIASES = {  # common short forms people type, accepted as the canonical value
    "Ủy viên BCH": UV_BCH, "UV BCH": UV_BCH, "UVBCH": UV_BCH,
    "Ủy viên BTV": UV_BTV, "UV BTV": UV_BTV, "UVBTV": UV_BTV,
    "Phó bí thư": PHO_BI_THU, "HTXSNV": HTXSNV, "HTTNV": "Hoàn thành tốt nhiệm vụ",
    "HTNV": "Hoàn thành nhiệm vụ", "KHTNV": "Không hoàn thành nhiệm vụ",
    # the meeting regime written out, as its help says it ("hàng" and "hằng" are both in use)
    "hằng tháng": "hang_thang", "hàng tháng": "hang_thang", "hằng quý": "hang_quy", "hàng quý": "hang_quy",
}


@dataclass(frozen=True)
class Column:
    key: str                 # code identifier
    header: str              # the exact header of the standard
    kind: str = "text"       # text | int | year | date | choice | number | raw
    choices: tuple = ()
    required: bool = False   # a data row must fill it
    optional: bool = False   # a toolkit addition: the sheet may lack the column
    width: int = 16
    help: str = ""
    since: str = "1"         # version of the standard that added it


@dataclass(frozen=True)
class Sheet:
    key: str
    name: str
    columns: tuple
    required: bool = True
    help: str = ""
    aliases: tuple = ()      # other names people give the sheet ("BCH")

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Setting:
    code: str
    label: str
    kind: str = "text"       # text | lines | int | year | date | choice | ratio
    choices: tuple = ()
    default: object = None
    for_report: bool = False  # the report cannot be written without it
    help: str = ""
    since: str = "1"


C = Column
SETTINGS_SHEET = Sheet("settings", "Thông tin chung", (
    C("code", "Mã", required=True, width=22, help="Mã của thông tin (không sửa)"),
    C("label", "Nội dung", width=48, help="Diễn giải, có thể sửa tùy ý"),
    C("value", "Giá trị", "raw", width=48, help="Giá trị của đơn vị"),
), help="Mỗi dòng một thông tin chung của Đoàn và của báo cáo. Công cụ đọc theo cột Mã.")

MEMBERS = Sheet("members", "Ban Chấp hành", aliases=("BCH", "Danh sách BCH", "Danh sách Ban Chấp hành"), columns=(
    C("no", "STT", "int", width=6),
    C("name", "Họ và tên", required=True, width=26),
    C("gender", "Giới tính", "choice", GENDERS, required=True, width=10),
    C("birth_year", "Năm sinh", "year", width=10,
      help="Cần khi hai người cùng họ tên: khi đó các trang khác ghi “Họ và tên (năm sinh)”"),
    C("party", "Đảng viên", "choice", (YES, NO), required=True, width=11),
    C("position", "Chức vụ", "choice", POSITIONS, required=True, width=24),
    C("start_how", "Hình thức", "choice", START_HOW, required=True, width=17,
      help="Cách bắt đầu giữ chức vụ. Người chuyển sang chức vụ thấp hơn (thôi Bí thư, vẫn là Ủy viên): chọn "
           "cách người đó vào Ban Chấp hành"),
    C("start", "Từ ngày", "date", required=True, width=13),
    C("end", "Đến ngày", "date", width=13, help="Để trống nếu đang giữ chức vụ"),
    C("end_reason", "Lý do thôi", "choice", END_REASONS, width=18),
    C("note", "Ghi chú", width=24),
), help="Mỗi dòng là một người giữ một chức vụ trong một khoảng thời gian. Người được bầu "
        "Phó Bí thư rồi Bí thư có hai dòng: dòng trước kết thúc đúng ngày dòng sau bắt đầu "
        "(Lý do thôi: Chuyển chức vụ).")

MEETINGS = Sheet("meetings", "Họp BCH", aliases=("Họp Ban Chấp hành", "Cuộc họp", "Các cuộc họp"), columns=(
    C("no", "STT", "int", width=6),
    C("date", "Ngày họp", "date", required=True, width=13),
    C("kind", "Loại họp", "choice", MEETING_KINDS, required=True, width=12),
    C("form", "Hình thức họp", "choice", MEETING_FORMS, width=14),
    C("convened", "Số ủy viên triệu tập", "int", width=12,
      help="Để trống = số người đang giữ chức vụ ngày họp"),
    C("present", "Có mặt", "int", width=9),
    C("excused", "Vắng có lý do", "int", width=10),
    C("unexcused", "Vắng không lý do", "int", width=10),
    C("topics", "Nội dung chính", width=40),
    C("note", "Ghi chú", width=20),
), help="Mỗi dòng là một cuộc họp của Ban Chấp hành.")

ROLL_CALL = Sheet("roll_call", "Điểm danh", (
    C("date", "Ngày họp", "date", required=True, width=13),
    C("name", "Họ và tên", required=True, width=26),
    C("status", "Tình trạng", "choice", ATTENDANCE, required=True, width=18),
), required=False, help="Không bắt buộc. Mỗi dòng là một ủy viên trong một cuộc họp; "
                        "phải khớp với số liệu của trang Họp BCH.")

RATINGS_SHEET = Sheet("ratings", "Xếp loại", (
    C("year", "Năm", "year", required=True, width=8),
    C("subject", "Đối tượng", required=True, width=26,
      help="“Tập thể” cho tổ chức Đoàn, hoặc họ tên một người trong trang Ban Chấp hành"),
    C("rating", "Xếp loại", "choice", RATINGS, required=True, width=30),
    C("award", "Khen thưởng", width=30),
    C("note", "Ghi chú", width=20),
), help="Kết quả xếp loại hằng năm của tổ chức Đoàn (Tập thể) và của từng ủy viên.")

TARGETS = Sheet("targets", "Chỉ tiêu", (
    C("no", "STT", "int", width=6),
    C("target", "Chỉ tiêu", required=True, width=50),
    C("unit", "Đơn vị tính", width=12),
    C("goal", "Mục tiêu", "number", required=True, width=10,
      help="Số như đang hiện trong ô: 85 hay 85% đều là 85 (%); 1.000 là một nghìn, 12,5 là mười hai phẩy năm"),
    C("result", "Kết quả", "number", width=10, help="Để trống nếu chưa có kết quả; gõ như Mục tiêu"),
    C("note", "Ghi chú", width=20),
    C("direction", "Yêu cầu", "choice", TARGET_DIRECTIONS, width=12, optional=True,
      help="Tối thiểu (mặc định): đạt khi Kết quả ≥ Mục tiêu; Tối đa: đạt khi Kết quả ≤ Mục tiêu", since="1.1"),
), required=False, help="Không bắt buộc. Các chỉ tiêu của Nghị quyết Đại hội.")

NARRATIVE = Sheet("narrative", "Nội dung", (
    C("section", "Mục", "choice", tuple(SECTIONS), required=True, width=14),
    C("text", "Nội dung", "lines", required=True, width=100),
), help="Các đoạn văn của báo cáo, mỗi dòng một đoạn, in theo thứ tự trong trang; xuống dòng trong một ô "
        "(Alt+Enter) cũng bắt đầu một đoạn mới. Đoạn bắt đầu bằng “- ” là một gạch đầu dòng.")

SHEETS = (SETTINGS_SHEET, MEMBERS, MEETINGS, ROLL_CALL, RATINGS_SHEET, TARGETS, NARRATIVE)
PERCENT_SHEETS = (TARGETS,)  # sheets whose numbers may be typed as "85%" in a cell formatted as a percentage
INSTRUCTIONS, LISTS = "Hướng dẫn", "Danh mục"   # sheets of the blank workbook that hold no data
EXTRA_SHEETS = (INSTRUCTIONS, LISTS, "Chỉ số", "Kết quả kiểm tra", "xlwings.conf", "_xlwings.conf")

S = Setting
SETTINGS = (
    S("phien_ban_mau", "Phiên bản mẫu sổ", "version", default=VERSION, help="Không sửa"),
    S("don_vi", "Tên cơ quan, đơn vị có tổ chức Đoàn", for_report=True,
      help="Ví dụ: Sở Thông tin và Truyền thông"),
    S("don_vi_goi_tat", "Tên gọi tắt của đơn vị (không bắt buộc)",
      help="Ví dụ: Sở — in “Ban Chấp hành Đoàn Sở” từ lần nhắc thứ hai (khi tên đầy đủ dài) và ở mục II; "
           "để trống thì dùng tên đầy đủ", since="1.1"),
    S("doan_cap_tren", "Đoàn cấp trên trực tiếp (công nhận Ban Chấp hành)", for_report=True,
      help="Ví dụ: Đoàn Khối Dân – Chính – Đảng thành phố"),
    S("nhiem_ky_so", "Đại hội lần thứ / nhiệm kỳ số", "term", for_report=True,
      help="Số nguyên (5) hoặc số La Mã (V); in bằng chữ số La Mã"),
    S("nam_bat_dau", "Năm bắt đầu nhiệm kỳ", "year", for_report=True),
    S("nam_ket_thuc", "Năm kết thúc nhiệm kỳ", "year", for_report=True),
    S("ngay_dai_hoi", "Ngày Đại hội bầu Ban Chấp hành", "date", for_report=True,
      help="Ngày/tháng/năm"),
    S("dia_danh", "Địa danh ghi trước ngày tháng", for_report=True,
      help="Ví dụ: Thành phố Hồ Chí Minh"),
    S("so_ky_hieu", "Số, ký hiệu văn bản", default="-BC/ĐTN",
      help="Để trống thì in dấu chấm để ghi tay"),
    S("ngay_bao_cao", "Ngày ký báo cáo", "date",
      help="Để trống thì in “ngày ... tháng ... năm ...”"),
    S("du_thao", "In chữ “DỰ THẢO” (Có/Không)", "choice", (YES, NO), default=YES),
    S("kieu_ky", "Thể thức ký (không bắt buộc)", "choice", SIGNING_FORMS,
      help="bi_thu: TM. BAN CHẤP HÀNH / BÍ THƯ; kt_bi_thu: TM. BAN CHẤP HÀNH / KT. BÍ THƯ / PHÓ BÍ THƯ; "
           "pho_bi_thu: TM. BAN CHẤP HÀNH / PHÓ BÍ THƯ (khi khuyết Bí thư); để trống thì công cụ chọn theo người "
           "đang giữ chức vụ", since="1.1"),
    S("nguoi_ky", "Người ký", help="Để trống thì dùng người đang giữ chức vụ ký (Bí thư, hoặc Phó Bí thư)"),
    S("chuc_vu_ky", "Chức vụ người ký", "lines",
      help="Ví dụ: BÍ THƯ; ký thay: KT. BÍ THƯ và PHÓ BÍ THƯ trên hai dòng (Alt+Enter); để trống thì in theo thể "
           "thức ký"),
    S("noi_nhan", "Nơi nhận (mỗi dòng một nơi)", "lines",
      help="Để trống thì in Ban Thường vụ Đoàn cấp trên và Lưu"),
    S("ly_do_bien_dong", "Lý do biến động nhân sự (không bắt buộc)",
      help="Ví dụ: yêu cầu công tác cán bộ của Đảng, của Đoàn", since="1.1"),
    S("kieu_ngay", "Kiểu ghi ngày tháng", "choice", ("nd30", "day_du"), default="nd30",
      help="nd30: chỉ thêm số 0 cho ngày dưới 10 và tháng 1, 2; day_du: thêm cho mọi ngày, tháng"),
    S("tan_suat_hop", "Chế độ họp định kỳ đã cam kết", "choice", ("hang_thang", "hang_quy"),
      default="hang_thang", help="hang_thang (hằng tháng) hoặc hang_quy (hằng quý)"),
    S("nguong_dat_tan_suat", "Tỷ lệ kỳ có họp định kỳ để coi là giữ đúng chế độ họp", "ratio",
      default=0.9, help="0,9 hoặc 90 hoặc 90% (số đến 1 là tỷ lệ, số từ trên 1 đến 100 là phần trăm)"),
)
SETTINGS_BY_CODE = {s.code: s for s in SETTINGS}


def since_note(version: str) -> str:
    """" (từ mẫu v1.1)" for what a later version of the standard added; v1 items are unmarked."""
    return "" if version == "1" else f" (từ mẫu v{version})"


def list_columns():
    """Every (sheet, column) whose values come from a drop-down list."""
    return [(s, c) for s in SHEETS for c in s.columns if c.kind == "choice"]
