"""The kinds of value a column or a setting holds: one table for the reader, the blank workbook and the docs.

Each kind has its converter (``values.py``: raw cell → typed value or a Vietnamese reason), its Vietnamese
label (instructions sheet, docs), the number format of its cells in the blank workbook and the data
validation Excel applies there.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from . import values

DATE_FORMAT = "dd/mm/yyyy"


@dataclass(frozen=True)
class Kind:
    code: str
    label: str                    # Vietnamese: what a person types
    convert: Callable             # raw → (value, problem)
    number_format: str | None = None
    validation: dict = field(default_factory=dict)  # XlsxWriter data_validation options; empty: none
    fix: str = ""                 # Vietnamese: what to type instead of a value that cannot be read


_ERR = {"ignore_blank": True, "show_error": True, "error_title": "Giá trị không hợp lệ"}
KINDS = {k.code: k for k in (
    Kind("text", "chữ", values.to_text, "@"),
    Kind("raw", "giá trị", values.to_raw, "General"),
    Kind("lines", "chữ, mỗi dòng một mục", values.to_lines, "@"),  # as text: "- …" typed is not a formula
    Kind("int", "số nguyên không âm", values.to_int, None,
         {"validate": "integer", "criteria": ">=", "value": 0,
          "error_message": "Hãy nhập số nguyên không âm.", **_ERR}, "Ghi một số nguyên không âm, ví dụ 5."),
    Kind("year", "năm (4 chữ số)", values.to_year, None,
         {"validate": "integer", "criteria": "between", "minimum": 1900, "maximum": 2100,
          "error_message": "Hãy nhập năm gồm 4 chữ số.", **_ERR}, "Ghi năm gồm 4 chữ số, ví dụ 2019."),
    Kind("date", "ngày (ngày/tháng/năm)", values.to_date, DATE_FORMAT,
         {"validate": "date", "criteria": "between", "minimum": dt.date(1990, 1, 1), "maximum": dt.date(2100, 12, 31),
          "error_message": "Hãy nhập ngày dạng ngày/tháng/năm.", **_ERR},
         "Ghi ngày dạng ngày/tháng/năm, ví dụ 15/04/2017."),
    Kind("number", "số", values.to_number, fix="Ghi một số, ví dụ 12 hoặc 12,5."),
    Kind("ratio", "tỷ lệ (0,9 hoặc 90%)", values.to_ratio, fix="Ghi tỷ lệ dạng 0,9 hoặc 90%."),
    Kind("term", "số nguyên hoặc số La Mã", values.to_term, fix="Ghi số của nhiệm kỳ, ví dụ 5 hoặc V."),
    Kind("version", "số phiên bản", values.to_version, fix="Ghi số phiên bản của mẫu sổ, ví dụ 1.1."),
    Kind("choice", "chọn trong danh sách", None, None,
         {"validate": "list", "error_message": "Hãy chọn một giá trị trong danh sách thả xuống.", **_ERR},
         "Chọn một giá trị trong danh sách thả xuống."),
)}


def converter(kind: str, choices=()) -> Callable:
    if kind == "choice":
        return values.choice_converter(choices)
    return KINDS[kind].convert


def fix(kind: str, choices=()) -> str:
    return "Chọn một trong: " + "; ".join(choices) + "." if kind == "choice" else KINDS[kind].fix


def label(kind: str, choices=()) -> str:
    return "chọn một trong: " + "; ".join(choices) if kind == "choice" else KINDS[kind].label
