"""Benchmark: `baocao validate` on a secretariat's year — 100,000 records, as CSV and XLSX.

    python benchmarks/bench_validate.py --records 100000 --out /tmp/bench
    /usr/bin/time -v baocao validate /tmp/bench/so-den.csv --as-of 2023-03-01 \\
        --format json -o /tmp/bench/out.json

Writes two registers of the same records with the bundled rules' own units, written the way
offices type them (names and aliases, dd/mm/yyyy dates, Vietnamese periods, some without a
period): ``so-den.csv`` (UTF-8 with BOM, ';') and ``so-den.xlsx`` (title rows above the header,
date cells, an STT column). Most records match; a few percent are late, duplicated, sent to
the wrong recipient, name an unknown unit or hold a date that does not exist. Then, unless
``--no-run``, it runs ``baocao validate`` on each (JSON to a file) and prints the wall time.
Peak memory is measured by running the printed command under ``/usr/bin/time -v`` (not here:
timing a timed child from Python would measure the wrong process).
"""

from __future__ import annotations

import argparse
import contextlib
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine import load_rulebook  # noqa: E402

HEADER = ["STT", "Số đến", "Cơ quan gửi", "Nơi nhận", "Ngày đến", "Kỳ báo cáo", "Trích yếu"]
_QUARTERS = ("I", "II", "III", "IV")


def _years(ob: Any) -> tuple[int, ...]:
    """The years 2021-2022 the obligation is in force in (2022 when it is in neither)."""
    start, end = ob.in_force.start.year, (ob.in_force.end or date(2100, 1, 1)).year
    return tuple(y for y in (2021, 2022) if start <= y <= end) or (2022,)


def records(n: int, seed: int) -> list[list[object]]:
    """``n`` rows (STT first) of reports owed under the bundled periodic obligations."""
    rnd = random.Random(seed)
    book = load_rulebook()
    owed = []
    for (_, _), ob in book.obligations.items():
        if ob.kind.value != "periodic" or ob.frequency.value not in ("quarterly", "semiannual",
                                                                    "semiannual_and_annual",
                                                                    "annual"):
            continue
        for reporter in book.registry.expand(ob.reporters):
            owed.append((reporter, ob))
    units = book.registry.units
    rows: list[list[object]] = []
    for i in range(n):
        reporter, ob = owed[rnd.randrange(len(owed))]
        year = rnd.choice(_years(ob))
        freq = ob.frequency.value
        if freq == "quarterly":
            q = rnd.randint(1, 4)
            period, day = f"quý {_QUARTERS[q - 1]}/{year}", date(year, 3 * q, 10)
        elif freq == "annual":
            period, day = f"năm {year}", date(year, 12, 15)
        else:
            h = rnd.randint(1, 2)
            period = f"6 tháng {'đầu' if h == 1 else 'cuối'} năm {year}"
            day = date(year, 6 * h, 15)
        day += timedelta(days=rnd.randint(-10, 12))
        recipient = ob.via or ob.recipient
        roll = rnd.random()
        if roll < 0.02:
            recipient = "bo-khcn"  # sent elsewhere
        reporter_name: str = rnd.choice((units[reporter].name, *units[reporter].aliases))
        if 0.98 < roll < 0.99:  # a unit typed the way no registry knows (a few, repeated)
            reporter_name = f"Đơn vị chưa đăng ký số {i % 7}"
        written_day = f"{day.day}/{day.month}/{day.year}" if roll < 0.995 else f"31/02/{year}"
        rows.append([i + 1, f"BC-{i + 1:06d}", reporter_name, units[recipient].name,
                     written_day, period if rnd.random() > 0.1 else "",
                     f"Báo cáo {ob.summary[:60]} {period}"])
    return rows


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write(";".join(HEADER) + "\r\n")
        for row in rows:
            fh.write(";".join(str(c).replace(";", ",") for c in row) + "\r\n")


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sổ đến")
    ws.append(["SỔ ĐĂNG KÝ BÁO CÁO ĐẾN"])
    ws.append([])
    ws.append(HEADER)
    for row in rows:
        cells = list(row)
        d, m, y = str(cells[4]).split("/")
        with contextlib.suppress(ValueError):  # "31/02/2022" stays text, as typed
            cells[4] = datetime(int(y), int(m), int(d))  # a date cell, as Excel stores it
        ws.append(cells)
    wb.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/baocao-bench"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-run", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rows = records(args.records, args.seed)
    csv_path, xlsx_path = args.out / "so-den.csv", args.out / "so-den.xlsx"
    write_csv(csv_path, rows)
    write_xlsx(xlsx_path, rows)
    print(f"wrote {len(rows)} records to {csv_path} and {xlsx_path} "
          f"in {time.perf_counter() - started:.1f} s")
    if args.no_run:
        return
    for path in (csv_path, xlsx_path):
        out = args.out / f"{path.suffix[1:]}.json"
        command = [sys.executable, "-m", "cli.app", "validate", str(path), "--as-of",
                   "2023-03-01", "--format", "json", "-o", str(out)]
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, check=False, capture_output=True, text=True)
        took = time.perf_counter() - started
        print(f"validate {path.name}: exit {done.returncode}, {took:.1f} s "
              f"(/usr/bin/time -v {' '.join(command[2:])} for peak memory)")
        if done.returncode not in (0, 1):
            print(done.stderr[-2000:])


if __name__ == "__main__":
    main()
