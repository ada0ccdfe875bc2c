"""Who held which position when, and what changed: the facts the checker, the indicators and the report share.

A position is held from ``start`` up to, not including, ``end`` (so a person who moves from Phó Bí thư to
Bí thư on a day holds only the new position that day).

People are told apart by name and, where two people share a name, by ``Năm sinh``: "Nguyễn Thị Hương
(1994)" and "Nguyễn Thị Hương (1998)" are two people, and other sheets name them that way.

Every change of the term is one ``Event`` (an addition, a return, a departure, a change of position).
The report's sentences and its appendix both count these events, so the body can never say less than the
appendix lists.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from . import standard as std
from .text import key, tidy

CONGRESS_GRACE = dt.timedelta(days=31)  # "Bầu tại Đại hội" covers the first BCH meeting after the congress
_WITH_YEAR = re.compile(r"^(.*?)\s*\((\d{4})\)\s*$")


@dataclass(frozen=True)
class Position:
    person: str            # identity: the name's comparison key, plus "|year" when two people share the name
    name: str              # as printed: "Nguyễn Thị Hương", or "Nguyễn Thị Hương (1994)" when shared
    position: str | None
    typed_how: str | None  # "Hình thức" as typed
    how: str | None        # as counted: "Bầu tại Đại hội" long after the congress counts as "Bầu bổ sung"
    start: dt.date
    end: dt.date | None
    end_reason: str | None
    row: int               # Excel row in "Ban Chấp hành"
    gender: str | None = None
    party: str | None = None

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Event:
    """One change of the term.  ``kind``: join (first time in the BCH), return (back after leaving),
    leave (out of the BCH), move (from ``old_position`` to ``position`` inside the BCH)."""
    day: dt.date
    kind: str
    person: str
    name: str
    position: str | None
    how: str | None = None          # join, return, move: how the new position started
    reason: str | None = None       # leave, move: "Lý do thôi" of the position that ended
    old_position: str | None = None  # move
    row: int = 0

    def ends(self) -> str | None:
        """The position this event ends, if any."""
        return self.position if self.kind == "leave" else self.old_position if self.kind == "move" else None

    def starts(self) -> str | None:
        """The position this event starts, if any."""
        return self.position if self.kind in ("join", "return", "move") else None

    @property
    def steps_down(self) -> bool:
        """A move to a lower post (Bí thư → Ủy viên Ban Chấp hành …): nobody is elected to it."""
        return self.kind == "move" and rank(self.position) > rank(self.old_position)


def rank(position) -> int:
    """0 for Bí thư … 3 for Ủy viên Ban Chấp hành; an unreadable post ranks last."""
    return std.POSITIONS.index(position) if position in std.POSITIONS else len(std.POSITIONS)


# --- identity ---------------------------------------------------------------------------------

class People:
    """Names as typed in any sheet → the person they mean."""

    def __init__(self, member_rows):
        self.years = {}     # name key → set of birth years seen
        self.names = {}     # name key → the name as first typed
        self._resolved = {}  # name as typed → resolve()
        for r in member_rows:
            if r["name"]:
                k = key(r["name"])
                self.names.setdefault(k, tidy(r["name"]))
                if r["birth_year"]:
                    self.years.setdefault(k, set()).add(r["birth_year"])

    def shared(self, name_key: str) -> bool:
        """True when two people (two birth years) have this name."""
        return len(self.years.get(name_key, ())) > 1

    def of_member_row(self, name, birth_year) -> tuple:
        """(person, printed name) of a row of "Ban Chấp hành"."""
        k = key(name)
        if self.shared(k):
            year = birth_year or "?"
            return f"{k}|{year}", f"{tidy(name)} ({year})"
        return k, self.names.get(k, tidy(name))

    def resolve(self, text) -> tuple:
        """(person, None) for a name typed in another sheet, or (None, reason) when it names nobody or is
        ambiguous.  "Nguyễn Thị Hương (1994)" names the one born in 1994."""
        if text not in self._resolved:
            self._resolved[text] = self._resolve(text)
        return self._resolved[text]

    def _resolve(self, text) -> tuple:
        text = tidy(text)
        m = _WITH_YEAR.match(text)
        name, year = (m.group(1), int(m.group(2))) if m else (text, None)
        k = key(name)
        if k not in self.names:
            return None, "unknown"
        if self.shared(k):
            if year is None:
                return None, "ambiguous"
            return (f"{k}|{year}", None) if year in self.years[k] else (None, "unknown")
        return k, None

    def alternatives(self, name_key: str) -> list:
        return [f"{self.names[name_key]} ({y})" for y in sorted(self.years.get(name_key, ()))]


# --- positions --------------------------------------------------------------------------------

def positions(wb, people: People | None = None) -> list:
    """The usable rows of "Ban Chấp hành" (name and start present), by start date.

    A row whose position or start form could not be read is kept (as None), so that one typo does not make
    the person vanish from every meeting and roll call.
    """
    people = people or People(wb.members.rows)
    congress = wb.settings.get("ngay_dai_hoi")
    found = []
    for r in wb.members.rows:
        if not (r["name"] and r["start"]):
            continue
        person, name = people.of_member_row(r["name"], r["birth_year"])
        how = r["start_how"]
        if how == std.ELECTED_AT_CONGRESS and late_for_congress(r["start"], congress):
            how = std.BY_ELECTED
        found.append(Position(person, name, r["position"], r["start_how"], how, r["start"], r["end"],
                              r["end_reason"], r.number, r["gender"], r["party"]))
    return sorted(found, key=lambda p: (p.start, p.row))


def late_for_congress(start: dt.date, congress: dt.date | None) -> bool:
    """A start too late to be the congress's election (or the first BCH meeting right after it)."""
    return congress is not None and start > congress + CONGRESS_GRACE


