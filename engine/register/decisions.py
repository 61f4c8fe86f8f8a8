"""Corrections with history: deciding between a record's versions, and what was decided.

A record is known by its key. A corrected version received later ("Sở Tài chánh" fixed to
"Sở Tài chính" in Excel) is a conflict, kept aside; ``replace`` makes it the register's
version (the newest waiting one, or any version named by its number), ``withdraw`` makes
the record stop counting. Nothing is ever overwritten or deleted: every version stays in
``entries``, every decision is appended to ``decisions`` (which refuses updates and deletes),
each with when, with which baocao and why; ``history`` gives all of it back.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from engine.errors import BaocaoError, Problem
from engine.register.db import Db
from engine.register.store import _decided, _differing, _state, _with

__all__ = ["Decision", "History", "Version", "history", "replace", "withdraw"]


@dataclass(frozen=True)
class Version:
    """One version of a record, as received."""

    number: int  # 1, 2, ... in the order received
    ingest: int
    at: str  # when its batch was ingested (ISO, UTC)
    source: str  # file:line
    state: str  # current, withdrawn, conflict, superseded
    changed: tuple[str, ...]  # the fields that differ from the version before it
    data: dict[str, Any]
    supplied: dict[str, str]


@dataclass(frozen=True)
class Decision:
    """One decision on a record: 'replace' (``version`` became the register's, instead of
    ``previous``) or 'withdraw' (the record, at ``version``, stopped counting)."""

    number: int
    key: str
    action: str
    version: int
    previous: int
    reason: str
    at: str  # ISO, UTC
    tool_version: str


@dataclass(frozen=True)
class History:
    key: str
    state: str  # of the record: current or withdrawn
    versions: tuple[Version, ...]
    decisions: tuple[Decision, ...]


_Version = tuple[int, int, str, int]  # seq, conflict, fingerprint, ingest


def _versions(db: Db, key: str) -> list[_Version]:
    """(seq, conflict, fingerprint, ingest) of each version of ``key``, in the order received."""
    return list(db.execute("SELECT seq, conflict, fingerprint, ingest_id FROM entries "
                           "WHERE key = ? ORDER BY seq", (key,)))


def _unknown(name: str, key: str) -> BaocaoError:
    return BaocaoError([Problem(name, 0, 0, "register.unknown-id",
                                f"no record {key!r} in the register; 'baocao register list' "
                                "lists them", params={"id": key})])


def replace(db: Db, name: str, key: str, version: int | None, reason: str,
            tool: str) -> Decision:
    """Make ``version`` (default: the newest version waiting for a decision) the register's
    version of ``key``; the one it replaces, and every other version received so far, are
    settled. A withdrawn record is reinstated at the version chosen."""
    with _deciding(db, name, key) as (versions, decided, current):
        if version is None:
            waiting = [n for n, (seq, conflict, _, _) in enumerate(versions, 1)
                       if _state(conflict, seq, decided) == "conflict"]
            if not waiting:
                raise BaocaoError([Problem(
                    name, 0, 0, "register.no-version",
                    f"no other version of {key!r} waits for a decision; name one with "
                    f"--version N ('baocao register history {key}' lists them)",
                    params={"id": key})])
            version = waiting[-1]
        if not 1 <= version <= len(versions):
            raise BaocaoError([Problem(
                name, 0, 0, "register.unknown-version",
                f"{key!r} has no version {version}; it has versions 1 to {len(versions)} "
                f"('baocao register history {key}')",
                params={"id": key, "version": version, "count": len(versions)})])
        withdrawn = decided is not None and decided[0] == "withdraw"
        if version == current and not withdrawn:
            raise BaocaoError([Problem(
                name, 0, 0, "register.already-current",
                f"version {version} is already the register's version of {key!r}",
                params={"id": key, "version": version})])
        chosen, old = versions[version - 1][0], versions[current - 1][0]
        if chosen != old:
            db.execute("UPDATE entries SET conflict = 1 WHERE seq = ?", (old,))
            db.execute("UPDATE entries SET conflict = 0 WHERE seq = ?", (chosen,))
        decision = _append(db, key, "replace", chosen, old, versions[-1][0], reason, tool)
    return _decision(decision, key, "replace", version, current, reason, tool)


def withdraw(db: Db, name: str, key: str, reason: str, tool: str) -> Decision:
    """Make the record ``key`` stop counting; it stays in the register with ``reason``."""
    with _deciding(db, name, key) as (versions, decided, current):
        if decided is not None and decided[0] == "withdraw":
            raise BaocaoError([Problem(
                name, 0, 0, "register.withdrawn",
                f"{key!r} is withdrawn already ('baocao register history {key}'); 'baocao "
                f"register replace {key} --version N' reinstates a version",
                params={"id": key})])
        seq = versions[current - 1][0]
        # a withdrawal settles nothing: a version waiting for a decision still waits
        upto = max([0, *(d for (d,) in db.execute(
            "SELECT upto FROM decisions WHERE key = ?", (key,)))])
        decision = _append(db, key, "withdraw", seq, seq, upto, reason, tool)
    return _decision(decision, key, "withdraw", current, current, reason, tool)


@contextlib.contextmanager
def _deciding(db: Db, name: str, key: str
              ) -> Iterator[tuple[list[_Version], tuple[str, int] | None, int]]:
    """One decision on ``key``, under the write lock: its versions, the decision in force and
    the number of the register's version; committed whole, or rolled back."""
    db.execute("BEGIN IMMEDIATE")
    try:
        versions = _versions(db, key)
        if not versions:
            raise _unknown(name, key)
        current = next(n for n, (_, conflict, _, _) in enumerate(versions, 1) if not conflict)
        yield versions, _decided(db).get(key), current
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _append(db: Db, key: str, action: str, seq: int, previous: int, upto: int,
            reason: str, tool: str) -> tuple[int, str]:
    at = datetime.now(UTC).isoformat(timespec="seconds")
    cursor = db.execute("INSERT INTO decisions (key, action, seq, previous, upto, reason, at, "
                        "tool_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        (key, action, seq, previous, upto, reason, at, tool))
    return int(cursor.fetchone()[0]), at


def _decision(made: tuple[int, str], key: str, action: str, version: int, previous: int,
              reason: str, tool: str) -> Decision:
    return Decision(made[0], key, action, version, previous, reason, made[1], tool)


def history(db: Db, name: str, key: str) -> History:
    """Every version of ``key`` as received and every decision on it, in order."""
    rows = list(db.execute(
        "SELECT e.seq, e.conflict, e.ingest_id, i.at, e.file, e.line, e.data, e.supplied "
        "FROM entries e JOIN ingests i ON i.id = e.ingest_id WHERE e.key = ? ORDER BY e.seq",
        (key,)))
    if not rows:
        raise _unknown(name, key)
    decided = _decided(db).get(key)
    number = {seq: n for n, (seq, *_) in enumerate(rows, 1)}
    versions: list[Version] = []
    before: Any = None
    for seq, conflict, ingest, at, file, line, data, given in rows:
        fields = _with(json.loads(data), json.loads(given))
        changed = _differing(before, fields) if before is not None else ()
        versions.append(Version(number[seq], ingest, at, f"{file}:{line}",
                                _state(conflict, seq, decided), changed, json.loads(data),
                                json.loads(given)))
        before = fields
    decisions = tuple(
        Decision(n, key, action, number.get(seq, 0), number.get(previous, 0), reason, at, tool)
        for n, action, seq, previous, reason, at, tool in db.execute(
            "SELECT id, action, seq, previous, reason, at, tool_version FROM decisions "
            "WHERE key = ? ORDER BY id", (key,)))
    state = "withdrawn" if decided is not None and decided[0] == "withdraw" else "current"
    return History(key, state, tuple(versions), decisions)
