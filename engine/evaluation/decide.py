"""Deciding: durable_rules decides every combination the decision rules can tell apart, once per
rule book; each fact is then decided by looking its combination up.

The only module that imports durable_rules. Every rule of ``decisions.yaml`` is a pure
condition over one fact that compares fields with constants, so a fact's decision depends only
on its combination (``Decisions.canonical``): on which side of each constant each int falls,
and its booleans. ``Decisions.combinations`` lists every combination that can occur (84
instance and 22 submission combinations for the bundled rules), and loading the rules already
checked that each is decided by exactly one rule (a gap or an overlap is an error located in
decisions.yaml, before any data).

``decision_table`` asserts those combinations into durable_rules in one batch, in this process,
the first time a rule book decides something (``baocao --help`` and commands that decide
nothing never pay for it), and keeps its answer: combination → the name of the rule that fired.
The accounting: every combination fired exactly one rule, the one whose conditions hold, and
no answer names a fact or a rule it was not given. A combination that does not add up is
asserted again, one at a time, in a fresh rule set; failing again is an ``EngineFailure``
(exit 70). The table is the same for every run of a rule book, so ``baocao rules lint`` builds
it too: a fault of the engine shows there, before any data.

Why no worker processes: see docs/design.md#using-the-rule-engine-safely.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from engine.errors import BaocaoError, EngineFailure, Fault
from engine.model import FACT_KINDS, Fact, InstanceFact, SubmissionFact
from engine.rulebook.decisions import DecisionRule, Decisions

__all__ = ["Answer", "Decided", "DecisionTable", "OutsideTheTable", "decide", "decision_table",
           "ruleset_definitions"]

_RULESET = "baocao"
_OPS = {"lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte", "ne": "$neq"}
_SHOWN = 3  # example records or combinations named per failure


# --- compile: decision rules -> durable_rules definitions -------------------------------


def _pattern(rule: DecisionRule) -> dict[str, Any]:
    terms: list[dict[str, Any]] = [{"kind": rule.kind}]
    for c in rule.conditions:
        if c.op == "eq":
            terms.append({c.field: c.value})
        else:
            terms.append({_OPS[c.op]: {c.field: c.value}})
    return {"m": {"$and": terms}}


def ruleset_definitions(decisions: Decisions) -> dict[str, dict[str, Any]]:
    """durable_rules JSON definitions, without actions (``_run`` attaches them)."""
    rules: dict[str, Any] = {}
    for r in (*decisions.instance_rules, *decisions.submission_rules):
        rules[f"{r.kind[0]}:{r.name}"] = {"all": [_pattern(r)]}
    return {_RULESET: rules}


# --- the table: every combination, decided once by durable_rules --------------------------


@dataclass(frozen=True)
class DecisionTable:
    """Per fact kind, each combination that can occur → the name of the rule durable_rules
    fired for it; and how long building it took."""

    rules: Mapping[str, Mapping[Fact, str]]
    seconds: float

    def size(self, kind: str) -> int:
        return len(self.rules[kind])


def decision_table(decisions: Decisions) -> DecisionTable:
    """The table of ``decisions``, built on first use and kept with it.

    Raises BaocaoError for a gap or an overlap of the rules (when ``decisions`` was not made
    by ``build_decisions``, which refuses them), EngineFailure when durable_rules miscounts
    twice."""
    return decisions.memo("table", lambda: _build(decisions))


def _build(decisions: Decisions) -> DecisionTable:
    problems = decisions.coverage()
    if problems:
        raise BaocaoError(problems)
    start = time.perf_counter()
    cases = [(kind, fact) for kind in FACT_KINDS for fact in decisions.combinations(kind)]
    # what the conditions give, read in Python: the accounting checks durable_rules' answer
    # against it (exactly one rule each: coverage() found no gap and no overlap)
    expected = [f"{kind[0]}:{decisions.holding(fact)[0].name}" for kind, fact in cases]
    rows = [{"id": f"f{i}", "kind": kind, **_values(fact)}
            for i, (kind, fact) in enumerate(cases)]
    _check_id_hashes([row["id"] for row in rows])
    definitions = ruleset_definitions(decisions)
    everything = range(len(rows))
    answer = _run(definitions, rows)
    wrong = _miscounted(rows, answer.fired, expected, everything)
    fired = answer.fired
    if wrong:
        first = _fault(decisions, cases, answer, wrong, expected, everything)
        again = _run(definitions, [rows[i] for i in wrong], singly=True)
        still = _miscounted(rows, again.fired, expected, wrong)
        if still:
            raise EngineFailure(
                [first, _fault(decisions, cases, again, still, expected, wrong)], len(cases),
                [f"{cases[i][0]} {decisions.words(cases[i][1])}" for i in still[:_SHOWN]])
        fired = {**fired, **again.fired}
    table: dict[str, dict[Fact, str]] = {kind: {} for kind in FACT_KINDS}
    for (kind, fact), row in zip(cases, rows, strict=True):
        (rule,) = fired[row["id"]]
        table[kind][fact] = rule.split(":", 1)[1]
    return DecisionTable(table, time.perf_counter() - start)


_FIELDS = {cls: tuple(f.name for f in fields(cls)) for cls in FACT_KINDS.values()}


def _values(fact: Fact) -> dict[str, Any]:
    return {name: getattr(fact, name) for name in _FIELDS[type(fact)]}


def _miscounted(rows: Sequence[dict[str, Any]], fired: Mapping[str, list[str]],
                expected: Sequence[str], given: Sequence[int]) -> list[int]:
    """The rows (of those ``given``) that did not fire exactly their expected rule; all of
    them when the answer names a fact it was not given."""
    if set(fired) - {rows[i]["id"] for i in given}:
        return list(given)
    return [i for i in given if fired.get(rows[i]["id"], []) != [expected[i]]]


def _fault(decisions: Decisions, cases: Sequence[tuple[str, Fact]], answer: Answer,
           wrong: Sequence[int], expected: Sequence[str], given: Sequence[int]) -> Fault:
    """What did not add up, in words: the first few combinations, facts never given, and
    what durable_rules raised."""
    fired = answer.fired
    strangers = sorted(set(fired) - {f"f{i}" for i in given})
    shown = [
        f"f{i} ({cases[i][0]} {decisions.words(cases[i][1])}): "
        f"{len(fired.get(f'f{i}', []))} decisions "
        f"({', '.join(r.split(':', 1)[1] for r in fired.get(f'f{i}', [])) or 'none'}) "
        f"where the conditions of {expected[i].split(':', 1)[1]} hold"
        for i in wrong[:_SHOWN]]
    if strangers:
        shown = [f"decisions for facts it was not given: {', '.join(strangers[:_SHOWN])}"]
    if not strangers and len(wrong) > _SHOWN:
        shown.append(f"{len(wrong) - _SHOWN} more")
    if answer.raised:
        shown.append(f"durable_rules raised {answer.raised[0]}"
                     + (f" ({len(answer.raised)} times)" if len(answer.raised) > 1 else ""))
    return Fault("accounting", detail="; ".join(shown))


def _djb2(text: str) -> int:
    h = 5381
    for b in text.encode():
        h = (h * 33 + b) & 0xFFFFFFFF
    return h


def _fnv1a(text: str) -> int:
    h = 0x811C9DC5
    for b in text.encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def _check_id_hashes(ids: Sequence[str]) -> None:
    # durable_rules keys fact identity on a 32-bit hash of the id: a collision drops a fact.
    for fn in (_djb2, _fnv1a):
        if len({fn(i) for i in ids}) != len(ids):
            raise AssertionError(f"fact id hash collision under {fn.__name__}")


def _run(definitions: dict[str, dict[str, Any]], rows: Sequence[dict[str, Any]],
         singly: bool = False) -> Answer:
    """Per fact id, the rules durable_rules fired for it, and what it raised: every row
    asserted in one batch into a fresh rule set (``singly``: one at a time, so that a fact no
    rule matches — which makes durable_rules drop the firings of its whole batch — is
    pinpointed)."""
    from durable import engine as durable_engine

    class _SyncHost(durable_engine.Host):  # type: ignore[misc]
        """A host without its two timer threads: we dispatch synchronously."""

        def _run(self) -> None:
            return None

    fired: dict[str, list[str]] = {}

    def action(rule: str) -> Any:
        def run(c: Any) -> None:
            fired.setdefault(c.m["id"], []).append(rule)
        return run

    host = _SyncHost({_RULESET: {name: {**rule, "run": action(name)}
                                 for name, rule in definitions[_RULESET].items()}})
    raised: list[str] = []
    batches = [[dict(row)] for row in rows] if singly else [[dict(row) for row in rows]]
    for batch in batches:
        try:
            host.assert_facts(_RULESET, batch)
        except Exception as exc:  # the accounting names what it left undecided
            # "not handled": some fact matched no rule (the whole batch fired nothing)
            raised.append(f"{type(exc).__name__}: {getattr(exc, 'message', exc)}")
    return Answer(fired, tuple(raised))


@dataclass(frozen=True)
class Answer:
    """What durable_rules gave for some rows: per fact id, the rules it fired; and the
    exceptions it raised."""

    fired: dict[str, list[str]]
    raised: tuple[str, ...] = ()


# --- decide: each fact by its combination ------------------------------------------------


@dataclass(frozen=True)
class Decided:
    """The name of the rule that fired, per instance and per submission (input order)."""

    instance_rules: tuple[str, ...]
    submission_rules: tuple[str, ...]
    cases: int  # distinct combinations among the facts


class OutsideTheTable(RuntimeError):
    """Facts whose combination cannot occur (``engine.rulebook.decisions.POSSIBLE``): a bug of
    baocao, not of the data or the rules (exit 70, as an internal error)."""


def decide(
    decisions: Decisions,
    instance_facts: Sequence[InstanceFact],
    submission_facts: Sequence[SubmissionFact],
    instance_refs: Sequence[str],
    submission_refs: Sequence[str],
) -> Decided:
    """Each fact gets the rule durable_rules fired for its combination (``decision_table``).

    ``*_refs`` name each fact for messages (instance keys, submission ids).
    """
    table = decision_table(decisions)
    out: list[tuple[str, ...]] = []
    cases = 0
    for kind, facts, refs in (("instance", instance_facts, instance_refs),
                              ("submission", submission_facts, submission_refs)):
        rule_of = table.rules[kind]
        thresholds = decisions.thresholds(kind)
        # equal facts have the same combination: a million facts, a few thousand distinct
        known: dict[Fact, str] = {}
        # the facts are interned (engine/evaluation/facts.py): a fact seen before is the same
        # object, found by identity before its fields are hashed (each kept here with its
        # name, so that no other object can take its id meanwhile)
        seen: dict[int, tuple[Fact, str]] = {}
        met: set[Fact] = set()
        names: list[str] = []
        for fact in facts:
            hit = seen.get(id(fact))
            if hit is not None and hit[0] is fact:
                name = hit[1]
            else:
                found = known.get(fact)
                if found is None:
                    combination = decisions.canonical(fact, thresholds)
                    met.add(combination)
                    found = known[fact] = rule_of.get(combination, "")  # "": not in the table
                name = found
                seen[id(fact)] = (fact, name)
            names.append(name)
        if "" in known.values():
            raise _outside(decisions, kind, facts, refs, known)
        cases += len(met)
        out.append(tuple(names))
    return Decided(instance_rules=out[0], submission_rules=out[1], cases=cases)


def _outside(decisions: Decisions, kind: str, facts: Sequence[Fact], refs: Sequence[str],
             known: Mapping[Fact, str]) -> OutsideTheTable:
    fact = next(f for f, name in known.items() if not name)
    records = [ref for f, ref in zip(facts, refs, strict=True) if f == fact]
    from engine.rulebook.decisions import POSSIBLE

    broken = [c.says for c in POSSIBLE if c.kind == kind and not c.holds(fact)]
    values = ", ".join(f"{k}={v}" for k, v in _values(fact).items())
    return OutsideTheTable(
        f"the {kind} fact {{{values}}} of {', '.join(records[:_SHOWN])}"
        f"{f' and {len(records) - _SHOWN} more' if len(records) > _SHOWN else ''} is a "
        f"combination baocao says cannot occur ({'; '.join(broken) or 'no constraint broken'})")
