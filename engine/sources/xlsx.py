"""Excel workbooks (.xlsx): every sheet as numbered rows of plain values, read in read-only
mode so that a register of 100,000 rows streams instead of loading whole.

Two things read-only mode does not do are done here: the declared sheet size is ignored
(some programs write a wrong one, and openpyxl would stop there, silently dropping the rows
below), and merged cells are recovered from the sheet's XML, so that a value merged down over
several records reaches each of them. Values come out as Python values (text, numbers, dates:
what the cell holds as displayed, formulas as their last computed value), never openpyxl
objects. Nothing here knows what a register is.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import range_boundaries

from engine.errors import BaocaoError, Problem
from engine.sources.cells import Merge, Value
from engine.sources.text import sniff_binary

__all__ = ["Merge", "Sheet", "Value", "read_workbook"]

_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, whether hidden, its merged ranges, and its rows, read lazily
    (each row with its 1-based number; rows absent from the file are not yielded)."""

    title: str
    hidden: bool
    merges: tuple[Merge, ...]
    rows: Iterator[tuple[int, tuple[Value, ...]]]


def read_workbook(source: Path | bytes, name: str) -> Iterator[Sheet]:
    """The sheets of a workbook in order. Each sheet's rows must be consumed before the
    next sheet is asked for; the workbook is closed when the iteration ends."""
    data = source if isinstance(source, bytes) else _read(source, name)
    if not data.startswith(b"PK\x03\x04"):
        raise _not_a_workbook(name, data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise _damaged(name, exc) from None
    try:
        for ws in book.worksheets:
            merges = _merges(archive, getattr(ws, "_worksheet_path", ""))
            ws.reset_dimensions()  # read every row, whatever size the file declares
            yield Sheet(ws.title, ws.sheet_state != "visible", merges, _rows(ws, name))
    finally:
        book.close()
        archive.close()


def _read(path: Path, name: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise BaocaoError(
            [Problem(name, 0, 0, "file.unreadable", f"cannot read file: {reason}")]
        ) from None


def _rows(ws: Any, name: str) -> Iterator[tuple[int, tuple[Value, ...]]]:
    try:
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if row and any(v is not None and v != "" for v in row):
                yield number, tuple(row)
    except Exception as exc:
        raise _damaged(name, exc) from None


def _merges(archive: zipfile.ZipFile, part: str) -> tuple[Merge, ...]:
    """<mergeCell ref="A1:D1"/> elements of a sheet part, read by streaming its XML (they
    follow the cell data, which read-only mode never keeps)."""
    found: list[Merge] = []
    try:
        with archive.open(part.lstrip("/")) as stream:
            tail = b""
            while chunk := stream.read(_CHUNK):
                text = tail + chunk
                found += [_merge(m[1].decode("ascii")) for m in _MERGE.finditer(text)]
                tail = text[-80:]  # a tag may straddle two chunks (found twice: deduplicated)
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        return ()
    return tuple(dict.fromkeys(found))


def _merge(ref: str) -> Merge:
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return Merge(int(min_row or 1), int(min_col or 1), int(max_row or 1), int(max_col or 1))


def _not_a_workbook(name: str, data: bytes) -> BaocaoError:
    what = sniff_binary(data)
    if what and "97-2003" in what:
        message = ("this is an Excel 97-2003 workbook (.xls) or a password-protected one; "
                   "open it in Excel and save a copy without a password as 'Excel Workbook "
                   "(.xlsx)'")
    else:
        message = "not an Excel workbook (.xlsx is a zip file; this one is not)"
    return BaocaoError([Problem(name, 0, 0, "file.format", message)])


def _damaged(name: str, exc: Exception) -> BaocaoError:
    detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    message = (f"cannot read the workbook ({detail}); open it in Excel and save it again as "
               "'Excel Workbook (.xlsx)'")
    return BaocaoError([Problem(name, 0, 0, "file.format", message)])
