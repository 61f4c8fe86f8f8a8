"""Decision rules (``rules/decisions.yaml``): YAML conditions over one fact, checked against the
fact dataclasses of ``engine.model.facts``, and the combinations they can tell apart.

Only single-fact patterns with constant comparisons exist: that is the part of durable_rules
measured to be sound (docs/design.md#using-the-rule-engine-safely). Everything that needs
several facts at once (which report came first, which instance a report belongs to) is done
before, in ``evaluation.group``.

Because every condition compares a field with a constant, two facts whose fields fall on the
same side of every constant get the same decision: ``Decisions.canonical`` maps a fact to its
*combination* (every int replaced by a representative of its interval between the constants).
``Decisions.combinations`` lists every combination that can occur (``POSSIBLE`` says which
cannot, and why), so that the rules can be checked before any data arrives: when they load,
every combination must be decided by exactly one rule (``Decisions.coverage``: a gap or an
overlap is an error located in decisions.yaml). durable_rules then decides each combination
once (``engine.evaluation.decide``); reading the conditions here only finds gaps and
overlaps, it never decides a verdict.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from engine.errors import BaocaoError, Problem, problem
from engine.model import FACT_KINDS, Disposition, Fact, InstanceFact, SubmissionFact, Verdict
from engine.model.facts import fact_fields
from engine.rulebook.schemas import validate
from engine.sources.located import Located

__all__ = ["POSSIBLE", "Condition", "Constraint", "DecisionRule", "Decisions",
           "build_decisions"]

INSTANCE_FIELDS = fact_fields(FACT_KINDS["instance"])
SUBMISSION_FIELDS = fact_fields(FACT_KINDS["submission"])
OPERATORS = ("eq", "ne", "lt", "lte", "gt", "gte")
_SYMBOLS = {"eq": "=", "ne": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
_HOLDS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b, "gt": lambda a, b: a > b, "gte": lambda a, b: a >= b,
}
T = TypeVar("T")


@dataclass(frozen=True)
class Condition:
    field: str
    op: str  # one of OPERATORS
    value: bool | int | str

    def holds(self, fact: Fact) -> bool:
        return _HOLDS[self.op](getattr(fact, self.field), self.value)

    def __str__(self) -> str:
        return f"{self.field}{_SYMBOLS[self.op]}{_word(self.value)}"


@dataclass(frozen=True)
class DecisionRule:
    name: str
    kind: str  # "instance" or "submission": the fact it tests
    outcome: str  # a Verdict or Disposition value
    conditions: tuple[Condition, ...]
    reason_vi: str | None = None
    reason_en: str | None = None
    line: int = 0  # where it is written in decisions.yaml
    column: int = 0

    def reason(self, lang: str) -> str | None:
        return self.reason_en if lang == "en" else self.reason_vi

    def holds(self, fact: Fact) -> bool:
        return all(c.holds(fact) for c in self.conditions)


# --- the combinations that can occur ------------------------------------------------------


@dataclass(frozen=True)
class Constraint:
    """What holds of every fact ``engine/evaluation/facts.py`` builds, and why: the
    combinations that break it never occur, so no rule needs to decide them."""

    kind: str  # "instance" or "submission"
    says: str
    holds: Callable[[Any], bool]


def _instance(test: Callable[[InstanceFact], bool]) -> Callable[[Any], bool]:
    return test


def _submission(test: Callable[[SubmissionFact], bool]) -> Callable[[Any], bool]:
    return test


# The one place that says which combinations of fact values cannot occur; each line reads off
# how ``engine/evaluation/facts.py`` (and ``group.group``, whose Matching it reads) builds a
# fact. A fact that breaks one is a bug of baocao, stopped as an internal error when it is
# decided (``engine.evaluation.decide``); test_decisions.py checks them on real runs.
POSSIBLE: tuple[Constraint, ...] = (
    # facts.instance_facts: days_after_due and before_inputs are computed from a receipt
    Constraint("instance", "an instance not received has no days after its due date and no "
               "inputs it came before: received=false implies days_after_due=0 and "
               "before_inputs=false",
               _instance(lambda f: f.received
                         or (f.days_after_due == 0 and not f.before_inputs))),
    # group.group: routed (hits) ⊆ on_subject (fitting) ⊆ owed (cands), each a list's length
    Constraint("submission", "owed, on_subject and routed count instances, each of the one "
               "before: 0 <= routed <= on_subject <= owed",
               _submission(lambda f: 0 <= f.routed <= f.on_subject <= f.owed)),
    # group.group: a document of another kind is a report when a duty takes it (cands), else
    # report=false and it goes no further; every record skipped before keeps owed=()
    Constraint("submission", "a document that is not a report is owed nothing (it counts as "
               "a report for a duty that takes its kind): report=false implies owed=0",
               _submission(lambda f: f.report or f.owed == 0)),
    # group.group skips a record with problems, one after the as-of date, one whose units
    # are unknown, before anything else is worked out for it
    Constraint("submission", "an invalid record is not read further: valid=false implies "
               "later=false, units_known=false",
               _submission(lambda f: f.valid or not (f.later or f.units_known))),
    Constraint("submission", "a record received after the as-of date is not matched: "
               "later=true implies units_known=false",
               _submission(lambda f: not (f.later and f.units_known))),
    Constraint("submission", "a record whose units are not known is not matched: "
               "units_known=false implies owed=0, too_early=false, subject_named=false, "
               "first=false",
               _submission(lambda f: f.units_known or not (
                   f.owed or f.too_early or f.subject_named or f.first))),
    # group._candidates: too_early = not cands, once the periods too early are left out
    Constraint("submission", "too early means every period it names came too early, so "
               "nothing is owed: too_early=true implies owed=0",
               _submission(lambda f: not f.too_early or f.owed == 0)),
    # group.group: satisfies (first) is built from the routed instances (hits) only
    Constraint("submission", "the earliest routed report is routed: first=true implies "
               "routed>0",
               _submission(lambda f: not f.first or f.routed > 0)),
)


def _word(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


# --- the decisions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Decisions:
    instance_rules: tuple[DecisionRule, ...]
    submission_rules: tuple[DecisionRule, ...]
    file: str = "decisions.yaml"
    # where instance_rules: and submission_rules: are written, (line, column) each
    lines: tuple[int, int] = (0, 0)
    columns: tuple[int, int] = (0, 0)
    # looked up once per result: a million a run
    _by_name: dict[str, DecisionRule] = field(init=False, repr=False, compare=False)
    # what is worked out once per rule book (combinations, the decision table)
    _memo: dict[str, Any] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {
            r.name: r for r in (*self.submission_rules, *self.instance_rules)})

    def section_line(self, kind: str) -> int:
        return self.lines[0] if kind == "instance" else self.lines[1]

    def rules(self, kind: str) -> tuple[DecisionRule, ...]:
        return self.instance_rules if kind == "instance" else self.submission_rules

    def rule(self, name: str) -> DecisionRule:
        return self._by_name[name]

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """``build()``, once per Decisions (the decision table is built on first use)."""
        if key not in self._memo:
            self._memo[key] = build()
        found: T = self._memo[key]
        return found

    def thresholds(self, kind: str) -> dict[str, tuple[int, ...]]:
        """Per integer field, the constants the rules of ``kind`` compare it with."""
        found: dict[str, set[int]] = {}
        for r in self.rules(kind):
            for c in r.conditions:
                if isinstance(c.value, int) and not isinstance(c.value, bool):
                    found.setdefault(c.field, set()).add(c.value)
        return {k: tuple(sorted(v)) for k, v in found.items()}

    def canonical(self, fact: Fact, thresholds: Mapping[str, tuple[int, ...]]) -> Fact:
        """The representative of ``fact``'s class: every int replaced by a value on the same
        side of every constant the rules compare it with (the constant itself when equal).

        >>> d = Decisions((), ())
        >>> d.canonical(InstanceFact(True, 17, -3, True, True), {"days_after_due": (0,)})
        InstanceFact(received=True, days_after_due=1, days_past_due=0, reporter_active=True, \
recipient_active=True, before_inputs=False)
        """
        cls = type(fact)
        names = _FIELD_NAMES.get(cls)
        if names is None:
            names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
        # one pass per fact, a million facts a run: no astuple (it deep-copies every value)
        values: list[Any] = [
            _representative(value, thresholds.get(name, ())) if type(value) is int else value
            for name in names
            for value in (getattr(fact, name),)
        ]
        return cls(*values)

    def combinations(self, kind: str) -> tuple[Fact, ...]:
        """Every combination the conditions of ``kind`` can tell apart and that can occur
        (``POSSIBLE``), once each: the canonical forms of every fact whose ints are witnesses
        (each constant the rules compare with, ±1, and -1, 0, 1) and that breaks no
        constraint. Witnesses shared by every int field are enough for constraints that bound
        fields by 0 or 1 or order them (each class has one, and so does the least fact of a
        class that the constraints admit).

        >>> len(Decisions((), ()).combinations("instance"))  # ints compared with nothing
        12
        """
        return self.memo(f"combinations:{kind}", lambda: self._combinations(kind))

    def _combinations(self, kind: str) -> tuple[Fact, ...]:
        cls = FACT_KINDS[kind]
        thresholds = self.thresholds(kind)
        witnesses = sorted({x for cs in thresholds.values() for c in cs
                            for x in (c - 1, c, c + 1)} | {-1, 0, 1})
        types = fact_fields(cls)
        axes = [(False, True) if t is bool else witnesses for t in types.values()]
        # each field's value -> its class's representative (bools are their own)
        reps = [{v: v for v in axis} if t is bool else
                {v: _representative(v, thresholds.get(name, ())) for v in axis}
                for (name, t), axis in zip(types.items(), axes, strict=True)]
        tests = [c.holds for c in POSSIBLE if c.kind == kind]
        view = namedtuple("view", list(types))  # type: ignore[misc]  # light to build
        found: dict[tuple[Any, ...], None] = {}
        for values in itertools.product(*axes):
            fact = view._make(values)
            if all(test(fact) for test in tests):
                found.setdefault(tuple(rep[v] for rep, v in zip(reps, values, strict=True)))
        return tuple(cls(*values) for values in found)

    def holding(self, fact: Fact) -> tuple[DecisionRule, ...]:
        """The rules whose conditions hold for ``fact``, read in Python: to find gaps and
        overlaps, and to check durable_rules' answers. It never decides a verdict."""
        kind = "instance" if isinstance(fact, InstanceFact) else "submission"
        return tuple(r for r in self.rules(kind) if r.holds(fact))

    def coverage(self) -> tuple[Problem, ...]:
        """Every combination that can occur decided by no rule (``decisions.gap``, at the
        ``instance_rules:`` or ``submission_rules:`` line) or by several
        (``decisions.overlap``, at the later rule), each case named in words."""
        return self.memo("coverage", self._coverage)

    def _coverage(self) -> tuple[Problem, ...]:
        out: list[Problem] = []
        for kind in FACT_KINDS:
            by_rules: dict[tuple[str, ...], list[Fact]] = defaultdict(list)
            for fact in self.combinations(kind):
                names = tuple(r.name for r in self.holding(fact))
                if len(names) != 1:
                    by_rules[names].append(fact)
            for names, facts in by_rules.items():
                for case, members in self.describe(kind, facts):
                    out.append(self._overlap(kind, names, case) if names
                               else self._gap(kind, case, members[0]))
        return tuple(out)

    def _gap(self, kind: str, case: str, example: Fact) -> Problem:
        line, column = self.section_line(kind), self.columns[kind != "instance"]
        near = _nearest(self.rules(kind), example)
        hint = ("; nearest: " + ", ".join(
            f"{r.name} (line {r.line}) asks {', '.join(map(str, failing))}"
            for r, failing in near)) if near else ""
        return problem(
            "decisions.gap",
            f"no {kind} decision rule decides {case}{hint}; the conditions must decide every "
            "case that can occur exactly once",
            self.file, line, column or (1 if line else 0), f"/{kind}_rules",
            kind=kind, case=case, rules=tuple(r.name for r, _ in near),
            **({"variant": "nearest"} if near else {}))

    def _overlap(self, kind: str, names: tuple[str, ...], case: str) -> Problem:
        rules = [self.rule(n) for n in names]
        last = max(rules, key=lambda r: r.line)
        return problem(
            "decisions.overlap",
            f"{len(rules)} {kind} decision rules decide {case}: "
            + ", ".join(f"{r.name} (line {r.line})" for r in rules)
            + "; the conditions must decide every case that can occur exactly once",
            self.file, last.line, last.column or (1 if last.line else 0),
            f"/{kind}_rules/{self.rules(kind).index(last)}",
            kind=kind, case=case, rules=names)

    # -- words --------------------------------------------------------------------------

    def words(self, fact: Fact) -> str:
        """One combination in words, every field the rules compare: e.g.
        ``received=true, days_after_due>0, days_past_due=0, ...``."""
        kind = "instance" if isinstance(fact, InstanceFact) else "submission"
        ((case, _),) = self.describe(kind, [fact], every_field=True)
        return case

    def describe(self, kind: str, facts: Iterable[Fact], every_field: bool = False
                 ) -> list[tuple[str, list[Fact]]]:
        """Combinations in words, each with the combinations it stands for: merged where they
        differ in one field only, leaving out a field that takes every value it can take with
        the others, when that is more than one (``every_field``: only those the rules never
        compare), e.g. ``received=true, days_after_due<=0, before_inputs=true``."""
        facts = list(facts)
        names = tuple(fact_fields(FACT_KINDS[kind]))
        cubes = {tuple(frozenset([getattr(f, n)]) for n in names) for f in facts}
        for i in range(len(names)):
            merged: dict[tuple[frozenset[Any], ...], set[Any]] = defaultdict(set)
            for cube in cubes:
                merged[cube[:i] + cube[i + 1:]] |= cube[i]
            cubes = {(*rest[:i], frozenset(vals), *rest[i:]) for rest, vals in merged.items()}
        thresholds = self.thresholds(kind)
        possible = self.combinations(kind)
        out = []
        for cube in sorted(cubes, key=_cube_order):
            parts = []
            for i, name in enumerate(names):
                can = {getattr(p, name) for p in possible
                       if all(getattr(p, m) in cube[j] for j, m in enumerate(names) if j != i)}
                if not every_field and len(can) > 1 and cube[i] >= can:
                    continue  # free here (a value forced by the others is still named)
                parts.append(_values_words(name, cube[i], thresholds.get(name, ())))
            members = [f for f in facts if all(getattr(f, n) in cube[i]
                                               for i, n in enumerate(names))]
            out.append((", ".join(p for p in parts if p) or "every case", members))
        return out


