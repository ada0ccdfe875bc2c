"""Render the report: the template context, and docxtpl in a sandbox.

The context holds every indicator under its catalog name, the unit's names and
settings, the computed sentences (``cau_*``), the narrative (``noi_dung``) and the
appendix chart.  User templates are untrusted: they are rendered by Jinja's
sandboxed environment with autoescaping, so a template can neither reach Python
internals nor break the document's XML with what the workbook holds.
"""
from __future__ import annotations

from pathlib import Path

from . import sentences, standard as std
from .errors import TemplateError, UnreadableTemplate
from .formatting import chu_hoa, la_ma, ngay_thang_nam
from .sandbox import environment
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
        "cau_han_che_hop": sentences.regime_weakness(values, s),
        "cau_han_che_chi_tieu": sentences.targets_weakness(values),
    })
    return ctx


CHART = "bieu_do_hop"  # the appendix chart's variable: placed by the template, made at render time


def template_variables() -> set:
    """Every name a template may use: the context the toolkit builds, the settings and the chart."""
    from .catalog import CATALOG
    from .indicators import compute
    from .reader import from_rows
    wb = from_rows({"nam_ket_thuc": 2022, "nam_bat_dau": 2017})
    return set(build_context(wb, compute(wb))) | {i.name for i in CATALOG} | set(std.SETTINGS_BY_CODE) | {CHART}


def chart_of(values) -> tuple | None:
    """(categories, series, title) of the appendix chart, or None when there is no meeting to draw."""
    years = values["hop_theo_nam"]
    if not years:
        return None
    return ([str(y["nam"]) for y in years],
            [("Họp định kỳ", [y["dinh_ky"] for y in years]), ("Họp bất thường", [y["bat_thuong"] for y in years])],
            "Số cuộc họp của Ban Chấp hành theo năm")


def render(wb, values: dict, template, out: Path, isolate: bool | None = None) -> None:
    """Fill ``template`` (a path or the bytes of a .docx) for ``wb`` into ``out`` (a path the caller made
    temporary).  A template other than the shipped one is filled in a child process under time and memory
    limits (``isolated.py``).  Raises UnreadableTemplate, TemplateError."""
    from .resources import default_template
    name = Path(template).name if isinstance(template, (str, Path)) else "mẫu báo cáo"
    if isolate is None:
        isolate = isinstance(template, bytes) or Path(template).resolve() != default_template().resolve()
    data = template if isinstance(template, bytes) else Path(template).read_bytes()
    context, chart = build_context(wb, values), chart_of(values)
    if isolate:
        from .isolated import fill_isolated
        blob = fill_isolated(context, chart, data, name)
    else:
        blob = fill(context, chart, data, name)
    Path(out).write_bytes(blob)


def _patched_template_class():
    from docxtpl import DocxTemplate

    from . import code_cache

    class CachedTemplate(DocxTemplate):
        """docxtpl's clean-up of the template's XML (many regular expressions) kept on disk with the compiled
        templates: the same template is cleaned once."""

        def patch_xml(self, src_xml):
            patched = code_cache.get_text("patch", src_xml)
            if patched is None:
                patched = super().patch_xml(src_xml)
                code_cache.put_text("patch", src_xml, patched)
            return patched
    return CachedTemplate


def fill(context: dict, chart, data: bytes, name: str) -> bytes:
    """docxtpl in the bounded sandbox: the filled document's bytes (in memory: a failed write leaves nothing)."""
    import io

    import jinja2

    from .chart import add_column_chart
    from .sandbox import TemplateBudgetExceeded, inert
    _CachedTemplate = _patched_template_class()
    try:
        tpl = _CachedTemplate(io.BytesIO(data))
        tpl.init_docx()
    except Exception:
        raise UnreadableTemplate(f"Không mở được mẫu báo cáo “{name}”: không phải tệp .docx hợp lệ.") from None
    context = dict(context)
    placed = chart is not None and CHART in tpl.docx.element.xml
    context[CHART] = inert(add_column_chart(tpl.docx.part, *chart)) if placed else ""
    try:
        tpl.render(context, environment(), autoescape=True)
    except TemplateBudgetExceeded as exc:
        raise TemplateError(f"Mẫu báo cáo “{name}” bị dừng: {exc}.") from None
    except jinja2.exceptions.SecurityError:
        raise TemplateError(f"Mẫu báo cáo “{name}” dùng thuộc tính hoặc hàm không được phép (chỉ dùng được các "
                            "biến, bộ lọc và vòng lặp trong tài liệu mẫu báo cáo).") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"Mẫu báo cáo “{name}” có thẻ Jinja sai cú pháp (dòng {exc.lineno}).") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"Không điền được mẫu báo cáo “{name}” ({type(exc).__name__}).") from None
    except RecursionError:
        raise TemplateError(f"Mẫu báo cáo “{name}” gọi lồng nhau quá sâu.") from None
    except Exception as exc:  # docxtpl/lxml on a template whose tags produce broken XML
        raise TemplateError(f"Không điền được mẫu báo cáo “{name}” ({type(exc).__name__}): có thẻ đặt sai chỗ.") \
            from None
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def default_name(wb) -> str:
    """bao-cao-kiem-diem-bch-2017-2022.docx (ASCII, the term's years)."""
    s = wb.settings
    years = f"-{s['nam_bat_dau']}-{s['nam_ket_thuc']}" if s.get("nam_bat_dau") and s.get("nam_ket_thuc") else ""
    return f"bao-cao-kiem-diem-bch{years}.docx"
