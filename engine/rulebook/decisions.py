"""Decision rules (``rules/decisions.yaml``): YAML conditions over one fact, checked against the
fact dataclasses of ``engine.model.facts``.

Only single-fact patterns with constant comparisons exist: that is the part of durable_rules
measured to be sound (docs/design.md#using-the-rule-engine-safely). Everything that needs
several facts at once (which report
came first, which instance a report belongs to) is done before, in ``evaluation.group``.
Because every condition compares a field with a constant, two facts whose fields fall on the
same side of every constant get the same decision: ``Decisions.canonical`` maps a fact to that
class, so durable_rules decides each distinct case once.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from engine.errors import BaocaoError, problem
from engine.model import FACT_KINDS, Disposition, Fact, Verdict
from engine.model.facts import fact_fields
from engine.rulebook.schemas import validate
from engine.sources.located import Located

__all__ = ["Condition", "DecisionRule", "Decisions", "build_decisions"]

INSTANCE_FIELDS = fact_fields(FACT_KINDS["instance"])
SUBMISSION_FIELDS = fact_fields(FACT_KINDS["submission"])
OPERATORS = ("eq", "ne", "lt", "lte", "gt", "gte")


@dataclass(frozen=True)
class Condition:
    field: str
    op: str  # one of OPERATORS
    value: bool | int | str


@dataclass(frozen=True)
class DecisionRule:
    name: str
    kind: str  # "instance" or "submission": the fact it tests
    outcome: str  # a Verdict or Disposition value
    conditions: tuple[Condition, ...]
    reason_vi: str | None = None
    reason_en: str | None = None
    line: int = 0  # where it is written in decisions.yaml

    def reason(self, lang: str) -> str | None:
        return self.reason_en if lang == "en" else self.reason_vi


@dataclass(frozen=True)
class Decisions:
    instance_rules: tuple[DecisionRule, ...]
    submission_rules: tuple[DecisionRule, ...]
    file: str = "decisions.yaml"
    lines: tuple[int, int] = (0, 0)  # where instance_rules: and submission_rules: are written

    def section_line(self, kind: str) -> int:
        return self.lines[0] if kind == "instance" else self.lines[1]
    # looked up once per result: a million a run
    _by_name: dict[str, DecisionRule] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {
            r.name: r for r in (*self.submission_rules, *self.instance_rules)})

    def rule(self, name: str) -> DecisionRule:
        return self._by_name[name]

    def thresholds(self, kind: str) -> dict[str, tuple[int, ...]]:
        """Per integer field, the constants the rules of ``kind`` compare it with."""
        rules = self.instance_rules if kind == "instance" else self.submission_rules
        found: dict[str, set[int]] = {}
        for r in rules:
            for c in r.conditions:
                if isinstance(c.value, int) and not isinstance(c.value, bool):
                    found.setdefault(c.field, set()).add(c.value)
        return {k: tuple(sorted(v)) for k, v in found.items()}

    def canonical(self, fact: Fact, thresholds: Mapping[str, tuple[int, ...]]) -> Fact:
        """The representative of ``fact``'s class: every int replaced by a value on the same
        side of every constant the rules compare it with (the constant itself when equal).

        >>> d = Decisions((), ())
        >>> from engine.model import InstanceFact
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
                )
            )
        built[section] = tuple(rules)
    if problems:
        raise BaocaoError(problems)
    lines = (located.where_key("/instance_rules")[0], located.where_key("/submission_rules")[0])
    return Decisions(built["instance_rules"], built["submission_rules"], located.file, lines)


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


