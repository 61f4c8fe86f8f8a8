"""Loading ``calendar/vn-adjustments.yaml``: the Government's extra days off and make-up
working days, the years whose swaps are recorded, and the package's holidays not observed.

The schema checks the shape and that every entry names its source; here, that each date
exists and is listed once, that each adjustment lies in a recorded year (an adjustment is part
of its year's record, and the record says where it comes from), that no year is recorded
twice, and that a holiday set aside is one the ``holidays`` package really gives."""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any

from engine.errors import BaocaoError, Problem
from engine.rulebook.schemas import validate
from engine.sources.located import Located
from engine.time.dates import CALENDAR_YEARS
from engine.time.workdays import UnobservedHoliday, WorkCalendar, package_holiday_names

__all__ = ["build_calendar"]

_SECTIONS = ("days_off", "working_days")
_SPAN = re.compile(r"\s*([0-9]{4})\s*(?:[-–]\s*([0-9]{4})\s*)?")
_EXAMPLE_RECORD = "{years: YEAR, source: 'Công văn số …/VPCP-KGVX về lịch nghỉ năm YEAR'}"


def build_calendar(located: Located) -> WorkCalendar:
    problems = validate(located, "calendar")
    if problems:
        raise BaocaoError(problems)
    data = located.data or {}
    recorded = _recorded_years(located, data.get("recorded_years") or (), problems)
    sections: dict[str, dict[date, str]] = {}
    sources: dict[date, str] = {}
    where: dict[date, str] = {}  # date -> section it was first listed in
    for section in _SECTIONS:
        days = sections[section] = {}
        for i, entry in enumerate(data.get(section) or ()):
            pointer = f"/{section}/{i}/date"
            day = _date(located, entry["date"], pointer, problems)
            if day is None:
                continue
            if day in where:
                problems.append(located.problem(
                    pointer, "calendar.conflict",
                    f"{day.isoformat()} is already listed in {where[day]}; a date is either "
                    "a day off or a working day, and listed once",
                    day=day.isoformat(), where=where[day],
                ))
                continue
            if recorded is not None and day.year not in recorded:
                problems.append(located.problem(
                    pointer, "calendar.unrecorded-year",
                    f"{day.isoformat()} is in {day.year}, which recorded_years does not list; "
                    f"an adjustment belongs to its year's record: add the year with the text "
                    f"that announced its swaps, e.g. "
                    f"{_EXAMPLE_RECORD.replace('YEAR', str(day.year))}",
                    year=day.year,
                ))
                continue
            where[day] = section
            days[day] = " ".join(entry["reason"].split())
            sources[day] = " ".join(entry["source"].split())
    unobserved = _unobserved(located, data.get("package_holidays_not_observed") or (), problems)
    if problems:
        raise BaocaoError(problems)
    return WorkCalendar(
        sections["days_off"],
        sections["working_days"],
        recorded_years=recorded or {},
        unobserved=unobserved,
        sources=sources,
    )


def _date(located: Located, text: str, pointer: str, problems: list[Problem]) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(located.problem(
            pointer, "calendar.bad-date",
            f"{text!r} is not a real date; expected YYYY-MM-DD, e.g. 2024-05-04",
            value=str(text),
        ))
        return None


def _recorded_years(
    located: Located, entries: Any, problems: list[Problem]
) -> dict[int, str] | None:
    """Year -> the text recording its swaps; None when an entry could not be read, so that
    adjustments are not also reported as outside years the file meant to record."""
    recorded: dict[int, str] = {}
    entry_of: dict[int, int] = {}  # year -> index of the entry that recorded it
    readable = True
    for i, entry in enumerate(entries):
        pointer = f"/recorded_years/{i}/years"
        span = _span(located, entry["years"], pointer, problems)
        if span is None:
            readable = False
            continue
        first, last = span
        taken = [y for y in range(first, last + 1) if y in entry_of]
        if taken:
            others = ", ".join(str(n) for n in sorted({entry_of[y] + 1 for y in taken}))
            free = [y for y in range(first, last + 1) if y not in entry_of]
            expected = (f"expected only years no other entry lists, e.g. years: "
                        f"{_show_span(free)}" if free else
                        f"this entry adds no year: delete it, or merge its source into "
                        f"entry {others}")
            problems.append(located.problem(
                pointer, "calendar.overlap",
                f"{_show_years(taken)} already recorded by recorded_years entry {others} "
                f"(entries count from 1); each year is recorded once, by one entry: "
                f"{expected}",
                years=_show_years(taken),
            ))
        for y in range(first, last + 1):
            if y not in entry_of:  # the years it adds are still meant: no error cascades
                entry_of[y] = i
                recorded[y] = " ".join(entry["source"].split())
    return recorded if readable else None


