#!/usr/bin/env python3
"""Benchmark: every figure beside its floor, measured side by side in one run (never in a timed test).

    python scripts/bench.py [--repeat 7] [--rows 100000] [--million] [--batch 40] [--steady 200] [--units 1000]

* the click: a cold `kiemdiem report` of the example, against `python -c "import docxtpl"` (the floor of
  writing a DOCX at all) and `python -c pass`; its peak memory against that of importing docxtpl;
  the Excel button's import path (xlwings + toolkit.excel) when xlwings is installed;
* the steps in one process: read, check, indicators, render;
* growth: validating a workbook with N roll-call rows against python-calamine reading the same file (the floor
  of reading at all); with --million, 1,000,000 rows against the N-row time;
* batches: --batch units with --jobs 1 against as many cold reports, and the throughput of --jobs 2 against
  --jobs 1 on those units and on --steady units; with --units, the time and the peak memory of the main
  process and of the largest worker for that many units and a tenth of them.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit import check, compute, load  # noqa: E402
from toolkit.report import render  # noqa: E402
from toolkit.resources import default_template, example_workbook  # noqa: E402

PY = sys.executable
KIEMDIEM = str(Path(PY).with_name("kiemdiem"))


def median_seconds(fn, repeat) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


# A cold process as an installed product runs it: pip writes the bytecode (.pyc) when it installs, so a shell
# that forbids writing it (PYTHONDONTWRITEBYTECODE, set on some servers) would time compiling, not the click.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cold_many(cmds: dict, repeat) -> dict:
    """name → (median seconds, peak KB) of fresh processes, run in turn (a, b, a, b, …) so that the load of a
    shared machine falls on every command alike and their ratios hold."""
    times = {name: [] for name in cmds}
    for cmd in cmds.values():
        subprocess.run(cmd, check=True, capture_output=True, env=ENV)
    for _ in range(repeat):
        for name, cmd in cmds.items():
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=ENV)
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(times[name]), _peak(cmd)) for name, cmd in cmds.items()}


def _peak(cmd) -> int:
    """Peak resident memory (KB) of one run, read by GNU time when present."""
    try:
        out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True, check=True,
                             env=ENV)
        return int(out.stderr.strip().splitlines()[-1])
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 0


def roll_call_workbook(path: Path, rows: int) -> Path:
    """The example's settings and members, one meeting a day with three roll-call rows each, ``rows`` rows."""
    import xlsxwriter
    from toolkit import standard as std
    source = load(example_workbook())
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    sheets = {}
    for spec in std.SHEETS:
        ws = book.add_worksheet(spec.name)
        ws.write_row(0, 0, [c.header for c in spec.columns])
        sheets[spec.key] = ws
    for i, (code, value) in enumerate(dict(source.settings).items(), start=1):
        cell = value.isoformat() if isinstance(value, dt.date) else value
        sheets["settings"].write_row(i, 0, [code, "", cell])
    for i, r in enumerate(source.members.rows, start=1):
        for j, col in enumerate(std.MEMBERS.columns):
            value = r[col.key]
            if isinstance(value, dt.date):
                sheets["members"].write_datetime(i, j, dt.datetime.combine(value, dt.time()), date)
            elif value is not None:
                sheets["members"].write(i, j, value)
    names = ["Trần Thị B", "Lê Văn C", "Phạm Thị D"]
    day, n, meeting = dt.date(2022, 1, 1), 0, 1
    while n < rows:
        stamp = dt.datetime.combine(day, dt.time())
        sheets["meetings"].write_datetime(meeting, 1, stamp, date)
        sheets["meetings"].write_row(meeting, 2, ["Bất thường", "Trực tiếp", None, 3, 0, 0])
        for name in names:
            if n < rows:
                sheets["roll_call"].write_datetime(n + 1, 0, stamp, date)
                sheets["roll_call"].write_row(n + 1, 1, [name, "Có mặt"])
                n += 1
        meeting += 1
        day = day + dt.timedelta(days=1) if day < dt.date(2022, 12, 30) else dt.date(2022, 1, 1)
    book.close()
    return path


