"""Decision rules: YAML conditions checked, the combinations they can tell apart listed and
checked for gaps and overlaps when they load, compiled into single-fact durable patterns and
decided once each by durable_rules (the decision table)."""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import engine.evaluation.decide as decide
from engine import check, load_rulebook, load_submissions
from engine.errors import BaocaoError
from engine.evaluation.decide import decision_table, ruleset_definitions
from engine.model import Fact, InstanceFact, SubmissionFact
from engine.rulebook.decisions import POSSIBLE, Decisions, load_decisions
from tests._gen import Scenario, scenarios

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "rules" / "decisions.yaml"
EXAMPLES = ROOT / "examples" / "submissions"

GOOD_TAIL = """
submission_rules:
  - {name: all-subs, disposition: matched, when: {valid: true}}
  - {name: bad-subs, disposition: invalid, when: {valid: false}}
"""


def _write(tmp_path: Path, instance_rules: str, tail: str = GOOD_TAIL) -> Path:
    p = tmp_path / "decisions.yaml"
    p.write_text("instance_rules:\n" + instance_rules + tail, encoding="utf-8")
    return p


def _planted(tmp_path: Path, old: str, new: str) -> Path:
    text = BUNDLED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "decisions.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line(path: Path, words: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(words)].count("\n") + 1


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


# ---------------------------------------------------------------------------------------
# The combinations: every one the conditions tell apart and that can occur


def test_bundled_combinations() -> None:
    d = load_decisions(BUNDLED)
    instance: Any = d.combinations("instance")
    submission: Any = d.combinations("submission")
    assert (len(instance), len(submission)) == (84, 22)
    for kind, combos in (("instance", instance), ("submission", submission)):
        assert len(set(combos)) == len(combos)
        thresholds = d.thresholds(kind)
        assert all(d.canonical(c, thresholds) == c for c in combos)
        assert all(c.holds(f) for f in combos for c in POSSIBLE if c.kind == kind)
    # each int takes c-1, c, c+1 around the constants it is compared with, where possible
    assert {c.days_after_due for c in instance} == {-1, 0, 1}
    assert {c.days_past_due for c in instance} == {-1, 0, 1}
    assert {c.owed for c in submission} == {0, 1}  # a count is never negative
    assert not any(not c.received and c.days_after_due for c in instance)


def test_an_int_the_rules_compare_with_several_constants(tmp_path: Path) -> None:
    rules = ("  - {name: soon, verdict: on_time, when: {days_past_due: {lte: 3}}}\n"
             "  - {name: later, verdict: late, when: {days_past_due: {gt: 3}, "
             "days_after_due: {ne: 0}}}\n"
             "  - {name: never, verdict: overdue, when: {days_past_due: {gt: 3}, "
             "days_after_due: 0}}\n"
             "  - {name: far, verdict: pending, when: {days_past_due: {gt: 10}, "
             "days_after_due: 7}}\n")
    with pytest.raises(BaocaoError) as err:
        load_decisions(_write(tmp_path, rules))
    (p,) = err.value.problems
    assert p.code == "decisions.overlap"
    assert ("2 instance decision rules decide received=true, days_after_due=7, "
            "days_past_due>10: later (line 3), far (line 5)") in p.message
    d = Decisions((), ())
    thresholds = {"days_past_due": (3, 10)}
    canonical: list[Any] = [d.canonical(InstanceFact(True, 0, x, True, True), thresholds)
                            for x in (-9, 2, 3, 4, 9, 10, 11, 99)]
    assert [c.days_past_due for c in canonical] == [2, 2, 3, 4, 4, 10, 11, 11]


def test_every_constraint_holds_on_real_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """POSSIBLE says what facts.py builds: the examples, at two dates, break none of it."""
    seen = _recording(monkeypatch)
    book = load_rulebook()
    files = sorted(f for f in EXAMPLES.glob("*") if f.suffix in (".yaml", ".json", ".csv"))
    subs = load_submissions(files, book)
    for as_of in (date(2022, 7, 1), date(2023, 3, 1)):
        check(book, subs, as_of)
    _assert_possible(seen)
    d = book.decisions
    kinds = Counter(type(f).__name__ for f in seen)
    assert kinds["InstanceFact"] > 100, kinds
    assert kinds["SubmissionFact"] > 50, kinds
    met = {d.canonical(f, d.thresholds("instance" if isinstance(f, InstanceFact)
                                       else "submission")) for f in seen}
    assert len(met) >= 12  # the examples meet a good part of the table


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(scenarios())
def test_every_constraint_holds_on_generated_facts(monkeypatch: pytest.MonkeyPatch,
                                                   sc: Scenario) -> None:
    seen = _recording(monkeypatch)
    with tempfile.TemporaryDirectory() as tmp:
        rules_dir, path = sc.write(Path(tmp))
        book = load_rulebook(rules_dir)
        check(book, load_submissions([path], book), sc.as_of)
    _assert_possible(seen)


