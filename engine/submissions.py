"""Loading submitted reports' metadata: YAML, JSON and CSV files into ``Submission`` records.

The secretariat receives reports by the hundred and must account for every one, so the loader
splits problems in two. A file it cannot read as a batch (missing, wrong format, not a list,
a CSV without the required columns) stops the run with a located ``BaocaoError``. A record
that is wrong on its own never stops the run: it is still returned, with ``errors`` (it will
be ``invalid``) or ``unit_problems`` (``unknown_unit``), so that nothing is dropped silently.

Passes, per record, in this order: shape (a mapping), schema (required fields, types), then
parsing (dates, period), then name resolution (units, directive, obligation), then the batch
check (duplicate ids). Each pass only sees values the previous one accepted.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from engine import schemas
from engine._yaml import Located, Position, escape_pointer_token, load_yaml
from engine.dates import DateParseError, fold_vietnamese, parse_date
from engine.errors import BaocaoError, Problem
from engine.model import Directive, Period, Submission
from engine.periods import PeriodParseError, find_period_in_text, parse_period
from engine.units import Registry, UnitResolutionError

__all__ = ["FIELDS", "REQUIRED", "SUFFIXES", "load_submissions"]

FIELDS = (
    "id",
    "reporter",
    "recipient",
    "submitted_on",
    "period",
    "directive",
    "obligation",
    "title",
    "document_number",
    "sent_on",
)
REQUIRED = ("id", "reporter", "recipient", "submitted_on")
SUFFIXES = (".yaml", ".yml", ".json", ".csv")

# CSV headers as registers and Excel exports write them, folded (see ``_header_key``).
_HEADER_SYNONYMS = {
    "ma": "id",
    "so hieu": "document_number",
    "so ky hieu": "document_number",
    "so, ky hieu": "document_number",
    "don vi bao cao": "reporter",
    "don vi": "reporter",
    "don vi gui": "reporter",
    "noi gui": "reporter",
    "noi nhan": "recipient",
    "don vi nhan": "recipient",
    "ngay nhan": "submitted_on",
    "ngay den": "submitted_on",
    "ngay gui": "sent_on",
    "ky bao cao": "period",
    "trich yeu": "title",
    "trich yeu noi dung": "title",
    "tieu de": "title",
}
_HEADER_EXAMPLE = "id,reporter,recipient,submitted_on (or: mã,đơn vị báo cáo,nơi nhận,ngày nhận)"
_SHAPE_EXAMPLE = "a list of records ('- id: ...') or a mapping 'submissions: [...]'"
_MAX_LISTED = 12


@dataclass(frozen=True)
class _Record:
    """One record as read, before checks: a Located whose data is the record itself."""

    located: Located
    line: int
    errors: tuple[str, ...] = ()  # found while reading (CSV: cells beyond the header)

    @property
    def source(self) -> str:
        return f"{self.located.file}:{self.line}"


def load_submissions(
    paths: Sequence[Path], registry: Registry, directives: Sequence[Directive]
) -> tuple[Submission, ...]:
    """Every record of every file, in order; file-level problems of all files raise together."""
    records: list[_Record] = []
    problems: list[Problem] = []
    for path in paths:
        for file in _expand(Path(path), problems):
            try:
                records.extend(_read_file(file))
            except BaocaoError as exc:
                problems.extend(exc.problems)
    if problems:
        raise BaocaoError(problems)
    resolver = DirectiveIndex(directives)
    first_use: dict[str, str] = {}
    result = []
    for record in records:
        sub = _build(record, registry, resolver)
        if sub.id != sub.source:  # a record without an id is named by its source
            earlier = first_use.setdefault(sub.id, sub.source)
            if earlier != sub.source:
                sub = _with_error(sub, f"id {sub.id!r} already used at {earlier}")
        result.append(sub)
    return tuple(result)


# ---------------------------------------------------------------------------------------
# Files


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


def _read_file(path: Path) -> list[_Record]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    located = _read_json(path) if suffix == ".json" else load_yaml(path, display_name=str(path))
    return _split(located)


def _read_text(path: Path) -> str:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise BaocaoError(
            [Problem(name, 0, 0, "file.unreadable", f"cannot read file: {reason}")]
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        message = (
            f"file is not UTF-8 (byte 0x{raw[exc.start]:02x} cannot be decoded); "
            "save it as UTF-8 (in Excel: 'CSV UTF-8')"
        )
        raise BaocaoError([Problem(name, line, column, "file.encoding", message)]) from None


def _split(located: Located) -> list[_Record]:
    """The records of a parsed YAML/JSON file: a list, or ``{submissions: [...]}``."""
    data = located.data
    base = ""
    if isinstance(data, dict):
        keys = [str(k) for k in data]
        if "submissions" not in data:
            shown = ", ".join(keys[:_MAX_LISTED]) or "none"
            message = f"expected {_SHAPE_EXAMPLE}; found a mapping without 'submissions' (keys: "
            message += f"{shown}); a single record is written as a list of one: '- id: ...'"
            raise BaocaoError([located.problem("", "submissions.shape", message)])
        extra = [k for k in keys if k != "submissions"]
        if extra:
            pointer = "/" + escape_pointer_token(extra[0])
            message = f"unexpected key {extra[0]!r} beside 'submissions'; expected {_SHAPE_EXAMPLE}"
            raise BaocaoError([located.problem(pointer, "submissions.shape", message, key=True)])
        data, base = data["submissions"], "/submissions"
    if data is None:
        return []
    if not isinstance(data, list):
        message = f"expected {_SHAPE_EXAMPLE}; found {_describe(data)}"
        raise BaocaoError([located.problem(base, "submissions.shape", message)])
    positions = _by_record(located.positions, base, len(data))
    key_positions = _by_record(located.key_positions, base, len(data))
    return [
        _Record(
            Located(item, located.file, positions[i], key_positions[i]),
            located.where(f"{base}/{i}")[0],
        )
        for i, item in enumerate(data)
    ]


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    return f"the value {_as_text(value)!r}"


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


# ---------------------------------------------------------------------------------------
# JSON: parsed by the json module, positions recovered by a small walk over the valid text


def _read_json(path: Path) -> Located:
    name = str(path)
    text = _read_text(path)
    if not text.strip():
        return Located(None, name, {"": (1, 1)})
    try:
        data = json.loads(text)
        walk = _JsonWalk(text)
        walk.value(0, "")
    except json.JSONDecodeError as exc:
        raise BaocaoError([Problem(name, exc.lineno, exc.colno, "json.syntax", exc.msg)]) from None
    except RecursionError:
        message = "values nested too deeply; a record is a flat mapping of fields"
        raise BaocaoError([Problem(name, 1, 1, "json.syntax", message)]) from None
    if walk.duplicates:
        raise BaocaoError(
            [
                Problem(name, line, col, "json.duplicate-key", message, pointer)
                for pointer, (line, col), message in walk.duplicates
            ]
        )
    return Located(data, name, walk.positions, walk.key_positions)


_WS = re.compile(r"[ \t\n\r]*")


class _JsonWalk:
    """Positions of every node of a JSON text already known to be valid."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.decoder = json.JSONDecoder()
        self.positions: dict[str, Position] = {}
        self.key_positions: dict[str, Position] = {}
        self.duplicates: list[tuple[str, Position, str]] = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def _at(self, offset: int) -> Position:
        lo, hi = 0, len(self._line_starts)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self._line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid
        return lo + 1, offset - self._line_starts[lo] + 1

    def _skip(self, i: int) -> int:
        match = _WS.match(self.text, i)
        return match.end() if match else i

    def value(self, i: int, pointer: str) -> int:
        i = self._skip(i)
        self.positions[pointer] = self._at(i)
        char = self.text[i]
        if char == "{":
            return self._object(i + 1, pointer)
        if char == "[":
            return self._array(i + 1, pointer)
        _, end = self.decoder.raw_decode(self.text, i)
        return int(end)

    def _object(self, i: int, pointer: str) -> int:
        i = self._skip(i)
        if self.text[i] == "}":
            return i + 1
        first: dict[str, int] = {}
        while True:
            i = self._skip(i)
            key, end = self.decoder.raw_decode(self.text, i)
            child = f"{pointer}/{escape_pointer_token(key)}"
            at = self._at(i)
            if key in first:
                message = (
                    f"duplicate key {key!r} (first defined at line {first[key]}); "
                    "each key may appear once in an object"
                )
                self.duplicates.append((child, at, message))
            else:
                first[key] = at[0]
                self.key_positions[child] = at
            i = self._skip(end) + 1  # ':'
            i = self._skip(self.value(i, child))
            if self.text[i] == "}":
                return i + 1
            i += 1  # ','

    def _array(self, i: int, pointer: str) -> int:
        i = self._skip(i)
        if self.text[i] == "]":
            return i + 1
        n = 0
        while True:
            i = self._skip(self.value(i, f"{pointer}/{n}"))
            n += 1
            if self.text[i] == "]":
                return i + 1
            i += 1  # ','


