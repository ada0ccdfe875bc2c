"""The report says what the data says, for units of every shape (issue: truth on units unlike the example).

Each test is an invented unit an officer could keep; it asserts the sentences and appendix rows that must and
must not appear, and what the checker warns first.
"""
from __future__ import annotations

import re

import pytest

from toolkit import check, compute, sentences, standard as std
from toolkit.values import to_ratio

from units import CONGRESS, D, TODAY, Rendered, m, meeting, monthly, org, unit

ALL_YEARS = [org(y) for y in range(2017, 2022)]


def codes(wb, today=TODAY):
    return check(wb, today=today).codes()


# --- 1. changes that net to zero --------------------------------------------------------------

def test_a_deputy_swapped_inside_the_bch_is_a_change():
    wb = unit([m("A", std.BI_THU),
               m("B", std.PHO_BI_THU, end=D(2019, 5, 1), reason=std.CHANGED_POSITION),
               m("B", std.UV_BCH, std.ELECTED_AT_CONGRESS, D(2019, 5, 1)),
               m("C", end=D(2019, 5, 1), reason=std.CHANGED_POSITION),
               m("C", std.PHO_BI_THU, std.BY_ELECTED, D(2019, 5, 1)), m("E")], monthly(), ALL_YEARS)
    r = Rendered(wb)
    assert "không có biến động" not in r.text
    assert ("có sự biến động về nhân sự, cụ thể: đối với chức danh Phó Bí thư (01 đồng chí thôi giữ nhiệm vụ, "
            "01 đồng chí bầu bổ sung).") in r.body
    assert r.changes == [["01/05/2019", "B", "Chuyển chức vụ", "Từ Phó Bí thư sang Ủy viên Ban Chấp hành", ""],
                         ["01/05/2019", "C", "Chuyển chức vụ", "Từ Ủy viên Ban Chấp hành sang Phó Bí thư",
                          "Bầu bổ sung"]]
    assert "chức danh Phó Bí thư có 01 đồng chí thôi giữ nhiệm vụ, bầu bổ sung 1 lần" in r.body
    # stepping down to a member is not a late "Bầu tại Đại hội": nothing to warn
    assert "late-congress-start" not in codes(wb)


def test_a_member_who_left_and_was_elected_back_is_a_change():
    wb = unit([m("A", std.BI_THU), m("B", end=D(2018, 5, 1), reason="Rút tên"),
               m("B", std.UV_BCH, std.BY_ELECTED, D(2020, 5, 1)), m("C"), m("E")], monthly(), ALL_YEARS,
              narrative=[{"section": "nhan_su", "text": "và đều đảm bảo tiêu chuẩn."}])
    r = Rendered(wb)
    assert "không có biến động" not in r.text
    assert "đối với Ủy viên Ban Chấp hành (01 đồng chí rút tên rồi được bổ sung trở lại)." in r.body
    assert "Trong số đó, 01 đồng chí được bổ sung trong nhiệm kỳ và đều đảm bảo tiêu chuẩn." in r.body
    assert [row[2] for row in r.changes] == ["Thôi giữ chức vụ, rời Ban Chấp hành", "Được bổ sung trở lại Ban Chấp hành"]
    assert "narrative-not-printed" not in codes(wb)


def test_no_change_at_all():
    wb = unit([m("A", std.BI_THU), m("B", std.PHO_BI_THU), m("C"), m("D"), m("E")], monthly(), ALL_YEARS)
    r = Rendered(wb)
    assert "Trong nhiệm kỳ, nhân sự Ban Chấp hành Đoàn Sở Tư pháp không có biến động." in r.body
    assert r.changes == [] and "Trong nhiệm kỳ, nhân sự Ban Chấp hành không có biến động." in r.appendix
    assert "II. NHỮNG MẶT HẠN CHẾ" in r.body and "thay đổi" not in r.body


# --- 2. people, not positions -----------------------------------------------------------------

def test_one_person_who_gave_up_the_secretary_post_twice_counts_once():
    wb = unit([m("A", std.BI_THU, end=D(2018, 5, 1), reason=std.CHANGED_POSITION),
               m("A", std.UV_BCH, std.ELECTED_AT_CONGRESS, D(2018, 5, 1), end=D(2019, 5, 1),
                 reason=std.CHANGED_POSITION),
               m("A", std.BI_THU, std.BY_ELECTED, D(2019, 5, 1), end=D(2021, 1, 1)),
               m("X", std.BI_THU, std.BY_ELECTED, D(2018, 5, 1), end=D(2019, 5, 1)),
               m("F", std.BI_THU, std.BY_ELECTED, D(2021, 1, 1)), m("E")], monthly(), ALL_YEARS)
    r = Rendered(wb)
    v = r.values
    assert (v["bi_thu_thoi_nhiem_vu"], v["bi_thu_thoi_nhiem_vu_luot"]) == (2, 3)
    assert (v["bi_thu_bau_bo_sung"], v["bi_thu_bau_bo_sung_luot"]) == (3, 3)
    assert "đối với chức danh Bí thư (02 đồng chí thôi giữ nhiệm vụ 03 lượt, 03 đồng chí bầu bổ sung)" in r.body
    assert "03 đồng chí thôi giữ nhiệm vụ" not in r.text
    assert "chức danh Bí thư được kiện toàn, bầu bổ sung 3 lần" in r.body


# --- 3. a vacant secretary post ---------------------------------------------------------------

def test_a_vacant_secretary_post_is_stated_and_the_deputy_signs():
    wb = unit([m("A", std.BI_THU, end=D(2019, 3, 1)), m("B", std.BI_THU, std.BY_ELECTED, D(2019, 4, 1),
                                                        end=D(2021, 6, 1)),
               m("P", std.PHO_BI_THU), m("C"), m("E")], monthly(), ALL_YEARS)
    r = Rendered(wb)
    assert "Hiện nay Ban Chấp hành Đoàn Sở Tư pháp có 03 đồng chí; chức danh Bí thư đang khuyết." in r.body
    assert "được kiện toàn" not in r.text
    assert "chức danh Bí thư đã bầu bổ sung 1 lần nhưng hiện đang khuyết" in r.body
    assert r.signature == ["TM. BAN CHẤP HÀNH", "PHÓ BÍ THƯ", "P"]
    assert "secretary-vacant" in codes(wb)


def test_no_title_is_printed_over_an_empty_name():
    wb = unit([m("A", std.BI_THU, end=D(2019, 3, 1)), m("C"), m("E")], monthly(), ALL_YEARS)
    r = Rendered(wb)
    assert r.signature == ["TM. BAN CHẤP HÀNH"]
    assert "BÍ THƯ" not in "\n".join(r.signature[1:])
    assert "chức danh Bí thư (01 đồng chí thôi giữ nhiệm vụ, chưa bầu bổ sung)" in r.body
    assert "chức danh Bí thư có 01 đồng chí thôi giữ nhiệm vụ, hiện đang khuyết, chưa được kiện toàn" in r.body
    assert {"secretary-vacant", "no-signer"} <= set(codes(wb))


