"""Files shipped with the toolkit: the blank workbook, the example, the templates.

In a wheel they live in ``toolkit/_data``; in a source checkout, at the top level.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_ROOT = _PACKAGE.parent

BLANK = "so-theo-doi-bch.xlsx"
EXAMPLE = "vi-du-doan-so-tttt-2017-2022.xlsx"
TEMPLATE = "bao-cao-kiem-diem-bch.docx"


def resource(kind: str, name: str) -> Path:
    """Path of a shipped file; ``kind`` is "workbooks" or "templates"."""
    packaged = _PACKAGE / "_data" / kind / name
    return packaged if packaged.exists() else _ROOT / kind / name


def example_workbook() -> Path:
    return resource("workbooks", EXAMPLE)


def default_template() -> Path:
    return resource("templates", TEMPLATE)
