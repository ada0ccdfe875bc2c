"""The report's computed sentences: natural Vietnamese, true for any valid data.

Each function takes the indicators (``indicators.compute``) and the names of the
unit (``names``) and returns a sentence, or "" when the data gives nothing to say.
Counts of people have two digits ("02 đồng chí"); a zero is said in words.
"""
from __future__ import annotations

from . import standard as std
from .formatting import dong_chi, phan_tram, thang_nam

REGIME = {"hang_thang": ("hàng tháng", "tháng"), "hang_quy": ("hàng quý", "quý")}


def people(n: int, what: str, none: str) -> str:
    """ "02 đồng chí thôi giữ nhiệm vụ", or ``none`` for zero."""
    return f"{dong_chi(n)} {what}" if n else none


def join_vi(items) -> str:
    """ "a", "a và b", "a, b và c"."""
    items = [i for i in items if i]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1] if items else ""


def finish(text: str) -> str:
    """``text`` stripped and ending with a full stop (unless it already ends a sentence)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def _secretary_counts(v):
    return v["bi_thu_thoi_nhiem_vu"], v["bi_thu_bau_bo_sung"] - v["bi_thu_chi_dinh"], v["bi_thu_chi_dinh"]


def _secretary_clause(v) -> str:
    ended, elected, appointed = _secretary_counts(v)
    parts = [people(ended, "thôi giữ nhiệm vụ", ""), people(elected, "bầu bổ sung", ""),
             people(appointed, "được chỉ định", "")]
    if ended and not (elected or appointed):
        parts.append("chưa bầu bổ sung")
    return ", ".join(p for p in parts if p)


def _member_clause(v, has: bool = False) -> str:
    left, added = v["uy_vien_rut_ten"], v["uy_vien_bo_sung"]
    parts = [people(left, "rút tên", ""), f"bổ sung {dong_chi(added)}" if added else ""]
    if left and not added:
        parts.append("chưa bổ sung")
    text = ", ".join(p for p in parts if p)
    return f"có {text}" if has and text else text


def changed(v) -> bool:
    return any(_secretary_counts(v)) or v["uy_vien_rut_ten"] or v["uy_vien_bo_sung"]


def personnel_changes(v, n, reason: str | None) -> str:
    """Paragraph 1: "Trong nhiệm kỳ, … có sự biến động về nhân sự, cụ thể: …"."""
    if not changed(v):
        return f"Trong nhiệm kỳ, nhân sự Ban Chấp hành {n['ten_doan']} không có biến động."
    parts = []
    if any(_secretary_counts(v)):
        parts.append(f"đối với chức danh Bí thư ({_secretary_clause(v)})")
    if v["uy_vien_rut_ten"] or v["uy_vien_bo_sung"]:
        parts.append(f"đối với Ủy viên Ban Chấp hành ({_member_clause(v)})")
    cause = f"do {reason.strip().rstrip('.')} nên " if reason else ""
    return (f"Trong nhiệm kỳ, {cause}Ban Chấp hành {n['ten_doan']} có sự biến động về nhân sự, cụ thể: "
            + ", ".join(parts) + ".")


def current_bch(v, n, tail: str = "") -> str:
    """Paragraph 2: "Hiện nay Ban Chấp hành … có 05 đồng chí. Các đồng chí được bổ sung … giữ …"."""
    count = v["so_uy_vien_hien_nay"]
    first = (f"Hiện nay Ban Chấp hành {n['ten_doan']} có {dong_chi(count)}." if count
             else f"Hiện nay Ban Chấp hành {n['ten_doan']} không còn đồng chí nào giữ chức vụ.")
    held, still = v["uy_vien_bo_sung_hien_giu"], v["uy_vien_bo_sung_hien_nay"]
    if not still:
        return first
    titles = ", ".join(held)
    who = "Các đồng chí được bổ sung vào Ban Chấp hành," if still > 1 else "Đồng chí được bổ sung vào Ban Chấp hành"
    which = "giữ các chức danh" if len(held) > 1 else "giữ chức danh"
    end = f" {finish(tail)}" if tail else "."
    return f"{first} {who} {which} {titles} {n['ten_doan']}{end}"


def activity(n, congress, style: str, tail: str) -> str:
    """ "Hoạt động của Ban Chấp hành … từ tháng 04 năm 2017 đến nay <tail>" — only with a tail to finish it."""
    if not (tail and congress):
        return ""
    return f"Hoạt động của Ban Chấp hành {n['ten_doan']} từ {thang_nam(congress, style)} đến nay {finish(tail)}"


def meeting_regime(v, settings, style: str) -> str:
    """I.2: whether the committed meeting regime was kept, with the measured figures."""
    word, unit = REGIME.get(settings.get("tan_suat_hop") or "hang_thang", REGIME["hang_thang"])
    congress = settings.get("ngay_dai_hoi")
    since = f"Từ {thang_nam(congress, style)} đến nay" if congress else "Trong nhiệm kỳ"
    total = v["so_cuoc_hop"]
    if not total:
        return f"{since}, Ban Chấp hành chưa tổ chức cuộc họp nào."
    held, periods = v["so_ky_co_hop"], v["so_ky"]
    if v["giu_tan_suat_hop"] and held == periods:
        regime = f"Ban Chấp hành họp định kỳ {word}."
    elif v["giu_tan_suat_hop"]:
        regime = (f"Ban Chấp hành họp định kỳ {word} ({held}/{periods} {unit} có cuộc họp định kỳ, "
                  f"đạt {phan_tram(v['ty_le_ky_co_hop'])}).")
    else:
        regime = (f"Ban Chấp hành chưa duy trì đều chế độ họp định kỳ {word}: có cuộc họp định kỳ trong "
                  f"{held}/{periods} {unit} ({phan_tram(v['ty_le_ky_co_hop'])}).")
    kinds = [f"{v['so_hop_dinh_ky']} cuộc họp định kỳ" if v["so_hop_dinh_ky"] else "",
             f"{v['so_hop_bat_thuong']} cuộc họp bất thường" if v["so_hop_bat_thuong"] else ""]
    detail = f"{since}, Ban Chấp hành đã tổ chức {total} cuộc họp ({', '.join(k for k in kinds if k)})"
    attended = [y for y in v["hop_theo_nam"] if y["trieu_tap"]]
    if attended:
        detail += f"; tỷ lệ ủy viên dự họp đạt {phan_tram(v['ty_le_du_hop'])}"
    return f"{regime} {detail}."


def ratings(v, n, settings) -> str:
    """I.3: the organisation's annual ratings — "hàng năm đều đạt …" only when every finished year says so."""
    rated = v["xep_loai_tap_the"]
    if not rated:
        return ""
    start, end = settings.get("nam_bat_dau"), settings.get("nam_ket_thuc")
    now_year = v["ngay_tinh_den"].year
    term = f"Trong nhiệm kỳ {start} - {end}, " if start and end else "Trong nhiệm kỳ, "
    years = {r["nam"] for r in rated}
    last_finished = min(now_year - 1, end) if end else now_year - 1
    every_year = len(years) >= 2 and all(y in years for y in range(start or min(years), last_finished + 1))
    labels = {r["xep_loai"] for r in rated}
    if every_year and len(labels) == 1:
        label = labels.pop()
        verb = "đạt danh hiệu" if label == std.HTXSNV else "được xếp loại"
        return f"{term}{n['ten_doan']} hàng năm đều {verb} {label[0].lower() + label[1:]}."
    runs = []
    for r in rated:
        if runs and runs[-1][0] == r["xep_loai"] and runs[-1][1][-1] == r["nam"] - 1:
            runs[-1][1].append(r["nam"])
        else:
            runs.append((r["xep_loai"], [r["nam"]]))
    listed = "; ".join(f"năm {', '.join(map(str, ys))}: {label}" for label, ys in runs)
    return f"{term}{n['ten_doan']} được xếp loại: {listed}."


