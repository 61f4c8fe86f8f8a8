"""The inspector's meeting brief: what the steering committee asks, built once for HTML,
Markdown, XLSX and JSON alike.

The meeting page: the headline figures, the units furthest behind and what each is missing
(``units_behind``), one line per directive. The annex: rates per unit (the same ``Figures``
as ``check``), the overdue reports worst first, the late ones, what falls due before the next
meeting, the records received that cannot be counted, and the assumed-deadline policies the
rows rely on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engine.model import Disposition, Evaluation, Verdict
from engine.rulebook import RuleBook
from engine.views.behind import BEHIND_SHOWN, UnitBehind, units_behind
from engine.views.build import (
    _assumed,
    _instance_row,
    _Names,
    _selection,
    _submission_row,
    one_per_report,
    rates,
    worst_first,
)
from engine.views.rows import (
    Figures,
    InstanceRow,
    PolicyNote,
    Rates,
    SelectionInfo,
    SubmissionRow,
)

__all__ = ["ATTENTION", "BEHIND_ITEMS", "BriefView", "brief_view"]

# Records that cannot be counted as received: the brief lists them for the secretariat.
ATTENTION = frozenset({Disposition.MISROUTED, Disposition.UNMATCHED, Disposition.UNKNOWN_UNIT,
                       Disposition.INVALID})
# Reports named per unit on the first page (the rest counted): ten units fit with their
# figures and one line per directive on at most two A4 pages.
BEHIND_ITEMS = 3


@dataclass(frozen=True)
class BriefView:
    as_of: date
    next_meeting: date
    selection: SelectionInfo | None
    figures: Figures  # the headline: every report owed in the selection
    units_overdue: int  # units with at least one overdue report
    behind: tuple[UnitBehind, ...]  # the units furthest behind, what each is missing
    rates: Rates
    overdue: tuple[InstanceRow, ...]  # most days overdue first
    late: tuple[InstanceRow, ...]  # most days late first
    upcoming: tuple[InstanceRow, ...]  # due after the as-of date, by the next meeting
    attention: tuple[SubmissionRow, ...]  # records that cannot be counted
    assumed: tuple[PolicyNote, ...]  # the assumed-deadline policies the rows rely on


def brief_view(ev: Evaluation, book: RuleBook, next_meeting: date, lang: str = "vi"
               ) -> BriefView:
    """``ev`` comes from ``check`` with ``Filters(until=next_meeting)``: its instances of
    periods that start after the as-of date serve only the "due before the next meeting"
    list, never the figures."""
    names = _Names(book, lang)
    owed = [r for r in ev.instances if r.instance.period.start <= ev.as_of]
    coming = [r for r in ev.instances
              if ev.as_of < r.instance.due.due <= next_meeting
              and r.verdict is Verdict.PENDING]
    # rows only for what the brief lists: a national run owes a million reports, mostly on time
    problems = [r for r in owed if r.verdict is Verdict.OVERDUE or r.verdict is Verdict.LATE]
    rows = {r.instance.key: _instance_row(r, names) for r in (*problems, *coming)}
    owed_rows = [rows[r.instance.key] for r in problems]
    overdue = worst_first(one_per_report(r for r in owed_rows if r.verdict is Verdict.OVERDUE),
                          lambda r: r.days_overdue)
    late = worst_first(one_per_report(r for r in owed_rows if r.verdict is Verdict.LATE),
                       lambda r: r.days_late)
    upcoming = tuple(sorted(one_per_report(rows[r.instance.key] for r in coming),
                            key=lambda r: (r.due, r.directive_id, r.reporter_label)))
    listed = [*coming, *(r for r in owed if r.verdict in (Verdict.OVERDUE, Verdict.LATE))]
    figures_ = rates(owed, book, names)
    return BriefView(
        as_of=ev.as_of,
        next_meeting=next_meeting,
        selection=_selection(ev, book),
        figures=figures_.total,
        units_overdue=len({r.reporter for r in overdue}),
        behind=units_behind(owed_rows, limit=BEHIND_SHOWN, items=BEHIND_ITEMS),
        rates=figures_,
        overdue=overdue,
        late=late,
        upcoming=upcoming,
        attention=tuple(_submission_row(s, names) for s in ev.submissions
                        if s.disposition in ATTENTION),
        assumed=_assumed(listed, names),
    )
