"""Cell addresses: column letters and numbers, without importing openpyxl (0.13 s on every Excel click)."""
from __future__ import annotations


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
