"""The national benchmark's machinery (benchmarks/) on a tiny dataset, in a few seconds.

``benchmarks/run.py`` times baocao, the oracle and the DuckDB reference at 1e4–1e6 instances
(not part of the suite); here the same generator writes about a thousand instances and the
three must agree on every verdict and disposition, with nothing left out of the comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from benchmarks import duckdb_ref, national
from benchmarks.compare import agree, counts, read_engine_json, read_result
from tests._cli import ROOT, baocao

pytestmark = pytest.mark.slow  # see tests/conftest.py


def test_baocao_oracle_and_duckdb_agree_on_national_data(tmp_path: Path) -> None:
    d = tmp_path / "data"
    meta = national.generate(1000, d)
    assert 800 <= meta["expected_instances"] <= 1300
    rules, subs = d / "rules", d / "submissions.csv"
    as_of, since = meta["as_of"], meta["since"]

    run = baocao("check", "--rules", rules, "-s", subs, "--as-of", as_of, "--since", since,
                 "--format", "json", cwd=tmp_path)
    assert run.code == 1, run.err
    (tmp_path / "baocao.json").write_text(run.out, encoding="utf-8")
    engine = read_engine_json(tmp_path / "baocao.json")

    # the oracle in its own process, as run.py runs it (its look-ups patch the module)
    proc = subprocess.run(
        [sys.executable, "-c", "from benchmarks.oracle_run import main; main()",
         str(rules), str(subs), as_of, since, str(tmp_path / "oracle")],
        cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True,
        timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    oracle = read_result("oracle", tmp_path / "oracle")

    duckdb_ref.main(["--rules", str(rules), "-s", str(subs), "--as-of", as_of,
                     "--since", since, "--out", str(tmp_path / "duckdb")])
    duck = read_result("duckdb", tmp_path / "duckdb")

    ag = agree([engine, oracle, duck])
    assert ag.ok, "\n".join(ag.lines())
    assert ag.excluded == {}
    assert ag.instances_compared == meta["expected_instances"]
    assert ag.submissions_compared == meta["submissions"]
    seen = counts(duck)
    for outcome in ("on_time", "late", "overdue", "pending", "exempt", "matched", "duplicate",
                    "misrouted", "unmatched", "unknown_unit", "invalid"):
        assert seen.get(outcome, 0) > 0, f"the tiny national data has no {outcome}"


def test_the_generator_is_deterministic(tmp_path: Path) -> None:
    a = national.generate(1000, tmp_path / "a", seed=7)
    b = national.generate(1000, tmp_path / "b", seed=7)
    assert a == b
    for f in ("submissions.csv", "rules/units.yaml"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
    names = Counter(p.name for p in (tmp_path / "a" / "rules").rglob("*.yaml"))
    assert names["decisions.yaml"] == 1
    assert names["policies.yaml"] == 1


def test_the_json_reader_needs_no_particular_layout(tmp_path: Path) -> None:
    """baocao's JSON is read as it streams; indented or compact, it reads the same."""
    doc = {"as_of": "2025-12-20",
           "instances": [{"key": f"d/o/u/2025-{m:02d}", "verdict": "late", "days_late": m,
                          "days_overdue": 0, "submission": f"S{m}"} for m in range(1, 13)],
           "submissions": [{"id": "S1", "disposition": "matched", "raw": {"x": [1, 2.5]}}],
           "summary": {"instances": {"late": 12}}}
    got = []
    for indent in (2, None):
        path = tmp_path / f"{indent}.json"
        path.write_text(json.dumps(doc, indent=indent, ensure_ascii=False), encoding="utf-8")
        res = read_engine_json(path)
        got.append((res.instances, res.dispositions))
    assert got[0] == got[1]
    assert got[0][0]["d/o/u/2025-12"] == ("late", 12, 0, "S12")
    assert got[0][1] == {"S1": "matched"}


STAGES = ("rules", "read", "build", "expand", "group", "facts", "decide", "assemble", "output")


