"""Grouping: which submissions are candidates for which expected instance.

This is indexing, in plain Python (DESIGN.md): resolved names, canonical periods and routing
give each submission a key; instances have the same key; a dict groups them. Then three
filters, each a fact the decision rules read: the instances this unit *owes* for the report's
period; of those, the ones *on the report's subject* (``subjects``: a report on another
subject is neither a fulfilment nor a misrouted report of them); of those, the ones its
recipient may receive (*routed*). Per instance, the earliest routed report counts; a quantity
("mỗi quý 1 phóng sự") counts every item in its window.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from engine.evaluation.subjects import OTHER, SAME, UNCHECKED, SubjectIndex, TitleSubject
from engine.model import (
    CountedDate,
    Frequency,
    Instance,
    Obligation,
    ObligationKind,
    PeriodKind,
    Reason,
    Submission,
)
from engine.rulebook.registry import Registry
from engine.time.dates import fold_vietnamese
from engine.time.periods import contains

__all__ = ["Matching", "group"]


@dataclass(frozen=True)
class Matching:
    """What grouping found; indexed by submission position in the batch."""

    usable: tuple[bool, ...]  # valid, received by as-of, units resolved: may match
    after_as_of: frozenset[int]  # received after the as-of date: outside this run
    candidates: tuple[tuple[str, ...], ...]  # instance keys owed by the unit for the period
    on_subject: tuple[tuple[str, ...], ...]  # of those, the ones on the report's subject
    routed: tuple[tuple[str, ...], ...]  # of those, the ones this recipient may receive
    subject_named: tuple[bool, ...]  # the title or directive names a subject
    earliest: Mapping[str, tuple[int, date]]  # instance key -> (submission, counted date)
    satisfies: Mapping[int, tuple[str, ...]]  # submission -> keys it counts for
    notes: Mapping[int, tuple[Reason, ...]]  # submission -> why it matched as it did
    counts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # quantity: "tin=2/3"


class _Index:
    """The instances, keyed the ways a submission can reach them."""

    def __init__(self, instances: Sequence[Instance],
                 obligations: Mapping[tuple[str, str], Obligation],
                 registry: Registry | None) -> None:
        self.obligations = obligations
        self.by_key: dict[tuple[str, str], list[Instance]] = defaultdict(list)
        self.periodic: dict[str, list[Instance]] = defaultdict(list)
        self.dated: dict[str, list[Instance]] = defaultdict(list)  # quantity, ad hoc, review
        # Per unit, the quantity duties it has (any period, and as a successor): what tells its
        # items from its reports, even one received when no quantity is owed.
        self.quantities: dict[str, dict[tuple[str, str], Obligation]] = defaultdict(dict)
        for ob in obligations.values():
            if ob.kind is ObligationKind.QUANTITY:
                for unit in registry.expand(ob.reporters) if registry else ob.reporters:
                    self.quantities[unit][(ob.directive_id, ob.id)] = ob
        for inst in instances:
            ob = self.ob(inst)
            if ob.kind in (ObligationKind.QUANTITY, ObligationKind.AD_HOC,
                           ObligationKind.REVIEW):
                self.dated[inst.reporter].append(inst)
                if ob.kind is ObligationKind.QUANTITY:
                    self.quantities[inst.reporter][(ob.directive_id, ob.id)] = ob
                continue
            self.by_key[(inst.reporter, inst.period.label)].append(inst)
            if ob.kind is ObligationKind.PERIODIC:
                self.periodic[inst.reporter].append(inst)
            if ob.covers is not None and ob.covers.label != inst.period.label:
                self.by_key[(inst.reporter, ob.covers.label)].append(inst)

    def ob(self, inst: Instance) -> Obligation:
        return self.obligations[(inst.directive_id, inst.obligation_id)]


def group(
    instances: Sequence[Instance],
    submissions: Sequence[Submission],
    obligations: Mapping[tuple[str, str], Obligation],
    as_of: date,
    registry: Registry | None = None,
    subjects: SubjectIndex | None = None,
    numbers: Mapping[str, tuple[str, ...]] | None = None,
) -> Matching:
    """``numbers``: per directive id, the numbers a report on it may cite (its own)."""
    index = _Index(instances, obligations, registry)
    subjects = subjects or SubjectIndex((), (), ())
    n = len(submissions)
    usable, named = [False] * n, [False] * n
    after: set[int] = set()
    owed: list[tuple[str, ...]] = [()] * n
    on_subject: list[tuple[str, ...]] = [()] * n
    routed_keys: list[tuple[str, ...]] = [()] * n
    notes: dict[int, list[Reason]] = defaultdict(list)
    first_seen: dict[str, tuple[date, int]] = {}  # instance key -> (counted date, index)
    items: dict[str, list[tuple[date, int, str]]] = defaultdict(list)  # quantity key -> items
    for idx, s in enumerate(submissions):
        if s.problems:
            continue
        if s.submitted_on is not None and s.submitted_on > as_of:
            after.add(idx)  # verdicts are "as of" a day: this receipt is outside the run
            notes[idx].append(Reason("record.after-as-of", {
                "received": s.submitted_on.isoformat(), "as_of": as_of.isoformat()}))
            continue
        if s.unit_problems or s.reporter is None or s.recipient is None:
            continue
        assert s.submitted_on is not None
        usable[idx] = True
        reporter = _carrier(registry, s.reporter, s.submitted_on)
        recipient = _carrier(registry, s.recipient, s.submitted_on)
        title = subjects.read(s.title) if s.title else None
        named[idx] = bool(s.directive or s.obligation or s.other_directive) or (
            title is not None and _says_something(title))
        cands = _candidates(s, reporter, index, title, notes[idx])
        relation = {c.key: _relation(s, c, index.ob(c), title, subjects, numbers)
                    for c in cands}
        fitting = [c for c in cands if relation[c.key] != OTHER]
        hits = [c for c in fitting if recipient in _routes(c, index.ob(c), registry)]
        owed[idx] = tuple(c.key for c in cands)
        on_subject[idx] = tuple(c.key for c in fitting)
        routed_keys[idx] = tuple(c.key for c in hits)
        if s.other_directive is not None:
            notes[idx].append(Reason("match.unknown-directive", {
                "directive": s.other_directive,
                "known": tuple(sorted({c.directive_id for c in cands}))}))
        elif cands and not fitting:
            notes[idx].append(Reason("match.other-subject", {
                "owed": tuple(sorted({f"{c.directive_id}/{c.obligation_id}" for c in cands}))}))
        if fitting and not hits and named[idx]:
            owed_to = tuple(sorted({c.recipient for c in fitting}))
            notes[idx].append(Reason("match.expected-recipient", {"recipients": owed_to}))
        if hits and any(relation[c.key] == UNCHECKED for c in hits):
            notes[idx].append(Reason("subject.not-checked"))
        for c in hits:
            counted = _counted_date(s, index.ob(c))
            if index.ob(c).kind is ObligationKind.QUANTITY:
                items[c.key].append((counted, idx, _item_kind(s, index.ob(c)) or ""))
                continue
            best = first_seen.get(c.key)
            if best is None or (counted, idx) < best:
                first_seen[c.key] = (counted, idx)

    earliest = {k: (idx, day) for k, (day, idx) in first_seen.items()}
    satisfies: dict[int, list[str]] = defaultdict(list)
    for key, (idx, _) in earliest.items():
        satisfies[idx].append(key)
    counts: dict[str, tuple[str, ...]] = {}
    by_key = {i.key: i for i in instances}
    for key, found in items.items():
        met, counts[key] = _quota(found, index.ob(by_key[key]))
        for _, idx, _ in found:
            satisfies[idx].append(key)
        if met is not None:
            earliest[key] = met
    for idx, keys in enumerate(routed_keys):
        mine = set(satisfies.get(idx, ()))
        for key in keys:
            if key not in mine and key in earliest:
                other = submissions[earliest[key][0]]
                notes[idx].append(Reason("match.already-satisfied",
                                         {"instance": key, "by": other.id}))
    return Matching(
        usable=tuple(usable),
        after_as_of=frozenset(after),
        candidates=tuple(owed),
        on_subject=tuple(on_subject),
        routed=tuple(routed_keys),
        subject_named=tuple(named),
        earliest=earliest,
        satisfies={k: tuple(v) for k, v in satisfies.items()},
        notes={k: tuple(v) for k, v in notes.items()},
        counts=counts,
    )


def _routes(inst: Instance, ob: Obligation, registry: Registry | None) -> set[str]:
    """Where a report for ``inst`` may be sent: its recipient, its via unit, and any further
    unit the rule accepts (each as carried on the due date)."""
    routes = {inst.recipient, *((inst.via,) if inst.via else ())}
    routes.update(_carrier(registry, u, inst.due.due) for u in ob.via_also)
    return routes


def _carrier(registry: Registry | None, unit_id: str, on: date) -> str:
    """A report filed under an old name counts for whoever carries the duty that day."""
    if registry is None:
        return unit_id
    return registry.carrier(unit_id, on) or unit_id


def _says_something(title: TitleSubject) -> bool:
    return bool(title.phrases or title.numbers or title.directive_types or title.substantive)


def _relation(
    s: Submission, inst: Instance, ob: Obligation, title: TitleSubject | None,
    subjects: SubjectIndex, numbers: Mapping[str, tuple[str, ...]] | None,
) -> str:
    if s.other_directive is not None:
        return OTHER  # it answers a text the rules do not hold
    if s.obligation is not None or s.directive is not None:
        return SAME  # the candidates were already narrowed to what it names
    if title is None:
        return UNCHECKED
    own = numbers.get(inst.directive_id, ()) if numbers else ()
    return subjects.relation(title, ob.subject, own)


def _counted_date(s: Submission, ob: Obligation) -> date:
    if ob.counts is CountedDate.SENT and s.sent_on is not None:
        return s.sent_on
    assert s.submitted_on is not None  # valid submissions always have one
    return s.submitted_on


def _candidates(
    s: Submission, reporter: str, index: _Index, title: TitleSubject | None,
    notes: list[Reason],
) -> list[Instance]:
    mine = index.quantities.get(reporter)
    item = mine is not None and _is_item(s, mine.values())
    if item:
        cands = []  # no report: not the periodic one its period (or the nearest) would give
    elif s.period is not None:
        cands = list(index.by_key.get((reporter, s.period.label), ()))
        cands += _standing_for(s, reporter, index)
    else:
        cands = _inferred(s, index.periodic.get(reporter, ()), index)
    cands += [c for c in _dated(s, index.dated.get(reporter, ()), index)
              if not item or index.ob(c).kind is ObligationKind.QUANTITY]
    if s.directive is not None:
        cands = [c for c in cands if c.directive_id == s.directive]
    if s.obligation is not None:
        cands = [c for c in cands if c.obligation_id == s.obligation]
    cands = [c for c in cands if _may_fulfil(s, c, index.ob(c))]
    inferred = sorted({c.period.label for c in cands
                       if s.period is None and index.ob(c).kind is ObligationKind.PERIODIC})
    if inferred:
        notes.append(Reason("match.period-inferred", {"periods": tuple(inferred)}))
    return cands


def _standing_for(s: Submission, reporter: str, index: _Index) -> list[Instance]:
    """A cumulative report stands for the plain report it includes: the annual report for
    the second half of a plain half-yearly duty, the nine-month report for the third quarter
    of a plain quarterly one."""
    assert s.period is not None
    label, kind = s.period.label, s.period.kind
    if kind is PeriodKind.YEAR:
        target, frequency = f"{label}-H2", Frequency.SEMIANNUAL
    elif kind is PeriodKind.NINE_MONTHS:
        target, frequency = f"{label[:4]}-Q3", Frequency.QUARTERLY
    else:
        return []
    return [i for i in index.by_key.get((reporter, target), ())
            if index.ob(i).frequency is frequency and not index.ob(i).schedule]


def _dated(s: Submission, mine: Sequence[Instance], index: _Index) -> list[Instance]:
    """Quantity items, answers to recorded requests and multi-year reviews: reached by date
    and by what the title says, not by a period label."""
    assert s.submitted_on is not None
    out = []
    latest_request: dict[tuple[str, str], Instance] = {}
    for inst in mine:
        ob = index.ob(inst)
        on = _counted_date(s, ob)
        if ob.kind is ObligationKind.QUANTITY:
            if inst.period.start <= on <= inst.period.end and _item_kind(s, ob):
                out.append(inst)
        elif ob.kind is ObligationKind.AD_HOC:
            if inst.period.start <= on and (s.period is None or _names_request(s, inst)):
                k = (inst.directive_id, inst.obligation_id)
                best = latest_request.get(k)
                if best is None or best.period.start < inst.period.start:
                    latest_request[k] = inst
        elif ob.kind is ObligationKind.REVIEW and _is_review(s, ob, inst):
            out.append(inst)
    return out + list(latest_request.values())


def _names_request(s: Submission, inst: Instance) -> bool:
    written = str(s.raw.get("request", "")).strip()
    return bool(inst.request) and written == inst.request


def _is_item(s: Submission, quantities: Iterable[Obligation]) -> bool:
    """An item of a quantity the unit owes ("Tin: ...", "Phóng sự: ...", an ``item`` column) is
    a product that quantity counts, not a report: it fulfils no periodic report, task, review or
    request — unless the record names such an obligation itself."""
    return any(_item_kind(s, ob) for ob in quantities if s.obligation in (None, ob.id))


def _item_kind(s: Submission, ob: Obligation) -> str | None:
    """The kind of product ("phong-su", "tin", "bai") a record is, from an ``item`` column or
    the words its title starts with ("Phóng sự: ...")."""
    written = fold_vietnamese(str(s.raw.get("item", "")))
    title = fold_vietnamese(s.title or "")
    for q in ob.quantities:
        if written in (q.of, fold_vietnamese(q.of.replace("-", " "))):
            return q.of
        for word in q.words:
            w = fold_vietnamese(word)
            if title == w or title.startswith((f"{w} ", f"{w}:", f"{w} -")):
                return q.of
    return None


def _is_review(s: Submission, ob: Obligation, inst: Instance) -> bool:
    """A "sơ kết"/"tổng kết" report, on a period inside the review's window if it names one,
    received in the window's last year or after."""
    assert s.submitted_on is not None
    word = "so ket" if "so ket" in fold_vietnamese(ob.summary) else "tong ket"
    if s.obligation != ob.id and word not in fold_vietnamese(s.title or ""):
        return False
    if s.period is not None and not contains(inst.period, s.period) \
            and not contains(s.period, inst.period):
        return False
    return s.submitted_on.toordinal() >= inst.period.end.toordinal() - 366


