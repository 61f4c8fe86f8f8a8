"""Benchmark: the whole check pipeline on a synthetic rule book at secretariat scale.

    python benchmarks/bench_check.py --units 2000 --years 5

Builds a temporary rules dir (bundled decisions and calendar, generated units and one
directive with a quarterly and a "6 tháng và năm" obligation), a submissions file where most
reports arrive (some late, some duplicated, some misrouted), then times each stage. Prints
one line per stage and the instances/s of the evaluation. Targets (2 cores): the full check
of 100k instances in under 30 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine import Filters, check, load_rulebook, load_submissions  # noqa: E402


def build(tmp: Path, n_units: int, years: int, seed: int) -> tuple[Path, Path, date]:
    rules = tmp / "rules"
    (rules / "directives").mkdir(parents=True)
    shutil.copytree(ROOT / "rules" / "calendar", rules / "calendar")
    shutil.copy(ROOT / "rules" / "decisions.yaml", rules / "decisions.yaml")
    units = [{"id": "bo", "name": "Bộ Thử nghiệm", "kind": "bo"},
             {"id": "vu", "name": "Vụ Tổng hợp", "kind": "vu", "parent": "bo"},
             {"id": "khac", "name": "Cơ quan khác", "kind": "khac"}]
    units += [{"id": f"dv-{i}", "name": f"Đơn vị số {i}", "kind": "so"} for i in range(n_units)]
    groups = [{"id": "tat-ca", "name": "Tất cả đơn vị",
               "members": [f"dv-{i}" for i in range(n_units)]}]
    (rules / "units.yaml").write_text(
        yaml.safe_dump({"units": units, "groups": groups}, allow_unicode=True), "utf-8")
    first = 2022 - years + 1
    directive = {
        "directive": {
            "id": "bench", "number": "1/CT-BENCH", "kind": "chi_thi", "title": "Benchmark",
            "issuer": "bo", "issued_on": f"{first}-01-01",
            "in_force": {"from": f"{first}-01-01", "to": "2022-12-31"}, "source": "synthetic",
        },
        "obligations": [
            {"id": "quy", "summary": "Báo cáo quý", "kind": "periodic", "reporters": ["tat-ca"],
             "recipient": "bo", "via": "vu", "frequency": "quarterly",
             "deadline": {"basis": "stated", "day": 15, "month": "last", "reading": "before",
                          "words": "trước ngày 15 của tháng cuối quý"},
             "citation": {"section": "1", "text": "hằng quý"}},
            {"id": "sau-thang-nam", "summary": "Báo cáo 6 tháng và năm", "kind": "periodic",
             "reporters": ["tat-ca"], "recipient": "bo", "frequency": "semiannual_and_annual",
             "deadline": {"basis": "assumed", "policy": "ngay-20-thang-cuoi-ky"},
             "citation": {"section": "2", "text": "6 tháng và năm"}},
        ],
    }
    (rules / "directives" / "bench.yaml").write_text(
        yaml.safe_dump(directive, allow_unicode=True), "utf-8")
    rnd = random.Random(seed)
    subs = []
    n = 0
    for i in range(n_units):
        for y in range(first, 2023):
            labels = [(f"{y}-Q{q}", date(y, 3 * q, 14)) for q in range(1, 5)]
            labels += [(f"{y}-H1", date(y, 6, 20)), (str(y), date(y, 12, 20))]
            for label, due in labels:
                r = rnd.random()
                if r < 0.1:
                    continue  # never reported: overdue
                when = due + timedelta(days=rnd.randint(-10, 3 if r < 0.8 else 30))
                recipient = "khac" if r > 0.98 else rnd.choice(["bo", "vu"])
                n += 1
                subs.append({"id": f"s{n}", "reporter": f"dv-{i}", "recipient": recipient,
                             "submitted_on": when.isoformat(), "period": label})
                if r > 0.95:
                    n += 1
                    subs.append({"id": f"s{n}", "reporter": f"dv-{i}", "recipient": "bo",
                                 "submitted_on": (when + timedelta(days=5)).isoformat(),
                                 "period": label})
    sub_file = tmp / "submissions.yaml"
    sub_file.write_text(yaml.safe_dump(subs, allow_unicode=True), "utf-8")
    return rules, sub_file, date(2023, 3, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--units", type=int, default=2000)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t0 = time.perf_counter()
        rules, sub_file, as_of = build(tmp, args.units, args.years, args.seed)
        t1 = time.perf_counter()
        book = load_rulebook(rules)
        t2 = time.perf_counter()
        subs = load_submissions([sub_file], book)
        t3 = time.perf_counter()
        ev = check(book, subs, as_of, Filters(since=date(2022 - args.years + 1, 1, 1)))
        t4 = time.perf_counter()
    n_inst, n_sub = len(ev.instances), len(ev.submissions)
    print(f"generate          {t1 - t0:8.2f} s")
    print(f"load rules        {t2 - t1:8.2f} s")
    print(f"load submissions  {t3 - t2:8.2f} s   {n_sub} records, {n_sub / (t3 - t2):,.0f}/s")
    print(f"check             {t4 - t3:8.2f} s   {n_inst} instances + {n_sub} submissions, "
          f"{(n_inst + n_sub) / (t4 - t3):,.0f} facts/s")


if __name__ == "__main__":
    main()
