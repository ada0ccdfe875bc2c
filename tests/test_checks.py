"""Each check of the checker, triggered by a workbook a person could have made."""
from __future__ import annotations

import datetime as dt

import pytest

from toolkit import check, read_workbook
from toolkit.problems import ERROR, WARNING

from conftest import TODAY

BCH, HOP, DD, XL, TT = "Ban Chấp hành", "Họp BCH", "Điểm danh", "Xếp loại", "Thông tin chung"
D = dt.date


def found(path):
    return check(read_workbook(path), today=TODAY)


def only(report, code):
    hits = [p for p in report.problems if p.code == code]
    assert hits, f"no {code!r} in {report.codes()}"
    return hits


def one(report, code, sheet, cell, level=ERROR, says=()):
    hits = [p for p in only(report, code) if p.sheet == sheet and p.cell == cell]
    assert hits, f"{code} not at {sheet}!{cell}: {[(p.where, p.message) for p in only(report, code)]}"
    p = hits[0]
    assert p.level == level
    for text in says:
        assert text in f"{p.message} {p.advice}", p.message
    return p


def test_example_is_clean(example):
    report = found(example.save())
    assert report.problems == []


def test_missing_sheet_names_the_nearest_one(example):
    example.ws(HOP).title = "Hop BCH cu"
    report = found(example.save())
    one(report, "missing-sheet", HOP, "", says=("Thiếu trang “Họp BCH”", "Hop BCH cu"))


def test_missing_header_names_the_nearest_expected_header(example):
    cell = example.ws(BCH).cell(row=1, column=example.column(BCH, "Họ và tên"))
    cell.value = "Ho ten"
    report = found(example.save())
    one(report, "missing-column", BCH, "B1", says=("“Ho ten”", "“Họ và tên”"))


def test_header_matching_ignores_case_spaces_and_tone_placement(example):
    ws = example.ws(BCH)
    ws.cell(row=1, column=example.column(BCH, "Họ và tên")).value = "  họ   VÀ tên "
    example.ws(HOP).cell(row=1, column=example.column(HOP, "Số ủy viên triệu tập")).value = "Số uỷ viên triệu tập"
    assert found(example.save()).errors == []


def test_value_not_in_list(example):
    cell = example.set(BCH, 4, "Chức vụ", "Thư ký")
    report = found(example.save())
    one(report, "bad-value", BCH, cell, says=("Thư ký", "Bí thư", "Ủy viên Ban Chấp hành"))


@pytest.mark.parametrize("value, says", [
    ("31/02/2019", "không có thật"),
    ("2019/02/31", "không phải ngày"),
    ("mùa xuân 2019", "không phải ngày"),
    ("02-13-2019", "không phải ngày"),
])
def test_bad_or_impossible_date(example, value, says):
    cell = example.set(BCH, 7, "Từ ngày", value)
    one(found(example.save()), "bad-value", BCH, cell, says=(says,))


def test_end_before_start(example):
    cell = example.set(BCH, 2, "Đến ngày", D(2016, 1, 1))
    one(found(example.save()), "end-before-start", BCH, cell, says=("trước “Từ ngày”",))


def test_two_secretaries_at_once(example):
    example.set(BCH, 2, "Đến ngày", None)
    example.set(BCH, 2, "Lý do thôi", None)
    report = found(example.save())
    p = one(report, "two-holders", BCH, "H7", says=("Bí thư", "Nguyễn Văn A", "Hoàng Văn E"))
    assert "Đến ngày" in p.advice


def test_one_person_two_positions_at_once(example):
    example.append(BCH, **{"Họ và tên": "Lê Văn C", "Giới tính": "Nam", "Đảng viên": "Không",
                           "Chức vụ": "Phó Bí thư", "Hình thức": "Bầu bổ sung", "Từ ngày": D(2020, 1, 10)})
    report = found(example.save())
    assert "overlapping-positions" in report.codes()


