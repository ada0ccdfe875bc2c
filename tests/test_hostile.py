"""Hostile files and templates, and a hostile environment: nothing leaks, nothing hangs, nothing crashes.

Every case runs the installed command in a process of its own, under a memory limit and a timeout, in an
empty folder, and asserts: the promised Vietnamese message and exit status, the input byte-identical, no file
written but the output, nothing half-written or temporary left behind.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hostile
from conftest import EXAMPLE, digest
from toolkit.office import convert, find_soffice

KIEMDIEM = Path(sys.executable).with_name("kiemdiem")
MEMORY = 2 * 1024 ** 3
needs_office = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed here")


def run(*args, cwd, env=None, timeout=30, fsize=None):
    """The command in its own process: memory and (optionally) file size limited, no traceback allowed."""
    def limits():
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        if fsize:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    started = time.monotonic()
    proc = subprocess.run([str(KIEMDIEM), *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=timeout, preexec_fn=limits)
    proc.seconds = time.monotonic() - started
    assert "Traceback" not in proc.stderr + proc.stdout and "Exception ignored" not in proc.stderr, proc.stderr
    return proc


def leftovers(folder: Path, keep=()) -> list:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.fixture(scope="module")
def office_copies(tmp_path_factory):
    """The example saved by LibreOffice as .xlsx (with a shared-strings table), .ods and .xls."""
    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed here")
    folder = tmp_path_factory.mktemp("lo")
    return {fmt: convert(EXAMPLE, fmt, folder) for fmt in ("xlsx", "ods", "xls")}


def _far_xls(folder):
    far = hostile.with_cell(folder / "xa.xlsx", "Xếp loại", "IV65536")
    return convert(far, "xls", folder / "xls")


REFUSED = {
    "far-cell": (lambda f, lo: hostile.with_cell(f / "o-xa.xlsx", "Xếp loại", "XFD1048576"), "XFD1048576"),
    "far-cell-6000": (lambda f, lo: hostile.with_cell(f / "o-6000.xlsx", "Ban Chấp hành", "XFD6000"), "quá giới hạn"),
    "shared-strings": (lambda f, lo: hostile.shared_strings_claim(lo["xlsx"], f / "chuoi.xlsx"), "bảng chuỗi"),
    "ods-repeated": (lambda f, lo: hostile.ods_repeated(lo["ods"], f / "lap.ods"), "quá giới hạn"),
    "xls-far": (lambda f, lo: _far_xls(f), "IV65536"),
}


@needs_office
@pytest.mark.parametrize("case", REFUSED)
def test_oversized_sheets_are_refused_before_any_grid_is_built(tmp_path, office_copies, case):
    build, says = REFUSED[case]
    path = build(tmp_path, office_copies)
    before = digest(path)
    work = tmp_path / "work"
    work.mkdir()
    proc = run("validate", path, cwd=work)
    assert proc.returncode == 2 and says in proc.stderr, proc.stderr
    assert proc.seconds < 10
    assert digest(path) == before and leftovers(work) == []


READABLE = {
    "xls-named-xlsx": lambda f, lo: shutil.copy(lo["xls"], f / "that-ra-la-xls.xlsx"),
    "ods-named-xlsx": lambda f, lo: shutil.copy(lo["ods"], f / "that-ra-la-ods.xlsx"),
    "xlsx-named-xlsb": lambda f, lo: shutil.copy(EXAMPLE, f / "that-ra-la-xlsx.xlsb"),
    "utf16-sheets": lambda f, lo: hostile.utf16_sheets(f / "utf16.xlsx"),
}


@needs_office
@pytest.mark.parametrize("case", READABLE)
def test_misnamed_or_unusually_encoded_workbooks_are_read_as_what_they_are(tmp_path, office_copies, case):
    path = Path(READABLE[case](tmp_path, office_copies))
    proc = run("validate", path, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "7 người trong nhiệm kỳ, 5 người đang giữ chức vụ" in proc.stdout and "350 dòng điểm danh" in proc.stdout


def test_an_invisible_mark_in_a_name_is_stripped_and_warned(tmp_path):
    path = hostile.name_with_bidi_mark(tmp_path / "rlm.xlsx")
    data = json.loads(run("validate", path, "--json", cwd=tmp_path).stdout)
    codes = [p["code"] for p in data["problems"]]
    assert data["ok"] and codes == ["invisible-characters"]
    assert data["problems"][0]["sheet"] == "Điểm danh" and data["problems"][0]["cell"] == "B2"


def test_a_hidden_data_sheet_beside_a_visible_twin_is_warned(tmp_path):
    path = hostile.hidden_sheet_with_visible_twin(tmp_path / "an.xlsx")
    data = json.loads(run("validate", path, "--json", cwd=tmp_path).stdout)
    hidden = [p for p in data["problems"] if p["code"] == "hidden-sheet"]
    assert hidden and "Xếp loại (2)" in hidden[0]["message"]


# --- templates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("case", sorted({**hostile.BOMBS, **hostile.ESCAPES}))
def test_a_template_can_neither_escape_nor_run_forever(tmp_path, case):
    text = {**hostile.BOMBS, **hostile.ESCAPES}[case]
    template = tmp_path / "mau.docx"
    template.write_bytes(hostile.docx_with([text]))
    work = tmp_path / "work"
    work.mkdir()
    proc = run("report", EXAMPLE, "--template", template, "-o", work / "bc.docx", cwd=work, timeout=60)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    assert proc.seconds < 15
    assert leftovers(work) == [] and not Path("/tmp/kiemdiem-pwned.docx").exists()


def test_a_loop_hidden_in_the_title_property_is_bounded_too(tmp_path):
    template = tmp_path / "mau.docx"
    template.write_bytes(hostile.docx_with(["{{ ten_doan }}"], title=hostile.BOMBS["nested-loops"]))
    proc = run("report", EXAMPLE, "--template", template, "-o", tmp_path / "bc.docx", cwd=tmp_path, timeout=60)
    assert proc.returncode == 1 and proc.seconds < 15 and not (tmp_path / "bc.docx").exists()


@pytest.mark.parametrize("build, code", [
    (hostile.template_with_external_image, "template-external"),
    (hostile.template_with_remote_template, "template-external"),
    (hostile.template_with_file_link, "template-external"),
    (hostile.template_with_macros, "template-macro"),
    (hostile.template_with_fetching_field, "template-field"),
])
def test_templates_that_reach_outside_are_refused_naming_the_part(tmp_path, build, code):
    template = tmp_path / "mau.docx"
    template.write_bytes(build())
    proc = run("check-template", template, "--json", cwd=tmp_path)
    data = json.loads(proc.stdout)
    assert proc.returncode == 1 and code in [p["code"] for p in data["problems"]]
    proc = run("report", EXAMPLE, "--template", template, "-o", tmp_path / "bc.docx", cwd=tmp_path)
    assert proc.returncode == 1 and not (tmp_path / "bc.docx").exists()


def test_a_web_link_in_a_template_is_fine(tmp_path):
    template = tmp_path / "mau.docx"
    template.write_bytes(hostile.template_with_web_link())
    assert run("check-template", template, cwd=tmp_path).returncode == 0


# --- the environment ---------------------------------------------------------------------------

def test_a_folder_where_a_file_is_expected(tmp_path):
    proc = run("validate", tmp_path, cwd=tmp_path)
    assert proc.returncode == 2 and "thư mục" in proc.stderr
    proc = run("report", EXAMPLE, "-o", tmp_path, cwd=tmp_path)
    assert proc.returncode == 3 and "thư mục" in proc.stderr and leftovers(tmp_path) == []


def test_usage_errors_are_vietnamese(tmp_path):
    proc = run("report", "--khong-co-tuy-chon", cwd=tmp_path)
    assert proc.returncode == 2 and "Không có tùy chọn" in proc.stderr
    assert "Usage" not in proc.stderr and "Error" not in proc.stderr and "No such option" not in proc.stderr
    assert "Cách dùng" in run("--help", cwd=tmp_path).stdout


def test_a_closed_pipe_is_not_an_internal_fault(tmp_path):
    proc = subprocess.Popen([str(KIEMDIEM), "indicators", EXAMPLE], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=30) == 3
    assert "Lỗi ngoài dự kiến" not in err and "Traceback" not in err


def test_a_full_disk_says_so_and_leaves_nothing(tmp_path):
    proc = run("report", EXAMPLE, "-o", tmp_path / "bc.docx", cwd=tmp_path, fsize=20_000)
    assert proc.returncode == 3 and "đĩa đã đầy" in proc.stderr and str(tmp_path) in proc.stderr
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_says_so(tmp_path):
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        proc = run("report", EXAMPLE, "-o", folder / "bc.docx", cwd=tmp_path)
        assert proc.returncode == 3 and "quyền ghi" in proc.stderr
    finally:
        folder.chmod(0o755)


def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path):
    out = tmp_path / "bc.docx"
    old = os.umask(0o022)
    try:
        assert run("report", EXAMPLE, "-o", out, cwd=tmp_path).returncode == 0
        assert out.stat().st_mode & 0o777 == 0o644
        out.chmod(0o640)
        assert run("report", EXAMPLE, "-o", out, "--force", cwd=tmp_path).returncode == 0
        assert out.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_two_runs_on_one_output_never_both_write_it(tmp_path):
    out = tmp_path / "bc.docx"
    procs = [subprocess.Popen([str(KIEMDIEM), "report", str(EXAMPLE), "-o", str(out)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for _ in range(3)]
    statuses = sorted(p.wait(timeout=60) for p in procs)
    assert statuses == [0, 3, 3] and leftovers(tmp_path) == ["bc.docx"]


def _fake_office(folder: Path) -> Path:
    """A LibreOffice that never answers and starts a child of its own (as soffice starts soffice.bin)."""
    script = folder / "soffice"
    script.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {folder}/child.pid\nwait\n")
    script.chmod(0o755)
    return script


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().split()[2] != "Z"


def test_a_hung_libreoffice_is_stopped_with_its_children(tmp_path):
    env = {"KIEMDIEM_SOFFICE": str(_fake_office(tmp_path)), "KIEMDIEM_SOFFICE_TIMEOUT": "2", "TMPDIR": str(tmp_path)}
    proc = run("report", EXAMPLE, "-o", tmp_path / "bc.docx", "--pdf", cwd=tmp_path, env=env)
    assert proc.returncode == 3 and "không trả lời" in proc.stderr
    assert not _alive(int((tmp_path / "child.pid").read_text()))
    assert leftovers(tmp_path, keep={"soffice", "child.pid"}) == ["bc.docx"]


@pytest.mark.parametrize("sig, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_stopping_the_command_leaves_no_temporary_file_or_process(tmp_path, sig, status):
    env = {**os.environ, "KIEMDIEM_SOFFICE": str(_fake_office(tmp_path)), "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([str(KIEMDIEM), "report", str(EXAMPLE), "-o", str(tmp_path / "bc.docx"), "--pdf"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    for _ in range(200):
        if (tmp_path / "child.pid").exists():
            break
        time.sleep(0.05)
    time.sleep(0.2)
    proc.send_signal(sig)
    assert proc.wait(timeout=30) == status
    err = proc.stderr.read().decode("utf-8")
    assert "Traceback" not in err
    assert not _alive(int((tmp_path / "child.pid").read_text()))
    assert leftovers(tmp_path, keep={"soffice", "child.pid"}) == ["bc.docx"]
