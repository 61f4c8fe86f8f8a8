"""`baocao rules test` says why (issue 17): a failing case names the decision rule that fired
and the engine's reasons, in Vietnamese or English; a typo in an instance key (an obligation,
a unit, a period) is refused, located, with the nearest id or period; --coverage is filtered
by --directive."""

from __future__ import annotations

from pathlib import Path

import pytest

import engine
from tests._cli import invoke
from tests.test_rule_cases import RULES, copy_rules, rule_line

MISROUTED = """\
cases:
  - name: sent to the wrong ministry, with no title
    directive: 103/CT-BTTTT
    as_of: 2022-07-01
    submissions:
      - {id: w2, reporter: so-tttt-tay-ninh, recipient: bo-khcn, submitted_on: 2022-06-10,
         period: 2022-Q2}
    expect:
      submissions:
        w2: misrouted
"""

TYPO = """\
cases:
  - name: a typo
    directive: 103/CT-BTTTT
    as_of: 2022-07-01
    expect:
      instances:
        KEY: overdue
"""


def test_a_failure_says_which_rule_fired_and_why(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path, {"misrouted.yaml": MISROUTED})
    run = invoke("rules", "test", rules, "--lang", "en", cwd=tmp_path)
    assert run.code == 1, run.err
    lines = run.out.splitlines()
    at = lines.index("  rules/tests/misrouted.yaml:10: w2")
    line = rule_line(rules, "not-owed-to-recipient")
    assert lines[at + 1:at + 4] == [
        "    disposition: expected misrouted, got unmatched",
        "    read as: so-tttt-tay-ninh → bo-khcn, period 2022-Q2, received 2022-06-10",
        "    owed by this unit for this period: ct-103-btttt-2021/bao-cao-quy; of those, to "
        "this recipient: —",
    ]
    assert lines[at + 4].startswith(
        f"    rule that fired: not-owed-to-recipient (rules/decisions.yaml:{line}) when ")
    assert "routed=0" in lines[at + 4]
    assert "subject_named=false" in lines[at + 4]
    # the reasons the engine gave: the rule's own (decisions.yaml), then the record's, coded
    assert lines[at + 5:at + 7] == [
        "    reason: this unit owes no report of this period to this recipient (the report "
        "names no subject, so which report it is cannot be told)",
        "    reason: the kind of document cannot be read (title, number): judged as a report "
        "[doctype.unread]",
    ]
    vi = invoke("rules", "test", rules, cwd=tmp_path).out.splitlines()
    assert vi[at + 1] == "    disposition: mong đợi misrouted, thực tế unmatched"
    assert vi[at + 4].startswith(
        f"    quy tắc đã áp dụng: not-owed-to-recipient (rules/decisions.yaml:{line}) khi ")
    assert vi[at + 5] == (
        "    lý do: đơn vị không có nghĩa vụ gửi báo cáo kỳ này cho nơi nhận này (báo cáo không "
        "nêu nội dung nên không xác định được báo cáo nào)")


