"""What the rule files say, typed: directives, obligations, deadlines, units and groups.

Validated once at the edge (``engine.rulebook``), then only these frozen dataclasses travel:
no raw YAML dicts past the loader. Field names follow ``rules/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from engine.model.time import DueBasis, Period, Reading


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"  # "6 tháng": H1 and H2 (an annual report satisfies H2)
    SEMIANNUAL_AND_ANNUAL = "semiannual_and_annual"  # "6 tháng và năm": H1 and the year
    ANNUAL = "annual"
    ONCE = "once"  # one-off task with explicit time windows
    AD_HOC = "ad_hoc"  # only when a request is recorded
    MULTI_YEAR = "multi_year"  # "5 năm sơ kết, 10 năm tổng kết"
    SCHEDULED = "scheduled"  # the reports of a year listed one by one: [Q1, H1, 9M, Y]


class ObligationKind(StrEnum):
    PERIODIC = "periodic"
    TASK = "task"
    QUANTITY = "quantity"
    AD_HOC = "ad_hoc"
    REVIEW = "review"
    # A duty that asks for no report ("tham mưu", "in băng rôn", "tổ chức kiểm tra"): listed by
    # `rules show` with its clause, never owed as a report.
    ACTIVITY = "activity"


# Kinds whose instances are expanded and evaluated. Ad hoc duties are evaluated only for the
# requests recorded with --requests; every kind is listed by `rules show`.
EVALUATED_KINDS = frozenset(ObligationKind) - {ObligationKind.ACTIVITY}


class CountedDate(StrEnum):
    RECEIVED = "received"  # ngày đến (default)
    SENT = "sent"


@dataclass(frozen=True, slots=True)
class MonthRef:
    """Which month a stated day belongs to, relative to a period.

    ``last``: the period's last month; ``next``: the month after the period;
    ``absolute``: a fixed month number in the period's final year (e.g. "tháng 12 hằng năm").
    """

    mode: str  # "last" | "next" | "absolute"
    month: int | None = None


@dataclass(frozen=True, slots=True)
class DeadlineSpec:
    basis: DueBasis
    reading: Reading
    day: int | None = None  # None with WITHIN: the window's last day
    month: MonthRef | None = None
    policy: str | None = None  # name of the assumed policy (basis == ASSUMED)
    words: str | None = None  # the deadline's words as written, or the policy's description
    # "trong vòng N ngày (làm việc) kể từ khi kết thúc kỳ / ngày chốt số liệu"
    offset_days: int | None = None
    offset_working: bool = False
    offset_from: str = "period_end"  # or "cutoff": the last day of the data window
    # "từ ngày 1 đến ngày 5 hằng tháng": the first day a report counts (in the deadline's
    # month); one received before it is early
    from_day: int | None = None
    year: str | None = None  # "next": a month number of the year after the period ends


@dataclass(frozen=True, slots=True)
class Policy:
    """A named, documented default deadline for directives that state none."""

    id: str
    day: int | None
    month: MonthRef | None
    reading: Reading
    description_vi: str
    description_en: str


@dataclass(frozen=True, slots=True)
class Citation:
    section: str
    text: str


@dataclass(frozen=True, slots=True)
class InForce:
    start: date
    end: date | None = None  # None: open-ended


@dataclass(frozen=True, slots=True)
class Quantity:
    count: int
    of: str  # e.g. "phong-su", "tin", "bai"
    per: Frequency
    words: tuple[str, ...] = ()  # how an item of this kind is named in a title ("phóng sự")


@dataclass(frozen=True, slots=True)
class Subject:
    """What a report is about: the phrases that name it in a title ("Cuộc vận động Người Việt
    Nam ưu tiên dùng hàng Việt Nam", "thi đua, khen thưởng") and the numbers of the texts a
    report on it may cite ("03-CT/TW"), besides its own directive's."""

    phrases: tuple[str, ...] = ()
    directives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Deliverable:
    """What fulfils a duty: the kinds of document it accepts (rules/doctypes.yaml; a report by
    default) and the words that name its product in a title ("kịch bản", "tiểu phẩm")."""

    types: tuple[str, ...] = ("bao_cao",)
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReceivedFrom:
    """From when a report on a period can be received: a report is written after what it
    reports on. None fields: the default of the period's kind (``periods.report_opens``)."""

    months_before_end: int | None = None  # from the first day of the last N months
    days_before_end: int | None = None  # from N days before the period's last day
    period_start: bool = False  # any day of the period
    early_if_named: bool = False  # a report naming its period counts even if earlier


@dataclass(frozen=True, slots=True)
class DataSpan:
    """The data a report covers, as a text states it ("số liệu tính từ ngày 15 tháng trước
    đến ngày 14 tháng báo cáo"): a day of a month counted from the period's first month
    (``previous``: the month before it, ``first``) or its last (``last``)."""

    from_day: int
    from_month: str  # "previous" | "first" | "last"
    to_day: int
    to_month: str  # "first" | "last"


# Nghị định 09/2019/NĐ-CP took effect on 12 March 2019 (Điều 31): its data windows (Điều 12)
# are the default only for texts issued from then on.
ND09_FROM = date(2019, 3, 12)


@dataclass(frozen=True, slots=True)
class ScheduleEntry:
    """One report of a year's schedule ("Q1", "H1", "9M", "Y", "M5"), with its own deadline
    when the text gives one (None: the obligation's)."""

    code: str
    deadline: DeadlineSpec | None = None


class Within(StrEnum):
    """Where a role is looked for, from the reporter: its parent unit, or its district,
    province or the whole country (``Area``)."""

    PARENT = "parent"
    DISTRICT = "district"
    PROVINCE = "province"
    COUNTRY = "country"


@dataclass(frozen=True, slots=True)
class Role:
    """A recipient named by what it is to each reporter: "Trạm Thú y báo cáo Chi cục Thú y"
    is, for each district station, the Chi cục of its own province. ``otherwise``: where the
    reporter has no such place (a commune with no district after 2025-07-01)."""

    kind: str | None
    within: Within
    otherwise: Role | None = None


@dataclass(frozen=True, slots=True)
class Obligation:
    id: str
    directive_id: str
    summary: str
    kind: ObligationKind
    reporters: tuple[str, ...]  # unit or group ids, as written in the rule
    recipient: str
    via: str | None
    frequency: Frequency
    deadline: DeadlineSpec | None  # None for ad hoc and not-yet-evaluated kinds
    counts: CountedDate
    in_force: InForce
    citation: Citation
    windows: tuple[Period, ...] = ()  # TASK: explicit time windows
    covers: Period | None = None  # TASK: the period its deliverable reports on, if any
    quantities: tuple[Quantity, ...] = ()  # QUANTITY
    every_years: int | None = None  # REVIEW
    anchor: date | None = None  # REVIEW: counted from
    notes: str | None = None
    source_file: str = ""
    source_line: int = 0
    subject: Subject = Subject()
    schedule: tuple[ScheduleEntry, ...] = ()  # the reports of each year, when listed
    # "nd09" (NĐ 09/2019 Điều 12 cut-off: the default for texts issued from ND09_FROM),
    # "period" (its own dates: the default before), or "stated" (``data_span``)
    data_window: str = "nd09"
    data_span: DataSpan | None = None
    recipient_inferred: bool = False  # the text names no recipient: it was inferred
    via_also: tuple[str, ...] = ()  # further units a report may pass through
    deliverable: Deliverable = Deliverable()
    received_from: ReceivedFrom = ReceivedFrom()
    # A recipient by role: ``recipient`` is then the id of the role's group (its members, the
    # units it resolved to) and ``routes`` says, per reporter, which one it reports to.
    recipient_role: Role | None = None
    routes: tuple[tuple[str, str], ...] = ()
    # A summary of other duties' reports ("Trạm báo cáo Chi cục …; Chi cục tổng hợp báo cáo
    # Cục"): (directive id, obligation id) of each input; a report received before its inputs
    # were in is flagged (``InstanceFact.before_inputs``).
    after: tuple[tuple[str, str], ...] = ()

    def recipient_of(self, reporter: str) -> str:
        """The unit ``reporter`` reports to (the fixed recipient, or its role's unit)."""
        if self.routes:
            for unit, recipient in self.routes:
                if unit == reporter:
                    return recipient
        return self.recipient

    @property
    def recipients(self) -> tuple[str, ...]:
        """Every unit this obligation's reports go to."""
        if self.routes:
            return tuple(dict.fromkeys(r for _, r in self.routes))
        return (self.recipient,) if self.recipient else ()


@dataclass(frozen=True, slots=True)
class Directive:
    id: str
    number: str | None  # as written, e.g. "103/CT-BTTTT"; None when the text has no number
    kind: str  # chi_thi | ke_hoach | thong_tu | ... (schemas/directive.schema.json)
    title: str
    issuer: str  # unit id
    issued_on: str | None  # ISO date, "YYYY-MM" when the day is blank, None when no date
    in_force: InForce
    source: str
    obligations: tuple[Obligation, ...]
    notes: str | None = None
    subject: Subject = Subject()

    @property
    def label(self) -> str:
        """The number as written, or the id when the text carries no number."""
        return self.number or self.id


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    name: str
    kind: str
    place: str | None = None
    aliases: tuple[str, ...] = ()
    short: tuple[str, ...] = ()  # short names that need the place: "Sở TT&TT" + " Tây Ninh"
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None  # last day the unit exists
    successor: str | None = None
    no_successor: bool = False  # ends with nothing after it: its duties pass to no one
    name_en: str | None = None
    label: str | None = None  # the short form tables show ("Vụ TĐKT Bộ TT&TT")
    label_en: str | None = None
    area: str | None = None  # the area it serves (``Area``); None: its parent's


class AreaLevel(StrEnum):
    PROVINCE = "province"  # tỉnh, thành phố trực thuộc Trung ương
    DISTRICT = "district"  # huyện, quận, thị xã, thành phố thuộc tỉnh (until 2025-06-30)
    COMMUNE = "commune"  # xã, phường, thị trấn, đặc khu


@dataclass(frozen=True, slots=True)
class Area:
    """A place of the administrative tree: a national text addresses "each district station"
    and "its province's department" through it."""

    id: str
    name: str
    level: AreaLevel
    parent: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    name_en: str | None = None


@dataclass(frozen=True, slots=True)
class UnitKind:
    """How a text names a kind of unit without a place ("Trạm Thú y cấp huyện")."""

    id: str
    name: str
    name_en: str | None = None


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    name: str
    members: tuple[str, ...]
    name_en: str | None = None
    # The text does not list the members: who is in the group was inferred (the reason says
    # how), and every report owed through it says so.
    inferred: str | None = None