def _cube_order(cube: tuple[frozenset[Any], ...]) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(sorted(s)) for s in cube)


def _nearest(rules: Sequence[DecisionRule], fact: Fact
             ) -> list[tuple[DecisionRule, list[Condition]]]:
    """The rules that would decide ``fact`` but for one condition, the most specific first
    (those with the most conditions that hold; three at most)."""
    near = []
    for r in rules:
        failing = [c for c in r.conditions if not c.holds(fact)]
        if len(failing) == 1:
            near.append((len(r.conditions) - 1, r, failing))
    near.sort(key=lambda n: -n[0])  # stable: in the file's order among equals
    return [(r, failing) for _, r, failing in near[:3]]


def _values_words(name: str, values: frozenset[Any], constants: tuple[int, ...]) -> str:
    """``name`` restricted to ``values`` (bools, or the representatives of int classes)."""
    if all(isinstance(v, bool) for v in values):
        if len(values) == 2:
            return ""
        return f"{name}={_word(next(iter(values)))}"
    classes = _classes(constants)
    if not constants:
        return ""
    runs: list[list[int]] = []
    for r in classes:
        if r in values:
            if runs and classes.index(runs[-1][-1]) == classes.index(r) - 1:
                runs[-1].append(r)
            else:
                runs.append([r])
    words = [w for run in runs if (w := _run_words(name, run[0], run[-1], constants, classes))]
    return words[0] if len(words) == 1 else f"({' or '.join(words)})" if words else ""


