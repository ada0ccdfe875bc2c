"""The ``kiemdiem`` command: a thin layer over the library.

Exit codes: 0 done; 1 the workbook has errors (or the output exists); 2 the file
cannot be read at all; 3 an internal fault.  Messages are Vietnamese and never
a traceback (set KIEMDIEM_DEBUG=1 to see one).
"""
from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from . import resources
from .files import OutputExists
from .problems import UnreadableWorkbook

EXIT_ERRORS, EXIT_UNREADABLE, EXIT_INTERNAL = 1, 2, 3


def _say(text: str = "", err: bool = False) -> None:
    click.echo(text, err=err)


def guarded(command):
    """Turn every failure into a Vietnamese line and an exit code."""
    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except UnreadableWorkbook as exc:
            _say(str(exc), err=True)
            sys.exit(EXIT_UNREADABLE)
        except OutputExists as exc:
            _say(f"Tệp “{exc}” đã có. Dùng --force để ghi đè, hoặc chọn tên khác với -o.", err=True)
            sys.exit(EXIT_ERRORS)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # the last net: no traceback for an officer
            if os.environ.get("KIEMDIEM_DEBUG"):
                raise
            _say(f"Lỗi ngoài dự kiến của công cụ ({type(exc).__name__}: {exc}). Hãy gửi tệp sổ và thông báo "
                 "này cho bộ phận CNTT.", err=True)
            sys.exit(EXIT_INTERNAL)
    return run


workbook_argument = click.argument("workbook", required=False, type=click.Path(dir_okay=False, path_type=Path))


def _workbook_or_example(workbook):
    return workbook if workbook is not None else resources.example_workbook()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kiemdiem", message="kiemdiem %(version)s")
def cli():
    """Sổ theo dõi Ban Chấp hành Đoàn và báo cáo kiểm điểm hoạt động Ban Chấp hành."""


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
@guarded
def new(out, force):
    """Tạo sổ theo dõi Ban Chấp hành trống OUT (.xlsx)."""
    from .blank import write_blank
    if out.suffix.lower() != ".xlsx":
        out = out.with_suffix(".xlsx")
    write_blank(out, overwrite=force)
    _say(f"Đã tạo sổ trống: {out}")


@cli.command()
@workbook_argument
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON cho chương trình khác.")
@guarded
def validate(workbook, as_json):
    """Kiểm tra sổ WORKBOOK (mặc định: sổ ví dụ). Thoát 0: không có lỗi; 1: có lỗi; 2: không đọc được tệp."""
    from .checks import check, summarize
    from .reader import read_workbook
    path = _workbook_or_example(workbook)
    try:
        wb = read_workbook(path)
    except UnreadableWorkbook as exc:
        if not as_json:
            raise
        _say(json.dumps({"tep": str(path), "doc_duoc": False, "hop_le": False, "ly_do": str(exc)},
                        ensure_ascii=False, indent=2))
        sys.exit(EXIT_UNREADABLE)
    report = check(wb)
    if as_json:
        _say(report.to_json(tep=str(path), doc_duoc=True, tom_tat=summarize(wb)))
    else:
        _print_report(report)
        if report.ok:
            _say(summarize(wb))
    sys.exit(0 if report.ok else EXIT_ERRORS)


def _checked_workbook(workbook, for_report=False):
    """Read and check; on errors print them as validate does and exit 1."""
    from .checks import check
    from .reader import read_workbook
    wb = read_workbook(_workbook_or_example(workbook))
    report = check(wb)
    if not report.ok:
        _print_report(report)
        sys.exit(EXIT_ERRORS)
    return wb, report


@cli.command()
@workbook_argument
@click.option("--json", "as_json", is_flag=True, help="In một đối tượng JSON, khóa là tên chỉ số.")
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path),
              help="Ghi các chỉ số ra trang “Chỉ số” của tệp Excel này.")
