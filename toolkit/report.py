"""Render the report: the template context, and docxtpl in a sandbox.

The context holds every indicator under its catalog name, the unit's names and
settings, the computed sentences (``cau_*``), the narrative (``noi_dung``) and the
appendix chart.  User templates are untrusted: they are rendered by Jinja's
sandboxed environment with autoescaping, so a template can neither reach Python
internals nor break the document's XML with what the workbook holds.
"""
from __future__ import annotations

import re
from pathlib import Path

from . import sentences, standard as std
from .errors import UnreadableTemplate
from .formatting import chu_hoa, la_ma, ngay_thang_nam
from .sandbox import environment
from .text import lines, tidy

NBSP = "\u00a0"
# Header names are printed in capitals, 13 pt, in a column about 8.6 cm wide (the shipped template): a part of a
# name is bound with no-break spaces only when it fits a line with room to spare (in ems of Times New Roman
# Bold capitals), so a line breaks between the parts of a name and never inside one.
HEADER_LINE_EM = 18.0
_EM = {"I": 0.389, **dict.fromkeys("J0123456789–*", 0.5), "S": 0.556, **dict.fromkeys("FP", 0.611),
       **dict.fromkeys("BELTZ", 0.667), **dict.fromkeys("GHKOQ", 0.778), "M": 0.944, "W": 1.0,
       **dict.fromkeys(" .,", 0.25)}  # the rest: letters 0.722, other signs 0.333
DASHES = ("–", "-", "—")
# Lower-case words that, before a name, belong to it: "tỉnh Bà Rịa – Vũng Tàu", "thành phố Hồ Chí Minh".
PLACE_WORDS = (("tỉnh",), ("huyện",), ("quận",), ("xã",), ("phường",), ("thành", "phố"), ("thị", "xã"),
               ("thị", "trấn"), ("miền",))
# Words that begin a phrase: a part too long for a line may break before one (never inside a word).
PHRASE_WORDS = ("và", "các", "của", "trực", "cho", "về", "với", "tại")
YEAR_RANGE = re.compile(r"\b(\d{4}) ([-–—]) (\d{4})\b")


def narrative(wb) -> dict:
    """Section code → paragraphs [{"text", "bullet"}]; a bullet's leading "- " is left to the list style."""
    out = {code: [] for code in std.SECTIONS}
    for r in wb.narrative.rows:
        if r["section"] in out and r["text"]:  # a section the standard does not know was refused by the checker
            for line in lines(r["text"]):  # Alt+Enter in a cell starts a paragraph
                text = tidy(line)
                bullet = text.startswith(("- ", "+ ", "• "))  # tidy() made any tab a space
                text = keep_ranges(text[2:].strip() if bullet else text)
                if text:
                    out[r["section"]].append({"text": text, "bullet": bullet})
    return out


def place_meeting_claim(texts: dict, claim: str) -> bool:
    """Put the computed meeting-regime claim where a narrative paragraph holds the mark {che_do_hop} (an empty
    claim leaves no gap, a paragraph that held only the mark goes).  True when some paragraph held it."""
    placed = False
    for section, paragraphs in texts.items():
        kept = []
        for p in paragraphs:
            if std.MEETING_MARK_RE.search(p["text"]):
                placed = True
                p = {**p, "text": re.sub(r" {2,}", " ", std.MEETING_MARK_RE.sub(lambda _: claim, p["text"])).strip()}
            if p["text"]:
                kept.append(p)
        texts[section] = kept
    return placed


def keep_ranges(text: str) -> str:
    """A year range never breaks at its dash ("2017 / - 2022"): no-break spaces around the dash."""
    return YEAR_RANGE.sub(f"\\1{NBSP}\\2{NBSP}\\3", text) if text else text


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


def _em(text: str) -> float:
    """Width of ``text`` printed in capitals, in ems (Times New Roman Bold; accents do not change a width)."""
    import unicodedata
    base = unicodedata.normalize("NFD", text.upper().replace("Đ", "D"))
    return sum(_EM.get(c, 0.722 if c.isalpha() else 0.333) for c in base if not unicodedata.combining(c))


