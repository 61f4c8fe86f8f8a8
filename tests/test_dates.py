"""Dates as users write them: ISO, day-first numerals and Vietnamese words."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest

from engine.time.dates import DateParseError, fold_vietnamese, parse_date

EXPECTED = "expected a date like 2022-06-14, 14/6/2022 or 'ngày 14 tháng 6 năm 2022'"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-06-14", date(2022, 6, 14)),
        ("2022-6-4", date(2022, 6, 4)),
        ("14/6/2022", date(2022, 6, 14)),
        ("14/06/2022", date(2022, 6, 14)),
        ("14-6-2022", date(2022, 6, 14)),
        ("14.6.2022", date(2022, 6, 14)),
        ("1/2/2022", date(2022, 2, 1)),  # day-first: 1 February, never 2 January
        ("12/01/2022", date(2022, 1, 12)),
        ("  14/6/2022 ", date(2022, 6, 14)),
        ("ngày 14 tháng 6 năm 2022", date(2022, 6, 14)),
        ("Ngày 01 tháng 02 năm 2023", date(2023, 2, 1)),
        ("NGÀY 14 THÁNG 6 NĂM 2022", date(2022, 6, 14)),
        ("ngay 14 thang 6 nam 2022", date(2022, 6, 14)),
        ("Ngay  14   thang 6 nam 2022", date(2022, 6, 14)),
        ("14 tháng 6 năm 2022", date(2022, 6, 14)),
        ("ngày 14 tháng 6, năm 2022", date(2022, 6, 14)),
        (unicodedata.normalize("NFD", "ngày 14 tháng 6 năm 2022"), date(2022, 6, 14)),
        ("29/02/2024", date(2024, 2, 29)),
        ("2022-06-14 00:00:00", date(2022, 6, 14)),  # as spreadsheets export it
        ("2022-06-14T09:30", date(2022, 6, 14)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_parse_date_passes_dates_through() -> None:
    assert parse_date(date(2022, 6, 14)) == date(2022, 6, 14)


def test_parse_date_takes_the_date_of_a_datetime() -> None:
    result = parse_date(datetime(2022, 6, 14, 23, 59))
    assert result == date(2022, 6, 14)
    assert type(result) is date


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2022", f"{EXPECTED}, got '31/02/2022': there is no day 31 in 02/2022"),
        ("29/02/2023", f"{EXPECTED}, got '29/02/2023': there is no day 29 in 02/2023"),
        ("31/6/2022", f"{EXPECTED}, got '31/6/2022': there is no day 31 in 06/2022"),
        ("14/13/2022", f"{EXPECTED}, got '14/13/2022': there is no month 13"),
        ("2022-02-30", f"{EXPECTED}, got '2022-02-30': there is no day 30 in 02/2022"),
        (
            "ngày 32 tháng 1 năm 2022",
            f"{EXPECTED}, got 'ngày 32 tháng 1 năm 2022': there is no day 32 in 01/2022",
        ),
        ("2022/06/14", f"{EXPECTED}, got '2022/06/14'"),
        ("14/6-22", f"{EXPECTED}, got '14/6-22'"),
        ("31/02/22", f"{EXPECTED}, got '31/02/22': there is no day 31 in 02/2022"),
        ("14/6-2022", f"{EXPECTED}, got '14/6-2022'"),
        ("ngày 14 tháng 6", f"{EXPECTED}, got 'ngày 14 tháng 6'"),
        ("June 14, 2022", f"{EXPECTED}, got 'June 14, 2022'"),
        ("", f"{EXPECTED}, got ''"),
    ],
)
def test_parse_date_rejects_with_a_helpful_message(text: str, message: str) -> None:
    with pytest.raises(DateParseError) as info:
        parse_date(text)
    assert str(info.value) == message


@pytest.mark.parametrize(("text", "day"), [
    ("20/06/22", date(2022, 6, 20)), ("1.2.23", date(2023, 2, 1)), ("09-12-99", date(2099, 12, 9)),
])
def test_a_two_digit_year_is_of_this_century(text: str, day: date) -> None:
    """Excel's short date ("20/06/22") in a register: issue 15 — read, not refused."""
    assert parse_date(text) == day


def test_parse_date_rejects_other_types() -> None:
    with pytest.raises(DateParseError, match=r"got 20220614$"):
        parse_date(20220614)  # type: ignore[arg-type]


def test_date_parse_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="expected a date like"):
        parse_date("hôm qua")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Quý III", "quy iii"),
        ("Đà Nẵng", "da nang"),
        ("ĐỒNG THÁP", "dong thap"),
        ("  6 tháng   đầu năm ", "6 thang dau nam"),
        (unicodedata.normalize("NFD", "Sở Tư pháp"), "so tu phap"),
    ],
)
def test_fold_vietnamese(text: str, folded: str) -> None:
    assert fold_vietnamese(text) == folded
