"""Building the rows of each command from the results and the rule book."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from engine.model import (
    EVALUATED_KINDS,
    DeadlineSpec,
    Disposition,
    Evaluation,
    InstanceResult,
    Obligation,
    ObligationKind,
    Period,
    PeriodKind,
    SubmissionResult,
    Verdict,
)
from engine.rulebook import RuleBook
from engine.views.rows import (
    CheckView,
    DeadlineInfo,
    DirectiveInfo,
    InForceInfo,
    InstanceRow,
    ObligationRow,
    OverdueGroup,
    OverdueView,
    PolicyNote,
    QuantityInfo,
    ScheduleInfo,
    SubmissionRow,
    Summary,
)

if TYPE_CHECKING:
    from engine.evaluation.scope import Filters

__all__ = ["check_parts", "check_view", "overdue_view", "rules_view"]


class _Names:
    """Names of units, directives and policies in one language, looked up once each."""

    def __init__(self, book: RuleBook, lang: str) -> None:
        self.book = book
        self.lang = lang
        self._full: dict[str, str] = {}
        self._short: dict[str, str] = {}

    def full(self, unit_id: str) -> str:
        name = self._full.get(unit_id)
        if name is None:
            try:
                name = self.book.registry.name(unit_id, self.lang)
            except KeyError:
                name = unit_id
            self._full[unit_id] = name
        return name

    def short(self, unit_id: str) -> str:
        """Tables are narrow: a provincial unit reads as its usual short name and place
        ("Sở TT&TT Tây Ninh"); JSON and CSV keep the full name."""
        name = self._short.get(unit_id)
        if name is None:
            unit = self.book.registry.units.get(unit_id)
            if self.lang == "vi" and unit is not None and unit.short and unit.place:
                name = f"{unit.short[0]} {unit.place}"
            else:
                name = self.full(unit_id)
            self._short[unit_id] = name
        return name

    def policy(self, policy_id: str | None) -> str | None:
        if policy_id is None or policy_id not in self.book.policies:
            return None
        p = self.book.policies[policy_id]
        return p.description_en if self.lang == "en" else p.description_vi


def period_text(period: Period) -> str:
    """Labels read well for calendar periods; an explicit task window reads as its dates."""
    if period.kind is PeriodKind.WINDOW:
        return f"{period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}"
    return period.label


def _instance_row(res: InstanceResult, book: RuleBook, names: _Names) -> InstanceRow:
    inst = res.instance
    d = book.directive(inst.directive_id)
    ob = book.obligations[(inst.directive_id, inst.obligation_id)]
    due = inst.due
    return InstanceRow(
        key=inst.key,
        directive=d.label,
        directive_id=d.id,
        obligation=inst.obligation_id,
        summary=ob.summary,
        reporter=inst.reporter,
        reporter_name=names.full(inst.reporter),
        recipient=inst.recipient,
        recipient_name=names.full(inst.recipient),
        via=inst.via,
        via_name=names.full(inst.via) if inst.via else None,
        period=inst.period.label,
        period_kind=inst.period.kind.value,
        period_start=inst.period.start,
        period_end=inst.period.end,
        cutoff_from=inst.cutoff[0] if inst.cutoff else None,
        cutoff_to=inst.cutoff[1] if inst.cutoff else None,
        due=due.due,
        due_nominal=due.nominal,
        due_last_day=due.last_day,
        due_reading=due.reading.value,
        due_rolled=due.rolled,
        due_skipped=due.skipped,
        due_basis=due.basis.value,
        due_policy=due.policy,
        due_policy_text=names.policy(due.policy),
        deadline_words=ob.deadline.words if ob.deadline else None,
        verdict=res.verdict,
        rule=res.rule,
        days_late=res.days_late,
        days_overdue=res.days_overdue,
        received=res.received,
        submission=res.submission,
        citation=ob.citation,
        reasons=res.reasons,
        reporter_label=names.short(inst.reporter),
        recipient_label=names.short(inst.recipient),
        via_label=names.short(inst.via) if inst.via else "",
    )


def _submission_row(res: SubmissionResult, names: _Names) -> SubmissionRow:
    s = res.submission
    period_label = period_text(s.period) if s.period else str(s.raw.get("period") or "")
    return SubmissionRow(
        id=s.id,
        source=s.source,
        reporter=s.reporter,
        reporter_name=names.full(s.reporter) if s.reporter else None,
        recipient=s.recipient,
        recipient_name=names.full(s.recipient) if s.recipient else None,
        period=s.period.label if s.period else None,
        period_inferred=s.period_inferred,
        submitted_on=s.submitted_on,
        document_number=s.document_number,
        title=s.title,
        disposition=res.disposition,
        rule=res.rule,
        instances=res.instances,
        reasons=res.reasons,
        raw=dict(s.raw),
        reporter_label=names.short(s.reporter) if s.reporter else str(s.raw.get("reporter", "")),
        period_label=period_label,
        received_label=(f"{s.submitted_on:%d/%m/%Y}" if s.submitted_on
                        else str(s.raw.get("submitted_on") or "")),
    )


def summary(ev: Evaluation) -> Summary:
    vc = Counter(r.verdict for r in ev.instances)
    dc = Counter(r.disposition for r in ev.submissions)
    inst = {v.value: vc.get(v, 0) for v in Verdict}
    inst["total"] = len(ev.instances)
    subs = {d.value: dc.get(d, 0) for d in Disposition}
    subs["total"] = len(ev.submissions)
    return Summary(inst, subs)


def _assumed(results: Iterable[InstanceResult], names: _Names) -> tuple[PolicyNote, ...]:
    seen: dict[str, None] = {}
    for r in results:
        if r.instance.due.policy is not None:
            seen.setdefault(r.instance.due.policy)
    return tuple(PolicyNote(p, names.policy(p) or p) for p in seen)


def check_view(ev: Evaluation, book: RuleBook, lang: str = "vi") -> CheckView:
    names = _Names(book, lang)
    return CheckView(
        as_of=ev.as_of,
        instances=tuple(_instance_row(r, book, names) for r in ev.instances),
        submissions=tuple(_submission_row(r, names) for r in ev.submissions),
        summary=summary(ev),
        awaiting_request=_awaiting(ev),
        assumed=_assumed(ev.instances, names),
    )


def check_parts(ev: Evaluation, book: RuleBook, lang: str = "vi"
                ) -> Iterator[tuple[str, Any]]:
    """``check_view``'s exported fields in order, its rows built one at a time as they are
    written: a national run's million rows never sit in memory as rows."""
    names = _Names(book, lang)
    yield "as_of", ev.as_of
    yield "instances", (_instance_row(r, book, names) for r in ev.instances)
    yield "submissions", (_submission_row(r, names) for r in ev.submissions)
    yield "summary", summary(ev)
    yield "awaiting_request", _awaiting(ev)


