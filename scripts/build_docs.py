#!/usr/bin/env python3
"""Write docs/*.md from the definitions they describe (standard, catalog, template context)."""
from __future__ import annotations

import sys
from pathlib import Path

from toolkit.docs import PAGES


def main(argv=None):
    out = Path((argv or sys.argv[1:] or ["docs"])[0])
    out.mkdir(parents=True, exist_ok=True)
    for name, page in PAGES.items():
        (out / name).write_text(page(), encoding="utf-8")
        print(out / name)


if __name__ == "__main__":
    main()
