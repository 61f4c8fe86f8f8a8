"""Grouping: which submissions are candidates for which expected instance.

This is indexing, in plain Python (DESIGN.md): resolved names, canonical periods and routing
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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

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
                if inst.period.start > day or (accept is not None and not accept(inst)):
                    continue
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
        self._series: dict[str, dict[tuple[str, str], _Series]] = {}
        self._request_keys: dict[str, frozenset[str]] = {}
        self._routes: dict[str, frozenset[str]] = {}
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

    def routes(self, inst: Instance) -> frozenset[str]:
        """Where a report for ``inst`` may be sent; worked out once per instance."""
        found = self._routes.get(inst.key)
        if found is None:
            found = self._routes[inst.key] = frozenset(_routes(inst, self.ob(inst),
                                                               self.registry))
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

    def relation(self, inst: Instance) -> str:
        if self.names_request(inst):
            return SAME  # the letter it answers is on the request's subject
        key = (inst.directive_id, inst.obligation_id)
        found = self._relations.get(key)
        if found is None:
            found = self._relations[key] = _relation(
                self.s, inst, self.index.ob(inst), self.title, self.subjects, self.numbers)
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
) -> Matching:
    """``numbers``: per directive id, the numbers a report on it may cite (its own);
    ``requests``: the recorded requests the ad hoc instances answer (their letter numbers)."""
    index = _Index(instances, obligations, registry, requests)
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
        record = _Record(s, title, subjects, numbers, index)
        cands = _candidates(s, reporter, recipient, index, record, notes[idx])
        relation = {c.key: record.relation(c) for c in cands}
        fitting = [c for c in cands if relation[c.key] != OTHER]
        hits = [c for c in fitting if recipient in index.routes(c)]
        owed[idx] = tuple(c.key for c in cands)
        on_subject[idx] = tuple(c.key for c in fitting)
        routed_keys[idx] = tuple(c.key for c in hits)
        if s.other_directive is not None and not any(record.names_request(c) for c in cands):
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
    s: Submission, reporter: str, recipient: str, index: _Index, record: _Record,
    notes: list[Reason],
) -> list[Instance]:
    """What a record could be for. A record is one report: an item of a quantity, or a
    review or an answer to a request when it reads as one, else the report on the period it
    names — or, naming none, on the one period inferred for it (``_infer``)."""
    assert s.submitted_on is not None
    mine = index.quantities.get(reporter)
    item = mine is not None and _is_item(s, mine.values())
    dated = [c for c in index.dated.get(reporter, ()) if _named_fits(s, c)]
    counted = [c for c in dated if index.ob(c).kind is ObligationKind.QUANTITY
               and c.period.start <= _counted_date(s, index.ob(c)) <= c.period.end
               and _item_kind(s, index.ob(c))]
    period, guessed = s.period, False
    if item:
        cands = counted  # no report: not the periodic one its period (or the nearest) would give
    else:
        answers = _reviews(s, dated, index, record.form) + _requests(s, dated, index, record)
        if period is None and not answers:
            period, fits = _infer(s, reporter, recipient, index, record)
            guessed = period is not None
            if not fits:  # no periodic report on its subject it could be: the latest request
                answers += _requests(s, dated, index, record, latest=True)
        cands = []
        if period is not None:
            cands = [c for c in index.by_key.get((reporter, period.label), ())
                     if _named_fits(s, c)]
            cands += [c for c in _standing_for(period, reporter, index) if _named_fits(s, c)]
        cands += answers + counted
    cands = [c for c in cands if _may_fulfil(s, period, c, index.ob(c))]
    if guessed and period is not None and any(c.period.label == period.label for c in cands):
        notes.append(Reason("match.period-inferred", {"periods": (period.label,)}))
    return cands


def _named_fits(s: Submission, inst: Instance) -> bool:
    """A record naming its directive or obligation is a candidate for that one only."""
    return s.directive in (None, inst.directive_id) and s.obligation in (None, inst.obligation_id)


def _infer(
    s: Submission, reporter: str, recipient: str, index: _Index, record: _Record,
) -> tuple[Period | None, bool]:
    """The one period a record naming none is about: of the unit's periodic reports, the one
    whose due date is nearest its receipt (``_nearness``) — among those on its subject that its
    recipient may receive; failing those, those on its subject (sent elsewhere, it is then
    misrouted); failing those, any (to say what the unit owes). The second value: whether the
    period is of a report on its subject. One period, then every obligation owing a report for
    it: the same report for several plans is one report (DESIGN.md)."""
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
    return list(recent.values()) if on_request or latest else []


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
