"""The register's SQLite file: opened safely, its schema versioned and migrated, every fault
of the file said as a located problem.

The file is marked as baocao's (``PRAGMA application_id``) and carries its schema version
(``PRAGMA user_version``). Opening to write applies the migrations it lacks, in one
transaction, under the write lock, so two processes opening a new register at once cannot
both create it. A file from a newer baocao is refused rather than misread; a SQLite file of
another program (another or no application_id with tables or a user_version of its own) is
refused rather than written into. WAL mode lets readers work while a batch is being ingested;
every wait for the lock is bounded.

Reading never writes: where the file and its folder can be written it is opened as writers
open it but ``query_only`` (so the -wal is folded back when the last one closes); elsewhere
read-only (``mode=ro``), so a register on a read-only share or copied from a CD is still
read; in a folder where even SQLite's shared-memory file cannot be made it is opened
``immutable`` (unless a ``-wal`` holds changes that this would miss). A register of
an older schema that cannot be written is migrated in memory for the read. Any fault of the
file while it is used — damaged, read-only, locked past the timeout, another program's — is a
located ``BaocaoError`` (exit 2), never a traceback: ``opened`` wraps every use.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from engine.errors import BaocaoError, Problem
from engine.register.db import Db, Location, ServerRegister

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION", "connect", "fault", "opened",
           "read_only"]

APPLICATION_ID = 0x62616F63  # "baoc"
BUSY_TIMEOUT_S = 120.0

# Migration n takes a register from version n to n + 1. Append; never edit a released one.
MIGRATIONS: Sequence[str] = (
    # 1: batches received, and every record as read (its fields, where each field was, what
    # reading found), in the order received. A record is the register's for its key (its id,
    # or file:line without one); another version of a known key is kept aside as a conflict.
    """
    CREATE TABLE ingests (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        tool_version TEXT NOT NULL,
        files TEXT NOT NULL,
        skipped TEXT NOT NULL,
        records_in INTEGER NOT NULL,
        added INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        conflicts INTEGER NOT NULL
    );
    CREATE TABLE entries (
        seq INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        conflict INTEGER NOT NULL DEFAULT 0,
        fingerprint TEXT NOT NULL,
        data TEXT NOT NULL,
        positions TEXT NOT NULL,
        read_problems TEXT NOT NULL,
        file TEXT NOT NULL,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        line INTEGER NOT NULL,
        ingest_id INTEGER NOT NULL REFERENCES ingests(id),
        status TEXT NOT NULL,
        reasons TEXT NOT NULL
    );
    CREATE UNIQUE INDEX entries_one_record_per_key ON entries(key) WHERE conflict = 0;
    CREATE UNIQUE INDEX entries_one_row_per_version ON entries(key, fingerprint);
    CREATE INDEX entries_by_ingest ON entries(ingest_id);
    """,
    # 2: values a record took from an option rather than its file (--recipient: the office
    # keeping a register of documents received), as a JSON object {field: value}; they count
    # in the record's identity and come back with it.
    """
    ALTER TABLE entries ADD COLUMN supplied TEXT NOT NULL DEFAULT '{}';
    """,
    # 3: decisions on a record's versions, append-only: 'replace' makes another version the
    # register's (``seq``; ``previous`` was), 'withdraw' makes the record stop counting (its
    # version stays, with the reason). ``upto``: the key's newest entry when decided — the
    # versions up to it are settled; a version received later waits for a decision again.
    """
    CREATE TABLE IF NOT EXISTS decisions (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('replace', 'withdraw')),
        seq INTEGER NOT NULL REFERENCES entries(seq),
        previous INTEGER NOT NULL REFERENCES entries(seq),
        upto INTEGER NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL,
        tool_version TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS decisions_by_key ON decisions(key, id);
    CREATE TRIGGER IF NOT EXISTS decisions_never_changed BEFORE UPDATE ON decisions
    BEGIN SELECT RAISE(ABORT, 'a decision is never changed'); END;
    CREATE TRIGGER IF NOT EXISTS decisions_never_deleted BEFORE DELETE ON decisions
    BEGIN SELECT RAISE(ABORT, 'a decision is never deleted'); END;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# SQLite's primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF) that are faults of
# the file or of its place, not of baocao.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, \
    14, 26
