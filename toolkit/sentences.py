"""The report's computed sentences: natural Vietnamese, true for any valid data.

Each function phrases indicators (``indicators.compute``), never judges on its own: whether a post is vacant,
the regime kept, every year rated alike, the attendance known — all are indicators.  ``n`` holds the unit's
names (``names``).  A function returns "" when the data gives nothing to say.  Counts of people have two
digits ("02 đồng chí"); a zero is said in words; "lượt" is added where times differ from people.
"""
from __future__ import annotations

import re

from . import standard as std
from .formatting import dong_chi, phan_tram, thang_nam
from .text import key

REGIME = {"hang_thang": ("hàng tháng", "tháng"), "hang_quy": ("hàng quý", "quý")}
LONG_NAME = 40  # characters of don_vi from which later mentions use the short name
SIGNING_TITLES = {"bi_thu": ["BÍ THƯ"], "kt_bi_thu": ["KT. BÍ THƯ", "PHÓ BÍ THƯ"], "pho_bi_thu": ["PHÓ BÍ THƯ"]}
ON_BEHALF = "TM. BAN CHẤP HÀNH"


def names(settings) -> dict:
    unit = settings.get("don_vi") or ""
    short = settings.get("don_vi_goi_tat") or unit
    full, brief = f"Đoàn {unit}", f"Đoàn {short}"
    return {"ten_don_vi": unit, "ten_doan": full, "ten_doan_ngan": brief,
            "ten_doan_sau": brief if len(unit) > LONG_NAME else full}


def people(n: int, what: str, times: int | None = None) -> str:
    """ "02 đồng chí thôi giữ nhiệm vụ", "02 đồng chí thôi giữ nhiệm vụ 03 lượt"; "" for zero."""
    if not n:
        return ""
    extra = f" {times:02d} lượt" if times and times != n else ""  # no brackets: the clause sits in some
    return f"{dong_chi(n)} {what}{extra}"