@pytest.mark.parametrize("form, lines", [
    ("kt_bi_thu", ["TM. BAN CHẤP HÀNH", "KT. BÍ THƯ", "PHÓ BÍ THƯ", "P"]),
    ("bi_thu", ["TM. BAN CHẤP HÀNH", "BÍ THƯ", "A"]),
    ("pho_bi_thu", ["TM. BAN CHẤP HÀNH", "PHÓ BÍ THƯ", "P"]),
])
def test_signing_forms_can_be_chosen(form, lines):
    wb = unit([m("A", std.BI_THU), m("P", std.PHO_BI_THU), m("C")], monthly(), ALL_YEARS, kieu_ky=form)
    assert Rendered(wb).signature == lines


def test_the_secretary_signs_by_default_and_nguoi_ky_overrides():
    members = [m("A", std.BI_THU), m("P", std.PHO_BI_THU), m("C")]
    assert Rendered(unit(members, monthly(), ALL_YEARS)).signature == ["TM. BAN CHẤP HÀNH", "BÍ THƯ", "A"]
    wb = unit(members, monthly(), ALL_YEARS, nguoi_ky="Trần Văn Khách", chuc_vu_ky="Phó Bí thư")
    assert Rendered(wb).signature == ["TM. BAN CHẤP HÀNH", "PHÓ BÍ THƯ", "Trần Văn Khách"]


# --- 4. "Bầu tại Đại hội" long after the congress --------------------------------------------

def test_a_late_congress_row_counts_as_a_by_election_and_is_warned_on_every_row():
    wb = unit([m("A", std.BI_THU, end=D(2019, 3, 1)),
               m("C", end=D(2019, 3, 1), reason=std.CHANGED_POSITION),
               m("C", std.BI_THU, std.ELECTED_AT_CONGRESS, D(2019, 3, 1)),
               m("N", std.UV_BCH, std.ELECTED_AT_CONGRESS, D(2020, 6, 1)), m("E")], monthly(), ALL_YEARS)
    report = check(wb, today=TODAY)
    late = [p for p in report.problems if p.code == "late-congress-start"]
    assert sorted(p.cell for p in late) == ["G4", "G5"]  # C's new post (not C's first row) and N's first row
    r = Rendered(wb)
    assert "đối với chức danh Bí thư (01 đồng chí thôi giữ nhiệm vụ, 01 đồng chí bầu bổ sung)" in r.body
    assert "bổ sung 01 đồng chí" in r.body  # N
    assert ["01/03/2019", "C", "Chuyển chức vụ", "Từ Ủy viên Ban Chấp hành sang Bí thư", "Bầu bổ sung"] in r.changes
    assert r.values["so_uy_vien_dau_nhiem_ky"] == 3


# --- 5. the unfinished month or quarter -------------------------------------------------------

def test_a_quarter_three_days_old_is_not_counted_as_missed():
    meetings = [meeting(D(y, mo, 20)) for y in range(2017, 2021) for mo in (1, 4, 7, 10)
                if D(2017, 4, 14) <= D(y, mo, 20)]
    wb = unit([m("A", std.BI_THU)], meetings, ALL_YEARS, tan_suat_hop="hang_quy", ngay_bao_cao=D(2021, 1, 3))
    r = Rendered(wb, today=TODAY)
    assert r.values["ky_khong_hop"] == [] and r.values["giu_tan_suat_hop"] is True
    assert "Ban Chấp hành họp định kỳ hàng quý." in r.body


def test_a_congress_month_without_a_meeting_is_not_missed():
    wb = unit([m("A", std.BI_THU)], monthly(start=D(2017, 5, 5)), ALL_YEARS)
    assert Rendered(wb).values["ky_khong_hop"] == []


# --- 6. no figure without data ----------------------------------------------------------------

def test_attendance_is_never_printed_as_zero_when_nothing_was_recorded():
    wb = unit([m("A", std.BI_THU), m("B")], monthly(present=None, convened=None), ALL_YEARS)
    r = Rendered(wb)
    assert "dự họp đạt" not in r.body and not re.search(r"(?<![\d,])0%", r.text)
    total = next(row for row in r.table(["Năm", "Họp định kỳ", "Họp bất thường", "Tổng", "Tỷ lệ dự họp"])
                 if row[0] == "Cả nhiệm kỳ")
    assert total[-1] == "chưa ghi"
    assert [(p.code, p.cell) for p in check(wb, today=TODAY).problems if p.code == "no-attendance"] == \
        [("no-attendance", "F2")]  # one warning, not one per meeting


def test_attendance_on_some_meetings_says_on_how_many():
    meetings = monthly(present=None, convened=None)
    meetings[0]["present"], meetings[1]["present"] = 2, 1
    r = Rendered(unit([m("A", std.BI_THU), m("B")], meetings, ALL_YEARS))
    assert "tỷ lệ ủy viên dự họp đạt 75% (tính trên 2/68 cuộc họp có số liệu có mặt)" in r.body


def test_a_roll_call_of_some_meetings_is_labelled_and_warned():
    meetings = monthly(present=None, convened=None)
    roll = [{"date": meetings[i]["date"], "name": n, "status": std.PRESENT} for i in (0, 1) for n in ("A", "B")]
    wb = unit([m("A", std.BI_THU), m("B")], meetings, ALL_YEARS, roll_call=roll)
    r = Rendered(wb)
    assert "5. Dự họp của từng ủy viên (theo điểm danh của 2/68 cuộc họp)" in r.appendix
    problem = next(p for p in check(wb, today=TODAY).problems if p.code == "partial-roll-call")
    assert "2/68" in problem.message


# --- 7. a term in progress --------------------------------------------------------------------

def test_a_term_in_progress_speaks_of_the_years_so_far():
    wb = unit([m("A", std.BI_THU)], monthly(end=D(2020, 9, 5)), [org(2017), org(2018), org(2019), org(2020)],
              ngay_bao_cao=D(2020, 9, 10))
    r = Rendered(wb)
    assert ("Từ đầu nhiệm kỳ đến nay, Đoàn Sở Tư pháp hàng năm đều đạt danh hiệu hoàn thành xuất sắc nhiệm vụ."
            in r.body)
    assert "Trong nhiệm kỳ 2017 - 2022, Đoàn Sở Tư pháp hàng năm" not in r.body
    assert "rating-year-missing" not in codes(wb)


def test_rating_years_due_missing_and_future():
    wb = unit([m("A", std.BI_THU)], monthly(end=D(2020, 9, 5)), [org(2017), org(2019), org(2021)],
              ngay_bao_cao=D(2020, 9, 10))
    report = check(wb, today=TODAY)
    assert [p.message.split(":")[0] for p in report.problems if p.code == "rating-year-missing"] == \
        ["Chưa có xếp loại “Tập thể” năm 2018"]
    assert any(p.code == "after-now" and "2021" in p.message for p in report.problems)
    r = Rendered(wb)
    assert "hàng năm đều" not in r.text and "2021" not in r.body
    assert ("Từ đầu nhiệm kỳ đến nay, Đoàn Sở Tư pháp được xếp loại: năm 2017 hoàn thành xuất sắc nhiệm vụ; "
            "năm 2018 chưa có số liệu xếp loại; năm 2019 hoàn thành xuất sắc nhiệm vụ; năm 2020 chưa có kết quả "
            "xếp loại.") in r.body


def test_the_example_shape_keeps_the_reference_sentence():
    wb = unit([m("A", std.BI_THU)], monthly(), ALL_YEARS)  # now 31/12/2022, 2017-2021 rated
    assert ("Trong nhiệm kỳ 2017 - 2022, Đoàn Sở Tư pháp hàng năm đều đạt danh hiệu hoàn thành xuất sắc nhiệm vụ."
            in Rendered(wb).body)