def test_the_engine_keeps_the_rule_and_reason_codes() -> None:
    """What the CLI words comes from the run: the rule's name and the reasons' codes."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        rules = copy_rules(Path(tmp), {"misrouted.yaml": MISROUTED})
        run = engine.run_cases(engine.load_rulebook(rules))
    (outcome,) = run.results[0].outcomes
    assert outcome.rule == "not-owed-to-recipient"
    assert [r.code for r in outcome.reasons] == ["decision.not-owed-to-recipient",
                                                 "doctype.unread"]
    assert outcome.facts["recipient"] == "bo-khcn"


def test_failures_wrap_at_the_terminal_width(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path, {"misrouted.yaml": MISROUTED})
    run = invoke("rules", "test", rules, "--lang", "en", cwd=tmp_path, columns="80")
    assert run.code == 1
    lines = run.out.splitlines()
    # only an unbreakable "file:line: key" line may be longer
    assert all(len(line) <= 80 for line in lines), lines
    assert "      report names no subject, so which report it is cannot be told)" in lines


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("bao-cao-qui/so-tttt-tay-ninh/2022-Q2",
         "rules/tests/typo.yaml:7:9: case.unknown-obligation: 103/CT-BTTTT has no obligation "
         "'bao-cao-qui' (did you mean 'bao-cao-quy'?); its obligations: bao-cao-quy, "
         "tong-hop-bao-cao-bo-truong"),
        ("bao-cao-quy/so-tttt-tay-nin/2022-Q2",
         "rules/tests/typo.yaml:7:9: case.unknown-unit: 'so-tttt-tay-nin' is not a unit id of "
         "units.yaml (did you mean 'so-tttt-tay-ninh'?)"),
        ("bao-cao-quy/so-tttt-tay-ninh/2022-Q5",
         "rules/tests/typo.yaml:7:9: case.bad-period: period '2022-Q5' cannot be read (did you "
         "mean '2022-Q1', '2022-Q2', '2022-Q3' or '2022-Q4'?)"),
        ("bao-cao-quy/so-tttt-tay-ninh/2022-Q",
         "rules/tests/typo.yaml:7:9: case.bad-period: period '2022-Q' cannot be read (did you "
         "mean '2022-Q1', '2022-Q2', '2022-Q3' or '2022-Q4'?)"),
        # a month of a quarterly obligation: the quarter that holds it
        ("bao-cao-quy/so-tttt-tay-ninh/2022-05",
         "rules/tests/typo.yaml:7:9: case.period-not-owed: bao-cao-quy of 103/CT-BTTTT asks for "
         "no report of period '2022-05' (did you mean '2022-Q2'?); its periods in 2022: "
         "2022-Q1, 2022-Q2, 2022-Q3, 2022-Q4"),
        # a year it is not in force: the closest label of the years it is
        ("bao-cao-quy/so-tttt-tay-ninh/2031-Q2",
         "rules/tests/typo.yaml:7:9: case.period-not-owed: bao-cao-quy of 103/CT-BTTTT asks for "
         "no report of period '2031-Q2' (did you mean '2022-Q2'?); it is in force "
         "2022-01-01..2022-12-31"),
        ("ct-103-btttt-2012/bao-cao-quy/so-tttt-tay-ninh/2022-Q2",
         "rules/tests/typo.yaml:7:9: case.unknown-directive: the rules have no directive "
         "'ct-103-btttt-2012' (did you mean 'ct-103-btttt-2021'?)"),
        ("so-tttt-tay-ninh/2022-Q2",
         "rules/tests/typo.yaml:7:9: case.bad-instance: 'so-tttt-tay-ninh/2022-Q2' is not an "
         "instance key"),
    ],
)
def test_a_typo_in_a_key_is_located_with_the_nearest(tmp_path: Path, key: str,
                                                      expected: str) -> None:
    rules = copy_rules(tmp_path, {"typo.yaml": TYPO.replace("KEY", key)})
    run = invoke("rules", "test", rules, "--lang", "en", cwd=tmp_path)
    assert run.code == 2, run.out
    assert expected in run.flat_err, run.err


def test_a_typo_is_said_in_vietnamese(tmp_path: Path) -> None:
    text = TYPO.replace("KEY", "bao-cao-quy/so-tttt-tay-ninh/2022-05")
    rules = copy_rules(tmp_path, {"typo.yaml": text})
    run = invoke("rules", "test", rules, cwd=tmp_path)
    assert run.code == 2
    assert ("rules/tests/typo.yaml:7:9: case.period-not-owed: nghĩa vụ bao-cao-quy của "
            "103/CT-BTTTT không yêu cầu báo cáo kỳ '2022-05'; có phải: 2022-Q2?; các kỳ của năm "
            "2022: 2022-Q1, 2022-Q2, 2022-Q3, 2022-Q4") in run.flat_err


def test_keys_without_a_directive_and_in_a_submission_are_checked(tmp_path: Path) -> None:
    text = """\
