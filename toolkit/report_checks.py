"""What the report would say that the officer should look at first: warnings read from the same indicators
and sentences the report prints (a vacant post, years without a rating, a partial roll call, the signer, a
threshold that makes "kept" mean little, empty sections), so the checker and the report never disagree."""
from __future__ import annotations

from . import sentences, standard as std
from .indicators import MIN_KEPT, compute
from .formatting import half_up, so
from .text import dmy, key, lines

BCH_SIZE = (5, 15)   # members of a Đoàn cơ sở's BCH (Điều lệ Đoàn, HD 16-HD/TWĐTN-BTC)
LOW_THRESHOLD = MIN_KEPT / 100  # a regime "kept" in fewer than half the months is no regime


def check_report(ctx, today) -> None:
    """Warnings from the same values the report phrases: the report cannot say one thing and the checker
    another."""
    wb, report = ctx.wb, ctx.report
    v = compute(wb, today)
    signer = sentences.signature(v, wb.settings)
    if ctx.positions and v["khuyet_bi_thu"]:
        signs = (f" và người ký là {' / '.join(signer['chuc_danh'])} {signer['ho_ten']}" if signer["ho_ten"] else "")
        report.warning("secretary-vacant", f"Tại ngày báo cáo ({dmy(ctx.now)}) không ai giữ chức Bí thư: báo cáo "
                       f"sẽ ghi chức danh Bí thư đang khuyết{signs}.", wb.members.name)
    if ctx.positions:
        _signer(ctx, v, signer)
        _size(ctx, v)
    _threshold(ctx, v)
    for year in v["nam_chua_xep_loai"]:
        report.warning("rating-year-missing", f"Chưa có xếp loại “{std.ORGANISATION}” năm {year}: báo cáo sẽ ghi "
                       "năm này chưa có số liệu xếp loại và không nói “hàng năm đều …”.", wb.ratings.name,
                       fix=f"Hãy thêm dòng xếp loại “{std.ORGANISATION}” năm {year} nếu đã có.")
    if wb.roll_call.rows and v["so_cuoc_hop"] and v["so_hop_diem_danh"] < v["so_cuoc_hop"]:
        share = half_up(100 * v["so_hop_diem_danh"] / v["so_cuoc_hop"], 0)
        report.warning("partial-roll-call", f"Trang “{wb.roll_call.name}” chỉ có điểm danh của "
                       f"{v['so_hop_diem_danh']}/{v['so_cuoc_hop']} cuộc họp ({share}%): bảng dự họp của từng ủy viên "
                       "chỉ tính trên các cuộc họp này và báo cáo sẽ ghi rõ như vậy.", wb.roll_call.name)
    if ctx.positions and not signer["ho_ten"]:
        report.warning("no-signer", "Chưa xác định được người ký báo cáo (không có Bí thư, hoặc một Phó Bí thư, "
                       "tại ngày báo cáo): báo cáo để trống chức danh và họ tên người ký.",
                       *wb.setting_where("nguoi_ky"))
    _report_date(ctx, v)
    _percent_targets(ctx)
    _narrative(ctx, v)


def _report_date(ctx, v) -> None:
    """A term in progress with no report date: the figures run to today, and say so."""
    wb = ctx.wb
    if not wb.settings.get("ngay_bao_cao") and v["nhiem_ky_dang_dien_ra"]:
        ctx.report.warning("report-date-blank", f"Chưa điền ngày báo cáo: số liệu được tính đến hôm nay "
                           f"({dmy(v['ngay_tinh_den'])}), nhiệm kỳ chưa kết thúc, và báo cáo in “ngày ... tháng ... "
                           "năm ...”.", *wb.setting_where("ngay_bao_cao"),
                           fix="Nếu báo cáo tính đến một ngày khác, hãy điền ngày ký báo cáo vào dòng ngay_bao_cao.")


def _percent_targets(ctx) -> None:
    """A target counted in % whose goal or result is typed as a fraction (0,9): read as 0,9%, not 90%."""
    table = ctx.wb.targets
    for r in table.rows:
        if key(r["unit"] or "") not in PERCENT_UNITS:
            continue
        for column in ("goal", "result"):
            value = r[column]
            if isinstance(value, (int, float)) and 0 < value < 1:
                typed, meant = so(value, 4), so(value * 100)
                what = "Mục tiêu" if column == "goal" else "Kết quả"
                ctx.report.warning("target-fraction", f"Chỉ tiêu “{r['target']}” tính bằng %, {what} ghi {typed} nên "
                                   f"được đọc là {typed}% (không phải {meant}%) và so sánh như vậy.",
                                   table.name, table.cell(column, r.number),
                                   fix=f"Nếu ý là {meant}%, hãy ghi {meant} hoặc {meant}%.")


PERCENT_UNITS = frozenset({"%", "phần trăm", "tỷ lệ %", "tỷ lệ (%)", "(%)"})


