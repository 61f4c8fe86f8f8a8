"""``baocao explain``: why one expected report got its verdict, or one record its disposition.

Built on ``engine.check``'s ``Evaluation`` — the rule that fired, the candidates of each
submission, which of them were on its subject and which its recipient may receive, the due
date's steps (``Due.skipped``) — so an explanation never recomputes matching. It is a list of
``Step``s, each a kind and its parameters (like a ``Reason``): the words are written at the
edge in the reader's language, and a new kind of step (e.g. the report's subject) is a new
kind and a new template, nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from engine.errors import BaocaoError, Param, problem
from engine.evaluation import Filters, check
from engine.model import (
    Citation,
    Disposition,
    Instance,
    InstanceResult,
    Obligation,
    ObligationKind,
    Submission,
    SubmissionResult,
)
from engine.rulebook import RuleBook
from engine.time.periods import PeriodParseError, parse_period

__all__ = ["Explanation", "Step", "explain_instance", "explain_submission", "subject_step"]

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
                                f"{known}", file="--obligation", directive=d.label,
                                obligation=obligation,
                                known=tuple(o.id for o in d.obligations)))
    units = book.units_named(unit)
    try:
        wanted = parse_period(period)
    except PeriodParseError as err:
        problems.append(problem("option.period", str(err), file="--period", value=period))
    if problems:
        raise BaocaoError(problems)
    # Not filtered by directive: the unit's reports on other subjects, and its later and
    # duplicate ones, must be there to say why they were not taken.
    ev = check(book, submissions, as_of, Filters(unit=unit, since=_SINCE))
    mine = [r for r in ev.instances if r.instance.directive_id == d.id
            and r.instance.obligation_id == obligation and r.instance.reporter in units]
    found = [r for r in mine if r.instance.period.label == wanted.label]
    if len(found) != 1:
        owed = sorted({r.instance.period.label for r in mine})
        listed = ", ".join(owed[:12]) or "none"
        raise BaocaoError([problem(
            "option.instance",
            f"no report of {obligation} by {unit!r} is expected for {wanted.label} as of "
            f"{as_of.isoformat()} (periods owed: {listed})", file="--period",
            obligation=obligation, unit=unit, period=wanted.label, as_of=as_of.isoformat(),
            periods=tuple(owed[:12]))])
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
               *_considered(book, res, submissions, by_id, as_of), *_reasons(res),
               *_decision(book, res)),
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
        # whose window: NĐ 09/2019's, the period's own dates, or the days the text states
        name = "cutoff" if ob.data_window == "nd09" else f"cutoff.{ob.data_window}"
        steps.append(Step(name, {"start": inst.cutoff[0].isoformat(),
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


def _considered(book: RuleBook, res: InstanceResult, submissions: Sequence[Submission],
                by_id: Mapping[str, SubmissionResult], as_of: date) -> list[Step]:
    """Every report that was a candidate for this instance (same unit and period): whether it
    named the obligation's subject, then what became of it; then the unit's other reports,
    and why they were not candidates."""
    inst = res.instance
    ob = book.obligations[(inst.directive_id, inst.obligation_id)]
    steps = []
    for s in submissions:
        sr = by_id.get(s.id)
        if sr is None:
            continue
        received = s.submitted_on.isoformat() if s.submitted_on else None
        if inst.key in sr.candidates:
            subject = subject_step(book, s, sr, inst)
            steps.append(subject)
            if inst.key not in sr.on_subject:
                continue  # another subject: neither a fulfilment nor a misrouted report
            if inst.key not in sr.routed:
                steps.append(Step("submission.wrong-recipient", {
                    "id": s.id, "received": received, "recipient": s.recipient,
                    "expected": inst.recipient, "via": inst.via}))
            elif ob.kind is ObligationKind.QUANTITY:
                # Every item in the window counts; the verdict's date is the one that made up
                # the number asked for.
                kind = ("submission.item-completes" if s.id == res.submission else
                        "submission.item")
                steps.append(Step(kind, {"id": s.id, "received": received}))
            elif s.id == res.submission:
                steps.append(Step("submission.taken", {
                    "id": s.id, "received": received,
                    "counted": res.received.isoformat() if res.received else None}))
            else:
                steps.append(Step("submission.earlier", {
                    "id": s.id, "received": received, "by": res.submission}))
        elif s.reporter == inst.reporter and not s.problems:
            if sr.disposition is Disposition.RECEIVED_LATER and (
                    s.period is None or s.period.label == inst.period.label):
                steps.append(Step("submission.received-later", {
                    "id": s.id, "received": received, "as_of": as_of.isoformat()}))
            elif s.period is not None and s.period.label != inst.period.label:
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
    if not any(st.kind.startswith("subject.") for st in steps):
        steps.insert(0, Step("submission.none", {"reporter": inst.reporter,
                                                 "period": inst.period.label}))
    return steps


def subject_step(book: RuleBook, s: Submission, sr: SubmissionResult, inst: Instance) -> Step:
    """Whether a report named the subject of ``inst``'s obligation, read from the engine's
    result (``on_subject``, ``subject_checked``) and said by what: the directive it answers,
    the obligation it names, or its title.

    - ``subject.same.obligation`` / ``subject.same.directive``: it names them;
    - ``subject.same.title``: its title names the subject (a phrase or a directive number);
    - ``subject.other.directive``: it answers a directive the rules do not hold;
    - ``subject.other.title``: its title is about something else;
    - ``subject.unchecked.title``: it names no subject; matched on unit, period and recipient.
    """
    ob = book.obligations[(inst.directive_id, inst.obligation_id)]
    params: dict[str, Param] = {"id": s.id, "title": s.title, "instance": inst.key,
                                "subject": _subject_words(book, ob)}
    if s.other_directive is not None:
        return Step("subject.other.directive", {**params, "directive": s.other_directive})
    if inst.key not in sr.on_subject:
        return Step("subject.other.title", params)
    if s.obligation is not None:
        return Step("subject.same.obligation", {**params, "obligation": s.obligation})
    if s.directive is not None:
        return Step("subject.same.directive", {
            **params, "directive": book.directive(s.directive).label})
    if sr.subject_checked:
        return Step("subject.same.title", params)
    return Step("subject.unchecked.title", params)


def _subject_words(book: RuleBook, ob: Obligation) -> str:
    """How the reader recognises the obligation's subject: its first phrase, else the
    directive's number."""
    if ob.subject.phrases:
        return ob.subject.phrases[0]
    return book.directive(ob.directive_id).label