# ---------------------------------------------------------------------------------------
# CSV


def _header_key(cell: str) -> str:
    return " ".join(fold_vietnamese(cell).replace("_", " ").split())


_HEADER_FIELDS = {f.replace("_", " "): f for f in FIELDS} | _HEADER_SYNONYMS


def _delimiter(text: str) -> str:
    """Comma, or the semicolon Excel writes in the vi-VN locale, or tab; read off the header."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _read_csv(path: Path) -> list[_Record]:
    name = str(path)
    rows = _csv_rows(_read_text(path), name)
    header_line, header = next(rows, (0, []))
    if not header:
        return []
    columns = _csv_columns(header, name, header_line)
    records = []
    for line, row in rows:
        record: dict[str, str] = {}
        for i, cell in enumerate(row):
            value = cell.strip()
            if i < len(columns):
                if value or columns[i] not in FIELDS:
                    record[columns[i]] = value
            elif value:
                record[f"column {i + 1}"] = value
        errors: tuple[str, ...] = ()
        if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
            errors = (
                f"row has {len(row)} cells but the header has {len(header)} columns "
                "(a comma or semicolon inside an unquoted value?)",
            )
        records.append(_Record(Located(record, name, {"": (line, 1)}), line, errors))
    return records


def _csv_rows(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows, each with the physical line it starts on.

    Strict quoting: a lenient reader would swallow the rest of the file into the cell of an
    unclosed quote, and those records would vanish without a word.
    """
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text), strict=True)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = str(exc)
            if "unexpected end of data" in message:
                message = "a quoted value is never closed (a '\"' is missing)"
            message += f"; the row starts on line {line}"
            raise BaocaoError([Problem(name, line, 1, "csv.syntax", message)]) from None
        start, line = line, reader.line_num + 1
        if any(cell.strip() for cell in row):
            yield start, row