def finish(text: str) -> str:
    """``text`` stripped and ending with a full stop (unless it already ends a sentence)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def _join(parts, sep=", ") -> str:
    return sep.join(p for p in parts if p)


# --- personnel ----------------------------------------------------------------------------------

def _posts(v) -> list:
    """The posts the report names one by one: the Bí thư whenever it changed, the others when a change of
    post happened inside the BCH (not told by the members who joined or left)."""
    out = []
    for post in v["bien_dong_chuc_danh"]:
        changed = post["thoi_nhiem_vu"] or post["bo_sung"] or post["chuyen_len"]
        if changed and (post["chuc_vu"] == std.BI_THU or post["trong_bch"]):
            out.append(post)
    return out


def _moved_up(post) -> list:
    """ "01 đồng chí chuyển sang giữ chức danh Bí thư": who left this post for one above it (not "thôi")."""
    return [people(r["so_luong"], f"chuyển sang giữ chức danh {r['chuc_vu']}") for r in post["chuyen_len"]]


def _post_clause(post) -> str:
    parts = [people(post["thoi_nhiem_vu"], "thôi giữ nhiệm vụ", post["thoi_nhiem_vu_luot"]), *_moved_up(post),
             people(post["bau_bo_sung"], "bầu bổ sung", post["bau_bo_sung_luot"]),
             people(post["chi_dinh"], "được chỉ định", post["chi_dinh_luot"])]
    if post["chua_bo_sung_du"]:  # a seat still empty
        parts.append("chưa bầu bổ sung đủ" if post["bo_sung"] else "chưa bầu bổ sung")
    return _join(parts)


def _member_clause(v) -> str:
    """Members: who is out now (rút tên, bị xóa tên), who joined, who left and is back."""
    joined, back, struck = v["uy_vien_bo_sung"], v["uy_vien_tro_lai"], v["uy_vien_xoa_ten"]
    # left, came back, left again (or was struck off): the return is told, never "rút tên 02 lượt" alone
    again, again_struck = v["uy_vien_tro_lai_roi_di"], v["uy_vien_tro_lai_xoa_ten"]
    returns = v["uy_vien_tro_lai_roi_di_luot"] - again  # each return of theirs followed a departure
    withdrew = v["uy_vien_rut_ten"] - struck - again
    parts = [people(withdrew, "rút tên", v["uy_vien_rut_ten_luot"] - v["uy_vien_tro_lai_roi_di_luot"]),
             people(struck - again_struck, "bị xóa tên"),
             f"bổ sung {dong_chi(joined)}" if joined else "",
             people(back, "rút tên rồi được bổ sung trở lại", v["uy_vien_tro_lai_luot"]),
             people(again, f"rút tên, được bổ sung trở lại{f' {returns:02d} lượt' if returns > again else ''} "
                           "rồi lại rút tên"),
             people(again_struck, "rút tên, được bổ sung trở lại rồi bị xóa tên")]
    if v["uy_vien_rut_ten"] and not (joined or back):
        parts.append("chưa bổ sung")
    return _join(parts, "; " if any("," in p for p in parts) else ", ")  # a clause with a comma: one person


def _post_name(post) -> str:
    return "chức danh " + post["chuc_vu"] if post["chuc_vu"] != std.UV_BTV else post["chuc_vu"]


def personnel_changes(v, n, reason: str | None) -> str:
    """Paragraph 1: "Trong nhiệm kỳ, … có sự biến động về nhân sự, cụ thể: …" — every change, or none."""
    if not v["co_bien_dong"]:
        return f"Trong nhiệm kỳ, nhân sự Ban Chấp hành {n['ten_doan_sau']} không có biến động."
    parts = [f"đối với {_post_name(post)} ({_post_clause(post)})" for post in _posts(v)]
    members = _member_clause(v)
    if members:
        parts.append(f"đối với Ủy viên Ban Chấp hành ({members})")
    cause = f"do {reason.strip().rstrip('.')} nên " if reason else ""
    return (f"Trong nhiệm kỳ, {cause}Ban Chấp hành {n['ten_doan_sau']} có sự biến động về nhân sự, cụ thể: "
            + ", ".join(parts) + ".")


def vacant_posts(v) -> list:
    return [p for p, vacant in ((std.BI_THU, v["khuyet_bi_thu"]), (std.PHO_BI_THU, v["khuyet_pho_bi_thu"]),
                                (std.UV_BTV, v["khuyet_uy_vien_btv"])) if vacant]


def current_bch(v, n, tail: str = "") -> str:
    """Paragraph 2: "Hiện nay Ban Chấp hành … có 05 đồng chí[; chức danh Bí thư đang khuyết]. Các đồng chí được
    bổ sung … giữ …"."""
    count = v["so_uy_vien_hien_nay"]
    if not count:
        return f"Hiện nay Ban Chấp hành {n['ten_doan_sau']} không còn đồng chí nào giữ chức vụ."
    vacant = vacant_posts(v)
    gap = f"; {'các ' if len(vacant) > 1 else ''}chức danh {', '.join(vacant)} đang khuyết" if vacant else ""
    first = f"Hiện nay Ban Chấp hành {n['ten_doan_sau']} có {dong_chi(count)}{gap}."
    held, still = v["uy_vien_bo_sung_hien_giu"], v["uy_vien_bo_sung_hien_nay"]
    if not still:
        return first
    end = f" {finish(tail)}" if tail else "."
    titles = [r for r in v["uy_vien_bo_sung_co_cau"] if r["chuc_vu"] != std.UV_BCH]
    detail = (" (" + ", ".join(f"{dong_chi(r['so_luong'])} giữ chức danh {r['chuc_vu']}" for r in titles) + ")"
              if titles else "")
    if still == count:  # the vacancy, if any, after the officer's words about the members
        every = "đều " if count > 1 else ""  # "có 01 đồng chí, được bổ sung …", never "01 đồng chí, đều …"
        aside = (f" Riêng {'các ' if len(vacant) > 1 else ''}chức danh {', '.join(vacant)} hiện đang khuyết."
                 if vacant else "")
        return (f"Hiện nay Ban Chấp hành {n['ten_doan_sau']} có {dong_chi(count)}, {every}được bổ sung trong nhiệm "
                f"kỳ{detail}{end}{aside}")
    if std.UV_BCH in held:  # "bổ sung vào Ban Chấp hành … giữ chức danh Ủy viên Ban Chấp hành" says it twice
        among = f"Trong số {dong_chi(count)} này" if vacant else "Trong số đó"  # "đó" would be the vacant post
        return f"{first} {among}, {dong_chi(still)} được bổ sung trong nhiệm kỳ{detail}{end}"
    who = "Các đồng chí được bổ sung vào Ban Chấp hành," if still > 1 else "Đồng chí được bổ sung vào Ban Chấp hành"
    which = "giữ các chức danh" if len(held) > 1 else "giữ chức danh"
    return f"{first} {who} {which} {', '.join(held)} {n['ten_doan_sau']}{end}"


