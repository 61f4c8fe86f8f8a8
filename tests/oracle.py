"""An independent oracle for baocao's verdicts and dispositions, written from DOMAIN.md.

It imports nothing from ``engine``: it reads the same YAML files with ``yaml.safe_load`` (data,
not engine code) and re-derives, in the plainest Python we could write, what the engine must
conclude. Two programs written apart from the same text rarely share a mistake, so where they
disagree one of them has read the domain wrong. Speed and error messages do not matter here;
obviousness does.

What it knows (DOMAIN.md, DESIGN.md "Verdicts", rules/README.md):
- periods: years, halves, quarters, months, explicit windows; a periodic obligation owes one
  report per reporter and per period overlapping its in-force window;
- deadlines: the stated (or policy) day in the period's last month / the next month / a fixed
  month; "before" means the day before; a last day off rolls to the next working day
  (weekends, the `holidays` Vietnam calendar, plus extra days off / make-up working days);
- matching: same reporter and period, sent to the recipient or a via unit; the earliest
  receipt counts; an annual report stands for the second half of a plain half-yearly duty, a
  nine-month report for the third quarter of a plain quarterly one;
- subjects (DOMAIN.md "What a report is about"): a report whose title or directive names
  another subject counts for nothing of this obligation; one that names none is matched as
  before; "misrouted" needs the same subject;
- schedules: the reports of a year listed one by one ([Q1, H1, 9M, Y]), each with its deadline;
- units change: a report is owed by whoever carries the reporter's duties on its due date
  (successors), not at all for a period starting after the unit ceased, and excused when the
  unit or the recipient ceased with nobody after it; a report filed under an old name counts
  for the unit carrying the duty on the day it was received;
- quantities: enough items of each kind in the quarter (an item's title starts with its word and
  a separator, "Tin: ...", or with a two-syllable word, "Bài viết ..."); a multi-year review is
  a report on its span ("sơ kết 5 năm", "2021-2025", or no span and no period at all), in the
  window's last year or after, one window per review;
- a report naming no period is about one period: of the unit's periodic reports, the one due
  nearest its receipt (those on its subject that its recipient may receive first);
- a receipt after the as-of date is outside the run ("received_later");
- verdicts: on_time / late / overdue / pending / exempt; dispositions: matched / duplicate /
  misrouted / unmatched / unknown_unit / invalid / received_later.

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


# On folded text (no diacritics); the specific forms before the year.
_TITLE_PATTERNS: list[tuple[str, Callable[[re.Match[str]], OPeriod]]] = [
    (r"\bquy (iv|iii|ii|i|[1-4]) ?(?:/|nam) ?(\d{4})\b",
     lambda m: quarter(int(m.group(2)), _ROMAN.get(m.group(1)) or int(m.group(1)))),
    (r"\b0?6 thang (dau|cuoi) nam (\d{4})\b",
     lambda m: half(int(m.group(2)), 1 if m.group(1) == "dau" else 2)),
    (r"\b0?9 thang (?:dau )?nam (\d{4})\b", lambda m: nine_months(int(m.group(1)))),
    (r"\bthang (\d{1,2}) ?(?:/|nam) ?(\d{4})\b",
     lambda m: month(int(m.group(2)), int(m.group(1)))),
    (r"\bnam (\d{4})\b", lambda m: year(int(m.group(1)))),
]


def period_in_title(title: str) -> OPeriod | None:
    """The one period a title names (DESIGN.md: the period may be inferred from the title);
    None when it names none or several."""
    text = _fold(title)
    found: set[OPeriod] = set()
    for pattern, build in _TITLE_PATTERNS:
        for m in re.finditer(pattern, text):
            try:
                found.add(build(m))
            except ValueError:
                return None
        text = re.sub(pattern, " ", text)
    return found.pop() if len(found) == 1 else None


def title_speaks_of_a_period(title: str) -> bool:
    """Whether a title has period words at all, read or not ("6 tháng đầu năm", "quý II")."""
    t = _fold(title)
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
        """Every owed period starting on or before ``until``."""
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


@dataclass(frozen=True)
class ORules:
    units: Mapping[str, OUnit]
    obligations: tuple[OObligation, ...]
    directives: Mapping[str, str]  # folded id or number -> directive id
    calendar: WorkDays
    obligation_ids: frozenset[tuple[str, str]] = frozenset()  # every kind, evaluated or not
    phrases: frozenset[str] = frozenset()  # every subject phrase of the rules, folded
    numbers: frozenset[str] = frozenset()  # every directive number the rules know
    unit_names: frozenset[str] = frozenset()  # folded names, aliases, short names, places
    longest_name: int = 0  # words in the longest of them
    # per title, which of its words are part of a unit's name (titles repeat by the thousand)
    name_masks: dict[str, list[bool]] = field(default_factory=dict, compare=False)


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
        )
        for u in reg.get("units") or ()
    }
    groups = {g["id"]: list(g["members"]) for g in reg.get("groups") or ()}
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
    for path in sorted((rules_dir / "directives").glob("*.y*ml")):
        doc = _read_yaml(path)
        d = doc["directive"]
        directives[_fold(d["id"])] = d["id"]
        if d.get("number"):
            directives[_fold(str(d["number"]))] = d["id"]
        outer = d.get("subject") or {}
        for ob in doc.get("obligations") or ():
            force = ob.get("in_force") or d["in_force"]
            inner = ob.get("subject") or {}
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
            obligations.append(OObligation(
                directive_id=d["id"],
                id=ob["id"],
                kind=ob["kind"],
                reporters=_expand(ob["reporters"], groups),
                recipient=ob["recipient"],
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
                per_code=tuple((e["period"], _deadline(e["deadline"], policies))
                               for e in schedule or () if isinstance(e, dict) and "deadline" in e),
                quantities=quantities,
                every_years=ob.get("every_years"),
                anchor=parse_date(ob["anchor"]) if ob.get("anchor") else None,
                summary=ob.get("summary", ""),
            ))
    ids = frozenset((ob.directive_id, ob.id) for ob in obligations)
    names = {_words(name) for u in units.values()
             for name in (u.name, *u.aliases, *u.short, u.place or "")} - {""}
    return ORules(units, tuple(obligations), directives, cal, ids,
                  frozenset(p for ob in obligations for p in ob.phrases),
                  frozenset(n for ob in obligations for n in ob.numbers), frozenset(names),
                  max((len(n.split()) for n in names), default=0))


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


def read_submission(index: int, rec: Mapping[str, Any], rules: ORules) -> OSubmission:
    sid = str(rec.get("id", f"#{index}"))
    bad = OSubmission(sid, index, valid=False)
    if any(rec.get(f) in (None, "") for f in ("id", "reporter", "recipient", "submitted_on")):
        return bad
    title = rec.get("title") if isinstance(rec.get("title"), str) else ""
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
    return OSubmission(
        id=sid,
        index=index,
        valid=True,
        reporter=resolve(rec["reporter"], rules.units),
        recipient=resolve(rec["recipient"], rules.units),
        submitted_on=submitted,
        sent_on=sent,
        period=period,
        directive=directive,
        obligation=str(ob) if ob not in (None, "") else None,
        title=title,
        other_directive=other,
        item=str(rec.get("item") or ""),
    )


# A register's column headers (folded) as the secretariat writes them.
_COLUMNS = {
    "ma": "id", "so hieu": "document_number", "so, ky hieu": "document_number",
    "so ky hieu": "document_number", "don vi gui": "reporter", "don vi bao cao": "reporter",
    "noi gui": "reporter", "noi nhan": "recipient", "don vi nhan": "recipient",
    "ngay den": "submitted_on", "ngay nhan": "submitted_on", "ngay gui": "sent_on",
    "ky bao cao": "period", "trich yeu": "title", "tieu de": "title",
}


def _column(header: str) -> str:
    return _COLUMNS.get(_fold(header), header.strip())


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
            out += [{_column(k): v for k, v in r.items() if k is not None} for r in rows]
            continue
        text = f.read_text(encoding="utf-8")
        data = json.loads(text) if f.suffix.lower() == ".json" else yaml.safe_load(text)
        if isinstance(data, dict):
            data = data.get("submissions")
        out += [dict(r) if isinstance(r, dict) else {} for r in data or ()]
    return out


# ---------------------------------------------------------------------------------------
# Evaluation

InstanceKey = tuple[str, str, str, str]  # directive id, obligation id, reporter, period label


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


def subject_of(s: OSubmission, ob: OObligation, rules: ORules) -> str:
    """"same", "other" or "unchecked": is this report about ``ob``'s subject?"""
    if s.other_directive:
        return "other"
    if s.obligation is not None or s.directive is not None:
        return "same"
    if not s.title:
        return "unchecked"
    # "chuyên đề" (thematic) is everyday; folded, its words would hide "chuyển đổi số"
    words = _words(re.sub(r"(?i)chuyên đề|thay thế", " ", s.title)).split()
    numbers = {_number(m.group(0)) for m in re.finditer(r"\d+\s*[-/]\s*([a-z]+)[\w&/-]*",
                                                          _fold(s.title))
               if m.group(1) in _ANSWERED}
    in_name = _in_unit_names(words, rules)
    rest = {w for w, named in zip(words, in_name, strict=True)
            if not named and not w.isdigit() and w not in _EVERYDAY}
    if any(_says(words, in_name, p) for p in ob.phrases) or numbers & ob.numbers:
        return "same"
    known = [p for p in rules.phrases if _says(words, in_name, p)]
    if known or numbers or len(rest) >= 2:
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


