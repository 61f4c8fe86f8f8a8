"""The register: every report received so far, in one SQLite file (standard library sqlite3).

``ingest`` stores a batch (idempotent, conflicts kept aside, one transaction per batch);
``read`` gives everything back as the records the files gave, to be checked exactly like
files; ``entries`` and ``ingests`` browse it. The file's schema is versioned and migrated
(``schema``); the rest is in ``store``. sqlite3 is used in this package only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from engine.model import FileRead
from engine.register import schema, store
from engine.register.store import Conflict, IngestReport, IngestRow, Stored
from engine.rulebook import RuleBook
from engine.submissions import build_all
from engine.submissions.raw import Record
from engine.submissions.reading import read_batch

__all__ = ["Conflict", "IngestReport", "IngestRow", "Stored", "entries", "ingest", "ingests",
           "read"]

Progress = Callable[[str, int, int], None]


def ingest(
    paths: Sequence[Path], book: RuleBook, db_path: Path, version: str,
    progress: Progress | None = None, defaults: Mapping[str, str] | None = None,
) -> IngestReport:
    """Read ``paths`` (every file accounted for, as ``validate`` does) and store the batch.
    ``defaults``: values for fields the records leave blank (--recipient), stored with
    each record they fill."""
    records, files, skipped = read_batch(paths, progress, defaults=defaults)
    submissions = build_all(records, book.registry, book.directives, progress)
    with schema.opened(db_path, write=True, create=True) as db:
        return store.ingest(db, records, submissions, files, skipped, version, progress)


def read(db_path: Path) -> tuple[list[Record], list[FileRead]]:
    """Everything received so far, records and conflicts in the order received, exactly as
    their files gave them (built as a batch is, a conflict's later version gets
    ``record.duplicate-id``)."""
    with schema.opened(db_path, write=False) as db:
        return store.read_back(db)


def entries(db_path: Path, *, conflicts_only: bool = False,
            key: str | None = None) -> list[Stored]:
    with schema.opened(db_path, write=False) as db:
        return store.entries(db, conflicts_only=conflicts_only, key=key)


def ingests(db_path: Path) -> list[IngestRow]:
    with schema.opened(db_path, write=False) as db:
        return store.ingests(db)