def targets(v) -> str:
    table = v["chi_tieu"]
    if not table:
        return ""
    met = v["so_chi_tieu_dat"]
    missed = sum(1 for t in table if t["dat"] is False)
    unknown = sum(1 for t in table if t["dat"] is None)
    text = f"Đến nay, {met}/{len(table)} chỉ tiêu của Nghị quyết Đại hội đã đạt"
    if missed:
        text += f"; {missed} chỉ tiêu chưa đạt"
    if unknown:
        text += f"; {unknown} chỉ tiêu chưa có kết quả"
    return text + " (chi tiết tại Phụ lục)."


def personnel_weakness(v, n) -> str:
    """II: the first limitation, when the BCH changed during the term."""
    if not changed(v):
        return ""
    ended, elected, appointed = _secretary_counts(v)
    parts = []
    if elected or appointed:
        how = ", ".join(x for x in (f"bầu bổ sung {elected} lần" if elected else "",
                                   f"chỉ định {appointed} lần" if appointed else "") if x)
        parts.append(f"chức danh Bí thư được kiện toàn, {how}")
    elif ended:
        parts.append(f"chức danh Bí thư có {people(ended, 'thôi giữ nhiệm vụ', '')}, chưa được kiện toàn")
    if v["uy_vien_rut_ten"] or v["uy_vien_bo_sung"]:
        parts.append(f"đối với Ủy viên Ban Chấp hành {_member_clause(v, has=True)}")
    many = v["uy_vien_rut_ten"] + v["uy_vien_bo_sung"] >= 3 or elected + appointed >= 2
    return (f"Nhân sự Ban Chấp hành {n['ten_doan_ngan']} trong nhiệm kỳ có {'nhiều ' if many else ''}thay đổi: "
            + "; ".join(parts) + " cũng có ảnh hưởng đến hoạt động của Ban Chấp hành.")
