"""Decision rules: YAML conditions over one fact, compiled into durable_rules definitions.

Only single-fact patterns with constant comparisons are produced: that is the part of
durable_rules measured to be sound (DESIGN.md). Everything that needs several facts at once
(which report came first, which instance a report belongs to) is done before, in match.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine._yaml import load_yaml
from engine.errors import BaocaoError, Problem, problem
from engine.model import Disposition, Verdict
from engine.schemas import validate

# The fields match.py puts on each fact, with their types: a rule may only test these.
INSTANCE_FIELDS: Mapping[str, type] = {
    "received": bool,
    "days_after_due": int,
    "days_past_due": int,
    "reporter_active": bool,
}
SUBMISSION_FIELDS: Mapping[str, type] = {
    "valid": bool,
    "units_known": bool,
    "candidates": int,
    "routed": int,
    "first": bool,
}
_OPS = {"lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte", "ne": "$neq"}


@dataclass(frozen=True)
class Condition:
    field: str
    op: str  # "eq" or one of _OPS
    value: bool | int | str


@dataclass(frozen=True)
class DecisionRule:
    name: str
    outcome: str  # a Verdict or Disposition value
    conditions: tuple[Condition, ...]
    reason_vi: str | None = None
    reason_en: str | None = None

    def reason(self, lang: str) -> str | None:
        return self.reason_en if lang == "en" else self.reason_vi


@dataclass(frozen=True)
class Decisions:
    instance_rules: tuple[DecisionRule, ...]
    submission_rules: tuple[DecisionRule, ...]

    def rule(self, name: str) -> DecisionRule:
        for r in (*self.instance_rules, *self.submission_rules):
            if r.name == name:
                return r
        raise KeyError(name)


def load_decisions(path: Path) -> Decisions:
    located = load_yaml(path)
    problems = validate(located, "decisions")
    if problems:
        raise BaocaoError(problems)
    data: dict[str, Any] = located.data
    problems = []
    sections = (
        ("instance_rules", "verdict", INSTANCE_FIELDS),
        ("submission_rules", "disposition", SUBMISSION_FIELDS),
    )
    built: dict[str, tuple[DecisionRule, ...]] = {}
    names: set[str] = set()
    for section, outcome_key, fields in sections:
        rules = []
        for i, raw in enumerate(data[section]):
            ptr = f"/{section}/{i}"
            line, col = located.where(ptr)
            if raw["name"] in names:
                problems.append(
                    problem("decisions.duplicate-name", f"rule name '{raw['name']}' is used twice",
                            located.file, line, col, ptr)
                )
            names.add(raw["name"])
            conds = []
            for fname, spec in raw["when"].items():
                cptr = f"{ptr}/when/{fname}"
                cl, cc = located.where_key(cptr)
                cond = _condition(fname, spec)
                msg = _check_condition(cond, fields)
                if msg:
                    problems.append(problem("decisions.bad-condition", msg, located.file, cl, cc,
                                            cptr))
                conds.append(cond)
            rules.append(
                DecisionRule(
                    name=raw["name"],
                    outcome=raw[outcome_key],
                    conditions=tuple(conds),
                    reason_vi=raw.get("reason_vi"),
                    reason_en=raw.get("reason_en"),
                )
            )
        built[section] = tuple(rules)
    if problems:
        raise BaocaoError(problems)
    return Decisions(built["instance_rules"], built["submission_rules"])


def _condition(field: str, spec: Any) -> Condition:
    if isinstance(spec, dict):
        ((op, value),) = spec.items()
        return Condition(field, op, value)
    return Condition(field, "eq", spec)


def _check_condition(cond: Condition, fields: Mapping[str, type]) -> str | None:
    if cond.field not in fields:
        return (f"unknown fact field '{cond.field}'; expected one of: "
                f"{', '.join(sorted(fields))}")
    expected = fields[cond.field]
    # bool is a subclass of int in Python: compare the exact type.
    if type(cond.value) is not expected:
        return (f"field '{cond.field}' holds a {expected.__name__}; "
                f"got {cond.value!r} (example: {cond.field}: "
                f"{'true' if expected is bool else '{gt: 0}'})")
    if expected is bool and cond.op not in ("eq", "ne"):
        return f"field '{cond.field}' is true/false: only equality or ne apply"
    return None


def _pattern(rule: DecisionRule, kind: str) -> dict[str, Any]:
    terms: list[dict[str, Any]] = [{"kind": kind}]
    for c in rule.conditions:
        if c.op == "eq":
            terms.append({c.field: c.value})
        else:
            terms.append({_OPS[c.op]: {c.field: c.value}})
    return {"m": {"$and": terms}}


def ruleset_definitions(decisions: Decisions) -> dict[str, dict[str, Any]]:
    """durable_rules JSON definitions, without actions (the worker attaches them)."""
    rules: dict[str, Any] = {}
    for r in decisions.instance_rules:
        rules[f"i:{r.name}"] = {"all": [_pattern(r, "instance")]}
    for r in decisions.submission_rules:
        rules[f"s:{r.name}"] = {"all": [_pattern(r, "submission")]}
    return {"baocao": rules}


def outcome_enum(outcome: str) -> Verdict | Disposition:
    try:
        return Verdict(outcome)
    except ValueError:
        return Disposition(outcome)


__all__ = ["DecisionRule", "Decisions", "Problem", "load_decisions", "ruleset_definitions"]
