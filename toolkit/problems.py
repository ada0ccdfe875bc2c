"""Problems found in a workbook or a template: typed, catalogued, positioned, for people and programs.

Every problem has a code from ``CATALOG`` (its level, a Vietnamese title and what to do), a Vietnamese
message saying what is wrong here, the fix for this case, and where: the sheet and the cell
(``Ban Chấp hành!H7``), or a place in a template ("bảng 2, dòng 3, ô 1").  The level comes from the catalog
only, so one kind of problem always has one severity.  ``docs/thong-bao.md`` is generated from the catalog.
"""
from __future__ import annotations

from dataclasses import dataclass, field

ERROR, WARNING = "error", "warning"
LEVEL_WORDS = {ERROR: "lỗi", WARNING: "cảnh báo"}


@dataclass(frozen=True)
class ProblemType:
    code: str
    level: str
    title: str   # Vietnamese: what kind of problem
    fix: str     # Vietnamese: what to do, in general


E, W = ERROR, WARNING
_TYPES = (
    # --- files ------------------------------------------------------------------------------------
    ("unreadable-workbook", E, "Không đọc được tệp sổ", "Mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại."),
    ("unreadable-template", E, "Không đọc được mẫu báo cáo", "Mở mẫu bằng Word, lưu lại dạng .docx."),
    # --- the form of the workbook (reader) -------------------------------------------------------
    ("missing-sheet", E, "Thiếu trang bắt buộc", "Thêm trang hoặc đổi tên trang cho đúng mẫu sổ."),
    ("duplicate-column", E, "Một cột xuất hiện hai lần", "Xóa hoặc đổi tên một trong hai cột."),
    ("missing-column", E, "Thiếu cột bắt buộc", "Thêm cột, hoặc sửa tiêu đề cột cho đúng mẫu."),
    ("missing-optional-column", W, "Thiếu cột không bắt buộc", "Thêm cột nếu cần ghi thông tin này."),
    ("formula-without-value", E, "Ô có công thức nhưng chưa có giá trị",
     "Mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi thử lại."),
    ("bad-value", E, "Giá trị không đúng kiểu", "Sửa giá trị theo hướng dẫn của cột."),
    ("missing-value", E, "Ô bắt buộc còn trống", "Điền giá trị vào ô."),
    ("legacy-encoding", W, "Chữ gõ bằng phông cũ (TCVN3/VNI)",
     "Chuyển sang Unicode (ví dụ bằng Unikey: Công cụ chuyển mã) rồi lưu lại."),
    ("invisible-characters", W, "Ô có ký tự vô hình", "Gõ lại nội dung ô (ký tự điều khiển hướng chữ, ký tự "
     "độ rộng 0 đã được bỏ khi đọc)."),
    ("hidden-sheet", W, "Trang dữ liệu bị ẩn trong khi một trang giống tên đang hiện",
     "Xóa trang ẩn hoặc đổi tên trang đang hiện cho đúng mẫu."),
    ("unknown-setting", W, "Mã thông tin chung không thuộc mẫu", "Kiểm tra lỗi chính tả của mã."),
    ("duplicate-setting", E, "Mã thông tin chung khai hai lần", "Xóa một dòng."),
    ("bad-setting", E, "Thông tin chung không đúng kiểu", "Sửa giá trị theo hướng dẫn của mã."),
    # --- settings ----------------------------------------------------------------------------------
    ("unsupported-version", E, "Sổ theo phiên bản mẫu khác", "Chép số liệu sang sổ mẫu mới."),
    ("term-years", E, "Năm nhiệm kỳ không hợp lý", "Sửa năm bắt đầu hoặc năm kết thúc nhiệm kỳ."),
    ("congress-outside-term", E, "Ngày Đại hội ngoài nhiệm kỳ", "Sửa ngày Đại hội hoặc năm của nhiệm kỳ."),
    ("report-before-congress", E, "Ngày báo cáo trước ngày Đại hội", "Sửa ngày báo cáo."),
    ("unit-name", W, "Tên đơn vị bắt đầu bằng “Đoàn”", "Ghi tên cơ quan, ví dụ “Sở Thông tin và Truyền thông”."),
    ("long-unit-name", W, "Tên đơn vị dài, chưa có tên gọi tắt", "Điền tên gọi tắt (mã don_vi_goi_tat), ví dụ “Sở”."),
    ("low-threshold", W, "Ngưỡng giữ chế độ họp dưới 50%", "Ghi ngưỡng dạng 0,9 hoặc 90%."),
    ("missing-setting", E, "Thiếu thông tin cần để lập báo cáo", "Điền vào cột Giá trị của dòng có mã này."),
    ("no-members", E, "Chưa có danh sách Ban Chấp hành", "Nhập danh sách Ban Chấp hành."),
    # --- personnel ---------------------------------------------------------------------------------
    ("end-before-start", E, "Ngày thôi trước ngày bắt đầu", "Sửa lại một trong hai ngày."),
    ("reason-without-end", E, "Có lý do thôi nhưng chưa có ngày thôi",
     "Điền ngày thôi giữ chức vụ, hoặc xóa lý do nếu người này còn giữ chức vụ."),
    ("end-without-reason", W, "Có ngày thôi nhưng chưa có lý do", "Chọn lý do trong danh sách."),
    ("before-congress", E, "Chức vụ bắt đầu trước Đại hội", "Sửa lại ngày bắt đầu."),
    ("late-congress-start", W, "“Bầu tại Đại hội” nhưng bắt đầu muộn",
     "Chọn “Bầu bổ sung” hoặc “Chỉ định”, hoặc sửa ngày."),
    ("overlapping-positions", E, "Một người giữ hai chức vụ cùng lúc",
     "Điền “Đến ngày” của chức vụ trước bằng ngày bắt đầu chức vụ mới."),
    ("change-without-next", E, "“Chuyển chức vụ” nhưng không có chức vụ mới",
     "Thêm dòng chức vụ mới bắt đầu đúng ngày đó, hoặc chọn lý do khác."),
    ("inconsistent-person", W, "Thông tin một người khác nhau giữa các dòng", "Sửa cho thống nhất."),
    ("ambiguous-person", E, "Hai người trùng tên, dòng chưa có năm sinh", "Điền Năm sinh để biết là ai."),
    ("same-name", W, "Hai người cùng họ tên", "Ở các trang khác ghi kèm năm sinh: “Họ và tên (năm sinh)”."),
    ("two-holders", E, "Hai người cùng giữ một chức danh",
     "Điền “Đến ngày” cho người thôi giữ chức, không muộn hơn ngày người kia bắt đầu."),
    ("after-now", W, "Ngày sau ngày báo cáo", "Kiểm tra lại ngày, hoặc ngày báo cáo (ngay_bao_cao)."),
    ("outside-term", W, "Ngày, năm ngoài nhiệm kỳ", "Kiểm tra lại ngày."),
    ("secretary-vacant", W, "Chức danh Bí thư đang khuyết",
     "Nếu đã có Bí thư, thêm dòng của người đó vào trang Ban Chấp hành."),
    ("no-signer", W, "Chưa xác định được người ký", "Điền nguoi_ky và chuc_vu_ky (hoặc kieu_ky)."),
    ("signer-title", W, "Người ký, chức danh ký không khớp với Ban Chấp hành", "Sửa nguoi_ky, chuc_vu_ky hoặc kieu_ky."),
    ("bch-size", W, "Số ủy viên ngoài khoảng 05–15", "Kiểm tra danh sách Ban Chấp hành."),
    ("early-by-election", W, "“Bầu bổ sung” ngay ngày Đại hội", "Nếu được bầu tại Đại hội (kể cả bầu lần hai), "
     "chọn “Bầu tại Đại hội”."),
    # --- meetings and roll call --------------------------------------------------------------------
    ("convened-above-members", E, "Số triệu tập lớn hơn số ủy viên", "Kiểm tra lại số ủy viên triệu tập."),
    ("present-above-convened", E, "Số có mặt lớn hơn số triệu tập", "Sửa lại số có mặt."),
    ("attendance-sum", E, "Có mặt + vắng lớn hơn số triệu tập", "Sửa lại các số."),
    ("no-meetings", W, "Chưa có cuộc họp nào", "Nhập các cuộc họp vào trang Họp BCH."),
    ("no-attendance", W, "Chưa ghi số có mặt", "Điền số có mặt của cuộc họp."),
    ("roll-call-without-meeting", E, "Điểm danh cho ngày không có cuộc họp", "Thêm cuộc họp hoặc sửa ngày."),
    ("duplicate-roll-call", E, "Một người được điểm danh hai lần", "Xóa một dòng."),
    ("not-in-office", E, "Điểm danh người không giữ chức vụ",
     "Kiểm tra ngày họp hoặc thời gian giữ chức vụ."),
    ("roll-call-mismatch", E, "Điểm danh không khớp số liệu cuộc họp", "Sửa cho khớp."),
    ("partial-roll-call", W, "Điểm danh chưa đủ các cuộc họp",
     "Nếu có biên bản các cuộc họp còn lại, hãy nhập điểm danh của chúng; nếu không, có thể để như vậy."),
    ("attendance-short", W, "Có mặt và vắng chưa đủ số triệu tập",
     "Kiểm tra số có mặt, vắng có lý do, vắng không lý do theo biên bản (tỷ lệ dự họp tính trên số triệu tập)."),
    ("roll-call-same-day", W, "Hai cuộc họp cùng ngày có điểm danh",
     "Nếu được, ghi mỗi cuộc họp một ngày; nếu không, kiểm tra số có mặt của từng cuộc bằng biên bản."),
    ("absent-in-a-row", W, "Vắng không lý do nhiều kỳ liên tiếp",
     "Ban Chấp hành xem xét xóa tên và báo cáo Đoàn cấp trên (Điều lệ Đoàn)."),
    ("unknown-person", E, "Họ tên không có trong trang Ban Chấp hành", "Sửa họ tên cho đúng như trang Ban Chấp hành."),
    ("ambiguous-name", E, "Họ tên trùng, chưa rõ là ai", "Ghi kèm năm sinh: “Họ và tên (năm sinh)”."),
    # --- ratings -----------------------------------------------------------------------------------
    ("rating-for-member", E, "Mức xếp loại của đoàn viên dùng cho tổ chức",
     "Chọn mức xếp loại của tổ chức Đoàn."),
    ("rating-for-organisation", E, "Mức xếp loại của tổ chức dùng cho đoàn viên", "Chọn mức xếp loại của đoàn viên."),
    ("old-rating-scheme", W, "Mức xếp loại cũ cho năm từ 2019", "Chọn một trong 4 mức xếp loại mới."),
    ("duplicate-rating", E, "Hai dòng xếp loại cùng năm", "Xóa một dòng."),
    ("report-date-blank", W, "Chưa điền ngày báo cáo khi nhiệm kỳ chưa kết thúc",
     "Điền ngày ký báo cáo (ngay_bao_cao) để số liệu tính đến ngày đó."),
    ("target-fraction", W, "Chỉ tiêu tính bằng % ghi dạng phân số",
     "Nếu ý là 90%, hãy ghi 90 hoặc 90% (0,9 được đọc là 0,9%)."),
    ("rating-year-missing", W, "Năm chưa có xếp loại tổ chức Đoàn", "Thêm dòng xếp loại “Tập thể” của năm đó."),
    # --- rows and narrative ------------------------------------------------------------------------
    ("duplicate-row", E, "Dòng trùng lặp", "Xóa dòng thừa."),
    ("duplicate-paragraph", W, "Đoạn văn trùng lặp", "Xóa dòng thừa."),
    ("empty-section", W, "Mục báo cáo chưa có nội dung", "Thêm đoạn văn có Mục này ở trang Nội dung."),
    ("narrative-braces", W, "Dấu { } trong đoạn văn không phải {che_do_hop}",
     "Gõ đúng {che_do_hop} để đặt câu về chế độ họp vào chỗ đó; nếu không cần, bỏ dấu { }."),
    ("meeting-mark-repeated", W, "{che_do_hop} xuất hiện nhiều lần", "Chỉ giữ {che_do_hop} ở một đoạn."),
    ("meeting-mark-position", E, "{che_do_hop} đứng giữa câu",
     "Đặt {che_do_hop} giữa hai câu: sau dấu chấm của câu trước và trước chữ hoa mở đầu câu sau (hoặc ở đầu, "
     "cuối đoạn)."),
    ("meeting-claim-empty", W, "Chỗ {che_do_hop} sẽ để trống",
     "Sửa các câu quanh {che_do_hop} cho đúng với số liệu họp (xem mục II của báo cáo)."),
    ("lead-in-colon", W, "Đoạn mở đầu kết thúc bằng dấu hai chấm",
     "Kết thúc đoạn “mo_dau” bằng dấu chấm: đoạn sau nó là đoạn cố định “… như sau:”."),
    ("narrative-plural", W, "“đều” nói về một người", "Bỏ chữ “đều” trong đoạn “nhan_su”."),
    ("narrative-not-printed", W, "Đoạn văn sẽ không được in",
     "Chuyển nội dung sang Mục “mo_dau” nếu vẫn cần."),
    # --- templates ---------------------------------------------------------------------------------
    ("unclosed-tag", E, "Thẻ chưa đóng", "Thêm }} hoặc %} cho thẻ."),
    ("split-tag", E, "Thẻ bị Word tách", "Xóa thẻ rồi gõ lại liền một lần, không đổi định dạng giữa thẻ."),
    ("bad-tag", E, "Thẻ sai cú pháp", "Sửa thẻ theo cú pháp Jinja."),
    ("row-tag-outside-table", E, "Thẻ dòng bảng ở ngoài bảng", "Dùng {%p … %} ngoài bảng."),
    ("block-across-paragraphs", E, "Thẻ mở và đóng ở hai đoạn khác nhau",
     "Dùng {%p … %} để lặp/ẩn cả đoạn, {%tr … %} để lặp dòng bảng."),
    ("block-across-cells", E, "Thẻ mở và đóng ở hai ô bảng khác nhau",
     "Mỗi ô tự đóng thẻ của mình; để lặp dòng, dùng {%tr for … %}."),
    ("bad-template", E, "Mẫu có thẻ sai", "Sửa thẻ theo cú pháp Jinja."),
    ("unknown-variable", E, "Biến không có trong danh mục", "Dùng tên trong danh mục chỉ số và biến của mẫu."),
    ("template-macro", E, "Mẫu có macro", "Lưu lại mẫu dạng Tài liệu Word (.docx)."),
    ("template-active-content", E, "Mẫu có macro hoặc đối tượng nhúng chạy được",
     "Xóa đối tượng nhúng (OLE, ActiveX) và macro khỏi mẫu rồi lưu lại dạng .docx."),
    ("template-external", E, "Mẫu tham chiếu ra ngoài tệp",
     "Chèn hình ảnh, nội dung trực tiếp vào mẫu thay vì liên kết tới tệp hay địa chỉ bên ngoài."),
    ("template-field", E, "Mẫu có trường lấy nội dung từ bên ngoài",
     "Xóa trường đó (Alt+F9 để xem mã trường trong Word)."),
)
CATALOG = {code: ProblemType(code, level, title, fix) for code, level, title, fix in _TYPES}


