"""Faults of the rule engine's worker processes, with real processes and real signals.

A worker killed (SIGKILL), wedged (SIGSTOP) or answering something that does not account for
its facts is recomputed once in a fresh worker; a second failure stops the run as an internal
error (exit 70) naming what failed — never a hang, never "bad input" (exit 2). A gap or an
overlap of ``decisions.yaml`` is the rule author's to fix: exit 2 at its line, naming records.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import engine.evaluation.decide as decide
from engine.errors import BaocaoError, EngineFailure
from engine.model import InstanceFact, SubmissionFact
from engine.rulebook.decisions import load_decisions
from tests._cli import Run
from tests._faults import faulty

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
EXAMPLES = ROOT / "examples" / "submissions"
AS_OF = "2023-03-01"

SIGN = {"baocao": {
    "neg": {"all": [{"m": {"$and": [{"kind": "n"}, {"$lt": {"x": 0}}]}}]},
    "zero": {"all": [{"m": {"$and": [{"kind": "n"}, {"x": 0}]}}]},
    "pos": {"all": [{"m": {"$and": [{"kind": "n"}, {"$gt": {"x": 0}}]}}]},
}}
# three partitions: both workers busy, and one more for a fresh worker
FACTS = [{"ref": f"r{i}", "kind": "n", "x": (i % 3) - 1}
         for i in range(decide.PARTITION_SIZE * 2 + 50)]
EXPECTED = {f["ref"]: ("neg", "zero", "pos")[f["x"] + 1] for f in FACTS}
TIMEOUT = 1.5  # the wedge tests' partition timeout, seconds


@pytest.fixture
def inject(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    def go(mode: str, once: bool) -> None:
        monkeypatch.setattr(decide, "_run_partition", faulty(mode, tmp_path / "marker", once))
        monkeypatch.setattr(decide, "PARTITION_TIMEOUT", TIMEOUT)
    return go


def _no_workers_left() -> None:
    assert multiprocessing.active_children() == []
    ps = subprocess.run(["ps", "-o", "pid=,stat=", "--ppid", str(os.getpid())],
                        capture_output=True, text=True, check=False).stdout.split("\n")
    # only ps itself may be our child now; no stopped or zombie worker remains
    assert len([line for line in ps if line.strip()]) <= 1, ps


@pytest.mark.parametrize("mode", ["kill", "stop", "drop", "stranger"])
def test_a_fault_once_is_recomputed_in_a_fresh_worker(inject: Any, mode: str) -> None:
    inject(mode, once=True)
    start = time.monotonic()
    assert decide.run_rules(SIGN, FACTS) == EXPECTED
    assert time.monotonic() - start < TIMEOUT * 2 + 10
    _no_workers_left()


@pytest.mark.parametrize(("mode", "kind", "words"), [
    ("kill", "crash", "killed by signal SIGKILL"),
    ("stop", "timeout", f"no answer within {TIMEOUT:g} s"),
    ("stranger", "accounting", "facts or rules it was not given: f99999"),
])
def test_a_second_fault_stops_the_run_naming_it(inject: Any, mode: str, kind: str,
                                                words: str) -> None:
    inject(mode, once=False)
    start = time.monotonic()
    with pytest.raises(decide.EngineFault) as err:
        decide.run_rules(SIGN, FACTS)
    # three wedged partitions at most before the recomputation: never a hang
    assert time.monotonic() - start < TIMEOUT * 4 + 10
    assert [f.kind for f in err.value.attempts] == [kind, kind]
    assert words in str(err.value.attempts[1])
    assert err.value.refs[:2] == ("r0", "r1")
    _no_workers_left()


def _decisions(tmp: Path, old: str = "", new: str = "") -> Any:
    text = (RULES / "decisions.yaml").read_text(encoding="utf-8")
    assert old in text
    (tmp / "decisions.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_decisions(tmp / "decisions.yaml")


ON_TIME = InstanceFact(received=True, days_after_due=-2, days_past_due=0,
                       reporter_active=True, recipient_active=True)


def _decide(decisions: Any) -> decide.Decided:
    return decide.decide(decisions, [ON_TIME], [], ["ct-103/q/so-x/2022-Q1"], [])


def test_durable_rules_missing_a_decision_twice_is_an_engine_failure(
        inject: Any, tmp_path: Path) -> None:
    """The rules give exactly one decision (checked in Python once durable_rules has failed
    twice): this is not the rule author's gap, it is an internal error."""
    inject("drop", once=False)
    with pytest.raises(EngineFailure) as err:
        _decide(_decisions(tmp_path))
    assert err.value.code == "engine.accounting"
    assert "0 decisions (none) where the conditions of on-time hold" in err.value.message
    assert err.value.records == ("ct-103/q/so-x/2022-Q1",)


def test_a_gap_in_decisions_yaml_is_located_with_records(tmp_path: Path) -> None:
    decisions = _decisions(tmp_path, "days_after_due: {lte: 0}", "days_after_due: {lt: -5}")
    with pytest.raises(BaocaoError) as err:
        _decide(decisions)
    (p,) = err.value.problems
    assert p.code == "decisions.gap"
    assert p.line == decisions.section_line("instance") > 0
    assert "ct-103/q/so-x/2022-Q1" in p.message


