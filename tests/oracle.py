"""An independent oracle for baocao's verdicts and dispositions, written from docs/domain.md.

It imports nothing from ``engine``: it reads the same YAML files with ``yaml.safe_load`` (data,
not engine code) and re-derives, in the plainest Python we could write, what the engine must
conclude. Two programs written apart from the same text rarely share a mistake, so where they
disagree one of them has read the domain wrong. Speed and error messages do not matter here;
obviousness does.

What it knows (docs/domain.md#obligations, docs/design.md#verdicts-and-dispositions,
rules/README.md, issue 14):
- periods: years, halves, quarters, months, explicit windows; a periodic obligation owes one
  report per reporter and per period overlapping its in-force window; an ``activity`` asks for
  no report at all;
- deadlines: the stated (or policy) day in the period's last month / the next month / a fixed
  month; "before" means the day before; a last day off rolls to the next working day
  (weekends, the `holidays` Vietnam calendar, plus extra days off / make-up working days);
- a unit never reports to itself nor through itself: no report is owed when the reporter is
  the recipient or the via unit (each as carried on the due date);
- a report is written after what it reports on: each report owed has a first receipt day (a
  year: 1 November; a half, a quarter, nine months: the first day of the last month; a month:
  its 16th; or the obligation's ``received_from``); a record naming a period received before
  it is not that report (``early_if_named`` lets it be); a record naming none is about one of
  the periods it could already be about;
- kinds of documents (rules/doctypes.yaml): an invitation, a plan, a decision, a letter is no
  report; it fulfils only a duty asking for its kind, on its subject, else it is
  ``not_report``; a duty asking for a product (a kind, or words: "kịch bản") takes it with no
  period named;
- matching: same reporter and period, sent to the recipient or a via unit; the earliest
  receipt counts; an annual report stands for the second half of a plain half-yearly duty, a
  nine-month report for the third quarter of a plain quarterly one;
- one report owed once: the same report demanded by several plans (same unit, recipient, via
  and period) is sent once and counts for each;
- subjects (docs/domain.md#what-a-report-is-about): a report whose title or directive names
  another subject counts for nothing of this obligation; a title citing a text of the rules
  answers that text, whatever its words; one that names none is matched as before;
  "misrouted" needs the same subject;
- schedules: the reports of a year listed one by one ([Q1, H1, 9M, Y]), each with its deadline;
- units change: a report is owed by whoever carries the reporter's duties on its due date
  (successors, or the successor of a parent that ceased with the unit), not at all for a period
  starting after the unit ceased, and excused when the unit or the recipient ceased with
  nobody after it; a report filed under an old name counts for the unit carrying the duty on
  the day it was received;
- names: abbreviations of units.yaml; a short name without its place, read in the province of
  the record's recipient when several units have it;
- quantities: enough items of each kind in the quarter (an item's title starts with its word and
  a separator, "Tin: ...", or with a two-syllable word, "Bài viết ..."), on the item's own date
  when given; a report naming the quarter counts the items its title states ("05 tin"); a
  multi-year review is a report on its span ("sơ kết 5 năm", "2021-2025", or no span and no
  period at all), in the window's last year or after, one window per review;
- ad hoc requests: a report answers a request it names, or the latest request of its duty when
  it says so ("đột xuất"), names its directive, or can be no periodic report on its subject;
- a report naming no period is about one period: of the unit's periodic reports, the one due
  nearest its receipt (those on its subject that its recipient may receive first);
- a receipt after the as-of date is outside the run ("received_later");
- verdicts: on_time / late / overdue / pending / exempt; dispositions: matched / duplicate /
  misrouted / unmatched / unknown_unit / invalid / received_later / not_report.

The displayed set of instances follows the API's filter contract: periods that have started by
the as-of date and end on or after ``since``.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import holidays
import yaml

BUNDLED_DOCTYPES = Path(__file__).resolve().parents[1] / "rules" / "doctypes.yaml"

# ---------------------------------------------------------------------------------------
# Periods


@dataclass(frozen=True, order=True)
class OPeriod:
    start: date
    end: date
    label: str
    kind: str  # year | half | quarter | month | window


def _month_end(y: int, m: int) -> date:
    first_next = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
    return first_next - timedelta(days=1)


def year(y: int) -> OPeriod:
    return OPeriod(date(y, 1, 1), date(y, 12, 31), str(y), "year")


def half(y: int, h: int) -> OPeriod:
    if h == 1:
        return OPeriod(date(y, 1, 1), date(y, 6, 30), f"{y}-H1", "half")
    return OPeriod(date(y, 7, 1), date(y, 12, 31), f"{y}-H2", "half")


def quarter(y: int, q: int) -> OPeriod:
    first = 3 * q - 2
    return OPeriod(date(y, first, 1), _month_end(y, first + 2), f"{y}-Q{q}", "quarter")


def month(y: int, m: int) -> OPeriod:
    return OPeriod(date(y, m, 1), _month_end(y, m), f"{y}-{m:02d}", "month")


def nine_months(y: int) -> OPeriod:
    return OPeriod(date(y, 1, 1), date(y, 9, 30), f"{y}-9M", "nine")


def by_code(code: str, y: int) -> OPeriod:
    """Y, 9M, H1, H2, Q1..Q4, M1..M12 in year ``y``."""
    if code == "Y":
        return year(y)
    if code == "9M":
        return nine_months(y)
    n = int(code[1:])
    return {"H": half, "Q": quarter, "M": month}[code[0]](y, n)


def window(a: date, b: date) -> OPeriod:
    return OPeriod(a, b, f"{a.isoformat()}..{b.isoformat()}", "window")


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def parse_period(value: object) -> OPeriod:
    """A canonical label (2022, 2022-H1, 2022-Q3, 2022-05) or a Vietnamese phrase."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"not a period: {value!r}")
    t = _fold(str(value))  # written with or without diacritics
    m = re.fullmatch(r"(?:nam )?(\d{4})", t)
    if m:
        return year(int(m.group(1)))
    m = re.fullmatch(r"(\d{4})-h([12])", t) or re.fullmatch(r"h([12])/(\d{4})", t)
    if m:
        y, h = sorted((m.group(1), m.group(2)), key=len, reverse=True)
        return half(int(y), int(h))
    m = re.fullmatch(r"0?6 thang (dau|cuoi) nam (\d{4})", t)
    if m:
        return half(int(m.group(2)), 1 if m.group(1) == "dau" else 2)
    m = re.fullmatch(r"0?9 thang (?:dau )?nam (\d{4})", t) or re.fullmatch(r"(\d{4})-9m", t)
    if m:
        return nine_months(int(m.group(1)))
    m = re.fullmatch(r"(\d{4})-q([1-4])", t) or re.fullmatch(r"q([1-4])/(\d{4})", t)
    if m:
        y, q = sorted((m.group(1), m.group(2)), key=len, reverse=True)
        return quarter(int(y), int(q))
    m = re.fullmatch(r"quy (i|ii|iii|iv|[1-4])(?:/| nam )(\d{4})", t)
    if m:
        return quarter(int(m.group(2)), _ROMAN.get(m.group(1)) or int(m.group(1)))
    m = re.fullmatch(r"(\d{4})-(\d{2})", t)
    if m and 1 <= int(m.group(2)) <= 12:
        return month(int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(?:thang )?(\d{1,2})(?:/| nam )(\d{4})", t)
    if m and 1 <= int(m.group(1)) <= 12:
        return month(int(m.group(2)), int(m.group(1)))
    raise ValueError(f"not a period: {value!r}")


# Titles, on folded text (no diacritics). A period written with its year; the specific forms
# first, "năm YYYY" last (not a span of years: "năm 2021-2025").
_WITH_YEAR: list[tuple[str, Callable[[re.Match[str]], OPeriod]]] = [
    (r"\bquy (iv|iii|ii|i|[1-4]) ?(?:/|nam) ?(\d{4})\b",
     lambda m: quarter(int(m.group(2)), _ROMAN.get(m.group(1)) or int(m.group(1)))),
    (r"\b0?6 thang (?:(dau|cuoi) )?nam (\d{4})\b",
     lambda m: half(int(m.group(2)), 2 if m.group(1) == "cuoi" else 1)),
    (r"\b0?9 thang (?:dau )?nam (\d{4})\b", lambda m: nine_months(int(m.group(1)))),
    (r"\bthang (\d{1,2}) ?(?:/|nam) ?(\d{4})\b",
     lambda m: month(int(m.group(2)), int(m.group(1)))),
]
# The same without a year: "sơ kết 6 tháng thực hiện ... năm 2022" gives it afterwards.
_NO_YEAR: list[tuple[str, Callable[[re.Match[str], int], OPeriod]]] = [
    (r"\b0?6 thang (dau|cuoi)(?: nam)?\b", lambda m, y: half(y, 1 if m.group(1) == "dau" else 2)),
    (r"\b0?9 thang(?: dau)?(?: nam)?\b", lambda m, y: nine_months(y)),
    (r"\b0?6 thang\b", lambda m, y: half(y, 1)),
    (r"\bquy (iv|iii|ii|i|[1-4])\b",
     lambda m, y: quarter(y, _ROMAN.get(m.group(1)) or int(m.group(1)))),
    (r"\bthang (\d{1,2})\b", lambda m, y: month(y, int(m.group(1)))),
]
_YEAR_WORDS = r"\b(?:ca )?nam (\d{4})\b(?!\s*[-\u2013]\s*\d)"
# "Quý" before an earthly branch is the heavenly stem of a year ("Tết Quý Mão"), no quarter.
_STEM = r"\bquy (?=(?:ty|ti|suu|dan|mao|meo|thin|ngo|mui|than|dau|tuat|hoi)\b)"
# A date is no period ("ngày 13 tháng 12 năm 2021").
_A_DATE = r"\b(?:ngay )?\d{1,2} thang \d{1,2}(?: nam \d{4})?\b"
# What joins the year's own report to a shorter period's ("quý IV và năm 2022").
_JOINERS = ("va", "hoac", ",", ";", "&", "+", "-")


def _blank(text: str, m: re.Match[str]) -> str:
    return text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]


