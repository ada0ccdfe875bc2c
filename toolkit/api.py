"""The library's API: what every face (command line, Excel buttons, batch runs, e-mail) calls.

    wb = load(source)                      # a path, bytes, a file object, or sheets from an open book
    problems = check(wb)                   # a Report of catalogued problems with sheet and cell
    values = compute(wb)                   # the indicators, by name
    result = make_report(source, out_dir=folder, pdf=True)   # all of it, and the files written

Nothing here prints, asks, or exits: failures are the ``errors`` family (message, code, exit status).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .checks import check, summarize
from .errors import KiemdiemError, UnreadableWorkbook, WorkbookHasErrors, TemplateHasErrors
from .indicators import compute
from .problems import Problem, Report
from .reader import Workbook, load

ALLOWED_FOR_INDICATORS = frozenset({"missing-setting"})  # settings only the report's form needs


@dataclass
class Validation:
    """What ``validate`` found: one shape for readable and unreadable files."""
    name: str
    readable: bool
    problems: Report
    summary: str = ""
    workbook: Workbook | None = None

    @property
    def ok(self) -> bool:
        """True when a report can be made (no error)."""
        return self.readable and self.problems.ok

    def as_dict(self) -> dict:
        return {"file": self.name, "readable": self.readable, **self.problems.as_dict(), "ok": self.ok,
                "summary": self.summary}


@dataclass
class ReportResult:
    """What ``make_report`` did: the files written, the problems (warnings), the figures, the unit."""
    docx: Path
    problems: Report
    values: dict
    workbook: Workbook
    pdf: Path | None = None
    pdf_error: KiemdiemError | None = None   # the .docx was written, the PDF could not be

    @property
    def unit(self) -> str:
        return self.workbook.settings.get("don_vi") or ""

    @property
    def term(self) -> str:
        s = self.workbook.settings
        return f"{s.get('nam_bat_dau')} – {s.get('nam_ket_thuc')}" if s.get("nam_bat_dau") else ""

    def as_dict(self) -> dict:
        return {"file": self.workbook.name, "unit": self.unit, "term": self.term, "docx": str(self.docx),
                "pdf": str(self.pdf) if self.pdf else None,
                "pdf_error": self.pdf_error.as_dict() if self.pdf_error else None, **self.problems.as_dict()}


def validate(source, name: str | None = None, today: dt.date | None = None) -> Validation:
    """Read and check; an unreadable file is a result too (one problem), never an exception."""
    try:
        wb = load(source, name)
    except UnreadableWorkbook as exc:
        return Validation(_name(source, name), False, Report([Problem("unreadable-workbook", exc.message)]))
    return Validation(wb.name, True, check(wb, today), summarize(wb, today), wb)


def load_checked(source, name=None, today=None, allow=frozenset()) -> tuple:
    """The one read → check → refuse policy: (workbook, problems), or WorkbookHasErrors when an error (other
    than the codes in ``allow``) would make the output state what the data cannot support."""
    wb = load(source, name)
    problems = check(wb, today)
    if any(p.code not in allow for p in problems.errors):
        raise WorkbookHasErrors(f"Sổ “{wb.name}” còn {len(problems.errors)} lỗi.", problems)
    return wb, problems


def indicators(source, name=None, today=None) -> tuple:
    """(the indicators of ``source``, its problems): refused only for errors that make a figure untrue (a setting
    only the report's form needs may be missing).  Raises UnreadableWorkbook, WorkbookHasErrors."""
    wb, problems = load_checked(source, name, today, allow=ALLOWED_FOR_INDICATORS)
    return compute(wb, today), problems


def make_report(source, out=None, out_dir=None, template=None, pdf: bool = False, today: dt.date | None = None,
                overwrite: bool = False, name: str | None = None) -> ReportResult:
    """Read, check, compute, render: the report of ``source`` (anything ``load`` takes).

    ``out``: the .docx to write.  Otherwise a name from the term's years ("bao-cao-kiem-diem-bch-2017-2022.docx")
    in ``out_dir`` (default: the current folder), numbered "-2", "-3" … when taken.  Without ``overwrite`` no
    existing file is replaced and two workers never take the same name; with it the old file is replaced
    atomically.  No output is ever one of the inputs.  ``template``: a user's .docx (path or bytes), checked
    first; ``pdf``: also the PDF beside the .docx (LibreOffice) — if that fails the .docx stays and
    ``pdf_error`` says why.
    Raises UnreadableWorkbook, WorkbookHasErrors, UnreadableTemplate, TemplateHasErrors, TemplateError,
    OutputExists, OutputIsInput, OutputFailed.
    """
    from .files import atomic_output
    from .report import default_name, render
    from .resources import default_template
    if template is not None:
        template_checked(template)
    wb, problems = load_checked(source, name, today)
    values = compute(wb, today)
    inputs = [p for p in (source, template) if isinstance(p, (str, Path))]
    if out is not None:
        target, numbered = Path(out), False
    else:
        target, numbered, overwrite = Path(out_dir or Path.cwd()) / default_name(wb), True, False
    with atomic_output(target, overwrite, inputs, numbered_name=numbered, also=(".pdf",) if pdf else ()) as o:
        render(wb, values, template if template is not None else default_template(), o.tmp)
    result = ReportResult(o.path, problems, values, wb)
    if pdf:
        try:
            result.pdf = write_pdf(o.path, overwrite=overwrite, inputs=inputs)
        except KiemdiemError as exc:
            result.pdf_error = exc
    return result


def write_pdf(docx, out=None, overwrite: bool = False, inputs=()) -> Path:
    """The PDF of ``docx`` (beside it unless ``out``), through LibreOffice; written whole or not at all.
    Raises OfficeMissing, ConversionFailed, OutputExists, OutputIsInput, OutputFailed."""
    import tempfile

    from .files import atomic_output
    from .office import convert
    docx = Path(docx)
    target = Path(out) if out else docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="kiemdiem-pdf-") as tmpdir:
        produced = convert(docx, "pdf", tmpdir)
        with atomic_output(target, overwrite, (docx, *inputs)) as o:
            o.tmp.write_bytes(produced.read_bytes())
    return o.path


