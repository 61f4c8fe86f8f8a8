"""Probe: what the columnar path of issue 18 would cost, in DuckDB, in Polars and in Python.

    python benchmarks/columnar_probe.py --data DIR [--engines python duckdb polars]

(DuckDB is in the ``bench`` extra; Polars is not a dependency of baocao: ``pip install polars``
to measure it too, else it is left out.)

DIR is a size of the national benchmark (``benchmarks/run.py --work``: ``rules/`` and
``submissions.csv``). The core of grouping, written three ways over the same inputs, each in a
process of its own (its peak memory is its own):

1. read the register into columns (every cell as text);
2. code the names, periods and dates: each distinct value once, as an integer;
3. read each distinct sender and recipient name (baocao's registry), period and date
   (baocao's parsers), in Python, once per distinct value, the same in all three (``rules``:
   loading the rule book for it);
4. join the records to the expected reports on (unit, period), and per expected report take
   the earliest receipt: the join and the group-by at the heart of ``group.py``.

The expected reports come from baocao's own expansion (``engine.evaluation.expand``), written
once to a CSV the three read. It prints, per implementation and step, seconds, and the
process's peak memory, and checks the three agree on the earliest receipt of every report.
It decides nothing and is not the engine: it measures what issue 18 says to choose by.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = {"Đơn vị báo cáo": "reporter", "Nơi nhận": "recipient", "Kỳ báo cáo": "period",
           "Ngày nhận": "received"}


def _peak_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows: no getrusage
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _expected(data: Path, out: Path) -> int:
    """baocao's instances (key, reporter, period label) as a CSV, and the distinct names the
    register uses resolved (name → unit id) as a JSON: what every implementation starts from."""
    sys.path.insert(0, str(ROOT))
    import engine
    from engine.evaluation import expand, scope

    book = engine.load_rulebook(data / "rules")
    # the national benchmark's window (benchmarks/run.py: --as-of 2025-12-20 --since 2021)
    shown = scope.resolve_scope(book, engine.Filters(since=date(2021, 1, 1)), date(2025, 12, 20))
    span = scope.horizon(shown, ())
    n = 0
    with (out / "instances.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key", "unit", "period"])
        for inst in expand.expand(book.directives, book.registry, book.calendar, book.policies,
                                  span, ()):
            w.writerow([inst.key, inst.reporter, inst.period.label])
            n += 1
    return n


class _Distinct:
    """baocao's own readings, applied once per distinct value (the same in all three)."""

    def __init__(self, data: Path) -> None:
        sys.path.insert(0, str(ROOT))
        import engine

        self.registry = engine.load_rulebook(data / "rules").registry

    def unit(self, name: str) -> str:
        try:
            return self.registry.resolve(name)
        except ValueError:
            return ""

    @staticmethod
    def period(text: str) -> str:
        from engine.time.periods import PeriodParseError, parse_period

        try:
            return parse_period(text).label
        except (PeriodParseError, ValueError):
            return ""

    @staticmethod
    def day(text: str) -> str:
        from engine.time.dates import DateParseError, parse_date

        try:
            return parse_date(text).isoformat()
        except (DateParseError, ValueError):
            return ""


def _table(path: Path, header: tuple[str, str], pairs: list[tuple[object, str]]) -> Path:
    """A small mapping handed to DuckDB as a file (its executemany is row by row)."""
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(pairs)
    return path


