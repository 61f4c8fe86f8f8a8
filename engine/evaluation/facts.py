"""Facts: one ``InstanceFact`` per instance, one ``SubmissionFact`` per submission.

Each carries the numbers the decision rules compare, computed from the grouping; nothing here
decides anything. Equal facts are one object: a million instances have a few thousand
distinct facts, and 1e6 dataclasses would hold 250 MB to the end of a national run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from itertools import repeat

from engine.evaluation.group import Matching
from engine.model import Instance, InstanceFact, Obligation, Submission, SubmissionFact, Unit

__all__ = ["inputs_of", "instance_facts", "missing_inputs", "recipient_active",
           "reporter_active", "submission_facts"]


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
    instances: Sequence[Instance], matching: Matching, units: Mapping[str, Unit], as_of: date,
    inputs: Mapping[str, tuple[Instance, ...]] | None = None,
) -> list[InstanceFact]:
    """``inputs``: per summary instance, what it sums up (``inputs_of``)."""
    inputs = inputs or {}
    out = []
    made: dict[tuple[bool, int, int, bool, bool, bool], InstanceFact] = {}
    for inst in instances:
        hit = matching.earliest.get(inst.key)
        received = hit[1] if hit else None
        due = inst.due.due
        values = (
            received is not None,  # received
            (received - due).days if received else 0,  # days_after_due
            (as_of - due).days,  # days_past_due
            reporter_active(inst, units),
            recipient_active(inst, units),
            received is not None and bool(  # before_inputs
                missing_inputs(inputs.get(inst.key, ()), received, matching)),
        )
        fact = made.get(values)
        if fact is None:
            fact = made[values] = InstanceFact(*values)
        out.append(fact)
    return out


def inputs_of(instances: Sequence[Instance], obligations: Mapping[tuple[str, str], Obligation]
              ) -> dict[str, tuple[Instance, ...]]:
    """Per summary instance (an obligation with ``after:``), the instances it sums up: the
    reports of its inputs' duties for the same period, sent to (or through) its reporter."""
    summaries = {key: ob.after for key, ob in obligations.items() if ob.after}
    if not summaries:
        return {}
    wanted = {ref for refs in summaries.values() for ref in refs}
    sent_to: dict[tuple[str, str, str, str], list[Instance]] = defaultdict(list)
    for inst in instances:
        if (inst.directive_id, inst.obligation_id) in wanted:
            for unit in {inst.recipient, inst.via} - {None}:
                assert unit is not None
                sent_to[(inst.directive_id, inst.obligation_id, inst.period.label,
                         unit)].append(inst)
    out: dict[str, tuple[Instance, ...]] = {}
    for inst in instances:
        refs = summaries.get((inst.directive_id, inst.obligation_id))
        if refs:
            out[inst.key] = tuple(i for ref in refs
                                  for i in sent_to.get((*ref, inst.period.label, inst.reporter),
                                                       ()))
    return out


def missing_inputs(inputs: Sequence[Instance], received: date, matching: Matching
                   ) -> tuple[Instance, ...]:
    """The inputs that were not in when the summary was received on ``received``: not yet
    due and not received, or received after it. An input still missing after its due date
    is the input's fault (overdue), not the summary's."""
    out = []
    for i in inputs:
        hit = matching.earliest.get(i.key)
        got = hit[1] if hit else None
        if (got is not None and got > received) or (got is None and received < i.due.due):
            out.append(i)
    return tuple(out)


def submission_facts(
    submissions: Sequence[Submission], matching: Matching
) -> list[SubmissionFact]:
    made: dict[tuple[bool | int, ...], SubmissionFact] = {}
    out = []
    n = len(submissions)
    # read in step rather than by index: the flags are bytes (group.Flags), read in C this way
    rows = zip(submissions, matching.report or repeat(True, n), matching.usable,
               matching.candidates, matching.too_early or repeat(False, n),
               matching.on_subject, matching.routed, matching.subject_named, strict=True)
    for idx, (s, report, usable, owed, early, on_subject, routed, named) in enumerate(rows):
        values = (
            not s.problems,  # valid
            idx in matching.after_as_of,  # later
            report,  # report
            usable,  # units_known
            len(owed),  # owed
            early,  # too_early
            len(on_subject),  # on_subject
            len(routed),  # routed
            named,  # subject_named
            idx in matching.satisfies,  # first
        )
        fact = made.get(values)
        if fact is None:
            fact = made[values] = SubmissionFact(*values)
        out.append(fact)
    return out
