"""XLSX output (openpyxl), one writer for every workbook baocao writes:

* the same cells as the CSV, as a workbook (``validate``, ``register export``), and the
  office's own register written back with the result of each record beside it
  (``--annotate``);
* the meeting brief (``brief --format xlsx``): a first sheet "Tóm tắt" with the meeting page
  (figures, the units furthest behind, one line per directive), then with ``--full`` a sheet
  per section of the annex; rates as fractions shown as percentages, counts as numbers, so a
  secretariat can sort, filter and sum.

Workbooks are written in openpyxl's write-only mode, so 100,000 rows stream to disk. Every
sheet of a table has a bold, frozen header row and an auto-filter; columns are as wide as
their Vietnamese text needs (NFC characters, up to a limit, then wrapped). Text is always
stored as text: a cell typed ``=HYPERLINK(...)`` (or a unit registered under that name) stays
the characters it was and never becomes a live formula. Dates are date cells shown dd/mm/yyyy.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cli.render.brief import (
    Cell as BriefCell,
)
from cli.render.brief import (
    Due,
    Rate,
    Section,
    annex,
    annex_line,
    behind,
    cell_text,
    directives,
    headline,
    meta,
    page_notes,
    scope_text,
    title,
)
from cli.render.texts import Texts

if TYPE_CHECKING:
    from engine import BriefView

__all__ = ["Annotated", "SheetSpec", "annotated_workbook", "brief_xlsx", "write_workbook"]

DATE_FORMAT = "DD/MM/YYYY"
RATE_FORMAT = "0.0%"
COUNT_FORMAT = "#,##0"  # Excel writes the grouping mark of its locale: 958.270 in Vietnamese
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")  # the brief's header row
WRAP = Alignment(wrap_text=True, vertical="top")
ADDED_FILL = PatternFill("solid", fgColor="FFF2CC")  # the columns baocao added
ATTENTION_FILL = PatternFill("solid", fgColor="F8CBAD")
MATCHED_FILL = PatternFill("solid", fgColor="C6EFCE")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_MAX_WIDTH = 60  # characters; longer text wraps (the brief) or is cut off (tables)
_WIDTH_SAMPLE = 200
_SHEET_NAME_MAX = 31  # Excel's limit


@dataclass(frozen=True)
class SheetSpec:
    """A plain table: a header row, then rows of values; ``date_columns`` hold ISO dates."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    date_columns: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Annotated:
    """A table file to write back: its rows where they were, and per record row the cells
    baocao adds (result, matched to, reasons, fix) and whether it needs attention."""

    title: str
    header_row: int
    rows: Sequence[tuple[int, Sequence[Any]]]
    added_header: Sequence[str]
    added: Mapping[int, tuple[Sequence[Any], bool | None]] = field(default_factory=dict)
    merges: Sequence[tuple[int, int, int, int]] = ()  # min row, min col, max row, max col