def _narrative(ctx, v):
    table = ctx.wb.narrative
    if not table.usable("section", "text"):
        return
    filled = {r["section"] for r in table.rows if r["section"] and r["text"]}
    computed = {"ket_qua": sentences.targets(v) or v["xep_loai_tap_the"],
                "han_che": sentences.personnel_weakness(v, sentences.names(ctx.wb.settings))
                or sentences.regime_weakness(v, ctx.wb.settings) or sentences.targets_weakness(v)}
    headings = {"pham_chat": "I.1", "ket_qua": "I.3", "han_che": "II", "bai_hoc": "III"}
    for section, heading in headings.items():
        if section not in filled and not computed.get(section):
            ctx.report.warning("empty-section", f"Mục “{section}” chưa có đoạn nào: báo cáo sẽ có đề mục {heading} "
                               "mà không có nội dung.", table.name)
    _marks(ctx, table, v)
    lead = [line for r in table.rows if r["section"] == "mo_dau" for line in lines(r["text"]) if line.strip()]
    if lead and lead[-1].rstrip().endswith(":"):
        row = [r for r in table.rows if r["section"] == "mo_dau"][-1]
        ctx.report.warning("lead-in-colon", "Đoạn “mo_dau” cuối cùng kết thúc bằng dấu hai chấm, nhưng ngay sau nó "
                           "báo cáo in đoạn cố định “Với tinh thần thẳng thắn và trách nhiệm cao, … như sau:”, nên "
                           "dấu hai chấm không dẫn tới nội dung nào.", table.name, table.cell("text", row.number))
    rows = [r for r in table.rows if r["section"] == "nhan_su" and r["text"]]
    if rows and v["uy_vien_bo_sung_hien_nay"] == 1 and any(" đều " in f" {key(r['text'])} " for r in rows):
        ctx.report.warning("narrative-plural", "Mục “nhan_su” viết “đều …” nối tiếp câu “… 01 đồng chí được bổ sung "
                           "trong nhiệm kỳ”: chỉ có một người nên câu đọc sai.", table.name,
                           table.cell("text", rows[0].number), fix="Bỏ chữ “đều” trong đoạn “nhan_su”.")
    if rows and not v["uy_vien_bo_sung_hien_nay"]:
        ctx.report.warning("narrative-not-printed", "Mục “nhan_su” nối tiếp câu về các ủy viên được bổ sung đang "
                           "giữ chức vụ, nhưng sổ không có ai như vậy nên đoạn này sẽ không được in.", table.name,
                           table.cell("section", rows[0].number))


def _marks(ctx, table, v) -> None:
    """The mark {che_do_hop} stands between two sentences (the claim it becomes is a whole sentence, or nothing);
    braces that are not the mark are printed as typed; the mark twice says the claim twice; a mark whose claim is
    empty (regime not kept) leaves the officer's words around it alone, to be read again."""
    marked = []
    for r in table.rows:
        where = table.cell("text", r.number)
        for text in lines(r["text"]):  # each line of a cell is a paragraph
            marked += _mark_lines(ctx, table, text, where)
    for where in marked[1:]:
        ctx.report.warning("meeting-mark-repeated", f"{std.MEETING_MARK} xuất hiện hơn một lần: câu về chế độ họp "
                           "sẽ được in ở mỗi chỗ.", table.name, where)
    if marked and not sentences.meeting_claim(v, ctx.wb.settings):
        ctx.report.warning("meeting-claim-empty", f"Chế độ họp định kỳ chưa được giữ đúng (hoặc chưa đo được) nên chỗ "
                           f"{std.MEETING_MARK} sẽ để trống, còn mục II nêu hạn chế này: hãy đọc lại đoạn văn quanh "
                           "nó để không mâu thuẫn.", table.name, marked[0])


def _mark_lines(ctx, table, text: str, where: str) -> list:
    """Where ``text`` (one paragraph) holds the mark; an error when it stands inside a sentence, a warning for
    braces that are not the mark."""
    marked = []
    for m in std.MEETING_MARK_RE.finditer(text):
        marked.append(where)
        before, after = text[:m.start()].rstrip(), text[m.end():].lstrip()
        if (before and not before.endswith((".", "!", "?", "…"))) or (after and not _starts_sentence(after)):
            ctx.report.error("meeting-mark-position", f"{std.MEETING_MARK} đứng giữa câu: câu “Ban Chấp hành "
                             "họp định kỳ …” là một câu trọn vẹn (và không được in khi chưa giữ đúng chế độ họp), "
                             "nên đoạn văn sẽ bị vỡ.", table.name, where)
    rest = std.MEETING_MARK_RE.sub("", text)
    if "{" in rest or "}" in rest:
        ctx.report.warning("narrative-braces", "Đoạn văn có dấu ngoặc nhọn { } nhưng không phải "
                           f"{std.MEETING_MARK}: phần này sẽ được in nguyên văn.", table.name, where)
    return marked


def _starts_sentence(text: str) -> bool:
    return text[0].isupper() or text[0].isdigit() or text[0] in "“\"(‘'-"


