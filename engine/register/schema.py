"""The register's SQLite file: opened safely, its schema versioned and migrated.

The file is marked as baocao's (``PRAGMA application_id``) and carries its schema version
(``PRAGMA user_version``). Opening applies the migrations it lacks, in one transaction, under
the write lock, so two processes opening a new register at once cannot both create it. A file
from a newer baocao is refused rather than misread; a file that is not a register is refused
rather than written into. WAL mode lets readers work while a batch is being ingested; every
wait for the lock is bounded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from engine.errors import BaocaoError, Problem

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION", "connect"]

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
)
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """An open, migrated register. ``create``: make the file if it does not exist (ingest);
    otherwise a missing file is an error (check, register)."""
    name = str(path)
    if not path.exists() and not create:
        raise BaocaoError([Problem(name, 0, 0, "file.missing",
                                   "no such register; create it with 'baocao ingest FILES "
                                   f"--db {name}'")])
    if path.exists() and not path.is_file():
        raise BaocaoError([Problem(name, 0, 0, "register.not-a-register",
                                   "not a file: a register is one SQLite file")])
    try:
        db = sqlite3.connect(name, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise _error(name, exc) from None
    try:
        db.execute("PRAGMA foreign_keys = ON")
        _migrate(db, name)
    except BaocaoError:
        db.close()
        raise
    except sqlite3.Error as exc:
        db.close()
        raise _error(name, exc) from None
    return db


def _migrate(db: sqlite3.Connection, name: str) -> None:
    app, version = _identity(db)
    if app == APPLICATION_ID and version == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")  # the write lock: one process migrates
    try:
        app, version = _identity(db)
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app != APPLICATION_ID and (app != 0 or tables):
            raise BaocaoError([Problem(name, 0, 0, "register.not-a-register",
                                       "this SQLite file is not a baocao register; give "
                                       "another --db file")])
        if version > SCHEMA_VERSION:
            raise BaocaoError([Problem(
                name, 0, 0, "register.newer",
                f"this register has schema version {version}, written by a newer baocao; "
                f"this one knows up to version {SCHEMA_VERSION}: upgrade baocao",
                params={"version": version, "known": SCHEMA_VERSION})])
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number].split(";"):
                if statement.strip():
                    db.execute(statement)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("PRAGMA journal_mode = WAL")


def _identity(db: sqlite3.Connection) -> tuple[int, int]:
    app = int(db.execute("PRAGMA application_id").fetchone()[0])
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    return app, version


def _error(name: str, exc: sqlite3.Error) -> BaocaoError:
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return BaocaoError([Problem(name, 0, 0, "register.not-a-register",
                                    f"not a baocao register ({text})")])
    if "locked" in text or "busy" in text:
        return BaocaoError([Problem(name, 0, 0, "register.busy",
                                    f"the register stayed locked by another baocao for "
                                    f"{BUSY_TIMEOUT_S:.0f} s; try again when it has finished")])
    return BaocaoError([Problem(name, 0, 0, "file.unreadable", f"cannot use the register: {text}")])
