#!/usr/bin/env python3
"""Rebuild the macro workbook with the buttons, from text:

    python scripts/build_macro_workbook.py [OUT_DIR]     (default: workbooks/)

* so-theo-doi-bch.xlsm — the blank "Sổ theo dõi Ban Chấp hành" (the same builder and standard as the .xlsx,
  ``toolkit/blank.py``) with the buttons of the instructions sheet, an active ``xlwings.conf`` sheet without any
  interpreter path, and a VBA project of
    - ``vba/KiemDiem.bas``: one Sub per button, each a RunPython into ``toolkit.excel``;
    - xlwings' own module ``xlwings.bas`` and its ``Dictionary`` class, taken from the installed xlwings, whose
      version must be ``toolkit.excel.XLWINGS_VERSION`` (the set-up script installs that same version).

The VBA project is written by pyopenvba (test-time dependency, with xlwings) into a copy of the workbook without
VBA, then XlsxWriter writes the workbook again with that project (``add_vba_project``), which also gives the
package its macro-enabled content type and the code names the project's document modules expect.
``kiemdiem new --macro`` reuses the project of the shipped file and needs neither.
"""
from __future__ import annotations

import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.blank import MACRO_BOOK, build_blank  # noqa: E402
from toolkit.excel import XLWINGS_VERSION  # noqa: E402
from toolkit.files import atomic_output  # noqa: E402

VBA_DIR = ROOT / "vba"
OUR_MODULES = ("KiemDiem.bas",)


def read_source(path: Path) -> str:
    """A module's text exactly as stored (CRLF line ends, ASCII)."""
    return path.read_bytes().decode("ascii")


def xlwings_modules() -> dict:
    """{module name: source} of xlwings' VBA module and Dictionary class, from the installed xlwings."""
    import xlwings
    if xlwings.__version__ != XLWINGS_VERSION:
        raise SystemExit(f"xlwings {xlwings.__version__} is installed; the workbook embeds the VBA of "
                         f"{XLWINGS_VERSION} (toolkit.excel.XLWINGS_VERSION): install that version or move the pin.")
    package = Path(xlwings.__file__).parent
    return {"xlwings": read_source(package / "xlwings.bas"),
            "Dictionary": read_source(package / "addin" / "Dictionary.cls")}


def modules(xlwings_stub: str | None = None) -> list:
    """(name, source, is_class) of every module of the project, in the order they are declared.  With
    ``xlwings_stub``, that source stands in for xlwings' module and the Dictionary class is left out (a variant
    for LibreOffice, which cannot compile either)."""
    ours = [(Path(n).stem, read_source(VBA_DIR / n), n.endswith(".cls")) for n in OUR_MODULES]
    if xlwings_stub is not None:
        return ours + [("xlwings", xlwings_stub, False)]
    theirs = xlwings_modules()
    return ours + [("xlwings", theirs["xlwings"], False), ("Dictionary", theirs["Dictionary"], True)]


def vba_project(module_list) -> bytes:
    """The vbaProject.bin of the macro workbook's layout holding ``module_list``, written by pyopenvba."""
    from pyopenvba import ExcelFile, VBAModuleKind
    with tempfile.TemporaryDirectory(prefix="kiemdiem-vba-") as tmp:
        plain, with_vba = Path(tmp) / "plain.xlsm", Path(tmp) / "vba.xlsm"
        build_blank(plain, macro=True)
        with ExcelFile(plain) as book:
            project = book.add_vba_project()
            for name, source, is_class in module_list:
                project.add_module(name, source, kind=VBAModuleKind.other if is_class else VBAModuleKind.standard)
            book.save(with_vba)
        with zipfile.ZipFile(with_vba) as z:
            return z.read("xl/vbaProject.bin")


def build(out: Path, module_list=None, overwrite: bool = True) -> Path:
    """The macro workbook at ``out`` (by default with our modules and xlwings' own)."""
    project = vba_project(module_list if module_list is not None else modules())
    with atomic_output(out, overwrite=overwrite) as written:
        build_blank(written.tmp, macro=True, vba_project=project)
    return written.path


def main(argv=None):
    out = Path((argv or sys.argv[1:] or ["workbooks"])[0])
    print(build(out / MACRO_BOOK))


if __name__ == "__main__":
    main()