def read_title_period(title: str) -> tuple[OPeriod | None, bool]:
    """The one period a title names, and whether the oracle could read its period words.

    "năm YYYY" after a period written without its year, and not joined to it by "và", "hoặc"
    or punctuation, is that period's year; several periods, one containing the others ("quý IV
    và năm 2022"), are the containing one; several otherwise, or a yearless period with no one
    year to give it, are left unread."""
    text = re.sub(_STEM, "    ", _fold(title))
    text = re.sub(_A_DATE, lambda m: " " * len(m.group(0)), text)
    found: list[OPeriod] = []
    for pattern, build in _WITH_YEAR:
        for m in list(re.finditer(pattern, text)):
            try:
                found.append(build(m))
            except ValueError:
                return None, False
            text = _blank(text, m)
    yearless: list[tuple[int, re.Match[str], Callable[[re.Match[str], int], OPeriod]]] = []
    for pattern, build_y in _NO_YEAR:
        for m in list(re.finditer(pattern, text)):
            yearless.append((m.start(), m, build_y))
            text = _blank(text, m)
    years_written = {p.start.year for p in found}
    for m in re.finditer(_YEAR_WORDS, text):
        y = int(m.group(1))
        years_written.add(y)
        before = text[:m.start()].rstrip()
        joined = any(before.endswith(j) and (j not in ("va", "hoac") or
                                              re.search(rf"\b{j}$", before)) for j in _JOINERS)
        if any(at < m.start() for at, _, _ in yearless) and not joined:
            continue  # the year of the period written before it, no report on the year
        found.append(year(y))
    if yearless:
        if len(years_written) != 1:
            return None, False
        y = years_written.pop()
        for _, m, build_y in yearless:
            try:
                found.append(build_y(m, y))
            except ValueError:
                return None, False
    distinct = set(found)
    if len(distinct) > 1:
        outer = [p for p in distinct if all(p.start <= q.start and q.end <= p.end
                                            for q in distinct)]
        if len(outer) != 1:
            return None, False
        distinct = set(outer)
    return (distinct.pop() if distinct else None), True


def period_in_title(title: str) -> OPeriod | None:
    """The one period a title names (docs/design.md#submission-input: the period may be
    inferred from the title);
    None when it names none or several."""
    return read_title_period(title)[0]


def title_speaks_of_a_period(title: str) -> bool:
    """Whether a title has period words at all, read or not ("6 tháng đầu năm", "quý II")."""
    t = re.sub(_STEM, "    ", _fold(title))
    return re.search(r"\b(quy|thang|nam \d{4})\b", t) is not None


def periods_in_year(frequency: str, y: int) -> list[OPeriod]:
    """The periods a frequency owes in one calendar year (semiannual_and_annual: H1 + year)."""
    if frequency.startswith("["):  # a schedule: "[Q1,H1,9M,Y]"
        return [by_code(c, y) for c in frequency[1:-1].split(",")]
    if frequency == "monthly":
        return [month(y, m) for m in range(1, 13)]
    if frequency == "quarterly":
        return [quarter(y, q) for q in range(1, 5)]
    if frequency == "semiannual":
        return [half(y, 1), half(y, 2)]
    if frequency == "semiannual_and_annual":
        return [half(y, 1), year(y)]
    if frequency == "annual":
        return [year(y)]
    return []


def overlaps(p: OPeriod, start: date, end: date | None) -> bool:
    return p.end >= start and (end is None or p.start <= end)


# ---------------------------------------------------------------------------------------
# Dates and the working-day calendar


