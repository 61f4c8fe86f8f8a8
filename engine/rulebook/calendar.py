"""Loading ``calendar/vn-adjustments.yaml``: the Government's extra days off and make-up
working days. The schema checks the shape; here, that each date exists and is listed once."""

from __future__ import annotations

from datetime import date

from engine.errors import BaocaoError, Problem
from engine.rulebook.schemas import validate
from engine.sources.located import Located
from engine.time.workdays import WorkCalendar

__all__ = ["build_calendar"]

_SECTIONS = ("days_off", "working_days")


def build_calendar(located: Located) -> WorkCalendar:
    problems = validate(located, "calendar")
    if problems:
        raise BaocaoError(problems)
    data = located.data or {}
    sections: dict[str, dict[date, str]] = {}
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
                ))
                continue
            where[day] = section
            days[day] = " ".join(entry["reason"].split())
    if problems:
        raise BaocaoError(problems)
    return WorkCalendar(sections["days_off"], sections["working_days"])


def _date(located: Located, text: str, pointer: str, problems: list[Problem]) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(located.problem(
            pointer, "calendar.bad-date",
            f"{text!r} is not a real date; expected YYYY-MM-DD, e.g. 2024-05-04",
        ))
        return None