def _run_words(name: str, low: int, high: int, constants: tuple[int, ...],
               classes: list[int]) -> str:
    """The classes ``low`` to ``high`` of an int, in words: ``c<=name<d``, ``name>c``..."""
    if low == high and low in constants:
        return f"{name}={low}"
    lower = None if low == classes[0] else (
        ("<=", low) if low in constants
        else ("<", constants[bisect.bisect_left(constants, low) - 1]))
    upper = None if high == classes[-1] else (
        ("<=", high) if high in constants
        else ("<", constants[bisect.bisect_right(constants, high)]))
    if lower and upper:
        return f"{lower[1]}{lower[0]}{name}{upper[0]}{upper[1]}"
    if lower:  # name>c reads better than c<name
        return f"{name}{'>=' if lower[0] == '<=' else '>'}{lower[1]}"
    if upper:
        return f"{name}{upper[0]}{upper[1]}"
    return ""


def _classes(constants: tuple[int, ...]) -> list[int]:
    """The representatives of the classes of an int compared with ``constants``, in order."""
    if not constants:
        return [0]
    return sorted({_representative(x, constants) for c in constants for x in (c - 1, c, c + 1)})


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _representative(value: int, constants: tuple[int, ...]) -> int:
    if not constants:
        return 0
    i = bisect.bisect_left(constants, value)
    if i < len(constants) and constants[i] == value:
        return value
    if i == 0:
        return constants[0] - 1
    return constants[i - 1] + 1


