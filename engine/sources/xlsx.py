"""Excel workbooks (.xlsx): every sheet as numbered rows of plain values, read in read-only
mode so that a register of 100,000 rows streams instead of loading whole.

Two things read-only mode does not do are done here: the declared sheet size is ignored
(some programs write a wrong one, and openpyxl would stop there, silently dropping the rows
below), and merged cells are recovered from the sheet's XML, so that a value merged down over
several records reaches each of them. Values come out as Python values (text, numbers, dates:
what the cell holds as displayed, formulas as their last computed value), never openpyxl
objects. Nothing here knows what a register is.

A workbook is bounded before and while it is read (issue 15): a zip bomb, millions of shared
strings, a row past Excel's last one or wider than its last column are refused as a located
``file.too-large`` problem (exit 2) in bounded time and memory, never read until the machine
gives up. The limits are far above any office register (a busy secretariat's year is 100,000
records of about 10 columns: 1 M cells, ~40 MB unzipped, ~300,000 distinct texts).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from engine.errors import BaocaoError, Problem
from engine.sources.cells import Merge, Value
from engine.sources.text import sniff_binary

__all__ = ["Merge", "Sheet", "Value", "read_workbook"]

_MB = 1 << 20
# Before reading: the zip's central directory (its sizes bound what zipfile will unpack).
MAX_UNZIPPED = 256 * _MB  # 6x the 100,000-record year (~40 MB unzipped); also the file's own size
MAX_RATIO = 200  # a register's sheet XML packs 5-20:1, styled blank rows ~100:1; bombs 1000:1
RATIO_FLOOR = 1 * _MB  # the ratio is judged only for parts unzipping to more than this
MAX_MEMBERS = 10_000  # a workbook is ~10 parts + 3 a sheet; 10,000 is thousands of sheets
# While reading: what openpyxl would hold or walk.
MAX_SHARED_STRINGS = 2_000_000  # distinct texts: 2 a row (id, title) of a 1 M-row register
MAX_SHARED_CHARS = 100_000_000  # their characters: a year's titles are ~15 M; ~200 MB as str
MAX_CELLS = 10_000_000  # per workbook: a full Excel sheet (1,048,576 rows) of a 10-column register
MAX_ROWS = 1_048_576  # Excel's last row: a row numbered past it was not written by Excel
MAX_COLUMNS = 16_384  # Excel's last column (XFD): a wider row was not written by Excel
MAX_MERGES = 500_000  # merged ranges of a workbook: 5 per record of a 100,000-record year

_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}+:)?c[\s/>]")  # <c ...>, <c/>, <x:c ...>
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}+:)?row[\s/>]")
_FAR_ROW = re.compile(  # a row numbered with 8 digits or more: past Excel's last row?
    rb"<(?:[A-Za-z_][\w.-]{0,30}:)?row\s[^>]{0,200}?\br\s*=\s*[\"']0*([0-9]{8,30})")
_TAG = 300  # longer than any tag start the patterns above look at
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
    next sheet is asked for; the workbook is closed when the iteration ends. Raises
    BaocaoError (``file.too-large``) when the workbook is past one of the limits above."""
    data = source if isinstance(source, bytes) else _read(source, name)
    if not data.startswith(b"PK\x03\x04"):
        raise _not_a_workbook(name, data)
    if len(data) > MAX_UNZIPPED:
        raise too_large(name, "file", f"the file is {_bytes(len(data))}, more than the "
                        f"{_bytes(MAX_UNZIPPED)} baocao reads", len(data), MAX_UNZIPPED)
    try:
        reader = _Reader(io.BytesIO(data), name)
    except Exception as exc:  # not a zip file after all, a damaged central directory
        raise _damaged(name, exc) from None
    try:
        _check_archive(reader.archive, name)
        book = reader.workbook()
    except BaocaoError:
        reader.archive.close()
        raise
    except Exception as exc:  # openpyxl raises many types for a damaged file
        reader.archive.close()
        raise _damaged(name, exc) from None
    try:
        for ws in book.worksheets:
            merges = reader.merges.get(getattr(ws, "_worksheet_path", "").lstrip("/"), ())
            ws.reset_dimensions()  # read every row, whatever size the file declares
            yield Sheet(ws.title, ws.sheet_state != "visible", merges,
                        _rows(ws, name, reader.budget))
    finally:
        book.close()


