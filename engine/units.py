"""The unit registry: who reports, who receives, which groups obligations name.

Names in submissions are written many ways ("Sở TT&TT", "So TTTT Tay Ninh", "STTTT Tây
Ninh"), so resolution tries stricter readings first and looser ones only when the stricter
found nothing: exact id → NFC + case-folded name → without diacritics (đ→d) → without
punctuation and spaces. At the first reading that matches, a name that fits several units is
*ambiguous* and refused with the candidates: baocao never guesses.

>>> reg = Registry(
...     {"so-tttt-tn": Unit("so-tttt-tn", "Sở Thông tin và Truyền thông tỉnh Tây Ninh", "so",
...                         place="Tây Ninh", short=("Sở TT&TT",))},
...     {},
... )
>>> reg.resolve("so tt-tt tinh tay ninh")
'so-tttt-tn'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from engine._yaml import Located, load_yaml
from engine.errors import BaocaoError, Problem
from engine.model import Group, Unit
from engine.schemas import validate

__all__ = [
    "Registry",
    "UnitResolutionError",
    "load_registry",
    "normalise_name",
    "registry_from_data",
]

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[\s&.,\-‐‑–—]+")  # ASCII and Unicode dashes alike
# "<short> <place>": how a short name is completed by the unit's place in practice.
_PLACE_PREFIXES = ("", "tỉnh ", "tinh ", "thành phố ", "tp ", "tp. ")


class UnitResolutionError(ValueError):
    """A name that is no unit (``kind == "unknown"``) or several (``"ambiguous"``)."""

    def __init__(self, name: str, kind: str, candidates: tuple[str, ...], message: str) -> None:
        super().__init__(message)
        self.name = name
        self.kind = kind
        self.candidates = candidates


def normalise_name(text: str, level: int = 0) -> str:
    """Key of ``text`` at resolution ``level``: 0 NFC + casefold + single spaces;
    1 also without diacritics (đ→d); 2 also without '&', '-', '.', ',' and spaces.

    >>> normalise_name("Sở  TT&TT", 1), normalise_name("So TT - TT", 2)
    ('so tt&tt', 'sotttt')
    """
    key = _SPACES.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()
    if level >= 1:
        decomposed = unicodedata.normalize("NFD", key.replace("đ", "d"))
        key = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if level >= 2:
        key = _PUNCTUATION.sub("", key)
    return key


_LEVELS = (0, 1, 2)


@dataclass(frozen=True)
class Registry:
    """Units and groups by id, with a name index built once for ``resolve``."""

    units: Mapping[str, Unit]
    groups: Mapping[str, Group]
    _index: tuple[dict[str, tuple[str, ...]], ...] = field(init=False, repr=False, compare=False)
    _group_index: tuple[dict[str, tuple[str, ...]], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_index", _index((u.id, _unit_names(u)) for u in self.units.values())
        )
        object.__setattr__(
            self,
            "_group_index",
            _index(
                (g.id, (g.id, g.name, *((g.name_en,) if g.name_en else ())))
                for g in self.groups.values()
            ),
        )

    def is_known(self, unit_or_group: str) -> bool:
        return unit_or_group in self.units or unit_or_group in self.groups

    def name(self, unit_or_group: str, lang: str = "vi") -> str:
        """Display name; the English one when asked for and registered."""
        entry: Unit | Group
        if unit_or_group in self.units:
            entry = self.units[unit_or_group]
        elif unit_or_group in self.groups:
            entry = self.groups[unit_or_group]
        else:
            raise KeyError(unit_or_group)
        return entry.name_en if lang == "en" and entry.name_en else entry.name

    def expand(self, ids: Iterable[str]) -> tuple[str, ...]:
        """Unit ids of ``ids``, groups replaced by their members (recursively), in order,
        each once. An id that is neither a unit nor a group raises KeyError."""
        out: dict[str, None] = {}

        def visit(item: str, open_groups: tuple[str, ...]) -> None:
            if item in self.units:
                out.setdefault(item)
            elif item in self.groups:
                if item in open_groups:  # load_registry refuses cycles; be safe anyway
                    raise ValueError(f"group cycle: {' → '.join((*open_groups, item))}")
                for member in self.groups[item].members:
                    visit(member, (*open_groups, item))
            else:
                raise KeyError(item)

        for item in ids:
            visit(item, ())
        return tuple(out)

    def resolve(self, name: str) -> str:
        """The unit id a submission's reporter or recipient names.

        Raises UnitResolutionError: ``unknown`` (with close suggestions as candidates, if
        any) or ``ambiguous`` (with every matching unit as candidates).
        """
        if name in self.units:
            return name
        for level in _LEVELS:
            ids = self._index[level].get(normalise_name(name, level))
            if ids and len(ids) == 1:
                return ids[0]
            if ids:
                listed = "; ".join(f"{i} ({self.units[i].name})" for i in ids)
                raise UnitResolutionError(
                    name,
                    "ambiguous",
                    ids,
                    f"ambiguous unit name {name!r}: it matches {len(ids)} units: {listed}; "
                    "write the unit id or a fuller name (with the place)",
                )
        raise self._unknown(name)

    def _unknown(self, name: str) -> UnitResolutionError:
        for level in _LEVELS:
            groups = self._group_index[level].get(normalise_name(name, level))
            if groups:
                return UnitResolutionError(
                    name,
                    "unknown",
                    (),
                    f"{name!r} is the group {groups[0]} ({self.groups[groups[0]].name}); "
                    "a report comes from one unit: name the unit",
                )
        keys = self._index[1]
        close = difflib.get_close_matches(normalise_name(name, 1), list(keys), n=3, cutoff=0.8)
        candidates = tuple(dict.fromkeys(i for key in close for i in keys[key]))
        message = f"unknown unit {name!r}: not a unit id, name or alias in the registry"
        if candidates:
            listed = "; ".join(f"{i} ({self.units[i].name})" for i in candidates)
            message += f"; did you mean: {listed}?"
        return UnitResolutionError(name, "unknown", candidates, message)


def _unit_names(unit: Unit) -> Iterator[str]:
    yield unit.id
    yield unit.name
    if unit.name_en:
        yield unit.name_en
    yield from unit.aliases
    for short in unit.short:
        yield short
        if unit.place:
            for prefix in _PLACE_PREFIXES:
                yield f"{short} {prefix}{unit.place}"


def _index(entries: Iterable[tuple[str, Iterable[str]]]) -> tuple[dict[str, tuple[str, ...]], ...]:
    index: tuple[dict[str, tuple[str, ...]], ...] = tuple({} for _ in _LEVELS)
    for ident, names in entries:
        for text in names:
            for level in _LEVELS:
                key = normalise_name(text, level)
                ids = index[level].get(key, ())
                if ident not in ids:
                    index[level][key] = (*ids, ident)
    return index


# ---------------------------------------------------------------------------------------
# Loading


def load_registry(path: Path) -> Registry:
    """Read, schema-check and cross-check ``units.yaml``; all problems in one BaocaoError."""
    return _build(load_yaml(path))


def registry_from_data(data: Any, file: str = "<units>") -> Registry:
    """The same checks on already-parsed data (positions unknown): for tests and tools."""
    return _build(Located(data, file, {}))


def _build(located: Located) -> Registry:
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
            )
    problems.extend(_reference_problems(located, data, units, groups))
    if not problems:
        problems.extend(_group_cycles(located, groups, first))
        problems.extend(_successor_cycles(located, units, first))
    if problems:
        raise BaocaoError(problems)
    return Registry(units, groups)


def _unit(raw: dict[str, Any], pointer: str, located: Located, problems: list[Problem]) -> Unit:
    dates: dict[str, date | None] = {}
    for key in ("valid_from", "valid_to"):
        dates[key] = None
        if key in raw:
            try:
                dates[key] = date.fromisoformat(raw[key])
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
        name_en=raw.get("name_en"),
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
                )
    for i, raw in enumerate(data.get("groups") or ()):
        for j, member in enumerate(raw["members"]):
            if member not in units and member not in groups:
                yield located.problem(
                    f"/groups/{i}/members/{j}",
                    "units.unknown-ref",
                    f"member {member!r} of group {raw['id']!r} is not a unit or group id"
                    + _suggest(member, known),
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