def parse_date(value: object) -> date:
    """ISO, d/m/yyyy, dd/mm/yyyy, or "ngày d tháng m năm yyyy"."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    t = _norm(value)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t)
    ymd = (m.group(1), m.group(2), m.group(3)) if m else None
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", t) or re.fullmatch(
        r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", t
    )
    if m:
        ymd = (m.group(3), m.group(2), m.group(1))
    try:
        if ymd:
            return date(int(ymd[0]), int(ymd[1]), int(ymd[2]))
    except ValueError:
        pass
    raise ValueError(f"not a date: {value!r}")


class WorkDays:
    """Mon–Fri, minus Vietnam's public holidays, with the Government's moves on top."""

    def __init__(self, days_off: Iterable[date] = (), working_days: Iterable[date] = ()) -> None:
        self._holidays = holidays.country_holidays("VN")
        self._off = frozenset(days_off)
        self._work = frozenset(working_days)

    def is_working(self, d: date) -> bool:
        if d in self._work:
            return True
        if d in self._off:
            return False
        return d.weekday() < 5 and d not in self._holidays

    def roll(self, d: date) -> date:
        """Bộ luật Dân sự 2015, Điều 148.5: a last day off ends on the next working day."""
        while not self.is_working(d):
            d += timedelta(days=1)
        return d


@dataclass(frozen=True)
class ODeadline:
    reading: str  # before | by | within
    day: int | None = None
    month: str | int | None = None  # "last" | "next" | 1..12


def nominal_day(dl: ODeadline, p: OPeriod) -> date:
    if dl.reading == "within" or dl.day is None:
        return p.end
    if dl.month == "last":
        y, m = p.end.year, p.end.month
    elif dl.month == "next":
        y, m = (p.end.year + 1, 1) if p.end.month == 12 else (p.end.year, p.end.month + 1)
    elif isinstance(dl.month, int):
        y, m = p.end.year, dl.month
    else:
        raise ValueError(f"deadline month {dl.month!r}")
    return date(y, m, min(dl.day, _month_end(y, m).day))


def due_date(dl: ODeadline, p: OPeriod, cal: WorkDays) -> date:
    last = nominal_day(dl, p)
    if dl.reading == "before":
        last -= timedelta(days=1)
    return cal.roll(last)


# ---------------------------------------------------------------------------------------
# When a report on a period can be received (issue 14: a report is written after what it
# reports on)


@dataclass(frozen=True)
class OReceivedFrom:
    """An obligation's ``received_from``: None fields take the period kind's default."""

    months_before_end: int | None = None
    days_before_end: int | None = None
    period_start: bool = False


def first_receipt_day(p: OPeriod, rf: OReceivedFrom = OReceivedFrom()) -> date:
    """The first day a report on ``p`` may arrive and count for it: a year from 1 November, a
    half, a quarter or nine months from the first day of their last month, a month from its
    16th; ``months_before_end: N`` from the first day of the last N months, ``days_before_end:
    N`` from N days before the last day (never before the period starts), ``period_start`` and
    an explicit window from their first day."""
    if rf.period_start or p.kind == "window":
        return p.start
    if rf.days_before_end is not None:
        return max(p.start, p.end - timedelta(days=rf.days_before_end))
    if rf.months_before_end is None and p.kind == "month":
        return p.start + timedelta(days=15)
    n = rf.months_before_end or (2 if p.kind == "year" else 1)
    y, m = p.end.year, p.end.month
    for _ in range(n - 1):  # step back to the first of the last n months
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return max(p.start, date(y, m, 1))


# ---------------------------------------------------------------------------------------
# Rules (read as plain data)


@dataclass(frozen=True)
class OUnit:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    short: tuple[str, ...] = ()
    place: str | None = None
    valid_to: date | None = None
    successor: str | None = None
    parent: str | None = None
    no_successor: bool = False


@dataclass(frozen=True)
class ODocType:
    """A kind of document of rules/doctypes.yaml, its words and abbreviations folded."""

    id: str
    report: bool
    names: tuple[str, ...]  # id, name, English name: folded
    codes: tuple[str, ...]  # abbreviations: case-folded, đ kept
    opens: tuple[str, ...]  # opening words: folded
    uncoded: bool = False
    report_when: tuple[str, ...] = ()  # folded


@dataclass(frozen=True)
class OObligation:
    directive_id: str
    id: str
    kind: str
    reporters: frozenset[str]  # expanded unit ids
    recipient: str
    via: str | None
    frequency: str  # or "[Q1,H1,9M,Y]" for a schedule
    deadline: ODeadline | None
    counts: str
    start: date
    end: date | None
    windows: tuple[OPeriod, ...] = ()
    covers: OPeriod | None = None  # tasks: the period the deliverable reports on
    vias: tuple[str, ...] = ()  # every unit besides the recipient a report may go through
    phrases: tuple[str, ...] = ()  # folded subject phrases
    numbers: frozenset[str] = frozenset()  # directive numbers (letters and digits only)
    per_code: tuple[tuple[str, ODeadline], ...] = ()  # a schedule's own deadlines
    quantities: tuple[tuple[str, int, tuple[str, ...]], ...] = ()  # (kind, count, words)
    every_years: int | None = None
    anchor: date | None = None
    summary: str = ""
    types: tuple[str, ...] = ("bao_cao",)  # the kinds of document it accepts
    words: tuple[str, ...] = ()  # folded words naming its product in a title
    received_from: OReceivedFrom = OReceivedFrom()
    early_if_named: bool = False

    @property
    def asks_for_a_product(self) -> bool:
        return self.types != ("bao_cao",) or bool(self.words)

    def deadline_for(self, p: OPeriod) -> ODeadline | None:
        code = {"year": "Y", "nine": "9M"}.get(p.kind) or (p.label.rsplit("-", 1)[-1]
                                                           if p.kind != "window" else "")
        code = f"M{int(code)}" if p.kind == "month" else code
        return dict(self.per_code).get(code, self.deadline)

    def review_windows(self) -> list[OPeriod]:
        assert self.every_years is not None
        anchor = self.anchor or self.start
        out, k = [], 1
        while anchor.year + k * self.every_years <= 2100:
            a = anchor.replace(year=anchor.year + (k - 1) * self.every_years)
            b = anchor.replace(year=anchor.year + k * self.every_years) - timedelta(days=1)
            if self.end is not None and a > self.end:
                break
            if b >= self.start:
                out.append(window(a, b))
            k += 1
            if a.year > 2100:
                break
        return out

    def owes(self, p: OPeriod) -> bool:
        """Whether this obligation owes a report for period ``p`` (from any of its reporters)."""
        if not overlaps(p, self.start, self.end):
            return False
        if self.kind == "task":
            return p in self.windows
        if self.kind not in ("periodic", "quantity"):
            return False
        return p in periods_in_year(self.frequency, p.start.year)

    def periods(self, until: date) -> list[OPeriod]:
        """Every owed period starting on or before ``until`` (an activity owes none, an ad hoc
        duty only what is requested)."""
        if self.kind == "task":
            return [w for w in self.windows
                    if overlaps(w, self.start, self.end) and w.start <= until]
        if self.kind == "review":
            return [w for w in self.review_windows() if w.start <= until]
        if self.kind not in ("periodic", "quantity"):
            return []
        last_year = until.year if self.end is None else min(until.year, self.end.year)
        return [
            p
            for y in range(self.start.year, last_year + 1)
            for p in periods_in_year(self.frequency, y)
            if overlaps(p, self.start, self.end) and p.start <= until
        ]

    def opens(self, p: OPeriod) -> date | None:
        """The first receipt day of the report on ``p`` (None: any day counts)."""
        if self.kind in ("quantity", "review"):
            return None  # counted by the items' dates, read by their span
        if self.kind == "task":
            if self.covers is None:
                return p.start
            return first_receipt_day(self.covers, self.received_from)
        if self.kind == "ad_hoc":
            return p.start  # the request's date
        return first_receipt_day(p, self.received_from)


@dataclass(frozen=True)
class ORules:
    units: Mapping[str, OUnit]
    obligations: tuple[OObligation, ...]
    directives: Mapping[str, str]  # folded id or number -> directive id
    calendar: WorkDays
    obligation_ids: frozenset[tuple[str, str]] = frozenset()  # every kind, evaluated or not
    phrases: frozenset[str] = frozenset()  # every subject phrase of the rules, folded
    numbers: frozenset[str] = frozenset()  # every text number the rules know
    unit_names: frozenset[str] = frozenset()  # folded names, aliases, short names, places
    longest_name: int = 0  # words in the longest of them
    groups: Mapping[str, frozenset[str]] = field(default_factory=dict)  # expanded
    # units.yaml ``abbreviations``: (short form's words joined, every long form's words)
    abbreviations: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = ()
    doctypes: tuple[ODocType, ...] = ()
    # per title, which of its words are part of a unit's name (titles repeat by the thousand);
    # and names read once
    name_masks: dict[str, list[bool]] = field(default_factory=dict, compare=False)
    looked_up: dict[Any, Any] = field(default_factory=dict, compare=False)


def _read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _expand(ids: Iterable[str], groups: Mapping[str, list[str]]) -> frozenset[str]:
    out: set[str] = set()
    todo = list(ids)
    seen: set[str] = set()
    while todo:
        x = todo.pop()
        if x in seen:
            continue
        seen.add(x)
        if x in groups:
            todo.extend(groups[x])
        else:
            out.add(x)
    return frozenset(out)


def _window(w: object) -> OPeriod:
    if isinstance(w, dict):
        return window(parse_date(w["from"]), parse_date(w["to"]))
    return parse_period(w)


def _deadline(raw: Mapping[str, Any] | None, policies: Mapping[str, Mapping[str, Any]]) -> (
    ODeadline | None
):
    if raw is None:
        return None
    src = policies[raw["policy"]] if raw.get("basis") == "assumed" else raw
    return ODeadline(reading=src["reading"], day=src.get("day"), month=src.get("month"))


def _received_from(raw: object) -> OReceivedFrom:
    if raw == "period_start":
        return OReceivedFrom(period_start=True)
    if isinstance(raw, dict):
        return OReceivedFrom(raw.get("months_before_end"), raw.get("days_before_end"))
    return OReceivedFrom()


def _code(text: str) -> str:
    """An abbreviation as compared: case and spaces aside, đ kept (ĐA đề án is not DA dự án)."""
    return "".join(unicodedata.normalize("NFC", text).casefold().split())


def load_doctypes(rules_dir: Path) -> tuple[ODocType, ...]:
    """rules/doctypes.yaml of the rules folder, else the repository's own."""
    path = rules_dir / "doctypes.yaml"
    data = _read_yaml(path if path.is_file() else BUNDLED_DOCTYPES) or {}
    return tuple(
        ODocType(
            id=t["id"], report=bool(t["report"]),
            names=tuple(_fold(x) for x in (t["id"], t["name"], t.get("name_en") or "") if x),
            codes=tuple(_code(c) for c in t.get("codes") or ()),
            opens=tuple(_fold(w) for w in t.get("opens") or ()),
            uncoded=bool(t.get("uncoded")),
            report_when=tuple(_fold(w) for w in t.get("report_when") or ()),
        )
        for t in data.get("types") or ())


def load_rules(rules_dir: Path) -> ORules:
    reg = _read_yaml(rules_dir / "units.yaml") or {}
    units = {
        u["id"]: OUnit(
            id=u["id"],
            name=u["name"],
            aliases=tuple(u.get("aliases") or ()),
            short=tuple(u.get("short") or ()),
            place=u.get("place"),
            valid_to=parse_date(u["valid_to"]) if u.get("valid_to") else None,
            successor=u.get("successor"),
            parent=u.get("parent"),
            no_successor=bool(u.get("no_successor")),
        )
        for u in reg.get("units") or ()
    }
    groups = {g["id"]: list(g["members"]) for g in reg.get("groups") or ()}
    abbreviations = tuple(
        ("".join(_name_words(a["short"])),
         tuple(_name_words(x) for x in (a["short"], *a["long"]) if _name_words(x)))
        for a in reg.get("abbreviations") or ())
    policies = {
        p["id"]: p for p in (_read_yaml(rules_dir / "calendar" / "policies.yaml") or {})
        .get("policies") or ()
    }
    adj = _read_yaml(rules_dir / "calendar" / "vn-adjustments.yaml") or {}
    cal = WorkDays(
        [parse_date(e["date"]) for e in adj.get("days_off") or ()],
        [parse_date(e["date"]) for e in adj.get("working_days") or ()],
    )
    obligations: list[OObligation] = []
    directives: dict[str, str] = {}
    known_numbers: set[str] = set()
    for path in sorted((rules_dir / "directives").glob("*.y*ml")):
        doc = _read_yaml(path)
        d = doc["directive"]
        directives[_fold(d["id"])] = d["id"]
        if d.get("number"):
            directives[_fold(str(d["number"]))] = d["id"]
            known_numbers.add(_number(str(d["number"])))
        outer = d.get("subject") or {}
        known_numbers |= {_number(n) for n in outer.get("directives") or ()}
        for ob in doc.get("obligations") or ():
            force = ob.get("in_force") or d["in_force"]
            inner = ob.get("subject") or {}
            known_numbers |= {_number(n) for n in inner.get("directives") or ()}
            via = ob.get("via")
            vias = tuple(via) if isinstance(via, list) else ((via,) if via else ())
            schedule = ob.get("schedule")
            quantities = tuple(
                (q["of"], q["count"], tuple(q.get("words") or (q["of"].replace("-", " "),)))
                for q in ob.get("quantities") or ())
            frequency = ob.get("frequency", "")
            if schedule:
                codes = [e if isinstance(e, str) else e["period"] for e in schedule]
                frequency = "[" + ",".join(codes) + "]"
            elif quantities:
                frequency = ob["quantities"][0]["per"]
            numbers = [*(outer.get("directives") or ()), *(inner.get("directives") or ())]
            if d.get("number"):
                numbers.append(d["number"])
            deliverable = ob.get("deliverable") or {}
            obligations.append(OObligation(
                directive_id=d["id"],
                id=ob["id"],
                kind=ob["kind"],
                reporters=_expand(ob["reporters"], groups),
                recipient=ob.get("recipient", ""),
                via=vias[0] if vias else None,
                frequency=frequency,
                deadline=_deadline(ob.get("deadline"), policies),
                counts=ob.get("counts") or "received",
                start=parse_date(force["from"]),
                end=parse_date(force["to"]) if force.get("to") else None,
                windows=tuple(_window(w) for w in ob.get("windows") or ()),
                covers=_window(ob["covers"]) if ob.get("covers") else None,
                vias=vias,
                phrases=tuple(_words(p) for p in (*(outer.get("phrases") or ()),
                                                   *(inner.get("phrases") or ()))),
                numbers=frozenset(_number(n) for n in numbers),
                per_code=tuple((e["period"], dl) for e in schedule or ()
                               if isinstance(e, dict) and "deadline" in e
                               and (dl := _deadline(e["deadline"], policies)) is not None),
                quantities=quantities,
                every_years=ob.get("every_years"),
                anchor=parse_date(ob["anchor"]) if ob.get("anchor") else None,
                summary=ob.get("summary", ""),
                types=tuple(deliverable.get("types") or ("bao_cao",)),
                words=tuple(" ".join(_plain_words(w)) for w in deliverable.get("words") or ()),
                received_from=_received_from(ob.get("received_from")),
                early_if_named=bool(ob.get("early_if_named")),
            ))
    ids = frozenset((ob.directive_id, ob.id) for ob in obligations)
    names = {_words(name) for u in units.values()
             for name in (u.name, *u.aliases, *u.short, u.place or "")} - {""}
    return ORules(units, tuple(obligations), directives, cal, ids,
                  frozenset(p for ob in obligations for p in ob.phrases),
                  frozenset(known_numbers), frozenset(names),
                  max((len(n.split()) for n in names), default=0),
                  {g: _expand([g], groups) for g in groups}, abbreviations,
                  load_doctypes(rules_dir))


