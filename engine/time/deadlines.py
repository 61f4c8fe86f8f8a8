"""Due dates: from a deadline's words (or a named default policy) to a working day.

Three steps, in this order because each is shown to the user on its own: the *nominal*
day the words name ("ngày 15 của tháng cuối quý"), the *last day* after the reading
("trước ngày 15" leaves the 14th), then the *due* date after Bộ luật Dân sự 2015,
Điều 148 khoản 5 (a last day on a weekend or holiday moves to the next working day).

>>> from engine.time.workdays import WorkCalendar
>>> from engine.time.periods import quarter
>>> spec = DeadlineSpec(DueBasis.STATED, Reading.BEFORE, day=15, month=MonthRef("last"))
>>> compute_due(spec, quarter(2022, 1), WorkCalendar(), {}).due
datetime.date(2022, 3, 14)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta

from engine.model import (
    DeadlineSpec,
    Due,
    DueBasis,
    Frequency,
    MonthRef,
    Period,
    Policy,
    Reading,
)
from engine.time.periods import cutoff_window, period_of
from engine.time.workdays import WorkCalendar

__all__ = ["compute_due", "deadline_problem", "parse_month_ref", "window_opens"]

# A deadline may fall inside its period or shortly after it ("tháng đầu của quý sau");
# anything later is almost certainly a misread month.
_GRACE = timedelta(days=31)
_NEXT_YEAR_GRACE = timedelta(days=366)
_NO_CALENDAR = frozenset({Frequency.ONCE, Frequency.AD_HOC, Frequency.MULTI_YEAR})
_POLICY_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MONTH_MODES = ("last", "next", "absolute")


class _DeadlineError(ValueError):
    """A deadline that names no real day; carries the Vietnamese wording for rule authors."""

    def __init__(self, en: str, vi: str) -> None:
        super().__init__(en)
        self.vi = vi


def parse_month_ref(value: object) -> MonthRef:
    """Read a rule's ``month``: ``last``, ``next`` or a month number 1..12.

    >>> parse_month_ref(12)
    MonthRef(mode='absolute', month=12)
    """
    if isinstance(value, MonthRef):
        return value
    if value in ("last", "next"):
        return MonthRef(str(value))
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value)
    if number is None or not 1 <= number <= 12:
        raise ValueError(
            f"expected month: last, next or a month number 1..12 (e.g. 12 for "
            f"'tháng 12 hằng năm'), got {value!r}"
        )
    return MonthRef("absolute", number)


def _policy(spec: DeadlineSpec, policies: Mapping[str, Policy]) -> Policy | None:
    if spec.basis is not DueBasis.ASSUMED:
        return None
    known = ", ".join(sorted(policies)) or "none defined"
    if spec.policy is None:
        raise ValueError(
            f"an assumed deadline must name a policy from rules/calendar/policies.yaml "
            f"(known policies: {known})"
        )
    try:
        return policies[spec.policy]
    except KeyError:
        raise ValueError(
            f"unknown deadline policy {spec.policy!r}; known policies: {known} "
            "(defined in rules/calendar/policies.yaml)"
        ) from None


def _target_month(ref: MonthRef, period: Period, year: str | None = None) -> tuple[int, int]:
    end = period.end
    if ref.mode == "absolute" and year == "next" and ref.month is not None:
        return end.year + 1, ref.month
    if ref.mode == "last":
        return end.year, end.month
    if ref.mode == "next":
        return (end.year + 1, 1) if end.month == 12 else (end.year, end.month + 1)
    if ref.mode == "absolute" and ref.month is not None and 1 <= ref.month <= 12:
        return end.year, ref.month
    raise ValueError(
        f"expected month: last, next or a month number 1..12, got mode {ref.mode!r} "
        f"with month {ref.month!r}"
    )


def _nominal(day: int | None, ref: MonthRef | None, reading: Reading, period: Period,
             year: str | None = None) -> date:
    if reading is Reading.WITHIN or day is None:
        return period.end
    if ref is None:
        raise ValueError(
            f"the deadline names day {day} but no month; expected month: last, next or 1..12"
        )
    y, m = _target_month(ref, period, year)
    try:
        return date(y, m, day)
    except ValueError:
        raise _DeadlineError(
            f"day {day} does not exist in {m:02d}/{y} (period {period.label})",
            f"ngày {day} không có trong tháng {m}/{y} (kỳ {period.label})",
        ) from None


def _resolve(
    spec: DeadlineSpec, policies: Mapping[str, Policy]
) -> tuple[int | None, MonthRef | None, Reading, str | None]:
    policy = _policy(spec, policies)
    if policy is None:
        return spec.day, spec.month, spec.reading, None
    return policy.day, policy.month, policy.reading, policy.id


def _offset_base(spec: DeadlineSpec, period: Period, inputs_due: date | None = None) -> date:
    """The day an offset counts from: the period's end, its data cut-off, or the due date of
    the reports a summary sums up (``after:``), rolled as they are."""
    if spec.offset_from == "inputs":
        if inputs_due is None:
            raise ValueError("a deadline counted from the inputs' due date needs 'after:'")
        return inputs_due
    window = cutoff_window(period) if spec.offset_from == "cutoff" else None
    return window[1] if window else period.end


def _offset_nominal(spec: DeadlineSpec, period: Period, cal: WorkCalendar,
                    inputs_due: date | None = None) -> date:
    """"trong vòng N ngày (làm việc) kể từ ngày kết thúc kỳ / ngày chốt số liệu / hạn báo cáo
    của cấp dưới"."""
    assert spec.offset_days is not None
    base = _offset_base(spec, period, inputs_due)
    if spec.offset_working:
        return cal.add_working_days(base, spec.offset_days)
    return base + timedelta(days=spec.offset_days)


