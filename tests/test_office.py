"""An office's own view (issue 15): --office keeps what is owed to that office, directly or
through it, and the records sent to it — not a ministry's or another province's duties."""

from __future__ import annotations

import json
from pathlib import Path

from tests._cli import ROOT, invoke

EXAMPLES = ROOT / "examples" / "submissions"
AS_OF = ("--as-of", "2023-03-01")
MTTQ = "ubmttq-tay-ninh"


def _check(tmp_path: Path, *extra: str) -> dict:
    run = invoke("check", "-s", EXAMPLES, *AS_OF, "--format", "json", "--all", *extra,
                 cwd=tmp_path)
    assert run.code in (0, 1), run.err
    return json.loads(run.out)


def test_office_keeps_what_is_owed_to_it(tmp_path: Path) -> None:
    everything = _check(tmp_path)
    mine = _check(tmp_path, "--office", "UBMTTQ tỉnh Tây Ninh")
    assert mine["selection"]["office"] == MTTQ
    rows = mine["instances"]
    assert rows, "the Front committee is owed reports in the examples"
    assert all(MTTQ in (r["recipient"], r.get("via")) for r in rows)
    # exactly those of the whole view, no more and no fewer
    want = {r["key"] for r in everything["instances"] if MTTQ in (r["recipient"], r.get("via"))}
    assert {r["key"] for r in rows} == want
    assert len(rows) < len(everything["instances"])  # a ministry's duties are left out
    # records: sent to the office, counted for what is owed to it, or owed to it and sent
    # elsewhere (misrouted: the office's own business), or not placeable at all
    keys = {r["key"] for r in rows}
    for s in mine["submissions"]:
        assert (s.get("recipient") == MTTQ or set(s.get("instances") or ()) & keys
                or s["disposition"] in ("misrouted", "invalid", "unknown_unit")), s
    assert not any(s.get("recipient") == "bo-tttt" for s in mine["submissions"])
    sent_here = [s for s in everything["submissions"] if s.get("recipient") == MTTQ]
    assert {s["id"] for s in sent_here} <= {s["id"] for s in mine["submissions"]}


def test_office_in_the_table_says_so(tmp_path: Path) -> None:
    run = invoke("overdue", "-s", EXAMPLES, *AS_OF, "--office", MTTQ, cwd=tmp_path)
    assert run.code == 1, run.err
    assert "Bộ Thông tin" not in run.out
    run = invoke("check", "-s", EXAMPLES, *AS_OF, "--office", MTTQ, cwd=tmp_path)
    assert "gửi UBMTTQ" in run.flat_out or "gửi Ủy ban" in run.flat_out


def test_an_unknown_office_is_a_usage_error(tmp_path: Path) -> None:
    run = invoke("check", "-s", EXAMPLES, *AS_OF, "--office", "Sở Không Có", cwd=tmp_path)
    assert run.code == 2
    assert "--office" in run.err
    assert "option.recipient" in run.err


def test_repeated_options_select_the_union(tmp_path: Path) -> None:
    """--directive, --unit and --period given twice select what either names (the last one
    alone was kept before, silently)."""
    base = ("check", "-s", EXAMPLES, *AS_OF, "--format", "json", "--all")

    def keys(*extra: str) -> set[str]:
        run = invoke(*base, *extra, cwd=tmp_path)
        assert run.code in (0, 1), run.err
        return {r["key"] for r in json.loads(run.out)["instances"]}

    a, b = keys("--directive", "103/CT-BTTTT"), keys("--directive", "06-KH/BCĐ")
    assert a
    assert b
    assert keys("--directive", "103/CT-BTTTT", "--directive", "06-KH/BCĐ") == a | b
    u1, u2 = keys("--unit", "so-tttt-tay-ninh"), keys("--unit", "so-tttt-thai-nguyen")
    assert u1
    assert u2
    assert keys("--unit", "so-tttt-tay-ninh", "--unit", "so-tttt-thai-nguyen") == u1 | u2
    q1, q3 = keys("--period", "2022-Q1"), keys("--period", "quý III/2022")
    assert q1
    assert q3
    assert keys("--period", "2022-Q1", "--period", "quý III/2022") == q1 | q3
    run = invoke(*base, "--directive", "103/CT-BTTTT", "--directive", "06-KH/BCĐ",
                 cwd=tmp_path)
    sel = json.loads(run.out)["selection"]
    assert len(str(sel["directive_id"]).split(",")) == 2, sel


def test_several_registers_are_read_together(tmp_path: Path) -> None:
    """--db twice: both registers' records, as one batch (issue 15)."""
    files = sorted(EXAMPLES.glob("*.yaml"))[:2]
    for n, f in enumerate(files):
        run = invoke("ingest", f, "--db", f"r{n}.db", cwd=tmp_path)
        assert run.code in (0, 1), run.err
    both = invoke("check", "--db", "r0.db", "--db", "r1.db", *AS_OF, "--format", "json",
                  cwd=tmp_path)
    files_run = invoke("check", "-s", *[str(f) for f in files[:1]], "-s", str(files[1]),
                       *AS_OF, "--format", "json", cwd=tmp_path)
    assert both.code == files_run.code, both.err
    ids = sorted(s["id"] for s in json.loads(both.out)["submissions"])
    assert ids == sorted(s["id"] for s in json.loads(files_run.out)["submissions"])
    assert len(ids) > 10
