#!/usr/bin/env python3
"""Rebuild the shipped workbooks from the standard and the example unit's data.

    python scripts/build_workbooks.py [OUT_DIR]     (default: workbooks/)

* so-theo-doi-bch.xlsx — the blank "Sổ theo dõi Ban Chấp hành";
* vi-du-doan-so-tttt-2017-2022.xlsx — the reference report's unit (Đoàn Sở Thông
  tin và Truyền thông, nhiệm kỳ V, 2017–2022), with invented placeholder names.
  Its data makes every figure of the reference report true.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from toolkit import standard as std
from toolkit.blank import Content, build_blank
from toolkit.files import atomic_output
from toolkit.resources import BLANK, EXAMPLE

D = dt.date
CONGRESS = D(2017, 4, 14)
NOW = D(2022, 12, 31)

SETTINGS = {
    "don_vi": "Sở Thông tin và Truyền thông",
    "don_vi_goi_tat": "Sở",
    "doan_cap_tren": "Đoàn Khối Dân – Chính – Đảng thành phố",
    "nhiem_ky_so": 5,
    "nam_bat_dau": 2017,
    "nam_ket_thuc": 2022,
    "ngay_dai_hoi": CONGRESS,
    "dia_danh": "Thành phố Hồ Chí Minh",
    "so_ky_hieu": "-BC/ĐTN",
    "du_thao": "Có",
    "noi_nhan": "Ban Thường vụ Đoàn Khối Dân – Chính – Đảng thành phố;\n"
                "Đảng ủy Sở Thông tin và Truyền thông;\nLưu: VP.",
    "ly_do_bien_dong": "yêu cầu công tác cán bộ của Đảng, của Đoàn",
    "kieu_ngay": "day_du",
    "tan_suat_hop": "hang_thang",
    "nguong_dat_tan_suat": 0.9,
}

# name, gender, birth year, party member, position, how, from, to, reason
MEMBERS = [
    ("Nguyễn Văn A", "Nam", 1985, "Có", std.BI_THU, std.ELECTED_AT_CONGRESS, CONGRESS, D(2019, 3, 15), "Chuyển công tác"),
    ("Trần Thị B", "Nữ", 1989, "Có", std.UV_BCH, std.ELECTED_AT_CONGRESS, CONGRESS, None, None),
    ("Lê Văn C", "Nam", 1990, "Không", std.UV_BCH, std.ELECTED_AT_CONGRESS, CONGRESS, None, None),
    ("Phạm Thị D", "Nữ", 1992, "Có", std.UV_BCH, std.ELECTED_AT_CONGRESS, CONGRESS, None, None),
    ("Đặng Văn G", "Nam", 1991, "Không", std.PHO_BI_THU, std.BY_ELECTED, D(2018, 3, 15), None, None),
    ("Hoàng Văn E", "Nam", 1986, "Có", std.BI_THU, std.BY_ELECTED, D(2019, 4, 15), D(2021, 6, 21), "Chuyển công tác"),
    ("Vũ Thị F", "Nữ", 1988, "Có", std.BI_THU, std.BY_ELECTED, D(2021, 7, 15), None, None),
]

IRREGULAR = {
    CONGRESS: "Phiên họp thứ nhất sau Đại hội: phân công nhiệm vụ Ủy viên Ban Chấp hành",
    D(2018, 3, 15): "Bầu bổ sung Phó Bí thư",
    D(2019, 4, 15): "Bầu bổ sung Bí thư",
    D(2021, 7, 15): "Bầu bổ sung Bí thư",
}
ONLINE_MONTHS = {(2020, 4), (2021, 7), (2021, 8), (2021, 9)}

TARGETS = [
    ("Tỷ lệ đoàn viên được học tập, quán triệt Nghị quyết Đại hội", "%", 100, 100),
    ("Số đoàn viên ưu tú được giới thiệu cho Đảng xem xét kết nạp", "người", 10, 12),
    ("Số công trình, phần việc thanh niên", "công trình", 5, 6),
    ("Tỷ lệ chi đoàn được xếp loại hoàn thành tốt nhiệm vụ trở lên hằng năm", "%", 80, 85),
]

NARRATIVE = [
    ("nhan_su", "và đều đảm bảo tiêu chuẩn, quy trình theo quy định hiện hành."),
    ("hoat_dong", "đảm bảo thực hiện đúng các quy định của Điều lệ và Hướng dẫn thực hiện Điều lệ Đoàn TNCS Hồ Chí "
     "Minh; đề cao nguyên tắc tập trung, dân chủ; luôn thể hiện tính đoàn kết, năng động, sáng tạo, đảm bảo sự ổn "
     "định về tổ chức, lãnh đạo và thực hiện thắng lợi Nghị quyết Đại hội Đại biểu Đoàn TNCS Hồ Chí Minh Sở Thông "
     "tin và Truyền thông lần thứ V nhiệm kỳ 2017 - 2022."),
    ("pham_chat", "Ban Chấp hành nhiệm kỳ 2017 - 2022 đã xây dựng Quy chế làm việc của Ban Chấp hành, từ đó xác định "
     "nhiệm vụ cụ thể của từng đồng chí Ủy viên Ban Chấp hành trong chỉ đạo, điều hành hoạt động chung."),
    ("pham_chat", "Trong nhiệm kỳ Ban Chấp hành đã cụ thể hóa và triển khai thực hiện thành công nghị quyết Đại hội, "
     "có giải pháp thực hiện các chủ trương, Nghị quyết của Cấp ủy và Ban Thường vụ Đoàn Khối có hiệu quả và kịp thời."),
    ("pham_chat", "Các đồng chí Ủy viên Ban Chấp hành đều có bản lĩnh chính trị, lập trường tư tưởng vững vàng, phẩm "
     "chất đạo đức tốt, đã qua thực tiễn hoạt động đã có nhiều ý kiến đóng góp sâu sắc và hiệu quả cho các chương "
     "trình, nội dung hoạt động của Đoàn và cho công tác lãnh đạo, chỉ đạo hoạt động tại các cơ sở Đoàn. Với vai trò "
     "và uy tín ở cơ sở, một số đồng chí đã có những hỗ trợ tích cực về điều kiện vật chất, kinh phí cho việc tổ "
     "chức các hoạt động."),
    ("sinh_hoat", "Ủy viên Ban Chấp hành thực hiện tốt chế độ hội họp, giao ban định kỳ và tham gia hoạt động, hỗ "
     "trợ cơ sở. {che_do_hop} Các đồng chí ủy viên Ban Chấp hành dù khối lượng công việc nhiều nhưng vẫn cố gắng đầu tư, dành "
     "thời gian để nắm bắt tình hình hoạt động, kịp thời giải quyết các vấn đề phát sinh và hỗ trợ cơ sở tổ chức tốt "
     "các hoạt động."),
    ("sinh_hoat", "Ban Chấp hành Đoàn Sở Thông tin và Truyền thông luôn thể hiện sự đoàn kết nhất trí, giữ vững nguyên "
     "tắc tập trung dân chủ, phát huy trí tuệ tập thể, chấp hành nghiêm các nguyên tắc tổ chức Đoàn. Hầu hết các đồng "
     "chí Ủy viên Ban Chấp hành đều hoàn thành tốt nhiệm vụ và sâu sát cơ sở; vững vàng về chính trị, phẩm chất đạo "
     "đức, lối sống lành mạnh, giản dị, tận tụy với công việc."),
    ("ket_qua", "Hàng năm, Ban Chấp hành đều xây dựng và thông qua Chương trình công tác Đoàn và phong trào thanh "
     "niên, trong đó xác định những nội dung quan trọng, hệ thống chỉ tiêu và hoạt động trọng tâm, qua đó tạo sự chủ "
     "động rất tốt cho cơ sở:"),
    ("ket_qua", "- Công tác triển khai Chỉ thị 05-CT/TW của Bộ Chính trị khóa XII về việc “Đẩy mạnh học tập và làm "
     "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh” và Nghị quyết số 04-NQ/TW ngày 30/10/2016 về xây dựng, chỉnh "
     "đốn Đảng; ngăn chặn đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự chuyển biến”, “tự "
     "chuyển hóa” được quan tâm triển khai trong nội bộ cho đoàn viên, thanh niên tại đơn vị."),
    ("ket_qua", "- Công tác giáo dục tiếp tục được tập trung thực hiện, nhiều hoạt động giáo dục ý nghĩa tạo cảm xúc "
     "trong đoàn viên, thanh niên; đặc biệt là gắn với dịp kỷ niệm các sự kiện lịch sử quan trọng của đất nước và "
     "Thành phố. Nhiều tuyến công trình, phần việc thiết thực xây dựng chính quyền đô thị, cải thiện môi trường đầu "
     "tư và phòng chống dịch bệnh COVID-19. Công tác xây dựng Đoàn được triển khai đồng bộ các giải pháp nhằm nâng "
     "cao chất lượng đoàn viên, chất lượng hoạt động chi đoàn; chủ động tham gia có hiệu quả công tác xây dựng Đảng, "
     "xây dựng chính quyền."),
    ("ket_qua", "- Đồng thời, Ban Chấp hành đã tập trung lãnh đạo thực hiện công tác ổn định tổ chức, bộ máy; tập "
     "trung khắc phục được hạn chế của nhiệm kỳ trước. Nâng cao hiệu quả việc đánh giá hiệu quả hoạt động và việc "
     "kiểm tra, giám sát tính chấp hành của các cơ sở Đoàn."),
    ("ket_qua", "- Trong quá trình lãnh đạo, chỉ đạo mọi hoạt động của Đoàn cơ sở, Ban Chấp hành Đoàn Sở luôn phát "
     "huy tinh thần trách nhiệm cao, thực hiện tốt nguyên tắc tập trung dân chủ, phát huy sức mạnh đoàn kết."),
    ("han_che", "- Việc chỉ đạo trên một số mặt công tác chưa thực sự quyết liệt. Ban Chấp hành Đoàn Sở chưa có giải "
     "pháp chỉ đạo đột phá trong công tác tập hợp thanh niên."),
    ("han_che", "- Còn lúng túng trong xác định cách thức đánh giá sự chuyển biến của đoàn viên, thanh niên sau các "
     "hoạt động giáo dục."),
    ("han_che", "- Ban Chấp hành Đoàn Sở làm việc theo hình thức kiêm nhiệm, khối lượng công tác chuyên môn nhiều, Ban "
     "Chấp hành Đoàn Sở chưa phân bổ thời gian hợp lý giữa công tác chuyên môn và công tác đoàn, chưa thật sự tập "
     "trung nhiều cho công tác đoàn."),
    ("han_che", "- Do ảnh hưởng của đại dịch COVID-19 nên hoạt động của Ban Chấp hành Đoàn Sở trong giai đoạn 2020 – "
     "2021 có nhiều hạn chế."),
    ("bai_hoc", "- Việc xây dựng Đề án nhân sự Ban Chấp hành Đoàn Sở Thông tin và Truyền thông nhiệm kỳ mới cần đảm "
     "bảo chất lượng của từng ủy viên, đảm bảo tính kế thừa."),
    ("bai_hoc", "- Hoạt động của Ban Chấp hành Đoàn phải bám sát sự lãnh đạo, chỉ đạo của cấp ủy, chính quyền đơn vị "
     "và Đoàn cấp trên; đồng thời tranh thủ sự ủng hộ, tạo điều kiện của Đoàn cấp trên, Cấp ủy và chính quyền đối "
     "với hoạt động đoàn và phong trào thanh niên."),
    ("bai_hoc", "- Xây dựng và thực hiện nghiêm túc Quy chế làm việc, giữ vững các nguyên tắc sinh hoạt Đoàn đảm bảo "
     "nề nếp, dân chủ và khoa học."),
    ("bai_hoc", "- Công tác phổ biến giáo dục chính trị tư tưởng cần tiếp tục được tổ chức thường xuyên, đa dạng hình "
     "thức tổ chức để thu hút đoàn viên tham gia."),
    ("bai_hoc", "- Thường xuyên đúc kết, phát hiện và nhân rộng các mô hình sáng tạo, đem lại hiệu quả cao trong công "
     "tác Đoàn và phong trào thanh niên tại đơn vị."),
    ("bai_hoc", "- Sự đoàn kết nhất trí trong Ban Chấp hành Đoàn cơ sở là yếu tố đặc biệt quan trọng. Đoàn kết phải "
     "trên cơ sở chấp hành nghiêm túc các quan điểm, chủ trương của Đảng và các nguyên tắc tổ chức của Đoàn, nhất là "
     "nguyên tắc tập trung dân chủ, tự phê bình và phê bình. Đồng thời đoàn kết phải dựa trên tinh thần cởi mở, chân "
     "tình và xây dựng."),
    ("bai_hoc", "- Tăng cường công tác kiểm tra, giám sát, phát hiện kịp thời những thiếu sót để kịp thời điều chỉnh "
     "cho phù hợp."),
]


def in_office(day):
    return [m[0] for m in MEMBERS if m[6] <= day and (m[7] is None or day < m[7])]


def meetings():
    """(date, kind, form, topics): monthly regular meetings plus the irregular ones."""
    found = [(day, std.IRREGULAR, "Trực tiếp", topic) for day, topic in IRREGULAR.items()]
    year, month = CONGRESS.year, CONGRESS.month
    while (year, month) <= (NOW.year, NOW.month):
        day = D(year, month, 25 if (year, month) == (2017, 4) else 5 + month % 4)
        form = "Trực tuyến" if (year, month) in ONLINE_MONTHS else "Trực tiếp"
        found.append((day, std.REGULAR, form, f"Giao ban định kỳ tháng {month:02d}/{year}"))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return sorted(found)


def roll_call(schedule):
    """Each member in office at each meeting: mostly present, a few excused, rare unexcused."""
    rng = random.Random(2017)
    rows, unexcused_run = [], {}
    for day, *_ in schedule:
        for name in in_office(day):
            draw = rng.random()
            status = std.PRESENT
            if draw < 0.02 and unexcused_run.get(name, 0) < 1:
                status = std.ABSENT_UNEXCUSED
            elif draw < 0.10:
                status = std.ABSENT_EXCUSED
            unexcused_run[name] = unexcused_run.get(name, 0) + 1 if status == std.ABSENT_UNEXCUSED else 0
            rows.append((day, name, status))
    return rows


def ratings():
    rows = [(year, std.ORGANISATION, std.HTXSNV, "Bằng khen của Ban Thường vụ Thành Đoàn" if year == 2020 else None)
            for year in range(2017, 2022)]
    rng = random.Random(2022)
    for year in range(2017, 2022):
        for m in MEMBERS:
            started, ended = m[6], m[7]
            if (D(year, 12, 31) - started).days >= 182 and (ended is None or ended > D(year, 12, 31)):
                level = std.HTXSNV if rng.random() < 0.5 else "Hoàn thành tốt nhiệm vụ"
                rows.append((year, m[0], level, None))
    return rows


def example_content() -> Content:
    """The example unit's data, in the standard's column order."""
    schedule = meetings()
    calls = roll_call(schedule)
    meeting_rows = []
    for i, (day, kind, form, topic) in enumerate(schedule, start=1):
        statuses = [s for d, _, s in calls if d == day]
        meeting_rows.append((i, day, kind, form, len(in_office(day)), statuses.count(std.PRESENT),
                             statuses.count(std.ABSENT_EXCUSED), statuses.count(std.ABSENT_UNEXCUSED), topic, None))
    return Content(settings=dict(SETTINGS), tables={
        std.MEMBERS.key: [(i, *m[:8], m[8], None) for i, m in enumerate(MEMBERS, start=1)],
        std.MEETINGS.key: meeting_rows,
        std.ROLL_CALL.key: calls,
        std.RATINGS_SHEET.key: [(*r, None) for r in ratings()],
        std.TARGETS.key: [(i, *t, None) for i, t in enumerate(TARGETS, start=1)],
        std.NARRATIVE.key: NARRATIVE,
    })


def main(argv=None):
    out = Path((argv or sys.argv[1:] or ["workbooks"])[0])
    for name, content in ((BLANK, None), (EXAMPLE, example_content())):
        with atomic_output(out / name, overwrite=True) as written:
            build_blank(written.tmp, content=content)
        print(out / name)


if __name__ == "__main__":
    main()
