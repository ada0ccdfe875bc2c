"""The checker: problems of meaning in a workbook the reader could read.

``check(wb)`` returns a Report holding the reader's problems and these.  Each
problem names the sheet and cell and says, in Vietnamese, what to fix.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from . import standard as std
from .problems import ERROR, WARNING, Report
from .roster import by_person, in_office, positions, reference_date
from .text import dmy, key, nearest

CONGRESS_GRACE = dt.timedelta(days=31)
STRIKE_OFF_AFTER = 3  # unexcused absences in a row (Điều lệ Đoàn)


def check(wb, today: dt.date | None = None, for_report: bool = False) -> Report:
    report = Report()
    report.extend(wb.problems)
    ctx = _Context(wb, report, reference_date(wb.settings, today))
    _settings(ctx, for_report)
    _members(ctx)
    _meetings(ctx)
    _roll_call(ctx)
    _ratings(ctx)
    _duplicates(ctx)
    _narrative_endings(ctx)
    return report


class _Context:
    def __init__(self, wb, report, now):
        self.wb, self.report, self.now = wb, report, now
        self.positions = positions(wb)
        self.people = by_person(self.positions)
        self.congress = wb.settings.get("ngay_dai_hoi")
        end_year = wb.settings.get("nam_ket_thuc")
        self.term_end = dt.date(end_year, 12, 31) if end_year else None

    def outside_term(self, day, table, cell, what):
        """Warn about an event before the congress or after "now"; True when it is outside."""
        if self.congress and day < self.congress:
            self.report.warning("outside-term", f"{what} ngày {dmy(day)} trước ngày Đại hội ({dmy(self.congress)}), "
                                "không thuộc nhiệm kỳ này nên không được tính. Kiểm tra lại ngày.", table.name, cell)
            return True
        if day > self.now:
            after = "sau khi kết thúc nhiệm kỳ" if self.term_end and day > self.term_end else "sau ngày báo cáo"
            self.report.warning("after-now", f"{what} ngày {dmy(day)} {after} ({dmy(self.now)}), "
                                "nên không được tính. Kiểm tra lại ngày.", table.name, cell)
            return True
        return False


def _settings(ctx, for_report):
    s, report = ctx.wb.settings, ctx.report
    where = ctx.wb.setting_where
    if s.get("phien_ban_mau") not in (None, std.VERSION):
        report.error("unsupported-version", f"Sổ theo mẫu phiên bản {s['phien_ban_mau']}, công cụ này đọc mẫu "
                     f"phiên bản {std.VERSION}. Hãy dùng sổ mẫu mới (kiemdiem new).", *where("phien_ban_mau"))
    start, end = s.get("nam_bat_dau"), s.get("nam_ket_thuc")
    if start and end and end < start:
        report.error("term-years", f"Năm kết thúc nhiệm kỳ ({end}) trước năm bắt đầu ({start}). Hãy sửa lại.",
                     *where("nam_ket_thuc"))
    if ctx.congress and start and end and not start <= ctx.congress.year <= end:
        report.error("congress-outside-term", f"Ngày Đại hội {dmy(ctx.congress)} không nằm trong nhiệm kỳ "
                     f"{start} – {end}. Hãy sửa ngày Đại hội hoặc năm của nhiệm kỳ.", *where("ngay_dai_hoi"))
    if s.get("ngay_bao_cao") and ctx.congress and s["ngay_bao_cao"] < ctx.congress:
        report.error("report-before-congress", f"Ngày báo cáo {dmy(s['ngay_bao_cao'])} trước ngày Đại hội "
                     f"{dmy(ctx.congress)}. Hãy sửa ngày báo cáo.", *where("ngay_bao_cao"))
    unit = s.get("don_vi") or ""
    if key(unit).startswith("đoàn "):
        report.warning("unit-name", f"Tên đơn vị “{unit}” bắt đầu bằng chữ “Đoàn”: báo cáo sẽ in “Đoàn {unit}”. "
                       "Hãy ghi tên cơ quan, ví dụ “Sở Thông tin và Truyền thông”.", *where("don_vi"))
    missing = [spec for spec in std.SETTINGS if spec.for_report and s.get(spec.code) is None]
    for spec in missing:
        sheet, cell = where(spec.code)
        text = (f"Chưa điền “{spec.label}” (mã {spec.code}). Hãy điền vào cột Giá trị"
                + (f" của dòng có mã {spec.code}." if cell else f": thêm dòng có mã {spec.code}."))
        report.add(ERROR if for_report else WARNING, "missing-setting", text, sheet, cell)
    if for_report and not ctx.positions:
        report.error("no-members", "Trang “Ban Chấp hành” chưa có người nào. Hãy nhập danh sách Ban Chấp hành.",
                     std.MEMBERS.name)


def _members(ctx):
    table, report = ctx.wb.members, ctx.report
    for p in ctx.positions:
        cell = lambda col: table.cell(col, p.row)  # noqa: E731
        if p.end and p.end < p.start:
            report.error("end-before-start", f"“Đến ngày” ({dmy(p.end)}) trước “Từ ngày” ({dmy(p.start)}). "
                         "Hãy sửa lại một trong hai ngày.", table.name, cell("end"))
        if p.end_reason and not p.end:
            report.error("reason-without-end", "Có “Lý do thôi” nhưng chưa có “Đến ngày”. Hãy điền ngày thôi "
                         "giữ chức vụ, hoặc xóa lý do nếu người này còn giữ chức vụ.", table.name, cell("end"))
        if p.end and not p.end_reason:
            report.warning("end-without-reason", "Có “Đến ngày” nhưng chưa ghi “Lý do thôi”. Hãy chọn lý do "
                           "trong danh sách.", table.name, cell("end_reason"))
        if ctx.congress and p.start < ctx.congress:
            report.error("before-congress", f"“Từ ngày” ({dmy(p.start)}) trước ngày Đại hội "
                         f"({dmy(ctx.congress)}) bầu Ban Chấp hành này. Hãy sửa lại ngày.", table.name, cell("start"))
        elif (ctx.congress and p.start_how == std.ELECTED_AT_CONGRESS and p.start > ctx.congress + CONGRESS_GRACE
              and ctx.people[p.person][0] is p):
            report.warning("late-congress-start", f"Hình thức “{std.ELECTED_AT_CONGRESS}” nhưng bắt đầu "
                           f"{dmy(p.start)}, hơn một tháng sau Đại hội ({dmy(ctx.congress)}). Có phải "
                           f"“{std.BY_ELECTED}”?", table.name, cell("start_how"))
        else:
            ctx.outside_term(p.start, table, cell("start"), "Bắt đầu giữ chức vụ")
    for rows in ctx.people.values():
        _one_person(ctx, table, rows)
    _one_holder(ctx, table, std.BI_THU)


def _one_person(ctx, table, rows):
    report = ctx.report
    for before, after in zip(rows, rows[1:]):
        if before.end is None or after.start < before.end:
            report.error("overlapping-positions", f"{after.name} giữ hai chức vụ cùng lúc (dòng {before.row} và "
                         f"dòng {after.row}). Mỗi người chỉ giữ một chức vụ tại một thời điểm: điền “Đến ngày” "
                         f"cho dòng {before.row} bằng ngày bắt đầu chức vụ mới.", table.name,
                         table.cell("start", after.row))
    for p in rows:
        if p.end_reason == std.CHANGED_POSITION and not any(q.start == p.end for q in rows if q is not p):
            report.error("change-without-next", f"Lý do “{std.CHANGED_POSITION}” nhưng không có dòng nào của "
                         f"{p.name} bắt đầu ngày {dmy(p.end)}. Hãy thêm dòng chức vụ mới, hoặc chọn lý do khác.",
                         table.name, table.cell("end_reason", p.row))
    genders = {r["gender"] for r in ctx.wb.members.rows if key(r["name"]) == rows[0].person and r["gender"]}
    if len(genders) > 1:
        report.warning("inconsistent-person", f"Giới tính của {rows[0].name} khác nhau giữa các dòng. Hãy sửa cho "
                       "thống nhất.", table.name, table.cell("gender", rows[-1].row))


def _one_holder(ctx, table, position):
    """Only one person may hold ``position`` at a time."""
    holders = [p for p in ctx.positions if p.position == position]
    for i, a in enumerate(holders):
        for b in holders[i + 1:]:
            if a.person != b.person and b.start < (a.end or dt.date.max) and a.start < (b.end or dt.date.max):
                ctx.report.error("two-holders", f"Hai người cùng giữ chức {position} một lúc: {a.name} "
                                 f"(dòng {a.row}) và {b.name} (dòng {b.row}). Hãy điền “Đến ngày” cho người thôi "
                                 "giữ chức, không muộn hơn ngày người kia bắt đầu.", table.name,
                                 table.cell("start", b.row))


def _meetings(ctx):
    table, report = ctx.wb.meetings, ctx.report
    for r in table.rows:
        day = r["date"]
        if not day or ctx.outside_term(day, table, table.cell("date", r.number), "Cuộc họp"):
            continue  # not counted, so its figures are not checked against the roster
        members = len(in_office(ctx.positions, day))
        convened = r["convened"] if r["convened"] is not None else members
        if r["convened"] is not None and convened > members:
            report.error("convened-above-members", f"Số ủy viên triệu tập ({convened}) lớn hơn số người đang giữ "
                         f"chức vụ ngày {dmy(day)} ({members}, theo trang “{std.MEMBERS.name}”). Hãy kiểm tra lại.",
                         table.name, table.cell("convened", r.number))
        counted = [r[k] for k in ("present", "excused", "unexcused") if r[k] is not None]
        if r["present"] is None:
            report.warning("no-attendance", "Chưa điền số “Có mặt”: cuộc họp này không được tính vào tỷ lệ dự họp.",
                           table.name, table.cell("present", r.number))
        elif r["present"] > min(convened, members):
            limit = "số ủy viên triệu tập" if convened <= members else "số người đang giữ chức vụ ngày họp"
            report.error("present-above-convened", f"Số có mặt ({r['present']}) lớn hơn {limit} "
                         f"({min(convened, members)}). Hãy sửa lại.", table.name, table.cell("present", r.number))
        elif sum(counted) > convened:
            report.error("attendance-sum", f"Có mặt + vắng ({sum(counted)}) lớn hơn số ủy viên triệu tập "
                         f"({convened}). Hãy sửa lại các số.", table.name, table.cell("present", r.number))


def _roll_call(ctx):
    table, report = ctx.wb.roll_call, ctx.report
    if not table.rows:
        return
    meetings = ctx.wb.meetings
    meeting_rows = {}
    for r in meetings.rows:
        if r["date"]:
            meeting_rows.setdefault(r["date"], []).append(r)
    names = {p.person: p.name for p in ctx.positions}
    tallies, seen = {}, {}
    for r in table.rows:
        if not (r["date"] and r["name"] and r["status"]):
            continue
        pair = (r["date"], key(r["name"]))
        if pair in seen:
            report.error("duplicate-roll-call", f"{r['name']} được điểm danh hai lần ngày {dmy(r['date'])} "
                         f"(dòng {seen[pair]} và dòng {r.number}). Hãy xóa một dòng.",
                         table.name, table.cell("name", r.number))
            continue
        seen[pair] = r.number
        if r["date"] not in meeting_rows:
            report.error("roll-call-without-meeting", f"Không có cuộc họp ngày {dmy(r['date'])} trong trang "
                         f"“{meetings.name}”. Hãy thêm cuộc họp hoặc sửa ngày.", table.name, table.cell("date", r.number))
            continue
        person = key(r["name"])
        if person not in names:
            guess = nearest(r["name"], names.values())
            hint = f" Có phải “{guess}”?" if guess else ""
            report.error("unknown-person", f"“{r['name']}” không có trong trang “{std.MEMBERS.name}”.{hint} "
                         "Hãy sửa họ tên cho đúng.", table.name, table.cell("name", r.number))
            continue
        if person not in in_office(ctx.positions, r["date"]):
            report.error("not-in-office", f"{r['name']} không giữ chức vụ nào ngày {dmy(r['date'])}. Hãy kiểm tra "
                         "ngày họp hoặc thời gian giữ chức vụ.", table.name, table.cell("name", r.number))
        tallies.setdefault(r["date"], Counter())[r["status"]] += 1
    fields = {"present": std.PRESENT, "excused": std.ABSENT_EXCUSED, "unexcused": std.ABSENT_UNEXCUSED}
    for day, tally in tallies.items():
        rows = meeting_rows[day]
        if len(rows) != 1:
            continue  # two meetings on one day: the roll call cannot tell them apart
        m = rows[0]
        for field, status in fields.items():
            if m[field] is not None and m[field] != tally[status]:
                report.error("roll-call-mismatch", f"“{std.MEETINGS.column(field).header}” ghi {m[field]} nhưng trang "
                             f"“{table.name}” có {tally[status]} người “{status}” ngày {dmy(day)}. Hãy sửa cho khớp.",
                             meetings.name, meetings.cell(field, m.number))
    _absences_in_a_row(ctx, table)


def _absences_in_a_row(ctx, table):
    by_person_rows = {}
    for r in sorted(table.rows, key=lambda r: (r["date"] or dt.date.min, r.number)):
        if r["date"] and r["name"] and r["status"]:
            by_person_rows.setdefault(key(r["name"]), []).append(r)
    for rows in by_person_rows.values():
        run = 0
        for r in rows:
            run = run + 1 if r["status"] == std.ABSENT_UNEXCUSED else 0
            if run == STRIKE_OFF_AFTER:
                ctx.report.warning("absent-in-a-row", f"{r['name']} vắng không lý do {STRIKE_OFF_AFTER} kỳ họp liên "
                                   "tiếp (đến ngày {}). Theo Điều lệ Đoàn, Ban Chấp hành xem xét xóa tên và báo cáo "
                                   "Đoàn cấp trên.".format(dmy(r["date"])), table.name, table.cell("status", r.number))


def _ratings(ctx):
    table, report = ctx.wb.ratings, ctx.report
    names = {p.person: p.name for p in ctx.positions}
    seen = {}
    start_year = ctx.wb.settings.get("nam_bat_dau")
    end_year = ctx.wb.settings.get("nam_ket_thuc")
    for r in table.rows:
        subject, year, rating = r["subject"], r["year"], r["rating"]
        if not subject:
            continue
        org = key(subject) == key(std.ORGANISATION)
        if not org and key(subject) not in names:
            guess = nearest(subject, list(names.values()))
            hint = f" Có phải “{guess}”?" if guess else ""
            report.error("unknown-person", f"“{subject}” không có trong trang “{std.MEMBERS.name}”.{hint} Ghi "
                         f"“{std.ORGANISATION}” cho tổ chức Đoàn, hoặc họ tên đúng như trang "
                         f"“{std.MEMBERS.name}”.", table.name, table.cell("subject", r.number))
        if rating:
            if org and rating in std.RATINGS_OLD_MEMBER and rating not in std.RATINGS_OLD_ORG:
                report.error("rating-for-member", f"“{rating}” là mức xếp loại đoàn viên; tổ chức Đoàn xếp loại "
                             f"“{' / '.join(std.RATINGS_OLD_ORG)}” (trước 2019) hoặc theo 4 mức mới.",
                             table.name, table.cell("rating", r.number))
            if not org and rating in std.RATINGS_OLD_ORG and rating not in std.RATINGS_OLD_MEMBER:
                report.error("rating-for-organisation", f"“{rating}” là mức xếp loại tổ chức Đoàn; đoàn viên xếp "
                             f"loại “{' / '.join(std.RATINGS_OLD_MEMBER)}” (trước 2019) hoặc theo 4 mức mới.",
                             table.name, table.cell("rating", r.number))
            if year and year >= std.NEW_SCHEME_FROM and rating not in std.RATINGS_NEW:
                report.warning("old-rating-scheme", f"Từ năm {std.NEW_SCHEME_FROM} xếp loại theo 4 mức: "
                               f"{'; '.join(std.RATINGS_NEW)}. “{rating}” là mức của cách xếp loại cũ.",
                               table.name, table.cell("rating", r.number))
        if year and ((start_year and year < start_year) or (end_year and year > end_year)):
            report.warning("outside-term", f"Năm {year} nằm ngoài nhiệm kỳ {start_year} – {end_year}, nên không "
                           "được tính.", table.name, table.cell("year", r.number))
        elif year and year > ctx.now.year:
            report.warning("after-now", f"Năm {year} sau ngày báo cáo ({dmy(ctx.now)}), nên không được tính.",
                           table.name, table.cell("year", r.number))
        if year and subject:
            pair = (year, key(subject))
            if pair in seen:
                report.error("duplicate-rating", f"{subject} có hai dòng xếp loại năm {year} (dòng {seen[pair]} và "
                             f"dòng {r.number}). Hãy xóa một dòng.", table.name, table.cell("year", r.number))
            seen.setdefault(pair, r.number)


def _narrative_endings(ctx):
    """Rows of "nhan_su" continue the sentence on members added during the term: without one in office, they
    would not be printed."""
    table = ctx.wb.narrative
    rows = [r for r in table.rows if r["section"] == "nhan_su" and r["text"]]
    added_now = [ps for ps in ctx.people.values() if ps[0].start_how in std.ADDED_DURING_TERM
                 and any(p.holds_on(ctx.now) for p in ps) and ps[0].start <= ctx.now]
    if rows and not added_now:
        ctx.report.warning("narrative-not-printed", "Mục “nhan_su” nối tiếp câu về các ủy viên được bổ sung đang "
                           "giữ chức vụ, nhưng sổ không có ai như vậy nên đoạn này sẽ không được in. Hãy chuyển nội "
                           "dung sang Mục “mo_dau” nếu vẫn cần.", table.name, table.cell("section", rows[0].number))


IGNORED_IN_DUPLICATES = {"no", "note"}


def _duplicates(ctx):
    for sheet_key in ("members", "meetings", "roll_call", "targets", "narrative"):
        table = ctx.wb.tables[sheet_key]
        seen = {}
        for r in table.rows:
            sig = tuple((k, v) for k, v in r.values.items() if k not in IGNORED_IN_DUPLICATES)
            if all(v is None for _, v in sig):
                continue
            if sig in seen:
                level = WARNING if sheet_key == "narrative" else ERROR
                ctx.report.add(level, "duplicate-row", f"Dòng {r.number} trùng với dòng {seen[sig]}. Hãy xóa "
                               "dòng thừa.",
                               table.name, f"A{r.number}")
            else:
                seen[sig] = r.number


def summarize(wb, today: dt.date | None = None) -> str:
    """A short Vietnamese account of what a workbook holds."""
    items = positions(wb)
    if not items and not wb.meetings.rows and not wb.ratings.rows:
        return "Sổ chưa có số liệu (Ban Chấp hành, cuộc họp, xếp loại đều trống)."
    now = reference_date(wb.settings, today)
    people = by_person(items)
    parts = [f"Ban Chấp hành: {len(people)} người trong nhiệm kỳ, {len(in_office(items, now))} người "
             f"đang giữ chức vụ ngày {dmy(now)}",
             f"{len(wb.meetings.rows)} cuộc họp",
             f"{len(wb.roll_call.rows)} dòng điểm danh" if wb.roll_call.rows else "",
             f"{len(wb.ratings.rows)} dòng xếp loại",
             f"{len(wb.targets.rows)} chỉ tiêu" if wb.targets.rows else "",
             f"{len(wb.narrative.rows)} đoạn nội dung"]
    unit = wb.settings.get("don_vi")
    head = f"Sổ của Đoàn {unit}" if unit else "Sổ"
    return f"{head}: " + "; ".join(p for p in parts if p) + "."
