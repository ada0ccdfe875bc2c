"""The figures a report states, computed from the reader's tables (see ``catalog.py``).

``compute(wb)`` returns a dict keyed by indicator name.  Values are plain Python
(int, float rounded to 2 places, bool, date, lists of dicts) so they go as they
are into a template, JSON or a sheet.  Events after "now" are ignored; meetings
before the congress are not counted.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from . import standard as std
from .roster import positions, reference_date
from .text import key


def compute(wb, today: dt.date | None = None) -> dict:
    now = reference_date(wb.settings, today)
    congress = wb.settings.get("ngay_dai_hoi")
    pos = _positions_frame(wb, now)
    meetings = _meetings_frame(wb, pos, congress, now)
    out = {"ngay_tinh_den": now}
    out.update(_personnel(pos, now))
    out.update(_meeting_figures(meetings, wb.settings, congress, now))
    out.update(_attendance_by_member(wb, congress, now))
    out.update(_ratings(wb, now))
    out.update(_targets(wb))
    return out


# --- frames ---------------------------------------------------------------------------------

def _positions_frame(wb, now) -> pd.DataFrame:
    """Positions that started by ``now``; an end after ``now`` is not known yet, so it is cleared."""
    details = {r.number: r for r in wb.members.rows}
    rows = []
    for p in positions(wb):
        if p.start > now:
            continue
        ended = p.end is not None and p.end <= now
        r = details[p.row]
        rows.append({"person": p.person, "name": p.name, "position": p.position, "how": p.start_how,
                     "start": p.start, "end": p.end if ended else None,
                     "reason": p.end_reason if ended else None,
                     "gender": r["gender"], "party": r["party"], "row": p.row})
    cols = ["person", "name", "position", "how", "start", "end", "reason", "gender", "party", "row"]
    return pd.DataFrame(rows, columns=cols)


def _holds_on(pos: pd.DataFrame, day) -> pd.Series:
    return (pos["start"] <= day) & (pos["end"].isna() | pos["end"].map(lambda e: e is None or day < e))


def _meetings_frame(wb, pos, congress, now) -> pd.DataFrame:
    rows = []
    for r in wb.meetings.rows:
        day = r["date"]
        if day is None or day > now or (congress and day < congress) or r["kind"] is None:
            continue
        convened = r["convened"] if r["convened"] is not None else int(pos.loc[_holds_on(pos, day), "person"].nunique())
        rows.append({"date": day, "year": day.year, "kind": r["kind"], "convened": convened, "present": r["present"]})
    return pd.DataFrame(rows, columns=["date", "year", "kind", "convened", "present"])


# --- personnel ------------------------------------------------------------------------------

def _personnel(pos: pd.DataFrame, now) -> dict:
    first = pos.sort_values(["start", "row"]).groupby("person", sort=False).first()
    current = pos[pos["end"].isna()].sort_values(["start", "row"]).groupby("person", sort=False).last()
    elected = first.index[first["how"] == std.ELECTED_AT_CONGRESS]
    added = first.index[first["how"].isin(std.ADDED_DURING_TERM)]
    secretary = pos[pos["position"] == std.BI_THU]
    n_now = len(current)
    women = int((current["gender"] == std.FEMALE).sum())
    party = int((current["party"] == std.YES).sum())
    structure = []
    for position in std.POSITIONS:
        holders = current[current["position"] == position]
        if len(holders):
            structure.append({"chuc_vu": position, "so_luong": len(holders), "ho_ten": list(holders["name"])})
    added_now = current.loc[current.index.isin(added), "position"]
    return {
        "so_uy_vien_dau_nhiem_ky": len(elected),
        "so_uy_vien_hien_nay": n_now,
        "bi_thu_thoi_nhiem_vu": int(secretary["end"].notna().sum()),
        "bi_thu_bau_bo_sung": int(secretary["how"].isin(std.ADDED_DURING_TERM).sum()),
        "bi_thu_chi_dinh": int((secretary["how"] == std.APPOINTED).sum()),
        "uy_vien_rut_ten": int(len(first) - n_now),
        "uy_vien_bo_sung": len(added),
        "so_nu": women,
        "ty_le_nu": _percent(women, n_now),
        "so_dang_vien": party,
        "ty_le_dang_vien": _percent(party, n_now),
        "so_nguoi_trong_nhiem_ky": len(first),
        "co_cau_hien_nay": structure,
        "uy_vien_bo_sung_hien_giu": [p for p in std.POSITIONS if p in set(added_now)],
        "uy_vien_bo_sung_hien_nay": len(added_now),
        "bien_dong_nhan_su": _changes(pos, first),
        "bien_dong_theo_nam": _changes_by_year(pos, first, current),
    }


def _changes(pos, first) -> list:
    """Every addition, departure and change of position after the congress, in date order."""
    events = []
    first_rows = set(first["row"])
    by_person = {p: g.sort_values("start") for p, g in pos.groupby("person")}
    for _, p in pos.iterrows():
        if p["how"] in std.ADDED_DURING_TERM:
            what = "Được bổ sung vào Ban Chấp hành" if p["row"] in first_rows else "Nhận chức vụ mới"
            events.append((p["start"], p["row"], {"ngay": p["start"], "ho_ten": p["name"], "su_kien": what,
                                                  "chuc_vu": p["position"], "ly_do": p["how"]}))
        if pd.notna(p["end"]):
            others = by_person[p["person"]]
            others = others[others["row"] != p["row"]]
            if (others["start"] == p["end"]).any():
                what = "Chuyển chức vụ"
            elif (others["start"] > p["end"]).any():
                what = "Thôi giữ chức vụ"  # and came back later in the term
            else:
                what = "Thôi giữ chức vụ, rời Ban Chấp hành"
            events.append((p["end"], p["row"], {"ngay": p["end"], "ho_ten": p["name"], "su_kien": what,
                                                "chuc_vu": p["position"], "ly_do": p["reason"] or ""}))
    return [e for *_, e in sorted(events, key=lambda e: (e[0], e[1]))]



def _changes_by_year(pos, first, current) -> list:
    added = first[first["how"].isin(std.ADDED_DURING_TERM)]
    gone = [p for p in first.index if p not in current.index]
    last_end = pos[pos["person"].isin(gone)].groupby("person")["end"].max()
    years = {}
    for start in added["start"]:
        years.setdefault(start.year, [0, 0])[0] += 1
    for end in last_end:
        years.setdefault(end.year, [0, 0])[1] += 1
    return [{"nam": y, "bo_sung": a, "rut_ten": g} for y, (a, g) in sorted(years.items())]


# --- meetings -------------------------------------------------------------------------------

def _meeting_figures(meetings: pd.DataFrame, settings, congress, now) -> dict:
    regular = meetings[meetings["kind"] == std.REGULAR]
    quarterly = settings.get("tan_suat_hop") == "hang_quy"
    periods = _periods(congress, now, quarterly) if congress else []
    held = {_period_of(d, quarterly) for d in regular["date"]}
    missing = [p for p in periods if p not in held]
    share = _percent(len(periods) - len(missing), len(periods))
    threshold = settings.get("nguong_dat_tan_suat")
    threshold = 0.9 if threshold is None else threshold
    counted = meetings[meetings["present"].notna()]
    by_year = []
    for year, group in meetings.groupby("year"):
        with_present = group[group["present"].notna()]
        by_year.append({
            "nam": int(year),
            "dinh_ky": int((group["kind"] == std.REGULAR).sum()),
            "bat_thuong": int((group["kind"] == std.IRREGULAR).sum()),
            "tong": len(group),
            "co_mat": int(with_present["present"].sum()),
            "trieu_tap": int(with_present["convened"].sum()),
            "ty_le_du_hop": _percent(with_present["present"].sum(), with_present["convened"].sum()),
        })
    return {
        "so_cuoc_hop": len(meetings),
        "so_hop_dinh_ky": len(regular),
        "so_hop_bat_thuong": int((meetings["kind"] == std.IRREGULAR).sum()),
        "so_ky": len(periods),
        "so_ky_co_hop": len(periods) - len(missing),
        "ky_khong_hop": [_period_label(p, quarterly) for p in missing],
        "ty_le_ky_co_hop": share,
        "giu_tan_suat_hop": bool(periods) and share >= round(threshold * 100, 2),
        "ty_le_du_hop": _percent(counted["present"].sum(), counted["convened"].sum()),
        "hop_theo_nam": by_year,
    }


def _period_of(day, quarterly):
    return (day.year, (day.month - 1) // 3 + 1) if quarterly else (day.year, day.month)


def _periods(start, end, quarterly) -> list:
    if end < start:
        return []
    first, last = _period_of(start, quarterly), _period_of(end, quarterly)
    size = 4 if quarterly else 12
    found, (year, n) = [], first
    while (year, n) <= last:
        found.append((year, n))
        year, n = (year + 1, 1) if n == size else (year, n + 1)
    return found


def _period_label(period, quarterly) -> str:
    year, n = period
    return f"Quý {n}/{year}" if quarterly else f"{n:02d}/{year}"


def _attendance_by_member(wb, congress, now) -> dict:
    rows = [(r["name"], r["status"]) for r in wb.roll_call.rows
            if r["date"] and r["name"] and r["status"] and r["date"] <= now and not (congress and r["date"] < congress)]
    table = []
    if rows:
        frame = pd.DataFrame(rows, columns=["name", "status"])
        counts = frame.groupby(["name", "status"], sort=False).size().unstack(fill_value=0)
        for name, c in counts.iterrows():
            total = int(c.sum())
            present = int(c.get(std.PRESENT, 0))
            table.append({"ho_ten": name, "so_lan": total, "co_mat": present,
                          "vang_co_ly_do": int(c.get(std.ABSENT_EXCUSED, 0)),
                          "vang_khong_ly_do": int(c.get(std.ABSENT_UNEXCUSED, 0)),
                          "ty_le_co_mat": _percent(present, total)})
    return {"du_hop_theo_uy_vien": table}


# --- ratings and targets ----------------------------------------------------------------------

def _ratings(wb, now) -> dict:
    start, end = wb.settings.get("nam_bat_dau"), wb.settings.get("nam_ket_thuc")
    org, members = [], []
    for r in sorted(wb.ratings.rows, key=lambda r: (r["year"] or 0, r.number)):
        year, rating, subject = r["year"], r["rating"], r["subject"]
        if not (year and rating and subject) or year > now.year or (start and year < start) or (end and year > end):
            continue
        if key(subject) == key(std.ORGANISATION):
            org.append({"nam": year, "xep_loai": rating, "khen_thuong": r["award"] or ""})
        else:
            members.append({"nam": year, "ho_ten": subject, "xep_loai": rating})
    return {"xep_loai_tap_the": org, "xep_loai_uy_vien": members, "so_nam_xep_loai": len(org),
            "deu_dat_htxsnv": bool(org) and all(o["xep_loai"] == std.HTXSNV for o in org)}


def _targets(wb) -> dict:
    table = []
    for i, r in enumerate(wb.targets.rows, start=1):
        if not r["target"]:
            continue
        if r["result"] is None or r["goal"] is None:
            met = None
        else:
            met = r["result"] <= r["goal"] if r["direction"] == std.AT_MOST else r["result"] >= r["goal"]
        table.append({"stt": r["no"] or i, "chi_tieu": r["target"], "don_vi_tinh": r["unit"] or "",
                      "muc_tieu": _number(r["goal"]), "ket_qua": _number(r["result"]), "dat": met})
    return {"chi_tieu": table, "so_chi_tieu_dat": sum(1 for t in table if t["dat"])}


def _number(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _percent(part, whole) -> float:
    return round(100.0 * float(part) / float(whole), 2) if whole else 0.0
