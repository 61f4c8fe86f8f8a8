"""`baocao rules test`: the shipped cases pass; a wrong expectation fails with a readable diff;
a broken case file is refused with located errors (exit 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import engine
from engine.rulebook.readings import VIETNAMESE_READINGS
from tests._cli import invoke

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"

WRONG = """\
cases:
  - name: a deliberately wrong case
    directive: 103/CT-BTTTT
    as_of: 2022-07-01
    submissions:
      - {id: w1, reporter: so-tttt-thai-nguyen, recipient: bo-tttt, submitted_on: 2022-06-15,
         period: 2022-Q2}
    expect:
      instances:
        bao-cao-quy/so-tttt-thai-nguyen/2022-Q2: {verdict: on_time, due: 2022-06-15}
        bao-cao-quy/so-tttt-tay-ninh/2022-Q2: overdue
        bao-cao-quy/so-tttt-tay-ninh/2022-Q4: pending
      submissions:
        w1: matched
        w9: matched
"""


def copy_rules(tmp: Path, cases: dict[str, str]) -> Path:
    rules = tmp / "rules"
    shutil.copytree(RULES, rules, ignore=shutil.ignore_patterns("tests"))
    (rules / "tests").mkdir()
    for name, text in cases.items():
        (rules / "tests" / name).write_text(text, encoding="utf-8")
    return rules


def test_shipped_cases_pass(tmp_path: Path) -> None:
    run = invoke("rules", "test", RULES, "--lang", "en", cwd=tmp_path)
    assert run.code == 0, run.out
    lines = run.out.splitlines()
    assert "rules/tests/ct-103-btttt-2021.yaml ...." in lines
    assert "15 passed, 0 failed" in lines[-1]


def test_a_wrong_case_fails_with_a_readable_diff(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path, {"wrong.yaml": WRONG})
    run = invoke("rules", "test", rules, "--lang", "en", cwd=tmp_path)
    assert run.code == 1
    lines = run.out.splitlines()
    # the rule that fired, with its place and conditions in rules/decisions.yaml
    fired = [line for line in lines if line.startswith("    rule that fired: ")]
    assert fired == [f"    rule that fired: late (rules/decisions.yaml:{rule_line(rules, 'late')})"
                     f" when {rule_conditions(rules, 'late')}"]
    assert "received=true, days_after_due>0" in fired[0]
    assert [line for line in lines if line not in fired] == [
        "rules/tests/wrong.yaml F",
        "",
        "=============================== FAILURES ===============================",
        "",
        "rules/tests/wrong.yaml:2: a deliberately wrong case",
        "  rules/tests/wrong.yaml:10: ct-103-btttt-2021/bao-cao-quy/so-tttt-thai-nguyen/2022-Q2",
        "    verdict: expected on_time, got late",
        "    due: expected 2022-06-15, got 2022-06-14",
        "    due 2022-06-14; received 2022-06-15 (submission w1)",
        # owed, but its quarter has not begun by the as-of date: a failure, not a typo
        "  rules/tests/wrong.yaml:12: ct-103-btttt-2021/bao-cao-quy/so-tttt-tay-ninh/2022-Q4",
        "    instance: expected ct-103-btttt-2021/bao-cao-quy/so-tttt-tay-ninh/2022-Q4, got no "
        "such expected report as of 2022-07-01",
        "    this unit's reports of this obligation as of 2022-07-01: 2022-Q1, 2022-Q2, 2022-Q3",
        "  rules/tests/wrong.yaml:15: w9",
        "    submission: expected w9, got no submission with this id in the case",
        "    the submission ids in the case: w1",
        "",
        "========================== 0 passed, 1 failed ==========================",
    ]
    vi = invoke("rules", "test", rules, cwd=tmp_path)
    assert "    verdict: mong đợi on_time, thực tế late" in vi.out.splitlines()
    assert ("    instance: mong đợi ct-103-btttt-2021/bao-cao-quy/so-tttt-tay-ninh/2022-Q4, "
            "thực tế không có báo cáo phải nộp này tính đến ngày 2022-07-01") in vi.out.splitlines()
    assert "    hạn 2022-06-14; nhận ngày 2022-06-15 (bản ghi w1)" in vi.out.splitlines()
    assert "0 đạt, 1 không đạt" in vi.out.splitlines()[-1]


def rule_line(rules: Path, name: str) -> int:
    """Where decision rule ``name`` is written in the rules' decisions.yaml."""
    text = (rules / "decisions.yaml").read_text(encoding="utf-8")
    return text.splitlines().index(f"  - name: {name}") + 1


def rule_conditions(rules: Path, name: str) -> str:
    """Its ``when:`` as the failure writes it (``field=value``, ``field>0``)."""
    book = engine.load_rulebook(rules)
    signs = {"eq": "=", "ne": "≠", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}
    return ", ".join(f"{c.field}{signs[c.op]}{str(c.value).lower()}"
                     for c in book.decisions.rule(name).conditions)


def test_coverage_names_what_is_never_exercised(tmp_path: Path) -> None:
    run = invoke("rules", "test", RULES, "--coverage", "--lang", "en", cwd=tmp_path,
                 columns="160")
    assert run.code == 0
    row = next(line for line in run.out.splitlines() if "tong-hop-bao-cao-bo-truong" in line)
    cells = [c.strip() for c in row.split("  ") if c.strip()]
    assert cells == ["103/CT-BTTTT", "tong-hop-bao-cao-bo-truong",
                     "on_time, late, overdue, pending, matched", "duplicate, misrouted"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cases: []\n", "rules/tests/bad.yaml:1:8: schema.minItems"),
        (WRONG.replace("as_of: 2022-07-01", "as_of: 2022-02-30"),
         "rules/tests/bad.yaml:4:12: case.bad-date: as_of '2022-02-30' is not a real date"),
        (WRONG.replace("103/CT-BTTTT", "99/CT-X"),
         "rules/tests/bad.yaml:3:16: case.unknown-directive"),
        (WRONG + WRONG.split("cases:\n")[1],
         "rules/tests/bad.yaml:16:11: case.duplicate-name: case 'a deliberately wrong case' is "
         "already defined at line 2"),
        (WRONG.replace("verdict: on_time", "verdict: in_time"),
         "rules/tests/bad.yaml:10:60: schema.enum: 'in_time' is not allowed (did you mean "
         "'on_time'?); expected one of: on_time, late, overdue, pending, exempt"),
    ],
)
def test_bad_case_files_exit_2(tmp_path: Path, text: str, expected: str) -> None:
    rules = copy_rules(tmp_path, {"bad.yaml": text})
    run = invoke("rules", "test", rules, "--lang", "en", cwd=tmp_path)
    assert run.code == 2
    assert expected in run.flat_err, run.err


def test_no_cases_exit_2(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path, {})
    run = invoke("rules", "test", rules, "--lang", "en", cwd=tmp_path)
    assert run.code == 2
    assert "no *.yaml rule test cases" in run.flat_err


def test_schema_accepts_exactly_the_vietnamese_readings() -> None:
    schema = json.loads((ROOT / "schemas" / "directive.schema.json").read_text("utf-8"))
    enum = schema["$defs"]["deadline"]["properties"]["reading"]["enum"]
    assert set(enum) == {"before", "by", "within", *VIETNAMESE_READINGS}