def too_large(name: str, what: str, message: str, size: int, limit: int,
              **more: str) -> BaocaoError:
    """The located refusal of a workbook past a limit: ``what`` names the limit (``file``,
    ``unzipped``, ``ratio``, ``parts``, ``shared-strings``, ``shared-text``, ``cells``,
    ``rows``, ``columns``, ``merges``), ``size`` and ``limit`` are shown with their unit."""
    shown = _bytes if what in ("file", "unzipped") else "{:,}".format
    advice = (" (an office register is far smaller: split it, or save it from Excel as "
              "'CSV UTF-8')")
    return BaocaoError([Problem(name, 0, 0, "file.too-large", message + advice, params={
        "what": what, "variant": what, "size": shown(size), "limit": shown(limit), **more})])


def _bytes(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", _MB), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _check_archive(archive: zipfile.ZipFile, name: str) -> None:
    """The zip's central directory against the limits, before any part is unpacked (zipfile
    never unpacks more of a part than the directory declares: a lie fails its CRC)."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise too_large(name, "parts", f"the workbook holds {len(members):,} parts, more than "
                        f"the {MAX_MEMBERS:,} baocao reads", len(members), MAX_MEMBERS)
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED:
        raise too_large(name, "unzipped", f"the workbook unzips to {_bytes(total)}, more than "
                        f"the {_bytes(MAX_UNZIPPED)} baocao reads", total, MAX_UNZIPPED)
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            ratio = m.file_size // max(m.compress_size, 1)
            raise too_large(name, "ratio", f"its part {m.filename} unzips to "
                            f"{_bytes(m.file_size)} from {_bytes(m.compress_size)} "
                            f"({ratio:,}:1), more than the {MAX_RATIO}:1 baocao reads (a zip "
                            "bomb?)", ratio, MAX_RATIO, part=m.filename)


class _Reader(ExcelReader):
    """openpyxl's own reader in read-only mode, but for two things done first: the shared
    strings are counted while they stream and refused past the limits before all are held,
    and every sheet's XML is scanned (merges, cells, rows) before openpyxl opens it (it parses
    a sheet without a <dimension> element whole, looking for one, when the sheet is opened)."""

    def __init__(self, data: IO[bytes], name: str) -> None:
        super().__init__(data, read_only=True, keep_vba=False, data_only=True,
                         keep_links=True, rich_text=False)
        self.name = name
        self.budget = _Budget(name)
        self.merges: dict[str, tuple[Merge, ...]] = {}  # by the sheet's part in the zip

    def workbook(self) -> Any:
        self.read()
        return self.wb

    def read_strings(self) -> None:
        found = self.package.find(SHARED_STRINGS)  # type: ignore[no-untyped-call]
        if found is not None:
            _count_strings(self.archive, found.PartName[1:], self.name)
            with self.archive.open(found.PartName[1:]) as source:
                self.shared_strings = _shared_strings(source, self.name)

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            part = str(rel.target).lstrip("/")
            if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                self.merges[part] = _scan(self.archive, part, self.budget, sheet.name)
        super().read_worksheets()


_SI = f"{{{SHEET_MAIN_NS}}}si"
_T = f"{{{SHEET_MAIN_NS}}}t"
_SST = re.compile(rb"<(?:([A-Za-z_][\w.-]{0,30}):)?sst[\s>][^>]*>")
_DECLARED = re.compile(rb"(?:uniqueCount|count)\s*=\s*[\"']([0-9]{1,30})[\"']")
_SI_RAW = re.compile(rb"<si[\s/>]")


def _count_strings(archive: zipfile.ZipFile, part: str, name: str) -> None:
    """The shared strings counted in the raw XML before any is parsed: the count the root
    element declares (``uniqueCount``, ``count``), then the <si> elements themselves (a
    count may lie or be missing), stopping as soon as there are too many."""
    counted = 0
    element = _SI_RAW
    with archive.open(part) as stream:
        for text in _segments(stream):
            if not counted and (root := _SST.search(text)):
                for declared in _DECLARED.findall(root[0]):
                    if int(declared) > MAX_SHARED_STRINGS:
                        raise _too_many_strings(name, int(declared))
                if root[1]:  # <x:sst>: its <x:si> elements
                    element = re.compile(b"<" + re.escape(root[1]) + rb":si[\s/>]")
            counted += element.subn(b"", text)[1]
            if counted > MAX_SHARED_STRINGS:
                raise _too_many_strings(name, counted, more=True)


def _segments(stream: IO[bytes]) -> Iterator[bytes]:
    """A part's XML in chunks of about 1 MB, each cut before a tag start so that no tag the
    patterns here look at straddles two (a tag start longer than _TAG is not held back)."""
    tail = b""
    while True:
        chunk = stream.read(_CHUNK)
        text = tail + chunk
        if not text:
            return
        cut = text.rfind(b"<") if chunk else -1
        if cut < 0 or len(text) - cut > _TAG:
            cut = len(text)
        text, tail = text[:cut], text[cut:]
        yield text
        if not chunk:
            return


def _shared_strings(source: IO[bytes], name: str) -> list[str]:
    """What openpyxl's ``read_string_table`` reads (each <si>'s text, runs joined, phonetic
    runs left out), with the count its root declares checked first and the count and the
    characters checked while they stream; the parsed elements are dropped as they go."""
    strings: list[str] = []
    chars = 0
    root = None
    for event, node in iterparse(source, events=("start", "end")):
        if root is None:
            root = node
            for attribute in ("uniqueCount", "count"):
                declared = node.get(attribute, "")
                if declared.isdigit() and int(declared) > MAX_SHARED_STRINGS:
                    raise _too_many_strings(name, int(declared))
            continue
        if event != "end" or node.tag != _SI:
            continue
        if len(node) == 1 and node[0].tag == _T:  # plain text, as Excel writes most
            text = (node[0].text or "").replace("x005F_", "")
        else:  # rich text runs, phonetic guides: openpyxl's own reading
            parsed = Text.from_tree(node)
            text = parsed.content.replace("x005F_", "") if parsed is not None else ""
        strings.append(text)
        chars += len(text)
        root.clear()  # the <si> read and every one before it
        if len(strings) > MAX_SHARED_STRINGS:
            raise _too_many_strings(name, len(strings), more=True)
        if chars > MAX_SHARED_CHARS:
            raise too_large(name, "shared-text", f"its distinct texts (shared strings) hold "
                            f"more than {MAX_SHARED_CHARS:,} characters, more than baocao "
                            "reads", chars, MAX_SHARED_CHARS)
    return strings


def _too_many_strings(name: str, count: int, more: bool = False) -> BaocaoError:
    said = f"more than {MAX_SHARED_STRINGS:,}" if more else f"{count:,}"
    return too_large(name, "shared-strings", f"the workbook holds {said} distinct texts "
                     f"(shared strings), more than the {MAX_SHARED_STRINGS:,} baocao reads",
                     count, MAX_SHARED_STRINGS)


class _Budget:
    """The cells a workbook may still bring, counted twice: the <c> elements of each sheet's
    XML before openpyxl parses it, and the values of the rows it yields (a row is as wide as
    its last cell)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.scanned = 0
        self.read = 0
        self.merges = 0

    def cells(self, count: int, sheet: str) -> None:
        if count > MAX_CELLS:
            raise too_large(self.name, "cells", f"sheet '{sheet}' brings the workbook past "
                            f"{MAX_CELLS:,} cells, more than baocao reads", count, MAX_CELLS,
                            sheet=sheet)

    def width(self, cells: int, sheet: str) -> None:
        if cells > MAX_COLUMNS:
            raise too_large(self.name, "columns", f"sheet '{sheet}' has a row of {cells:,} "
                            f"cells, more than Excel's {MAX_COLUMNS:,} columns", cells,
                            MAX_COLUMNS, sheet=sheet)


