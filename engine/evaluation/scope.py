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
    """The options as typed: directive numbers, unit names, period phrases, a date. An
    option given several times selects the union of what each names."""

    directive: str | Sequence[str] | None = None
    unit: str | Sequence[str] | None = None
    period: str | Sequence[str] | None = None
    since: date | None = None
    # Also show periods that start after --as-of, up to this day (``baocao upcoming``: a
    # report due in the next N days may be for a period that has not started yet).
    until: date | None = None
    # An office's own view (--office): only what is owed to it, directly or through it.
    office: str | None = None


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
    directives: frozenset[str] | None = None  # directive ids
    units: frozenset[str] | None = None
    periods: tuple[Period, ...] = ()  # shown: a period inside any of them
    until: date | None = None
    office: str | None = None  # unit id: what is owed to it, or passes through it

    def in_periods(self, period: Period) -> bool:
        return not self.periods or any(contains(p, period) for p in self.periods)

    def owed_to_office(self, inst: Instance) -> bool:
        return self.office is None or self.office in (inst.recipient, inst.via)

    def shows_instance(self, inst: Instance) -> bool:
        if inst.period.end < self.since or inst.period.start > (self.until or self.as_of):
            return False
        if not self.owed_to_office(inst):
            return False
        if self.directives is not None and inst.directive_id not in self.directives:
            return False
        if self.units is not None and inst.reporter not in self.units:
            return False
        return self.in_periods(inst.period)

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
        if self.office is not None and s.recipient != self.office and (
            disposition in (Disposition.UNMATCHED, Disposition.NOT_REPORT)
            or not any(self.owed_to_office(instances[k]) for k in keys)
        ):
            # sent to another office, and no report owed to this one (a report owed here and
            # misrouted is this office's business); a record that cannot be placed is kept
            return unattributed and s.recipient is None
        if self.units is not None and s.reporter not in self.units and not any(
            instances[k].reporter in self.units for k in keys  # filed under an old name
        ):
            return unattributed and s.reporter is None
        if unattributed:
            return True
        if self.directives is not None and s.directive not in self.directives and not any(
            instances[k].directive_id in self.directives for k in keys
        ):
            return False
        if self.periods:
            in_period = s.period is not None and self.in_periods(s.period)
            return in_period or any(self.in_periods(instances[k].period) for k in keys)
        return True


def resolve_scope(book: RuleBook, filters: Filters, as_of: date) -> Scope:
    """Every option checked at once: all bad options are reported together."""
    problems: list[Problem] = []
    directives: frozenset[str] | None = None
    for text in option_values(filters.directive):
        try:
            directives = (directives or frozenset()) | {book.find_directive(text).id}
        except BaocaoError as err:
            problems.extend(err.problems)
    units: frozenset[str] | None = None
    for text in option_values(filters.unit):
        try:
            units = (units or frozenset()) | book.units_named(text)
        except BaocaoError as err:
            problems.extend(err.problems)
    office = None
    if filters.office:
        try:
            office = book.recipient_named(filters.office, option="--office")
        except BaocaoError as err:
            problems.extend(err.problems)
    periods: list[Period] = []
    for text in option_values(filters.period):
        try:
            parsed = parse_period(text)
            in_span(parsed.start, parsed.label)
            in_span(parsed.end, parsed.label)
            periods.append(parsed)
        except (PeriodParseError, DateParseError) as err:
            problems.append(problem("option.period", str(err), file="--period", value=text))
    # the checks against --since and --as-of hold for the widest of them
    period = (None if not periods else periods[0] if len(periods) == 1
              else Period(min(p.start for p in periods), max(p.end for p in periods),
                          periods[0].kind, ", ".join(p.label for p in periods)))
    if filters.since is not None and filters.since > as_of:
        problems.append(problem(
            "option.since",
            f"--since {filters.since:%d/%m/%Y} is after --as-of {as_of:%d/%m/%Y}: no period "
            "can end after the first and have started by the second; give an earlier --since",
            file="--since", since=filters.since.isoformat(), as_of=as_of.isoformat()))
    elif (filters.since is not None and period is not None
            and filters.since > period.end):
        problems.append(problem(
            "option.since",
            f"--since {filters.since:%d/%m/%Y} is after the end of --period {period.label} "
            f"({period.end:%d/%m/%Y}): nothing could be shown; drop one of them",
            file="--since", since=filters.since.isoformat(), period=period.label))
    elif period is not None and period.start > max(filters.until or as_of, as_of):
        problems.append(problem(
            "option.since",
            f"--period {period.label} starts after --as-of {as_of:%d/%m/%Y}: nothing could be "
            "shown yet",
            file="--period", start=period.start.isoformat(), as_of=as_of.isoformat(),
            label=period.label))
    if problems:
        raise BaocaoError(problems)
    until = filters.until if filters.until and filters.until > as_of else None
    return Scope(as_of, window_start(filters.since, period, as_of), directives, units,
                 tuple(periods), until, office)


def option_values(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """An option's values, once each, in the order given (one value, several, or none)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value else ()
    return tuple(dict.fromkeys(v for v in value if v))


def window_start(since: date | None, period: Period | None, as_of: date) -> date:
    """Where the shown window starts: --since when given; else the start of --period (a
    period asked for by name is shown whatever the default window); else 1 January of the
    year before --as-of.

    >>> window_start(None, parse_period("2020"), date(2024, 5, 1))
    datetime.date(2020, 1, 1)
    >>> window_start(None, None, date(2024, 5, 1))
    datetime.date(2023, 1, 1)
    """
    if since is not None:
        return since
    default = date(as_of.year - 1, 1, 1)
    if period is not None:
        return min(period.start, default)
    return default


def horizon(scope: Scope, submissions: Sequence[Submission]) -> Horizon:
    """Wide enough to hold every period a submission could be for."""
    starts = [scope.since]
    # A period that has started by as_of is owed even if the obligation comes into force
    # later in it: expand to the end of as_of's year (no period is longer than a year).
    ends = [date(scope.as_of.year, 12, 31), date((scope.until or scope.as_of).year, 12, 31)]
    # A record dated after as_of is "received later": it counts for nothing, so it must not
    # stretch the expansion (a typed 2099 would ask for the calendar of 2101).
    last = date((scope.until or scope.as_of).year + 1, 12, 31)
    for s in submissions:
        if s.period is not None and s.period.start <= last:
            starts.append(s.period.start)
            ends.append(min(s.period.end, last))
        if s.submitted_on is not None and s.submitted_on <= last:
            starts.append(s.submitted_on - timedelta(days=400))
            ends.append(s.submitted_on)
    # Never beyond the dates baocao can judge (engine.time.dates): the inputs are checked to lie
    # inside, but a record's period may reach a little out of it.
    return Horizon(max(min(starts), FIRST_DAY), min(max(ends), LAST_DAY))

