"""Properties of the rendered report over generated units: valid personnel histories (joins, moves, departures,
returns), meeting logs and ratings, read back from the .docx as an officer reads it."""
from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from toolkit import check, standard as std
from toolkit.roster import in_office, positions

from units import CONGRESS, D, Rendered, unit

END = D(2022, 12, 31)
LEAVE_REASONS = ("Rút tên", "Chuyển công tác", "Quá tuổi Đoàn", std.STRUCK_OFF, "Thôi giữ nhiệm vụ")
POSTS = (std.BI_THU, std.PHO_BI_THU, std.UV_BTV, std.UV_BCH)
SECRETARY_LEAVES = ("Thôi giữ chức vụ, rời Ban Chấp hành", "Bị xóa tên khỏi Ban Chấp hành")
SECRETARY_STARTS = ("Được bổ sung vào Ban Chấp hành", "Được bổ sung trở lại Ban Chấp hành")


def _overlaps(taken, start, end):
    return any(start < (e or dt.date.max) and s < (end or dt.date.max) for s, e in taken)


@st.composite
def histories(draw):
    """Members whose rows a checker accepts: one post at a time, one Bí thư at a time, moves on the day the
    last post ended, returns after a gap."""
    rows, secretaries = [], []
    for i in range(draw(st.integers(1, 6))):
        name = f"Người {i}"
        day = CONGRESS if draw(st.booleans()) else CONGRESS + dt.timedelta(draw(st.integers(40, 1500)))
        how = std.ELECTED_AT_CONGRESS if day == CONGRESS else draw(st.sampled_from(std.ADDED_DURING_TERM))
        previous = None
        for _ in range(draw(st.integers(1, 4))):
            length = draw(st.one_of(st.none(), st.integers(30, 900)))
            end = None if length is None else day + dt.timedelta(length)
            post = draw(st.sampled_from([p for p in POSTS if p != previous]))
            if post == std.BI_THU and _overlaps(secretaries, day, end):
                post = std.UV_BCH if previous != std.UV_BCH else std.PHO_BI_THU
            if post == std.BI_THU:
                secretaries.append((day, end))
            rows.append({"name": name, "position": post, "start_how": how, "start": day, "end": end,
                         "end_reason": None, "gender": draw(st.sampled_from(std.GENDERS)), "party": std.YES})
            previous = post
            if end is None:
                break
            if draw(st.booleans()):  # a move on the same day
                rows[-1]["end_reason"] = std.CHANGED_POSITION
                day, how = end, draw(st.sampled_from(std.ADDED_DURING_TERM))
            else:  # leaves; maybe comes back later
                rows[-1]["end_reason"] = draw(st.sampled_from(LEAVE_REASONS))
                if not draw(st.booleans()):
                    break
                day, how, previous = end + dt.timedelta(draw(st.integers(20, 400))), std.BY_ELECTED, None
    return rows


@st.composite
def units(draw):
    members = histories()
    members = draw(members)
    now = draw(st.one_of(st.just(None), st.dates(CONGRESS + dt.timedelta(10), END)))
    meetings = []
    for day in sorted(draw(st.sets(st.dates(CONGRESS, END), max_size=25))):
        meetings.append({"date": day, "kind": draw(st.sampled_from(std.MEETING_KINDS)),
                         "present": draw(st.one_of(st.none(), st.just(1)))})
    ratings = [{"year": y, "subject": "Tập thể", "rating": draw(st.sampled_from((std.HTXSNV, "Hoàn thành tốt nhiệm vụ")))}
               for y in sorted(draw(st.sets(st.integers(2017, 2022), max_size=6)))]
    wb = unit(members, meetings, ratings, ngay_bao_cao=now)
    known = positions(wb)
    for m in wb.meetings.rows:  # present only where someone was in office
        if not in_office(known, m["date"]):
            m["present"] = None
    return wb


def _count(clause: str, what: str) -> int:
    m = re.search(rf"(\d+) đồng chí {what}", clause)
    return int(m.group(1)) if m else 0


def _bracketed(text: str, opener: str) -> str:
    """What stands inside the parentheses that follow ``opener`` (nested ones included)."""
    start = text.find(opener)
    if start < 0:
        return ""
    depth, i = 1, start + len(opener)
    for j in range(i, len(text)):
        depth += {"(": 1, ")": -1}.get(text[j], 0)
        if not depth:
            return text[i:j]
    return text[i:]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(units())
def test_the_report_tells_the_data_truthfully(wb):
    report = check(wb, today=D(2026, 11, 25))
    assume(report.ok)
    r = Rendered(wb)
    v = r.values
    changes = r.changes

    # the body says "no change" exactly when the appendix lists none
    assert ("không có biến động" in r.body) == (not changes), (r.body, changes)

    # Bí thư counts in the body are the distinct people in the appendix
    clause = _bracketed(r.body, "đối với chức danh Bí thư (")
    ended = {row[1] for row in changes if (row[2] in SECRETARY_LEAVES and row[3] == std.BI_THU)
             or (row[2] == "Chuyển chức vụ" and row[3].startswith(f"Từ {std.BI_THU} sang"))}
    started = [row for row in changes if (row[2] in SECRETARY_STARTS and row[3] == std.BI_THU)
               or (row[2] == "Chuyển chức vụ" and row[3].endswith(f"sang {std.BI_THU}"))]
    assert _count(clause, "thôi giữ nhiệm vụ") == len(ended)
    assert _count(clause, "bầu bổ sung") == len({row[1] for row in started if row[4] != std.APPOINTED})
    assert _count(clause, "được chỉ định") == len({row[1] for row in started if row[4] == std.APPOINTED})

    # a vacancy is stated exactly when nobody holds the post now (and somebody holds a post)
    holders = [row for row in r.table(["Chức vụ", "Số lượng", "Họ và tên"]) if row[0] == std.BI_THU]
    if v["so_uy_vien_hien_nay"]:
        assert bool(re.search(r"chức danh Bí thư(, Phó Bí thư)?(, Ủy viên Ban Thường vụ)? (hiện )?đang khuyết", r.body)) == (not holders)
    assert bool(re.search(r"(?<!chưa )được kiện toàn", r.body)) <= bool(holders)

    # no percentage for a figure with no data
    if not any(m["present"] is not None and m["date"] <= v["ngay_tinh_den"] for m in wb.meetings.rows):
        assert "dự họp đạt" not in r.body
    if v["ty_le_du_hop"] is None and v["so_cuoc_hop"]:
        total = [row for row in r.table(["Năm", "Họp định kỳ", "Họp bất thường", "Tổng", "Tỷ lệ dự họp"])
                 if row[0] == "Cả nhiệm kỳ"]
        assert total[0][-1] == "chưa ghi"

    # "hàng năm đều" only when every year due is rated, the same
    now = v["ngay_tinh_den"]
    due = range(CONGRESS.year, min(now.year - 1, 2022) + 1)
    rated = {row["year"]: row["rating"] for row in ({"year": x["year"], "rating": x["rating"]}
                                                   for x in wb.ratings.rows) if row["year"] <= now.year}
    every = all(y in rated for y in due) and len(rated) >= 2 and len(set(rated.values())) == 1
    assert ("hàng năm đều" in r.body) == every

    assert "00 đồng chí" not in r.text and "{{" not in r.text
