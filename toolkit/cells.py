"""Cell addresses (column letters and numbers) and number formats, without importing openpyxl (0.13 s on every
Excel click)."""
from __future__ import annotations

import re

_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted text, an escaped character, [colour] or [condition]


def column_letter(index: int) -> str:
    """1 → "A", 27 → "AA"."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str | bytes) -> int:
    """"A" → 1, "AA" → 27; also the bytes of a cell reference read from the XML (b"XFD" → 16384)."""
    codes = letters.upper().encode("ascii") if isinstance(letters, str) else letters.upper()
    index = 0
    for code in codes:
        index = index * 26 + code - 64
    return index


def is_percent_format(code) -> bool:
    """An Excel number format that shows the value as a percentage ("0%", "0.00%"; not a quoted "%")."""
    return bool(code) and "%" in _LITERAL.sub("", str(code))
