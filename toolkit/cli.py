"""The ``kiemdiem`` command: a thin layer over the library's API (``toolkit.api``).

Exit statuses (the same for every command, see ``errors.EXIT``): 0 done; 1 the workbook or template has
problems the user fixes in the data; 2 a file cannot be read, or the command was mistyped; 3 the
environment stopped the work (the output exists or is an input, disk full, no permission, LibreOffice
missing or hung); 4 an internal fault.  Messages are Vietnamese and never a traceback (set KIEMDIEM_DEBUG=1
to see one).  The CLI never modifies a workbook.
"""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from . import api, cli_vi, errors, resources
from .problems import to_json

cli_vi.install()
INTERRUPTED = 130  # Ctrl-C, as shells count it

FORCE_HINT = "Dùng --force để ghi đè, hoặc chọn tên tệp khác"
TEMPLATE_HINT = "Chạy “kiemdiem check-template MẪU.docx” để biết vị trí từng lỗi."


def _say(text: str = "", err: bool = False) -> None:
    click.echo(text, err=err)


def guarded(output_option: str = ""):
    """Turn every failure into Vietnamese lines and the family's exit status; add how to act on the CLI."""
    def wrap(command):
        @functools.wraps(command)
        def run(*args, **kwargs):
            try:
                return command(*args, **kwargs)
            except errors.HasProblems as exc:
                _print_report(exc.problems)
                which = "sổ" if isinstance(exc, errors.WorkbookHasErrors) else "mẫu báo cáo"
                _say(f"Chưa làm được vì {which} còn lỗi.")
                sys.exit(exc.exit_status)
            except errors.KiemdiemError as exc:
                _say(exc.message + _hint(exc, output_option), err=True)
                sys.exit(exc.exit_status)
            except BrokenPipeError:  # `kiemdiem validate … | head -1`: the reader has gone, nothing to say
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                sys.exit(errors.ENVIRONMENT)
            except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
                raise
            except Exception as exc:  # the last net: no traceback for an officer
                if os.environ.get("KIEMDIEM_DEBUG"):
                    raise
                _say(errors.internal(exc).message, err=True)
                sys.exit(errors.INTERNAL)
        return run
    return wrap


def _hint(exc, output_option) -> str:
    if isinstance(exc, errors.OutputFailed) and exc.path is not None and Path(exc.path).is_dir() \
            and output_option == "-o":
        return " Để ghi vào một thư mục, dùng --out-dir."
    if isinstance(exc, errors.OutputExists):
        return f" {FORCE_HINT}{f' ({output_option})' if output_option else ''}."
    if isinstance(exc, errors.TemplateError):
        return " " + TEMPLATE_HINT
    return ""


workbook_argument = click.argument("workbook", required=False, type=click.Path(path_type=Path))


def _workbook_or_example(workbook):
    return workbook if workbook is not None else resources.example_workbook()


def smtp_options(command):
    """--smtp HOST:PORT, --smtp-security, --smtp-user, --from: where mail is sent from (the password is read from
    KIEMDIEM_SMTP_PASSWORD or the keyring, never from the command line)."""
    for option in reversed((
            click.option("--smtp", metavar="HOST:CỔNG", help="Máy chủ gửi thư."),
            click.option("--smtp-security", type=click.Choice(["starttls", "ssl", "none"]),
                         help="Kiểu bảo mật SMTP (mặc định starttls)."),
            click.option("--smtp-user", metavar="TÀI_KHOẢN",
                         help="Tài khoản SMTP (mật khẩu: biến KIEMDIEM_SMTP_PASSWORD hoặc keyring)."),
            click.option("--from", "sender", metavar="ĐỊA_CHỈ", help="Địa chỉ người gửi."))):
        command = option(command)
    return command


def _smtp(mail_settings, smtp, security, user, sender):
    from .mail import Server
    address = smtp or mail_settings.get("smtp")
    if not address:
        raise click.UsageError("Cần máy chủ gửi thư: --smtp HOST:CỔNG (hoặc mục [mail] smtp trong tệp cấu hình).")
    return Server.parse(address, security=security or mail_settings.get("smtp_security"),
                        user=user or mail_settings.get("smtp_user"),
                        sender=sender or mail_settings.get("sender") or user or mail_settings.get("smtp_user"))


