"""Deciding: the compiled decision rules run in durable_rules, once per distinct fact.

The only module that imports durable_rules. Why this shape (DESIGN.md): its C engine can crash
or silently drop facts, so it runs in worker processes (a crash becomes a handled error), on
bounded partitions (few facts asserted together, ids whose hashes are checked to differ), with
no timer threads (a host whose background dispatch is disabled), and after each partition we
check that every fact fired exactly one rule. A partition that fails the check is recomputed
once in a fresh worker, one fact at a time; failing again stops the run naming the cases.

Every rule is a pure condition over one fact, so facts that fall in the same class
(``Decisions.canonical``) get the same decision: durable_rules decides each distinct class
once — at 1e5 instances, ~195,000 facts are about 14 — and the decision is mapped back.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from typing import Any

from engine.errors import BaocaoError, problem
from engine.model import InstanceFact, SubmissionFact
from engine.rulebook.decisions import DecisionRule, Decisions

__all__ = ["AccountingError", "Decided", "decide", "ruleset_definitions", "run_rules"]

PARTITION_SIZE = 400
_MAX_WORKERS = 2
_RULESET = "baocao"
_OPS = {"lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte", "ne": "$neq"}
_SHOWN = 3  # example records named per failing case


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
    """durable_rules JSON definitions, without actions (the worker attaches them)."""
    rules: dict[str, Any] = {}
    for r in (*decisions.instance_rules, *decisions.submission_rules):
        rules[f"{r.kind[0]}:{r.name}"] = {"all": [_pattern(r)]}
    return {_RULESET: rules}


# --- decide: distinct cases, mapped back ---------------------------------------------------


@dataclass(frozen=True)
class Decided:
    """The name of the rule that fired, per instance and per submission (input order)."""

    instance_rules: tuple[str, ...]
    submission_rules: tuple[str, ...]
    cases: int  # distinct cases durable_rules decided


def decide(
    decisions: Decisions,
    instance_facts: Sequence[InstanceFact],
    submission_facts: Sequence[SubmissionFact],
    instance_refs: Sequence[str],
    submission_refs: Sequence[str],
) -> Decided:
    """Decide each distinct case once in durable_rules; every fact gets its case's rule.

    ``*_refs`` name each fact for messages (instance keys, submission ids).
    """
    cases: dict[tuple[str, InstanceFact | SubmissionFact], list[str]] = {}
    keys: list[list[tuple[str, InstanceFact | SubmissionFact]]] = [[], []]
    groups: tuple[tuple[str, Sequence[InstanceFact | SubmissionFact], Sequence[str]], ...] = (
        ("instance", instance_facts, instance_refs),
        ("submission", submission_facts, submission_refs),
    )
    for slot, (kind, facts, refs) in enumerate(groups):
        thresholds = decisions.thresholds(kind)
        for fact, ref in zip(facts, refs, strict=True):
            key = (kind, decisions.canonical(fact, thresholds))
            cases.setdefault(key, []).append(ref)
            keys[slot].append(key)
    ordered = list(cases)
    rows = [{"ref": str(i), "kind": kind, **asdict(fact)}
            for i, (kind, fact) in enumerate(ordered)]
    try:
        fired = run_rules(ruleset_definitions(decisions), rows)
    except AccountingError as err:
        raise BaocaoError([_accounting_problem(decisions, ordered, cases, err)]) from None
    rule_of = {case: fired[str(i)].split(":", 1)[1] for i, case in enumerate(ordered)}
    return Decided(
        instance_rules=tuple(rule_of[k] for k in keys[0]),
        submission_rules=tuple(rule_of[k] for k in keys[1]),
        cases=len(ordered),
    )


def _accounting_problem(
    decisions: Decisions,
    ordered: list[tuple[str, InstanceFact | SubmissionFact]],
    cases: dict[tuple[str, InstanceFact | SubmissionFact], list[str]],
    err: AccountingError,
) -> Any:
    parts = []
    line = 0
    for failure in err.failures[:10]:
        kind, fact = ordered[int(failure.ref)]
        refs = cases[(kind, fact)]
        named = ", ".join(refs[:_SHOWN]) + (f" and {len(refs) - _SHOWN} more"
                                             if len(refs) > _SHOWN else "")
        values = ", ".join(f"{k}={v}" for k, v in asdict(fact).items())
        if failure.crashed:
            what = "the rule engine crashed"
        elif failure.rules:
            rules = [decisions.rule(r.split(":", 1)[1]) for r in failure.rules]
            line = line or rules[0].line
            what = f"{len(rules)} rules matched: " + ", ".join(
                f"{r.name} (line {r.line})" for r in rules)
        else:
            what = "no rule matched"
        parts.append(f"{kind} fact {{{values}}} of {named}: {what}")
    more = len(err.failures) - 10
    message = (
        "the decision rules did not give exactly one decision per fact, twice: "
        + "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")
        + ". Conditions must cover every case exactly once."
    )
    return problem("engine.accounting", message, decisions.file, line, 1 if line else 0)


# --- run: durable_rules in worker processes, accounted -------------------------------------


@dataclass(frozen=True)
class Failure:
    ref: str
    rules: tuple[str, ...]  # rules that fired (0 or several)
    crashed: bool = False


class AccountingError(Exception):
    """Facts that did not get exactly one decision, twice."""

    def __init__(self, failures: Sequence[Failure]) -> None:
        self.failures = tuple(failures)
        shown = "; ".join(
            f"worker crashed on fact {f.ref}" if f.crashed
            else f"{f.ref}: {len(f.rules)} decisions ({', '.join(f.rules) or 'no rule matched'})"
            for f in self.failures[:10]
        )
        super().__init__(shown)


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


def local_ids(n: int) -> list[str]:
    """Fact ids for one partition; reused across partitions (facts are retracted between)."""
    return [f"f{i}" for i in range(n)]


def _check_id_hashes(ids: Sequence[str]) -> None:
    # durable_rules keys fact identity on a 32-bit hash of the id: a collision drops a fact.
    for fn in (_djb2, _fnv1a):
        if len({fn(i) for i in ids}) != len(ids):
            raise AssertionError(f"fact id hash collision under {fn.__name__}")


_check_id_hashes(local_ids(PARTITION_SIZE))

# worker side

_host: Any = None
_fired: list[tuple[str, str]] = []


def _init_worker(definitions: dict[str, dict[str, Any]]) -> None:
    global _host
    from durable import engine as durable_engine

    class _SyncHost(durable_engine.Host):  # type: ignore[misc]
        """A host without its two timer threads: we dispatch synchronously."""

        def _run(self) -> None:
            return None

    ruleset: dict[str, Any] = {}
    for name, rule in definitions[_RULESET].items():
        ruleset[name] = {**rule, "run": _action(name)}
    _host = _SyncHost({_RULESET: ruleset})


def _action(rule_name: str) -> Any:
    def run(c: Any) -> None:
        _fired.append((c.m["id"], rule_name))

    return run


def _run_partition(facts: list[dict[str, Any]]) -> list[tuple[str, str]]:
    from durable.engine import MessageNotHandledException

    _fired.clear()
    if facts:
        # "Not handled" means some fact matched no rule: the accounting names it.
        with contextlib.suppress(MessageNotHandledException):
            _host.assert_facts(_RULESET, facts)
        with contextlib.suppress(MessageNotHandledException):
            _host.retract_facts(_RULESET, facts)
    return list(_fired)


def _run_partition_singly(facts: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The recomputation path: one fact at a time, so that a fact no rule matches (which
    makes durable_rules drop the firings of its whole batch) is pinpointed."""
    fired: list[tuple[str, str]] = []
    for fact in facts:
        fired.extend(_run_partition([fact]))
    return fired