# ---------------------------------------------------------------------------------------
# Names


def _fold(text: str) -> str:
    """Case-, space- and diacritics-insensitive form (đ→d)."""
    t = unicodedata.normalize("NFD", _norm(text).replace("đ", "d"))
    return "".join(c for c in t if not unicodedata.combining(c))


def _words(text: str) -> str:
    """Folded words, punctuation dropped, the usual abbreviations written out."""
    t = re.sub(r"[^a-z0-9&]+", " ", _fold(text))
    spelled = {"cvd": "cuoc van dong", "vn": "viet nam"}
    return " ".join(spelled.get(w, w) for w in t.split())


def _plain_words(text: str) -> list[str]:
    """Folded words, letters and digits only."""
    return re.findall(r"[a-z0-9]+", _fold(text))


def _number(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _fold(text))


def _forms(u: OUnit) -> list[str]:
    """Names, aliases; short names with the place (alone they name no province) — a unit
    without a place (a ministry's body) by its short names too."""
    forms = [u.name, *u.aliases]
    if u.place:
        forms += [f"{s} {pre}{u.place}" for s in u.short
                  for pre in ("", "tỉnh ", "tinh ", "thành phố ", "tp ", "tp. ")]
    else:
        forms += list(u.short)
    return forms


def resolve(name: object, units: Mapping[str, OUnit]) -> str | None:
    """The one unit a name means, or None (unknown or ambiguous: the oracle never guesses)."""
    if not isinstance(name, str) or not name.strip():
        return None
    if name in units:
        return name
    for key in (_norm, _fold):
        hits = {u.id for u in units.values() for f in _forms(u) if key(f) == key(name)}
        if len(hits) == 1:
            return hits.pop()
        if hits:
            return None
    return None


def _name_words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9]+", _fold(text)))


def _shortened(text: str, rules: ORules) -> str:
    """A name's folded words with every long form of units.yaml ``abbreviations`` replaced by
    its short form ("Ban Chỉ đạo CVĐ" → "bcd cvd"), until nothing changes; spaces dropped."""
    words = list(_name_words(text))
    for _ in range(5 if rules.abbreviations else 0):  # an abbreviation inside a longer one
        changed = False
        out: list[str] = []
        i = 0
        while i < len(words):
            best: tuple[int, str] | None = None
            for short, longs in rules.abbreviations:
                for long in longs:
                    n = len(long)
                    if tuple(words[i:i + n]) == long and (n > 1 or long[0] != short) and (
                            best is None or n > best[0]):
                        best = (n, short)
            if best is None:
                out.append(words[i])
                i += 1
            else:
                out.append(best[1])
                i += best[0]
                changed = True
        words = out
        if not changed:
            break
    return "".join(words)


def province_of(unit: str, units: Mapping[str, OUnit]) -> str | None:
    """The place of a unit's highest ancestor that has one (else its own, or None)."""
    found: str | None = None
    seen: set[str] = set()
    current: str | None = unit
    while current is not None and current not in seen and current in units:
        seen.add(current)
        found = units[current].place or found
        current = units[current].parent
    return found


def resolve_unit(name: object, rules: ORules, near: str | None = None) -> str | None:
    """``resolve``, then what issue 14 adds: names compared with the abbreviations written
    short, and a short name written without its place ("Sở Y tế", "Sở Y tế tỉnh"), read in
    province ``near`` (the recipient's): the one unit of that province that has it (or the one
    unit at all when there is no province to read it in)."""
    found = resolve(name, rules.units)
    if found is not None or not isinstance(name, str) or not name.strip():
        return found
    key = (name, near)
    if key not in rules.looked_up:
        rules.looked_up[key] = _resolve_further(name, rules, near)
    answer: str | None = rules.looked_up[key]
    return answer


def _resolve_further(name: str, rules: ORules, near: str | None) -> str | None:
    index = rules.looked_up.get("#index")
    if index is None:
        index = rules.looked_up["#index"] = _name_index(rules)
    full, short = index
    typed = (_norm(name), _fold(name), _shortened(name, rules))
    for level, key in enumerate(typed):
        hits = full[level].get(key, set())
        if len(hits) == 1:
            return next(iter(hits))
        if hits:  # several as written: the one of the office's province, else never guessed
            here = [u for u in hits if near is not None
                    and _fold(province_of(u, rules.units) or "") == _fold(near)]
            return here[0] if len(here) == 1 else None
    stems = [_fold(name)]
    for suffix in (" tinh", " tp", " thanh pho"):
        if stems[0].endswith(suffix):
            stems.append(stems[0][: -len(suffix)].strip())
    for stem in stems:
        for level, key in enumerate((stem, _shortened(stem, rules))):
            hits = short[level].get(key, set())
            if not hits:
                continue
            if near is None:
                return next(iter(hits)) if len(hits) == 1 else None
            # in an office's own register the province is the office's
            # (docs/domain.md#the-register-of-documents-received): the one
            # of that province; a namesake elsewhere is not the unit meant
            here = [u for u in hits
                    if province_of(u, rules.units) is None
                    or _fold(province_of(u, rules.units) or "") == _fold(near)]
            return here[0] if len(here) == 1 else None
    return None


def _name_index(rules: ORules) -> tuple[list[dict[str, set[str]]], list[dict[str, set[str]]]]:
    """Every unit's forms by (NFC, folded, abbreviations written short), and the short names
    of the units that have a place by (folded, short)."""
    full: list[dict[str, set[str]]] = [{}, {}, {}]
    short: list[dict[str, set[str]]] = [{}, {}]
    for u in rules.units.values():
        for f in _forms(u):
            for level, key in enumerate((_norm(f), _fold(f), _shortened(f, rules))):
                full[level].setdefault(key, set()).add(u.id)
        if u.place:
            for s in u.short:
                for level, key in enumerate((_fold(s), _shortened(s, rules))):
                    short[level].setdefault(key, set()).add(u.id)
    return full, short


def carrier(unit: str, day: date, units: Mapping[str, OUnit]) -> str | None:
    """Who carries ``unit``'s duties on ``day``: itself, or its successor's line; a unit that
    ceased with no successor of its own, inside a parent that ceased too (with a successor, or
    a parent of its own), passes them to whoever carries its parent's (unless it says
    ``no_successor``)."""
    seen: set[str] = set()
    current: str | None = unit
    while current is not None and current not in seen:
        u = units.get(current)
        if u is None or u.valid_to is None or day <= u.valid_to:
            return current
        seen.add(current)
        if u.successor is not None:
            current = u.successor
            continue
        parent = units.get(u.parent) if u.parent else None
        if u.no_successor or parent is None or parent.valid_to is None \
                or day <= parent.valid_to or (parent.successor is None and parent.parent is None):
            return None
        current = parent.id
    return None


# ---------------------------------------------------------------------------------------
# Kinds of documents (rules/doctypes.yaml)


@dataclass(frozen=True)
class OKind:
    type: str | None  # None: nothing says
    report: bool | None  # None: cannot be told (judged as a report)

    @property
    def may_report(self) -> bool:
        return self.report is not False


# After opening words: the end of the title, a space or punctuation ("Báo cáo:", "V/v:").
_AFTER_OPENING = " :;,.-\u2013\u2014("


def _opens_with(text: str, words: str) -> bool:
    return text.startswith(words) and (len(text) == len(words)
                                       or text[len(words)] in _AFTER_OPENING + "\t")


def _opening(text: str, types: Sequence[ODocType]) -> tuple[ODocType | None, str]:
    """The kind whose opening words (the longest that fit) open ``text``, and what follows."""
    best: tuple[int, ODocType] | None = None
    for t in types:
        for words in t.opens:
            if _opens_with(text, words) and (best is None or len(words) > best[0]):
                best = (len(words), t)
    if best is None:
        return None, text
    return best[1], text[best[0]:].lstrip(_AFTER_OPENING)


