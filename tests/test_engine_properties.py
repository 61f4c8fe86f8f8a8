"""The engine against the independent oracle (tests/oracle.py) on generated rule books.

hypothesis writes small rule books in the documented YAML format and batches of submissions;
the engine and the oracle read the same files. Any disagreement is a question for DOMAIN.md:
one of the two has read the domain wrong.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import Evaluation, Filters, check, load_rulebook, load_submissions
from tests import oracle
from tests import test_oracle as hand
from tests._gen import (
    BUNDLED_RULES,
    OTHER_SUBJECTS,
    Scenario,
    directive_doc,
    obligation_doc,
    scenarios,
    write_rules,
    write_submissions,
)

SINCE = date(2022, 1, 1)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"

Key = tuple[str, str, str, str]


def _key(text: str) -> Key:
    d, o, r, p = text.split("/", 3)
    return (d, o, r, p)


def _engine_instances(ev: Evaluation) -> dict[Key, tuple[Any, ...]]:
    out: dict[Key, tuple[Any, ...]] = {}
    for res in ev.instances:
        i = res.instance
        k = (i.directive_id, i.obligation_id, i.reporter, i.period.label)
        assert k not in out, f"two verdicts for {k}"
        assert _key(i.key) == k
        out[k] = (res.verdict.value, res.days_late, res.days_overdue, i.due.due, res.received,
                  res.submission)
    return out


def _oracle_instances(res: oracle.OResult) -> dict[Key, tuple[Any, ...]]:
    return {
        k: (v.verdict, v.days_late, v.days_overdue, v.due, v.received, v.submission)
        for k, v in res.instances.items()
    }


def _compare(rules_dir: Path, paths: Sequence[Path], as_of: date) -> Evaluation:
    """Run both on the same files and assert they agree on everything they both decide."""
    book = load_rulebook(rules_dir)
    subs = load_submissions(list(paths), book)
    ev = check(book, subs, as_of, Filters(since=SINCE))
    records = oracle.read_records(list(paths))
    want = oracle.evaluate(oracle.load_rules(rules_dir), records, as_of, SINCE)

    got = _engine_instances(ev)
    expected = _oracle_instances(want)
    assert sorted(set(got) - set(expected)) == [], "instances the oracle does not expect"
    assert sorted(set(expected) - set(got)) == [], "expected instances missing"
    # what the oracle leaves undecided (a title's period it cannot read) is not compared
    unsure = want.uncertain_reporters
    diff = {k: (got[k], expected[k]) for k in got if got[k] != expected[k] and k[2] not in unsure}
    assert diff == {}, "verdicts differ (engine, oracle)"

    ids = [s.submission.id for s in ev.submissions]
    assert len(ids) == len(records), "not every record got exactly one disposition"
    assert sorted(ids) == sorted(str(r.get("id")) for r in records)
    assert [n for n, c in Counter(ids).items() if c > 1] == []
    disp = {s.submission.id: s.disposition.value for s in ev.submissions}
    diff_d = {i: (disp[i], want.dispositions.get(i)) for i in disp
              if i not in want.undecided and disp[i] != want.dispositions[i]}
    assert diff_d == {}, "dispositions differ (engine, oracle)"
    sat = {s.submission.id: frozenset(_key(k) for k in s.instances)
           for s in ev.submissions if s.instances and s.submission.id not in want.undecided}
    assert sat == {i: v for i, v in want.satisfies.items() if i not in want.undecided}

    for res in ev.instances:
        due = res.instance.due.due
        if res.received is not None and res.received <= due:
            assert res.verdict.value == "on_time", res
        if res.verdict.value == "late":
            assert res.received is not None
            assert res.days_late == (res.received - due).days > 0
        if res.verdict.value == "overdue":
            assert res.received is None
            assert as_of > due
            assert res.days_overdue == (as_of - due).days
        if res.verdict.value in ("pending", "exempt"):
            assert res.received is None
    return ev


@settings(max_examples=int(os.environ.get("BAOCAO_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenarios())
def test_engine_agrees_with_oracle(sc: Scenario) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rules_dir, subs = sc.write(Path(tmp))
        _compare(rules_dir, [subs], sc.as_of)


def test_hand_worked_case(tmp_path: Path) -> None:
    """The case worked out by hand in test_oracle.py, through the engine."""
    doc = directive_doc("ct-1", "bo-x", date(2022, 1, 1), date(2022, 12, 31),
                        [hand.QUARTERLY, hand.HALF, hand.HALF_AND_YEAR])
    rules_dir = write_rules(tmp_path / "rules", hand.UNITS, hand.GROUPS, [doc])
    subs = write_submissions(tmp_path / "s.yaml", hand.RECORDS)
    ev = _compare(rules_dir, [subs], date(2023, 2, 1))
    assert Counter(r.verdict.value for r in ev.instances) == {
        "overdue": 8, "on_time": 4, "late": 2}


@pytest.mark.parametrize(("records", "as_of"), [
    # 02-KH/BCĐ II.7: a half-year "sơ kết" is not the 5-year review; "sơ kết 5 năm" is
    ([{"id": "h1", "reporter": "bcd-cvd-tay-ninh", "recipient": "bcd-cvd-tw",
       "submitted_on": "2025-07-10", "title": "Báo cáo sơ kết 6 tháng đầu năm 2025"},
      {"id": "sk", "reporter": "bcd-cvd-tay-ninh", "recipient": "bcd-cvd-tw",
       "submitted_on": "2026-05-12", "title": "Báo cáo sơ kết 5 năm thực hiện Chỉ thị 03-CT/TW"},
      {"id": "gd", "reporter": "bcd-cvd-tay-ninh", "recipient": "bcd-cvd-tw",
       "submitted_on": "2026-06-02", "title": "Báo cáo sơ kết giai đoạn 2021 – 2025"}],
     date(2026, 6, 10)),
    # 06, 02 and 4324: an undated report is the H1 report of both plans, not also 4324's 2021
    ([{"id": "u1", "reporter": "Sở Công Thương tỉnh Tây Ninh",
       "recipient": "UBMTTQ tỉnh Tây Ninh", "submitted_on": "15/06/2022",
       "title": "Báo cáo kết quả thực hiện Cuộc vận động"},
      {"id": "u2", "reporter": "Sở Công Thương tỉnh Tây Ninh", "recipient": "UBND tỉnh Tây Ninh",
       "submitted_on": "12/12/2022"},
      {"id": "u3", "reporter": "Báo Tây Ninh", "recipient": "UBMTTQ tỉnh Tây Ninh",
       "submitted_on": "20/12/2022", "title": "Bài học kinh nghiệm tuyên truyền hàng Việt"}],
     date(2023, 3, 1)),
])
def test_bundled_rules_one_report_each(
    records: list[dict[str, Any]], as_of: date, tmp_path: Path
) -> None:
    """The reviewer's cases, as both read them (tests/test_e2e_one_report.py works them out)."""
    _compare(BUNDLED_RULES, [write_submissions(tmp_path / "s.yaml", records)], as_of)