def carrier(unit: str, day: date, units: Mapping[str, OUnit]) -> str | None:
    """Who carries ``unit``'s duties on ``day``: itself, or its successor's line."""
    seen: set[str] = set()
    current: str | None = unit
    while current is not None and current not in seen:
        u = units.get(current)
        if u is None or u.valid_to is None or day <= u.valid_to:
            return current
        seen.add(current)
        current = u.successor
    return None


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


def is_item(s: OSubmission, reporter: str, owed: Mapping[InstanceKey, OObligation]) -> bool:
    """An item ("Tin: ...", "Phóng sự: ...") of a number of items the unit owes is no report:
    it counts towards those numbers only, whatever period it gives."""
    return any(k[2] == reporter and ob.kind == "quantity" and s.obligation in (None, ob.id)
               and _item_kind(s, ob) is not None for k, ob in owed.items())


def _candidates(
    s: OSubmission, reporter: str, rules: ORules, owed: Mapping[InstanceKey, OObligation]
) -> list[tuple[OObligation, InstanceKey]]:
    """The instances this report could be for, whatever its subject and recipient."""
    out: list[tuple[OObligation, InstanceKey]] = []
    item = is_item(s, reporter, owed)
    reviews: dict[tuple[str, str], tuple[OObligation, InstanceKey]] = {}
    for k, ob in owed.items():
        if k[2] != reporter:
            continue
        if s.directive is not None and ob.directive_id != s.directive:
            continue
        if s.obligation is not None and ob.id != s.obligation:
            continue
        if item and ob.kind != "quantity":
            continue
        p = _period_of_key(k, ob)
        if ob.kind == "review":
            # one window per review: the one ending nearest the receipt
            assert s.submitted_on is not None
            now = reviews.get((ob.directive_id, ob.id))
            far = abs((s.submitted_on - p.end).days)
            if _review_fits(s, ob, p) and (now is None or (far, p.end) < (
                    abs((s.submitted_on - _period_of_key(now[1], ob).end).days),
                    _period_of_key(now[1], ob).end)):
                reviews[(ob.directive_id, ob.id)] = (ob, k)
            continue
        if ob.kind in ("quantity", "ad_hoc"):
            if _dated_fits(s, ob, p):
                out.append((ob, k))
            continue
        if s.period is None:
            continue
        if ob.kind == "task":
            # A one-off task's deliverable must say which task it is (or its directive), or
            # be the report on the period the task covers (rules/README.md, `covers`).
            named = s.obligation == ob.id or s.directive == ob.directive_id
            if (named and s.period == p) or (ob.covers is not None and s.period == ob.covers):
                out.append((ob, k))
            continue
        plain = not ob.frequency.startswith("[")
        if s.period == p:
            out.append((ob, k))
        elif plain and s.period.kind == "year" and ob.frequency == "semiannual" \
                and p == half(s.period.start.year, 2):
            out.append((ob, k))  # the annual report stands for the second half
        elif plain and s.period.kind == "nine" and ob.frequency == "quarterly" \
                and p == quarter(s.period.start.year, 3):
            out.append((ob, k))  # the nine-month report stands for the third quarter
    return out + list(reviews.values())


