"""JSON from the view rows: dataclasses become objects, reasons ``{code, params, message}``.

Only ``message`` (and the ``*_name`` fields the view filled in) depend on ``--lang``, so the
JSON of a run is the same in Vietnamese and English except for its text fields.

A national run has a million rows: they are encoded one at a time with orjson and written as
they go (``stream_object``), never as one string, and a reason's words are worked out once per
distinct reason. ``--format jsonl`` writes the same rows one object per line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from operator import attrgetter
from typing import IO, Any

import orjson

from cli.render.texts import Texts
from engine import Citation, Problem, Reason

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS
_PRETTY = _OPTIONS | orjson.OPT_INDENT_2

_KNOWN = 1 << 16  # citations and notes remembered by the object (``Encoder.default``)

# Per dataclass: the (attribute, output name) pairs it exports, worked out once per class.
_PLANS: dict[type, tuple[tuple[str, str], ...]] = {}


def exported(cls: type) -> tuple[tuple[str, str], ...]:
    """(attribute, output name) of each field JSON and CSV show (not the ``display`` ones)."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = tuple(
            (f.name, f.metadata.get("name", f.name))
            for f in fields(cls)
            if not f.metadata.get("display")
        )
        _PLANS[cls] = plan
    return plan


# Per row class: its output names and one getter reading all its exported attributes at once
# (a national run encodes a million rows; a dict comprehension of getattr calls was a fifth of
# the JSON time).
_READERS: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}


def _reader(cls: type) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    found = _READERS.get(cls)
    if found is None:
        plan = exported(cls)
        found = _READERS[cls] = (tuple(out for _, out in plan),
                                 getter(tuple(name for name, _ in plan)))
    return found


def getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """One call reading every attribute named (dotted for a nested one), as a tuple."""
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda value: (one(value),)  # attrgetter of one name gives no tuple
    return attrgetter(*names) if names else lambda value: ()


class Encoder:
    """View rows to plain values in one language, a reason's words computed once each."""

    def __init__(self, texts: Texts) -> None:
        self.texts = texts
        self._reasons: dict[tuple[str, tuple[tuple[str, Any], ...]], dict[str, Any]] = {}
        # a citation is one object per obligation, shown on each of its million rows; a note
        # one object per distinct note (engine/evaluation/group.py: _Index.said): each
        # encoded once, looked up by the object itself
        self._known: dict[int, tuple[object, dict[str, Any]]] = {}
        # the plain dataclasses met so far (rows, summaries): not reasons, citations, problems
        self._rows: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}

    def reason(self, value: Reason) -> dict[str, Any]:
        return self._reason(value)[0]

    def _reason(self, value: Reason) -> tuple[dict[str, Any], bool]:
        """The note's plain form, and whether an equal note was met before."""
        key: tuple[str, tuple[tuple[str, Any], ...]] | None
        try:
            key = (value.code, tuple(value.params.items()))
            cached = self._reasons.get(key)
        except TypeError:  # a parameter that cannot be hashed: no caching, same words
            key, cached = None, None
        if cached is not None:
            return cached, True
        cached = {
            "code": value.code,
            "params": {str(k): self.plain(v) for k, v in value.params.items()},
            "message": self.texts.reason(value),
        }
        if key is not None:
            self._reasons[key] = cached
        return cached, False

    def default(self, value: Any) -> Any:
        """What orjson cannot encode itself: our dataclasses, reasons, problems."""
        known = self._known.get(id(value))
        if known is not None and known[0] is value:  # a citation or a note met before
            return known[1]
        row = self._rows.get(type(value))
        if row is not None:  # a row class seen before: its fields straight away
            return dict(zip(row[0], row[1](value), strict=True))
        if isinstance(value, Reason):
            plain, again = self._reason(value)
            # a note met again is one many rows share: looked up by the object from now on;
            # a note of one record's own (the record it duplicates) is not kept twice
            return self._remember(value, plain) if again else plain
        if isinstance(value, Citation):
            return self._remember(value, self._fields(value))
        if isinstance(value, Problem):
            return value.to_dict()
        if is_dataclass(value) and not isinstance(value, type):
            row = self._rows[type(value)] = _reader(type(value))
            return dict(zip(row[0], row[1](value), strict=True))
        if isinstance(value, Mapping):
            return dict(value)
        raise TypeError(f"{type(value).__name__} is not JSON")

    def _remember(self, value: object, plain: dict[str, Any]) -> dict[str, Any]:
        """``plain`` kept as ``value``'s (and the object with it: its id is not reused), up to
        ``_KNOWN`` objects."""
        if len(self._known) < _KNOWN:
            self._known[id(value)] = (value, plain)
        return plain

    @staticmethod
    def _fields(value: Any) -> dict[str, Any]:
        return {out: getattr(value, name) for name, out in exported(type(value))}

    def plain(self, value: Any) -> Any:
        """The same value as dicts, lists and strings (for CSV, YAML and tests)."""
        if isinstance(value, Reason):
            return self.reason(value)
        if isinstance(value, Problem):
            return value.to_dict()
        if is_dataclass(value) and not isinstance(value, type):
            return {out: self.plain(getattr(value, name)) for name, out in exported(type(value))}
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Mapping):
            return {str(k): self.plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.plain(v) for v in value]
        return value

    def dumps(self, value: Any, *, pretty: bool = True) -> bytes:
        try:
            return orjson.dumps(value, default=self.default,
                                option=_PRETTY if pretty else _OPTIONS)
        except orjson.JSONEncodeError:
            # what orjson refuses (a lone surrogate, an integer beyond 64 bits) the standard
            # encoder writes escaped: still valid JSON, nothing dropped
            return json.dumps(self.plain(value), ensure_ascii=True,
                              indent=2 if pretty else None).encode()


