"""The meeting brief as an XLSX workbook (openpyxl): a sheet per section.

Each sheet has a bold, frozen header row and an auto-filter; dates are real date cells
(shown dd/mm/yyyy), counts are numbers and rates are fractions shown as percentages, so a
secretariat can sort, filter and sum. Columns are as wide as their Vietnamese text needs (up
to a limit, then wrapped). Every text is stored as a string cell, never a formula: a unit
registered as ``=HYPERLINK(...)`` is shown as those characters.
"""

from __future__ import annotations

import io
import unicodedata
from datetime import date
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cli.render.brief import Rate, Section, cell_text, sections
from cli.render.texts import Texts

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from engine import BriefView

DATE_FORMAT = "DD/MM/YYYY"
RATE_FORMAT = "0.0%"
HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")
MAX_WIDTH = 60  # characters; longer text wraps
SHEET_NAME_MAX = 31  # Excel's limit


def _width(text: str) -> int:
    """Characters as a spreadsheet counts them: NFC (Vietnamese letters are one each)."""
    return len(unicodedata.normalize("NFC", text))


def _sheet(wb: Workbook, section: Section, texts: Texts, first: bool) -> None:
    ws: Worksheet = wb.active if first else wb.create_sheet()
    ws.title = texts.t(f"brief.sheet.{section.key}")[:SHEET_NAME_MAX]
    ws.append(list(section.headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [_width(h) for h in section.headers]
    for r, row in enumerate(section.rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, Rate):
                cell.value = value.value
                cell.number_format = RATE_FORMAT
            elif isinstance(value, date):
                cell.value = value
                cell.number_format = DATE_FORMAT
            elif isinstance(value, int):
                cell.value = value
            elif value is not None:
                cell.value = str(value)
                cell.data_type = "s"  # a string, even when it starts with '=': never a formula
            text = cell_text(value, texts)
            widths[c - 1] = max(widths[c - 1], _width(text))
            if _width(text) > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(MAX_WIDTH, w + 2)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(section.headers))}{len(section.rows) + 1}"


def brief_xlsx(view: BriefView, texts: Texts) -> bytes:
    wb = Workbook()
    for index, section in enumerate(sections(view, texts)):
        _sheet(wb, section, texts, first=index == 0)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
