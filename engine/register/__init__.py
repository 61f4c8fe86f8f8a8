"""The register: every report received so far, in one SQLite file (standard library sqlite3)
or in a database on a PostgreSQL server (``postgres``, psycopg 3), with the same semantics.

``ingest`` stores a batch (idempotent, conflicts kept aside, one transaction per batch);
``read`` gives everything back as the records the files gave, to be checked exactly like
files; ``entries`` and ``ingests`` browse it; ``copy`` moves a register between a file and a
server. The schema is versioned and migrated (``schema``, ``postgres``); the rest is in
``store``, written once for both (``db``). sqlite3 and psycopg are used in this package only.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from engine.errors import BaocaoError, Problem
from engine.model import FileRead
from engine.register import decisions, schema, store
from engine.register.db import Db, Location, ServerRegister, location
from engine.register.decisions import Decision, History, Version
from engine.register.store import Conflict, IngestReport, IngestRow, Stored
from engine.rulebook import RuleBook
from engine.submissions import build_all
from engine.submissions.raw import Record
from engine.submissions.reading import read_batch

__all__ = ["Conflict", "Decision", "History", "IngestReport", "IngestRow", "Location",
           "ServerRegister", "Snapshot", "Stored", "Version", "backup", "copy", "entries",
           "history", "ingest", "ingests", "location", "read", "replace", "snapshot",
           "withdraw"]

Progress = Callable[[str, int, int], None]


def ingest(
    paths: Sequence[Path], book: RuleBook, db_path: Location, version: str,
    progress: Progress | None = None, defaults: Mapping[str, str] | None = None,
) -> IngestReport:
    """Read ``paths`` (every file accounted for, as ``validate`` does) and store the batch.
    ``defaults``: values for fields the records leave blank (--recipient), stored with
    each record they fill."""
    records, files, skipped = read_batch(paths, progress, defaults=defaults)
    submissions = build_all(records, book.registry, book.directives, progress)
    with schema.opened(db_path, write=True, create=True) as db:
        return store.ingest(db, records, submissions, files, skipped, version, progress)


def read(db_path: Location) -> tuple[list[Record], list[FileRead]]:
    """Everything received so far, records and conflicts in the order received, exactly as
    their files gave them (built as a batch is, a conflict's later version gets
    ``record.duplicate-id``). Its queries (the records, the decisions, where each conflict's
    original came from) see the register at one moment."""
    with _one_read(db_path) as db:
        return store.read_back(db)


def entries(db_path: Location, *, conflicts_only: bool = False,
            key: str | None = None) -> list[Stored]:
    with schema.opened(db_path, write=False) as db:
        return store.entries(db, conflicts_only=conflicts_only, key=key)


def ingests(db_path: Location) -> list[IngestRow]:
    with schema.opened(db_path, write=False) as db:
        return store.ingests(db)


def backup(db_path: Location, target: Path, *, force: bool = False) -> int:
    """A consistent copy of the register in ``target`` — what its ``-wal`` holds included —
    made with SQLite's backup API from one read snapshot (an ingest under way is either all
    in it or not at all), written beside ``target`` and then renamed onto it, so no half
    copy is ever left under its name. An existing ``target`` is refused unless ``force``;
    the register itself (or its -wal, -shm) always is. Returns the records copied."""
    name = str(target)
    if _same_file(db_path, target):
        raise BaocaoError([Problem(name, 0, 0, "register.backup-self",
                                   "this is the register itself: give the copy another name",
                                   params={"db": str(db_path)})])
    if target.exists() and not target.is_file():
        raise BaocaoError([Problem(name, 0, 0, "register.backup-exists",
                                   "a folder has this name: give the copy a file name")])
    if target.exists() and not force:
        raise BaocaoError([Problem(name, 0, 0, "register.backup-exists",
                                   "this file exists already; give another name, or --force "
                                   "to replace it")])
    if isinstance(db_path, ServerRegister):  # the server's register, as one file
        return _copy_to_file(db_path, target)
    with schema.opened(db_path, write=False) as db:
        try:
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                                 dir=target.parent)
            os.close(handle)
        except OSError as err:
            raise BaocaoError([Problem(name, 0, 0, "file.unwritable",
                                       f"cannot write the copy: {err.strerror or err}",
                                       params={"why": str(err.strerror or err)})]) from None
        try:
            copy = sqlite3.connect(temporary, isolation_level=None)
            try:
                assert isinstance(db, sqlite3.Connection)
                db.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")  # one file, nothing beside it
                records = int(copy.execute("SELECT count(*) FROM entries").fetchone()[0])
            finally:
                copy.close()
            os.replace(temporary, target)
        except sqlite3.Error as exc:
            raise schema.fault(target, exc, writing=True) from None
        except OSError as err:
            raise BaocaoError([Problem(name, 0, 0, "file.unwritable",
                                       f"cannot write the copy: {err.strerror or err}",
                                       params={"why": str(err.strerror or err)})]) from None
        finally:
            with contextlib.suppress(OSError):
                Path(temporary).unlink()
    return records


def _same_file(db_path: Location, target: Path) -> bool:
    """Whether ``target`` is the register or one of the files SQLite keeps beside it."""
    if isinstance(db_path, ServerRegister):
        return False
    if target.exists() and db_path.exists():
        with contextlib.suppress(OSError):
            if os.path.samefile(db_path, target):
                return True
    names = {str(db_path.resolve()) + suffix for suffix in ("", "-wal", "-shm", "-journal")}
    return os.path.normcase(str(target.resolve())) in {os.path.normcase(n) for n in names}


def replace(db_path: Location, key: str, version: int | None, reason: str, tool: str) -> Decision:
    """Make a version of ``key`` the register's (default: the newest waiting for a decision);
    see ``decisions``."""
    with schema.opened(db_path, write=True) as db:
        return decisions.replace(db, str(db_path), key, version, reason, tool)


def withdraw(db_path: Location, key: str, reason: str, tool: str) -> Decision:
    """Make the record ``key`` stop counting, kept with ``reason``."""
    with schema.opened(db_path, write=True) as db:
        return decisions.withdraw(db, str(db_path), key, reason, tool)


def history(db_path: Location, key: str) -> History:
    """Every version of ``key`` and every decision on it."""
    with schema.opened(db_path, write=False) as db:
        return decisions.history(db, str(db_path), key)


# The tables of a register and their columns, in the order a copy writes them (references
# first). The same in both stores (schema.MIGRATIONS, postgres.MIGRATIONS).
_TABLES = (
    ("ingests", ("id", "at", "tool_version", "files", "skipped", "records_in", "added",
                 "unchanged", "conflicts")),
    ("entries", ("seq", "key", "conflict", "fingerprint", "data", "positions", "read_problems",
                 "file", "path", "format", "line", "ingest_id", "status", "reasons",
                 "supplied")),
    ("decisions", ("id", "key", "action", "seq", "previous", "upto", "reason", "at",
                   "tool_version")),
)


def copy(source: Location, target: Location) -> int:
    """Every batch, record, version and decision of ``source`` into ``target``, row for row
    (numbers kept), from one read snapshot and in one transaction: an office moving its
    register from a file to its server, or back. ``target`` must be a new or empty register
    (a file that does not exist yet, or an empty database). Returns the records copied."""
    if isinstance(target, Path):
        if target.exists():
            raise BaocaoError([Problem(str(target), 0, 0, "register.copy-not-empty",
                                       "this file exists already: a copy goes into a new "
                                       "register; give another name",
                                       params={"variant": "file"})])
        return _copy_to_file(source, target)
    rows = _snapshot(source)
    with schema.opened(target, write=True, create=True) as db:
        if db.execute("SELECT count(*) FROM ingests").fetchone()[0]:
            raise BaocaoError([Problem(str(target), 0, 0, "register.copy-not-empty",
                                       "this register holds batches already: a copy goes into "
                                       "a new, empty register", params={"variant": "server"})])
        # the numbers copied are kept: the next batch, entry and decision follow them
        _write(db, rows, [
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
            f"(SELECT coalesce(max({column}), 0) + 1 FROM {table}), false)"
            for table, column in (("ingests", "id"), ("entries", "seq"), ("decisions", "id"))])
    return len(rows["entries"])


def _snapshot(source: Location) -> dict[str, list[tuple[object, ...]]]:
    """Every row of ``source``'s tables, read in one transaction (a batch being stored is
    either all in it or not at all)."""
    with _one_read(source) as db:
        return {table: list(db.execute(f"SELECT {', '.join(columns)} FROM {table} "
                                       f"ORDER BY {columns[0]}"))
                for table, columns in _TABLES}


@contextlib.contextmanager
def _one_read(source: Location) -> Iterator[Db]:
    """The register open to read, every query in one transaction: they all see it as it
    was at the first (a batch being stored is either all in it or not at all)."""
    with schema.opened(source, write=False) as db:
        server = isinstance(source, ServerRegister)
        db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ" if server else "BEGIN")
        try:
            yield db
        finally:
            db.execute("COMMIT")


class Snapshot:
    """The register as it was when opened (``snapshot``), read entry by entry as often as
    a listing needs: its count for the title, then its lines; an export's columns, then its
    rows. A province's register is a million entries, never held at once."""

    def __init__(self, db: Db) -> None:
        self._db = db

    def entries(self, *, conflicts_only: bool = False) -> Iterator[Stored]:
        return store.iter_entries(self._db, conflicts_only=conflicts_only)

    def counts(self, *, conflicts_only: bool = False) -> tuple[int, int]:
        """(entries, records): as many entries as ``entries`` gives, of so many records."""
        return store.entry_counts(self._db, conflicts_only=conflicts_only)


