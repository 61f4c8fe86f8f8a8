"""What a spreadsheet cell holds, as plain Python values, and a merged range of cells.

Kept apart from the workbook reader so that reading a CSV file never loads openpyxl.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

__all__ = ["Merge", "Value", "fill_merged_down"]

Value = str | int | float | bool | date | datetime | time | timedelta | None


@dataclass(frozen=True)
class Merge:
    """A merged range, 1-based and inclusive; its value is the top-left cell's."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


def fill_merged_down(
    rows: Iterable[tuple[int, Sequence[Value]]], merges: Sequence[Merge]
) -> Iterator[tuple[int, Sequence[Value]]]:
    """A value merged down over several rows reaches each of them: the top-left cell's value
    fills the range's empty cells (None or "") on every later row of the range that is read.

    ``rows`` come in increasing row number. The merges are indexed by their first row and
    kept only while they cover the row being read, so 40,000 merges over 80,000 rows cost
    O(merges + rows + cells filled), never O(merges × rows). Overlapping ranges (Excel never
    writes them) are applied in the order given, as a scan of every merge on every row would.
    Without a range merged down the rows come out as given, else each as a list."""
    starts: dict[int, list[int]] = {}
    down = [m for m in merges if m.max_row > m.min_row]
    if not down:  # the rows as they come
        yield from rows
        return
    for index, m in enumerate(down):
        starts.setdefault(m.min_row, []).append(index)
    values: dict[Merge, Value] = {}
    active: list[int] = []  # merges whose top row was read with a value, still to fill
    for line, row in rows:
        cells = list(row)
        if active:
            active = [i for i in active if down[i].max_row >= line]
        if not active and line not in starts:
            yield line, cells
            continue
        began = starts.get(line, ())
        for i in sorted([*active, *began]) if active and began else active or began:
            m = down[i]
            if m.min_row == line:
                values[m] = cells[m.min_col - 1] if m.min_col <= len(cells) else None
            elif m.min_row < line and values.get(m) is not None:
                if len(cells) < m.max_col:
                    cells += [None] * (m.max_col - len(cells))
                for col in range(m.min_col, m.max_col + 1):
                    if cells[col - 1] in (None, ""):
                        cells[col - 1] = values[m]
        active += [i for i in began if values.get(down[i]) is not None and i not in active]
        yield line, cells
