"""Reporting periods: canonical labels, Vietnamese phrases, expansion and cut-off windows.

A period has one canonical label (``2022``, ``2022-H1``, ``2022-Q3``, ``2022-05``,
``2022-07-01..2023-03-31``) so that a submission's period and an expected instance's period
meet as equal keys, however the user wrote it ("6 tháng đầu năm 2022", "quý III/2022").

>>> parse_period("Quý III/2022").label
'2022-Q3'
>>> parse_period("9 tháng đầu năm 2024").label
'2024-9M'
>>> [p.label for p in periods_for(Frequency.SEMIANNUAL_AND_ANNUAL, date(2022, 1, 1),
...                               date(2022, 12, 31))]
['2022-H1', '2022']
"""

from __future__ import annotations

import calendar as _stdcal
import functools
import re
from collections.abc import Callable
from datetime import date, timedelta

from engine.model import DataSpan, Frequency, Period, PeriodKind
from engine.time.dates import fold_vietnamese, parse_date

__all__ = [
    "FREQUENCY_CODES",
    "PeriodParseError",
    "code_of",
    "contains",
    "cutoff_window",
    "half",
    "month",
    "nine_months",
    "parse_period",
    "period_code_problem",
    "period_of",
    "periods_for",
    "quarter",
    "schedule_periods",
    "window",
    "year",
]

_ACCEPTED = (
    "expected a period like 2022, 2022-H1, 2022-Q3, 2022-05, 2022-9M, 2022-07-01..2023-03-31, "
    "'năm 2022', '6 tháng đầu năm 2022', '6 tháng cuối năm 2022', '9 tháng đầu năm 2022', "
    "'quý III/2022', 'Quý 3 năm 2022', 'Q3/2022', 'H1/2022', 'tháng 5/2022', 'tháng 5 năm 2022' "
    "or '05/2022'"
)


class PeriodParseError(ValueError):
    """A period a user wrote that baocao cannot read; the message lists the accepted forms."""


# ---------------------------------------------------------------------------------------
# Constructors


def _check_year(y: int) -> None:
    if not 1000 <= y <= 9999:
        raise ValueError(f"year must have four digits (1000..9999), got {y}")


def year(y: int) -> Period:
    _check_year(y)
    return Period(date(y, 1, 1), date(y, 12, 31), PeriodKind.YEAR, f"{y}")


def half(y: int, h: int) -> Period:
    _check_year(y)
    if h not in (1, 2):
        raise ValueError(f"half must be 1 or 2, got {h}")
    if h == 1:
        return Period(date(y, 1, 1), date(y, 6, 30), PeriodKind.HALF, f"{y}-H1")
    return Period(date(y, 7, 1), date(y, 12, 31), PeriodKind.HALF, f"{y}-H2")


def quarter(y: int, q: int) -> Period:
    _check_year(y)
    if not 1 <= q <= 4:
        raise ValueError(f"quarter must be 1..4, got {q}")
    first = 3 * q - 2
    return Period(date(y, first, 1), _month_end(y, first + 2), PeriodKind.QUARTER, f"{y}-Q{q}")


def month(y: int, m: int) -> Period:
    _check_year(y)
    if not 1 <= m <= 12:
        raise ValueError(f"month must be 1..12, got {m}")
    return Period(date(y, m, 1), _month_end(y, m), PeriodKind.MONTH, f"{y}-{m:02d}")


def nine_months(y: int) -> Period:
    """"9 tháng đầu năm": January to September, cumulative (NĐ 09/2019's third report)."""
    _check_year(y)
    return Period(date(y, 1, 1), date(y, 9, 30), PeriodKind.NINE_MONTHS, f"{y}-9M")


# Codes of the periods of one year, as a schedule lists them ("[Q1, H1, 9M, Y]").
_CODE = re.compile(r"(?P<k>Q|H|M)(?P<n>\d{1,2})|(?P<fixed>9M|Y)")