def _bind(text: str) -> str:
    return NBSP.join(text.split())


def _parts(words) -> list:
    """Words that read as one: a word with the lower-case words after it ("Thông tin", "Bảo hiểm xã hội") and a
    dash with the word before it; a word that begins a phrase ("và", "trực thuộc") or a place word before a name
    ("tỉnh Bà Rịa") starts a part."""
    def before_name(i):
        return any(tuple(words[i:i + len(p)]) == p and i + len(p) < len(words) and words[i + len(p)][:1].isupper()
                   for p in PLACE_WORDS)
    parts = []
    for i, w in enumerate(words):
        if parts and not before_name(i) and w not in PHRASE_WORDS and (w in DASHES or w[:1].islower()):
            parts[-1].append(w)
        else:
            parts.append([w])
    return parts


def _name_like(words) -> bool:
    return all(w[:1].isupper() or w in DASHES for w in words)


def _groups(parts) -> list:
    """``parts`` joined where a line must not break, as long as the result fits a line: capitalised single
    words in a row (an abbreviation and a person's or a place's name: "THPT Lê Lợi", "Bà Rịa – Vũng Tàu"),
    then a place word with the name after it ("thành phố Hồ Chí Minh")."""
    def fits(words):
        return _em(" ".join(words)) <= HEADER_LINE_EM
    names = []
    for part in parts:
        last = names[-1] if names else None
        if last and _name_like(part) and _name_like(last) and fits(last + part):
            last.extend(part)
        else:
            names.append(list(part))
    out = []
    for group in names:
        last = out[-1] if out else None
        if last and not _name_like(last) and _name_like(group) and fits(last + group):
            last.extend(group)
        else:
            out.append(group)
    return [" ".join(g) for g in out]


def _pieces(words) -> list:
    """``words`` bound into pieces that each fit a line, broken (when they must be) only before a word that
    begins a phrase ("Khối các cơ quan / và doanh nghiệp"); left as they are when no such break fits."""
    if not words or _em(" ".join(words)) <= HEADER_LINE_EM:
        return [_bind(" ".join(words))] if words else []
    for cut in range(len(words) - 1, 0, -1):  # the longest first piece that fits: the fewest lines
        if words[cut] in PHRASE_WORDS and _em(" ".join(words[:cut])) <= HEADER_LINE_EM:
            rest = _pieces(words[cut:])
            if all(NBSP in r or " " not in r for r in rest):
                return [_bind(" ".join(words[:cut]))] + rest
    return [" ".join(words)]


def header_name(text) -> str:
    """A name for the header's left column, in capitals, whose line breaks fall between its parts:
    "BCH ĐOÀN SỞ / THÔNG TIN VÀ TRUYỀN THÔNG", "BCH ĐOÀN TRƯỜNG / THPT LÊ LỢI" (never "… LÊ / LỢI").
    The lead ("BCH Đoàn" or "Đoàn" and the kind of unit: "Sở", "Trường", "Công ty") is one part, the proper
    name after it another when it fits a line; a longer name keeps its own parts whole."""
    words = str(text or "").split()
    lead = 0
    while lead < len(words) - 1 and words[lead] in ("BCH", "Đoàn", "ĐOÀN"):
        lead += 1
    parts = _parts(words[lead:])
    if not parts:
        return ""
    rest = _groups(parts[1:])
    out = _pieces(words[:lead] + parts[0])
    if rest and _em(" ".join(rest)) <= HEADER_LINE_EM:
        out.append(_bind(" ".join(rest)))
    else:
        for group in rest:
            out += _pieces(group.split())
    return chu_hoa(" ".join(out))


def date_line(place, date_text: str) -> str:
    """"<địa danh>, ngày … tháng … năm …": the date is never broken ("… tháng ... / năm 2022"), nor a short
    place name; a long line breaks after the comma."""
    place = str(place or "")
    return f"{_bind(place) if _em(place) <= HEADER_LINE_EM else place}, {_bind(date_text)}"