def _read(path: Path, name: str) -> bytes:
    try:
        size = Path(path).stat().st_size
        if size > MAX_UNZIPPED:
            raise too_large(name, "file", f"the file is {_bytes(size)}, more than the "
                            f"{_bytes(MAX_UNZIPPED)} baocao reads", size, MAX_UNZIPPED)
        return Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise BaocaoError(
            [Problem(name, 0, 0, "file.unreadable", f"cannot read file: {reason}")]
        ) from None


def _rows(ws: Any, name: str, budget: _Budget) -> Iterator[tuple[int, tuple[Value, ...]]]:
    title = ws.title
    try:
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise too_large(name, "rows", f"sheet '{title}' has rows past Excel's last "
                                f"row, {MAX_ROWS:,}", number, MAX_ROWS, sheet=title)
            if row:
                budget.width(len(row), title)
                budget.read += len(row)
                budget.cells(budget.read, title)
                if any(v is not None and v != "" for v in row):
                    yield number, tuple(row)
    except BaocaoError:
        raise
    except Exception as exc:
        raise _damaged(name, exc) from None


def _scan(archive: zipfile.ZipFile, part: str, budget: _Budget, title: str) -> tuple[Merge, ...]:
    """One streaming pass over a sheet's XML before openpyxl parses it: its <mergeCell
    ref="A1:D1"/> elements (they follow the cell data, which read-only mode never keeps),
    and its <c> elements counted, per row and for the workbook, so that a sheet past the
    limits is refused before its rows are built."""
    found: list[Merge] = []
    in_row = 0  # the cells of the row the last chunk ended in
    rows_seen = 0
    try:
        with archive.open(part.lstrip("/")) as stream:
            for text in _segments(stream):
                found += [_merge(m[1].decode("ascii")) for m in _MERGE.finditer(text)]
                rows = _ROW.split(text)
                counts = [_CELL.subn(b"", r)[1] for r in rows]
                budget.scanned += sum(counts)
                budget.cells(budget.scanned, title)
                in_row += counts[0]
                rows_seen += len(counts) - 1
                far = _FAR_ROW.search(text)
                if far and int(far[1]) > MAX_ROWS:
                    raise too_large(budget.name, "rows", f"sheet '{title}' has a row numbered "
                                    f"{int(far[1]):,}, past Excel's last row, {MAX_ROWS:,}",
                                    int(far[1]), MAX_ROWS, sheet=title)
                if rows_seen > MAX_ROWS:
                    raise too_large(budget.name, "rows", f"sheet '{title}' holds more than "
                                    f"Excel's {MAX_ROWS:,} rows", rows_seen, MAX_ROWS,
                                    sheet=title)
                if len(counts) > 1:
                    budget.width(max(in_row, *counts[1:]), title)
                    in_row = counts[-1]
                else:
                    budget.width(in_row, title)
                if len(found) + budget.merges > MAX_MERGES:
                    raise too_large(budget.name, "merges", f"sheet '{title}' brings the "
                                    f"workbook past {MAX_MERGES:,} merged ranges, more than "
                                    "baocao reads", len(found) + budget.merges, MAX_MERGES,
                                    sheet=title)
    except (KeyError, OSError, zipfile.BadZipFile, ValueError):
        return ()
    merges = tuple(dict.fromkeys(found))
    budget.merges += len(merges)
    return merges


