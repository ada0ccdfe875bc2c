"""kiemdiem: from the "Sổ theo dõi Ban Chấp hành" workbook to the review report of the BCH.

A library first; the ``kiemdiem`` command, the Excel buttons and the batch and e-mail runs call this API:

    from toolkit import load, check, compute, make_report
    wb = load("so.xlsx")                  # or bytes, a file object, or {sheet name: rows} from an open book
    problems = check(wb)                  # catalogued problems with sheet, cell, message and fix
    values = compute(wb)                  # the indicators (docs/chi-so.md), judgements included
    result = make_report("so.xlsx", out_dir="bao-cao", pdf=True)   # result.docx, .pdf, .problems, .values

See docs/api.md.  Failures are one family (``toolkit.errors``): each has a Vietnamese message, a code and
an exit status.
"""
from . import errors
from .api import (ReportResult, Validation, check, check_template, compute, load, load_checked, make_report,
                  new_workbook, validate, write_indicators, write_pdf)
from .errors import (ConversionFailed, HasProblems, KiemdiemError, OfficeMissing, OutputExists, OutputFailed,
                     OutputIsInput, TemplateError, TemplateHasErrors, UnreadableTemplate, UnreadableWorkbook,
                     WorkbookHasErrors)
from .problems import Problem, Report
from .reader import SheetValues, Workbook, from_rows, read_workbook

__version__ = "0.2.0"
__all__ = ["load", "check", "compute", "validate", "load_checked", "make_report", "write_pdf", "check_template",
           "write_indicators", "new_workbook", "from_rows", "read_workbook", "SheetValues", "Workbook", "Problem",
           "Report", "ReportResult", "Validation", "errors", "KiemdiemError", "UnreadableWorkbook",
           "UnreadableTemplate", "HasProblems", "WorkbookHasErrors", "TemplateHasErrors", "TemplateError",
           "OutputExists", "OutputIsInput", "OutputFailed", "OfficeMissing", "ConversionFailed"]
