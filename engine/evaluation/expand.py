"""Expansion: obligations × reporters × periods in force → the reports each unit owes.

Per distinct value: a due date and a cut-off window are computed once per (obligation,
period) and shared by every reporter of that obligation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from engine.evaluation.scope import Horizon
from engine.model import (
    EVALUATED_KINDS,
    Directive,
    Instance,
    Obligation,
    ObligationKind,
    Period,
    Policy,
)
from engine.rulebook.registry import Registry
from engine.time.deadlines import compute_due
from engine.time.periods import cutoff_window, periods_for
from engine.time.workdays import WorkCalendar

__all__ = ["expand", "instance_key", "not_evaluated", "obligation_periods"]


def instance_key(directive_id: str, obligation_id: str, reporter: str, period: Period) -> str:
    return f"{directive_id}/{obligation_id}/{reporter}/{period.label}"


def obligation_periods(ob: Obligation, horizon: Horizon) -> list[Period]:
    """The periods an obligation owes a report for inside the horizon and its in-force window."""
    start = max(ob.in_force.start, horizon.start)
    end = min(ob.in_force.end or horizon.end, horizon.end)
    if start > end:
        return []
    if ob.kind is ObligationKind.TASK:
        return [w for w in ob.windows if w.start <= end and w.end >= start]
    return periods_for(ob.frequency, start, end)


def expand(
    directives: Sequence[Directive],
    registry: Registry,
    calendar: WorkCalendar,
    policies: Mapping[str, Policy],
    horizon: Horizon,
) -> Iterator[Instance]:
    for d in directives:
        for ob in d.obligations:
            if ob.kind not in EVALUATED_KINDS or ob.deadline is None:
                continue
            reporters = registry.expand(ob.reporters)
            for period in obligation_periods(ob, horizon):
                due = compute_due(ob.deadline, period, calendar, policies)
                cutoff = cutoff_window(period) if ob.kind is ObligationKind.PERIODIC else None
                for reporter in reporters:
                    yield Instance(
                        key=instance_key(d.id, ob.id, reporter, period),
                        directive_id=d.id,
                        obligation_id=ob.id,
                        reporter=reporter,
                        recipient=ob.recipient,
                        via=ob.via,
                        period=period,
                        due=due,
                        cutoff=cutoff,
                    )


def not_evaluated(directives: Sequence[Directive]) -> tuple[Obligation, ...]:
    """Obligations of kinds this release lists but does not evaluate yet."""
    return tuple(
        ob for d in directives for ob in d.obligations if ob.kind not in EVALUATED_KINDS
    )