def _by_code(code: str, types: Sequence[ODocType]) -> ODocType | None:
    """An abbreviation (case aside, đ kept: HĐ hợp đồng, HD hướng dẫn); typed without its đ,
    the one abbreviation it can be, if no other is written so."""
    key = _code(code)
    for t in types:
        if key in t.codes:
            return t
    plain = [t for t in types for c in t.codes if _fold(c) == key]
    return plain[0] if len(plain) == 1 else None


# "812/BC-SCT", "45/2025/NĐ-CP" (state style), "310-BC/BTGTU" (Party style), "Số: 12/KH-UBND"
_DOC_NUMBER = re.compile(r"(?:s[ốoô]:?)?\d{1,6}(?:/\d{4})?([/-])([^\W\d_]+)(.*)")


def _number_code(number: str) -> tuple[str, bool] | None:
    """The letters after a document number's figures, and whether the number is written in a
    style that makes them its kind's abbreviation (an issuer follows); None: no number."""
    m = _DOC_NUMBER.fullmatch(_code(number))
    if m is None:
        return None
    sep, letters, rest = m.groups()
    coded = rest[:1] in ("-", "/") if sep == "/" else rest[:1] == "/"
    return letters, coded


def document_kind(title: str, number: str | None, column: str | None,
                  types: Sequence[ODocType]) -> OKind:
    """What a record is: its ``loai`` column; else the words opening its title; else the
    abbreviation of its number (a number without one: a công văn); else a report's words
    ("báo cáo") anywhere in the title; else unknown. A kind that is no report is one when its
    matter opens with its ``report_when`` words ("V/v báo cáo ...")."""
    folded = _fold(title).lstrip(" -\u2013\u2014*\u2022.:")

    def judged(t: ODocType, matter: str) -> OKind:
        if t.report:
            return OKind(t.id, True)
        return OKind(t.id, any(_opens_with(matter, w) for w in t.report_when))

    if column is not None and column.strip():
        named = next((t for t in types if _fold(column) in t.names), None) \
            or _by_code(column, types) or _opening(_fold(column), types)[0]
        if named is not None:
            return judged(named, folded)
    if folded:
        opened, rest = _opening(folded, types)
        if opened is not None:
            return judged(opened, rest)
    if number is not None and number.strip():
        read = _number_code(number)
        if read is not None:
            letters, coded = read
            t = _by_code(letters, types) if coded else None
            if t is None:
                t = next((x for x in types if x.uncoded), None)
            if t is not None:
                return judged(t, folded)
    for t in types:
        for words in t.opens:
            if t.report and " " in words and re.search(
                    rf"(?<![\w/]){re.escape(words)}(?![\w/])", folded):
                return OKind(t.id, True)
    return OKind(None, None)


# ---------------------------------------------------------------------------------------
# Submissions


@dataclass(frozen=True)
class OSubmission:
    id: str
    index: int
    valid: bool
    reporter: str | None = None
    recipient: str | None = None
    submitted_on: date | None = None
    sent_on: date | None = None
    period: OPeriod | None = None
    directive: str | None = None
    obligation: str | None = None
    title: str = ""
    other_directive: bool = False  # names a directive the rules do not hold
    item: str = ""
    kind: OKind = OKind(None, None)
    item_date: date | None = None  # an item's own date (aired, published), when readable
    refs: frozenset[str] = frozenset()  # every number it writes where a request may be named

    def counted(self, ob: OObligation) -> date:
        assert self.submitted_on is not None
        return self.sent_on if ob.counts == "sent" and self.sent_on else self.submitted_on


def _text(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip()
    return text or None


def read_submission(index: int, rec: Mapping[str, Any], rules: ORules) -> OSubmission:
    sid = str(rec.get("id", f"#{index}"))
    bad = OSubmission(sid, index, valid=False)
    if any(rec.get(f) in (None, "") for f in ("id", "reporter", "recipient", "submitted_on")):
        return bad
    title: str = rec["title"] if isinstance(rec.get("title"), str) else ""
    try:
        submitted = parse_date(rec["submitted_on"])
        sent = parse_date(rec["sent_on"]) if rec.get("sent_on") not in (None, "") else None
        period = parse_period(rec["period"]) if rec.get("period") not in (None, "") else None
        if period is None and title:
            period = period_in_title(title)
    except ValueError:
        return bad
    if sent is not None and not submitted - timedelta(days=366) <= sent <= submitted:
        return bad  # sent after it was received, or a year in transit: a wrong date
    if period is not None and (period.start > submitted + timedelta(days=366)
                               or period.end < submitted - timedelta(days=5 * 366)):
        return bad  # a typo ("2202-H1"), not a report for centuries away
    directive, other = None, False
    if rec.get("directive") not in (None, ""):
        directive = rules.directives.get(_fold(str(rec["directive"])))
        other = directive is None  # a text the rules do not hold: another subject
    ob = rec.get("obligation")
    if ob not in (None, ""):
        # An obligation id is unique only within its directive: unknown or ambiguous is refused.
        homes = {d for d, o in rules.obligation_ids if o == str(ob)}
        if directive is not None and directive not in homes:
            return bad
        if directive is None and not other and len(homes) != 1:
            return bad
    number = _text(rec.get("document_number"))
    item_date = None
    if _text(rec.get("item_date")):
        try:
            item_date = parse_date(str(rec["item_date"]).strip())
        except ValueError:
            item_date = None  # unreadable: the receipt counts
    # the recipient first: a sender's short name is read in the recipient's province
    recipient = resolve_unit(rec["recipient"], rules)
    near = province_of(recipient, rules.units) if recipient else None
    refs = {_number(x) for x in (number, _text(rec.get("directive")), _text(rec.get("request")))
            if x} | _cited(title)
    return OSubmission(
        id=sid,
        index=index,
        valid=True,
        reporter=resolve_unit(rec["reporter"], rules, near),
        recipient=recipient,
        submitted_on=submitted,
        sent_on=sent,
        period=period,
        directive=directive,
        obligation=str(ob) if ob not in (None, "") else None,
        title=title,
        other_directive=other,
        item=str(rec.get("item") or ""),
        kind=document_kind(title, number, _text(rec.get("loai")), rules.doctypes),
        item_date=item_date,
        refs=frozenset(refs - {""}),
    )


# A register's column headers (folded) as the secretariat writes them.
_COLUMNS = {
    "ma": "id", "so den": "id", "so hieu": "document_number",
    "so, ky hieu": "document_number", "so ky hieu": "document_number",
    "don vi gui": "reporter", "don vi bao cao": "reporter", "tac gia": "reporter",
    "noi gui": "reporter", "noi nhan": "recipient", "don vi nhan": "recipient",
    "ngay den": "submitted_on", "ngay nhan": "submitted_on", "ngay gui": "sent_on",
    "ky bao cao": "period", "trich yeu": "title", "tieu de": "title",
    "ten loai va trich yeu noi dung": "title",
    # a register's own kind-of-document column, and an item's own date (aired, published)
    "loai": "loai", "ten loai": "loai", "loai van ban": "loai", "loai vb": "loai",
    "ten loai van ban": "loai", "ngay phat song": "item_date", "ngay dang": "item_date",
    "ngay dang tin": "item_date", "ngay xuat ban": "item_date", "ngay phat hanh": "item_date",
}


def _column(header: str) -> str:
    return _COLUMNS.get(_fold(header), header.strip())


def _register_id(number: str, received: str) -> str:
    """"Số đến" restarts at 01 each 1 January: "012" received on 07/01/2023 is "2023/012" (the
    year of Ngày đến; if that is no date, the one year written in it)."""
    if not number.isdigit():
        return number
    try:
        return f"{parse_date(received.strip()).year}/{number}"
    except ValueError:
        years = set(re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", received))
        return f"{years.pop()}/{number}" if len(years) == 1 else number


def read_records(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """Records of YAML/JSON/CSV files or directories of them, in sorted file order."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(
                f for f in p.iterdir() if f.suffix.lower() in (".yaml", ".yml", ".json", ".csv")
            )
        else:
            files.append(p)
    out: list[dict[str, Any]] = []
    for f in files:
        if f.suffix.lower() == ".csv":
            text = f.read_text(encoding="utf-8-sig")
            first = text.split("\n", 1)[0]
            delimiter = ";" if first.count(";") > first.count(",") else ","
            rows = csv.DictReader(text.splitlines(), delimiter=delimiter)
            headers = [h for h in rows.fieldnames or () if h is not None]
            numbered = next((h for h in headers if _fold(h) == "so den"), None)
            received = next((h for h in headers if _column(h) == "submitted_on"), None)
            for r in rows:
                row = {_column(k): v for k, v in r.items() if k is not None}
                if numbered is not None and received is not None \
                        and _column(numbered) == "id":
                    row["id"] = _register_id((r.get(numbered) or "").strip(),
                                             r.get(received) or "")
                out.append(row)
            continue
        text = f.read_text(encoding="utf-8")
        data = json.loads(text) if f.suffix.lower() == ".json" else yaml.safe_load(text)
        if isinstance(data, dict):
            data = data.get("submissions")
        out += [dict(r) if isinstance(r, dict) else {} for r in data or ()]
    return out


@dataclass(frozen=True)
class ORequest:
    """A recorded request for an ad hoc report (``--requests``)."""

    id: str
    directive: str
    obligation: str
    reporters: frozenset[str]
    requested_on: date
    due: date
    number: str | None = None


def read_requests(requests: Sequence[Mapping[str, Any]], rules: ORules) -> list[ORequest]:
    """Requests as written in a requests file (id, directive, obligation, reporter — a unit or
    a group —, requested_on, due, number); an entry the rules cannot place is left out."""
    out = []
    for r in requests:
        directive = rules.directives.get(_fold(str(r.get("directive", ""))))
        who = str(r.get("reporter", ""))
        if who in rules.groups:
            reporters = rules.groups[who]
        else:
            unit = resolve_unit(who, rules)
            reporters = frozenset({unit}) if unit else frozenset()
        if directive is None or not reporters:
            continue
        out.append(ORequest(str(r["id"]), directive, str(r["obligation"]), reporters,
                            parse_date(r["requested_on"]), parse_date(r["due"]),
                            _text(r.get("number"))))
    return out


# ---------------------------------------------------------------------------------------
# Evaluation

InstanceKey = tuple[str, str, str, str]  # directive id, obligation id, reporter, period label
# (a request's instance: its window's label, '#', the request's id)


@dataclass(frozen=True)
class OVerdict:
    verdict: str
    days_late: int
    days_overdue: int
    due: date
    received: date | None
    submission: str | None


@dataclass(frozen=True)
class OResult:
    instances: Mapping[InstanceKey, OVerdict]
    dispositions: Mapping[str, str]
    satisfies: Mapping[str, frozenset[InstanceKey]]
    # reports the oracle cannot decide (no period), and the reporters whose instances and
    # other reports they could change: left out of comparisons
    undecided: frozenset[str] = frozenset()
    uncertain_reporters: frozenset[str] = frozenset()


# Words that say nothing about what a report is about (the oracle's own list).
_EVERYDAY_WORDS = """
bao cao ket qua thuc hien tinh hinh cong tac hoat dong dinh ky danh gia so tong nam thang
quy dau cuoi va cua ve tai theo tren trong cac mot nhung nhiem vu ke hoach phuong huong
trien khai i ii iii iv cuoc van dong ngay so ca
dot xuat giai doan
"""
_EVERYDAY = frozenset(_EVERYDAY_WORDS.split())


# Kinds of text a report answers (a report's own number, "45/BC-...", is not one).
_ANSWERED = ("ct", "kh", "qd", "cv", "tb", "nq", "kl", "hd", "tt", "nd", "ubnd")
# A document number written in a title: "4324/KH-UBND", "03-CT/TW", "1/CT-TEST".
_CITED = r"(?<![\w/])\d+\s*[-/]\s*([a-z]+)[\w&/-]*"


def _cited(text: str) -> set[str]:
    """The numbers of texts a title cites (letters and digits only)."""
    return {_number(m.group(0)) for m in re.finditer(_CITED, _fold(text))}


def subject_of(s: OSubmission, ob: OObligation | None, rules: ORules) -> str:
    """"same", "other" or "unchecked": is this report about ``ob``'s subject? (``ob`` None:
    whether its title says anything of a subject at all.)"""
    if s.other_directive:
        return "other"
    if s.obligation is not None or s.directive is not None:
        return "same"
    if not s.title:
        return "unchecked"
    # "chuyên đề" (thematic) is everyday; folded, its words would hide "chuyển đổi số"
    words = _words(re.sub(r"(?i)chuyên đề|thay thế", " ", s.title)).split()
    cited = [(_number(m.group(0)), m.group(1)) for m in re.finditer(_CITED, _fold(s.title))]
    known = {n for n, _ in cited if n in rules.numbers}
    if known:  # it answers texts of the rules: those, whatever else it says (issue 14)
        return "same" if ob is not None and known & ob.numbers else "other"
    in_name = _in_unit_names(words, rules)
    rest = {w for w, named in zip(words, in_name, strict=True)
            if not named and not w.isdigit() and w not in _EVERYDAY}
    if ob is not None and any(_says(words, in_name, p) for p in ob.phrases):
        return "same"
    said = [p for p in rules.phrases if _says(words, in_name, p)]
    if said or any(t in _ANSWERED for _, t in cited) or len(rest) >= 2:
        return "other"
    return "unchecked"


def _in_unit_names(words: list[str], rules: ORules) -> list[bool]:
    """Per word of a title, whether it is part of a unit's name written there ("Sở TT&TT Tây
    Ninh báo cáo ..."): a sender's or recipient's name says nothing of the subject."""
    key = " ".join(words)
    if key in rules.name_masks:
        return rules.name_masks[key]
    out = [False] * len(words)
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + rules.longest_name) + 1):
            if " ".join(words[i:j]) in rules.unit_names:
                out[i:j] = [True] * (j - i)
    rules.name_masks[key] = out
    return out