def test_present_above_convened(example):
    cell = example.set(HOP, 10, "Có mặt", 9)
    one(found(example.save()), "present-above-convened", HOP, cell, says=("9",))


def test_convened_above_members_in_office(example):
    cell = example.set(HOP, 10, "Số ủy viên triệu tập", 12)
    one(found(example.save()), "convened-above-members", HOP, cell, says=("12", "đang giữ chức vụ"))


def test_roll_call_disagrees_with_meeting_counts(example):
    present = example.get(HOP, 10, "Có mặt")
    cell = example.set(HOP, 10, "Có mặt", present - 1)
    example.set(HOP, 10, "Vắng có lý do", (example.get(HOP, 10, "Vắng có lý do") or 0) + 1)
    report = found(example.save())
    one(report, "roll-call-mismatch", HOP, cell, says=("Điểm danh",))


def test_rating_for_a_name_not_in_the_bch(example):
    row = example.append(XL, **{"Năm": 2020, "Đối tượng": "Nguyễn Văn Z", "Xếp loại": "Hoàn thành nhiệm vụ"})
    one(found(example.save()), "unknown-person", XL, f"B{row}", says=("Nguyễn Văn Z",))


def test_duplicated_rows(example):
    values = [c.value for c in example.ws(HOP)[5]]
    row = example.append(HOP, **{h: v for h, v in zip([c.value for c in example.ws(HOP)[1]], values)})
    report = found(example.save())
    one(report, "duplicate-row", HOP, f"A{row}", says=("trùng với dòng 5",))


def test_duplicated_rating(example):
    row = example.append(XL, **{"Năm": 2019, "Đối tượng": "Tập thể", "Xếp loại": "Hoàn thành tốt nhiệm vụ"})
    one(found(example.save()), "duplicate-rating", XL, f"A{row}", says=("2019",))


def test_events_outside_the_term_are_warned_and_not_counted(example):
    row = example.append(HOP, **{"Ngày họp": D(2016, 12, 1), "Loại họp": "Định kỳ", "Có mặt": 3})
    later = example.append(HOP, **{"Ngày họp": D(2023, 2, 1), "Loại họp": "Định kỳ", "Có mặt": 3})
    report = found(example.save())
    one(report, "outside-term", HOP, f"B{row}", level=WARNING, says=("trước ngày Đại hội",))
    one(report, "after-now", HOP, f"B{later}", level=WARNING, says=("sau ngày báo cáo",))
    assert report.ok


def test_position_starting_before_the_congress_is_an_error(example):
    cell = example.set(BCH, 4, "Từ ngày", D(2016, 5, 1))
    one(found(example.save()), "before-congress", BCH, cell)


def test_formula_without_stored_value(example):
    cell = example.set(HOP, 10, "Có mặt", "=2+2")
    one(found(example.save()), "formula-without-value", HOP, cell, says=("công thức",))


def test_legacy_encoded_text_is_a_warning(example):
    row = example.append("Nội dung", **{"Mục": "bai_hoc", "Nội dung": "- T¨ng c­êng c«ng t¸c kiÓm tra"})
    one(found(example.save()), "legacy-encoding", "Nội dung", f"B{row}", level=WARNING, says=("TCVN3",))


def test_three_unexcused_absences_in_a_row(example):
    ws = example.ws(DD)
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=2).value == "Lê Văn C"][10:13]
    for r in rows:
        ws.cell(row=r, column=3).value = "Vắng không lý do"
        _recount(example, example.find_row(HOP, "Ngày họp", ws.cell(row=r, column=1).value))
    report = found(example.save())
    one(report, "absent-in-a-row", DD, f"C{rows[-1]}", level=WARNING, says=("Lê Văn C", "xóa tên"))
    assert len(only(report, "absent-in-a-row")) == 1
    assert report.ok


def _recount(example, meeting_row):
    day = example.get(HOP, meeting_row, "Ngày họp")
    ws = example.ws(DD)
    statuses = [ws.cell(row=r, column=3).value for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == day]
    for header in ("Có mặt", "Vắng có lý do", "Vắng không lý do"):
        example.set(HOP, meeting_row, header, statuses.count(header))