def as_of(items, now: dt.date) -> list:
    """The positions known on ``now``: started by then; an end after ``now`` is not known yet."""
    out = []
    for p in items:
        if p.start > now:
            continue
        out.append(p if p.end is None or p.end <= now else replace(p, end=None, end_reason=None))
    return out


def by_person(items) -> dict:
    """person → that person's positions in time order."""
    people = {}
    for p in items:
        people.setdefault(p.person, []).append(p)
    return people


def in_office(items, day: dt.date) -> set:
    """Persons holding a position on ``day``."""
    return {p.person for p in items if p.holds_on(day)}


def holders(items, position: str, day: dt.date) -> list:
    """Positions ``position`` held on ``day``, earliest start first."""
    return [p for p in items if p.position == position and p.holds_on(day)]


# --- what changed -----------------------------------------------------------------------------

def stints(rows) -> list:
    """A person's rows grouped into spells of continuous membership (a row starting the day the last one
    ended, or earlier, continues the spell; a later start is a return)."""
    spells = []
    for p in rows:
        last = spells[-1][-1] if spells else None
        if last is not None and (last.end is None or p.start <= last.end):
            spells[-1].append(p)
        else:
            spells.append([p])
    return spells


def events(items) -> list:
    """Every change of the term among ``items`` (positions as of "now"), by date.

    A change of position whose new position counts as elected at the congress (the BCH's first meeting
    sharing out the posts) is part of the congress, not a change of the term.
    """
    found = []
    for rows in by_person(items).values():
        for index, spell in enumerate(stints(rows)):
            first = spell[0]
            if index:
                how = first.how if first.how in std.ADDED_DURING_TERM else std.BY_ELECTED
                found.append(_event(first, "return", how=how))
            elif first.how != std.ELECTED_AT_CONGRESS:
                found.append(_event(first, "join", how=first.how or std.BY_ELECTED))
            for before, after in zip(spell, spell[1:]):
                if after.position != before.position and after.how != std.ELECTED_AT_CONGRESS:
                    found.append(Event(after.start, "move", after.person, after.name, after.position,
                                       after.how or std.BY_ELECTED, before.end_reason, before.position, after.row))
            last = spell[-1]
            if last.end is not None:
                found.append(Event(last.end, "leave", last.person, last.name, last.position,
                                   reason=last.end_reason, row=last.row))
    return sorted(found, key=lambda e: (e.day, e.row, e.kind))


def _event(p: Position, kind: str, how=None) -> Event:
    return Event(p.start, kind, p.person, p.name, p.position, how=how, row=p.row)


def reference_date(settings, today: dt.date | None = None) -> dt.date:
    """"Now" of the report: ``ngay_bao_cao``; else today, but never after 31/12 of ``nam_ket_thuc``."""
    if settings.get("ngay_bao_cao"):
        return settings["ngay_bao_cao"]
    today = today or dt.date.today()
    end_year = settings.get("nam_ket_thuc")
    return min(today, dt.date(end_year, 12, 31)) if end_year else today
