"""The independent oracle of ``tests/oracle.py`` over a rules dir and a CSV, results to CSV.

    python -c "from benchmarks.oracle_run import main; main()" RULES CSV AS_OF SINCE OUT [--plain]

The oracle is written for obviousness, not speed: it resolves a name by normalising every form
of every unit, and looks for a report's instances among every instance owed. At national scale
(4,400 units, 10^5–10^6 instances and reports) both are quadratic: hours. Unless ``--plain`` is
given, three look-ups are put in front of it, none of which changes a result:

- ``resolve``: the oracle's own forms (``_forms``), normalised once by its own ``_norm`` and
  ``_fold`` into a dict; a name is looked up in the same order (id, normalised, folded) and is
  ambiguous exactly when the oracle's scan would find several units;
- ``_candidates``: given only the instances of the report's unit whose period could match (its
  own period, the second half and the third quarter a year or nine months stands for) and every
  instance of another kind than periodic; ``_candidates`` filters on exactly these first;
- ``parse_period``: memoised (a pure function of its text).

The verdict logic runs unchanged.
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.compare import write_result


def install_indexes(oracle: Any) -> None:
    parse = functools.lru_cache(maxsize=None)(oracle.parse_period)
    oracle.parse_period = parse
    orig_resolve = oracle.resolve
    indexes: dict[int, tuple[Mapping[str, Any], list[dict[str, set[str]]]]] = {}
    seen: dict[tuple[int, str], str | None] = {}  # one answer per distinct name

    def resolve(name: object, units: Mapping[str, Any]) -> str | None:
        entry = indexes.get(id(units))
        if entry is None or entry[0] is not units:
            levels: list[dict[str, set[str]]] = [{}, {}]
            for u in units.values():
                for f in oracle._forms(u):
                    for level, key in zip(levels, (oracle._norm, oracle._fold), strict=True):
                        level.setdefault(key(f), set()).add(u.id)
            entry = indexes[id(units)] = (units, levels)
            seen.clear()  # answers were for another registry
        if not isinstance(name, str) or not name.strip():
            answer: str | None = orig_resolve(name, units)
            return answer
        if name in units:
            return name
        for level, key in zip(entry[1], (oracle._norm, oracle._fold), strict=True):
            hits = level.get(key(name), set())
            if len(hits) == 1:
                return next(iter(hits))
            if hits:
                return None
        return None

    def resolve_once(name: object, units: Mapping[str, Any]) -> str | None:
        if not isinstance(name, str):
            return resolve(name, units)
        key = (id(units), name)
        if key not in seen:
            answer = resolve(name, units)
            seen[key] = answer
            return answer
        return seen[key]

    oracle.resolve = resolve_once

    orig_candidates = oracle._candidates
    slices: dict[int, tuple[Mapping[Any, Any], dict[tuple[str, str], dict[Any, Any]],
                            dict[str, dict[Any, Any]]]] = {}

    def candidates(s: Any, reporter: str, rules: Any, owed: Mapping[Any, Any]) -> Any:
        entry = slices.get(id(owed))
        if entry is None or entry[0] is not owed:
            by_period: dict[tuple[str, str], dict[Any, Any]] = {}
            other: dict[str, dict[Any, Any]] = {}
            for k, ob in owed.items():
                if ob.kind == "periodic":
                    by_period.setdefault((k[2], k[3]), {})[k] = ob
                else:
                    other.setdefault(k[2], {})[k] = ob
            entry = slices[id(owed)] = (owed, by_period, other)
        _, by_period, other = entry
        y = s.period.start.year
        labels = {s.period.label}
        if s.period.kind == "year":
            labels.add(f"{y}-H2")
        if s.period.kind == "nine":
            labels.add(f"{y}-Q3")
        part: dict[Any, Any] = dict(other.get(reporter, {}))
        for label in labels:
            part.update(by_period.get((reporter, label), {}))
        return orig_candidates(s, reporter, rules, part)

    oracle._candidates = candidates


def run(rules: Path, submissions: Path, as_of: date, since: date, out: Path,
        plain: bool = False) -> float:
    """Evaluate and write the results; returns the seconds it took."""
    t0 = time.perf_counter()
    from tests import oracle

    if not plain:
        install_indexes(oracle)
    res = oracle.evaluate_paths(rules, [submissions], as_of, since)
    write_result(
        out,
        (("/".join(k), v.verdict, v.days_late, v.days_overdue, v.submission or "")
         for k, v in res.instances.items()),
        iter(res.dispositions.items()),
        iter([*(("submission", s, "names no period: the oracle leaves it undecided")
                for s in sorted(res.undecided)),
              *(("reporter", r, "sent a report naming no period: the oracle leaves the unit's "
                 "instances undecided") for r in sorted(res.uncertain_reporters))]),
    )
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    plain = "--plain" in args
    args = [a for a in args if a != "--plain"]
    rules, subs, as_of, since, out = args
    took = run(Path(rules), Path(subs), date.fromisoformat(as_of), date.fromisoformat(since),
               Path(out), plain)
    print(f"oracle: {took:.2f} s", file=sys.stderr)
