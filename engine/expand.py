"""Expansion: obligations × reporters × periods in force → the reports each unit owes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from engine.calendar import WorkCalendar
from engine.deadlines import compute_due
from engine.model import (
    EVALUATED_KINDS,
    Directive,
    Instance,
    Obligation,
    ObligationKind,
    Period,
    Policy,
)
from engine.periods import cutoff_window, periods_for
from engine.units import Registry


@dataclass(frozen=True)
class Horizon:
    """The span of time whose periods are expanded (inclusive)."""

    start: date
    end: date


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
