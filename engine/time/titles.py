"""The period a report's title names, read the way offices write titles.

"Báo cáo kết quả 9 tháng đầu năm 2024", "Báo cáo quý IV và năm 2022", "Báo cáo năm 2022 và
phương hướng năm 2023", "Báo cáo 6 tháng đầu năm" (no year: the receipt date says which).
Never guesses: a period phrase that cannot be read completely ("quý I, II năm 2022") or two
unrelated periods are a *problem* the secretariat must resolve, not a silent choice.

>>> read_title_period("Báo cáo thi đua quý II/2022", None).period.label
'2022-Q2'
>>> read_title_period("Báo cáo năm 2022 và phương hướng nhiệm vụ năm 2023", None).period.label
'2022'
>>> read_title_period("Báo cáo 6 tháng đầu năm", date(2022, 6, 25)).period.label
'2022-H1'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from engine.model import Period
from engine.time.dates import fold_vietnamese, parse_date
from engine.time.periods import contains, period_of, window

__all__ = ["TitlePeriod", "read_title_period"]

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Q = r"(?:iv|iii|ii|i|[1-4])"
_YEAR = r"(?:\s*[/-]\s*|\s+nam\s+|\s+)(?P<y>\d{4})"  # "quý III/2022", "quý 3 năm 2022"
_OPT_YEAR = rf"(?:{_YEAR})?"
_ISO_DAY = r"\d{4}-\d{1,2}-\d{1,2}"
_DMY_DAY = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
_ANY_DAY = rf"(?:{_ISO_DAY}|{_DMY_DAY})"
_B = r"(?<![\w/.-])"  # phrase start: not inside a number, a word or a document number
_E = r"(?![\w/-])"  # phrase end
# A plan for a later period ("và phương hướng năm 2023"), said after the report's own period.
_FORWARD = re.compile(
    r"(?:\bva\b|,|;|-)\s*(?:\w+\s+){0,3}?(?:phuong huong|ke hoach|nhiem vu|trien khai|"
    r"du kien|muc tieu|trong tam)\b"
)
# Not periods: dates ("ngày 13 tháng 12 năm 2021"), and lists of several periods.
_SKIP = re.compile(_B + r"(?:ngay\s+)?\d{1,2}\s+thang\s+\d{1,2}(?:\s*,?\s+nam\s+\d{4})?" + _E)
_LISTS = re.compile(
    _B + rf"(?:qu[yi]\s+{_Q}(?:\s*(?:,|va|\+|&)\s*(?:qu[yi]\s+)?{_Q})+"
    r"|thang\s+\d{1,2}(?:\s*(?:,|va|\+|&)\s*(?:thang\s+)?\d{1,2})+)(?![\w-])"
)


@dataclass(frozen=True)
class _Found:
    code: str | None  # a period code ("Q3", "9M", "Y"); None for an explicit window
    year: int | None
    explicit: Period | None
    start: int  # where it was written, for the forward-looking test


def _spec(code: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], _Found]:
    def build(m: re.Match[str]) -> _Found:
        y = m.groupdict().get("y")
        return _Found(code(m), int(y) if y else None, None, m.start())

    return build


def _window(m: re.Match[str]) -> _Found:
    return _Found(None, None, window(parse_date(m["a"]), parse_date(m["b"])), m.start())


_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Found]], ...] = tuple(
    (re.compile(_B + pattern + _E), builder)
    for pattern, builder in (
        (rf"(?P<a>{_ISO_DAY})\s*\.\.\s*(?P<b>{_ISO_DAY})", _window),
        (rf"(?:tu\s+)?(?:ngay\s+)?(?P<a>{_ANY_DAY})\s+(?:den|toi)\s+(?:het\s+)?(?:ngay\s+)?"
         rf"(?P<b>{_ANY_DAY})", _window),
        (r"(?P<y>\d{4})-h(?P<h>[12])", _spec(lambda m: f"H{m['h']}")),
        (r"(?P<y>\d{4})-q(?P<q>[1-4])", _spec(lambda m: f"Q{m['q']}")),
        (r"(?P<y>\d{4})-9m", _spec(lambda m: "9M")),
        (rf"0?9\s+thang(?:\s+dau)?(?:\s+nam)?{_OPT_YEAR}", _spec(lambda m: "9M")),
        (rf"0?6\s+thang\s+(?P<side>dau|cuoi)(?:\s+nam)?{_OPT_YEAR}",
         _spec(lambda m: "H1" if m["side"] == "dau" else "H2")),
        (rf"0?6\s+thang(?:\s+nam)?{_OPT_YEAR}", _spec(lambda m: "H1")),
        (rf"qu[yi]\s+(?P<q>{_Q}){_OPT_YEAR}", _spec(lambda m: f"Q{_ROMAN[m['q']]}")),
        (rf"q(?P<q>[1-4]){_YEAR}", _spec(lambda m: f"Q{m['q']}")),
        (rf"h(?P<h>[12]){_YEAR}", _spec(lambda m: f"H{m['h']}")),
        (rf"thang\s+(?P<m>0?[1-9]|1[0-2]){_OPT_YEAR}", _spec(lambda m: f"M{int(m['m'])}")),
        (r"(?:ca\s+)?nam\s+(?P<y>\d{4})(?!\s*[-–]\s*\d)", _spec(lambda m: "Y")),
    )
)
# Left over after the searches above: a period phrase we could not read completely.
# "thắng" folds to "thang" too, hence months only ("Chiến thắng 30/4" is not a month).
# "Quý" is also a heavenly stem: "Tết Quý Mão", "năm Quý Tỵ" name a year, not a quarter.
_BRANCHES = r"(?:ty|ti|suu|dan|mao|meo|thin|ngo|mui|than|dau|tuat|hoi)\b"
_DANGLING = re.compile(
    _B + rf"(?:qu[yi]\s+(?!{_BRANCHES})\w+|thang\s+(?:0?[1-9]|1[0-2])(?!\d)"
    r"|thang\s+\d{1,2}\s*[/-]\s*\d{4}|\d{1,2}\s+thang|q[1-4]|h[12])"
)
# What joins a year's own report to a shorter period's ("quý IV và năm 2022"): without it,
# "năm 2022" after a period is that period's year ("sơ kết 6 tháng … năm 2022").
_JOINED = re.compile(r"(?:\bva|\bhoac|,|;|&|\+|-)\s*(?:ca\s+)?$")


@dataclass(frozen=True)
class TitlePeriod:
    period: Period | None
    year_inferred: bool = False  # the title named no year: the receipt date gave it
    problem: str | None = None  # an unreadable or ambiguous period phrase (English)


def read_title_period(title: str, received: date | None) -> TitlePeriod:
    """The one period ``title`` names, with the year from ``received`` when it names none."""
    return _read(title, received)


@functools.lru_cache(maxsize=1 << 16)
def _read(title: str, received: date | None) -> TitlePeriod:
    """Titles repeat across units and periods ("Báo cáo quý I/2022"): each read once."""
    folded = fold_vietnamese(title)
    if m := _LISTS.search(folded):
        return TitlePeriod(None, problem=f"the title names several periods at once "
                                         f"({m.group(0)!r}); say which one in the period column")
    folded = _SKIP.sub(lambda m: " " * len(m.group(0)), folded)
    found: list[_Found] = []
    for pattern, builder in _PATTERNS:
        for m in list(pattern.finditer(folded)):
            try:
                found.append(builder(m))
            except ValueError:
                return TitlePeriod(None, problem=f"{m.group(0)!r} is not a real period")
            folded = folded[: m.start()] + " " * (m.end() - m.start()) + folded[m.end():]
    if d := _DANGLING.search(folded):
        return TitlePeriod(None, problem=f"the title names a period baocao cannot read "
                                         f"({d.group(0)!r}); write it in the period column, "
                                         "e.g. 2022-Q3")
    if not found:
        return TitlePeriod(None)
    return _choose(found, fold_vietnamese(title), received)


def _choose(found: list[_Found], folded: str, received: date | None) -> TitlePeriod:
    years = {f.year for f in found if f.year is not None}
    found = _years_of(found, folded)
    inferred = False
    periods: list[tuple[Period, int]] = []
    for f in found:
        if f.explicit is not None:
            periods.append((f.explicit, f.start))
            continue
        assert f.code is not None
        y = f.year if f.year is not None else (next(iter(years)) if len(years) == 1 else None)
        if y is None:
            if received is None:
                return TitlePeriod(None, problem="the title names a period without its year "
                                                 "and the record has no receipt date")
            y, inferred = _nearest_year(f.code, received), True
        try:
            periods.append((period_of(f.code, y), f.start))
        except ValueError as exc:
            return TitlePeriod(None, problem=str(exc))
    distinct = {p for p, _ in periods}
    if len(distinct) > 1:
        forward = _FORWARD.search(folded)
        if forward is not None:  # "năm 2022 và phương hướng năm 2023": the plan is not the report
            own = {p for p, at in periods if at < forward.start()}
            if own:
                distinct = own
    if len(distinct) > 1:
        container = [p for p in distinct if all(contains(p, q) for q in distinct)]
        if not container:
            shown = ", ".join(sorted(p.label for p in distinct))
            return TitlePeriod(None, problem=f"the title names several periods ({shown}); "
                                             "say which one in the period column")
        distinct = {container[0]}
    return TitlePeriod(distinct.pop(), year_inferred=inferred)


def _years_of(found: list[_Found], folded: str) -> list[_Found]:
    """"Báo cáo sơ kết 6 tháng thực hiện Cuộc vận động năm 2022" is the first half of 2022:
    a "năm YYYY" written after a period without its year, not joined to it by "và" or a
    comma, is that period's year, not a report on the year.

    >>> read_title_period("Báo cáo sơ kết 6 tháng thực hiện Cuộc vận động năm 2022",
    ...                   None).period.label
    '2022-H1'
    >>> read_title_period("Báo cáo quý IV và năm 2022", None).period.label
    '2022'
    """
    yearless = [f.start for f in found if f.code not in (None, "Y") and f.year is None]
    if not yearless:
        return found
    kept = []
    for f in found:
        if (f.code == "Y" and any(at < f.start for at in yearless)
                and not _JOINED.search(folded[:f.start])):
            continue
        kept.append(f)
    return kept


def _nearest_year(code: str, received: date) -> int:
    """The latest year whose period ``code`` has ended by the receipt, or ends within 45 days
    of it (a report comes shortly before or after the end of its period, never months ahead)."""
    years = (received.year - 1, received.year, received.year + 1)
    ended = [y for y in years if period_of(code, y).end <= received + _AHEAD]
    return max(ended) if ended else received.year - 1


_AHEAD = timedelta(days=45)
