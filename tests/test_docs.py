"""The documentation is generated from the definitions, and stays in step with them."""
from __future__ import annotations

from toolkit.docs import NAMES, PAGES, SENTENCES
from toolkit.catalog import CATALOG
from toolkit import standard
from toolkit.template_check import known_variables

from conftest import ROOT


def test_docs_are_up_to_date():
    for name, page in PAGES.items():
        committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert committed == page(), f"docs/{name} is stale: run python scripts/build_docs.py"


def test_every_template_variable_is_documented():
    documented = set(SENTENCES) | set(NAMES) | {i.name for i in CATALOG} | set(standard.SETTINGS_BY_CODE)
    assert known_variables() - documented == set()


def test_spec_indicator_names_are_kept_exactly():
    spec = ["so_uy_vien_dau_nhiem_ky", "so_uy_vien_hien_nay", "bi_thu_thoi_nhiem_vu", "bi_thu_bau_bo_sung",
            "uy_vien_rut_ten", "uy_vien_bo_sung", "so_nu", "ty_le_nu", "so_dang_vien", "ty_le_dang_vien",
            "so_cuoc_hop", "so_hop_dinh_ky", "so_hop_bat_thuong", "ty_le_ky_co_hop", "giu_tan_suat_hop",
            "ty_le_du_hop", "hop_theo_nam", "xep_loai_tap_the", "deu_dat_htxsnv", "chi_tieu", "so_chi_tieu_dat"]
    assert [i.name for i in CATALOG][:len(spec)] == spec
