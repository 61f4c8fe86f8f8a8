"""JSON with source positions: parsed by the json module, positions recovered by a small walk
over the (already valid) text, duplicate keys refused like the YAML reader does."""

from __future__ import annotations

import json
import re
from pathlib import Path

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
    """
    if not text.strip():
        return Located(None, name, {"": (1, 1)})
    try:
        data = json.loads(text, parse_int=_integer)
        walk = _JsonWalk(text)
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
    located = Located(data, name, walk.positions, walk.key_positions)
    if text_only and _SURROGATE_ESCAPE.search(text):  # else there can be none: the text is UTF-8
        surrogates = _surrogates(located, data, "")
        if surrogates:
            raise BaocaoError(surrogates)
    return located


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
    """Positions of every node of a JSON text already known to be valid."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.decoder = json.JSONDecoder(parse_int=_integer)
        self.positions: dict[str, Position] = {}
        self.key_positions: dict[str, Position] = {}
        self.duplicates: list[tuple[str, Position, str]] = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def _at(self, offset: int) -> Position:
        lo, hi = 0, len(self._line_starts)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self._line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid
        return lo + 1, offset - self._line_starts[lo] + 1

    def _skip(self, i: int) -> int:
        match = _WS.match(self.text, i)
        return match.end() if match else i

    def value(self, i: int, pointer: str) -> int:
        i = self._skip(i)
        self.positions[pointer] = self._at(i)
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
            at = self._at(i)
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
        i = self._skip(i)
        if self.text[i] == "]":
            return i + 1
        n = 0
        while True:
            i = self._skip(self.value(i, f"{pointer}/{n}"))
            n += 1
            if self.text[i] == "]":
                return i + 1
            i += 1  # ','
