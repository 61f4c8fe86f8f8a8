"""The units furthest behind, and what each is missing: the first thing an inspector asks
before a meeting ("who is worst, and what do they owe?"), shown first by ``check``,
``overdue`` and the brief.

A unit is behind by its overdue reports (each distinct report once: two plans demanding the
same report of it count it once, see ``one_per_report``). Units are ordered by how many
reports they owe, then by their longest delay, so the list reads the same every time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from engine.model import Verdict
from engine.views.build import one_per_report, worst_first
from engine.views.rows import InstanceRow, display

__all__ = ["BEHIND_SHOWN", "Missing", "UnitBehind", "units_behind"]

BEHIND_SHOWN = 10  # units on a brief's first page and at the head of check and overdue


@dataclass(frozen=True, slots=True)
class Missing:
    """One report a unit has not sent: which text and clause ask it, for which period, how
    many days past its due date."""

    directive: str
    directive_id: str
    obligation: str
    period: str
    due: date
    days_overdue: int
    key: str  # the instance's key (JSON and --ids only)
    directive_label: str = display()
    clause: str = display()


@dataclass(frozen=True, slots=True)
class UnitBehind:
    unit: str
    unit_name: str
    overdue: int  # distinct reports overdue
    late: int  # distinct reports received late
    longest: int  # days overdue of its oldest missing report
    missing: tuple[Missing, ...]  # its overdue reports, most days first
    unit_label: str = display()
    missing_more: int = field(default=0, metadata={"display": True})


def units_behind(rows: Iterable[InstanceRow], limit: int | None = BEHIND_SHOWN,
                 items: int | None = None) -> tuple[UnitBehind, ...]:
    """The units with an overdue report, most reports overdue first (then the longest delay,
    then the name); at most ``limit`` of them, each naming at most ``items`` reports (all
    when None; the rest counted in ``missing_more``)."""
    overdue: dict[str, list[InstanceRow]] = {}
    late: dict[str, int] = {}
    # the problems only: the rows may be every report of a national run, built as read
    listed = [r for r in rows if r.verdict is Verdict.OVERDUE or r.verdict is Verdict.LATE]
    for row in one_per_report(r for r in listed if r.verdict is Verdict.OVERDUE):
        overdue.setdefault(row.reporter, []).append(row)
    for row in one_per_report(r for r in listed if r.verdict is Verdict.LATE):
        late[row.reporter] = late.get(row.reporter, 0) + 1
    units = []
    for unit, owed in overdue.items():
        ordered = worst_first(owed, lambda r: r.days_overdue)
        shown = ordered if items is None else ordered[:items]
        first = ordered[0]
        units.append(UnitBehind(
            unit=unit, unit_name=first.reporter_name, overdue=len(ordered),
            late=late.get(unit, 0), longest=first.days_overdue,
            missing=tuple(Missing(r.directive, r.directive_id, r.obligation, r.period, r.due,
                                  r.days_overdue, r.key, r.directive_label, r.clause)
                          for r in shown),
            unit_label=first.reporter_label, missing_more=len(ordered) - len(shown)))
    units.sort(key=lambda u: (-u.overdue, -u.longest, u.unit_label or u.unit_name, u.unit))
    return tuple(units if limit is None else units[:limit])
