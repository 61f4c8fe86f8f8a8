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

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from engine.model import Area, AreaLevel, Group, Role, Unit, UnitKind, Within

__all__ = ["Abbreviations", "Registry", "UnitResolutionError", "normalise_name"]

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[\s&.,\-‐‑–—]+")  # ASCII and Unicode dashes alike
# "<short> <place>": how a short name is completed by the unit's place in practice.
_PLACE_PREFIXES = ("", "tỉnh ", "tinh ", "thành phố ", "tp ", "tp. ")


class UnitResolutionError(ValueError):
    """A name that is no unit (``kind`` "unknown"), several ("ambiguous"), or a group of
    units where one unit was expected ("group"). ``kind`` names the problem code
    ``unit.<kind>``."""

    KINDS = ("unknown", "ambiguous", "group")

    def __init__(self, name: str, kind: str, candidates: tuple[str, ...], message: str) -> None:
        super().__init__(message)
        self.name = name
        self.kind = kind
        self.candidates = candidates


def normalise_name(text: str, level: int = 0, forms: Abbreviations | None = None) -> str:
    """Key of ``text`` at resolution ``level``: 0 NFC + casefold + single spaces;
    1 also without diacritics (đ→d); 2 also without '&', '-', '.', ',' and spaces; 3 also
    with the registry's abbreviations and spellings made one (``Abbreviations``).

    >>> normalise_name("Sở  TT&TT", 1), normalise_name("So TT - TT", 2)
    ('so tt&tt', 'sotttt')
    >>> forms = Abbreviations((("BCĐ", ("Ban Chỉ đạo",)), ("CVĐ", ("Cuộc vận động",))))
    >>> normalise_name("Ban Chỉ đạo CVĐ huyện Tân Biên", 3, forms)
    'bcdcvdhuyentanbien'
    """
    key = _SPACES.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()
    if level >= 1:
        decomposed = unicodedata.normalize("NFD", key.replace("đ", "d"))
        key = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if level >= 3 and forms is not None:
        key = forms.shorten(key)
    if level >= 2:
        key = _PUNCTUATION.sub("", key)
    return key


class Abbreviations:
    """The abbreviations clerks write in unit names ("BCĐ" for "Ban Chỉ đạo", "UBMTTQ" for
    "Ủy ban Mặt trận Tổ quốc", "LHPN", "TX") and regional spellings ("Tài chánh"), from
    ``units.yaml``: a name is compared with every long form replaced by its short one, so
    either way of writing matches the other."""

    def __init__(self, pairs: Iterable[tuple[str, Iterable[str]]] = ()) -> None:
        self.pairs = tuple((short, tuple(longs)) for short, longs in pairs)
        table: list[tuple[tuple[str, ...], str]] = []
        for short, longs in self.pairs:
            target = _words(normalise_name(short, 1))
            for form in (short, *longs):
                words = _words(normalise_name(form, 1))
                if words and words != target:
                    table.append((words, "".join(target)))
            if len(target) > 1:
                table.append((target, "".join(target)))
        # longest first, so "uy ban mat tran to quoc" wins over "mat tran to quoc"
        self._table = sorted(table, key=lambda t: -len(t[0]))
        self._first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for words, short in self._table:
            self._first.setdefault(words[0], []).append((words, short))

    def shorten(self, key: str) -> str:
        """``key`` (folded) with each long form replaced by its short form, repeatedly (an
        abbreviation may be part of a longer one: "Ủy ban MTTQ" → "UBMTTQ")."""
        if not self._table:
            return key
        words = _words(key)
        for _ in range(3):
            out: list[str] = []
            i = 0
            changed = False
            while i < len(words):
                for long, short in self._first.get(words[i], ()):
                    if tuple(words[i:i + len(long)]) == long:
                        out.append(short)
                        i += len(long)
                        changed = True
                        break
                else:
                    out.append(words[i])
                    i += 1
            words = tuple(out)
            if not changed:
                break
        return " ".join(words)


def _words(key: str) -> tuple[str, ...]:
    return tuple(w for w in _PUNCTUATION.split(key) if w)


