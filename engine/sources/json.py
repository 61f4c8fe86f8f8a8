"""JSON with source positions: parsed by the json module, positions recovered by a small walk
over the (already valid) text, duplicate keys refused like the YAML reader does."""

from __future__ import annotations

import itertools
import json
import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from engine.errors import BaocaoError, Problem
from engine.sources.located import (
    MAX_INT_DIGITS,
    Located,
    Position,
    escape_pointer_token,
    surrogate_in,
)
from engine.sources.text import read_text

__all__ = ["load_json", "load_json_text"]


def _integer(text: str) -> int | str:
    return int(text) if len(text) <= MAX_INT_DIGITS else text


def load_json(path: Path, name: str | None = None, *, text_only: bool = True) -> Located:
    name = name if name is not None else str(path)
    return load_json_text(read_text(path, name), name, text_only=text_only)


def load_json_text(text: str, name: str, *, text_only: bool = True) -> Located:
    """Parse JSON text; ``name`` is the file named in messages.

    ``text_only`` refuses the whole file for a lone surrogate escape; a submissions file passes
    False so that the one record holding it is refused (``record.bad-text``), not its neighbours.

    The elements of the document's lists (its records) are located when first asked
    (``Positions``): a record's positions are needed only to locate its problems, and a walk
    of every node, each position kept, read 100,026 records in 7.0 s with a peak of 660 MB
    (1.2 s and 333 MB now; docs/design.md, "A national run's memory").
    """
    if not text.strip():
        return Located(None, name, {"": (1, 1)})
    duplicated = False

    def mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicated
        made = dict(pairs)
        if len(made) != len(pairs):
            duplicated = True
        return made

    try:
        data = json.loads(text, parse_int=_integer, object_pairs_hook=mapping)
        # a duplicate key is said where it is: then every node is walked
        walk = _JsonWalk(text, lazy=frozenset() if duplicated else _record_lists(data))
        walk.value(0, "")
    except json.JSONDecodeError as exc:
        raise BaocaoError([Problem(name, exc.lineno, exc.colno, "json.syntax", exc.msg)]) from None
    except RecursionError:
        message = "values nested too deeply; a record is a flat mapping of fields"
        raise BaocaoError([Problem(name, 1, 1, "json.syntax", message,
                                   params={"variant": "depth"})]) from None
    if walk.duplicates:
        raise BaocaoError(
            [
                Problem(name, line, col, "json.duplicate-key", message, pointer)
                for pointer, (line, col), message in walk.duplicates
            ]
        )
    located = Located(data, name, Positions(walk, keys=False), Positions(walk, keys=True))
    if text_only and _SURROGATE_ESCAPE.search(text):  # else there can be none: the text is UTF-8
        surrogates = _surrogates(located, data, "")
        if surrogates:
            raise BaocaoError(surrogates)
    return located


def _record_lists(data: object) -> frozenset[str]:
    """The lists whose elements are walked only when asked: the document, or a list under
    one of its keys (``{"submissions": [...]}``)."""
    if isinstance(data, list):
        return frozenset({""})
    if isinstance(data, dict):
        return frozenset("/" + escape_pointer_token(k) for k, v in data.items()
                         if isinstance(v, list))
    return frozenset()


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _surrogates(located: Located, value: object, pointer: str) -> list[Problem]:
    """A lone surrogate (``"\\ud800"``) is valid JSON but not text: refused where written."""
    found: list[Problem] = []
    if isinstance(value, str):
        if (escape := surrogate_in(value)) is not None:
            found.append(located.problem(
                pointer, "json.unicode",
                f"the string holds {escape}, half of a UTF-16 surrogate pair: not a character; "
                "remove it or write the whole character", escape=escape))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _surrogates(located, item, f"{pointer}/{i}")
    elif isinstance(value, dict):
        for key, item in value.items():
            child = f"{pointer}/{escape_pointer_token(key)}"
            if (escape := surrogate_in(key)) is not None:
                found.append(located.problem(
                    child, "json.unicode",
                    f"the key holds {escape}, half of a UTF-16 surrogate pair: not a "
                    "character; remove it or write the whole character", key=True,
                    escape=escape))
            found += _surrogates(located, item, child)
    return found


_WS = re.compile(r"[ \t\n\r]*")