def _merge(ref: str) -> Merge:
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return Merge(int(min_row or 1), int(min_col or 1), int(max_row or 1), int(max_col or 1))


def merge_ref(m: Merge) -> str:
    """A merged range as Excel names it: "B2:B3"."""
    return (f"{get_column_letter(m.min_col)}{m.min_row}:"
            f"{get_column_letter(m.max_col)}{m.max_row}")


def _not_a_workbook(name: str, data: bytes) -> BaocaoError:
    what = sniff_binary(data)
    if what and "97-2003" in what:
        message = ("this is an Excel 97-2003 workbook (.xls) or a password-protected one; "
                   "open it in Excel and save a copy without a password as 'Excel Workbook "
                   "(.xlsx)'")
    else:
        message = "not an Excel workbook (.xlsx is a zip file; this one is not)"
    variant = "old-excel" if what and "97-2003" in what else "not-xlsx"
    return BaocaoError([Problem(name, 0, 0, "file.format", message, params={"variant": variant})])


def _damaged(name: str, exc: Exception) -> BaocaoError:
    detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    message = (f"cannot read the workbook ({detail}); open it in Excel and save it again as "
               "'Excel Workbook (.xlsx)'")
    return BaocaoError([Problem(name, 0, 0, "file.format", message,
                                params={"variant": "damaged"})])
