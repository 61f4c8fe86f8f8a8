"""The durable_rules runner: one decision per fact, accounted, crash-safe."""

from __future__ import annotations

from typing import Any

import pytest

from engine.evaluation.decide import (
    PARTITION_SIZE,
    AccountingError,
    _djb2,
    _fnv1a,
    local_ids,
)
from engine.evaluation.decide import run_rules as decide


def _defs(rules: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"baocao": rules}


SIGN = _defs({
    "neg": {"all": [{"m": {"$and": [{"kind": "n"}, {"$lt": {"x": 0}}]}}]},
    "zero": {"all": [{"m": {"$and": [{"kind": "n"}, {"x": 0}]}}]},
    "pos": {"all": [{"m": {"$and": [{"kind": "n"}, {"$gt": {"x": 0}}]}}]},
})


def test_each_fact_gets_its_rule() -> None:
    facts = [{"ref": f"r{x}", "kind": "n", "x": x} for x in (-3, 0, 5)]
    assert decide(SIGN, facts) == {"r-3": "neg", "r0": "zero", "r5": "pos"}


def test_many_partitions_are_all_accounted() -> None:
    n = PARTITION_SIZE * 2 + 17
    facts = [{"ref": f"r{i}", "kind": "n", "x": (i % 3) - 1} for i in range(n)]
    out = decide(SIGN, facts, workers=2)
    assert len(out) == n
    assert (out["r0"], out["r1"], out["r2"]) == ("neg", "zero", "pos")
    assert out[f"r{n - 1}"] == ["neg", "zero", "pos"][(n - 1) % 3]


def test_gap_in_rules_stops_the_run_naming_the_fact() -> None:
    gap = _defs({"pos": SIGN["baocao"]["pos"]})
    with pytest.raises(AccountingError) as err:
        decide(gap, [{"ref": "i:zero-fact", "kind": "n", "x": 0}])
    msg = str(err.value)
    assert "i:zero-fact: 0 decisions (no rule matched)" in msg


def test_overlap_in_rules_stops_the_run() -> None:
    overlap = _defs({**SIGN["baocao"],
                     "nonneg": {"all": [{"m": {"$and": [{"kind": "n"}, {"$gte": {"x": 0}}]}}]}})
    with pytest.raises(AccountingError) as err:
        decide(overlap, [{"ref": "a", "kind": "n", "x": 1}])
    assert "a: 2 decisions" in str(err.value)


def test_empty_batch() -> None:
    assert decide(SIGN, []) == {}


def test_partition_ids_have_distinct_hashes() -> None:
    ids = local_ids(PARTITION_SIZE)
    assert len(set(ids)) == PARTITION_SIZE
    assert len({_djb2(i) for i in ids}) == PARTITION_SIZE
    assert len({_fnv1a(i) for i in ids}) == PARTITION_SIZE


def test_hash_functions_match_reference_values() -> None:
    # djb2("a") = 5381*33 + 97; FNV-1a 32 of "a" is the published test vector 0xe40c292c.
    assert _djb2("a") == 5381 * 33 + 97
    assert _fnv1a("a") == 0xE40C292C


def test_gap_blames_only_the_unmatched_fact() -> None:
    # durable_rules drops a whole batch's firings when one fact matches no rule; the
    # one-at-a-time recomputation must pinpoint the culprit.
    pos_only = _defs({"pos": SIGN["baocao"]["pos"]})
    facts = [{"ref": r, "kind": "n", "x": x} for r, x in (("a", 1), ("b", 0), ("c", 2))]
    with pytest.raises(AccountingError) as err:
        decide(pos_only, facts)
    msg = str(err.value)
    assert "b: 0 decisions" in msg
    assert "a:" not in msg
    assert "c:" not in msg


def _crash(facts: list[dict[str, Any]]) -> list[tuple[str, str]]:
    import os

    os._exit(139)  # what a segfault in the C engine looks like to the parent


def test_worker_crash_is_a_handled_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import engine.evaluation.decide as ev

    monkeypatch.setattr(ev, "_run_partition", _crash)
    with pytest.raises(ev.EngineFault) as err:
        decide(SIGN, [{"ref": "a", "kind": "n", "x": 1}])
    assert err.value.refs == ("a",)
    assert [(f.kind, f.status) for f in err.value.attempts] == [("crash", 139)] * 2
    assert "exited with status 139" in str(err.value)
