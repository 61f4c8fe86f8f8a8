"""One report owed once: identical demands of several plans are one report.

Plans of the same office often ask the same units for the same report: 06-KH/BCĐ III and
02-KH/BCĐ III both ask the committee's members for their 6-month and annual reports, to the
same standing office; 06 II.1's "báo cáo tổng kết hoạt động năm 2022 (tháng 12/2022)" is that
same annual report. A unit that sends nothing owes one report, not three; a unit that sends it
once has sent it for every plan. Two instances are the same report when the same unit owes
them to the same recipient, through the same unit, for the same period (a task that ``covers``
a period is for that period); requests and quantities are never merged.

Each group is counted under its first-due instance (``report_keys``): a report late for the
earlier deadline is late, whatever the later one says.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from engine.model import Instance, Obligation, ObligationKind

__all__ = ["report_keys", "same_reports"]

_SINGLE = (ObligationKind.QUANTITY, ObligationKind.AD_HOC, ObligationKind.REVIEW)


def same_reports(instances: Sequence[Instance],
                 obligations: Mapping[tuple[str, str], Obligation]) -> dict[str, tuple[str, ...]]:
    """Per instance key that has any, the keys of the other instances that are the same
    report, first due first."""
    groups: dict[tuple[str, str, str | None, str], list[Instance]] = defaultdict(list)
    for inst in instances:
        ob = obligations[(inst.directive_id, inst.obligation_id)]
        if ob.kind in _SINGLE or inst.request is not None:
            continue
        period = ob.covers if ob.kind is ObligationKind.TASK and ob.covers else inst.period
        groups[(inst.reporter, inst.recipient, inst.via, period.label)].append(inst)
    out: dict[str, tuple[str, ...]] = {}
    for members in groups.values():
        if len(members) < 2 or len({(m.directive_id, m.obligation_id) for m in members}) < 2:
            continue
        members.sort(key=lambda m: (m.due.due, m.key))
        keys = tuple(m.key for m in members)
        for key in keys:
            out[key] = tuple(k for k in keys if k != key)
    return out


def report_keys(instances: Sequence[Instance],
                same: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Per instance key of a group (``same``), the key its distinct report is counted under:
    the first-due instance of its group. An instance standing alone is counted under its own
    key and is not listed (two maps of a million entries, at a national run's peak)."""
    due = {i.key: (i.due.due, i.key) for i in instances if i.key in same}
    out: dict[str, str] = {}
    for inst in instances:
        others = same.get(inst.key)
        if others:
            out[inst.key] = min((inst.key, *others),
                                key=lambda k: due.get(k, (inst.due.due, k)))
    return out
