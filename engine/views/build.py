"""Building the rows of each command from the results and the rule book."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from engine.model import (
    EVALUATED_KINDS,
    ND09_FROM,
    Citation,
    DeadlineSpec,
    Directive,
    Disposition,
    Due,
    Evaluation,
    Group,
    InstanceResult,
    Obligation,
    ObligationKind,
    Period,
    PeriodKind,
    SubmissionResult,
    Verdict,
)
from engine.rulebook import RuleBook
from engine.submissions.raw import Written
from engine.time.periods import FREQUENCY_CODES
from engine.views.fixes import ATTENTION
from engine.views.rows import (
    CheckView,
    DeadlineInfo,
    DirectiveInfo,
    DirectiveRate,
    Figures,
    GroupInfo,
    InForceInfo,
    InstanceRow,
    LazyRows,
    Listing,
    ObligationRow,
    OverdueGroup,
    OverdueView,
    PolicyNote,
    QuantityInfo,
    Rates,
    ScheduleInfo,
    SelectionInfo,
    SubmissionRow,
    Summary,
    UnitRate,
)

if TYPE_CHECKING:
    from engine.evaluation.scope import Filters

__all__ = ["check_parts", "check_view", "overdue_view", "rules_view"]


@dataclass(frozen=True, slots=True)
class _ObligationText:
    """What every row of one obligation shows of it and of its directive, in one language."""

    deadline_words: str | None
    citation: Citation
    directive_short: str
    clause: str
    recipient_inferred: bool = False
    inferred_members: frozenset[str] = frozenset()
    data_window: str | None = None
    # directive, directive_id, obligation, summary: the fields a row of it begins with
    head: Mapping[str, str] = field(default_factory=dict)


def directive_label(book: RuleBook, d: Directive, lang: str = "vi") -> str:
    """A directive as tables name it: its number; an unnumbered plan by its kind, issuer
    and year ("KH Sở TT&TT Thái Nguyên 2022"), never by its slug."""
    if d.number:
        return d.number
    kind = _KINDS.get(d.kind, ("VB", "Text"))[lang == "en"]
    try:  # the issuer as Vietnamese offices write it, in either language: an identifier
        issuer = book.registry.label(d.issuer, "vi")
    except KeyError:
        issuer = d.issuer
    year = d.issued_on[:4] if d.issued_on else str(d.in_force.start.year)
    return f"{kind} {issuer} {year}" if lang != "en" else f"{kind}, {issuer}, {year}"


class _Names:
    """Names of units, directives and policies in one language, looked up once each."""

    def __init__(self, book: RuleBook, lang: str) -> None:
        self.book = book
        self.lang = lang
        self._full: dict[str, str] = {}
        self._short: dict[str, str] = {}
        self._days: dict[date, str] = {}
        self._clauses: dict[tuple[str, str], str] = {}
        self._obligations: dict[tuple[str, str], _ObligationText] = {}
        self._units: dict[tuple[str, str | None], Mapping[str, str | None]] = {}
        self._held: dict[int, tuple[object, Mapping[str, Any]]] = {}

    def obligation(self, directive_id: str, obligation_id: str) -> _ObligationText:
        """Once per obligation, not once per row (a national run has a million rows and a
        hundred obligations)."""
        key = (directive_id, obligation_id)
        found = self._obligations.get(key)
        if found is None:
            d = self.book.directive(directive_id)
            ob = self.book.obligations[key]
            found = self._obligations[key] = _ObligationText(
                deadline_words=ob.deadline.words if ob.deadline else None,
                citation=ob.citation,
                directive_short=self.directive(d),
                clause=self.clause(d.id, ob.id),
                recipient_inferred=ob.recipient_inferred,
                inferred_members=self.book.registry.inferred_members(ob.reporters),
                data_window=ob.data_window,
                head={"directive": d.label, "directive_id": d.id, "obligation": ob.id,
                      "summary": ob.summary},
            )
        return found

    def unit(self, role: str, unit_id: str | None) -> Mapping[str, str | None]:
        """A row's ``role`` and ``role_name`` fields (the unit's id and full name), once per
        unit and role: a national run names a few thousand units on two million rows."""
        found = self._units.get((role, unit_id))
        if found is None:
            found = self._units[(role, unit_id)] = {
                role: unit_id, f"{role}_name": self.full(unit_id) if unit_id else None}
        return found

    def prepare(self, ev: Evaluation) -> None:
        """Every row's shared parts (periods, due dates, units) made before the first row is
        written. Made as the rows went, each stayed among the rows' short-lived objects and
        kept the heap from shrinking: a national run's peak rose by 57 MB (1e6)."""
        for period in {id(r.instance.period): r.instance.period for r in ev.instances}.values():
            self.period(period)
        for due in {id(r.instance.due): r.instance.due for r in ev.instances}.values():
            self.due(due)
        for role, units in (
                ("reporter", {r.instance.reporter for r in ev.instances}
                 | {r.submission.reporter for r in ev.submissions}),
                ("recipient", {r.instance.recipient for r in ev.instances}
                 | {r.submission.recipient for r in ev.submissions}),
                ("via", {r.instance.via for r in ev.instances})):
            for unit in units:
                self.unit(role, unit)

    def period(self, period: Period) -> Mapping[str, Any]:
        """A row's period fields, once per period object (one per obligation and period)."""
        found = self._held.get(id(period))
        if found is None or found[0] is not period:  # the object is kept: its id not reused
            found = self._held[id(period)] = (period, {
                "period": period.label, "period_kind": period.kind.value,
                "period_start": period.start, "period_end": period.end})
        return found[1]

    def due(self, due: Due) -> Mapping[str, Any]:
        """A row's due-date fields, once per due date object (one per obligation and
        period)."""
        found = self._held.get(id(due))
        if found is None or found[0] is not due:
            found = self._held[id(due)] = (due, {
                "due": due.due, "due_nominal": due.nominal, "due_last_day": due.last_day,
                "due_reading": due.reading.value, "due_rolled": due.rolled,
                "due_skipped": due.skipped, "due_basis": due.basis.value,
                "due_policy": due.policy, "due_policy_text": self.policy(due.policy)})
        return found[1]

    def full(self, unit_id: str) -> str:
        name = self._full.get(unit_id)
        if name is None:
            try:
                name = self.book.registry.name(unit_id, self.lang)
            except KeyError:
                name = unit_id
            self._full[unit_id] = name
        return name

    def day(self, day: date) -> str:
        """A date as a table shows it (dd/mm/yyyy), worked out once per date: a national
        run's million records were received on a few thousand days."""
        text = self._days.get(day)
        if text is None:
            text = self._days[day] = f"{day:%d/%m/%Y}"
        return text

    def short(self, unit_id: str) -> str:
        """Tables are narrow: a unit reads as the registry's short form ("Sở TT&TT Tây
        Ninh", "Vụ TĐKT Bộ TT&TT"); JSON and CSV keep the full name."""
        name = self._short.get(unit_id)
        if name is None:
            try:
                name = self.book.registry.label(unit_id, self.lang)
            except KeyError:
                name = unit_id
            self._short[unit_id] = name
        return name

    def clause(self, directive_id: str, obligation_id: str) -> str:
        """The clause an obligation cites ("III.3"); when several obligations of a directive
        cite the same clause, each gets its place among them ("III.3 (2)"), so that a row
        names one obligation."""
        if not self._clauses:
            for d in self.book.directives:
                by_section: dict[str, list[str]] = {}
                for ob in d.obligations:
                    by_section.setdefault(ob.citation.section, []).append(ob.id)
                for section, ids in by_section.items():
                    for n, oid in enumerate(ids, start=1):
                        label = section if len(ids) == 1 else f"{section} ({n})"
                        self._clauses[(d.id, oid)] = label
        return self._clauses.get((directive_id, obligation_id), "")

    def directive(self, d: Directive) -> str:
        return directive_label(self.book, d, self.lang)

    def policy(self, policy_id: str | None) -> str | None:
        if policy_id is None or policy_id not in self.book.policies:
            return None
        p = self.book.policies[policy_id]
        return p.description_en if self.lang == "en" else p.description_vi


