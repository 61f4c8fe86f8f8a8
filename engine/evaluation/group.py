"""Grouping: which submissions are candidates for which expected instance.

This is indexing, in plain Python (docs/design.md#grouping-is-indexing): resolved names,
canonical periods and routing
give each submission a key; instances have the same key; a dict groups them. Then three
filters, each a fact the decision rules read: the instances this unit *owes* for the report's
period; of those, the ones *on the report's subject* (``subjects``: a report on another
subject is neither a fulfilment nor a misrouted report of them); of those, the ones its
recipient may receive (*routed*). Per instance, the earliest routed report counts; a quantity
("mỗi quý 1 phóng sự") counts every item in its window.

A report is one report: about one period, or an answer to one request, or a review of one span
of years. A record naming no period gets one period (``_infer``), not one per obligation; a
record that names a request or reads as a multi-year review is that, and no period is guessed
for it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar, cast

from engine.evaluation.documents import KindReader
from engine.evaluation.subjects import (
    OTHER,
    SAME,
    UNCHECKED,
    SubjectIndex,
    TitleForm,
    TitleSubject,
    number_key,
    read_form,
)
from engine.model import (
    CountedDate,
    Frequency,
    Instance,
    Obligation,
    ObligationKind,
    Period,
    PeriodKind,
    Reason,
    Request,
    Submission,
)
from engine.model.documents import REPORT, UNREAD, DocumentKind
from engine.rulebook.registry import Registry
from engine.time.dates import DateParseError, fold_vietnamese, parse_date
from engine.time.periods import contains, report_opens

__all__ = ["Matching", "group"]

_PROGRESS_EVERY = 2000  # records between two reports to ``progress``
_K = TypeVar("_K")
_V = TypeVar("_V")


class Flags(Sequence[bool]):
    """One yes or no per record, a byte each: a tuple of a million bools is 8 MB, and
    grouping keeps four of them to the end of a national run."""

    __slots__ = ("_bytes",)

    def __init__(self, flags: Iterable[bool]) -> None:
        self._bytes = bytes(map(bool, flags))

    def __getitem__(self, index: int) -> bool:  # type: ignore[override]  # no slices
        return self._bytes[index] == 1

    def __len__(self) -> int:
        return len(self._bytes)

    def __iter__(self) -> Iterator[bool]:
        return map(bool, self._bytes)  # in C: a pass over a million records reads them so

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Flags):
            return self._bytes == other._bytes
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Flags({list(self)!r})"


class ByRecord(Mapping[int, tuple[_V, ...]]):
    """Per record (its position in the batch), what grouping found for it, as a mapping of
    the records that have something: one tuple indexed by record rather than a dict keyed by
    a million ints (the instances each record counts for; with ``Flags``, group's peak at 1e6
    fell from 1,541 to 1,461 MB)."""

    __slots__ = ("_items", "_size")

    def __init__(self, items: Sequence[tuple[_V, ...]]) -> None:
        self._items = tuple(items)
        self._size = -1

    def __getitem__(self, index: int) -> tuple[_V, ...]:
        found: tuple[_V, ...] | None = self.get(index)
        if found is None:
            raise KeyError(index)
        return found

    def get(self, index: int, default: Any = None) -> Any:
        if type(index) is not int or not 0 <= index < len(self._items):
            return default
        return self._items[index] or default

    def __contains__(self, index: object) -> bool:
        return type(index) is int and self.get(index) is not None

    def __iter__(self) -> Iterator[int]:
        return (i for i, found in enumerate(self._items) if found)

    def __len__(self) -> int:
        if self._size < 0:
            self._size = sum(1 for found in self._items if found)
        return self._size


@dataclass(frozen=True)
class Matching:
    """What grouping found; indexed by submission position in the batch."""

    usable: Sequence[bool]  # valid, received by as-of, units resolved: may match
    after_as_of: frozenset[int]  # received after the as-of date: outside this run
    candidates: tuple[tuple[str, ...], ...]  # instance keys owed by the unit for the period
    on_subject: tuple[tuple[str, ...], ...]  # of those, the ones on the report's subject
    routed: tuple[tuple[str, ...], ...]  # of those, the ones this recipient may receive
    subject_named: Sequence[bool]  # the title or directive names a subject
    earliest: Mapping[str, tuple[int, date]]  # instance key -> (submission, counted date)
    satisfies: Mapping[int, tuple[str, ...]]  # submission -> keys it counts for
    # submission -> why it matched as it did; a record nothing is said of has no entry
    notes: Mapping[int, tuple[Reason, ...]]
    counts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # quantity: "tin=2/3"
    # per submission: what kind of document it is, whether it is a report (or of a kind a
    # duty it answers accepts), and whether it names a period it came too early for
    kinds: tuple[DocumentKind, ...] = ()
    report: Sequence[bool] = ()
    too_early: Sequence[bool] = ()


class _Series:
    """One unit's instances of one periodic obligation, by due date: what period inference
    searches, by bisection rather than a scan of every period."""

    __slots__ = ("dues", "instances", "routes")

    def __init__(self, instances: list[Instance],
                 routes: Callable[[Instance], frozenset[str]]) -> None:
        self.instances = sorted(instances, key=lambda i: (i.due.due, i.period))
        self.dues = [i.due.due for i in self.instances]
        found = {routes(i) for i in self.instances}
        # where a report may go, when the same for every period (it is, unless a unit changed)
        self.routes: frozenset[str] | None = found.pop() if len(found) == 1 else None

    def nearest(self, day: date, accept: Callable[[Instance], bool] | None = None
                ) -> Instance | None:
        """The started instance whose due date is nearest ``day`` (``_nearness`` breaks ties)."""
        i = bisect_left(self.dues, day)
        best: tuple[tuple[int, date, date, timedelta, str], Instance] | None = None
        for side in (range(i - 1, -1, -1), range(i, len(self.dues))):
            for j in side:
                if best is not None and abs((day - self.dues[j]).days) > best[0][0]:
                    break  # further on, only farther due dates
                inst = self.instances[j]
                if (inst.opens or inst.period.start) > day or (
                        accept is not None and not accept(inst)):
                    continue  # no report on it could be written yet
                key = _nearness(day, inst)
                if best is None or key < best[0]:
                    best = (key, inst)
        return best[1] if best else None


def _nearness(day: date, inst: Instance) -> tuple[int, date, date, timedelta, str]:
    """How near a period is to a receipt, to infer the one period a record is about: the due
    date nearest the receipt; at equal distance the earlier due date (a report arriving
    between two deadlines answers the one already due rather than one not yet owed); at the
    same due date the earlier-ending, then the shorter period (the routine report a unit sends
    most often: a cumulative "6 tháng" or "năm" report usually says its period in its title)."""
    p = inst.period
    return (abs((day - inst.due.due).days), inst.due.due, p.end, p.end - p.start, p.label)


class _Index:
    """The instances, keyed the ways a submission can reach them."""

    def __init__(self, instances: Sequence[Instance],
                 obligations: Mapping[tuple[str, str], Obligation],
                 registry: Registry | None, requests: Sequence[Request] = ()) -> None:
        self.obligations = obligations
        self.registry = registry
        self.requests = {r.id: r for r in requests}
        self.by_key: dict[tuple[str, str], list[Instance]] = defaultdict(list)
        self.periodic: dict[str, list[Instance]] = defaultdict(list)
        self.dated: dict[str, list[Instance]] = defaultdict(list)  # quantity, ad hoc, review
        # duties whose product is named by its kind or its words (a plan, a kịch bản)
        self.products: dict[str, list[Instance]] = defaultdict(list)
        self._series: dict[str, dict[tuple[str, str], _Series]] = {}
        self._request_keys: dict[str, frozenset[str]] = {}
        self._routes: dict[tuple[object, ...], frozenset[str]] = {}
        self._said: dict[tuple[object, ...], Reason] = {}
        self._on_title: dict[tuple[int, str, str], tuple[TitleSubject, str]] = {}
        self.keyed = {inst.key: inst for inst in instances}
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
            if ob.deliverable.words or ob.deliverable.types != (REPORT,):
                self.products[inst.reporter].append(inst)
            if ob.kind is ObligationKind.PERIODIC:
                self.periodic[inst.reporter].append(inst)
            if ob.covers is not None and ob.covers.label != inst.period.label:
                self.by_key[(inst.reporter, ob.covers.label)].append(inst)

    def ob(self, inst: Instance) -> Obligation:
        return self.obligations[(inst.directive_id, inst.obligation_id)]

    def said(self, code: str, params: Mapping[str, Any] | None = None) -> Reason:
        """A note on a record, one object for equal notes: a million records are told a few
        thousand things ("received before a report on 2024-01 could be written, on 12/12"),
        and kept to the end of a run. Never a note naming the record itself."""
        key = (code, *params.items()) if params else (code,)
        try:
            found = self._said.get(key)
        except TypeError:  # a value that cannot be hashed: a note of its own
            return Reason(code, params or {})
        if found is None:
            found = Reason(code, params or {})
            if len(self._said) < _SAID:
                self._said[key] = found
        return found

    def on_title(self, title: TitleSubject, inst: Instance, subjects: SubjectIndex,
                 numbers: Mapping[str, tuple[str, ...]] | None) -> str:
        """How what a title says relates to the subject of ``inst``'s duty, worked out once
        per duty and per distinct thing titles say (``SubjectIndex.read`` gives titles that
        say the same one object), not once per record: a national register's million
        records say a few hundred things ("Báo cáo kết quả CCHC tháng 1 năm 2024")."""
        key = (id(title), inst.directive_id, inst.obligation_id)
        found = self._on_title.get(key)
        if found is None or found[0] is not title:  # the title kept with it: its id not reused
            own = numbers.get(inst.directive_id, ()) if numbers else ()
            found = (title, subjects.relation(title, self.ob(inst).subject, own))
            if len(self._on_title) < _SAID:
                self._on_title[key] = found
        return found[1]

    def instance(self, key: str) -> Instance | None:
        return self.keyed.get(key)

    def routes(self, inst: Instance) -> frozenset[str]:
        """Where a report for ``inst`` may be sent; worked out once per recipient and via (and
        per duty and due date when the duty accepts further units, each carried on that day),
        not once per instance: a million instances share a few thousand route sets."""
        ob = self.ob(inst)
        key = ((inst.recipient, inst.via) if not ob.via_also else
               (inst.recipient, inst.via, ob.directive_id, ob.id, inst.due.due))
        found = self._routes.get(key)
        if found is None:
            found = self._routes[key] = frozenset(_routes(inst, ob, self.registry))
        return found

    def series(self, reporter: str) -> dict[tuple[str, str], _Series]:
        """A unit's periodic instances per obligation, sorted once, when a record of it first
        needs its period inferred."""
        found = self._series.get(reporter)
        if found is None:
            groups: dict[tuple[str, str], list[Instance]] = defaultdict(list)
            for inst in self.periodic.get(reporter, ()):
                groups[(inst.directive_id, inst.obligation_id)].append(inst)
            found = self._series[reporter] = {k: _Series(v, self.routes)
                                              for k, v in groups.items()}
        return found

    def request_keys(self, inst: Instance) -> frozenset[str]:
        """The ways a reply may name the request ``inst`` answers: its id and its letter's
        number, compared as ``number_key``."""
        assert inst.request is not None
        found = self._request_keys.get(inst.request)
        if found is None:
            req = self.requests.get(inst.request)
            written = (inst.request, req.number if req and req.number else "")
            found = self._request_keys[inst.request] = frozenset(
                k for k in map(number_key, written) if k)
        return found


_WORDS = re.compile(r"[a-z0-9]+")
_SAID = 1 << 16  # distinct notes (``_Index.said``) and title readings (``on_title``) kept


class _Record:
    """What one record says, read once, and how it relates to each candidate's subject."""

    def __init__(self, s: Submission, title: TitleSubject | None, subjects: SubjectIndex,
                 numbers: Mapping[str, tuple[str, ...]] | None, index: _Index) -> None:
        self.s, self.title, self.subjects, self.numbers, self.index = (
            s, title, subjects, numbers, index)
        self.form: TitleForm | None = read_form(s.title) if s.title else None
        self._relations: dict[tuple[str, str], str] = {}
        self._refs: frozenset[str] | None = None

    def refs(self) -> frozenset[str]:
        """Every number the record writes where a request letter may be cited; read only for
        a unit with a recorded request (a document number is read once per record)."""
        if self._refs is None:
            found = set(self.form.cited) if self.form else set()
            s = self.s
            for value in (s.document_number, s.raw.get("directive"), s.raw.get("request")):
                if value is not None and str(value).strip():
                    found.add(number_key(str(value)))
                    found |= read_form(str(value)).cited
            self._refs = frozenset(found - {""})
        return self._refs

    def names_request(self, inst: Instance) -> bool:
        """By the request's id or letter number, in its title, ``document_number``,
        ``directive`` or ``request`` field."""
        return inst.request is not None and bool(self.index.request_keys(inst) & self.refs())

    def names_product(self, ob: Obligation) -> bool:
        """Whether the title names the duty's product ("kịch bản", "tiểu phẩm"), whole words."""
        if not ob.deliverable.words or not self.s.title:
            return False
        title = f" {' '.join(_WORDS.findall(fold_vietnamese(self.s.title)))} "
        return any(f" {' '.join(_WORDS.findall(fold_vietnamese(w)))} " in title
                   for w in ob.deliverable.words)

    def relation(self, inst: Instance) -> str:
        if self.names_request(inst):
            return SAME  # the letter it answers is on the request's subject
        key = (inst.directive_id, inst.obligation_id)
        found = self._relations.get(key)
        if found is None:
            s = self.s
            if s.other_directive is not None:
                found = OTHER  # it answers a text the rules do not hold
            elif s.obligation is not None or s.directive is not None:
                found = SAME  # the candidates were already narrowed to what it names
            elif self.title is None:
                found = UNCHECKED
            else:  # what its title says: once per duty and thing said, not once per record
                found = self.index.on_title(self.title, inst, self.subjects, self.numbers)
            self._relations[key] = found
        return found