# --- 8. struck off is not withdrawn -----------------------------------------------------------

def test_struck_off_is_named_as_such():
    wb = unit([m("A", std.BI_THU), m("B", end=D(2019, 1, 1), reason="Chuyển công tác"),
               m("C", end=D(2019, 6, 1), reason=std.STRUCK_OFF),
               m("X", how=std.BY_ELECTED, start=D(2019, 8, 1)), m("Y", how=std.BY_ELECTED, start=D(2019, 8, 1))],
              monthly(), ALL_YEARS)
    r = Rendered(wb)
    assert "(01 đồng chí rút tên, 01 đồng chí bị xóa tên, bổ sung 02 đồng chí)" in r.body
    assert ["01/06/2019", "C", "Bị xóa tên khỏi Ban Chấp hành", std.UV_BCH, std.STRUCK_OFF] in r.changes


# --- 9. a "Tối đa" target ---------------------------------------------------------------------

def test_an_at_most_target_shows_its_direction():
    targets = [{"target": "Đoàn viên vi phạm kỷ luật", "unit": "người", "goal": 1, "result": 0,
                "direction": std.AT_MOST}]
    r = Rendered(unit([m("A", std.BI_THU)], monthly(), ALL_YEARS, targets=targets))
    row = r.table(["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Kết quả", "Đánh giá"])[0]
    assert row[3:] == ["≤ 1", "0", "Đạt"]
    assert "≤: chỉ tiêu tối đa" in r.appendix


# --- 10. indicators and sentences agree -------------------------------------------------------

@pytest.mark.parametrize("ratings, every_year", [
    (ALL_YEARS, True),
    ([org(2017), org(2019), org(2020), org(2021)], False),      # 2018 missing
    ([org(2017)], False),                                         # one year is not "hàng năm"
    ([org(y, "Hoàn thành tốt nhiệm vụ") for y in range(2017, 2022)], False),
])
def test_the_every_year_indicator_says_what_the_sentence_says(ratings, every_year):
    r = Rendered(unit([m("A", std.BI_THU)], monthly(), ratings))
    assert r.values["deu_dat_htxsnv"] is every_year
    assert ("hàng năm đều đạt danh hiệu hoàn thành xuất sắc nhiệm vụ" in r.body) is every_year


# --- 11. leaving and coming back in the appendix ----------------------------------------------

def test_appendix_rows_of_a_person_who_left_and_came_back_as_deputy():
    wb = unit([m("A", std.BI_THU), m("B", end=D(2018, 5, 1), reason="Chuyển công tác"),
               m("B", std.PHO_BI_THU, std.BY_ELECTED, D(2020, 5, 1)), m("C")], monthly(), ALL_YEARS)
    r = Rendered(wb)
    assert r.changes == [["01/05/2018", "B", "Thôi giữ chức vụ, rời Ban Chấp hành", std.UV_BCH, "Chuyển công tác"],
                         ["01/05/2020", "B", "Được bổ sung trở lại Ban Chấp hành", std.PHO_BI_THU, std.BY_ELECTED]]
    assert "Nhận chức vụ mới" not in r.text
    assert "Đồng chí được bổ sung vào Ban Chấp hành giữ chức danh Phó Bí thư" in r.body


# --- 12. the threshold --------------------------------------------------------------------------

@pytest.mark.parametrize("typed, share", [(0.9, 0.9), (90, 0.9), ("90%", 0.9), ("0,9", 0.9), (9, 0.09), (1, 1.0)])
def test_threshold_values(typed, share):
    assert to_ratio(typed) == (pytest.approx(share), None)


@pytest.mark.parametrize("typed", [150, -1, "nhiều"])
def test_threshold_out_of_range_is_an_error(typed):
    assert to_ratio(typed)[0] is None and to_ratio(typed)[1]


def test_a_threshold_below_half_is_warned(example):
    cell = example.setting("nguong_dat_tan_suat", 9)
    from toolkit import load
    report = check(load(example.save()), today=TODAY)
    p = next(p for p in report.problems if p.code == "low-threshold")
    assert p.cell == cell and "9%" in p.message and report.ok


# --- 13. two people with one name -------------------------------------------------------------

def test_two_people_with_one_name_are_told_apart_by_birth_year():
    wb = unit([m("A", std.BI_THU),
               m("Nguyễn Thị Hương", std.PHO_BI_THU, end=D(2020, 1, 1), birth_year=1994),
               m("Nguyễn Thị Hương", std.PHO_BI_THU, std.BY_ELECTED, D(2020, 1, 1), birth_year=1998)],
              monthly(), ALL_YEARS + [{"year": 2018, "subject": "Nguyễn Thị Hương (1994)", "rating": std.HTXSNV}])
    report = check(wb, today=TODAY)
    assert report.ok, report.to_table()
    assert "same-name" in report.codes()
    r = Rendered(wb)
    assert "01 đồng chí rút tên, bổ sung 01 đồng chí" in r.body
    assert [row[1] for row in r.changes] == ["Nguyễn Thị Hương (1994)", "Nguyễn Thị Hương (1998)"]


def test_a_bare_shared_name_in_another_sheet_is_an_error_naming_both():
    wb = unit([m("A", std.BI_THU), m("Nguyễn Thị Hương", birth_year=1994), m("Nguyễn Thị Hương", birth_year=1998)],
              monthly(), ALL_YEARS + [{"year": 2018, "subject": "Nguyễn Thị Hương", "rating": std.HTXSNV}])
    p = next(p for p in check(wb, today=TODAY).problems if p.code == "ambiguous-name")
    assert "Nguyễn Thị Hương (1994)" in p.advice and "Nguyễn Thị Hương (1998)" in p.advice


# --- 14. wording ------------------------------------------------------------------------------

def test_no_target_met_is_said_plainly():
    targets = [{"target": "Kết nạp", "goal": 10, "result": 3}, {"target": "Công trình", "goal": 5, "result": 1}]
    r = Rendered(unit([m("A", std.BI_THU)], monthly(), ALL_YEARS, targets=targets))
    assert "Đến nay, cả 2 chỉ tiêu của Nghị quyết Đại hội đều chưa đạt (chi tiết tại Phụ lục)." in r.body
    assert "0/2" not in r.body


def test_added_members_who_are_plain_members_are_not_given_their_title_twice():
    wb = unit([m("A", std.BI_THU), m("B", end=D(2019, 1, 1)), m("X", how=std.BY_ELECTED, start=D(2019, 3, 1))],
              monthly(), ALL_YEARS)
    r = Rendered(wb)
    assert "Trong số đó, 01 đồng chí được bổ sung trong nhiệm kỳ." in r.body
    assert "giữ chức danh Ủy viên Ban Chấp hành" not in r.body


def test_a_long_unit_name_is_shortened_after_the_first_mention():
    name = "Trung tâm Công nghệ thông tin và Truyền thông thuộc Sở Thông tin và Truyền thông thành phố"
    wb = unit([m("A", std.BI_THU), m("B", end=D(2019, 1, 1))], monthly(), ALL_YEARS, don_vi=name,
              don_vi_goi_tat="Trung tâm")
    r = Rendered(wb)
    assert r.body.count(name) <= 3  # title, and the first sentence's two mentions
    assert "Ban Chấp hành Đoàn Trung tâm có sự biến động" in r.body
    assert "long-unit-name" in codes(unit([m("A", std.BI_THU)], monthly(), ALL_YEARS, don_vi=name))


