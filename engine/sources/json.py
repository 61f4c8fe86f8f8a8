"""JSON with source positions: parsed by the json module, positions recovered by a small walk
over the (already valid) text, duplicate keys refused like the YAML reader does."""

from __future__ import annotations

import json
import re
from pathlib import Path

from engine.errors import BaocaoError, Problem
from engine.sources.located import Located, Position, escape_pointer_token
from engine.sources.text import read_text

__all__ = ["load_json", "load_json_text"]

MAX_DIGITS = 100  # a longer integer is kept as its text (int() refuses > 4300 digits)


def _integer(text: str) -> int | str:
    return int(text) if len(text) <= MAX_DIGITS else text


def load_json(path: Path, name: str | None = None) -> Located:
    name = name if name is not None else str(path)
    return load_json_text(read_text(path, name), name)


def load_json_text(text: str, name: str) -> Located:
    """Parse JSON text; ``name`` is the file named in messages."""
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
        raise BaocaoError([Problem(name, 1, 1, "json.syntax", message)]) from None
    if walk.duplicates:
        raise BaocaoError(
            [
                Problem(name, line, col, "json.duplicate-key", message, pointer)
                for pointer, (line, col), message in walk.duplicates
            ]
        )
    return Located(data, name, walk.positions, walk.key_positions)


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
