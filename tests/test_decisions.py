"""Decision rules: YAML conditions checked, then compiled into single-fact durable patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import BaocaoError
from engine.evaluation.decide import ruleset_definitions
from engine.rulebook.decisions import load_decisions

BUNDLED = Path(__file__).resolve().parent.parent / "rules" / "decisions.yaml"

GOOD_TAIL = """
submission_rules:
  - {name: all-subs, disposition: matched, when: {valid: true}}
"""


def _write(tmp_path: Path, instance_rules: str, tail: str = GOOD_TAIL) -> Path:
    p = tmp_path / "decisions.yaml"
    p.write_text("instance_rules:\n" + instance_rules + tail, encoding="utf-8")
    return p


def test_bundled_decisions_cover_every_verdict_and_disposition() -> None:
    d = load_decisions(BUNDLED)
    assert {r.outcome for r in d.instance_rules} == {
        "on_time", "late", "overdue", "pending", "exempt"}
    assert {r.outcome for r in d.submission_rules} == {
        "matched", "duplicate", "misrouted", "unmatched", "unknown_unit", "invalid",
        "received_later", "not_report"}


def test_compiled_patterns_are_single_fact_constant_comparisons() -> None:
    defs = ruleset_definitions(load_decisions(BUNDLED))["baocao"]
    late = defs["i:late"]["all"]
    assert late == [{"m": {"$and": [{"kind": "instance"}, {"received": True},
                                    {"$gt": {"days_after_due": 0}},
                                    {"before_inputs": False}]}}]
    # no joins: every rule has exactly one pattern
    assert all(len(rule["all"]) == 1 for rule in defs.values())


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("  - {name: a, verdict: late, when: {recieved: true}}\n",
         "decisions.yaml:2:37: decisions.bad-condition: unknown fact field 'recieved'; "
         "expected one of: "
         "before_inputs, days_after_due, days_past_due, received, recipient_active, "
         "reporter_active"),
        ("  - {name: a, verdict: late, when: {received: 1}}\n",
         "field 'received' holds a bool; got 1"),
        ("  - {name: a, verdict: late, when: {days_past_due: true}}\n",
         "field 'days_past_due' holds a int; got True"),
        ("  - {name: a, verdict: late, when: {received: {gt: 0}}}\n",
         "field 'received' holds a bool; got 0"),
    ],
)
def test_bad_conditions_are_located(tmp_path: Path, rule: str, message: str) -> None:
    with pytest.raises(BaocaoError) as err:
        load_decisions(_write(tmp_path, rule))
    assert message in str(err.value)


def test_duplicate_rule_names(tmp_path: Path) -> None:
    rules = ("  - {name: a, verdict: late, when: {received: true}}\n"
             "  - {name: a, verdict: pending, when: {received: false}}\n")
    with pytest.raises(BaocaoError) as err:
        load_decisions(_write(tmp_path, rules))
    assert "decisions.duplicate-name: rule name 'a' is used twice" in str(err.value)


def test_unknown_verdict_is_a_schema_error(tmp_path: Path) -> None:
    with pytest.raises(BaocaoError) as err:
        load_decisions(_write(tmp_path, "  - {name: a, verdict: tardy, when: {received: true}}\n"))
    assert "schema.enum" in str(err.value)
    assert "tardy" in str(err.value)
