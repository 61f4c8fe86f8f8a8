"""The working calendar: weekends, Vietnamese public holidays, Government adjustments."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import holidays
import pytest

from engine.errors import BaocaoError
from engine.rulebook.calendar import build_calendar
from engine.sources.yaml import load_yaml, load_yaml_text
from engine.time import workdays
from engine.time.workdays import WorkCalendar

ADJUSTMENTS = Path(__file__).resolve().parents[1] / "rules" / "calendar" / "vn-adjustments.yaml"

CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2022, 1, 3), False),  # Mon: Tết Dương lịch (Sat 1/1) observed
        (date(2022, 1, 4), True),
        (date(2022, 1, 28), True),  # Fri before Tết Nhâm Dần
        (date(2022, 1, 31), False),  # Tết Nhâm Dần: Mon 31/1 .. Fri 4/2
        (date(2022, 2, 2), False),
        (date(2022, 2, 4), False),
        (date(2022, 2, 7), True),
        (date(2022, 4, 11), False),  # Giỗ Tổ fell on Sun 10/4: off Mon 11/4
        (date(2022, 5, 2), False),  # 30/4 and 1/5 on Sat/Sun: off Mon 2/5, Tue 3/5
        (date(2022, 5, 3), False),
        (date(2022, 5, 4), True),
        (date(2022, 9, 1), False),  # Quốc khánh 2022: Thu 1/9, Fri 2/9
        (date(2022, 9, 2), False),
        (date(2022, 9, 5), True),
        (date(2022, 12, 24), False),  # Saturday
        (date(2022, 12, 25), False),  # Sunday
        (date(2022, 12, 26), True),
        (date(2023, 1, 2), False),  # Tết Dương lịch (Sun 1/1) observed
        (date(2023, 1, 19), True),
        (date(2023, 1, 20), False),  # Tết Quý Mão: Fri 20/1 .. Thu 26/1
        (date(2023, 1, 26), False),
        (date(2023, 1, 27), True),
        (date(2023, 5, 2), False),  # Giỗ Tổ Sat 29/4, 30/4 Sun: off Tue 2/5, Wed 3/5
        (date(2023, 5, 3), False),
        (date(2023, 5, 4), True),
        (date(2023, 9, 1), False),  # Quốc khánh 2023: Fri 1/9, and Mon 4/9 for Sat 2/9
        (date(2023, 9, 4), False),
        (date(2023, 9, 5), True),
        (date(2024, 4, 29), False),  # 2024 swap: off Mon 29/4 ...
        (date(2024, 5, 4), True),  # ... worked on Sat 4/5 (from the package)
        (date(2014, 12, 27), True),  # Sat worked for Fri 2/1/2015 off: swap across years
        (date(2019, 1, 5), True),  # Sat worked for Mon 31/12/2018 off
        (date(2018, 12, 31), False),
    ],
)
def test_is_working_day(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2022, 9, 2), "Quốc khánh"),
        (date(2022, 2, 1), "Tết Nguyên Đán"),
        (date(2022, 4, 11), "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"),
        (date(2023, 1, 2), "Tết Dương lịch (nghỉ bù)"),
        (date(2022, 12, 24), None),  # a plain Saturday
        (date(2022, 12, 26), None),  # a plain Monday
    ],
)
def test_holiday_name(day: date, name: str | None) -> None:
    assert CAL.holiday_name(day) == name


def test_holiday_name_of_a_package_makeup_day() -> None:
    assert CAL.holiday_name(date(2024, 5, 4)) == (
        "Ngày làm việc bù (hoán đổi ngày làm việc theo quyết định của Chính phủ)"
    )


@pytest.mark.parametrize(
    ("day", "rolled"),
    [
        (date(2022, 12, 23), date(2022, 12, 23)),  # Friday: stays
        (date(2022, 12, 24), date(2022, 12, 26)),  # Saturday → Monday
        (date(2022, 12, 25), date(2022, 12, 26)),  # Sunday → Monday
        (date(2022, 1, 1), date(2022, 1, 4)),  # Sat 1/1, Sun, Mon observed → Tue 4/1
        (date(2022, 1, 29), date(2022, 2, 7)),  # across Tết Nhâm Dần
        (date(2022, 1, 31), date(2022, 2, 7)),
        (date(2022, 2, 4), date(2022, 2, 7)),
        (date(2022, 4, 9), date(2022, 4, 12)),  # Sat, Sun Giỗ Tổ, Mon observed → Tue
        (date(2022, 4, 30), date(2022, 5, 4)),
        (date(2022, 9, 1), date(2022, 9, 5)),  # Quốc khánh Thu+Fri, weekend → Mon
        (date(2023, 1, 1), date(2023, 1, 3)),
        (date(2023, 1, 20), date(2023, 1, 27)),  # across Tết Quý Mão
        (date(2023, 4, 29), date(2023, 5, 4)),
        (date(2023, 9, 1), date(2023, 9, 5)),
    ],
)
def test_roll_forward(day: date, rolled: date) -> None:
    assert CAL.roll_forward(day) == rolled


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2022, 1, 28), 1, date(2022, 2, 7)),  # Fri before Tết → first day after
        (date(2022, 2, 7), -1, date(2022, 1, 28)),
        (date(2022, 12, 23), 5, date(2022, 12, 30)),
        (date(2022, 12, 30), 1, date(2023, 1, 3)),  # Mon 2/1/2023 is off
        (date(2022, 1, 31), 0, date(2022, 1, 31)),  # zero days: the day itself, even a holiday
        (date(2022, 9, 1), 1, date(2022, 9, 5)),
    ],
)
def test_add_working_days(day: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(day, n) == expected


# -- adjustments from vn-adjustments.yaml (schema, then dates) ------------------------------


def _adjustments(text: str) -> WorkCalendar:
    return build_calendar(load_yaml_text(text, "vn-adjustments.yaml"))


def test_adjustments_from_data() -> None:
    cal = _adjustments(
        "days_off:\n"
        "  - {date: 2023-01-10, reason: Nghỉ theo quyết định X, source: Quyết định X}\n"
        "working_days:\n"
        "  - {date: 2023-01-14, reason: Làm bù cho ngày 10/01/2023, source: Quyết định X}\n"
        "  - {date: 2022-09-02, reason: 'Thử: làm việc ngày Quốc khánh', source: Thử}\n"
        "recorded_years: [{years: 2022-2023, source: Thử}]\n"
    )
    assert cal.is_working_day(date(2023, 1, 10)) is False  # a Tuesday, now off
    assert cal.holiday_name(date(2023, 1, 10)) == "Nghỉ theo quyết định X"
    assert cal.adjustment_source(date(2023, 1, 10)) == "Quyết định X"
    assert cal.adjustment_source(date(2023, 1, 11)) is None
    assert cal.roll_forward(date(2023, 1, 10)) == date(2023, 1, 11)
    assert cal.is_working_day(date(2023, 1, 14)) is True  # a Saturday, now worked
    assert cal.holiday_name(date(2023, 1, 14)) == "Làm bù cho ngày 10/01/2023"
    assert cal.roll_forward(date(2023, 1, 14)) == date(2023, 1, 14)
    assert cal.roll_forward(date(2023, 1, 13)) == date(2023, 1, 13)
    # The data file wins over the package.
    assert cal.is_working_day(date(2022, 9, 2)) is True
    assert cal.roll_forward(date(2022, 9, 1)) == date(2022, 9, 2)


def test_makeup_day_counts_in_add_working_days() -> None:
    cal = _adjustments("working_days: [{date: 2023-01-14, reason: Làm bù, source: X}]\n"
                       "days_off: []\nrecorded_years: [{years: 2023, source: X}]\n")
    assert cal.add_working_days(date(2023, 1, 13), 1) == date(2023, 1, 14)
    assert cal.add_working_days(date(2023, 1, 16), -1) == date(2023, 1, 14)


@pytest.mark.parametrize("text", ["", "{}\n", "days_off: []\nworking_days: []\n"])
def test_empty_adjustments(text: str) -> None:
    cal = _adjustments(text)
    assert cal.is_working_day(date(2022, 12, 26)) is True
    assert cal.is_working_day(date(2022, 12, 24)) is False


def test_bundled_adjustments_load_and_agree_with_known_2022_2023_days() -> None:
    cal = build_calendar(load_yaml(ADJUSTMENTS))
    off_weekdays = {
        date(2022, 1, 3), date(2022, 1, 31), date(2022, 2, 1), date(2022, 2, 2),
        date(2022, 2, 3), date(2022, 2, 4), date(2022, 4, 11), date(2022, 5, 2),
        date(2022, 5, 3), date(2022, 9, 1), date(2022, 9, 2),
        date(2023, 1, 2), date(2023, 1, 20), date(2023, 1, 23), date(2023, 1, 24),
        date(2023, 1, 25), date(2023, 1, 26), date(2023, 5, 1), date(2023, 5, 2),
        date(2023, 5, 3), date(2023, 9, 1), date(2023, 9, 4),
    }  # fmt: skip
    day = date(2022, 1, 1)
    while day <= date(2023, 12, 31):
        expected = day.weekday() < 5 and day not in off_weekdays
        assert cal.is_working_day(day) is expected, day
        day += timedelta(days=1)


_RECORDED_2023 = "recorded_years: [{years: 2023, source: s}]\n"


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "message"),
    [
        ("- 1\n- 2\n", "schema.type", 1, 1, "expected a mapping or null, got a list"),
        ("holidays: []\n", "schema.additionalProperties", 1, 1, "unknown field 'holidays'"),
        ("days_off: {date: 2023-01-02}\n", "schema.type", 1, 11, "expected a list"),
        ("days_off:\n  - 2023-01-02\n", "schema.type", 2, 5, "expected a mapping"),
        ("days_off:\n  - {date: 2023-01-02, reason: x, note: y, source: s}\n",
         "schema.additionalProperties", 2, 35, "unknown field 'note'"),
        ("working_days:\n  - {date: 2023/01/07, reason: Làm bù, source: s}\n", "schema.pattern",
         2, 12, "'2023/01/07' does not have the expected form"),
        ("days_off:\n  - {date: 2023-02-30, reason: x, source: s}\n", "calendar.bad-date", 2,
         12, "'2023-02-30' is not a real date; expected YYYY-MM-DD, e.g. 2024-05-04"),
        ("days_off:\n  - {reason: x, source: s}\n", "schema.required", 2, 5,
         "missing required field 'date'"),
        ("days_off:\n  - {date: 2023-01-02, reason: '', source: s}\n", "schema.pattern", 2, 32,
         "'' does not have the expected form: why, in Vietnamese; not only spaces"),
        ("days_off:\n  - {date: 2023-01-02, reason: ' ', source: s}\n", "schema.pattern", 2,
         32, "' ' does not have the expected form"),
        ("days_off:\n  - {date: 2023-01-02, reason: a, source: s}\n"
         "  - {date: 2023-01-02, reason: b, source: s}\n" + _RECORDED_2023,
         "calendar.conflict", 3, 12, "2023-01-02 is already listed in days_off"),
        ("days_off:\n  - {date: 2023-01-09, reason: a, source: s}\nworking_days:\n"
         "  - {date: 2023-01-07, reason: b, source: s}\n"
         "  - {date: 2023-01-09, reason: c, source: s}\n" + _RECORDED_2023,
         "calendar.conflict", 5, 12, "2023-01-09 is already listed in days_off; a date is "
         "either a day off or a working day"),
    ],
)
def test_adjustment_errors_are_located(
    text: str, code: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(BaocaoError) as info:
        _adjustments(text)
    (found,) = info.value.problems
    assert (found.code, found.line, found.column) == (code, line, column), found
    assert message in found.message


def test_constructor_refuses_a_date_both_off_and_working() -> None:
    with pytest.raises(ValueError, match="a date cannot be both a day off and a working day: "
                       "2023-01-09"):
        WorkCalendar({date(2023, 1, 9): "a"}, {date(2023, 1, 9): "b"})


def test_no_working_day_in_sight_is_an_error() -> None:
    start = date(2030, 1, 1)
    off = {start + timedelta(days=i): "Nghỉ" for i in range(450)}
    cal = WorkCalendar(off)
    message = (
        "no working day within 400 days from 2030-01-01; "
        "check days_off in rules/calendar/vn-adjustments.yaml"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        cal.roll_forward(start)
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        cal.add_working_days(date(2029, 12, 31), 1)


def test_holiday_tables_are_built_once_per_year(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = holidays.country_holidays

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs.get("years"))
        return real(*args, **kwargs)

    monkeypatch.setattr(holidays, "country_holidays", counting)
    monkeypatch.setenv("BAOCAO_CACHE_DIR", "")  # nothing kept between runs: built here
    monkeypatch.setattr(workdays, "_STORED", None)
    cal = WorkCalendar()
    day = date(2022, 1, 1)
    while day.year == 2022:
        cal.is_working_day(day)
        cal.holiday_name(day)
        day += timedelta(days=1)
    assert calls == [2022]
    assert cal.roll_forward(date(2022, 12, 31)) == date(2023, 1, 3)
    assert calls == [2022, 2023]


# ---------------------------------------------------------------------------------------
# The holiday tables kept between runs


def _fresh_process(cache: Path | str, code: str) -> str:
    import subprocess
    import sys

    env = {**__import__("os").environ, "BAOCAO_CACHE_DIR": str(cache),
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=True).stdout.strip()


_PROBE = (
    "import sys; from datetime import date; from engine.time.workdays import WorkCalendar; "
    "c = WorkCalendar(); print(c.roll_forward(date(2024, 2, 8)), "
    "c.is_working_day(date(2024, 5, 4)), 'holidays' in sys.modules)"
)


def test_holiday_tables_are_kept_between_runs_and_read_back_the_same(tmp_path: Path) -> None:
    """Tết 2024: Thu 8/2 to Wed 14/2 off → 15/2; Sat 4/5/2024 a make-up working day. The second
    run reads the kept tables (the package is not even imported) and says the same."""
    first = _fresh_process(tmp_path, _PROBE)
    assert first == "2024-02-15 True True"
    (kept,) = tmp_path.glob("holidays-VN-vi-*.json")
    assert kept.name == f"holidays-VN-vi-{holidays.__version__}.json"
    assert _fresh_process(tmp_path, _PROBE) == "2024-02-15 True False"


def test_a_damaged_or_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    (tmp_path / f"holidays-VN-vi-{holidays.__version__}.json").write_text("{not json",
                                                                        encoding="utf-8")
    assert _fresh_process(tmp_path, _PROBE) == "2024-02-15 True True"
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    assert _fresh_process(blocked / "cache", _PROBE) == "2024-02-15 True True"  # cannot write
    assert _fresh_process("", _PROBE) == "2024-02-15 True True"  # "" keeps nothing...
    assert _fresh_process("", _PROBE) == "2024-02-15 True True"  # ...so builds again
