"""The library's API, as the Excel, batch and e-mail faces will use it — and the promise that no output ever
replaces an input."""
from __future__ import annotations

import ast
import os
import re
import threading

import openpyxl
import pytest
from docx import Document

import toolkit
from toolkit import errors
from toolkit.problems import CATALOG

from conftest import EXAMPLE, ROOT, TODAY, digest, kiemdiem


def sheets_of(path, top_left="A1"):
    """What an Excel adapter reads from an open book: every sheet's values, placed at ``top_left``."""
    book = openpyxl.load_workbook(path, data_only=True)
    return {ws.title: toolkit.SheetValues([list(r) for r in ws.iter_rows(values_only=True)], top_left)
            for ws in book.worksheets}


def body_of(path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


# --- load from anything an adapter holds -------------------------------------------------------

def test_load_reads_a_path_bytes_a_file_object_and_sheets_alike():
    by_path = toolkit.compute(toolkit.load(EXAMPLE), TODAY)
    data = EXAMPLE.read_bytes()
    assert toolkit.compute(toolkit.load(data, name="so.xlsx"), TODAY) == by_path
    with open(EXAMPLE, "rb") as fh:
        assert toolkit.compute(toolkit.load(fh), TODAY) == by_path
    assert toolkit.compute(toolkit.load(sheets_of(EXAMPLE)), TODAY) == by_path


def test_sheets_placed_away_from_a1_keep_their_cells(example):
    example.set("Ban Chấp hành", 4, "Chức vụ", "Thư ký")
    sheets = sheets_of(example.save(), top_left="C3")
    problems = toolkit.check(toolkit.load(sheets), TODAY)
    assert [(p.code, p.sheet, p.cell) for p in problems.errors] == [("bad-value", "Ban Chấp hành", "H6")]


def test_an_unreadable_source_is_one_error_of_the_family():
    with pytest.raises(errors.UnreadableWorkbook) as caught:
        toolkit.load(b"not a workbook", name="thu.xlsx")
    assert caught.value.exit_status == 2 and "thu.xlsx" in caught.value.message
    result = toolkit.validate(b"", name="rong.xlsx")
    assert not result.readable and result.as_dict()["problems"][0]["code"] == "unreadable-workbook"


# --- make_report with no file in between -------------------------------------------------------

def test_a_report_from_in_memory_sheets_and_from_bytes(tmp_path):
    from_sheets = toolkit.make_report(sheets_of(EXAMPLE), out_dir=tmp_path / "a")
    from_bytes = toolkit.make_report(EXAMPLE.read_bytes(), out_dir=tmp_path / "b", name="so-cua-doan.xlsx")
    assert from_sheets.docx.parent == tmp_path / "a" and from_bytes.docx.parent == tmp_path / "b"
    assert body_of(from_sheets.docx) == body_of(from_bytes.docx)
    assert "Hiện nay Ban Chấp hành Đoàn Sở Thông tin và Truyền thông có 05 đồng chí." in body_of(from_bytes.docx)
    assert from_bytes.unit == "Sở Thông tin và Truyền thông" and from_bytes.term == "2017 – 2022"
    assert from_bytes.as_dict()["ok"] is True


def test_a_batch_loop_reuses_what_each_report_computed(tmp_path):
    """What `kiemdiem batch` will do: one call per unit, the summary row from the result, nothing read twice."""
    rows = []
    for n, source in enumerate([EXAMPLE, EXAMPLE.read_bytes()]):
        result = toolkit.make_report(source, out_dir=tmp_path, name=f"don-vi-{n}.xlsx")
        rows.append({"file": result.workbook.name, "unit": result.unit, "docx": result.docx.name,
                     "members": result.values["so_uy_vien_hien_nay"], "warnings": len(result.problems.warnings)})
    assert [r["docx"] for r in rows] == ["bao-cao-kiem-diem-bch-2017-2022.docx",
                                         "bao-cao-kiem-diem-bch-2017-2022-2.docx"]
    assert [r["members"] for r in rows] == [5, 5] and rows[1]["file"] == "don-vi-1.xlsx"


def test_two_workers_never_take_the_same_name(tmp_path):
    written, failures = [], []

    def work():
        try:
            written.append(toolkit.make_report(EXAMPLE, out_dir=tmp_path).docx)
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(exc)
    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures and len(set(written)) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)  # no temporary left


def test_an_explicit_output_is_never_replaced_without_overwrite(tmp_path):
    out = tmp_path / "bc.docx"
    out.write_bytes(b"old")
    with pytest.raises(errors.OutputExists) as caught:
        toolkit.make_report(EXAMPLE, out=out)
    assert caught.value.exit_status == 3 and out.read_bytes() == b"old"
    assert toolkit.make_report(EXAMPLE, out=out, overwrite=True).docx == out
    assert "Đoàn Sở Thông tin" in body_of(out)


def test_workbook_errors_come_with_the_problems(example):
    example.set("Ban Chấp hành", 4, "Chức vụ", "Thư ký")
    with pytest.raises(errors.WorkbookHasErrors) as caught:
        toolkit.make_report(example.save(), out_dir=example.target.parent / "out")
    assert caught.value.exit_status == 1 and caught.value.problems.errors[0].where == "Ban Chấp hành!F4"
    assert not (example.target.parent / "out").exists() or not any((example.target.parent / "out").iterdir())