# --- the checker says first what the report would get wrong -----------------------------------

def test_validate_refuses_what_report_refuses(example):
    from toolkit import validate
    example.setting("dia_danh", None)
    result = validate(example.save())
    assert not result.ok and [p.code for p in result.problems.errors] == ["missing-setting"]


def test_a_renamed_sheet_gives_one_problem(example):
    from toolkit import load
    example.ws("Ban Chấp hành").title = "Danh sach can bo"
    report = check(load(example.save()), today=TODAY)
    assert [(p.code, p.sheet) for p in report.errors] == [("missing-sheet", "Ban Chấp hành")]
    assert "Danh sach can bo" in report.errors[0].advice
    assert all(p.sheet for p in report.problems)


def test_the_usual_abbreviation_of_a_sheet_name_is_accepted(example):
    from toolkit import load
    example.ws("Ban Chấp hành").title = "BCH"
    assert check(load(example.save()), today=TODAY).problems == []


def test_a_header_typo_gives_one_problem(example):
    from toolkit import load
    ws = example.ws("Họp BCH")
    ws.cell(row=1, column=example.column("Họp BCH", "Ngày họp")).value = "Ngay hop"
    report = check(load(example.save()), today=TODAY)
    assert [(p.code, p.cell) for p in report.errors] == [("missing-column", "B1")]
    assert "duplicate-row" not in report.codes()


@pytest.mark.parametrize("typed, number", [("XII", 12), ("v", 5), (7, 7)])
def test_term_numbers_in_roman_numerals(example, typed, number):
    from toolkit import load
    example.setting("nhiem_ky_so", typed)
    wb = load(example.save())
    assert wb.settings["nhiem_ky_so"] == number and check(wb, today=TODAY).ok


def test_an_unreadable_setting_gives_one_error_not_a_contradicting_warning(example):
    from toolkit import load
    cell = example.setting("nhiem_ky_so", "năm")
    report = check(load(example.save()), today=TODAY)
    assert [(p.code, p.cell) for p in report.problems if p.cell == cell] == [("bad-setting", cell)]


def test_more_warnings_before_the_report_goes_wrong():
    wb = unit([m("A", std.BI_THU), m("B", start=D(2023, 2, 1), how=std.BY_ELECTED)], [], [],
              ngay_bao_cao=D(2022, 12, 1))
    report = check(wb, today=TODAY)
    assert {"no-meetings", "after-now", "empty-section"} <= set(report.codes())
    after = next(p for p in report.problems if p.code == "after-now")
    assert "sau ngày báo cáo (01/12/2022)" in after.message and "kết thúc nhiệm kỳ" not in after.message
    empty = {p.message.split("”")[0] for p in report.problems if p.code == "empty-section"}
    assert empty == {"Mục “pham_chat", "Mục “ket_qua", "Mục “bai_hoc"}  # II: the regime was not kept


# --- found by reading invented units ---------------------------------------------------------

def test_a_month_that_ended_on_the_report_date_counts_whole():
    meetings = monthly(end=D(2018, 11, 5))  # no regular meeting in December 2018
    wb = unit([m("A", std.BI_THU)], meetings, ALL_YEARS, ngay_bao_cao=D(2018, 12, 31))
    v = Rendered(wb).values
    assert v["ky_khong_hop"] == ["12/2018"] and v["ky_khong_tinh"] == ["04/2017 (tháng Đại hội)"]


def test_no_regime_is_judged_before_a_whole_month_has_passed():
    wb = unit([m("A", std.BI_THU)], [meeting(CONGRESS)], [], ngay_bao_cao=CONGRESS)
    r = Rendered(wb)
    assert r.values["giu_tan_suat_hop"] is None and "họp định kỳ hàng tháng" not in r.body
    assert "Chưa có tháng trọn vẹn nào để tính chế độ họp định kỳ." in r.appendix


def test_stepping_down_inside_the_standing_committee_is_not_a_by_election():
    wb = unit([m("A", std.BI_THU, end=D(2019, 5, 1), reason=std.CHANGED_POSITION),
               m("A", std.UV_BTV, std.BY_ELECTED, D(2019, 5, 1)),
               m("B", std.PHO_BI_THU, end=D(2019, 5, 1), reason=std.CHANGED_POSITION),
               m("B", std.BI_THU, std.BY_ELECTED, D(2019, 5, 1)),
               m("C", std.UV_BTV, end=D(2019, 5, 1), reason=std.CHANGED_POSITION),
               m("C", std.PHO_BI_THU, std.BY_ELECTED, D(2019, 5, 1))] + [m(n) for n in "DEFGHI"],
              monthly(), ALL_YEARS)
    r = Rendered(wb)
    assert "đối với Ủy viên Ban Thường vụ (01 đồng chí chuyển sang giữ chức danh Phó Bí thư)" in r.body  # A came in
    assert "đối với chức danh Bí thư (01 đồng chí thôi giữ nhiệm vụ, 01 đồng chí bầu bổ sung)" in r.body
    assert ["01/05/2019", "A", "Chuyển chức vụ", "Từ Bí thư sang Ủy viên Ban Thường vụ", ""] in r.changes


def test_a_by_election_typed_on_the_congress_day_is_warned():
    wb = unit([m("A", std.BI_THU), m("B", how=std.BY_ELECTED, start=CONGRESS)], monthly(), ALL_YEARS)
    assert "early-by-election" in codes(wb)


def test_two_meetings_on_one_day_with_a_full_roll_call():
    day = D(2018, 3, 5)
    meetings = monthly() + [meeting(day, std.IRREGULAR, present=2)]
    for x in meetings:
        if x["date"] == day:
            x["present"] = 2
    roll = [{"date": day, "name": n, "status": std.PRESENT} for n in ("A", "B")] * 2
    wb = unit([m("A", std.BI_THU), m("B")], meetings, ALL_YEARS, roll_call=roll)
    report = check(wb, today=TODAY)
    assert report.ok, report.to_table()


def test_a_typed_signer_must_hold_the_title_printed():
    members = [m("A", std.BI_THU), m("P", std.PHO_BI_THU), m("C"), m("Old", end=D(2019, 1, 1))]
    wb = unit(members, monthly(), ALL_YEARS, nguoi_ky="P")
    assert Rendered(wb).signature == ["TM. BAN CHẤP HÀNH", "KT. BÍ THƯ", "PHÓ BÍ THƯ", "P"]
    assert "signer-title" not in codes(wb)
    assert "signer-title" in codes(unit(members, monthly(), ALL_YEARS, nguoi_ky="Old", chuc_vu_ky="BÍ THƯ"))
    assert "signer-title" in codes(unit(members, monthly(), ALL_YEARS, nguoi_ky="P", chuc_vu_ky="BÍ THƯ"))


def test_kt_bi_thu_without_a_secretary_is_warned():
    wb = unit([m("P", std.PHO_BI_THU), m("C")], monthly(), ALL_YEARS, kieu_ky="kt_bi_thu")
    assert "signer-title" in codes(wb)


def test_a_bch_outside_the_charter_size_is_warned():
    assert "bch-size" in codes(unit([m("A", std.BI_THU), m("B"), m("C")], monthly(), ALL_YEARS))
    assert "bch-size" not in codes(unit([m("A", std.BI_THU)] + [m(n) for n in "BCDE"], monthly(), ALL_YEARS))


