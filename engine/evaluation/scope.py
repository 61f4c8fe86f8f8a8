"""Scope: what the user asked to see (filters), and the span of time to expand for it.

Filters choose what is *shown*; they never change what is *matched*: the horizon is wide
enough for every period a submission could be for, so a report for a period outside the
display window is still matched rather than called unmatched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from engine.errors import BaocaoError, Problem, problem
from engine.model import Disposition, Instance, Period, Submission
from engine.time.dates import FIRST_DAY, LAST_DAY, DateParseError, in_span
from engine.time.periods import PeriodParseError, contains, parse_period

if TYPE_CHECKING:
    from engine.rulebook import RuleBook

__all__ = ["Filters", "Horizon", "Scope", "horizon", "resolve_scope"]


@dataclass(frozen=True)
class Filters:
    """The options as typed: a directive number, a unit name, a period phrase, a date."""

    directive: str | None = None
    unit: str | None = None
    period: str | None = None
    since: date | None = None


@dataclass(frozen=True)
class Horizon:
    """The span of time whose periods are expanded (inclusive)."""

    start: date
    end: date


@dataclass(frozen=True)
class Scope:
    """The filters resolved against the rule book: ids, units, a Period, a window."""

    as_of: date
    since: date
    directive: str | None = None
    units: frozenset[str] | None = None
    period: Period | None = None

    def shows_instance(self, inst: Instance) -> bool:
        if inst.period.end < self.since or inst.period.start > self.as_of:
            return False
        if self.directive and inst.directive_id != self.directive:
            return False
        if self.units is not None and inst.reporter not in self.units:
            return False
        return self.period is None or contains(self.period, inst.period)

    def shows_submission(
        self,
        s: Submission,
        disposition: Disposition,
        keys: Sequence[str],
        instances: Mapping[str, Instance],
    ) -> bool:
        # Nothing is dropped silently: a record that could not be attributed (unreadable, unit
        # unknown) is shown under every filter it might belong to.
        unattributed = disposition in (Disposition.INVALID, Disposition.UNKNOWN_UNIT)
        if self.units is not None and s.reporter not in self.units and not any(
            instances[k].reporter in self.units for k in keys  # filed under an old name
        ):
            return unattributed and s.reporter is None
        if unattributed:
            return True
        if self.directive and s.directive != self.directive and not any(
            instances[k].directive_id == self.directive for k in keys
        ):
            return False
        if self.period is not None:
            in_period = s.period is not None and contains(self.period, s.period)
            return in_period or any(contains(self.period, instances[k].period) for k in keys)
        return True


def resolve_scope(book: RuleBook, filters: Filters, as_of: date) -> Scope:
    """Every option checked at once: all bad options are reported together."""
    problems: list[Problem] = []
    directive = None
    if filters.directive:
        try:
            directive = book.find_directive(filters.directive).id
        except BaocaoError as err:
            problems.extend(err.problems)
    units = None
    if filters.unit:
        try:
            units = book.units_named(filters.unit)
        except BaocaoError as err:
            problems.extend(err.problems)
    period = None
    if filters.period:
        try:
            parsed = parse_period(filters.period)
            in_span(parsed.start, parsed.label)
            in_span(parsed.end, parsed.label)
            period = parsed
        except (PeriodParseError, DateParseError) as err:
            problems.append(problem("option.period", str(err), file="--period"))
    # The window starts on --since; by default on 1 January of the year before --as-of, or at
    # the start of --period when that is earlier (asking for 2020 shows 2020).
    since = filters.since or date(as_of.year - 1, 1, 1)
    if period is not None and filters.since is None:
        since = min(since, period.start)
    if since > as_of:
        problems.append(problem(
            "option.since", f"--since {since.isoformat()} is after --as-of {as_of.isoformat()}: "
            "no period could be shown", file="--since"))
    elif period is not None and (period.end < since or period.start > as_of):
        problems.append(problem(
            "option.since", f"--period {period.label} lies outside the window shown "
            f"({since.isoformat()}..{as_of.isoformat()}, from --since to --as-of): nothing "
            "could be shown", file="--period"))
    if problems:
        raise BaocaoError(problems)
    return Scope(as_of, since, directive, units, period)


def horizon(scope: Scope, submissions: Sequence[Submission]) -> Horizon:
    """Wide enough to hold every period a submission could be for."""
    starts = [scope.since]
    # A period that has started by as_of is owed even if the obligation comes into force
    # later in it: expand to the end of as_of's year (no period is longer than a year).
    ends = [date(scope.as_of.year, 12, 31)]
    for s in submissions:
        if s.period is not None:
            starts.append(s.period.start)
            ends.append(s.period.end)
        if s.submitted_on is not None:
            starts.append(s.submitted_on - timedelta(days=400))
            ends.append(s.submitted_on)
    # Never beyond the dates baocao can judge (engine.time.dates): the inputs are checked to lie
    # inside, but a record's period may reach a little out of it.
    return Horizon(max(min(starts), FIRST_DAY), min(max(ends), LAST_DAY))

