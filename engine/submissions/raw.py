"""A record as read, before any check: its values, where it was, what reading found."""

from __future__ import annotations

import json
from collections.abc import Callable, ItemsView, Iterator, KeysView, Mapping, ValuesView
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from engine.errors import Problem
from engine.sources.located import Located

__all__ = ["Record", "Written", "as_text", "compact_written"]


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


class Written(tuple, Mapping[str, str]):  # type: ignore[type-arg]  # a tuple, as a mapping
    """A record as written (``Submission.raw``), held compactly: its values as a tuple, which
    it is, and where each column is in a layout its class holds, one class per set of
    columns. A register of a million rows holds one per record to the end of a run: a dict of
    seven entries is twice the size, and a mapping object holding a tuple 48 bytes more
    (46 MB at 1e6; engine/submissions/records.py builds one for each clean record)."""

    __slots__ = ()
    _at: ClassVar[dict[str, int]] = {}
    _layouts: ClassVar[dict[tuple[str, ...], type[Written]]] = {}
    _LAYOUTS = 4096  # column sets remembered (a register has a handful)

    def __new__(cls, data: Mapping[str, str]) -> Written:
        layout = Written.layout(tuple(data))
        if layout is None:
            raise ValueError("too many column sets: keep the record as a dict (compact_written)")
        return tuple.__new__(layout, data.values())

    @staticmethod
    def layout(keys: tuple[str, ...]) -> type[Written] | None:
        """The class of records with these columns, made once; None once ``_LAYOUTS`` are
        known (records each with their own fields: a class each would cost more than a
        dict)."""
        layout = Written._layouts.get(keys)
        if layout is None and len(Written._layouts) < Written._LAYOUTS:
            at = {key: i for i, key in enumerate(keys)}
            layout = Written._layouts[keys] = type("Written", (Written,),
                                                   {"__slots__": (), "_at": at})
        return layout

    def __getitem__(self, key: str) -> str:  # type: ignore[override]
        found: str = tuple.__getitem__(self, self._at[key])
        return found

    def get(self, key: str, default: Any = None) -> Any:
        at = self._at.get(key)
        return default if at is None else tuple.__getitem__(self, at)

    def __contains__(self, key: object) -> bool:
        return key in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return tuple.__len__(self)

    def keys(self) -> KeysView[str]:
        return KeysView(self)

    def items(self) -> ItemsView[str, str]:
        return ItemsView(self)

    def values(self) -> ValuesView[str]:
        return ValuesView(self)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]  # equal to a dict, so unhashable as one

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def as_dict(self) -> dict[str, str]:
        """A dict of the same cells, in order (``dict(written)`` asks for each cell by key:
        three times slower, for every record of a JSON output)."""
        return dict(zip(self._at, tuple.__iter__(self), strict=True))

    def __reduce__(self) -> tuple[Callable[..., Mapping[str, str]], tuple[dict[str, str]]]:
        # made again as compactly as can be: a process that knows too many column sets
        # already gets a dict, not an error
        return (compact_written, (self.as_dict(),))

    def __copy__(self) -> Written:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Written:
        return self  # immutable, and its cells are strings


def compact_written(data: Mapping[str, str]) -> Mapping[str, str]:
    """A clean record as written, as compactly as can be: a ``Written`` for the column sets
    a batch repeats, a dict beyond them."""
    layout = Written.layout(tuple(data))
    if layout is None:
        return dict(data)
    found: Written = tuple.__new__(layout, data.values())
    return found
