#!/usr/bin/env python3
"""Benchmark the click-to-report path: each step in-process, then the whole command.

    python scripts/bench.py [--repeat 5] [--large N]

--large N also times a synthetic workbook with N roll-call rows (default 20000).
Speed is measured here, never in a timed test.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from toolkit import check, read_workbook
from toolkit.indicators import compute
from toolkit.report import render
from toolkit.resources import default_template, example_workbook


def timed(fn, repeat):
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def large_workbook(path: Path, roll_rows: int) -> Path:
    import openpyxl
    book = openpyxl.load_workbook(example_workbook())
    meetings, calls = book["Họp BCH"], book["Điểm danh"]
    members = [r[1] for r in book["Ban Chấp hành"].iter_rows(min_row=2, values_only=True) if r[1]]
    day = dt.date(2017, 4, 14)
    names = ["Trần Thị B", "Lê Văn C", "Phạm Thị D"]
    for row in range(calls.max_row, 1, -1):
        calls.delete_rows(row)
    for row in range(meetings.max_row, 1, -1):
        meetings.delete_rows(row)
    n = 0
    while n < roll_rows:
        day += dt.timedelta(days=1)
        if day.year > 2022:
            day = dt.date(2017, 4, 15)
        meetings.append([None, day, "Bất thường", "Trực tiếp", None, 3, 0, 0, "họp", None])
        for name in names:
            calls.append([day, name, "Có mặt"])
            n += 1
    book.save(path)
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--large", type=int, default=20000)
    args = ap.parse_args()
    example = example_workbook()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        wb = read_workbook(example)
        values = compute(wb)
        rows = [
            ("read (example)", timed(lambda: read_workbook(example), args.repeat)),
            ("check", timed(lambda: check(wb), args.repeat)),
            ("indicators", timed(lambda: compute(wb), args.repeat)),
            ("render docx", timed(lambda: render(wb, values, default_template(), tmp / "r.docx"), args.repeat)),
        ]
        exe = shutil.which("kiemdiem") or str(Path(sys.executable).with_name("kiemdiem"))
        rows.append(("kiemdiem report (whole command)", timed(
            lambda: subprocess.run([exe, "report", str(example), "-o", str(tmp / "c.docx"), "--force"],
                                   check=True, capture_output=True), args.repeat)))
        if args.large:
            big = large_workbook(tmp / "lon.xlsx", args.large)
            rows.append((f"read+check ({args.large} roll-call rows)",
                         timed(lambda: check(read_workbook(big)), max(1, args.repeat // 2))))
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
