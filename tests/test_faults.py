"""Faults of durable_rules while it builds the decision table, and gaps and overlaps of
``decisions.yaml``, through the engine and through the real command.

durable_rules runs in this process, once per rule book, on every combination the decision rules
can tell apart. An answer that does not account for them (a decision missing, doubled, of
another rule than the one whose conditions hold, about a fact it was not given, or none at
all) is asserted again one combination at a time in a fresh rule set; failing again is an
``EngineFailure`` (exit 70) naming what failed — never "bad input" (exit 2). A gap or an overlap
of ``decisions.yaml`` is the rule author's to fix: found when the rules load, located, before
any data arrives (``check`` exits 2, ``rules lint`` lists it as an error).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import engine.evaluation.decide as decide
from engine.errors import BaocaoError, EngineFailure
from engine.model import InstanceFact, SubmissionFact
from engine.rulebook.decisions import Decisions, load_decisions
from tests._cli import Run
from tests._faults import MODES, faulty

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
BUNDLED = RULES / "decisions.yaml"
EXAMPLES = ROOT / "examples" / "submissions"
AS_OF = "2023-03-01"
COMBINATIONS = 84 + 22  # of the bundled rules


def _fresh() -> Decisions:
    """A Decisions whose table is not built yet."""
    return load_decisions(BUNDLED)


@pytest.fixture(scope="module")
def normal() -> dict[str, Any]:
    return {k: dict(v) for k, v in decide.decision_table(_fresh()).rules.items()}


@pytest.mark.parametrize("mode", MODES)
def test_a_miscount_once_is_recomputed_one_at_a_time(monkeypatch: pytest.MonkeyPatch,
                                                     normal: dict[str, Any], mode: str) -> None:
    runs: list[tuple[int, bool]] = []
    original = decide._run

    def counted(definitions: Any, rows: Any, singly: bool = False) -> Any:
        runs.append((len(rows), singly))
        return original(definitions, rows, singly)

    monkeypatch.setattr(decide, "_run", faulty(mode, once=True, original=counted))
    table = decide.decision_table(_fresh())
    assert {k: dict(v) for k, v in table.rules.items()} == normal
    again = COMBINATIONS if mode in ("stranger", "batch") else 1
    assert runs == [(COMBINATIONS, False), (again, True)]


@pytest.mark.parametrize(("mode", "words"), [
    ("drop", "f0 (instance received=false, days_after_due=0, days_past_due<0, "
             "reporter_active=false, recipient_active=false, before_inputs=false): 0 decisions "
             "(none) where the conditions of exempt-unit-gone hold"),
    ("double", "2 decisions (exempt-unit-gone, exempt-unit-gone) where the conditions of "
               "exempt-unit-gone hold"),
    ("wrong", "1 decisions (exempt-recipient-gone) where the conditions of exempt-unit-gone "
              "hold"),
    ("stranger", "decisions for facts it was not given: f99999"),
    ("batch", "0 decisions (none) where the conditions of exempt-unit-gone hold; f1 ("),
    ("batch", "103 more; durable_rules raised MessageNotHandledException: Could not handle"),
])
def test_a_miscount_twice_is_an_engine_failure(monkeypatch: pytest.MonkeyPatch, mode: str,
                                               words: str) -> None:
    original = decide._run
    monkeypatch.setattr(decide, "_run", faulty(mode, once=False))
    d = _fresh()
    with pytest.raises(EngineFailure) as err:
        decide.decide(d, [InstanceFact(True, 0, 0, True, True)], [], ["ct-103/q/x/2022-Q1"], [])
    failure = err.value
    assert failure.code == "engine.accounting"
    assert failure.cases == COMBINATIONS
    assert [f.kind for f in failure.attempts] == ["accounting", "accounting"]
    assert words in failure.attempts[1].detail
    assert failure.records[0].startswith("instance received=false, days_after_due=0")
    assert "failed twice building the decision table of 106 combinations" in failure.message
    # nothing is kept: the next use builds it again
    monkeypatch.setattr(decide, "_run", faulty(mode, once=True, original=original))
    assert decide.decision_table(d).size("instance") == 84


def test_durable_rules_drops_a_batch_with_a_fact_no_rule_matches() -> None:
    """The finding the recomputation is for: one fact no rule matches and durable_rules fires
    nothing for its whole batch; one at a time, only that fact goes undecided."""
    sign = {"baocao": {"pos": {"all": [{"m": {"$and": [{"kind": "n"}, {"$gt": {"x": 0}}]}}]}}}
    rows = [{"id": i, "kind": "n", "x": x} for i, x in (("a", 1), ("b", 0), ("c", 2))]
    batch = decide._run(sign, rows)
    assert batch.fired == {}
    assert [r.split(":")[0] for r in batch.raised] == ["MessageNotHandledException"]
    singly = decide._run(sign, rows, singly=True)
    assert singly.fired == {"a": ["pos"], "c": ["pos"]}
    assert len(singly.raised) == 1
    assert '"x": 0' in singly.raised[0]


def test_hash_functions_match_reference_values() -> None:
    # djb2("a") = 5381*33 + 97; FNV-1a 32 of "a" is the published test vector 0xe40c292c.
    assert decide._djb2("a") == 5381 * 33 + 97
    assert decide._fnv1a("a") == 0xE40C292C
    decide._check_id_hashes([f"f{i}" for i in range(5000)])


def test_rules_with_a_gap_built_in_code_are_refused_before_durable_rules(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """build_decisions refuses a gap when the rules load; a Decisions made in code is checked
    when its table is built, before durable_rules is asked anything."""
    monkeypatch.setattr(decide, "_run", faulty("batch", once=False))
    full = _fresh()
    gap = Decisions(full.instance_rules[1:], full.submission_rules, full.file, full.lines,
                    full.columns)
    with pytest.raises(BaocaoError) as err:
        decide.decision_table(gap)
    (p,) = err.value.problems
    assert p.code == "decisions.gap"
    assert ("decides received=false, days_after_due=0, reporter_active=false, "
            "before_inputs=false; nearest: exempt-recipient-gone") in p.message


def test_a_fact_that_cannot_occur_is_an_internal_error() -> None:
    """A record that is not a report yet is owed something breaks POSSIBLE: a bug of baocao
    (exit 70 through the CLI), named with its records and the constraint."""
    fact = SubmissionFact(valid=True, later=False, report=False, units_known=True, owed=2,
                          too_early=False, on_subject=1, routed=1, subject_named=True,
                          first=False)
    with pytest.raises(decide.OutsideTheTable) as err:
        decide.decide(_fresh(), [], [fact, fact], [], ["S1", "S2"])
    message = str(err.value)
    assert "report=False, units_known=True, owed=2" in message
    assert "of S1, S2 is a combination baocao says cannot occur" in message
    assert "report=false implies owed=0" in message


# ---------------------------------------------------------------------------------------
# The real command


def _cli(tmp: Path, *args: str, fault: str = "", once: bool = False) -> Run:
    """``baocao`` in a child process, with a fault injected into durable_rules' answer."""
    inject = (f"from tests._faults import inject; inject({fault!r}, {once}); "
              if fault else "")
    script = (f"import sys; {inject}from cli.app import main; "
              f"sys.argv = ['baocao', *{list(args)!r}]; main()")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "BAOCAO_DEBUG")}
    env.update({"PYTHONPATH": str(ROOT), "COLUMNS": "200", "NO_COLOR": "1"})
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=False)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return Run(proc.returncode, proc.stdout, proc.stderr)


