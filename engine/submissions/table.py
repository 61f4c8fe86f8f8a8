"""Tables of records — a CSV file or a sheet of a workbook — as offices lay them out.

An office register is rarely a bare header and rows: it has title rows above the header
("UBND TỈNH TÂY NINH", "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"), often a row numbering the columns
("(1) (2) (3)") below it, a row number (STT) in the first column, rows numbered in advance
and still empty, merged cells, and dates typed as dates or as text. The header is the first
row, among the first ``HEADER_SCAN``, that names every required field (in English or
Vietnamese); each row that is not a record is accounted for in the file's notes, so the count
of records read can be checked against the rows of the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from engine.errors import BaocaoError, Problem
from engine.model import Reason
from engine.sources.cells import Merge, Value
from engine.sources.located import Located, RowPositions, escape_pointer_token
from engine.submissions.fields import SUBMISSIONS, Shape, is_row_number_header
from engine.submissions.raw import Record

__all__ = ["HEADER_SCAN", "NoHeader", "Table", "cell_text", "read_table"]

HEADER_SCAN = 30  # non-blank rows searched for the header
_DATE_FIELDS = ("submitted_on", "sent_on")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year quirk)
_NUMBERING = re.compile(r"\(?(\d{1,3})\)?")
_MAX_LISTED_ROWS = 5
_PROGRESS_EVERY = 2000


class NoHeader(BaocaoError):
    """No row names every required field: for a workbook, that sheet is not a register."""


@dataclass
class Table:
    """What a table gave: its records, the header row, and notes on the other rows."""

    records: list[Record] = field(default_factory=list)
    header_row: int = 0
    notes: list[Reason] = field(default_factory=list)


def cell_text(value: Value, field_name: str | None = None) -> str:
    """A cell as the text the user sees; a number in a date column is an Excel date serial.

    >>> cell_text(44726.0, "submitted_on"), cell_text(17.0), cell_text(datetime(2022, 6, 14))
    ('2022-06-14', '17', '2022-06-14')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if field_name in _DATE_FIELDS and 1 <= value < 2958466:
            return (_EXCEL_EPOCH + timedelta(days=int(value))).isoformat()
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return str(value) if isinstance(value, int) else f"{value:.15g}"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def read_table(
    rows: Iterable[tuple[int, Sequence[Value]]],
    name: str,
    merges: Sequence[Merge] = (),
    *,
    strict_width: bool = True,
    progress: Callable[[int], None] | None = None,
    shape: Shape = SUBMISSIONS,
) -> Table:
    """Records of one table; raises NoHeader when no row names the required fields.

    ``strict_width``: a cell beyond the header makes the record invalid (CSV: an unquoted
    comma shifted the cells); otherwise it is kept as an extra column (a sheet's note).
    ``progress`` is told the number of rows read, every few thousand.
    """
    stream = _fill_merges(iter(rows), merges)
    scanned: list[tuple[int, Sequence[Value]]] = []
    header_at = None
    for line, row in stream:
        if not any(cell_text(v) for v in row):
            continue
        scanned.append((line, row))
        if all(f in _fields_named(row, shape) for f in shape.required):
            header_at = len(scanned) - 1
            break
        if len(scanned) >= HEADER_SCAN:
            break
    if not scanned:
        return Table()
    if header_at is None:
        raise _no_header(scanned, name, shape)
    table = Table(header_row=scanned[header_at][0])
    header_line, header = scanned[header_at]
    if header_at:
        first, last = scanned[0][0], scanned[header_at - 1][0]
        table.notes.append(Reason("sheet.title-rows", {"first": first, "last": last}))
    columns = _columns([cell_text(c) for c in header], name, header_line, shape)
    row_number_columns = {i for i, c in enumerate(header) if is_row_number_header(cell_text(c))}
    where = {"/" + escape_pointer_token(c): i + 1 for i, c in enumerate(columns)}
    sections = _section_rows(merges)
    numbered_blank: list[int] = []
    section_rows: list[int] = []
    first_data = True
    for n, (line, row) in enumerate(stream, start=1):
        if progress is not None and n % _PROGRESS_EVERY == 0:
            progress(n)
        texts = [cell_text(v, columns[i] if i < len(columns) else None)
                 for i, v in enumerate(row)]
        filled = [i for i, t in enumerate(texts) if t]
        if not filled:
            continue
        if first_data and _is_numbering(texts):
            table.notes.append(Reason("sheet.numbering-row", {"row": line}))
            first_data = False
            continue
        first_data = False
        if line in sections and len(filled) == 1 and filled[0] + 1 == sections[line]:
            section_rows.append(line)
            continue
        if all(i in row_number_columns and texts[i].rstrip(".").isdigit() for i in filled):
            numbered_blank.append(line)
            continue
        table.records.append(_record(texts, columns, where, name, line, strict_width,
                                     shape.fields))
    if numbered_blank:
        table.notes.append(Reason("sheet.numbered-blank-rows", _rows_param(numbered_blank)))
    if section_rows:
        table.notes.append(Reason("sheet.section-rows", _rows_param(section_rows)))
    return table