def run_python(data: Path, work: Path, steps: dict[str, float]) -> dict[str, str]:
    t = time.perf_counter()
    with (data / "submissions.csv").open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        at = {COLUMNS[h]: i for i, h in enumerate(header) if h in COLUMNS}
        cols: dict[str, list[str]] = {k: [] for k in at}
        for row in rows:
            for k, i in at.items():
                cols[k].append(row[i])
    steps["read"] = time.perf_counter() - t
    t = time.perf_counter()
    codes: dict[str, list[int]] = {}
    distinct: dict[str, list[str]] = {}
    for k, values in cols.items():
        seen: dict[str, int] = {}
        codes[k] = [seen.setdefault(v, len(seen)) for v in values]
        distinct[k] = list(seen)
    steps["code"] = time.perf_counter() - t
    t = time.perf_counter()
    read = _Distinct(data)
    steps["rules"] = time.perf_counter() - t
    t = time.perf_counter()
    unit = [read.unit(v) for v in distinct["reporter"]]
    [read.unit(v) for v in distinct["recipient"]]
    periods = [read.period(v) for v in distinct["period"]]
    day = [read.day(v) for v in distinct["received"]]
    steps["resolve"] = time.perf_counter() - t
    t = time.perf_counter()
    owed: dict[tuple[str, str], list[str]] = {}
    with (work / "instances.csv").open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        next(rows)
        for key, u, p in rows:
            owed.setdefault((u, p), []).append(key)
    earliest: dict[str, str] = {}
    for r, p, d in zip(codes["reporter"], codes["period"], codes["received"], strict=True):
        received = day[d]
        if not received:
            continue
        for key in owed.get((unit[r], periods[p]), ()):
            best = earliest.get(key)
            if best is None or received < best:
                earliest[key] = received
    steps["join"] = time.perf_counter() - t
    return earliest


def run_duckdb(data: Path, work: Path, steps: dict[str, float]) -> dict[str, str]:
    import duckdb

    con = duckdb.connect()
    t = time.perf_counter()
    con.execute(f"""CREATE TABLE raw AS SELECT "Đơn vị báo cáo" AS reporter,
        "Nơi nhận" AS recipient, "Kỳ báo cáo" AS period, "Ngày nhận" AS received
        FROM read_csv('{data / 'submissions.csv'}', header=true, all_varchar=true,
                      quote='"', escape='"', delim=',')""")
    steps["read"] = time.perf_counter() - t
    t = time.perf_counter()
    for k in ("reporter", "recipient", "period", "received"):
        con.execute(f"CREATE TABLE d_{k} AS SELECT {k} AS v, row_number() OVER () - 1 AS c "
                    f"FROM (SELECT DISTINCT {k} FROM raw)")
    con.execute("""CREATE TABLE coded AS SELECT r.c AS reporter, e.c AS recipient,
        p.c AS period, d.c AS received FROM raw
        JOIN d_reporter r ON raw.reporter = r.v JOIN d_recipient e ON raw.recipient = e.v
        JOIN d_period p ON raw.period = p.v JOIN d_received d ON raw.received = d.v""")
    steps["code"] = time.perf_counter() - t
    t = time.perf_counter()
    read = _Distinct(data)
    steps["rules"] = time.perf_counter() - t
    t = time.perf_counter()
    for k, how in (("reporter", read.unit), ("recipient", read.unit), ("period", read.period),
                   ("received", read.day)):
        pairs = [(c, how(v)) for v, c in con.execute(f"SELECT v, c FROM d_{k}").fetchall()]
        path = _table(work / f"duckdb-{k}.csv", ("c", "v"), pairs)
        con.execute(f"CREATE TABLE r_{k} AS SELECT * FROM read_csv('{path}', header=true, "
                    "columns={'c': 'BIGINT', 'v': 'VARCHAR'})")
    steps["resolve"] = time.perf_counter() - t
    t = time.perf_counter()
    found = con.execute(f"""
        WITH inst AS (SELECT * FROM read_csv('{work / 'instances.csv'}', header=true,
                                             all_varchar=true))
        SELECT inst.key, min(r_received.v) FROM coded
        JOIN r_reporter ON coded.reporter = r_reporter.c
        JOIN r_period ON coded.period = r_period.c
        JOIN r_received ON coded.received = r_received.c AND r_received.v IS NOT NULL
        JOIN inst ON inst.unit = r_reporter.v AND inst.period = r_period.v
        GROUP BY inst.key""").fetchall()
    steps["join"] = time.perf_counter() - t
    return dict(found)