def _signer(ctx, v, signer) -> None:
    """The name and title typed for the signature agree with who holds what on the report date."""
    wb, report = ctx.wb, ctx.report
    typed, post, titles = wb.settings.get("nguoi_ky"), signer["chuc_vu_hien_giu"], signer["chuc_danh"]
    where = wb.setting_where("nguoi_ky")
    if typed and post is None and signer["trung_ten"]:
        bare = "" if titles else " mà không có chức danh"
        report.warning("signer-title", f"Có nhiều người tên “{typed}” trong Ban Chấp hành: chưa rõ ai ký, nên báo "
                       f"cáo in tên này{bare}.", *where,
                       fix=f"Ghi kèm năm sinh như ở trang Ban Chấp hành, ví dụ “{typed} (1995)”.")
    elif typed and post is None:
        report.warning("signer-title", f"Người ký “{typed}” không giữ chức vụ nào trong Ban Chấp hành tại ngày báo "
                       f"cáo ({dmy(ctx.now)}), nhưng báo cáo vẫn in tên này.", *where,
                       fix="Kiểm tra lại nguoi_ky (có thể còn tên của người đã thôi), hoặc để trống để công cụ chọn "
                           "người ký.")
    elif typed and titles and key(titles[-1]) != key(post):
        report.warning("signer-title", f"Người ký “{typed}” đang là {post} nhưng báo cáo in chức danh "
                       f"“{' / '.join(titles)}”.", *wb.setting_where("chuc_vu_ky"),
                       fix="Sửa chuc_vu_ky (hoặc kieu_ky) cho đúng chức vụ của người ký, hoặc để trống.")
    if typed and post not in (None, std.BI_THU, std.PHO_BI_THU):
        report.warning("signer-title", f"Người ký “{typed}” là {post}: báo cáo thay mặt Ban Chấp hành do Bí thư "
                       "ký, hoặc Phó Bí thư ký thay (KT. BÍ THƯ).", *where,
                       fix="Để trống nguoi_ky để Bí thư ký, hoặc ghi tên Phó Bí thư.")
    if titles and key(titles[0]) == key(std.PHO_BI_THU) and not v["khuyet_bi_thu"]:
        report.warning("signer-title", "Đang có Bí thư nhưng chữ ký chỉ ghi “PHÓ BÍ THƯ”: Phó Bí thư ký thay Bí "
                       "thư phải ghi “KT. BÍ THƯ” ở dòng trên.", *wb.setting_where("kieu_ky"),
                       fix="Chọn kieu_ky kt_bi_thu, hoặc để trống để công cụ chọn theo người ký.")
    if any(t.startswith("KT.") for t in titles) and v["khuyet_bi_thu"]:
        report.warning("signer-title", "Thể thức “KT. BÍ THƯ” (ký thay Bí thư) nhưng tại ngày báo cáo không có Bí "
                       "thư.", *wb.setting_where("kieu_ky"),
                       fix="Khi khuyết Bí thư, Phó Bí thư ký “TM. BAN CHẤP HÀNH / PHÓ BÍ THƯ”: chọn kieu_ky "
                           "pho_bi_thu hoặc để trống.")


def _size(ctx, v) -> None:
    low, high = BCH_SIZE
    n = v["so_uy_vien_hien_nay"]
    if n and not low <= n <= high:
        ctx.report.warning("bch-size", f"Ban Chấp hành hiện có {n:02d} đồng chí, {'ít' if n < low else 'nhiều'} hơn "
                           f"số {low:02d}–{high:02d} ủy viên của Ban Chấp hành Đoàn cơ sở theo Điều lệ Đoàn.",
                           ctx.wb.members.name)


def _threshold(ctx, v) -> None:
    """A threshold under half: say what the report will print with the data as it is."""
    wb = ctx.wb
    threshold = wb.settings.get("nguong_dat_tan_suat")
    if threshold is None or threshold >= LOW_THRESHOLD:
        return
    unit = "quý" if wb.settings.get("tan_suat_hop") == "hang_quy" else "tháng"
    shown = f"{threshold * 100:g}%".replace(".", ",")
    now = ""
    if v["ty_le_ky_co_hop"] is not None:
        verdict = "Ban Chấp hành họp định kỳ" if v["giu_tan_suat_hop"] else "chưa duy trì đều chế độ họp định kỳ"
        now = (f": với số liệu hiện có ({v['so_ky_co_hop']}/{v['so_ky']} {unit} có họp định kỳ, "
               f"{sentences.phan_tram(v['ty_le_ky_co_hop'])}), báo cáo sẽ ghi “{verdict}”")
    ctx.report.warning("low-threshold", f"Ngưỡng giữ chế độ họp đang đọc là {shown} số {unit} (dưới 50% số {unit} "
                       f"thì báo cáo không bao giờ ghi là giữ chế độ họp){now}.",
                       *wb.setting_where("nguong_dat_tan_suat"),
                       fix="Nếu định ghi 90%, hãy ghi 0,9 hoặc 90% (số 9 được đọc là 9%).")