def _span(located: Located, value: int | str, pointer: str,
          problems: list[Problem]) -> tuple[int, int] | None:
    """``2026`` or ``"2013-2025"`` (a hyphen or an en dash) as (first, last)."""
    low, high = CALENDAR_YEARS
    if isinstance(value, int):
        first = last = value
    else:
        match = _SPAN.fullmatch(value)
        assert match is not None, value  # the schema's pattern is the same
        first = int(match[1])
        last = int(match[2] or match[1])
    if first > last:
        problems.append(located.problem(
            pointer, "calendar.bad-years",
            f"{value!r} ends before it starts; expected FIRST-LAST with FIRST <= LAST, "
            f"e.g. {last}-{first}",
        ))
        return None
    if first < low or last > high:
        problems.append(located.problem(
            pointer, "calendar.bad-years",
            f"{value!r} leaves the years baocao's calendar knows ({low}–{high}); expected "
            "years within them, e.g. 2013-2025",
        ))
        return None
    return first, last


def _runs(years: list[int]) -> list[tuple[int, int]]:
    """[2020, 2021, 2022, 2025] as [(2020, 2022), (2025, 2025)]."""
    runs: list[tuple[int, int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs


def _show_years(years: list[int]) -> str:
    """[2020, 2021, 2022, 2025] as "years 2020-2022, 2025", the way the file writes them."""
    shown = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in _runs(years))
    return ("year " if len(years) == 1 else "years ") + shown


def _show_span(years: list[int]) -> str:
    """The first run of ``years`` as a value of ``years:`` (2026, or 2013-2025)."""
    a, b = _runs(years)[0]
    return str(a) if a == b else f"{a}-{b}"


def _unobserved(
    located: Located, entries: Any, problems: list[Problem]
) -> tuple[UnobservedHoliday, ...]:
    found: list[UnobservedHoliday] = []
    first_of: dict[str, list[tuple[int, UnobservedHoliday]]] = {}
    for i, entry in enumerate(entries):
        base = f"/package_holidays_not_observed/{i}"
        name = " ".join(entry["name"].split())
        holiday = UnobservedHoliday(name, entry["from_year"], entry.get("to_year"))
        if holiday.to_year is not None and holiday.to_year < holiday.from_year:
            problems.append(located.problem(
                f"{base}/to_year", "calendar.bad-years",
                f"to_year {holiday.to_year} is before from_year {holiday.from_year}; expected "
                f"the last year set aside, from from_year on, e.g. to_year: "
                f"{holiday.from_year}, or no to_year for every year",
            ))
            continue
        clash = [j for j, other in first_of.get(name, ()) if _overlap(holiday, other)]
        if clash:
            problems.append(located.problem(
                f"{base}/name", "calendar.overlap",
                f"{name!r} is already set aside for some of these years by "
                f"package_holidays_not_observed entry {clash[0] + 1}; expected each holiday "
                "once per year: merge the entries, e.g. one with from_year and no to_year",
                name=name,
            ))
            continue
        names = package_holiday_names(holiday.from_year)
        if name not in names:
            problems.append(located.problem(
                f"{base}/name", "calendar.unknown-holiday",
                _unknown_holiday(name, holiday.from_year, names), name=name,
                year=holiday.from_year,
            ))
            continue
        first_of.setdefault(name, []).append((i, holiday))
        found.append(holiday)
    return tuple(found)


def _overlap(a: UnobservedHoliday, b: UnobservedHoliday) -> bool:
    a_end = a.to_year if a.to_year is not None else CALENDAR_YEARS[1]
    b_end = b.to_year if b.to_year is not None else CALENDAR_YEARS[1]
    return a.from_year <= b_end and b.from_year <= a_end


def _unknown_holiday(name: str, year: int, names: frozenset[str]) -> str:
    """Naming a holiday the package does not give would set nothing aside, silently: the
    package renamed or dropped it (the law changed?), or the name is mistyped."""
    close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    listed = ", ".join(repr(n) for n in sorted(names) if "(" not in n)
    return (
        f"the holidays package gives no holiday named {name!r} in {year}{hint}; expected a "
        f"name it gives that year, as it writes it, e.g. one of: {listed}; if it no longer "
        "lists the holiday, delete this entry"
    )