def _period_of_key(k: InstanceKey, ob: OObligation) -> OPeriod:
    label = k[3]
    for p in ob.periods(date(9999, 1, 1)) if ob.kind == "review" else ():
        if p.label == label:
            return p
    for w in ob.windows:
        if w.label == label:
            return w
    if ".." in label:
        a, b = label.split("..")
        return window(date.fromisoformat(a), date.fromisoformat(b))
    return parse_period(label)


def _dated_fits(s: OSubmission, ob: OObligation, p: OPeriod) -> bool:
    """Quantity items by date and kind."""
    assert s.submitted_on is not None
    on = s.sent_on if ob.counts == "sent" and s.sent_on else s.submitted_on
    if ob.kind == "quantity":
        return p.start <= on <= p.end and _item_kind(s, ob) is not None
    return False


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


def evaluate(
    rules: ORules, records: Sequence[Mapping[str, Any]], as_of: date, since: date
) -> OResult:
    subs = [read_submission(i, r, rules) for i, r in enumerate(records)]
    owed, verdict_base = _expected(rules, as_of)
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
            dispositions[s.id] = "unknown_unit"
            continue
        reporter = carrier(s.reporter, s.submitted_on, rules.units) or s.reporter
        recipient = carrier(s.recipient, s.submitted_on, rules.units) or s.recipient
        if s.period is None and s.title and title_speaks_of_a_period(s.title):
            # a period phrase the oracle cannot read on its own: left, with everything it
            # could touch, undecided
            undecided.add(s.id)
            uncertain.add(reporter)
            continue
        cands = _candidates(s, reporter, rules, owed)
        if s.period is None and not is_item(s, reporter, owed) and not any(
                ob.kind == "review" for ob, _ in cands):
            p = infer_period(s, reporter, recipient, rules, owed, verdict_base)
            if p is not None:
                s = replace(s, period=p)
                cands = _candidates(s, reporter, rules, owed)
        relation = {k: subject_of(s, ob, rules) for ob, k in cands}
        fitting = [(ob, k) for ob, k in cands if relation[k] != "other"]
        routed = [(ob, k) for ob, k in fitting if recipient in verdict_base[k].routes]
        named = s.other_directive or s.directive is not None or s.obligation is not None or (
            bool(s.title) and any(r != "unchecked" for r in relation.values()))
        if not cands or not fitting:
            dispositions[s.id] = "unmatched"
            continue
        if not routed:
            dispositions[s.id] = "misrouted" if named else "unmatched"
            continue
        routed_of[s.index] = [k for _, k in routed]
        for ob, k in routed:
            counted = s.sent_on if ob.counts == "sent" and s.sent_on else s.submitted_on
            if ob.kind == "quantity":
                items.setdefault(k, []).append((counted, s.index, _item_kind(s, ob) or ""))
                continue
            if k not in first or (counted, s.index) < first[k]:
                first[k] = (counted, s.index)
    for k, found in items.items():
        ob = owed[k]
        need = {kind: n for kind, n, _ in ob.quantities}
        have = dict.fromkeys(need, 0)
        for day, idx, kind in sorted(found):
            have[kind] = have.get(kind, 0) + 1
            if all(have[x] >= need[x] for x in need):
                first[k] = (day, idx)
                break
    satisfies: dict[str, frozenset[InstanceKey]] = {}
    for s in subs:
        if s.index in routed_of:
            mine = frozenset(k for k in routed_of[s.index]
                             if (owed[k].kind == "quantity") or first[k][1] == s.index)
            dispositions[s.id] = "matched" if mine else "duplicate"
            if mine:
                satisfies[s.id] = mine

    instances: dict[InstanceKey, OVerdict] = {}
    for k, base in verdict_base.items():
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


