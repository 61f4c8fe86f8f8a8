"""Grouping: which submissions are candidates for which expected instance.

This is indexing, in plain Python (DESIGN.md): resolved names, canonical periods and
routing give each submission a key; instances have the same key; a dict groups them. The
result is one flat fact per instance and per submission, carrying the numbers the decision
rules compare — the rules themselves decide.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from engine.model import (
    CountedDate,
    Frequency,
    Instance,
    Obligation,
    ObligationKind,
    PeriodKind,
    Submission,
)
from engine.units import Registry


@dataclass
class Grouping:
    instance_facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    submission_facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    # instance key -> (submission index, counted date) of the earliest routed report
    earliest: dict[str, tuple[int, date]] = field(default_factory=dict)
    # submission index -> instance keys it is the earliest routed report for
    satisfies: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    # submission index -> routed candidate keys
    routed: dict[int, list[str]] = field(default_factory=dict)
    notes: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    instance_notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def _t(lang: str, vi: str, en: str) -> str:
    return en if lang == "en" else vi


def group(
    instances: Sequence[Instance],
    submissions: Sequence[Submission],
    obligations: Mapping[tuple[str, str], Obligation],
    registry: Registry,
    as_of: date,
    lang: str = "vi",
) -> Grouping:
    g = Grouping()
    by_key: dict[tuple[str, str], list[Instance]] = defaultdict(list)
    by_reporter: dict[str, list[Instance]] = defaultdict(list)
    for inst in instances:
        by_key[(inst.reporter, inst.period.label)].append(inst)
        by_reporter[inst.reporter].append(inst)
        covers = obligations[(inst.directive_id, inst.obligation_id)].covers
        if covers is not None and covers.label != inst.period.label:
            by_key[(inst.reporter, covers.label)].append(inst)

    first_seen: dict[str, tuple[date, int]] = {}  # instance key -> (counted date, index)
    for idx, s in enumerate(submissions):
        fact: dict[str, Any] = {
            "ref": f"s:{idx}", "kind": "submission", "valid": not s.errors,
            "units_known": False, "candidates": 0, "routed": 0, "first": False,
        }
        g.submission_facts[f"s:{idx}"] = fact
        if s.errors:
            g.notes[idx].extend(s.errors)
            continue
        if s.submitted_on is not None and s.submitted_on > as_of:
            # Verdicts are "as of" a day: a receipt after it cannot have happened yet.
            fact["valid"] = False
            g.notes[idx].append(_t(
                lang, f"ngày nhận {s.submitted_on:%d/%m/%Y} sau ngày đối chiếu {as_of:%d/%m/%Y}",
                f"received {s.submitted_on:%d/%m/%Y}, after the as-of date {as_of:%d/%m/%Y}"))
            continue
        if s.unit_problems or s.reporter is None or s.recipient is None:
            g.notes[idx].extend(s.unit_problems)
            continue
        fact["units_known"] = True
        cands = _candidates(s, by_key, by_reporter, obligations, lang, g.notes[idx])
        routed = [c for c in cands if s.recipient in (c.recipient, c.via)]
        fact["candidates"] = len(cands)
        fact["routed"] = len(routed)
        g.routed[idx] = [c.key for c in routed]
        if cands and not routed:
            owed_to = sorted({registry.name(c.recipient, lang) for c in cands})
            g.notes[idx].append(_t(lang, "nơi nhận đúng: ", "expected recipient: ")
                                + "; ".join(owed_to))
        for c in routed:
            ob = obligations[(c.directive_id, c.obligation_id)]
            counted = _counted_date(s, ob)
            best = first_seen.get(c.key)
            if best is None or (counted, idx) < best:
                first_seen[c.key] = (counted, idx)

    g.earliest = {k: (idx, day) for k, (day, idx) in first_seen.items()}
    for key, (idx, _) in g.earliest.items():
        g.satisfies[idx].append(key)
    for idx, keys in g.routed.items():
        fact = g.submission_facts[f"s:{idx}"]
        fact["first"] = bool(g.satisfies.get(idx))
        for key in keys:
            if key in g.satisfies.get(idx, ()):
                continue
            other = submissions[g.earliest[key][0]]
            g.notes[idx].append(
                _t(lang, f"{key}: đã được đáp ứng bởi báo cáo {other.id} nhận sớm hơn",
                   f"{key}: already satisfied by the earlier report {other.id}")
            )

    reg_units = registry.units
    for inst in instances:
        hit = g.earliest.get(inst.key)
        received = hit[1] if hit else None
        unit = reg_units.get(inst.reporter)
        active = unit is None or unit.valid_to is None or unit.valid_to >= inst.due.due
        g.instance_facts[inst.key] = {
            "ref": f"i:{inst.key}", "kind": "instance",
            "received": received is not None,
            "days_after_due": (received - inst.due.due).days if received else 0,
            "days_past_due": (as_of - inst.due.due).days,
            "reporter_active": active,
        }
        if hit:
            s = submissions[hit[0]]
            annual = s.period is not None and s.period.kind is PeriodKind.YEAR
            if inst.period.kind is PeriodKind.HALF and annual:
                y = inst.period.start.year
                g.instance_notes[inst.key].append(_t(
                    lang, f"báo cáo năm {y} thay cho báo cáo 6 tháng cuối năm",
                    f"the annual report {y} stands for the second-half report"))
        if not active and unit is not None:
            succ = f" → {registry.name(unit.successor, lang)}" if unit.successor else ""
            g.instance_notes[inst.key].append(_t(
                lang, f"đơn vị chấm dứt hoạt động sau ngày {unit.valid_to:%d/%m/%Y}{succ}",
                f"unit ceased after {unit.valid_to:%d/%m/%Y}{succ}"))
    return g


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
    lang: str,
    notes: list[str],
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
        labels = sorted({c.period.label for c in cands})
        notes.append(_t(lang, "kỳ báo cáo suy ra từ ngày nhận: ",
                        "period inferred from the receipt date: ") + ", ".join(labels))
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
