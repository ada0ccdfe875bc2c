"""Real mail servers on localhost for the tests: aiosmtpd receives what the toolkit sends, Dovecot (Debian's
dovecot-imapd) holds a throw-away mailbox the toolkit reads.  Either can speak TLS with a certificate from a
throw-away CA (trustme): a client trusts it only when SSL_CERT_FILE names that CA's PEM file."""
from __future__ import annotations

import email
import email.policy
import imaplib
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
from pathlib import Path

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
USER, PASSWORD = "doankhoi", "mat-khau-thu"


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Certificates:
    """A throw-away CA (or ``authority``, another one's) and a server certificate it signed for ``names``, as PEM
    files in ``folder``: ``ca`` (what a client must trust), ``cert`` and ``key`` (what the server shows)."""

    def __init__(self, folder: Path, names=("127.0.0.1", "127.0.0.2", "localhost"), authority=None):
        import trustme
        folder.mkdir(parents=True, exist_ok=True)
        self.authority = authority = authority or trustme.CA()
        leaf = authority.issue_cert(*names)
        self.ca, self.cert, self.key = folder / "ca.pem", folder / "server.pem", folder / "server.key"
        authority.cert_pem.write_to_path(str(self.ca))
        leaf.private_key_pem.write_to_path(str(self.key))
        self.cert.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))


class Smtp:
    """aiosmtpd on a free port; ``messages`` are the parsed messages it received.

    ``tls="starttls"``: the server offers STARTTLS and refuses mail before it; ``tls="ssl"``: implicit TLS from
    the first byte. ``received`` holds each message's recipients, content and the TLS version it came over."""

    def __init__(self, tls: str | None = None, certificates: Certificates | None = None):
        from aiosmtpd.controller import Controller
        self.received = []

        class Handler:
            async def handle_DATA(handler, server, session, envelope):  # noqa: N805
                tls_object = server.transport.get_extra_info("ssl_object")
                self.received.append((envelope.rcpt_tos, envelope.content,
                                      tls_object.version() if tls_object else None))
                return "250 OK"
        options = {}
        if tls == "starttls":
            options = {"tls_context": certificates.server_context(), "require_starttls": True}
        elif tls == "ssl":
            options = {"ssl_context": certificates.server_context()}
        elif tls is not None:
            raise ValueError(tls)
        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port, **options)
        self.controller.start()

    @property
    def messages(self):
        return [email.message_from_bytes(content, policy=email.policy.default) for _, content, _ in self.received]

    def stop(self):
        self.controller.stop()


class Imap:
    """Dovecot with a configuration of its own in ``folder``; one user; stop() ends it.

    With ``certificates``, TLS is required (``ssl = required``) on ``host`` 127.0.0.2: ``port`` offers STARTTLS
    and ``ssl_port`` implicit TLS (imaps).  Dovecot counts a connection whose two ends have the same address as
    secured and lets it log in without TLS; a client of 127.0.0.2 speaks from 127.0.0.1, so it must use TLS."""

    def __init__(self, folder: Path, certificates: Certificates | None = None):
        import tempfile
        self.certificates = certificates
        self.host = "127.0.0.2" if certificates else "127.0.0.1"
        self.port = free_port(self.host)
        self.ssl_port = free_port(self.host) if certificates else None
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
        if certificates:
            shutil.copy(certificates.cert, folder / "server.pem")
            shutil.copy(certificates.key, folder / "server.key")
            tls = f"""ssl = required
ssl_cert = <{folder}/server.pem
ssl_key = <{folder}/server.key
disable_plaintext_auth = yes"""
            imaps = f"address = {self.host}\n    port = {self.ssl_port}\n    ssl = yes"
        else:
            tls, imaps = "ssl = no\ndisable_plaintext_auth = no", "port = 0"
        config = folder / "dovecot.conf"
        config.write_text(f"""
protocols = imap
listen = {self.host}
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
{tls}
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
    address = {self.host}
    port = {self.port}
  }}
  inet_listener imaps {{
    {imaps}
  }}
}}
""")
        self.proc = subprocess.Popen([DOVECOT, "-c", str(config), "-F"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        # ready when each listener greets: a login process killed while it starts up (TLS set up, stats
        # handshake) holds Dovecot's shutdown for 5 s
        for port, tls in ((self.port, None), (self.ssl_port, certificates)):
            if port is None:
                continue
            for _ in range(100):
                try:
                    with socket.create_connection((self.host, port), timeout=2) as raw:
                        with (tls.client_context().wrap_socket(raw, server_hostname=self.host) if tls else raw) as s:
                            if s.recv(100).startswith(b"* OK"):
                                break
                except OSError:
                    pass
                time.sleep(0.1)
            else:
                log = (folder / "dovecot.log").read_text(errors="replace") if (folder / "dovecot.log").exists() else ""
                self.stop()
                raise RuntimeError("dovecot did not start: " + log)

    def connect(self) -> imaplib.IMAP4:
        if self.certificates:
            imap = imaplib.IMAP4_SSL(self.host, self.ssl_port, ssl_context=self.certificates.client_context())
        else:
            imap = imaplib.IMAP4(self.host, self.port)
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