def test_the_threshold_warning_says_what_the_report_will_print():
    wb = unit([m("A", std.BI_THU)], monthly(skip={(2018, m_) for m_ in range(1, 13)}), ALL_YEARS,
              nguong_dat_tan_suat=0.09)
    p = next(p for p in check(wb, today=TODAY).problems if p.code == "low-threshold")
    assert "9%" in p.message and "56/68 tháng" in p.message and "“Ban Chấp hành họp định kỳ”" in p.message


def test_a_seat_left_unfilled_among_two_deputies_is_said():
    wb = unit([m("A", std.BI_THU), m("P", std.PHO_BI_THU), m("Q", std.PHO_BI_THU, end=D(2019, 1, 1))]
              + [m(n) for n in "CDE"], monthly(), ALL_YEARS)
    assert "đối với chức danh Phó Bí thư (01 đồng chí thôi giữ nhiệm vụ, chưa bầu bổ sung)" in Rendered(wb).body


def test_a_bch_entirely_renewed_says_so():
    old = [m(n, std.BI_THU if n == "A" else std.UV_BCH, end=D(2019, 1, 1)) for n in "ABC"]
    new = [m("X", std.BI_THU, std.BY_ELECTED, D(2019, 2, 1)), m("Y", how=std.BY_ELECTED, start=D(2019, 2, 1)),
           m("Z", how=std.BY_ELECTED, start=D(2019, 2, 1))]
    r = Rendered(unit(old + new, monthly(), ALL_YEARS))
    assert ("Hiện nay Ban Chấp hành Đoàn Sở Tư pháp có 03 đồng chí, đều được bổ sung trong nhiệm kỳ (01 đồng chí "
            "giữ chức danh Bí thư).") in r.body


# --- the meeting claim inside the officer's own paragraph --------------------------------------

def _sinh_hoat(text):
    return [{"section": "sinh_hoat", "text": text}]


def test_the_mark_puts_the_meeting_claim_in_the_officers_paragraph_and_says_it_once():
    wb = unit([m("A", std.BI_THU)], monthly(), ALL_YEARS,
              narrative=_sinh_hoat("Ủy viên thực hiện tốt chế độ hội họp. {che_do_hop} Các đồng chí cố gắng."))
    r = Rendered(wb)
    assert "Ủy viên thực hiện tốt chế độ hội họp. Ban Chấp hành họp định kỳ hàng tháng. Các đồng chí cố gắng." \
        in r.body
    assert r.body.count("họp định kỳ hàng tháng") == 1
    assert "đã tổ chức 68 cuộc họp định kỳ" in r.body and "{" not in r.text


def test_the_mark_leaves_no_gap_when_the_regime_was_not_kept():
    skipped = {(2018, mo) for mo in range(1, 13)} | {(2019, mo) for mo in range(1, 13)}
    wb = unit([m("A", std.BI_THU)], monthly(skip=skipped), ALL_YEARS,
              narrative=_sinh_hoat("Ban Chấp hành cố gắng. {{ che_do_hop }} Các đồng chí dự họp đầy đủ.")
              + _sinh_hoat("{che_do_hop}"))
    r = Rendered(wb)
    assert r.values["giu_tan_suat_hop"] is False
    assert "Ban Chấp hành cố gắng. Các đồng chí dự họp đầy đủ." in r.body
    assert "họp định kỳ hàng tháng." not in r.body and "{" not in r.text
    assert "có cuộc họp định kỳ trong 44/68 tháng" in r.body  # the figures still carry the measured share
    assert "chưa duy trì đều chế độ họp định kỳ hàng tháng" in r.body  # and II says it
    assert "\n\n" not in r.body.split("2. Về chế độ sinh hoạt:")[1].split("3. Về")[0]  # no empty paragraph


def test_braces_that_are_not_the_mark_and_a_repeated_mark_are_warned():
    wb = unit([m("A", std.BI_THU)], monthly(), ALL_YEARS,
              narrative=_sinh_hoat("Họp đều. {che do hop}") + _sinh_hoat("{che_do_hop} và {che_do_hop}"))
    report = check(wb, today=TODAY)
    braces = [p for p in report.problems if p.code == "narrative-braces"]
    assert [p.cell for p in braces] == ["B2"] and "{che_do_hop}" in braces[0].message
    assert [p.cell for p in report.problems if p.code == "meeting-mark-repeated"] == ["B3"]


# --- targets typed as "85%" or with Vietnamese thousands ------------------------------------------

def _targets_workbook(path, rows):
    """The example with its Chỉ tiêu sheet replaced by ``rows`` of (target, unit, goal, result, formats)."""
    import openpyxl
    from conftest import EXAMPLE
    book = openpyxl.load_workbook(EXAMPLE)
    ws = book["Chỉ tiêu"]
    ws.delete_rows(2, ws.max_row)
    for i, (target, unit, goal, result, fmt) in enumerate(rows, start=2):
        ws.cell(i, 1, i - 1)
        ws.cell(i, 2, target)
        ws.cell(i, 3, unit)
        for column, value in ((4, goal), (5, result)):
            cell = ws.cell(i, column, value)
            if fmt:
                cell.number_format = fmt
    book.save(path)
    return path


PERCENT_ROWS = [("Tỷ lệ đoàn viên được học tập Nghị quyết", "%", 80, 0.85, None),  # result typed as 85% by hand
                ("Tỷ lệ chi đoàn vững mạnh", None, 0.7, 0.75, "0%")]                  # both typed as percentages


def test_a_result_typed_as_85_percent_is_read_as_the_officer_sees_it(tmp_path):
    from toolkit import compute, load
    rows = [PERCENT_ROWS[0][:4] + (None,), PERCENT_ROWS[1]]
    path = _targets_workbook(tmp_path / "phan-tram.xlsx", rows)
    import openpyxl
    book = openpyxl.load_workbook(path)
    book["Chỉ tiêu"]["E2"].number_format = "0%"  # Excel formats a cell typed "85%" so
    book.save(path)
    targets = compute(load(path), TODAY)["chi_tieu"]
    assert [(t["muc_tieu"], t["ket_qua"], t["don_vi_tinh"], t["dat"]) for t in targets] == \
        [(80, 85, "%", True), (70, 75, "%", True)]


def test_percentages_in_an_ods_saved_by_libreoffice_are_read_as_shown(tmp_path):
    import shutil as sh

    from toolkit import compute, load
    from toolkit.office import convert, find_soffice
    if find_soffice() is None or sh.which("soffice") is None:
        pytest.skip("LibreOffice is not installed here")
    path = _targets_workbook(tmp_path / "phan-tram.xlsx", [PERCENT_ROWS[1]])
    ods = convert(path, "ods", tmp_path)
    [target] = compute(load(ods), TODAY)["chi_tieu"]
    assert (target["muc_tieu"], target["ket_qua"], target["don_vi_tinh"], target["dat"]) == (70, 75, "%", True)


@pytest.mark.parametrize("typed, read", [("1.000", 1000), ("1.250,5", 1250.5), ("12,5", 12.5), ("2.5", 2.5),
                                         ("12 500", 12500), ("95%", 95)])
