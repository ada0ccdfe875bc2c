"""Reports sent by SMTP and the mail-in service over IMAP, against real servers on localhost."""
from __future__ import annotations

import email.message
import email.policy
import email.utils
import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLE, kiemdiem, kiemdiem_process
from mailservers import PASSWORD, USER, Certificates, Imap, Smtp, can_run_dovecot

CI = os.environ.get("KIEMDIEM_CI") == "1"
needs_imap = pytest.mark.skipif(not can_run_dovecot() and not CI, reason="Dovecot (run as root) is not here")


@pytest.fixture
def smtp():
    server = Smtp()
    yield server
    server.stop()


@pytest.fixture
def imap(tmp_path):
    server = Imap(tmp_path / "dovecot")
    yield server
    server.stop()


def test_a_report_is_sent_with_a_vietnamese_body_and_the_document_attached(smtp, tmp_path):
    out = tmp_path / "bc.docx"
    run = kiemdiem("report", EXAMPLE, "-o", out, "--email-to", "bithu@example.vn", "--smtp",
                   f"127.0.0.1:{smtp.port}", "--smtp-security", "none", "--from", "kiemdiem@example.vn")
    assert run.returncode == 0, run.stderr
    [message] = smtp.messages
    assert message["To"] == "bithu@example.vn"
    assert message["Subject"] == "Báo cáo kiểm điểm BCH Đoàn Sở Thông tin và Truyền thông nhiệm kỳ 2017 – 2022"
    body = message.get_body(("plain",)).get_content()
    assert "Ban Chấp hành hiện có 05 đồng chí" in body and "nhiệm kỳ 2017 – 2022" in body
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "bc.docx" and attachment.get_content() == out.read_bytes()
    assert message["X-Kiemdiem"] == "1"


def test_no_password_on_the_command_line_and_a_clear_line_when_the_server_is_down(tmp_path):
    run = kiemdiem("report", EXAMPLE, "-o", tmp_path / "bc.docx", "--email-to", "a@example.vn", "--smtp",
                   "127.0.0.1:1", "--smtp-security", "none")
    assert run.returncode == 3 and "Không gửi được thư" in run.stderr and (tmp_path / "bc.docx").exists()
    assert "--smtp-password" not in kiemdiem("report", "--help").stdout


def test_no_sender_address_is_a_clear_line_not_an_internal_fault(smtp, tmp_path):
    run = kiemdiem("report", EXAMPLE, "-o", tmp_path / "bc.docx", "--email-to", "bithu@example.vn", "--smtp",
                   f"127.0.0.1:{smtp.port}", "--smtp-security", "none")
    assert run.returncode == 3 and smtp.received == [] and (tmp_path / "bc.docx").exists()
    [line] = run.stderr.strip().splitlines()
    assert line.startswith("Không gửi được thư: chưa có địa chỉ người gửi.")


def test_a_batch_sends_its_summary(smtp, tmp_path):
    folder = tmp_path / "nhan"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder)
    run = kiemdiem("batch", folder, "-o", tmp_path / "out", "--summary-to", "vanphong@example.vn", "--smtp",
                   f"127.0.0.1:{smtp.port}", "--smtp-security", "none", "--from", "kiemdiem@example.vn")
    assert run.returncode == 0, run.stderr
    [message] = smtp.messages
    assert message["Subject"] == "Tổng hợp báo cáo kiểm điểm BCH các đơn vị"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "tong-hop.xlsx"
    assert attachment.get_content() == (tmp_path / "out" / "tong-hop.xlsx").read_bytes()


# --- the mail-in service ------------------------------------------------------------------------

def _letter(sender: str, subject: str, attachment=None, name="So theo doi.xlsx", **headers) -> bytes:
    msg = email.message.EmailMessage(policy=email.policy.SMTP)
    msg["From"] = sender
    msg["To"] = "doankhoi@example.vn"
    msg["Subject"] = subject
    msg["Message-ID"] = email.utils.make_msgid(domain="donvi.example.vn")
    for key_, value in headers.items():
        msg[key_.replace("_", "-")] = value
    msg.set_content("Kính gửi Đoàn Khối, đơn vị gửi sổ.")
    if attachment is not None:
        msg.add_attachment(attachment, maintype="application", subtype="octet-stream", filename=name)
    return bytes(msg)