def infer_period(
    s: OSubmission, reporter: str, recipient: str, rules: ORules,
    owed: Mapping[InstanceKey, OObligation], base: Mapping[InstanceKey, _Owed],
) -> OPeriod | None:
    """The one period a report naming none is about: the started period of the unit's periodic
    reports whose due date is nearest the receipt — looked for first among those on its subject
    its recipient may receive, then those on its subject, then all. At the same distance the
    earlier due date, then the earlier end, then the shorter period."""
    assert s.submitted_on is not None
    day = s.submitted_on
    found: list[list[tuple[Any, ...]]] = [[], [], []]
    for k, ob in owed.items():
        if k[2] != reporter or ob.kind != "periodic":
            continue
        if s.directive not in (None, ob.directive_id) or s.obligation not in (None, ob.id):
            continue
        b = base[k]
        if b.period.start > day:
            continue  # no report on a period that has not begun
        rank = (abs((day - b.due).days), b.due, b.period.end, b.period.end - b.period.start,
                b.period.label, b.period)
        found[2].append(rank)
        if subject_of(s, ob, rules) != "other":
            found[1].append(rank)
            if recipient in b.routes:
                found[0].append(rank)
    for ranks in found:
        if ranks:
            return min(ranks)[-1]  # type: ignore[no-any-return]
    return None


@dataclass(frozen=True)
class _Owed:
    period: OPeriod
    due: date
    routes: frozenset[str]
    excused: bool  # the unit or the recipient ceased with nobody after it


def _expected(
    rules: ORules, as_of: date
) -> tuple[dict[InstanceKey, OObligation], dict[InstanceKey, _Owed]]:
    """Every report owed for periods started by ``as_of`` (a year ahead, for matching)."""
    owed: dict[InstanceKey, OObligation] = {}
    base: dict[InstanceKey, _Owed] = {}
    until = date(as_of.year + 1, 12, 31)
    for ob in rules.obligations:
        for p in ob.periods(until):
            deadline = ob.deadline_for(p)
            if deadline is None:
                continue
            due = due_date(deadline, p, rules.calendar)
            recipient = carrier(ob.recipient, due, rules.units)
            routes = {recipient or ob.recipient}
            routes |= {carrier(v, due, rules.units) or v for v in ob.vias}
            for r in sorted(ob.reporters):
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
                k = (ob.directive_id, ob.id, who, p.label)
                owed[k] = ob
                base[k] = _Owed(p, due, frozenset(routes), gone or recipient is None)
    return owed, base


def evaluate_paths(
    rules_dir: Path, submission_paths: Sequence[Path], as_of: date, since: date
) -> OResult:
    return evaluate(load_rules(rules_dir), read_records(submission_paths), as_of, since)
