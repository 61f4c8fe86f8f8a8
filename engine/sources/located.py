"""Loaded data that remembers where every node was written, for compiler-style messages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.errors import Param, Problem

Position = tuple[int, int]

# No field of any file baocao reads holds an integer this long; Python itself refuses to
# convert one of more than 4,300 digits (a denial-of-service guard), so longer ones must be
# refused, located, before that.
MAX_INT_DIGITS = 100


def surrogate_in(text: str) -> str | None:
    """The first lone surrogate of ``text`` (half of a UTF-16 pair, not a character), as
    ``\\udXXX``: JSON's ``"\\ud800"`` decodes to one, and no output can encode it."""
    found = _SURROGATE.search(text)
    return None if found is None else f"\\u{ord(found[0]):04x}"


_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class Located:
    """Loaded data plus the 1-based (line, column) of every node, keyed by JSON pointer.

    ``key_positions`` holds where a mapping *key* was written (messages about an unknown
    or duplicate field point there rather than at the value).
    """

    data: Any
    file: str
    positions: Mapping[str, Position]
    key_positions: Mapping[str, Position] = field(default_factory=dict)

    def where(self, pointer: str) -> Position:
        """Position of the node at ``pointer``, or of its nearest located parent
        ((0, 0) for data built in code, which has no positions)."""
        probe = pointer
        while probe not in self.positions:
            if not probe:
                return (0, 0)
            probe = probe.rsplit("/", 1)[0]
        return self.positions[probe]

    def where_key(self, pointer: str) -> Position:
        """Position of the key that introduces ``pointer`` (its value's position otherwise)."""
        return self.key_positions.get(pointer) or self.where(pointer)

    def problem(self, pointer: str, code: str, message: str, *, key: bool = False,
                **params: Param) -> Problem:
        """A Problem located at ``pointer`` in this file (``params``: what a message in
        another language needs)."""
        line, column = self.where_key(pointer) if key else self.where(pointer)
        return Problem(self.file, line, column, code, message, pointer, params)


def escape_pointer_token(token: object) -> str:
    """RFC 6901 escaping of one reference token."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_of(path: Iterable[object]) -> str:
    """JSON pointer of a sequence of keys/indices (e.g. a jsonschema error path)."""
    return "".join("/" + escape_pointer_token(p) for p in path)


class RowPositions(Mapping[str, Position]):
    """Where the cells of one table row are: the row's line, and each field's column from a
    mapping shared by every row of the table (a dict per row would cost 100 MB in a register
    of 100,000 rows)."""

    __slots__ = ("_columns", "_line")

    def __init__(self, line: int, columns: Mapping[str, int]) -> None:
        self._line = line
        self._columns = columns

    def __getitem__(self, pointer: str) -> Position:
        if pointer == "":
            return (self._line, 1)
        return (self._line, self._columns[pointer])

    def __iter__(self) -> Iterator[str]:
        yield ""
        yield from self._columns

    def __len__(self) -> int:
        return len(self._columns) + 1

    @property
    def line(self) -> int:
        return self._line

    @property
    def columns(self) -> Mapping[str, int]:
        """The column map, the same object for every row of a table (what a writer of many
        rows may work out once)."""
        return self._columns
