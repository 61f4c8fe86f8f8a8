"""The calendar's record: 2026's New Year swap, the source of every adjustment, the years whose
swaps are recorded (provisional due dates elsewhere), and package holidays set aside as data.

Expected dates are worked out by hand from the texts the data file cites and a calendar:
Thursday 1/1/2026 is Tết Dương lịch, Friday 2/1 is swapped for Saturday 10/1 (Công văn
12729/VPCP-KGVX), so 1–4/1/2026 are off; Tuesday 24/11/2026 is a public holiday (Nghị quyết
28/2026/QH16, in force from 01/07/2026).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import CODES, BaocaoError
from engine.model import DeadlineSpec, DueBasis, MonthRef, Period, Reading, SkippedDay
from engine.rulebook.calendar import build_calendar
from engine.sources.yaml import load_yaml, load_yaml_text
from engine.time.dates import CALENDAR_YEARS
from engine.time.deadlines import compute_due
from engine.time.periods import month, quarter, year
from engine.time.workdays import UnobservedHoliday, WorkCalendar

ROOT = Path(__file__).resolve().parents[1]
ADJUSTMENTS = ROOT / "rules" / "calendar" / "vn-adjustments.yaml"
BUNDLED = build_calendar(load_yaml(ADJUSTMENTS))
PACKAGE = WorkCalendar()  # the holidays package alone, no rules
NEXT, LAST = MonthRef("next"), MonthRef("last")
CULTURE_DAY = "Ngày Văn hóa Việt Nam"


def by(day: int, ref: MonthRef) -> DeadlineSpec:
    return DeadlineSpec(DueBasis.STATED, Reading.BY, day=day, month=ref)


def _calendar(text: str) -> WorkCalendar:
    return build_calendar(load_yaml_text(text, "vn-adjustments.yaml"))


# -- 2026: Tết Dương lịch, CV 12729/VPCP-KGVX ------------------------------------------------


def test_a_deadline_on_friday_2_january_2026_rolls_to_monday_5_january() -> None:
    # "chậm nhất ngày 02 của tháng sau" for December 2025: Fri 2/1 (swapped), Sat 3, Sun 4.
    due = compute_due(by(2, NEXT), month(2025, 12), BUNDLED, {})
    assert (due.nominal, due.last_day, due.due) == (date(2026, 1, 2), date(2026, 1, 2),
                                                    date(2026, 1, 5))
    assert due.skipped == (
        SkippedDay(date(2026, 1, 2),
                   "Nghỉ Tết Dương lịch 2026 (thứ Sáu, hoán đổi sang thứ Bảy 10/01/2026)"),
        SkippedDay(date(2026, 1, 3), None),
        SkippedDay(date(2026, 1, 4), None),
    )
    assert BUNDLED.roll_forward(date(2026, 1, 1)) == date(2026, 1, 5)


def test_saturday_10_january_2026_is_a_working_day_and_a_deadline_on_it_stays() -> None:
    assert BUNDLED.is_working_day(date(2026, 1, 10)) is True
    due = compute_due(by(10, NEXT), month(2025, 12), BUNDLED, {})
    assert (due.due, due.rolled, due.skipped) == (date(2026, 1, 10), False, ())
    # and it counts as one: the working day after Friday 9/1 is Saturday 10/1
    assert BUNDLED.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)
    assert BUNDLED.roll_forward(date(2026, 1, 11)) == date(2026, 1, 12)  # Sunday stays off


def test_the_swap_is_not_in_the_package_and_the_package_swaps_are_not_listed_again() -> None:
    """Every adjustment the file lists changes what the package alone says (nothing listed
    twice): a day off the package calls working, a working day it calls off."""
    data = load_yaml(ADJUSTMENTS).data
    for entry in data["days_off"]:
        day = date.fromisoformat(entry["date"])
        assert PACKAGE.is_working_day(day), day
        assert not BUNDLED.is_working_day(day), day
    for entry in data["working_days"]:
        day = date.fromisoformat(entry["date"])
        assert not PACKAGE.is_working_day(day), day
        assert BUNDLED.is_working_day(day), day
    # 2026's other swap, 31/8 off and 22/8 worked, is the package's (and not listed here)
    assert not PACKAGE.is_working_day(date(2026, 8, 31))
    assert PACKAGE.is_working_day(date(2026, 8, 22))
    assert {e["date"] for e in data["days_off"] + data["working_days"]} == {
        "2026-01-02", "2026-01-10"}


def test_every_adjustment_keeps_its_source() -> None:
    for day in (date(2026, 1, 2), date(2026, 1, 10)):
        assert "Công văn 12729/VPCP-KGVX" in (BUNDLED.adjustment_source(day) or ""), day
    assert BUNDLED.adjustment_source(date(2026, 8, 31)) is None  # the package's own swap


# -- recorded years and provisional due dates ---------------------------------------------


def test_the_recorded_years_of_the_bundled_file() -> None:
    assert BUNDLED.recorded_years == frozenset(range(2013, 2027))
    assert "12729/VPCP-KGVX" in (BUNDLED.record_source(2026) or "")
    assert "2450/VPCP-KGVX" in (BUNDLED.record_source(2024) or "")
    assert BUNDLED.record_source(2027) is None
    assert PACKAGE.recorded_years is None  # a calendar built in code keeps no record
    assert PACKAGE.record_source(2026) is None


@pytest.mark.parametrize(
    ("period", "expected_due", "provisional"),
    [
        (year(2026), date(2026, 12, 21), False),  # Sun 20/12/2026 → Mon 21/12; 2026 recorded
        (year(2022), date(2022, 12, 20), False),
        (year(2027), date(2027, 12, 20), True),  # Mon 20/12/2027; 2027's swaps not announced
        (year(2030), date(2030, 12, 20), True),  # Fri 20/12/2030
        (year(2012), date(2012, 12, 20), True),  # before the record starts
    ],
)
def test_a_due_date_is_provisional_when_its_year_is_not_recorded(
    period: Period, expected_due: date, provisional: bool
) -> None:
    due = compute_due(by(20, LAST), period, BUNDLED, {})
    assert (due.due, due.provisional) == (expected_due, provisional)
    assert BUNDLED.is_provisional(due.due) is provisional
    # without the rules' record nothing is provisional
    assert compute_due(by(20, LAST), period, PACKAGE, {}).provisional is False


def test_a_due_date_judged_across_a_year_end_is_provisional_if_either_year_is() -> None:
    """Q4/2022 ends Saturday 31/12/2022; Sunday 1/1/2023 and Monday 2/1 (observed) are off:
    due Tuesday 3/1/2023. The days judged lie in 2022 and 2023, so both must be recorded."""
    within = DeadlineSpec(DueBasis.STATED, Reading.WITHIN)
    record = "recorded_years: [{{years: {years}, source: s}}]\n"
    for years, provisional in (("2022-2023", False), ("2022", True), ("2023", True)):
        cal = _calendar(record.format(years=years))
        due = compute_due(within, quarter(2022, 4), cal, {})
        assert (due.last_day, due.due, due.provisional) == (
            date(2022, 12, 31), date(2023, 1, 3), provisional), years


def test_working_days_counted_for_an_offset_are_judged_too() -> None:
    """"trong vòng 10 ngày làm việc": counted from 31/12/2022 the days judged start on
    1/1/2023; counted from the data cut-off (14/12/2022) they start in 2022."""
    cal = _calendar("recorded_years: [{years: 2023, source: s}]\n")
    from_end = DeadlineSpec(DueBasis.STATED, Reading.BY, offset_days=10, offset_working=True,
                            offset_from="period_end")
    from_cutoff = DeadlineSpec(DueBasis.STATED, Reading.BY, offset_days=10,
                               offset_working=True, offset_from="cutoff")
    assert compute_due(from_end, month(2022, 12), cal, {}).provisional is False
    assert compute_due(from_cutoff, month(2022, 12), cal, {}).provisional is True
    calendar_days = DeadlineSpec(DueBasis.STATED, Reading.BY, offset_days=10,
                                 offset_from="cutoff")  # 24/12/2022 is a Saturday → 26/12
    due = compute_due(calendar_days, month(2022, 12), cal, {})
    assert (due.due, due.provisional) == (date(2022, 12, 26), True)


def test_no_recorded_year_means_every_due_date_is_provisional() -> None:
    cal = _calendar("# nothing recorded yet\n")
    assert cal.recorded_years == frozenset()
    assert cal.is_provisional(date(2022, 6, 15)) is True
    assert compute_due(by(20, LAST), year(2022), cal, {}).provisional is True


# -- 24/11, "Ngày Văn hóa Việt Nam" ----------------------------------------------------------


def test_24_november_2026_is_a_public_holiday_and_a_deadline_on_it_rolls() -> None:
    """Nghị quyết 28/2026/QH16 (in force 01/07/2026): 24/11 is "Ngày Văn hóa Việt Nam", a paid
    day off; the bundled calendar follows the package (rules/calendar/vn-adjustments.yaml)."""
    day = date(2026, 11, 24)
    assert day.weekday() == 1  # a Tuesday
    assert PACKAGE.holiday_name(day) == CULTURE_DAY  # what holidays 0.109 says
    assert BUNDLED.is_working_day(day) is False
    assert BUNDLED.holiday_name(day) == CULTURE_DAY
    due = compute_due(by(24, MonthRef("absolute", 11)), year(2026), BUNDLED, {})
    assert (due.due, due.rolled, due.provisional) == (date(2026, 11, 25), True, False)
    assert due.skipped == (SkippedDay(day, CULTURE_DAY),)


def test_24_november_is_a_working_day_before_2026() -> None:
    assert BUNDLED.is_working_day(date(2025, 11, 24)) is True  # a Monday


def test_setting_a_package_holiday_aside_makes_it_a_working_day_again() -> None:
    """The data, not the code, decides: were the law to differ from the package, an entry of
    package_holidays_not_observed (or a day under working_days) sets the day aside; 24/11/2029
    is a Saturday and its nghỉ bù Monday 26/11 goes with it."""
    cal = _calendar(
        "package_holidays_not_observed:\n"
        "  - {name: Ngày Văn hóa Việt Nam, from_year: 2026, reason: r, source: s}\n"
        "recorded_years: [{years: 2026-2030, source: s}]\n")
    assert cal.is_working_day(date(2026, 11, 24)) is True
    monday = date(2029, 11, 26)
    assert PACKAGE.holiday_name(monday) == f"{CULTURE_DAY} (nghỉ bù)"
    assert cal.is_working_day(monday) is True
    assert cal.roll_forward(date(2029, 11, 24)) == monday


_NOT_OBSERVED = (
    "package_holidays_not_observed:\n"
    "  - {name: Ngày Văn hóa Việt Nam, from_year: 2026, reason: r, source: s}\n"
)


def test_one_years_24_november_listed_as_a_day_off_wins_over_the_entry() -> None:
    cal = _calendar(
        _NOT_OBSERVED + "recorded_years: [{years: 2026-2027, source: s}]\n"
        "days_off: [{date: 2026-11-24, reason: Ngày Văn hóa Việt Nam, source: Văn bản X}]\n"
    )
    assert cal.is_working_day(date(2026, 11, 24)) is False
    assert cal.adjustment_source(date(2026, 11, 24)) == "Văn bản X"
    assert cal.is_working_day(date(2027, 11, 24)) is True  # a Wednesday, still set aside


def test_to_year_bounds_the_years_set_aside() -> None:
    cal = _calendar(
        "package_holidays_not_observed:\n"
        "  - {name: Ngày Văn hóa Việt Nam, from_year: 2026, to_year: 2026, reason: r, "
        "source: s}\n"
    )
    assert cal.is_working_day(date(2026, 11, 24)) is True
    assert cal.is_working_day(date(2027, 11, 24)) is False  # the package's holiday again


def test_set_aside_holidays_only_drop_their_own_name() -> None:
    """Two holidays on one date are one string in the package ("A; B"): setting one aside
    keeps the other, and the date stays off."""
    cal = WorkCalendar(unobserved=[UnobservedHoliday("Quốc khánh", 2024)])
    assert cal.is_working_day(date(2024, 9, 2)) is True
    assert cal.is_working_day(date(2023, 9, 1)) is False  # before from_year
    assert UnobservedHoliday("A", 2026).matches("A (nghỉ bù)")
    assert not UnobservedHoliday("A", 2026).matches("A B")
    assert UnobservedHoliday("A", 2026, 2027).covers(2027)
    assert not UnobservedHoliday("A", 2026, 2027).covers(2028)


# -- errors, through the real loader ----------------------------------------------------------

_R = "recorded_years: [{years: 2026, source: s}]\n"


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "message"),
    [
        # every adjustment names its source
        ("days_off:\n  - {date: 2026-01-02, reason: x}\n" + _R,
         "schema.required", 2, 5, "missing required field 'source'"),
        ("working_days:\n  - date: 2026-01-10\n    reason: x\n    source: '  '\n" + _R,
         "schema.pattern", 4, 13, "'  ' does not have the expected form: the text that "
         "decided it (kind, number, issuer, date when known); not only spaces, e.g. "
         "'Công văn 12729/VPCP-KGVX của Văn phòng Chính phủ'"),
        ("days_off:\n  - {date: 2026-01-02, reason: x, source: 12729}\n" + _R,
         "schema.type", 2, 43, "expected a string, got integer 12729"),
        # an adjustment outside the recorded years
        ("days_off:\n  - {date: 2027-01-04, reason: x, source: s}\n" + _R,
         "calendar.unrecorded-year", 2, 12,
         "2027-01-04 is in 2027, which recorded_years does not list; an adjustment belongs "
         "to its year's record: add the year with the text that announced its swaps, e.g. "
         "{years: 2027, source: 'Công văn số …/VPCP-KGVX về lịch nghỉ năm 2027'}"),
        ("working_days:\n  - {date: 2026-01-10, reason: x, source: s}\n",
         "calendar.unrecorded-year", 2, 12, "2026-01-10 is in 2026, which recorded_years"),
        # bad recorded_years entries
        ("recorded_years:\n  - {years: 2026}\n", "schema.required", 2, 5,
         "missing required field 'source'"),
        ("recorded_years:\n  - {years: 2026, source: ''}\n", "schema.pattern", 2, 27,
         "'' does not have the expected form: the text that decided it"),
        ("recorded_years:\n  - {years: 2013/2025, source: s}\n", "schema.pattern", 2, 13,
         "'2013/2025' does not have the expected form: a year, or a span FIRST-LAST, "
         "e.g. '2013-2025'"),
        ("recorded_years:\n  - {years: 1800, source: s}\n", "schema.minimum", 2, 13,
         "expected a number >= 1901, got 1800"),
        ("recorded_years:\n  - {years: [2013, 2014], source: s}\n", "schema.type", 2, 13,
         "expected an integer or a string, got a list"),
        ("recorded_years:\n  - {years: 2026, source: s, note: x}\n",
         "schema.additionalProperties", 2, 30, "unknown field 'note'; expected one of: years, "
         "source"),
        ("recorded_years:\n  - {years: 2025-2013, source: s}\n", "calendar.bad-years", 2, 13,
         "'2025-2013' ends before it starts; expected FIRST-LAST with FIRST <= LAST, "
         "e.g. 2013-2025"),
        ("recorded_years:\n  - {years: 1890-1910, source: s}\n", "calendar.bad-years", 2, 13,
         "'1890-1910' leaves the years baocao's calendar knows (1901–2100)"),
        ("recorded_years:\n  - {years: 2013-2025, source: a}\n  - {years: 2024-2026, source: b}\n",
         "calendar.overlap", 3, 13,
         "years 2024-2025 already recorded by recorded_years entry 1 (entries count from 1); "
         "each year is recorded once, by one entry: expected only years no other entry lists, "
         "e.g. years: 2026"),
        ("recorded_years:\n  - {years: 2026, source: a}\n  - {years: 2026, source: b}\n",
         "calendar.overlap", 3, 13, "year 2026 already recorded by recorded_years entry 1 "
         "(entries count from 1); each year is recorded once, by one entry: this entry adds no "
         "year: delete it, or merge its source into entry 1"),
        ("recorded_years:\n  - {years: 2013-2025, source: a}\n  - {years: 2025-2026, source: b}\n"
         "days_off: [{date: 2026-01-02, reason: x, source: s}]\n",  # 2026 still recorded
         "calendar.overlap", 3, 13, "year 2025 already recorded by recorded_years entry 1"),
        # a bad entry does not also make every adjustment "unrecorded"
        ("recorded_years: [{years: 2026-2025, source: s}]\n"
         "days_off: [{date: 2026-01-02, reason: x, source: s}]\n",
         "calendar.bad-years", 1, 26, "'2026-2025' ends before it starts"),
        # package holidays set aside
        ("package_holidays_not_observed:\n  - {name: Ngày Văn Hoá Việt Nam, from_year: 2026, "
         "reason: r, source: s}\n", "calendar.unknown-holiday", 2, 12,
         "the holidays package gives no holiday named 'Ngày Văn Hoá Việt Nam' in 2026 "
         "(did you mean 'Ngày Văn hóa Việt Nam'?); expected a name it gives that year, as it "
         "writes it, e.g. one of: "),
        ("package_holidays_not_observed:\n  - {name: Ngày Văn hóa Việt Nam, from_year: 2025, "
         "reason: r, source: s}\n", "calendar.unknown-holiday", 2, 12,
         "if it no longer lists the holiday, delete this entry"),
        ("package_holidays_not_observed:\n  - {name: Ngày Văn hóa Việt Nam, from_year: 2027, "
         "to_year: 2026, reason: r, source: s}\n", "calendar.bad-years", 2, 61,
         "to_year 2026 is before from_year 2027; expected the last year set aside, from "
         "from_year on, e.g. to_year: 2027, or no to_year for every year"),
        ("package_holidays_not_observed:\n"
         "  - {name: Ngày Văn hóa Việt Nam, from_year: 2026, reason: r, source: s}\n"
         "  - {name: Ngày Văn hóa Việt Nam, from_year: 2030, reason: r, source: s}\n",
         "calendar.overlap", 3, 12, "'Ngày Văn hóa Việt Nam' is already set aside for some "
         "of these years by package_holidays_not_observed entry 1"),
        ("package_holidays_not_observed:\n  - {name: Ngày Văn hóa Việt Nam, from_year: 2026, "
         "reason: r}\n", "schema.required", 2, 5, "missing required field 'source'"),
        ("package_holidays_not_observed:\n  - {name: Ngày Văn hóa Việt Nam, from_year: '2026',"
         " reason: r, source: s}\n", "schema.type", 2, 46, "expected an integer, got string"),
    ],
)
def test_calendar_errors_are_located_and_say_what_was_expected(
    text: str, code: str, line: int, column: int, message: str
) -> None:
    with pytest.raises(BaocaoError) as info:
        _calendar(text)
    (found,) = info.value.problems
    assert (found.file, found.code, found.line, found.column) == (
        "vn-adjustments.yaml", code, line, column), found
    assert message in found.message, found.message
    assert code.startswith("schema.") or code in CODES


def test_the_constructor_refuses_an_adjustment_outside_the_recorded_years() -> None:
    with pytest.raises(ValueError, match="an adjusted date must lie in a recorded year: "
                       "2027-01-04"):
        WorkCalendar({date(2027, 1, 4): "x"}, recorded_years={2026: "s"})


# -- the kept holiday tables ------------------------------------------------------------------

_PROBE = (
    "from datetime import date; from engine.rulebook.calendar import build_calendar; "
    "from engine.sources.yaml import load_yaml; from engine.sources.located import Located; "
    f"c = build_calendar(load_yaml({str(ADJUSTMENTS)!r})); "
    "a = build_calendar(Located({'package_holidays_not_observed': [{'name': "
    "'Ngày Văn hóa Việt Nam', 'from_year': 2026, 'reason': 'r', 'source': 's'}], "
    "'recorded_years': [{'years': 2026, 'source': 's'}]}, 'a.yaml', {})); "
    "print(c.is_working_day(date(2026, 11, 24)), c.roll_forward(date(2026, 1, 2)), "
    "c.is_provisional(date(2027, 3, 1)), a.is_working_day(date(2026, 11, 24)))"
)


def _fresh_process(cache: Path) -> str:
    env = {**os.environ, "BAOCAO_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", _PROBE], env=env, capture_output=True,
                          text=True, check=True).stdout.strip()


def test_kept_tables_hold_the_package_as_it_is_and_the_rules_apply_on_reading(
    tmp_path: Path,
) -> None:
    """The rules may change while the package does not: the kept tables are the package's,
    24/11 included, and a data file's choices apply on top, on every run."""
    assert _fresh_process(tmp_path) == "False 2026-01-05 True True"
    assert _fresh_process(tmp_path) == "False 2026-01-05 True True"  # read back
    (kept,) = tmp_path.glob("holidays-VN-vi-*.json")
    stored = json.loads(kept.read_text(encoding="utf-8"))
    assert stored["2026"]["names"]["2026-11-24"] == CULTURE_DAY