def test_the_command_times_its_own_stages_when_asked(tmp_path: Path) -> None:
    """BAOCAO_STAGES=FILE (engine/stages.py): the real command writes each stage's seconds and
    the peak memory reached by its end, which benchmarks/run.py puts in the README's table;
    without it, nothing is written."""
    laps = tmp_path / "stages.json"
    cmd = [sys.executable, "-c", "from cli.app import main; main()", "check",
           "-s", str(ROOT / "examples" / "submissions"), "--as-of", "2023-03-01",
           "--format", "json"]
    env = dict(os.environ, PYTHONPATH=str(ROOT), BAOCAO_STAGES=str(laps))
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, timeout=120,
                          check=False)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(laps.read_text(encoding="utf-8"))
    assert tuple(lap["stage"] for lap in data["stages"]) == STAGES
    assert all(lap["seconds"] >= 0 for lap in data["stages"])
    assert sum(lap["seconds"] for lap in data["stages"]) <= data["total_seconds"]
    if os.name == "posix":
        peaks = [lap["peak_mb"] for lap in data["stages"]]
        assert peaks == sorted(peaks)  # a peak never falls
        assert 10 < peaks[-1] <= data["peak_mb"]
    env.pop("BAOCAO_STAGES")
    laps.unlink()
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, timeout=120,
                          check=False)
    assert proc.returncode == 1
    assert not laps.exists()


def test_the_stage_table_and_the_readme_section(tmp_path: Path) -> None:
    from benchmarks import run

    rows = {
        1000: [run.Timing("baocao", 1000, 2.0, 80.0, "ok",
                          (("rules", 0.5, 50.0), ("read", 1.0, 70.0))),
               run.Timing("duckdb", 1000, 1.0, 100.0)],
        10000: [run.Timing("baocao", 10000, 9.0, 180.0, "ok",
                           (("rules", 0.5, 50.0), ("read", 6.5, 170.0)))],
    }
    table = run.stage_table(rows)
    assert table[0] == "| baocao stage | 1,000: s (peak MB) | 10,000: s (peak MB) |"
    assert table[2:] == ["| rules | 0.5 (50) | 0.5 (50) |", "| read | 1.0 (70) | 6.5 (170) |"]
    assert "| 1,000 | baocao | 2.0 | 500 | 2.0 | 80 |" in run.table(rows)
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\nbefore\n{run._MARKS[0]}\nold table\n{run._MARKS[1]}\nafter\n",
                      encoding="utf-8")
    run._readme(["| new |"], "python benchmarks/run.py --instances 1000", readme)
    text = readme.read_text(encoding="utf-8")
    assert "old table" not in text
    assert text.startswith("# x\n\nbefore\n")
    assert text.endswith(f"| new |\n{run._MARKS[1]}\nafter\n")
    assert "`python benchmarks/run.py --instances 1000` on " in text
    # the command as the README shows it: what changes the figures, not this machine's folders
    shown = run._command(argparse.Namespace(instances=[1000, 10000], seed=run.SEED, skip=["oracle"],
                                            also=["csv"], work=tmp_path, readme=True))
    assert shown == "python benchmarks/run.py --instances 1000 10000 --skip oracle --also csv"
    readme.write_text("no marks\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=re.escape("no <!-- benchmarks/run.py: start -->")):
        run._readme(["| new |"], "cmd", readme)


def test_the_columnar_probe_agrees_with_itself_in_python_and_duckdb(tmp_path: Path) -> None:
    """benchmarks/columnar_probe.py: the same earliest receipt per report, written two ways."""
    d = tmp_path / "data"
    national.generate(1000, d)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "columnar_probe.py"), "--data", str(d),
         "--engines", "python", "duckdb"],
        cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True,
        text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[-1] == "all agree on the earliest receipt of every report: True", proc.stdout
    received = {line.split()[0]: int(line.split("MB")[-1].split()[0].replace(",", ""))
                for line in lines if line.startswith(("python", "duckdb"))}
    assert set(received) == {"python", "duckdb"}
    assert len(set(received.values())) == 1
    assert received["python"] > 500


def test_the_columnar_probe_names_a_folder_that_is_no_benchmark_size(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "columnar_probe.py"), "--data", str(tmp_path)],
        cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True,
        text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert f"{tmp_path / 'rules'} not found: --data is one size of the national benchmark" \
        in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_benchmark_times_the_csv_it_is_asked_for(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """``--also csv``: the same check again as CSV, a row of its own in the table; its file
    has a row per report the JSON lists."""
    from benchmarks import run

    if run.shutil.which("time") is None and not Path("/usr/bin/time").exists():
        pytest.skip("/usr/bin/time is not installed")
    code = run.main(["--instances", "1000", "--skip", "oracle", "--skip", "duckdb",
                     "--also", "csv", "--work", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(r"\| [\d,]+ \| baocao csv \| [\d.]+ \|", out), out
    d = tmp_path / "n1000"
    listed = json.loads((d / "baocao.json").read_text(encoding="utf-8"))["instances"]
    text = (d / "baocao.csv").read_text(encoding="utf-8-sig")
    assert len(text.splitlines()) == len(listed) + 1  # the header, then one row per report