_KINDS = {  # the abbreviations of Nghị định 30/2020/NĐ-CP, Phụ lục III
    "chi_thi": ("CT", "Directive"),
    "ke_hoach": ("KH", "Plan"),
    "cong_van": ("CV", "Letter"),
    "quyet_dinh": ("QĐ", "Decision"),
    "thong_bao": ("TB", "Notice"),
    "thong_tu": ("TT", "Circular"),
    "nghi_dinh": ("NĐ", "Decree"),
    "nghi_quyet": ("NQ", "Resolution"),
    "huong_dan": ("HD", "Guidance"),
    "chuong_trinh": ("CTr", "Programme"),
    "de_an": ("ĐA", "Scheme"),
    "quy_che": ("QC", "Regulation"),
}


def period_text(period: Period) -> str:
    """Labels read well for calendar periods; an explicit task window reads as its dates."""
    if period.kind is PeriodKind.WINDOW:
        return f"{period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}"
    return period.label


def instance_fields(res: InstanceResult, names: _Names) -> dict[str, Any]:
    """An ``InstanceRow``'s exported fields in its order, as JSON writes them: a national
    run writes a million, their repeated parts (obligation, units, period, due date) made
    once each and merged, not looked up field by field."""
    inst = res.instance
    o = names.obligation(inst.directive_id, inst.obligation_id)
    due = inst.due
    cutoff = inst.cutoff
    return {
        "key": inst.key,
        **o.head,
        **names.unit("reporter", inst.reporter),
        **names.unit("recipient", inst.recipient),
        **names.unit("via", inst.via),
        **names.period(inst.period),
        "cutoff_from": cutoff[0] if cutoff else None,
        "cutoff_to": cutoff[1] if cutoff else None,
        "data_window": o.data_window if cutoff else None,
        **names.due(due),
        "deadline_words": o.deadline_words,
        "verdict": res.verdict,
        "rule": res.rule,
        "days_late": res.days_late,
        "days_overdue": res.days_overdue,
        "received": res.received,
        "submission": res.submission,
        "citation": o.citation,
        "reasons": res.reasons,
        "report": res.report or inst.key,
        "same_report": res.same_report,
        "recipient_inferred": o.recipient_inferred,
        "reporter_inferred": inst.reporter in o.inferred_members,
        "due_provisional": due.provisional,
        "counts_from": inst.opens,
    }


