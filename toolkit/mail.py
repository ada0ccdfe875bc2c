"""Sending reports by e-mail (SMTP): to addresses given on the command line or in the config — never to an
address read from a workbook, which anyone can write.

The password comes from an environment variable or the OS keyring (the ``keyring`` package: service
"kiemdiem", the SMTP user), never from the command line or a workbook.
"""
from __future__ import annotations

import email.utils
import mimetypes
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from .errors import KiemdiemError

PASSWORD_ENV = "KIEMDIEM_SMTP_PASSWORD"
REPLY_HEADER = "X-Kiemdiem"          # on every message we send: our own mail is never answered
KEYRING_SERVICE = "kiemdiem"


class MailFailed(KiemdiemError):
    """The mail server could not be reached, refused the login or the message."""
    code, exit_status = "mail-failed", 3


@dataclass
class Server:
    host: str
    port: int
    security: str = "starttls"      # starttls | ssl | none
    user: str = ""
    password_env: str = PASSWORD_ENV
    sender: str = ""

    @classmethod
    def parse(cls, address: str, **options) -> "Server":
        host, _, port = address.rpartition(":") if ":" in address else (address, "", "")
        security = options.get("security") or "starttls"
        default = {"ssl": 465, "starttls": 587, "none": 25}.get(security, 587)
        return cls(host or address, int(port or default), **{k: v for k, v in options.items() if v})

    def password(self) -> str | None:
        value = os.environ.get(self.password_env or PASSWORD_ENV)
        if value is None and self.user:
            try:
                import keyring
                value = keyring.get_password(KEYRING_SERVICE, self.user)
            except Exception:  # no keyring backend on this machine: only the environment variable
                value = None
        return value


def attach(message: EmailMessage, path: Path) -> None:
    kind, _ = mimetypes.guess_type(path.name)
    main, sub = (kind or "application/octet-stream").split("/", 1)
    message.add_attachment(Path(path).read_bytes(), maintype=main, subtype=sub, filename=Path(path).name)


def new_message(server: Server, to, subject: str, body: str, files=()) -> EmailMessage:
    message = EmailMessage()
    message["From"] = server.sender or server.user
    message["To"] = ", ".join([to] if isinstance(to, str) else to)
    message["Subject"] = subject
    message["Date"] = email.utils.formatdate(localtime=True)
    message["Message-ID"] = email.utils.make_msgid(idstring="kiemdiem")
    message[REPLY_HEADER] = "1"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    for path in files:
        attach(message, path)
    return message


def report_message(server: Server, to, result) -> EmailMessage:
    """A unit's report: "Báo cáo kiểm điểm BCH Đoàn <unit> nhiệm kỳ <term>" and the .docx (and PDF)."""
    v = result.values
    body = (f"Kính gửi đồng chí,\n\nGửi kèm Báo cáo kiểm điểm hoạt động Ban Chấp hành Đoàn {result.unit} nhiệm kỳ "
            f"{result.term}, lập từ sổ theo dõi ngày {v['ngay_tinh_den']:%d/%m/%Y}.\n\n"
            f"- Ban Chấp hành hiện có {v['so_uy_vien_hien_nay']:02d} đồng chí"
            f"{'; chức danh Bí thư đang khuyết' if v['khuyet_bi_thu'] else ''}.\n"
            f"- Số cuộc họp trong nhiệm kỳ: {v['so_cuoc_hop']}.\n"
            f"- Sổ có {len(result.problems.warnings)} cảnh báo nên xem lại.\n\n"
            "Thư này được gửi tự động.")
    files = [result.docx] + ([result.pdf] if result.pdf else [])
    return new_message(server, to, f"Báo cáo kiểm điểm BCH Đoàn {result.unit} nhiệm kỳ {result.term}", body, files)


def summary_message(server: Server, to, batch) -> EmailMessage:
    done = [u for u in batch.units if u.status in ("ok", "unchanged")]
    failed = [u for u in batch.units if u.failed]
    lines = [f"- {u.unit or u.origin}: {u.message}" for u in failed]
    body = (f"Kính gửi các đồng chí,\n\nKết quả lập báo cáo kiểm điểm BCH: {len(done)} đơn vị đã có báo cáo, "
            f"{len(failed)} sổ còn lỗi hoặc không đọc được, {len(batch.missing)} đơn vị chưa gửi sổ.\n"
            + ("\n".join(["", "Sổ cần sửa:"] + lines) + "\n" if lines else "")
            + "\nBảng tổng hợp gửi kèm (tong-hop.xlsx).\n\nThư này được gửi tự động.")
    return new_message(server, to, "Tổng hợp báo cáo kiểm điểm BCH các đơn vị", body, [batch.summary])


def send(server: Server, messages) -> None:
    """Send ``messages`` in one connection. Raises MailFailed with a Vietnamese line."""
    try:
        if server.security == "ssl":
            smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=60, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=60)
        with smtp:
            if server.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if server.user:
                password = server.password()
                if password is None:
                    raise MailFailed(f"Chưa có mật khẩu SMTP cho “{server.user}”: đặt biến môi trường "
                                     f"{server.password_env or PASSWORD_ENV} hoặc lưu vào keyring (dịch vụ "
                                     f"“{KEYRING_SERVICE}”).")
                smtp.login(server.user, password)
            for message in messages:
                if not email.utils.parseaddr(str(message["From"] or ""))[1]:  # smtplib would fail (IndexError)
                    raise MailFailed("Không gửi được thư: chưa có địa chỉ người gửi. Hãy cho biết địa chỉ người gửi "
                                     "hoặc tài khoản SMTP (tệp cấu hình: mục [mail] sender).")
                smtp.send_message(message)
    except MailFailed:
        raise
    except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
        raise MailFailed(f"Không gửi được thư qua máy chủ {server.host}:{server.port} ({type(exc).__name__}: "
                         f"{exc}). Kiểm tra địa chỉ máy chủ, cổng, kiểu bảo mật và tài khoản.") from None
