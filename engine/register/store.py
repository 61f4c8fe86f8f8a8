"""Ingesting a batch into the register, and reading everything received back.

A record is stored as it was read — its fields, where each one was, what reading found — so
that reading it back gives the very ``Record`` the file gave: ``check --db`` and
``check --submissions`` build the same submissions and reach the same verdicts. What is
stored about a record's state is codes (``status``, ``reasons``), never words, so one register
serves Vietnamese and English users.

Ingest is idempotent and never overwrites: a record whose key (its id, or file:line without
one) is new is added; the same content again adds nothing; a known key with other content is
a *conflict*, kept aside beside the register's record and reported. One batch is one
transaction (``BEGIN IMMEDIATE``): a batch killed half-way leaves the register as it was, and
two ingests at once take turns.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from engine.errors import Problem
from engine.model import FileRead, Reason, Skipped, Submission
from engine.register.db import Db, dialect
from engine.sources.located import Located, Position, RowPositions
from engine.submissions.fields import FIELDS
from engine.submissions.raw import Record
from engine.submissions.table import REPEATING as _REPEATING
from engine.time.dates import DateParseError, parse_date
from engine.time.periods import PeriodParseError, parse_period

__all__ = ["Conflict", "IngestReport", "Stored", "ingest", "read_back"]

_PROGRESS_EVERY = 5000


@dataclass(frozen=True)
class Conflict:
    """A record whose key the register already holds with other content."""

    key: str
    source: str  # file:line of the new version
    stored_source: str  # file:line of the register's record
    fields: tuple[str, ...]  # the fields that differ


@dataclass(frozen=True)
class IngestReport:
    ingest: int  # the batch's number in the register
    at: str
    records_in: int
    added: int
    unchanged: int
    conflicts: tuple[Conflict, ...]
    files: tuple[FileRead, ...]
    skipped: tuple[Skipped, ...]
    statuses: dict[str, int]  # of the records read: valid, invalid, unknown_unit


@dataclass(frozen=True)
class Stored:
    """One entry of the register, as ``register list`` and ``show`` see it."""

    seq: int
    key: str
    conflict: bool
    source: str
    ingest: int
    at: str
    status: str
    reasons: tuple[Reason, ...]
    data: dict[str, Any]  # as written
    supplied: dict[str, str]  # fields the record left blank, given by an option (--recipient)
    # "current" (counts), "withdrawn" (the current version of a withdrawn record), "conflict"
    # (another version waiting for a decision), "superseded" (settled by a decision)
    state: str = "current"
    version: int = 1  # the key's versions numbered in the order received


def supplied(record: Record) -> dict[str, str]:
    """The defaults a record takes (``Record.defaults``): those of the fields it leaves
    absent or blank."""
    data = record.located.data
    if not record.defaults or not isinstance(data, dict):
        return {}
    return {k: v for k, v in record.defaults if _blank(data.get(k))}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def key_of(record: Record) -> str:
    data = record.located.data
    ident = data.get("id") if isinstance(data, dict) else None
    if isinstance(ident, int) and not isinstance(ident, bool):
        ident = str(ident)
    if isinstance(ident, str) and ident.strip():
        return ident.strip()
    return source_key(record.source)


def source_key(source: str) -> str:
    """An id-less record is known by where it is: its file as one absolute path however it was
    typed (noid.csv, ./noid.csv, D:/so-den/noid.csv), its sheet, its line. (A register
    keyed before this change keeps its keys; an id column makes a record's key its own.)"""
    file, _, line = source.rpartition(":")
    sheet = ""
    if file.endswith("]") and "[" in file:
        file, _, name = file[:-1].rpartition("[")
        sheet = f"[{name}]"
    if not file or not line.isdigit() or not os.path.exists(file):
        return source  # standard input, or a label that is no path
    return f"{os.path.normcase(os.path.abspath(file))}{sheet}:{line}"


# json.dumps with any option besides the defaults makes a new encoder at every call: one each,
# made once (a batch of a million records encodes five texts a record)
_DATA = json.JSONEncoder(default=str)
_SORTED = json.JSONEncoder(sort_keys=True, default=str)


def fingerprint(record: Record, canon: Callable[[str, Any], Any] | None = None) -> str:
    """What makes two versions of a record the same: its fields
    (docs/design.md#submission-input), compared as
    read — whitespace and Unicode form aside, a date as the day it names, a period as its
    label — so a register re-exported as another format is still the same record. Extra
    columns (a note, the STT) are kept but are not the record's identity; a value given by an
    option for a field left blank (--recipient) is, as if written. ``canon``: ``_canon``, or
    a batch's ``_Canon`` remembering it per repeated value."""
    canon_of = canon or _canon
    data = record.located.data
    same: Any
    if not isinstance(data, dict):
        same = {"value": _norm(str(data))}
    else:
        same = {}
        given = supplied(record)
        for key in FIELDS:
            value = given.get(key, data.get(key))
            if _blank(value):
                continue
            same[key] = canon_of(key, value)
    return hashlib.sha256(_SORTED.encode(same).encode("ascii")).hexdigest()


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _canon(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value if isinstance(value, int | float | bool) else str(value)
    text = _norm(value)
    try:
        if key in ("submitted_on", "sent_on"):
            return parse_date(text).isoformat()
        if key == "period":
            return parse_period(text).label
    except (DateParseError, PeriodParseError, ValueError, OverflowError):
        pass
    return text


class _Canon:
    """``_canon`` of the fields whose values repeat (names, dates, periods, titles) worked
    out once per distinct value in a batch: a date or a period is parsed once, not once for
    each of the thousands of records that write it."""

    _LIMIT = 1 << 16  # values remembered: a register's titles may all differ

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], Any] = {}

    def __call__(self, key: str, value: Any) -> Any:
        if key not in _REPEATING or value.__class__ is not str:
            return _canon(key, value)
        found = self._known.get((key, value))
        if found is None:
            found = _canon(key, value)
            if len(self._known) < self._LIMIT:
                self._known[(key, value)] = found
        return found


