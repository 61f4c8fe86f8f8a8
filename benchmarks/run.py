"""The national benchmark: baocao, the oracle and DuckDB on the same data, timed and compared.

    python benchmarks/run.py                          # 1e4 and 1e5 instances
    python benchmarks/run.py --instances 1000000      # the full national shape (minutes)

For each size, ``benchmarks/national.py`` writes a rules dir and a CSV register (not timed);
then, one after the other, each under ``/usr/bin/time -v`` in its own process:

- **baocao**: the installed command, ``baocao check --rules DIR -s FILE.csv --as-of D --since D
  --format json`` with its standard output sent to a file (end to end: start-up, rules,
  register, verdicts, JSON written);
- **oracle**: ``tests/oracle.py`` (``python -c`` via ``benchmarks/oracle_run.py``, which puts
  look-ups in front of its two quadratic scans without changing a result), results to CSV;
- **duckdb**: ``benchmarks/duckdb_ref.py``, the SQL formulation, from the rule files and the
  same CSV to its result CSVs;
- with ``--also csv`` (or ``jsonl``): baocao's same check again in that format, its rows
  streamed as they are built (timed and its peak memory measured, not compared).

It prints one row per implementation and size: instances, end-to-end seconds, instances per
second, the time as a multiple of DuckDB's, peak memory (``Maximum resident set size``), and
for each implementation the 1e5 → 1e6 time ratio when both sizes ran; then whether the three
agree on every verdict (with days late or overdue and the report that counted) and every
disposition they all decide, how many were compared, and what was left out and why. Exits 1
on any disagreement or failure.

Run it with the Python of an environment where baocao is installed (``pip install '.[bench]'``)
from the repository root.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import national  # noqa: E402
from benchmarks.compare import (  # noqa: E402
    Agreement,
    Result,
    agree,
    read_engine_json,
    read_result,
)

IMPLEMENTATIONS = ("baocao", "oracle", "duckdb")
SEED = 20251


@dataclass
class Timing:
    name: str
    instances: int
    seconds: float | None  # None: did not finish
    peak_mb: float | None
    status: str = "ok"  # ok | timeout after N s | failed (exit N)
    # baocao only: (stage, seconds, peak MB so far) as the command measured them itself
    # (BAOCAO_STAGES, engine/stages.py)
    stages: tuple[tuple[str, float, float | None], ...] = ()

    @property
    def rate(self) -> float | None:
        return self.instances / self.seconds if self.seconds else None


def _baocao() -> str:
    here = Path(sys.executable).parent / "baocao"
    found = str(here) if here.exists() else shutil.which("baocao")
    if not found:
        raise SystemExit("run.py: the baocao command is not installed in this environment "
                         "(pip install '.[bench]')")
    return found


def _timed(name: str, cmd: list[str], stdout: Path, log: Path, cwd: Path,
           timeout: float | None, stages: Path | None = None,
           ) -> tuple[float | None, float | None, str]:
    """Run ``cmd`` under /usr/bin/time -v; (wall seconds, peak MB, status). ``stages``: where
    baocao writes its per-stage figures."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED="0")
    if stages is not None:
        env["BAOCAO_STAGES"] = str(stages)
    full = ["/usr/bin/time", "-v", *cmd]
    t0 = time.perf_counter()
    with stdout.open("wb") as out, log.open("wb") as err:
        proc = subprocess.Popen(full, stdout=out, stderr=err, cwd=cwd, env=env,
                                start_new_session=True)
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            # stop the command (and its workers) but not /usr/bin/time, so that it still
            # reports the peak memory reached so far
            _kill_group(proc.pid, but=proc.pid)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            return None, _peak(log), f"stopped after {timeout:.0f} s"
    took = time.perf_counter() - t0
    fine = (0, 1) if name == "baocao" else (0,)  # baocao: 1 = non-compliance found
    return took, _peak(log), "ok" if rc in fine else f"failed (exit {rc})"


