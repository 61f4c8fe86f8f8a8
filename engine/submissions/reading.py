"""Files of submission records to positioned records: nothing interpreted yet.

``read_batch`` reads every path (``inputs`` says which files those are), each by its format:
YAML and JSON hold a list of records; CSV, tab-separated text and every sheet of a workbook
are tables (``table``). It returns the records and an account of each file (``FileRead``) and
of everything not read (``Skipped``). A file baocao cannot read as a batch (wrong format, not
a list, a table without the required columns) is a located ``BaocaoError``; the problems of
every file are raised together.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from engine.errors import BaocaoError, Problem
from engine.model import FileRead, Reason, Skipped
from engine.sources.csv import csv_rows
from engine.sources.json import Positions as JsonPositions
from engine.sources.json import load_json_text
from engine.sources.located import Located, Position, escape_pointer_token
from engine.sources.text import decode_text, read_bytes
from engine.submissions import table as tables
from engine.submissions.fields import DEFAULT_NOTES, SUBMISSIONS, Shape
from engine.submissions.inputs import STDIN, SUFFIXES, Input, expand_paths
from engine.submissions.raw import Record, as_text
from engine.submissions.table import NoHeader, read_table

__all__ = ["SUBMISSIONS", "SUFFIXES", "Progress", "Record", "Shape", "as_text", "read_batch",
           "read_records", "records_at"]

_MAX_LISTED = 12
_CSV_HINT = "save it as UTF-8 (in Excel: 'CSV UTF-8')"
STDIN_LABEL = "<stdin>"

# Told how far a long run has gone: (stage, done, total); stages "read" (bytes of files
# read), "rows" (rows of the table being read; total 0: not known in advance) and "build"
# (records checked; total 0 when they are built as they are read).
Progress = Callable[[str, int, int], None]


class Sink(Protocol):
    """Where ``read_batch`` hands records as it reads them, rather than returning them all:
    a national register is built twenty thousand records at a time, and never held whole as
    records (engine/submissions/__init__.py, ``Builder``)."""

    def __call__(self, records: list[Record]) -> None: ...

    def mark(self) -> int:
        """How much has been handed so far, to go back to."""
        ...

    def drop(self, mark: int) -> None:
        """Forget what was handed since ``mark``: a file in a folder failed half-way, and
        none of its records is read."""
        ...


def read_records(paths: Sequence[Path], shape: Shape = SUBMISSIONS) -> list[Record]:
    """Every record of every file, in order."""
    return read_batch(paths, shape=shape)[0]


def read_batch(
    paths: Sequence[Path], progress: Progress | None = None, shape: Shape = SUBMISSIONS,
    defaults: Mapping[str, str] | None = None, sink: Sink | None = None,
) -> tuple[list[Record], list[FileRead], list[Skipped]]:
    """Every record of every file, in order, with the account of what was and was not read.

    ``defaults``: values for fields a record leaves absent or blank, given by an option
    (``--recipient``); a table need not have those columns, and each record carries them
    (``Record.defaults``) for ``build`` to take and note. ``sink``: given the records as
    they are read, in order; the list returned is then empty.
    """
    if defaults:
        shape = shape.given(defaults)
    inputs, skipped, problems = expand_paths(paths)
    kept = _Kept()  # without a sink, the records are returned
    to = sink if sink is not None else kept
    files: list[FileRead] = []
    total = sum(_size(i) for i in inputs)
    done = 0
    given = _Given(defaults or {}, to)
    for item in inputs:
        mark = to.mark()
        try:
            read, skips = _read_input(item, given, progress, shape)
        except BaocaoError as exc:
            to.drop(mark)
            if item.in_folder:  # one damaged workbook in an inbox: listed, the rest is read
                first = exc.problems[0]
                skipped.append(Skipped(item.name, Reason("file.not-read", {
                    "problem": first.code}), attention=True))
            else:
                problems.extend(exc.problems)
            continue
        files += read
        skipped += skips
        done += _size(item)
        if progress is not None:
            progress("read", done, total)
    if problems:
        raise BaocaoError(problems)
    return kept, given.noted(files), skipped


class _Kept(list[Record]):
    """The records read, when no sink takes them: a list, and a sink like any other."""

    def __call__(self, records: list[Record]) -> None:
        self.extend(records)

    def mark(self) -> int:
        return len(self)

    def drop(self, mark: int) -> None:
        del self[mark:]


class _Given:
    """The records of each file on their way to ``sink``, each carrying the values given by
    an option (``defaults``), with a count per file of the records that take one."""

    def __init__(self, defaults: Mapping[str, str],
                 sink: Callable[[list[Record]], None]) -> None:
        self.defaults, self.sink = defaults, sink
        self.given = tuple(defaults.items())
        self.taken = {key: Counter[str]() for key in defaults}

    def __call__(self, records: list[Record]) -> None:
        if self.given:
            for key, taken in self.taken.items():
                taken.update(r.located.file for r in records if _leaves_blank(r, key))
            records = [replace(r, defaults=self.given) for r in records]
        self.sink(records)

    def noted(self, files: list[FileRead]) -> list[FileRead]:
        """Each file whose records take a value given by an option says so, with how many."""
        for key, value in self.defaults.items():
            taken = self.taken[key]
            files = [replace(f, notes=(*f.notes, Reason(DEFAULT_NOTES[key], {
                "field": key, "unit": value, "records": taken[f.label]})))
                     if taken[f.label] else f for f in files]
        return files


def _leaves_blank(record: Record, key: str) -> bool:
    data = record.located.data
    if not isinstance(data, dict):
        return False
    value = data.get(key)
    return value is None or (isinstance(value, str) and not value.strip())


def _size(item: Input) -> int:
    try:
        return item.path.stat().st_size if item.path is not None else 0
    except OSError:
        return 0


def _read_input(
    item: Input, sink: Callable[[list[Record]], None], progress: Progress | None = None,
    shape: Shape = SUBMISSIONS,
) -> tuple[list[FileRead], list[Skipped]]:
    """One file's records to ``sink`` (a table's as they are read), and its account."""
    rows = None if progress is None else (lambda n: progress("rows", n, 0))
    if item.path is None:
        raw = sys.stdin.buffer.read()
        name, fmt = STDIN_LABEL, _sniff(raw)
    else:
        name, fmt = item.name, item.format or "csv"
        raw = b"" if fmt == "xlsx" else read_bytes(item.path, name)
    path = STDIN if item.path is None else item.name
    if fmt == "xlsx":
        return _read_xlsx(raw if item.path is None else item.path, name, path, sink, rows,
                          shape)
    decoded = decode_text(raw, name, _CSV_HINT if fmt == "csv" else "save it as UTF-8")
    del raw  # the bytes, once decoded, are not held while the records are built from them
    if fmt == "csv":
        try:
            table = read_table(csv_rows(decoded.text, name), name, progress=rows, shape=shape,
                               sink=sink)
        except NoHeader:
            if not item.guess:
                raise
            return [], [Skipped(name, Reason("file.no-header"), attention=True)]
        read = FileRead(name, path, "csv", table.count, decoded.encoding,
                        header_row=table.header_row or None, notes=tuple(table.notes))
        return [read], []
    if fmt == "json":
        located = load_json_text(decoded.text, name, text_only=False)
    else:
        from engine.sources.yaml import load_yaml_text

        located = load_yaml_text(decoded.text, name)
    records = _split(located, shape.key)
    count = len(records)
    del located  # each record holds its own part of the document
    _hand_on(records, sink)
    return [FileRead(name, path, fmt, count, decoded.encoding)], []


def _hand_on(records: list[Record], sink: Callable[[list[Record]], None]) -> None:
    """A parsed file's records to ``sink`` ``tables.HANDED`` at a time, each piece let go
    once built: a national register sent as JSON is not held whole as parsed records beside
    what is built from them."""
    pieces = [records[i:i + tables.HANDED] for i in range(0, len(records), tables.HANDED)]
    records.clear()
    pieces.reverse()
    while pieces:
        sink(pieces.pop())


def _sniff(raw: bytes) -> str:
    """The format of standard input, from its first bytes."""
    if raw.startswith(b"PK\x03\x04"):
        return "xlsx"
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"[", b"{")):
        return "json"
    first = head.split(b"\n", 1)[0].strip()
    if first.startswith((b"- ", b"#", b"---")) or first in (b"-", b"submissions:"):
        return "yaml"
    return "csv"


def _read_xlsx(
    source: Path | bytes, name: str, path: str, sink: Callable[[list[Record]], None],
    rows: Callable[[int], None] | None = None, shape: Shape = SUBMISSIONS,
) -> tuple[list[FileRead], list[Skipped]]:
    """Every sheet whose header names the required fields; the others are said not read."""
    from engine.sources.xlsx import read_workbook

    files: list[FileRead] = []
    skipped: list[Skipped] = []
    no_header: list[Problem] = []
    for sheet in read_workbook(source, name):
        label = f"{name}[{sheet.title}]"
        try:
            table = read_table(sheet.rows, label, sheet.merges, strict_width=False,
                               progress=rows, shape=shape, sink=sink)
        except NoHeader as exc:
            no_header += exc.problems
            skipped.append(Skipped(label, Reason("sheet.no-header", {"sheet": sheet.title}),
                                   attention=False))
            continue
        if not table.header_row:
            skipped.append(Skipped(label, Reason("sheet.empty", {"sheet": sheet.title}),
                                   attention=False))
            continue
        notes = tuple(table.notes)
        if sheet.hidden:
            notes = (Reason("sheet.hidden", {"sheet": sheet.title}), *notes)
        files.append(FileRead(label, path, "xlsx", table.count, sheet=sheet.title,
                              header_row=table.header_row, notes=notes))
    if not files and no_header:
        raise BaocaoError(no_header)
    if not files:
        files.append(FileRead(name, path, "xlsx", 0))
    return files, skipped


def _split(located: Located, wrapper: str) -> list[Record]:
    """The records of a parsed YAML/JSON file: a list, or ``{submissions: [...]}``."""
    data = located.data
    base = ""
    example = f"a list of records ('- id: ...') or a mapping '{wrapper}: [...]'"
    if isinstance(data, dict):
        keys = [str(k) for k in data]
        if wrapper not in data:
            shown = ", ".join(keys[:_MAX_LISTED]) or "none"
            message = f"expected {example}; found a mapping without '{wrapper}' (keys: "
            message += f"{shown}); a single record is written as a list of one: '- id: ...'"
            raise BaocaoError([located.problem("", "submissions.shape", message,
                                               wrapper=wrapper)])
        extra = [k for k in keys if k != wrapper]
        if extra:
            pointer = "/" + escape_pointer_token(extra[0])
            message = f"unexpected key {extra[0]!r} beside '{wrapper}'; expected {example}"
            raise BaocaoError([located.problem(pointer, "submissions.shape", message, key=True,
                                               wrapper=wrapper, key_name=extra[0],
                                               variant="extra")])
        data, base = data[wrapper], f"/{wrapper}"
    if data is None:
        return []
    if not isinstance(data, list):
        message = f"expected {example}; found {_describe(data)}"
        raise BaocaoError([located.problem(base, "submissions.shape", message,
                                           wrapper=wrapper)])
    return records_at(located, base)


def records_at(located: Located, base: str) -> list[Record]:
    """The records of the list at ``base`` in a document: a file's (``_split``), or a rule
    test case's submissions."""
    items = located.data
    for token in base.split("/")[1:]:
        items = items[int(token)] if isinstance(items, list) else items.get(token)
    if not isinstance(items, list):
        return []
    positions = _per_record(located.positions, base, len(items))
    key_positions = _per_record(located.key_positions, base, len(items))
    return [
        Record(Located(item, located.file, positions[i], key_positions[i]),
               located.where(f"{base}/{i}")[0])
        for i, item in enumerate(items)
    ]


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    text = as_text(value)
    return f"the value {text[:200]!r}"


def _per_record(table: Mapping[str, Position], base: str, count: int
                ) -> Sequence[Mapping[str, Position]]:
    """Each record's positions from its own root: a JSON file's records are walked when a
    problem is located in them (engine/sources/json.py), other files' re-rooted here."""
    if isinstance(table, JsonPositions):
        found = table.elements(base)
        if found is not None:
            return found
    return _by_record(table, base, count)


def _by_record(table: Mapping[str, Position], base: str, count: int) -> list[dict[str, Position]]:
    """Positions re-rooted at each record, so that schema messages point inside the record.

    One pass over the file's positions: a batch holds many thousands of records.
    """
    out: list[dict[str, Position]] = [{} for _ in range(count)]
    prefix = base + "/"
    for pointer, at in table.items():
        if not pointer.startswith(prefix):
            continue
        index, _, rest = pointer[len(prefix) :].partition("/")
        if index.isdigit() and int(index) < count:
            out[int(index)]["/" + rest if rest else ""] = at
    return out