_ERROR = 1


def connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """An open, migrated register to write into. ``create``: make the file if it does not
    exist (ingest); otherwise a missing file is an error."""
    name = str(path)
    _check_path(path, create=create)
    try:
        db = sqlite3.connect(name, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise fault(path, exc, writing=True) from None
    try:
        db.execute("PRAGMA foreign_keys = ON")
        _migrate(db, name)
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")  # a new register, or a copy put back
    except BaseException as exc:
        db.close()
        if isinstance(exc, sqlite3.Error):
            raise fault(path, exc, writing=True) from None
        raise
    return db


def read_only(path: Path) -> sqlite3.Connection:
    """An open register to read, never written: ``mode=ro``; ``immutable`` where not even the
    shared-memory file can be made (a read-only folder); migrated in memory when its schema
    is older and the file cannot be migrated in place."""
    _check_path(path, create=False)
    try:
        db = _open_ro(path)
    except sqlite3.Error as exc:
        raise fault(path, exc, writing=False) from None
    try:
        app, version = _identity(db)
        _check_identity(db, str(path), app, version)
        if app == APPLICATION_ID and version == SCHEMA_VERSION:
            return db
        try:  # an older (or empty) register: migrate it in place, as writing would...
            connect(path, create=False).close()
        except BaocaoError as err:
            if not any(p.code == "register.read-only" for p in err.problems):
                raise
            memory = sqlite3.connect(":memory:", isolation_level=None)
            db.backup(memory)  # ...or, where it cannot be written, a copy in memory
            db.close()
            db = memory
            _migrate(db, str(path))
            return db
        db.close()
        return _open_ro(path)
    except BaseException as exc:
        db.close()
        if isinstance(exc, sqlite3.Error):
            raise fault(path, exc, writing=False) from None
        raise


@contextlib.contextmanager
def opened(path: Location, *, write: bool, create: bool = False) -> Iterator[Db]:
    """The register, open for one use (``write``: to change it; else read-only) and closed
    after; a fault of the file (or of the server) while it is used is a located problem."""
    if isinstance(path, ServerRegister):
        from engine.register import postgres

        with postgres.opened(path, write=write, create=create) as server:
            yield server
        return
    db = connect(path, create=create) if write else read_only(path)
    try:
        yield db
    except sqlite3.Error as exc:
        raise fault(path, exc, writing=write) from None
    finally:
        db.close()


def _check_path(path: Path, *, create: bool) -> None:
    name = str(path)
    if not path.exists() and not create:
        raise BaocaoError([Problem(name, 0, 0, "file.missing",
                                   "no such register; create it with 'baocao ingest FILES "
                                   f"--db {name}'")])
    if path.exists() and not path.is_file():
        raise BaocaoError([Problem(name, 0, 0, "register.not-a-register",
                                   "not a file: a register is one SQLite file")])
    if not path.exists() and not path.parent.is_dir():
        raise BaocaoError([Problem(name, 0, 0, "file.missing",
                                   f"no such folder {str(path.parent)!r} for the register")])


def _open_ro(path: Path) -> sqlite3.Connection:
    if _writable(path):
        # Where it can be written, opened as writers open it, to read only (query_only):
        # the last reader to close folds the -wal back and removes it, as a writer would.
        db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute("PRAGMA query_only = ON")
            return _checked(db)
        except sqlite3.OperationalError as exc:
            db.close()
            if _primary(exc) not in (_CANTOPEN, _READONLY):
                raise
    uri = path.resolve().as_uri()
    try:
        return _checked(sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S,
                                        isolation_level=None))
    except sqlite3.OperationalError as exc:
        if _primary(exc) != _CANTOPEN or _pending_wal(path):
            raise
    # A folder where SQLite cannot make the register's -shm (read-only, a CD, a share):
    # nothing can be writing it there either, and no -wal holds changes to miss.
    return _checked(sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True,
                                    isolation_level=None))


def _checked(db: sqlite3.Connection) -> sqlite3.Connection:
    """The connection, once it has read the file's header (a bad file fails here)."""
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        db.close()
        raise
    return db