@contextlib.contextmanager
def snapshot(source: Location) -> Iterator[Snapshot]:
    with _one_read(source) as db:
        yield Snapshot(db)


def _write(db: Db, rows: dict[str, list[tuple[object, ...]]], then: Sequence[str] = ()
           ) -> None:
    """Every row, and the statements ``then``, in one transaction."""
    execute = db.execute
    execute("BEGIN IMMEDIATE")
    try:
        for table, columns in _TABLES:
            marks = ", ".join("?" for _ in columns)
            for row in rows[table]:
                execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", row)
        for statement in then:
            execute(statement)
        execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            execute("ROLLBACK")
        raise


def _copy_to_file(source: Location, target: Path) -> int:
    """``source`` into a new SQLite file, written beside ``target`` and renamed onto it."""
    rows = _snapshot(source)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=target.parent)
        os.close(handle)
        Path(temporary).unlink()  # SQLite makes it, as a new register
    except OSError as err:
        raise _unwritable(target, err) from None
    try:
        with schema.opened(Path(temporary), write=True, create=True) as db:
            _write(db, rows)
            db.execute("PRAGMA journal_mode = DELETE")  # one file, nothing beside it
        os.replace(temporary, target)
    except OSError as err:
        raise _unwritable(target, err) from None
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(OSError):
                Path(temporary + suffix).unlink()
    return len(rows["entries"])


def _unwritable(target: Path, err: OSError) -> BaocaoError:
    why = str(err.strerror or err)
    return BaocaoError([Problem(str(target), 0, 0, "file.unwritable",
                                f"cannot write the copy: {why}", params={"why": why})])
