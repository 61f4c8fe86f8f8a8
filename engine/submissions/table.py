"""Tables of records — a CSV file or a sheet of a workbook — as offices lay them out.

An office register is rarely a bare header and rows: it has title rows above the header
("UBND TỈNH TÂY NINH", "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"), often a row numbering the columns
("(1) (2) (3)") below it, a row number (STT) in the first column, rows numbered in advance
and still empty, merged cells, and dates typed as dates or as text. The header is the first
row, among the first ``HEADER_SCAN``, that names every required field (in English or
Vietnamese); each row that is not a record is accounted for in the file's notes, so the count
of records read can be checked against the rows of the file.

Many registers group their columns under a two-row header: "Văn bản đến" merged over "Số đến |
Ngày đến", "STT" and "Tác giả" merged down across both rows. Such a header is read as one: a
column is named by the lower row where it has a label, else by the upper (``_joined`` says
when two rows are one header: the lower row holds labels only under the upper row's group
labels). Excel's CSV export keeps the same shape with the merges gone: a group label followed
by empty cells, the merged-down labels in the upper row only.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from engine.errors import BaocaoError, Problem
from engine.model import Reason
from engine.sources.cells import Merge, Value, fill_merged_down
from engine.sources.located import Located, RowPositions, escape_pointer_token
from engine.submissions.fields import SUBMISSIONS, Shape, header_key, is_row_number_header
from engine.submissions.raw import Record
from engine.time.dates import DateParseError, parse_date
from engine.time.periods import PeriodParseError, parse_period

__all__ = ["HEADER_SCAN", "NoHeader", "Table", "cell_text", "read_table"]

HEADER_SCAN = 30  # non-blank rows searched for the header
_DATE_FIELDS = ("submitted_on", "sent_on")
# Fields whose values recur from record to record (not the ids and document numbers).
REPEATING = frozenset(("reporter", "recipient", "submitted_on", "sent_on", "period",
                        "directive", "obligation", "title"))
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year quirk)
_NUMBERING = re.compile(r"\(?(\d{1,3})\)?")
_MAX_LISTED_ROWS = 5
_PROGRESS_EVERY = 2000
HANDED = 20_000  # records handed on at a time to a sink (``read_table``, reading.py)


class NoHeader(BaocaoError):
    """No row names every required field: for a workbook, that sheet is not a register."""


@dataclass
class Table:
    """What a table gave: its records, the header row, and notes on the other rows. Read with
    a ``sink``, the records were handed on as they came (``handed`` of them) and ``records``
    is empty."""

    records: list[Record] = field(default_factory=list)
    header_row: int = 0
    notes: list[Reason] = field(default_factory=list)
    handed: int = 0

    @property
    def count(self) -> int:
        """The records the table gave, handed on or kept."""
        return self.handed + len(self.records)

    def hand_on(self, sink: Callable[[list[Record]], None] | None) -> None:
        """The records so far to ``sink``, which then owns them; none without a sink."""
        if sink is not None and self.records:
            sink(self.records)
            self.handed += len(self.records)
            self.records = []


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
    sink: Callable[[list[Record]], None] | None = None,
) -> Table:
    """Records of one table; raises NoHeader when no row names the required fields.

    ``strict_width``: a cell beyond the header makes the record invalid (CSV: an unquoted
    comma shifted the cells); otherwise it is kept as an extra column (a sheet's note).
    ``progress`` is told the number of rows read, every few thousand. ``sink``: given the
    records twenty thousand at a time as they are read, each once it is sure to be no footer
    (a record with an id or a date comes below it), so that a national register is never
    held whole as records (``Table.hand_on``).
    """
    stream = fill_merged_down(iter(rows), merges)  # indexed by row: 40k merges stay fast
    scanned: list[tuple[int, Sequence[Value]]] = []
    found: _Header | None = None
    for line, row in stream:
        if not any(cell_text(v) for v in row):
            continue
        scanned.append((line, row))
        found = _header_at(scanned, shape, merges)
        if found is not None:
            if found.upper is None:  # the row below may hold its sub-labels
                found, stream = _sub_labels_below(found, stream, shape, merges)
            break
        if len(scanned) >= HEADER_SCAN:
            break
    if not scanned:
        return Table()
    if found is None:
        raise _no_header(scanned, name, shape, merges)
    header_line, header = found.line, found.cells
    table = Table(header_row=header_line)
    above = [line for line, _ in scanned if line < (found.upper or header_line)]
    if above:
        table.notes.append(Reason("sheet.title-rows", {"first": above[0], "last": above[-1]}))
    if found.upper is not None:
        table.notes.append(Reason("sheet.group-header", {"row": found.upper,
                                                         "header": header_line}))
    columns = _columns(header, name, header_line, shape)
    row_number_columns = {i for i, c in enumerate(header) if is_row_number_header(c)}
    where = {"/" + escape_pointer_token(c): i + 1 for i, c in enumerate(columns)}
    # one string per distinct value of the columns that repeat (units, dates, periods,
    # titles): a national register holds them a million times, kept to the end as ``raw``
    repeating = [i for i, c in enumerate(columns) if c in REPEATING]
    shared: dict[str, str] = {}
    sections = _section_rows(merges)
    numbered_blank: list[int] = []
    section_rows: list[int] = []
    keyless_from = 0  # the records from here on have neither an id nor a date
    id_columns = [i for i, c in enumerate(columns) if c == "id"]
    date_columns = [i for i, c in enumerate(columns) if c in _DATE_FIELDS]
    # "Số đến" restarts at 01 every 1 January (NĐ 30/2020, Phụ lục IV): a register's record
    # is known by the year of its Ngày đến and its Số đến, "2023/012" (``_register_id``).
    numbered = next((i for i in id_columns if header_key(header[i]) in _REGISTER_NUMBER
                     and "submitted_on" in columns), None)
    received = columns.index("submitted_on") if numbered is not None else -1
    # a date cell inside merged cells whose top-left cell is blank: Excel kept nothing there
    merged_dates = {(r, c): m for m in merges if m.max_row > m.min_row
                    for c in range(m.min_col, m.max_col + 1) if c - 1 in date_columns
                    for r in range(m.min_row, m.max_row + 1)}
    first_data = True
    for n, (line, row) in enumerate(stream, start=1):
        if progress is not None and n % _PROGRESS_EVERY == 0:
            progress(n)
        # a CSV's cells are all text: stripped in place, without a call to cell_text each
        texts = [v.strip() if v.__class__ is str else
                 cell_text(v, columns[i] if i < len(columns) else None)
                 for i, v in enumerate(row)]
        for i in repeating:
            if i < len(texts):
                texts[i] = shared.setdefault(texts[i], texts[i])
        filled = [i for i, t in enumerate(texts) if t]
        if not filled:
            continue
        if first_data and _is_numbering(texts):
            table.notes.append(Reason("sheet.numbering-row", {"row": line}))
            first_data = False
            continue
        first_data = False
        if len(filled) == 1 and ((line in sections and filled[0] + 1 == sections[line])
                                 or _is_period_heading(texts[filled[0]])):
            section_rows.append(line)
            continue
        if all(i in row_number_columns and texts[i].rstrip(".").isdigit() for i in filled):
            numbered_blank.append(line)
            continue
        if numbered is not None and numbered < len(texts) and received < len(texts):
            texts[numbered] = _register_id(texts[numbered], texts[received])
        record = _record(texts, columns, where, name, line, strict_width, shape.fields)
        if merged_dates:
            record = _blank_merged(record, texts, columns, date_columns, merged_dates, name)
        table.records.append(record)
        if not _keyless(texts, id_columns, date_columns):
            keyless_from = len(table.records)
            if sink is not None and keyless_from >= HANDED:
                table.hand_on(sink)  # above a record with a key: none of them is the footer
                keyless_from = 0
    footer = _footer_start(table.records, keyless_from)
    if footer is not None:
        table.notes.append(Reason("sheet.footer-rows", _rows_param(
            [r.line for r in table.records[footer:]])))
        del table.records[footer:]
    if numbered_blank:
        table.notes.append(Reason("sheet.numbered-blank-rows", _rows_param(numbered_blank)))
    if section_rows:
        table.notes.append(Reason("sheet.section-rows", _rows_param(section_rows)))
    table.hand_on(sink)
    return table


@dataclass(frozen=True)
class _Header:
    """The header found: its row (the lower one of a two-row header), the column names, and
    the row of group labels above it, if any."""

    line: int
    cells: list[str]
    upper: int | None = None


def _header_at(scanned: list[tuple[int, Sequence[Value]]], shape: Shape,
               merges: Sequence[Merge]) -> _Header | None:
    """The header ending at the last row scanned: that row alone, or with the row directly
    above it as its group labels; None when the required fields are not all named."""
    line, row = scanned[-1]
    texts = [cell_text(c) for c in row]
    alone = _names_required(texts, shape)
    if len(scanned) >= 2 and scanned[-2][0] == line - 1:
        upper_line, upper = scanned[-2]
        up = [cell_text(c) for c in upper]
        joined = _joined(up, row, merges, upper_line)
        # A title row right above a complete header is not its group labels: the upper row
        # must name a column the lower one leaves blank, or be merged down into it.
        adds = any(t and (i >= len(texts) or not texts[i]) for i, t in enumerate(up))
        if (joined is not None and _names_required(joined, shape)
                and (not alone or adds or _merged_down(merges, upper_line))):
            return _Header(line, joined, upper_line)
    return _Header(line, texts) if alone else None


def _sub_labels_below(
    found: _Header, stream: Iterator[tuple[int, Sequence[Value]]], shape: Shape,
    merges: Sequence[Merge],
) -> tuple[_Header, Iterator[tuple[int, Sequence[Value]]]]:
    """A header naming every required field may still be the upper row of two: the next row
    may hold its sub-labels ("Số, ký hiệu | Ngày tháng | Trích yếu" under "Văn bản"). It
    does when it fits ``_joined`` and is tied to the header by merged cells, names another
    field, or sits only under group labels that are no field (so it cannot be a record's
    values); otherwise it is the first data row and is given back."""
    for line, row in stream:
        if not any(cell_text(v) for v in row):
            continue
        if line == found.line + 1:
            joined = _joined(found.cells, row, merges, found.line)
            low = [cell_text(c) for c in row]
            tied = _merged_down(merges, found.line) or _merged_across(merges, found.line)
            more = _fields_named(low, shape) - _fields_named(found.cells, shape)
            over = [found.cells[c] for c, t in enumerate(low) if t and c < len(found.cells)]
            if joined is not None and _names_required(joined, shape) and (
                    tied or more or not _fields_named(over, shape)):
                return _Header(line, joined, found.line), stream
        return found, itertools.chain([(line, row)], stream)
    return found, stream


def _joined(up: list[str], lower: Sequence[Value], merges: Sequence[Merge],
            upper_line: int) -> list[str] | None:
    """The column names of a two-row header, or None when ``lower`` is not sub-labels of
    ``up``: it holds labels (text, not a number, a date or a column number) only under group
    labels — a label of ``up`` merged across, or followed by empty cells — and elsewhere is
    empty or merged down from ``up``. A column takes the lower label, else the upper one; a
    lower label repeated under two groups ("Số") is qualified by its group: "Số (Văn bản)"."""
    low = [cell_text(c) for c in lower]
    if any(t and (not isinstance(v, str) or _NUMBERING.fullmatch(t))
           for v, t in zip(lower, low, strict=True)):
        return None
    width = max(len(up), len(low))
    up = up + [""] * (width - len(up))
    low = low + [""] * (width - len(low))
    down = {c for m in merges if m.min_row == upper_line and m.max_row == upper_line + 1
            for c in range(m.min_col - 1, m.max_col)}
    group: dict[int, str] = {}  # column → the group label above it
    for m in merges:
        if m.min_row == m.max_row == upper_line and m.max_col > m.min_col:
            group.update(dict.fromkeys(range(m.min_col - 1, min(m.max_col, width)),
                                       up[m.min_col - 1]))
    for j in range(width):
        if not up[j] or not low[j] or j in group or j in down:
            continue
        k = j + 1
        while k < width and not up[k] and low[k] and k not in group:
            k += 1
        if k - j >= 2:  # a label over its first sub-label, empty over the next ones
            group.update(dict.fromkeys(range(j, k), up[j]))
    if not group or any(
            (c in group and not low[c]) or (low[c] and c not in group and c not in down)
            for c in range(width)):
        return None
    names = [low[c] or up[c] for c in range(width)]
    repeated = {n for n in names if n and names.count(n) > 1}
    return [f"{n} ({group[c]})" if n in repeated and c in group and low[c] else n
            for c, n in enumerate(names)]


def _merged_down(merges: Sequence[Merge], line: int) -> bool:
    return any(m.min_row == line and m.max_row == line + 1 for m in merges)


def _merged_across(merges: Sequence[Merge], line: int) -> bool:
    return any(m.min_row == m.max_row == line and m.max_col > m.min_col for m in merges)


def _names_required(texts: Sequence[str], shape: Shape) -> bool:
    named = _fields_named(texts, shape)
    return all(f in named for f in shape.required)


# How the block under an office register's last record begins: a total line ("Tổng cộng: 52
# văn bản") or the signature block of Nghị định 30/2020/NĐ-CP ("Người lập biểu", "Thủ trưởng
# đơn vị", "(Ký, ghi rõ họ tên)", "KT. GIÁM ĐỐC", "Tây Ninh, ngày 31 tháng 12 năm 2022").
_FOOTER = re.compile(
    r"(tổng cộng|tổng số|cộng\s*[:(]|cộng$|người (lập|ghi|vào|kiểm)|thủ trưởng|lãnh đạo|văn thư"
    r"|\(?ký[ ,]|ký tên|xác nhận|kt\.|tm\.|tl\.|q\.|chánh văn phòng|giám đốc|nơi nhận\s*:)"
    r"|^[^\d,]{2,40}, ngày\b.*\btháng\b.*\bnăm\b", re.IGNORECASE)


def _keyless(texts: list[str], ids: list[int], dates: list[int]) -> bool:
    """A row with neither an id nor a readable date ("Tổng cộng: 3 văn bản" may stand in the
    date column): a record cannot be told apart without one of them."""
    # "Người lập sổ" written in the Số đến column is a signature, not an id
    if any(i < len(texts) and texts[i] and not _FOOTER.match(texts[i].strip()) for i in ids):
        return False
    for i in dates:
        if i < len(texts) and texts[i]:
            try:
                parse_date(texts[i])
            except DateParseError:
                continue
            return False
    return True


def _footer_start(records: list[Record], keyless_from: int) -> int | None:
    """Where the register's footer starts: the first of the keyless rows under the last real
    record (from ``keyless_from`` on) whose first cell reads as a total or a signature block;
    the footer runs to the end. Keyless rows above it stay records (invalid ones: nothing is
    dropped unseen).

    >>> from engine.sources.located import Located
    >>> rows = [Record(Located({"id": "", "x": t}, "f", {}), n, ()) for n, t in
    ...         enumerate(["Sở Y tế", "Tổng cộng: 3 văn bản", "Nguyễn Văn A"], start=10)]
    >>> _footer_start(rows, 0)
    1
    >>> _footer_start(rows[:1], 0) is None
    True
    """
    for index in range(keyless_from, len(records)):
        data = records[index].located.data
        first = next((v for v in data.values() if isinstance(v, str) and v.strip()), "")
        if _FOOTER.match(first.strip()):
            return index
    return None


def _rows_param(rows: list[int]) -> dict[str, int | tuple[str, ...]]:
    shown = tuple(str(r) for r in rows[:_MAX_LISTED_ROWS])
    return {"number": len(rows), "rows": shown}


def _fields_named(row: Sequence[Value], shape: Shape) -> set[str]:
    return {f for c in row if isinstance(c, str) and (f := shape.header(c)) is not None}


_REGISTER_NUMBER = frozenset({"so den"})


def _register_id(number: str, received: str) -> str:
    """A register's Số đến with the year of the record's Ngày đến: "2023/012". Left as
    written when there is no number, no readable date, or the number carries a year already.

    >>> _register_id("012", "07/01/2023"), _register_id("12", "2022-05-04"), _register_id("", "x")
    ('2023/012', '2022/12', '')
    """
    if not number.isdigit():
        return number
    try:
        year = parse_date(received).year
    except DateParseError:  # "31/06/2022": the date is wrong, its year is still written
        found = _YEAR.findall(received)
        if len(set(found)) != 1:
            return number
        year = int(found[0])
    return f"{year}/{number}"


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _blank_merged(record: Record, texts: list[str], columns: list[str], dates: list[int],
                  merged: Mapping[tuple[int, int], Merge], name: str) -> Record:
    """Say why a date is blank when its cell lies in merged cells whose first cell is blank.
    (Merges come only from workbooks: their reader is loaded already.)"""
    from engine.sources.xlsx import merge_ref

    found = []
    for i in dates:
        m = merged.get((record.line, i + 1))
        if m is not None and not (i < len(texts) and texts[i]):
            cells = merge_ref(m)
            found.append(Problem(
                name, record.line, i + 1, "sheet.blank-merged",
                f"{columns[i]}: the cell is blank inside the merged cells {cells}; Excel keeps "
                "only the first cell's value: unmerge them and write the date on each row",
                params={"field": columns[i], "cells": cells}))
    return replace(record, problems=(*record.problems, *found)) if found else record


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
                "keep one", params={"first": seen[field_name], "second": written,
                                    "field": field_name},
            ))
        seen.setdefault(field_name, written)
        columns.append(field_name)
    if problems:
        raise BaocaoError(problems)
    return columns


def _no_header(scanned: list[tuple[int, Sequence[Value]]], name: str, shape: Shape,
               merges: Sequence[Merge] = ()) -> NoHeader:
    """The row (or two-row header) that comes closest, what it lacks, and how to fix it."""
    candidates = [(line, [cell_text(c) for c in row]) for line, row in scanned]
    for (above, upper), (line, row) in itertools.pairwise(scanned):
        joined = _joined([cell_text(c) for c in upper], row, merges, above)
        if above == line - 1 and joined is not None:
            candidates.append((line, joined))
    line, best = max(candidates, key=lambda r: (len(_fields_named(r[1], shape)), -r[0]))
    have = _fields_named(best, shape)
    missing = [f for f in shape.required if f not in have]
    shown = _listed([t for t in best if t])
    hints = "".join(f"; {shape.hints[f]}" for f in missing if f in shape.hints)
    return NoHeader([Problem(
        name, line, 1, "csv.missing-column",
        f"missing required column(s) {', '.join(missing)}; the header has: {shown}; "
        f"expected e.g. {shape.example}{hints}",
        params={"missing": tuple(missing), "header": shown, "example": shape.example,
                "variant": "recipient" if "recipient" in missing else "columns"},
    )])


_SHOWN_COLUMNS = 30  # a row of 200,000 cells is not a header to print whole
_SHOWN_CHARS = 60


def _listed(texts: list[str]) -> str:
    """A header as the message shows it: each cell cut to a readable length, at most 30 of
    them, and how many more there are.

    >>> _listed(["id", "x" * 70]) == "id, " + "x" * 60 + "…"
    True
    >>> _listed([f"c{i}" for i in range(32)]).endswith("c29 … (2 more)")
    True
    """
    cut = [t if len(t) <= _SHOWN_CHARS else t[:_SHOWN_CHARS] + "…"
           for t in texts[:_SHOWN_COLUMNS]]
    more = len(texts) - len(cut)
    return ", ".join(cut) + (f" … ({more} more)" if more else "")


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


def _is_period_heading(text: str) -> bool:
    """A row holding only a period in words ("QUÝ III/2022", "Tháng 7/2022"): a heading of a
    register exported to CSV, where the merge that marked it in Excel is gone.

    >>> _is_period_heading("QUÝ III/2022"), _is_period_heading("2022"), _is_period_heading("Sở A")
    (True, False, False)
    """
    if len(text) > 40 or not any(c.isalpha() for c in text):
        return False
    try:
        parse_period(text)
    except PeriodParseError:
        return False
    return True


def _section_rows(merges: Sequence[Merge]) -> dict[int, int]:
    """Rows holding one merged cell across columns (a heading such as "Quý I"): row → the
    merged cell's first column."""
    return {m.min_row: m.min_col for m in merges
            if m.min_row == m.max_row and m.max_col > m.min_col}
