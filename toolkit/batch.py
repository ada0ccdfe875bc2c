"""Many units at once: every received workbook gets its report, and the Đoàn above one summary workbook.

    result = run_batch(["nhan/"], "bao-cao/", pdf=True)      # result.units, .aside, .summary, .ok

One unit is one (Đoàn cấp trên, đơn vị, năm bắt đầu, năm kết thúc); of two copies the newest wins (the e-mail's
Date, else the workbook's own modified time, else the file's) and the other is set aside.  Workers are
processes (``jobs``); each unit is read, checked, computed and rendered once; a unit whose workbook, template,
toolkit version and "now" are unchanged since the last run is not rendered again.  PDFs are made by one
LibreOffice call per worker.  A bad template stops the whole run before any unit; a bad workbook fails alone.
"""
from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, errors
from .files import atomic_output
from .intake import SetAside, gather, modified
from .text import key, strip_marks

SUMMARY = "tong-hop.xlsx"
MANIFEST = ".kiemdiem-batch.json"
STAGE = ".kiemdiem-tam"
MAX_TASKS = 100  # units a worker process handles before a fresh one takes over


@dataclass
class Unit:
    """What one received workbook gave."""
    origin: str
    status: str                       # "ok", "unchanged", "errors", "unreadable", "aside"
    message: str = ""
    unit: str = ""
    above: str = ""
    term: str = ""
    identity: tuple = ()
    problems: list = field(default_factory=list)   # dicts (problems.Problem.as_dict)
    values: dict = field(default_factory=dict)     # a few indicators for the summary
    docx: str = ""
    pdf: str = ""
    stamp: str = ""                   # newest first: the e-mail's Date, the workbook's, the file's
    digest: str = ""
    staged: str = ""
    sender: str = ""
    message_id: str = ""

    @property
    def failed(self) -> bool:
        return self.status in ("errors", "unreadable")


@dataclass
class BatchResult:
    units: list
    aside: list
    summary: Path | None
    missing: list = field(default_factory=list)   # expected units that sent nothing

    @property
    def ok(self) -> bool:
        """Every workbook received got its report (a copy set aside as older is not a failure)."""
        return not any(u.failed for u in self.units)


def run_batch(inputs, out_dir, template=None, pdf=False, jobs=None, force=False, expected=None, today=None,
              log=None, progress=False) -> BatchResult:
    """Reports for every workbook in ``inputs`` into ``out_dir``, and ``out_dir/tong-hop.xlsx``.
    Raises UnreadableTemplate or TemplateHasErrors (the whole run), OutputFailed."""
    from .api import template_checked
    out_dir = Path(out_dir)
    say = log or (lambda text: None)
    if template is not None:
        template_checked(template)
    received, aside = gather(inputs, skip=[out_dir])
    say(f"Nhận được {len(received)} sổ; {len(aside)} tệp để riêng.")
    stage = out_dir / STAGE
    stage.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(out_dir)
    template_digest = _digest(Path(template).read_bytes()) if template else "mặc định"
    now = today.isoformat() if today else ""
    tasks = [(r, str(template) if template else None, today, str(stage), manifest, template_digest, force, now)
             for r in received]
    units = _run(tasks, jobs, progress, say)
    units = _choose(units, aside)
    _publish(units, out_dir, manifest)
    if pdf:
        _pdfs([u for u in units if u.status == "ok"], out_dir, jobs, say)
    missing = _missing(units, expected) if expected else []
    summary = _summary(units, aside, missing, out_dir)
    _write_manifest(out_dir, units, manifest, template_digest, now)
    _clean(stage)
    say(f"Xong: {sum(u.status in ('ok', 'unchanged') for u in units)} báo cáo, "
        f"{sum(u.failed for u in units)} sổ lỗi. Tổng hợp: {summary}")
    return BatchResult(units, aside, summary, missing)


# --- one workbook (in a worker process) --------------------------------------------------------

def _one(task) -> Unit:
    received, template, today, stage, manifest, template_digest, force, now = task
    from .api import check, load
    from .indicators import compute
    from .report import render
    from .resources import default_template
    content = received.content()
    unit = Unit(received.origin, "ok", digest=_digest(content), sender=received.sender,
                message_id=received.message_id)
    try:
        wb = load(content, name=received.name)
    except errors.UnreadableWorkbook as exc:
        unit.status, unit.message = "unreadable", exc.message
        return unit
    problems = check(wb, today)
    _name_unit(unit, wb)
    unit.problems = [p.as_dict() for p in problems.problems]
    if not problems.ok:
        unit.status, unit.message = "errors", f"Sổ còn {len(problems.errors)} lỗi (xem trang Vấn đề)."
        return unit
    values = compute(wb, today)
    unit.values = _key_figures(values)
    unit.stamp = _stamp(received)
    previous = manifest.get(_identity_text(unit.identity), {})
    same = (previous.get("digest") == unit.digest and previous.get("template") == template_digest
            and previous.get("version") == __version__ and previous.get("now") == values["ngay_tinh_den"].isoformat())
    if same and not force and previous.get("docx") and (Path(stage).parent / previous["docx"]).exists():
        unit.status, unit.docx, unit.pdf = "unchanged", previous["docx"], previous.get("pdf", "")
        return unit
    staged = Path(stage) / f"{unit.digest[:16]}-{os.getpid()}.docx"
    render(wb, values, template or default_template(), staged)
    _release()
    unit.staged = str(staged)
    return unit