def _pending_wal(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def _migrate(db: sqlite3.Connection, name: str) -> None:
    app, version = _identity(db)
    _check_identity(db, name, app, version)
    if app == APPLICATION_ID and version == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")  # the write lock: one process migrates
    try:
        app, version = _identity(db)
        _check_identity(db, name, app, version)
        for number in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[number]):
                db.execute(statement)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _statements(script: str) -> Iterator[str]:
    """A migration's statements, one by one (a trigger's body holds ';' of its own)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement.strip()
            statement = ""
    if statement.strip():
        yield statement.strip()


def _identity(db: sqlite3.Connection) -> tuple[int, int]:
    app = int(db.execute("PRAGMA application_id").fetchone()[0])
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    return app, version


def _check_identity(db: sqlite3.Connection, name: str, app: int, version: int) -> None:
    """A baocao register of a schema this baocao knows, or an empty SQLite file (a new
    register); anything else is refused, a newer baocao's register apart from another
    program's database."""
    if app == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise BaocaoError([Problem(
                name, 0, 0, "register.newer",
                f"this register has schema version {version}, written by a newer baocao; "
                f"this one knows up to version {SCHEMA_VERSION}: upgrade baocao",
                params={"version": version, "known": SCHEMA_VERSION})])
        return
    tables = int(db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    if app == 0 and version == 0 and not tables:
        return  # an empty file: a new register
    mark = (f"application_id {app:#x}" if app else
            f"no baocao mark, user_version {version}" if version else "no baocao mark")
    raise BaocaoError([Problem(name, 0, 0, "register.not-a-register",
                               f"this SQLite file is another program's database ({mark}), "
                               "not a baocao register; give another --db file",
                               params={"mark": mark, "variant": "foreign"})])


def _primary(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", -1)) & 0xFF


def fault(path: Path, exc: sqlite3.Error, *, writing: bool) -> BaocaoError:
    """A fault of the register's file, or of its place, as a located problem; baocao's own
    mistakes (an SQL error of its making, a broken constraint) are not turned into one."""
    name, text, code = str(path), str(exc), _primary(exc)
    if code == _NOTADB or "not a database" in text:
        return BaocaoError([Problem(name, 0, 0, "register.not-a-register",
                                    f"not a baocao register: not a SQLite database ({text})")])
    if code == _CORRUPT or "malformed" in text or (
            code == _ERROR and ("no such table" in text or "no such column" in text)):
        return BaocaoError([Problem(name, 0, 0, "register.damaged",
                                    f"the register is damaged ({text}); restore it from a "
                                    "copy made with 'baocao register backup'",
                                    params={"why": text})])
    if code in (_BUSY, _LOCKED) or "locked" in text:
        return BaocaoError([Problem(name, 0, 0, "register.busy",
                                    f"the register stayed locked by another baocao for "
                                    f"{BUSY_TIMEOUT_S:g} s; try again when it has finished",
                                    params={"seconds": f"{BUSY_TIMEOUT_S:g}"})])
    if code == _READONLY or (code == _CANTOPEN and writing and not _writable(path)):
        return BaocaoError([Problem(name, 0, 0, "register.read-only",
                                    "the register cannot be written here (a read-only file, or "
                                    "in a read-only folder: SQLite needs to make its -wal and "
                                    "-shm beside it); it can still be read (register list, "
                                    "check --db); to write, copy it with 'baocao register "
                                    "backup' to a folder you can write")])
    if code == _CANTOPEN and not writing and _pending_wal(path):
        return BaocaoError([Problem(name, 0, 0, "register.read-only",
                                    "the register cannot be read here: its -wal holds changes "
                                    "that cannot be read in a read-only folder; copy the .db "
                                    "with its -wal to a folder you can write",
                                    params={"variant": "pending-wal"})])
    if code == _FULL:
        return BaocaoError([Problem(name, 0, 0, "file.unwritable",
                                    f"cannot write the register: {text}")])
    if code in (_IOERR, _CANTOPEN) or (isinstance(exc, sqlite3.OperationalError)
                                       and code != _ERROR):
        return BaocaoError([Problem(name, 0, 0, "file.unreadable",
                                    f"cannot use the register: {text}", params={"why": text})])
    raise exc


def _writable(path: Path) -> bool:
    """Whether the register (or, for a new one, its folder) and its folder can be written;
    SQLite makes its -wal and -shm in the folder."""
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK)
