"""Faults injected into durable_rules' answer while it builds the decision table, for
tests/test_faults.py.

``faulty`` wraps ``engine.evaluation.decide._run`` (what asserts the combinations into a fresh
rule set and collects the firings, per fact id) and spoils its answer:

- ``drop``: the first combination fired no rule;
- ``double``: the first combination fired its rule twice;
- ``wrong``: the first combination fired another rule than the one whose conditions hold;
- ``stranger``: the answer names a fact it was not given;
- ``batch``: nothing fired at all, and durable_rules raised (what it does to a whole batch
  when one fact in it matches no rule).

``once``: only the first call (the batch of every combination) is spoiled; the recomputation,
one combination at a time, is normal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import engine.evaluation.decide as decide

Runner = Callable[..., decide.Answer]
MODES = ("drop", "double", "wrong", "stranger", "batch")


def faulty(mode: str, once: bool, original: Runner | None = None) -> Runner:
    run_rules = original or decide._run
    calls = [0]

    def run(definitions: dict[str, dict[str, Any]], rows: Any,
            singly: bool = False) -> decide.Answer:
        answer = run_rules(definitions, rows, singly)
        calls[0] += 1
        if once and calls[0] > 1:
            return answer
        fired = answer.fired
        first = rows[0]["id"]
        if mode == "drop":
            fired.pop(first, None)
        elif mode == "double":
            fired[first] = fired[first] * 2
        elif mode == "wrong":
            others = [r for r in definitions["baocao"] if r not in fired[first]
                      and r[0] == fired[first][0][0]]
            fired[first] = [others[0]]
        elif mode == "stranger":
            fired["f99999"] = list(fired[first])
        elif mode == "batch":
            fired.clear()
            return decide.Answer(fired, ("MessageNotHandledException: Could not handle message",))
        return answer

    return run


def inject(mode: str, once: bool) -> None:
    """For a child process running the real CLI (no monkeypatch there)."""
    decide._run = faulty(mode, once)