def check_template(template) -> Report:
    """The problems of a user's report template (path or bytes). Raises UnreadableTemplate."""
    from .template_check import check_template as run
    return run(template)


def template_checked(template) -> Report:
    """The template's problems, or TemplateHasErrors when one is an error (nothing is filled from it then)."""
    problems = check_template(template)
    if not problems.ok:
        raise TemplateHasErrors(f"Mẫu báo cáo còn {len(problems.errors)} lỗi.", problems)
    return problems


def write_indicators(values: dict, out, overwrite: bool = False, inputs=()) -> Path:
    """The indicators as a "Chỉ số" sheet in a new workbook ``out``."""
    from .outputs import write_xlsx
    return write_xlsx(values, out, overwrite, inputs)


def new_workbook(out, overwrite: bool = False) -> Path:
    """A blank "Sổ theo dõi Ban Chấp hành" at ``out``."""
    from .blank import write_blank
    return write_blank(out, overwrite)


def new_macro_workbook(out, from_workbook=None, overwrite: bool = False):
    """The workbook with buttons (.xlsm) at ``out``, blank or holding the data of ``from_workbook``; returns
    ``.path``, ``.rows`` (sheet → rows moved) and ``.skipped`` (sheets outside the standard, not moved)."""
    from .blank import write_macro_workbook
    return write_macro_workbook(out, from_workbook=from_workbook, overwrite=overwrite)


def _name(source, name):
    if name:
        return name
    if isinstance(source, (str, Path)):
        return Path(source).name
    return Path(getattr(source, "name", "") or "").name or "(tệp trong bộ nhớ)"


__all__ = ["load", "check", "compute", "validate", "load_checked", "make_report", "write_pdf", "check_template",
           "write_indicators", "indicators", "new_workbook", "new_macro_workbook", "Validation", "ReportResult"]
