"""The figures and judgements a report states, computed from the reader's tables (see ``catalog.py``).

``compute(wb)`` returns a dict keyed by indicator name.  Values are plain Python (int, float rounded to 2
places, bool, None for "no data", date, lists of dicts) so they go as they are into a template, JSON or a
sheet.  Every judgement the report phrases (a post vacant, the regime kept, every year rated alike, the
attendance known) is computed here once; the sentences and the checker read it.  Events after "now" are
ignored; meetings before the congress are not counted.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from . import standard as std
from .bulk import paused
from .formatting import half_up
from .roster import People, as_of, by_person, events, holders, in_office, positions, reference_date
from .text import dmy, key

MIN_KEPT = 50.0  # % of the periods below which no threshold makes the regime "kept"
LEADERS = (std.BI_THU, std.PHO_BI_THU, std.UV_BTV)  # posts whose changes the report names one by one
LONG_TERM_CHANGES = 3   # people leaving, joining or coming back: from this many on, "nhiều thay đổi"


@paused
def compute(wb, today: dt.date | None = None) -> dict:
    """The indicators of ``wb`` on the date "now" resolves to; computed once per workbook and date (the checker
    and the report read the same dict: treat it as read-only)."""
    now = reference_date(wb.settings, today)
    if now in wb.computed:
        return wb.computed[now]
    people = People(wb.members.rows)
    known = as_of(positions(wb, people), now)
    out = {"ngay_tinh_den": now}
    out.update(_personnel(known, wb.settings, now))
    out.update(_meetings(wb, known, now))
    out.update(_attendance_by_member(wb, people, now))
    out.update(_ratings(wb, people, now))
    out.update(_targets(wb))
    wb.computed[now] = out
    return out


# --- personnel ------------------------------------------------------------------------------

def _personnel(known, settings, now) -> dict:
    rows_of = by_person(known)
    first = {person: rows[0] for person, rows in rows_of.items()}
    current = {p.person: p for p in known if p.holds_on(now)}
    changes = events(known)
    elected = {x for x, p in first.items() if p.how == std.ELECTED_AT_CONGRESS}
    added = {e.person for e in changes if e.kind == "join"}
    came_in = added | {e.person for e in changes if e.kind == "return"}  # by-elected (back) during the term
    gone = set(first) - set(current)
    last_leave = {e.person: e for e in changes if e.kind == "leave"}
    struck = {x for x in gone if last_leave[x].reason == std.STRUCK_OFF}
    returned = {e.person for e in changes if e.kind == "return"}
    back = returned & set(current)
    again = (returned & gone) - struck  # came back, then left again: gone now
    n_now = len(current)
    women = sum(1 for p in current.values() if p.gender == std.FEMALE)
    party = sum(1 for p in current.values() if p.party == std.YES)
    posts = [_post(position, changes, known, now) for position in LEADERS]
    secretary = posts[0]
    added_now = {p.position for x, p in current.items() if x in came_in}
    flow = len({e.person for e in changes if e.kind in ("join", "leave", "return")})
    return {
        "so_uy_vien_dau_nhiem_ky": len(elected),
        "so_uy_vien_hien_nay": n_now,
        "bi_thu_thoi_nhiem_vu": secretary["thoi_nhiem_vu"],
        "bi_thu_bau_bo_sung": secretary["bo_sung"],
        "bi_thu_thoi_nhiem_vu_luot": secretary["thoi_nhiem_vu_luot"],
        "bi_thu_bau_bo_sung_luot": secretary["bo_sung_luot"],
        "uy_vien_rut_ten": len(first) - n_now,
        "uy_vien_bo_sung": len(added),
        "so_nu": women,
        "ty_le_nu": _percent(women, n_now),
        "so_dang_vien": party,
        "ty_le_dang_vien": _percent(party, n_now),
        "so_nguoi_trong_nhiem_ky": len(first),
        "co_cau_hien_nay": _structure(current),
        "uy_vien_bo_sung_hien_giu": [p for p in std.POSITIONS if p in added_now],
        "uy_vien_bo_sung_hien_nay": sum(1 for x in current if x in came_in),
        "uy_vien_bo_sung_co_cau": [{"chuc_vu": pos, "so_luong": n} for pos in std.POSITIONS
                                   if (n := sum(1 for x, p in current.items() if x in came_in and p.position == pos))],
        "bi_thu_chi_dinh": secretary["chi_dinh"],
        "co_bien_dong": bool(changes),
        "uy_vien_rut_ten_luot": sum(1 for e in changes if e.kind == "leave" and e.person in gone - struck),
        "uy_vien_xoa_ten": len(struck),
        "uy_vien_tro_lai": len(back),
        "uy_vien_tro_lai_luot": sum(1 for e in changes if e.kind == "return" and e.person in back),
        "uy_vien_tro_lai_roi_di": len(again),
        "uy_vien_tro_lai_xoa_ten": len(returned & struck),
        "uy_vien_tro_lai_roi_di_luot": sum(1 for e in changes if e.kind == "leave" and e.person in again),
        "bien_dong_chuc_danh": posts,
        "khuyet_bi_thu": secretary["khuyet"],
        "khuyet_pho_bi_thu": posts[1]["khuyet"] and any(p.position == std.PHO_BI_THU for p in known),
        "khuyet_uy_vien_btv": posts[2]["khuyet"] and any(p.position == std.UV_BTV for p in known),
        "nhieu_thay_doi": flow >= LONG_TERM_CHANGES or secretary["bo_sung_luot"] >= 2,
        "bien_dong_nhan_su": [_change_row(e) for e in changes],
        "bien_dong_theo_nam": _changes_by_year(changes, current),
    }


def _post(position, changes, known, now) -> dict:
    """How a post changed hands: people and times (lượt) it ended and was filled during the term."""
    up = LEADERS[:LEADERS.index(position)]  # the posts above this one (Bí thư above Phó Bí thư above Ủy viên BTV)
    promoted = [e for e in changes if e.ends() == position and e.kind == "move" and e.position in up]
    ended = [e for e in changes if e.ends() == position and e not in promoted]
    filled = [e for e in changes if e.starts() == position and not e.steps_down]
    elected = [e for e in filled if e.how != std.APPOINTED]
    appointed = [e for e in filled if e.how == std.APPOINTED]
    return {
        "chuc_vu": position,
        "thoi_nhiem_vu": len({e.person for e in ended}), "thoi_nhiem_vu_luot": len(ended),
        "chuyen_len": [{"chuc_vu": p, "so_luong": len({e.person for e in promoted if e.position == p})}
                       for p in up if any(e.position == p for e in promoted)],
        "chuyen_len_luot": len(promoted),
        # seats left (ended or moved up) more times than anyone came in (elected, appointed, or stepping down
        # into it from a post above): a seat the term did not fill again
        "chua_bo_sung_du": len(ended) + len(promoted) > sum(1 for e in changes if e.starts() == position),
        "bo_sung": len({e.person for e in filled}), "bo_sung_luot": len(filled),
        "bau_bo_sung": len({e.person for e in elected}), "bau_bo_sung_luot": len(elected),
        "chi_dinh": len({e.person for e in appointed}), "chi_dinh_luot": len(appointed),
        # a change the members' clause and the "Hiện nay … giữ các chức danh" sentence do not tell: a change of
        # post inside the BCH, a holder who left, or one who took the post and no longer holds it
        "trong_bch": any(e.kind == "move" for e in ended + filled) or bool(ended or promoted)
        or any(e.person not in {p.person for p in holders(known, position, now)} for e in filled),
        "khuyet": not holders(known, position, now),
    }


def _structure(current) -> list:
    out = []
    for position in std.POSITIONS:
        names = [p.name for p in sorted(current.values(), key=lambda p: (p.start, p.row)) if p.position == position]
        if names:
            out.append({"chuc_vu": position, "so_luong": len(names), "ho_ten": names})
    return out


WHAT = {"join": "Được bổ sung vào Ban Chấp hành", "return": "Được bổ sung trở lại Ban Chấp hành",
        "leave": "Thôi giữ chức vụ, rời Ban Chấp hành", "move": "Chuyển chức vụ"}


def _change_row(e) -> dict:
    what = "Bị xóa tên khỏi Ban Chấp hành" if e.kind == "leave" and e.reason == std.STRUCK_OFF else WHAT[e.kind]
    post = f"Từ {e.old_position} sang {e.position}" if e.kind == "move" else e.position
    cause = e.reason if e.kind == "leave" else e.how
    if e.steps_down:
        cause = ""  # stepping down to a lower post is not an election
    return {"ngay": e.day, "ho_ten": e.name, "su_kien": what, "chuc_vu": post or "", "ly_do": cause or ""}


def _changes_by_year(changes, current) -> list:
    years = {}
    for e in changes:
        if e.kind in ("join", "return"):
            years.setdefault(e.day.year, [0, 0])[0] += 1
        elif e.kind == "leave":
            years.setdefault(e.day.year, [0, 0])[1] += 1
    return [{"nam": y, "bo_sung": a, "rut_ten": g} for y, (a, g) in sorted(years.items())]


# --- meetings -------------------------------------------------------------------------------

def counted_meetings(wb, known, now) -> list:
    """(row, convened, present) of the meetings of the term up to ``now``; a blank "Số ủy viên triệu tập" is the
    number of people in office that day, a blank "Có mặt" the roll call's count of that day (see roll_call_present)."""
    congress = wb.settings.get("ngay_dai_hoi")
    out, cache, called = [], {}, roll_call_present(wb)
    for r in wb.meetings.rows:
        day = r["date"]
        if day is None or day > now or (congress and day < congress) or r["kind"] is None:
            continue
        convened = r["convened"]
        if convened is None:
            if day not in cache:
                cache[day] = len(in_office(known, day))
            convened = cache[day]
        out.append((r, convened, meeting_present(r, convened, called)))
    return out