def test_numbers_typed_as_text_read_the_vietnamese_way(tmp_path, typed, read):
    from toolkit import compute, load
    path = _targets_workbook(tmp_path / "so.xlsx", [("Số lượt đoàn viên tham gia", "lượt", "1.000", typed, None)])
    [target] = compute(load(path), TODAY)["chi_tieu"]
    assert (target["muc_tieu"], target["ket_qua"]) == (1000, read)


@pytest.mark.parametrize("typed", ["nan", "inf", "1.2.3"])
def test_not_a_number_is_an_error_not_a_figure(tmp_path, typed):
    from toolkit import check, load
    path = _targets_workbook(tmp_path / "so.xlsx", [("Chỉ tiêu", "lượt", 10, typed, None)])
    report = check(load(path), today=TODAY)
    assert [(p.code, p.cell) for p in report.problems if p.code == "bad-value"] == [("bad-value", "E2")]


@pytest.mark.parametrize("text", ["Ban Chấp hành duy trì giao ban, cụ thể là {che_do_hop}, qua đó nắm tình hình.",
                                  "Trong nhiệm kỳ, {che_do_hop} các đồng chí tham gia đầy đủ.",
                                  "Về chế độ họp: {che_do_hop}"])
def test_a_mark_inside_a_sentence_is_an_error_before_it_breaks_the_paragraph(text):
    wb = unit([m("A", std.BI_THU)], monthly(), ALL_YEARS, narrative=_sinh_hoat(text))
    report = check(wb, today=TODAY)
    assert [p.cell for p in report.problems if p.code == "meeting-mark-position"] == ["B2"]
    assert not report.ok


def test_a_mark_whose_claim_is_empty_asks_for_the_words_around_it_to_be_read_again():
    skipped = {(2018, mo) for mo in range(1, 13)} | {(2019, mo) for mo in range(1, 13)}
    wb = unit([m("A", std.BI_THU)], monthly(skip=skipped), ALL_YEARS,
              narrative=_sinh_hoat("Ủy viên thực hiện tốt chế độ hội họp. {che_do_hop}"))
    report = check(wb, today=TODAY)
    assert report.ok and "meeting-claim-empty" in report.codes()
    kept = unit([m("A", std.BI_THU)], monthly(), ALL_YEARS,
                narrative=_sinh_hoat("Ủy viên thực hiện tốt chế độ hội họp. {che_do_hop}"))
    assert "meeting-claim-empty" not in check(kept, today=TODAY).codes()


def test_a_two_line_signing_title_typed_in_one_cell_stays_two_lines():
    members = [m("A", std.BI_THU), m("P", std.PHO_BI_THU), m("C")]
    for typed in ("KT. Bí thư\nPhó Bí thư", "KT. BÍ THƯ PHÓ BÍ THƯ"):
        wb = unit(members, monthly(), ALL_YEARS, nguoi_ky="P", chuc_vu_ky=typed)
        assert Rendered(wb).signature == ["TM. BAN CHẤP HÀNH", "KT. BÍ THƯ", "PHÓ BÍ THƯ", "P"]
        assert "signer-title" not in codes(wb)


def test_signing_forms_that_the_posts_do_not_allow_are_warned():
    members = [m("A", std.BI_THU), m("P", std.PHO_BI_THU), m("C")]
    deputy_alone = unit(members, monthly(), ALL_YEARS, nguoi_ky="P", kieu_ky="pho_bi_thu")
    assert "signer-title" in codes(deputy_alone)
    member = unit(members, monthly(), ALL_YEARS, nguoi_ky="C")
    assert "signer-title" in codes(member)
    vacant = unit([m("P", std.PHO_BI_THU), m("C")], monthly(), ALL_YEARS, kieu_ky="pho_bi_thu")
    assert "signer-title" not in codes(vacant)


def test_a_deputy_post_still_vacant_is_said_in_the_limitations_too():
    wb = unit([m("A", std.BI_THU), m("P", std.PHO_BI_THU, end=D(2019, 1, 1))] + [m(n) for n in "CDE"], monthly(),
              ALL_YEARS)
    r = Rendered(wb)
    assert r.values["khuyet_pho_bi_thu"] is True
    limits = r.body.split("II. NHỮNG MẶT HẠN CHẾ")[1]
    assert "chức danh Phó Bí thư có 01 đồng chí thôi giữ nhiệm vụ, hiện đang khuyết" in limits


def test_a_meeting_without_a_present_count_but_with_a_full_roll_call_counts_what_the_roll_call_says():
    members = [m("A", std.BI_THU), m("B"), m("C")]
    meetings = [meeting(D(2022, 3, 5), present=3, convened=3), meeting(D(2022, 4, 5)), meeting(D(2022, 5, 5))]
    roll = [{"date": D(2022, 4, 5), "name": n, "status": s}
            for n, s in (("A", std.PRESENT), ("B", std.PRESENT), ("C", std.ABSENT_EXCUSED))]
    roll += [{"date": D(2022, 5, 5), "name": "A", "status": std.PRESENT}]  # a partial roll call: not a count
    wb = unit(members, meetings, ALL_YEARS, roll_call=roll, ngay_dai_hoi=D(2022, 2, 1), nam_bat_dau=2022,
              nam_ket_thuc=2027)
    v = Rendered(wb).values
    assert v["so_hop_ghi_co_mat"] == 2 and v["ty_le_du_hop"] == round(100 * 5 / 6, 2)
    [year] = v["hop_theo_nam"]
    assert (year["co_mat"], year["trieu_tap"], year["so_hop_ghi_co_mat"]) == (5, 6, 2)
    warned = [p.cell for p in check(wb, today=TODAY).problems if p.code == "no-attendance"]
    assert warned == ["F4"]  # only the meeting the roll call does not cover


def test_a_roll_call_of_more_people_than_convened_is_not_a_count():
    """Never "dự họp đạt 120%": a roll call is the count only when it lists exactly the members convened."""
    members = [m(n, std.BI_THU if n == "A" else std.UV_BCH) for n in "ABCDEFG"]
    roll = [{"date": D(2022, 4, 5), "name": n, "status": std.PRESENT if n != "G" else std.ABSENT_EXCUSED}
            for n in "ABCDEFG"]
    wb = unit(members, [meeting(D(2022, 4, 5), convened=5)], ALL_YEARS, roll_call=roll, ngay_dai_hoi=D(2022, 2, 1),
              nam_bat_dau=2022, nam_ket_thuc=2027)
    r = Rendered(wb)
    assert r.values["ty_le_du_hop"] is None and "120" not in r.body
    assert "no-attendance" in codes(wb)


# --- what an officer types that reads otherwise than meant ---------------------------------------

def test_a_percent_target_typed_as_a_fraction_is_warned_where_it_stands():
    """0,9 in a "%" row is 0,9%: against a result of 85 the target reads as met, so the officer is told."""
    targets = [{"no": 1, "target": "Tỷ lệ đoàn viên được đánh giá tốt", "unit": "%", "goal": 0.9, "result": 85},
               {"no": 2, "target": "Giới thiệu đảng viên", "unit": "đồng chí", "goal": 3, "result": 0.5},
               {"no": 3, "target": "Tỷ lệ tập hợp thanh niên", "unit": "%", "goal": 90, "result": 92}]
    report = check(unit([m("A", std.BI_THU)], monthly(), ALL_YEARS, targets=targets), today=TODAY)
    hits = [p for p in report.problems if p.code == "target-fraction"]
    assert [(p.sheet, p.cell) for p in hits] == [("Chỉ tiêu", "D2")]
    assert "0,9%" in hits[0].message and "90" in hits[0].fix