def _release() -> None:
    """Free what a render leaves in reference cycles (python-docx's package and parts point at each other, and
    their lxml trees live in C memory the collector does not count): without this a worker grew ~1 MB a unit.
    Everything alive after the first unit (modules, the compiled template) is frozen out of later collections,
    so each costs ~1 ms instead of ~10."""
    gc.collect()
    if not gc.get_freeze_count():
        gc.freeze()


def _run(tasks, jobs, progress, say) -> list:
    jobs = jobs or os.cpu_count() or 1
    bar = _progress(len(tasks)) if progress else None
    units = []
    try:
        for task, unit in zip(tasks, _results(tasks, jobs)):
            units.append(unit)
            if bar is not None:
                bar.update(1)
            else:
                say(f"{STATUS[unit.status]}: {task[0].origin}")
    finally:
        if bar is not None:
            bar.close()
    return units


def _results(tasks, jobs):
    """The units of ``tasks`` in order: in this process for a small batch with one job, else in rounds of
    ``jobs × MAX_TASKS`` tasks, each round with fresh workers so that their memory stays flat however many units
    come.  (Not ``max_tasks_per_child``: in Python 3.11–3.13 the pool stops replacing a worker that reached it
    and the batch hangs, CPython gh-115634.)"""
    if jobs == 1 and len(tasks) <= MAX_TASKS or len(tasks) < 2:
        yield from map(_one, tasks)
        return
    context, size = _context(), jobs * MAX_TASKS
    threading.Thread(target=_import_summary, daemon=True).start()  # while this process only waits
    for start in range(0, len(tasks), size):
        executor = ProcessPoolExecutor(max_workers=jobs, mp_context=context)
        try:
            yield from executor.map(_one, tasks[start:start + size], chunksize=1)
        finally:
            executor.shutdown(cancel_futures=True)


def _import_summary() -> None:
    """Import the summary's libraries (pandas: 0.3 s) while the workers render, not after them."""
    try:
        import pandas  # noqa: F401
        import xlsxwriter  # noqa: F401
    except ImportError:
        pass


PRELOAD = ["toolkit.cli", "toolkit.batch", "toolkit.quickfill", "toolkit.report", "toolkit.checks"]


def _context():
    """Workers forked from a server process that has already imported the toolkit (POSIX; the `kiemdiem` script
    each worker re-runs as its main finds it imported too), so a worker — every MAX_TASKS units, to keep its
    memory flat — costs a fork, not a fresh Python.  Windows spawns."""
    import multiprocessing
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    from multiprocessing import forkserver
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()
    return context


def _progress(total):
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm(total=total, unit="sổ", desc="Lập báo cáo")


def _name_unit(unit: Unit, wb) -> None:
    s = wb.settings if wb is not None else {}
    unit.unit, unit.above = s.get("don_vi") or "", s.get("doan_cap_tren") or ""
    start, end = s.get("nam_bat_dau"), s.get("nam_ket_thuc")
    unit.term = f"{start} – {end}" if start and end else ""
    unit.identity = (key(unit.above), key(unit.unit), start, end)


def _identity_text(identity) -> str:
    return json.dumps(list(identity), ensure_ascii=False)


def _stamp(received) -> str:
    moment = received.received or modified(received)
    return moment.isoformat() if moment else ""


def _key_figures(v) -> dict:
    return {name: v[name] for name in (
        "so_uy_vien_hien_nay", "uy_vien_rut_ten", "uy_vien_bo_sung", "khuyet_bi_thu", "so_cuoc_hop",
        "so_hop_dinh_ky", "ty_le_ky_co_hop", "giu_tan_suat_hop", "ty_le_du_hop", "deu_cung_xep_loai",
        "so_chi_tieu_dat", "ngay_tinh_den")} | {
        "so_chi_tieu": len(v["chi_tieu"]), "co_bien_dong": v["co_bien_dong"],
        "xep_loai": "; ".join(f"{r['nam']}: {r['xep_loai']}" for r in v["xep_loai_tap_the"])}


# --- the run as a whole ----------------------------------------------------------------------

def _choose(units, aside) -> list:
    """Of two copies of one unit the newest wins; the others are set aside."""
    by_identity = {}
    for u in units:
        if u.failed or not u.identity[1]:
            continue
        by_identity.setdefault(u.identity, []).append(u)
    for copies in by_identity.values():
        copies.sort(key=lambda u: (u.stamp, u.origin), reverse=True)
        for older in copies[1:]:
            older.status = "aside"
            older.message = f"bản cũ hơn của cùng đơn vị (bản mới: {copies[0].origin})"
            aside.append(SetAside(older.origin, older.message))
            if older.staged:
                Path(older.staged).unlink(missing_ok=True)
    return units