def build_context(wb, values: dict) -> dict:
    s = wb.settings
    style = s.get("kieu_ngay") or "nd30"
    n = sentences.names(s)
    texts = narrative(wb)
    claim_placed = place_meeting_claim(texts, sentences.meeting_claim(values, s))
    signer = sentences.signature(values, s)
    ctx = dict(values)
    ctx.update(n)
    ctx.update({code: s.get(code) for code in std.SETTINGS_BY_CODE})
    ctx.update({
        "du_thao": s.get("du_thao") == std.YES,
        "nhiem_ky_la_ma": la_ma(s["nhiem_ky_so"]) if s.get("nhiem_ky_so") else "",
        "so_hieu": _document_number(s.get("so_ky_hieu")),
        "dong_ngay_thang": date_line(s.get("dia_danh"),
                                     ngay_thang_nam(s.get("ngay_bao_cao"), style, values["ngay_tinh_den"].year)),
        "doan_cap_tren_in_hoa": header_name(s.get("doan_cap_tren")),
        "bch_in_hoa": header_name(f"BCH {n['ten_doan']}"),
        "thay_mat": signer["tm"],
        "chuc_danh_ky": signer["chuc_danh"],
        "nguoi_ky": signer["ho_ten"],
        "chuc_vu_ky": signer["chuc_danh"][-1] if signer["chuc_danh"] else "",
        "noi_nhan": _recipients(s),
        "noi_dung": texts,
    })
    ctx.update({name: keep_ranges(text) for name, text in {
        "cau_bien_dong": sentences.personnel_changes(values, n, s.get("ly_do_bien_dong")),
        "cau_hien_nay": sentences.current_bch(values, n, _tail(texts["nhan_su"])),
        "cau_hoat_dong": sentences.activity(n, s.get("ngay_dai_hoi"), style, _tail(texts["hoat_dong"])),
        "cau_che_do_hop": (sentences.meeting_figures if claim_placed else sentences.meeting_regime)(values, s, style),
        "cau_xep_loai": sentences.ratings(values, n, s),
        "cau_chi_tieu": sentences.targets(values),
        "cau_han_che_nhan_su": sentences.personnel_weakness(values, n),
        "cau_han_che_hop": sentences.regime_weakness(values, s),
        "cau_han_che_chi_tieu": sentences.targets_weakness(values),
        "cau_han_che_xep_loai": sentences.ratings_weakness(values, n),
    }.items()})
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
        blob = fill(context, chart, data, name, quick=True)
    Path(out).write_bytes(blob)


def patched_template_class():
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


def fill(context: dict, chart, data: bytes, name: str, quick: bool = False) -> bytes:
    """The filled document's bytes (in memory: a failed write leaves nothing), by Jinja in the bounded sandbox.
    ``quick`` (a trusted template): without python-docx when the template allows it (``quickfill.py``)."""
    from .sandbox import rendering_errors
    with rendering_errors(name):
        if quick:
            from . import quickfill
            form = quickfill.prepared(data, CHART)
            blob = form and quickfill.fill(form, data, context, chart, CHART, environment())
            if blob:
                return blob
        return _fill_docxtpl(context, chart, data, name)


def _fill_docxtpl(context: dict, chart, data: bytes, name: str) -> bytes:
    import io

    from .chart import add_column_chart
    from .sandbox import inert
    try:
        tpl = patched_template_class()(io.BytesIO(data))
        tpl.init_docx()
    except Exception:
        raise UnreadableTemplate(f"Không mở được mẫu báo cáo “{name}”: không phải tệp .docx hợp lệ.") from None
    context = dict(context)
    placed = chart is not None and CHART in tpl.docx.element.xml
    context[CHART] = inert(add_column_chart(tpl.docx.part, *chart)) if placed else ""
    tpl.render(context, environment(), autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def default_name(wb) -> str:
    """bao-cao-kiem-diem-bch-2017-2022.docx (ASCII, the term's years)."""
    s = wb.settings
    years = f"-{s['nam_bat_dau']}-{s['nam_ket_thuc']}" if s.get("nam_bat_dau") and s.get("nam_ket_thuc") else ""
    return f"bao-cao-kiem-diem-bch{years}.docx"