def _mail_settings(config) -> dict:
    from .schedule import load_config
    return load_config(config).get("mail", {}) if config else {}


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kiemdiem", message="kiemdiem %(version)s")
def cli():
    """Sổ theo dõi Ban Chấp hành Đoàn và báo cáo kiểm điểm hoạt động Ban Chấp hành.

    Mã thoát: 0 xong; 1 sổ hoặc mẫu có lỗi dữ liệu; 2 không đọc được tệp hoặc lệnh gõ sai; 3 môi trường
    dừng công việc (tệp đã có, đĩa đầy, thiếu LibreOffice …); 4 lỗi bên trong công cụ.
    """


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--macro", is_flag=True, help="Sổ có nút bấm (Excel, .xlsm): Kiểm tra dữ liệu, Tính chỉ số, Tạo báo cáo.")
@click.option("--from", "source", type=click.Path(path_type=Path),
              help="Chép số liệu của sổ này sang sổ mới có nút bấm (cùng --macro).")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
@guarded("OUT")
def new(out, macro, source, force):
    """Tạo sổ theo dõi Ban Chấp hành trống OUT (.xlsx; có nút bấm: --macro, .xlsm)."""
    if source is not None and not macro:
        raise click.UsageError("--from chỉ dùng cùng --macro.")
    suffix = ".xlsm" if macro else ".xlsx"
    if out.suffix.lower() != suffix and not out.is_dir():
        out = out.with_suffix(suffix)
    if not macro:
        _say(f"Đã tạo sổ trống: {api.new_workbook(out, overwrite=force)}")
        return
    made = api.new_macro_workbook(out, from_workbook=source, overwrite=force)
    _say(f"Đã tạo sổ có nút bấm: {made.path}")
    if source is not None:
        moved = ", ".join(f"{name} ({n} dòng)" for name, n in made.rows.items())
        _say(f"Đã chép số liệu: {moved}.")
        if made.skipped:
            _say(f"Không chép các trang ngoài mẫu: {', '.join(made.skipped)}.")
    _say("Mở sổ bằng Excel (không chạy được nút trong LibreOffice); xem docs/excel.md để cài đặt.")


@cli.command()
@workbook_argument
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON cho chương trình khác.")
@guarded()
def validate(workbook, as_json):
    """Kiểm tra sổ WORKBOOK (mặc định: sổ ví dụ). Thoát 0: lập được báo cáo; 1: có lỗi; 2: không đọc được tệp."""
    result = api.validate(_workbook_or_example(workbook))
    status = 0 if result.ok else errors.DATA if result.readable else errors.UNREADABLE
    if as_json:
        _say(to_json(result.as_dict()))
        sys.exit(status)
    if not result.readable:
        _say(result.problems.problems[0].message, err=True)
        sys.exit(status)
    _print_report(result.problems)
    _say("Có thể lập báo cáo từ sổ này." if result.ok else "Chưa thể lập báo cáo: hãy sửa các lỗi ở trên.")
    _say(result.summary)
    sys.exit(status)


@cli.command()
@workbook_argument
@click.option("--json", "as_json", is_flag=True, help="In một đối tượng JSON, khóa là tên chỉ số.")
@click.option("--xlsx", "xlsx", type=click.Path(path_type=Path),
              help="Ghi các chỉ số ra trang “Chỉ số” của một tệp Excel mới.")
@click.option("--force", is_flag=True, help="Ghi đè tệp --xlsx nếu đã có.")
@guarded("--xlsx")
def indicators(workbook, as_json, xlsx, force):
    """Tính các chỉ số của sổ WORKBOOK (mặc định: sổ ví dụ)."""
    from .outputs import to_json as values_json, to_text
    source = _workbook_or_example(workbook)
    values, _ = api.indicators(source)
    if xlsx:
        written = api.write_indicators(values, xlsx, overwrite=force, inputs=(source,))
        _say(f"Đã ghi các chỉ số vào: {written}", err=as_json)
    if as_json:
        _say(values_json(values))
    elif not xlsx:
        _say(to_text(values))