def _csv_columns(header: list[str], name: str, line: int) -> list[str]:
    """Field name per column: DESIGN names or their Vietnamese synonyms, else kept as written."""
    columns: list[str] = []
    seen: dict[str, str] = {}
    problems = []
    for i, cell in enumerate(header):
        written = cell.strip()
        field = _HEADER_FIELDS.get(_header_key(written), written or f"column {i + 1}")
        if field in seen:
            problems.append(
                Problem(
                    name,
                    line,
                    1,
                    "csv.duplicate-column",
                    f"columns {seen[field]!r} and {written!r} both mean {field!r}; keep one",
                )
            )
        seen.setdefault(field, written)
        columns.append(field)
    missing = [f for f in REQUIRED if f not in seen]
    if missing:
        shown = ", ".join(c.strip() for c in header)
        problems.append(
            Problem(
                name,
                line,
                1,
                "csv.missing-column",
                f"missing required column(s) {', '.join(missing)}; the header has: {shown}; "
                f"expected e.g. {_HEADER_EXAMPLE}",
            )
        )
    if problems:
        raise BaocaoError(problems)
    return columns


# ---------------------------------------------------------------------------------------
# Records


def _build(record: _Record, registry: Registry, directives: DirectiveIndex) -> Submission:
    data = record.located.data
    source = record.source
    if not isinstance(data, dict):
        shown = json.dumps(data, ensure_ascii=False, default=str)
        return Submission(
            id=source,
            source=source,
            raw={"value": _as_text(data)},
            errors=(f"a record must be a mapping of fields (id: ..., reporter: ...), got {shown}",),
        )
    raw = {str(k): _as_text(v) for k, v in data.items()}
    errors = list(record.errors)
    fields = _clean(data)
    errors += _schema_errors(record, fields)
    values: dict[str, Any] = {}
    unit_problems: list[str] = []

    for key in ("submitted_on", "sent_on"):
        text = _text(fields, key)
        if text is not None:
            try:
                values[key] = parse_date(text)
            except DateParseError as exc:
                errors.append(f"{key}: {exc}")

    period, inferred = _period(fields, errors)
    for key in ("reporter", "recipient"):
        text = _text(fields, key)
        if text is not None:
            try:
                values[key] = registry.resolve(text)
            except UnitResolutionError as exc:
                unit_problems.append(f"{key}: {exc}")

    directive_id, obligation_id = directives.resolve(
        _text(fields, "directive"), _text(fields, "obligation"), errors
    )
    ident = _text(fields, "id")
    return Submission(
        id=ident if ident is not None else source,
        source=source,
        raw=raw,
        reporter=values.get("reporter"),
        recipient=values.get("recipient"),
        submitted_on=values.get("submitted_on"),
        sent_on=values.get("sent_on"),
        period=period,
        period_inferred=inferred,
        directive=directive_id,
        obligation=obligation_id,
        title=_text(fields, "title"),
        document_number=_text(fields, "document_number"),
        errors=tuple(errors),
        unit_problems=tuple(unit_problems),
    )


