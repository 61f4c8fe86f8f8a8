"""What a spreadsheet cell holds, as plain Python values, and a merged range of cells.

Kept apart from the workbook reader so that reading a CSV file never loads openpyxl.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

__all__ = ["Merge", "Value"]

Value = str | int | float | bool | date | datetime | time | timedelta | None


@dataclass(frozen=True)
class Merge:
    """A merged range, 1-based and inclusive; its value is the top-left cell's."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int
