"""Invariants of the calendar layer, on generated dates, periods and deadlines."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import BaocaoError
from engine.model import DeadlineSpec, DueBasis, Frequency, MonthRef, Period, Reading
from engine.time.dates import (
    CALENDAR_YEARS,
    FIRST_DAY,
    LAST_DAY,
    DateParseError,
    parse_date,
)
from engine.time.deadlines import compute_due
from engine.time.periods import (
    contains,
    cutoff_window,
    half,
    month,
    parse_period,
    period_of,
    periods_for,
    quarter,
    schedule_periods,
    window,
    year,
)
from engine.time.titles import read_title_period
from engine.time.workdays import WorkCalendar

pytestmark = pytest.mark.slow  # see tests/conftest.py

CAL = WorkCalendar()
SETTINGS = settings(max_examples=200, deadline=None)

work_dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))
years = st.integers(min_value=2000, max_value=2035)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    y = draw(years)
    kind = draw(st.sampled_from(["year", "half", "quarter", "month", "window"]))
    if kind == "year":
        return year(y)
    if kind == "half":
        return half(y, draw(st.integers(1, 2)))
    if kind == "quarter":
        return quarter(y, draw(st.integers(1, 4)))
    if kind == "month":
        return month(y, draw(st.integers(1, 12)))
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)))
    return window(start, start + timedelta(days=draw(st.integers(0, 800))))


@st.composite
def specs(draw: st.DrawFn) -> DeadlineSpec:
    reading = draw(st.sampled_from(list(Reading)))
    ref = draw(
        st.one_of(
            st.just(MonthRef("last")),
            st.just(MonthRef("next")),
            st.integers(1, 12).map(lambda m: MonthRef("absolute", m)),
        )
    )
    day = draw(st.one_of(st.none(), st.integers(1, 28)))
    return DeadlineSpec(DueBasis.STATED, reading, day=day, month=ref)


# -- roll-forward ------------------------------------------------------------------------


@SETTINGS
@given(work_dates)
def test_roll_forward_is_the_first_working_day_on_or_after(d: date) -> None:
    rolled = CAL.roll_forward(d)
    assert rolled >= d
    assert CAL.is_working_day(rolled)
    day = d
    while day < rolled:
        assert not CAL.is_working_day(day)
        day += timedelta(days=1)
    assert CAL.roll_forward(rolled) == rolled


@SETTINGS
@given(work_dates, st.integers(-30, 30))
def test_add_working_days_counts_working_days(d: date, n: int) -> None:
    result = CAL.add_working_days(d, n)
    if n == 0:
        assert result == d
        return
    assert CAL.is_working_day(result)
    low, high = (d, result) if n > 0 else (result, d)
    # working days strictly after `low` up to and including `high` (mirrored for n < 0)
    span = [low + timedelta(days=i) for i in range(1, (high - low).days + 1)]
    if n < 0:
        span = [low + timedelta(days=i) for i in range((high - low).days)]
    assert sum(CAL.is_working_day(x) for x in span) == abs(n)


# -- due dates ---------------------------------------------------------------------------


@SETTINGS
@given(specs(), periods())
def test_due_is_a_working_day_on_or_after_the_last_day(spec: DeadlineSpec, p: Period) -> None:
    due = compute_due(spec, p, CAL, {})
    assert due.due >= due.last_day
    assert CAL.is_working_day(due.due)
    assert due.due == CAL.roll_forward(due.last_day)
    assert due.rolled == (due.due != due.last_day)
    if spec.reading is Reading.BEFORE:
        assert due.last_day == due.nominal - timedelta(days=1)
    else:
        assert due.last_day == due.nominal
    if spec.reading is Reading.WITHIN or spec.day is None:
        assert due.nominal == p.end
    else:
        assert due.nominal.day == spec.day


# A record with gaps, as a rules folder may keep one: 2012 and 2020 not recorded, nor any year
# before 2005 or after 2030.
RECORDED = frozenset(range(2005, 2031)) - {2012, 2020}
CAL_RECORDED = WorkCalendar(recorded_years=dict.fromkeys(RECORDED, "thử"))


@SETTINGS
@given(specs(), periods())
def test_a_due_date_is_provisional_exactly_when_a_day_judged_is_in_an_unrecorded_year(
    spec: DeadlineSpec, p: Period
) -> None:
    """The days judged are the last day and those rolled over up to the due date: a swap
    announced later in any of their years could move it."""
    due = compute_due(spec, p, CAL_RECORDED, {})
    judged_years = range(due.last_day.year, due.due.year + 1)
    assert due.provisional is any(y not in RECORDED for y in judged_years)
    if due.last_day.year == due.due.year:
        assert due.provisional is CAL_RECORDED.is_provisional(due.due)
    if due.provisional is False:
        assert not CAL_RECORDED.is_provisional(due.due)
    assert compute_due(spec, p, CAL, {}).provisional is False  # no record kept: never


# -- periods -----------------------------------------------------------------------------


@SETTINGS
@given(periods())
def test_parse_period_round_trips_the_label(p: Period) -> None:
    assert parse_period(p.label) == p
    assert parse_period(p.label.lower()) == p


@SETTINGS
@given(years, st.integers(1, 4))
def test_vietnamese_quarter_phrases(y: int, q: int) -> None:
    roman = ["I", "II", "III", "IV"][q - 1]
    expected = quarter(y, q)
    assert parse_period(f"quý {roman}/{y}") == expected
    assert parse_period(f"Quý {q} năm {y}") == expected
    assert read_title_period(f"Báo cáo kết quả thi đua quý {roman}/{y}", None).period == expected


@SETTINGS
@given(
    st.sampled_from(
        [
            Frequency.MONTHLY,
            Frequency.QUARTERLY,
            Frequency.SEMIANNUAL,
            Frequency.SEMIANNUAL_AND_ANNUAL,
            Frequency.ANNUAL,
        ]
    ),
    work_dates,
    st.integers(0, 1000),
)
def test_periods_for_overlap_in_order(freq: Frequency, start: date, length: int) -> None:
    end = start + timedelta(days=length)
    found = periods_for(freq, start, end)
    assert found
    assert all(p.start <= end and p.end >= start for p in found)
    assert [p.end for p in found] == sorted(p.end for p in found)
    if freq is not Frequency.SEMIANNUAL_AND_ANNUAL:
        # consecutive and covering: no gap, no overlap
        assert found[0].start <= start
        assert found[-1].end >= end
        for a, b in itertools.pairwise(found):
            assert b.start == a.end + timedelta(days=1)


@SETTINGS
@given(periods())
def test_cutoff_window_ends_on_the_14th_of_the_last_month(p: Period) -> None:
    cut = cutoff_window(p)
    if p.label.count("..") == 1:
        assert cut is None
        return
    assert cut is not None
    start, end = cut
    assert (start.day, end.day) == (15, 14)
    assert (end.year, end.month) == (p.end.year, p.end.month)
    assert start < p.start
    assert (p.start - start).days <= 17
    assert contains(p, p)


# -- dates -------------------------------------------------------------------------------


@SETTINGS
@given(st.dates(min_value=FIRST_DAY, max_value=LAST_DAY))
def test_parse_date_round_trips(d: date) -> None:
    assert parse_date(d.isoformat()) == d
    assert parse_date(f"{d.day}/{d.month}/{d.year}") == d
    assert parse_date(f"{d.day:02d}/{d.month:02d}/{d.year}") == d
    assert parse_date(f"ngày {d.day} tháng {d.month} năm {d.year}") == d


_CODES = ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "9M", "Y", *(f"M{m}" for m in range(1, 13)))


@SETTINGS
@given(st.lists(st.sampled_from(_CODES), min_size=1, max_size=6, unique=True), work_dates,
       st.integers(0, 2000))
def test_a_schedules_periods_of_one_kind_neither_overlap_nor_leave_gaps(
    codes: list[str], start: date, length: int
) -> None:
    """A schedule such as [Q1, H1, 9M, Y] (NĐ 09/2019) is cumulative across its entries, but
    each entry recurs once a year: within the window its periods follow one another a year
    apart, none missing, none twice; and the whole list comes in order of end dates."""
    end = start + timedelta(days=length)
    found = schedule_periods(tuple(codes), start, end)
    assert [p.end for p in found] == sorted(p.end for p in found)
    assert all(p.start <= end and p.end >= start for p in found)
    for code in codes:
        mine = [p for p in found if p == period_of(code, p.start.year)]
        years = [p.start.year for p in mine]
        assert all(b == a + 1 for a, b in itertools.pairwise(years))  # a year apart, each once
        for a, b in itertools.pairwise(mine):
            assert a.end < b.start  # no overlap between one entry's years
        expected = {y for y in range(start.year, end.year + 1)
                    if period_of(code, y).start <= end and period_of(code, y).end >= start}
        assert set(years) == expected  # no year of the window missing
    if set(codes) == {"Q1", "Q2", "Q3", "Q4"}:  # a plain quarterly schedule tiles the window
        for a, b in itertools.pairwise(found):
            assert b.start == a.end + timedelta(days=1)


@SETTINGS
@given(st.one_of(st.dates(max_value=FIRST_DAY - timedelta(days=1)),
                 st.dates(min_value=LAST_DAY + timedelta(days=1))))
def test_dates_baocao_cannot_judge_are_refused_in_every_form(d: date) -> None:
    """Outside the public-holiday calendar (less a year for due dates), never a date."""
    for text in (d.isoformat(), f"{d.day}/{d.month}/{d.year:04d}",
                 f"ngày {d.day} tháng {d.month} năm {d.year:04d}"):
        with pytest.raises(DateParseError, match="outside the dates baocao can judge"):
            parse_date(text)
    with pytest.raises(DateParseError):
        parse_date(d)


def test_the_calendar_covers_the_dates_baocao_judges_and_a_year_more() -> None:
    """Tết is known in the first and the last year (the holidays package's lunar tables);
    a working day beyond is refused, never computed without its holidays."""
    cal = WorkCalendar()
    first, last = CALENDAR_YEARS
    assert (first, last) == (FIRST_DAY.year, LAST_DAY.year + 1)
    for y in (first, last):
        assert any("Tết" in (cal.holiday_name(date(y, m, d)) or "")
                   for m in (1, 2) for d in range(1, 29 if m == 2 else 32)), y
    with pytest.raises(BaocaoError, match=r"calendar\.out-of-range"):
        cal.roll_forward(date(last + 1, 1, 2))
    with pytest.raises(BaocaoError, match=r"calendar\.out-of-range"):
        cal.is_working_day(date(first - 1, 12, 31))
