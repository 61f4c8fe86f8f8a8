"""What evaluation produces: expected instances, submissions as read, and their outcomes.

Outcomes carry *codes*, never prose: a ``Reason`` is a code and its parameters, and the text
is written at the edge (``cli/i18n``) in the reader's language. So the JSON of a run is the
same in Vietnamese and English, and a script or the register can rely on the codes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from engine.errors import Problem
from engine.model.frozen import quick
from engine.model.verdicts import Disposition, Verdict

if TYPE_CHECKING:  # annotations only: the verdicts load without the rules' dataclasses
    from engine.model.rules import Obligation
    from engine.model.time import Due, Period

# A reason's parameter: ids, labels, ISO dates and counts, or a list of them.
Param = str | int | bool | None | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an outcome is what it is: a stable ``code`` (see ``engine.errors.CODES``) and the
    values its message needs (unit ids, ISO dates, period labels)."""

    code: str
    params: Mapping[str, Param] = field(default_factory=dict)

    @classmethod
    def of(cls, problem: Problem) -> Reason:
        """A record-level problem as a reason: its location and parameters travel with it."""
        params: dict[str, Param] = {
            "file": problem.file, "line": problem.line, "column": problem.column,
            "detail": problem.message,
        }
        params.update(problem.params)
        return cls(problem.code, params)


@quick  # a million of each in a national run (engine/model/frozen.py)
@dataclass(frozen=True, slots=True)
class Instance:
    """One expected report: obligation x reporter x period."""

    key: str  # stable id: directive/obligation/reporter/period
    directive_id: str
    obligation_id: str
    reporter: str  # unit id
    recipient: str
    via: str | None
    period: Period
    due: Due
    cutoff: tuple[date, date] | None  # NĐ 09/2019 Điều 12 data window, when periodic
    request: str | None = None  # the recorded request an ad hoc instance answers
    # the first receipt day a report on the period can count (``periods.report_opens``): a
    # report is written after what it reports on; None when any day counts
    opens: date | None = None


@quick  # a million of each in a national run (engine/model/frozen.py)
@dataclass(frozen=True, slots=True)
class Submission:
    """A submitted report's metadata after parsing and name resolution.

    ``problems`` non-empty means the record is invalid; ``unit_problems`` that a name did not
    resolve to one unit. Either way it still gets a disposition: nothing is dropped.
    """

    id: str
    source: str  # file:line
    raw: Mapping[str, Any]
    reporter: str | None = None  # resolved unit id
    recipient: str | None = None
    submitted_on: date | None = None
    sent_on: date | None = None
    period: Period | None = None
    period_inferred: bool = False
    directive: str | None = None  # directive id, resolved from number or id
    obligation: str | None = None
    title: str | None = None
    document_number: str | None = None
    problems: tuple[Problem, ...] = ()
    unit_problems: tuple[Problem, ...] = ()
    other_directive: str | None = None  # a directive it names that the rules do not hold
    notes: tuple[Reason, ...] = ()  # what building it took from elsewhere (--recipient)


@dataclass(frozen=True, slots=True)
class Request:
    """A recorded request for an ad hoc report ("báo cáo đột xuất", "kịp thời báo cáo"): who
    asked whom for which obligation, when, and by when. Only a request makes an ad hoc duty
    owed."""

    id: str
    source: str  # file:line
    directive_id: str
    obligation_id: str
    reporters: tuple[str, ...]  # unit ids
    requested_on: date
    due: date
    number: str | None = None  # the request letter's number, which a reply may cite


@quick  # a million of each in a national run (engine/model/frozen.py)
@dataclass(frozen=True, slots=True)
class InstanceResult:
    instance: Instance
    verdict: Verdict
    rule: str  # the decision rule that fired (rules/decisions.yaml)
    received: date | None
    submission: str | None
    days_late: int
    days_overdue: int
    reasons: tuple[Reason, ...] = ()
    # One report owed once: the instances of other plans that demand the same report from the
    # same unit, to the same office, for the same period (``evaluation.demands``); ``report``
    # is the key the distinct report is counted under (its first-due instance).
    same_report: tuple[str, ...] = ()
    report: str = ""


@quick  # a million of each in a national run (engine/model/frozen.py)
@dataclass(frozen=True, slots=True)
class SubmissionResult:
    submission: Submission
    disposition: Disposition
    rule: str  # the decision rule that fired
    instances: tuple[str, ...]  # instance keys it satisfies
    reasons: tuple[Reason, ...] = ()
    candidates: tuple[str, ...] = ()  # instances owed by this unit for this period
    routed: tuple[str, ...] = ()  # of those (on its subject), the ones this recipient may receive
    subject_checked: bool = False  # its title or directive named a subject that was compared
    on_subject: tuple[str, ...] = ()  # of the candidates, those not on another subject
    document_type: str | None = None  # its kind (rules/doctypes.yaml), None when unread


@dataclass(frozen=True, slots=True)
class Selection:
    """What the filters selected, resolved: every output says it, so that an empty result
    can say what would widen it."""

    since: date  # periods ending on or after this day are shown
    directives: tuple[str, ...] = ()  # directive ids (none: every directive)
    units: tuple[str, ...] | None = None  # unit ids (the unit and whom it succeeded)
    periods: tuple[Period, ...] = ()  # a period inside any of them (none: every period)
    office: str | None = None  # unit id of --office


@dataclass(frozen=True, slots=True)
class Evaluation:
    as_of: date
    instances: tuple[InstanceResult, ...]
    submissions: tuple[SubmissionResult, ...]
    awaiting_request: tuple[Obligation, ...] = ()  # ad hoc duties no request has called for
    selection: Selection | None = None
