"""Files of submission records to positioned records: nothing interpreted yet.

A file baocao cannot read as a batch (missing, wrong format, not a list, a CSV without the
required columns) is a located ``BaocaoError``; problems of every file are raised together.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from engine.errors import BaocaoError, Problem
from engine.sources.csv import csv_rows
from engine.sources.json import load_json
from engine.sources.located import Located, Position, escape_pointer_token
from engine.sources.text import read_text
from engine.submissions.fields import FIELDS, HEADER_EXAMPLE, REQUIRED, field_of_header

SUFFIXES = (".yaml", ".yml", ".json", ".csv")
_MAX_LISTED = 12


@dataclass(frozen=True)
class Record:
    """One record as read, before checks: a Located whose data is the record itself."""

    located: Located
    line: int
    problems: tuple[Problem, ...] = ()  # found while reading (CSV: cells beyond the header)

    @property
    def source(self) -> str:
        return f"{self.located.file}:{self.line}"


@dataclass(frozen=True)
class Shape:
    """What records of one kind look like: their fields, the required ones, what column
    headers offices write for them, and the key a YAML/JSON file may wrap its list in."""

    fields: tuple[str, ...]
    required: tuple[str, ...]
    header: Callable[[str], str | None]
    example: str
    key: str


SUBMISSIONS = Shape(FIELDS, REQUIRED, field_of_header, HEADER_EXAMPLE, "submissions")


def read_records(paths: Sequence[Path], shape: Shape = SUBMISSIONS) -> list[Record]:
    """Every record of every file, in order."""
    records: list[Record] = []
    problems: list[Problem] = []
    for path in paths:
        for file in _expand(Path(path), problems):
            try:
                records.extend(_read_file(file, shape))
            except BaocaoError as exc:
                problems.extend(exc.problems)
    if problems:
        raise BaocaoError(problems)
    return records


def _expand(path: Path, problems: list[Problem]) -> list[Path]:
    name = str(path)
    if path.is_dir():
        return sorted(
            (p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES),
            key=lambda p: p.name,
        )
    if not path.exists():
        problems.append(Problem(name, 0, 0, "file.missing", "no such file or directory"))
        return []
    if path.suffix.lower() not in SUFFIXES:
        expected = ", ".join(SUFFIXES)
        message = f"unsupported file type {path.suffix or '(none)'!r}; expected {expected}"
        problems.append(Problem(name, 0, 0, "file.format", message))
        return []
    return [path]


def _read_file(path: Path, shape: Shape) -> list[Record]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, shape)
    if suffix == ".json":
        return _split(load_json(path), shape.key)
    from engine.sources.yaml import load_yaml

    return _split(load_yaml(path, display_name=str(path)), shape.key)


def _split(located: Located, wrapper: str) -> list[Record]:
    """The records of a parsed YAML/JSON file: a list, or ``{submissions: [...]}``."""
    data = located.data
    base = ""
    _SHAPE_EXAMPLE = f"a list of records ('- id: ...') or a mapping '{wrapper}: [...]'"
    if isinstance(data, dict):
        keys = [str(k) for k in data]
        if wrapper not in data:
            shown = ", ".join(keys[:_MAX_LISTED]) or "none"
            message = f"expected {_SHAPE_EXAMPLE}; found a mapping without '{wrapper}' (keys: "
            message += f"{shown}); a single record is written as a list of one: '- id: ...'"
            raise BaocaoError([located.problem("", "submissions.shape", message)])
        extra = [k for k in keys if k != wrapper]
        if extra:
            pointer = "/" + escape_pointer_token(extra[0])
            message = f"unexpected key {extra[0]!r} beside '{wrapper}'; expected {_SHAPE_EXAMPLE}"
            raise BaocaoError([located.problem(pointer, "submissions.shape", message, key=True)])
        data, base = data[wrapper], f"/{wrapper}"
    if data is None:
        return []
    if not isinstance(data, list):
        message = f"expected {_SHAPE_EXAMPLE}; found {_describe(data)}"
        raise BaocaoError([located.problem(base, "submissions.shape", message)])
    positions = _by_record(located.positions, base, len(data))
    key_positions = _by_record(located.key_positions, base, len(data))
    return [
        Record(
            Located(item, located.file, positions[i], key_positions[i]),
            located.where(f"{base}/{i}")[0],
        )
        for i, item in enumerate(data)
    ]


def records_at(located: Located, base: str) -> list[Record]:
    """The records of a list inside a larger document (a rule test case's submissions)."""
    items = located.data
    for token in base.split("/")[1:]:
        items = items[int(token)] if isinstance(items, list) else items.get(token)
    if not isinstance(items, list):
        return []
    positions = _by_record(located.positions, base, len(items))
    key_positions = _by_record(located.key_positions, base, len(items))
    return [
        Record(Located(item, located.file, positions[i], key_positions[i]),
               located.where(f"{base}/{i}")[0])
        for i, item in enumerate(items)
    ]


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    return f"the value {as_text(value)!r}"


def as_text(value: Any) -> str:
    """Raw values are kept as strings, the way the user would read them back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | date):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


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


def _read_csv(path: Path, shape: Shape) -> list[Record]:
    name = str(path)
    rows = csv_rows(read_text(path, name, "save it as UTF-8 (in Excel: 'CSV UTF-8')"), name)
    header_line, header = next(rows, (0, []))
    if not header:
        return []
    columns = _columns(header, name, header_line, shape)
    records = []
    for line, row in rows:
        record: dict[str, str] = {}
        for i, cell in enumerate(row):
            value = cell.strip()
            if i < len(columns):
                if value or columns[i] not in shape.fields:
                    record[columns[i]] = value
            elif value:
                record[f"column {i + 1}"] = value
        problems: tuple[Problem, ...] = ()
        if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
            problems = (Problem(
                name, line, len(header) + 1, "csv.extra-cells",
                f"row has {len(row)} cells but the header has {len(header)} columns "
                "(a comma or semicolon inside an unquoted value?)",
                params={"cells": len(row), "columns": len(header)},
            ),)
        records.append(Record(Located(record, name, {"": (line, 1)}), line, problems))
    return records


def _columns(header: list[str], name: str, line: int, shape: Shape) -> list[str]:
    """Field name per column: DESIGN names or their Vietnamese synonyms, else kept as written."""
    columns: list[str] = []
    seen: dict[str, str] = {}
    problems = []
    for i, cell in enumerate(header):
        written = cell.strip()
        field = shape.header(written) or written or f"column {i + 1}"
        if field in seen:
            problems.append(Problem(
                name, line, 1, "csv.duplicate-column",
                f"columns {seen[field]!r} and {written!r} both mean {field!r}; keep one",
            ))
        seen.setdefault(field, written)
        columns.append(field)
    missing = [f for f in shape.required if f not in seen]
    if missing:
        shown = ", ".join(c.strip() for c in header)
        problems.append(Problem(
            name, line, 1, "csv.missing-column",
            f"missing required column(s) {', '.join(missing)}; the header has: {shown}; "
            f"expected e.g. {shape.example}",
        ))
    if problems:
        raise BaocaoError(problems)
    return columns
