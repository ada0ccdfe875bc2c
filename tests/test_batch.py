"""`kiemdiem batch`: many units, saved e-mails and archives, duplicates, a bad workbook, the summary workbook,
re-runs that skip what has not changed, and the scripts a scheduler calls."""
from __future__ import annotations

import datetime as dt
import email.message
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLE, ROOT, kiemdiem

KIEMDIEM = Path(sys.executable).with_name("kiemdiem")


def _unit(folder: Path, name: str, unit: str, members_left=0, modified=None) -> Path:
    """A copy of the example as another unit (its name changed), optionally with people leaving."""
    book = openpyxl.load_workbook(EXAMPLE)
    ws = book["Thông tin chung"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "don_vi":
            row[2].value = unit
        if row[0].value == "don_vi_goi_tat":
            row[2].value = None
    members = book["Ban Chấp hành"]
    for r in range(3, 3 + members_left):  # they leave after the last meeting: the rest stays consistent
        members.cell(row=r, column=9).value = dt.date(2022, 12, 30)
        members.cell(row=r, column=10).value = "Chuyển công tác"
    path = folder / name
    book.save(path)
    if modified:  # openpyxl stamps the save time: write the workbook's own modified time afterwards
        import re
        from hostile import replace_parts
        stamp = modified.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        tmp = path.with_suffix(".tmp.xlsx")
        replace_parts(path, tmp, docProps__core_DOT_xml=lambda x: re.sub(
            rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, x))
        tmp.replace(path)
    return path


def _mail(folder: Path, attachment: Path, sent: str, name="thu.eml") -> Path:
    msg = email.message.EmailMessage()
    msg["From"] = "Đoàn Sở Y tế <doan.soyte@example.vn>"
    msg["To"] = "doankhoi@example.vn"
    msg["Subject"] = "Gửi sổ theo dõi BCH"
    msg["Date"] = sent
    msg["Message-ID"] = "<so-y-te-1@example.vn>"
    msg.set_content("Kính gửi Đoàn Khối, đơn vị gửi sổ theo dõi.")
    msg.add_attachment(attachment.read_bytes(), maintype="application", subtype="octet-stream",
                       filename="Sổ theo dõi BCH Sở Y tế.xlsx")
    path = folder / name
    path.write_bytes(bytes(msg))
    return path


@pytest.fixture
def inbox(tmp_path):
    """Units of several shapes, a bad workbook, an older copy of one unit, an e-mail and a zip archive."""
    folder = tmp_path / "nhan"
    (folder / "thang-11").mkdir(parents=True)
    _unit(folder, "so-tu-phap.xlsx", "Sở Tư pháp")
    _unit(folder / "thang-11", "so-tai-chinh.xlsx", "Sở Tài chính", members_left=2)
    older = _unit(tmp_path, "so-y-te-cu.xlsx", "Sở Y tế", modified=dt.datetime(2022, 1, 5))
    newer = _unit(tmp_path, "so-y-te-moi.xlsx", "Sở Y tế", members_left=1, modified=dt.datetime(2022, 6, 5))
    shutil.copy(older, folder / "so-y-te-cu.xlsx")
    _mail(folder, newer, "Mon, 05 Dec 2022 09:00:00 +0700")
    with zipfile.ZipFile(folder / "goi.zip", "w") as z:
        z.write(_unit(tmp_path, "x.xlsx", "Sở Nội vụ"), "Sổ Sở Nội vụ.xlsx")
    bad = _unit(tmp_path, "loi.xlsx", "Sở Xây dựng")
    book = openpyxl.load_workbook(bad)
    book["Ban Chấp hành"].cell(row=4, column=6).value = "Thư ký"
    book.save(folder / "so-xay-dung.xlsx")
    (folder / "ghi-chu.txt").write_text("không phải sổ", encoding="utf-8")
    return folder


def _summary(out: Path) -> dict:
    book = openpyxl.load_workbook(out / "tong-hop.xlsx")
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def test_a_batch_reports_every_unit_and_writes_one_summary(inbox, tmp_path):
    out = tmp_path / "bao-cao"
    run = kiemdiem("batch", inbox, "-o", out, "--jobs", "2")
    assert run.returncode == 1, run.stderr  # one workbook has errors: the others still get their report
    reports = sorted(p.name for p in out.glob("*.docx"))
    assert reports == ["bao-cao-so-noi-vu-2017-2022.docx", "bao-cao-so-tai-chinh-2017-2022.docx",
                       "bao-cao-so-tu-phap-2017-2022.docx", "bao-cao-so-y-te-2017-2022.docx"]
    sheets = _summary(out)
    header, *rows = sheets["Tổng hợp"]
    by_unit = {r[header.index("Đơn vị")]: r for r in rows}
    assert by_unit["Sở Xây dựng"][header.index("Tình trạng")] == "Sổ còn lỗi"
    assert by_unit["Sở Tài chính"][header.index("Số ủy viên hiện nay")] == 3
    assert by_unit["Sở Y tế"][header.index("Số ủy viên hiện nay")] == 4  # the e-mail's newer copy won
    assert "thu.eml" in by_unit["Sở Y tế"][header.index("Tệp nhận")]
    assert rows[-1][header.index("Đơn vị")].startswith("Tổng cộng (4 báo cáo)")
    problems = sheets["Vấn đề"]
    assert any(r[2] == "Ban Chấp hành!F4" and r[3] == "lỗi" for r in problems[1:])
    aside = {r[0]: r[1] for r in sheets["Tệp để riêng"][1:]}
    assert any("so-y-te-cu.xlsx" in k and "bản cũ hơn" in v for k, v in aside.items())
    assert any("ghi-chu.txt" in k for k in aside)
    assert not list(out.glob(".kiemdiem-tam*"))


def test_a_second_run_skips_unchanged_units_and_replaces_changed_ones(inbox, tmp_path):
    out = tmp_path / "bao-cao"
    kiemdiem("batch", inbox, "-o", out, "--jobs", "1")
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")}
    _unit(inbox, "so-tu-phap.xlsx", "Sở Tư pháp", members_left=3)
    run = kiemdiem("batch", inbox, "-o", out, "--jobs", "1")
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*.docx")}
    assert "sổ không đổi" in run.stderr
    assert after["bao-cao-so-tai-chinh-2017-2022.docx"] == before["bao-cao-so-tai-chinh-2017-2022.docx"]
    assert after["bao-cao-so-tu-phap-2017-2022.docx"] != before["bao-cao-so-tu-phap-2017-2022.docx"]
    header, *rows = _summary(out)["Tổng hợp"]
    assert {r[1]: r[header.index("Số ủy viên hiện nay")] for r in rows}["Sở Tư pháp"] == 2


def test_expected_units_that_sent_nothing_are_listed(inbox, tmp_path):
    expected = tmp_path / "don-vi.txt"
    expected.write_text("Đơn vị\nSở Tư pháp\nSở Giao thông vận tải\n", encoding="utf-8")
    out = tmp_path / "bao-cao"
    kiemdiem("batch", inbox, "-o", out, "--expected", expected)
    sheets = _summary(out)
    assert sheets["Chưa gửi"][1:] == [["Sở Giao thông vận tải"]]
    assert any(r[1] == "Sở Giao thông vận tải" and "Chưa gửi" in r[4] for r in sheets["Tổng hợp"][1:])


def test_every_unit_reported_exits_0(tmp_path):
    folder = tmp_path / "nhan"
    folder.mkdir()
    _unit(folder, "a.xlsx", "Sở Tư pháp")
    _unit(folder, "b.xlsx", "Sở Tư pháp", modified=dt.datetime(2000, 1, 1))  # an older copy is not a failure
    assert kiemdiem("batch", folder, "-o", tmp_path / "out").returncode == 0


def test_a_bad_template_fails_the_whole_run_once(inbox, tmp_path):
    template = tmp_path / "mau.docx"
    template.write_bytes(b"PK\x03\x04 hong")
    run = kiemdiem("batch", inbox, "-o", tmp_path / "out", "--template", template)
    assert run.returncode == 2 and run.stderr.count("Không đọc được") == 1
    assert not list((tmp_path / "out").glob("*.docx"))


def test_two_units_whose_names_collide_get_distinct_files(tmp_path):
    folder = tmp_path / "nhan"
    folder.mkdir()
    _unit(folder, "a.xlsx", "Sở Tư pháp")
    b = _unit(folder, "b.xlsx", "Sở Tư Pháp.")  # another Đoàn above would also make another unit
    book = openpyxl.load_workbook(b)
    for row in book["Thông tin chung"].iter_rows(min_row=2):
        if row[0].value == "doan_cap_tren":
            row[2].value = "Đoàn Khối Doanh nghiệp"
    book.save(b)
    out = tmp_path / "out"
    kiemdiem("batch", folder, "-o", out)
    assert sorted(p.name for p in out.glob("*.docx")) == ["bao-cao-so-tu-phap-2017-2022-2.docx",
                                                        "bao-cao-so-tu-phap-2017-2022.docx"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed here")
def test_pdfs_for_the_whole_batch(tmp_path):
    folder = tmp_path / "nhan"
    folder.mkdir()
    for n, unit in enumerate(("Sở Tư pháp", "Sở Nội vụ", "Sở Y tế")):
        _unit(folder, f"{n}.xlsx", unit)
    out = tmp_path / "out"
    assert kiemdiem("batch", folder, "-o", out, "--pdf", "--jobs", "2").returncode == 0
    assert len(list(out.glob("*.pdf"))) == 3


# --- schedules ---------------------------------------------------------------------------------

def _config(tmp_path: Path, inbox: Path) -> Path:
    config = tmp_path / "kiemdiem.toml"
    config.write_text(f'[batch]\ninputs = ["{inbox.name}"]\noutput = "bao-cao"\nlog = "nhat-ky.log"\n'
                      "keep_days = 365\n", encoding="utf-8")
    return config


def test_a_config_file_makes_the_working_folder_irrelevant(inbox, tmp_path):
    config = _config(tmp_path, inbox)
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()
    run = kiemdiem("batch", "--config", config, cwd=elsewhere)
    assert run.returncode == 1
    assert (tmp_path / "bao-cao" / "tong-hop.xlsx").exists() and not list(elsewhere.iterdir())
    log = (tmp_path / "nhat-ky.log").read_text(encoding="utf-8")
    assert "Đã lập báo cáo" in log and "Xong:" in log


def test_two_runs_never_overlap(inbox, tmp_path):
    from toolkit.errors import Busy
    from toolkit.schedule import lock
    out = tmp_path / "bao-cao"
    with lock(out):
        run = kiemdiem("batch", inbox, "-o", out)
        assert run.returncode == 3 and "Một lần chạy khác" in run.stderr
        with pytest.raises(Busy):
            with lock(out):
                pass


def test_the_scheduled_shell_script_runs_end_to_end(inbox, tmp_path):
    config = _config(tmp_path, inbox)
    script = ROOT / "scripts" / "schedule" / "kiemdiem-batch.sh"
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0
    env = {**os.environ, "KIEMDIEM": str(KIEMDIEM), "KIEMDIEM_CONFIG": str(config)}
    run = subprocess.run(["bash", str(script)], env=env, cwd="/", capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr  # the bad workbook of the inbox
    assert (tmp_path / "bao-cao" / "tong-hop.xlsx").exists()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not here")
def test_the_systemd_units_are_valid(tmp_path):
    folder = ROOT / "scripts" / "schedule"
    service = (folder / "kiemdiem-batch.service").read_text(encoding="utf-8")
    # systemd-analyze checks that the program exists: point it at one that does
    (tmp_path / "kiemdiem-batch.service").write_text(
        service.replace("/opt/kiemdiem/scripts/schedule/kiemdiem-batch.sh", "/bin/true"), encoding="utf-8")
    shutil.copy(folder / "kiemdiem-batch.timer", tmp_path)
    run = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "kiemdiem-batch.timer"),
                          str(tmp_path / "kiemdiem-batch.service")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_the_cron_line_calls_the_script():
    cron = (ROOT / "scripts" / "schedule" / "kiemdiem.cron").read_text(encoding="utf-8")
    lines = [line for line in cron.splitlines() if line.strip() and not line.startswith("#")]
    assert lines and all(len(line.split(None, 5)) == 6 and "kiemdiem-batch.sh" in line for line in lines)


# --- comparing two copies ----------------------------------------------------------------------

def test_diff_matches_rows_by_their_content_not_their_position(tmp_path):
    import json
    old = _unit(tmp_path, "cu.xlsx", "Sở Tư pháp")
    book = openpyxl.load_workbook(old)
    meetings = book["Họp BCH"]
    meetings.insert_rows(2)                       # every row moves down one: no change by itself
    meetings.cell(row=2, column=2).value = dt.date(2017, 4, 20)
    meetings.cell(row=2, column=3).value = "Bất thường"
    meetings.cell(row=10, column=6).value = 2     # one count changed
    book["Xếp loại"].delete_rows(3)               # one rating removed
    new = tmp_path / "moi.xlsx"
    book.save(new)
    run = kiemdiem("diff", old, new, "--json")
    changes = json.loads(run.stdout)["changes"]
    kinds = sorted((c["sheet"], c["kind"]) for c in changes)
    assert kinds == [("Họp BCH", "added"), ("Họp BCH", "changed"), ("Xếp loại", "removed")], changes
    changed = next(c for c in changes if c["kind"] == "changed")
    assert changed["column"] == "Có mặt" and changed["new"] == "2" and changed["new_cell"] == "F10"
    assert "thêm dòng" in kiemdiem("diff", old, new).stdout
    assert "giống nhau" in kiemdiem("diff", old, old).stdout


def test_batch_without_the_batch_extra_says_what_to_install(tmp_path):
    """An installation without pandas (the Excel-only one) gets one Vietnamese line and exit 3, nothing written."""
    code = ("import sys; sys.modules['pandas'] = None; sys.argv = ['kiemdiem', 'batch', sys.argv[1], '-o', sys.argv[2]]; "
            "from toolkit.cli import main; main()")
    run = subprocess.run([sys.executable, "-c", code, str(EXAMPLE), str(tmp_path / "ra")], capture_output=True,
                         text=True, encoding="utf-8", cwd=ROOT)
    assert run.returncode == 3, run.stderr
    assert "pip install \"kiemdiem[batch]\"" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "ra").exists()


def test_a_batch_longer_than_the_workers_rounds_finishes(tmp_path):
    """More units than jobs × MAX_TASKS: fresh workers take over round after round and every unit gets its report
    (Python 3.11's max_tasks_per_child hung here once its first workers retired, CPython gh-115634)."""
    folder = tmp_path / "nhan"
    folder.mkdir()
    for i in range(7):
        _unit(folder, f"don-vi-{i}.xlsx", f"Đơn vị thử {i}")
    code = ("import sys, toolkit.batch as b; b.MAX_TASKS = 2; "
            "r = b.run_batch([sys.argv[1]], sys.argv[2], jobs=2); "
            "print(sorted(u.status for u in r.units), len({u.docx for u in r.units}))")
    run = subprocess.run([sys.executable, "-c", code, str(folder), str(tmp_path / "ra")], capture_output=True,
                         text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["['ok',", "'ok',", "'ok',", "'ok',", "'ok',", "'ok',", "'ok']", "7"]
    assert len(list((tmp_path / "ra").glob("*.docx"))) == 7


def test_a_workers_memory_does_not_grow_with_the_units_it_renders(tmp_path):
    """Each render leaves python-docx reference cycles holding lxml trees (C memory): unreleased, a worker grew
    1–2 MB a unit.  30 units in one process must end within 10 MB of where 5 left it."""
    folder = tmp_path / "nhan"
    folder.mkdir()
    _unit(folder, "mot.xlsx", "Đơn vị thử")
    code = """
import sys
from pathlib import Path
import toolkit.batch as b
from toolkit.intake import gather
def rss():
    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS')) // 1024
[received], _ = gather([Path(sys.argv[1])], skip=[])
stage = Path(sys.argv[2]); stage.mkdir()
after = {}
for i in range(1, 31):
    unit = b._one((received, None, None, str(stage), {}, "mặc định", True, ""))
    assert unit.status == "ok", unit.message
    Path(unit.staged).unlink()
    after[i] = rss()
print(after[5], after[30])
"""
    run = subprocess.run([sys.executable, "-c", code, str(folder), str(tmp_path / "tam")], capture_output=True,
                         text=True, encoding="utf-8", cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    at_5, at_30 = map(int, run.stdout.split())
    assert at_30 - at_5 <= 10, (at_5, at_30)


def _forwarded(folder: Path, attachment: Path, original: str, forwarded: str, name="chuyen-tiep.eml") -> Path:
    """An e-mail forwarded as an attachment: the unit's own message, with its workbook, inside another."""
    inner = email.message.EmailMessage()
    inner["From"] = "Đoàn Sở Y tế <doan.soyte@example.vn>"
    inner["Subject"] = "Gửi sổ theo dõi BCH"
    inner["Date"] = original
    inner.set_content("Đơn vị gửi sổ.")
    inner.add_attachment(attachment.read_bytes(), maintype="application", subtype="octet-stream",
                         filename="Sổ theo dõi BCH.xlsx")
    outer = email.message.EmailMessage()
    outer["From"] = "Văn phòng <vanphong@example.vn>"
    outer["Subject"] = "Fw: Gửi sổ theo dõi BCH"
    outer["Date"] = forwarded
    outer.set_content("Chuyển tiếp thư của Sở Y tế.")
    outer.add_attachment(inner)
    path = folder / name
    path.write_bytes(bytes(outer))
    return path


def test_a_workbook_in_a_forwarded_e_mail_is_taken_and_dated_by_the_unit_s_own_message(tmp_path):
    """Forwarded on 20 December, sent by the unit on 1 December: a copy the unit sent on 5 December is newer."""
    folder = tmp_path / "nhan"
    folder.mkdir()
    old = _unit(tmp_path, "cu.xlsx", "Sở Y tế")
    new = _unit(tmp_path, "moi.xlsx", "Sở Y tế", members_left=1)
    _forwarded(folder, old, "Thu, 01 Dec 2022 08:00:00 +0700", "Tue, 20 Dec 2022 08:00:00 +0700")
    _mail(folder, new, "Mon, 05 Dec 2022 09:00:00 +0700")
    out = tmp_path / "bao-cao"
    run = kiemdiem("batch", folder, "-o", out, "--jobs", "1")
    assert run.returncode == 0, run.stderr
    sheets = _summary(out)
    header, *rows = sheets["Tổng hợp"]
    assert rows[0][header.index("Số ủy viên hiện nay")] == 4  # the copy sent on 5 December
    aside = {r[0]: r[1] for r in sheets["Tệp để riêng"][1:]}
    assert any("chuyen-tiep.eml → Gửi sổ theo dõi BCH → Sổ theo dõi BCH.xlsx" in k and "bản cũ hơn" in v
               for k, v in aside.items()), aside


def test_a_real_outlook_message_is_read_down_to_the_workbook_in_its_attached_message(tmp_path):
    """A .msg that Outlook wrote (a delivery notice holding the original message, which holds the file)."""
    from outlook import INNER_DATE, with_workbook
    from toolkit.intake import gather
    folder = tmp_path / "nhan"
    folder.mkdir()
    name = "Sổ theo dõi BCH - Sở Y tế.xlsx"
    with_workbook(_unit(tmp_path, "x.xlsx", "Sở Y tế").read_bytes(), folder / "thu-outlook.msg", name)
    (received,), aside = gather([folder])
    assert not aside
    assert received.name == name and received.received.isoformat() == INNER_DATE
    assert received.sender == "mailer-daemon@tjdpf.org.cn"  # replies go to whoever sent the message received
    out = tmp_path / "bao-cao"
    run = kiemdiem("batch", folder, "-o", out, "--jobs", "1")
    assert run.returncode == 0, run.stderr
    assert [p.name for p in out.glob("*.docx")] == ["bao-cao-so-y-te-2017-2022.docx"]


def test_a_real_outlook_message_without_a_workbook_is_set_aside(tmp_path):
    from outlook import real_msg
    folder = tmp_path / "nhan"
    folder.mkdir()
    shutil.copy(real_msg(), folder / "thong-bao.msg")
    out = tmp_path / "bao-cao"
    run = kiemdiem("batch", folder, "-o", out, "--jobs", "1")
    aside = {r[0]: r[1] for r in _summary(out)["Tệp để riêng"][1:]}
    assert aside == {str(folder / "thong-bao.msg"): "thư không có sổ Excel đính kèm"}, run.stderr


def _carrying(workbook: bytes, how: str) -> bytes:
    """An e-mail whose workbook sits where real mail puts it: signed (multipart/signed over multipart/mixed), in a
    base64-encoded forwarded message, or in an .eml file attached as a file."""
    import base64
    inner = email.message.EmailMessage()
    inner["From"], inner["Subject"], inner["Date"] = "doan@x.vn", "Sổ", "Mon, 05 Dec 2022 09:00:00 +0700"
    inner.set_content("Gửi sổ.")
    inner.add_attachment(workbook, maintype="application", subtype="octet-stream", filename="Sổ BCH.xlsx")
    head = b"From: vanphong@x.vn\r\nSubject: Fw\r\nMIME-Version: 1.0\r\n"
    if how == "signed":
        return (head + b'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary=S\r\n\r\n'
                b"--S\r\n" + _body_part(inner) + b"\r\n--S\r\nContent-Type: application/pkcs7-signature; "
                b'name="smime.p7s"\r\nContent-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHAqCAMIACAQEx\r\n--S--\r\n')
    if how == "base64-message":
        return (head + b"Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nFw\r\n"
                b"--B\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + base64.encodebytes(bytes(inner)) + b"--B--\r\n")
    outer = email.message.EmailMessage()
    outer["From"], outer["Subject"] = "vanphong@x.vn", "Fw"
    outer.set_content("Fw")
    outer.add_attachment(bytes(inner), maintype="application", subtype="octet-stream", filename="thu-goc.eml")
    return bytes(outer)


def _body_part(msg) -> bytes:
    """``msg`` as a MIME part (its content headers and body, without From/Subject/Date)."""
    part = email.message.EmailMessage()
    for name in ("Content-Type", "Content-Transfer-Encoding"):
        if msg[name]:
            part[name] = msg[name]
    part.set_payload(msg.get_payload())
    return bytes(part).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


@pytest.mark.parametrize("how", ["signed", "base64-message", "eml-file"])
def test_a_workbook_is_found_wherever_real_mail_puts_it(tmp_path, how):
    from toolkit.intake import gather
    workbook = _unit(tmp_path, "x.xlsx", "Sở Y tế").read_bytes()
    (tmp_path / "thu.eml").write_bytes(_carrying(workbook, how))
    received, aside = gather([tmp_path / "thu.eml"])
    assert [r.data for r in received] == [workbook], aside


def test_a_message_nested_a_thousand_times_is_set_aside_not_a_crash(tmp_path):
    folder = tmp_path / "nhan"
    folder.mkdir()
    deep = b"Subject: x\r\n\r\nx"
    for _ in range(1200):
        deep = b"Content-Type: message/rfc822\r\n\r\n" + deep
    (folder / "sau.eml").write_bytes(b"From: a@x.vn\r\nSubject: s\r\n" + deep)
    shutil.copy(_unit(tmp_path, "x.xlsx", "Sở Y tế"), folder / "so.xlsx")
    out = tmp_path / "bao-cao"
    run = kiemdiem("batch", folder, "-o", out, "--jobs", "1")
    assert run.returncode == 0, run.stderr
    aside = {r[0]: r[1] for r in _summary(out)["Tệp để riêng"][1:]}
    assert "thư bị hỏng" in aside[str(folder / "sau.eml")]


def test_a_damaged_forwarded_part_skips_only_itself(tmp_path):
    """A message/rfc822 part whose base64 is broken: the workbook attached beside it is still taken."""
    import base64
    from toolkit.intake import gather
    workbook = _unit(tmp_path, "x.xlsx", "Sở Y tế").read_bytes()
    raw = (b"From: doan@x.vn\r\nSubject: So\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
           b"--B\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\nQUJDR\r\n"
           b"--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"so.xlsx\"\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(workbook) + b"--B--\r\n")
    (tmp_path / "thu.eml").write_bytes(raw)
    received, aside = gather([tmp_path / "thu.eml"])
    assert [r.data for r in received] == [workbook], aside