def _says(words: list[str], in_name: list[bool], phrase: str) -> bool:
    """The phrase is in the title, and not only as part of a unit's name. A phrase of everyday
    words ("cuộc vận động") says it only when the next word is not a name: "Cuộc vận động
    Toàn dân đoàn kết ..." is another campaign."""
    p = phrase.split()
    everyday = set(p) <= _EVERYDAY
    for i in range(len(words) - len(p) + 1):
        if words[i:i + len(p)] != p or all(in_name[i:i + len(p)]):
            continue
        after = i + len(p)
        named_next = (after < len(words) and not in_name[after] and not words[after].isdigit()
                      and words[after] not in _EVERYDAY)
        if not (everyday and named_next):
            return True
    return False


@dataclass(frozen=True)
class _Owed:
    """One report owed, as expanded: its obligation (``kind`` is the obligation's)."""

    ob: OObligation
    period: OPeriod
    due: date
    routes: frozenset[str]
    excused: bool  # the unit or the recipient ceased with nobody after it
    opens: date | None  # its first receipt day; None: any
    recipient: str  # as carried on the due date
    via: str | None  # the (first) via unit, as carried on the due date
    request: ORequest | None = None

    @property
    def kind(self) -> str:
        return self.ob.kind


Owed = Mapping[InstanceKey, _Owed]


def _item_kind(s: OSubmission, ob: OObligation) -> str | None:
    """"Tin: ...", "Bài 2 - ...", "Phóng sự ...": the word, then a separator (or, for a word of
    two syllables, a space too). "Bài học kinh nghiệm" is a report, not a "bài"."""
    title = _fold(s.title)
    for kind, _, words in ob.quantities:
        if _fold(s.item) in (kind, kind.replace("-", " ")):
            return kind
        for w in words:
            fw = _fold(w)
            if title == fw:
                return kind
            if not title.startswith(fw):
                continue
            rest = title[len(fw):]
            if re.match(r"\s*(\d{1,3}\s*)?[:|\-\u2013\u2014]", rest):
                return kind
            if len(fw.split()) > 1 and rest.startswith(" "):
                return kind
    return None


def is_item(s: OSubmission, reporter: str, owed: Owed, rules: ORules | None = None) -> bool:
    """An item ("Tin: ...", "Phóng sự: ...") of a number of items the unit is asked for (by
    name or group, or as a successor) is no report: it counts towards those numbers only,
    whatever period it gives — or for nothing, when none is owed then."""
    asked = [o.ob for k, o in owed.items() if k[2] == reporter and o.kind == "quantity"]
    if rules is not None:
        asked += [ob for ob in rules.obligations
                  if ob.kind == "quantity" and reporter in ob.reporters]
    return any(s.obligation in (None, ob.id) and _item_kind(s, ob) is not None for ob in asked)


def _items_stated(s: OSubmission, ob: OObligation) -> list[str]:
    """The items a report's title states, one entry per item: "05 tin, 02 bài" (a number, then
    one of the quantity's words)."""
    title = _fold(s.title)
    out: list[str] = []
    for m in re.finditer(r"(?<![\w/.-])(\d{1,3})\s+", title):
        after = title[m.end():]
        for kind, _, words in ob.quantities:
            names = {_fold(w) for w in words} | {_fold(kind.replace("-", " "))}
            if any(re.match(rf"{re.escape(w)}(?![a-z0-9])", after) for w in names):
                out += [kind] * int(m.group(1))
                break
    return out


def _fits(s: OSubmission, ob: OObligation) -> bool:
    """A record naming its directive or obligation is for that one only."""
    return s.directive in (None, ob.directive_id) and s.obligation in (None, ob.id)


def _dated_candidates(s: OSubmission, reporter: str, rules: ORules,
                      owed: Owed) -> list[InstanceKey]:
    """What a record is whatever period it names: an item of the quantities its unit owes
    (by its date), or a multi-year review (one window per review)."""
    out: list[InstanceKey] = []
    item = is_item(s, reporter, owed, rules)
    reviews: dict[tuple[str, str], InstanceKey] = {}
    assert s.submitted_on is not None
    for k, o in owed.items():
        ob = o.ob
        if k[2] != reporter or not _fits(s, ob):
            continue
        if item:
            day = s.item_date or s.counted(ob)
            if ob.kind == "quantity" and o.period.start <= day <= o.period.end \
                    and _item_kind(s, ob) is not None:
                out.append(k)
            continue
        if ob.kind == "review" and _review_fits(s, ob, o.period):
            # one window per review: the one ending nearest the receipt
            now = reviews.get((ob.directive_id, ob.id))
            far = (abs((s.submitted_on - o.period.end).days), o.period.end)
            if now is None or far < (abs((s.submitted_on - owed[now].period.end).days),
                                     owed[now].period.end):
                reviews[(ob.directive_id, ob.id)] = k
    return out + list(reviews.values())