def _with_error(tmp_path) -> bytes:
    book = openpyxl.load_workbook(EXAMPLE)
    book["Ban Chấp hành"].cell(row=4, column=6).value = "Thư ký"
    path = tmp_path / "loi.xlsx"
    book.save(path)
    return path.read_bytes()


def _serve(imap, smtp, tmp_path):
    env = {"KIEMDIEM_IMAP_PASSWORD": PASSWORD}
    os.environ.update(env)
    try:
        return kiemdiem("mail", "-o", tmp_path / "out", "--imap", f"127.0.0.1:{imap.port}", "--imap-security",
                        "none", "--imap-user", USER, "--smtp", f"127.0.0.1:{smtp.port}", "--smtp-security", "none",
                        "--from", "kiemdiem@example.vn")
    finally:
        os.environ.pop("KIEMDIEM_IMAP_PASSWORD", None)


@needs_imap
def test_the_mail_in_service_answers_each_sender_once(imap, smtp, tmp_path):
    imap.deliver(_letter("Bí thư Sở TTTT <bithu@sotttt.example.vn>", "Gửi sổ BCH", EXAMPLE.read_bytes()))
    imap.deliver(_letter("Đoàn Sở Xây dựng <doan@soxd.example.vn>", "Sổ BCH", _with_error(tmp_path), name="sổ.xlsx"))
    imap.deliver(_letter("Đoàn Sở Nội vụ <doan@sonv.example.vn>", "Hỏi về báo cáo"))
    imap.deliver(_letter("Bí thư Sở TTTT <bithu@sotttt.example.vn>", "Vắng mặt", Auto_Submitted="auto-replied"))
    imap.deliver(_letter("MAILER-DAEMON@mail.example.vn", "Undelivered Mail"))
    run = _serve(imap, smtp, tmp_path)
    assert run.returncode == 0, run.stderr
    replies = {m["To"]: m for m in smtp.messages}
    assert sorted(replies) == ["bithu@sotttt.example.vn", "doan@sonv.example.vn", "doan@soxd.example.vn"]
    good = replies["bithu@sotttt.example.vn"]
    assert good["Subject"] == "Re: Gửi sổ BCH" and good["Auto-Submitted"] == "auto-replied"
    assert [a.get_filename() for a in good.iter_attachments()] == ["bao-cao-so-thong-tin-va-truyen-thong-2017-2022.docx"]
    bad = replies["doan@soxd.example.vn"].get_body(("plain",)).get_content()
    assert "Ban Chấp hành!F4" in bad and "Chọn một trong" in bad
    assert [a.get_filename() for a in replies["doan@soxd.example.vn"].iter_attachments()] == ["van-de.xlsx"]
    assert "không có sổ theo dõi" in replies["doan@sonv.example.vn"].get_body(("plain",)).get_content()
    assert all("KiemdiemDone" in f for f in imap.flags())
    assert (tmp_path / "out" / "tong-hop.xlsx").exists()
    again = _serve(imap, smtp, tmp_path)
    assert again.returncode == 0 and len(smtp.received) == 3  # a second run answers nothing


@needs_imap
def test_a_message_nested_beyond_parsing_is_marked_and_never_stops_the_service(imap, smtp, tmp_path):
    deep = b"Subject: x\r\n\r\nx"
    for _ in range(1200):
        deep = b"Content-Type: message/rfc822\r\n\r\n" + deep
    imap.deliver(b"From: ke.xau@example.vn\r\nTo: doankhoi@example.vn\r\nSubject: bom\r\n" + deep)
    imap.deliver(_letter("Bí thư Sở TTTT <bithu@sotttt.example.vn>", "Gửi sổ BCH", EXAMPLE.read_bytes()))
    run = _serve(imap, smtp, tmp_path)
    assert run.returncode == 0, run.stderr
    assert [m["To"] for m in smtp.messages] == ["bithu@sotttt.example.vn"]
    assert all("KiemdiemDone" in f for f in imap.flags())
    assert _serve(imap, smtp, tmp_path).returncode == 0 and len(smtp.received) == 1


