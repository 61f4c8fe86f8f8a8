"""Periods and due dates: the time values every stage compares."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class PeriodKind(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"
    NINE_MONTHS = "nine_months"  # "9 tháng đầu năm": January to September, cumulative
    WINDOW = "window"  # an explicit from..to window of a one-off task


@dataclass(frozen=True, order=True, slots=True)
class Period:
    """A reporting period. ``label`` is the canonical form: 2022, 2022-H1, 2022-Q3, 2022-05,
    2022-9M (January to September), or 2022-07-01..2023-03-31 for an explicit window."""

    start: date
    end: date
    kind: PeriodKind
    label: str


class Reading(StrEnum):
    """How the words of a deadline are read (docs/domain.md#readings-of-a-deadline)."""

    BEFORE = "before"  # "trước ngày X": last on-time day is X-1
    BY = "by"  # "chậm nhất ngày X", "trước hoặc vào ngày X": X itself
    WITHIN = "within"  # "Thời gian thực hiện: Quý III/2022": the window's last day


class DueBasis(StrEnum):
    STATED = "stated"
    ASSUMED = "assumed"


@dataclass(frozen=True, slots=True)
class SkippedDay:
    """A day a deadline was rolled over: a holiday (named) or a weekly day off (``None``)."""

    day: date
    holiday: str | None = None


@dataclass(frozen=True, slots=True)
class Due:
    """A due date with the steps that produced it, so any verdict can be explained."""

    nominal: date  # the day named by the words (or policy), before reading and roll-forward
    last_day: date  # after the reading (X-1 for BEFORE)
    due: date  # after roll-forward to a working day
    basis: DueBasis
    reading: Reading
    policy: str | None = None
    skipped: tuple[SkippedDay, ...] = ()  # days rolled over, in order (BLDS 2015 Điều 148.5)
    # A day judged to reach ``due`` lies in a year whose Government swaps are not recorded
    # (rules/calendar/vn-adjustments.yaml, recorded_years): the date may still move.
    provisional: bool = False

    @property
    def rolled(self) -> bool:
        return self.due != self.last_day