@dataclass(frozen=True)
class Problem:
    code: str         # a key of CATALOG
    message: str      # Vietnamese: what is wrong here
    sheet: str = ""   # or, for a template, the part ("thân văn bản")
    cell: str = ""    # "H7", or a place in a template; empty when it concerns the whole sheet or file
    fix: str = ""     # Vietnamese: what to do here (the catalog's advice when not given)

    @property
    def level(self) -> str:
        return CATALOG[self.code].level

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell

    @property
    def advice(self) -> str:
        return self.fix or CATALOG[self.code].fix

    def as_dict(self) -> dict:
        return {"code": self.code, "level": self.level, "sheet": self.sheet, "cell": self.cell,
                "message": self.message, "fix": self.advice}


@dataclass
class Report:
    """What a check found, in the order found."""
    problems: list = field(default_factory=list)

    def add(self, code, message, sheet="", cell="", fix=""):
        if code not in CATALOG:
            raise KeyError(f"problem code not in the catalog: {code}")
        self.problems.append(Problem(code, message, sheet, cell, fix))

    error = warning = add  # the level is the catalog's; these names only make call sites read well

    def extend(self, other: "Report"):
        self.problems.extend(other.problems)

    @property
    def errors(self):
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self):
        return [p for p in self.problems if p.level == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self):
        return [p.code for p in self.problems]

    def as_dict(self) -> dict:
        return {"ok": self.ok, "errors": len(self.errors), "warnings": len(self.warnings),
                "problems": [p.as_dict() for p in self.problems]}

    def to_table(self) -> str:
        """A plain-text table: mức độ, vị trí, nội dung (and what to do) — errors first."""
        rows = sorted(self.problems, key=lambda p: p.level != ERROR)
        if not rows:
            return ""
        where_w = max(len("Vị trí"), *(len(p.where) for p in rows))
        level_w = max(len(w) for w in LEVEL_WORDS.values())
        lines = [f"{'Mức độ':<{level_w}}  {'Vị trí':<{where_w}}  Nội dung",
                 f"{'-' * level_w}  {'-' * where_w}  {'-' * 40}"]
        lines += [f"{LEVEL_WORDS[p.level]:<{level_w}}  {p.where:<{where_w}}  {p.message} {p.advice}" for p in rows]
        return "\n".join(lines)


def to_json(data: dict) -> str:
    import json
    return json.dumps(data, ensure_ascii=False, indent=2, default=_plain)


def _plain(obj):
    import datetime as dt
    if isinstance(obj, dt.date):
        return obj.isoformat()
    raise TypeError(type(obj).__name__)