@needs_imap
def test_a_crash_between_reply_and_mark_never_answers_twice(imap, smtp, tmp_path, monkeypatch):
    from toolkit import mailin
    from toolkit.mail import Server
    imap.deliver(_letter("Bí thư <bithu@example.vn>", "Gửi sổ", EXAMPLE.read_bytes()))
    box = mailin.Mailbox("127.0.0.1", imap.port, USER, security="none")
    server = Server("127.0.0.1", smtp.port, security="none", sender="kiemdiem@example.vn")
    monkeypatch.setenv("KIEMDIEM_IMAP_PASSWORD", PASSWORD)
    args = (box, server, tmp_path / "nhan", tmp_path / "out", tmp_path / "state.json")

    def crash(imap_, uid):
        raise RuntimeError("the machine stopped here")
    with monkeypatch.context() as m:
        m.setattr(mailin, "_mark", crash)
        with pytest.raises(RuntimeError):
            mailin.serve(*args)
    assert len(smtp.received) == 1 and not any("KiemdiemDone" in f for f in imap.flags())
    answered = mailin.serve(*args)
    assert [a.outcome for a in answered] == ["already-answered"]
    assert len(smtp.received) == 1 and all("KiemdiemDone" in f for f in imap.flags())


# --- TLS: the real command in its own process, trusting a throw-away CA through SSL_CERT_FILE --------------
#
# ssl.create_default_context() trusts what OpenSSL's default paths hold, and SSL_CERT_FILE names that file: the
# command trusts our CA and nothing of the machine's own.  A server whose certificate that CA did not sign, or
# signed for another name, must be refused: certificate and host name verification are really on.

