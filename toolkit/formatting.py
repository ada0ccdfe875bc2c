"""Vietnamese formatting for reports, also the template filters (see docs/mau-bao-cao.md).

| filter | example |
|---|---|
| ``so2`` | 2 → "02", 15 → "15" (counts of people) |
| ``dong_chi`` | 2 → "02 đồng chí", 0 → "không có đồng chí nào" (never "00 đồng chí") |
| ``so`` | 1234.5 → "1.234,5" |
| ``phan_tram`` | 66.667 → "66,67%", 40.0 → "40%", None (no data) → "chưa ghi" |
| ``la_ma`` | 5 → "V" |
| ``ngay_so`` | date → "14/04/2017" |
| ``ngay_thang_nam`` | date → "ngày 14 tháng 4 năm 2017" (nd30) / "… tháng 04 …" (day_du); None → "ngày ... tháng ... năm ..." |
| ``thang_nam`` | date → "tháng 4 năm 2017" (nd30) / "tháng 04 năm 2017" (day_du) |
| ``chu_hoa`` | "Đoàn Khối" → "ĐOÀN KHỐI" |
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import datetime as dt

from .text import dmy

def so2(n) -> str:
    """Counts of people are written with two digits: "02 đồng chí"."""
    return f"{int(n):02d}"


def dong_chi(n) -> str:
    """A count of people in words: "02 đồng chí"; zero reads "không có đồng chí nào"."""
    return f"{so2(n)} đồng chí" if n else "không có đồng chí nào"


def half_up(x, digits: int = 2):
    """``x`` rounded as Excel's ROUND and an officer checking by hand do: halves up (29/32 = 90,625 → 90,63),
    on the shortest decimal form of the float, not its binary value (Python's round() gives 90,62)."""
    try:
        return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # too large to round at this precision, or not a finite number: left as it is
        return float(x)


def so(x, digits: int = 2) -> str:
    """A number with a decimal comma and dot thousands: 1234.5 → "1.234,5"."""
    if x is None:
        return ""
    # halves round up, as Excel's ROUND and an officer checking by hand do (29/32 = 90,625% → "90,63%"); the
    # shortest decimal form of the float is rounded, not its binary value
    text = f"{half_up(x, digits):,.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def phan_tram(x, digits: int = 2) -> str:
    """66.667 → "66,67%"; no figure (None) → "chưa ghi", never "0%"."""
    return "chưa ghi" if x is None else f"{so(x, digits)}%"


def la_ma(n) -> str:
    n = int(n)
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, symbol in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(symbol)
            n -= value
    return "".join(out)


def _month(d: dt.date, style: str) -> str:
    return f"{d.month:02d}" if style == "day_du" or d.month <= 2 else str(d.month)


def ngay_so(d) -> str:
    """14/04/2017 (the one date format of messages, tables and cells: ``text.dmy``)."""
    return dmy(d)


def ngay_thang_nam(d, style: str = "nd30", year=None) -> str:
    """"ngày 05 tháng 02 năm 2020"; with no date, dots to fill by hand (and the year if known)."""
    if not d:
        return f"ngày ... tháng ... năm {year or '...'}"
    return f"ngày {d.day:02d} tháng {_month(d, style)} năm {d.year}"


def thang_nam(d, style: str = "nd30") -> str:
    return f"tháng {_month(d, style)} năm {d.year}" if d else ""


def chu_hoa(text) -> str:
    return (text or "").upper()


FILTERS = {f.__name__: f for f in (so2, dong_chi, so, phan_tram, la_ma, ngay_so, ngay_thang_nam, thang_nam, chu_hoa)}