def _kill_group(pgid: int, but: int) -> None:
    """SIGKILL every process of group ``pgid`` except ``but`` (Linux: read from /proc)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == but:
            continue
        try:
            stat = (entry / "stat").read_text()
            group = int(stat.rsplit(")", 1)[1].split()[2])
            if group == pgid:
                os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ValueError, IndexError):
            continue


def _peak(log: Path) -> float | None:
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", log.read_text(errors="replace"))
    return int(m.group(1)) / 1024 if m else None


def run_size(n: int, work: Path, seed: int, timeout: float | None, skip: set[str],
             also: tuple[str, ...] = ()) -> tuple[list[Timing], Agreement | None,
                                                  dict[str, object]]:
    d = work / f"n{n}"
    t0 = time.perf_counter()
    meta = national.generate(n, d, seed)
    print(f"\n== {n:,} instances requested: {meta['provinces']} provinces × {meta['years']} "
          f"years, {meta['units']:,} units, {meta['obligations']} obligations, "
          f"{meta['expected_instances']:,} instances, {meta['submissions']:,} submissions "
          f"(generated in {time.perf_counter() - t0:.1f} s)", flush=True)
    rules, subs = d / "rules", d / "submissions.csv"
    as_of, since = str(meta["as_of"]), str(meta["since"])
    count = int(str(meta["expected_instances"]))
    cmds = {
        "baocao": ([_baocao(), "check", "--rules", str(rules), "-s", str(subs),
                    "--as-of", as_of, "--since", since, "--format", "json"],
                   d / "baocao.json", d),
        "oracle": ([sys.executable, "-c",
                    "from benchmarks.oracle_run import main; main()",
                    str(rules), str(subs), as_of, since, str(d / "oracle")],
                   d / "oracle.out", ROOT),
        "duckdb": ([sys.executable, str(ROOT / "benchmarks" / "duckdb_ref.py"),
                    "--rules", str(rules), "-s", str(subs), "--as-of", as_of, "--since", since,
                    "--out", str(d / "duckdb")],
                   d / "duckdb.out", ROOT),
    }
    timings: list[Timing] = []
    results: list[Result] = []
    for name in IMPLEMENTATIONS:
        if name in skip:
            continue
        cmd, out, cwd = cmds[name]
        laps = d / "baocao.stages.json" if name == "baocao" else None
        if laps is not None:
            laps.unlink(missing_ok=True)
        took, peak, status = _timed(name, cmd, out, d / f"{name}.time", cwd, timeout, laps)
        staged = _stages(laps) if laps is not None and laps.exists() else ()
        timings.append(Timing(name, count, took, peak, status, staged))
        shown = f"{took:.1f} s" if took is not None else status
        print(f"   {name:<7} {shown}, peak {peak or 0:,.0f} MB"
              + ("" if status == "ok" else f"  [{status}]"), flush=True)
        if staged:
            print("           " + ", ".join(f"{stage} {secs:.1f} s" for stage, secs, _ in staged),
                  flush=True)
        if status != "ok":
            tail = (d / f"{name}.time").read_text(errors="replace").splitlines()
            print("      " + "\n      ".join(line for line in tail[:8]
                                             if not line.startswith("\t")))
            continue
        if name == "baocao":
            results.append(read_engine_json(out))
        else:
            results.append(read_result(name, d / name))
    for fmt in also:  # the same check in another streamed format: timed, not compared
        cmd = [*cmds["baocao"][0][:-1], fmt]
        took, peak, status = _timed("baocao", cmd, d / f"baocao.{fmt}", d / f"baocao-{fmt}.time",
                                    d, timeout)
        timings.append(Timing(f"baocao {fmt}", count, took, peak, status))
        shown = f"{took:.1f} s" if took is not None else status
        print(f"   baocao --format {fmt}: {shown}, peak {peak or 0:,.0f} MB", flush=True)
    ag = agree(results) if len(results) >= 2 else None
    return timings, ag, meta


def _stages(path: Path) -> tuple[tuple[str, float, float | None], ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple((str(lap["stage"]), float(lap["seconds"]), lap.get("peak_mb"))
                 for lap in data["stages"])


def stage_table(rows: dict[int, list[Timing]]) -> list[str]:
    """baocao's own stages, one column per size: seconds (peak MB reached by then)."""
    sizes = [n for n in sorted(rows) if any(t.name == "baocao" and t.stages for t in rows[n])]
    if not sizes:
        return []
    runs = {n: next(t for t in rows[n] if t.name == "baocao") for n in sizes}
    names = list(dict.fromkeys(stage for n in sizes for stage, _, _ in runs[n].stages))
    out = ["| baocao stage | " + " | ".join(f"{runs[n].instances:,}: s (peak MB)" for n in sizes)
           + " |", "|---|" + "---:|" * len(sizes)]
    for name in names:
        cells = []
        for n in sizes:
            found = next(((s, m) for stage, s, m in runs[n].stages if stage == name), None)
            cells.append("–" if found is None else
                         f"{found[0]:.1f} ({found[1]:,.0f})" if found[1] else f"{found[0]:.1f}")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    return out