def period_code_problem(code: str) -> str | None:
    """Why ``code`` is not a period code (None when it is one)."""
    m = _CODE.fullmatch(code)
    if m is None:
        return (f"{code!r} is not a period code; expected Y (the year), H1, H2, Q1..Q4, 9M "
                "(January to September) or M1..M12")
    limits = {"Q": 4, "H": 2, "M": 12}
    if m["k"] and not 1 <= int(m["n"]) <= limits[m["k"]]:
        return f"{code!r} is out of range; expected {m['k']}1..{m['k']}{limits[m['k']]}"
    return None


def period_of(code: str, y: int) -> Period:
    """The period ``code`` names in year ``y``: ``period_of("Q3", 2022).label == "2022-Q3"``."""
    m = _CODE.fullmatch(code)
    if m is None:
        raise ValueError(period_code_problem(code))
    if m["fixed"] == "Y":
        return year(y)
    if m["fixed"] == "9M":
        return nine_months(y)
    n = int(m["n"])
    return {"Q": quarter, "H": half, "M": month}[m["k"]](y, n)


def code_of(period: Period) -> str | None:
    """The inverse of ``period_of`` for calendar periods (None for a window)."""
    kind = period.kind
    if kind is PeriodKind.YEAR:
        return "Y"
    if kind is PeriodKind.NINE_MONTHS:
        return "9M"
    if kind is PeriodKind.WINDOW:
        return None
    return {PeriodKind.HALF: "H", PeriodKind.QUARTER: "Q", PeriodKind.MONTH: "M"}[kind] + \
        str(int(period.label.rsplit("-", 1)[1].lstrip("HQ")))


FREQUENCY_CODES: dict[Frequency, tuple[str, ...]] = {
    Frequency.MONTHLY: tuple(f"M{m}" for m in range(1, 13)),
    Frequency.QUARTERLY: ("Q1", "Q2", "Q3", "Q4"),
    Frequency.SEMIANNUAL: ("H1", "H2"),
    Frequency.SEMIANNUAL_AND_ANNUAL: ("H1", "Y"),
    Frequency.ANNUAL: ("Y",),
}


def window(start: date, end: date) -> Period:
    """An explicit from..to window of a one-off task ("từ 01/7/2022 đến 31/3/2023")."""
    if end < start:
        raise ValueError(f"a window ends before it starts: {start.isoformat()}..{end.isoformat()}")
    return Period(start, end, PeriodKind.WINDOW, f"{start.isoformat()}..{end.isoformat()}")


def _month_end(y: int, m: int) -> date:
    return date(y, m, _stdcal.monthrange(y, m)[1])


# ---------------------------------------------------------------------------------------
# Parsing. Everything is matched on the folded text (lower case, no diacritics, đ→d).

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_SEP = r"(?:\s*[/-]\s*|\s+nam\s+|\s+)"  # "quý III/2022", "quý 3 năm 2022", "Q3 2022"
_ISO_DAY = r"\d{4}-\d{1,2}-\d{1,2}"
_DMY_DAY = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
_ANY_DAY = rf"(?:{_ISO_DAY}|{_DMY_DAY})"

_Builder = Callable[[re.Match[str]], Period]


def _year_of(m: re.Match[str]) -> Period:
    return year(int(m["y"]))


def _half_of(m: re.Match[str]) -> Period:
    return half(int(m["y"]), int(m["h"]))


def _half_words(m: re.Match[str]) -> Period:
    return half(int(m["y"]), 1 if m["side"] == "dau" else 2)


def _quarter_of(m: re.Match[str]) -> Period:
    return quarter(int(m["y"]), _ROMAN[m["q"]])


def _month_of(m: re.Match[str]) -> Period:
    return month(int(m["y"]), int(m["m"]))


def _half_of_first(m: re.Match[str]) -> Period:
    """"6 tháng năm 2022": said alone, six months are the first half."""
    return half(int(m["y"]), 1)


def _nine_of(m: re.Match[str]) -> Period:
    return nine_months(int(m["y"]))


def _window_of(m: re.Match[str]) -> Period:
    return window(parse_date(m["a"]), parse_date(m["b"]))