@click.option("--force", is_flag=True, help="Ghi đè tệp --xlsx nếu đã có.")
@guarded
def indicators(workbook, as_json, xlsx, force):
    """Tính các chỉ số của sổ WORKBOOK (mặc định: sổ ví dụ)."""
    from .indicators import compute
    from .outputs import to_json, to_text, write_xlsx
    wb, _ = _checked_workbook(workbook)
    values = compute(wb)
    if xlsx:
        write_xlsx(values, xlsx, overwrite=force)
        _say(f"Đã ghi các chỉ số vào: {xlsx}", err=as_json)
    if as_json:
        _say(to_json(values))
    elif not xlsx:
        _say(to_text(values))


@cli.command()
@workbook_argument
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp báo cáo .docx (mặc định: bao-cao-kiem-diem-bch-NĂM-NĂM.docx ở thư mục hiện tại).")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path), help="Mẫu báo cáo .docx riêng.")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF (cần LibreOffice).")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp báo cáo đã có.")
@guarded
def report(workbook, out, template, pdf, force):
    """Lập báo cáo kiểm điểm từ sổ WORKBOOK (mặc định: sổ ví dụ)."""
    from .report import TemplateError, TemplateHasErrors, WorkbookHasErrors, make_report
    if out is not None and out.suffix.lower() != ".docx":
        out = out.with_suffix(".docx")
    try:
        written, problems = make_report(_workbook_or_example(workbook), out, template, overwrite=force,
                                        also=(".pdf",) if pdf else ())
    except (WorkbookHasErrors, TemplateHasErrors) as exc:
        _print_report(exc.problems)
        which = "sổ" if isinstance(exc, WorkbookHasErrors) else "mẫu báo cáo"
        _say(f"Chưa lập báo cáo vì {which} còn lỗi.")
        sys.exit(EXIT_ERRORS)
    except TemplateError as exc:
        _say(str(exc), err=True)
        sys.exit(EXIT_ERRORS)
    if problems.warnings:
        _say(f"Lưu ý: sổ có {len(problems.warnings)} cảnh báo (xem: kiemdiem validate).", err=True)
    _say(str(written))
    if pdf:
        _pdf(written, force)


def _pdf(docx: Path, overwrite: bool):
    from .office import ConversionFailed, OfficeMissing
    from .report import write_pdf
    try:
        target = write_pdf(docx, overwrite)
    except OfficeMissing:
        _say("Chưa tạo được PDF: máy chưa cài LibreOffice (https://vi.libreoffice.org). Báo cáo .docx đã được ghi; "
             "có thể mở bằng Word và chọn Lưu thành PDF.", err=True)
        sys.exit(EXIT_ERRORS)
    except ConversionFailed as exc:
        _say(f"Chưa tạo được PDF: {exc}. Báo cáo .docx đã được ghi.", err=True)
        sys.exit(EXIT_ERRORS)
    _say(str(target))


@cli.command(name="check-template")
@click.argument("template", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@guarded
def check_template_command(template, as_json):
    """Kiểm tra mẫu báo cáo TEMPLATE (.docx): thẻ bị tách, thẻ sai, biến không có."""
    from .template_check import check_template
    problems = check_template(template)
    if as_json:
        _say(problems.to_json(tep=str(template)))
    else:
        _print_report(problems)
    sys.exit(0 if problems.ok else EXIT_ERRORS)


def _print_report(report):
    if report.problems:
        _say(report.to_table())
        _say()
    n_err, n_warn = len(report.errors), len(report.warnings)
    if n_err:
        _say(f"Có {n_err} lỗi và {n_warn} cảnh báo. Hãy sửa các lỗi rồi kiểm tra lại.")
    elif n_warn:
        _say(f"Không có lỗi; có {n_warn} cảnh báo nên xem lại.")
    else:
        _say("Không có lỗi, không có cảnh báo.")


def main():
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    cli(prog_name="kiemdiem")


if __name__ == "__main__":
    main()