def activity(n, congress, style: str, tail: str) -> str:
    """ "Hoạt động của Ban Chấp hành … từ tháng 04 năm 2017 đến nay <tail>" — only with a tail to finish it."""
    if not (tail and congress):
        return ""
    return f"Hoạt động của Ban Chấp hành {n['ten_doan_sau']} từ {thang_nam(congress, style)} đến nay {finish(tail)}"


def personnel_weakness(v, n) -> str:
    """II: the first limitation, when the BCH changed during the term or the Bí thư post is vacant."""
    if not (v["co_bien_dong"] or v["khuyet_bi_thu"]):
        return ""
    parts = [_secretary_weakness(v)]
    parts += [f"{_post_name(p)} có {_post_times(p)}{', hiện đang khuyết' if p.get('khuyet') else ''}"
              for p in _posts(v) if p["chuc_vu"] != std.BI_THU]
    members = _member_clause(v)
    if members:
        parts.append(f"đối với Ủy viên Ban Chấp hành có {members}")
    if not v["co_bien_dong"]:
        return (f"Chức danh Bí thư của Ban Chấp hành {n['ten_doan_ngan']} hiện đang khuyết, có ảnh hưởng đến hoạt "
                "động của Ban Chấp hành.")
    many = "nhiều " if v["nhieu_thay_doi"] else ""
    told = _join(parts, "; ")
    # the reference's ending reads well only after a count ("… bổ sung 03 đồng chí cũng có ảnh hưởng …")
    effect = (" cũng có ảnh hưởng" if re.search(r"rút tên, bổ sung \d+ đồng chí$", told) else
              "; những thay đổi này cũng có ảnh hưởng")
    return (f"Nhân sự Ban Chấp hành {n['ten_doan_ngan']} trong nhiệm kỳ có {many}thay đổi: {told}{effect} đến hoạt "
            "động của Ban Chấp hành.")


def _fills(post) -> str:
    return _join((f"bầu bổ sung {post['bau_bo_sung_luot']} lần" if post["bau_bo_sung_luot"] else "",
                  f"chỉ định {post['chi_dinh_luot']} lần" if post["chi_dinh_luot"] else ""))


def _post_times(post) -> str:
    return _join((people(post["thoi_nhiem_vu"], "thôi giữ nhiệm vụ", post["thoi_nhiem_vu_luot"]), *_moved_up(post),
                  _fills(post)))


def _secretary_weakness(v) -> str:
    post = v["bien_dong_chuc_danh"][0]
    fills, vacant, ended = _fills(post), post["khuyet"], post["thoi_nhiem_vu"]
    if fills and not vacant:
        return f"chức danh Bí thư được kiện toàn, {fills}"
    if fills:
        return f"chức danh Bí thư đã {fills} nhưng hiện đang khuyết"
    if ended:
        state = ", hiện đang khuyết, chưa được kiện toàn" if vacant else ""
        return f"chức danh Bí thư có {people(ended, 'thôi giữ nhiệm vụ', post['thoi_nhiem_vu_luot'])}{state}"
    return "chức danh Bí thư hiện đang khuyết" if vacant else ""