def table(rows: dict[int, list[Timing]]) -> list[str]:
    out = ["| instances | implementation | end to end (s) | instances/s | × DuckDB | peak memory "
           "(MB) |",
           "|---:|---|---:|---:|---:|---:|"]
    for n in sorted(rows):
        duck = next((t.seconds for t in rows[n] if t.name == "duckdb" and t.seconds), None)
        for t in rows[n]:
            secs = f"{t.seconds:.1f}" if t.seconds is not None else t.status
            rate = f"{t.rate:,.0f}" if t.rate else "–"
            ratio = f"{t.seconds / duck:.1f}" if duck and t.seconds else "–"
            peak = f"{t.peak_mb:,.0f}" if t.peak_mb else "–"
            out.append(f"| {t.instances:,} | {t.name} | {secs} | {rate} | {ratio} | {peak} |")
    big = [n for n in sorted(rows) if n >= 1_000_000]
    mid = [n for n in sorted(rows) if 100_000 <= n < 1_000_000]
    if big and mid:
        a, b = mid[-1], big[-1]
        for name in IMPLEMENTATIONS:
            ta = next((t for t in rows[a] if t.name == name), None)
            tb = next((t for t in rows[b] if t.name == name), None)
            if ta and tb and ta.seconds and tb.seconds:
                out.append(f"\n{name}: 1e5 → 1e6 time ratio {tb.seconds / ta.seconds:.1f}× "
                           f"({ta.instances:,} → {tb.instances:,} instances)")
            elif ta and tb:
                out.append(f"\n{name}: 1e5 → 1e6 time ratio not measured ({tb.status})")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--instances", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--work", type=Path, default=None,
                    help="where the data and outputs go (default: a temporary folder, removed)")
    ap.add_argument("--timeout", type=float, default=None,
                    help="stop an implementation after this many seconds (reported as such)")
    ap.add_argument("--skip", choices=IMPLEMENTATIONS, action="append", default=[])
    ap.add_argument("--also", choices=("csv", "jsonl"), action="append", default=[],
                    help="also time baocao's check in this format (its rows streamed as "
                         "they are built), at every size")
    ap.add_argument("--readme", action="store_true",
                    help="write the tables into README.md (between its benchmark marks) "
                         "when every implementation ran and all agreed")
    args = ap.parse_args(argv)
    tmp = None
    if args.work is None:
        tmp = tempfile.TemporaryDirectory(prefix="baocao-bench-")
        work = Path(tmp.name)
    else:
        work = args.work
        work.mkdir(parents=True, exist_ok=True)
    rows: dict[int, list[Timing]] = {}
    failed = False
    try:
        for n in args.instances:
            timings, ag, _meta = run_size(n, work, args.seed, args.timeout, set(args.skip),
                                          tuple(args.also))
            rows[n] = timings
            failed |= any(t.status != "ok" for t in timings)
            if ag is not None:
                print("   " + "\n   ".join(ag.lines()), flush=True)
                failed |= not ag.ok
    finally:
        if tmp is not None:
            tmp.cleanup()
    print()
    lines = [*table(rows), "", *stage_table(rows)]
    print("\n".join(lines))
    if args.readme and not failed:
        _readme(lines, _command(args))
    return 1 if failed else 0


def _command(args: argparse.Namespace) -> str:
    """The command that measures the same again, as the README shows it: the choices that
    change the figures, not where this machine kept its files (--work)."""
    words = ["python benchmarks/run.py", "--instances", *map(str, args.instances)]
    if args.seed != SEED:
        words += ["--seed", str(args.seed)]
    for name in args.skip:
        words += ["--skip", name]
    for fmt in args.also:
        words += ["--also", fmt]
    return " ".join(words)


_MARKS = ("<!-- benchmarks/run.py: start -->", "<!-- benchmarks/run.py: end -->")


def _readme(lines: list[str], command: str, path: Path = ROOT / "README.md") -> None:
    """The README's tables replaced by this run's, between the marks (``--readme``)."""
    text = path.read_text(encoding="utf-8")
    start, end = text.find(_MARKS[0]), text.find(_MARKS[1])
    if start < 0 or end < start:
        raise SystemExit(f"run.py: {path.name} has no {_MARKS[0]} … {_MARKS[1]} section")
    body = "\n".join([f"`{command}` on {os.cpu_count()} cores:", "", *lines])
    path.write_text(text[:start + len(_MARKS[0])] + "\n" + body + "\n" + text[end:],
                    encoding="utf-8")
    print(f"{path.name}: tables replaced ({command})")


if __name__ == "__main__":
    sys.exit(main())
