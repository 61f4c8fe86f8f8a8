"""Due dates: the words (or a policy), the reading, then roll-forward to a working day."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.errors import BaocaoError
from engine.model import (
    DeadlineSpec,
    Due,
    DueBasis,
    Frequency,
    MonthRef,
    Period,
    Reading,
    SkippedDay,
)
from engine.rulebook.policies import build_policies
from engine.sources.yaml import load_yaml, load_yaml_text
from engine.time.deadlines import compute_due, deadline_problem, parse_month_ref
from engine.time.periods import FREQUENCY_CODES, half, month, quarter, window, year
from engine.time.workdays import WorkCalendar

POLICIES_FILE = Path(__file__).resolve().parents[1] / "rules" / "calendar" / "policies.yaml"
POLICIES = build_policies(load_yaml(POLICIES_FILE))
CAL = WorkCalendar()

LAST, NEXT = MonthRef("last"), MonthRef("next")


def stated(reading: Reading, day: int | None = None, ref: MonthRef | None = None) -> DeadlineSpec:
    return DeadlineSpec(DueBasis.STATED, reading, day=day, month=ref)


def assumed(policy: str | None) -> DeadlineSpec:
    return DeadlineSpec(DueBasis.ASSUMED, Reading.BY, policy=policy)


@pytest.mark.parametrize(
    ("spec", "period", "nominal", "last_day", "due"),
    [
        # "trước ngày 15 của tháng cuối quý"
        (stated(Reading.BEFORE, 15, LAST), quarter(2022, 1),
         date(2022, 3, 15), date(2022, 3, 14), date(2022, 3, 14)),
        (stated(Reading.BEFORE, 15, LAST), quarter(2022, 2),
         date(2022, 6, 15), date(2022, 6, 14), date(2022, 6, 14)),
        (stated(Reading.BEFORE, 15, LAST), quarter(2022, 4),
         date(2022, 12, 15), date(2022, 12, 14), date(2022, 12, 14)),
        # "chậm nhất ngày 24": Saturday → Monday
        (stated(Reading.BY, 24, LAST), quarter(2022, 4),
         date(2022, 12, 24), date(2022, 12, 24), date(2022, 12, 26)),
        # "trước ngày 25": the 24th is a Saturday too
        (stated(Reading.BEFORE, 25, LAST), quarter(2022, 4),
         date(2022, 12, 25), date(2022, 12, 24), date(2022, 12, 26)),
        # absolute month: "ngày 01 tháng 9 hằng năm" → Quốc khánh → Monday 5/9
        (stated(Reading.BY, 1, MonthRef("absolute", 9)), year(2022),
         date(2022, 9, 1), date(2022, 9, 1), date(2022, 9, 5)),
        # next month, across the year end
        (stated(Reading.BY, 5, NEXT), quarter(2022, 4),
         date(2023, 1, 5), date(2023, 1, 5), date(2023, 1, 5)),
        # "trước ngày 01 tháng sau" for January 2022: 31/1 is Tết → Monday 7/2
        (stated(Reading.BEFORE, 1, NEXT), month(2022, 1),
         date(2022, 2, 1), date(2022, 1, 31), date(2022, 2, 7)),
        # Tết Quý Mão: Fri 20/1/2023 is "29 Tết" → Fri 27/1
        (stated(Reading.BY, 20, LAST), month(2023, 1),
         date(2023, 1, 20), date(2023, 1, 20), date(2023, 1, 27)),
        (stated(Reading.BY, 30, NEXT), half(2023, 1),
         date(2023, 7, 30), date(2023, 7, 30), date(2023, 7, 31)),
        # within: the window's last day
        (stated(Reading.WITHIN), quarter(2022, 3),
         date(2022, 9, 30), date(2022, 9, 30), date(2022, 9, 30)),
        (stated(Reading.WITHIN), window(date(2022, 7, 1), date(2023, 3, 31)),
         date(2023, 3, 31), date(2023, 3, 31), date(2023, 3, 31)),
        (stated(Reading.WITHIN), year(2022),  # Sat 31/12, Sun, Mon 2/1 observed → Tue
         date(2022, 12, 31), date(2022, 12, 31), date(2023, 1, 3)),
        (stated(Reading.WITHIN, 15, LAST), quarter(2022, 1),  # a day is ignored when within
         date(2022, 3, 31), date(2022, 3, 31), date(2022, 3, 31)),
        (stated(Reading.BEFORE), quarter(2022, 1),  # no day: the period's end
         date(2022, 3, 31), date(2022, 3, 30), date(2022, 3, 30)),
        (stated(Reading.BY, 15, LAST), window(date(2022, 7, 1), date(2023, 3, 31)),
         date(2023, 3, 15), date(2023, 3, 15), date(2023, 3, 15)),
    ],
)  # fmt: skip
def test_compute_due_stated(
    spec: DeadlineSpec, period: Period, nominal: date, last_day: date, due: date
) -> None:
    result = compute_due(spec, period, CAL, POLICIES)
    assert replace(result, skipped=()) == Due(
        nominal=nominal,
        last_day=last_day,
        due=due,
        basis=DueBasis.STATED,
        reading=spec.reading,
        policy=None,
    )
    assert result.rolled == (due != last_day)


@pytest.mark.parametrize(
    ("policy", "period", "nominal", "due", "reading"),
    [
        ("ngay-20-thang-cuoi-ky", half(2022, 1), date(2022, 6, 20), date(2022, 6, 20), Reading.BY),
        ("ngay-20-thang-cuoi-ky", year(2022), date(2022, 12, 20), date(2022, 12, 20), Reading.BY),
        # Sun 20/6/2021 → Mon 21/6
        ("ngay-20-thang-cuoi-ky", half(2021, 1), date(2021, 6, 20), date(2021, 6, 21), Reading.BY),
        ("ngay-20-thang-cuoi-ky", month(2022, 8), date(2022, 8, 20), date(2022, 8, 22), Reading.BY),
        ("cuoi-ky", quarter(2022, 4), date(2022, 12, 31), date(2023, 1, 3), Reading.WITHIN),
        ("cuoi-ky", half(2022, 1), date(2022, 6, 30), date(2022, 6, 30), Reading.WITHIN),
    ],
)
def test_compute_due_assumed(
    policy: str, period: Period, nominal: date, due: date, reading: Reading
) -> None:
    result = compute_due(assumed(policy), period, CAL, POLICIES)
    assert replace(result, skipped=()) == Due(
        nominal=nominal,
        last_day=nominal,
        due=due,
        basis=DueBasis.ASSUMED,
        reading=reading,
        policy=policy,
    )
    assert result.rolled == (due != nominal)


def test_due_records_each_day_rolled_over() -> None:
    """Worked by hand: Q4/2022 ends Saturday 31/12; Sunday 1/1/2023 is Tết Dương lịch and
    Monday 2/1 its observed day, so the report is due Tuesday 3/1/2023."""
    result = compute_due(assumed("cuoi-ky"), quarter(2022, 4), CAL, POLICIES)
    assert result.skipped == (
        SkippedDay(date(2022, 12, 31), None),
        SkippedDay(date(2023, 1, 1), "Tết Dương lịch"),
        SkippedDay(date(2023, 1, 2), "Tết Dương lịch (nghỉ bù)"),
    )
    assert result.due == date(2023, 1, 3)
    on_a_weekday = compute_due(assumed("cuoi-ky"), half(2022, 1), CAL, POLICIES)
    assert on_a_weekday.skipped == ()


def test_compute_due_uses_the_calendar_adjustments() -> None:
    cal = WorkCalendar({date(2022, 3, 14): "Nghỉ thử"})
    result = compute_due(stated(Reading.BEFORE, 15, LAST), quarter(2022, 1), cal, {})
    assert (result.last_day, result.due, result.rolled) == (
        date(2022, 3, 14),
        date(2022, 3, 15),
        True,
    )


@pytest.mark.parametrize(
    ("spec", "period", "message"),
    [
        (
            assumed("ngay-99"),
            year(2022),
            "unknown deadline policy 'ngay-99'; known policies: cuoi-ky, ngay-20-thang-cuoi-ky "
            "(defined in rules/calendar/policies.yaml)",
        ),
        (
            assumed(None),
            year(2022),
            "an assumed deadline must name a policy from rules/calendar/policies.yaml "
            "(known policies: cuoi-ky, ngay-20-thang-cuoi-ky)",
        ),
        (
            stated(Reading.BY, 31, LAST),
            quarter(2022, 2),
            "day 31 does not exist in 06/2022 (period 2022-Q2)",
        ),
        (
            stated(Reading.BEFORE, 30, MonthRef("absolute", 2)),
            year(2022),
            "day 30 does not exist in 02/2022 (period 2022)",
        ),
        (
            stated(Reading.BY, 15),
            quarter(2022, 1),
            "the deadline names day 15 but no month; expected month: last, next or 1..12",
        ),
        (
            stated(Reading.BY, 15, MonthRef("first")),
            quarter(2022, 1),
            "expected month: last, next or a month number 1..12, got mode 'first' with month None",
        ),
        (
            stated(Reading.BY, 15, MonthRef("absolute", 13)),
            quarter(2022, 1),
            "expected month: last, next or a month number 1..12, got mode 'absolute' with month 13",
        ),
    ],
)
def test_compute_due_errors(spec: DeadlineSpec, period: Period, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        compute_due(spec, period, CAL, POLICIES)


def test_unknown_policy_with_no_policies_defined() -> None:
    with pytest.raises(ValueError, match=r"known policies: none defined"):
        compute_due(assumed("x"), year(2022), CAL, {})


# -- deadline_problem -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "freq"),
    [
        (stated(Reading.BEFORE, 15, LAST), Frequency.QUARTERLY),
        (stated(Reading.BY, 30, NEXT), Frequency.QUARTERLY),  # 30/4, 30/7, 30/10, 30/1
        (stated(Reading.BY, 5, NEXT), Frequency.MONTHLY),
        (stated(Reading.BY, 15, MonthRef("absolute", 7)), Frequency.SEMIANNUAL),
        (stated(Reading.BY, 20, MonthRef("absolute", 1)), Frequency.ANNUAL),
        (stated(Reading.WITHIN), Frequency.SEMIANNUAL_AND_ANNUAL),
        (assumed("ngay-20-thang-cuoi-ky"), Frequency.SEMIANNUAL_AND_ANNUAL),
        (assumed("cuoi-ky"), Frequency.MONTHLY),
        # no calendar: nothing to check
        (stated(Reading.BY, 31, MonthRef("absolute", 2)), Frequency.ONCE),
        (assumed("unknown"), Frequency.AD_HOC),
        (stated(Reading.BY, 99, LAST), Frequency.MULTI_YEAR),
    ],
)
def test_deadline_problem_none(spec: DeadlineSpec, freq: Frequency) -> None:
    assert deadline_problem(spec, FREQUENCY_CODES.get(freq, ()), POLICIES) is None


@pytest.mark.parametrize(
    ("spec", "freq", "message"),
    [
        (
            DeadlineSpec(DueBasis.STATED, Reading.BY, 31, LAST, words="chậm nhất ngày 31"),
            Frequency.QUARTERLY,
            "invalid deadline 'chậm nhất ngày 31': day 31 does not exist in 06/2022 (period "
            "2022-Q2) / hạn báo cáo không hợp lệ: ngày 31 không có trong tháng 6/2022 "
            "(kỳ 2022-Q2)",
        ),
        (
            stated(Reading.BY, 31, NEXT),
            Frequency.QUARTERLY,
            "invalid deadline day 31, month next: day 31 does not exist in 04/2022 (period "
            "2022-Q1) / hạn báo cáo không hợp lệ: ngày 31 không có trong tháng 4/2022 "
            "(kỳ 2022-Q1)",
        ),
        (
            stated(Reading.BY, 15, MonthRef("absolute", 12)),
            Frequency.QUARTERLY,
            "deadline outside its period: day 15, month 12 gives 2022-12-15 for period 2022-Q1 "
            "(2022-01-01..2022-03-31); expected a date from the period's start to 31 days "
            "after its end (for a month of the next year, 'ngày 15/02 năm sau', write month: 2, "
            "year: next) / hạn báo cáo nằm ngoài kỳ báo cáo: day 15, month 12 cho ngày "
            "15/12/2022 với kỳ 2022-Q1",
        ),
        (
            stated(Reading.BY, 15, MonthRef("absolute", 6)),
            Frequency.SEMIANNUAL,
            "deadline outside its period: day 15, month 6 gives 2022-06-15 for period 2022-H2 "
            "(2022-07-01..2022-12-31); expected a date from the period's start to 31 days "
            "after its end (for a month of the next year, 'ngày 15/02 năm sau', write month: 2, "
            "year: next) / hạn báo cáo nằm ngoài kỳ báo cáo: day 15, month 6 cho ngày "
            "15/6/2022 với kỳ 2022-H2",
        ),
        (
            stated(Reading.BY, 15),
            Frequency.ANNUAL,
            "invalid deadline day 15, month ?: the deadline names day 15 but no month; "
            "expected month: last, next or 1..12 / hạn báo cáo không hợp lệ: thiếu tháng",
        ),
        (
            assumed("ngay-99"),
            Frequency.QUARTERLY,
            "unknown deadline policy 'ngay-99'; known policies: cuoi-ky, ngay-20-thang-cuoi-ky "
            "(defined in rules/calendar/policies.yaml) / chính sách hạn báo cáo không hợp lệ: "
            "'ngay-99'",
        ),
    ],
)
def test_deadline_problem_reports(spec: DeadlineSpec, freq: Frequency, message: str) -> None:
    assert deadline_problem(spec, FREQUENCY_CODES.get(freq, ()), POLICIES) == message


def test_deadline_problem_depends_on_the_sample_year() -> None:
    spec = stated(Reading.BY, 29, MonthRef("absolute", 2))
    assert deadline_problem(spec, ("Y",), POLICIES, sample_year=2024) is None
    problem = deadline_problem(spec, ("Y",), POLICIES, sample_year=2022)
    assert problem is not None
    assert problem.startswith("invalid deadline day 29, month 2: day 29 does not exist in 02/2022")


# -- month references and policies.yaml --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ref"),
    [
        ("last", MonthRef("last")),
        ("next", MonthRef("next")),
        (12, MonthRef("absolute", 12)),
        ("1", MonthRef("absolute", 1)),
        (MonthRef("next"), MonthRef("next")),
    ],
)
def test_parse_month_ref(value: object, ref: MonthRef) -> None:
    assert parse_month_ref(value) == ref


@pytest.mark.parametrize("value", [0, 13, "first", True, None, 6.0])
def test_parse_month_ref_errors(value: object) -> None:
    message = (
        "expected month: last, next or a month number 1..12 (e.g. 12 for 'tháng 12 hằng năm'), "
        f"got {value!r}"
    )
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_month_ref(value)


def test_bundled_policies() -> None:
    assert sorted(POLICIES) == ["cuoi-ky", "ngay-20-thang-cuoi-ky"]
    p20 = POLICIES["ngay-20-thang-cuoi-ky"]
    assert (p20.day, p20.month, p20.reading) == (20, MonthRef("last"), Reading.BY)
    assert p20.description_vi == (
        "Văn bản không nêu hạn: giả định chậm nhất ngày 20 của tháng cuối kỳ báo cáo (sau ngày "
        "chốt số liệu 14 theo Nghị định 09/2019/NĐ-CP, Điều 12)."
    )
    assert p20.description_en == (
        "The text states no date: assumed to be the 20th of the period's last month, after the "
        "data cut-off on the 14th (Decree 09/2019/ND-CP, Art. 12)."
    )
    end = POLICIES["cuoi-ky"]
    assert (end.day, end.month, end.reading) == (None, None, Reading.WITHIN)


def _policy(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": "p",
        "day": 20,
        "month": "last",
        "reading": "by",
        "description_vi": "vi",
        "description_en": "en",
    }
    entry.update(changes)
    return {"policies": [entry]}


def _load(data: Any) -> Any:
    return build_policies(load_yaml_text(yaml.safe_dump(data, allow_unicode=True), "p.yaml"))


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        ([], "schema.type", "expected a mapping, got a list"),
        ({"policies": {}}, "schema.type", "expected a list, got a mapping"),
        ({"policies": [], "defaults": 1}, "schema.additionalProperties",
         "unknown field 'defaults'"),
        ({"policies": ["x"]}, "schema.type", "expected a mapping, got string 'x'"),
        (_policy(extra=1), "schema.additionalProperties", "unknown field 'extra'"),
        (_policy(id="Ngày 20"), "schema.pattern", "'Ngày 20' does not have the expected form"),
        (_policy(reading="truoc"), "schema.enum", "'truoc' is not allowed"),
        (_policy(day=0), "schema.minimum", "expected a number >= 1, got 0"),
        (_policy(day=True), "schema.type", "expected an integer or null, got boolean true"),
        (_policy(day="20"), "schema.type", "expected an integer or null, got string '20'"),
        (_policy(month="first"), "schema.enum", "'first' is not allowed"),
        (_policy(day=None), "schema.type", "expected an integer, got null"),
        (_policy(month=None), "schema.enum", "null is not allowed"),
        ({"policies": [_policy()["policies"][0], _policy()["policies"][0]]},
         "policies.duplicate-id", "policy 'p' is already defined at line"),
    ],
)
def test_policy_errors_are_located(data: Any, code: str, message: str) -> None:
    with pytest.raises(BaocaoError) as info:
        _load(data)
    found = info.value.problems[0]
    assert found.code == code, info.value.problems
    assert message in found.message
    assert found.line > 0


def test_policy_without_day_or_month_is_refused() -> None:
    entry = _policy()["policies"][0]
    del entry["month"]
    with pytest.raises(BaocaoError) as info:
        _load({"policies": [entry]})
    (found,) = info.value.problems
    assert found.code == "schema.required"
    assert "missing required field 'month' (reading 'before' or 'by' needs a day and a month" \
        in found.message
