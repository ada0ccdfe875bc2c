"""Who held which position when: the facts the checker and the indicators share.

A position is held from ``start`` up to, not including, ``end`` (so a person who
moves from Phó Bí thư to Bí thư on a day holds only the new position that day).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .text import key


@dataclass(frozen=True)
class Position:
    person: str            # comparison key of the name
    name: str              # the name as printed
    position: str
    start_how: str
    start: dt.date
    end: dt.date | None
    end_reason: str | None
    row: int               # Excel row in "Ban Chấp hành"

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def positions(wb) -> list:
    """The usable rows of "Ban Chấp hành" (name and start present), by start date.

    A row whose position or start form could not be read is kept (as None), so that one
    typo does not make the person vanish from every meeting and roll call.
    """
    found = [Position(key(r["name"]), r["name"], r["position"], r["start_how"], r["start"], r["end"],
                      r["end_reason"], r.number)
             for r in wb.members.rows if r["name"] and r["start"]]
    return sorted(found, key=lambda p: (p.start, p.row))


def by_person(items) -> dict:
    """person key → that person's positions in time order."""
    people = {}
    for p in items:
        people.setdefault(p.person, []).append(p)
    return people


def in_office(items, day: dt.date) -> set:
    """Person keys holding a position on ``day``."""
    return {p.person for p in items if p.holds_on(day)}


def reference_date(settings, today: dt.date | None = None) -> dt.date:
    """"Now" of the report: ``ngay_bao_cao``; else today, but never after 31/12 of ``nam_ket_thuc``."""
    if settings.get("ngay_bao_cao"):
        return settings["ngay_bao_cao"]
    today = today or dt.date.today()
    end_year = settings.get("nam_ket_thuc")
    return min(today, dt.date(end_year, 12, 31)) if end_year else today
