"""The working calendar of Vietnamese state agencies, for rolling deadlines forward.

Bộ luật Dân sự 2015, Điều 148 khoản 5: when the last day of a time limit is a weekly day off
or a public holiday, the limit ends at the end of the next working day. Agencies work Monday
to Friday. Public holidays (lunar Tết and Giỗ Tổ included, and their observed days) come from
the ``holidays`` package; the Government's yearly extra days off and make-up working days
("làm bù") come from ``rules/calendar/vn-adjustments.yaml``, which rule authors extend
without touching code. The data file wins over the package: it is the later, local decision.
The same file says which years' swaps are recorded (a due date in another year is
*provisional*: the Government may still move a day of it) and which of the package's
holidays baocao does not observe, for want of a legal text recorded in the rules.

>>> cal = WorkCalendar()
>>> cal.roll_forward(date(2022, 9, 1))  # Quốc khánh, Thu 1 and Fri 2 Sep 2022
datetime.date(2022, 9, 5)
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from engine.errors import BaocaoError, problem
from engine.model import SkippedDay
from engine.time.dates import CALENDAR_YEARS

__all__ = ["UnobservedHoliday", "WorkCalendar", "package_holiday_names"]

# A calendar with no working day for this long is a data error, not a long holiday.
_MAX_SEARCH_DAYS = 400
_PACKAGE_MAKEUP_NAME = "Ngày làm việc bù (hoán đổi ngày làm việc theo quyết định của Chính phủ)"
# The package writes the names of two holidays on one date as one string joined by this
# (holidays.constants.HOLIDAY_NAME_DELIMITER); the kept tables hold that string as it is.
_NAME_DELIMITER = "; "


@dataclass(frozen=True)
class _Year:
    names: Mapping[date, str]  # public holidays and observed days of the package
    makeup: frozenset[date]  # Saturdays the package declares working (swapped days)


@dataclass(frozen=True, slots=True)
class UnobservedHoliday:
    """A holiday the ``holidays`` package lists that baocao does not treat as a day off,
    because no legal text recorded in the rules makes it one for state agencies
    (``package_holidays_not_observed`` in rules/calendar/vn-adjustments.yaml)."""

    name: str  # as the package names it in Vietnamese, e.g. "Ngày Văn hóa Việt Nam"
    from_year: int
    to_year: int | None = None  # the last year set aside; None: every year from from_year

    def covers(self, year: int) -> bool:
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)

    def matches(self, holiday: str) -> bool:
        """The holiday itself, or one of its qualified days: "… (nghỉ bù)", "… (dự kiến)"."""
        return holiday == self.name or holiday.startswith(f"{self.name} (")


class WorkCalendar:
    """Monday–Friday, minus public holidays and extra days off, plus make-up working days.

    The ``holidays`` tables are built once per year and cached as plain data, so the calendar
    stays cheap to call per instance and can be pickled to worker processes.

    ``recorded_years`` maps each year whose Government swaps the rules record to the text
    that records them; a date in any other year is provisional. None (a calendar built in
    code, without the rules' file) keeps no such record: no date is provisional.
    ``unobserved`` lists the package's holidays that are working days here; ``sources``
    gives, per adjusted date, the text that decided it.
    """

    def __init__(
        self,
        days_off: Mapping[date, str] | None = None,
        working_days: Mapping[date, str] | None = None,
        *,
        recorded_years: Mapping[int, str] | None = None,
        unobserved: Iterable[UnobservedHoliday] = (),
        sources: Mapping[date, str] | None = None,
    ) -> None:
        self._days_off: dict[date, str] = dict(days_off or {})
        self._working_days: dict[date, str] = dict(working_days or {})
        both = sorted(set(self._days_off) & set(self._working_days))
        if both:
            listed = ", ".join(d.isoformat() for d in both)
            raise ValueError(f"a date cannot be both a day off and a working day: {listed}")
        self._recorded: dict[int, str] | None = (
            None if recorded_years is None else dict(recorded_years)
        )
        if self._recorded is not None:
            outside = sorted(d for d in (*self._days_off, *self._working_days)
                             if d.year not in self._recorded)
            if outside:
                listed = ", ".join(d.isoformat() for d in outside)
                raise ValueError(f"an adjusted date must lie in a recorded year: {listed}")
        self._unobserved: tuple[UnobservedHoliday, ...] = tuple(unobserved)
        self._sources: dict[date, str] = dict(sources or {})
        self._years: dict[int, _Year] = {}

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

    def adjustment_source(self, d: date) -> str | None:
        """The text that made ``d`` an extra day off or a make-up working day, if the rules
        adjusted it (a day the package alone decides gives None)."""
        return self._sources.get(d)

    # -- recorded years: is a due date final? -----------------------------------------------

    @property
    def recorded_years(self) -> frozenset[int] | None:
        """The years whose Government swaps are recorded, by the rules or by the package's
        own table; None when this calendar keeps no such record."""
        return None if self._recorded is None else frozenset(self._recorded)

    def record_source(self, year: int) -> str | None:
        """The text that records ``year``'s swaps, or None when the year is not recorded."""
        return None if self._recorded is None else self._recorded.get(year)

    def is_provisional(self, d: date) -> bool:
        """True when ``d``'s year is not recorded: the Government may still move a day of
        it (a swapped day off, a make-up Saturday), so a due date there may still change."""
        return self._recorded is not None and d.year not in self._recorded

    def is_provisional_between(self, start: date, end: date) -> bool:
        """True when a day from ``start`` to ``end`` (either order, both included) lies in a
        year that is not recorded: a due date reached by judging those days may change."""
        if self._recorded is None:
            return False
        low, high = sorted((start.year, end.year))
        return any(y not in self._recorded for y in range(low, high + 1))

    # -- moving through working days --------------------------------------------------------

    def roll_forward(self, d: date) -> date:
        """``d`` if it is a working day, else the next working day (BLDS 2015, Điều 148.5)."""
        return self._search(d, timedelta(days=1))

    def skipped(self, start: date, end: date) -> tuple[SkippedDay, ...]:
        """The days from ``start`` up to ``end`` (excluded) that a roll-forward passed over,
        each with its holiday name (None for a weekly day off): the steps ``explain`` shows."""
        days = []
        current = start
        while current < end:
            days.append(SkippedDay(current, self.holiday_name(current)))
            current += timedelta(days=1)
        return tuple(days)

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
            _check_year(y)
            cached = self._years[y] = _without(_load_year(y), self._unobserved, y)
        return cached


def _check_year(y: int) -> None:
    first, last = CALENDAR_YEARS
    if not first <= y <= last:
        raise BaocaoError([problem(
            "calendar.out-of-range",
            f"a due date needs the working days of {y}, outside the public-holiday "
            f"calendar baocao knows ({first}–{last}): a period in force ends too close "
            "to its edge to be judged; use an --as-of date further from it",
            year=y)])


def _without(year: _Year, unobserved: tuple[UnobservedHoliday, ...], y: int) -> _Year:
    """The package's year less the holidays the rules do not observe. Applied to the kept
    tables on every run, never stored: the rules may change while the package does not."""
    rules = [u for u in unobserved if u.covers(y)]
    if not rules:
        return year
    names: dict[date, str] = {}
    for d, joined in year.names.items():
        kept = [n for n in joined.split(_NAME_DELIMITER)
                if not any(u.matches(n) for u in rules)]
        if kept:
            names[d] = _NAME_DELIMITER.join(kept)
    return _Year(names=names, makeup=year.makeup)


def package_holiday_names(y: int) -> frozenset[str]:
    """Every holiday name the ``holidays`` package gives in year ``y`` (in Vietnamese), each
    once: what ``package_holidays_not_observed`` may name. Read from the kept tables."""
    _check_year(y)
    return frozenset(name for joined in _load_year(y).names.values()
                     for name in joined.split(_NAME_DELIMITER) if name)


def _load_year(y: int) -> _Year:
    stored = _stored_years()
    if str(y) in stored:
        try:
            entry = stored[str(y)]
            return _Year(
                names={date.fromisoformat(d): str(n) for d, n in entry["names"].items()},
                makeup=frozenset(date.fromisoformat(d) for d in entry["makeup"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # a damaged entry: built again below, and stored again
    year = _build_year(y)
    stored[str(y)] = {"names": {d.isoformat(): n for d, n in sorted(year.names.items())},
                      "makeup": sorted(d.isoformat() for d in year.makeup)}
    _store_years(stored)
    return year


def _build_year(y: int) -> _Year:
    import holidays  # imported here: only commands that compute due dates pay for it

    table = holidays.country_holidays("VN", years=y, language="vi")
    names = {d: str(name) for d, name in table.items() if d.year == y}
    # The package lists swapped working Saturdays of every year, including those that serve
    # a holiday in the neighbouring year (31/12/2018 off, worked on 05/01/2019).
    makeup = frozenset(d for d in getattr(table, "weekend_workdays", ()) if d.year == y)
    return _Year(names=names, makeup=makeup)


# -- the package's tables, kept between runs -----------------------------------------------
#
# Building a year's table imports every country of the ``holidays`` package (~250 ms, half of
# a small ``check``). The tables are kept as JSON in the user's cache folder, one file per
# package version, so a new ``holidays`` release is read afresh. BAOCAO_CACHE_DIR names
# another folder; set to an empty value, nothing is kept. A cache that cannot be read or
# written is ignored: it only ever saves time.

_STORED: dict[str, Any] | None = None


def _cache_file() -> Path | None:
    root = os.environ.get("BAOCAO_CACHE_DIR")
    if root == "":
        return None
    if root is None:
        root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        root = str(Path(root) / "baocao")
    from importlib.metadata import PackageNotFoundError, version

    try:
        package = version("holidays")
    except PackageNotFoundError:  # no version, no cache: the tables are built each run
        return None
    return Path(root) / f"holidays-VN-vi-{package}.json"


def _stored_years() -> dict[str, Any]:
    global _STORED
    if _STORED is None:
        _STORED = {}
        file = _cache_file()
        if file is not None:
            try:
                data = json.loads(file.read_text(encoding="utf-8"))
                if isinstance(data, dict):
                    _STORED = data
            except (OSError, ValueError):
                pass
    return _STORED


def _store_years(stored: dict[str, Any]) -> None:
    file = _cache_file()
    if file is None:
        return
    written: str | None = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=file.parent,
                                         prefix=file.name, suffix=".tmp", delete=False) as tmp:
            written = tmp.name
            json.dump(stored, tmp, ensure_ascii=False)
        os.replace(written, file)  # whole or not at all, even with two runs at once
    except OSError:
        if written is not None:
            with contextlib.suppress(OSError):
                os.unlink(written)