def _instance_row(res: InstanceResult, names: _Names) -> InstanceRow:
    inst = res.instance
    o = names.obligation(inst.directive_id, inst.obligation_id)
    via = inst.via
    return InstanceRow(
        **instance_fields(res, names),
        reporter_label=names.short(inst.reporter),
        recipient_label=names.short(inst.recipient),
        via_label=names.short(via) if via else "",
        directive_label=o.directive_short,
        clause=o.clause,
    )


def submission_fields(res: SubmissionResult, names: _Names) -> dict[str, Any]:
    """A ``SubmissionRow``'s exported fields in its order, as JSON writes them (see
    ``instance_fields``)."""
    s = res.submission
    return {
        "id": s.id,
        "source": s.source,
        **names.unit("reporter", s.reporter),
        **names.unit("recipient", s.recipient),
        "period": s.period.label if s.period else None,
        "period_inferred": s.period_inferred,
        "submitted_on": s.submitted_on,
        "document_number": s.document_number,
        "title": s.title,
        "disposition": res.disposition,
        "rule": res.rule,
        "instances": res.instances,
        "reasons": res.reasons,
        "raw": s.raw.as_dict() if isinstance(s.raw, Written) else dict(s.raw),
        "document_type": res.document_type,
    }


def _submission_row(res: SubmissionResult, names: _Names) -> SubmissionRow:
    s = res.submission
    period_label = period_text(s.period) if s.period else str(s.raw.get("period") or "")
    return SubmissionRow(
        **submission_fields(res, names),
        reporter_label=names.short(s.reporter) if s.reporter else str(s.raw.get("reporter", "")),
        period_label=period_label,
        received_label=(names.day(s.submitted_on) if s.submitted_on
                        else str(s.raw.get("submitted_on") or "")),
    )


def summary(ev: Evaluation) -> Summary:
    vc = Counter(r.verdict for r in ev.instances)
    dc = Counter(r.disposition for r in ev.submissions)
    inst = {v.value: vc.get(v, 0) for v in Verdict}
    inst["total"] = len(ev.instances)
    subs = {d.value: dc.get(d, 0) for d in Disposition}
    subs["total"] = len(ev.submissions)
    distinct = distinct_reports(ev.instances)
    rc = Counter(r.verdict for r in distinct)
    reports = {v.value: rc.get(v, 0) for v in Verdict}
    reports["total"] = len(distinct)
    return Summary(inst, subs, reports)


def _assumed(results: Iterable[InstanceResult], names: _Names) -> tuple[PolicyNote, ...]:
    seen: dict[str, None] = {}
    for r in results:
        if r.instance.due.policy is not None:
            seen.setdefault(r.instance.due.policy)
    return tuple(PolicyNote(p, names.policy(p) or p) for p in seen)


