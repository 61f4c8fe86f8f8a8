"""Strict YAML with source positions.

Rule files are hand-written, so the loader refuses what PyYAML would silently accept
(duplicate keys, anchors, unknown tags) and remembers where every node came from, so that
later checks can say ``file:line:col``. Timestamps stay strings: dates are parsed on purpose
later, where the format and the meaning are known.

We build values straight from the parser's events (libyaml when available): it is about ten
times faster than composing PyYAML nodes, and the events carry every mark we need.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml import events as ev
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from engine.errors import BaocaoError, Param, Problem
from engine.sources.located import (
    MAX_INT_DIGITS,
    Located,
    Position,
    escape_pointer_token,
    surrogate_in,
)
from engine.sources.text import read_text

MAX_ALIAS_EXPANSION = 10_000
MAX_DEPTH = 200


_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
_TIMESTAMP, _MERGE, _SEQ, _MAP = (_TAG + t for t in ("timestamp", "merge", "seq", "map"))

def load_yaml(
    path: Path, *, display_name: str | None = None, allow_aliases: bool = False
) -> Located:
    """Read and parse one YAML file; every failure is a located BaocaoError."""
    name = display_name if display_name is not None else str(path)
    text = read_text(path, name)
    return load_yaml_text(text, name, allow_aliases=allow_aliases)


def load_yaml_text(text: str, file: str, allow_aliases: bool = False) -> Located:
    """Parse YAML text (one document); ``file`` is the name used in messages."""
    loader = _Loader(text)
    builder = _Builder(loader, file, allow_aliases)
    data: Any = None
    try:
        data = builder.document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context})"
        builder.problems.append(Problem(file, line, column, "yaml.syntax", message))
    except yaml.reader.ReaderError as exc:
        line, column = _line_column_of_byte(text, exc.position)
        builder.problems.append(Problem(file, line, column, "yaml.syntax", exc.reason))
    except _Stop:
        pass
    finally:
        loader.dispose()
    if builder.problems:
        raise BaocaoError(builder.problems)
    return Located(data, file, builder.positions(), builder.key_positions())


def _line_column_of_byte(text: str, offset: int) -> Position:
    before = text.encode("utf-8")[:offset].decode("utf-8", "ignore")
    return before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1


def _at(event: ev.Event) -> Position:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _short(tag: str | None) -> str:
    return "!!" + tag[len(_TAG) :] if tag and tag.startswith(_TAG) else str(tag)


class _Stop(Exception):
    """A fatal problem was recorded; stop building."""


@dataclass
class _Anchored:
    value: Any
    size: int  # nodes the value stands for once aliases are expanded
    pointer: str
    pos_span: tuple[int, int]
    key_span: tuple[int, int]


class _Builder:
    """Turns parser events into Python values plus positions (a tiny composer+constructor)."""

    def __init__(self, loader: Any, file: str, allow_aliases: bool) -> None:
        self.loader = loader
        self.file = file
        self.allow_aliases = allow_aliases
        self.problems: list[Problem] = []
        self._pos: list[tuple[str, Position]] = []
        self._keys: list[tuple[str, Position]] = []
        self._anchors: dict[str, _Anchored] = {}
        self._open_anchors: set[str] = set()
        self._expanded = 0

    def positions(self) -> dict[str, Position]:
        return dict(self._pos) or {"": (1, 1)}

    def key_positions(self) -> dict[str, Position]:
        return dict(self._keys)

    def _fail(self, event: ev.Event, code: str, message: str, **params: Param) -> _Stop:
        self.problems.append(Problem(self.file, *_at(event), code, message, params=params))
        return _Stop()

    def document(self) -> Any:
        loader = self.loader
        loader.get_event()  # StreamStart
        if loader.check_event(ev.StreamEndEvent):
            return None
        loader.get_event()  # DocumentStart
        value, _ = self._node("", 0)
        loader.get_event()  # DocumentEnd
        if not loader.check_event(ev.StreamEndEvent):
            raise self._fail(
                loader.peek_event(),
                "yaml.syntax",
                "expected a single YAML document, found another one ('---')",
                variant="documents",
            )
        return value

    def _node(self, pointer: str, depth: int) -> tuple[Any, int]:
        event = self.loader.get_event()
        if depth > MAX_DEPTH:
            raise self._fail(event, "yaml.syntax", f"nesting deeper than {MAX_DEPTH} levels",
                             variant="depth", depth=MAX_DEPTH)
        if isinstance(event, ev.AliasEvent):
            return self._alias(event, pointer)
        anchor = getattr(event, "anchor", None)
        if anchor is not None and not self.allow_aliases:
            raise self._fail(
                event,
                "yaml.alias",
                f"anchors and aliases are not allowed here (found anchor &{anchor}); "
                "write the value out in full",
            )
        pos_start, key_start = len(self._pos), len(self._keys)
        self._pos.append((pointer, _at(event)))
        if anchor is not None:
            self._open_anchors.add(anchor)
        value: Any
        if isinstance(event, ev.ScalarEvent):
            value, size = self._scalar(event), 1
        elif isinstance(event, ev.SequenceStartEvent):
            value, size = self._sequence(event, pointer, depth)
        elif isinstance(event, ev.MappingStartEvent):
            value, size = self._mapping(event, pointer, depth)
        else:  # pragma: no cover - the parser guarantees a node event here
            raise self._fail(event, "yaml.syntax", "unexpected YAML event")
        if anchor is not None:
            self._open_anchors.discard(anchor)
            self._anchors[anchor] = _Anchored(
                value, size, pointer, (pos_start, len(self._pos)), (key_start, len(self._keys))
            )
        return value, size

    def _alias(self, event: ev.AliasEvent, pointer: str | None) -> tuple[Any, int]:
        """Expand an alias; ``pointer`` None for a mapping key (no positions to record)."""
        name = event.anchor or ""
        if not self.allow_aliases:
            raise self._fail(
                event,
                "yaml.alias",
                f"anchors and aliases are not allowed here (found alias *{name}); "
                "write the value out in full",
            )
        if name in self._open_anchors:
            raise self._fail(
                event, "yaml.alias-bomb", f"alias *{name} refers to itself (infinite expansion)"
            )
        anchored = self._anchors.get(name)
        if anchored is None:
            raise self._fail(event, "yaml.syntax", f"alias *{name} has no anchor &{name} before it",
                             variant="no-anchor", name=name)
        self._expanded += anchored.size
        if self._expanded > MAX_ALIAS_EXPANSION:
            raise self._fail(
                event,
                "yaml.alias-bomb",
                f"aliases expand to more than {MAX_ALIAS_EXPANSION} nodes; refusing to load",
            )
        if pointer is not None:
            self._copy(self._pos, anchored.pos_span, anchored.pointer, pointer)
            self._copy(self._keys, anchored.key_span, anchored.pointer, pointer)
        return anchored.value, anchored.size

    @staticmethod
    def _copy(
        entries: list[tuple[str, Position]], span: tuple[int, int], old: str, new: str
    ) -> None:
        """Re-record the positions of the subtree at ``old`` (within ``span``) under ``new``."""
        cut = len(old)
        entries.extend(
            (new + p[cut:], at)
            for p, at in entries[span[0] : span[1]]
            if p == old or p.startswith(old + "/")
        )

    def _tag(self, event: ev.NodeEvent, kind: type[Any], value: str | None = None) -> str:
        tag = getattr(event, "tag", None)
        if tag is None or tag == "!":
            implicit = getattr(event, "implicit", (True, False))
            resolved: str = self.loader.resolve(kind, value, implicit)
            return resolved
        return str(tag)

    def _scalar(self, event: ev.ScalarEvent) -> Any:
        tag = self._tag(event, ScalarNode, event.value)
        if (escape := surrogate_in(event.value)) is not None:
            raise self._fail(event, "yaml.syntax",
                             f"the value holds {escape}, half of a UTF-16 surrogate pair: not a "
                             "character", variant="surrogate", escape=escape)
        if tag in (_STR, _TIMESTAMP, _MERGE):
            return event.value
        node = ScalarNode(tag, event.value)
        if tag == _INT:
            if len(event.value) > MAX_INT_DIGITS:  # int() refuses > 4300 digits: keep the text
                return event.value
            return self.loader.construct_yaml_int(node)
        if tag == _FLOAT:
            return self.loader.construct_yaml_float(node)
        if tag == _BOOL:
            return self.loader.construct_yaml_bool(node)
        if tag == _NULL:
            return None
        raise self._fail(
            event, "yaml.tag", f"unsupported YAML tag {_short(tag)}; write a plain value",
            tag=_short(tag),
        )

    def _sequence(
        self, event: ev.SequenceStartEvent, pointer: str, depth: int
    ) -> tuple[list[Any], int]:
        if self._tag(event, SequenceNode) != _SEQ:
            raise self._fail(event, "yaml.tag", f"unsupported YAML tag {_short(event.tag)}",
                             tag=_short(event.tag))
        items: list[Any] = []
        size = 1
        while not self.loader.check_event(ev.SequenceEndEvent):
            value, n = self._node(f"{pointer}/{len(items)}", depth + 1)
            items.append(value)
            size += n
        self.loader.get_event()
        return items, size

    def _mapping(
        self, event: ev.MappingStartEvent, pointer: str, depth: int
    ) -> tuple[dict[Any, Any], int]:
        if self._tag(event, MappingNode) != _MAP:
            raise self._fail(event, "yaml.tag", f"unsupported YAML tag {_short(event.tag)}",
                             tag=_short(event.tag))
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        merged: list[tuple[dict[Any, Any], str, tuple[int, int], tuple[int, int]]] = []
        size = 1
        while not self.loader.check_event(ev.MappingEndEvent):
            key_event = self.loader.peek_event()
            key, is_merge = self._key(key_event)
            key_pos = _at(key_event)
            child = f"{pointer}/{escape_pointer_token(key)}"
            if is_merge:
                spans = len(self._pos), len(self._keys)
                value, n = self._node(child, depth + 1)
                spans_end = len(self._pos), len(self._keys)
                for source, at in self._merge_sources(key_event, value, child):
                    merged.append((source, at, (spans[0], spans_end[0]), (spans[1], spans_end[1])))
                size += n
                continue
            if key in first_line:
                self.problems.append(
                    Problem(
                        self.file,
                        *key_pos,
                        "yaml.duplicate-key",
                        f"duplicate key {key!r} (first defined at line {first_line[key]}); "
                        "each key may appear once in a mapping",
                        child,
                        {"key": str(key), "first": first_line[key]},
                    )
                )
            else:
                first_line[key] = key_pos[0]
                self._keys.append((child, key_pos))
            value, n = self._node(child, depth + 1)
            result.setdefault(key, value)
            size += n
        self.loader.get_event()
        for source, at, pos_span, key_span in merged:
            for key, value in source.items():
                if key not in result:
                    result[key] = value
                    token = escape_pointer_token(key)
                    self._copy(self._pos, pos_span, f"{at}/{token}", f"{pointer}/{token}")
                    self._copy(self._keys, key_span, f"{at}/{token}", f"{pointer}/{token}")
        return result, size

    def _key(self, event: ev.Event) -> tuple[Any, bool]:
        if isinstance(event, ev.ScalarEvent):
            self.loader.get_event()
            if event.anchor is not None and not self.allow_aliases:
                raise self._fail(
                    event, "yaml.alias", f"anchors are not allowed here (found &{event.anchor})"
                )
            merge = self._tag(event, ScalarNode, event.value) == _MERGE
            if merge and not self.allow_aliases:
                raise self._fail(event, "yaml.alias", "merge keys ('<<') are not allowed here",
                                 variant="merge")
            return self._scalar(event), merge
        if isinstance(event, ev.AliasEvent):
            value, _ = self._alias(self.loader.get_event(), None)
            if isinstance(value, list | dict):
                raise self._fail(event, "yaml.syntax", "a mapping key must be a plain value",
                                 variant="key")
            return value, False
        raise self._fail(event, "yaml.syntax", "a mapping key must be a plain value",
                         variant="key")

    def _merge_sources(
        self, event: ev.Event, value: Any, pointer: str
    ) -> list[tuple[dict[Any, Any], str]]:
        if isinstance(value, dict):
            return [(value, pointer)]
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            return [(v, f"{pointer}/{i}") for i, v in enumerate(value)]
        raise self._fail(event, "yaml.syntax", "'<<' must merge a mapping or a list of mappings",
                         variant="merge")


def dump_yaml(data: Any) -> str:
    """Plain block YAML for people to edit (drafts, exports): keys in the order given,
    Vietnamese kept readable, no anchors or tags."""

    class _Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    text: str = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                          default_flow_style=False, width=100)
    return text
