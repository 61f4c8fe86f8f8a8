"""Where a register is, and the one connection interface both stores give.

A register is a SQLite file (``Path``) or a database on a PostgreSQL server
(``ServerRegister``, from ``--db postgresql://…``). ``store`` and ``decisions`` are written
once, against ``Db``: SQL with ``?`` parameters kept portable (``INSERT … ON CONFLICT DO
NOTHING``, ``RETURNING``), a transaction opened with ``BEGIN IMMEDIATE`` (SQLite's write
lock; a plain ``BEGIN`` on the server, where the unique keys decide between writers).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

__all__ = ["Cursor", "Db", "Location", "ServerRegister", "dialect", "location"]

_SCHEMES = ("postgresql://", "postgres://")


class Cursor(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Db(Protocol):
    """What ``store`` and ``decisions`` use of a connection: sqlite3's, or the server's."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...

    @property
    def in_transaction(self) -> bool: ...


@dataclass(frozen=True)
class ServerRegister:
    """A register kept in a PostgreSQL database; shown without its password."""

    url: str

    def __str__(self) -> str:
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


Location = Path | ServerRegister


def location(text: str | Path) -> Location:
    """``--db``'s value: a PostgreSQL URL, else a file name."""
    if isinstance(text, str) and text.startswith(_SCHEMES):
        return ServerRegister(text)
    return Path(text)


def dialect(db: Db) -> str:
    return str(getattr(db, "dialect", "sqlite"))


_PLACEHOLDER = re.compile(r"\?")


def server_sql(sql: str) -> str:
    """SQLite's SQL as the server reads it: ``?`` parameters become ``%s``; BEGIN IMMEDIATE
    (SQLite's write lock) a plain BEGIN."""
    if sql.strip().upper() == "BEGIN IMMEDIATE":
        return "BEGIN"
    return _PLACEHOLDER.sub("%s", sql)