def batch_inbox(folder: Path, n: int) -> Path:
    """``n`` copies of the example as distinct units (their unit name differs)."""
    import openpyxl
    folder.mkdir(parents=True, exist_ok=True)
    book = openpyxl.load_workbook(example_workbook())
    for row in book["Thông tin chung"].iter_rows(min_row=2):
        if row[0].value == "don_vi":
            cell = row[2]
    for i in range(n):
        cell.value = f"Đơn vị thử {i:04d}"
        book.save(folder / f"don-vi-{i:04d}.xlsx")
    return folder


def _batch_times(inbox: Path, tmp: Path) -> dict:
    """jobs → median seconds of three `kiemdiem batch` runs, run in turn (as cold_many does)."""
    runs = {1: [], 2: []}
    for _ in range(3):
        for jobs in runs:
            start = time.perf_counter()
            subprocess.run([KIEMDIEM, "batch", str(inbox), "-o", str(tmp / f"ra-{jobs}"), "--jobs", str(jobs),
                            "--force"], capture_output=True, env=ENV)
            runs[jobs].append(time.perf_counter() - start)
    return {jobs: statistics.median(values) for jobs, values in runs.items()}


def batch_rows(tmp: Path, n: int, cold_report: float, steady: int) -> list:
    """A batch of ``n`` against ``n`` cold reports; the throughput of --jobs 2 against --jobs 1 on ``n`` units and
    on ``steady`` units, where the fixed start (a fork server, two workers warming up: ~0.25 s) weighs less."""
    rows = []
    for count in (n, steady):
        times = _batch_times(batch_inbox(tmp / f"hop-thu-{count}", count), tmp)
        if count == n:
            rows.append((f"batch of {n}, --jobs 1", f"{times[1]:.1f} s", f"{n} cold reports",
                         f"{n * cold_report:.1f} s", times[1] / (n * cold_report)))
        rows.append((f"batch of {count}, --jobs 2 throughput", f"{count / times[2]:.1f}/s", "--jobs 1",
                     f"{count / times[1]:.1f}/s", times[1] / times[2]))
    return rows


