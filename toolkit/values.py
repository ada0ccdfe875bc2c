"""Turn what a cell holds into a typed value, or say in Vietnamese why it cannot.

Each converter takes the raw cell value (as python-calamine gives it: str, float,
int, bool, date, datetime, time, timedelta) and returns ``(value, problem)``:
``problem`` is None or a Vietnamese sentence saying what is wrong (the kind's ``fix``
in ``kinds.py`` says what to type); a blank cell gives ``(None, None)``.
"""
from __future__ import annotations

import datetime as dt
import math
import re

from . import standard
from .text import dmy, key, tidy

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def to_text(raw):
    if is_blank(raw):
        return None, None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        return dmy(raw), None
    return tidy(raw), None


def to_date(raw):
    if is_blank(raw):
        return None, None
    if isinstance(raw, dt.datetime):
        return raw.date(), None
    if isinstance(raw, dt.date):
        return raw, None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if 20000 <= raw < 80000 and float(raw).is_integer():  # a date serial shown as a number
            return _EXCEL_EPOCH + dt.timedelta(days=int(raw)), None
        return None, f"“{_show(raw)}” không phải ngày."
    if isinstance(raw, str):
        text = raw.strip()
        m = _DMY.match(text)
        parts = (m.group(3), m.group(2), m.group(1)) if m else None
        m = m or _ISO.match(text)
        if m and parts is None:
            parts = m.groups()
        if parts:
            year, month, day = (int(p) for p in parts)
            try:
                return dt.date(year, month, day), None
            except ValueError:
                return None, f"Ngày “{text}” không có thật (ngày {day} tháng {month} năm {year})."
    return None, f"“{_show(raw)}” không phải ngày hợp lệ."


def to_int(raw, low=0, high=None, what="số nguyên không âm"):
    if is_blank(raw):
        return None, None
    value = raw
    if isinstance(raw, str):
        text = raw.strip()
        value = int(text) if re.fullmatch(r"-?\d+", text) else None
    elif isinstance(raw, float):
        value = int(raw) if raw.is_integer() else None
    elif isinstance(raw, bool) or not isinstance(raw, int):
        value = None
    if value is None or value < low or (high is not None and value > high):
        return None, f"“{_show(raw)}” không hợp lệ: cần {what}."
    return value, None


def to_year(raw):
    return to_int(raw, 1900, 2100, "năm gồm 4 chữ số, ví dụ 2019")


_ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def to_term(raw):
    """A congress number: 5, "5" or Roman "V", "XII"."""
    if isinstance(raw, str) and raw.strip() and _ROMAN.match(raw.strip().upper()):
        total, text = 0, raw.strip().upper()
        values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
        for here, after in zip(text, text[1:] + " "):
            total += -values[here] if values.get(after, 0) > values[here] else values[here]
        return total, None
    value, problem = to_int(raw, 1, 3999, "số nguyên dương hoặc số La Mã, ví dụ 5 hoặc V")
    return value, problem


def to_version(raw):
    """The version of the standard a workbook follows: 1, 1.0, "1.1" → "1", "1", "1.1"."""
    if is_blank(raw):
        return None, None
    text = str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip().replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        return None, f"“{_show(raw)}” không phải số phiên bản (ví dụ 1.1)."
    major, _, minor = text.partition(".")
    return (major if minor in ("", "0") else f"{major}.{minor}"), None


_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")   # "1.000", "12.500.000": Vietnamese thousands
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]")


def to_number(raw):
    """A number as a Vietnamese officer types it: 12; "12,5" (decimal comma); "1.000" and "1.250,5" (dots group
    thousands); "12.5" (a decimal point, when the dots do not group thousands); "95%" (kept as 95)."""
    if is_blank(raw):
        return None, None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return float(raw), None
    text = _SPACES.sub("", str(raw)).rstrip("%")
    whole, comma, decimals = text.partition(",")
    if _GROUPED.fullmatch(whole) and (not comma or decimals.isdigit()):
        text = whole.replace(".", "") + (f".{decimals}" if comma else "")
    elif comma and "." not in text:
        text = f"{whole}.{decimals}"
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value):  # "nan", "inf" are no figures an officer means
        return None, f"“{_show(raw)}” không phải số."
    return value, None


def to_ratio(raw):
    """A share between 0 and 1: 0.9, "0,9", "90%" or 90 all give 0.9."""
    value, problem = to_number(raw)
    if value is None:
        return None, problem
    if not 0 <= value <= 100:
        return None, f"“{_show(raw)}” không hợp lệ: cần tỷ lệ từ 0 đến 1 (0,9) hoặc phần trăm đến 100 (90 hay 90%)."
    if value > 1 or (isinstance(raw, str) and raw.strip().endswith("%")):
        value /= 100
    return value, None


def choice_converter(choices):
    lookup = {key(c): c for c in choices}
    lookup.update({key(a): c for a, c in standard.ALIASES.items() if c in choices})

    def to_choice(raw):
        if is_blank(raw):
            return None, None
        found = lookup.get(key(raw))
        if found is None:
            listed = "; ".join(choices)
            return None, f"“{_show(raw)}” không có trong danh sách ({listed})."
        return found, None
    return to_choice


def to_lines(raw):
    """Text whose line breaks matter (one recipient per line): each line tidied, blank lines dropped."""
    if is_blank(raw):
        return None, None
    if not isinstance(raw, str):  # a number or a date in the cell: as to_text shows it
        return to_text(raw)
    lines = [tidy(line) for line in raw.splitlines()]
    return "\n".join(line for line in lines if line) or None, None


def to_raw(raw):
    """Kept as the cell holds it (each setting row is typed by its own code)."""
    return (None if is_blank(raw) else raw), None


def _show(raw) -> str:
    """What the cell shows, as the officer typed it: 1988 not 1988.0, 01/01/1988 not 1988-01-01."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    elif isinstance(raw, dt.datetime) and raw.time() == dt.time():
        raw = dmy(raw.date())
    elif isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        raw = dmy(raw)
    return tidy(raw)[:60]