def figures(results: Iterable[InstanceResult]) -> Figures:
    """Counts and rates of a set of results (see ``Figures``): computed here once, so every
    output (table, JSON, HTML, Markdown, XLSX) shows the same numbers.

    >>> figures([]).rate_on_time is None
    True
    """
    rows = list(results)
    c = Counter(r.verdict for r in distinct_reports(rows))
    on_time, late, overdue = c[Verdict.ON_TIME], c[Verdict.LATE], c[Verdict.OVERDUE]
    assessed = on_time + late + overdue
    return Figures(
        instances=sum(1 for r in rows if r.verdict is not Verdict.EXEMPT),
        expected=sum(c.values()) - c[Verdict.EXEMPT],
        received=on_time + late,
        on_time=on_time,
        late=late,
        overdue=overdue,
        pending=c[Verdict.PENDING],
        exempt=c[Verdict.EXEMPT],
        assessed=assessed,
        rate_on_time=_rate(on_time, assessed),
        rate_received=_rate(on_time + late, assessed),
    )


def distinct_reports(results: Iterable[InstanceResult]) -> list[InstanceResult]:
    """One result per distinct report owed (engine/evaluation/demands.py): of the instances
    several plans have for the same report, the first due, whose verdict the report takes."""
    chosen: dict[str, InstanceResult] = {}
    for r in results:
        key = r.report or r.instance.key
        cur = chosen.get(key)
        if cur is None or (r.instance.due.due, r.instance.key) < (cur.instance.due.due,
                                                                 cur.instance.key):
            chosen[key] = r
    return list(chosen.values())


