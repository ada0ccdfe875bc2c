"""Real mail servers on localhost for the tests: aiosmtpd receives what the toolkit sends, Dovecot (Debian's
dovecot-imapd) holds a throw-away mailbox the toolkit reads."""
from __future__ import annotations

import email
import email.policy
import imaplib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
USER, PASSWORD = "doankhoi", "mat-khau-thu"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Smtp:
    """aiosmtpd on a free port; ``messages`` are the parsed messages it received."""

    def __init__(self):
        from aiosmtpd.controller import Controller
        self.received = []

        class Handler:
            async def handle_DATA(handler, server, session, envelope):  # noqa: N805
                self.received.append((envelope.rcpt_tos, envelope.content))
                return "250 OK"
        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    @property
    def messages(self):
        return [email.message_from_bytes(content, policy=email.policy.default) for _, content in self.received]

    def stop(self):
        self.controller.stop()


class Imap:
    """Dovecot with a configuration of its own in ``folder``; one user; stop() ends it."""

    def __init__(self, folder: Path):
        import tempfile
        self.port = free_port()
        # dovecot's unprivileged processes must reach these files, and unix sockets want a short path: a
        # folder of its own under /tmp (the test's tmp_path is private to root), removed by stop()
        self.run_dir = tempfile.mkdtemp(prefix="kd-", dir="/tmp")
        os.chmod(self.run_dir, 0o755)
        folder = self.folder = Path(self.run_dir)
        mail = folder / "mail"
        mail.mkdir(parents=True)
        shutil.chown(mail, "nobody", "nogroup")
        (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        os.chmod(folder / "passwd", 0o644)
        config = folder / "dovecot.conf"
        config.write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{mail}/%u
default_login_user = dovenull
default_internal_user = dovecot
passdb {{
  driver = passwd-file
  args = {folder}/passwd
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={mail}/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
""")
        self.proc = subprocess.Popen([DOVECOT, "-c", str(config), "-F"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("dovecot did not start: " + (folder / "dovecot.log").read_text(errors="replace"))

    def connect(self) -> imaplib.IMAP4:
        imap = imaplib.IMAP4("127.0.0.1", self.port)
        imap.login(USER, PASSWORD)
        imap.select("INBOX")
        return imap

    def deliver(self, message: bytes) -> None:
        imap = self.connect()
        imap.append("INBOX", None, None, message)
        imap.logout()

    def flags(self) -> list:
        imap = self.connect()
        _, data = imap.fetch("1:*", "(FLAGS)")
        imap.logout()
        return [d.decode() for d in data if d]

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.run_dir, ignore_errors=True)


def can_run_dovecot() -> bool:
    return DOVECOT is not None and os.geteuid() == 0