def _candidates(s: OSubmission, reporter: str, rules: ORules, owed: Owed) -> list[InstanceKey]:
    """The reports of the period ``s`` names (or is given) this unit owes, whatever its subject
    and recipient: that period's, the second half an annual report stands for (plain
    half-yearly duties) and the third quarter a nine-month report stands for (plain quarterly
    ones), the task whose window it is (naming the task) or whose covered period it is, and
    the quantity of that period (counting the items the title states)."""
    assert s.period is not None
    p = s.period
    out: list[InstanceKey] = []
    for k, o in owed.items():
        ob = o.ob
        if k[2] != reporter or not _fits(s, ob):
            continue
        if ob.kind == "periodic":
            plain = not ob.frequency.startswith("[")
            if o.period == p:
                out.append(k)
            elif plain and p.kind == "year" and ob.frequency == "semiannual" \
                    and o.period == half(p.start.year, 2):
                out.append(k)  # the annual report stands for the second half
            elif plain and p.kind == "nine" and ob.frequency == "quarterly" \
                    and o.period == quarter(p.start.year, 3):
                out.append(k)  # the nine-month report stands for the third quarter
        elif ob.kind == "task":
            # A one-off task's deliverable must say which task it is (or its directive), or
            # be the report on the period the task covers (rules/README.md, `covers`).
            named = s.obligation == ob.id or s.directive == ob.directive_id
            if (named and o.period == p) or (ob.covers is not None and ob.covers == p):
                out.append(k)
        elif ob.kind == "quantity" and o.period == p:
            out.append(k)  # a report on the quarter counts the items its title states
    return out


def _too_early(s: OSubmission, o: _Owed, named: OPeriod) -> bool:
    """Received before a report on the period it names could have been written. A longer
    period's report standing for a shorter one (the year for the second half) is judged by
    its own period."""
    ob = o.ob
    if ob.early_if_named or ob.kind not in ("periodic", "task") or o.opens is None:
        return False
    opens = o.opens
    if ob.kind == "periodic" and o.period != named:
        opens = first_receipt_day(named, ob.received_from)
    return s.counted(ob) < opens


def _has_words(title: str, phrase: str) -> bool:
    """Whether ``phrase`` (folded words) is in the title as whole words."""
    return f" {phrase} " in f" {' '.join(_plain_words(title))} "


def _products(s: OSubmission, reporter: str, owed: Owed) -> list[InstanceKey]:
    """The duties asking for a product a record is: of a kind they accept that is no report,
    or named by their words in its title; received from their first receipt day on, in any
    period it names; per duty, the window due nearest the receipt."""
    best: dict[tuple[str, str], tuple[int, date, InstanceKey]] = {}
    for k, o in owed.items():
        ob = o.ob
        if k[2] != reporter or ob.kind not in ("periodic", "task") \
                or not ob.asks_for_a_product or not _fits(s, ob):
            continue
        by_kind = s.kind.report is False and s.kind.type in ob.types
        if not (by_kind or any(_has_words(s.title, w) for w in ob.words)):
            continue
        day = s.counted(ob)
        if (o.opens is not None and day < o.opens) or (
                s.period is not None and not overlaps(s.period, o.period.start, o.period.end)):
            continue
        rank = (abs((day - o.due).days), o.due, k)
        now = best.get((ob.directive_id, ob.id))
        if now is None or rank < now:
            best[(ob.directive_id, ob.id)] = rank
    return [k for _, _, k in best.values()]


_ON_REQUEST = r"\b(dot xuat|theo yeu cau|theo de nghi|phuc dap)\b"


def _names_request(s: OSubmission, o: _Owed) -> bool:
    r = o.request
    return r is not None and bool({_number(x) for x in (r.id, r.number or "") if x} & s.refs)


def _requests(s: OSubmission, reporter: str, owed: Owed, latest: bool) -> list[InstanceKey]:
    """The requests a record answers, among those made by the day it counts: those it names
    (by id or letter number); else, when its title says it answers one, or ``latest``, the
    latest request of each duty; else the latest of the duty whose directive it names."""
    named: list[InstanceKey] = []
    newest: dict[tuple[str, str], tuple[date, InstanceKey]] = {}
    for k, o in owed.items():
        ob = o.ob
        if k[2] != reporter or o.request is None or not _fits(s, ob):
            continue
        if s.counted(ob) < o.request.requested_on:
            continue  # not yet asked
        if _names_request(s, o):
            named.append(k)
        now = newest.get((ob.directive_id, ob.id))
        if now is None or o.request.requested_on > now[0]:
            newest[(ob.directive_id, ob.id)] = (o.request.requested_on, k)
    if named:
        return named
    if latest or re.search(_ON_REQUEST, _fold(s.title)):
        return [k for _, k in newest.values()]
    return [k for (d, _), (_, k) in newest.items() if s.directive == d]


def _review_fits(s: OSubmission, ob: OObligation, w: OPeriod) -> bool:
    """A review of the window ``w`` ("5 năm sơ kết, 10 năm tổng kết"), received in its last
    year or after: a report naming the review's obligation; or a title saying sơ kết, tổng kết
    or đánh giá that names this span — the right number of years, or years from the window's
    first year, N−1 or N on ("2021-2025" for 19/5/2021–18/5/2026) — and, naming no span and no
    period, a title with the review's own word. A half-year or a year is not the review."""
    assert s.submitted_on is not None
    assert ob.every_years is not None
    if s.submitted_on < w.end - timedelta(days=366):
        return False
    if s.obligation == ob.id:
        return s.period is None or (w.start <= s.period.start and s.period.end <= w.end) or (
            s.period.start <= w.start and w.end <= s.period.end)
    t = _fold(s.title)
    n = ob.every_years
    said = {x for x in ("so ket", "tong ket", "danh gia") if re.search(rf"\b{x}\b", t)}
    words = t.split()
    spans = {int(x) for i, x in enumerate(words[:-1])
             if re.fullmatch(r"\d{1,2}", x) and re.fullmatch(r"nam\W*", words[i + 1])
             and (i == 0 or words[i - 1] not in ("quy", "thang", "ngay"))}
    years = [(int(a), int(b)) for a, b in re.findall(
        r"(\d{4})\s*(?:-|\u2013|\u2014|den|toi)\s*(?:nam\s+)?(\d{4})", t) if int(a) < int(b)]
    if s.period is not None and s.period.kind == "window":
        years.append((s.period.start.year, s.period.end.year))
    if years:
        this_span = any(a == w.start.year and b - a in (n - 1, n) for a, b in years)
    elif spans:
        this_span = n in spans
    elif s.period is not None:
        this_span = False  # a shorter period: that report, not the review
    else:
        own = "so ket" if "so ket" in _fold(ob.summary) else "tong ket"
        return own in said
    return this_span and bool(said)


def _accepts(kind: OKind, ob: OObligation) -> bool:
    """A report fulfils a duty asking for a report (the default); another kind only a duty
    asking for it; a record whose kind cannot be told is judged as a report."""
    if kind.report is None:
        return True
    return ("bao_cao" in ob.types) if kind.report else kind.type in ob.types


def _same_reports(owed: Owed) -> dict[InstanceKey, list[InstanceKey]]:
    """One report owed once: instances of different obligations due from the same unit, to
    the same recipient, through the same via unit, for the same period (a task covering a
    period is for that period) are the same report. Quantities, reviews and requests stand
    alone."""
    groups: dict[tuple[str, str, str | None, str], list[InstanceKey]] = {}
    for k, o in owed.items():
        if o.kind not in ("periodic", "task"):
            continue
        p = o.ob.covers if o.kind == "task" and o.ob.covers is not None else o.period
        groups.setdefault((k[2], o.recipient, o.via, p.label), []).append(k)
    out: dict[InstanceKey, list[InstanceKey]] = {}
    for keys in groups.values():
        if len({k[:2] for k in keys}) > 1:
            for k in keys:
                out[k] = [x for x in keys if x != k]
    return out