def _recording(monkeypatch: pytest.MonkeyPatch) -> list[Fact]:
    seen: list[Fact] = []
    original = decide.decide

    def recording(decisions: Decisions, i_facts: Any, s_facts: Any, *refs: Any) -> Any:
        seen.extend(i_facts)
        seen.extend(s_facts)
        return original(decisions, i_facts, s_facts, *refs)

    monkeypatch.setattr(decide, "decide", recording)
    return seen


def _assert_possible(facts: list[Fact]) -> None:
    broken = {(c.says, f) for f in set(facts) for c in POSSIBLE
              if c.kind == ("instance" if isinstance(f, InstanceFact) else "submission")
              and not c.holds(f)}
    assert not broken, sorted(broken, key=str)[:5]


# ---------------------------------------------------------------------------------------
# Gaps and overlaps: found when the rules load, located, the case named in words


def test_a_gap_names_the_case_and_the_nearest_rules(tmp_path: Path) -> None:
    path = _planted(tmp_path, "days_after_due: {lte: 0}, before_inputs: false",
                    "days_after_due: {lt: -5}, before_inputs: false")
    with pytest.raises(BaocaoError) as err:
        load_decisions(path)
    (p,) = err.value.problems
    assert (p.code, p.line, p.column) == ("decisions.gap", _line(path, "instance_rules:"), 1)
    on_time = _line(path, "name: on-time\n")
    assert p.message.startswith(
        "no instance decision rule decides received=true, -5<=days_after_due<=0, "
        f"before_inputs=false; nearest: on-time (line {on_time}) asks days_after_due<-5")
    assert p.params["case"] == "received=true, -5<=days_after_due<=0, before_inputs=false"


def test_an_overlap_is_located_at_the_later_rule(tmp_path: Path) -> None:
    path = _planted(tmp_path, "days_after_due: {gt: 0}, before_inputs: true",
                    "days_after_due: {gt: -9}, before_inputs: true")
    with pytest.raises(BaocaoError) as err:
        load_decisions(path)
    (p,) = err.value.problems
    late = _line(path, "name: late-before-inputs")
    assert (p.code, p.line, p.column) == ("decisions.overlap", late, 5)
    assert p.message.startswith(
        "2 instance decision rules decide received=true, -9<days_after_due<=0, "
        f"before_inputs=true: on-time-before-inputs (line {_line(path, 'on-time-before')}), "
        f"late-before-inputs (line {late})")
    assert p.params["rules"] == ("on-time-before-inputs", "late-before-inputs")


def test_a_gap_among_submissions(tmp_path: Path) -> None:
    path = _planted(tmp_path, "owed: 0, too_early: true}",
                    "owed: 0, too_early: true, subject_named: true}")
    with pytest.raises(BaocaoError) as err:
        load_decisions(path)
    (p,) = err.value.problems
    assert p.line == _line(path, "submission_rules:")
    assert ("decides valid=true, later=false, report=true, units_known=true, owed=0, "
            "too_early=true, on_subject=0, routed=0, subject_named=false, first=false; "
            "nearest: too-early") in p.message


def test_a_combination_that_cannot_occur_is_no_gap(tmp_path: Path) -> None:
    """An invalid record is never the first report of anything (POSSIBLE): a rule for
    invalid records asking first=false leaves nothing undecided."""
    load_decisions(_planted(tmp_path, "when: {valid: false}", "when: {valid: false, first: false}"))
    with pytest.raises(BaocaoError) as err:
        load_decisions(_planted(tmp_path, "when: {valid: false}",
                                "when: {valid: false, report: true}"))
    assert "decides valid=false, later=false, report=false, units_known=false" in str(err.value)


def test_describe_merges_what_differs_in_one_field() -> None:
    d = load_decisions(BUNDLED)
    combos: Any = d.combinations("instance")
    late = [c for c in combos if c.received and c.days_after_due > 0]
    ((words, members),) = d.describe("instance", late)
    assert words == "received=true, days_after_due>0"
    assert sorted(members, key=str) == sorted(late, key=str)
    fact = InstanceFact(True, 1, -1, True, False, True)
    assert d.words(fact) == ("received=true, days_after_due>0, days_past_due<0, "
                             "reporter_active=true, recipient_active=false, before_inputs=true")


