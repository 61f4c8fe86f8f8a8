"""Deciding: the compiled decision rules run in durable_rules, once per distinct fact.

The only module that imports durable_rules. Why this shape
(docs/design.md#using-the-rule-engine-safely): its C engine can crash
or silently drop facts, so it runs in worker processes (a crash becomes a handled error), on
bounded partitions (few facts asserted together, ids whose hashes are checked to differ), with
no timer threads (a host whose background dispatch is disabled), and after each partition we
check that every fact fired exactly one rule. A partition that fails the check — or whose
worker died, or gave no answer within ``PARTITION_TIMEOUT`` — is recomputed once in a fresh
worker, one fact at a time. Failing again stops the run: a fault of the engine (crash, hang,
miscount) is an ``EngineFailure`` (exit 70); a case the rules themselves leave undecided or
decide twice is a ``BaocaoError`` located in decisions.yaml (exit 2).

Every rule is a pure condition over one fact, so facts that fall in the same class
(``Decisions.canonical``) get the same decision: durable_rules decides each distinct class
once — at 1e5 instances, ~195,000 facts are about 14 — and the decision is mapped back.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from collections import Counter, deque
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from engine.errors import BaocaoError, EngineFailure, Fault, problem
from engine.model import InstanceFact, SubmissionFact
from engine.rulebook.decisions import DecisionRule, Decisions

__all__ = [
    "AccountingError", "Decided", "EngineFault", "decide", "ruleset_definitions", "run_rules",
]

PARTITION_SIZE = 400
_MAX_WORKERS = 2
# How long a worker may take over one partition (its start-up included) before it is presumed
# wedged, killed, and the partition recomputed in a fresh worker. A partition takes
# milliseconds; the margin is for a loaded machine.
PARTITION_TIMEOUT = 60.0
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
        # equal facts have the same case: a million facts, a few thousand distinct ones
        case_of: dict[InstanceFact | SubmissionFact, tuple[str, InstanceFact | SubmissionFact]]
        case_of = {}
        for fact, ref in zip(facts, refs, strict=True):
            key = case_of.get(fact)
            if key is None:
                key = case_of[fact] = (kind, decisions.canonical(fact, thresholds))
            cases.setdefault(key, []).append(ref)
            keys[slot].append(key)
    ordered = list(cases)
    rows = [{"ref": str(i), "kind": kind, **asdict(fact)}
            for i, (kind, fact) in enumerate(ordered)]
    try:
        fired = run_rules(ruleset_definitions(decisions), rows)
    except EngineFault as err:
        raise EngineFailure(err.attempts, len(err.refs),
                            _examples([cases[ordered[int(r)]] for r in err.refs])) from None
    except AccountingError as err:
        raise _accounting_error(decisions, ordered, cases, err) from None
    rule_of = {case: fired[str(i)].split(":", 1)[1] for i, case in enumerate(ordered)}
    return Decided(
        instance_rules=tuple(rule_of[k] for k in keys[0]),
        submission_rules=tuple(rule_of[k] for k in keys[1]),
        cases=len(ordered),
    )


def _examples(groups: Sequence[Sequence[str]]) -> list[str]:
    """A few record names (instance keys, submission ids) out of several cases' records."""
    out: list[str] = []
    for refs in groups:
        out.extend(r for r in refs[:_SHOWN] if r not in out)
        if len(out) >= _SHOWN:
            break
    total = sum(len(refs) for refs in groups)
    return out[:_SHOWN] + ([f"{total - _SHOWN} more"] if total > _SHOWN else [])


_HOLDS = {
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b, "gt": lambda a, b: a > b, "gte": lambda a, b: a >= b,
}


def _holding(decisions: Decisions, kind: str, fact: InstanceFact | SubmissionFact) -> list[str]:
    """The rules whose conditions hold for ``fact``, read in Python: only to tell, once
    durable_rules has failed to give one decision twice, a gap or an overlap of the rules
    (the rule author's to fix) from a fault of the engine. It never decides a verdict."""
    rules = decisions.instance_rules if kind == "instance" else decisions.submission_rules
    values = asdict(fact)
    return [r.name for r in rules
            if all(c.field in values and _HOLDS[c.op](values[c.field], c.value)
                   for c in r.conditions)]


