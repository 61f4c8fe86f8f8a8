"""Dates as Vietnamese offices write them.

Submissions arrive from registers, e-mails and spreadsheets, so one date shows up as
``2022-06-14``, ``14/6/2022`` or "ngày 14 tháng 6 năm 2022". Day-first is the only reading:
Vietnamese practice never writes month-first, and guessing between the two would silently
move deadlines.

>>> parse_date("ngày 14 tháng 6 năm 2022")
datetime.date(2022, 6, 14)
>>> parse_date("14/6/2022") == parse_date("2022-06-14")
True
"""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import date, datetime

__all__ = ["CALENDAR_YEARS", "FIRST_DAY", "LAST_DAY", "DateParseError", "fold_vietnamese",
           "in_span", "parse_date", "today_vn"]

# The public-holiday calendar baocao knows: the lunar tables of the ``holidays`` package give
# Tết and Giỗ Tổ from 1901 to 2100 (engine.time.workdays refuses a working day outside).
CALENDAR_YEARS = (1901, 2100)
# The dates baocao can judge: inside that calendar with a year to spare, so that the due date of
# every period up to the last day (in the next month, the next year's first quarter) is known.
# A date outside is refused where it is read — never judged on a calendar without its holidays,
# never left to overflow Python's year 9999 in a due-date computation.
FIRST_DAY = date(CALENDAR_YEARS[0], 1, 1)
LAST_DAY = date(CALENDAR_YEARS[1] - 1, 12, 31)
SPAN = f"{FIRST_DAY:%d/%m/%Y}–{LAST_DAY:%d/%m/%Y}"

_EXPECTED = "expected a date like 2022-06-14, 14/6/2022 or 'ngày 14 tháng 6 năm 2022'"

# ISO, optionally followed by a time as spreadsheets export it ("2022-06-14 00:00:00").
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"
                  r"(?:[ t](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
# "20/06/22": a two-digit year, as Excel shows a short date; a register of this century.
_DMY_SHORT = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2})")
_WORDS = re.compile(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s*,?\s+nam\s+(\d{4})")


class DateParseError(ValueError):
    """A date a user wrote that baocao cannot read; the message shows the accepted forms."""


def fold_vietnamese(text: str) -> str:
    """Case- and diacritics-insensitive form of ``text`` (đ→d), whitespace collapsed.

    Users type Vietnamese with and without diacritics ("Quý III" / "quy iii"); comparing
    folded forms accepts both without a list of spellings.

    >>> fold_vietnamese("  Ngày 14  THÁNG 6 năm 2022 ")
    'ngay 14 thang 6 nam 2022'
    """
    text = unicodedata.normalize("NFC", text).casefold().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


def in_span(d: date, original: object = None) -> date:
    """``d`` itself when baocao can judge it, else a DateParseError saying the span.

    >>> in_span(date(9999, 12, 31))  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    engine.dates.DateParseError: '9999-12-31' is outside the dates baocao can judge ...
    """
    if not FIRST_DAY <= d <= LAST_DAY:
        shown = d.isoformat() if original is None else original
        raise DateParseError(
            f"{shown!r} is outside the dates baocao can judge ({SPAN}: the years its "
            "public-holiday calendar covers, less one for due dates)")
    return d


def _build(year: int, month: int, day: int, original: object) -> date:
    if not FIRST_DAY.year <= year <= LAST_DAY.year:  # year 0 and 10000 included
        return in_span(date.max if year > LAST_DAY.year else date.min, original)
    try:
        built = date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            reason = f"there is no month {month}"
        else:
            reason = f"there is no day {day} in {month:02d}/{year}"
        raise DateParseError(f"{_EXPECTED}, got {original!r}: {reason}") from None
    return in_span(built, original)


def parse_date(value: str | date | datetime) -> date:
    """Read one date, day-first; a datetime gives its date.

    >>> parse_date("14.6.2022")
    datetime.date(2022, 6, 14)
    >>> parse_date("20/06/22")  # a short date of Excel: this century
    datetime.date(2022, 6, 20)
    >>> parse_date("31/02/2022")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    engine.dates.DateParseError: ..., got '31/02/2022': there is no day 31 in 02/2022
    >>> parse_date("0001-01-01")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    engine.dates.DateParseError: '0001-01-01' is outside the dates baocao can judge ...
    """
    if isinstance(value, datetime):
        return in_span(value.date())
    if isinstance(value, date):
        return in_span(value)
    if not isinstance(value, str):
        raise DateParseError(f"{_EXPECTED}, got {value!r}")
    return _parse_text(value)


@functools.lru_cache(maxsize=1 << 16)
def _parse_text(value: str) -> date:
    """A register writes a few thousand distinct dates a million times: each is read once."""
    text = fold_vietnamese(value)
    if m := _ISO.fullmatch(text):
        if m[4] is not None and not (int(m[4]) <= 23 and int(m[5]) <= 59
                                     and int(m[6] or 0) <= 59):
            raise DateParseError(f"{_EXPECTED}, got {value!r}: the time of day does not exist")
        return _build(int(m[1]), int(m[2]), int(m[3]), value)
    if m := _DMY.fullmatch(text):
        return _build(int(m[4]), int(m[3]), int(m[1]), value)
    if m := _DMY_SHORT.fullmatch(text):
        return _build(2000 + int(m[4]), int(m[3]), int(m[1]), value)
    if m := _WORDS.fullmatch(text):
        return _build(int(m[3]), int(m[2]), int(m[1]), value)
    raise DateParseError(f"{_EXPECTED}, got {value!r}")


def today_vn() -> date:
    """Today in Vietnam (Asia/Ho_Chi_Minh), the default as-of date."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