def _as_text(value: Any) -> str:
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


def _clean(data: Mapping[Any, Any]) -> dict[str, Any]:
    """Known fields ready for the schema: blank and null mean absent; integers read as text.

    ``id: 17`` or ``period: 2022`` are natural to write in YAML and mean the text.
    """
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str):
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, int) and not isinstance(value, bool) and key in FIELDS:
            value = str(value)
        fields[key] = value.strip() if isinstance(value, str) else value
    return fields


def _schema_errors(record: _Record, fields: dict[str, Any]) -> list[str]:
    """Schema messages, prefixed with the field they are about ("reporter: expected ...")."""
    if _plainly_valid(fields):
        return []
    located = record.located
    problems = schemas.validate(
        Located(fields, located.file, located.positions, located.key_positions), "submission"
    )
    errors = []
    for p in problems:
        field = p.pointer[1:].split("/", 1)[0].replace("~1", "/").replace("~0", "~")
        where = f" (line {p.line})" if p.line and p.line != record.line else ""
        errors.append(f"{field}: {p.message}{where}" if field else f"{p.message}{where}")
    return errors


def _plainly_valid(fields: Mapping[str, Any]) -> bool:
    """True when the submission schema cannot object, so jsonschema need not run.

    The schema only asks for the required fields and for known fields to be non-empty
    text (``tests/test_submissions.py`` checks that it still says no more); running
    jsonschema on every record of a large register would triple the load time.
    """
    return all(f in fields for f in REQUIRED) and all(
        isinstance(v, str) and v for k, v in fields.items() if k in FIELDS
    )


def _text(fields: Mapping[str, Any], key: str) -> str | None:
    value = fields.get(key)
    return value if isinstance(value, str) else None