_MARK = 987_654_321_012  # a line no file has: where a row's line goes in its positions' text


class _Positions:
    """The stored text of a record's positions. A table's rows differ only by their line:
    the text is made once per column map, with the line left as a gap (for a million rows,
    a dict of ten entries built and encoded twice each)."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[Mapping[str, int], list[str] | None]] = {}

    def __call__(self, located: Located) -> str:
        at, keys = located.positions, located.key_positions
        if isinstance(at, RowPositions) and keys is at:
            columns = at.columns
            found = self._known.get(id(columns))
            if found is None or found[0] is not columns:
                mark = RowPositions(_MARK, columns)
                parts = _positions_text(mark, mark).split(str(_MARK))
                # one gap for each position, twice: else the mark is in a column's name too
                found = self._known[id(columns)] = (
                    columns, parts if len(parts) == 2 * len(mark) + 1 else None)
            if found[1] is not None:
                return str(at.line).join(found[1])
        return _positions_text(at, keys)


def _positions_text(at: Mapping[str, Position], keys: Mapping[str, Position]) -> str:
    return json.dumps({"positions": dict(at), "keys": dict(keys)})


def _status(sub: Submission) -> tuple[str, list[dict[str, Any]]]:
    problems = (*sub.problems, *sub.unit_problems)
    status = "invalid" if sub.problems else "unknown_unit" if sub.unit_problems else "valid"
    return status, [_reason_json(r) for r in (*map(Reason.of, problems), *sub.notes)]


def _reason_json(reason: Reason) -> dict[str, Any]:
    return {"code": reason.code, "params": {k: list(v) if isinstance(v, tuple) else v
                                            for k, v in reason.params.items()}}


def _problem_json(p: Problem) -> dict[str, Any]:
    return {"file": p.file, "line": p.line, "column": p.column, "code": p.code,
            "message": p.message, "pointer": p.pointer, "params": _reason_json(
                Reason(p.code, p.params))["params"]}


def _params(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}


def ingest(
    db: Db,
    records: Sequence[Record],
    submissions: Sequence[Submission],
    files: Sequence[FileRead],
    skipped: Sequence[Skipped],
    version: str,
    progress: Callable[[str, int, int], None] | None = None,
) -> IngestReport:
    """Store one batch, in one transaction; see the module doc."""
    by_label = {f.label: f for f in files}
    at = datetime.now(UTC).isoformat(timespec="seconds")
    statuses = {"valid": 0, "invalid": 0, "unknown_unit": 0}
    added = unchanged = 0
    conflicts: list[Conflict] = []
    db.execute("BEGIN IMMEDIATE")
    try:
        cursor = db.execute(
            "INSERT INTO ingests (at, tool_version, files, skipped, records_in, added, "
            "unchanged, conflicts) VALUES (?, ?, ?, ?, ?, 0, 0, 0) RETURNING id",
            (at, version, json.dumps([_file_json(f) for f in files], ensure_ascii=False),
             json.dumps([{"path": s.path, "attention": s.attention,
                          "reason": _reason_json(s.reason)} for s in skipped],
                        ensure_ascii=False),
             len(records)))
        ingest_id = int(cursor.fetchone()[0])
        # bare Số đến keys (written before they carried their year): looked for once a batch,
        # so a register that has none pays nothing per record
        legacy = db.execute(_BARE_NUMBERS[dialect(db)]).fetchone() is not None
        canon, positions = _Canon(), _Positions()
        for n, (record, sub) in enumerate(zip(records, submissions, strict=True), start=1):
            status, reasons = _status(sub)
            statuses[status] += 1
            key, print_ = key_of(record), fingerprint(record, canon)
            for _ in range(2):  # again when another clerk's batch stored the key meanwhile
                stored = db.execute(
                    "SELECT fingerprint, file, line, data, supplied FROM entries WHERE key = ? "
                    "AND conflict = 0", (key,)).fetchone()
                known = (legacy and _rekeyed(db, record, key, print_) if stored is None
                         else stored[0] == print_ or _settled(db, key, print_))
                if known:
                    unchanged += 1
                elif stored is not None:
                    conflicts.append(Conflict(key, record.source, f"{stored[1]}:{stored[2]}",
                                              _differing(_with(json.loads(stored[3]),
                                                               json.loads(stored[4])),
                                                         _with(record.located.data,
                                                               supplied(record)))))
                    _insert(db, record, key, print_, True, ingest_id, status, reasons, by_label,
                            positions)
                elif _insert(db, record, key, print_, False, ingest_id, status, reasons,
                             by_label, positions):
                    added += 1
                else:
                    continue  # the unique key decided for the other batch: read it back
                break
            else:  # this very version is in the register already (kept aside): not added
                unchanged += 1
            if progress is not None and n % _PROGRESS_EVERY == 0:
                progress("store", n, len(records))
        db.execute("UPDATE ingests SET added = ?, unchanged = ?, conflicts = ? WHERE id = ?",
                   (added, unchanged, len(conflicts), ingest_id))
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return IngestReport(ingest_id, at, len(records), added, unchanged, tuple(conflicts),
                        tuple(files), tuple(skipped), statuses)


# a key that is a bare number ("012"): one written before Số đến carried its year
_BARE_NUMBERS = {
    "sqlite": "SELECT 1 FROM entries WHERE key GLOB '[0-9]*' AND key NOT GLOB '*[^0-9]*' LIMIT 1",
    "postgresql": "SELECT 1 FROM entries WHERE key ~ '^[0-9]+$' LIMIT 1",
}
_YEAR_NUMBER = re.compile(r"((?:19|20)\d\d)/(\d+)")


def _rekeyed(db: Db, record: Record, key: str, print_: str) -> bool:
    """A register ingested before Số đến was qualified by its year knows this record by its
    bare number ("012", its 2023 version kept aside as a conflict with 2022's "012"). The same
    record read again ("2023/012", the same fields) takes its new key, and the version that
    was kept aside because of the old key counts again. Never when a person has decided on
    the old key (its history stays under it)."""
    found = _YEAR_NUMBER.fullmatch(key)
    data = record.located.data
    if found is None or not isinstance(data, dict) or data.get("id") != key:
        return False
    bare = found[2]
    if db.execute("SELECT 1 FROM entries WHERE key = ?", (key,)).fetchone() is not None or \
            db.execute("SELECT 1 FROM decisions WHERE key = ?", (bare,)).fetchone() is not None:
        return False
    old = fingerprint(replace(record, located=replace(record.located, data={**data, "id": bare})))
    row = db.execute("SELECT seq, data FROM entries WHERE key = ? AND fingerprint = ?",
                     (bare, old)).fetchone()
    if row is None:
        return False
    written = json.loads(row[1])
    if isinstance(written, dict):
        written["id"] = key
    db.execute("UPDATE entries SET key = ?, fingerprint = ?, conflict = 0, data = ? "
               "WHERE seq = ?",
               (key, print_, _DATA.encode(written), row[0]))
    return True


def _settled(db: Db, key: str, print_: str) -> bool:
    """Whether this version of ``key`` was decided on already (replaced, or set aside by a
    replace): received again, it is known, not a conflict to decide once more."""
    row = db.execute("SELECT e.seq <= (SELECT max(upto) FROM decisions WHERE key = ?) "
                     "FROM entries e WHERE e.key = ? AND e.fingerprint = ?",
                     (key, key, print_)).fetchone()
    return bool(row and row[0])


def _decided(db: Db) -> dict[str, tuple[str, int]]:
    """Each decided key's last decision: (action, the newest entry it settled)."""
    return {key: (action, upto) for key, action, upto in db.execute(
        "SELECT key, action, upto FROM decisions d "
        "WHERE id = (SELECT max(id) FROM decisions WHERE key = d.key)")}


def _state(conflict: int, seq: int, decided: tuple[str, int] | None) -> str:
    if not conflict:
        return "withdrawn" if decided is not None and decided[0] == "withdraw" else "current"
    return "superseded" if decided is not None and seq <= decided[1] else "conflict"


def _with(data: Any, given: dict[str, str]) -> Any:
    """A record's fields with those given by an option filled in."""
    return {**data, **given} if isinstance(data, dict) and given else data


def _differing(stored: Any, new: Any) -> tuple[str, ...]:
    if not isinstance(stored, dict) or not isinstance(new, dict):
        return ("value",)
    return tuple(k for k in FIELDS if _canon(k, stored.get(k) or "") != _canon(k, new.get(k) or ""))


def _file_json(f: FileRead) -> dict[str, Any]:
    return {"label": f.label, "path": f.path, "format": f.format, "records": f.records,
            "encoding": f.encoding, "sheet": f.sheet, "header_row": f.header_row}


def _insert(db: Db, record: Record, key: str, print_: str, conflict: bool,
            ingest_id: int, status: str, reasons: list[dict[str, Any]],
            files: dict[str, FileRead], positions: _Positions) -> bool:
    """Whether it was stored: a version the register holds already (under the same key and
    fingerprint, or — between writers — the key's record another batch stored first) is
    left to the unique keys, which keep one."""
    located = record.located
    read = files.get(located.file)
    given = supplied(record)
    return db.execute(
        "INSERT INTO entries (key, conflict, fingerprint, data, positions, read_problems, "
        "file, path, format, line, ingest_id, status, reasons, supplied) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING seq",
        (key, int(conflict), print_,
         _DATA.encode(located.data),
         positions(located),
         json.dumps([_problem_json(p) for p in record.problems], ensure_ascii=True)
         if record.problems else "[]",
         located.file, read.path if read else located.file, read.format if read else "",
         record.line, ingest_id, status,
         json.dumps(reasons, ensure_ascii=True) if reasons else "[]",
         json.dumps(given, ensure_ascii=True) if given else "{}")).fetchone() is not None


def read_back(db: Db) -> tuple[list[Record], list[FileRead]]:
    """Every entry that counts or waits for a decision, in the order received: the records
    exactly as their files gave them (a conflicting version marked ``register.conflict``, so
    it is invalid and never counted), and one FileRead per file (or sheet) they came from.
    A withdrawn record, and a version a decision replaced or set aside, are not read.

    Held as compactly as a file's table holds them (``_Compact``): a register of a province
    is a million records, read whole before they are built."""
    records: list[Record] = []
    counts: dict[str, list[Any]] = {}
    # where the register's record of each conflicting key came from (conflicts are few)
    kept = dict(db.execute(
        "SELECT key, file || ':' || line FROM entries WHERE conflict = 0 AND key IN "
        "(SELECT key FROM entries WHERE conflict = 1)"))
    decided = _decided(db)
    compact = _Compact()
    rows = db.execute("SELECT seq, key, conflict, data, positions, read_problems, file, path, "
                      "format, line, supplied FROM entries ORDER BY seq")
    for seq, key, conflict, data, positions, read_problems, file, path, fmt, line, given \
            in rows:
        if _state(conflict, seq, decided.get(key)) in ("withdrawn", "superseded"):
            continue  # decided: a withdrawn record, a version replaced or set aside
        line = int(line)
        where, at_keys = compact.positions(positions, line)
        located = Located(compact.data(data), file, where, at_keys)
        problems = () if read_problems == "[]" else tuple(
            Problem(p["file"], p["line"], p["column"], p["code"], p["message"], p["pointer"],
                    _params(p["params"]))
            for p in json.loads(read_problems))
        if conflict:
            problems += (Problem(
                file, line, 1, "register.conflict",
                f"id {key!r} is already in the register with other content (from "
                f"{kept.get(key, '?')}); this version is kept aside, not counted",
                "/id", {"id": key, "stored": kept.get(key, "?")}),)
        defaults = () if given == "{}" else tuple(json.loads(given).items())
        records.append(Record(located, line, problems, defaults))
        entry = counts.setdefault(file, [path, fmt, 0])
        entry[2] += 1
    files = [FileRead(label, path, fmt or "register", n) for label, (path, fmt, n)
             in counts.items()]
    return records, files


class _Compact:
    """A stored record's fields and positions, read as a table's row is held
    (engine/submissions/table.py): the field names and the values that repeat (names,
    dates, periods) one string each, and a row's positions as its line and a column map
    shared by every row of the same columns (``RowPositions``), not two dicts of tuples per
    record (five times the memory of the file's own table)."""

    _LIMIT = 4096  # column maps remembered (a register holds a handful of layouts)

    def __init__(self) -> None:
        self._shared: dict[str, str] = {}
        self._columns: dict[tuple[tuple[str, int], ...], dict[str, int]] = {}
        # a row's stored positions with its line written L: the same text is the same row
        # shape, known without parsing it again (a third of reading a register)
        self._rows: dict[str, dict[str, int]] = {}

    def data(self, text: str) -> Any:
        data = json.loads(text)
        if not isinstance(data, dict):
            return data
        # the field names too: each record's JSON gives its own strings for them, eight
        # names of some fifty bytes a record (400 MB in a register of a million)
        shared = self._shared
        return {shared.setdefault(k, k): shared.setdefault(v, v)
                if k in _REPEATING and v.__class__ is str else v for k, v in data.items()}

    def positions(self, text: str, line: int
                  ) -> tuple[Mapping[str, Position], Mapping[str, Position]]:
        shape = text.replace(f"[{line}, ", "[L, ")  # every position's line, none of its column
        known = self._rows.get(shape)
        if known is not None:
            row = RowPositions(line, known)
            return row, row
        where = json.loads(text)
        values: dict[str, list[int]] = where["positions"]
        if where["keys"] == values and values.get("") == [line, 1] and all(
                len(at) == 2 and at[0] == line for at in values.values()):
            layout = tuple((k, at[1]) for k, at in values.items() if k)
            columns = self._columns.get(layout)
            if columns is None:
                columns = dict(layout)
                if len(self._columns) < self._LIMIT:
                    self._columns[layout] = columns
            if next(iter(values)) == "":  # the row itself first, as RowPositions lists it
                if len(self._rows) < self._LIMIT:
                    self._rows[shape] = columns
                row = RowPositions(line, columns)
                return row, row
        stored: dict[str, Any] = {k: tuple(v) for k, v in values.items()}
        return stored, {k: tuple(v) for k, v in where["keys"].items()}


def entries(db: Db, *, conflicts_only: bool = False,
            key: str | None = None) -> list[Stored]:
    """Entries of the register in the order received, for listing and showing."""
    return list(iter_entries(db, conflicts_only=conflicts_only, key=key))


def iter_entries(db: Db, *, conflicts_only: bool = False,
                 key: str | None = None) -> Iterator[Stored]:
    """``entries`` one at a time: a province's register is a million of them."""
    query = ("SELECT e.seq, e.key, e.conflict, e.file, e.line, e.ingest_id, i.at, e.status, "
             "e.reasons, e.data, e.supplied, (SELECT count(*) FROM entries v WHERE v.key = e.key "
             "AND v.seq <= e.seq) FROM entries e JOIN ingests i ON i.id = e.ingest_id")
    where, args = [], []
    if conflicts_only:
        where.append("e.conflict = 1")
    if key is not None:
        where.append("e.key = ?")
        args.append(key)
    if where:
        query += " WHERE " + " AND ".join(where)
    query += " ORDER BY e.seq"
    decided = _decided(db)
    for seq, k, conflict, file, line, ingest_id, at, status, reasons, data, given, version \
            in db.execute(query, args):
        state = _state(conflict, seq, decided.get(k))
        if conflicts_only and state != "conflict":
            continue
        yield Stored(seq, k, bool(conflict), f"{file}:{line}", ingest_id, at, status,
                     tuple(Reason(r["code"], _params(r["params"])) for r in json.loads(reasons)),
                     json.loads(data), json.loads(given), state, version)


def entry_counts(db: Db, *, conflicts_only: bool = False) -> tuple[int, int]:
    """How many entries ``iter_entries`` gives, and of how many records (distinct keys):
    a listing's title, before its first line."""
    if not conflicts_only:
        total, records = db.execute("SELECT count(*), count(DISTINCT key) FROM entries"
                                    ).fetchone()
        return int(total), int(records)
    decided = _decided(db)
    kept = [k for seq, k, conflict in db.execute(
        "SELECT seq, key, conflict FROM entries WHERE conflict = 1 ORDER BY seq")
        if _state(conflict, seq, decided.get(k)) == "conflict"]
    return len(kept), len(set(kept))


@dataclass(frozen=True)
class IngestRow:
    """One batch received, as ``register list --ingests`` shows it."""

    id: int
    at: str
    tool_version: str
    files: tuple[str, ...]
    records_in: int
    added: int
    unchanged: int
    conflicts: int


def ingests(db: Db) -> list[IngestRow]:
    return [
        IngestRow(i, at, version, tuple(f["label"] for f in json.loads(files)), n, a, u, c)
        for i, at, version, files, n, a, u, c in db.execute(
            "SELECT id, at, tool_version, files, records_in, added, unchanged, conflicts "
            "FROM ingests ORDER BY id")
    ]
