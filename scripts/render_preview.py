#!/usr/bin/env python3
"""Render the example's report and save its first page as docs/images/bao-cao-trang-1.png (for the README).

Needs LibreOffice (soffice) and poppler-utils (pdftoppm).
"""
from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from toolkit.api import make_report
from toolkit.office import convert
from toolkit.resources import example_workbook

OUT = Path("docs/images/bao-cao-trang-1.png")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        docx = make_report(example_workbook(), out=Path(tmp) / "vi-du.docx").docx
        pdf = convert(docx, "pdf", tmp)
        OUT.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(OUT.with_suffix(""))], check=True)
    print(OUT)


if __name__ == "__main__":
    main()