def _period(fields: Mapping[str, Any], errors: list[str]) -> tuple[Period | None, bool]:
    text = _text(fields, "period")
    if text is not None:
        try:
            return parse_period(text), False
        except PeriodParseError as exc:
            errors.append(f"period: {exc}")
            return None, False
    if "period" in fields:  # present but of the wrong type: the schema said so
        return None, False
    title = _text(fields, "title")
    found = find_period_in_text(title) if title is not None else None
    return found, found is not None


def _with_error(sub: Submission, message: str) -> Submission:
    return replace(sub, errors=(*sub.errors, message))


# ---------------------------------------------------------------------------------------
# Directives and obligations


def _strict_key(text: str) -> str:
    return "".join(fold_vietnamese(text).split())


def _loose_key(text: str) -> str:
    return re.sub(r"[-/._]", "", _strict_key(text))


class DirectiveIndex:
    """Directives by id and by number as written; '-' vs '/' slips accepted only if unique.

    The one place a directive named by a person is looked up (submissions and --directive).
    """

    def __init__(self, directives: Sequence[Directive]) -> None:
        self.directives = tuple(directives)
        self._strict: dict[str, list[Directive]] = {}
        self._loose: dict[str, list[Directive]] = {}
        for d in self.directives:
            names = {d.id} | ({d.number} if d.number else set())
            for key_of, table in ((_strict_key, self._strict), (_loose_key, self._loose)):
                for k in {key_of(n) for n in names}:
                    table.setdefault(k, []).append(d)
        self._obligations: dict[str, list[tuple[Directive, str]]] = {}
        for d in self.directives:
            for ob in d.obligations:
                self._obligations.setdefault(ob.id.casefold(), []).append((d, ob.id))

    def resolve(
        self, directive: str | None, obligation: str | None, errors: list[str]
    ) -> tuple[str | None, str | None]:
        found: Directive | None = None
        if directive is not None:
            try:
                found = self.find(directive)
            except LookupError as err:
                errors.append(f"directive: {err}")
                return None, None
        if obligation is None:
            return (found.id if found else None), None
        key = obligation.strip().casefold()
        if found is not None:
            match = [ob.id for ob in found.obligations if ob.id.casefold() == key]
            if match:
                return found.id, match[0]
            known = _listed([ob.id for ob in found.obligations])
            errors.append(
                f"obligation: directive {found.label} has no obligation {obligation!r}; "
                f"known: {known}"
            )
            return found.id, None
        owners = self._obligations.get(key, [])
        if len(owners) == 1:
            d, ob_id = owners[0]
            return d.id, ob_id
        if owners:
            named = _listed([d.label for d, _ in owners])
            errors.append(
                f"obligation: {obligation!r} exists in several directives ({named}); "
                "add 'directive' to say which"
            )
        else:
            known = _listed(
                sorted(f"{d.id}/{ob.id}" for d in self.directives for ob in d.obligations)
            )
            errors.append(f"obligation: unknown obligation {obligation!r}; known: {known}")
        return None, None

    def find(self, text: str) -> Directive:
        """The one directive ``text`` names; LookupError saying why (unknown or ambiguous)."""
        for table, key in ((self._strict, _strict_key(text)), (self._loose, _loose_key(text))):
            hits = table.get(key, [])
            if len(hits) == 1:
                return hits[0]
            if hits:
                named = _listed([_directive_name(d) for d in hits])
                raise LookupError(f"{text!r} is ambiguous; it could be {named}")
        known = _listed([_directive_name(d) for d in self.directives])
        raise LookupError(f"unknown directive {text!r}; known: {known}")


def _directive_name(d: Directive) -> str:
    return f"{d.number} ({d.id})" if d.number else d.id


def _listed(names: Sequence[str]) -> str:
    if not names:
        return "(none)"
    shown = ", ".join(names[:_MAX_LISTED])
    more = len(names) - _MAX_LISTED
    return f"{shown} and {more} more" if more > 0 else shown