def _may_fulfil(s: Submission, inst: Instance, ob: Obligation) -> bool:
    """A one-off task's deliverable is not a periodic report: it must be named, or be the
    report on the period the task covers ("báo cáo tổng kết năm 2022", due in 12/2022)."""
    if ob.kind is not ObligationKind.TASK or s.obligation == inst.obligation_id:
        return True
    if s.period is None:
        return False
    if ob.covers is not None and s.period.label == ob.covers.label:
        return True
    return s.directive == inst.directive_id and s.period.label == inst.period.label


def _inferred(s: Submission, mine: Sequence[Instance], index: _Index) -> list[Instance]:
    """Without a period: per obligation, the instance whose due date is nearest the receipt."""
    assert s.submitted_on is not None
    best: dict[tuple[str, str], Instance] = {}
    for inst in mine:
        k = (inst.directive_id, inst.obligation_id)
        cur = best.get(k)
        dist = abs((s.submitted_on - inst.due.due).days)
        if cur is None or dist < abs((s.submitted_on - cur.due.due).days):
            best[k] = inst
    return list(best.values())


def _quota(
    found: list[tuple[date, int, str]], ob: Obligation
) -> tuple[tuple[int, date] | None, tuple[str, ...]]:
    """When the quota was met (the item that completed it) and the count per kind."""
    need = {q.of: q.count for q in ob.quantities}
    have = dict.fromkeys(need, 0)
    met: tuple[int, date] | None = None
    for day, idx, kind in sorted(found):
        if kind in have:
            have[kind] += 1
        if met is None and all(have[k] >= need[k] for k in need):
            met = (idx, day)
    return met, tuple(f"{k}={have[k]}/{need[k]}" for k in need)