def test_a_broken_template_is_the_template_s_fault_not_the_workbook_s(tmp_path):
    bad = tmp_path / "mau.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(errors.UnreadableTemplate) as caught:
        toolkit.make_report(EXAMPLE, out_dir=tmp_path, template=bad)
    assert caught.value.code == "unreadable-template" and "mau.docx" in caught.value.message


# --- no output is ever an input ---------------------------------------------------------------

def test_indicators_never_write_over_the_workbook(example_copy):
    before = digest(example_copy)
    run = kiemdiem("indicators", example_copy, "--xlsx", example_copy, "--force")
    assert run.returncode == 3 and "tệp đầu vào" in run.stderr
    assert "-o" not in run.stderr
    assert digest(example_copy) == before


def test_report_never_writes_over_its_template(tmp_path):
    from toolkit.resources import default_template
    template = tmp_path / "mau.docx"
    template.write_bytes(default_template().read_bytes())
    before = digest(template)
    run = kiemdiem("report", EXAMPLE, "--template", template, "-o", template, "--force")
    assert run.returncode == 3 and digest(template) == before


@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_the_same_file_under_another_name_is_refused(example_copy, tmp_path, link):
    other = tmp_path / "ten-khac.xlsx"
    (os.link if link == "hard" else os.symlink)(example_copy, other)
    before = digest(example_copy)
    with pytest.raises(errors.OutputIsInput):
        toolkit.write_indicators(toolkit.compute(toolkit.load(example_copy)), other, overwrite=True,
                                 inputs=(example_copy,))
    assert digest(example_copy) == before


def test_new_says_how_to_choose_another_name_without_mentioning_o(tmp_path):
    out = tmp_path / "so.xlsx"
    out.write_bytes(b"do not touch")
    run = kiemdiem("new", out)
    assert run.returncode == 3 and "--force" in run.stderr and "(-o)" not in run.stderr and "với -o" not in run.stderr


# --- the error family and the problem catalog --------------------------------------------------

def test_every_error_has_a_code_an_exit_status_and_a_vietnamese_message():
    family = [getattr(errors, n) for n in dir(errors) if isinstance(getattr(errors, n), type)
              and issubclass(getattr(errors, n), errors.KiemdiemError)]
    assert len(family) >= 10
    for cls in family:
        assert cls.exit_status in errors.EXIT, cls
    statuses = {cls.code: cls.exit_status for cls in family if cls.code != "error"}
    assert statuses["unreadable-workbook"] == statuses["unreadable-template"] == 2
    assert statuses["workbook-has-errors"] == statuses["template-has-errors"] == 1
    assert statuses["office-missing"] == statuses["output-exists"] == statuses["output-failed"] == 3


def _emitted_codes():
    """Every problem code a call in the toolkit's source can emit (first argument of .error/.warning/.add
    or of Problem(...))."""
    found = set()

    def constants(node):
        return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    for path in (ROOT / "toolkit").glob("*.py"):
        if path.name == "errors.py":  # the error family's codes are not problems
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                if name in ("error", "warning", "add", "Problem") and not isinstance(node.args[0], ast.Name):
                    found |= constants(node.args[0])
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "code" for t in node.targets):
                found |= constants(node.value)
    return found


def test_every_problem_the_checker_can_emit_is_in_the_catalog():
    emitted = {c for c in _emitted_codes() if re.fullmatch(r"[a-z]+(-[a-z]+)+", c)}
    assert len(emitted) > 50
    assert emitted - set(CATALOG) == set()
    assert set(CATALOG) - emitted == set(), "catalogued codes nothing emits"


def test_the_core_never_tells_a_user_to_run_a_command():
    """How to act (a command, a flag, a button) is the face's: the CLI adds it, an Excel button cannot run it."""
    faces = {"cli.py", "docs.py"}
    for path in (ROOT / "toolkit").glob("*.py"):
        if path.name in faces:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        # the blank workbook's instructions sheet is documentation: it may say what LibreOffice users run
        docstrings |= {id(c) for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)
                       and n.name == "instruction_lines" for c in ast.walk(n)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                    and not node.value.isascii():  # what a person reads is Vietnamese
                assert "kiemdiem " not in node.value and not re.search(r"(^|\s)--?[a-z]", node.value), \
                    (path.name, node.value)


def test_the_api_is_exported_and_documented():
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    for name in ("load", "check", "compute", "validate", "make_report", "write_pdf", "check_template",
                 "write_indicators", "new_workbook", "SheetValues"):
        assert hasattr(toolkit, name) and f"`{name}" in doc, name


def test_the_api_docs_examples_run(tmp_path, monkeypatch):
    """docs/api.md's examples are code that runs (from the project folder)."""
    monkeypatch.chdir(ROOT)
    doc = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", doc, re.S)
    assert blocks
    scope = {"OUT": tmp_path}
    for block in blocks:
        exec(compile(block.replace("\"bao-cao\"", "OUT / 'bao-cao'"), "api.md", "exec"), scope)


def test_reading_turns_the_collector_off_only_while_it_reads(tmp_path):
    """load, check and compute pause the cycle collector for speed; a host program (the Excel click, a batch
    worker, a library user) gets it back on, after a good workbook and after an unreadable one alike."""
    import gc
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    wb = toolkit.load(EXAMPLE)
    toolkit.compute(wb)
    toolkit.check(wb)
    assert gc.isenabled()
    with pytest.raises(errors.UnreadableWorkbook):
        toolkit.load(broken)
    assert gc.isenabled()
