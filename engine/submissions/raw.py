"""A record as read, before any check: its values, where it was, what reading found."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from engine.errors import Problem
from engine.sources.located import Located

__all__ = ["Record", "Written", "as_text"]


@dataclass(frozen=True, slots=True)
class Record:
    """One record as read, before checks: a Located whose data is the record itself."""

    located: Located
    line: int
    problems: tuple[Problem, ...] = ()  # found while reading (a table: cells beyond the header)
    # values for fields the record leaves absent or blank, given by an option rather than
    # written (--recipient: the office keeping a register of documents received)
    defaults: tuple[tuple[str, str], ...] = ()

    @property
    def source(self) -> str:
        return f"{self.located.file}:{self.line}"


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


class Written(Mapping[str, str]):
    """A record as written (``Submission.raw``), held compactly: its values in a tuple, and
    where each column is in a layout shared by every record with the same columns. A register
    of a million rows holds one per record to the end of a run, and a dict of seven entries
    is twice the size (engine/submissions/records.py builds one for each clean record)."""

    __slots__ = ("_at", "_values")
    _layouts: ClassVar[dict[tuple[str, ...], dict[str, int]]] = {}
    _LAYOUTS = 4096  # column sets remembered (a register has a handful)

    def __init__(self, data: Mapping[str, str]) -> None:
        keys = tuple(data)
        at = Written._layouts.get(keys)
        if at is None:
            at = {key: i for i, key in enumerate(keys)}
            if len(Written._layouts) < Written._LAYOUTS:
                Written._layouts[keys] = at
        self._at: dict[str, int] = at
        self._values: tuple[str, ...] = tuple(data.values())

    def __getitem__(self, key: str) -> str:
        return self._values[self._at[key]]

    def get(self, key: str, default: Any = None) -> Any:
        at = self._at.get(key)
        return default if at is None else self._values[at]

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to a dict, so unhashable as one

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def as_dict(self) -> dict[str, str]:
        """A dict of the same cells, in order (``dict(written)`` asks for each cell by key:
        three times slower, for every record of a JSON output)."""
        return dict(zip(self._at, self._values, strict=True))

    def __reduce__(self) -> tuple[type[Written], tuple[dict[str, str]]]:
        return (Written, (dict(self.items()),))
