"""Plain, JSON-able views of results: the one shape every renderer starts from.

The JSON contract (DESIGN.md) lives here so that the table, JSON and CSV outputs can never
disagree about a field.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from engine.model import (
    EVALUATED_KINDS,
    Disposition,
    Evaluation,
    InstanceResult,
    Obligation,
    Verdict,
)

if TYPE_CHECKING:
    from engine.api import Filters, RuleBook


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _policy_text(book: RuleBook, policy: str | None, lang: str) -> str | None:
    if policy is None or policy not in book.policies:
        return None
    p = book.policies[policy]
    return p.description_en if lang == "en" else p.description_vi


def instance_json(res: InstanceResult, book: RuleBook, lang: str = "vi") -> dict[str, Any]:
    inst = res.instance
    d = book.directive(inst.directive_id)
    ob = book.obligations[(inst.directive_id, inst.obligation_id)]
    reg = book.registry
    return {
        "key": inst.key,
        "directive": d.label,
        "directive_id": d.id,
        "obligation": inst.obligation_id,
        "summary": ob.summary,
        "reporter": inst.reporter,
        "reporter_name": reg.name(inst.reporter, lang),
        "recipient": inst.recipient,
        "recipient_name": reg.name(inst.recipient, lang),
        "via": inst.via,
        "via_name": reg.name(inst.via, lang) if inst.via else None,
        "period": inst.period.label,
        "period_start": _iso(inst.period.start),
        "period_end": _iso(inst.period.end),
        "cutoff_from": _iso(inst.cutoff[0]) if inst.cutoff else None,
        "cutoff_to": _iso(inst.cutoff[1]) if inst.cutoff else None,
        "due": _iso(inst.due.due),
        "due_nominal": _iso(inst.due.nominal),
        "due_reading": inst.due.reading.value,
        "due_rolled": inst.due.rolled,
        "due_basis": inst.due.basis.value,
        "due_policy": inst.due.policy,
        "due_policy_text": _policy_text(book, inst.due.policy, lang),
        "deadline_words": ob.deadline.words if ob.deadline else None,
        "verdict": res.verdict.value,
        "days_late": res.days_late,
        "days_overdue": res.days_overdue,
        "received": _iso(res.received),
        "submission": res.submission,
        "citation": {"section": ob.citation.section, "text": ob.citation.text},
        "reasons": list(res.reasons),
    }


def summary_counts(ev: Evaluation) -> dict[str, dict[str, int]]:
    vc = Counter(r.verdict.value for r in ev.instances)
    dc = Counter(r.disposition.value for r in ev.submissions)
    inst = {v.value: vc.get(v.value, 0) for v in Verdict}
    inst["total"] = len(ev.instances)
    subs = {d.value: dc.get(d.value, 0) for d in Disposition}
    subs["total"] = len(ev.submissions)
    return {"instances": inst, "submissions": subs}


def evaluation_to_json(ev: Evaluation, book: RuleBook, lang: str = "vi") -> dict[str, Any]:
    return {
        "as_of": ev.as_of.isoformat(),
        "instances": [instance_json(r, book, lang) for r in ev.instances],
        "submissions": [
            {
                "id": r.submission.id,
                "source": r.submission.source,
                "reporter": r.submission.reporter,
                "reporter_name": (book.registry.name(r.submission.reporter, lang)
                                  if r.submission.reporter else None),
                "recipient": r.submission.recipient,
                "period": r.submission.period.label if r.submission.period else None,
                "period_inferred": r.submission.period_inferred,
                "submitted_on": _iso(r.submission.submitted_on),
                "document_number": r.submission.document_number,
                "disposition": r.disposition.value,
                "instances": list(r.instances),
                "reasons": list(r.reasons),
            }
            for r in ev.submissions
        ],
        "summary": summary_counts(ev),
        "not_evaluated": [f"{o.directive_id}/{o.id}" for o in ev.not_evaluated],
    }


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    cit = out.pop("citation", None)
    if isinstance(cit, dict):
        out["citation_section"] = cit["section"]
        out["citation_text"] = cit["text"]
    for k, v in list(out.items()):
        if isinstance(v, list):
            out[k] = "; ".join(str(x) for x in v)
    return out


def instance_rows(ev: Evaluation, book: RuleBook, lang: str = "vi") -> list[dict[str, Any]]:
    return [_flat(instance_json(r, book, lang)) for r in ev.instances]


def submission_rows(ev: Evaluation, book: RuleBook, lang: str = "vi") -> list[dict[str, Any]]:
    return [_flat(s) for s in evaluation_to_json(ev, book, lang)["submissions"]]


def obligation_json(ob: Obligation, book: RuleBook, lang: str = "vi") -> dict[str, Any]:
    d = book.directive(ob.directive_id)
    reg = book.registry
    dl = ob.deadline
    return {
        "directive": {
            "id": d.id, "number": d.number, "title": d.title, "kind": d.kind,
            "issuer": d.issuer, "issuer_name": reg.name(d.issuer, lang),
            "issued_on": d.issued_on,
        },
        "id": ob.id,
        "summary": ob.summary,
        "kind": ob.kind.value,
        "reporters": list(ob.reporters),
        "reporter_names": [reg.name(r, lang) for r in ob.reporters],
        "reporters_expanded": list(reg.expand(ob.reporters)),
        "recipient": ob.recipient,
        "recipient_name": reg.name(ob.recipient, lang),
        "via": ob.via,
        "via_name": reg.name(ob.via, lang) if ob.via else None,
        "frequency": ob.frequency.value,
        "deadline": None if dl is None else {
            "basis": dl.basis.value,
            "day": dl.day,
            "month": None if dl.month is None else (
                dl.month.month if dl.month.mode == "absolute" else dl.month.mode),
            "reading": dl.reading.value,
            "policy": dl.policy,
            "words": dl.words,
            "description": _policy_text(book, dl.policy, lang),
        },
        "counts": ob.counts.value,
        "in_force": {"from": _iso(ob.in_force.start), "to": _iso(ob.in_force.end)},
        "windows": [w.label for w in ob.windows],
        "quantities": [{"count": q.count, "of": q.of, "per": q.per.value} for q in ob.quantities],
        "citation": {"section": ob.citation.section, "text": ob.citation.text},
        "evaluated": ob.kind in EVALUATED_KINDS,
        "notes": ob.notes,
        "source": f"{ob.source_file}:{ob.source_line}" if ob.source_file else None,
    }


def obligations_to_json(
    book: RuleBook, filters: Filters | None = None, lang: str = "vi"
) -> list[dict[str, Any]]:
    directive_id = None
    units: set[str] | None = None
    if filters is not None and filters.directive:
        directive_id = book.find_directive(filters.directive).id
    if filters is not None and filters.unit:
        from engine.api import units_named

        units = set(units_named(book, filters.unit))
    out = []
    for d in book.directives:
        if directive_id and d.id != directive_id:
            continue
        for ob in d.obligations:
            if units is not None and not units & set(book.registry.expand(ob.reporters)) \
                    and ob.recipient not in units:
                continue
            out.append(obligation_json(ob, book, lang))
    return out
