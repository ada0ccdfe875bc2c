"""kiemdiem: from the "Sổ theo dõi Ban Chấp hành" workbook to the review report of the BCH.

The core is four steps, each usable on its own and knowing nothing of Excel,
the command line or e-mail:

    wb = read_workbook(path)          # reader.py: typed tables that remember their cells
    report = check(wb)                # checks.py: problems with sheet, cell and a Vietnamese fix
    values = compute(wb)              # indicators.py: the figures a report states
    render_report(wb, out_path)       # render.py: the DOCX, from a docxtpl template
"""
from .checks import check
from .problems import Problem, Report, UnreadableWorkbook
from .reader import Workbook, read_workbook

__version__ = "0.1.0"
__all__ = ["check", "read_workbook", "Workbook", "Problem", "Report", "UnreadableWorkbook"]