def signature(v, settings) -> dict:
    """The signature block: "TM. BAN CHẤP HÀNH", the title lines, the name — never a title over no name.

    The form (``kieu_ky``) defaults to who signs: the Bí thư; with the post vacant, the (only) Phó Bí thư as
    "PHÓ BÍ THƯ"; a Phó Bí thư named in ``nguoi_ky`` while there is a Bí thư signs "KT. BÍ THƯ / PHÓ BÍ THƯ".
    ``chuc_vu_ky`` overrides the title lines.  ``signer`` tells the checker who was meant and what they hold.
    """
    holders = {r["chuc_vu"]: r["ho_ten"] for r in v["co_cau_hien_nay"]}
    secretary, deputies = holders.get(std.BI_THU, []), holders.get(std.PHO_BI_THU, [])
    typed = settings.get("nguoi_ky") or ""
    post, unclear = _held_by(typed, holders) if typed else (None, False)
    title = (settings.get("chuc_vu_ky") or "").strip().upper()
    form = settings.get("kieu_ky") or _form_of(title)
    if form is None and not title:
        if typed and post in (std.BI_THU, std.PHO_BI_THU):
            form = "bi_thu" if post == std.BI_THU else "kt_bi_thu" if secretary else "pho_bi_thu"
        elif not typed:
            form = "bi_thu" if secretary else "pho_bi_thu" if deputies else None
    if form == "bi_thu":
        derived = secretary[0] if secretary else ""
    else:
        derived = deputies[0] if form in ("kt_bi_thu", "pho_bi_thu") and len(deputies) == 1 else ""
    name = plain_name(typed or derived)  # "Nguyễn Văn An (1995)" tells two people apart, never printed
    titles = _title_lines(title) if title else SIGNING_TITLES.get(form, [])
    return {"tm": ON_BEHALF, "chuc_danh": titles if name else [], "ho_ten": name, "kieu_ky": form,
            "chuc_vu_hien_giu": post if typed else None, "trung_ten": unclear}


def _held_by(typed: str, holders: dict) -> tuple:
    """(the post held by the person ``typed`` names, whether the name fits several people): the name as the
    roster prints it (with the birth year when two share it); else the name alone, when it fits one holder, or
    one holder of a post that signs; a name typed with a birth year fits only a holder of that year."""
    named = [(post, n) for post, names in holders.items() for n in names]
    exact = [post for post, n in named if key(n) == key(typed)]
    if exact:
        return exact[0], False
    if plain_name(typed) != typed:  # "An (1995)" typed: the holder printed "An" (nobody else has the name)
        same = [post for post, n in named if key(n) == key(plain_name(typed))]
    else:
        same = [post for post, n in named if key(plain_name(n)) == key(typed)]
    signing = [post for post in same if post in (std.BI_THU, std.PHO_BI_THU)]
    if len(same) == 1 or len(signing) == 1:
        return (same if len(same) == 1 else signing)[0], False
    return None, len(same) > 1


def plain_name(name: str) -> str:
    """A name without the birth year the roster adds to tell two people of one name apart."""
    return re.sub(r"\s*\((\d{4}|\?)\)$", "", name or "")


def _title_lines(title: str) -> list:
    """The typed title, a line each; "KT. BÍ THƯ PHÓ BÍ THƯ" typed on one line is the two lines of that form."""
    lines = [" ".join(line.split()) for line in title.splitlines() if line.strip()]
    if len(lines) == 1 and re.fullmatch(r"KT\.? ?BÍ THƯ\W* PHÓ BÍ THƯ", lines[0]):
        return list(SIGNING_TITLES["kt_bi_thu"])
    return lines


def _form_of(title: str):
    if not title:
        return None
    if "KT" in title:
        return "kt_bi_thu"
    return {"BÍ THƯ": "bi_thu", "PHÓ BÍ THƯ": "pho_bi_thu"}.get(" ".join(title.split()))


# --- meetings, ratings, targets -----------------------------------------------------------------

def _regime(settings) -> tuple:
    """("hàng tháng", "tháng") or ("hàng quý", "quý"), from tan_suat_hop."""
    return REGIME.get(settings.get("tan_suat_hop") or "hang_thang", REGIME["hang_thang"])


