"""Problems found in a workbook: typed, positioned, readable by people and programs."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

ERROR = "lỗi"
WARNING = "cảnh báo"


@dataclass(frozen=True)
class Problem:
    level: str        # ERROR or WARNING
    code: str         # stable machine-readable type, e.g. "missing-sheet"
    message: str      # Vietnamese: what is wrong and how to fix it
    sheet: str = ""
    cell: str = ""    # e.g. "H7"; empty when the problem concerns the whole sheet or file

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet

    def as_dict(self) -> dict:
        return {**asdict(self), "where": self.where}


@dataclass
class Report:
    """What the checker found, in the order found."""
    problems: list = field(default_factory=list)

    def add(self, level, code, message, sheet="", cell=""):
        self.problems.append(Problem(level, code, message, sheet, cell))

    def error(self, code, message, sheet="", cell=""):
        self.add(ERROR, code, message, sheet, cell)

    def warning(self, code, message, sheet="", cell=""):
        self.add(WARNING, code, message, sheet, cell)

    def extend(self, other: "Report"):
        self.problems.extend(other.problems)

    @property
    def errors(self):
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self):
        return [p for p in self.problems if p.level == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self):
        return [p.code for p in self.problems]

    def to_json(self, **extra) -> str:
        return json.dumps({"hop_le": self.ok, "so_loi": len(self.errors),
                           "so_canh_bao": len(self.warnings), **extra,
                           "van_de": [p.as_dict() for p in self.problems]},
                          ensure_ascii=False, indent=2)

    def to_table(self) -> str:
        """A plain-text table: mức độ, vị trí, nội dung — errors first."""
        rows = sorted(self.problems, key=lambda p: p.level != ERROR)
        if not rows:
            return ""
        where_w = max(len("Vị trí"), *(len(p.where) for p in rows))
        level_w = len(WARNING)
        lines = [f"{'Mức độ':<{level_w}}  {'Vị trí':<{where_w}}  Nội dung",
                 f"{'-' * level_w}  {'-' * where_w}  {'-' * 40}"]
        lines += [f"{p.level:<{level_w}}  {p.where:<{where_w}}  {p.message}" for p in rows]
        return "\n".join(lines)


class UnreadableWorkbook(Exception):
    """The file cannot be read as a workbook at all; the message is Vietnamese, one line."""
