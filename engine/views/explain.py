"""``baocao explain``: why one expected report got its verdict, or one record its disposition.

Built on ``engine.check``'s ``Evaluation`` — the rule that fired, the candidates and routing
of each submission, the due date's steps (``Due.skipped``) — so an explanation never
recomputes matching. It is a list of ``Step``s, each a kind and its parameters (like a
``Reason``): the words are written at the edge in the reader's language, and a new kind of
step (e.g. the report's subject) is a new kind and a new template, nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from engine.errors import BaocaoError, Param, problem
from engine.evaluation import Filters, check
from engine.model import (
    Citation,
    Instance,
    InstanceResult,
    Submission,
    SubmissionResult,
)
from engine.rulebook import RuleBook
from engine.time.periods import PeriodParseError, parse_period

__all__ = ["Explanation", "Step", "explain_instance", "explain_submission"]

_SINCE = date(1900, 1, 1)


@dataclass(frozen=True)
class Step:
    """One step of an explanation: a kind (its template in ``cli/i18n.EXPLAIN``) and values."""

    kind: str
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True)
class Explanation:
    subject: str  # "instance" | "submission"
    key: str  # instance key or submission id
    outcome: str  # the verdict or disposition
    rule: str  # the decision rule that fired
    directive: str | None
    citation: Citation | None
    steps: tuple[Step, ...]


def explain_instance(
    book: RuleBook,
    submissions: Sequence[Submission],
    as_of: date,
    directive: str,
    obligation: str,
    unit: str,
    period: str,
) -> Explanation:
    d = book.find_directive(directive)
    ob = next((o for o in d.obligations if o.id == obligation), None)
    problems = []
    if ob is None:
        known = ", ".join(o.id for o in d.obligations) or "none"
        problems.append(problem("option.obligation",
                                f"{d.label} has no obligation {obligation!r}; its obligations: "
                                f"{known}", file="--obligation"))
    units = book.units_named(unit)
    try:
        wanted = parse_period(period)
    except PeriodParseError as err:
        problems.append(problem("option.period", str(err), file="--period"))
    if problems:
        raise BaocaoError(problems)
    ev = check(book, submissions, as_of, Filters(directive=d.id, unit=unit, since=_SINCE))
    found = [r for r in ev.instances if r.instance.obligation_id == obligation
             and r.instance.period.label == wanted.label and r.instance.reporter in units]
    if len(found) != 1:
        owed = sorted({r.instance.period.label for r in ev.instances
                       if r.instance.obligation_id == obligation
                       and r.instance.reporter in units})
        listed = ", ".join(owed[:12]) or "none"
        raise BaocaoError([problem(
            "option.instance",
            f"no report of {obligation} by {unit!r} is expected for {wanted.label} as of "
            f"{as_of.isoformat()} (periods owed: {listed})", file="--period")])
    res = found[0]
    by_id = {s.submission.id: s for s in ev.submissions}
    return Explanation(
        subject="instance",
        key=res.instance.key,
        outcome=res.verdict.value,
        rule=res.rule,
        directive=d.label,
        citation=ob.citation if ob else None,
        steps=(*_rule_steps(book, res.instance), *_due_steps(res.instance),
               *_considered(res, submissions, by_id), *_decision(book, res)),
    )


def _rule_steps(book: RuleBook, inst: Instance) -> list[Step]:
    ob = book.obligations[(inst.directive_id, inst.obligation_id)]
    steps = [
        Step("rule", {"directive": book.directive(inst.directive_id).label,
                      "obligation": ob.id, "summary": ob.summary,
                      "section": ob.citation.section, "text": ob.citation.text}),
        Step("owed", {"reporter": inst.reporter, "recipient": inst.recipient, "via": inst.via}),
        Step("period", {"period": inst.period.label, "start": inst.period.start.isoformat(),
                        "end": inst.period.end.isoformat()}),
    ]
    if inst.cutoff is not None:
        steps.append(Step("cutoff", {"start": inst.cutoff[0].isoformat(),
                                     "end": inst.cutoff[1].isoformat()}))
    return steps


def _due_steps(inst: Instance) -> list[Step]:
    due = inst.due
    steps = []
    if due.policy is not None:
        steps.append(Step("due.assumed", {"policy": due.policy,
                                          "nominal": due.nominal.isoformat()}))
    else:
        steps.append(Step("due.stated", {"nominal": due.nominal.isoformat(),
                                         "reading": due.reading.value}))
    steps.append(Step(f"due.reading.{due.reading.value}", {
        "nominal": due.nominal.isoformat(), "last_day": due.last_day.isoformat()}))
    for day in due.skipped:
        kind = "due.skip.holiday" if day.holiday else "due.skip.weekend"
        steps.append(Step(kind, {"day": day.day.isoformat(), "weekday": day.day.weekday(),
                                 "holiday": day.holiday}))
    steps.append(Step("due.final", {"due": due.due.isoformat(), "basis": due.basis.value,
                                    "rolled": due.rolled}))
    return steps


def _considered(res: InstanceResult, submissions: Sequence[Submission],
                by_id: Mapping[str, SubmissionResult]) -> list[Step]:
    """Every report that was a candidate for this instance (same unit and period), and what
    became of it; then the unit's other reports, and why they were not candidates."""
    inst = res.instance
    steps = []
    for s in submissions:
        sr = by_id.get(s.id)
        if sr is None:
            continue
        received = s.submitted_on.isoformat() if s.submitted_on else None
        if inst.key in sr.candidates:
            if inst.key not in sr.routed:
                steps.append(Step("submission.wrong-recipient", {
                    "id": s.id, "received": received, "recipient": s.recipient,
                    "expected": inst.recipient, "via": inst.via}))
            elif s.id == res.submission:
                steps.append(Step("submission.taken", {
                    "id": s.id, "received": received,
                    "counted": res.received.isoformat() if res.received else None}))
            else:
                steps.append(Step("submission.earlier", {
                    "id": s.id, "received": received, "by": res.submission}))
        elif s.reporter == inst.reporter and not s.problems:
            if s.period is not None and s.period.label != inst.period.label:
                steps.append(Step("submission.other-period", {
                    "id": s.id, "received": received, "period": s.period.label}))
            elif s.obligation is not None and s.obligation != inst.obligation_id:
                steps.append(Step("submission.other-obligation", {
                    "id": s.id, "received": received, "obligation": s.obligation}))
            elif s.directive is not None and s.directive != inst.directive_id:
                steps.append(Step("submission.other-directive", {
                    "id": s.id, "received": received, "directive": s.directive}))
            else:
                steps.append(Step("submission.not-candidate", {
                    "id": s.id, "received": received}))
    if not any(st.kind in ("submission.taken", "submission.earlier",
                           "submission.wrong-recipient") for st in steps):
        steps.insert(0, Step("submission.none", {"reporter": inst.reporter,
                                                 "period": inst.period.label}))
    return steps