def _periods_held(v, settings) -> str:
    """"có cuộc họp định kỳ trong 40/69 tháng (57,97%)", or that there was none."""
    held = v["so_ky_co_hop"]
    if not held:
        return "chưa có cuộc họp định kỳ nào"
    unit, share = _regime(settings)[1], phan_tram(v["ty_le_ky_co_hop"])
    return f"có cuộc họp định kỳ trong {held}/{v['so_ky']} {unit} ({share})"


def meeting_regime(v, settings, style: str) -> str:
    """I.2: whether the committed meeting regime was kept, with the measured figures."""
    return _join((meeting_claim(v, settings), meeting_figures(v, settings, style)), " ")


def meeting_claim(v, settings) -> str:
    """I.2: "Ban Chấp hành họp định kỳ hàng tháng." — only when the regime was kept (with the measured share
    when some period had no meeting); empty when not kept (II says so) or not measurable yet."""
    word, unit = _regime(settings)
    held, periods, kept = v["so_ky_co_hop"], v["so_ky"], v["giu_tan_suat_hop"]
    if not v["so_cuoc_hop"] or not kept:
        return ""
    if held == periods:
        return f"Ban Chấp hành họp định kỳ {word}."
    return (f"Ban Chấp hành họp định kỳ {word} ({held}/{periods} {unit} có cuộc họp định kỳ, "
            f"đạt {phan_tram(v['ty_le_ky_co_hop'])}).")


def meeting_figures(v, settings, style: str) -> str:
    """I.2: the meetings held since the congress, by kind, the share of periods with a regular meeting when the
    regime was not kept, and the attendance."""
    congress = settings.get("ngay_dai_hoi")
    since = f"Từ {thang_nam(congress, style)} đến nay" if congress else "Trong nhiệm kỳ"
    total = v["so_cuoc_hop"]
    if not total:
        return f"{since}, Ban Chấp hành chưa tổ chức cuộc họp nào."
    measured = f", {_periods_held(v, settings)}" if v["giu_tan_suat_hop"] is False else ""
    if v["so_hop_dinh_ky"] and v["so_hop_bat_thuong"]:
        held = f"{total} cuộc họp ({v['so_hop_dinh_ky']} định kỳ, {v['so_hop_bat_thuong']} bất thường)"
    else:  # one kind only: "30 cuộc họp định kỳ", not "30 cuộc họp (30 định kỳ)"
        held = f"{total} cuộc họp {'định kỳ' if v['so_hop_dinh_ky'] else 'bất thường'}"
    detail = f"{since}, Ban Chấp hành đã tổ chức {held}{measured}"
    if v["ty_le_du_hop"] is not None:
        detail += f"; tỷ lệ ủy viên dự họp đạt {phan_tram(v['ty_le_du_hop'])}"
        if v["so_hop_ghi_co_mat"] < total:
            detail += f" (tính trên {v['so_hop_ghi_co_mat']}/{total} cuộc họp có số liệu có mặt)"
    return f"{detail}."


def ratings(v, n, settings) -> str:
    """I.3: the organisation's annual ratings — "hàng năm đều đạt …" only when every year due says so."""
    rated = v["xep_loai_tap_the"]
    if not rated:
        return ""
    start, end = settings.get("nam_bat_dau"), settings.get("nam_ket_thuc")
    if v["nhiem_ky_dang_dien_ra"]:
        term = "Từ đầu nhiệm kỳ đến nay, "
    else:
        term = f"Trong nhiệm kỳ {start} - {end}, " if start and end else "Trong nhiệm kỳ, "
    who = n["ten_doan_sau"]
    if v["deu_cung_xep_loai"]:
        label = rated[0]["xep_loai"]
        verb = "đạt danh hiệu" if label == std.HTXSNV else "được xếp loại"
        said = f"{verb} {label[0].lower()}{label[1:]}"
        return f"{term}{who} hàng năm đều {said}."
    by_year = {r["nam"]: r["xep_loai"] for r in rated}
    by_year.update({y: None for y in v["nam_chua_xep_loai"]})
    now_year = v["ngay_tinh_den"].year
    if (not end or now_year <= end) and now_year not in by_year:
        by_year[now_year] = ""  # the year of "now": not rated yet, said as such
    runs = []
    for year in sorted(by_year):  # in year order; neighbouring years of one level together
        if runs and runs[-1][0] == by_year[year] and runs[-1][1][-1] == year - 1:
            runs[-1][1].append(year)
        else:
            runs.append((by_year[year], [year]))
    said = {None: "chưa có số liệu xếp loại", "": "chưa có kết quả xếp loại"}
    listed = "; ".join(f"{_years(years)} {said.get(label) or label[0].lower() + label[1:]}" for label, years in runs)
    return f"{term}{who} được xếp loại: {listed}."


