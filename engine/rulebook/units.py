"""Loading ``units.yaml``: the schema gives the shape, then what only the whole registry can
say (ids used twice, references to nothing, cycles of groups or successors)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from engine.errors import BaocaoError, Problem
from engine.model import Group, Unit
from engine.rulebook.registry import Abbreviations, Registry
from engine.rulebook.schemas import validate
from engine.sources.located import Located
from engine.time.dates import DateParseError, in_span

__all__ = ["build_registry", "load_registry", "registry_from_data"]

def load_registry(path: Path) -> Registry:
    """Read, schema-check and cross-check ``units.yaml``; all problems in one BaocaoError."""
    from engine.sources.yaml import load_yaml

    return build_registry(load_yaml(path))


def registry_from_data(data: Any, file: str = "<units>") -> Registry:
    """The same checks on already-parsed data (positions unknown): for tests and tools."""
    return build_registry(Located(data, file, {}))


def build_registry(located: Located) -> Registry:
    problems = validate(located, "units")
    if problems:
        raise BaocaoError(problems)
    data: dict[str, Any] = located.data
    units: dict[str, Unit] = {}
    groups: dict[str, Group] = {}
    first: dict[str, str] = {}  # id -> pointer where it was defined

    def claim(ident: str, pointer: str) -> bool:
        if ident in first:
            line = located.where(first[ident])[0]
            problems.append(
                located.problem(
                    pointer,
                    "units.duplicate-id",
                    f"id {ident!r} is already used by the entry at line {line}; "
                    "ids must be unique across units and groups",
                    id=ident, first=line,
                )
            )
            return False
        first[ident] = pointer
        return True

    for i, raw in enumerate(data["units"]):
        pointer = f"/units/{i}"
        if claim(raw["id"], f"{pointer}/id"):
            units[raw["id"]] = _unit(raw, pointer, located, problems)
    for i, raw in enumerate(data.get("groups") or ()):
        pointer = f"/groups/{i}"
        if claim(raw["id"], f"{pointer}/id"):
            groups[raw["id"]] = Group(
                id=raw["id"],
                name=raw["name"],
                members=tuple(raw["members"]),
                name_en=raw.get("name_en"),
                inferred=" ".join(raw["inferred"].split()) if raw.get("inferred") else None,
            )
    problems.extend(_reference_problems(located, data, units, groups))
    if not problems:
        problems.extend(_group_cycles(located, groups, first))
        problems.extend(_successor_cycles(located, units, first))
    if problems:
        raise BaocaoError(problems)
    forms = Abbreviations((a["short"], tuple(a["long"])) for a in data.get("abbreviations") or ())
    return Registry(units, groups, forms)


def _unit(raw: dict[str, Any], pointer: str, located: Located, problems: list[Problem]) -> Unit:
    dates: dict[str, date | None] = {}
    for key in ("valid_from", "valid_to"):
        dates[key] = None
        if key in raw:
            try:
                dates[key] = in_span(date.fromisoformat(raw[key]))
            except DateParseError as exc:  # real, but beyond what baocao can judge
                hint = " (leave valid_to out for no end)" if key == "valid_to" else ""
                problems.append(located.problem(f"{pointer}/{key}", "units.bad-date",
                                                f"{exc}{hint}"))
            except ValueError:
                problems.append(
                    located.problem(
                        f"{pointer}/{key}",
                        "units.bad-date",
                        f"{raw[key]!r} is not a real date; expected YYYY-MM-DD, e.g. 2025-02-28",
                    )
                )
    start, end = dates["valid_from"], dates["valid_to"]
    if start and end and end < start:
        problems.append(
            located.problem(
                f"{pointer}/valid_to",
                "units.bad-date",
                f"valid_to {end.isoformat()} is before valid_from {start.isoformat()}",
            )
        )
    return Unit(
        id=raw["id"],
        name=raw["name"],
        kind=raw["kind"],
        place=raw.get("place"),
        aliases=tuple(raw.get("aliases", ())),
        short=tuple(raw.get("short", ())),
        parent=raw.get("parent"),
        valid_from=start,
        valid_to=end,
        successor=raw.get("successor"),
        no_successor=bool(raw.get("no_successor", False)),
        name_en=raw.get("name_en"),
        label=raw.get("label"),
        label_en=raw.get("label_en"),
    )


def _reference_problems(
    located: Located, data: dict[str, Any], units: Mapping[str, Unit], groups: Mapping[str, Group]
) -> Iterator[Problem]:
    known = [*units, *groups]
    for i, raw in enumerate(data["units"]):
        for key in ("parent", "successor"):
            ref = raw.get(key)
            if ref is not None and ref not in units:
                what = "a group" if ref in groups else "not a unit id"
                yield located.problem(
                    f"/units/{i}/{key}",
                    "units.unknown-ref",
                    f"{key} {ref!r} of unit {raw['id']!r} is {what}; expected a unit id"
                    + _suggest(ref, list(units)),
                    ref=ref,
                )
    for i, raw in enumerate(data.get("groups") or ()):
        for j, member in enumerate(raw["members"]):
            if member not in units and member not in groups:
                yield located.problem(
                    f"/groups/{i}/members/{j}",
                    "units.unknown-ref",
                    f"member {member!r} of group {raw['id']!r} is not a unit or group id"
                    + _suggest(member, known),
                    ref=member,
                )


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.8)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _group_cycles(
    located: Located, groups: Mapping[str, Group], first: Mapping[str, str]
) -> Iterator[Problem]:
    reported: set[frozenset[str]] = set()
    for start in groups:
        path = _find_cycle(start, lambda g: [m for m in groups[g].members if m in groups])
        if path and frozenset(path) not in reported:
            reported.add(frozenset(path))
            yield located.problem(
                first[path[0]],
                "units.group-cycle",
                f"groups contain each other: {' → '.join((*path, path[0]))}",
                path=" → ".join((*path, path[0])),
            )


def _successor_cycles(
    located: Located, units: Mapping[str, Unit], first: Mapping[str, str]
) -> Iterator[Problem]:
    reported: set[frozenset[str]] = set()
    for start in units:
        path = _find_cycle(start, lambda u: [s] if (s := units[u].successor) else [])
        if path and frozenset(path) not in reported:
            reported.add(frozenset(path))
            yield located.problem(
                first[path[0]],
                "units.successor-cycle",
                f"successors lead back to where they started: {' → '.join((*path, path[0]))}",
                path=" → ".join((*path, path[0])),
            )


def _find_cycle(start: str, edges: Callable[[str], list[str]]) -> tuple[str, ...] | None:
    """A cycle through ``start`` following ``edges(node)``, as the path from ``start``."""
    stack: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in edges(node):
            if nxt == start:
                return path
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, (*path, nxt)))
    return None