def _accounting_error(
    decisions: Decisions,
    ordered: list[tuple[str, InstanceFact | SubmissionFact]],
    cases: dict[tuple[str, InstanceFact | SubmissionFact], list[str]],
    err: AccountingError,
) -> BaocaoError | EngineFailure:
    """A gap or an overlap of decisions.yaml, located at its line and naming records (the rule
    author's mistake: exit 2); or, when the rules' conditions do give exactly the rules that
    should have fired and durable_rules disagreed twice, a fault of the engine (exit 70)."""
    problems = []
    for failure in err.failures:
        kind, fact = ordered[int(failure.ref)]
        fired = sorted(r.split(":", 1)[1] for r in failure.rules)
        holding = _holding(decisions, kind, fact)
        values = ", ".join(f"{k}={v}" for k, v in asdict(fact).items())
        if fired != sorted(holding):
            detail = (f"{kind} fact {{{values}}}: {len(fired)} decisions "
                      f"({', '.join(fired) or 'none'}) where the conditions of "
                      f"{', '.join(holding) or 'no rule'} hold")
            return EngineFailure([err.first, Fault("accounting", detail=detail)], 1,
                                 _examples([cases[(kind, fact)]]))
        named = ", ".join(_examples([cases[(kind, fact)]]))
        if holding:
            rules = [decisions.rule(r) for r in holding]
            line = rules[1].line
            problems.append(problem(
                "decisions.overlap",
                f"{len(rules)} decision rules match the {kind} fact {{{values}}} of "
                f"{named}: " + ", ".join(f"{r.name} (line {r.line})" for r in rules)
                + "; conditions must cover every case exactly once",
                decisions.file, line, 1 if line else 0,
                rules=tuple(holding), records=tuple(cases[(kind, fact)][:_SHOWN])))
        else:
            line = decisions.section_line(kind)
            problems.append(problem(
                "decisions.gap",
                f"no {kind} decision rule matches the {kind} fact {{{values}}} of {named}; "
                "conditions must cover every case exactly once",
                decisions.file, line, 1 if line else 0,
                records=tuple(cases[(kind, fact)][:_SHOWN])))
    return BaocaoError(problems)


# --- run: durable_rules in worker processes, accounted -------------------------------------


@dataclass(frozen=True)
class Failure:
    ref: str
    rules: tuple[str, ...]  # rules that fired (0 or several)


class AccountingError(Exception):
    """Facts that did not get exactly one decision, twice (``first``: what the first attempt
    gave)."""

    def __init__(self, failures: Sequence[Failure], first: Fault) -> None:
        self.failures = tuple(failures)
        self.first = first
        shown = "; ".join(
            f"{f.ref}: {len(f.rules)} decisions ({', '.join(f.rules) or 'no rule matched'})"
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

Fired = list[tuple[str, str]]


def _partitions(facts: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(facts), PARTITION_SIZE):
        chunk = facts[start : start + PARTITION_SIZE]
        ids = local_ids(len(chunk))
        yield [{**f, "id": ids[n]} for n, f in enumerate(chunk)]


def _failures(part: list[dict[str, Any]], fired: Fired) -> list[Failure]:
    counts = Counter(fid for fid, _ in fired)
    return [
        Failure(f["ref"], tuple(r for fid, r in fired if fid == f["id"]))
        for f in part
        if counts.get(f["id"], 0) != 1
    ]


def _account(
    part: list[dict[str, Any]], outcome: Fired | Fault, rules: frozenset[str],
) -> Fault | list[Failure]:
    """A fault of the engine (its worker died, hung, or answered about facts it was not
    given or with rules it does not have), else the facts without exactly one decision."""
    if isinstance(outcome, Fault):
        return outcome
    given = {f["id"] for f in part}
    strange = sorted({fid for fid, _ in outcome if fid not in given}
                     | {rule for _, rule in outcome if rule not in rules})
    if strange:
        return Fault("accounting", detail="decisions for facts or rules it was not given: "
                     + ", ".join(map(str, strange[:_SHOWN])))
    return _failures(part, outcome)


class EngineFault(Exception):
    """The engine failed on the same partition twice, the second time in a fresh worker."""

    def __init__(self, refs: Sequence[str], attempts: Sequence[Fault]) -> None:
        self.refs = tuple(refs)
        self.attempts = tuple(attempts)
        super().__init__("; ".join(map(str, self.attempts)))


def _mismatch(failures: Sequence[Failure]) -> Fault:
    return Fault("accounting", detail="; ".join(
        f"{f.ref}: {len(f.rules)} decisions" for f in failures[:_SHOWN]))


def run_rules(
    definitions: dict[str, dict[str, Any]],
    facts: Sequence[dict[str, Any]],
    workers: int | None = None,
) -> dict[str, str]:
    """Map each fact's ``ref`` to the name of the one rule that fired for it.

    Each fact is a flat dict with ``ref`` (the caller's key), ``kind`` and the fields the
    rules test. A partition whose worker crashed, hung (``PARTITION_TIMEOUT``) or whose
    answer does not account for its facts is recomputed once, one fact at a time, in a fresh
    worker. Raises EngineFault when that fails too (a fault of the engine: crash, hang, an
    answer about other facts), AccountingError when facts still get no decision or several
    (what the rules say, or what the caller checks they say).
    """
    parts = list(_partitions(facts))
    if not parts:
        return {}
    rules = frozenset(definitions[_RULESET])
    n_workers = max(1, min(workers or _MAX_WORKERS, len(parts)))
    results = _run_all(definitions, parts, n_workers)
    decided: dict[str, str] = {}
    failures: list[Failure] = []
    first_faults: list[Fault] = []
    for part, outcome in zip(parts, results, strict=True):
        first = _account(part, outcome, rules)
        if first:
            # Recompute in a fresh worker: durable_rules state could be what went wrong.
            (outcome,) = _run_all(definitions, [part], 1, singly=True)
            again = _account(part, outcome, rules)
            if isinstance(again, Fault):
                raise EngineFault([f["ref"] for f in part],
                                  [first if isinstance(first, Fault) else _mismatch(first), again])
            if again:
                failures.extend(again)
                first_faults.append(first if isinstance(first, Fault) else _mismatch(first))
                continue
        assert not isinstance(outcome, Fault)
        by_local = {f["id"]: f["ref"] for f in part}
        for fid, rule in outcome:
            decided[by_local[fid]] = rule
    if failures:
        raise AccountingError(failures, first_faults[0])
    return decided


class _Worker:
    """One worker process, forked with every partition of the batch in its memory: the
    parent sends only an index (a few bytes into an empty pipe, so sending never blocks even
    when the worker is wedged) and reads the answer when there is one."""

    def __init__(self, ctx: Any, definitions: dict[str, dict[str, Any]],
                 parts: list[list[dict[str, Any]]], singly: bool) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(definitions, parts, singly, child),
                                daemon=True)
        self.proc.start()
        child.close()
        self.job: int | None = None
        self.deadline = 0.0

    def give(self, job: int) -> Fault | None:
        self.job = job
        self.deadline = time.monotonic() + PARTITION_TIMEOUT
        try:
            self.conn.send(job)
        except OSError:  # it died before it could be given work
            return self._crashed()
        return None

    def collect(self) -> Fired | Fault | None:
        """The answer for the current job, a fault, or None while it is still working."""
        try:
            if self.conn.poll():
                job, fired = self.conn.recv()
                if job != self.job:
                    return Fault("accounting", detail=f"an answer for partition {job}")
                return list(fired)
        except (EOFError, OSError):
            return self._crashed()
        if self.proc.exitcode is not None:
            return self._crashed()
        if time.monotonic() >= self.deadline:
            return Fault("timeout", seconds=PARTITION_TIMEOUT)
        return None

    def _crashed(self) -> Fault:
        self.proc.join(5)
        code = self.proc.exitcode
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return Fault("crash", signal=name)
        return Fault("crash", status=code if code is not None else -1)

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        self.proc.kill()  # SIGKILL also ends a stopped process
        self.proc.join(10)
        if self.proc.exitcode is not None:
            self.proc.close()


