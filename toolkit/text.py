"""Vietnamese text rules shared by the reader, the checker and the report.

* ``key`` turns what a person typed into a comparison key: NFC, trimmed and
  collapsed spaces, case-folded, old/new tone-mark placement made equal.
* ``tidy`` is for printing: NFC, collapsed spaces, and the new tone-mark
  placement ("Uỷ" → "Ủy"), which is what the toolkit prints.
* ``looks_legacy_encoded`` spots text typed with TCVN3 (ABC) or VNI fonts.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
# Old placement puts the tone on the second vowel of "oa", "oe", "uy" at the end
# of a syllable ("hoà", "Uỷ"); the new one on the first ("hòa", "Ủy").  "qu" is a
# consonant, so "quý" is the same in both.
_OLD_TONE = re.compile(rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONES}])(?![\w\u0300-\u036f])")
_SPACES = re.compile(r"\s+")
# marks that change how text looks or reads but not what it says: bidi controls and zero-width characters
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")


def has_invisible(value) -> bool:
    return isinstance(value, str) and _has_invisible(value)


@lru_cache(maxsize=1 << 16)
def _has_invisible(text: str) -> bool:
    return bool(INVISIBLE.search(text))


def new_tone_style(text: str) -> str:
    """Move tone marks to the new placement: "hoà" → "hòa", "Uỷ" → "Ủy"."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


def tidy(value) -> str:
    """The printable form of a text cell: NFC, single spaces, "Ủy" not "Uỷ"."""
    if value is None:
        return ""
    return _tidy(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=1 << 16)  # a workbook repeats its names, statuses and list values thousands of times
def _tidy(text: str) -> str:
    text = INVISIBLE.sub("", text).replace("\u00a0", " ")
    return new_tone_style(_SPACES.sub(" ", text).strip())


def lines(value) -> list:
    """The lines of a cell (Alt+Enter in Excel, a new line in LibreOffice), as typed."""
    return (value if isinstance(value, str) else str(value or "")).splitlines()


def key(value) -> str:
    """Comparison key for names, headers and list values."""
    return _key(value if isinstance(value, str) else tidy(value))


@lru_cache(maxsize=1 << 16)
def _key(text: str) -> str:
    return tidy(text).casefold()


def strip_marks(text: str) -> str:
    """Remove Vietnamese diacritics: "Họ và tên" → "Ho va ten"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def nearest(value: str, candidates, cutoff: float = 0.5) -> str | None:
    """The candidate closest to ``value`` (ignoring case and diacritics), if any is close."""
    target = strip_marks(key(value))
    best, score = None, cutoff
    for cand in candidates:
        ratio = difflib.SequenceMatcher(None, target, strip_marks(key(cand))).ratio()
        if ratio > score:
            best, score = cand, ratio
    return best


# Characters that Unicode Vietnamese uses from the Latin-1 block.
_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# VNI writes a base vowel then a Latin-1 mark letter: "Vaên" (Văn), "Nguyeãn" (Nguyễn).
_VNI_PAIRS = re.compile("[aeoAEO][\u00e2\u00ea\u00f9\u00f8\u00fb\u00f5\u00ef\u00e3\u00c2\u00ca\u00d9\u00d8\u00db\u00d5\u00cf\u00c3]")
_VIET_ONLY = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")


def looks_legacy_encoded(text: str) -> bool:
    """True for text typed in TCVN3 (".VnTime") or VNI fonts rather than Unicode.

    Such text shows Latin-1 symbols where Vietnamese letters should be
    ("NguyÔn V¨n A", "Nguyeãn Vaên A") and no letter that only Unicode
    Vietnamese has (ă, đ, ơ, ư, ạ …).
    """
    if not isinstance(text, str) or _VIET_ONLY.search(text):
        return False
    # TCVN3 puts lower-case letters on symbols (¨ © ª « ¬ ® µ ¶ · ¸ ¹ …): they weigh double.
    odd = sum(2 if c <= "\u00bf" else 1
              for c in text if "\u00a1" <= c <= "\u00ff" and c not in _VIET_LATIN1)
    odd += 2 * len(_VNI_PAIRS.findall(text))
    return odd >= 2


def dmy(day) -> str:
    """15/04/2017 — how dates are shown in messages."""
    return day.strftime("%d/%m/%Y") if day else ""