def evaluate(
    rules: ORules, records: Sequence[Mapping[str, Any]], as_of: date, since: date,
    requests: Sequence[Mapping[str, Any]] = (),
) -> OResult:
    subs = [read_submission(i, r, rules) for i, r in enumerate(records)]
    every = _expected(rules, as_of, read_requests(requests, rules))
    same = _same_reports(every)
    of_unit: dict[str, dict[InstanceKey, _Owed]] = {}
    for k, o in every.items():
        of_unit.setdefault(k[2], {})[k] = o
    # earliest routed report per instance: (counted date, input order)
    first: dict[InstanceKey, tuple[date, int]] = {}
    items: dict[InstanceKey, list[tuple[date, int, str]]] = {}
    routed_of: dict[int, list[InstanceKey]] = {}
    dispositions: dict[str, str] = {}
    undecided: set[str] = set()
    uncertain: set[str] = set()  # reporters with such a report
    for s in subs:
        if not s.valid:
            dispositions[s.id] = "invalid"
            continue
        assert s.submitted_on is not None
        if s.submitted_on > as_of:
            dispositions[s.id] = "received_later"
            continue
        if s.reporter is None or s.recipient is None:
            dispositions[s.id] = "not_report" if s.kind.report is False else "unknown_unit"
            continue
        reporter = carrier(s.reporter, s.submitted_on, rules.units) or s.reporter
        recipient = carrier(s.recipient, s.submitted_on, rules.units) or s.recipient
        if s.period is None and s.title and title_speaks_of_a_period(s.title):
            # a period phrase the oracle cannot read on its own: left, with everything it
            # could touch, undecided
            undecided.add(s.id)
            uncertain.add(reporter)
            continue
        owed = of_unit.get(reporter, {})
        disposition, routed = _judge(s, reporter, recipient, rules, owed, every, same)
        if disposition is not None:
            dispositions[s.id] = disposition
            continue
        routed_of[s.index] = routed
        for k in routed:
            ob = every[k].ob
            counted = s.counted(ob)
            if ob.kind == "quantity":
                if is_item(s, reporter, owed, rules):
                    adds = [(s.item_date or counted, _item_kind(s, ob) or "")]
                else:
                    adds = [(counted, kind) for kind in _items_stated(s, ob)]
                items.setdefault(k, []).extend((d, s.index, kind) for d, kind in adds)
                continue
            if k not in first or (counted, s.index) < first[k]:
                first[k] = (counted, s.index)
    counted_in: dict[InstanceKey, set[int]] = {}
    for k, found in items.items():
        ob = every[k].ob
        need = {kind: n for kind, n, _ in ob.quantities}
        have = dict.fromkeys(need, 0)
        counted_in[k] = {idx for _, idx, _ in found}
        for day, idx, kind in sorted(found):
            have[kind] = have.get(kind, 0) + 1
            if all(have[x] >= need[x] for x in need):
                first[k] = (day, idx)
                break
    satisfies: dict[str, frozenset[InstanceKey]] = {}
    for s in subs:
        if s.index in routed_of:
            mine = frozenset(k for k in routed_of[s.index]
                             if s.index in counted_in.get(k, ())
                             or (every[k].kind != "quantity" and first[k][1] == s.index))
            dispositions[s.id] = "matched" if mine else "duplicate"
            if mine:
                satisfies[s.id] = mine

    instances: dict[InstanceKey, OVerdict] = {}
    for k, base in every.items():
        if base.period.end < since or base.period.start > as_of:
            continue
        due = base.due
        hit = first.get(k)
        if hit is not None:
            got, idx = hit
            late = (got - due).days
            v = OVerdict("late" if late > 0 else "on_time", max(late, 0), 0, due, got,
                         subs[idx].id)
        elif base.excused:
            v = OVerdict("exempt", 0, 0, due, None, None)
        elif as_of > due:
            v = OVerdict("overdue", 0, (as_of - due).days, due, None, None)
        else:
            v = OVerdict("pending", 0, 0, due, None, None)
        instances[k] = v
    undecided |= {s.id for s in subs if s.reporter is not None and s.submitted_on is not None
                  and (carrier(s.reporter, s.submitted_on, rules.units) or s.reporter)
                  in uncertain}
    return OResult(instances, {k: v for k, v in dispositions.items() if k not in undecided},
                   satisfies, frozenset(undecided), frozenset(uncertain))


def _judge(
    s: OSubmission, reporter: str, recipient: str, rules: ORules, owed: Owed, every: Owed,
    same: Mapping[InstanceKey, list[InstanceKey]],
) -> tuple[str | None, list[InstanceKey]]:
    """A record's disposition when it fulfils nothing, else the instances it is routed to."""
    kind = s.kind
    cands = _dated_candidates(s, reporter, rules, owed)
    period_cands: list[InstanceKey] = []
    if not is_item(s, reporter, owed, rules):
        # a record is one report: a review, a product, an answer to a request when it reads
        # as one; else the report on its period (named, or the one inferred for it)
        answers = cands + _requests(s, reporter, owed, latest=False) + _products(s, reporter,
                                                                                 owed)
        period, guessed = s.period, False
        if period is None and not answers and kind.may_report:
            period, on_subject = infer_period(s, reporter, recipient, rules, owed)
            guessed = period is not None
            if not on_subject:  # no periodic report on its subject: the latest request
                answers += _requests(s, reporter, owed, latest=True)
        if period is not None:
            period_cands = _candidates(replace(s, period=period), reporter, rules, owed)
            if not any(_names_request(s, owed[k]) for k in answers) and all(
                    subject_of(s, owed[k].ob, rules) == "other" for k in period_cands):
                answers += _requests(s, reporter, owed, latest=True)
            if not guessed:
                period_cands = [k for k in period_cands
                                if not _too_early(s, owed[k], period)]
        cands = list(dict.fromkeys(period_cands + answers))
    cands = [k for k in cands if _accepts(kind, owed[k].ob)]
    relation = {k: ("same" if _names_request(s, owed[k]) else subject_of(s, owed[k].ob, rules))
                for k in cands}
    fitting = [k for k in cands if relation[k] != "other"]
    # one report owed once: on the subject of one plan, it is the report every plan demanding
    # the same report asks for (whatever their subjects), if it may be of that kind
    extra = [x for k in fitting for x in same.get(k, ()) if x not in fitting
             and _accepts(kind, every[x].ob)]
    extra = list(dict.fromkeys(extra))
    cands = list(dict.fromkeys(cands + extra))
    fitting = fitting + extra
    if not kind.may_report:
        cands = fitting
        if not cands:
            return "not_report", []
    if not cands or not fitting:
        return "unmatched", []
    routed = [k for k in fitting if recipient in every[k].routes]
    if not routed:
        says = subject_of(s, None, rules) != "unchecked"
        return ("misrouted" if says else "unmatched"), []
    return None, routed


def infer_period(
    s: OSubmission, reporter: str, recipient: str, rules: ORules, owed: Owed,
) -> tuple[OPeriod | None, bool]:
    """The one period a report naming none is about: the period of the unit's periodic reports
    whose due date is nearest the receipt, among those a report could already be written on
    (their first receipt day passed) — looked for first among those on its subject its
    recipient may receive, then those on its subject, then all. At the same distance the
    earlier due date, then the earlier end, then the shorter period. The second value: whether
    it is the period of a report on its subject."""
    assert s.submitted_on is not None
    day = s.submitted_on
    found: list[list[tuple[Any, ...]]] = [[], [], []]
    for k, o in owed.items():
        if k[2] != reporter or o.kind != "periodic" or not _fits(s, o.ob):
            continue
        if (o.opens or o.period.start) > day:
            continue  # no report on a period it cannot yet be written on
        rank = (abs((day - o.due).days), o.due, o.period.end, o.period.end - o.period.start,
                o.period.label, o.period)
        found[2].append(rank)
        if subject_of(s, o.ob, rules) != "other":
            found[1].append(rank)
            if recipient in o.routes:
                found[0].append(rank)
    for tier, ranks in enumerate(found):
        if ranks:
            return min(ranks)[-1], tier < 2
    return None, False


def _expected(
    rules: ORules, as_of: date, requests: Sequence[ORequest] = (),
) -> dict[InstanceKey, _Owed]:
    """Every report owed for periods started by ``as_of`` (a year ahead, for matching), and
    one per unit asked by each request."""
    owed: dict[InstanceKey, _Owed] = {}
    until = date(as_of.year + 1, 12, 31)
    by_id = {(ob.directive_id, ob.id): ob for ob in rules.obligations}
    todo: list[tuple[OObligation, OPeriod, date, frozenset[str], ORequest | None]] = []
    for ob in rules.obligations:
        for p in ob.periods(until):
            deadline = ob.deadline_for(p)
            if deadline is None:
                continue
            todo.append((ob, p, due_date(deadline, p, rules.calendar), ob.reporters, None))
    for asked in requests:
        ob_ = by_id.get((asked.directive, asked.obligation))
        if ob_ is None or ob_.kind != "ad_hoc":
            continue
        last = max(asked.due, asked.requested_on)
        todo.append((ob_, window(asked.requested_on, last), rules.calendar.roll(last),
                     asked.reporters, asked))
    for ob, p, due, reporters, req in todo:
        recipient = carrier(ob.recipient, due, rules.units)
        to = recipient or ob.recipient
        # a via unit that ceased with nobody after it is no longer passed through
        via = carrier(ob.via, due, rules.units) if ob.via else None
        routes = {to} | {c for v in ob.vias if (c := carrier(v, due, rules.units))}
        for r in sorted(reporters):
            unit = rules.units.get(r)
            who = carrier(r, due, rules.units)
            gone = who is None
            if gone:
                assert unit is not None
                assert unit.valid_to is not None
                if p.start > unit.valid_to:
                    continue  # the period starts after the unit ceased
                who = r
            assert who is not None
            if who in (to, via):
                continue  # a unit never reports to itself, nor through itself
            label = f"{p.label}#{req.id}" if req is not None else p.label
            owed[(ob.directive_id, ob.id, who, label)] = _Owed(
                ob, p, due, frozenset(routes), gone or recipient is None, ob.opens(p), to, via,
                req)
    return owed


def evaluate_paths(
    rules_dir: Path, submission_paths: Sequence[Path], as_of: date, since: date
) -> OResult:
    return evaluate(load_rules(rules_dir), read_records(submission_paths), as_of, since)