def scale_rows(tmp: Path, n: int, report_kb: int) -> list:
    """Time, and the peak memory of the batch's own process and of its largest worker, for ``n`` units and for a
    tenth of them: a worker's peak must stay near one report's and must not grow with the number of units."""
    rows = []
    for count in (max(n // 10, 2), n):
        inbox = batch_inbox(tmp / f"nhieu-{count}", count)
        start = time.perf_counter()
        process = subprocess.Popen([KIEMDIEM, "batch", str(inbox), "-o", str(tmp / f"ra-nhieu-{count}"), "--jobs",
                                    "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
        peaks = {}
        while process.poll() is None:
            for pid in _descendants(process.pid):
                peaks[pid] = max(peaks.get(pid, 0), _high_water_kb(pid))
            time.sleep(0.1)
        seconds = time.perf_counter() - start
        main_kb = peaks.pop(process.pid, 0)
        worker_kb = max(peaks.values(), default=0)
        rows += [(f"batch of {count} units, --jobs 2", f"{seconds:.1f} s", "per unit",
                  f"{seconds / count * 1000:.0f} ms", None),
                 (f"  its main process, peak", f"{main_kb / 1024:.0f} MB", "", "", None),
                 (f"  its largest worker, peak", f"{worker_kb / 1024:.0f} MB", "one cold report",
                  f"{report_kb / 1024:.0f} MB", worker_kb / report_kb if report_kb else None)]
    return rows


def _descendants(pid: int) -> list:
    """``pid`` and every process below it (Linux /proc)."""
    children = {}
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += children.get(current, [])
    return out


def _high_water_kb(pid: int) -> int:
    """Peak resident memory of a live process so far (VmHWM), 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def calamine_read(path: Path) -> None:
    import python_calamine
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--million", action="store_true", help="also 1,000,000 roll-call rows (takes minutes)")
    ap.add_argument("--batch", type=int, default=40, help="workbooks in the batch comparison (0: skip)")
    ap.add_argument("--steady", type=int, default=200, help="workbooks for the steady --jobs 2 throughput")
    ap.add_argument("--units", type=int, default=0, help="also a batch of this many units (e.g. 1000)")
    args = ap.parse_args()
    example = example_workbook()
    rows = []  # (name, figure, floor name, floor)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subprocess.run([KIEMDIEM, "report", str(example), "-o", str(tmp / "warm.docx")], check=True, env=ENV,
                       capture_output=True)  # fills the template cache, as any earlier report has
        cold_runs = cold_many({"floor": [PY, "-c", "import docxtpl"], "empty": [PY, "-c", "pass"],
                               "report": [KIEMDIEM, "report", str(example), "-o", str(tmp / "c.docx"), "--force"]},
                              args.repeat)
        (floor, floor_kb), (empty, _), (report, report_kb) = (cold_runs[k] for k in ("floor", "empty", "report"))
        rows += [("kiemdiem report (cold process)", f"{report * 1000:.0f} ms", "import docxtpl",
                  f"{floor * 1000:.0f} ms", report / floor),
                 ("python -c pass", f"{empty * 1000:.0f} ms", "", "", None),
                 ("peak memory of the report", f"{report_kb / 1024:.0f} MB", "import docxtpl",
                  f"{floor_kb / 1024:.0f} MB", report_kb / floor_kb if floor_kb else None)]
        try:
            import xlwings  # noqa: F401
            lean = "import sys; sys.modules['pandas'] = sys.modules['numpy'] = None; import xlwings, toolkit.excel"
            clicks = cold_many({"full": [PY, "-c", "import xlwings, toolkit.excel"], "lean": [PY, "-c", lean],
                                "floor": [PY, "-c", "import docxtpl"]}, args.repeat)
            (click, _), (lean_time, _), (floor, _) = clicks["full"], clicks["lean"], clicks["floor"]
            rows.append(("Excel button imports, pandas installed", f"{click * 1000:.0f} ms", "import docxtpl",
                         f"{floor * 1000:.0f} ms", click / floor))
            rows.append(("Excel button imports, no pandas (the excel extra)", f"{lean_time * 1000:.0f} ms",
                         "import docxtpl", f"{floor * 1000:.0f} ms", lean_time / floor))
        except (ImportError, subprocess.CalledProcessError):
            rows.append(("Excel button imports", "xlwings or toolkit.excel missing", "", "", None))
        wb = load(example)
        values = compute(wb)
        for name, fn in (("read (example)", lambda: load(example)), ("check", lambda: check(wb)),
                         ("indicators", lambda: compute(wb)),
                         ("render docx", lambda: render(wb, values, default_template(), tmp / "r.docx"))):
            rows.append((name, f"{median_seconds(fn, args.repeat) * 1000:.1f} ms", "", "", None))
        big = roll_call_workbook(tmp / "lon.xlsx", args.rows)
        read_floor = median_seconds(lambda: calamine_read(big), 3)
        validated = median_seconds(lambda: check(load(big)), 3)
        rows.append((f"validate, {args.rows:,} roll-call rows", f"{validated:.2f} s", "python-calamine reads it",
                     f"{read_floor:.2f} s", validated / read_floor))
        if args.million:
            huge = roll_call_workbook(tmp / "rat-lon.xlsx", 1_000_000)
            million = median_seconds(lambda: check(load(huge)), 1)
            rows.append(("validate, 1,000,000 roll-call rows", f"{million:.2f} s", f"{args.rows:,} rows",
                         f"{validated:.2f} s", million / validated))
        if args.batch:
            rows += batch_rows(tmp, args.batch, report, args.steady)
        if args.units:
            rows += scale_rows(tmp, args.units, report_kb)
    width = max(len(r[0]) for r in rows)
    for name, figure, floor_name, floor_value, ratio in rows:
        beside = f"   vs {floor_name} {floor_value}" if floor_name else ""
        times = f"   = {ratio:.2f}×" if ratio else ""
        print(f"{name:<{width}}  {figure:>12}{beside}{times}")


if __name__ == "__main__":
    main()
