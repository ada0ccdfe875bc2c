"""The documentation is generated from the definitions, and stays in step with them."""
from __future__ import annotations

import re

from toolkit.docs import NAMES, PAGES, SENTENCES
from toolkit.catalog import CATALOG
from toolkit import standard
from toolkit.report import template_variables

from conftest import ROOT


def test_docs_are_up_to_date():
    for name, page in PAGES.items():
        committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert committed == page(), f"docs/{name} is stale: run python scripts/build_docs.py"


def test_every_template_variable_is_documented():
    documented = set(SENTENCES) | set(NAMES) | {i.name for i in CATALOG} | set(standard.SETTINGS_BY_CODE)
    assert template_variables() - documented == set()


SPEC_NAMES = ["so_uy_vien_dau_nhiem_ky", "so_uy_vien_hien_nay", "bi_thu_thoi_nhiem_vu", "bi_thu_bau_bo_sung",
              "bi_thu_thoi_nhiem_vu_luot", "bi_thu_bau_bo_sung_luot", "uy_vien_rut_ten", "uy_vien_bo_sung", "so_nu",
              "ty_le_nu", "so_dang_vien", "ty_le_dang_vien", "so_cuoc_hop", "so_hop_dinh_ky", "so_hop_bat_thuong",
              "ty_le_ky_co_hop", "giu_tan_suat_hop", "ty_le_du_hop", "hop_theo_nam", "xep_loai_tap_the",
              "deu_dat_htxsnv", "chi_tieu", "so_chi_tieu_dat"]


def _spec_names():
    """The indicator names of shared/spec/workbook-standard.md, in its order (the list above without it)."""
    spec = ROOT.parent / "shared" / "spec" / "workbook-standard.md"
    if not spec.exists():
        return SPEC_NAMES
    table = spec.read_text(encoding="utf-8").split("## Indicators every report can use")[1]
    rows = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    return [name for row in rows for name in re.findall(r"`([a-z_]+)`", row)]


def test_spec_indicator_names_are_kept_exactly():
    spec = _spec_names()
    assert spec == SPEC_NAMES
    assert [i.name for i in CATALOG][:len(spec)] == spec
