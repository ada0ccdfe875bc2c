"""The mail-in service: read new messages from an IMAP mailbox, make the reports of their workbooks (the batch
path), and answer each sender once — the reports, or the problems to fix, or what to send.

Exactly once: a message's Message-ID is recorded in a local state file *before* the reply is sent and the
message is marked in the mailbox after; a recorded message is never answered again, even after a crash in
between.  No loops: automatic mail (Auto-Submitted, Precedence bulk/junk/list, MAILER-DAEMON, postmaster) and
answers to our own replies are marked and never answered.  A reply goes only to the message's sender.
"""
from __future__ import annotations

import email
import email.utils
import hashlib
import imaplib
import json
import re
import ssl
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KiemdiemError
from .intake import parse_message
from .mail import REPLY_HEADER, MailFailed, Server, new_message, send
from .summary import where, write_problems

DONE = "KiemdiemDone"          # the IMAP keyword set on a message once handled
AUTOMATIC_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|noreply)@", re.I)


@dataclass
class Mailbox:
    host: str
    port: int
    user: str
    security: str = "ssl"          # ssl | starttls | none
    folder: str = "INBOX"
    password_env: str = "KIEMDIEM_IMAP_PASSWORD"

    @classmethod
    def parse(cls, address: str, **options) -> "Mailbox":
        host, _, port = address.rpartition(":") if ":" in address else (address, "", "")
        security = options.get("security") or "ssl"
        return cls(host or address, int(port or (993 if security == "ssl" else 143)),
                   **{k: v for k, v in options.items() if v})

    def password(self) -> str | None:
        return Server(self.host, self.port, user=self.user, password_env=self.password_env).password()


@dataclass
class Answered:
    message_id: str
    sender: str
    outcome: str            # reports | problems | nothing-to-read | skipped-automatic | already-answered | unreadable
    units: list = field(default_factory=list)


class MailboxFailed(KiemdiemError):
    code, exit_status = "mailbox-failed", 3


def automatic(msg) -> bool:
    """Mail no one should answer: auto-replies, bounces, lists, and answers to our own replies."""
    auto = str(msg.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(msg.get("Precedence", "")).strip().lower()
    sender = email.utils.parseaddr(str(msg.get("From", "")))[1]
    ours = msg.get(REPLY_HEADER) is not None or "kiemdiem" in str(msg.get("In-Reply-To", "")) + \
        str(msg.get("References", ""))
    return auto not in ("", "no") or precedence in ("bulk", "junk", "list") or bool(
        AUTOMATIC_SENDERS.match(sender)) or not sender or ours


class State:
    """Message-IDs answered, kept in a JSON file written whole (temporary file, fsync, rename)."""

    def __init__(self, path):
        self.path = Path(path)
        try:
            self.done = set(json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            self.done = set()

    def record(self, message_id: str) -> None:
        from .files import atomic_output
        self.done.add(message_id)
        with atomic_output(self.path, overwrite=True) as out:
            out.tmp.write_text(json.dumps(sorted(self.done), ensure_ascii=False), encoding="utf-8")


def _connect(box: Mailbox):
    try:
        if box.security == "ssl":
            imap = imaplib.IMAP4_SSL(box.host, box.port, ssl_context=ssl.create_default_context(), timeout=60)
        else:
            imap = imaplib.IMAP4(box.host, box.port, timeout=60)
            if box.security == "starttls":
                imap.starttls(ssl_context=ssl.create_default_context())
        password = box.password()
        if password is None:
            raise MailboxFailed(f"Chưa có mật khẩu hộp thư cho “{box.user}”: đặt biến môi trường {box.password_env} "
                                "hoặc lưu vào keyring (dịch vụ “kiemdiem”).")
        imap.login(box.user, password)
        status, _ = imap.select(f'"{box.folder}"')
        if status != "OK":
            raise MailboxFailed(f"Không mở được thư mục “{box.folder}” của hộp thư.")
        return imap
    except MailboxFailed:
        raise
    except (OSError, imaplib.IMAP4.error, ssl.SSLError) as exc:
        raise MailboxFailed(f"Không kết nối được hộp thư {box.host}:{box.port} ({type(exc).__name__}: {exc}). "
                            "Kiểm tra máy chủ, cổng, kiểu bảo mật và tài khoản.") from None


def _mark(imap, uid: bytes) -> None:
    imap.uid("STORE", uid, "+FLAGS", f"(\\Seen {DONE})")


def serve(box: Mailbox, server: Server, received: Path, out_dir: Path, state_file: Path, template=None,
          pdf=False, today=None, log=None) -> list:
    """One pass over the mailbox: every new message answered once. Returns what was done with each."""
    from .batch import run_batch
    say = log or (lambda text: None)
    state = State(state_file)
    imap = _connect(box)
    answered = []
    try:
        status, data = imap.uid("SEARCH", None, "UNKEYWORD", DONE)
        uids = data[0].split() if status == "OK" and data and data[0] else []
        say(f"Hộp thư có {len(uids)} thư mới.")
        new = []
        for uid in uids:
            status, parts = imap.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple)), b"") if status == "OK" else b""
            msg = parse_message(raw)
            message_id = (str(msg.get("Message-ID") or "").strip() if msg is not None else "") \
                or f"<{hashlib.sha256(raw).hexdigest()}@kiemdiem>"
            sender = email.utils.parseaddr(str(msg.get("From", "")))[1] if msg is not None else ""
            if msg is None:  # unreadable (absurdly nested, damaged): recorded, never read again, never answered
                state.record(message_id)
                _mark(imap, uid)
                answered.append(Answered(message_id, sender, "unreadable"))
                say("Bỏ qua một thư không đọc được (hỏng hoặc lồng quá sâu).")
                continue
            if message_id in state.done:
                _mark(imap, uid)
                answered.append(Answered(message_id, sender, "already-answered"))
                continue
            if automatic(msg):
                state.record(message_id)
                _mark(imap, uid)
                answered.append(Answered(message_id, sender, "skipped-automatic"))
                say(f"Bỏ qua thư tự động từ {sender or '(không rõ)'}.")
                continue
            saved = received / f"{hashlib.sha256(message_id.encode()).hexdigest()[:16]}.eml"
            saved.parent.mkdir(parents=True, exist_ok=True)
            saved.write_bytes(raw)
            new.append((uid, msg, message_id, sender, saved))
        if not new:
            return answered
        result = run_batch([received], out_dir, template, pdf=pdf, jobs=1, today=today, log=say)
        for uid, msg, message_id, sender, saved in new:
            units = [u for u in result.units if u.origin.startswith(str(saved))]
            reply, outcome = _reply(server, msg, sender, units, result, out_dir)
            state.record(message_id)          # before sending: never twice, even after a crash
            try:
                send(server, [reply])
            except MailFailed as exc:
                say(exc.message)
                raise
            _mark(imap, uid)
            answered.append(Answered(message_id, sender, outcome, units))
            say(f"Đã trả lời {sender}: {outcome}.")
        return answered
    finally:
        try:
            imap.logout()
        except (OSError, imaplib.IMAP4.error):
            pass