_LEVELS = (0, 1, 2, 3)
# "did you mean": the names scored closely are those of the ``_POOL`` closest by edits (at
# least ``_EDIT_CUTOFF``) and the ``_POOL`` sharing most words; ``prepare`` scores
# ``_ROWS_AT_ONCE`` names at a time (a row of a national registry's scores is 300 kB)
_POOL = 50
_EDIT_CUTOFF = 50
_ROWS_AT_ONCE = 64
# The levels a place-less short name is compared at ("Sở Y tế", "Hội LHPN tỉnh").
_PLACELESS_SUFFIXES = ("", " tinh", " tp", " thanh pho")


@dataclass(frozen=True)
class Registry:
    """Units and groups by id, with a name index built once for ``resolve``."""

    units: Mapping[str, Unit]
    groups: Mapping[str, Group]
    forms: Abbreviations = field(default_factory=Abbreviations)
    areas: Mapping[str, Area] = field(default_factory=dict)
    kinds: Mapping[str, UnitKind] = field(default_factory=dict)
    _index: tuple[dict[str, tuple[str, ...]], ...] = field(init=False, repr=False, compare=False)
    _group_index: tuple[dict[str, tuple[str, ...]], ...] = field(
        init=False, repr=False, compare=False
    )
    _placeless: tuple[dict[str, tuple[str, ...]], ...] = field(
        init=False, repr=False, compare=False
    )
    # A register names the same few thousand units a million times: each distinct name (in
    # each province of context) is resolved once (the outcome, or the error's parts, kept here).
    _resolved: dict[tuple[str, str | None],
                    tuple[str, str | None] | tuple[str, tuple[str, ...], str]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    # the names and ids "did you mean" searches (built on first use)
    _suggestions: dict[str, tuple[str, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    # name → why it names no unit: a national register misspells a name in every province's
    # records, and the error (its "did you mean" searched among 40,000 names) does not
    # depend on the province it is read in
    _unknowns: dict[str, tuple[str, tuple[str, ...], str]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    # the names ``prepare`` has looked at: a register built a batch at a time names most of
    # its units again in every batch, and each distinct name is looked at once
    _prepared: set[str] = field(init=False, repr=False, compare=False, default_factory=set)
    # the words of the names "did you mean" searches (built on first use; a list holds it)
    _word_search: list[_WordSearch] = field(
        init=False, repr=False, compare=False, default_factory=list
    )
    # (kind, level) → the units of the kind by the area of that level they lie in: a national
    # rule resolves a role for ten thousand communes, each by one lookup (built on first use)
    _placed: dict[tuple[str, AreaLevel], dict[str | None, tuple[str, ...]]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _by_kind: dict[str, tuple[str, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    # unit id → its province: asked for every record's recipient
    _provinces: dict[str, str | None] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_index",
            _index(((u.id, _unit_names(u)) for u in self.units.values()), self.forms),
        )
        object.__setattr__(
            self, "_placeless",
            _index(((u.id, u.short) for u in self.units.values() if u.place), self.forms),
        )
        object.__setattr__(
            self,
            "_group_index",
            _index(
                ((g.id, (g.id, g.name, *((g.name_en,) if g.name_en else ())))
                 for g in self.groups.values()), self.forms,
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

    def label(self, unit_or_group: str, lang: str = "vi") -> str:
        """The short form tables show: the registered ``label`` (``label_en``), else in
        Vietnamese the first short name with the place ("Sở TT&TT Tây Ninh"), else the name.

        >>> Registry({"s": Unit("s", "Sở Thông tin và Truyền thông tỉnh Tây Ninh", "so",
        ...                     place="Tây Ninh", short=("Sở TT&TT",))}, {}).label("s")
        'Sở TT&TT Tây Ninh'
        """
        unit = self.units.get(unit_or_group)
        if unit is None:
            return self.name(unit_or_group, lang)
        if lang == "en":
            return unit.label_en or unit.name_en or unit.name
        if unit.label:
            return unit.label
        if unit.short and unit.place:
            return f"{unit.short[0]} {unit.place}"
        return unit.name

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

    def inferred_members(self, ids: Iterable[str]) -> frozenset[str]:
        """The units of ``ids`` reached only through groups whose membership was inferred
        (``Group.inferred``): a report owed by one of them rests on that inference."""
        sure: set[str] = set()
        guessed: set[str] = set()

        def visit(item: str, inferred: bool, open_groups: frozenset[str]) -> None:
            if item in self.units:
                (guessed if inferred else sure).add(item)
            elif item in self.groups and item not in open_groups:
                group = self.groups[item]
                for member in group.members:
                    visit(member, inferred or group.inferred is not None, open_groups | {item})

        for item in ids:
            visit(item, False, frozenset())
        return frozenset(guessed - sure)

    def carrier(self, unit_id: str, on: date) -> str | None:
        """Who carries ``unit_id``'s duties on day ``on``: the unit itself while it exists,
        then its successor (and theirs), None when it ceased with no successor recorded.

        >>> reg = Registry({"a": Unit("a", "A", "so", valid_to=date(2025, 2, 28),
        ...                           successor="b"), "b": Unit("b", "B", "so")}, {})
        >>> reg.carrier("a", date(2025, 2, 28)), reg.carrier("a", date(2025, 3, 1))
        ('a', 'b')
        """
        current: str | None = unit_id
        seen: set[str] = set()
        while current is not None and current not in seen:
            unit = self.units.get(current)
            if unit is None or unit.valid_to is None or on <= unit.valid_to:
                return current
            seen.add(current)
            current = unit.successor if unit.successor else self._through_parent(unit, on)
        return None

    def _through_parent(self, unit: Unit, on: date) -> str | None:
        """A unit that ceased with no successor of its own, inside a parent that ceased with
        one, passes its duties to the parent's successor: the Thường trực BCĐ of the Bộ TT&TT
        ended with its ministry, whose campaign committee the Bộ KH&CN's carries on. Not when
        the registry says it ended with nothing after it (``no_successor``), nor when the
        parent still exists (the district level abolished in 2025: its work did not pass to
        one unit)."""
        if unit.no_successor or unit.parent is None:
            return None
        parent = self.units.get(unit.parent)
        if parent is None or parent.valid_to is None or on <= parent.valid_to:
            return None
        if parent.successor is None and parent.parent is None:
            return None
        return self.carrier(parent.id, on)

    # -- the administrative tree: units addressed by kind and place ------------------------

    def _lineage(self, unit_id: str | None) -> Iterator[Unit]:
        """The unit, then its parent, and theirs (a cycle is walked once)."""
        seen: set[str] = set()
        while unit_id is not None and unit_id not in seen:
            seen.add(unit_id)
            unit = self.units.get(unit_id)
            if unit is None:
                return
            yield unit
            unit_id = unit.parent

    def area_of(self, unit_id: str) -> str | None:
        """The area a unit serves: its own, else its nearest parent's."""
        return next((u.area for u in self._lineage(unit_id) if u.area is not None), None)

    def area_at(self, area_id: str | None, level: AreaLevel) -> str | None:
        """The area of ``level`` that ``area_id`` lies in (itself included), if any."""
        seen: set[str] = set()
        while area_id is not None and area_id not in seen:
            seen.add(area_id)
            area = self.areas.get(area_id)
            if area is None:
                return None
            if area.level is level:
                return area_id
            area_id = area.parent
        return None

    def in_area(self, unit_id: str, area_id: str) -> bool:
        """The unit serves ``area_id`` or a place inside it."""
        current = self.area_of(unit_id)
        seen: set[str] = set()
        while current is not None and current not in seen:
            if current == area_id:
                return True
            seen.add(current)
            area = self.areas.get(current)
            current = area.parent if area else None
        return False

    def of_kind(self, kind: str, area_id: str | None = None) -> tuple[str, ...]:
        """Every unit of ``kind`` (in ``area_id``, at any depth), in registry order."""
        return tuple(u.id for u in self.units.values() if u.kind == kind
                     and (area_id is None or self.in_area(u.id, area_id)))

    def _all_of_kind(self, kind: str) -> tuple[str, ...]:
        found = self._by_kind.get(kind)
        if found is None:
            found = self._by_kind[kind] = self.of_kind(kind)
        return found

    def _kind_in(self, kind: str, level: AreaLevel, area: str) -> tuple[str, ...]:
        """The units of ``kind`` whose area of ``level`` is ``area``."""
        placed = self._placed.get((kind, level))
        if placed is None:
            grouped: dict[str | None, list[str]] = {}
            for u in self.units.values():
                if u.kind == kind:
                    grouped.setdefault(self.area_at(self.area_of(u.id), level), []).append(u.id)
            placed = self._placed[(kind, level)] = {k: tuple(v) for k, v in grouped.items()}
        return placed.get(area, ())

    def kind_name(self, kind: str, lang: str = "vi") -> str:
        entry = self.kinds.get(kind)
        if entry is None:
            return kind
        return entry.name_en if lang == "en" and entry.name_en else entry.name

    def role_candidates(self, reporter: str, role: Role) -> tuple[str, ...]:
        """The units ``role`` names for ``reporter`` (none, one, or several to refuse), with
        ``otherwise`` tried when the first reading finds none. Units that follow one another
        (a successor of another candidate) count as one: the first, whose carrier on the due
        date is whoever took it over."""
        found = self._role_units(reporter, role)
        if not found and role.otherwise is not None:
            return self.role_candidates(reporter, role.otherwise)
        successors = {u.successor for c in found if (u := self.units[c]).successor}
        return tuple(c for c in found if c not in successors) or found

    def _role_units(self, reporter: str, role: Role) -> tuple[str, ...]:
        if role.within is Within.PARENT:
            above = self.units[reporter].parent if reporter in self.units else None
            return next(((u.id,) for u in self._lineage(above)
                         if role.kind is None or u.kind == role.kind), ())
        assert role.kind is not None
        if role.within is Within.COUNTRY:
            return tuple(u for u in self._all_of_kind(role.kind) if u != reporter)
        level = AreaLevel.DISTRICT if role.within is Within.DISTRICT else AreaLevel.PROVINCE
        area = self.area_at(self.area_of(reporter), level)
        if area is None:
            return ()
        return tuple(u for u in self._kind_in(role.kind, level, area) if u != reporter)

    def add_group(self, group: Group) -> None:
        """A group compiled from a rule (every unit of a kind in a place, or the units a
        role resolved to) when the rule book loads: named like any group, never resolved
        from a submission's name."""
        groups = self.groups
        assert isinstance(groups, dict)
        groups[group.id] = group

    def resolve(self, name: str, near: str | None = None) -> str:
        """The unit id a submission's reporter or recipient names.

        ``near``: the province the name is read in (the office keeping the register, or the
        record's recipient): among several units the name fits, the one of that province.
        Raises UnitResolutionError: ``unknown`` (with close suggestions as candidates, if
        any) or ``ambiguous`` (with every matching unit as candidates).
        """
        return self.resolve_noted(name, near)[0]

    def resolve_noted(self, name: str, near: str | None = None) -> tuple[str, str | None]:
        """``resolve``, and how: None for a name that is the unit's own, else the note code
        ``unit.resolved-short`` (a short name without its place that fits one unit) or
        ``unit.resolved-place`` (one of several, by the province of ``near``)."""
        if name in self.units:
            return name, None
        known = self._resolved.get((name, near))
        if known is None:
            try:
                known = self._resolve(name, near)
            except UnitResolutionError as err:
                known = (err.kind, err.candidates, str(err))
            self._resolved[(name, near)] = known
        if len(known) == 2:
            return known
        kind, candidates, message = known
        raise UnitResolutionError(name, kind, candidates, message)

    def province(self, unit_id: str) -> str | None:
        """The place of a unit's highest ancestor that has one (a district committee is in its
        province), else its own: what ties are broken by."""
        if unit_id in self._provinces:
            return self._provinces[unit_id]
        found = self._provinces[unit_id] = next(
            (u.place for u in reversed(list(self._lineage(unit_id))) if u.place), None)
        return found

    def _resolve(self, name: str, near: str | None) -> tuple[str, str | None]:
        for level in _LEVELS:
            ids = self._index[level].get(normalise_name(name, level, self.forms))
            if ids and len(ids) == 1:
                return ids[0], None
            if ids:
                here = self._in(ids, near)
                if here is not None:
                    return here, "unit.resolved-place"
                listed = "; ".join(f"{i} ({self.units[i].name})" for i in ids)
                raise UnitResolutionError(
                    name,
                    "ambiguous",
                    ids,
                    f"ambiguous unit name {name!r}: it matches {len(ids)} units: {listed}; "
                    "write the unit id or a fuller name (with the place)",
                )
        found = self._short(name, near)
        if found is None:
            raise self._unknown(name)
        return found

    def _short(self, name: str, near: str | None) -> tuple[str, str] | None:
        """A short name written without its place ("Sở Y tế", "Sở Y tế tỉnh"), read in province
        ``near``; None if it is none."""
        for level in _LEVELS:
            key = normalise_name(name, level, self.forms)
            for suffix in _PLACELESS_SUFFIXES:
                stem = key[: -len(suffix)].rstrip() if suffix and key.endswith(suffix) else key
                if suffix and stem == key:
                    continue
                ids = self._placeless[level].get(stem)
                if ids and len(ids) == 1 and self._may_be_near(ids[0], near):
                    return ids[0], "unit.resolved-short"
                if ids:
                    here = self._in(ids, near)
                    if here is not None:
                        return here, "unit.resolved-place"
                    local = self._local(ids, near)
                    if len(local) > 1:  # several of the province's own: list those
                        listed = "; ".join(f"{i} ({self.units[i].name})" for i in local)
                        raise UnitResolutionError(
                            name, "ambiguous", local,
                            f"{name!r} fits {len(local)} units of {near}: {listed}; write "
                            "the unit's full name")
        return None

    def _may_be_near(self, unit_id: str, near: str | None) -> bool:
        """A short name without its place read in province ``near``: the one unit registered
        under it, unless that unit is of another province ("Ban Tuyên giáo Tỉnh ủy" in a Thái
        Nguyên register is Thái Nguyên's own, whether registered or not)."""
        if near is None:
            return True
        province = self.province(unit_id)
        return province is None or normalise_name(province, 1) == normalise_name(near, 1)

    def _local(self, ids: tuple[str, ...], near: str | None) -> tuple[str, ...]:
        """Those of ``ids`` in province ``near``."""
        if near is None:
            return ()
        target = normalise_name(near, 1)
        return tuple(i for i in ids if normalise_name(self.province(i) or "", 1) == target)

    def _in(self, ids: tuple[str, ...], near: str | None) -> str | None:
        """The one of ``ids`` in province ``near``, if exactly one is."""
        here = self._local(ids, near)
        return here[0] if len(here) == 1 else None

    def _offered(self) -> dict[str, tuple[str, ...]]:
        """What "did you mean" searches: every name (level 1), and the ids (a mistyped id is
        offered its unit, though an id is matched only as written)."""
        found = self._suggestions
        if not found:
            found.update(self._index[1])
            for ident in self.units:
                key = normalise_name(ident, 1)
                found[key] = tuple(dict.fromkeys((*found.get(key, ()), ident)))
        return found

    def prepare(self, names: Iterable[str]) -> None:
        """Search "did you mean" for all of a batch's names that name no unit at once, before
        they are resolved one by one. rapidfuzz compares many names in one pass over the
        registry (``cdist``): 1,985 names against 34,153 took 1.2 s on one core, where
        ``process.extract`` takes 4 to 5 ms a name. Only names no reading finds are searched
        (a short name read in a province that has no such unit is searched when it is met)."""
        index, forms, known = self._index, self.forms, self._unknowns
        typed: dict[str, str] = {}  # name → its level-1 key, what is compared
        fresh = set(names) - self._prepared
        self._prepared.update(fresh)
        for name in fresh:
            if name in self.units or name in known:
                continue
            keys = name_keys(name, forms)
            if (not any(key in index[level] for level, key in zip(_LEVELS, keys, strict=True))
                    and self._short(name, None) is None and self._not_one_unit(name) is None):
                typed[name] = keys[1]
        if len(typed) < 2:
            return
        import numpy as np
        from rapidfuzz import fuzz, process

        offered = list(self._offered())
        order = list(typed)
        for start in range(0, len(order), _ROWS_AT_ONCE):
            rows = order[start:start + _ROWS_AT_ONCE]
            scores = process.cdist([typed[name] for name in rows], offered, scorer=fuzz.ratio,
                                   score_cutoff=_EDIT_CUTOFF, dtype=np.float64, workers=-1)
            for name, row in zip(rows, scores, strict=True):
                # no reading found it and it names no place-less unit or group (above)
                closest = [offered[i] for i in _best(row, _POOL, _EDIT_CUTOFF)]
                err = self._did_you_mean(name, closest)
                known[name] = (err.kind, err.candidates, str(err))

    def _sharing_words(self, typed: str, limit: int) -> list[str]:
        """The names (level-1 keys) sharing most words with ``typed``, ties by name; a word in
        a tenth of all names ("sở", "tỉnh") is not looked up. Counted with numpy's
        ``bincount`` over each word's names: a word in 4,000 names made this 3 ms a name with
        a ``Counter`` and two sorts, 8 ms in a loop."""
        import numpy as np

        if not self._word_search:
            self._word_search.append(_WordSearch.of(list(self._offered())))
        search = self._word_search[0]
        found = [search.words[w] for w in set(typed.split()) if w in search.words]
        if not found:
            return []
        counts = np.bincount(np.concatenate(found), minlength=len(search.names))
        # most words first, then by name: one integer per name, the largest first
        score = counts * len(search.names) - search.rank  # >= 1 where a word is shared
        score[counts == 0] = 0
        return [search.names[i] for i in _best(score, limit, 1)]

    def _unknown(self, name: str) -> UnitResolutionError:
        """A fresh error each time (one raised again would carry its earlier tracebacks)."""
        found = self._unknowns.get(name)
        if found is None:
            err = self._why_unknown(name)
            found = self._unknowns[name] = (err.kind, err.candidates, str(err))
        return UnitResolutionError(name, *found)

    def _why_unknown(self, name: str) -> UnitResolutionError:
        found = self._not_one_unit(name)
        return found if found is not None else self._did_you_mean(name)

    def _not_one_unit(self, name: str) -> UnitResolutionError | None:
        """The error for a name that names no one place, or a group; None for any other."""
        for level in _LEVELS:
            ids = self._placeless[level].get(normalise_name(name, level, self.forms))
            if ids:
                # "Hội Nông dân tỉnh": every province has one; which is not said.
                example = f"{self.units[ids[0]].short[0]} {self.units[ids[0]].place}"
                listed = "; ".join(f"{i} ({self.units[i].name})" for i in ids)
                return UnitResolutionError(
                    name, "ambiguous", ids,
                    f"{name!r} names no place: every province has one; write it with the "
                    f"place, e.g. {example!r} (registered: {listed})",
                )
        for level in _LEVELS:
            groups = self._group_index[level].get(normalise_name(name, level, self.forms))
            if groups:
                return UnitResolutionError(
                    name,
                    "group",
                    (),
                    f"{name!r} is the group {groups[0]} ({self.groups[groups[0]].name}); "
                    "a report comes from one unit: name the unit",
                )
        return None

    def _did_you_mean(self, name: str, by_edits: list[str] | None = None
                      ) -> UnitResolutionError:
        """``by_edits``: the names closest to ``name`` by edits, if ``prepare`` found them."""
        from rapidfuzz import fuzz, process

        # A name typed short ("Sở Thông tin Tây Ninh") is far from the full name by edit
        # distance and close by shared words, an abbreviation ("So TT va TT") the other way
        # round: the mean of the two scores, on the 50 keys closest by edits and the 50 that
        # share most words (scoring all of a national registry's 40,000 names by shared words
        # would cost 20 ms a name).
        keys = self._offered()
        typed = normalise_name(name, 1)
        if by_edits is None:
            by_edits = [key for key, _, _ in process.extract(
                typed, keys.keys(), scorer=fuzz.ratio, limit=_POOL, score_cutoff=_EDIT_CUTOFF)]
        pool = set(by_edits)
        pool.update(self._sharing_words(typed, _POOL))
        scored = sorted((((fuzz.ratio(typed, k) + fuzz.token_set_ratio(typed, k)) / 2, k)
                         for k in pool), key=lambda p: (-p[0], p[1]))  # best first
        best = scored[0][0] if scored else 0
        # within 5 points of the best: a near-exact name does not drag in its namesakes
        # of other provinces
        ranked = [k for score, k in scored if score >= max(80, best - 5)]
        candidates = tuple(dict.fromkeys(i for key in ranked for i in keys[key]))[:3]
        message = f"unknown unit {name!r}: not a unit id, name or alias in the registry"
        if candidates:
            listed = "; ".join(f"{i} ({self.units[i].name})" for i in candidates)
            message += f"; did you mean: {listed}?"
        return UnitResolutionError(name, "unknown", candidates, message)


class _WordSearch(NamedTuple):
    """The names "did you mean" searches, in order, each one's rank by name, and each word's
    names as positions in that order (a word in a tenth of all names is left out)."""

    names: list[str]
    rank: Any  # numpy array
    words: dict[str, Any]  # word → numpy array of positions

    @staticmethod
    def of(names: list[str]) -> _WordSearch:
        import numpy as np

        held: dict[str, list[int]] = {}
        for at, key in enumerate(names):
            for word in set(key.split()):
                held.setdefault(word, []).append(at)
        rank = np.empty(len(names), dtype=np.int64)
        rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
        common = max(50, len(names) // 10)
        return _WordSearch(names, rank, {w: np.array(ats, dtype=np.int64)
                                         for w, ats in held.items() if len(ats) <= common})


def _best(scores: Any, limit: int, at_least: float) -> list[int]:
    """Positions of the ``limit`` highest of ``scores`` (a numpy array) that are at least
    ``at_least``, highest first, ties by position: the order ``process.extract`` gives."""
    import numpy as np

    at = np.flatnonzero(scores >= at_least)
    if len(at) > limit:
        values = scores[at]
        cut = np.partition(values, len(values) - limit)[len(values) - limit]  # limit-th
        higher = at[values > cut]
        at = np.concatenate([higher, at[values == cut][: limit - len(higher)]])
    return [int(i) for i in at[np.lexsort((at, -scores[at]))]]


def _unit_names(unit: Unit) -> Iterator[str]:
    """The names a unit is written by. Its id is matched as written (``resolve``), never
    folded: a name that happens to spell a slug's letters is no reason to take that unit."""
    yield unit.name
    if unit.name_en:
        yield unit.name_en
    yield from (label for label in (unit.label, unit.label_en) if label)
    yield from unit.aliases
    for short in unit.short:
        if not unit.place:
            yield short  # a central body: its short name is unique
        if unit.place:
            for prefix in _PLACE_PREFIXES:
                yield f"{short} {prefix}{unit.place}"


def name_keys(text: str, forms: Abbreviations | None = None) -> tuple[str, str, str, str]:
    """``normalise_name`` of ``text`` at every level of ``_LEVELS`` at once, each level from
    the one before (a registry of ten thousand units indexes every name at four levels).

    >>> name_keys("Sở  TT&TT") == tuple(normalise_name("Sở  TT&TT", n) for n in _LEVELS)
    True
    """
    key0 = _SPACES.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()
    decomposed = unicodedata.normalize("NFD", key0.replace("đ", "d"))
    key1 = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    key2 = _PUNCTUATION.sub("", key1)
    key3 = _PUNCTUATION.sub("", forms.shorten(key1)) if forms is not None else key2
    return key0, key1, key2, key3


def _index(entries: Iterable[tuple[str, Iterable[str]]], forms: Abbreviations | None = None
           ) -> tuple[dict[str, tuple[str, ...]], ...]:
    index: tuple[dict[str, tuple[str, ...]], ...] = tuple({} for _ in _LEVELS)
    for ident, names in entries:
        for text in names:
            for level, key in zip(_LEVELS, name_keys(text, forms), strict=True):
                ids = index[level].get(key, ())
                if ident not in ids:
                    index[level][key] = (*ids, ident)
    return index
