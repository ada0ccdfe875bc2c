"""The batch's summary workbook (tong-hop.xlsx): one row per unit, the problems, the files set aside, the units
expected that sent nothing, and a totals row — a table across hundreds of units, where pandas is at home."""
from __future__ import annotations

from pathlib import Path

from .files import atomic_output

COLUMNS = {  # summary column → (unit attribute or key figure, kind)
    "Đơn vị": "unit", "Đoàn cấp trên": "above", "Nhiệm kỳ": "term", "Tình trạng": "status_words",
    "Số ủy viên hiện nay": "so_uy_vien_hien_nay", "Rút tên": "uy_vien_rut_ten", "Bổ sung": "uy_vien_bo_sung",
    "Có biến động": "co_bien_dong", "Khuyết Bí thư": "khuyet_bi_thu", "Số cuộc họp": "so_cuoc_hop",
    "Họp định kỳ": "so_hop_dinh_ky", "Tỷ lệ tháng (quý) có họp định kỳ (%)": "ty_le_ky_co_hop",
    "Giữ chế độ họp": "giu_tan_suat_hop", "Tỷ lệ dự họp (%)": "ty_le_du_hop", "Xếp loại tổ chức": "xep_loai",
    "Hàng năm cùng một mức": "deu_cung_xep_loai", "Chỉ tiêu đạt": "chi_tieu_dat", "Số lỗi": "errors",
    "Số cảnh báo": "warnings", "Báo cáo": "docx", "PDF": "pdf", "Tệp nhận": "origin", "Ghi chú": "message",
}
SUMMED = ("Số ủy viên hiện nay", "Rút tên", "Bổ sung", "Số cuộc họp", "Họp định kỳ", "Số lỗi", "Số cảnh báo")


def _yes_no(value):
    return "" if value is None else "Có" if value else "Không"


def _row(u) -> dict:
    from .batch import STATUS
    v = u.values
    row = {"unit": u.unit, "above": u.above, "term": u.term, "status_words": STATUS[u.status], "origin": u.origin,
           "docx": u.docx, "pdf": u.pdf, "message": u.message,
           "errors": sum(p["level"] == "error" for p in u.problems),
           "warnings": sum(p["level"] == "warning" for p in u.problems)}
    if v:
        row.update({k: v.get(k) for k in ("so_uy_vien_hien_nay", "uy_vien_rut_ten", "uy_vien_bo_sung",
                                          "so_cuoc_hop", "so_hop_dinh_ky", "ty_le_ky_co_hop", "ty_le_du_hop",
                                          "xep_loai")})
        row.update({k: _yes_no(v.get(k)) for k in ("co_bien_dong", "khuyet_bi_thu", "giu_tan_suat_hop",
                                                    "deu_cung_xep_loai")})
        row["chi_tieu_dat"] = f"{v['so_chi_tieu_dat']}/{v['so_chi_tieu']}" if v.get("so_chi_tieu") else ""
    return {title: row.get(source) for title, source in COLUMNS.items()}


def write_summary(units, aside, missing, path: Path) -> Path:
    import pandas as pd
    shown = [u for u in units if u.status != "aside"]
    table = pd.DataFrame([_row(u) for u in shown], columns=list(COLUMNS))
    if missing:
        table = pd.concat([table, pd.DataFrame([{"Đơn vị": m, "Tình trạng": "Chưa gửi sổ"} for m in missing],
                                               columns=list(COLUMNS))], ignore_index=True)
    table.insert(0, "STT", range(1, len(table) + 1))
    totals = {"STT": "", "Đơn vị": f"Tổng cộng ({sum(u.status in ('ok', 'unchanged') for u in shown)} báo cáo)"}
    totals.update({c: pd.to_numeric(table[c], errors="coerce").sum() for c in SUMMED})
    table = pd.concat([table, pd.DataFrame([totals])], ignore_index=True)
    problems = _problems(shown)
    unreadable = [{"Tệp": u.origin, "Lý do": u.message} for u in shown if u.status == "unreadable"]
    set_aside = pd.DataFrame([{"Tệp": a.origin, "Lý do": a.reason} for a in aside] + unreadable,
                             columns=["Tệp", "Lý do"])
    sheets = {"Tổng hợp": table, "Vấn đề": problems, "Tệp để riêng": set_aside}
    if missing:
        sheets["Chưa gửi"] = pd.DataFrame({"Đơn vị": missing})
    return _write(sheets, path)


def write_problems(units, path: Path) -> Path:
    """The problems of ``units`` alone (the mail-in reply's van-de.xlsx), as the summary's "Vấn đề" sheet."""
    return _write({"Vấn đề": _problems(units)}, path)


def _problems(units):
    import pandas as pd
    return pd.DataFrame([{"Tệp": u.origin, "Đơn vị": u.unit, "Vị trí": where(p),
                          "Mức": "lỗi" if p["level"] == "error" else "cảnh báo", "Nội dung": p["message"],
                          "Cách sửa": p["fix"], "Mã": p["code"]} for u in units for p in u.problems],
                        columns=["Tệp", "Đơn vị", "Vị trí", "Mức", "Nội dung", "Cách sửa", "Mã"])


def _write(sheets: dict, path: Path) -> Path:
    import pandas as pd
    with atomic_output(path, overwrite=True) as out:
        with pd.ExcelWriter(out.tmp, engine="xlsxwriter") as writer:
            for name, frame in sheets.items():
                frame.to_excel(writer, sheet_name=name, index=False)
                sheet = writer.sheets[name]
                sheet.freeze_panes(1, 0)
                for i, column in enumerate(frame.columns):
                    width = max([len(str(column))] + [len(str(x)) for x in frame[column].head(200)])
                    sheet.set_column(i, i, min(max(width + 2, 8), 60))
    return out.path


def where(p) -> str:
    """"Sheet!C5" of a problem as the batch keeps it (a dict)."""
    return f"{p['sheet']}!{p['cell']}" if p["sheet"] and p["cell"] else p["sheet"] or p["cell"]