@cli.command()
@workbook_argument
@click.option("-o", "--out", type=click.Path(path_type=Path),
              help="Tệp báo cáo .docx (mặc định: bao-cao-kiem-diem-bch-NĂM-NĂM.docx, đánh số nếu đã có).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi báo cáo khi không có -o (mặc định: thư mục hiện tại).")
@click.option("--template", type=click.Path(path_type=Path), help="Mẫu báo cáo .docx riêng.")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF (cần LibreOffice).")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp báo cáo (-o) đã có.")
@click.option("--email-to", multiple=True, metavar="ĐỊA_CHỈ", help="Gửi báo cáo tới địa chỉ này (có thể lặp lại).")
@click.option("--config", type=click.Path(path_type=Path), help="Tệp cấu hình (TOML) có mục [mail].")
@smtp_options
@guarded("-o")
def report(workbook, out, out_dir, template, pdf, force, email_to, config, smtp, smtp_security, smtp_user, sender):
    """Lập báo cáo kiểm điểm từ sổ WORKBOOK (mặc định: sổ ví dụ)."""
    if out is not None and out.suffix.lower() != ".docx" and not out.is_dir():
        out = out.with_suffix(".docx")
    result = api.make_report(_workbook_or_example(workbook), out, out_dir, template, pdf=pdf, overwrite=force)
    if result.problems.warnings:
        _say(f"Lưu ý: sổ có {len(result.problems.warnings)} cảnh báo (xem: kiemdiem validate).", err=True)
    _say(str(result.docx))
    if result.pdf:
        _say(str(result.pdf))
    if email_to:
        from .mail import report_message, send
        server = _smtp(_mail_settings(config), smtp, smtp_security, smtp_user, sender)
        send(server, [report_message(server, list(email_to), result)])
        _say(f"Đã gửi báo cáo tới: {', '.join(email_to)}", err=True)
    if result.pdf_error:
        _say(f"{result.pdf_error.message} Báo cáo .docx đã được ghi.", err=True)
        sys.exit(result.pdf_error.exit_status)


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi các báo cáo và tong-hop.xlsx.")
@click.option("--config", type=click.Path(path_type=Path), help="Tệp cấu hình (TOML) của lịch chạy.")
@click.option("--template", type=click.Path(path_type=Path), help="Mẫu báo cáo .docx riêng cho mọi đơn vị.")
@click.option("--pdf", is_flag=True, default=None, help="Xuất thêm PDF (cần LibreOffice).")
@click.option("--jobs", type=click.IntRange(1, 64), metavar="SỐ", help="Số tiến trình chạy song song (mặc định: số lõi).")
@click.option("--force", is_flag=True, help="Lập lại cả báo cáo của sổ không thay đổi.")
@click.option("--expected", type=click.Path(path_type=Path), help="Danh sách đơn vị phải gửi sổ (mỗi dòng một).")
@click.option("--log", "log_file", type=click.Path(path_type=Path), help="Ghi nhật ký vào tệp này.")
@click.option("--email-to", multiple=True, metavar="ĐỊA_CHỈ",
              help="Gửi mọi báo cáo mới tới địa chỉ này (có thể lặp lại).")
@click.option("--summary-to", multiple=True, metavar="ĐỊA_CHỈ",
              help="Gửi bảng tổng hợp tới địa chỉ này (có thể lặp lại).")
