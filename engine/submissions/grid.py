"""A table file read back whole, every row where it was, for writing the register back out
with its records annotated (``baocao validate --annotate``): title rows, the header, blank
rows and rows that are not records keep their row numbers, so "row 57" in a report is row 57
in the copy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.model import FileRead
from engine.sources.cells import Merge, Value
from engine.sources.csv import csv_rows
from engine.sources.text import decode_text, read_bytes

__all__ = ["Grid", "other_sheets", "read_grid"]


@dataclass(frozen=True)
class Grid:
    label: str  # as the records name the file or sheet
    title: str  # the sheet's name, or the file's
    header_row: int
    rows: tuple[tuple[int, tuple[Value, ...]], ...]  # (row number, cells); blank rows absent
    merges: tuple[Merge, ...] = ()


def read_grid(file: FileRead) -> Grid | None:
    """The rows of a CSV file or of one sheet; None for formats that are not tables (YAML,
    JSON) and for standard input (it cannot be read twice)."""
    if file.path == "-" or file.format not in ("csv", "xlsx") or not file.header_row:
        return None
    path = Path(file.path)
    if file.format == "csv":
        text = decode_text(read_bytes(path, file.path), file.path).text
        rows = tuple((line, tuple(cells)) for line, cells in csv_rows(text, file.path))
        return Grid(file.label, path.name, file.header_row, rows)
    from engine.sources.xlsx import read_workbook

    for sheet in read_workbook(path, file.path):
        if sheet.title == file.sheet:
            return Grid(file.label, sheet.title, file.header_row, tuple(sheet.rows),
                        sheet.merges)
        for _ in sheet.rows:  # each sheet's rows must be consumed before the next one
            pass
    return None


def other_sheets(files: Sequence[FileRead]) -> list[Grid]:
    """The sheets of the workbooks read that held no records (a guide, a summary, a blank
    sheet), whole: an annotated copy keeps every sheet of the office's workbook."""
    from engine.sources.xlsx import read_workbook

    read: dict[str, set[str | None]] = {}
    for f in files:
        if f.format == "xlsx" and f.path != "-":
            read.setdefault(f.path, set()).add(f.sheet)
    out = []
    for path, sheets in read.items():
        for sheet in read_workbook(Path(path), path):
            rows = tuple(sheet.rows)  # consumed before the next sheet, kept or not
            if sheet.title not in sheets:
                out.append(Grid(f"{path}[{sheet.title}]", sheet.title, 0, rows, sheet.merges))
    return out
