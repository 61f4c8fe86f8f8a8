"""Periods: constructors, labels, Vietnamese phrases, expansion and NĐ 09/2019 cut-offs."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest

from engine.model import Frequency, Period, PeriodKind
from engine.time.periods import (
    PeriodParseError,
    contains,
    cutoff_window,
    half,
    month,
    parse_period,
    periods_for,
    quarter,
    window,
    year,
)
from engine.time.titles import TitlePeriod, read_title_period

ACCEPTED = (
    "expected a period like 2022, 2022-H1, 2022-Q3, 2022-05, 2022-9M, 2022-07-01..2023-03-31, "
    "'năm 2022', '6 tháng đầu năm 2022', '6 tháng cuối năm 2022', '9 tháng đầu năm 2022', "
    "'quý III/2022', 'Quý 3 năm 2022', 'Q3/2022', 'H1/2022', 'tháng 5/2022', 'tháng 5 năm 2022' "
    "or '05/2022'"
)

# -- constructors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "start", "end", "kind", "label"),
    [
        (year(2022), date(2022, 1, 1), date(2022, 12, 31), PeriodKind.YEAR, "2022"),
        (half(2022, 1), date(2022, 1, 1), date(2022, 6, 30), PeriodKind.HALF, "2022-H1"),
        (half(2022, 2), date(2022, 7, 1), date(2022, 12, 31), PeriodKind.HALF, "2022-H2"),
        (quarter(2022, 1), date(2022, 1, 1), date(2022, 3, 31), PeriodKind.QUARTER, "2022-Q1"),
        (quarter(2022, 2), date(2022, 4, 1), date(2022, 6, 30), PeriodKind.QUARTER, "2022-Q2"),
        (quarter(2022, 3), date(2022, 7, 1), date(2022, 9, 30), PeriodKind.QUARTER, "2022-Q3"),
        (quarter(2022, 4), date(2022, 10, 1), date(2022, 12, 31), PeriodKind.QUARTER, "2022-Q4"),
        (month(2022, 5), date(2022, 5, 1), date(2022, 5, 31), PeriodKind.MONTH, "2022-05"),
        (month(2023, 2), date(2023, 2, 1), date(2023, 2, 28), PeriodKind.MONTH, "2023-02"),
        (month(2024, 2), date(2024, 2, 1), date(2024, 2, 29), PeriodKind.MONTH, "2024-02"),
        (month(2022, 11), date(2022, 11, 1), date(2022, 11, 30), PeriodKind.MONTH, "2022-11"),
        (
            window(date(2022, 7, 1), date(2023, 3, 31)),
            date(2022, 7, 1),
            date(2023, 3, 31),
            PeriodKind.WINDOW,
            "2022-07-01..2023-03-31",
        ),
    ],
)
def test_constructors(period: Period, start: date, end: date, kind: PeriodKind, label: str) -> None:
    assert period == Period(start, end, kind, label)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: half(2022, 3), "half must be 1 or 2, got 3"),
        (lambda: quarter(2022, 0), "quarter must be 1..4, got 0"),
        (lambda: quarter(2022, 5), "quarter must be 1..4, got 5"),
        (lambda: month(2022, 13), "month must be 1..12, got 13"),
        (lambda: year(22), "year must have four digits (1000..9999), got 22"),
        (
            lambda: window(date(2023, 3, 31), date(2022, 7, 1)),
            "a window ends before it starts: 2023-03-31..2022-07-01",
        ),
    ],
)
def test_constructor_errors(make: Callable[[], Period], message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        make()


# -- parse_period ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("2022", "2022"),
        ("2022-H1", "2022-H1"),
        ("2022-h2", "2022-H2"),
        ("2022-Q3", "2022-Q3"),
        ("2022-05", "2022-05"),
        ("2022-5", "2022-05"),
        ("2022-07-01..2023-03-31", "2022-07-01..2023-03-31"),
        ("2022-07-01 .. 2023-03-31", "2022-07-01..2023-03-31"),
        ("năm 2022", "2022"),
        ("Năm 2022", "2022"),
        ("trong năm 2022", "2022"),
        ("6 tháng đầu năm 2022", "2022-H1"),
        ("06 tháng đầu năm 2022", "2022-H1"),
        ("6 tháng cuối năm 2022", "2022-H2"),
        ("6 THANG CUOI NAM 2022", "2022-H2"),
        ("quý III/2022", "2022-Q3"),
        ("Quý 3 năm 2022", "2022-Q3"),
        ("quý I năm 2022", "2022-Q1"),
        ("quy ii/2022", "2022-Q2"),
        ("Quý IV - 2022", "2022-Q4"),
        ("quí II/2022", "2022-Q2"),
        ("Q3/2022", "2022-Q3"),
        ("q4 2022", "2022-Q4"),
        ("tháng 5/2022", "2022-05"),
        ("tháng 5 năm 2022", "2022-05"),
        ("Tháng 12/2022", "2022-12"),
        ("05/2022", "2022-05"),
        ("5/2022", "2022-05"),
        ("H1/2022", "2022-H1"),
        ("h2 năm 2022", "2022-H2"),
        ("từ ngày 01/7/2022 đến ngày 31/3/2023", "2022-07-01..2023-03-31"),
        ("từ 2022-07-01 đến hết ngày 2023-03-31", "2022-07-01..2023-03-31"),
        ("6 tháng năm 2022", "2022-H1"),  # "6 tháng" alone is the first half
        ("9 tháng đầu năm 2022", "2022-9M"),
        ("09 tháng năm 2024", "2024-9M"),
        ("2022-9M", "2022-9M"),
    ],
)
def test_parse_period_accepts(text: str, label: str) -> None:
    assert parse_period(text).label == label


def test_parse_period_gives_the_whole_period() -> None:
    assert parse_period("quý III/2022") == Period(
        date(2022, 7, 1), date(2022, 9, 30), PeriodKind.QUARTER, "2022-Q3"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("quý V/2022", f"{ACCEPTED}, got 'quý V/2022'"),
        ("2022-Q5", f"{ACCEPTED}, got '2022-Q5'"),
        ("16 tháng đầu năm 2022", f"{ACCEPTED}, got '16 tháng đầu năm 2022'"),
        ("quý 3", f"{ACCEPTED}, got 'quý 3'"),
        ("22", f"{ACCEPTED}, got '22'"),
        ("", f"{ACCEPTED}, got ''"),
        ("tháng 13/2022", f"{ACCEPTED}, got 'tháng 13/2022': month must be 1..12, got 13"),
        ("2022-00", f"{ACCEPTED}, got '2022-00': month must be 1..12, got 0"),
        (
            "2023-03-31..2022-07-01",
            f"{ACCEPTED}, got '2023-03-31..2022-07-01': "
            "a window ends before it starts: 2023-03-31..2022-07-01",
        ),
        (
            "từ ngày 31/02/2022 đến ngày 31/3/2023",
            f"{ACCEPTED}, got 'từ ngày 31/02/2022 đến ngày 31/3/2023': expected a date like "
            "2022-06-14, 14/6/2022 or 'ngày 14 tháng 6 năm 2022', got '31/02/2022': "
            "there is no day 31 in 02/2022",
        ),
    ],
)
def test_parse_period_rejects_with_accepted_forms(text: str, message: str) -> None:
    with pytest.raises(PeriodParseError) as info:
        parse_period(text)
    assert str(info.value) == message


def test_period_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="expected a period like"):
        parse_period("kỳ này")


# -- periods in titles (engine.time.titles) ------------------------------------------------


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Báo cáo kết quả thực hiện Cuộc vận động 6 tháng đầu năm 2022", "2022-H1"),
        ("Báo cáo thi đua quý II/2022", "2022-Q2"),
        ("Báo cáo năm 2022", "2022"),
        ("báo cáo tổng kết năm 2022", "2022"),
        ("BAO CAO SO KET 6 THANG CUOI NAM 2022", "2022-H2"),
        ("Báo cáo công tác thông tin đối ngoại Quý 3 năm 2022", "2022-Q3"),
        ("Báo cáo tháng 5/2022 của Sở TT&TT", "2022-05"),
        ("BC Q3/2022 (số 45/BC-STTTT)", "2022-Q3"),
        ("Báo cáo kết quả 2022-H1", "2022-H1"),
        # "thắng" folds to "thang": a victory is not a month.
        ("Báo cáo kỷ niệm Ngày Chiến thắng 30/4 năm 2022", "2022"),
        # A date inside the title is not the period it reports on.
        (
            "Báo cáo thực hiện Chỉ thị số 103/CT-BTTTT ngày 13 tháng 12 năm 2021 quý II/2022",
            "2022-Q2",
        ),
        ("Báo cáo quý 2 năm 2022 (gửi ngày 14/6/2022)", "2022-Q2"),
        # A document number is not a month.
        ("Báo cáo thực hiện Nghị định 09/2019/NĐ-CP năm 2022", "2022"),
        # The same period twice is still one period.
        ("Báo cáo quý III/2022 - đánh giá quý 3 năm 2022", "2022-Q3"),
        (
            "Báo cáo kết quả thực hiện từ ngày 01/7/2022 đến ngày 31/3/2023",
            "2022-07-01..2023-03-31",
        ),
        # Cumulative periods, as NĐ 09/2019 names them.
        ("Báo cáo kết quả 9 tháng đầu năm 2024", "2024-9M"),
        ("Báo cáo 9 tháng năm 2022", "2022-9M"),
        ("Báo cáo sơ kết 6 tháng năm 2022", "2022-H1"),  # "6 tháng" alone: the first half
        # A plan for later is not the period reported on.
        ("Báo cáo tổng kết năm 2022 và phương hướng năm 2023", "2022"),
        ("Báo cáo sơ kết 6 tháng đầu năm 2022, phương hướng 6 tháng cuối năm 2022", "2022-H1"),
        ("Báo cáo tổng kết hoạt động năm 2022 và triển khai nội dung hoạt động trọng tâm năm "
         "2023", "2022"),
        # A report on a period and a part of it is the report on the whole.
        ("Báo cáo quý II/2022 và 6 tháng đầu năm 2022", "2022-H1"),
        ("Báo cáo quý IV và năm 2022", "2022"),
        ("Báo cáo quý I và 6 tháng đầu năm 2022", "2022-H1"),
    ],
)
def test_title_periods(title: str, label: str) -> None:
    found = read_title_period(title, None)
    assert found.problem is None
    assert found.period is not None
    assert found.period.label == label
    assert found.year_inferred is False


@pytest.mark.parametrize(
    ("title", "received", "label"),
    [
        # No year in the title: the period of that name nearest the receipt date.
        ("Báo cáo 6 tháng đầu năm", date(2022, 6, 25), "2022-H1"),
        ("Báo cáo 6 tháng đầu năm", date(2023, 1, 10), "2022-H1"),
        ("Báo cáo quý III", date(2022, 9, 10), "2022-Q3"),
        ("Báo cáo quý IV", date(2023, 1, 5), "2022-Q4"),
        ("Báo cáo 9 tháng đầu năm", date(2024, 9, 12), "2024-9M"),
    ],
)
def test_title_periods_without_a_year(title: str, received: date, label: str) -> None:
    found = read_title_period(title, received)
    assert found.period is not None
    assert (found.period.label, found.year_inferred) == (label, True)


@pytest.mark.parametrize(
    "title",
    [
        "Báo cáo",
        "Báo cáo kết quả công tác thi đua",
        "Kế hoạch giai đoạn 2021-2025",
        "Báo cáo năm 2021-2025",
        "Công văn ngày 14/6/2022",
    ],
)
def test_titles_without_a_period(title: str) -> None:
    assert read_title_period(title, date(2022, 7, 1)) == TitlePeriod(None)


@pytest.mark.parametrize(
    ("title", "problem"),
    [
        ("Báo cáo 16 tháng đầu năm 2022", "cannot read ('16 thang')"),
        ("Báo cáo quý I, II năm 2022", "several periods at once ('quy i, ii')"),
        ("Báo cáo tháng 5, 6/2022", "several periods at once ('thang 5, 6')"),
        ("Báo cáo tháng 13/2022", "cannot read ('thang 13/2022')"),
        ("Báo cáo quý 5/2022", "cannot read ('quy 5')"),
        ("Báo cáo quý II/2022 và quý II/2023", "several periods (2022-Q2, 2023-Q2)"),
    ],
)
def test_unreadable_title_periods_are_reported(title: str, problem: str) -> None:
    found = read_title_period(title, date(2022, 7, 1))
    assert found.period is None
    assert found.problem is not None
    assert problem in found.problem


# -- periods_for -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("freq", "start", "end", "labels"),
    [
        (
            Frequency.QUARTERLY,
            date(2022, 1, 1),
            date(2022, 12, 31),
            ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"],
        ),
        (Frequency.QUARTERLY, date(2022, 3, 31), date(2022, 4, 1), ["2022-Q1", "2022-Q2"]),
        (Frequency.QUARTERLY, date(2022, 6, 30), date(2022, 6, 30), ["2022-Q2"]),
        (Frequency.QUARTERLY, date(2022, 11, 15), date(2023, 2, 1), ["2022-Q4", "2023-Q1"]),
        (Frequency.SEMIANNUAL, date(2022, 1, 1), date(2022, 12, 31), ["2022-H1", "2022-H2"]),
        (Frequency.SEMIANNUAL, date(2022, 7, 1), date(2023, 6, 30), ["2022-H2", "2023-H1"]),
        (
            Frequency.SEMIANNUAL_AND_ANNUAL,
            date(2022, 1, 1),
            date(2023, 12, 31),
            ["2022-H1", "2022", "2023-H1", "2023"],
        ),
        (Frequency.SEMIANNUAL_AND_ANNUAL, date(2022, 9, 1), date(2022, 12, 31), ["2022"]),
        (Frequency.ANNUAL, date(2017, 6, 1), date(2019, 1, 1), ["2017", "2018", "2019"]),
        (
            Frequency.MONTHLY,
            date(2022, 11, 30),
            date(2023, 2, 1),
            ["2022-11", "2022-12", "2023-01", "2023-02"],
        ),
    ],
)
def test_periods_for(freq: Frequency, start: date, end: date, labels: list[str]) -> None:
    assert [p.label for p in periods_for(freq, start, end)] == labels


@pytest.mark.parametrize("freq", [Frequency.ONCE, Frequency.AD_HOC, Frequency.MULTI_YEAR])
def test_periods_for_refuses_frequencies_without_a_calendar(freq: Frequency) -> None:
    message = (
        f"frequency '{freq.value}' has no calendar periods; expected one of "
        "monthly, quarterly, semiannual, semiannual_and_annual, annual"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        periods_for(freq, date(2022, 1, 1), date(2022, 12, 31))


def test_periods_for_refuses_a_reversed_range() -> None:
    with pytest.raises(ValueError, match=r"^the range ends before it starts: 2022-12-31\.\.2022"):
        periods_for(Frequency.ANNUAL, date(2022, 12, 31), date(2022, 1, 1))


# -- cut-off windows (NĐ 09/2019/NĐ-CP, Điều 12) -----------------------------------------


@pytest.mark.parametrize(
    ("period", "window_"),
    [
        (month(2022, 1), (date(2021, 12, 15), date(2022, 1, 14))),
        (month(2022, 5), (date(2022, 4, 15), date(2022, 5, 14))),
        (quarter(2022, 1), (date(2021, 12, 15), date(2022, 3, 14))),
        (quarter(2022, 3), (date(2022, 6, 15), date(2022, 9, 14))),
        (quarter(2022, 4), (date(2022, 9, 15), date(2022, 12, 14))),
        (half(2022, 1), (date(2021, 12, 15), date(2022, 6, 14))),
        (half(2022, 2), (date(2022, 6, 15), date(2022, 12, 14))),
        (year(2022), (date(2021, 12, 15), date(2022, 12, 14))),
    ],
)
def test_cutoff_window(period: Period, window_: tuple[date, date]) -> None:
    assert cutoff_window(period) == window_


def test_a_task_window_has_no_cutoff() -> None:
    assert cutoff_window(window(date(2022, 7, 1), date(2023, 3, 31))) is None


# -- contains --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        (year(2022), half(2022, 2), True),
        (year(2022), quarter(2022, 3), True),
        (year(2022), month(2022, 12), True),
        (year(2022), year(2022), True),
        (half(2022, 1), quarter(2022, 3), False),
        (half(2022, 1), quarter(2022, 2), True),
        (quarter(2022, 2), half(2022, 1), False),
        (year(2022), quarter(2023, 1), False),
        (window(date(2022, 7, 1), date(2023, 3, 31)), half(2022, 2), True),
        (window(date(2022, 7, 1), date(2023, 3, 31)), quarter(2023, 1), True),
        (window(date(2022, 7, 1), date(2023, 3, 31)), quarter(2023, 2), False),
    ],
)
def test_contains(outer: Period, inner: Period, expected: bool) -> None:
    assert contains(outer, inner) is expected