def run_polars(data: Path, work: Path, steps: dict[str, float]) -> dict[str, str]:
    import polars as pl

    t = time.perf_counter()
    raw = pl.read_csv(data / "submissions.csv", infer_schema=False,
                      columns=list(COLUMNS)).rename(COLUMNS)
    steps["read"] = time.perf_counter() - t
    t = time.perf_counter()
    coded = raw.with_columns(pl.col(k).cast(pl.Categorical) for k in COLUMNS.values())
    steps["code"] = time.perf_counter() - t
    t = time.perf_counter()
    read = _Distinct(data)
    steps["rules"] = time.perf_counter() - t
    t = time.perf_counter()
    maps = {}
    for k, how in (("reporter", read.unit), ("recipient", read.unit), ("period", read.period),
                   ("received", read.day)):
        seen = coded[k].unique().to_list()
        maps[k] = pl.DataFrame({k: seen, f"{k}_v": [how(v) for v in seen]},
                               schema={k: pl.Categorical, f"{k}_v": pl.String})
    steps["resolve"] = time.perf_counter() - t
    t = time.perf_counter()
    inst = pl.read_csv(work / "instances.csv", infer_schema=False)
    found = (coded.join(maps["reporter"], on="reporter").join(maps["period"], on="period")
             .join(maps["received"], on="received").filter(pl.col("received_v") != "")
             .join(inst, left_on=["reporter_v", "period_v"], right_on=["unit", "period"])
             .group_by("key").agg(pl.col("received_v").min()))
    steps["join"] = time.perf_counter() - t
    return dict(found.iter_rows())


RUNNERS = {"python": run_python, "duckdb": run_duckdb, "polars": run_polars}


def _one(engine_name: str, data: Path, work: Path) -> None:
    """In a process of its own: one implementation, its steps and peak memory as JSON."""
    steps: dict[str, float] = {}
    t = time.perf_counter()
    earliest = RUNNERS[engine_name](data, work, steps)
    steps["total"] = time.perf_counter() - t
    (work / f"{engine_name}.json").write_text(json.dumps(sorted(earliest.items())))
    print(json.dumps({"steps": steps, "peak_mb": _peak_mb(), "reports": len(earliest)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--engines", nargs="+", default=list(RUNNERS), choices=list(RUNNERS))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    for needed in (args.data / "rules", args.data / "submissions.csv"):
        if not needed.exists():
            parser.error(f"{needed} not found: --data is one size of the national benchmark "
                         "(benchmarks/run.py --work DIR writes them: DIR/n100000, …)")
    work = args.work or args.data / "probe"
    if args.one:
        _one(args.one, args.data, work)
        return
    work.mkdir(exist_ok=True)
    import importlib.util

    engines = [e for e in args.engines if e == "python" or importlib.util.find_spec(e)]
    for missing in sorted(set(args.engines) - set(engines)):
        print(f"{missing}: not installed (pip install {missing}), left out")
    print(f"{_expected(args.data, work):,} expected reports")
    results = {}
    for name in engines:
        out = subprocess.run([sys.executable, __file__, "--data", str(args.data), "--work",
                              str(work), "--one", name], capture_output=True, text=True,
                             check=True)
        results[name] = json.loads(out.stdout.strip().splitlines()[-1])
        steps = " ".join(f"{k} {v:.1f}s" for k, v in results[name]["steps"].items())
        print(f"{name:7s} {steps}  peak {results[name]['peak_mb']:.0f} MB  "
              f"{results[name]['reports']:,} reports received")
    found = {name: (work / f"{name}.json").read_text() for name in engines}
    print("all agree on the earliest receipt of every report:",
          len(set(found.values())) == 1)


if __name__ == "__main__":
    main()
