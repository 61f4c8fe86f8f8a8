"""Assembly: decisions and grouping into results, each with the rule that fired and its
reasons as codes (the text is written at the edge, in the reader's language)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from engine.evaluation.decide import Decided
from engine.evaluation.facts import missing_inputs, recipient_active, reporter_active
from engine.evaluation.group import Matching
from engine.evaluation.scope import Scope
from engine.model import (
    Disposition,
    Instance,
    InstanceFact,
    InstanceResult,
    Reason,
    Submission,
    SubmissionResult,
    Unit,
    Verdict,
)
from engine.rulebook.decisions import Decisions
from engine.time.periods import contains

__all__ = ["instance_results", "submission_results"]


def _rule_reason(decisions: Decisions, name: str) -> list[Reason]:
    rule = decisions.rule(name)
    return [Reason(f"decision.{name}")] if rule.reason_vi or rule.reason_en else []


class _Outcomes:
    """Per decision rule, its outcome and its reason, made once: a million results share a
    handful of each (the same Reason objects, the same tuples)."""

    def __init__(self, decisions: Decisions) -> None:
        self.decisions = decisions
        self._known: dict[str, tuple[str, tuple[Reason, ...]]] = {}

    def __call__(self, name: str) -> tuple[str, tuple[Reason, ...]]:
        found = self._known.get(name)
        if found is None:
            found = self._known[name] = (self.decisions.rule(name).outcome,
                                         tuple(_rule_reason(self.decisions, name)))
        return found


def instance_results(
    instances: Sequence[Instance],
    facts: Sequence[InstanceFact],
    decided: Decided,
    matching: Matching,
    submissions: Sequence[Submission],
    decisions: Decisions,
    units: Mapping[str, Unit],
    scope: Scope,
    same: Mapping[str, tuple[str, ...]] | None = None,
    report_of: Mapping[str, str] | None = None,
    inputs: Mapping[str, tuple[Instance, ...]] | None = None,
) -> list[InstanceResult]:
    results = []
    outcome_of = _Outcomes(decisions)
    verdicts = {v.value: v for v in Verdict}
    for inst, fact, name in zip(instances, facts, decided.instance_rules, strict=True):
        if not scope.shows_instance(inst):
            continue
        outcome, said = outcome_of(name)
        verdict = verdicts[outcome]
        hit = matching.earliest.get(inst.key)
        reasons: list[Reason] = []
        if inst.key in matching.counts:
            reasons.append(Reason("quantity.count", {"counts": matching.counts[inst.key]}))
        if hit:
            s = submissions[hit[0]]
            if s.period is not None and s.period != inst.period and contains(s.period,
                                                                                inst.period):
                reasons.append(Reason("match.stands-for", {
                    "period": inst.period.label, "report": s.period.label}))
        unit = units.get(inst.reporter)
        if unit is not None and not reporter_active(inst, units):
            assert unit.valid_to is not None
            reasons.append(Reason("unit.ceased", {
                "unit": unit.id, "last_day": unit.valid_to.isoformat(),
                "successor": unit.successor}))
        if fact.before_inputs and hit and inputs:
            # a summary received before its inputs were in: say whose
            late = missing_inputs(inputs.get(inst.key, ()), hit[1], matching)
            reasons.append(Reason("match.inputs-missing", {
                "inputs": tuple(dict.fromkeys(i.reporter for i in late)),
                "received": hit[1].isoformat()}))
        if not recipient_active(inst, units) and inst.recipient in units:
            gone = units[inst.recipient]
            assert gone.valid_to is not None
            reasons.append(Reason("unit.ceased", {
                "unit": gone.id, "last_day": gone.valid_to.isoformat(), "successor": None}))
        results.append(InstanceResult(
            instance=inst,
            verdict=verdict,
            rule=name,
            received=hit[1] if hit else None,
            submission=submissions[hit[0]].id if hit else None,
            days_late=max(0, fact.days_after_due) if verdict is Verdict.LATE else 0,
            days_overdue=max(0, fact.days_past_due) if verdict is Verdict.OVERDUE else 0,
            reasons=(*said, *reasons) if reasons else said,
            same_report=same.get(inst.key, ()) if same else (),
            report=report_of.get(inst.key, inst.key) if report_of else inst.key,
        ))
    return results


def submission_results(
    submissions: Sequence[Submission],
    decided: Decided,
    matching: Matching,
    decisions: Decisions,
    instances: Mapping[str, Instance],
    scope: Scope,
) -> list[SubmissionResult]:
    results = []
    outcome_of = _Outcomes(decisions)
    dispositions = {d.value: d for d in Disposition}
    for idx, (s, name) in enumerate(zip(submissions, decided.submission_rules, strict=True)):
        outcome, said = outcome_of(name)
        disposition = dispositions[outcome]
        keys = matching.satisfies.get(idx, ()) if disposition is Disposition.MATCHED else ()
        subject_checked = matching.subject_named[idx]
        # What the record concerns: the instances it counts for; when it counts for none, those
        # its recipient may receive (a duplicate), else those of its unit and period on its
        # subject (misrouted), else all its unit owes for the period (unmatched). A filter
        # keeps the record when they are in it.
        concerns = (keys or matching.routed[idx] or matching.on_subject[idx]
                    or matching.candidates[idx])
        if not scope.shows_submission(s, disposition, concerns, instances):
            continue
        noted = matching.notes.get(idx, ())
        if s.problems or s.unit_problems or s.notes or noted:
            reasons: tuple[Reason, ...] = (
                *said,
                *(Reason.of(p) for p in (*s.problems, *s.unit_problems)),
                *s.notes,
                *noted,
            )
        else:
            reasons = said  # shared by every record the same rule decided with nothing to add
        results.append(SubmissionResult(
            submission=s,
            disposition=disposition,
            rule=name,
            instances=tuple(keys),
            reasons=reasons,
            candidates=matching.candidates[idx],
            routed=matching.routed[idx],
            subject_checked=subject_checked,
            on_subject=matching.on_subject[idx],
            document_type=matching.kinds[idx].type if matching.kinds else None,
        ))
    return results