def _reasons(res: InstanceResult) -> list[Step]:
    """What the verdict adds beyond its rule: items counted, a longer report standing in, a
    unit that ceased (the rule's own reason is the decision step)."""
    return [Step("reason", {"code": r.code, **r.params}) for r in res.reasons
            if not r.code.startswith("decision.")]


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


# Decisions whose record reasons already say why nothing was a candidate.
_SAID = frozenset({"too-early", "not-a-report"})


def explain_submission(
    book: RuleBook, submissions: Sequence[Submission], as_of: date, submission_id: str
) -> Explanation:
    if not any(s.id == submission_id for s in submissions):
        ids = ", ".join(s.id for s in submissions[:12]) or "none"
        raise BaocaoError([problem("option.submission",
                                   f"no record with id {submission_id!r} in the files given "
                                   f"(ids: {ids})", file="--submission", id=submission_id,
                                   known=tuple(s.id for s in submissions[:12]))])
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
    # What the report is about, once per way it relates to its candidates' subjects.
    said: dict[tuple[str, Param], Step] = {}
    for key in sr.candidates:
        if key in instances:
            step = subject_step(book, s, sr, instances[key].instance)
            said.setdefault((step.kind, step.params["subject"]), step)
    steps += said.values()
    for key in sr.candidates:
        inst = instances.get(key)
        routed = key in sr.routed
        ob = book.obligations.get((inst.instance.directive_id, inst.instance.obligation_id)) \
            if inst else None
        kind = ("candidate.other-subject" if key not in sr.on_subject else
                "candidate.item" if key in sr.instances and ob is not None
                and ob.kind is ObligationKind.QUANTITY else
                "candidate.satisfies" if key in sr.instances else
                "candidate.earlier" if routed else "candidate.wrong-recipient")
        counts = next((r.params["counts"] for r in inst.reasons if r.code == "quantity.count"),
                      ()) if inst else ()
        steps.append(Step(kind, {
            "instance": key, "recipient": inst.instance.recipient if inst else None,
            "via": inst.instance.via if inst else None,
            "by": inst.submission if inst else None, "counts": counts}))
    if sr.disposition is Disposition.RECEIVED_LATER:
        steps.append(Step("candidate.after-as-of", {
            "received": s.submitted_on.isoformat() if s.submitted_on else None,
            "as_of": as_of.isoformat()}))
    elif (not sr.candidates and s.reporter is not None and not s.problems
          and sr.rule not in _SAID):  # too early, not a report: its reason says why
        steps.append(Step("candidate.none", {"reporter": s.reporter,
                                             "period": s.period.label if s.period else None}))
    rule = book.decisions.rule(sr.rule)
    steps.append(Step("decision", {
        "rule": rule.name, "outcome": sr.disposition.value,
        "conditions": tuple(_condition(c.field, c.op, c.value) for c in rule.conditions),
        "days_late": 0, "days_overdue": 0}))
    return Explanation("submission", s.id, sr.disposition.value, sr.rule, None, None,
                       tuple(steps))
