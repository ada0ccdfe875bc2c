"""Indicators: the example's figures, edge cases, and invariants over generated rosters."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
from hypothesis import HealthCheck, given, settings, strategies as st

from toolkit import read_workbook, standard as std
from toolkit.catalog import CATALOG
from toolkit.indicators import compute
from toolkit.reader import from_rows

from conftest import EXAMPLE, TODAY, kiemdiem

D = dt.date
CONGRESS = D(2017, 4, 14)
SETTINGS = {"ngay_dai_hoi": CONGRESS, "nam_bat_dau": 2017, "nam_ket_thuc": 2022, "tan_suat_hop": "hang_thang",
            "nguong_dat_tan_suat": 0.9}


def m(name, position=std.UV_BCH, how=std.ELECTED_AT_CONGRESS, start=CONGRESS, end=None, reason=None,
      gender="Nam", party="Có"):
    return {"name": name, "position": position, "start_how": how, "start": start, "end": end,
            "end_reason": reason or (("Chuyển công tác") if end else None), "gender": gender, "party": party}


def figures(members=(), meetings=(), ratings=(), today=TODAY, **settings):
    wb = from_rows({**SETTINGS, **settings}, members=list(members), meetings=list(meetings), ratings=list(ratings))
    return compute(wb, today=today)


def monthly(start=D(2017, 5, 5), end=D(2022, 12, 5), kind=std.REGULAR, skip=()):
    out, (y, mo) = [], (start.year, start.month)
    while (y, mo) <= (end.year, end.month):
        if (y, mo) not in skip:
            out.append({"date": D(y, mo, start.day), "kind": kind, "present": 4, "convened": 5})
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def test_example_gives_the_reference_figures():
    v = compute(read_workbook(EXAMPLE), today=TODAY)
    assert v["so_uy_vien_dau_nhiem_ky"] == 4
    assert v["so_uy_vien_hien_nay"] == 5
    assert (v["bi_thu_thoi_nhiem_vu"], v["bi_thu_bau_bo_sung"]) == (2, 2)
    assert (v["uy_vien_rut_ten"], v["uy_vien_bo_sung"]) == (2, 3)
    assert v["uy_vien_bo_sung_hien_giu"] == [std.BI_THU, std.PHO_BI_THU]
    assert v["giu_tan_suat_hop"] is True and v["ky_khong_hop"] == []
    assert v["deu_dat_htxsnv"] is True
    assert [r["xep_loai"] for r in v["xep_loai_tap_the"]] == [std.HTXSNV] * 5
    assert v["ngay_tinh_den"] == D(2022, 12, 31)


def test_nobody_left_or_joined():
    v = figures([m(n) for n in "ABCDE"])
    assert (v["so_uy_vien_dau_nhiem_ky"], v["so_uy_vien_hien_nay"]) == (5, 5)
    assert (v["uy_vien_rut_ten"], v["uy_vien_bo_sung"], v["bi_thu_thoi_nhiem_vu"]) == (0, 0, 0)
    assert v["bien_dong_nhan_su"] == []


def test_secretary_steps_down_but_stays_a_member():
    v = figures([m("A", std.BI_THU, end=D(2019, 5, 1), reason=std.CHANGED_POSITION),
                 m("A", std.UV_BCH, start=D(2019, 5, 1)), m("B"), m("C")])
    assert v["bi_thu_thoi_nhiem_vu"] == 1
    assert v["uy_vien_rut_ten"] == 0
    assert v["so_uy_vien_hien_nay"] == 3
    assert [e["su_kien"] for e in v["bien_dong_nhan_su"]] == ["Chuyển chức vụ"]


def test_member_by_elected_then_promoted_counts_once():
    v = figures([m("A", std.BI_THU, end=D(2019, 5, 1)),
                 m("X", std.UV_BCH, std.BY_ELECTED, D(2018, 3, 1), end=D(2019, 5, 1), reason=std.CHANGED_POSITION),
                 m("X", std.BI_THU, std.BY_ELECTED, D(2019, 5, 1)), m("B")])
    assert v["uy_vien_bo_sung"] == 1
    assert v["bi_thu_bau_bo_sung"] == 1
    assert v["so_nguoi_trong_nhiem_ky"] == 3
    assert v["so_uy_vien_hien_nay"] == 2
    assert v["uy_vien_bo_sung_hien_giu"] == [std.BI_THU]


def test_appointed_secretary_is_counted_apart():
    v = figures([m("A", std.BI_THU, end=D(2019, 5, 1)), m("Y", std.BI_THU, std.APPOINTED, D(2019, 6, 1))])
    assert (v["bi_thu_bau_bo_sung"], v["bi_thu_chi_dinh"]) == (1, 1)


def test_ratings_missing_for_a_year():
    v = figures([m("A")], ratings=[{"year": 2017, "subject": "Tập thể", "rating": std.HTXSNV},
                                   {"year": 2019, "subject": "Tập thể", "rating": std.HTXSNV}])
    assert [r["nam"] for r in v["xep_loai_tap_the"]] == [2017, 2019]
    assert v["so_nam_xep_loai"] == 2


def test_old_scheme_ratings_beside_new_ones():
    v = figures([m("A")], ratings=[{"year": 2017, "subject": "Tập thể", "rating": "Vững mạnh"},
                                   {"year": 2019, "subject": "tập thể", "rating": std.HTXSNV}])
    assert v["deu_dat_htxsnv"] is False
    assert [r["xep_loai"] for r in v["xep_loai_tap_the"]] == ["Vững mạnh", std.HTXSNV]


def test_no_rating_means_not_every_year_excellent():
    assert figures([m("A")])["deu_dat_htxsnv"] is False


def test_term_with_no_meetings_yet():
    v = figures([m("A")], today=D(2017, 8, 1), nam_ket_thuc=2022)
    assert (v["so_cuoc_hop"], v["so_ky_co_hop"], v["ty_le_ky_co_hop"]) == (0, 0, 0.0)
    assert v["giu_tan_suat_hop"] is False
    # April (the congress's month) and August ("now"'s) are not whole: missed only when they hold no meeting
    assert v["ky_khong_hop"] == ["05/2017", "06/2017", "07/2017"]
    assert v["ty_le_du_hop"] is None and v["so_hop_ghi_co_mat"] == 0


def test_meeting_regime_measured_monthly_and_quarterly():
    meetings = monthly(start=D(2017, 4, 20), skip={(2020, 4), (2020, 5), (2021, 8)})
    v = figures([m("A")], meetings)
    assert v["so_ky"] == 69 and v["so_ky_co_hop"] == 66
    assert v["ky_khong_hop"] == ["04/2020", "05/2020", "08/2021"]
    assert v["ty_le_ky_co_hop"] == 95.65 and v["giu_tan_suat_hop"] is True
    v = figures([m("A")], meetings, nguong_dat_tan_suat=0.98)
    assert v["giu_tan_suat_hop"] is False
    quarterly = [x for x in meetings if x["date"].month in (1, 4, 7, 10)]
    v = figures([m("A")], quarterly, tan_suat_hop="hang_quy")
    assert v["so_ky"] == 23 and v["ky_khong_hop"] == ["Quý 2/2020"]


def test_events_after_now_and_before_congress_are_ignored():
    v = figures([m("A", end=D(2023, 1, 5)), m("B", start=D(2023, 2, 1))],
                [{"date": D(2016, 5, 1), "kind": std.REGULAR}, {"date": D(2023, 3, 1), "kind": std.REGULAR}])
    assert v["so_uy_vien_hien_nay"] == 1 and v["uy_vien_rut_ten"] == 0
    assert v["so_cuoc_hop"] == 0


def test_attendance_uses_members_in_office_when_convened_is_blank():
    v = figures([m("A"), m("B"), m("C", end=D(2018, 1, 1))],
                [{"date": D(2017, 6, 1), "kind": std.REGULAR, "present": 3},
                 {"date": D(2018, 6, 1), "kind": std.REGULAR, "present": 1}])
    assert v["ty_le_du_hop"] == 80.0
    assert [(y["nam"], y["ty_le_du_hop"]) for y in v["hop_theo_nam"]] == [(2017, 100.0), (2018, 50.0)]


def test_women_and_party_shares_among_the_bch_now():
    v = figures([m("A", gender="Nữ", party="Không"), m("B", gender="Nữ"), m("C"),
                 m("D", gender="Nữ", end=D(2019, 1, 1))])
    assert (v["so_nu"], v["ty_le_nu"]) == (2, 66.67)
    assert (v["so_dang_vien"], v["ty_le_dang_vien"]) == (2, 66.67)


# --- invariants over generated rosters and meeting logs -------------------------------------

DAYS = st.integers(min_value=0, max_value=(D(2022, 12, 31) - CONGRESS).days).map(lambda n: CONGRESS + dt.timedelta(n))


@st.composite
def rosters(draw):
    members = []
    for i in range(draw(st.integers(1, 8))):
        start = draw(DAYS)
        how = draw(st.sampled_from(std.START_HOW))
        for step in range(draw(st.integers(1, 3))):
            end = draw(st.one_of(st.none(), DAYS.filter(lambda d, s=start: d > s)))
            members.append(m(f"Người {i}", draw(st.sampled_from(std.POSITIONS)), how, start, end,
                             std.CHANGED_POSITION if end else None, draw(st.sampled_from(std.GENDERS)),
                             draw(st.sampled_from((std.YES, std.NO)))))
            if end is None:
                break
            start, how = end, std.BY_ELECTED
    return members


MEETINGS = st.lists(st.builds(lambda d, k, p: {"date": d, "kind": k, "present": p, "convened": 8},
                              DAYS, st.sampled_from(std.MEETING_KINDS), st.integers(0, 8)), max_size=30)
NOWS = st.one_of(DAYS, st.just(D(2026, 11, 25)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rosters(), MEETINGS, NOWS)
def test_invariants(members, meetings, today):
    v = figures(members, meetings, today=today)
    now = v["ngay_tinh_den"]
    holding = {x["name"] for x in members if x["start"] <= now and (x["end"] is None or now < x["end"])}
    started = {x["name"] for x in members if x["start"] <= now}
    assert v["so_uy_vien_hien_nay"] == len(holding)      # counted here from the rows, not from the toolkit
    assert v["uy_vien_rut_ten"] == len(started - holding)
    for i in CATALOG:
        if i.kind == "percent" and v[i.name] is not None:
            assert 0 <= v[i.name] <= 100, i.name
        if i.kind == "count":
            assert v[i.name] >= 0, i.name
    assert v["so_nguoi_trong_nhiem_ky"] == len(started)
    assert v["so_uy_vien_hien_nay"] <= len(started)
    assert sum(r["so_luong"] for r in v["co_cau_hien_nay"]) == v["so_uy_vien_hien_nay"]


@settings(max_examples=100, deadline=None)
@given(MEETINGS, st.builds(lambda d, k: {"date": d, "kind": k}, DAYS, st.sampled_from(std.MEETING_KINDS)))
def test_adding_a_meeting_never_lowers_the_months_with_one(meetings, extra):
    before = figures([m("A")], meetings, today=D(2022, 12, 31))
    after = figures([m("A")], meetings + [extra], today=D(2022, 12, 31))
    assert after["so_ky_co_hop"] >= before["so_ky_co_hop"]
    assert after["so_cuoc_hop"] == before["so_cuoc_hop"] + 1


# --- the command ---------------------------------------------------------------------------

def test_indicators_json_has_every_catalog_name():
    run = kiemdiem("indicators", EXAMPLE, "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert list(data) == [i.name for i in CATALOG]
    assert data["so_uy_vien_hien_nay"] == 5 and data["ngay_tinh_den"] == "2022-12-31"
    assert data["hop_theo_nam"][0]["nam"] == 2017


def test_indicators_text_and_sheet(tmp_path):
    run = kiemdiem("indicators", EXAMPLE)
    assert "Số ủy viên hiện nay" in run.stdout and "90,57%" in run.stdout
    out = tmp_path / "chi-so.xlsx"
    assert kiemdiem("indicators", EXAMPLE, "--xlsx", out).returncode == 0
    ws = openpyxl.load_workbook(out)["Chỉ số"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["so_uy_vien_hien_nay"][1:3] == ("Số ủy viên hiện nay", 5)
    assert "Có mặt" in rows["du_hop_theo_uy_vien"][2]
    assert rows["ty_le_du_hop"][3].startswith("Tổng số có mặt")


def test_indicators_refuse_a_workbook_with_errors(example):
    example.set("Ban Chấp hành", 4, "Chức vụ", "Thư ký")
    run = kiemdiem("indicators", example.save())
    assert run.returncode == 1
    assert "Ban Chấp hành!F4" in run.stdout