# ---------------------------------------------------------------------------------------
# The decision table: durable_rules' answer, built once, on first use


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = decide._run

    def counting(definitions: Any, rows: Any, singly: bool = False) -> Any:
        calls.append(len(rows))
        return original(definitions, rows, singly)

    monkeypatch.setattr(decide, "_run", counting)
    return calls


def test_the_table_is_built_once_on_first_use(runs: list[int]) -> None:
    d = load_decisions(BUNDLED)
    assert runs == []  # loading the rules asks nothing of durable_rules
    table = decision_table(d)
    assert runs == [84 + 22]  # one batch: every combination once
    assert (table.size("instance"), table.size("submission")) == (84, 22)
    assert table.seconds > 0
    assert decision_table(d) is table
    decide.decide(d, [InstanceFact(True, 3, 9, True, True)], [], ["k"], [])
    assert runs == [84 + 22]


def test_the_table_is_what_the_conditions_say(runs: list[int]) -> None:
    d = load_decisions(BUNDLED)
    table = decision_table(d)
    for kind in ("instance", "submission"):
        for fact, name in table.rules[kind].items():
            assert [r.name for r in d.holding(fact)] == [name], fact
    assert set(table.rules["instance"].values()) == {r.name for r in d.instance_rules}
    assert set(table.rules["submission"].values()) == {r.name for r in d.submission_rules}


def test_each_fact_gets_the_rule_of_its_combination() -> None:
    d = load_decisions(BUNDLED)
    facts = [InstanceFact(True, -30, 400, True, True), InstanceFact(True, 0, 1, True, True),
             InstanceFact(True, 12, 40, True, True, True), InstanceFact(False, 0, 5, True, True),
             InstanceFact(False, 0, -5, True, True), InstanceFact(False, 0, 5, False, True),
             InstanceFact(False, 0, 0, True, False)]
    subs = [SubmissionFact(True, False, True, True, 3, False, 2, 2, True, True),
            SubmissionFact(True, False, True, True, 3, False, 2, 2, True, False),
            SubmissionFact(True, False, True, True, 3, False, 2, 0, True, False),
            SubmissionFact(True, False, True, True, 3, False, 0, 0, True, False),
            SubmissionFact(False, False, True, False, 0, False, 0, 0, False, False)]
    got = decide.decide(d, facts, subs, [f"i{n}" for n in range(7)], [f"s{n}" for n in range(5)])
    assert got.instance_rules == ("on-time", "on-time", "late-before-inputs", "overdue",
                                  "pending", "exempt-unit-gone", "exempt-recipient-gone")
    assert got.submission_rules == ("first-report", "further-report", "wrong-recipient",
                                    "other-subject", "invalid-record")
    assert got.cases == 12
    empty = decide.decide(d, [], [], [], [])
    assert (empty.instance_rules, empty.submission_rules, empty.cases) == ((), (), 0)


def test_the_same_fact_object_and_equal_copies_are_decided_alike() -> None:
    """Facts arrive interned (one object per distinct fact); copies and repeats of one object
    mixed with others get each its own combination's rule, found by identity or by value."""
    d = load_decisions(BUNDLED)
    on_time, overdue = InstanceFact(True, 0, 1, True, True), InstanceFact(False, 0, 5, True, True)
    mixed = [on_time, overdue, on_time, InstanceFact(True, 0, 1, True, True), overdue,
             InstanceFact(False, 0, -5, True, True), on_time]
    fresh = [InstanceFact(*(getattr(f, n) for n in f.__slots__)) for f in mixed]
    refs = [f"i{n}" for n in range(len(mixed))]
    got = decide.decide(d, mixed, [], refs, [])
    assert got.instance_rules == decide.decide(d, fresh, [], refs, []).instance_rules
    assert got.instance_rules == ("on-time", "overdue", "on-time", "on-time", "overdue",
                                  "pending", "on-time")


def test_a_check_hands_each_distinct_fact_over_as_one_object(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """engine/evaluation/facts.py interns: equal facts are one object (a national run's
    million facts are a few thousand)."""
    seen: list[tuple[list[Fact], list[Fact]]] = []
    original = decide.decide

    def capture(d: Decisions, i_facts: Any, s_facts: Any, *refs: Any) -> Any:
        seen.append((list(i_facts), list(s_facts)))
        return original(d, i_facts, s_facts, *refs)

    monkeypatch.setattr(decide, "decide", capture)
    book = load_rulebook(None)
    check(book, load_submissions([EXAMPLES], book), date(2023, 3, 1))
    (i_facts, s_facts), = seen
    for found in (i_facts, s_facts):
        assert len(found) > len(set(found)) > 1  # the examples repeat facts
        assert len({id(f) for f in found}) == len(set(found))