cases:
  - name: no directive
    as_of: 2022-07-01
    expect:
      instances:
        bao-cao-quy/so-tttt-tay-ninh/2022-Q2: overdue
      submissions:
        x:
          disposition: matched
          instances: [ct-103-btttt-2021/bao-cao-quy/so-tttt-tay-ninh/2022-Q9]
"""
    rules = copy_rules(tmp_path, {"typo.yaml": text})
    run = invoke("rules", "test", rules, "--lang", "en", cwd=tmp_path)
    assert run.code == 2
    assert ("rules/tests/typo.yaml:6:9: case.bad-instance: 'bao-cao-quy/so-tttt-tay-ninh/2022-Q2' "
            "names no directive") in run.flat_err
    assert ("rules/tests/typo.yaml:10:23: case.bad-period: period '2022-Q9' cannot be read (did "
            "you mean '2022-Q1', '2022-Q2', '2022-Q3' or '2022-Q4'?)") in run.flat_err


def test_a_period_or_directive_written_another_way_is_read(tmp_path: Path) -> None:
    text = """\
cases:
  - name: written as people write them
    directive: 103/CT-BTTTT
    as_of: 2022-07-01
    expect:
      instances:
        bao-cao-quy/so-tttt-tay-ninh/quý II/2022: overdue
        103/CT-BTTTT/bao-cao-quy/so-tttt-tay-ninh/2022-Q1: overdue
"""
    rules = copy_rules(tmp_path, {"other.yaml": text})
    run = invoke("rules", "test", rules, "--lang", "en", cwd=tmp_path)
    assert run.code == 0, run.out + run.err
    assert "1 passed, 0 failed" in run.out.splitlines()[-1]


def _directives(table: str) -> list[str]:
    """The directive cell of each row of the coverage table."""
    return [line.split()[0] for line in table.splitlines()
            if line.strip() and "/" in line.split()[0]]


def test_coverage_by_directive(tmp_path: Path) -> None:
    for directive in ("103/CT-BTTTT", "ct-103-btttt-2021"):
        run = invoke("rules", "test", RULES, "--coverage", "--directive", directive,
                     "--lang", "en", cwd=tmp_path, columns="160")
        assert run.code == 0, run.err
        table = run.out.split("Coverage of the test cases")[1]
        assert _directives(table) == ["103/CT-BTTTT", "103/CT-BTTTT"], table
        assert "bao-cao-quy" in table
        assert "tong-hop-bao-cao-bo-truong" in table
    both = invoke("rules", "test", RULES, "--coverage", "--directive", "103/CT-BTTTT",
                  "--directive", "4324/KH-UBND", "--lang", "en", cwd=tmp_path, columns="160")
    table = both.out.split("Coverage of the test cases")[1]
    assert set(_directives(table)) == {"103/CT-BTTTT", "4324/KH-UBND"}, table
    every = invoke("rules", "test", RULES, "--coverage", "--lang", "en", cwd=tmp_path,
                   columns="160").out.split("Coverage of the test cases")[1]
    assert len(set(_directives(every))) > 2


def test_coverage_of_an_unknown_directive_exits_2(tmp_path: Path) -> None:
    run = invoke("rules", "test", RULES, "--coverage", "--directive", "99/CT-X", "--lang",
                 "en", cwd=tmp_path)
    assert run.code == 2
    assert "--directive: option.directive:" in run.flat_err
    assert "99/CT-X" in run.flat_err
    alone = invoke("rules", "test", RULES, "--directive", "103/CT-BTTTT", cwd=tmp_path)
    assert alone.code == 2
    assert ("--directive: usage: --directive chọn các nghĩa vụ mà --coverage liệt kê: hãy thêm "
            "--coverage") in alone.flat_err