def compute_due(
    spec: DeadlineSpec, period: Period, cal: WorkCalendar, policies: Mapping[str, Policy],
    inputs_due: date | None = None,
) -> Due:
    """The due date of one period's report; raises ValueError for a day that does not exist.

    An assumed deadline takes its day, month and reading from the named policy and says so
    in ``Due.policy``, so verdicts can tell an assumed date from a stated one.

    ``Due.provisional`` is set when a day the calendar judged on the way — the working days
    an offset counts, the days rolled over, the due date itself — lies in a year whose
    Government swaps are not recorded: a swap announced later could move the date.
    """
    day, ref, reading, policy_id = _resolve(spec, policies)
    if spec.offset_days is not None:
        nominal = _offset_nominal(spec, period, cal, inputs_due)
    else:
        nominal = _nominal(day, ref, reading, period, spec.year)
    last_day = nominal - timedelta(days=1) if reading is Reading.BEFORE else nominal
    due = cal.roll_forward(last_day)
    judged_from, judged_to = last_day, due
    if spec.offset_days and spec.offset_working:  # counted over days the calendar judged
        judged_from = min(last_day, _offset_base(spec, period, inputs_due) + timedelta(days=1))
        judged_to = max(due, nominal)
    return Due(
        nominal=nominal,
        last_day=last_day,
        due=due,
        basis=spec.basis,
        reading=reading,
        policy=policy_id,
        skipped=cal.skipped(last_day, due),
        provisional=cal.is_provisional_between(judged_from, judged_to),
    )


def window_opens(spec: DeadlineSpec, period: Period, policies: Mapping[str, Policy]
                 ) -> date | None:
    """The first day of a window with a start ("từ ngày 1 đến ngày 5 hằng tháng"): day
    ``from_day`` of the deadline's month. None without one."""
    if spec.from_day is None:
        return None
    _, ref, _, _ = _resolve(spec, policies)
    if ref is None:
        return None
    y, m = _target_month(ref, period, spec.year)
    return date(y, m, min(spec.from_day, _month_days(y, m)))


def _month_days(y: int, m: int) -> int:
    nxt = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
    return (nxt - timedelta(days=1)).day


def _describe(spec: DeadlineSpec, day: int | None, ref: MonthRef | None) -> str:
    if spec.words:
        return repr(spec.words)
    if spec.policy:
        return f"policy {spec.policy!r}"
    month = "?" if ref is None else (ref.mode if ref.month is None else str(ref.month))
    return f"day {day}, month {month}"


def deadline_problem(
    spec: DeadlineSpec,
    codes: tuple[str, ...],
    policies: Mapping[str, Policy],
    sample_year: int = 2022,
) -> str | None:
    """Why a deadline cannot work for the periods ``codes`` name (English / Vietnamese), or
    None. Checked on each period of ``sample_year``: the named day must exist and fall between
    the period's start and 31 days after its end. Catches "ngày 31" with a quarterly
    deadline, or an absolute month that belongs to another period. An offset deadline
    ("trong vòng 10 ngày") is after its period by construction.
    """
    if not codes or spec.offset_days is not None:
        return None
    try:
        day, ref, reading, _ = _resolve(spec, policies)
    except ValueError as exc:
        return f"{exc} / chính sách hạn báo cáo không hợp lệ: {spec.policy!r}"
    what = _describe(spec, day, ref)
    periods = [period_of(code, sample_year) for code in codes]
    for period in periods:
        try:
            nominal = _nominal(day, ref, reading, period, spec.year)
        except _DeadlineError as exc:
            return f"invalid deadline {what}: {exc} / hạn báo cáo không hợp lệ: {exc.vi}"
        except ValueError as exc:
            return f"invalid deadline {what}: {exc} / hạn báo cáo không hợp lệ: thiếu tháng"
        # "năm sau" said in so many words (year: next) may reach into the next year's months
        grace = _NEXT_YEAR_GRACE if spec.year == "next" else _GRACE
        if not period.start <= nominal <= period.end + grace:
            return (
                f"deadline outside its period: {what} gives {nominal.isoformat()} for period "
                f"{period.label} ({period.start.isoformat()}..{period.end.isoformat()}); "
                "expected a date from the period's start to 31 days after its end (for a "
                "month of the next year, 'ngày 15/02 năm sau', write month: 2, year: next) / "
                f"hạn báo cáo nằm ngoài kỳ báo cáo: {what} cho ngày "
                f"{nominal.day}/{nominal.month}/{nominal.year} với kỳ {period.label}"
            )
    return None