CHECK = ("check", "--submissions", str(EXAMPLES), "--as-of", AS_OF)


def test_cli_miscount_once_gives_the_same_verdicts(tmp_path: Path) -> None:
    plain = _cli(tmp_path, *CHECK, "--format", "json")
    faulted = _cli(tmp_path, *CHECK, "--format", "json", fault="drop", once=True)
    assert (faulted.code, faulted.out) == (plain.code, plain.out) == (1, plain.out)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cli_miscount_twice_is_an_internal_error(tmp_path: Path, lang: str) -> None:
    run = _cli(tmp_path, *CHECK, "--lang", lang, fault="drop")
    assert run.code == 70, run.err
    assert "engine.accounting" in run.flat_err
    assert "where the conditions of exempt-unit-gone hold" in run.flat_err
    words = {"vi": ("lỗi nội bộ", "lần 2, từng tổ hợp một", "106 tổ hợp",
                    "Dữ liệu đầu vào và các quy tắc không có lỗi"),
             "en": ("internal error", "again, one at a time", "106 combinations",
                    "Nothing is wrong with your data or your rules")}
    for w in words[lang]:
        assert w in run.flat_err, (w, run.err)


def test_cli_engine_failure_as_json(tmp_path: Path) -> None:
    run = _cli(tmp_path, *CHECK, "--format", "json", fault="batch")
    assert run.code == 70
    (error,) = json.loads(run.out)["errors"]
    assert error["code"] == "engine.accounting"
    assert "0 decisions (none)" in error["message"]