def test_a_lead_in_that_ends_with_a_colon_is_warned():
    narrative = [{"section": "mo_dau", "text": "Ban Chấp hành báo cáo kiểm điểm cụ thể như sau:"}]
    assert "lead-in-colon" in codes(unit([m("A", std.BI_THU)], monthly(), ALL_YEARS, narrative=narrative))
    narrative = [{"section": "mo_dau", "text": "Trong nhiệm kỳ, đơn vị có nhiều thay đổi về tổ chức."}]
    assert "lead-in-colon" not in codes(unit([m("A", std.BI_THU)], monthly(), ALL_YEARS, narrative=narrative))


def test_a_term_in_progress_without_a_report_date_says_the_figures_run_to_today():
    wb = unit([m("A", std.BI_THU)], monthly(end=D(2026, 10, 5)), nam_bat_dau=2024, nam_ket_thuc=2027,
              ngay_dai_hoi=D(2024, 3, 1))
    report = check(wb, today=TODAY)
    (hit,) = [p for p in report.problems if p.code == "report-date-blank"]
    assert "25/11/2026" in hit.message
    wb.settings["ngay_bao_cao"] = D(2026, 11, 20)
    assert "report-date-blank" not in check(wb, today=TODAY).codes()


def test_someone_who_came_back_and_left_again_is_not_said_to_have_left_twice_in_a_row():
    """Left, by-elected back, left again: the body tells the return (the appendix lists it)."""
    members = [m("A", std.BI_THU), m("B"), m("C"),
               m("D", end=D(2019, 6, 1), reason="Rút tên"),
               m("D", how=std.BY_ELECTED, start=D(2020, 1, 5), end=D(2021, 7, 1), reason="Chuyển công tác")]
    r = Rendered(unit(members, monthly(), ALL_YEARS))
    assert "01 đồng chí rút tên, được bổ sung trở lại rồi lại rút tên" in r.body
    assert "rút tên 02 lượt" not in r.body
    assert [row[2] for row in r.changes if row[1] == "D"] == [
        "Thôi giữ chức vụ, rời Ban Chấp hành", "Được bổ sung trở lại Ban Chấp hành", "Thôi giữ chức vụ, rời Ban Chấp hành"]


def test_a_standing_committee_post_left_vacant_is_said_where_the_bch_is_described():
    wb = unit([m("A", std.BI_THU), m("P", std.PHO_BI_THU), m("T", std.UV_BTV, end=D(2020, 3, 1))]
              + [m(n) for n in "CDEFG"], monthly(), ALL_YEARS)
    r = Rendered(wb)
    assert r.values["khuyet_uy_vien_btv"] is True
    assert "có 07 đồng chí; chức danh Ủy viên Ban Thường vụ đang khuyết." in r.body
    no_standing_committee = Rendered(unit([m("A", std.BI_THU)] + [m(n) for n in "CDEF"], monthly(), ALL_YEARS))
    assert not no_standing_committee.values["khuyet_uy_vien_btv"] and "khuyết" not in no_standing_committee.body


def test_the_meeting_regime_written_out_is_read_as_its_code(tmp_path):
    import openpyxl
    from conftest import EXAMPLE
    from toolkit import load
    for typed in ("Hằng quý", "hàng quý"):
        book = openpyxl.load_workbook(EXAMPLE)
        for row in book["Thông tin chung"].iter_rows(min_row=2):
            if row[0].value == "tan_suat_hop":
                row[2].value = typed
        book.save(tmp_path / "so.xlsx")
        wb = load(tmp_path / "so.xlsx")
        assert wb.settings["tan_suat_hop"] == "hang_quy" and "bad-setting" not in check(wb, today=TODAY).codes()


def test_two_rows_of_one_post_that_overlap_say_which_dates_to_correct():
    members = [m("A", std.BI_THU), m("B", end=D(2020, 5, 1)),
               m("B", how=std.BY_ELECTED, start=D(2020, 3, 1))]
    (hit,) = [p for p in check(unit(members, monthly(), ALL_YEARS), today=TODAY).problems
              if p.code == "overlapping-positions"]
    assert f"giữ chức vụ {std.UV_BCH} ở hai dòng trùng thời gian" in hit.message
    assert "01/03/2020" in hit.fix and "01/05/2020" in hit.fix


def test_a_share_that_ends_in_a_half_rounds_up_as_excel_does():
    """29 of 32 meetings is 90,625%: Excel's ROUND and an officer's hand give 90,63%, not Python's 90,62%."""
    from toolkit.formatting import phan_tram
    from toolkit.indicators import _percent
    assert _percent(29, 32) == 90.63 and phan_tram(_percent(29, 32)) == "90,63%"
    assert phan_tram(100 * 2 / 3) == "66,67%" and phan_tram(12.5, 0) == "13%"


def test_a_birth_year_that_tells_two_people_apart_is_never_printed_under_the_signature():
    members = [m("Nguyễn Văn An", std.BI_THU, birth_year=1995), m("Nguyễn Văn An", birth_year=1998), m("C"),
               m("Trần Thị Bình", std.PHO_BI_THU)]
    def signature(r):
        return next(cell for t in r.tables for row in t for cell in row if "TM. BAN CHẤP HÀNH" in cell)
    r = Rendered(unit(members, monthly(), ALL_YEARS))
    assert "Nguyễn Văn An (1995)" in r.text  # the appendix keeps them apart
    assert signature(r).split("\n")[-1].strip() == "Nguyễn Văn An"  # the signature does not
    typed = signature(Rendered(unit(members, monthly(), ALL_YEARS, nguoi_ky="Nguyễn Văn An")))
    assert "BÍ THƯ" in typed and typed.split("\n")[-1].strip() == "Nguyễn Văn An"


def test_a_signer_whose_name_two_members_share_and_neither_signs_is_asked_for_the_birth_year():
    members = [m("A", std.BI_THU), m("Nguyễn Văn An", birth_year=1995), m("Nguyễn Văn An", birth_year=1998)]
    report = check(unit(members, monthly(), ALL_YEARS, nguoi_ky="Nguyễn Văn An"), today=TODAY)
    (hit,) = [p for p in report.problems if p.code == "signer-title"]
    assert "nhiều người tên" in hit.message and "(1995)" in hit.fix


def test_a_move_up_to_a_higher_post_is_told_as_such_not_as_leaving():
    """The Phó Bí thư elected Bí thư the day the Bí thư left: not "01 đồng chí thôi giữ nhiệm vụ" Phó Bí thư."""
    day = D(2020, 6, 10)
    members = [m("A", std.BI_THU, end=day, reason="Chuyển công tác"),
               m("K", std.PHO_BI_THU, end=day, reason=std.CHANGED_POSITION),
               m("K", std.BI_THU, how=std.BY_ELECTED, start=day),
               m("L", end=D(2020, 9, 15), reason=std.CHANGED_POSITION),
               m("L", std.PHO_BI_THU, how=std.BY_ELECTED, start=D(2020, 9, 15)), m("C"), m("E")]
    r = Rendered(unit(members, monthly(), ALL_YEARS))
    assert "đối với chức danh Phó Bí thư (01 đồng chí chuyển sang giữ chức danh Bí thư, 01 đồng chí bầu bổ sung)" \
        in r.body
    assert "chức danh Phó Bí thư có 01 đồng chí chuyển sang giữ chức danh Bí thư, bầu bổ sung 1 lần" in r.body