@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    """The CA the command trusts, and a certificate it signed for 127.0.0.1, 127.0.0.2 and localhost."""
    return Certificates(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def strangers(tmp_path_factory, certificates):
    """Certificates the command must refuse: another CA's for the right names, and our CA's for another name."""
    return {"unknown-ca": Certificates(tmp_path_factory.mktemp("tls-other-ca")),
            "other-name": Certificates(tmp_path_factory.mktemp("tls-other-name"), ("mail.example.vn",),
                                       authority=certificates.authority)}


@pytest.fixture
def trusting(certificates, monkeypatch):
    """Run the installed command trusting only our CA."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates.ca))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    return kiemdiem_process


def _one_line(run) -> str:
    assert "Traceback" not in run.stderr + run.stdout
    [line] = run.stderr.strip().splitlines()
    return line


def _smtp_selection(security, port, tmp_path) -> list:
    """The command's options for a server: starttls is the default, ssl by option, or both in a config file."""
    if security == "starttls":
        return ["--smtp", f"127.0.0.1:{port}"]
    if security == "ssl":
        return ["--smtp", f"127.0.0.1:{port}", "--smtp-security", "ssl"]
    config = tmp_path / "kiemdiem.toml"
    config.write_text(f'[mail]\nsmtp = "127.0.0.1:{port}"\nsmtp_security = "ssl"\n', encoding="utf-8")
    return ["--config", config]


@pytest.mark.parametrize("security", ["starttls", "ssl", "ssl-in-config"])
def test_a_report_is_sent_over_tls_to_a_server_the_ca_vouches_for(security, certificates, trusting, tmp_path):
    server = Smtp(tls=security.split("-")[0], certificates=certificates)
    try:
        out = tmp_path / "bc.docx"
        run = trusting("report", EXAMPLE, "-o", out, "--email-to", "bithu@example.vn", "--from",
                       "kiemdiem@example.vn", *_smtp_selection(security, server.port, tmp_path))
        assert run.returncode == 0, run.stderr
        [(recipients, _, tls)] = server.received
        assert recipients == ["bithu@example.vn"] and tls in ("TLSv1.2", "TLSv1.3")
        [message] = server.messages
        assert message["Subject"] == "Báo cáo kiểm điểm BCH Đoàn Sở Thông tin và Truyền thông nhiệm kỳ 2017 – 2022"
        [attachment] = list(message.iter_attachments())
        assert attachment.get_content() == out.read_bytes()
    finally:
        server.stop()


@pytest.mark.parametrize("security", ["starttls", "ssl"])
@pytest.mark.parametrize("stranger", ["unknown-ca", "other-name"])
def test_a_server_whose_certificate_is_not_trusted_gets_no_mail(security, stranger, strangers, trusting, tmp_path):
    server = Smtp(tls=security, certificates=strangers[stranger])
    try:
        out = tmp_path / "bc.docx"
        run = trusting("report", EXAMPLE, "-o", out, "--email-to", "bithu@example.vn", "--from",
                       "kiemdiem@example.vn", *_smtp_selection(security, server.port, tmp_path))
        assert run.returncode == 3 and server.received == [] and out.exists()
        line = _one_line(run)
        assert line.startswith(f"Không gửi được thư qua máy chủ 127.0.0.1:{server.port} (SSLCertVerificationError")
        assert ("unable to get local issuer certificate" if stranger == "unknown-ca" else "mismatch") in line
        assert line.endswith("Kiểm tra địa chỉ máy chủ, cổng, kiểu bảo mật và tài khoản.")
    finally:
        server.stop()


def _mail_config(tmp_path, imap, port, security, smtp) -> Path:
    config = tmp_path / "kiemdiem.toml"
    config.write_text(f"""[mail]
imap = "{imap.host}:{port}"
imap_security = "{security}"
imap_user = "{USER}"
smtp = "127.0.0.1:{smtp.port}"
smtp_security = "starttls"
sender = "kiemdiem@example.vn"

[batch]
output = "out"
""", encoding="utf-8")
    return config


@needs_imap
@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_the_mail_in_service_reads_and_answers_over_tls(security, certificates, trusting, tmp_path, monkeypatch):
    imap = Imap(tmp_path / "dovecot", certificates)      # TLS required: no login without it
    smtp = Smtp(tls="starttls", certificates=certificates)
    try:
        imap.deliver(_letter("Bí thư Sở TTTT <bithu@sotttt.example.vn>", "Gửi sổ BCH", EXAMPLE.read_bytes()))
        port = imap.ssl_port if security == "ssl" else imap.port
        monkeypatch.setenv("KIEMDIEM_IMAP_PASSWORD", PASSWORD)
        run = trusting("mail", "--config", _mail_config(tmp_path, imap, port, security, smtp))
        assert run.returncode == 0, run.stderr
        [(recipients, _, tls)] = smtp.received
        assert recipients == ["bithu@sotttt.example.vn"] and tls in ("TLSv1.2", "TLSv1.3")
        [reply] = smtp.messages
        assert reply["Subject"] == "Re: Gửi sổ BCH"
        assert [a.get_filename() for a in reply.iter_attachments()] == [
            "bao-cao-so-thong-tin-va-truyen-thong-2017-2022.docx"]
        assert all("KiemdiemDone" in f for f in imap.flags())
        assert (tmp_path / "out" / "tong-hop.xlsx").exists()
    finally:
        smtp.stop()
        imap.stop()


@needs_imap
def test_a_mailbox_whose_certificate_is_not_trusted_is_not_read(strangers, trusting, tmp_path, monkeypatch):
    imap = Imap(tmp_path / "dovecot", strangers["unknown-ca"])
    smtp = Smtp()
    try:
        imap.deliver(_letter("Bí thư Sở TTTT <bithu@sotttt.example.vn>", "Gửi sổ BCH", EXAMPLE.read_bytes()))
        monkeypatch.setenv("KIEMDIEM_IMAP_PASSWORD", PASSWORD)
        for security, port in (("ssl", imap.ssl_port), ("starttls", imap.port)):
            run = trusting("mail", "--config", _mail_config(tmp_path, imap, port, security, smtp))
            assert run.returncode == 3
            line = _one_line(run)
            assert line.startswith(f"Không kết nối được hộp thư {imap.host}:{port} (SSLCertVerificationError")
            assert "unable to get local issuer certificate" in line
        assert smtp.received == [] and not any("KiemdiemDone" in f for f in imap.flags())
        assert not (tmp_path / "out" / "thu-nhan").exists()
    finally:
        smtp.stop()
        imap.stop()


@needs_imap
def test_the_tls_mailbox_refuses_a_login_without_tls(certificates, tmp_path):
    """What makes the TLS tests above mean something: this Dovecot lets no one in over a plain connection."""
    import imaplib
    imap = Imap(tmp_path / "dovecot", certificates)
    try:
        plain = imaplib.IMAP4(imap.host, imap.port)
        with pytest.raises(imaplib.IMAP4.error, match="PRIVACYREQUIRED"):
            plain.login(USER, PASSWORD)
        plain.logout()
    finally:
        imap.stop()
