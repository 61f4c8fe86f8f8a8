"""The three implementations' results in one shape, and their comparison.

Each result is two tables: per expected instance (key ``directive_id/obligation/reporter/
period``) the verdict, days late, days overdue and the id of the report that counted; per
submission its disposition. The oracle and the DuckDB reference write them as CSV
(``instances.csv``, ``dispositions.csv``) with ``excluded.csv`` listing what they do not decide
(and why); ``baocao check --format json`` is read as it streams, without loading the whole
document (at 1e6 instances it is gigabytes).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

Verdict = tuple[str, int, int, str]  # verdict, days_late, days_overdue, submission id or ""


@dataclass
class Result:
    """What one implementation decided; ``excluded_*`` it leaves undecided, with a reason."""

    name: str
    instances: dict[str, Verdict] = field(default_factory=dict)
    dispositions: dict[str, str] = field(default_factory=dict)
    excluded_instances: dict[str, str] = field(default_factory=dict)  # key → reason
    excluded_submissions: dict[str, str] = field(default_factory=dict)  # id → reason
    excluded_reporters: dict[str, str] = field(default_factory=dict)  # unit id → reason


# ---------------------------------------------------------------------------------------
# CSV results (oracle, DuckDB)


def write_result(out: Path, instances: Iterator[tuple[str, str, int, int, str]],
                 dispositions: Iterator[tuple[str, str]],
                 excluded: Iterator[tuple[str, str, str]] = iter(())) -> None:
    """``excluded`` rows are (kind: instance | submission | reporter, id, reason)."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "instances.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["key", "verdict", "days_late", "days_overdue", "submission"])
        w.writerows(instances)
    with (out / "dispositions.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "disposition"])
        w.writerows(dispositions)
    with (out / "excluded.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["kind", "id", "reason"])
        w.writerows(excluded)


def read_result(name: str, out: Path) -> Result:
    res = Result(name)
    with (out / "instances.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            res.instances[row["key"]] = (row["verdict"], int(row["days_late"] or 0),
                                         int(row["days_overdue"] or 0), row["submission"] or "")
    with (out / "dispositions.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            res.dispositions[row["id"]] = row["disposition"]
    path = out / "excluded.csv"
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                table = {"instance": res.excluded_instances,
                         "submission": res.excluded_submissions,
                         "reporter": res.excluded_reporters}[row["kind"]]
                table[row["id"]] = row["reason"]
    return res


# ---------------------------------------------------------------------------------------
# baocao check --format json, streamed


class _Stream:
    """Values of a large JSON document read piece by piece (``json.JSONDecoder.raw_decode``
    over a sliding window), so that only one object is in memory at a time."""

    CHUNK = 1 << 22

    def __init__(self, fh: TextIO) -> None:
        self.fh = fh
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.dec = json.JSONDecoder()

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.fh.read(self.CHUNK)
        self.buf = self.buf[self.pos:] + chunk
        self.pos = 0
        self.eof = not chunk
        return bool(chunk)

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def expect(self, ch: str) -> None:
        got = self.peek()
        if got != ch:
            raise ValueError(f"expected {ch!r} in the JSON output, found {got!r}")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.dec.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError:
                if self._fill():
                    continue
                raise
            # a number at the very end of the window may continue in the next chunk
            if end == len(self.buf) and not self.eof and self._fill():
                continue
            self.pos = end
            return value

    def items(self) -> Iterator[Any]:
        """The elements of the array that starts here."""
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("]")
            return


def read_engine_json(path: Path) -> Result:
    res = Result("baocao")
    with path.open(encoding="utf-8") as fh:
        s = _Stream(fh)
        s.expect("{")
        while s.peek() != "}":
            key = s.value()
            s.expect(":")
            if key == "instances":
                for i in s.items():
                    res.instances[i["key"]] = (i["verdict"], int(i.get("days_late") or 0),
                                               int(i.get("days_overdue") or 0),
                                               i.get("submission") or "")
            elif key == "submissions":
                for sub in s.items():
                    res.dispositions[str(sub["id"])] = sub["disposition"]
            elif key == "errors":
                raise ValueError(f"baocao reported errors: {s.value()}")
            else:
                s.value()
            if s.peek() == ",":
                s.pos += 1
    return res


# ---------------------------------------------------------------------------------------
# Agreement


@dataclass
class Agreement:
    instances_compared: int = 0
    instances_agreeing: int = 0
    submissions_compared: int = 0
    submissions_agreeing: int = 0
    excluded: dict[str, int] = field(default_factory=dict)  # why → how many
    missing: dict[str, int] = field(default_factory=dict)  # "instances only in X" → count
    disagreements: list[str] = field(default_factory=list)  # examples
    differing: dict[str, int] = field(default_factory=dict)  # which pair differs → count

    @property
    def ok(self) -> bool:
        return (self.instances_compared == self.instances_agreeing
                and self.submissions_compared == self.submissions_agreeing
                and not self.missing)

    def lines(self) -> list[str]:
        out = [f"instances compared: {self.instances_compared:,}, agreeing on verdict, days "
               f"late/overdue and the report that counted: {self.instances_agreeing:,}",
               f"submissions compared: {self.submissions_compared:,}, agreeing on disposition: "
               f"{self.submissions_agreeing:,}"]
        out += [f"not compared: {n:,} {why}" for why, n in sorted(self.excluded.items())]
        out += [f"MISSING: {n:,} {what}" for what, n in sorted(self.missing.items())]
        out += [f"DIFFER: {n:,} {what}" for what, n in sorted(self.differing.items())]
        out += [f"  e.g. {d}" for d in self.disagreements]
        return out


def agree(results: list[Result], examples: int = 4) -> Agreement:
    """Compare every verdict and disposition that all ``results`` decide: an instance or
    submission one of them leaves out on purpose (``excluded_*``) is counted, by reason, and
    not compared; one present in some and absent from others without a reason is a
    disagreement."""
    ag = Agreement()
    names = [r.name for r in results]

    def excluded_instance(key: str) -> str | None:
        reporter = key.split("/")[2] if key.count("/") >= 3 else ""
        for r in results:
            if key in r.excluded_instances:
                return f"instances: {r.name}: {r.excluded_instances[key]}"
            if reporter in r.excluded_reporters:
                return f"instances: {r.name}: {r.excluded_reporters[reporter]}"
        return None

    keys = set().union(*(r.instances for r in results))
    for key in sorted(keys):
        why = excluded_instance(key)
        if why is not None:
            ag.excluded[why] = ag.excluded.get(why, 0) + 1
            continue
        have = [r for r in results if key in r.instances]
        if len(have) != len(results):
            what = ("instances only in " + ", ".join(r.name for r in have))
            ag.missing[what] = ag.missing.get(what, 0) + 1
            if sum(1 for d in ag.disagreements if "only in" in d) < examples:
                ag.disagreements.append(f"{key}: only in {', '.join(r.name for r in have)}")
            continue
        ag.instances_compared += 1
        values = [r.instances[key] for r in results]
        if all(v == values[0] for v in values):
            ag.instances_agreeing += 1
            continue
        _differ(ag, "instance verdicts", key, names, values, examples)

    ids = set().union(*(r.dispositions for r in results))
    for sid in sorted(ids):
        reason = next((f"submissions: {r.name}: {r.excluded_submissions[sid]}"
                       for r in results if sid in r.excluded_submissions), None)
        if reason is not None:
            ag.excluded[reason] = ag.excluded.get(reason, 0) + 1
            continue
        have = [r for r in results if sid in r.dispositions]
        if len(have) != len(results):
            what = ("submissions only in " + ", ".join(r.name for r in have))
            ag.missing[what] = ag.missing.get(what, 0) + 1
            continue
        ag.submissions_compared += 1
        got = [r.dispositions[sid] for r in results]
        if all(g == got[0] for g in got):
            ag.submissions_agreeing += 1
            continue
        _differ(ag, "dispositions", sid, names, got, examples)
    return ag


def _differ(ag: Agreement, what: str, key: str, names: list[str], values: list[Any],
            examples: int) -> None:
    groups: dict[str, list[str]] = {}
    for n, v in zip(names, values, strict=True):
        groups.setdefault(repr(v), []).append(n)
    label = f"{what}: " + " vs ".join("+".join(ns) for ns in groups.values())
    ag.differing[label] = ag.differing.get(label, 0) + 1
    if ag.differing[label] <= examples:
        shown = "; ".join(f"{'+'.join(ns)}={v}" for v, ns in groups.items())
        ag.disagreements.append(f"{key}: {shown}")


def counts(res: Result) -> Mapping[str, int]:
    out: dict[str, int] = {}
    for v in res.instances.values():
        out[v[0]] = out.get(v[0], 0) + 1
    for d in res.dispositions.values():
        out[d] = out.get(d, 0) + 1
    return out