def _rows_param(rows: list[int]) -> dict[str, int | tuple[str, ...]]:
    shown = tuple(str(r) for r in rows[:_MAX_LISTED_ROWS])
    return {"number": len(rows), "rows": shown}


def _fields_named(row: Sequence[Value], shape: Shape) -> set[str]:
    return {f for c in row if isinstance(c, str) and (f := shape.header(c)) is not None}


def _record(
    texts: list[str], columns: list[str], where: Mapping[str, int], name: str, line: int,
    strict_width: bool, fields: Sequence[str],
) -> Record:
    record: dict[str, str] = {}
    for i, value in enumerate(texts):
        if i < len(columns):
            key = columns[i]
            if value or key not in fields:
                record[key] = value
        elif value:
            record[f"column {i + 1}"] = value
    problems: tuple[Problem, ...] = ()
    if strict_width and any(texts[len(columns):]):
        problems = (Problem(
            name, line, len(columns) + 1, "csv.extra-cells",
            f"row has {len(texts)} cells but the header has {len(columns)} columns "
            "(a comma or semicolon inside an unquoted value?)",
            params={"cells": len(texts), "columns": len(columns)},
        ),)
    positions = RowPositions(line, where)
    return Record(Located(record, name, positions, positions), line, problems)


def _columns(header: list[str], name: str, line: int, shape: Shape) -> list[str]:
    """Field name per column: DESIGN names or their Vietnamese synonyms, else kept as written."""
    columns: list[str] = []
    seen: dict[str, str] = {}
    problems = []
    for i, written in enumerate(header):
        field_name = shape.header(written) or written or f"column {i + 1}"
        if field_name in seen:
            problems.append(Problem(
                name, line, i + 1, "csv.duplicate-column",
                f"columns {seen[field_name]!r} and {written!r} both mean {field_name!r}; "
                "keep one",
            ))
        seen.setdefault(field_name, written)
        columns.append(field_name)
    if problems:
        raise BaocaoError(problems)
    return columns


def _no_header(scanned: list[tuple[int, Sequence[Value]]], name: str, shape: Shape
               ) -> NoHeader:
    line, best = max(scanned, key=lambda r: (len(_fields_named(r[1], shape)), -r[0]))
    have = _fields_named(best, shape)
    missing = [f for f in shape.required if f not in have]
    shown = ", ".join(t for c in best if (t := cell_text(c)))
    return NoHeader([Problem(
        name, line, 1, "csv.missing-column",
        f"missing required column(s) {', '.join(missing)}; the header has: {shown}; "
        f"expected e.g. {shape.example}",
        params={"missing": tuple(missing)},
    )])


def _is_numbering(texts: list[str]) -> bool:
    """A row numbering the columns under the header: "1 2 3 ..." or "(1) (2) (3) ..."."""
    cells = [t for t in texts if t]
    if len(cells) < 3:
        return False
    numbers = []
    for t in cells:
        m = _NUMBERING.fullmatch(t)
        if m is None:
            return False
        numbers.append(int(m[1]))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _section_rows(merges: Sequence[Merge]) -> dict[int, int]:
    """Rows holding one merged cell across columns (a heading such as "Quý I"): row → the
    merged cell's first column."""
    return {m.min_row: m.min_col for m in merges
            if m.min_row == m.max_row and m.max_col > m.min_col}


def _fill_merges(
    rows: Iterator[tuple[int, Sequence[Value]]], merges: Sequence[Merge]
) -> Iterator[tuple[int, Sequence[Value]]]:
    """A value merged down over several rows reaches each of them (top-left cell's value)."""
    down = [m for m in merges if m.max_row > m.min_row]
    if not down:
        yield from rows
        return
    values: dict[Merge, Value] = {}
    for line, row in rows:
        cells = list(row)
        for m in down:
            if m.min_row == line:
                values[m] = cells[m.min_col - 1] if m.min_col <= len(cells) else None
            elif m.min_row < line <= m.max_row and values.get(m) is not None:
                if len(cells) < m.max_col:
                    cells += [None] * (m.max_col - len(cells))
                for col in range(m.min_col, m.max_col + 1):
                    if cells[col - 1] in (None, ""):
                        cells[col - 1] = values[m]
        yield line, cells