def _decision(book: RuleBook, res: InstanceResult) -> list[Step]:
    rule = book.decisions.rule(res.rule)
    due = res.instance.due.due
    values: dict[str, Param] = {"received": res.received is not None}
    if res.received is not None:
        values["days_after_due"] = (res.received - due).days
    return [Step("decision", {
        "rule": rule.name, "outcome": res.verdict.value,
        "conditions": tuple(_condition(c.field, c.op, c.value) for c in rule.conditions),
        "days_late": res.days_late, "days_overdue": res.days_overdue})]


def _condition(name: str, op: str, value: object) -> str:
    sign = {"eq": "=", "ne": "≠", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}[op]
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    return f"{name} {sign} {shown}"


def explain_submission(
    book: RuleBook, submissions: Sequence[Submission], as_of: date, submission_id: str
) -> Explanation:
    if not any(s.id == submission_id for s in submissions):
        ids = ", ".join(s.id for s in submissions[:12]) or "none"
        raise BaocaoError([problem("option.submission",
                                   f"no record with id {submission_id!r} in the files given "
                                   f"(ids: {ids})", file="--submission")])
    ev = check(book, submissions, as_of, Filters(since=_SINCE))
    sr = next(r for r in ev.submissions if r.submission.id == submission_id)
    s = sr.submission
    steps = [Step("record", {
        "id": s.id, "source": s.source, "reporter": s.reporter, "recipient": s.recipient,
        "received": s.submitted_on.isoformat() if s.submitted_on else None,
        "period": s.period.label if s.period else None, "inferred": s.period_inferred,
        "directive": s.directive, "obligation": s.obligation})]
    steps += [Step("reason", {"code": r.code, **r.params}) for r in sr.reasons]
    instances = {r.instance.key: r for r in ev.instances}
    for key in sr.candidates:
        inst = instances.get(key)
        routed = key in sr.routed
        kind = ("candidate.satisfies" if key in sr.instances else
                "candidate.earlier" if routed else "candidate.wrong-recipient")
        steps.append(Step(kind, {
            "instance": key, "recipient": inst.instance.recipient if inst else None,
            "via": inst.instance.via if inst else None,
            "by": inst.submission if inst else None}))
    if not sr.candidates and s.reporter is not None and not s.problems:
        steps.append(Step("candidate.none", {"reporter": s.reporter,
                                             "period": s.period.label if s.period else None}))
    rule = book.decisions.rule(sr.rule)
    steps.append(Step("decision", {
        "rule": rule.name, "outcome": sr.disposition.value,
        "conditions": tuple(_condition(c.field, c.op, c.value) for c in rule.conditions),
        "days_late": 0, "days_overdue": 0}))
    return Explanation("submission", s.id, sr.disposition.value, sr.rule, None, None,
                       tuple(steps))