def _reply(server, msg, sender, units, result, out_dir: Path):
    subject = str(msg.get("Subject", "")).strip()
    subject = subject if subject.lower().startswith("re:") else f"Re: {subject}" if subject else "Kết quả kiểm tra sổ"
    reports = [u for u in units if u.status in ("ok", "unchanged")]
    failed = [u for u in units if u.failed]
    files, lines = [], ["Kính gửi đồng chí,", ""]
    if not units:
        lines += ["Thư của đồng chí không có sổ theo dõi Ban Chấp hành đính kèm. Hãy gửi lại thư kèm tệp sổ "
                  "(.xlsx, .xlsm, .xls hoặc .ods; có thể nén .zip)."]
        outcome = "nothing-to-read"
    else:
        for u in reports:
            lines.append(f"- Đã lập báo cáo kiểm điểm BCH Đoàn {u.unit} nhiệm kỳ {u.term} (gửi kèm).")
            files += [out_dir / u.docx] + ([out_dir / u.pdf] if u.pdf else [])
        for u in failed:
            name = u.origin.split(" → ")[-1]
            lines += [f"- Chưa lập được báo cáo từ tệp “{name}”: {u.message}"]
            for p in u.problems:
                if p["level"] == "error":
                    lines.append(f"    • {where(p)}: {p['message']} {p['fix']}")
        if failed:
            lines += ["", "Danh sách các vấn đề gửi kèm (van-de.xlsx). Hãy sửa sổ rồi gửi lại."]
            files.append(write_problems(failed, out_dir / ".kiemdiem-tra-loi" / "van-de.xlsx"))
        outcome = "reports" if reports and not failed else "problems"
    lines += ["", "Thư này được gửi tự động; xin đừng trả lời thư này."]
    reply = new_message(server, sender, subject, "\n".join(lines), files)
    reply.replace_header("Auto-Submitted", "auto-replied")
    if msg.get("Message-ID"):
        reply["In-Reply-To"] = msg["Message-ID"]
        reply["References"] = " ".join(filter(None, [str(msg.get("References", "")), str(msg["Message-ID"])]))
    return reply, outcome


