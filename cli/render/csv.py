"""CSV from the view rows: one flat record per row, nested objects as ``parent_child``.

Made to be opened in Excel by the people it is about: UTF-8 with a byte-order mark (without
it Excel shows Vietnamese as mojibake), ``;`` as the separator for a Vietnamese-locale Excel
(``--csv-dialect excel-vn``), headers and words (verdicts, dispositions, yes/no) in the chosen
language, and every cell that a spreadsheet would run as a formula (beginning with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) neutralised with a leading apostrophe — a
register may hold ``=HYPERLINK(...)`` typed by anyone.
"""

from __future__ import annotations

import csv
import io
import itertools
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import is_dataclass
from datetime import date
from enum import Enum
from typing import IO, Any

from cli import i18n
from cli.render.json import Encoder, exported, getter, jsonable
from cli.render.safe import visible
from cli.render.texts import Texts
from engine import Disposition, Problem, Reason, Verdict

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would take for a formula, made inert.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-1"), neutralise(-1)
    ('\\'=HYPERLINK("http://x")', "'-1", -1)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def document(text: str) -> str:
    """A whole CSV file: the byte-order mark Excel needs to read UTF-8."""
    return BOM + text if text else text


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects become ``parent_child`` columns, so a CSV row stays one flat record."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, prefix=f"{name}_"))
        else:
            flat[name] = value
    return flat


def cell(value: Any) -> Any:
    """A cell's text; one that a spreadsheet would run as a formula (``=HYPERLINK(...)``)
    gets a leading ``'`` so that it shows as written (OWASP, "CSV injection")."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return neutralise(visible("; ".join(_item(item) for item in value), cell=True))
    return neutralise(visible(value, cell=True) if isinstance(value, str) else value)


def _item(item: Any) -> str:
    if isinstance(item, Mapping):
        if "message" in item and "code" in item:  # a reason: its words
            return str(item["message"])
        return " ".join(str(v) for v in item.values() if v not in (None, ""))
    return str(item)


def to_csv(
    rows: Sequence[Mapping[str, Any]],
    header: Sequence[str] | None = None,
    *,
    labels: Mapping[str, str] | None = None,
    delimiter: str = ",",
) -> str:
    """RFC 4180 CSV, cells neutralised. The header is every key in order of first appearance
    unless given, so a row with an extra column (a deadline where others have none) loses
    nothing; ``labels`` name the columns."""
    columns = (
        list(header) if header is not None else list(dict.fromkeys(k for r in rows for k in r))
    )
    buffer = io.StringIO()
    _write_table(buffer, columns, labels or {}, ([cell(row.get(c)) for c in columns]
                                                 for row in rows), delimiter)
    return buffer.getvalue()


# the columns whose text values ``words`` says in the reader's language (any other text is
# its own words: a CSV writer may make it a cell straight away)
_WORDED = frozenset(("verdict", "disposition", "due_basis", "deadline_basis", "frequency",
                     "data_window"))


def words(key: str, value: Any, texts: Texts) -> Any:
    """A value as the reader's language says it: verdicts, dispositions, yes/no, due basis."""
    lang = texts.lang
    if isinstance(value, bool):
        return i18n.text("yes" if value else "no", lang)
    if key == "verdict" and value in Verdict.__members__.values():
        return i18n.verdict(Verdict(value), lang)
    if key == "disposition" and value in Disposition.__members__.values():
        return i18n.disposition(Disposition(value), lang)
    if key in ("due_basis", "deadline_basis") and value in ("stated", "assumed"):
        return i18n.text(f"due_basis.{value}", lang)
    if key == "frequency" and isinstance(value, str):
        return i18n.frequency(value, lang)
    if key == "data_window" and value in ("nd09", "period", "stated"):
        return i18n.text(f"data_window.{value}", lang)
    return value


def _flat(row: Any, texts: Texts, drop: Iterable[str]) -> dict[str, Any]:
    """A view row as one flat record: its JSON fields, nested ones as ``parent_child``, in
    the reader's words, ``drop`` left out."""
    data = jsonable(row, texts)
    for key in drop:
        data.pop(key, None)
    return {k: words(k, v, texts) for k, v in flatten(data).items()}


def rows_csv(
    rows: Sequence[Any], texts: Texts, drop: Sequence[str] = ("raw",), delimiter: str = ","
) -> str:
    """View rows as CSV: the same fields as the JSON, flattened, in the reader's language."""
    flat = [_flat(row, texts, drop) for row in rows]
    columns = list(dict.fromkeys(k for r in flat for k in r))
    labels = {c: i18n.column(c, texts.lang) for c in columns}
    return to_csv(flat, columns, labels=labels, delimiter=delimiter)


# ---------------------------------------------------------------------------------------
# Streamed: a national run lists a million rows. ``rows_csv`` above holds every row as a
# dict, then the whole file as one string (1.1 GB for 100,000 reports); ``write_rows`` writes
# the same bytes a few hundred rows at a time, each distinct value of a column made a cell once.

_CHUNK = 512  # rows per write
_MEMO = 8192  # distinct values remembered per column (past it, a column of ids is not cached)


def write_rows(out: IO[str], rows: Iterable[Any], texts: Texts, drop: Sequence[str] = ("raw",),
               delimiter: str = ",") -> None:
    """``document(rows_csv(rows, ...))`` written to ``out`` as the rows come. Rows of one
    dataclass whose columns its type fixes (no mapping, no optional nested object) are
    streamed; any other rows are gathered first, since their columns are known only at the
    end (a small view: rules, upcoming)."""
    them = iter(rows)
    first = next(them, None)
    if first is None:
        return
    cells = _Cells(texts, drop)
    plan = cells.plan(type(first))
    if plan is None:
        out.write(document(rows_csv([first, *them], texts, drop, delimiter)))
        return
    labels = {c: i18n.column(c, texts.lang) for c in plan.columns}
    write_csv(out, plan.columns, labels,
              (cells.row(plan, row) for row in itertools.chain((first,), them)), delimiter)


def write_csv(out: IO[str], columns: Sequence[str], labels: Mapping[str, str],
              rows: Iterable[list[Any]], delimiter: str = ",") -> None:
    """``document(to_csv(...))``'s bytes, a chunk of rows at a time; ``rows`` are their cells
    in ``columns``' order, each already made a cell (``cell``)."""
    if columns:
        out.write(BOM)
    _write_table(out, columns, labels, rows, delimiter)


def _write_table(out: IO[str], columns: Sequence[str], labels: Mapping[str, str],
                 rows: Iterable[list[Any]], delimiter: str) -> None:
    """The header and the rows, ``_CHUNK`` rows a write; nothing without columns."""
    if not columns:
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([cell(labels.get(c, c)) for c in columns])
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
        if n == _CHUNK:
            out.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
            n = 0
    out.write(buffer.getvalue())


class _Plan:
    """A row class's columns, flattened as ``rows_csv`` names them, and one getter reading
    every cell's value at once (``citation.text`` for the column ``citation_text``)."""

    __slots__ = ("cls", "columns", "get")

    def __init__(self, cls: type, columns: tuple[str, ...], paths: tuple[str, ...]) -> None:
        self.cls = cls
        self.columns = columns
        self.get = getter(paths)


class _Cells:
    """``rows_csv``'s cells for rows of one language, a column's repeated values (names, dates,
    verdicts) turned into cells once each."""

    def __init__(self, texts: Texts, drop: Sequence[str]) -> None:
        self.texts = texts
        self.drop = frozenset(drop)
        self.enc = Encoder(texts)
        self._plans: dict[type, _Plan | None] = {}
        self._memo: dict[str, dict[Any, Any]] = {}

    def plan(self, cls: type) -> _Plan | None:
        if cls not in self._plans:
            found = _paths(cls, "", "", self.drop)
            self._plans[cls] = None if found is None else _Plan(
                cls, tuple(c for c, _ in found), tuple(p for _, p in found))
        return self._plans[cls]

    def row(self, plan: _Plan, row: Any) -> list[Any]:
        if type(row) is plan.cls:
            try:
                values = plan.get(row)
            except AttributeError:  # a nested object missing where its type says one is
                values = None
            if values is not None:
                return [self.of(c, v) for c, v in zip(plan.columns, values, strict=True)]
        return self._generic(plan, row)

    def _generic(self, plan: _Plan, row: Any) -> list[Any]:
        """A row the plan does not fit, as ``rows_csv`` makes it: its columns must be the
        plan's, or the file would need a header it no longer can have."""
        flat = _flat(row, self.texts, self.drop)
        if tuple(flat) != plan.columns:
            raise ValueError(f"a {type(row).__name__} row has columns other than the "
                             f"{plan.cls.__name__} rows before it")
        return [cell(flat[c]) for c in plan.columns]

    def of(self, column: str, value: Any) -> Any:
        kind = type(value)
        if (kind is tuple and value and not all(v.__class__ is str for v in value)) \
                or kind is list:
            # reasons, skipped days: joined, rarely repeated; an empty tuple, or one of keys
            # (the same report's instances), repeats and is remembered as a text would be
            # (never one holding True beside one holding 1: equal tuples, other cells)
            return self._made(column, value)
        memo = self._memo.get(column)
        if memo is None:
            memo = self._memo[column] = {}
        key = value if kind is str else (kind, value)  # True and 1 are equal keys
        try:
            found = memo.get(key, memo)
        except TypeError:  # a value that cannot be hashed: made a cell each time
            return self._made(column, value)
        if found is memo:
            found = self._made(column, value)
            if len(memo) < _MEMO:
                memo[key] = found
        return found

    def _made(self, column: str, value: Any) -> Any:
        if value.__class__ is str and column not in _WORDED:
            return cell(value)  # what the reader's words and plain would give back unchanged
        return cell(words(column, self.enc.plain(value), self.texts))



_PLAIN = (str, int, float, bool, date, Enum, type(None))


def _paths(cls: type, prefix: str, path: str, drop: frozenset[str]
           ) -> list[tuple[str, str]] | None:
    """(column, attribute path) of each cell of a ``cls`` row, in ``rows_csv``'s order; None
    when the type leaves the columns open (a mapping, an object that may be absent, a
    reason's parameters)."""
    if not (is_dataclass(cls) and isinstance(cls, type)) or issubclass(cls, Reason | Problem):
        return None
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # an annotation that cannot be read: the general way
        return None
    found: list[tuple[str, str]] = []
    for name, out in exported(cls):
        if not prefix and out in drop:
            continue
        hint = hints.get(name)
        column, where = f"{prefix}{out}", f"{path}{name}"
        if isinstance(hint, type) and is_dataclass(hint):
            nested = _paths(hint, f"{column}_", f"{where}.", drop)
            if nested is None:
                return None
            found += nested
        elif _cell_type(hint):
            found.append((column, where))
        else:
            return None
    return found


def _cell_type(hint: Any) -> bool:
    """A type whose value is one cell: a plain value, or a sequence (its items joined)."""
    origin = typing.get_origin(hint)
    if origin in (tuple, list):
        return True
    if origin in (typing.Union, types.UnionType):
        return all(isinstance(arg, type) and issubclass(arg, _PLAIN)
                   for arg in typing.get_args(hint))
    return isinstance(hint, type) and issubclass(hint, _PLAIN)
