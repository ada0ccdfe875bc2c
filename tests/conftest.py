"""Shared fixtures: workbooks made from the shipped example, edited the way a person would."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("KIEMDIEM_CACHE_DIR", str(Path(__import__("tempfile").mkdtemp(prefix="kiemdiem-test-cache-"))))
EXAMPLE = ROOT / "workbooks" / "vi-du-doan-so-tttt-2017-2022.xlsx"
BLANK = ROOT / "workbooks" / "so-theo-doi-bch.xlsx"
TODAY = dt.date(2026, 11, 25)


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def kiemdiem(*args, cwd=None) -> Ran:
    """Run the command line in this process (click's CliRunner): its exit status and Vietnamese output."""
    from click.testing import CliRunner

    from toolkit.cli import cli
    here = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        result = CliRunner().invoke(cli, [str(a) for a in args], prog_name="kiemdiem", catch_exceptions=False)
    finally:
        os.chdir(here)
    return Ran(result.exit_code, result.stdout, result.stderr)


def kiemdiem_process(*args, cwd=None):
    """Run the installed command in its own process (end-to-end: entry point, encoding, exit status)."""
    exe = Path(sys.executable).with_name("kiemdiem")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "toolkit.cli"]
    return subprocess.run(cmd + [str(a) for a in args], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=120)


def same_parts(built, shipped) -> list:
    """The parts of two OOXML packages that differ (every part compared byte for byte; only the save time
    openpyxl stamps into docProps/core.xml is left out)."""
    import re
    import zipfile
    stamp = re.compile(rb"<dcterms:modified[^>]*>[^<]*</dcterms:modified>")
    with zipfile.ZipFile(built) as a, zipfile.ZipFile(shipped) as b:
        if a.namelist() != b.namelist():
            return [f"parts: {a.namelist()} != {b.namelist()}"]
        return [n for n in a.namelist() if stamp.sub(b"", a.read(n)) != stamp.sub(b"", b.read(n))]


def digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class Sheets:
    """Edit a copy of the example by sheet name and header, then save it."""

    def __init__(self, source: Path, target: Path):
        self.target = target
        self.book = openpyxl.load_workbook(source)

    def ws(self, sheet):
        return self.book[sheet]

    def column(self, sheet, header) -> int:
        ws = self.ws(sheet)
        for cell in ws[1]:
            if cell.value == header:
                return cell.column
        raise KeyError(header)

    def set(self, sheet, row, header, value):
        """Set the cell of ``header`` in Excel row ``row``; returns its address like "H7"."""
        cell = self.ws(sheet).cell(row=row, column=self.column(sheet, header))
        cell.value = value  # ws.cell(..., value=None) would leave the old value
        return cell.coordinate

    def get(self, sheet, row, header):
        return self.ws(sheet).cell(row=row, column=self.column(sheet, header)).value

    def append(self, sheet, **by_header):
        ws = self.ws(sheet)
        row = _last_row(ws) + 1
        for header, value in by_header.items():
            ws.cell(row=row, column=self.column(sheet, header), value=value)
        return row

    def find_row(self, sheet, header, value) -> int:
        col = self.column(sheet, header)
        ws = self.ws(sheet)
        for row in range(2, ws.max_row + 1):
            if ws.cell(row=row, column=col).value == value:
                return row
        raise KeyError(value)

    def setting(self, code, value):
        row = self.find_row("Thông tin chung", "Mã", code)
        return self.set("Thông tin chung", row, "Giá trị", value)

    def save(self) -> Path:
        self.book.save(self.target)
        return self.target


def _last_row(ws) -> int:
    last = 1
    for row in ws.iter_rows(min_row=2):
        if any(c.value not in (None, "") for c in row):
            last = row[0].row
    return last


@pytest.fixture
def example(tmp_path):
    """An editable copy of the example workbook."""
    return Sheets(EXAMPLE, tmp_path / "so.xlsx")


@pytest.fixture
def blank(tmp_path):
    return Sheets(BLANK, tmp_path / "trong.xlsx")


@pytest.fixture
def example_copy(tmp_path):
    target = tmp_path / "vi-du.xlsx"
    shutil.copy(EXAMPLE, target)
    return target