@smtp_options
@guarded("-o")
def batch(inputs, out_dir, config, template, pdf, jobs, force, expected, log_file, email_to, summary_to, smtp,
          smtp_security, smtp_user, sender):
    """Lập báo cáo cho mọi sổ trong INPUTS (tệp, thư mục, thư .eml/.msg, Maildir, tệp .zip) và tong-hop.xlsx.

    Thoát 0: mọi sổ đã có báo cáo; 1: có sổ lỗi hoặc không đọc được (các sổ khác vẫn được lập).
    """
    _needs_batch_packages()
    from .batch import prune, run_batch
    from .schedule import load_config, lock, logger
    settings = load_config(config).get("batch", {}) if config else {}
    inputs = list(inputs) or settings.get("inputs", [])
    out_dir = out_dir or settings.get("output")
    if not inputs or not out_dir:
        raise click.UsageError("Cần ít nhất một INPUT và thư mục kết quả -o (hoặc --config).")
    log = logger(log_file or settings.get("log"))
    with lock(out_dir):
        result = run_batch(inputs, out_dir, template or settings.get("template") or None,
                           pdf=settings.get("pdf", False) if pdf is None else pdf, jobs=jobs or settings.get("jobs"),
                           force=force, expected=expected or settings.get("expected"), log=log,
                           progress=sys.stderr.isatty() and not (log_file or settings.get("log")))
        mail = _mail_settings(config)
        email_to, summary_to = list(email_to) or mail.get("email_to", []), list(summary_to) or mail.get("summary_to", [])
        if email_to or summary_to:
            _send_batch(result, Path(out_dir), _smtp(mail, smtp, smtp_security, smtp_user, sender), email_to,
                        summary_to, log)
        if settings.get("keep_days"):
            for folder in [out_dir, settings.get("received")]:
                if folder:
                    for removed in prune(folder, int(settings["keep_days"])):
                        log(f"Đã xóa tệp quá hạn lưu: {removed}")
    sys.exit(0 if result.ok else errors.DATA)


def _needs_batch_packages():
    """Fail at once, in Vietnamese, when the batch extra is missing (found, not imported: pandas costs 0.3 s)."""
    from importlib.util import find_spec
    if any(sys.modules[name] is None if name in sys.modules else find_spec(name) is None
           for name in ("filelock", "pandas")):
        raise errors.MissingPackage("Chạy hàng loạt và nhận thư cần thêm các gói của phần “batch”: "
                                    "pip install \"kiemdiem[batch]\"") from None


def _send_batch(result, out_dir, server, email_to, summary_to, log):
    from types import SimpleNamespace

    from .mail import report_message, send, summary_message
    messages = []
    for u in result.units:
        if email_to and u.status == "ok":  # new or changed reports only
            done = SimpleNamespace(unit=u.unit, term=u.term, values=u.values, docx=out_dir / u.docx,
                                   pdf=out_dir / u.pdf if u.pdf else None,
                                   problems=SimpleNamespace(warnings=[p for p in u.problems if p["level"] == "warning"]))
            messages.append(report_message(server, email_to, done))
    if summary_to:
        messages.append(summary_message(server, summary_to, result))
    if messages:
        send(server, messages)
        log(f"Đã gửi {len(messages)} thư.")


