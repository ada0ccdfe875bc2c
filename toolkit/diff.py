"""What changed between two copies of a workbook (the copies that cross in e-mail).

Rows are matched by their natural key in each sheet, not by their position: a person's position by name,
post and start date; a meeting by date and kind; a roll-call line by date and name; a rating by year and
subject; a target by its text; a paragraph by its section and rank; a setting by its code.  Each change says
the sheet, the cells (in the old and the new copy) and the values before and after.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import standard as std
from .text import dmy, key

KEYS = {"settings": ("code",), "members": ("name", "position", "start"), "meetings": ("date", "kind"),
        "roll_call": ("date", "name"), "ratings": ("year", "subject"), "targets": ("target",),
        "narrative": ("section", "#")}
IGNORED = {"settings": {"label"}}  # free text a person may edit: not a change of the data


@dataclass
class Change:
    sheet: str
    kind: str          # added | removed | changed
    row: str           # the row's key, as a person reads it
    column: str = ""   # header (changed)
    old: str = ""
    new: str = ""
    old_cell: str = ""
    new_cell: str = ""

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def line(self) -> str:
        if self.kind == "added":
            return f"{self.sheet}: thêm dòng {self.new_cell} ({self.row})"
        if self.kind == "removed":
            return f"{self.sheet}: bỏ dòng {self.old_cell} ({self.row})"
        return f"{self.sheet}!{self.new_cell}: {self.column} của ({self.row}) “{self.old}” → “{self.new}”"


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return dmy(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _keyed(table, sheet_key) -> dict:
    rows, seen, bases = {}, {}, {}
    for r in table.rows:
        parts = []
        for k in KEYS[sheet_key]:
            if k == "#":
                n = seen[r["section"]] = seen.get(r["section"], 0) + 1
                parts.append(n)
            else:
                parts.append(key(r[k]) if isinstance(r[k], str) else r[k])
        base = tuple(parts)
        rank = bases[base] = bases.get(base, -1) + 1  # two meetings of one kind on one day: in order
        rows[base + (rank,)] = r
    return rows


def _label(table, r, sheet_key) -> str:
    return ", ".join(_show(r[k]) if k != "#" else "" for k in KEYS[sheet_key] if k != "#") or f"dòng {r.number}"


def compare(old, new) -> list:
    """The changes from workbook ``old`` to workbook ``new`` (both from ``load``)."""
    changes = []
    for spec in std.SHEETS:
        a, b = old.tables[spec.key], new.tables[spec.key]
        if not (a.present or b.present):
            continue
        ra, rb = _keyed(a, spec.key), _keyed(b, spec.key)
        for k, r in ra.items():
            if k not in rb:
                changes.append(Change(spec.name, "removed", _label(a, r, spec.key), old_cell=f"A{r.number}"))
        for k, r in rb.items():
            if k not in ra:
                changes.append(Change(spec.name, "added", _label(b, r, spec.key), new_cell=f"A{r.number}"))
                continue
            before = ra[k]
            for col in spec.columns:
                if col.key in IGNORED.get(spec.key, ()) or col.key == "no":
                    continue
                x, y = _show(before[col.key]), _show(r[col.key])
                if x != y:
                    changes.append(Change(spec.name, "changed", _label(b, r, spec.key), col.header, x, y,
                                          a.cell(col.key, before.number), b.cell(col.key, r.number)))
    return changes
