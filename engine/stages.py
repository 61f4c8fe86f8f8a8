"""Per-stage wall time and peak memory of one run, for the national benchmark.

Off unless ``BAOCAO_STAGES=FILE`` is set when the process starts: then each ``stage(name)``
block adds one line (name, seconds, peak resident memory so far) and the lines are written to
FILE as JSON when the process ends. ``benchmarks/run.py`` sets it, so that the table of the
README shows where a run's time and memory go, measured in the real command and not in a
re-enactment of it. Off, a stage costs one attribute read.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

_FILE = os.environ.get("BAOCAO_STAGES") or None
_laps: list[dict[str, object]] = []
_start = time.perf_counter()


def peak_mb() -> float | None:
    """The process's peak resident memory in MB so far; None where the platform does not
    say (``resource`` is POSIX-only: on Windows no figure rather than a wrong one)."""
    if os.name == "posix":
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # B vs KiB
    return None  # pragma: no cover - Windows


@contextmanager
def stage(name: str) -> Iterator[None]:
    if _FILE is None:
        yield
        return
    t0 = time.perf_counter()
    try:
        yield
    finally:
        _laps.append({"stage": name, "seconds": round(time.perf_counter() - t0, 4),
                      "peak_mb": peak_mb()})


def split(name: str, part: str, seconds: float) -> None:
    """Stage ``name``, just ended, ran ``part`` inside it in pieces (records built as they
    are read) for ``seconds`` in all: two laps, ``name`` without the part, then the part,
    each with the peak reached by the end of both."""
    if _FILE is None or not _laps or _laps[-1]["stage"] != name:
        return
    whole = _laps[-1]
    whole["seconds"] = round(max(0.0, float(cast(float, whole["seconds"])) - seconds), 4)
    _laps.append({"stage": part, "seconds": round(seconds, 4), "peak_mb": whole["peak_mb"]})


def _write() -> None:
    if _FILE is None:
        return
    total = round(time.perf_counter() - _start, 4)
    with open(_FILE, "w", encoding="utf-8") as fh:
        json.dump({"stages": _laps, "total_seconds": total, "peak_mb": peak_mb()}, fh,
                  ensure_ascii=False, indent=1)


if _FILE is not None:
    atexit.register(_write)
