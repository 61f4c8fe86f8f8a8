"""Facts: one ``InstanceFact`` per instance, one ``SubmissionFact`` per submission.

Each carries the numbers the decision rules compare, computed from the grouping; nothing here
decides anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from engine.evaluation.group import Matching
from engine.model import Instance, InstanceFact, Submission, SubmissionFact, Unit

__all__ = ["instance_facts", "recipient_active", "reporter_active", "submission_facts"]


def reporter_active(inst: Instance, units: Mapping[str, Unit]) -> bool:
    """The reporting unit still existed on the due date (units.yaml ``valid_to``)."""
    return _exists(inst.reporter, inst.due.due, units)


def recipient_active(inst: Instance, units: Mapping[str, Unit]) -> bool:
    """Someone receives the report on its due date (expansion already took the recipient's
    successor; a recipient that ceased with none leaves the report nowhere to go)."""
    return _exists(inst.recipient, inst.due.due, units)


def _exists(unit_id: str, on: date, units: Mapping[str, Unit]) -> bool:
    unit = units.get(unit_id)
    return unit is None or unit.valid_to is None or unit.valid_to >= on


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
            recipient_active=recipient_active(inst, units),
        ))
    return out


def submission_facts(
    submissions: Sequence[Submission], matching: Matching
) -> list[SubmissionFact]:
    return [
        SubmissionFact(
            valid=not s.problems,
            later=idx in matching.after_as_of,
            report=matching.report[idx] if matching.report else True,
            units_known=matching.usable[idx],
            owed=len(matching.candidates[idx]),
            too_early=matching.too_early[idx] if matching.too_early else False,
            on_subject=len(matching.on_subject[idx]),
            routed=len(matching.routed[idx]),
            subject_named=matching.subject_named[idx],
            first=bool(matching.satisfies.get(idx)),
        )
        for idx, s in enumerate(submissions)
    ]