def meeting_present(r, convened, called) -> int | None:
    """A meeting's "Có mặt": as typed; when blank, what the roll call of its day says if it lists exactly the
    members convened (``called``: roll_call_present); otherwise unknown."""
    if r["present"] is not None:
        return r["present"]
    present, listed = called.get(r["date"], (None, 0))
    return present if listed == convened else None


def roll_call_present(wb) -> dict:
    """Day → (how many the Điểm danh sheet marks "Có mặt", how many it lists), for the days of exactly one
    meeting (see meeting_present)."""
    meetings = Counter(r["date"] for r in wb.meetings.rows if r["date"])
    present, listed = Counter(), Counter()
    for r in wb.roll_call.rows:
        if r["date"] and r["name"] and r["status"] and meetings.get(r["date"]) == 1:
            present[r["date"]] += r["status"] == std.PRESENT
            listed[r["date"]] += 1
    return {day: (present[day], listed[day]) for day in listed}


def _meetings(wb, known, now) -> dict:
    settings = wb.settings
    meetings = counted_meetings(wb, known, now)
    quarterly = settings.get("tan_suat_hop") == "hang_quy"
    regular_periods = {_period_of(r["date"], quarterly) for r, _, _ in meetings if r["kind"] == std.REGULAR}
    congress = settings.get("ngay_dai_hoi")
    periods, whole, partial = _periods(congress, now, quarterly, regular_periods) if congress else ([], 0, [])
    missing = [p for p in periods if p not in regular_periods]
    held = len(periods) - len(missing)
    share = _percent(held, len(periods)) if whole else None  # no whole month (quarter) yet: nothing to judge
    threshold = settings.get("nguong_dat_tan_suat")
    threshold = 0.9 if threshold is None else threshold
    recorded = [(r, c, p) for r, c, p in meetings if p is not None]
    by_year = []
    for year in sorted({r["date"].year for r, _, _ in meetings}):
        group = [m for m in meetings if m[0]["date"].year == year]
        with_present = [(r, c, p) for r, c, p in group if p is not None]
        present, convened = sum(p for _, _, p in with_present), sum(c for _, c, _ in with_present)
        by_year.append({
            "nam": year,
            "dinh_ky": sum(1 for r, _, _ in group if r["kind"] == std.REGULAR),
            "bat_thuong": sum(1 for r, _, _ in group if r["kind"] == std.IRREGULAR),
            "tong": len(group),
            "co_mat": present if with_present else None,
            "trieu_tap": convened if with_present else None,
            "ty_le_du_hop": _percent(present, convened) if with_present else None,
            "so_hop_ghi_co_mat": len(with_present),
        })
    days = {r["date"] for r, _, _ in meetings}
    called = {r["date"] for r in wb.roll_call.rows if r["date"] in days and r["name"] and r["status"]}
    return {
        "so_cuoc_hop": len(meetings),
        "so_hop_dinh_ky": sum(1 for r, _, _ in meetings if r["kind"] == std.REGULAR),
        "so_hop_bat_thuong": sum(1 for r, _, _ in meetings if r["kind"] == std.IRREGULAR),
        "so_ky": len(periods),
        "so_ky_co_hop": held,
        "ky_khong_hop": [_period_label(p, quarterly) for p in missing],
        "ky_khong_tinh": [_partial_label(p, quarterly, congress, now) for p in partial],
        "ty_le_ky_co_hop": share,
        # "Ban Chấp hành họp định kỳ hàng tháng" is never said of fewer than half the periods, whatever threshold
        "giu_tan_suat_hop": None if share is None else share >= max(float(half_up(threshold * 100)), MIN_KEPT),
        "ty_le_du_hop": _percent(sum(p for _, _, p in recorded), sum(c for _, c, _ in recorded))
        if recorded else None,
        "so_hop_ghi_co_mat": len(recorded),
        "so_hop_diem_danh": sum(1 for r, _, _ in meetings if r["date"] in called),
        "hop_theo_nam": by_year,
    }


