"""Evaluation: the named passes from a rule book and submissions to results.

``check`` is their composition, in this order (each needs the one before):

1. ``scope.resolve_scope``   filters → ``Scope`` (ids, units, a period, a window)
2. ``scope.horizon``         → ``Horizon``: every period a submission could be for
3. ``expand.expand``         → ``Instance`` per obligation × reporter × period
                               (due dates once per obligation and period)
4. ``demands.same_reports``  → which instances of several plans are one report
5. ``group.group``           → ``Matching``: what each record is (``documents``), owed, on
                               the subject (``subjects``), routed, earliest receipt,
                               quantity counts
6. ``facts.*_facts``         → one ``InstanceFact`` / ``SubmissionFact`` each
7. ``decide.decide``         → ``Decided``: the rule fired, per fact, looked up in the
                               decision table durable_rules built once per rule book
8. ``assemble.*_results``    → ``InstanceResult`` / ``SubmissionResult`` with reason codes
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date

from engine.evaluation import assemble, decide, demands, expand, facts, group, scope, subjects
from engine.evaluation.documents import KindReader
from engine.evaluation.scope import Filters, Scope
from engine.memory import give_back
from engine.model import (
    Evaluation,
    Instance,
    InstanceResult,
    ObligationKind,
    Request,
    Selection,
    Submission,
    SubmissionResult,
)
from engine.rulebook import RuleBook
from engine.stages import stage

__all__ = ["Filters", "Scope", "check"]


def check(
    book: RuleBook,
    submissions: Sequence[Submission],
    as_of: date,
    filters: Filters = Filters(),  # frozen, never mutated
    requests: Sequence[Request] = (),
    progress: Callable[[str, int, int], None] | None = None,
) -> Evaluation:
    """``progress``: told ("expand", 0, 0) while the reports owed are listed, ("match",
    records matched, records) as grouping goes, the longest pass of a national run, then
    ("judge", 0, 0) while the rest is decided."""
    if progress is not None:
        progress("expand", 0, 0)
    shown = scope.resolve_scope(book, filters, as_of)
    span = scope.horizon(shown, submissions)
    with stage("expand"):
        instances = list(expand.expand(book.directives, book.registry, book.calendar,
                                       book.policies, span, requests))
        same = demands.same_reports(instances, book.obligations)
    size = len(submissions) + len(instances)
    give_back(size)  # what listing the reports owed took (engine/memory.py)
    with stage("group"):
        matching = group.group(instances, submissions, book.obligations, as_of,
                               book.registry, subjects.index_of(book),
                               subjects.numbers_of(book), requests,
                               KindReader(book.doctypes), same, progress)
    if progress is not None:
        progress("judge", 0, 0)
    give_back(size)  # grouping's indexes
    with stage("facts"):
        inputs = facts.inputs_of(instances, book.obligations)  # what each summary sums up
        i_facts = facts.instance_facts(instances, matching, book.registry.units, as_of,
                                       inputs)
        s_facts = facts.submission_facts(submissions, matching)
    with stage("decide"):
        decided = decide.decide(
            book.decisions, i_facts, s_facts,
            [i.key for i in instances], [s.id for s in submissions],
        )
    del s_facts
    with stage("assemble"):
        reports = tuple(assemble.instance_results(
            instances, i_facts, decided, matching, submissions, book.decisions,
            book.registry.units, shown, same, demands.report_keys(instances, same), inputs,
        ))
        # The records' results are made last, at a national run's peak of memory: what only
        # the reports owed needed is let go first (each report's earliest receipt, its facts
        # and its rule: 100 MB at 1e6).
        del i_facts, inputs, same
        matching = replace(matching, earliest={}, counts={})
        decided = replace(decided, instance_rules=())
        give_back(size)
        records = tuple(assemble.submission_results(
            submissions, decided, matching, book.decisions, _Keyed(instances), shown,
        ))
        return _evaluation(book, as_of, requests, shown, reports, records)


class _Keyed(Mapping[str, Instance]):
    """The instances by key, made when first read: only a filter reads it (a record kept for
    the reports it concerns), and a dict of a million entries would otherwise be held through
    the peak for nothing."""

    def __init__(self, instances: Sequence[Instance]) -> None:
        self._instances = instances
        self._by_key: dict[str, Instance] | None = None

    def _keyed(self) -> dict[str, Instance]:
        if self._by_key is None:
            self._by_key = {i.key: i for i in self._instances}
        return self._by_key

    def __getitem__(self, key: str) -> Instance:
        return self._keyed()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keyed())

    def __len__(self) -> int:
        return len(self._keyed())


def _evaluation(book: RuleBook, as_of: date, requests: Sequence[Request], shown: Scope,
                reports: tuple[InstanceResult, ...], records: tuple[SubmissionResult, ...],
                ) -> Evaluation:
    """The passes' outputs as one ``Evaluation``: results in the order of instances and
    records, and the ad hoc duties never requested."""
    return Evaluation(
        as_of=as_of,
        instances=reports,
        submissions=records,
        awaiting_request=tuple(
            ob for d in book.directives for ob in d.obligations
            if ob.kind is ObligationKind.AD_HOC
            and not any((r.directive_id, r.obligation_id) == (d.id, ob.id) for r in requests)
            and (shown.directives is None or ob.directive_id in shown.directives)
            and (shown.units is None or shown.units & set(book.registry.expand(ob.reporters)))
            and (shown.office is None or shown.office in (*ob.recipients, ob.via, *ob.via_also))
        ),
        selection=Selection(
            since=shown.since,
            directives=() if shown.directives is None else tuple(sorted(shown.directives)),
            units=None if shown.units is None else tuple(sorted(shown.units)),
            periods=shown.periods, office=shown.office,
        ),
    )