_WINDOW_WORDS = (
    rf"(?:tu\s+)?(?:ngay\s+)?(?P<a>{_ANY_DAY})\s+(?:den|toi)\s+(?:het\s+)?(?:ngay\s+)?"
    rf"(?P<b>{_ANY_DAY})"
)
_WINDOW_LABEL = rf"(?P<a>{_ISO_DAY})\s*\.\.\s*(?P<b>{_ISO_DAY})"
_HALF_WORDS = r"0?6\s+thang\s+(?P<side>dau|cuoi)(?:\s+nam)?\s*[/-]?\s*(?P<y>\d{4})"
_NINE_WORDS = r"0?9\s+thang(?:\s+dau)?(?:\s+nam)?\s*[/-]?\s*(?P<y>\d{4})"
# Roman numerals longest first; "quí" is the older spelling of "quý".
_QUARTER_WORDS = rf"qu[yi]\s+(?P<q>iv|iii|ii|i|[1-4]){_SEP}(?P<y>\d{{4}})"
_QUARTER_SHORT = rf"q(?P<q>[1-4]){_SEP}(?P<y>\d{{4}})"
_HALF_SHORT = rf"h(?P<h>[12]){_SEP}(?P<y>\d{{4}})"
_MONTH_WORDS = rf"thang\s+(?P<m>\d{{1,2}}){_SEP}(?P<y>\d{{4}})"

# Whole-text forms accepted by parse_period, tried in order.
_FULL: tuple[tuple[re.Pattern[str], _Builder], ...] = tuple(
    (re.compile(pattern), builder)
    for pattern, builder in (
        (r"(?P<y>\d{4})", _year_of),
        (r"(?P<y>\d{4})-h(?P<h>[12])", _half_of),
        (r"(?P<y>\d{4})-q(?P<q>[1-4])", _quarter_of),
        (r"(?P<y>\d{4})-9m", _nine_of),
        (r"(?P<y>\d{4})-(?P<m>\d{1,2})", _month_of),
        (_WINDOW_LABEL, _window_of),
        (_WINDOW_WORDS, _window_of),
        (r"(?:ca\s+|trong\s+)?nam\s+(?P<y>\d{4})", _year_of),
        (_HALF_WORDS, _half_words),
        (r"0?6\s+thang(?:\s+nam)?\s*[/-]?\s*(?P<y>\d{4})", _half_of_first),
        (_NINE_WORDS, _nine_of),
        (r"9m\s*[/-]?\s*(?P<y>\d{4})", _nine_of),
        (_HALF_SHORT, _half_of),
        (_QUARTER_WORDS, _quarter_of),
        (_QUARTER_SHORT, _quarter_of),
        (_MONTH_WORDS, _month_of),
        (r"(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})", _month_of),
    )
)


def parse_period(text: str) -> Period:
    """Read a period label or a Vietnamese period phrase (any case, with or without diacritics).

    >>> parse_period("6 thang dau nam 2022").label
    '2022-H1'
    >>> parse_period("tháng 5 năm 2022").label
    '2022-05'
    """
    if not isinstance(text, str):
        raise PeriodParseError(f"{_ACCEPTED}, got {text!r}")
    return _parse_text(text)


@functools.lru_cache(maxsize=1 << 14)
def _parse_text(text: str) -> Period:
    """Each distinct label is read once (a register repeats a few hundred of them)."""
    folded = fold_vietnamese(text)
    for pattern, builder in _FULL:
        if m := pattern.fullmatch(folded):
            try:
                return builder(m)
            except ValueError as exc:
                raise PeriodParseError(f"{_ACCEPTED}, got {text!r}: {exc}") from None
    raise PeriodParseError(f"{_ACCEPTED}, got {text!r}")


# ---------------------------------------------------------------------------------------
# Expansion, cut-off windows


def schedule_periods(codes: tuple[str, ...], start: date, end: date) -> list[Period]:
    """Every period of a schedule that overlaps [start, end], in order of their end dates.

    ``("H1", "Y")`` ("6 tháng và năm") gives the first half, then the year, each year.
    """
    if end < start:
        raise ValueError(f"the range ends before it starts: {start.isoformat()}..{end.isoformat()}")
    found = [
        p for y in range(start.year, end.year + 1) for code in codes
        if (p := period_of(code, y)).start <= end and p.end >= start
    ]
    return sorted(found, key=lambda p: (p.end, p.start))