def _period_of(day, quarterly):
    return (day.year, (day.month - 1) // 3 + 1) if quarterly else (day.year, day.month)


def _periods(start, end, quarterly, held=frozenset()) -> tuple:
    """(counted, whole, partial): the months (quarters) the regime is measured over.

    Every one between the congress's and "now"'s counts; those two count only when they are whole (the
    congress on their first day, "now" on their last) or when they hold a regular meeting.  ``whole`` is how
    many whole periods there are: with none, no regime can be judged yet."""
    if end < start:
        return [], 0, []
    first, last = _period_of(start, quarterly), _period_of(end, quarterly)
    size = 4 if quarterly else 12
    counted, partial, whole_count, (year, n) = [], [], 0, first
    while (year, n) <= last:
        begin, finish = _bounds((year, n), quarterly)
        whole = ((year, n) != first or start == begin) and ((year, n) != last or end == finish)
        whole_count += whole
        (counted if whole or (year, n) in held else partial).append((year, n))
        year, n = (year + 1, 1) if n == size else (year, n + 1)
    return counted, whole_count, partial


def _bounds(period, quarterly) -> tuple:
    year, n = period
    first_month, months = ((n - 1) * 3 + 1, 3) if quarterly else (n, 1)
    begin = dt.date(year, first_month, 1)
    after = dt.date(year + (first_month + months > 12), (first_month + months - 1) % 12 + 1, 1)
    return begin, after - dt.timedelta(days=1)


def _partial_label(period, quarterly, congress, now) -> str:
    unit = "quý" if quarterly else "tháng"
    why = [f"{unit} Đại hội" if period == _period_of(congress, quarterly) else "",
           f"{unit} của ngày tính số liệu {dmy(now)}" if period == _period_of(now, quarterly) else ""]
    return f"{_period_label(period, quarterly)} ({', '.join(w for w in why if w)})"


def _period_label(period, quarterly) -> str:
    year, n = period
    return f"Quý {n}/{year}" if quarterly else f"{n:02d}/{year}"


def _attendance_by_member(wb, people, now) -> dict:
    congress = wb.settings.get("ngay_dai_hoi")
    tallies, names = {}, {}
    for r in wb.roll_call.rows:
        if not (r["date"] and r["name"] and r["status"]) or r["date"] > now or (congress and r["date"] < congress):
            continue
        person, _ = people.resolve(r["name"])
        if person is None:
            continue
        tallies.setdefault(person, Counter())[r["status"]] += 1
        names.setdefault(person, _printed(people, person))
    table = []
    for person, c in tallies.items():
        total, present = sum(c.values()), c[std.PRESENT]
        table.append({"ho_ten": names[person], "so_lan": total, "co_mat": present,
                      "vang_co_ly_do": c[std.ABSENT_EXCUSED], "vang_khong_ly_do": c[std.ABSENT_UNEXCUSED],
                      "ty_le_co_mat": _percent(present, total)})
    return {"du_hop_theo_uy_vien": table}


def _printed(people, person) -> str:
    name_key, _, year = person.partition("|")
    name = people.names.get(name_key, name_key)
    return f"{name} ({year})" if year else name


# --- ratings and targets ----------------------------------------------------------------------

def _ratings(wb, people, now) -> dict:
    s = wb.settings
    start, end = s.get("nam_bat_dau"), s.get("nam_ket_thuc")
    org, members = [], []
    for r in sorted(wb.ratings.rows, key=lambda r: (r["year"] or 0, r.number)):
        year, rating, subject = r["year"], r["rating"], r["subject"]
        if not (year and rating and subject) or year > now.year or (start and year < start) or (end and year > end):
            continue
        if key(subject) == key(std.ORGANISATION):
            org.append({"nam": year, "xep_loai": rating, "khen_thuong": r["award"] or ""})
        else:
            person, _ = people.resolve(subject)
            members.append({"nam": year, "ho_ten": _printed(people, person) if person else subject,
                            "xep_loai": rating})
    rated = {o["nam"] for o in org}
    missing = [y for y in expected_rating_years(s, now) if y not in rated]
    labels = {o["xep_loai"] for o in org}
    alike = not missing and len(rated) >= 2 and len(labels) == 1
    return {"xep_loai_tap_the": org, "xep_loai_uy_vien": members, "so_nam_xep_loai": len(rated),
            "nam_chua_xep_loai": missing, "deu_cung_xep_loai": alike,
            "deu_dat_htxsnv": alike and labels == {std.HTXSNV},
            "nhiem_ky_dang_dien_ra": bool(end) and now < dt.date(end, 12, 31)}


def expected_rating_years(settings, now) -> list:
    """Years the organisation should have been rated by ``now``: from the congress's to the one before
    "now"'s (and within the term)."""
    congress, start, end = settings.get("ngay_dai_hoi"), settings.get("nam_bat_dau"), settings.get("nam_ket_thuc")
    first = congress.year if congress else start
    if not first:
        return []
    last = now.year - 1 if end is None else min(now.year - 1, end)
    return list(range(max(first, start or first), last + 1))


def _targets(wb) -> dict:
    table = []
    for i, r in enumerate(wb.targets.rows, start=1):
        if not r["target"]:
            continue
        at_most = r["direction"] == std.AT_MOST
        if r["result"] is None or r["goal"] is None:
            met = None
        else:
            met = r["result"] <= r["goal"] if at_most else r["result"] >= r["goal"]
        table.append({"stt": r["no"] or i, "chi_tieu": r["target"], "don_vi_tinh": r["unit"] or "",
                      "yeu_cau": std.AT_MOST if at_most else std.AT_LEAST,
                      "muc_tieu": _number(r["goal"]), "ket_qua": _number(r["result"]), "dat": met})
    return {"chi_tieu": table, "so_chi_tieu_dat": sum(1 for t in table if t["dat"]),
            "so_chi_tieu_chua_dat": sum(1 for t in table if t["dat"] is False),
            "so_chi_tieu_chua_co_ket_qua": sum(1 for t in table if t["dat"] is None)}


def _number(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _percent(part, whole):
    """part ÷ whole in percent, 2 decimals; None when there is nothing to divide by (no data)."""
    return float(half_up(100.0 * float(part) / float(whole))) if whole else None
