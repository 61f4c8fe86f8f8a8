"""The engine against the independent oracle (tests/oracle.py) on generated rule books.

hypothesis writes small rule books in the documented YAML format and batches of submissions;
the engine and the oracle read the same files. Any disagreement is a question for docs/domain.md:
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

from engine import Evaluation, Filters, check, load_requests, load_rulebook, load_submissions
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
        label = f"{i.period.label}#{i.request}" if i.request else i.period.label
        k = (i.directive_id, i.obligation_id, i.reporter, label)
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


def _compare(rules_dir: Path, paths: Sequence[Path], as_of: date,
             requests: Path | None = None) -> Evaluation:
    """Run both on the same files and assert they agree on everything they both decide."""
    book = load_rulebook(rules_dir)
    subs = load_submissions(list(paths), book)
    asked = load_requests([requests], book) if requests else ()
    ev = check(book, subs, as_of, Filters(since=SINCE), asked)
    records = oracle.read_records(list(paths))
    written = oracle.read_records([requests]) if requests else []
    want = oracle.evaluate(oracle.load_rules(rules_dir), records, as_of, SINCE, written)

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


@pytest.mark.slow
@settings(max_examples=int(os.environ.get("BAOCAO_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenarios())
def test_engine_agrees_with_oracle(sc: Scenario) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rules_dir, subs = sc.write(Path(tmp))
        _compare(rules_dir, [subs], sc.as_of, sc.requests_file(Path(tmp)))


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


@pytest.mark.slow
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenarios(), st.data())
def test_a_report_on_another_subject_changes_no_verdict(sc: Scenario, data: st.DataObject) -> None:
    """However it is addressed and whatever period it names, a report about something else
    (docs/domain.md#what-a-report-is-about) neither fulfils nor spoils any expected report."""
    owed = [(r, ob["recipient"], label)
            for doc in sc.directives for ob in doc["obligations"] if "recipient" in ob
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


# ---------------------------------------------------------------------------------------
# Issue 14: the hand-worked cases of tests/test_oracle.py, through the engine as well


def _case_rule1(tmp: Path) -> tuple[Path, list[dict[str, Any]], date, list[dict[str, Any]]]:
    act = {"id": "tham-muu", "summary": "Tham mưu tổ chức", "kind": "activity",
           "reporters": ["so-a"], "citation": hand.CITE}
    hand._book(tmp, [obligation_doc("quy", ["so-a"], "bo-x", "quarterly", hand.Q15), act])
    recs = [{"id": "t", "reporter": "so-a", "recipient": "bo-x", "obligation": "tham-muu",
             "period": "2022-Q1", "submitted_on": "2022-03-10"}]
    return tmp / "rules", recs, date(2022, 12, 31), []


def _case_rule2(tmp: Path) -> tuple[Path, list[dict[str, Any]], date, list[dict[str, Any]]]:
    units = [*(u for u in hand.UNITS if u["id"] != "so-c"),
             {"id": "so-c", "name": "Sở C", "kind": "so", "valid_to": date(2022, 5, 31),
              "successor": "bo-x"}]
    groups = [{"id": "nhom2", "name": "Nhóm 2", "members": ["so-a", "bo-x", "vu-y", "so-c"]}]
    hand._book(tmp, [obligation_doc("quy", ["nhom2"], "bo-x", "quarterly", hand.Q15,
                                    via="vu-y")], units, groups)
    recs = [{"id": "v", "reporter": "vu-y", "recipient": "bo-x", "period": "2022-Q1",
             "submitted_on": "2022-03-10"},
            {"id": "c", "reporter": "so-c", "recipient": "bo-x", "period": "2022-Q2",
             "submitted_on": "2022-06-10"}]
    return tmp / "rules", recs, date(2022, 12, 31), []


def _case_rule3(tmp: Path) -> tuple[Path, list[dict[str, Any]], date, list[dict[str, Any]]]:
    doc = directive_doc("ct-1", "bo-x", date(2022, 1, 1), date(2022, 12, 31),
                        [hand.QUARTERLY, hand.HALF, hand.HALF_AND_YEAR,
                         {**obligation_doc("som", ["so-d"], "bo-x", "quarterly", hand.Q15),
                          "early_if_named": True},
                         {**obligation_doc("tu-dau", ["so-d"], "vu-y", "quarterly", hand.Q15),
                          "received_from": "period_start"}])
    rules = write_rules(tmp / "rules", hand.UNITS, hand.GROUPS, [doc])
    recs = [{"id": "e1", "reporter": "so-b", "recipient": "bo-x", "period": "2022-Q2",
             "submitted_on": "2022-05-31"},
            {"id": "e2", "reporter": "so-b", "recipient": "bo-x", "period": "2022-Q2",
             "submitted_on": "2022-06-01"},
            {"id": "e4", "reporter": "so-a", "recipient": "bo-x", "period": "năm 2022",
             "submitted_on": "2022-11-02"},
            {"id": "e5", "reporter": "so-b", "recipient": "bo-x", "submitted_on": "2022-05-31"},
            {"id": "e6", "reporter": "so-d", "recipient": "bo-x", "period": "2022-Q2",
             "submitted_on": "2022-04-20"},
            {"id": "e7", "reporter": "so-d", "recipient": "vu-y", "period": "2022-Q2",
             "submitted_on": "2022-04-20"}]
    return rules, recs, date(2023, 1, 31), []


def _case_rule3_task(tmp: Path) -> tuple[Path, list[dict[str, Any]], date, list[dict[str, Any]]]:
    hand._book(tmp, [hand._task("tong-ket", ["so-b"], "2022-12", covers="2022")])
    base = {"reporter": "so-b", "recipient": "bo-x", "title": "Báo cáo tổng kết năm 2022"}
    recs = [{"id": "oct", **base, "submitted_on": "2022-10-15"},
            {"id": "nov", **base, "submitted_on": "2022-11-15"}]
    return tmp / "rules", recs, date(2023, 2, 1), []


def _case_rule4(tmp: Path) -> tuple[Path, list[dict[str, Any]], date, list[dict[str, Any]]]:
    hand._book(tmp, [hand.QUARTERLY, *hand.RULE4_TASKS])
    recs = [
        *hand.RULE4_RECORDS,
        {"id": "lo", "reporter": "so-b", "recipient": "bo-x", "submitted_on": "2022-06-02",
         "title": "Về công tác thi đua, khen thưởng quý II/2022", "loai": "bao_cao"},
    ]
    return tmp / "rules", recs, date(2022, 7, 1), []


def _case_rule5(tmp: Path) -> tuple[Path, list[dict[str, Any]], date, list[dict[str, Any]]]:
    other = directive_doc("ct-2", "bo-x", date(2022, 1, 1), date(2022, 12, 31),
                          [obligation_doc("quy", ["so-a"], "bo-x", "quarterly", hand.Q15)])
    other["directive"]["subject"] = {"phrases": ["chuyển đổi số"]}
    hand._book(tmp, [obligation_doc("quy", ["so-a"], "bo-x", "quarterly", hand.Q15)],
               more=[other])
    base = {"reporter": "so-a", "recipient": "bo-x"}
    recs = [{"id": "td", **base, "submitted_on": "2022-03-10", "directive": "1/CT-TEST",
             "period": "2022-Q1"},
            {"id": "cds", **base, "submitted_on": "2022-06-11",
             "title": "Báo cáo quý II/2022"}]
    return tmp / "rules", recs, date(2022, 7, 1), []


def _case_rule8(tmp: Path) -> tuple[Path, list[dict[str, Any]], date, list[dict[str, Any]]]:
    ob = obligation_doc("quy", ["syt-thn"], "ubnd-pl", "quarterly", hand.Q15)
    write_rules(tmp / "rules", hand.NAMED_UNITS, [],
                [directive_doc("ct-1", "bo-x", date(2022, 1, 1), None, [ob])],
                abbreviations=hand.ABBREVIATIONS)
    recs = [{"id": "a", "reporter": "Sở Y tế", "recipient": "UBND huyện Phú Lương",
             "period": "2022-Q1", "submitted_on": "2022-03-10"},
            {"id": "b", "reporter": "Sở Y tế", "recipient": "bo-x", "period": "2022-Q1",
             "submitted_on": "2022-03-10"},
            {"id": "c", "reporter": "Sở Nội vụ tỉnh", "recipient": "Ban Chỉ đạo CVĐ huyện Tân "
             "Biên", "period": "2022-Q1", "submitted_on": "2022-03-10"}]
    return tmp / "rules", recs, date(2022, 4, 1), []


def _case_rule10(tmp: Path) -> tuple[Path, list[dict[str, Any]], date, list[dict[str, Any]]]:
    hand._book(tmp, [hand.ADHOC])
    return tmp / "rules", hand.RULE10_RECORDS, date(2022, 7, 1), hand.RULE10_REQUESTS


def _case_rule11(tmp: Path) -> tuple[Path, list[dict[str, Any]], date, list[dict[str, Any]]]:
    hand._book(tmp, [hand.QUANTITY])
    return tmp / "rules", hand.RULE11_RECORDS, date(2022, 7, 1), []


@pytest.mark.parametrize("case", [_case_rule1, _case_rule2, _case_rule3, _case_rule3_task,
                                  _case_rule4, _case_rule5, _case_rule8, _case_rule10,
                                  _case_rule11])
def test_issue14_hand_cases_agree(case: Any, tmp_path: Path) -> None:
    rules_dir, records, as_of, requests = case(tmp_path)
    subs = write_submissions(tmp_path / "s.yaml", records)
    asked = write_submissions(tmp_path / "requests.yaml", requests) if requests else None
    _compare(rules_dir, [subs], as_of, asked)


def test_issue14_register_ids_agree(tmp_path: Path) -> None:
    """A register whose id column is the Số đến, read by both: "2022/012" and "2023/012" are
    two records, not one id twice."""
    hand._book(tmp_path, [obligation_doc("quy", ["so-a"], "bo-x", "quarterly", hand.Q15)])
    reg = tmp_path / "so-den.csv"
    reg.write_text("Số đến;Ngày đến;Tác giả;Nơi nhận;Tên loại và trích yếu nội dung\n"
                   "012;10/03/2022;Sở A Tây Ninh;bo-x;Báo cáo thi đua, khen thưởng quý I/2022\n"
                   "012;07/01/2023;Sở A Tây Ninh;bo-x;Báo cáo thi đua, khen thưởng quý IV/2022\n",
                   encoding="utf-8")
    ev = _compare(tmp_path / "rules", [reg], date(2023, 2, 1))
    assert sorted(s.submission.id for s in ev.submissions) == ["2022/012", "2023/012"]


# ---------------------------------------------------------------------------------------
# Where the engine and the oracle disagreed on generated cases, reduced by hand: each is the
# engine's to fix (the oracle follows the rules of issue 14 and docs/domain.md); they stay here so
# that the engine is checked against the oracle on them until it is.

BUG_UNITS: list[dict[str, Any]] = [{"id": "bo-x", "name": "Bộ X", "kind": "bo"},
                                   {"id": "so-a", "name": "Sở A", "kind": "so"}]


def _bug_year_for_h2(tmp: Path) -> tuple[Path, list[dict[str, Any]], date]:
    """Rule 3: a year report standing for H2 of a plain half-yearly duty is judged by the year
    (first receipt day 1/11): received 20/7/2022 it is no report on 2022, nor on its H2."""
    ob = obligation_doc("nam6", ["so-a"], "bo-x", "semiannual",
                        {"basis": "assumed", "policy": "ngay-20-thang-cuoi-ky"})
    rules = write_rules(tmp / "rules", BUG_UNITS, [],
                        [directive_doc("ct-1", "bo-x", date(2022, 1, 1), None, [ob])])
    return rules, [{"id": "y", "reporter": "so-a", "recipient": "bo-x", "period": "2022",
                    "submitted_on": "2022-07-20"}], date(2023, 1, 31)


def _bug_id_spelled(tmp: Path) -> tuple[Path, list[dict[str, Any]], date]:
    """Rule 8: "Sở Y tế" sent to the UBND of Thái Nguyên is Thái Nguyên's Sở Y tế, not the unit
    whose id, "so-y-te", its letters happen to spell."""
    units = [{"id": "so-y-te", "name": "Sở Y tế tỉnh Tây Ninh", "kind": "so",
              "place": "Tây Ninh", "short": ["Sở Y tế"]},
             {"id": "so-y-te-tn", "name": "Sở Y tế tỉnh Thái Nguyên", "kind": "so",
              "place": "Thái Nguyên", "short": ["Sở Y tế"]},
             {"id": "ubnd-tn", "name": "Ủy ban nhân dân tỉnh Thái Nguyên", "kind": "ubnd",
              "place": "Thái Nguyên"}]
    ob = obligation_doc("quy", ["so-y-te-tn"], "ubnd-tn", "quarterly", hand.Q15)
    rules = write_rules(tmp / "rules", units, [],
                        [directive_doc("ct-1", "ubnd-tn", date(2022, 1, 1), None, [ob])])
    return rules, [{"id": "a", "reporter": "Sở Y tế", "recipient": "ubnd-tn",
                    "period": "2022-Q1", "submitted_on": "2022-03-10"}], date(2022, 4, 1)


def _bug_plan_for_a_report(tmp: Path) -> tuple[Path, list[dict[str, Any]], date]:
    """Rules 4 and 5: a plan fulfils the task that asks for one; the monthly report due from
    the same unit to the same office for the same month is a report, which a plan is not."""
    monthly = obligation_doc("thang", ["so-a"], "bo-x", "monthly",
                             {"basis": "assumed", "policy": "ngay-20-thang-cuoi-ky"})
    task = {"id": "ke-hoach", "summary": "Xây dựng kế hoạch", "kind": "task",
            "reporters": ["so-a"], "recipient": "bo-x", "frequency": "once",
            "windows": ["2022-06"], "deadline": hand.WITHIN,
            "deliverable": {"types": ["ke_hoach"]}, "citation": hand.CITE}
    rules = write_rules(tmp / "rules", BUG_UNITS, [],
                        [directive_doc("ct-1", "bo-x", date(2022, 1, 1), None, [monthly, task])])
    return rules, [{"id": "kh", "reporter": "so-a", "recipient": "bo-x",
                    "submitted_on": "2022-06-03", "document_number": "120/KH-SA",
                    "title": "Kế hoạch thực hiện công tác năm 2022"}], date(2022, 7, 1)


def _bug_same_report_other_subject(tmp: Path) -> tuple[Path, list[dict[str, Any]], date]:
    """Rule 5: ct-1 (thi đua) and ct-2 (chuyển đổi số) demand the same quarterly report of so-a
    to bo-x; a report on ct-1's subject is that one report, and counts for ct-2 as well."""
    docs = []
    for did, phrase in (("ct-1", "thi đua, khen thưởng"), ("ct-2", "chuyển đổi số")):
        doc = directive_doc(did, "bo-x", date(2022, 1, 1), None,
                            [obligation_doc("quy", ["so-a"], "bo-x", "quarterly", hand.Q15)])
        doc["directive"]["subject"] = {"phrases": [phrase]}
        docs.append(doc)
    rules = write_rules(tmp / "rules", BUG_UNITS, [], docs)
    return rules, [{"id": "td", "reporter": "so-a", "recipient": "bo-x",
                    "submitted_on": "2022-03-10",
                    "title": "Báo cáo công tác thi đua, khen thưởng quý I/2022"}], date(2022, 4, 1)


def _bug_second_via_gone(tmp: Path) -> tuple[Path, list[dict[str, Any]], date]:
    """Routes: a via unit that ceased with nobody after it is passed through no more — the
    second of two (vp-2, gone on 28/2) as much as the first; a Q2 report sent to it in June is
    not routed."""
    units = [*BUG_UNITS, {"id": "vp-1", "name": "Văn phòng 1", "kind": "vp"},
             {"id": "vp-2", "name": "Văn phòng 2", "kind": "vp", "valid_to": date(2022, 2, 28)}]
    ob = {**obligation_doc("quy", ["so-a"], "bo-x", "quarterly", hand.Q15),
          "via": ["vp-1", "vp-2"]}
    rules = write_rules(tmp / "rules", units, [],
                        [directive_doc("ct-1", "bo-x", date(2022, 1, 1), None, [ob])])
    return rules, [{"id": "a", "reporter": "so-a", "recipient": "vp-2", "period": "2022-Q2",
                    "submitted_on": "2022-06-10"}], date(2022, 7, 1)


def _bug_reply_naming_its_quarter(tmp: Path) -> tuple[Path, list[dict[str, Any]], date,
                                                         list[dict[str, Any]]]:
    """Rules 3 and 10: a reply naming "2022-Q2", received 10/5 after the request of 2/5, answers
    it; a request's first receipt day is the request's date, not the named quarter's 1/6 (the
    quarter does not "stand for" the request the way a year stands for its H2)."""
    adhoc = {"id": "dot-xuat", "summary": "Báo cáo đột xuất", "kind": "ad_hoc",
             "reporters": ["so-a"], "recipient": "bo-x", "frequency": "ad_hoc",
             "citation": hand.CITE}
    rules = write_rules(tmp / "rules", BUG_UNITS, [],
                        [directive_doc("ct-1", "bo-x", date(2022, 1, 1), None, [adhoc])])
    return rules, [{"id": "a2", "reporter": "so-a", "recipient": "bo-x", "period": "2022-Q2",
                    "submitted_on": "2022-05-10"}], date(2022, 7, 1), [
        {"id": "r2", "directive": "ct-1", "obligation": "dot-xuat", "reporter": "so-a",
         "requested_on": "2022-05-02", "due": "2022-05-16"}]


def _reply_beside_a_task(tmp: Path, deliverable: dict[str, Any]) -> tuple[
        Path, list[dict[str, Any]], date, list[dict[str, Any]]]:
    adhoc = {"id": "dot-xuat", "summary": "Báo cáo đột xuất", "kind": "ad_hoc",
             "reporters": ["so-a"], "recipient": "bo-x", "frequency": "ad_hoc",
             "citation": hand.CITE}
    task = {"id": "ke-hoach", "summary": "Xây dựng kế hoạch", "kind": "task",
            "reporters": ["so-a"], "recipient": "bo-x", "frequency": "once",
            "windows": ["2022-Q3"], "deadline": hand.WITHIN,
            "deliverable": deliverable, "citation": hand.CITE}
    doc = directive_doc("ct-1", "bo-x", date(2022, 1, 1), None, [task, adhoc])
    doc["directive"]["subject"] = {"phrases": ["thi đua, khen thưởng"]}
    rules = write_rules(tmp / "rules", BUG_UNITS, [], [doc])
    return rules, [{"id": "a", "reporter": "so-a", "recipient": "bo-x", "period": "2022-Q3",
                    "submitted_on": "2022-06-12",
                    "title": "Báo cáo thi đua, khen thưởng quý III/2022"}], date(2022, 6, 12), [
        {"id": "r1", "directive": "ct-1", "obligation": "dot-xuat", "reporter": "so-a",
         "requested_on": "2022-01-04", "due": "2022-01-04"}]


def _bug_reply_beside_a_plan(tmp: Path) -> tuple[Path, list[dict[str, Any]], date,
                                                     list[dict[str, Any]]]:
    """Rules 4 and 10: a report naming Q3 on the plan's subject, from a unit asked for one
    on 4/1, answers that request: the plan the unit also owes for Q3 is not a report it
    could be, so it does not hold the reply back."""
    return _reply_beside_a_task(tmp, {"types": ["ke_hoach"]})


def _bug_reply_beside_a_script(tmp: Path) -> tuple[Path, list[dict[str, Any]], date,
                                                       list[dict[str, Any]]]:
    """The same beside a task whose product is a report on its "kịch bản": a report that
    does not name it is not that product, so it does not hold the reply back either."""
    return _reply_beside_a_task(tmp, {"words": ["kịch bản"]})


@pytest.mark.parametrize("case", [_bug_year_for_h2, _bug_id_spelled, _bug_plan_for_a_report,
                                  _bug_same_report_other_subject, _bug_second_via_gone,
                                  _bug_reply_naming_its_quarter, _bug_reply_beside_a_plan,
                                  _bug_reply_beside_a_script])
def test_issue14_reduced_disagreements(case: Any, tmp_path: Path) -> None:
    rules_dir, records, as_of, *asked = case(tmp_path)
    requests = write_submissions(tmp_path / "r.yaml", asked[0]) if asked else None
    _compare(rules_dir, [write_submissions(tmp_path / "s.yaml", records)], as_of, requests)
