"""The facts durable_rules decides on: one per instance, one per submission.

These two dataclasses are the whole vocabulary of ``rules/decisions.yaml``: a decision rule
may test these fields and no others. The loader derives its field list from them and a test
checks that the header of ``rules/decisions.yaml`` documents exactly these fields, so the
three never drift apart. Each field's ``doc`` is what that header says.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field, fields

from engine.model.frozen import quick


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


@quick  # a million of each in a national run (engine/model/frozen.py)
@dataclass(frozen=True, slots=True)
class InstanceFact:
    received: bool = field(
        metadata=_doc("a correctly routed report was matched to this instance"))
    days_after_due: int = field(
        metadata=_doc("counted date (receipt, or sending date where the rule says so) - due"))
    days_past_due: int = field(metadata=_doc("as-of date - due (negative: not yet due)"))
    reporter_active: bool = field(metadata=_doc(
        "the reporting unit still existed on the due date (units.yaml valid_to)"))
    recipient_active: bool = field(metadata=_doc(
        "the recipient (or its successor) still existed on the due date"))
    before_inputs: bool = field(default=False, metadata=_doc(
        "a summary (after:) received while one of its inputs was missing and not yet due, "
        "or arrived after it"))


@quick  # a million of each in a national run (engine/model/frozen.py)
@dataclass(frozen=True, slots=True)
class SubmissionFact:
    valid: bool = field(
        metadata=_doc("the record passed the schema and its dates/period/directive parsed"))
    later: bool = field(
        metadata=_doc("received after the as-of date: outside this run"))
    report: bool = field(metadata=_doc(
        "a report (or its kind cannot be read), or of a kind a duty it answers accepts"))
    units_known: bool = field(
        metadata=_doc("reporter and recipient resolved to exactly one registered unit"))
    owed: int = field(
        metadata=_doc("instances this reporter owes for the report's period (any subject)"))
    too_early: bool = field(metadata=_doc(
        "it names a period owed, but came before a report on it could be written"))
    on_subject: int = field(
        metadata=_doc("of those, the ones on the report's subject (all, if not checked)"))
    routed: int = field(
        metadata=_doc("of those, the ones whose recipient or via unit is this recipient"))
    subject_named: bool = field(
        metadata=_doc("the title or directive names the subject, so it was checked"))
    first: bool = field(
        metadata=_doc("it is the earliest routed report for at least one of its instances"))


Fact = InstanceFact | SubmissionFact
FACT_KINDS: dict[str, type[InstanceFact] | type[SubmissionFact]] = {
    "instance": InstanceFact,
    "submission": SubmissionFact,
}


def fact_fields(cls: type[InstanceFact] | type[SubmissionFact]) -> dict[str, type]:
    """Field name -> Python type (bool or int), in declaration order."""
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in fields(cls)}


def fact_docs(cls: type[InstanceFact] | type[SubmissionFact]) -> dict[str, str]:
    return {f.name: f.metadata["doc"] for f in fields(cls)}
