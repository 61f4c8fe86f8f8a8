"""What falls due: the next N days (``baocao upcoming``) and a year's calendar (``baocao
calendar``), as rows built once for every output (table, JSON, ICS, the brief).

A calendar entry is one due date of one obligation for one period and recipient, with every
unit that owes it: a calendar of the whole rule book has one event where 40 units owe the same
report on the same day, not 40. Its ``uid`` depends only on what the entry is (directive,
obligation, period, recipient, and the unit asked for), never on the due date, so a calendar
imported again updates its events rather than duplicating them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from engine.evaluation import Filters, check
from engine.model import Citation, Evaluation, Request, Submission, Verdict
from engine.rulebook import RuleBook
from engine.views.build import _assumed, _instance_row, _Names, _selection
from engine.views.rows import InstanceRow, PolicyNote, SelectionInfo, display

__all__ = [
    "REMIND_WORKING_DAYS",
    "CalendarEntry",
    "CalendarView",
    "UpcomingView",
    "calendar_view",
    "upcoming_view",
]

REMIND_WORKING_DAYS = 3  # a calendar's alarm rings this many working days before a due date


@dataclass(frozen=True)
class UpcomingView:
    as_of: date
    until: date  # inclusive
    items: tuple[InstanceRow, ...]  # by due date, then unit
    selection: SelectionInfo | None = None
    assumed: tuple[PolicyNote, ...] = field(default=(), metadata={"display": True})


def upcoming_view(ev: Evaluation, book: RuleBook, days: int, lang: str = "vi",
                  ) -> UpcomingView:
    """The reports due from ``ev.as_of`` to ``days`` days later (both included), received
    already or not: ``ev`` must come from ``check`` with ``Filters(until=...)`` so that
    periods starting after the as-of date are in it."""
    names = _Names(book, lang)
    until = ev.as_of + timedelta(days=days)
    results = [r for r in ev.instances
               if ev.as_of <= r.instance.due.due <= until and r.verdict is not Verdict.EXEMPT]
    rows = sorted((_instance_row(r, names) for r in results),
                  key=lambda r: (r.due, r.directive_id, r.obligation, r.reporter_label))
    return UpcomingView(ev.as_of, until, tuple(rows), _selection(ev, book),
                        _assumed(results, names))


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    due: date
    remind_on: date  # REMIND_WORKING_DAYS working days before
    directive: str
    directive_id: str
    obligation: str
    summary: str
    period: str
    period_start: date
    period_end: date
    cutoff_from: date | None  # NĐ 09/2019 Điều 12 data window
    cutoff_to: date | None
    # whose data window: "nd09" (NĐ 09/2019 Điều 12), "period" (its own dates), "stated"
    data_window: str | None
    due_basis: str  # stated | assumed
    due_policy: str | None
    due_policy_text: str | None
    due_reading: str
    deadline_words: str | None
    recipient: str
    recipient_name: str
    via: str | None
    via_name: str | None
    reporters: tuple[str, ...]
    reporter_names: tuple[str, ...]
    citation: Citation
    due_provisional: bool = False  # the due year's Government day swaps are not recorded
    directive_label: str = display()
    clause: str = display()
    recipient_label: str = display()
    via_label: str = display()
    reporter_labels: tuple[str, ...] = field(default=(), metadata={"display": True})
    # the reporters whose report is already counted (only with reports read: see
    # CalendarView.reports_read)
    received: tuple[str, ...] = ()


@dataclass(frozen=True)
class CalendarView:
    year: int
    units: tuple[str, ...] | None  # the --unit asked for (with whom it succeeded)
    entries: tuple[CalendarEntry, ...]  # by due date
    assumed: tuple[PolicyNote, ...] = field(default=(), metadata={"display": True})
    reports_read: bool = False  # -s/--db given: each entry says who has reported


_COUNTED = (Verdict.ON_TIME, Verdict.LATE)


def calendar_view(book: RuleBook, year: int, filters: Filters = Filters(),
                  lang: str = "vi", submissions: Sequence[Submission] | None = None,
                  requests: Sequence[Request] = ()) -> CalendarView:
    """Every due date in ``year``: the periods of that year and the year before are
    expanded (an annual report of 2022 falls due in January 2023) and kept when due in it.

    With ``submissions`` (the register, -s or --db), each entry also names who has
    reported, so the calendar a secretariat prints shows what is still awaited."""
    ev = check(book, submissions or (), date(year, 12, 31),
               replace(filters, since=date(year - 1, 1, 1), period=None), requests)
    names = _Names(book, lang)
    units = ev.selection.units if ev.selection else None
    suffix = ""
    if units is not None:
        suffix = "-" + hashlib.sha1(",".join(units).encode()).hexdigest()[:8]
    groups: dict[tuple[str, str, str, str], list[InstanceRow]] = {}
    results = [r for r in ev.instances if r.instance.due.due.year == year]
    for r in results:
        row = _instance_row(r, names)
        groups.setdefault((row.directive_id, row.obligation, row.period, row.recipient),
                          []).append(row)
    entries = []
    for (directive_id, obligation, period, recipient), rows in groups.items():
        first = rows[0]
        uid = f"{directive_id}.{obligation}.{period}.{recipient}{suffix}@baocao"
        entries.append(CalendarEntry(
            uid=uid, due=first.due,
            remind_on=book.calendar.add_working_days(first.due, -REMIND_WORKING_DAYS),
            directive=first.directive, directive_id=directive_id, obligation=obligation,
            summary=first.summary, period=period, period_start=first.period_start,
            period_end=first.period_end, cutoff_from=first.cutoff_from,
            cutoff_to=first.cutoff_to, data_window=first.data_window,
            due_basis=first.due_basis, due_policy=first.due_policy,
            due_policy_text=first.due_policy_text, due_reading=first.due_reading,
            deadline_words=first.deadline_words, recipient=recipient,
            recipient_name=first.recipient_name, via=first.via, via_name=first.via_name,
            reporters=tuple(r.reporter for r in rows),
            reporter_names=tuple(r.reporter_name for r in rows),
            citation=first.citation, due_provisional=first.due_provisional,
            directive_label=first.directive_label,
            clause=first.clause, recipient_label=first.recipient_label,
            via_label=first.via_label,
            reporter_labels=tuple(r.reporter_label for r in rows),
            received=tuple(r.reporter for r in rows if r.verdict in _COUNTED),
        ))
    entries.sort(key=lambda e: (e.due, e.directive_id, e.obligation, e.period, e.recipient))
    return CalendarView(year, units, tuple(entries), _assumed(results, names),
                        submissions is not None)