def _worker_main(definitions: dict[str, dict[str, Any]], parts: list[list[dict[str, Any]]],
                 singly: bool, conn: Connection) -> None:
    # Ctrl-C is the parent's to handle: it stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(definitions)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        fired = _run_partition_singly(parts[job]) if singly else _run_partition(parts[job])
        conn.send((job, fired))


def _run_all(
    definitions: dict[str, dict[str, Any]],
    parts: list[list[dict[str, Any]]],
    n_workers: int,
    singly: bool = False,
) -> list[Fired | Fault]:
    """Each partition's firings, computed by up to ``n_workers`` worker processes; a
    partition whose worker died or gave no answer within ``PARTITION_TIMEOUT`` gets a Fault
    instead (that worker is killed; the next partition gets a fresh one). Never hangs."""
    ctx = multiprocessing.get_context("fork")
    out: list[Fired | Fault | None] = [None] * len(parts)
    todo = deque(range(len(parts)))
    workers: list[_Worker] = []
    try:
        while todo or workers:
            for w in [w for w in workers if w.job is None]:
                if not todo:
                    workers.remove(w)
                    w.stop()
                    continue
                _give(w, todo.popleft(), out, workers)
            while todo and len(workers) < n_workers:
                w = _Worker(ctx, definitions, parts, singly)
                workers.append(w)
                _give(w, todo.popleft(), out, workers)
            if not workers:
                continue
            now = time.monotonic()
            wait([c for w in workers for c in (w.conn, w.proc.sentinel)],
                 max(0.0, min(w.deadline for w in workers) - now))
            for w in list(workers):
                got = w.collect()
                if got is None:
                    continue
                assert w.job is not None
                out[w.job] = got
                w.job = None
                if isinstance(got, Fault):
                    workers.remove(w)
                    w.stop()
    finally:
        for w in workers:
            w.stop()
    assert all(o is not None for o in out)
    return [o for o in out if o is not None]


def _give(w: _Worker, job: int, out: list[Fired | Fault | None], workers: list[_Worker]) -> None:
    fault = w.give(job)
    if fault is not None:
        out[job] = fault
        workers.remove(w)
        w.stop()