@cli.command()
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), help="Thư mục ghi báo cáo.")
@click.option("--config", type=click.Path(path_type=Path), help="Tệp cấu hình (TOML) có mục [mail] và [batch].")
@click.option("--imap", metavar="HOST:CỔNG", help="Hộp thư nhận.")
@click.option("--imap-security", type=click.Choice(["ssl", "starttls", "none"]), help="Kiểu bảo mật IMAP (mặc định ssl).")
@click.option("--imap-user", metavar="TÀI_KHOẢN", help="Tài khoản hộp thư (mật khẩu: biến KIEMDIEM_IMAP_PASSWORD hoặc keyring).")
@click.option("--folder", metavar="TÊN", help="Thư mục trong hộp thư (mặc định INBOX).")
@click.option("--received", type=click.Path(file_okay=False, path_type=Path), help="Thư mục lưu thư đã nhận.")
@click.option("--state", type=click.Path(dir_okay=False, path_type=Path), help="Tệp ghi các thư đã trả lời.")
@click.option("--pdf", is_flag=True, default=None, help="Gửi kèm cả PDF (cần LibreOffice).")
@click.option("--log", "log_file", type=click.Path(path_type=Path), help="Ghi nhật ký vào tệp này.")
@smtp_options
@guarded("-o")
def mail(out_dir, config, imap, imap_security, imap_user, folder, received, state, pdf, log_file, smtp,
         smtp_security, smtp_user, sender):
    """Đọc thư mới trong hộp thư, lập báo cáo từ các sổ đính kèm và trả lời mỗi người gửi đúng một lần."""
    _needs_batch_packages()
    from .mailin import Mailbox, serve
    from .schedule import load_config, lock, logger
    settings = load_config(config) if config else {}
    mail_settings, batch_settings = settings.get("mail", {}), settings.get("batch", {})
    out_dir = out_dir or batch_settings.get("output")
    address = imap or mail_settings.get("imap")
    if not out_dir or not address:
        raise click.UsageError("Cần hộp thư --imap HOST:CỔNG và thư mục kết quả -o (hoặc --config).")
    box = Mailbox.parse(address, security=imap_security or mail_settings.get("imap_security"),
                        user=imap_user or mail_settings.get("imap_user"), folder=folder or mail_settings.get("folder"))
    server = _smtp(mail_settings, smtp, smtp_security, smtp_user, sender)
    received = received or mail_settings.get("received") or Path(out_dir) / "thu-nhan"
    state = state or mail_settings.get("state") or Path(out_dir) / ".kiemdiem-da-tra-loi.json"
    log = logger(log_file or batch_settings.get("log"))
    with lock(out_dir):
        serve(box, server, Path(received), Path(out_dir), Path(state), batch_settings.get("template") or None,
              pdf=batch_settings.get("pdf", False) if pdf is None else pdf, log=log)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@guarded()
def diff(old, new, as_json):
    """So sánh hai bản OLD và NEW của một sổ: dòng thêm, dòng bỏ, ô đổi giá trị (khớp dòng theo nội dung)."""
    from .diff import compare
    changes = compare(api.load(old), api.load(new))
    if as_json:
        _say(to_json({"old": str(old), "new": str(new), "changes": [c.as_dict() for c in changes]}))
    elif changes:
        _say("\n".join(c.line() for c in changes))
        _say(f"\nCó {len(changes)} thay đổi.")
    else:
        _say("Hai bản giống nhau về số liệu.")


@cli.command(name="check-template")
@click.argument("template", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@guarded()
def check_template_command(template, as_json):
    """Kiểm tra mẫu báo cáo TEMPLATE (.docx): thẻ bị tách, thẻ sai, biến không có."""
    try:
        problems = api.check_template(template)
    except errors.UnreadableTemplate as exc:
        if not as_json:
            raise
        from .problems import Problem, Report
        _say(to_json({"file": template.name, "readable": False,
                      **Report([Problem("unreadable-template", exc.message)]).as_dict()}))
        sys.exit(exc.exit_status)
    if as_json:
        _say(to_json({"file": template.name, "readable": True, **problems.as_dict()}))
    else:
        _print_report(problems)
    sys.exit(0 if problems.ok else errors.DATA)


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


for _command in [cli, *cli.commands.values()]:  # click's "[OPTIONS]" and "COMMAND [ARGS]..." in Vietnamese
    _command.options_metavar = "[TÙY CHỌN]"
cli.subcommand_metavar = "LỆNH [ĐỐI SỐ]..."


def main():
    """The installed command: Vietnamese for click's own messages, Ctrl-C, a closed pipe and SIGTERM too."""
    import signal
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    if hasattr(signal, "SIGTERM"):  # a scheduler stopping the job: leave no temporary file behind
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    try:
        status = cli.main(prog_name="kiemdiem", standalone_mode=False)
    except click.exceptions.UsageError as exc:
        exc.show()
        status = errors.UNREADABLE
    except (click.exceptions.Abort, KeyboardInterrupt):
        _say("Đã dừng theo yêu cầu (Ctrl-C).", err=True)
        status = INTERRUPTED
    except click.ClickException as exc:
        exc.show()
        status = exc.exit_code
    sys.exit(status or 0)


if __name__ == "__main__":
    main()