def _text(ws: Any, value: Any, iso_date: bool = False) -> Cell:
    """One cell: dates as dates, text as text (never a formula), numbers as numbers."""
    if isinstance(value, str) and iso_date and _ISO_DATE.fullmatch(value):
        value = date.fromisoformat(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    elif value is not None and not isinstance(value, int | float | date | datetime | bool):
        value = str(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store "=..." as a formula
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def _width(text: str) -> int:
    """Characters as a spreadsheet counts them: NFC (Vietnamese letters are one each)."""
    return len(unicodedata.normalize("NFC", text))


def _widths(ws: Any, sample: Sequence[Sequence[Any]]) -> None:
    widths: dict[int, int] = {}
    for row in sample:
        for i, value in enumerate(row):
            longest = max((_width(x) for x in str(value or "").split("\n")), default=0)
            widths[i] = max(widths.get(i, 0), min(_MAX_WIDTH, longest + 2))
    for i, width in widths.items():
        ws.column_dimensions[get_column_letter(i + 1)].width = max(8, width)


def _sheet_title(title: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", title).strip("'") or "Sheet"
    base = base[:_SHEET_NAME_MAX]
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name, n = base[: _SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    used.add(name.casefold())
    return name


def write_workbook(target: Path | IO[bytes], sheets: Sequence[SheetSpec]) -> None:
    """Plain tables, one per sheet: header bold and frozen, a filter on it."""
    wb = Workbook(write_only=True)
    used: set[str] = set()
    for spec in sheets:
        ws = wb.create_sheet(_sheet_title(spec.title, used))
        ws.freeze_panes = "A2"
        rows = iter(spec.rows)
        sample = [list(spec.header)]
        buffered = []
        for row in rows:
            buffered.append(row)
            if len(buffered) >= _WIDTH_SAMPLE:
                break
        _widths(ws, sample + [list(r) for r in buffered])
        header = []
        for h in spec.header:
            cell = _text(ws, h)
            cell.font = HEADER_FONT
            header.append(cell)
        ws.append(header)
        count = 0
        for row in _chain(buffered, rows):
            ws.append([_text(ws, v, i in spec.date_columns) for i, v in enumerate(row)])
            count += 1
        if spec.header:
            last = get_column_letter(len(spec.header))
            ws.auto_filter.ref = f"A1:{last}{count + 1}"
    wb.save(target)


def _chain(first: list[Sequence[Any]], rest: Iterable[Sequence[Any]]) -> Iterable[Sequence[Any]]:
    yield from first
    yield from rest


def annotated_workbook(target: Path | IO[bytes], files: Sequence[Annotated]) -> None:
    """Each register as it was, row for row, with baocao's columns added after the header's
    last column; the records that need attention stand out."""
    wb = Workbook(write_only=True)
    used: set[str] = set()
    for f in files:
        ws = wb.create_sheet(_sheet_title(f.title, used))
        width = max((len(cells) for _, cells in f.rows), default=0)
        header_cells = next((c for n, c in f.rows if n == f.header_row), ())
        at = max(width, len(header_cells))
        ws.freeze_panes = f"A{f.header_row + 1}"
        sample = [list(c) for _, c in f.rows[:_WIDTH_SAMPLE]]
        _widths(ws, sample)
        for i in range(len(f.added_header)):
            ws.column_dimensions[get_column_letter(at + i + 1)].width = 40 if i else 24
        expected = 1
        for number, cells in f.rows:
            for _ in range(expected, number):
                ws.append([])  # blank rows keep their place
            expected = number + 1
            out = [_text(ws, v) for v in cells]
            out += [_text(ws, None) for _ in range(at - len(cells))]
            if number == f.header_row:
                for cell in out:
                    cell.font = HEADER_FONT
                out += [_styled(ws, h, HEADER_FONT, ADDED_FILL) for h in f.added_header]
            elif number in f.added:
                added, attention = f.added[number]
                fill = ATTENTION_FILL if attention else MATCHED_FILL
                out += [_styled(ws, v, None, fill if i == 0 else None)
                        for i, v in enumerate(added)]
            ws.append(out)
        for r1, c1, r2, c2 in f.merges:
            ws.merged_cells.add(f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}")
        if header_cells:  # the filter stops at the last record: never over the signatures
            last = get_column_letter(at + len(f.added_header))
            ws.auto_filter.ref = f"A{f.header_row}:{last}{max(f.added, default=f.header_row)}"
    if not files:
        wb.create_sheet("baocao")
    wb.save(target)


def _styled(ws: Any, value: Any, font: Font | None,
            fill: PatternFill | None) -> Cell:
    cell = _text(ws, value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


# ---------------------------------------------------------------------------------------
# The meeting brief: a sheet per section of ``cli.render.brief``


def brief_xlsx(view: BriefView, texts: Texts, full: bool = False) -> bytes:
    """The meeting page as the first sheet; with ``full``, the annex's sections one sheet
    each: dates as date cells, counts as numbers, rates as fractions shown as percentages,
    text as text."""
    wb = Workbook(write_only=True)
    used: set[str] = set()
    _page_sheet(wb, view, texts, used, full)
    if full:
        for section in annex(view, texts):
            _brief_sheet(wb, section, texts, used)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


_PAGE_WIDTH = 40  # the summary sheet's widest column, in characters
TITLE_FONT = Font(bold=True, size=14)
HEADING_FONT = Font(bold=True, size=12)
NOTE_FONT = Font(italic=True, color="555555")


def _brief_cell(ws: Any, value: BriefCell, text: str, wrap: int = _MAX_WIDTH) -> Cell:
    if isinstance(value, Rate):
        cell = _text(ws, value.value)
        cell.number_format = RATE_FORMAT
    elif isinstance(value, Due):  # a date cell still, its marks written after it
        cell = _text(ws, value.day)
        if value.mark:
            cell.number_format = DATE_FORMAT + '"' + value.mark.replace('"', "") + '"'
    else:
        cell = _text(ws, value)
        if type(value) is int:  # a count: grouped as the reader's Excel groups thousands
            cell.number_format = COUNT_FORMAT
    if _width(text) > wrap:
        cell.alignment = WRAP
    return cell


def _page_sheet(wb: Workbook, view: BriefView, texts: Texts, used: set[str],
                full: bool) -> None:
    """The meeting page, top to bottom: title, date and scope; the headline figures (label,
    value); the units furthest behind, each unit's cells merged over what it is missing; one
    line per directive; the footnotes and what the annex holds."""
    t = texts.t
    ws = wb.create_sheet(_sheet_title(t("brief.sheet.page"), used))
    late, lines = behind(view, texts), directives(view, texts)
    ws.page_setup.paperSize = "9"  # printed: A4 (9), as wide as the page
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    widths: dict[int, int] = {}
    for section in (late, lines):
        for row in (section.headers, *section.rows):
            for c, value in enumerate(row):
                width = _width(value if isinstance(value, str) else cell_text(value, texts))
                widths[c] = max(widths.get(c, 8), min(_PAGE_WIDTH, width + 2))
    for _, label, _ in headline(view, texts):
        widths[0] = max(widths.get(0, 8), min(_PAGE_WIDTH, _width(label) + 2))
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c + 1)].width = width
    row_no = 0

    def line(*cells: Cell) -> None:
        nonlocal row_no
        ws.append(list(cells))
        row_no += 1

    def text_line(value: str, font: Font | None = None) -> None:
        line(_styled(ws, value, font, None))

    def table(section: Section) -> None:
        text_line(section.title, HEADING_FONT)
        header = [_styled(ws, h, HEADER_FONT, HEADER_FILL) for h in section.headers]
        for cell in header:
            cell.alignment = WRAP
        line(*header)
        first = row_no + 1
        for row in section.rows:
            line(*(_brief_cell(ws, v, cell_text(v, texts), widths.get(c, 8))
                   for c, v in enumerate(row)))
        at = first
        for size in section.groups:  # a unit's cells over its rows
            if size > 1:
                for c in range(1, section.lead + 1):
                    col = get_column_letter(c)
                    ws.merged_cells.add(f"{col}{at}:{col}{at + size - 1}")
            at += size

    text_line(title(view, texts), TITLE_FONT)
    text_line(meta(view, texts))
    text_line(scope_text(view, texts))
    line()
    text_line(t("brief.s.figures"), HEADING_FONT)
    for _, label, value in headline(view, texts):
        line(_text(ws, label), _brief_cell(ws, value, cell_text(value, texts)))
    text_line(t("rates.note"), NOTE_FONT)
    line()
    table(late)
    for note in page_notes(view, texts):
        text_line(note, NOTE_FONT)
    line()
    table(lines)
    line()
    if not full:
        text_line(annex_line(view, texts), Font(bold=True))
    text_line(t("brief.footer"), NOTE_FONT)


def _brief_sheet(wb: Workbook, section: Section, texts: Texts, used: set[str]) -> None:
    ws = wb.create_sheet(_sheet_title(texts.t(f"brief.sheet.{section.key}"), used))
    shown = [[cell_text(value, texts) for value in row] for row in section.rows]
    widths = [_width(h) for h in section.headers]
    for row_text in shown:
        for c, text in enumerate(row_text):
            widths[c] = max(widths[c], _width(text))
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(_MAX_WIDTH, w + 2)
    ws.freeze_panes = "A2"
    header = []
    for h in section.headers:
        cell = _styled(ws, h, HEADER_FONT, HEADER_FILL)
        cell.alignment = WRAP
        header.append(cell)
    ws.append(header)
    for row, row_text in zip(section.rows, shown, strict=True):
        ws.append([_brief_cell(ws, value, text)
                   for value, text in zip(row, row_text, strict=True)])
    last = get_column_letter(len(section.headers))
    ws.auto_filter.ref = f"A1:{last}{len(section.rows) + 1}"
