"""Loading ``units.yaml``: the schema gives the shape, then what only the whole registry can
say (ids used twice, references to nothing, cycles of groups or successors)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from engine.errors import BaocaoError, Problem
from engine.model import Area, AreaLevel, Group, Unit, UnitKind
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
    areas: dict[str, Area] = {}
    for i, raw in enumerate(data.get("areas") or ()):
        if raw["id"] in areas:
            problems.append(located.problem(
                f"/areas/{i}/id", "units.duplicate-id",
                f"area id {raw['id']!r} is already used; area ids must be unique",
                id=raw["id"], first=located.where(f"/areas/{list(areas).index(raw['id'])}")[0]))
            continue
        areas[raw["id"]] = _area(raw, f"/areas/{i}", located, problems)
    kinds = {raw["id"]: UnitKind(raw["id"], raw["name"], raw.get("name_en"))
             for raw in data.get("kinds") or ()}
    problems.extend(_reference_problems(located, data, units, groups))
    problems.extend(_area_problems(located, data, areas))
    if not problems:
        problems.extend(_group_cycles(located, groups, first))
        problems.extend(_successor_cycles(located, units, first))
    if problems:
        raise BaocaoError(problems)
    forms = Abbreviations((a["short"], tuple(a["long"])) for a in data.get("abbreviations") or ())
    return Registry(units, groups, forms, areas, kinds)


def _area(raw: dict[str, Any], pointer: str, located: Located, problems: list[Problem]) -> Area:
    dates = _dates(raw, pointer, located, problems)
    return Area(raw["id"], raw["name"], AreaLevel(raw["level"]), raw.get("parent"),
                dates["valid_from"], dates["valid_to"], raw.get("name_en"))


_LEVEL_ORDER = {AreaLevel.PROVINCE: 0, AreaLevel.DISTRICT: 1, AreaLevel.COMMUNE: 2}


def _area_problems(located: Located, data: dict[str, Any],
                   areas: Mapping[str, Area]) -> Iterator[Problem]:
    """Areas lie in areas of a higher level, and units in areas that exist."""
    for i, raw in enumerate(data.get("areas") or ()):
        area = areas.get(raw["id"])
        if area is None or area.parent is None:
            if area is not None and area.level is not AreaLevel.PROVINCE:
                yield located.problem(f"/areas/{i}", "units.unknown-ref",
                                      f"area {area.id!r} ({area.level}) lies in no province; "
                                      "give its parent", ref=area.id)
            continue
        parent = areas.get(area.parent)
        if parent is None:
            yield located.problem(f"/areas/{i}/parent", "units.unknown-ref",
                                  f"parent {area.parent!r} of area {area.id!r} is not an area "
                                  "id" + _suggest(area.parent, list(areas)), ref=area.parent)
        elif _LEVEL_ORDER[parent.level] >= _LEVEL_ORDER[area.level]:
            yield located.problem(f"/areas/{i}/parent", "units.unknown-ref",
                                  f"area {area.id!r} ({area.level}) cannot lie in "
                                  f"{parent.id!r} ({parent.level})", ref=area.parent)
    for i, raw in enumerate(data["units"]):
        ref = raw.get("area")
        if ref is not None and ref not in areas:
            yield located.problem(f"/units/{i}/area", "units.unknown-ref",
                                  f"area {ref!r} of unit {raw['id']!r} is not an area id"
                                  + _suggest(ref, list(areas)), ref=ref)


def _unit(raw: dict[str, Any], pointer: str, located: Located, problems: list[Problem]) -> Unit:
    dates = _dates(raw, pointer, located, problems)
    return Unit(
        id=raw["id"],
        name=raw["name"],
        kind=raw["kind"],
        place=raw.get("place"),
        aliases=tuple(raw.get("aliases", ())),
        short=tuple(raw.get("short", ())),
        parent=raw.get("parent"),
        valid_from=dates["valid_from"],
        valid_to=dates["valid_to"],
        successor=raw.get("successor"),
        no_successor=bool(raw.get("no_successor", False)),
        name_en=raw.get("name_en"),
        label=raw.get("label"),
        label_en=raw.get("label_en"),
        area=raw.get("area"),
    )


def _dates(raw: dict[str, Any], pointer: str, located: Located,
           problems: list[Problem]) -> dict[str, date | None]:
    """``valid_from`` and ``valid_to`` of a unit or an area, each a real date, in order."""
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
    return dates


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
