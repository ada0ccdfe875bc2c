"""The checker: problems of meaning in a workbook the reader could read.

``check(wb)`` returns a Report holding the reader's problems and these.  Each problem names the sheet and
cell and says, in Vietnamese, what to fix.  An error means no report can be made until it is fixed; a
warning, that the report will be made but says something the officer should look at first.  One mistake
gives one problem: checks that need a sheet or a column the reader did not find do not run.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

from . import standard as std
from .bulk import paused
from .indicators import meeting_present, roll_call_present
from .problems import Report
from .sentences import LONG_NAME
from .roster import People, by_person, in_office, late_for_congress, positions, rank, reference_date
from .text import dmy, key, nearest

STRIKE_OFF_AFTER = 3      # unexcused absences in a row (Điều lệ Đoàn)
MEMBER_COLUMNS = ("name", "start")
H = {c.key: f"“{c.header}”" for c in std.MEMBERS.columns}   # headers as the standard spells them
P = f"“{std.MEETINGS.column('present').header}”"
GROUPED = 3               # more problems of one kind in a column than this are told as one


@paused
def check(wb, today: dt.date | None = None) -> Report:
    report = Report()
    report.extend(wb.problems)
    ctx = _Context(wb, report, reference_date(wb.settings, today))
    _settings(ctx)
    if ctx.roster_ok:
        _members(ctx)
    if wb.meetings.usable("date"):
        _meetings(ctx)
    if wb.roll_call.usable("date", "name", "status") and wb.roll_call.rows:
        _roll_call(ctx)
    if wb.ratings.usable("year", "subject"):
        _ratings(ctx)
    _duplicates(ctx)
    if ctx.roster_ok:
        from .report_checks import check_report
        check_report(ctx, today)
    return report


class _Context:
    def __init__(self, wb, report, now):
        self.wb, self.report, self.now = wb, report, now
        self.roster_ok = wb.members.usable(*MEMBER_COLUMNS)
        self.people = People(wb.members.rows)
        self.positions = positions(wb, self.people) if self.roster_ok else []
        self.by_person = by_person(self.positions)
        self.congress = wb.settings.get("ngay_dai_hoi")
        self._office = {}

    def in_office(self, day) -> set:
        if day not in self._office:
            self._office[day] = in_office(self.positions, day)
        return self._office[day]

    def after_now(self, day, table, cell, what, consequence="nên không được tính") -> bool:
        if day > self.now:
            now = dmy(self.now) if self.wb.settings.get("ngay_bao_cao") else \
                f"chưa điền ngày báo cáo nên tính đến {dmy(self.now)}"
            self.report.warning("after-now", f"{what} ngày {dmy(day)} sau ngày báo cáo ({now}), {consequence}.",
                                table.name, cell)
            return True
        return False

    def outside_term(self, day, table, cell, what) -> bool:
        """Warn about an event before the congress or after "now"; True when it is outside."""
        if self.congress and day < self.congress:
            self.report.warning("outside-term", f"{what} ngày {dmy(day)} trước ngày Đại hội ({dmy(self.congress)}), "
                                "không thuộc nhiệm kỳ này nên không được tính.", table.name, cell)
            return True
        return self.after_now(day, table, cell, what)


# --- settings ---------------------------------------------------------------------------------

def _settings(ctx):
    wb, report = ctx.wb, ctx.report
    s, where = wb.settings, wb.setting_where
    version = s.get("phien_ban_mau")
    if version and version.split(".")[0] != str(std.READS_MAJOR):
        report.error("unsupported-version", f"Sổ theo mẫu phiên bản {version}, công cụ này đọc mẫu phiên bản "
                     f"{std.READS_MAJOR}.x.", *where("phien_ban_mau"))
    start, end = s.get("nam_bat_dau"), s.get("nam_ket_thuc")
    if start and end and end < start:
        report.error("term-years", f"Năm kết thúc nhiệm kỳ ({end}) trước năm bắt đầu ({start}).",
                     *where("nam_ket_thuc"))
    elif ctx.congress and start and end and not start <= ctx.congress.year <= end:
        report.error("congress-outside-term", f"Ngày Đại hội {dmy(ctx.congress)} không nằm trong nhiệm kỳ "
                     f"{start} – {end}.", *where("ngay_dai_hoi"))
    if s.get("ngay_bao_cao") and ctx.congress and s["ngay_bao_cao"] < ctx.congress:
        report.error("report-before-congress", f"Ngày báo cáo {dmy(s['ngay_bao_cao'])} trước ngày Đại hội "
                     f"{dmy(ctx.congress)}.", *where("ngay_bao_cao"))
    unit = s.get("don_vi") or ""
    if key(unit).startswith("đoàn "):
        report.warning("unit-name", f"Tên đơn vị “{unit}” bắt đầu bằng chữ “Đoàn”: báo cáo sẽ in “Đoàn {unit}”.",
                       *where("don_vi"))
    if len(unit) > LONG_NAME and not s.get("don_vi_goi_tat"):
        report.warning("long-unit-name", f"Tên đơn vị dài ({len(unit)} ký tự) sẽ được nhắc lại nhiều lần trong "
                       "báo cáo.", *where("don_vi"),
                       fix="Hãy điền tên gọi tắt (mã don_vi_goi_tat), ví dụ “Sở”, để dùng từ lần nhắc thứ hai.")
    for spec in std.SETTINGS:
        if spec.for_report and s.get(spec.code) is None and spec.code not in wb.unreadable_settings:
            sheet, cell = where(spec.code)
            how = f"Hãy điền vào cột Giá trị của dòng có mã {spec.code}." if cell else \
                f"Hãy thêm dòng có mã {spec.code} và điền cột Giá trị."
            report.error("missing-setting", f"Chưa điền “{spec.label}” (mã {spec.code}), cần để lập báo cáo.",
                         sheet, cell, fix=how)
    if ctx.roster_ok and not ctx.positions and not wb.members.rows:
        report.error("no-members", "Trang “Ban Chấp hành” chưa có người nào.", wb.members.name)


# --- the BCH's positions ----------------------------------------------------------------------

def _members(ctx):
    table, report = ctx.wb.members, ctx.report
    for p in ctx.positions:
        cell = lambda col: table.cell(col, p.row)  # noqa: E731
        if p.end and p.end < p.start:
            report.error("end-before-start", f"{H['end']} ({dmy(p.end)}) trước {H['start']} ({dmy(p.start)}).",
                         table.name, cell("end"))
        if p.end_reason and not p.end:
            report.error("reason-without-end", f"Có {H['end_reason']} nhưng chưa có {H['end']}.", table.name, cell("end"))
        if p.end:
            later = ctx.after_now(p.end, table, cell("end"), "Thôi giữ chức vụ",
                                  "nên báo cáo coi như người này vẫn giữ chức vụ")
            if not (p.end_reason or later):
                report.warning("end-without-reason", f"Có {H['end']} nhưng chưa ghi {H['end_reason']}.", table.name,
                               cell("end_reason"))
        if ctx.congress and p.start < ctx.congress:
            report.error("before-congress", f"{H['start']} ({dmy(p.start)}) trước ngày Đại hội "
                         f"({dmy(ctx.congress)}) bầu Ban Chấp hành này.", table.name, cell("start"))
            continue
        steps_down = any(q.end == p.start and rank(q.position) < rank(p.position) for q in ctx.by_person[p.person])
        if p.typed_how == std.ELECTED_AT_CONGRESS and late_for_congress(p.start, ctx.congress) and not steps_down:
            report.warning("late-congress-start", f"Hình thức “{std.ELECTED_AT_CONGRESS}” nhưng chức vụ bắt đầu "
                           f"{dmy(p.start)}, hơn một tháng sau Đại hội ({dmy(ctx.congress)}): báo cáo tính là "
                           f"“{std.BY_ELECTED}”.", table.name, cell("start_how"))
        first = ctx.by_person[p.person][0] is p
        if first and p.typed_how == std.BY_ELECTED and ctx.congress and not late_for_congress(p.start, ctx.congress) \
                and p.start <= ctx.congress + dt.timedelta(days=1):
            report.warning("early-by-election", f"Hình thức “{std.BY_ELECTED}” nhưng bắt đầu ngay ngày Đại hội "
                           f"({dmy(p.start)}): báo cáo tính {p.name} là ủy viên được bổ sung trong nhiệm kỳ.",
                           table.name, cell("start_how"))
        ctx.after_now(p.start, table, cell("start"), "Bắt đầu giữ chức vụ", "nên chưa được tính")
    for rows in ctx.by_person.values():
        _one_person(ctx, table, rows)
    _shared_names(ctx, table)
    _one_holder(ctx, table, std.BI_THU)


def _one_person(ctx, table, rows):
    report = ctx.report
    for before, after in zip(rows, rows[1:]):
        if before.end is None or after.start < before.end:
            what = (f"giữ chức vụ {after.position} ở hai dòng trùng thời gian" if after.position == before.position
                    else "giữ hai chức vụ cùng lúc")
            if before.end is None:
                fix = f"Hãy điền {H['end']} cho dòng {before.row} bằng ngày bắt đầu dòng {after.row}."
            else:
                fix = (f"Dòng {after.row} bắt đầu {dmy(after.start)}, trước khi dòng {before.row} kết thúc "
                       f"({dmy(before.end)}): hãy sửa {H['start']} của dòng {after.row} hoặc {H['end']} của dòng "
                       f"{before.row} cho đúng.")
            years = {r.number: r["birth_year"] for r in table.rows if r.number in (before.row, after.row)}
            if not all(years.get(row) for row in (before.row, after.row)):
                fix = (f"Nếu đây là hai người trùng họ tên, hãy điền {H['birth_year']} cho mọi dòng của cả hai "
                       f"người. Nếu là một người: {fix[0].lower()}{fix[1:]}")
            report.error("overlapping-positions", f"{after.name} {what} (dòng {before.row} và dòng {after.row}); mỗi "
                         "người chỉ giữ một chức vụ tại một thời điểm.", table.name, table.cell("start", after.row),
                         fix=fix)
    for p in rows:
        if p.end_reason == std.CHANGED_POSITION and not any(q.start == p.end for q in rows if q is not p):
            report.error("change-without-next", f"Lý do “{std.CHANGED_POSITION}” nhưng không có dòng nào của "
                         f"{p.name} bắt đầu ngày {dmy(p.end)}.", table.name, table.cell("end_reason", p.row))
    genders = {p.gender for p in rows if p.gender}
    if len(genders) > 1:
        report.warning("inconsistent-person", f"Giới tính của {rows[0].name} khác nhau giữa các dòng.", table.name,
                       table.cell("gender", rows[-1].row))


def _shared_names(ctx, table):
    """Two people with one name are told apart by Năm sinh; a row without it cannot be placed."""
    warned = set()
    for p in ctx.positions:
        name_key = p.person.split("|")[0]
        if not ctx.people.shared(name_key):
            continue
        if p.person.endswith("|?"):
            ctx.report.error("ambiguous-person", f"Có hai người tên “{ctx.people.names[name_key]}” (năm sinh "
                             f"{', '.join(map(str, sorted(ctx.people.years[name_key])))}) nhưng dòng này chưa ghi "
                             f"{H['birth_year']}.", table.name, table.cell("birth_year", p.row))
        elif name_key not in warned:
            warned.add(name_key)
            ctx.report.warning("same-name", f"Có hai người cùng tên “{ctx.people.names[name_key]}”, phân biệt bằng "
                               f"năm sinh: {', '.join(ctx.people.alternatives(name_key))}.", table.name,
                               table.cell("birth_year", p.row),
                               fix="Ở các trang Điểm danh, Xếp loại hãy ghi kèm năm sinh như vậy. Nếu là một người, "
                                   "hãy sửa Năm sinh cho thống nhất.")


def _one_holder(ctx, table, position):
    """Only one person may hold ``position`` at a time."""
    holders = [p for p in ctx.positions if p.position == position]
    for i, a in enumerate(holders):
        for b in holders[i + 1:]:
            if a.person != b.person and b.start < (a.end or dt.date.max) and a.start < (b.end or dt.date.max):
                ctx.report.error("two-holders", f"Hai người cùng giữ chức {position} một lúc: {a.name} "
                                 f"(dòng {a.row}) và {b.name} (dòng {b.row}).", table.name, table.cell("start", b.row))


# --- meetings and roll call -------------------------------------------------------------------

def _meetings(ctx):
    table, report = ctx.wb.meetings, ctx.report
    counted, unrecorded, called = [], [], roll_call_present(ctx.wb)
    for r in table.rows:
        day = r["date"]
        if not day or ctx.outside_term(day, table, table.cell("date", r.number), "Cuộc họp"):
            continue  # not counted, so its figures are not checked against the roster
        counted.append(r)
        if not ctx.roster_ok:
            continue
        members = len(ctx.in_office(day))
        convened = r["convened"] if r["convened"] is not None else members
        if r["convened"] is not None and convened > members:
            report.error("convened-above-members", f"Số ủy viên triệu tập ({convened}) lớn hơn số người đang giữ "
                         f"chức vụ ngày {dmy(day)} ({members}, theo trang “{std.MEMBERS.name}”).",
                         table.name, table.cell("convened", r.number))
        present = meeting_present(r, convened, called)  # typed, or the roll call of everyone convened
        counted_figures = [r[k] for k in ("excused", "unexcused") if r[k] is not None] + [present or 0]
        if present is None:
            unrecorded.append(r)
        elif present > min(convened, members):
            limit = "số ủy viên triệu tập" if convened <= members else "số người đang giữ chức vụ ngày họp"
            report.error("present-above-convened", f"Số có mặt ({present}) lớn hơn {limit} "
                         f"({min(convened, members)}).", table.name, table.cell("present", r.number))
        elif sum(counted_figures) > convened:
            report.error("attendance-sum", f"Có mặt + vắng ({sum(counted_figures)}) lớn hơn số ủy viên triệu tập "
                         f"({convened}).", table.name, table.cell("present", r.number))
        elif len(counted_figures) == 3 and sum(counted_figures) < convened:  # every figure typed, some missing
            report.warning("attendance-short", f"Có mặt + vắng ({sum(counted_figures)}) ít hơn số ủy viên triệu "
                           f"tập ({convened}): {convened - sum(counted_figures)} người không được ghi là có mặt "
                           "hay vắng.", table.name, table.cell("present", r.number))
    if not counted:
        report.warning("no-meetings", "Chưa có cuộc họp nào trong nhiệm kỳ (đến ngày báo cáo): báo cáo sẽ ghi Ban "
                       "Chấp hành chưa tổ chức cuộc họp nào.", table.name)
    elif unrecorded and len(unrecorded) == len(counted):
        report.warning("no-attendance", f"Chưa cuộc họp nào ghi số {P}: báo cáo sẽ không nêu tỷ lệ dự họp.",
                       table.name, table.cell("present", counted[0].number),
                       fix="Hãy điền số có mặt của từng cuộc họp.")
    elif len(unrecorded) > GROUPED:
        cells = ", ".join(table.cell("present", r.number) for r in unrecorded[:GROUPED])
        report.warning("no-attendance", f"{len(unrecorded)}/{len(counted)} cuộc họp chưa điền số {P} ({cells}, "
                       "…): tỷ lệ dự họp chỉ tính trên các cuộc họp đã điền, và báo cáo ghi rõ như vậy.", table.name,
                       table.cell("present", unrecorded[0].number), fix="Hãy điền số có mặt của các cuộc họp này.")
    else:
        for r in unrecorded:
            report.warning("no-attendance", f"Chưa điền số {P}: cuộc họp này không được tính vào tỷ lệ dự họp.",
                           table.name, table.cell("present", r.number))


def _roll_call(ctx):
    table, report = ctx.wb.roll_call, ctx.report
    meetings = ctx.wb.meetings
    meeting_rows = {}
    for r in meetings.rows:
        if r["date"]:
            meeting_rows.setdefault(r["date"], []).append(r)
    tallies, seen_times, unnamed = {}, {}, set()
    for r in table.rows:
        if not (r["date"] and r["name"] and r["status"]):
            continue
        if meetings.usable("date") and r["date"] not in meeting_rows:
            report.error("roll-call-without-meeting", f"Không có cuộc họp ngày {dmy(r['date'])} trong trang "
                         f"“{meetings.name}”.", table.name, table.cell("date", r.number))
            continue
        if not ctx.roster_ok:
            continue
        person = _resolve(ctx, r["name"], table, table.cell("name", r.number))
        if person is None:  # its error points at the name; the day's counts are not compared on top of it
            unnamed.add(r["date"])
            continue
        pair = (r["date"], person, seen_times.get((r["date"], person), 0))
        seen_times[(r["date"], person)] = pair[2] + 1
        if pair[2] >= len(meeting_rows.get(r["date"], [None])):  # more rows than that day's meetings
            meetings_that_day = len(meeting_rows.get(r["date"], [None]))
            report.error("duplicate-roll-call", f"{r['name']} được điểm danh {pair[2] + 1} lần ngày {dmy(r['date'])}, "
                         f"ngày đó có {meetings_that_day} cuộc họp (dòng {r.number}).", table.name,
                         table.cell("name", r.number))
            continue
        if person not in ctx.in_office(r["date"]):
            report.error("not-in-office", f"{r['name']} không giữ chức vụ nào ngày {dmy(r['date'])}.", table.name,
                         table.cell("name", r.number))
        tally = tallies.get(r["date"])
        if tally is None:
            tally = tallies[r["date"]] = Counter()
        tally[r["status"]] += 1
    fields = {"present": std.PRESENT, "excused": std.ABSENT_EXCUSED, "unexcused": std.ABSENT_UNEXCUSED}
    for day, tally in tallies.items():
        rows = meeting_rows.get(day, [])
        if len(rows) > 1:
            report.warning("roll-call-same-day", f"Ngày {dmy(day)} có {len(rows)} cuộc họp: trang “{table.name}” "
                           "không phân biệt được các cuộc họp cùng ngày, nên số có mặt, vắng của từng cuộc không được "
                           "đối chiếu với điểm danh.", meetings.name, meetings.cell("date", rows[1].number))
        if len(rows) != 1 or day in unnamed:
            continue
        m = rows[0]
        for field, status in fields.items():
            if field in meetings.positions and m[field] is not None and m[field] != tally[status]:
                report.error("roll-call-mismatch", f"“{std.MEETINGS.column(field).header}” ghi {m[field]} nhưng trang "
                             f"“{table.name}” có {tally[status]} người “{status}” ngày {dmy(day)}.",
                             meetings.name, meetings.cell(field, m.number))
    _absences_in_a_row(ctx, table)


def _resolve(ctx, name, table, cell):
    """The person a name in another sheet means, or None after an error saying why."""
    person, why = ctx.people.resolve(name)
    if why == "ambiguous":
        name_key = key(name)
        ctx.report.error("ambiguous-name", f"Có hai người tên “{ctx.people.names[name_key]}”.", table.name, cell,
                         fix=f"Hãy ghi kèm năm sinh: {' hoặc '.join(ctx.people.alternatives(name_key))}.")
    elif why == "unknown":
        guess = nearest(name, [p.name for p in ctx.positions])
        fix = (f"Có phải “{guess}”? Hãy sửa họ tên cho đúng như trang “{std.MEMBERS.name}”." if guess else
               f"Hãy sửa họ tên cho đúng như trang “{std.MEMBERS.name}”.")
        ctx.report.error("unknown-person", f"“{name}” không có trong trang “{std.MEMBERS.name}”.", table.name, cell,
                         fix=fix)
    return person


def _absences_in_a_row(ctx, table):
    struck = {p.person for p in ctx.positions if p.end_reason == std.STRUCK_OFF}  # already done: nothing to advise
    runs = {}
    for r in sorted(table.rows, key=lambda r: (r["date"] or dt.date.min, r.number)):
        if not (r["date"] and r["name"] and r["status"]):
            continue
        person = ctx.people.resolve(r["name"])[0] or key(r["name"])
        run = runs.get(person, 0) + 1 if r["status"] == std.ABSENT_UNEXCUSED else 0
        runs[person] = run
        if run == STRIKE_OFF_AFTER and person not in struck:
            ctx.report.warning("absent-in-a-row", f"{r['name']} vắng không lý do {STRIKE_OFF_AFTER} kỳ họp liên "
                               f"tiếp (đến ngày {dmy(r['date'])}).", table.name, table.cell("status", r.number))


# --- ratings ----------------------------------------------------------------------------------

def _ratings(ctx):
    table, report = ctx.wb.ratings, ctx.report
    seen = {}
    start_year = ctx.wb.settings.get("nam_bat_dau")
    end_year = ctx.wb.settings.get("nam_ket_thuc")
    for r in table.rows:
        subject, year, rating = r["subject"], r["year"], r["rating"]
        if not subject:
            continue
        org = key(subject) == key(std.ORGANISATION)
        who = key(subject)
        if not org and ctx.roster_ok:
            who = _resolve(ctx, subject, table, table.cell("subject", r.number))
            if who is None:
                continue  # who it is must be fixed first; then duplicates can be told
        if rating:
            _rating_scheme(report, table, r, org, year, rating)
        if year and ((start_year and year < start_year) or (end_year and year > end_year)):
            report.warning("outside-term", f"Năm {year} nằm ngoài nhiệm kỳ {start_year} – {end_year}, nên không "
                           "được tính.", table.name, table.cell("year", r.number),
                           fix="Kiểm tra lại năm, hoặc xóa dòng xếp loại của nhiệm kỳ trước.")
        elif year and year > ctx.now.year:
            report.warning("after-now", f"Năm {year} sau năm của ngày báo cáo ({dmy(ctx.now)}), nên không được "
                           "tính.", table.name, table.cell("year", r.number))
        if year:
            pair = (year, who)
            if pair in seen:
                report.error("duplicate-rating", f"{subject} có hai dòng xếp loại năm {year} (dòng {seen[pair]} và "
                             f"dòng {r.number}).", table.name, table.cell("year", r.number))
            seen.setdefault(pair, r.number)


def _rating_scheme(report, table, r, org, year, rating):
    cell = table.cell("rating", r.number)
    if org and rating in std.RATINGS_OLD_MEMBER and rating not in std.RATINGS_OLD_ORG:
        report.error("rating-for-member", f"“{rating}” là mức xếp loại đoàn viên.", table.name, cell,
                     fix=f"Tổ chức Đoàn xếp loại “{' / '.join(std.RATINGS_OLD_ORG)}” (trước 2019) hoặc theo 4 mức mới.")
    if not org and rating in std.RATINGS_OLD_ORG and rating not in std.RATINGS_OLD_MEMBER:
        report.error("rating-for-organisation", f"“{rating}” là mức xếp loại tổ chức Đoàn.", table.name, cell,
                     fix=f"Đoàn viên xếp loại “{' / '.join(std.RATINGS_OLD_MEMBER)}” (trước 2019) hoặc theo 4 mức mới.")
    if year and year >= std.NEW_SCHEME_FROM and rating not in std.RATINGS_NEW:
        report.warning("old-rating-scheme", f"“{rating}” là mức của cách xếp loại cũ; từ năm {std.NEW_SCHEME_FROM} "
                       "xếp loại theo 4 mức.", table.name, cell, fix=f"Chọn một trong: {'; '.join(std.RATINGS_NEW)}.")


# --- duplicates -------------------------------------------------------------------------------

IGNORED_IN_DUPLICATES = {"no", "note"}


def _duplicates(ctx):
    for sheet_key in ("members", "meetings", "roll_call", "targets", "narrative"):
        table = ctx.wb.tables[sheet_key]
        if not table.present or table.missing:
            continue  # a column the reader did not find would make different rows look alike
        seen = {}
        days = Counter(r["date"] for r in ctx.wb.meetings.rows) if sheet_key == "roll_call" else {}
        for r in table.rows:
            if days and days.get(r["date"], 0) > 1:
                continue  # one row per meeting of that day: alike by design
            sig = tuple((k, v) for k, v in r.items() if k not in IGNORED_IN_DUPLICATES)
            if all(v is None for _, v in sig):
                continue
            if sig in seen:
                code = "duplicate-paragraph" if sheet_key == "narrative" else "duplicate-row"
                ctx.report.add(code, f"Dòng {r.number} trùng với dòng {seen[sig]}.", table.name, f"A{r.number}")
            else:
                seen[sig] = r.number


def summarize(wb, today: dt.date | None = None) -> str:
    """A short Vietnamese account of what a workbook holds."""
    items = positions(wb) if wb.members.usable(*MEMBER_COLUMNS) else []
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
