"""Reporting periods: canonical labels, Vietnamese phrases, expansion and cut-off windows.

A period has one canonical label (``2022``, ``2022-H1``, ``2022-Q3``, ``2022-05``,
``2022-07-01..2023-03-31``) so that a submission's period and an expected instance's period
meet as equal keys, however the user wrote it ("6 tháng đầu năm 2022", "quý III/2022").

>>> parse_period("Quý III/2022").label
'2022-Q3'
>>> [p.label for p in periods_for(Frequency.SEMIANNUAL_AND_ANNUAL, date(2022, 1, 1),
...                               date(2022, 12, 31))]
['2022-H1', '2022']
"""

from __future__ import annotations

import calendar as _stdcal
import re
from collections.abc import Callable, Iterator
from datetime import date

from engine.model import Frequency, Period, PeriodKind
from engine.time.dates import fold_vietnamese, parse_date

__all__ = [
    "PeriodParseError",
    "contains",
    "cutoff_window",
    "find_period_in_text",
    "half",
    "month",
    "parse_period",
    "periods_for",
    "quarter",
    "window",
    "year",
]

_ACCEPTED = (
    "expected a period like 2022, 2022-H1, 2022-Q3, 2022-05, 2022-07-01..2023-03-31, "
    "'năm 2022', '6 tháng đầu năm 2022', '6 tháng cuối năm 2022', 'quý III/2022', "
    "'Quý 3 năm 2022', 'Q3/2022', 'H1/2022', 'tháng 5/2022', 'tháng 5 năm 2022' or '05/2022'"
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


def _window_of(m: re.Match[str]) -> Period:
    return window(parse_date(m["a"]), parse_date(m["b"]))


_WINDOW_WORDS = (
    rf"(?:tu\s+)?(?:ngay\s+)?(?P<a>{_ANY_DAY})\s+(?:den|toi)\s+(?:het\s+)?(?:ngay\s+)?"
    rf"(?P<b>{_ANY_DAY})"
)
_WINDOW_LABEL = rf"(?P<a>{_ISO_DAY})\s*\.\.\s*(?P<b>{_ISO_DAY})"
_HALF_WORDS = r"0?6\s+thang\s+(?P<side>dau|cuoi)(?:\s+nam)?\s*[/-]?\s*(?P<y>\d{4})"
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
        (r"(?P<y>\d{4})-(?P<m>\d{1,2})", _month_of),
        (_WINDOW_LABEL, _window_of),
        (_WINDOW_WORDS, _window_of),
        (r"(?:ca\s+|trong\s+)?nam\s+(?P<y>\d{4})", _year_of),
        (_HALF_WORDS, _half_words),
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
    folded = fold_vietnamese(text)
    for pattern, builder in _FULL:
        if m := pattern.fullmatch(folded):
            try:
                return builder(m)
            except ValueError as exc:
                raise PeriodParseError(f"{_ACCEPTED}, got {text!r}: {exc}") from None
    raise PeriodParseError(f"{_ACCEPTED}, got {text!r}")


# Searches inside a title, in priority order: a phrase that is found is blanked out so that
# its pieces ("năm 2022" inside "6 tháng đầu năm 2022") are not found again.
_B = r"(?<![\w/.-])"  # phrase start: not inside a number, a word or a document number
_E = r"(?![\w/-])"  # phrase end
_IN_TEXT: tuple[tuple[re.Pattern[str], _Builder | None], ...] = tuple(
    (re.compile(_B + pattern + _E), builder)
    for pattern, builder in (
        (_WINDOW_LABEL, _window_of),
        (_WINDOW_WORDS, _window_of),
        # Dates are not periods: "ngày 13 tháng 12 năm 2021" must not read as December 2021.
        (r"(?:ngay\s+)?\d{1,2}\s+thang\s+\d{1,2}\s*,?\s+nam\s+\d{4}", None),
        (r"(?P<y>\d{4})-h(?P<h>[12])", _half_of),
        (r"(?P<y>\d{4})-q(?P<q>[1-4])", _quarter_of),
        (_HALF_WORDS, _half_words),
        (_QUARTER_WORDS, _quarter_of),
        (_QUARTER_SHORT, _quarter_of),
        (_HALF_SHORT, _half_of),
        (_MONTH_WORDS, _month_of),
        (r"nam\s+(?P<y>\d{4})(?!\s*[-–]\s*\d)", _year_of),
    )
)

# Left over after the searches above, these mean a period we could not read completely
# ("9 tháng năm 2022", "quý I, II năm 2022", "tháng 5, 6/2022"): the title is ambiguous.
# "thắng" folds to "thang" too, hence months only ("Chiến thắng 30/4" is not a month).
_DANGLING = re.compile(
    _B
    + r"(?:qu[yi]\s+(?:iv|iii|ii|i|[1-4])|thang\s+(?:0?[1-9]|1[0-2])|\d{1,2}\s+thang|q[1-4]|h[12])"
    + _E
)


def find_period_in_text(text: str) -> Period | None:
    """The one period named in a report title, or None when there is none or more than one.

    Never guesses: two different periods, or a period phrase that cannot be read completely,
    give None.

    >>> find_period_in_text("Báo cáo thi đua quý II/2022").label
    '2022-Q2'
    >>> find_period_in_text("Báo cáo năm 2022 và kế hoạch năm 2023") is None
    True
    """
    folded = fold_vietnamese(text)
    found: set[Period] = set()
    for pattern, builder in _IN_TEXT:
        for m in list(pattern.finditer(folded)):
            if builder is not None:
                try:
                    found.add(builder(m))
                except ValueError:
                    return None  # "tháng 13/2022": a period phrase, but not a period
            folded = folded[: m.start()] + " " * (m.end() - m.start()) + folded[m.end() :]
    if len(found) != 1 or _DANGLING.search(folded):
        return None
    return found.pop()


# ---------------------------------------------------------------------------------------
# Expansion, cut-off windows


def _candidates(freq: Frequency, start: date, end: date) -> Iterator[Period]:
    for y in range(start.year, end.year + 1):
        if freq is Frequency.MONTHLY:
            yield from (month(y, m) for m in range(1, 13))
        elif freq is Frequency.QUARTERLY:
            yield from (quarter(y, q) for q in range(1, 5))
        elif freq is Frequency.SEMIANNUAL:
            yield from (half(y, 1), half(y, 2))
        elif freq is Frequency.SEMIANNUAL_AND_ANNUAL:
            yield from (half(y, 1), year(y))
        elif freq is Frequency.ANNUAL:
            yield year(y)
        else:
            raise ValueError(
                f"frequency {freq.value!r} has no calendar periods; expected one of "
                "monthly, quarterly, semiannual, semiannual_and_annual, annual"
            )


def periods_for(freq: Frequency, start: date, end: date) -> list[Period]:
    """Every period of ``freq`` that overlaps [start, end], in chronological order.

    "6 tháng và năm" gives the first half, then the year (which covers the second half).
    """
    if end < start:
        raise ValueError(f"the range ends before it starts: {start.isoformat()}..{end.isoformat()}")
    return [p for p in _candidates(freq, start, end) if p.start <= end and p.end >= start]


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


def contains(outer: Period, inner: Period) -> bool:
    """Whether ``inner`` lies wholly inside ``outer`` (the year 2022 contains 2022-H2)."""
    return outer.start <= inner.start and inner.end <= outer.end