def test_roll_call_name_not_in_bch(example):
    ws = example.ws(DD)
    ws.cell(row=5, column=2).value = "Le Van C"
    p = one(found(example.save()), "unknown-person", DD, "B5", says=("Le Van C",))
    assert "Có phải “Lê Văn C”" in p.advice


def test_a_setting_the_report_needs_is_an_error_for_validate_too(example):
    example.setting("don_vi", None)
    report = check(read_workbook(example.save()), today=TODAY)
    one(report, "missing-setting", TT, "C3", says=("don_vi",))
    assert not report.ok


def test_term_end_before_start(example):
    cell = example.setting("nam_ket_thuc", 2015)
    one(found(example.save()), "term-years", TT, cell)


# --- workbooks that must pass ---------------------------------------------------

def test_text_dates_old_tone_marks_and_stray_spaces_pass(example):
    example.set(BCH, 7, "Từ ngày", "15/04/2019")
    example.set(BCH, 7, "Đến ngày", "2021-06-21")
    example.set(BCH, 8, "Từ ngày", "15/7/2021")
    example.set(BCH, 3, "Chức vụ", "  Uỷ viên   ban chấp hành ")
    example.set(BCH, 4, "Họ và tên", "  Lê  Văn C ")
    example.setting("ngay_dai_hoi", "14/4/2017")
    report = found(example.save())
    assert report.problems == []
    wb = read_workbook(example.target)
    assert wb.members.rows[1]["position"] == "Ủy viên Ban Chấp hành"
    assert wb.members.rows[6]["start"] == D(2021, 7, 15)


def test_unicode_file_name(example, tmp_path):
    example.target = tmp_path / "Sổ theo dõi BCH Đoàn Sở (bản cuối).xlsx"
    assert found(example.save()).problems == []


def test_header_row_below_a_title_is_found(example):
    ws = example.ws(HOP)
    ws.insert_rows(1)
    ws["A1"] = "SỔ THEO DÕI CÁC CUỘC HỌP"
    wb = read_workbook(example.save())
    assert wb.meetings.header_row == 2
    assert check(wb, today=TODAY).ok
    example.ws(HOP).cell(row=12, column=6).value = 50
    report = found(example.save())
    one(report, "present-above-convened", HOP, "F12")


def test_a_workbook_without_the_optional_target_direction_column_is_clean(example):
    ws = example.ws("Chỉ tiêu")
    ws.delete_cols(example.column("Chỉ tiêu", "Yêu cầu"))
    assert found(example.save()).problems == []


def test_unit_name_starting_with_doan_is_warned(example):
    cell = example.setting("don_vi", "Đoàn Sở Thông tin và Truyền thông")
    one(found(example.save()), "unit-name", TT, cell, level=WARNING, says=("Đoàn Đoàn",))


def test_narrative_ending_that_would_not_be_printed_is_warned():
    from toolkit.reader import from_rows
    congress = D(2017, 4, 14)
    settings = {"ngay_dai_hoi": congress, "nam_bat_dau": 2017, "nam_ket_thuc": 2022}
    member = {"name": "A", "gender": "Nam", "party": "Có", "position": "Bí thư",
              "start_how": "Bầu tại Đại hội", "start": congress}
    narrative = [{"section": "nhan_su", "text": "và đều đảm bảo tiêu chuẩn."}]
    report = check(from_rows(settings, members=[member], narrative=narrative), today=TODAY)
    one(report, "narrative-not-printed", "Nội dung", "A2", level=WARNING, says=("mo_dau",))
    added = {**member, "name": "B", "position": "Phó Bí thư", "start_how": "Bầu bổ sung", "start": D(2018, 1, 1)}
    report = check(from_rows(settings, members=[member, added], narrative=narrative), today=TODAY)
    assert "narrative-not-printed" not in report.codes()