def test_cli_lint_builds_the_table(tmp_path: Path) -> None:
    """rules lint asks durable_rules for the table: its miscount shows before any data."""
    assert _cli(tmp_path, "rules", "lint", str(RULES), "--lang", "en").code == 0
    run = _cli(tmp_path, "rules", "lint", str(RULES), "--lang", "en", fault="wrong")
    assert run.code == 70, run.err
    assert "engine.accounting" in run.flat_err


def _planted(tmp: Path) -> tuple[Path, int, int]:
    """A copy of the rules whose decisions.yaml has a gap (on-time: days_after_due<-5) and an
    overlap (late-before-inputs: days_after_due>-9); the lines of each problem."""
    shutil.copytree(RULES, tmp / "rules")
    path = tmp / "rules" / "decisions.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (("days_after_due: {lte: 0}, before_inputs: false",
                      "days_after_due: {lt: -5}, before_inputs: false"),
                     ("days_after_due: {gt: 0}, before_inputs: true",
                      "days_after_due: {gt: -9}, before_inputs: true")):
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return (path, text[: text.index("instance_rules:")].count("\n") + 1,
            text[: text.index("- name: late-before-inputs")].count("\n") + 1)


GAP = ("no instance decision rule decides received=true, -5<=days_after_due<=0, "
       "before_inputs=false; nearest: on-time (line")
OVERLAP = ("2 instance decision rules decide received=true, -9<days_after_due<=0, "
           "before_inputs=true: on-time-before-inputs (line")


def test_cli_lint_reports_a_planted_gap_and_overlap(tmp_path: Path) -> None:
    _, gap, overlap = _planted(tmp_path)
    run = _cli(tmp_path, "rules", "lint", "rules", "--lang", "en")
    assert run.code == 1, run.err  # rules lint: errors found
    assert f"rules/decisions.yaml:{gap}:1: error: {GAP}" in run.out
    assert f"rules/decisions.yaml:{overlap}:5: error: {OVERLAP}" in run.out
    assert "[decisions.gap]" in run.out
    assert "[decisions.overlap]" in run.out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cli_check_refuses_a_planted_gap_and_overlap_before_any_data(tmp_path: Path,
                                                                      lang: str) -> None:
    _, gap, overlap = _planted(tmp_path)
    (tmp_path / "none").mkdir()
    run = _cli(tmp_path, "check", "--rules", "rules", "--submissions", "none",
               "--as-of", AS_OF, "--lang", lang)
    assert run.code == 2, run.err
    assert f"rules/decisions.yaml:{gap}:1: decisions.gap: " in run.flat_err
    assert f"rules/decisions.yaml:{overlap}:5: decisions.overlap: " in run.flat_err
    said = {"en": (GAP, OVERLAP),
            "vi": ("không quy tắc quyết định nào quyết định trường hợp received=true, "
                   "-5<=days_after_due<=0, before_inputs=false (gần nhất: on-time",
                   "nhiều quy tắc quyết định (on-time-before-inputs, late-before-inputs) cùng "
                   "quyết định trường hợp received=true, -9<days_after_due<=0")}
    for words in said[lang]:
        assert words in run.flat_err, (words, run.err)


def test_cli_check_json_names_the_planted_problems(tmp_path: Path) -> None:
    _, gap, overlap = _planted(tmp_path)
    run = _cli(tmp_path, *CHECK, "--rules", "rules", "--format", "json")
    assert run.code == 2, run.err
    errors = json.loads(run.out)["errors"]
    assert [(e["code"], e["line"], e["column"]) for e in errors] == [
        ("decisions.gap", gap, 1), ("decisions.overlap", overlap, 5)]