def test_an_overlap_in_decisions_yaml_is_located_at_the_later_rule(tmp_path: Path) -> None:
    decisions = _decisions(tmp_path, "days_after_due: {gt: 0}", "days_after_due: {gt: -9}")
    with pytest.raises(BaocaoError) as err:
        _decide(decisions)
    (p,) = err.value.problems
    assert p.code == "decisions.overlap"
    assert p.line == decisions.rule("late").line
    assert "on-time (line" in p.message
    assert "ct-103/q/so-x/2022-Q1" in p.message
    assert p.params["records"] == ("ct-103/q/so-x/2022-Q1",)


def test_submission_facts_name_their_ids(tmp_path: Path) -> None:
    decisions = _decisions(tmp_path, "when: {valid: false}", "when: {valid: false, first: true}")
    fact = SubmissionFact(valid=False, later=False, report=True, units_known=True, owed=0,
                          too_early=False, on_subject=0, routed=0, subject_named=False,
                          first=False)
    with pytest.raises(BaocaoError) as err:
        decide.decide(decisions, [], [fact, fact], [], ["S1", "S2"])
    (p,) = err.value.problems
    assert p.code == "decisions.gap"
    assert "S1, S2" in p.message


# ---------------------------------------------------------------------------------------
# The real command


def _cli(tmp: Path, *args: str, fault: str = "", once: bool = False,
         timeout: float | None = None) -> Run:
    """``baocao`` in a child process, with a fault injected into its workers."""
    inject = (f"from tests._faults import inject; "
              f"inject({fault!r}, {str(tmp / 'marker')!r}, {once}, {timeout!r}); "
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


def test_cli_worker_killed_once_gives_the_same_verdicts(tmp_path: Path) -> None:
    plain = _cli(tmp_path, *CHECK, "--format", "json")
    faulted = _cli(tmp_path, *CHECK, "--format", "json", fault="kill", once=True)
    assert (tmp_path / "marker").exists()
    assert (faulted.code, faulted.out) == (plain.code, plain.out) == (1, plain.out)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_cli_worker_killed_twice_is_an_internal_error(tmp_path: Path, lang: str) -> None:
    run = _cli(tmp_path, *CHECK, "--lang", lang, fault="kill")
    assert run.code == 70, run.err
    assert "engine.crash" in run.flat_err
    assert "SIGKILL" in run.flat_err
    words = {"vi": ("lỗi nội bộ", "lần 2, trong tiến trình mới", "Dữ liệu đầu vào không có lỗi"),
             "en": ("internal error", "again, in a fresh worker", "Nothing is wrong with your")}
    for w in words[lang]:
        assert w in run.flat_err, (w, run.err)


def test_cli_engine_failure_as_json(tmp_path: Path) -> None:
    run = _cli(tmp_path, *CHECK, "--format", "json", fault="kill")
    assert run.code == 70
    (error,) = json.loads(run.out)["errors"]
    assert error["code"] == "engine.crash"
    assert "SIGKILL" in error["message"]


def test_cli_wedged_worker_is_an_internal_error_not_a_hang(tmp_path: Path) -> None:
    start = time.monotonic()
    run = _cli(tmp_path, *CHECK, "--lang", "en", fault="stop", timeout=TIMEOUT)
    assert time.monotonic() - start < 60
    assert run.code == 70, run.err
    assert "engine.timeout" in run.flat_err
    assert f"no answer within {TIMEOUT:g} s" in run.flat_err


def test_cli_gap_in_decisions_yaml_is_bad_input_at_its_line(tmp_path: Path) -> None:
    shutil.copytree(RULES, tmp_path / "rules")
    path = tmp_path / "rules" / "decisions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("days_after_due: {lte: 0}", "days_after_due: {lt: 0}", 1),
                    encoding="utf-8")
    line = text[: text.index("instance_rules:")].count("\n") + 1
    run = _cli(tmp_path, *CHECK, "--rules", "rules")
    assert run.code == 2, run.err
    assert f"rules/decisions.yaml:{line}:1: decisions.gap" in run.flat_err
    # the records whose case is undecided are named: expected reports due that very day
    assert "ct-103" in run.flat_err or "kh-" in run.flat_err, run.err


def test_cli_interrupted_while_a_worker_is_wedged(tmp_path: Path) -> None:
    """Ctrl-C while waiting on a stopped worker: exit 130 at once, no worker left behind."""
    script = (f"import sys; from tests._faults import inject; "
              f"inject('stop', {str(tmp_path / 'marker')!r}, False, 60.0); "
              f"from cli.app import main; sys.argv = ['baocao', *{list(CHECK)!r}]; main()")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(  # SIGINT as at a terminal (a background job would ignore it)
        [sys.executable, "-c", script], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 60
        while not _stopped_children(proc.pid):
            assert time.monotonic() < deadline, "no wedged worker"
            assert proc.poll() is None, "exited before its worker wedged"
            time.sleep(0.1)
        start = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert time.monotonic() - start < 10
    assert b"Traceback" not in err
    assert not _children(proc.pid)


def _children(pid: int) -> list[str]:
    out = subprocess.run(["ps", "-o", "stat=", "--ppid", str(pid)], capture_output=True,
                         text=True, check=False).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def _stopped_children(pid: int) -> bool:
    return any(stat.startswith("T") for stat in _children(pid))