def _rate(part: int, whole: int) -> float | None:
    """``part / whole`` rounded down to 0.1%: 999 of 1000 is 0.999, never 1.

    >>> _rate(2, 3), _rate(3, 3), _rate(0, 0)
    (0.666, 1.0, None)
    """
    if whole == 0:
        return None
    return (1000 * part // whole) / 1000


def rates(results: Iterable[InstanceResult], book: RuleBook, names: _Names) -> Rates:
    results = list(results)
    by_directive: dict[str, list[InstanceResult]] = {}
    by_unit: dict[str, list[InstanceResult]] = {}
    for r in results:
        by_directive.setdefault(r.instance.directive_id, []).append(r)
        by_unit.setdefault(r.instance.reporter, []).append(r)
    directives = tuple(
        DirectiveRate(d.label, d.id, d.title, figures(by_directive[d.id]),
                      label=names.directive(d))
        for d in book.directives if d.id in by_directive
    )
    units = [UnitRate(u, names.full(u), figures(rs), label=names.short(u))
             for u, rs in by_unit.items()]

    def worst_first(u: UnitRate) -> tuple[bool, float, int, str]:
        f = u.figures
        return (f.rate_on_time is None, f.rate_on_time or 0.0, -f.overdue, u.unit)

    units.sort(key=worst_first)
    return Rates(figures(results), directives, tuple(units))


def _selection(ev: Evaluation, book: RuleBook) -> SelectionInfo | None:
    sel = ev.selection
    if sel is None:
        return None
    # several --directive or --period: one string each, as the options were joined
    directives = [book.directive(d) for d in sel.directives]
    return SelectionInfo(
        since=sel.since, as_of=ev.as_of,
        directive=", ".join(d.label for d in directives) or None,
        directive_id=",".join(d.id for d in directives) or None,
        units=sel.units,
        period=", ".join(p.label for p in sel.periods) or None,
        office=sel.office,
    )


def one_per_report(rows: Iterable[InstanceRow]) -> list[InstanceRow]:
    """A list of problems names each missing report once: of the rows several plans have for
    the same report (engine/evaluation/demands.py), the first due, naming the others' clauses
    (``also_label``). JSON and --all keep every row."""
    groups: dict[str, list[InstanceRow]] = {}
    for row in rows:
        groups.setdefault(row.report or row.key, []).append(row)
    out = []
    for members in groups.values():
        first = min(members, key=lambda r: (r.due, r.key))
        others = [r for r in members if r is not first]
        if others:
            first = replace(first, also_label=", ".join(
                dict.fromkeys(f"{o.directive_label} {o.clause}" for o in others)))
        out.append(first)
    return out


def worst_first(rows: Iterable[InstanceRow], days: Callable[[InstanceRow], int]
                ) -> tuple[InstanceRow, ...]:
    """Most days first; then directive, unit and period, so ties read in a stable order."""
    return tuple(sorted(rows, key=lambda r: (-days(r), r.directive_id, r.reporter_label,
                                             r.period_start, r.obligation)))


def check_view(ev: Evaluation, book: RuleBook, lang: str = "vi",
               listing: Listing = Listing(), *, held: bool = True) -> CheckView:
    """Everything ``check`` shows; ``listing`` chooses the rows listed (the figures cover
    every instance selected by the filters). ``held=False`` (check's table, a screenful):
    ``instances`` and ``submissions`` are ``LazyRows``, built when read, and only the rows the
    view lists are built here: a national run's million rows are never held (700 MB)."""
    names = _Names(book, lang)

    def row(res: InstanceResult) -> InstanceRow:
        return _instance_row(res, names)

    def sub(res: SubmissionResult) -> SubmissionRow:
        return _submission_row(res, names)

    rows: Sequence[InstanceRow]
    subs: Sequence[SubmissionRow]
    if held:
        rows, subs = tuple(map(row, ev.instances)), tuple(map(sub, ev.submissions))
    else:
        rows, subs = LazyRows(ev.instances, row), LazyRows(ev.submissions, sub)
    # chosen by the results' verdicts and dispositions; a row read by position (built then,
    # when not held)
    verdicts = [r.verdict for r in ev.instances]
    overdue_rows = [rows[i] for i, v in enumerate(verdicts) if v is Verdict.OVERDUE]
    late_rows = [rows[i] for i, v in enumerate(verdicts) if v is Verdict.LATE]
    picked = [i for i, v in enumerate(verdicts) if listing.chosen(v)]
    looked = [i for i, s in enumerate(ev.submissions) if s.disposition in ATTENTION]
    overdue = worst_first(one_per_report(overdue_rows), lambda r: r.days_overdue)
    late = worst_first(one_per_report(late_rows), lambda r: r.days_late)
    return CheckView(
        as_of=ev.as_of,
        instances=rows,
        submissions=subs,
        summary=summary(ev),
        awaiting_request=_awaiting(ev),
        assumed=_assumed(ev.instances, names),
        selection=_selection(ev, book),
        rates=rates(ev.instances, book, names),
        overdue=listing.cut(overdue),
        late=listing.cut(late),
        verdicts=tuple(v for v in Verdict if v in listing.verdicts),
        listed=tuple(rows[i] for i in listing.cut(picked)),
        attention=tuple(subs[i] for i in listing.cut(looked)),
        totals={"overdue": len(overdue), "late": len(late), "listed": len(picked),
                "attention": len(looked), "submissions": len(subs)},
    )


def check_parts(ev: Evaluation, book: RuleBook, lang: str = "vi",
                listing: Listing = Listing()) -> Iterator[tuple[str, Any]]:
    """``check_view``'s exported fields in order, its rows built one at a time as they are
    written: a national run's million rows never sit in memory as rows. The instances are
    those ``listing`` chooses (``check --verdict``, ``--limit``); the summary, the rates and
    the selection still cover everything selected, as in the view."""
    names = _Names(book, lang)
    names.prepare(ev)
    yield "as_of", ev.as_of
    yield "instances", listing.stream(instance_fields(r, names) for r in ev.instances
                                      if listing.chosen(r.verdict))
    yield "submissions", (submission_fields(r, names) for r in ev.submissions)
    yield "summary", summary(ev)
    yield "awaiting_request", _awaiting(ev)
    yield "selection", _selection(ev, book)
    yield "rates", rates(ev.instances, book, names)


def check_rows(ev: Evaluation, book: RuleBook, lang: str = "vi",
               listing: Listing = Listing()) -> Iterator[InstanceRow]:
    """The rows ``check_view`` lists (``listed``), built one at a time as they are written
    (``check --format csv`` of a national run)."""
    return iter(_rows(ev, _Names(book, lang), listing))


def _rows(ev: Evaluation, names: _Names, listing: Listing) -> Iterable[InstanceRow]:
    return listing.stream(_instance_row(r, names) for r in ev.instances
                          if listing.chosen(r.verdict))


def _awaiting(ev: Evaluation) -> tuple[str, ...]:
    return tuple(f"{o.directive_id}/{o.id}" for o in ev.awaiting_request)


def overdue_view(ev: Evaluation, book: RuleBook, lang: str = "vi",
                 listing: Listing = Listing()) -> OverdueView:
    """Units with overdue reports, worst first: most days overdue, then most reports; the
    first ``listing.limit`` units when a limit is given."""
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
            items=tuple(one_per_report(_instance_row(r, names) for r in items)),
            unit_label=names.short(unit),
        )
        for unit, items in ranked
    )
    everything = [r for _, items in ranked for r in items]
    return OverdueView(ev.as_of, listing.cut(groups), _assumed(everything, names),
                       units=len(groups), reports=sum(len(g.items) for g in groups))


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
        offset_days=dl.offset_days,
        offset_working=dl.offset_working,
        offset_from=dl.offset_from,
        named_days=tuple(int(d) for d in _DAY_WORDS.findall(dl.words or "")),
        from_day=dl.from_day,
        year=dl.year,
    )