# parent side


def _partitions(facts: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(facts), PARTITION_SIZE):
        chunk = facts[start : start + PARTITION_SIZE]
        ids = local_ids(len(chunk))
        yield [{**f, "id": ids[n]} for n, f in enumerate(chunk)]


def _failures(part: list[dict[str, Any]], fired: list[tuple[str, str]] | None) -> list[Failure]:
    if fired is None:
        return [Failure(f["ref"], (), crashed=True) for f in part]
    counts = Counter(fid for fid, _ in fired)
    return [
        Failure(f["ref"], tuple(r for fid, r in fired if fid == f["id"]))
        for f in part
        if counts.get(f["id"], 0) != 1
    ]


def run_rules(
    definitions: dict[str, dict[str, Any]],
    facts: Sequence[dict[str, Any]],
    workers: int | None = None,
) -> dict[str, str]:
    """Map each fact's ``ref`` to the name of the one rule that fired for it.

    Each fact is a flat dict with ``ref`` (the caller's key), ``kind`` and the fields the
    rules test. Raises AccountingError when a partition cannot be accounted for, twice.
    """
    parts = list(_partitions(facts))
    if not parts:
        return {}
    n_workers = max(1, min(workers or _MAX_WORKERS, len(parts)))
    results = _run_all(definitions, parts, n_workers)
    decided: dict[str, str] = {}
    failures: list[Failure] = []
    for part, fired in zip(parts, results, strict=True):
        if _failures(part, fired):
            # Recompute in a fresh worker: durable_rules state could be what went wrong.
            (fired,) = _run_all(definitions, [part], 1, singly=True)
            found = _failures(part, fired)
            if found:
                failures.extend(found)
                continue
        by_local = {f["id"]: f["ref"] for f in part}
        for fid, rule in fired or ():
            decided[by_local[fid]] = rule
    if failures:
        raise AccountingError(failures)
    return decided


def _run_all(
    definitions: dict[str, dict[str, Any]],
    parts: list[list[dict[str, Any]]],
    n_workers: int,
    singly: bool = False,
) -> list[list[tuple[str, str]] | None]:
    ctx = multiprocessing.get_context("fork")
    out: list[list[tuple[str, str]] | None] = []
    try:
        with ProcessPoolExecutor(
            max_workers=n_workers, mp_context=ctx, initializer=_init_worker,
            initargs=(definitions,),
        ) as pool:
            out = list(pool.map(_run_partition_singly if singly else _run_partition, parts))
    except BrokenProcessPool:
        # A crash in the C engine: report every partition of this batch as unaccounted;
        # the caller recomputes each one alone in a fresh worker.
        return [None] * len(parts)
    return out
