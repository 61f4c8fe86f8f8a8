"""Faults injected into the rule engine's worker processes, for tests/test_faults.py.

``inject`` replaces the partition runner that the worker processes call (they are forked, so
they inherit the replacement). The fault happens inside the worker, with a real signal:

- ``kill``: the worker sends itself SIGKILL (what the kernel's OOM killer does);
- ``stop``: SIGSTOP — the worker is wedged, alive but never answering;
- ``drop``: durable_rules' firings come back with one missing (an accounting mismatch);
- ``stranger``: the answer names a fact the worker was not given.

``once`` uses a marker file (shared by every worker process): the first run faults, every
later run (the recomputation in a fresh worker) is normal.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import engine.evaluation.decide as decide

Runner = Callable[[list[dict[str, Any]]], list[tuple[str, str]]]


def faulty(mode: str, marker: Path, once: bool) -> Runner:
    original = decide._run_partition

    def run(facts: list[dict[str, Any]]) -> list[tuple[str, str]]:
        if once and marker.exists():
            return original(facts)
        marker.touch()
        if mode == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif mode == "stop":
            os.kill(os.getpid(), signal.SIGSTOP)
        fired = original(facts)
        if mode == "drop":
            return fired[1:]
        if mode == "stranger":
            return [*fired, ("f99999", fired[0][1] if fired else "x")]
        return fired

    return run


def inject(mode: str, marker: str | Path, once: bool, timeout: float | None = None) -> None:
    """For a child process running the real CLI (no monkeypatch there)."""
    decide._run_partition = faulty(mode, Path(marker), once)  # type: ignore[assignment]
    if timeout is not None:
        decide.PARTITION_TIMEOUT = timeout