def build_decisions(located: Located) -> Decisions:
    problems = validate(located, "decisions")
    if problems:
        raise BaocaoError(problems)
    data: dict[str, Any] = located.data
    problems = []
    sections = (
        ("instance_rules", "instance", "verdict", INSTANCE_FIELDS),
        ("submission_rules", "submission", "disposition", SUBMISSION_FIELDS),
    )
    built: dict[str, tuple[DecisionRule, ...]] = {}
    names: set[str] = set()
    for section, kind, outcome_key, known in sections:
        rules = []
        for i, raw in enumerate(data[section]):
            ptr = f"/{section}/{i}"
            line, col = located.where(ptr)
            if raw["name"] in names:
                problems.append(
                    problem("decisions.duplicate-name", f"rule name '{raw['name']}' is used twice",
                            located.file, line, col, ptr, name=raw["name"])
                )
            names.add(raw["name"])
            conds = []
            for fname, spec in raw["when"].items():
                cptr = f"{ptr}/when/{fname}"
                cl, cc = located.where_key(cptr)
                cond = _condition(fname, spec)
                msg = _check_condition(cond, known)
                if msg:
                    problems.append(problem("decisions.bad-condition", msg, located.file, cl, cc,
                                            cptr))
                conds.append(cond)
            rules.append(
                DecisionRule(
                    name=raw["name"],
                    kind=kind,
                    outcome=raw[outcome_key],
                    conditions=tuple(conds),
                    reason_vi=raw.get("reason_vi"),
                    reason_en=raw.get("reason_en"),
                    line=line,
                    column=col,
                )
            )
        built[section] = tuple(rules)
    if problems:
        raise BaocaoError(problems)
    (il, ic) = located.where_key("/instance_rules")
    (sl, sc) = located.where_key("/submission_rules")
    decisions = Decisions(built["instance_rules"], built["submission_rules"], located.file,
                          (il, sl), (ic, sc))
    # every combination that can occur decided exactly once, before any data
    problems = list(decisions.coverage())
    if problems:
        raise BaocaoError(problems)
    return decisions


def load_decisions(path: Any) -> Decisions:
    """Read and check one decisions file (for tests and tools)."""
    from engine.sources.yaml import load_yaml

    return build_decisions(load_yaml(path))


def _condition(field: str, spec: Any) -> Condition:
    if isinstance(spec, dict):
        ((op, value),) = spec.items()
        return Condition(field, op, value)
    return Condition(field, "eq", spec)


def _check_condition(cond: Condition, known: Mapping[str, type]) -> str | None:
    if cond.field not in known:
        return (f"unknown fact field '{cond.field}'; expected one of: "
                f"{', '.join(sorted(known))}")
    expected = known[cond.field]
    # bool is a subclass of int in Python: compare the exact type.
    if type(cond.value) is not expected:
        return (f"field '{cond.field}' holds a {expected.__name__}; "
                f"got {cond.value!r} (example: {cond.field}: "
                f"{'true' if expected is bool else '{gt: 0}'})")
    if expected is bool and cond.op not in ("eq", "ne"):
        return f"field '{cond.field}' is true/false: only equality or ne apply"
    return None


def outcome_enum(outcome: str) -> Verdict | Disposition:
    try:
        return Verdict(outcome)
    except ValueError:
        return Disposition(outcome)