@pytest.mark.parametrize("as_of", [date(2022, 6, 1), date(2023, 3, 1)])
def test_bundled_rules_without_submissions(as_of: date, tmp_path: Path) -> None:
    """Every deadline of the real directives, as both read them, before any report arrives."""
    empty = tmp_path / "none.yaml"
    empty.write_text("[]\n", encoding="utf-8")
    ev = _compare(BUNDLED_RULES, [empty], as_of)
    assert ev.instances, "the bundled rules expand to no instance at all"


def test_bundled_rules_and_examples() -> None:
    files = [f for f in sorted(EXAMPLES.glob("*")) if f.suffix in (".yaml", ".yml", ".json",
                                                                     ".csv")]
    if not files:
        pytest.skip("examples/submissions has no files yet")
    _compare(BUNDLED_RULES, files, date(2023, 3, 1))


def test_periods_before_entry_into_force_are_expected(tmp_path: Path) -> None:
    """In force from 1/2; on 15/1 the Q1 report is already owed (the period overlaps the
    in-force window, README "Period expansion") and pending: due 21/3 (20/3 is a Sunday).
    Whether an unrelated record exists must not change the set of instances."""
    units = [{"id": "bo-x", "name": "Bộ X", "kind": "bo"},
             {"id": "so-a", "name": "Sở A", "kind": "so"}]
    ob = obligation_doc("quy", ["so-a"], "bo-x", "quarterly",
                        {"basis": "assumed", "policy": "ngay-20-thang-cuoi-ky"})
    rules_dir = write_rules(tmp_path / "rules", units, [],
                            [directive_doc("ct-1", "bo-x", date(2022, 2, 1), None, [ob])])
    stranger = {"id": "x", "reporter": "Không Ai", "recipient": "bo-x", "period": "2022-Q1",
                "submitted_on": "2022-01-10"}
    seen = []
    for records in ([stranger], []):
        subs = write_submissions(tmp_path / "s.yaml", records)
        book = load_rulebook(rules_dir)
        ev = check(book, load_submissions([subs], book), date(2022, 1, 15), Filters(since=SINCE))
        seen.append([(r.instance.key, r.verdict.value, r.instance.due.due)
                     for r in ev.instances])
    want = [("ct-1/quy/so-a/2022-Q1", "pending", date(2022, 3, 21))]
    assert seen == [want, want]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenarios(), st.data())
def test_a_report_on_another_subject_changes_no_verdict(sc: Scenario, data: st.DataObject) -> None:
    """However it is addressed and whatever period it names, a report about something else
    (DOMAIN.md, "What a report is about") neither fulfils nor spoils any expected report."""
    owed = [(r, ob["recipient"], label)
            for doc in sc.directives for ob in doc["obligations"]
            for r in ob["reporters"] if r != "nhom-thu"
            for label in ("2022-Q1", "2022-H1", "2022")]
    if not owed:
        return
    reporter, recipient, label = data.draw(st.sampled_from(owed))
    other = data.draw(st.sampled_from(OTHER_SUBJECTS))
    intruder = {"id": "khac-1", "reporter": reporter, "recipient": recipient, "period": label,
                "submitted_on": data.draw(st.sampled_from(["2022-01-05", "2022-03-10",
                                                           "2022-06-10", "2022-12-10"])),
                "title": f"Báo cáo {other} năm 2022"}
    verdicts = []
    with tempfile.TemporaryDirectory() as tmp:
        rules_dir, _ = sc.write(Path(tmp))
        for records in (sc.records, [intruder, *sc.records]):
            subs = write_submissions(Path(tmp) / "s.yaml", records)
            book = load_rulebook(rules_dir)
            ev = check(book, load_submissions([subs], book), sc.as_of, Filters(since=SINCE))
            verdicts.append({r.instance.key: (r.verdict, r.submission) for r in ev.instances})
            if records and records[0] is intruder:
                (mine,) = [s for s in ev.submissions if s.submission.id == "khac-1"]
                assert mine.instances == ()
    assert verdicts[0] == verdicts[1]
