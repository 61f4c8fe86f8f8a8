"""Expansion: obligations × reporters × periods in force → the reports each unit owes.

Per distinct value: a due date and a data window are computed once per (obligation, period)
and shared by every reporter. Units change: each period's report is owed by whoever carries
the reporter's duties on the due date (its successor after a merger, units.yaml); a unit is
never owed a report for a period that starts after it ceased, and a report whose unit ceased
with no successor is still listed, to be excused (``exempt``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from engine.evaluation.scope import Horizon
from engine.model import (
    EVALUATED_KINDS,
    DeadlineSpec,
    Directive,
    Due,
    DueBasis,
    Instance,
    Obligation,
    ObligationKind,
    Period,
    Policy,
    Reading,
    Request,
)
from engine.rulebook.registry import Registry
from engine.time.deadlines import compute_due, window_opens
from engine.time.periods import (
    FREQUENCY_CODES,
    cutoff_window,
    report_opens,
    schedule_periods,
    stated_window,
    window,
)
from engine.time.workdays import WorkCalendar

__all__ = ["expand", "instance_key", "obligation_periods"]


def instance_key(directive_id: str, obligation_id: str, reporter: str, period: Period,
                 request: str | None = None) -> str:
    label = f"{period.label}#{request}" if request else period.label
    return f"{directive_id}/{obligation_id}/{reporter}/{label}"


@dataclass(frozen=True)
class _Owed:
    period: Period
    deadline: DeadlineSpec | None  # None: the request's own due date
    reporters: tuple[str, ...] | None = None  # None: the obligation's
    request: Request | None = None


def _codes(ob: Obligation) -> tuple[tuple[str, DeadlineSpec | None], ...]:
    if ob.schedule:
        return tuple((e.code, e.deadline or ob.deadline) for e in ob.schedule)
    freq = ob.quantities[0].per if ob.kind is ObligationKind.QUANTITY and ob.quantities \
        else ob.frequency
    return tuple((code, ob.deadline) for code in FREQUENCY_CODES.get(freq, ()))


def _review_windows(ob: Obligation, start: date, end: date) -> list[Period]:
    """"5 năm sơ kết": the windows anchor..anchor+5y, anchor+5y..anchor+10y, ..."""
    assert ob.every_years is not None
    anchor = ob.anchor or ob.in_force.start
    out = []
    k = 1
    while True:
        try:
            stop = anchor.replace(year=anchor.year + k * ob.every_years)
        except ValueError:  # 29 February, or beyond year 9999
            break
        begin = anchor.replace(year=anchor.year + (k - 1) * ob.every_years)
        if begin > end:
            break
        period = window(begin, date.fromordinal(stop.toordinal() - 1))
        if period.end >= start:
            out.append(period)
        k += 1
    return out


def obligation_periods(ob: Obligation, horizon: Horizon,
                       requests: Sequence[Request] = ()) -> list[_Owed]:
    """The reports an obligation asks for inside the horizon and its time in force."""
    start = max(ob.in_force.start, horizon.start)
    end = min(ob.in_force.end or horizon.end, horizon.end)
    if ob.kind is ObligationKind.AD_HOC:
        return [
            _Owed(window(r.requested_on, max(r.due, r.requested_on)), None, r.reporters, r)
            for r in requests
            if (r.directive_id, r.obligation_id) == (ob.directive_id, ob.id)
        ]
    if start > end:
        return []
    if ob.kind is ObligationKind.TASK:
        return [_Owed(w, ob.deadline) for w in ob.windows if w.start <= end and w.end >= start]
    if ob.kind is ObligationKind.REVIEW:
        return [_Owed(w, ob.deadline) for w in _review_windows(ob, start, end)]
    owed = []
    for code, deadline in _codes(ob):
        owed += [_Owed(p, deadline) for p in schedule_periods((code,), start, end)]
    return sorted(owed, key=lambda o: (o.period.end, o.period.start))


def _data_window(ob: Obligation, period: Period) -> tuple[date, date] | None:
    if ob.kind not in (ObligationKind.PERIODIC, ObligationKind.QUANTITY):
        return None
    if ob.data_window == "period":
        return period.start, period.end
    if ob.data_span is not None:
        return stated_window(ob.data_span, period)
    return cutoff_window(period)


def _opens(ob: Obligation, period: Period) -> date | None:
    """The first receipt day a report on ``period`` counts (``periods.report_opens``): a task's
    window from its start (or the period its deliverable covers), a request from when it was
    made; quantities count items in their window and reviews read their span instead."""
    if ob.kind in (ObligationKind.QUANTITY, ObligationKind.REVIEW):
        return None
    rf = ob.received_from
    if ob.kind is ObligationKind.TASK and ob.covers is not None:
        period = ob.covers
    elif ob.kind in (ObligationKind.AD_HOC, ObligationKind.TASK):
        return period.start
    return report_opens(period, rf.months_before_end, rf.days_before_end, rf.period_start)


def _reporters(
    units: tuple[str, ...], period: Period, due: date, registry: Registry
) -> Iterator[tuple[str, str]]:
    """Who owes the report of ``period``: each unit (with its carrier on the due date); a unit
    that ceased with no successor during the period still owes it (the verdict excuses it)."""
    seen: set[str] = set()
    for unit_id in units:
        unit = registry.units.get(unit_id)
        if unit is not None and unit.valid_from is not None and period.end < unit.valid_from:
            continue  # not yet created
        carrier = registry.carrier(unit_id, due)
        if carrier is None:
            assert unit is not None
            assert unit.valid_to is not None
            if period.start > unit.valid_to:
                continue  # the period starts after the unit ceased: never owed
            carrier = unit_id
        if carrier not in seen:
            seen.add(carrier)
            yield unit_id, carrier


def expand(
    directives: Sequence[Directive],
    registry: Registry,
    calendar: WorkCalendar,
    policies: Mapping[str, Policy],
    horizon: Horizon,
    requests: Sequence[Request] = (),
) -> Iterator[Instance]:
    obligations = {(d.id, ob.id): ob for d in directives for ob in d.obligations}
    for d in directives:
        for ob in d.obligations:
            if ob.kind not in EVALUATED_KINDS:
                continue  # an activity asks for no report
            owed = obligation_periods(ob, horizon, requests)
            if not owed:
                continue
            reporters = registry.expand(ob.reporters)
            routes = dict(ob.routes)  # a recipient by role: each reporter's own
            for o in owed:
                if o.request is not None:
                    due = _request_due(o.request, calendar)
                elif o.deadline is not None:
                    due = compute_due(o.deadline, o.period, calendar, policies,
                                      inputs_due(ob, o.period, o.deadline, obligations,
                                                 calendar, policies))
                else:
                    continue
                cutoff = _data_window(ob, o.period)
                units = o.reporters if o.reporters is not None else reporters
                request_id = o.request.id if o.request else None
                fixed = _recipient(ob.recipient, due.due, registry)
                # a via unit that ended with nothing after it is no longer passed through
                via = registry.carrier(ob.via, due.due) if ob.via else None
                opens = _opens(ob, o.period)
                if o.deadline is not None and o.deadline.from_day is not None:
                    # "từ ngày 1 đến ngày 5": not before the window opens
                    start = window_opens(o.deadline, o.period, policies)
                    opens = max(opens, start) if opens and start else (start or opens)
                for unit, reporter in _reporters(units, o.period, due.due, registry):
                    recipient = _recipient(routes[unit], due.due, registry) \
                        if unit in routes else fixed
                    if reporter in (recipient, via):
                        continue  # a unit never reports to itself, nor through itself
                    yield Instance(
                        key=instance_key(d.id, ob.id, reporter, o.period, request_id),
                        directive_id=d.id,
                        obligation_id=ob.id,
                        reporter=reporter,
                        recipient=recipient,
                        via=via,
                        period=o.period,
                        due=due,
                        cutoff=cutoff,
                        request=request_id,
                        opens=opens,
                    )


def inputs_due(ob: Obligation, period: Period, deadline: DeadlineSpec,
               obligations: Mapping[tuple[str, str], Obligation], calendar: WorkCalendar,
               policies: Mapping[str, Policy]) -> date | None:
    """For a summary whose deadline counts from its inputs' ("trong vòng 5 ngày kể từ hạn báo
    cáo của cấp dưới"): the latest due date, rolled, of the input reports on ``period``."""
    if deadline.offset_from != "inputs":
        return None
    dues = []
    for ref in ob.after:
        source = obligations.get(ref)
        if source is None:
            continue
        for code, spec in _codes(source):
            if spec is not None and any(p.label == period.label
                                        for p in schedule_periods((code,), period.start,
                                                                  period.end)):
                dues.append(compute_due(spec, period, calendar, policies).due)
    return max(dues) if dues else period.end


def _recipient(unit_id: str, due: date, registry: Registry) -> str:
    """Reports go to whoever carries the recipient's duties on the due date."""
    return registry.carrier(unit_id, due) or unit_id


def _request_due(request: Request, calendar: WorkCalendar) -> Due:
    last = max(request.due, request.requested_on)
    rolled = calendar.roll_forward(last)
    return Due(nominal=last, last_day=last, due=rolled, basis=DueBasis.STATED,
               reading=Reading.BY, skipped=calendar.skipped(last, rolled),
               provisional=calendar.is_provisional_between(last, rolled))