def file_stem(unit: Unit) -> str:
    """ASCII, from the unit's name and term: bao-cao-so-thong-tin-va-truyen-thong-2017-2022."""
    slug = re.sub(r"[^a-z0-9]+", "-", strip_marks(unit.unit).lower()).strip("-")[:60].strip("-") or "don-vi"
    years = "-".join(str(y) for y in unit.identity[2:] if y)
    return f"bao-cao-{slug}" + (f"-{years}" if years else "")


def _publish(units, out_dir: Path, manifest) -> None:
    """Staged reports to their final names; two units whose names would collide get distinct ones."""
    taken = {}
    winners = sorted((u for u in units if u.status in ("ok", "unchanged")), key=lambda u: _identity_text(u.identity))
    for u in winners:
        stem = file_stem(u)
        n = taken.get(stem, 0) + 1
        taken[stem] = n
        name = stem if n == 1 else f"{stem}-{n}"
        target = out_dir / f"{name}.docx"
        if u.status == "unchanged":
            if u.docx == target.name and target.exists():
                continue
            if not (out_dir / u.docx).exists():  # the old report was removed: forget it, the next run makes it
                manifest.pop(_identity_text(u.identity), None)
                u.status, u.message = "errors", "báo cáo lần trước đã bị xóa; lần chạy sau sẽ lập lại"
                continue
            os.replace(out_dir / u.docx, target)
        elif u.staged:
            os.replace(u.staged, target)
        u.docx, u.staged = target.name, ""


def _pdfs(units, out_dir: Path, jobs, say) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from .office import convert_many
    docs = [out_dir / u.docx for u in units]
    if not docs:
        return
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(docs)))
    chunks = [docs[i::jobs] for i in range(jobs)]
    try:
        with ThreadPoolExecutor(jobs) as pool:
            produced = dict(zip((d for c in chunks for d in c),
                                (p for ps in pool.map(lambda c: convert_many(c, "pdf", out_dir), chunks) for p in ps)))
    except errors.KiemdiemError as exc:
        say(exc.message)
        for u in units:
            u.message = exc.message
        return
    for u in units:
        made = produced.get(out_dir / u.docx)
        u.pdf = made.name if made else ""


def _missing(units, expected) -> list:
    names = _expected_names(Path(expected))
    have = {key(u.unit) for u in units if u.unit}
    return [n for n in names if key(n) not in have]


def _expected_names(path: Path) -> list:
    if path.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".xls"):
        import python_calamine
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        rows = book.get_sheet_by_index(0).to_python()
        names = [str(r[0]).strip() for r in rows if r and str(r[0]).strip()]
    else:
        names = [line.split(",")[0].strip() for line in path.read_text(encoding="utf-8-sig").splitlines()]
        names = [n for n in names if n]
    if names and key(names[0]) in ("don_vi", "đơn vị", "don vi", "tên đơn vị"):
        names = names[1:]
    return names


STATUS = {"ok": "Đã lập báo cáo", "unchanged": "Đã lập báo cáo (sổ không đổi)", "errors": "Sổ còn lỗi",
          "unreadable": "Không đọc được tệp", "aside": "Để riêng (bản cũ hơn)"}



def _summary(units, aside, missing, out_dir: Path) -> Path:
    from .summary import write_summary
    return write_summary(units, aside, missing, out_dir / SUMMARY)


def _read_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_manifest(out_dir, units, manifest, template_digest, now) -> None:
    for u in units:
        if u.status in ("ok", "unchanged"):
            manifest[_identity_text(u.identity)] = {
                "digest": u.digest, "template": template_digest, "version": __version__,
                "now": u.values["ngay_tinh_den"].isoformat(), "docx": u.docx, "pdf": u.pdf}
    with atomic_output(out_dir / MANIFEST, overwrite=True) as out:
        out.tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def _clean(stage: Path) -> None:
    for leftover in stage.glob("*"):
        leftover.unlink(missing_ok=True)
    try:
        stage.rmdir()
    except OSError:
        pass


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def prune(folder, keep_days: int, today: dt.date | None = None) -> list:
    """Remove reports and received files older than ``keep_days`` (they hold names, birth years and Party
    membership): the files of ``folder`` whose modification is older, our summary and manifest excepted."""
    limit = dt.datetime.combine(today or dt.date.today(), dt.time()) - dt.timedelta(days=keep_days)
    removed = []
    for path in Path(folder).rglob("*"):
        if path.is_file() and path.name not in (SUMMARY, MANIFEST) and \
                dt.datetime.fromtimestamp(path.stat().st_mtime) < limit:
            path.unlink()
            removed.append(path)
    return removed