class _JsonWalk:
    """Positions of every node of a JSON text already known to be valid; of the lists named
    ``lazy``, only where each element starts (``starts``), its nodes walked when asked."""

    def __init__(self, text: str, lazy: frozenset[str] = frozenset(),
                 line_starts: array[int] | None = None) -> None:
        self.text = text
        self.lazy = lazy
        self.decoder = json.JSONDecoder(parse_int=_integer)
        self.positions: dict[str, Position] = {}
        self.key_positions: dict[str, Position] = {}
        self.duplicates: list[tuple[str, Position, str]] = []
        self.starts: dict[str, list[int]] = {}
        self._elements: dict[str, list[_Walked]] = {}
        # an array, not a list of int objects: a million records written one field a line
        # are ten million lines
        self._line_starts = line_starts if line_starts is not None else array(
            "q", itertools.chain((0,), (m.end() for m in re.finditer("\n", text))))

    def elements(self, pointer: str) -> list[_Walked] | None:
        """The elements of the lazy list at ``pointer``, made once: the values' and the
        keys' mappings of a record share its walk."""
        made = self._elements.get(pointer)
        if made is None:
            starts = self.starts.get(pointer)
            if starts is None:
                return None
            made = self._elements[pointer] = [
                _Walked(self.text, self._line_starts, start) for start in starts]
        return made

    def at(self, offset: int) -> Position:
        line = bisect_right(self._line_starts, offset)  # the first line starts at 0
        return line, offset - self._line_starts[line - 1] + 1

    def _skip(self, i: int) -> int:
        match = _WS.match(self.text, i)
        return match.end() if match else i

    def value(self, i: int, pointer: str) -> int:
        i = self._skip(i)
        self.positions[pointer] = self.at(i)
        char = self.text[i]
        if char == "{":
            return self._object(i + 1, pointer)
        if char == "[":
            return self._array(i + 1, pointer)
        _, end = self.decoder.raw_decode(self.text, i)
        return int(end)

    def _object(self, i: int, pointer: str) -> int:
        i = self._skip(i)
        if self.text[i] == "}":
            return i + 1
        first: dict[str, int] = {}
        while True:
            i = self._skip(i)
            key, end = self.decoder.raw_decode(self.text, i)
            child = f"{pointer}/{escape_pointer_token(key)}"
            at = self.at(i)
            if key in first:
                message = (
                    f"duplicate key {key!r} (first defined at line {first[key]}); "
                    "each key may appear once in an object"
                )
                self.duplicates.append((child, at, message))
            else:
                first[key] = at[0]
                self.key_positions[child] = at
            i = self._skip(end) + 1  # ':'
            i = self._skip(self.value(i, child))
            if self.text[i] == "}":
                return i + 1
            i += 1  # ','

    def _array(self, i: int, pointer: str) -> int:
        starts = self.starts.setdefault(pointer, []) if pointer in self.lazy else None
        i = self._skip(i)
        if self.text[i] == "]":
            return i + 1
        n = 0
        while True:
            if starts is None:
                i = self._skip(self.value(i, f"{pointer}/{n}"))
            else:  # where it starts; the element itself is skipped by the parser, in C
                i = self._skip(i)
                starts.append(i)
                self.positions[f"{pointer}/{n}"] = self.at(i)
                i = self._skip(self.decoder.raw_decode(self.text, i)[1])
            n += 1
            if self.text[i] == "]":
                return i + 1
            i += 1  # ','


class Positions(Mapping[str, Position]):
    """A JSON document's positions (of its values, or with ``keys`` of its keys). The
    elements of its record lists are walked when one of their pointers is asked for, once
    for both mappings; ``elements`` gives each record a mapping of its own."""

    def __init__(self, walk: _JsonWalk, *, keys: bool) -> None:
        self._walk = walk
        self._keys = keys
        self._own = walk.key_positions if keys else walk.positions

    def elements(self, pointer: str) -> list[Mapping[str, Position]] | None:
        """The positions of each element of the list at ``pointer``, from the element's own
        root; None when that list was walked whole (this mapping holds them)."""
        found = self._walk.elements(pointer)
        return None if found is None else [_Element(e, self._keys) for e in found]

    def _inside(self, pointer: str) -> tuple[Mapping[str, Position], str] | None:
        """The element of a record list ``pointer`` lies in, and its pointer from there."""
        for base in self._walk.starts:
            if not pointer.startswith(base + "/"):
                continue
            token, inner, rest = pointer[len(base) + 1:].partition("/")
            found = self._walk.elements(base)
            if found and token.isascii() and token.isdigit() and str(int(token)) == token \
                    and int(token) < len(found):
                return _Element(found[int(token)], self._keys), inner + rest
        return None

    def __getitem__(self, pointer: str) -> Position:
        found = self._own.get(pointer)
        if found is not None:
            return found
        inside = self._inside(pointer)
        if inside is None:
            raise KeyError(pointer)
        return inside[0][inside[1]]

    def __contains__(self, pointer: object) -> bool:
        if not isinstance(pointer, str):
            return False
        try:
            self[pointer]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        yield from self._own
        for base in self._walk.starts:
            for n, element in enumerate(self._walk.elements(base) or ()):
                # an element's own root is already listed (where it starts)
                yield from (f"{base}/{n}{p}" for p in _Element(element, self._keys) if p)

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _Walked:
    """One element of a record list: where it starts, and its walk once made (its values'
    and its keys' positions, from its own root). It holds the text, not the document's walk:
    that walk lists its elements, and a cycle would keep the text to the end of a run (the
    collector is off in the command)."""

    __slots__ = ("_line_starts", "_start", "_tables", "_text")

    def __init__(self, text: str, line_starts: array[int], start: int) -> None:
        self._text, self._line_starts, self._start = text, line_starts, start
        self._tables: tuple[dict[str, Position], dict[str, Position]] | None = None

    def tables(self) -> tuple[dict[str, Position], dict[str, Position]]:
        if self._tables is None:
            walk = _JsonWalk(self._text, line_starts=self._line_starts)
            try:
                walk.value(self._start, "")
                self._tables = (walk.positions, walk.key_positions)
            except RecursionError:  # nested deeper than a walk goes: where the record starts
                self._tables = ({"": walk.at(self._start)}, {})
        return self._tables


class _Element(Mapping[str, Position]):
    """One record's positions (values or keys) from its own root, walked when first read."""

    __slots__ = ("_keys", "_walked")

    def __init__(self, walked: _Walked, keys: bool) -> None:
        self._walked, self._keys = walked, keys

    def _table(self) -> dict[str, Position]:
        return self._walked.tables()[self._keys]

    def __getitem__(self, pointer: str) -> Position:
        return self._table()[pointer]

    def __contains__(self, pointer: object) -> bool:
        return pointer in self._table()

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())