def periods_for(freq: Frequency, start: date, end: date) -> list[Period]:
    """Every period of ``freq`` that overlaps [start, end], in chronological order."""
    if freq not in FREQUENCY_CODES:
        raise ValueError(
            f"frequency {freq.value!r} has no calendar periods; expected one of "
            "monthly, quarterly, semiannual, semiannual_and_annual, annual"
        )
    return schedule_periods(FREQUENCY_CODES[freq], start, end)


def _previous_month_15(d: date) -> date:
    return date(d.year - 1, 12, 15) if d.month == 1 else date(d.year, d.month - 1, 15)


def cutoff_window(p: Period) -> tuple[date, date] | None:
    """The data window of a periodic report (Nghị định 09/2019/NĐ-CP, Điều 12).

    From the 15th of the month before the period to the 14th of its last month; this is
    why deadlines cluster just after the 14th. A task's explicit window has none.

    >>> cutoff_window(quarter(2022, 1))
    (datetime.date(2021, 12, 15), datetime.date(2022, 3, 14))
    """
    if p.kind is PeriodKind.WINDOW:
        return None
    return _previous_month_15(p.start), date(p.end.year, p.end.month, 14)


def stated_window(span: DataSpan, p: Period) -> tuple[date, date] | None:
    """The data window a text states, on period ``p`` (a day past a month's end is its last
    day: "đến ngày 31" in a 30-day month).

    >>> stated_window(DataSpan(15, "previous", 14, "last"), quarter(2022, 1))
    (datetime.date(2021, 12, 15), datetime.date(2022, 3, 14))
    """
    if p.kind is PeriodKind.WINDOW:
        return None

    def day_of(month: str, day: int) -> date:
        y, m = (p.end.year, p.end.month) if month == "last" else (p.start.year, p.start.month)
        if month == "previous":
            y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        last = (date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)) - timedelta(days=1)
        return date(y, m, min(day, last.day))

    return day_of(span.from_month, span.from_day), day_of(span.to_month, span.to_day)


def contains(outer: Period, inner: Period) -> bool:
    """Whether ``inner`` lies wholly inside ``outer`` (the year 2022 contains 2022-H2)."""
    return outer.start <= inner.start and inner.end <= outer.end


# How much of a period's end a report on it can be written in, by default (issue 14): a
# report is written after what it reports on. A year: its last two months (year-end reports
# often precede December's conferences); a quarter, a half or nine months: the last month; a
# month: its second half; an explicit window (a task): from its start.
_DEFAULT_MONTHS = {PeriodKind.YEAR: 2, PeriodKind.HALF: 1, PeriodKind.QUARTER: 1,
                   PeriodKind.NINE_MONTHS: 1}


def report_opens(p: Period, months_before_end: int | None = None,
                 days_before_end: int | None = None, period_start: bool = False) -> date:
    """The first day a report on ``p`` can be received and count for it.

    >>> report_opens(year(2022)), report_opens(quarter(2022, 3)), report_opens(month(2022, 2))
    (datetime.date(2022, 11, 1), datetime.date(2022, 9, 1), datetime.date(2022, 2, 16))
    >>> report_opens(year(2022), months_before_end=6)
    datetime.date(2022, 7, 1)
    >>> report_opens(half(2022, 1), days_before_end=10)
    datetime.date(2022, 6, 20)
    """
    if period_start or p.kind is PeriodKind.WINDOW:
        return p.start
    if days_before_end is not None:
        return max(p.start, date.fromordinal(p.end.toordinal() - days_before_end))
    if p.kind is PeriodKind.MONTH and months_before_end is None:
        return p.start.replace(day=16)
    months = months_before_end or _DEFAULT_MONTHS.get(p.kind, 1)
    index = p.end.year * 12 + p.end.month - 1 - (months - 1)
    return max(p.start, date(index // 12, index % 12 + 1, 1))
