"""Facts: one ``InstanceFact`` per instance, one ``SubmissionFact`` per submission.

Each carries the numbers the decision rules compare, computed from the grouping; nothing here
decides anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from engine.evaluation.group import Matching
from engine.model import Instance, InstanceFact, Submission, SubmissionFact, Unit

__all__ = ["instance_facts", "reporter_active", "submission_facts"]


def reporter_active(inst: Instance, units: Mapping[str, Unit]) -> bool:
    """The reporting unit still existed on the due date (units.yaml ``valid_to``)."""
    unit = units.get(inst.reporter)
    return unit is None or unit.valid_to is None or unit.valid_to >= inst.due.due


def instance_facts(
    instances: Sequence[Instance], matching: Matching, units: Mapping[str, Unit], as_of: date
) -> list[InstanceFact]:
    out = []
    for inst in instances:
        hit = matching.earliest.get(inst.key)
        received = hit[1] if hit else None
        out.append(InstanceFact(
            received=received is not None,
            days_after_due=(received - inst.due.due).days if received else 0,
            days_past_due=(as_of - inst.due.due).days,
            reporter_active=reporter_active(inst, units),
        ))
    return out


def submission_facts(
    submissions: Sequence[Submission], matching: Matching
) -> list[SubmissionFact]:
    out = []
    for idx, s in enumerate(submissions):
        valid = not s.problems and idx not in matching.after_as_of
        out.append(SubmissionFact(
            valid=valid,
            units_known=matching.usable[idx],
            candidates=len(matching.candidates[idx]),
            routed=len(matching.routed[idx]),
            first=bool(matching.satisfies.get(idx)),
        ))
    return out
