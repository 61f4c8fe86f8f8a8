"""Grouping: which submissions are candidates for which expected instance.

This is indexing, in plain Python (DESIGN.md): resolved names, canonical periods and routing
give each submission a key; instances have the same key; a dict groups them. The result says,
per submission, which instances it could be for and which of those its recipient may
receive, and per instance the earliest routed report. The decision rules decide from there.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

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

__all__ = ["Matching", "group"]


@dataclass(frozen=True)
class Matching:
    """What grouping found; indexed by submission position in the batch."""

    usable: tuple[bool, ...]  # valid, received by as-of, units resolved: may match
    after_as_of: frozenset[int]  # received after the as-of date: outside this run
    candidates: tuple[tuple[str, ...], ...]  # instance keys owed by the unit for the period
    routed: tuple[tuple[str, ...], ...]  # of those, the ones this recipient may receive
    earliest: Mapping[str, tuple[int, date]]  # instance key -> (submission, counted date)
    satisfies: Mapping[int, tuple[str, ...]]  # submission -> keys it is the earliest for
    notes: Mapping[int, tuple[Reason, ...]]  # submission -> why it matched as it did


def group(
    instances: Sequence[Instance],
    submissions: Sequence[Submission],
    obligations: Mapping[tuple[str, str], Obligation],
    as_of: date,
) -> Matching:
    by_key: dict[tuple[str, str], list[Instance]] = defaultdict(list)
    by_reporter: dict[str, list[Instance]] = defaultdict(list)
    for inst in instances:
        by_key[(inst.reporter, inst.period.label)].append(inst)
        by_reporter[inst.reporter].append(inst)
        covers = obligations[(inst.directive_id, inst.obligation_id)].covers
        if covers is not None and covers.label != inst.period.label:
            by_key[(inst.reporter, covers.label)].append(inst)

    n = len(submissions)
    usable = [False] * n
    after: set[int] = set()
    candidates: list[tuple[str, ...]] = [()] * n
    routed: list[tuple[str, ...]] = [()] * n
    notes: dict[int, list[Reason]] = defaultdict(list)
    first_seen: dict[str, tuple[date, int]] = {}  # instance key -> (counted date, index)
    for idx, s in enumerate(submissions):
        if s.problems:
            continue
        if s.submitted_on is not None and s.submitted_on > as_of:
            # Verdicts are "as of" a day: a receipt after it cannot have happened yet.
            after.add(idx)
            notes[idx].append(Reason("record.after-as-of", {
                "received": s.submitted_on.isoformat(), "as_of": as_of.isoformat()}))
            continue
        if s.unit_problems or s.reporter is None or s.recipient is None:
            continue
        usable[idx] = True
        cands = _candidates(s, by_key, by_reporter, obligations, notes[idx])
        hits = [c for c in cands if s.recipient in (c.recipient, c.via)]
        candidates[idx] = tuple(c.key for c in cands)
        routed[idx] = tuple(c.key for c in hits)
        if cands and not hits:
            owed_to = tuple(sorted({c.recipient for c in cands}))
            notes[idx].append(Reason("match.expected-recipient", {"recipients": owed_to}))
        for c in hits:
            counted = _counted_date(s, obligations[(c.directive_id, c.obligation_id)])
            best = first_seen.get(c.key)
            if best is None or (counted, idx) < best:
                first_seen[c.key] = (counted, idx)

    earliest = {k: (idx, day) for k, (day, idx) in first_seen.items()}
    satisfies: dict[int, list[str]] = defaultdict(list)
    for key, (idx, _) in earliest.items():
        satisfies[idx].append(key)
    for idx, keys in enumerate(routed):
        mine = set(satisfies.get(idx, ()))
        for key in keys:
            if key not in mine:
                other = submissions[earliest[key][0]]
                notes[idx].append(Reason("match.already-satisfied",
                                         {"instance": key, "by": other.id}))
    return Matching(
        usable=tuple(usable),
        after_as_of=frozenset(after),
        candidates=tuple(candidates),
        routed=tuple(routed),
        earliest=earliest,
        satisfies={k: tuple(v) for k, v in satisfies.items()},
        notes={k: tuple(v) for k, v in notes.items()},
    )


def _counted_date(s: Submission, ob: Obligation) -> date:
    if ob.counts is CountedDate.SENT and s.sent_on is not None:
        return s.sent_on
    assert s.submitted_on is not None  # valid submissions always have one
    return s.submitted_on


def _candidates(
    s: Submission,
    by_key: Mapping[tuple[str, str], list[Instance]],
    by_reporter: Mapping[str, list[Instance]],
    obligations: Mapping[tuple[str, str], Obligation],
    notes: list[Reason],
) -> list[Instance]:
    assert s.reporter is not None
    if s.period is not None:
        cands = list(by_key.get((s.reporter, s.period.label), ()))
        if s.period.kind is PeriodKind.YEAR:
            # An annual report satisfies the second-half report of a plain half-yearly duty.
            cands += [
                i for i in by_key.get((s.reporter, f"{s.period.label}-H2"), ())
                if obligations[(i.directive_id, i.obligation_id)].frequency
                is Frequency.SEMIANNUAL
            ]
    else:
        cands = _inferred(s, by_reporter.get(s.reporter, ()), obligations)
    if s.directive is not None:
        cands = [c for c in cands if c.directive_id == s.directive]
    if s.obligation is not None:
        cands = [c for c in cands if c.obligation_id == s.obligation]
    cands = [c for c in cands if _may_fulfil(s, c, obligations[(c.directive_id,
                                                                 c.obligation_id)])]
    if s.period is None and cands:
        labels = tuple(sorted({c.period.label for c in cands}))
        notes.append(Reason("match.period-inferred", {"periods": labels}))
    return cands


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


def _inferred(
    s: Submission,
    mine: Sequence[Instance],
    obligations: Mapping[tuple[str, str], Obligation],
) -> list[Instance]:
    """Without a period: per obligation, the instance whose due date is nearest the receipt."""
    assert s.submitted_on is not None
    best: dict[tuple[str, str], Instance] = {}
    for inst in mine:
        ob = obligations[(inst.directive_id, inst.obligation_id)]
        if ob.kind is not ObligationKind.PERIODIC:
            continue
        k = (inst.directive_id, inst.obligation_id)
        cur = best.get(k)
        dist = abs((s.submitted_on - inst.due.due).days)
        if cur is None or dist < abs((s.submitted_on - cur.due.due).days):
            best[k] = inst
    return list(best.values())
