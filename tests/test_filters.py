"""Honest filters: a period asked for by name is shown whatever the default window,
contradictory options are a usage error, and a filter never hides a record that concerns what
it selects (issue 9)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from engine.evaluation.scope import window_start
from engine.time.periods import parse_period
from tests._cli import invoke

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"


def _json(*args: str, cwd: Path) -> tuple[int, dict[str, Any]]:
    run = invoke(*args, "--format", "json", cwd=cwd)
    data: dict[str, Any] = json.loads(run.out)
    return run.code, data


def test_period_overrides_the_default_window(tmp_path: Path) -> None:
    """As of 2024 the default window starts on 1/1/2023, but --period 2022 names 2022."""
    code, data = _json("check", "-s", str(EXAMPLES), "--as-of", "2024-06-01",
                       "--directive", "103/CT-BTTTT", "--period", "2022", cwd=tmp_path)
    assert code == 1
    periods = {i["period"] for i in data["instances"]}
    assert periods == {"2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"}
    assert data["selection"]["since"] == "2022-01-01"


@pytest.mark.parametrize(("since", "period", "expected"), [
    (None, None, date(2023, 1, 1)),
    (None, "2020", date(2020, 1, 1)),
    (None, "2024-Q2", date(2023, 1, 1)),  # inside the default window: the window stays
    (date(2021, 5, 1), "2020", date(2021, 5, 1)),  # --since is always what it says
])
def test_window_start(since: date | None, period: str | None, expected: date) -> None:
    got = window_start(since, parse_period(period) if period else None, date(2024, 5, 1))
    assert got == expected


@pytest.mark.parametrize(("args", "needle"), [
    (["--since", "2023-06-01", "--as-of", "2023-03-01"], "is after --as-of 01/03/2023"),
    (["--since", "2023-06-01", "--as-of", "2024-03-01", "--period", "2022"],
     "is after the end of --period 2022"),
])
def test_contradictory_options_are_a_usage_error(tmp_path: Path, args: list[str],
                                                   needle: str) -> None:
    run = invoke("check", *args, "--lang", "en", cwd=tmp_path)
    assert run.code == 2
    assert "option.since" in run.err
    assert needle in run.err
    assert run.out == ""
    code, data = _json("check", *args, cwd=tmp_path)
    assert code == 2
    assert [e["code"] for e in data["errors"]] == ["option.since"]
    vi = invoke("check", *args, cwd=tmp_path)
    assert "option.since: --since 01/06/2023 sau " in vi.flat_err


@pytest.mark.parametrize(("directive", "records"), [
    # mttq-05: a second H1 report of Sở TT&TT Tây Ninh to the UBMTTQ (06 and 02 plans);
    # ubnd-04: owed under both plans but sent to the wrong office; ubnd-05: a report for a
    # period the unit owes nothing under them.
    ("06-KH/BCĐ", {"mttq-05": "duplicate", "ubnd-04": "misrouted", "ubnd-05": "unmatched"}),
    ("02-KH/BCĐ", {"mttq-05": "duplicate", "ubnd-04": "misrouted", "ubnd-05": "unmatched"}),
    ("103/CT-BTTTT", {"btttt-08": "duplicate", "btttt-09": "misrouted"}),
])
def test_directive_filter_keeps_the_records_that_concern_it(
    tmp_path: Path, directive: str, records: dict[str, str],
) -> None:
    _, data = _json("check", "-s", str(EXAMPLES), "--as-of", "2023-03-01",
                    "--directive", directive, cwd=tmp_path)
    shown = {s["id"]: s["disposition"] for s in data["submissions"]}
    assert {k: shown.get(k) for k in records} == records
