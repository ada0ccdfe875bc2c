"""Render the report: the template context, and docxtpl in a sandbox.

The context holds every indicator under its catalog name, the unit's names and
settings, the computed sentences (``cau_*``), the narrative (``noi_dung``) and the
appendix chart.  User templates are untrusted: they are rendered by Jinja's
sandboxed environment with autoescaping, so a template can neither reach Python
internals nor break the document's XML with what the workbook holds.
"""
from __future__ import annotations

from pathlib import Path

from jinja2.sandbox import ImmutableSandboxedEnvironment

from . import sentences, standard as std
from .formatting import FILTERS, chu_hoa, la_ma, ngay_thang_nam
from .text import tidy

def narrative(wb) -> dict:
    """Section code → paragraphs [{"text", "bullet"}]; a bullet's leading "- " is left to the list style."""
    out = {code: [] for code in std.SECTIONS}
    for r in wb.narrative.rows:
        if r["section"] and r["text"]:
            text = tidy(r["text"])
            bullet = text.startswith(("- ", "+ ", "• "))  # tidy() made any tab a space
            out[r["section"]].append({"text": text[2:].strip() if bullet else text, "bullet": bullet})
    return out


def _tail(paragraphs) -> str:
    return " ".join(p["text"] for p in paragraphs)


def _document_number(value) -> str:
    if not value:
        return "Số: ......-BC/ĐTN"
    value = str(value).strip()
    return f"Số:      {value}" if value.startswith("-") else f"Số: {value}"


def _recipients(settings) -> list:
    lines = [tidy(line) for line in str(settings.get("noi_nhan") or "").splitlines() if tidy(line)]
    if not lines:
        above = settings.get("doan_cap_tren")
        lines = ([f"Ban Thường vụ {above};"] if above else []) + ["Lưu."]
    return [line if line.startswith("-") else f"- {line}" for line in lines]


def build_context(wb, values: dict) -> dict:
    s = wb.settings
    style = s.get("kieu_ngay") or "nd30"
    n = sentences.names(s)
    texts = narrative(wb)
    signer = sentences.signature(values, s)
    ctx = dict(values)
    ctx.update(n)
    ctx.update({code: s.get(code) for code in std.SETTINGS_BY_CODE})
    ctx.update({
        "du_thao": s.get("du_thao") == std.YES,
        "nhiem_ky_la_ma": la_ma(s["nhiem_ky_so"]) if s.get("nhiem_ky_so") else "",
        "so_hieu": _document_number(s.get("so_ky_hieu")),
        "dong_ngay_thang": f"{s.get('dia_danh') or ''}, "
                           f"{ngay_thang_nam(s.get('ngay_bao_cao'), style, values['ngay_tinh_den'].year)}",
        "doan_cap_tren_in_hoa": chu_hoa(s.get("doan_cap_tren")),
        "bch_in_hoa": chu_hoa(f"BCH {n['ten_doan']}"),
        "thay_mat": signer["tm"],
        "chuc_danh_ky": signer["chuc_danh"],
        "nguoi_ky": signer["ho_ten"],
        "chuc_vu_ky": signer["chuc_danh"][-1] if signer["chuc_danh"] else "",
        "noi_nhan": _recipients(s),
        "noi_dung": texts,
        "cau_bien_dong": sentences.personnel_changes(values, n, s.get("ly_do_bien_dong")),
        "cau_hien_nay": sentences.current_bch(values, n, _tail(texts["nhan_su"])),
        "cau_hoat_dong": sentences.activity(n, s.get("ngay_dai_hoi"), style, _tail(texts["hoat_dong"])),
        "cau_che_do_hop": sentences.meeting_regime(values, s, style),
        "cau_xep_loai": sentences.ratings(values, n, s),
        "cau_chi_tieu": sentences.targets(values),
        "cau_han_che_nhan_su": sentences.personnel_weakness(values, n),
    })
    return ctx


def environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(autoescape=True)
    env.filters.update(FILTERS)
    return env


class TemplateError(Exception):
    """The template cannot be rendered; the message is Vietnamese and names the problem."""