def _years(years: list) -> str:
    """ "năm 2019", "các năm 2017 – 2021" (years in a row), "các năm 2018, 2020"."""
    if len(years) == 1:
        return f"năm {years[0]}"
    if years == list(range(years[0], years[-1] + 1)):
        return f"các năm {years[0]} – {years[-1]}"
    return f"các năm {', '.join(map(str, years))}"


def targets(v) -> str:
    table = v["chi_tieu"]
    if not table:
        return ""
    n, met = len(table), v["so_chi_tieu_dat"]
    missed, unknown = v["so_chi_tieu_chua_dat"], v["so_chi_tieu_chua_co_ket_qua"]
    of = "chỉ tiêu của Nghị quyết Đại hội"
    rest = _join((f"{missed} chỉ tiêu chưa đạt" if missed else "",
                  f"{unknown} chỉ tiêu chưa có kết quả" if unknown else ""))
    only = "chỉ tiêu duy nhất của Nghị quyết Đại hội"  # one target: never read as "the targets"
    if met == n:
        text = f"cả {n} {of} đều đã đạt" if n > 1 else f"{only} đã đạt"
    elif missed == n:
        text = f"cả {n} {of} đều chưa đạt" if n > 1 else f"{only} chưa đạt"
    elif unknown == n:
        text = f"{n} {of} chưa có kết quả" if n > 1 else f"{only} chưa có kết quả"
    elif met:
        text = f"{met}/{n} {of} đã đạt; {rest}"
    else:
        text = f"chưa có chỉ tiêu nào trong {n} {of} đạt: {rest}"
    return f"Đến nay, {text} (chi tiết tại Phụ lục)."


def regime_weakness(v, settings) -> str:
    """II: the meeting regime was not kept (measured)."""
    if v["giu_tan_suat_hop"] is not False:
        return ""
    word, unit = _regime(settings)
    if not v["so_ky_co_hop"]:  # "chưa duy trì đều" would say some were held
        return (f"Ban Chấp hành chưa thực hiện chế độ họp định kỳ {word}: trong {v['so_ky']} {unit} chưa có cuộc "
                "họp định kỳ nào.")
    return f"Ban Chấp hành chưa duy trì đều chế độ họp định kỳ {word}: {_periods_held(v, settings)}."


def ratings_weakness(v, n) -> str:
    """II: the years the organisation was rated at the lowest level (I.3 lists them among the results)."""
    failed = {}
    for r in v["xep_loai_tap_the"]:
        if r["xep_loai"] in std.FAILED_RATINGS:
            failed.setdefault(r["xep_loai"], []).append(r["nam"])
    said = [f"{_years(years)} bị xếp loại {label[0].lower()}{label[1:]}" for label, years in failed.items()]
    if not said:
        return ""
    first = said[0].replace(" bị xếp loại", f", {n['ten_doan_sau']} bị xếp loại", 1)
    return finish("; ".join([first[0].upper() + first[1:], *said[1:]]))


def targets_weakness(v) -> str:
    """II: targets of the resolution not met (with a result)."""
    missed, total = v["so_chi_tieu_chua_dat"], len(v["chi_tieu"])
    if not missed:
        return ""
    if missed == total:  # never "Còn 2/2 …" or "Còn 1/1 …"
        which = f"Cả {total} chỉ tiêu của Nghị quyết Đại hội đều" if total > 1 else \
            "Chỉ tiêu duy nhất của Nghị quyết Đại hội"
        return f"{which} chưa đạt (chi tiết tại Phụ lục)."
    return f"Còn {missed}/{total} chỉ tiêu của Nghị quyết Đại hội chưa đạt (chi tiết tại Phụ lục)."