def test_two_people_of_one_name_without_birth_years_are_asked_for_them_first():
    members = [m("A", std.BI_THU), m("Nguyễn Văn An", std.PHO_BI_THU, birth_year=1995), m("Nguyễn Văn An")]
    (hit,) = [p for p in check(unit(members, monthly(), ALL_YEARS), today=TODAY).problems
              if p.code == "overlapping-positions"]
    assert hit.fix.startswith("Nếu đây là hai người trùng họ tên, hãy điền “Năm sinh”")


def test_a_lead_in_that_says_deu_of_one_added_member_is_warned():
    members = [m("A", std.BI_THU), m("B"), m("C", how=std.BY_ELECTED, start=D(2019, 1, 5))]
    narrative = [{"section": "nhan_su", "text": "và đều đảm bảo tiêu chuẩn, quy trình theo quy định."}]
    assert "narrative-plural" in codes(unit(members, monthly(), ALL_YEARS, narrative=narrative))
    two = members + [m("D", how=std.BY_ELECTED, start=D(2019, 1, 5))]
    assert "narrative-plural" not in codes(unit(two, monthly(), ALL_YEARS, narrative=narrative))


def test_attendance_figures_that_fall_short_of_those_convened_are_warned():
    members = [m("A", std.BI_THU)] + [m(n) for n in "BCDE"]
    short = meeting(D(2020, 3, 5), present=3, convened=5)
    short.update(excused=0, unexcused=0)
    whole = meeting(D(2020, 4, 5), present=3, convened=5)
    whole.update(excused=1, unexcused=1)
    report = check(unit(members, [short, whole], ALL_YEARS), today=TODAY)
    assert [p.cell for p in report.problems if p.code == "attendance-short"] == ["F2"]  # Có mặt, first meeting


def test_two_meetings_on_one_day_with_a_roll_call_say_why_they_are_not_compared():
    members = [m("A", std.BI_THU), m("B")]
    meetings = [meeting(D(2022, 6, 12), present=2), meeting(D(2022, 6, 12), std.IRREGULAR, present=1)]
    roll_call = [{"date": D(2022, 6, 12), "name": n, "status": std.PRESENT} for n in "AB"]
    assert "roll-call-same-day" in codes(unit(members, meetings, ALL_YEARS, roll_call=roll_call))


def test_a_post_left_by_a_move_up_and_not_filled_is_still_told():
    day = D(2020, 6, 10)
    members = [m("A", std.BI_THU, end=day, reason="Chuyển công tác"),
               m("K", std.PHO_BI_THU, end=day, reason=std.CHANGED_POSITION),
               m("K", std.BI_THU, how=std.BY_ELECTED, start=day), m("C"), m("E"), m("G")]
    r = Rendered(unit(members, monthly(), ALL_YEARS))
    assert "đối với chức danh Phó Bí thư (01 đồng chí chuyển sang giữ chức danh Bí thư, chưa bầu bổ sung)" in r.body
    assert "chức danh Phó Bí thư có 01 đồng chí chuyển sang giữ chức danh Bí thư, hiện đang khuyết" in r.body


def test_a_signer_named_without_the_birth_year_the_roster_adds_is_found():
    """A former member shares the current Phó Bí thư's name: the name alone still names the Phó Bí thư, and a
    unique name typed with its birth year names its holder."""
    members = [m("A", std.BI_THU), m("Nguyễn Văn An", std.PHO_BI_THU, birth_year=1995),
               m("Nguyễn Văn An", birth_year=1990, end=D(2019, 1, 1)), m("Lê Thị Bình", std.UV_BTV, birth_year=1996)]
    for typed, post in (("Nguyễn Văn An", std.PHO_BI_THU), ("Lê Thị Bình (1996)", std.UV_BTV)):
        wb = unit(members, monthly(), ALL_YEARS, nguoi_ky=typed)
        signer = sentences.signature(compute(wb, today=TODAY), wb.settings)
        assert signer["chuc_vu_hien_giu"] == post and "(" not in signer["ho_ten"]


def test_returns_before_a_final_departure_are_told_and_counted():
    d = [D(2018, 6, 1), D(2019, 3, 1), D(2020, 5, 1), D(2021, 7, 1), D(2022, 3, 1)]
    base = [m("An", std.BI_THU), m("Bình"), m("Cường")]
    struck = Rendered(unit(base + [m("Dũng", end=d[0]), m("Dũng", how=std.BY_ELECTED, start=d[1], end=d[3],
                                                          reason=std.STRUCK_OFF)], monthly(), ALL_YEARS))
    assert "01 đồng chí rút tên, được bổ sung trở lại rồi bị xóa tên" in struck.body
    assert "01 đồng chí bị xóa tên" not in struck.body
    twice = Rendered(unit(base + [m("Dũng", end=d[0]), m("Dũng", how=std.BY_ELECTED, start=d[1], end=d[2]),
                                  m("Dũng", how=std.BY_ELECTED, start=d[3], end=d[4], reason="Rút tên")],
                          monthly(), ALL_YEARS))
    assert "01 đồng chí rút tên, được bổ sung trở lại 02 lượt rồi lại rút tên" in twice.body


def test_no_threshold_makes_a_regime_kept_in_fewer_than_half_the_periods():
    few = monthly(end=D(2018, 4, 5))  # 12 of 68 months
    r = Rendered(unit([m("A", std.BI_THU)], few, ALL_YEARS, nguong_dat_tan_suat=0.1))
    assert r.values["giu_tan_suat_hop"] is False and "Ban Chấp hành họp định kỳ hàng tháng" not in r.body


def test_targets_all_missed_or_a_single_one_read_naturally():
    one = [{"no": 1, "target": "Kết nạp đoàn viên", "unit": "người", "goal": 10, "result": 4}]
    r = Rendered(unit([m("A", std.BI_THU)], monthly(), ALL_YEARS, targets=one))
    assert "Đến nay, chỉ tiêu duy nhất của Nghị quyết Đại hội chưa đạt" in r.body
    assert "Chỉ tiêu duy nhất của Nghị quyết Đại hội chưa đạt (chi tiết tại Phụ lục)." in r.body
    two = one + [{"no": 2, "target": "Giới thiệu đảng viên", "unit": "người", "goal": 3, "result": 1}]
    r = Rendered(unit([m("A", std.BI_THU)], monthly(), ALL_YEARS, targets=two))
    assert "Cả 2 chỉ tiêu của Nghị quyết Đại hội đều chưa đạt (chi tiết tại Phụ lục)." in r.body
    assert "Còn 2/2" not in r.body


def test_a_year_rated_not_done_is_a_limitation_too():
    ratings = [org(y) for y in (2017, 2018, 2020, 2021)] + [org(2019, "Không hoàn thành nhiệm vụ")]
    r = Rendered(unit([m("A", std.BI_THU)], monthly(), ratings))
    limits = r.body.split("II. NHỮNG MẶT HẠN CHẾ")[1]
    assert "Năm 2019, Đoàn Sở Tư pháp bị xếp loại không hoàn thành nhiệm vụ." in limits
    assert "không hoàn thành" not in Rendered(unit([m("A", std.BI_THU)], monthly(), ALL_YEARS)).body