def render(wb, values: dict, template: Path, out: Path) -> None:
    """Render ``template`` for ``wb`` into ``out`` (a path the caller made temporary)."""
    import jinja2
    from docxtpl import DocxTemplate

    from .chart import ColumnChart
    try:
        tpl = DocxTemplate(str(template))
    except Exception as exc:
        raise TemplateError(f"Không mở được mẫu báo cáo “{Path(template).name}”: không phải tệp .docx hợp lệ "
                            f"({type(exc).__name__}).") from None
    ctx = build_context(wb, values)
    years = values["hop_theo_nam"]
    ctx["bieu_do_hop"] = ColumnChart(tpl, [str(y["nam"]) for y in years],
                                     [("Họp định kỳ", [y["dinh_ky"] for y in years]),
                                      ("Họp bất thường", [y["bat_thuong"] for y in years])],
                                     "Số cuộc họp của Ban Chấp hành theo năm") if years else ""
    try:
        tpl.render(ctx, environment(), autoescape=True)
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"Mẫu báo cáo dùng lệnh không được phép ({exc}).") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"Mẫu báo cáo có thẻ Jinja sai cú pháp: {exc.message}. Chạy “kiemdiem "
                            "check-template” để biết vị trí.") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"Không điền được mẫu báo cáo: {exc}.") from None
    except Exception as exc:  # docxtpl/lxml on a template whose tags produce broken XML
        raise TemplateError(f"Không điền được mẫu báo cáo ({type(exc).__name__}). Chạy “kiemdiem "
                            "check-template” để tìm thẻ đặt sai chỗ.") from None
    tpl.save(str(out))


class HasErrors(Exception):
    """The input has errors (``problems``): no report is written from it."""

    def __init__(self, problems):
        super().__init__(f"{len(problems.errors)} errors")
        self.problems = problems


class WorkbookHasErrors(HasErrors):
    """The workbook has errors: the report would state what the data cannot support."""


class TemplateHasErrors(HasErrors):
    """A user's template has tags that would not render (see template_check)."""


def default_name(wb) -> str:
    s = wb.settings
    years = f"-{s['nam_bat_dau']}-{s['nam_ket_thuc']}" if s.get("nam_bat_dau") and s.get("nam_ket_thuc") else ""
    return f"bao-cao-kiem-diem-bch{years}.docx"


def make_report(workbook, out=None, template=None, today=None, overwrite=False, also=()):
    """Read, check, compute and render; return (docx path, problems).  The one entry point of every adapter.

    ``out`` None: a name from the term's years in the current folder, numbered if taken
    (also when a file with one of the suffixes ``also``, such as ".pdf", takes it).
    A user's ``template`` is checked first (``template_check``).
    Raises UnreadableWorkbook, WorkbookHasErrors, TemplateHasErrors, TemplateError, files.OutputExists.
    """
    from .checks import check
    from .files import atomic_output, free_name
    from .indicators import compute
    from .reader import read_workbook
    from .resources import default_template
    if template is not None:
        from .template_check import check_template
        template_problems = check_template(template)
        if not template_problems.ok:
            raise TemplateHasErrors(template_problems)
    wb = read_workbook(workbook)
    problems = check(wb, today=today)
    if not problems.ok:
        raise WorkbookHasErrors(problems)
    values = compute(wb, today=today)
    if out is None:
        out, overwrite = free_name(Path.cwd() / default_name(wb), also), False
    with atomic_output(out, overwrite) as tmp:
        render(wb, values, Path(template) if template else default_template(), tmp)
    return Path(out), problems


def write_pdf(docx, overwrite: bool = False) -> Path:
    """The PDF beside ``docx``, through LibreOffice; written whole or not at all.

    Raises office.OfficeMissing, office.ConversionFailed, files.OutputExists.
    """
    import tempfile
    from .files import atomic_output
    from .office import convert
    docx = Path(docx)
    target = docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="kiemdiem-pdf-") as tmpdir:
        produced = convert(docx, "pdf", tmpdir)
        with atomic_output(target, overwrite) as tmp:
            tmp.write_bytes(produced.read_bytes())
    return target