# "ngày 25", "ngày 15/02", "ngày 05 tháng 12": the day of the month a deadline's words name
# (the same reading as lint.deadline-words)
_DAY_WORDS = re.compile(r"ngày\s+(\d{1,2})(?!\d)", re.IGNORECASE)


def _obligation_row(ob: Obligation, book: RuleBook, names: _Names) -> ObligationRow:
    d = book.directive(ob.directive_id)
    return ObligationRow(
        directive=DirectiveInfo(
            id=d.id, number=d.number, title=d.title, kind=d.kind, issuer=d.issuer,
            issuer_name=names.full(d.issuer), issued_on=d.issued_on, notes=d.notes,
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
        quantities=tuple(QuantityInfo(q.count, q.of, q.per.value, q.words)
                         for q in ob.quantities),
        citation=ob.citation,
        evaluated=ob.kind in EVALUATED_KINDS,
        on_request=ob.kind is ObligationKind.AD_HOC,
        recipient_inferred=ob.recipient_inferred,
        notes=ob.notes,
        members_inferred=tuple(sorted(book.registry.inferred_members(ob.reporters))),
        membership=tuple(dict.fromkeys(
            g.inferred for g in _groups_named(ob.reporters, book) if g.inferred)),
        source=f"{ob.source_file}:{ob.source_line}" if ob.source_file else None,
        groups=tuple(GroupInfo(g.id, names.full(g.id), g.members,
                               tuple(names.full(m) for m in g.members), g.inferred)
                     for g in _groups_named(ob.reporters, book)),
        periods=tuple(e.code for e in ob.schedule) or FREQUENCY_CODES.get(ob.frequency, ()),
        via_also=ob.via_also,
        via_also_names=tuple(names.full(v) for v in ob.via_also),
        covers=ob.covers.label if ob.covers else None,
        every_years=ob.every_years,
        anchor=ob.anchor,
        data_window=ob.data_window,
        data_span=ob.data_span,
        predates_nd09=d.issued_on is None
        or d.issued_on < ND09_FROM.isoformat()[:len(d.issued_on)],
        routes=tuple((names.full(u), names.full(r)) for u, r in ob.routes),
        after=tuple(f"{names.directive(book.directive(di))} {names.clause(di, oi)} — "
                    f"{book.obligations[(di, oi)].summary}" for di, oi in ob.after),
        received_from=ob.received_from,
        deliverable=ob.deliverable,
        subject=ob.subject,
        reporter_labels=tuple(names.short(r) for r in ob.reporters),
        recipient_label=names.short(ob.recipient),
        via_label=names.short(ob.via) if ob.via else "",
        directive_label=names.directive(d),
        clause=names.clause(d.id, ob.id),
    )


def _groups_named(ids: Iterable[str], book: RuleBook) -> list[Group]:
    """The groups ``ids`` name, and the groups inside them."""
    out: list[Group] = []
    todo = [i for i in ids if i in book.registry.groups]
    while todo:
        group = book.registry.groups[todo.pop()]
        if group not in out:
            out.append(group)
            todo += [m for m in group.members if m in book.registry.groups]
    return out


def rules_view(
    book: RuleBook, filters: Filters | None = None, lang: str = "vi"
) -> tuple[ObligationRow, ...]:
    names = _Names(book, lang)
    from engine.evaluation.scope import option_values

    directive_ids = {book.find_directive(text).id
                     for text in option_values(filters.directive if filters else None)}
    units: frozenset[str] | None = None
    for text in option_values(filters.unit if filters else None):
        units = (units or frozenset()) | book.units_named(text)
    out = []
    for d in book.directives:
        if directive_ids and d.id not in directive_ids:
            continue
        for ob in d.obligations:
            if units is not None and not units & set(book.registry.expand(ob.reporters)) \
                    and not units & set(ob.recipients):
                continue
            out.append(_obligation_row(ob, book, names))
    return tuple(out)