# -- properties -------------------------------------------------------------------------------

SETTINGS = settings(max_examples=200, deadline=None)
FIRST, LAST_YEAR = CALENDAR_YEARS
any_dates = st.dates(min_value=date(FIRST, 1, 1), max_value=date(LAST_YEAR, 12, 31))


@SETTINGS
@given(st.sets(st.integers(FIRST, LAST_YEAR), max_size=30), any_dates, any_dates)
def test_provisional_is_exactly_an_unrecorded_year(
    recorded: set[int], d: date, other: date
) -> None:
    cal = WorkCalendar(recorded_years=dict.fromkeys(recorded, "s"))
    assert cal.is_provisional(d) is (d.year not in recorded)
    assert cal.recorded_years == frozenset(recorded)
    low, high = sorted((d, other))
    spanned = range(low.year, high.year + 1)
    assert cal.is_provisional_between(d, other) is any(y not in recorded for y in spanned)
    assert cal.is_provisional_between(d, d) is cal.is_provisional(d)
    assert WorkCalendar().is_provisional(d) is False


@SETTINGS
@given(any_dates)
def test_the_bundled_calendar_is_provisional_outside_2013_2026(d: date) -> None:
    assert BUNDLED.is_provisional(d) is not (2013 <= d.year <= 2026)


@SETTINGS
@given(st.dates(min_value=date(2012, 1, 1), max_value=date(2028, 12, 31)))
def test_a_due_date_in_a_recorded_year_that_rolls_within_it_is_final(d: date) -> None:
    """A "chậm nhất" deadline on any day: provisional exactly when the day or the working
    day it rolls to lies outside 2013–2026."""
    due = compute_due(by(d.day, LAST), month(d.year, d.month), BUNDLED, {})
    assert due.last_day == d
    outside = not (2013 <= d.year <= 2026 and 2013 <= due.due.year <= 2026)
    assert due.provisional is outside
    assert timedelta(0) <= due.due - d < timedelta(days=15)