def group(
    instances: Sequence[Instance],
    submissions: Sequence[Submission],
    obligations: Mapping[tuple[str, str], Obligation],
    as_of: date,
    registry: Registry | None = None,
    subjects: SubjectIndex | None = None,
    numbers: Mapping[str, tuple[str, ...]] | None = None,
    requests: Sequence[Request] = (),
    kinds: KindReader | None = None,
    same: Mapping[str, tuple[str, ...]] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Matching:
    """``numbers``: per directive id, the numbers a report on it may cite (its own);
    ``requests``: the recorded requests the ad hoc instances answer (their letter numbers);
    ``kinds``: reads what kind of document each record is (rules/doctypes.yaml);
    ``same``: per instance key, the instances of other plans that are the same report
    (``demands``), which a report naming one of them also fulfils. ``progress``: told
    ("match", records done, records) every ``_PROGRESS_EVERY`` records and at the end."""
    index = _Index(instances, obligations, registry, requests)
    subjects = subjects or SubjectIndex((), (), ())
    same = same or {}
    n = len(submissions)
    usable, named = [False] * n, [False] * n
    read_kinds = [UNREAD] * n
    report = [True] * n
    early = [False] * n
    after: set[int] = set()
    owed: list[tuple[str, ...]] = [()] * n
    on_subject: list[tuple[str, ...]] = [()] * n
    routed_keys: list[tuple[str, ...]] = [()] * n
    notes: defaultdict[int, list[Reason]] = defaultdict(list)
    first_seen: dict[str, tuple[date, int]] = {}  # instance key -> (counted date, index)
    items: dict[str, list[tuple[date, int, str]]] = defaultdict(list)  # quantity key -> items
    for idx, s in enumerate(submissions):
        if progress is not None and idx % _PROGRESS_EVERY == 0:
            progress("match", idx, n)
        kind = read_kinds[idx] = kinds.read(s.title, s.document_number,
                                            _text(s.raw.get("loai"))) if kinds else UNREAD
        report[idx] = kind.may_report
        if s.problems:
            continue
        if s.submitted_on is not None and s.submitted_on > as_of:
            after.add(idx)  # verdicts are "as of" a day: this receipt is outside the run
            notes[idx].append(index.said("record.after-as-of", {
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
        record = _Record(s, title, subjects, numbers, index)
        said: list[Reason] = []  # kept only when something is said (a million records)
        cands, early[idx], item = _candidates(s, reporter, recipient, index, record, said,
                                              kind)
        if said:
            notes[idx] = said  # nothing was noted of this record before
        relation = {c.key: record.relation(c) for c in cands}
        fitting = [c for c in cands if relation[c.key] != OTHER]
        extra = [c for c in _same_report(fitting, same, index) if _accepts(kind, index.ob(c))]
        if extra:
            # naming one plan (its number, its directive, its words), it is still the one
            # report every identical demand asks for
            known = {c.key for c in cands}
            cands = cands + [c for c in extra if c.key not in known]
            fitting = fitting + extra
            relation.update((c.key, SAME) for c in extra)
            notes[idx].append(index.said("match.same-report", {
                "others": tuple(sorted(f"{c.directive_id}/{c.obligation_id}" for c in extra))}))
        if not kind.may_report:
            # a plan, a letter …: it is the product of a duty on its subject, or nothing
            cands = fitting
            report[idx] = bool(cands)
            if not cands:
                notes[idx].append(index.said("doctype.not-report", {"type": kind.type}))
                continue
        elif kind.type is None and not item and kinds is not None:
            notes[idx].append(index.said("doctype.unread"))
        hits = [c for c in fitting if recipient in index.routes(c)]
        # nearly always the same keys three times over: one tuple, not three (a million records)
        owed[idx] = keys = tuple(c.key for c in cands)
        on_subject[idx] = keys = _same_or(tuple(c.key for c in fitting), keys)
        routed_keys[idx] = _same_or(tuple(c.key for c in hits), keys)
        if s.other_directive is not None and not any(record.names_request(c) for c in cands):
            notes[idx].append(index.said("match.unknown-directive", {
                "directive": s.other_directive,
                "known": tuple(sorted({c.directive_id for c in cands}))}))
        elif cands and not fitting:
            notes[idx].append(index.said("match.other-subject", {
                "owed": tuple(sorted({f"{c.directive_id}/{c.obligation_id}" for c in cands}))}))
        if fitting and not hits and named[idx]:
            owed_to = tuple(sorted({c.recipient for c in fitting}))
            notes[idx].append(index.said("match.expected-recipient", {"recipients": owed_to}))
        if hits and any(relation[c.key] == UNCHECKED for c in hits):
            notes[idx].append(index.said("subject.not-checked"))
        for c in hits:
            ob = index.ob(c)
            if ob.kind is ObligationKind.QUANTITY:
                for when, what in _quantity_items(s, ob, item):
                    items[c.key].append((when, idx, what))
                continue
            counted = _counted_date(s, ob)
            best = first_seen.get(c.key)
            if best is None or (counted, idx) < best:
                first_seen[c.key] = (counted, idx)

    if progress is not None:
        progress("match", n, n)
    # turned round in place: a second dict of a million entries would double the peak
    for k, (day, idx) in first_seen.items():
        first_seen[k] = (idx, day)  # type: ignore[assignment]
    earliest = cast(dict[str, tuple[int, date]], first_seen)
    del first_seen
    satisfies: list[list[str] | tuple[str, ...]] = [()] * n
    for key, (idx, _) in earliest.items():
        _add(satisfies, idx, key)
    counts: dict[str, tuple[str, ...]] = {}
    for key, found in items.items():
        met, counts[key] = _quota(found, index.ob(index.keyed[key]))
        for idx in dict.fromkeys(idx for _, idx, _ in found):
            _add(satisfies, idx, key)
        if met is not None:
            earliest[key] = met
    for idx, keys in enumerate(routed_keys):
        mine = set(satisfies[idx])
        for key in keys:
            if key not in mine and key in earliest:
                other = submissions[earliest[key][0]]
                notes[idx].append(Reason("match.already-satisfied",
                                         {"instance": key, "by": other.id}))
    for idx, mine_now in enumerate(satisfies):
        if mine_now:  # the first report for every instance it was routed to: one tuple shared
            satisfies[idx] = _same_or(tuple(mine_now), routed_keys[idx])
    satisfied = ByRecord(cast(list[tuple[str, ...]], satisfies))
    del satisfies
    return Matching(
        usable=Flags(usable),
        after_as_of=frozenset(after),
        candidates=tuple(owed),
        on_subject=tuple(on_subject),
        routed=tuple(routed_keys),
        subject_named=Flags(named),
        earliest=earliest,
        satisfies=satisfied,
        notes=_frozen(notes),
        counts=counts,
        kinds=tuple(read_kinds),
        report=Flags(report),
        too_early=Flags(early),
    )


def _add(lists: list[list[str] | tuple[str, ...]], idx: int, key: str) -> None:
    """``key`` appended to the record's list, made when it gets its first."""
    found = lists[idx]
    if isinstance(found, list):
        found.append(key)
    else:
        lists[idx] = [key]


def _same_or(keys: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    """``other`` when it holds the same keys: equal tuples shared, not repeated."""
    return other if keys == other else keys


def _frozen(lists: defaultdict[_K, list[_V]]) -> dict[_K, tuple[_V, ...]]:
    """The lists as tuples, in place (no second mapping of a million entries alongside), and
    no longer a defaultdict: a reader's lookup of a missing key must not add one."""
    done = cast(defaultdict[_K, Any], lists)
    for key, values in lists.items():
        done[key] = tuple(values)
    done.default_factory = None
    return cast(dict[_K, tuple[_V, ...]], done)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _routes(inst: Instance, ob: Obligation, registry: Registry | None) -> set[str]:
    """Where a report for ``inst`` may be sent: its recipient, its via unit, and any further
    unit the rule accepts (each as carried on the due date)."""
    routes = {inst.recipient, *((inst.via,) if inst.via else ())}
    for unit in ob.via_also:  # a via unit gone with nothing after it is no route
        carrier = registry.carrier(unit, inst.due.due) if registry else unit
        if carrier is not None:
            routes.add(carrier)
    return routes


def _carrier(registry: Registry | None, unit_id: str, on: date) -> str:
    """A report filed under an old name counts for whoever carries the duty that day."""
    if registry is None:
        return unit_id
    return registry.carrier(unit_id, on) or unit_id


def _says_something(title: TitleSubject) -> bool:
    return bool(title.phrases or title.numbers or title.directive_types or title.substantive)


def _counted_date(s: Submission, ob: Obligation) -> date:
    if ob.counts is CountedDate.SENT and s.sent_on is not None:
        return s.sent_on
    assert s.submitted_on is not None  # valid submissions always have one
    return s.submitted_on


def _candidates(
    s: Submission, reporter: str, recipient: str, index: _Index, record: _Record,
    notes: list[Reason], kind: DocumentKind,
) -> tuple[list[Instance], bool, bool]:
    """What a record could be for, whether the period it names came too early for it, and
    whether it is an item of a quantity. A record is one report: an item of a quantity, or a
    review, the product of a task or an answer to a request when it reads as one, else the
    report on the period it names — or, naming none, on the one period inferred for it
    (``_infer``), among those a report could already be written for."""
    assert s.submitted_on is not None
    mine = index.quantities.get(reporter)
    item = mine is not None and _is_item(s, mine.values())
    dated = _fitting(s, index.dated.get(reporter, ()))
    counted = [c for c in dated if index.ob(c).kind is ObligationKind.QUANTITY
               and c.period.start <= _item_date(s, index.ob(c)) <= c.period.end
               and _item_kind(s, index.ob(c))]
    if item:  # no report: not the periodic one its period (or the nearest) would give
        return counted, False, True
    period, guessed = s.period, False
    answers = (_reviews(s, dated, index, record.form) + _requests(s, dated, index, record)
               if dated else [])  # most units owe no review, request or quantity
    if reporter in index.products:
        answers += _products(s, reporter, index, record, kind)
    if period is None and not answers and kind.may_report:
        period, fits = _infer(s, reporter, recipient, index, record)
        guessed = period is not None
        if not fits:  # no periodic report on its subject it could be: the latest request
            answers += _requests(s, dated, index, record, latest=True)
    cands: list[Instance] = []
    if period is not None:
        cands = _fitting(s, index.by_key.get((reporter, period.label), ()))
        cands += _fitting(s, _standing_for(period, reporter, index))
        # a quarterly report of a unit owing items ("05 tin, 02 bài") counts them
        cands += [c for c in dated if index.ob(c).kind is ObligationKind.QUANTITY
                  and c.period.label == period.label]
        # a reply naming a period ("… quý III/2022") answers the open request of its unit
        # when nothing of that period this document can be is on its subject
        if (any(index.ob(c).kind is ObligationKind.AD_HOC for c in dated)
                and not any(record.names_request(c) for c in answers)
                and not any(record.relation(c) != OTHER for c in cands
                            if _accepts(kind, index.ob(c))
                            and _may_fulfil(s, period, c, index.ob(c)))):
            answers += _requests(s, dated, index, record, latest=True)
    products = {c.key for c in answers}
    kept = []
    for c in _unique((*cands, *answers, *counted)):
        ob = index.ob(c)
        if _accepts(kind, ob) and (c.key in products or _may_fulfil(s, period, c, ob)):
            kept.append(c)
    cands = kept
    too_early = False
    if period is not None and not guessed:
        early = [c for c in cands if _too_early(s, c, index.ob(c), period)]
        if early:
            too_soon = {c.key for c in early}
            cands = [c for c in cands if c.key not in too_soon]
            too_early = not cands
            first = min(early, key=lambda c: (c.opens or c.period.start, c.key))
            notes.append(index.said("match.too-early", {
                "period": period.label, "received": s.submitted_on.isoformat(),
                "opens": (first.opens or first.period.start).isoformat()}))
    if guessed and period is not None and any(c.period.label == period.label for c in cands):
        notes.append(index.said("match.period-inferred", {"periods": (period.label,)}))
    return cands, too_early, False


def _unique(instances: Iterable[Instance]) -> Iterator[Instance]:
    """Each instance once, in order, by key (hashing a frozen Instance hashes every field)."""
    seen: set[str] = set()
    for inst in instances:
        if inst.key not in seen:
            seen.add(inst.key)
            yield inst


def _same_report(fitting: Sequence[Instance], same: Mapping[str, tuple[str, ...]],
                 index: _Index) -> list[Instance]:
    """The other plans' instances that are the same report as one it is on the subject of
    (engine/evaluation/demands.py), not yet among those: one report, whatever each plan's own
    words."""
    known = {c.key for c in fitting}
    others = dict.fromkeys(k for c in fitting for k in same.get(c.key, ()) if k not in known)
    return [c for k in others if (c := index.instance(k)) is not None]


def _accepts(kind: DocumentKind, ob: Obligation) -> bool:
    """Whether a duty takes a document of this kind: a report by default; another kind only
    when the duty says so (a plan); a record whose kind cannot be read is judged as a report."""
    if kind.report is None:
        return True
    if kind.report:
        return REPORT in ob.deliverable.types
    return kind.type in ob.deliverable.types


def _too_early(s: Submission, inst: Instance, ob: Obligation, period: Period) -> bool:
    """A report is for a period only if it could have been written then (``Instance.opens``),
    unless the rule lets a report naming its period come earlier. A report on a longer period
    standing for a shorter one is judged by its own period (the year's report for H2: from
    1 November)."""
    if inst.opens is None or ob.received_from.early_if_named:
        return False
    opens = inst.opens
    if inst.period.label != period.label and contains(period, inst.period) \
            and ob.kind is ObligationKind.PERIODIC:
        rf = ob.received_from
        opens = report_opens(period, rf.months_before_end, rf.days_before_end, rf.period_start)
    return _counted_date(s, ob) < opens


def _products(s: Submission, reporter: str, index: _Index, record: _Record,
              kind: DocumentKind) -> list[Instance]:
    """The duties whose product a record is: a document of a kind the duty accepts and no
    report duty asks for (a member's Kế hoạch), or a title naming the duty's product ("kịch
    bản, tiểu phẩm"), received from the duty's window on; per duty, the window whose due date
    is nearest the receipt."""
    best: dict[tuple[str, str], Instance] = {}
    for inst in index.products.get(reporter, ()):
        ob = index.ob(inst)
        if not _named_fits(s, inst):
            continue
        if not ((kind.report is False and kind.type in ob.deliverable.types)
                or record.names_product(ob)):
            continue
        day = _counted_date(s, ob)
        if (inst.opens is not None and day < inst.opens) or (
                s.period is not None and not _overlap(s.period, inst.period)):
            continue
        k = (inst.directive_id, inst.obligation_id)
        cur = best.get(k)
        if cur is None or abs((day - inst.due.due).days) < abs((day - cur.due.due).days):
            best[k] = inst
    return list(best.values())


def _overlap(a: Period, b: Period) -> bool:
    return a.start <= b.end and b.start <= a.end


def _named_fits(s: Submission, inst: Instance) -> bool:
    """A record naming its directive or obligation is a candidate for that one only."""
    return s.directive in (None, inst.directive_id) and s.obligation in (None, inst.obligation_id)


def _fitting(s: Submission, instances: Iterable[Instance]) -> list[Instance]:
    """``instances`` the record may be for (``_named_fits``): all of them when it names no
    directive and no obligation, as nearly every record of a register."""
    if s.directive is None and s.obligation is None:
        return list(instances)
    return [c for c in instances if _named_fits(s, c)]


def _infer(
    s: Submission, reporter: str, recipient: str, index: _Index, record: _Record,
) -> tuple[Period | None, bool]:
    """The one period a record naming none is about: of the unit's periodic reports, the one
    whose due date is nearest its receipt (``_nearness``) — among those on its subject that its
    recipient may receive; failing those, those on its subject (sent elsewhere, it is then
    misrouted); failing those, any (to say what the unit owes). The second value: whether the
    period is of a report on its subject. One period, then every obligation owing a report for
    it: the same report for several plans is one report (docs/design.md#one-report-owed-once)."""
    assert s.submitted_on is not None
    day = s.submitted_on
    best: list[tuple[tuple[int, date, date, timedelta, str], Instance] | None] = [None] * 3
    for (directive, obligation), series in index.series(reporter).items():
        if s.directive not in (None, directive) or s.obligation not in (None, obligation):
            continue  # as ``_named_fits``
        near = series.nearest(day)
        if near is None:
            continue
        found: list[tuple[int, Instance | None]] = [(2, near)]
        if record.relation(near) != OTHER:
            found.append((1, near))
            if series.routes is not None:
                found.append((0, near if recipient in series.routes else None))
            else:  # a unit changed: where the report may go depends on the period
                found.append((0, series.nearest(day, lambda i: recipient in index.routes(i))))
        for tier, inst in found:
            if inst is not None:
                key = _nearness(day, inst)
                current = best[tier]
                if current is None or key < current[0]:
                    best[tier] = (key, inst)
    for tier, chosen in enumerate(best):
        if chosen is not None:
            return chosen[1].period, tier < 2
    return None, False


def _standing_for(period: Period, reporter: str, index: _Index) -> list[Instance]:
    """A cumulative report stands for the plain report it includes: the annual report for
    the second half of a plain half-yearly duty, the nine-month report for the third quarter
    of a plain quarterly one."""
    label, kind = period.label, period.kind
    if kind is PeriodKind.YEAR:
        target, frequency = f"{label}-H2", Frequency.SEMIANNUAL
    elif kind is PeriodKind.NINE_MONTHS:
        target, frequency = f"{label[:4]}-Q3", Frequency.QUARTERLY
    else:
        return []
    return [i for i in index.by_key.get((reporter, target), ())
            if index.ob(i).frequency is frequency and not index.ob(i).schedule]


def _requests(s: Submission, mine: Sequence[Instance], index: _Index, record: _Record,
              latest: bool = False) -> list[Instance]:
    """The recorded requests a record answers, received after they were made: those it names
    by id or letter number; else, when its title says it answers one ("đột xuất", "theo yêu
    cầu") or ``latest`` (it can be no periodic report), the latest request of each duty."""
    named: list[Instance] = []
    recent: dict[tuple[str, str], Instance] = {}
    for inst in mine:
        ob = index.ob(inst)
        if ob.kind is not ObligationKind.AD_HOC or _counted_date(s, ob) < inst.period.start:
            continue
        if record.names_request(inst):
            named.append(inst)
        k = (inst.directive_id, inst.obligation_id)
        best = recent.get(k)
        if best is None or best.period.start < inst.period.start:
            recent[k] = inst
    if named:
        return named
    on_request = record.form is not None and record.form.on_request
    if on_request or latest:
        return list(recent.values())
    # naming the directive of a duty it has been asked for: the latest request of that duty
    return [inst for inst in recent.values() if s.directive == inst.directive_id]


def _reviews(s: Submission, mine: Sequence[Instance], index: _Index,
             form: TitleForm | None) -> list[Instance]:
    """The multi-year reviews a record is, one window per duty: of the windows it may be the
    review of (``_is_review``), the one ending nearest its receipt."""
    assert s.submitted_on is not None
    day = s.submitted_on
    best: dict[tuple[str, str], Instance] = {}
    for inst in mine:
        ob = index.ob(inst)
        if ob.kind is not ObligationKind.REVIEW or not _is_review(s, ob, inst, form):
            continue
        k = (inst.directive_id, inst.obligation_id)
        cur = best.get(k)
        if cur is None or (abs((day - inst.period.end).days), inst.period.end) < (
                abs((day - cur.period.end).days), cur.period.end):
            best[k] = inst
    return list(best.values())


def _is_item(s: Submission, quantities: Iterable[Obligation]) -> bool:
    """An item of a quantity the unit owes ("Tin: ...", "Phóng sự: ...", an ``item`` column) is
    a product that quantity counts, not a report: it fulfils no periodic report, task, review or
    request — unless the record names such an obligation itself."""
    return any(_item_kind(s, ob) for ob in quantities if s.obligation in (None, ob.id))


def _item_kind(s: Submission, ob: Obligation) -> str | None:
    """The kind of product ("phong-su", "tin", "bai") a record is, from an ``item`` column or
    how its title starts: the kind's word and a separator ("Tin: ...", "Bài 2 - ...",
    "Phóng sự – ..."); a word of two syllables or more ("Phóng sự", "Bài viết") also with a
    space. One syllable and a space is a compound word, not an item: "Bài học kinh nghiệm",
    "Tin học hóa"."""
    written = fold_vietnamese(str(s.raw.get("item", "")))
    title = fold_vietnamese(s.title or "")
    for q in ob.quantities:
        if written in (q.of, fold_vietnamese(q.of.replace("-", " "))):
            return q.of
        for word in q.words:
            w = fold_vietnamese(word)
            if title == w or (title.startswith(w) and _ITEM_SEPARATOR.match(title, len(w))):
                return q.of
            if " " in w and title.startswith(f"{w} "):
                return q.of
    return None


# After an item's word: an optional number ("Bài 2"), then ":" or a dash (or "|").
_ITEM_SEPARATOR = re.compile(r"(?:\s*\d{1,3})?\s*[:|\-\u2013\u2014]")


def _is_review(s: Submission, ob: Obligation, inst: Instance, form: TitleForm | None) -> bool:
    """Whether a record is the review of ``inst``'s window (N = ``every_years``), received in
    the window's last year or after. A record naming the obligation is, if the period it names
    (if any) is inside the window or contains it. Otherwise its title must read as a review of
    that span: it says "sơ kết", "tổng kết" or "đánh giá" and names the span — N years ("sơ kết
    5 năm"), or the window's years ("2021-2025", "giai đoạn 2021 – 2026": from its first year,
    N−1 or N years on); or it names no span and no period at all and says the duty's own word
    ("sơ kết" for a sơ kết). A title naming another span ("sơ kết 3 năm", "2016-2020") or a
    shorter period ("sơ kết 6 tháng đầu năm 2025", "năm 2025") is that report, not the review."""
    assert s.submitted_on is not None
    window = inst.period
    if s.submitted_on.toordinal() < window.end.toordinal() - 366:
        return False
    if s.obligation == ob.id:
        return s.period is None or contains(window, s.period) or contains(s.period, window)
    if form is None:
        return False
    span = _names_span(form, s.period, window, ob.every_years or 0)
    if span is None:
        word = "so ket" if "so ket" in fold_vietnamese(ob.summary) else "tong ket"
        return word in form.review
    return span and bool(form.review)


def _names_span(form: TitleForm, period: Period | None, window: Period, n: int) -> bool | None:
    """True when a record names the review's span, False when it names another span or any
    shorter period, None when it names none at all."""
    ranges = set(form.ranges)
    if period is not None and period.kind is PeriodKind.WINDOW:
        ranges.add((period.start.year, period.end.year))
    if ranges:
        return any(a == window.start.year and b - a in (n - 1, n) for a, b in ranges)
    if form.years:
        return n in form.years
    return None if period is None else False


def _may_fulfil(s: Submission, period: Period | None, inst: Instance, ob: Obligation) -> bool:
    """A one-off task's deliverable is not a periodic report: it must be named, or be the
    report on the period the task covers ("báo cáo tổng kết năm 2022", due in 12/2022) — the
    period it names, or the one inferred for it."""
    if ob.kind is not ObligationKind.TASK or s.obligation == inst.obligation_id:
        return True
    if period is None:
        return False
    if ob.covers is not None and period.label == ob.covers.label:
        return True
    return s.directive == inst.directive_id and period.label == inst.period.label


# An item's own date, where the register gives it: aired, published (issue 14: it counts).
_ITEM_DATE = "item_date"


def _item_date(s: Submission, ob: Obligation) -> date:
    """The day an item counts on: its own date (aired, published) when the record gives one,
    else the counted receipt date."""
    written = s.raw.get(_ITEM_DATE)
    if isinstance(written, str) and written.strip():
        try:
            return parse_date(written)
        except DateParseError:
            pass  # an unreadable item date: the receipt date counts
    return _counted_date(s, ob)


# "05 tin, 02 bài", "1 phóng sự": a count and an item's word, in a report's title.
_COUNT = re.compile(r"(?<![\w/.-])(\d{1,3})\s+")


def _quantity_items(s: Submission, ob: Obligation, item: bool) -> list[tuple[date, str]]:
    """What a record adds to a quota: an item is one of its kind, on its own date; a report
    on the period counts the items its title states ("05 tin, 02 bài"), on its receipt."""
    if item:
        kind = _item_kind(s, ob)
        return [(_item_date(s, ob), kind or "")]
    title = fold_vietnamese(s.title or "")
    day = _counted_date(s, ob)
    out: list[tuple[date, str]] = []
    for m in _COUNT.finditer(title):
        rest = title[m.end():]
        for q in ob.quantities:
            words = sorted({fold_vietnamese(w) for w in (*q.words, q.of.replace("-", " "))},
                           key=len, reverse=True)
            if any(rest.startswith(w) and _WORD_END.match(rest, len(w)) for w in words):
                out += [(day, q.of)] * int(m.group(1))
                break
    return out


_WORD_END = re.compile(r"$|[^a-z0-9]")


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