def jsonable(value: Any, texts: Texts) -> Any:
    return Encoder(texts).plain(value)


def dumps(value: Any, texts: Texts) -> str:
    """Vietnamese stays readable in the output (no \\u escapes)."""
    return Encoder(texts).dumps(value).decode()


_CHUNK = 256
_ROW_SEP = b",\n    "


def stream_object(
    out: IO[bytes], parts: Iterable[tuple[str, Any]], texts: Texts,
    rows: Callable[[str], bool] = lambda key: False,
) -> None:
    """One JSON object written part by part: a list part named by ``rows`` has one compact
    row per line (a million rows never become one string); the rest is indented."""
    enc = Encoder(texts)
    out.write(b"{")
    first = True
    for key, value in parts:
        out.write(b"\n" if first else b",\n")
        first = False
        out.write(b"  " + orjson.dumps(key) + b": ")
        if rows(key):
            out.write(b"[")
            # rows joined a few hundred at a time: one write per row was a tenth of the time
            chunk: list[bytes] = []
            empty = True
            for row in value:
                chunk.append(enc.dumps(row, pretty=False))
                if len(chunk) == _CHUNK:
                    out.write((b"\n    " if empty else _ROW_SEP) + _ROW_SEP.join(chunk))
                    chunk, empty = [], False
            if chunk:
                out.write((b"\n    " if empty else _ROW_SEP) + _ROW_SEP.join(chunk))
                empty = False
            out.write(b"]" if empty else b"\n  ]")
        else:
            out.write(enc.dumps(value).replace(b"\n", b"\n  "))
    out.write(b"\n}\n")


def stream_list(out: IO[bytes], items: Iterable[Any], texts: Texts) -> None:
    """``dumps(list(items))`` and a newline, written an item at a time (``overdue --format
    json``: a national run's units and what each owes are never one string)."""
    enc = Encoder(texts)
    first = True
    for item in items:
        out.write(b"[\n  " if first else b",\n  ")
        first = False
        out.write(enc.dumps(item).replace(b"\n", b"\n  "))  # no raw newline inside a string
    out.write(b"[]\n" if first else b"\n]\n")


def stream_view(out: IO[bytes], view: Any, texts: Texts, rows: frozenset[str]) -> None:
    """A view dataclass as one object, its fields named in ``rows`` streamed row by row."""
    stream_object(out, ((key, getattr(view, name)) for name, key in exported(type(view))),
                  texts, rows.__contains__)


def stream_lines(out: IO[bytes], rows: Iterable[tuple[str, Any]], texts: Texts) -> None:
    """``--format jsonl``: one object per line, ``"type"`` first saying what it is."""
    enc = Encoder(texts)
    for kind, row in rows:
        data = enc.default(row) if is_dataclass(row) else dict(row)
        out.write(enc.dumps({"type": kind, **data}, pretty=False))
        out.write(b"\n")


def errors_json(problems: tuple[Problem, ...]) -> str:
    """``{"errors": [{code, file, line, column, message}]}`` (docs/design.md#errors-and-codes)."""
    return Encoder(Texts("en")).dumps({"errors": [p.to_dict() for p in problems]}).decode()


def lint_json(problems: tuple[Problem, ...]) -> str:
    """``baocao rules lint --format json``: a list of {code, severity, file, line, column,
    message}."""
    return Encoder(Texts("en")).dumps(
        [{**p.to_dict(), "severity": p.severity} for p in problems]).decode()
