"""The working calendar of Vietnamese state agencies, for rolling deadlines forward.

Bộ luật Dân sự 2015, Điều 148 khoản 5: when the last day of a time limit is a weekly day off
or a public holiday, the limit ends at the end of the next working day. Agencies work Monday
to Friday. Public holidays (lunar Tết and Giỗ Tổ included, and their observed days) come from
the ``holidays`` package; the Government's yearly extra days off and make-up working days
("làm bù") come from ``rules/calendar/vn-adjustments.yaml``, which rule authors extend
without touching code. The data file wins over the package: it is the later, local decision.

>>> cal = WorkCalendar()
>>> cal.roll_forward(date(2022, 9, 1))  # Quốc khánh, Thu 1 and Fri 2 Sep 2022
datetime.date(2022, 9, 5)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import holidays

__all__ = ["CalendarDataError", "WorkCalendar"]

# A calendar with no working day for this long is a data error, not a long holiday.
_MAX_SEARCH_DAYS = 400
_PACKAGE_MAKEUP_NAME = "Ngày làm việc bù (hoán đổi ngày làm việc theo quyết định của Chính phủ)"
_SECTIONS = ("days_off", "working_days")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class CalendarDataError(ValueError):
    """Bad calendar data; ``pointer`` (JSON pointer) says where, so the loader can locate it."""

    def __init__(self, pointer: str, message: str) -> None:
        super().__init__(f"{pointer or '/'}: {message}")
        self.pointer = pointer
        self.message = message


@dataclass(frozen=True)
class _Year:
    names: Mapping[date, str]  # public holidays and observed days of the package
    makeup: frozenset[date]  # Saturdays the package declares working (swapped days)


class WorkCalendar:
    """Monday–Friday, minus public holidays and extra days off, plus make-up working days.

    The ``holidays`` tables are built once per year and cached as plain data, so the calendar
    stays cheap to call per instance and can be pickled to worker processes.
    """

    def __init__(
        self,
        days_off: Mapping[date, str] | None = None,
        working_days: Mapping[date, str] | None = None,
    ) -> None:
        self._days_off: dict[date, str] = dict(days_off or {})
        self._working_days: dict[date, str] = dict(working_days or {})
        both = sorted(set(self._days_off) & set(self._working_days))
        if both:
            listed = ", ".join(d.isoformat() for d in both)
            raise CalendarDataError(
                "", f"a date cannot be both a day off and a working day: {listed}"
            )
        self._years: dict[int, _Year] = {}

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> WorkCalendar:
        """Build from the parsed ``vn-adjustments.yaml`` (dates as dates or 'YYYY-MM-DD')."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise CalendarDataError(
                "", f"expected a mapping with keys days_off and working_days, got {_kind(data)}"
            )
        unknown = sorted(str(k) for k in data if k not in _SECTIONS)
        if unknown:
            raise CalendarDataError(
                f"/{unknown[0]}",
                f"unknown key {unknown[0]!r}; expected only days_off and working_days",
            )
        days_off = _section(data, "days_off")
        working = _section(data, "working_days")
        for d in sorted(set(days_off) & set(working)):
            index = list(working).index(d)
            raise CalendarDataError(
                f"/working_days/{index}/date",
                f"{d.isoformat()} is also listed in days_off; a date is either a day off "
                "or a working day",
            )
        return cls(days_off, working)

    # -- queries ---------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        if d in self._days_off:
            return False
        if d in self._working_days:
            return True
        official = self._year(d.year)
        if d in official.names:
            return False
        if d in official.makeup:
            return True
        return d.weekday() < 5

    def holiday_name(self, d: date) -> str | None:
        """Why ``d`` is not an ordinary day: the holiday's name or the adjustment's reason.

        Make-up working days also carry their reason; ``is_working_day`` says whether one
        works. A plain weekend or working day gives None.
        """
        if d in self._days_off:
            return self._days_off[d]
        if d in self._working_days:
            return self._working_days[d]
        official = self._year(d.year)
        if d in official.names:
            return official.names[d]
        if d in official.makeup:
            return _PACKAGE_MAKEUP_NAME
        return None

    def roll_forward(self, d: date) -> date:
        """``d`` if it is a working day, else the next working day (BLDS 2015, Điều 148.5)."""
        return self._search(d, timedelta(days=1))

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (before it when n < 0); ``d`` itself for 0."""
        step = timedelta(days=1 if n >= 0 else -1)
        current = d
        for _ in range(abs(n)):
            current = self._search(current + step, step)
        return current

    def _search(self, start: date, step: timedelta) -> date:
        current = start
        for _ in range(_MAX_SEARCH_DAYS):
            if self.is_working_day(current):
                return current
            current += step
        raise ValueError(
            f"no working day within {_MAX_SEARCH_DAYS} days from {start.isoformat()}; "
            "check days_off in rules/calendar/vn-adjustments.yaml"
        )

    # -- the package's tables, per year ----------------------------------------------------

    def _year(self, y: int) -> _Year:
        cached = self._years.get(y)
        if cached is None:
            cached = self._years[y] = _load_year(y)
        return cached


def _load_year(y: int) -> _Year:
    table = holidays.country_holidays("VN", years=y, language="vi")
    names = {d: str(name) for d, name in table.items() if d.year == y}
    # The package lists swapped working Saturdays of every year, including those that serve
    # a holiday in the neighbouring year (31/12/2018 off, worked on 05/01/2019).
    makeup = frozenset(d for d in getattr(table, "weekend_workdays", ()) if d.year == y)
    return _Year(names=names, makeup=makeup)


def _kind(value: object) -> str:
    return type(value).__name__


def _section(data: Mapping[str, Any], key: str) -> dict[date, str]:
    entries = data.get(key)
    if entries is None:
        return {}
    if not isinstance(entries, list):
        raise CalendarDataError(
            f"/{key}", f"expected a list of {{date, reason}} entries, got {_kind(entries)}"
        )
    result: dict[date, str] = {}
    for i, entry in enumerate(entries):
        where = f"/{key}/{i}"
        if not isinstance(entry, Mapping):
            raise CalendarDataError(
                where,
                f'expected an entry like {{date: 2023-01-02, reason: "..."}}, got {_kind(entry)}',
            )
        extra = sorted(str(k) for k in entry if k not in ("date", "reason"))
        if extra:
            raise CalendarDataError(
                f"{where}/{extra[0]}", f"unknown key {extra[0]!r}; expected only date and reason"
            )
        d = _iso_date(entry.get("date"), f"{where}/date")
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise CalendarDataError(
                f"{where}/reason", 'expected a non-empty reason in Vietnamese, e.g. "Nghỉ bù ..."'
            )
        if d in result:
            raise CalendarDataError(f"{where}/date", f"{d.isoformat()} is listed twice in {key}")
        result[d] = reason.strip()
    return result


def _iso_date(value: object, pointer: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CalendarDataError(
        pointer, f"expected a date written YYYY-MM-DD, e.g. 2023-01-02, got {value!r}"
    )
