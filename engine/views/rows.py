"""The rows every output shows: built once from the results, rendered by every format.

A table, JSON, CSV (and later Markdown, HTML, XLSX, ICS) render these same objects, so they
can never disagree about a field. Fields marked ``display`` serve terminal tables only
(short names); JSON and CSV leave them out. Names follow the reader's language; reasons stay
codes until the renderer writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any, TypeVar, overload

from engine.model import (
    Citation,
    DataSpan,
    Deliverable,
    Disposition,
    Reason,
    ReceivedFrom,
    SkippedDay,
    Subject,
    Verdict,
)

_Row = TypeVar("_Row")


@dataclass(frozen=True, slots=True)
class Listing:
    """Which rows a view lists, chosen once for every format (the table, CSV, JSON): the
    verdicts asked for (--verdict; all when empty), and at most ``limit`` rows of each list
    (--limit, or a terminal's screenful; None: every row). Figures always cover everything
    selected by the filters, never only the rows listed."""

    verdicts: frozenset[Verdict] = frozenset()
    limit: int | None = None

    def chosen(self, verdict: Verdict) -> bool:
        return not self.verdicts or verdict in self.verdicts

    def cut(self, rows: Sequence[_Row]) -> tuple[_Row, ...]:
        return tuple(rows if self.limit is None else rows[:self.limit])

    def stream(self, rows: Iterable[_Row]) -> Iterable[_Row]:
        return rows if self.limit is None else islice(rows, self.limit)


class LazyRows(Sequence[_Row]):
    """Rows built each time they are read, never held: the table ``check`` shows of a national
    run reads a million rows once or twice (the units furthest behind) to show a screenful,
    and a tuple of them was 700 MB. Read like the tuple it stands for."""

    __slots__ = ("_build", "_results")

    def __init__(self, results: Sequence[Any], build: Callable[[Any], _Row]) -> None:
        self._results = results
        self._build = build

    def __len__(self) -> int:
        return len(self._results)

    def __iter__(self) -> Iterator[_Row]:
        return map(self._build, self._results)

    @overload
    def __getitem__(self, index: int) -> _Row: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[_Row, ...]: ...

    def __getitem__(self, index: int | slice) -> _Row | tuple[_Row, ...]:
        if isinstance(index, slice):
            return tuple(map(self._build, self._results[index]))
        return self._build(self._results[index])


def display() -> Any:
    """A field for terminal tables only: not exported to JSON or CSV."""
    return field(default="", metadata={"display": True})


# Not frozen: a row is built once per report or record (a million of each in a national
# run) and only read after; frozen's per-field object.__setattr__ made building one 3× slower
# (48 fields: 9.9 µs against 3.2). Equal rows stay hashable (``unsafe_hash``), as before.
@dataclass(slots=True, unsafe_hash=True)
class InstanceRow:
    key: str
    directive: str  # the number as written, or the id when the text has none
    directive_id: str
    obligation: str
    summary: str
    reporter: str
    reporter_name: str
    recipient: str
    recipient_name: str
    via: str | None
    via_name: str | None
    period: str
    period_kind: str
    period_start: date
    period_end: date
    cutoff_from: date | None
    cutoff_to: date | None
    # whose data window: "nd09" (NĐ 09/2019 Điều 12), "period" (its own dates), "stated"
    data_window: str | None
    due: date
    due_nominal: date
    due_last_day: date
    due_reading: str
    due_rolled: bool
    due_skipped: tuple[SkippedDay, ...]
    due_basis: str
    due_policy: str | None
    due_policy_text: str | None
    deadline_words: str | None
    verdict: Verdict
    rule: str
    days_late: int
    days_overdue: int
    received: date | None
    submission: str | None
    citation: Citation
    reasons: tuple[Reason, ...]
    # One report owed once (engine/evaluation/demands.py): the key the distinct report is
    # counted under, and the other plans' instances that are the same report.
    report: str = ""
    same_report: tuple[str, ...] = ()
    recipient_inferred: bool = False  # the text names no recipient: the rule inferred it
    reporter_inferred: bool = False  # owed through a group whose membership was inferred
    due_provisional: bool = False  # the due year's Government day swaps are not recorded
    counts_from: date | None = None  # the first receipt day a report on the period counts
    reporter_label: str = display()
    recipient_label: str = display()
    via_label: str = display()
    directive_label: str = display()  # the number, or a short title for an unnumbered plan
    clause: str = display()  # the section cited, numbered when it holds several obligations
    also_label: str = display()  # the other plans' clauses for the same report, in a list


# Not frozen, for the reason InstanceRow gives.
@dataclass(slots=True, unsafe_hash=True)
class SubmissionRow:
    id: str
    source: str
    reporter: str | None
    reporter_name: str | None
    recipient: str | None
    recipient_name: str | None
    period: str | None
    period_inferred: bool
    submitted_on: date | None
    document_number: str | None
    title: str | None
    disposition: Disposition
    rule: str
    instances: tuple[str, ...]
    reasons: tuple[Reason, ...]
    raw: dict[str, str]  # the record as written, extra columns included
    document_type: str | None = None  # its kind (rules/doctypes.yaml); None when unread
    reporter_label: str = display()
    period_label: str = display()
    received_label: str = display()


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts of every verdict and every disposition, zeros included (absence is visible):
    per expected instance (one per plan and period), per distinct report (plans demanding the
    same report of a unit count it once), per record."""

    instances: dict[str, int]
    submissions: dict[str, int]
    reports: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PolicyNote:
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Figures:
    """Counts and rates over the reports a unit could owe: an exempt instance (the unit
    had ceased) is out of every denominator. ``assessed`` are those whose outcome is known
    by the as-of date (received, or past due): on time + late + overdue. Rates are fractions
    of ``assessed``, rounded *down* to 0.1%, so never above 1 and 1 only when complete;
    None when nothing is assessed yet."""

    expected: int
    received: int
    on_time: int
    late: int
    overdue: int
    pending: int
    exempt: int
    assessed: int
    rate_on_time: float | None
    rate_received: float | None
    # the expected instances (one per plan) behind the distinct reports counted above: two
    # plans demanding the same report of a unit are one report owed, and two instances
    instances: int = 0


@dataclass(frozen=True, slots=True)
class DirectiveRate:
    directive: str  # the number as written, or the id
    directive_id: str
    title: str
    figures: Figures
    label: str = display()


@dataclass(frozen=True, slots=True)
class UnitRate:
    unit: str
    unit_name: str
    figures: Figures
    label: str = display()


@dataclass(frozen=True, slots=True)
class Rates:
    """Per directive (rule book order) and per reporting unit (lowest on-time rate first)."""

    total: Figures
    directives: tuple[DirectiveRate, ...]
    units: tuple[UnitRate, ...]


@dataclass(frozen=True, slots=True)
class SelectionInfo:
    """What the filters selected, as the outputs say it (an empty result names it)."""

    since: date
    as_of: date
    directive: str | None = None  # as written
    directive_id: str | None = None
    units: tuple[str, ...] | None = None
    period: str | None = None
    office: str | None = None  # unit id of --office: what is owed to it


@dataclass(frozen=True, slots=True)
class CheckView:
    as_of: date
    # a tuple; ``LazyRows`` for check's table (``check_view(..., held=False)``)
    instances: Sequence[InstanceRow]
    submissions: Sequence[SubmissionRow]
    summary: Summary
    awaiting_request: tuple[str, ...]  # ad hoc duties (directive/obligation) never requested
    assumed: tuple[PolicyNote, ...] = field(default=(), metadata={"display": True})
    selection: SelectionInfo | None = None
    rates: Rates | None = None
    # The problems, worst first (the same row objects as ``instances``; tables and briefs
    # list them, JSON does not repeat them): overdue by days overdue, late by days late.
    overdue: tuple[InstanceRow, ...] = field(default=(), metadata={"display": True})
    late: tuple[InstanceRow, ...] = field(default=(), metadata={"display": True})
    # What the listing chose (``Listing``): the rows of the chosen verdicts, the records to
    # look at, each list at most ``limit`` long; the totals say how many there are in all.
    verdicts: tuple[Verdict, ...] = field(default=(), metadata={"display": True})
    listed: tuple[InstanceRow, ...] = field(default=(), metadata={"display": True})
    attention: tuple[SubmissionRow, ...] = field(default=(), metadata={"display": True})
    totals: dict[str, int] = field(default_factory=dict, metadata={"display": True})


@dataclass(frozen=True, slots=True)
class OverdueGroup:
    unit: str
    unit_name: str
    items: tuple[InstanceRow, ...]
    unit_label: str = display()


@dataclass(frozen=True, slots=True)
class OverdueView:
    as_of: date
    groups: tuple[OverdueGroup, ...]  # the first ``Listing.limit`` units when one is given
    assumed: tuple[PolicyNote, ...] = field(default=(), metadata={"display": True})
    units: int = field(default=0, metadata={"display": True})  # units with overdue reports
    reports: int = field(default=0, metadata={"display": True})  # their overdue reports


@dataclass(frozen=True, slots=True)
class DirectiveInfo:
    id: str
    number: str | None
    title: str
    kind: str
    issuer: str
    issuer_name: str
    issued_on: str | None
    notes: str | None = None  # the rule author's notes on the directive


@dataclass(frozen=True, slots=True)
class DeadlineInfo:
    basis: str
    day: int | None
    month: str | int | None
    reading: str
    policy: str | None
    words: str | None
    description: str | None
    offset_days: int | None = None  # "trong vòng N ngày": N days after the period (or cut-off)
    offset_working: bool = False  # N working days
    offset_from: str = "period_end"  # what the offset counts from: "period_end" or "cutoff"
    named_days: tuple[int, ...] = ()  # days the words name ("ngày 25"); is ``day`` among them?
    from_day: int | None = None  # a window with a start: from this day of the deadline's month
    year: str | None = None  # "next": the month number is of the year after the period


@dataclass(frozen=True, slots=True)
class ScheduleInfo:
    period: str  # a period code: Q1, H1, 9M, Y, M5
    deadline: DeadlineInfo | None  # its own deadline, when the text gives one


@dataclass(frozen=True, slots=True)
class QuantityInfo:
    count: int
    of: str
    per: str
    words: tuple[str, ...] = ()  # how an item is named in a title ("phóng sự")


@dataclass(frozen=True, slots=True)
class InForceInfo:
    start: date = field(metadata={"name": "from"})
    end: date | None = field(metadata={"name": "to"})


@dataclass(frozen=True, slots=True)
class GroupInfo:
    """A group named among an obligation's reporters (or inside such a group): its members
    as the registry lists them, and how they were inferred when the text does not list them."""

    id: str
    name: str
    members: tuple[str, ...]
    member_names: tuple[str, ...]
    inferred: str | None = None


@dataclass(frozen=True, slots=True)
class ObligationRow:
    directive: DirectiveInfo
    id: str
    summary: str
    kind: str
    reporters: tuple[str, ...]
    reporter_names: tuple[str, ...]
    reporters_expanded: tuple[str, ...]
    recipient: str
    recipient_name: str
    via: str | None
    via_name: str | None
    frequency: str
    deadline: DeadlineInfo | None
    schedule: tuple[ScheduleInfo, ...]
    counts: str
    in_force: InForceInfo
    windows: tuple[str, ...]
    quantities: tuple[QuantityInfo, ...]
    citation: Citation
    evaluated: bool
    on_request: bool  # ad hoc: owed only for a recorded request
    recipient_inferred: bool
    notes: str | None
    source: str | None
    # the reporters whose membership of a group named here was inferred, and how
    members_inferred: tuple[str, ...] = ()
    membership: tuple[str, ...] = ()
    # the rest of what the rule encodes (rules export --format md shows it for a legal review)
    groups: tuple[GroupInfo, ...] = ()  # the groups named among the reporters, nested ones too
    periods: tuple[str, ...] = ()  # the reports of a year: the schedule's, or the frequency's
    via_also: tuple[str, ...] = ()  # further units a report may pass through
    via_also_names: tuple[str, ...] = ()
    covers: str | None = None  # a task: the period its deliverable reports on
    every_years: int | None = None  # a review: every N years
    anchor: date | None = None  # a review: counted from
    data_window: str = "nd09"  # "nd09" (NĐ 09/2019 Điều 12), "period" (its dates), "stated"
    data_span: DataSpan | None = None  # the stated data window's days
    predates_nd09: bool = False  # the text was issued before NĐ 09/2019 took effect (or no date)
    # a recipient by role: who each reporter reports to, by name (reporter, recipient)
    routes: tuple[tuple[str, str], ...] = ()
    after: tuple[str, ...] = ()  # a summary: the clauses of the duties it sums up
    # (frozen dataclasses: one shared default each)
    received_from: ReceivedFrom = field(default=ReceivedFrom())  # from when a report counts
    deliverable: Deliverable = field(default=Deliverable())  # what fulfils it
    subject: Subject = field(default=Subject())  # what its reports are about
    reporter_labels: tuple[str, ...] = field(default=(), metadata={"display": True})
    recipient_label: str = display()
    via_label: str = display()
    directive_label: str = display()
    clause: str = display()
