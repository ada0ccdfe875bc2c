"""Invented units for the tests: members, meetings and ratings written as an officer would enter them, and the
rendered report read back as text (body paragraphs and appendix tables)."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from docx import Document

from toolkit import standard as std
from toolkit.indicators import compute
from toolkit.reader import from_rows
from toolkit.report import render
from toolkit.resources import default_template

D = dt.date
CONGRESS = D(2017, 4, 14)
TODAY = D(2026, 11, 25)
BASE = {"don_vi": "Sở Tư pháp", "doan_cap_tren": "Đoàn Khối", "nhiem_ky_so": 3, "dia_danh": "Cần Thơ",
        "ngay_dai_hoi": CONGRESS, "nam_bat_dau": 2017, "nam_ket_thuc": 2022, "tan_suat_hop": "hang_thang",
        "nguong_dat_tan_suat": 0.9}
CHANGES_HEADER = ["Ngày", "Họ và tên", "Việc", "Chức vụ", "Hình thức / lý do"]


def m(name, position=std.UV_BCH, how=std.ELECTED_AT_CONGRESS, start=CONGRESS, end=None, reason=None,
      gender="Nam", party="Có", birth_year=None):
    return {"name": name, "position": position, "start_how": how, "start": start, "end": end,
            "end_reason": reason or ("Chuyển công tác" if end else None), "gender": gender, "party": party,
            "birth_year": birth_year}


def meeting(day, kind=std.REGULAR, present=None, convened=None):
    return {"date": day, "kind": kind, "present": present, "convened": convened}


def monthly(start=D(2017, 5, 5), end=D(2022, 12, 5), kind=std.REGULAR, skip=(), present=1, convened=None):
    out, (y, mo) = [], (start.year, start.month)
    while (y, mo) <= (end.year, end.month):
        if (y, mo) not in skip:
            out.append(meeting(D(y, mo, start.day), kind, present, convened))
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def org(year, rating=std.HTXSNV):
    return {"year": year, "subject": "Tập thể", "rating": rating}


def unit(members=(), meetings=(), ratings=(), narrative=(), targets=(), roll_call=(), **settings):
    return from_rows({**BASE, **settings}, members=list(members), meetings=list(meetings), ratings=list(ratings),
                     narrative=list(narrative), targets=list(targets), roll_call=list(roll_call))


class Rendered:
    """A report rendered with the shipped template, read back: ``text`` (everything), ``body`` (paragraphs
    before the appendix), ``tables`` (each a list of rows of cell texts)."""

    def __init__(self, wb, today=TODAY):
        self.values = compute(wb, today=today)
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "bc.docx"
            render(wb, self.values, default_template(), out)
            doc = Document(str(out))
        paragraphs = [p.text.replace("\u00a0", " ") for p in doc.paragraphs]  # no-break spaces read as spaces
        cut = next((i for i, t in enumerate(paragraphs) if t.strip() == "PHỤ LỤC"), len(paragraphs))
        self.body = "\n".join(paragraphs[:cut])
        self.appendix = "\n".join(paragraphs[cut:])
        self.tables = [[[c.text.replace("\u00a0", " ") for c in row.cells] for row in t.rows] for t in doc.tables]
        self.text = "\n".join(paragraphs + [c for t in self.tables for row in t for c in row])

    def table(self, header) -> list:
        """The data rows of the table whose first row is ``header`` ([] when the table is not printed)."""
        for t in self.tables:
            if t and t[0] == header:
                return t[1:]
        return []

    @property
    def changes(self) -> list:
        return self.table(CHANGES_HEADER)

    @property
    def signature(self) -> list:
        """The lines of the signature cell, blank ones dropped."""
        for t in self.tables:
            for row in t:
                for cell in row:
                    if cell.startswith("TM. BAN CHẤP HÀNH"):
                        return [line for line in cell.split("\n") if line.strip()]
        return []
