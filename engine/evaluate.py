"""Run the compiled decision rules in durable_rules, in worker processes, and account for
every fact.

Why this shape (DESIGN.md): durable_rules' C engine can crash or silently drop facts, so it
runs in worker processes (a crash becomes a handled error), on bounded partitions (few
facts asserted together, ids whose hashes are checked to differ), with no timer threads
(a host whose background dispatch is disabled), and after each partition we check that every
fact fired exactly one rule. A partition that fails the check is recomputed once in a fresh
worker; failing again stops the run with a message naming the facts.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from engine.errors import BaocaoError, problem

PARTITION_SIZE = 400
_MAX_WORKERS = 2
_RULESET = "baocao"


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

# --- worker side -----------------------------------------------------------------------

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


# --- parent side -----------------------------------------------------------------------


def _partitions(facts: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(facts), PARTITION_SIZE):
        chunk = facts[start : start + PARTITION_SIZE]
        ids = local_ids(len(chunk))
        yield [{**f, "id": ids[n]} for n, f in enumerate(chunk)]


def _accounting_errors(part: list[dict[str, Any]], fired: list[tuple[str, str]]) -> list[str]:
    counts = Counter(fid for fid, _ in fired)
    errors = []
    for f in part:
        n = counts.get(f["id"], 0)
        if n != 1:
            rules = [r for fid, r in fired if fid == f["id"]]
            errors.append(f"{f['ref']}: {n} decisions ({', '.join(rules) or 'no rule matched'})")
    return errors


def decide(
    definitions: dict[str, dict[str, Any]],
    facts: Sequence[dict[str, Any]],
    workers: int | None = None,
) -> dict[str, str]:
    """Map each fact's ``ref`` to the name of the one rule that fired for it.

    Each fact is a flat dict with ``ref`` (the caller's key), ``kind`` and the fields the
    decision rules test. Raises BaocaoError when a partition cannot be accounted for.
    """
    parts = list(_partitions(facts))
    if not parts:
        return {}
    n_workers = max(1, min(workers or _MAX_WORKERS, len(parts)))
    results = _run_all(definitions, parts, n_workers)
    decided: dict[str, str] = {}
    failures: list[str] = []
    for part, fired in zip(parts, results, strict=True):
        crashed = [f"worker crashed on {len(part)} facts ({part[0]['ref']} … {part[-1]['ref']})"]
        errors = _accounting_errors(part, fired) if fired is not None else crashed
        if errors:
            # Recompute in a fresh worker: durable_rules state could be what went wrong.
            (fired,) = _run_all(definitions, [part], 1, singly=True)
            errors = _accounting_errors(part, fired) if fired is not None else crashed
        if errors:
            failures.extend(errors)
            continue
        by_local = {f["id"]: f["ref"] for f in part}
        for fid, rule in fired or ():
            decided[by_local[fid]] = rule
    if failures:
        shown = "; ".join(failures[:10])
        more = f" (and {len(failures) - 10} more)" if len(failures) > 10 else ""
        raise BaocaoError([problem(
            "engine.accounting",
            "the rule engine did not give exactly one decision per fact, twice: "
            f"{shown}{more}. Check rules/decisions.yaml: conditions must cover every case "
            "exactly once.",
        )])
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