def _awaiting(ev: Evaluation) -> tuple[str, ...]:
    return tuple(f"{o.directive_id}/{o.id}" for o in ev.awaiting_request)


def overdue_view(ev: Evaluation, book: RuleBook, lang: str = "vi") -> OverdueView:
    """Units with overdue reports, worst first: most days overdue, then most reports."""
    names = _Names(book, lang)
    by_unit: dict[str, list[InstanceResult]] = {}
    for res in ev.instances:
        if res.verdict is Verdict.OVERDUE:
            by_unit.setdefault(res.instance.reporter, []).append(res)
    ranked = [
        (unit, sorted(items, key=lambda x: (-x.days_overdue, x.instance.key)))
        for unit, items in by_unit.items()
    ]
    ranked.sort(key=lambda u: (-u[1][0].days_overdue, -len(u[1]), u[0]))
    groups = tuple(
        OverdueGroup(
            unit=unit,
            unit_name=names.full(unit),
            items=tuple(_instance_row(r, book, names) for r in items),
            unit_label=names.short(unit),
        )
        for unit, items in ranked
    )
    everything = [r for _, items in ranked for r in items]
    return OverdueView(ev.as_of, groups, _assumed(everything, names))


def _deadline_info(dl: DeadlineSpec | None, names: _Names) -> DeadlineInfo | None:
    if dl is None:
        return None
    return DeadlineInfo(
        basis=dl.basis.value,
        day=dl.day,
        month=None if dl.month is None else (
            dl.month.month if dl.month.mode == "absolute" else dl.month.mode),
        reading=dl.reading.value,
        policy=dl.policy,
        words=dl.words,
        description=names.policy(dl.policy),
    )


def _obligation_row(ob: Obligation, book: RuleBook, names: _Names) -> ObligationRow:
    d = book.directive(ob.directive_id)
    return ObligationRow(
        directive=DirectiveInfo(
            id=d.id, number=d.number, title=d.title, kind=d.kind, issuer=d.issuer,
            issuer_name=names.full(d.issuer), issued_on=d.issued_on,
        ),
        id=ob.id,
        summary=ob.summary,
        kind=ob.kind.value,
        reporters=ob.reporters,
        reporter_names=tuple(names.full(r) for r in ob.reporters),
        reporters_expanded=book.registry.expand(ob.reporters),
        recipient=ob.recipient,
        recipient_name=names.full(ob.recipient),
        via=ob.via,
        via_name=names.full(ob.via) if ob.via else None,
        frequency=ob.frequency.value,
        deadline=_deadline_info(ob.deadline, names),
        schedule=tuple(ScheduleInfo(e.code, _deadline_info(e.deadline, names))
                       for e in ob.schedule),
        counts=ob.counts.value,
        in_force=InForceInfo(ob.in_force.start, ob.in_force.end),
        windows=tuple(w.label for w in ob.windows),
        quantities=tuple(QuantityInfo(q.count, q.of, q.per.value) for q in ob.quantities),
        citation=ob.citation,
        evaluated=ob.kind in EVALUATED_KINDS,
        on_request=ob.kind is ObligationKind.AD_HOC,
        recipient_inferred=ob.recipient_inferred,
        notes=ob.notes,
        source=f"{ob.source_file}:{ob.source_line}" if ob.source_file else None,
        reporter_labels=tuple(names.full(r) for r in ob.reporters),
        recipient_label=names.short(ob.recipient),
        via_label=names.short(ob.via) if ob.via else "",
    )


def rules_view(
    book: RuleBook, filters: Filters | None = None, lang: str = "vi"
) -> tuple[ObligationRow, ...]:
    names = _Names(book, lang)
    directive_id = None
    units: frozenset[str] | None = None
    if filters is not None and filters.directive:
        directive_id = book.find_directive(filters.directive).id
    if filters is not None and filters.unit:
        units = book.units_named(filters.unit)
    out = []
    for d in book.directives:
        if directive_id and d.id != directive_id:
            continue
        for ob in d.obligations:
            if units is not None and not units & set(book.registry.expand(ob.reporters)) \
                    and ob.recipient not in units:
                continue
            out.append(_obligation_row(ob, book, names))
    return tuple(out)


