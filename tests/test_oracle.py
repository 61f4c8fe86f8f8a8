"""The oracle against hand-worked cases: if the oracle is wrong, comparing with it proves nothing.

Every expected value below was worked out by hand from docs/domain.md#deadlines and a wall calendar
(1 January 2022 was a Saturday), not copied from any program's output.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests import oracle
from tests._gen import directive_doc, obligation_doc, write_rules
from tests.oracle import (
    ODeadline,
    WorkDays,
    due_date,
    half,
    month,
    parse_date,
    parse_period,
    quarter,
    year,
)


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2022", "2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("năm 2022", "2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("2022-H1", "2022-H1", date(2022, 1, 1), date(2022, 6, 30)),
        ("6 tháng đầu năm 2022", "2022-H1", date(2022, 1, 1), date(2022, 6, 30)),
        ("06 tháng cuối năm 2022", "2022-H2", date(2022, 7, 1), date(2022, 12, 31)),
        ("2022-Q3", "2022-Q3", date(2022, 7, 1), date(2022, 9, 30)),
        ("quý III/2022", "2022-Q3", date(2022, 7, 1), date(2022, 9, 30)),
        ("Quý 3 năm 2022", "2022-Q3", date(2022, 7, 1), date(2022, 9, 30)),
        ("QUÝ I/2022", "2022-Q1", date(2022, 1, 1), date(2022, 3, 31)),
        ("2022-02", "2022-02", date(2022, 2, 1), date(2022, 2, 28)),
        ("tháng 4/2022", "2022-04", date(2022, 4, 1), date(2022, 4, 30)),
        ("nam 2022", "2022", date(2022, 1, 1), date(2022, 12, 31)),  # typed without marks
        ("6 thang cuoi nam 2022", "2022-H2", date(2022, 7, 1), date(2022, 12, 31)),
        ("H1/2022", "2022-H1", date(2022, 1, 1), date(2022, 6, 30)),
    ],
)
def test_parse_period(text: str, label: str, start: date, end: date) -> None:
    p = parse_period(text)
    assert (p.label, p.start, p.end) == (label, start, end)


def test_parse_period_int_from_yaml() -> None:
    assert parse_period(2022) == year(2022)


@pytest.mark.parametrize("text", ["2022-Q5", "2022-13", "quý V/2022", "sáu tháng", ""])
def test_parse_period_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="not a period"):
        parse_period(text)


@pytest.mark.parametrize(
    "text", ["2022-06-14", "14/6/2022", "14/06/2022", "ngày 14 tháng 6 năm 2022"]
)
def test_parse_date_forms(text: str) -> None:
    assert parse_date(text) == date(2022, 6, 14)


@pytest.mark.parametrize("text", ["2022-02-30", "32/01/2022", "hôm qua"])
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


def test_periods_owed_overlap_in_force() -> None:
    ob = oracle.OObligation("d", "o", "periodic", frozenset({"a"}), "r", None, "quarterly",
                            ODeadline("by", 1, "last"), "received",
                            date(2022, 3, 10), date(2022, 8, 1))
    assert [p.label for p in ob.periods(date(2023, 1, 1))] == ["2022-Q1", "2022-Q2", "2022-Q3"]
    assert [p.label for p in ob.periods(date(2022, 4, 1))] == ["2022-Q1", "2022-Q2"]
    assert ob.owes(quarter(2022, 1))
    assert not ob.owes(quarter(2022, 4))
    assert not ob.owes(half(2022, 1))


CAL = WorkDays()


@pytest.mark.parametrize(
    ("dl", "period", "due"),
    [
        # "trước ngày 15 của tháng cuối quý": 14 March 2022 is a Monday
        (ODeadline("before", 15, "last"), quarter(2022, 1), date(2022, 3, 14)),
        (ODeadline("before", 15, "last"), quarter(2022, 3), date(2022, 9, 14)),
        # "chậm nhất ngày 10 tháng 4": Sun 10/4 Giỗ Tổ, Mon 11/4 nghỉ bù -> Tue 12/4
        (ODeadline("by", 10, 4), year(2022), date(2022, 4, 12)),
        # 31/1/2022 Tết eve, 1–4/2 Tết, 5–6/2 weekend -> Mon 7/2
        (ODeadline("by", 31, 1), year(2022), date(2022, 2, 7)),
        # 1–2/9 Quốc khánh (Thu, Fri), weekend -> Mon 5/9
        (ODeadline("by", 1, 9), year(2022), date(2022, 9, 5)),
        # "trước ngày 1 tháng sau": 30 June (Thursday)
        (ODeadline("before", 1, "next"), quarter(2022, 2), date(2022, 6, 30)),
        # the year's report, "ngày 10 tháng sau" = 10/1/2023, a Tuesday
        (ODeadline("by", 10, "next"), year(2022), date(2023, 1, 10)),
        # assumed policy: 20th of the last month; 20/3/2022 is a Sunday -> Monday 21/3
        (ODeadline("by", 20, "last"), quarter(2022, 1), date(2022, 3, 21)),
        (ODeadline("by", 20, "last"), half(2022, 1), date(2022, 6, 20)),
        # within: the period's last day; 31/12/2022 Saturday, 1/1 Sunday, 2/1/2023 nghỉ bù
        (ODeadline("within"), year(2022), date(2023, 1, 3)),
        # a day beyond the month's end is read as its last day: 30 Feb -> 28 Feb (Monday)
        (ODeadline("by", 30, "last"), month(2022, 2), date(2022, 2, 28)),
    ],
)
def test_due_date(dl: ODeadline, period: oracle.OPeriod, due: date) -> None:
    assert due_date(dl, period, CAL) == due


def test_adjustments_win_over_the_package() -> None:
    cal = WorkDays(days_off=[date(2022, 6, 15)], working_days=[date(2022, 1, 8)])
    assert due_date(ODeadline("by", 15, "last"), quarter(2022, 2), cal) == date(2022, 6, 16)
    assert due_date(ODeadline("by", 8, 1), year(2022), cal) == date(2022, 1, 8)  # làm bù Sat
    assert due_date(ODeadline("by", 8, 1), year(2022), CAL) == date(2022, 1, 10)


UNITS: list[dict[str, Any]] = [
    {"id": "bo-x", "name": "Bộ X", "kind": "bo"},
    {"id": "vu-y", "name": "Vụ Y", "kind": "vu"},
    {"id": "so-a", "name": "Sở A tỉnh Tây Ninh", "kind": "so", "place": "Tây Ninh",
     "short": ["Sở A"]},
    {"id": "so-b", "name": "Sở B tỉnh Tây Ninh", "kind": "so"},
    {"id": "so-c", "name": "Sở C tỉnh Tây Ninh", "kind": "so", "valid_to": date(2022, 5, 31)},
    {"id": "so-d", "name": "Sở Đông", "kind": "so"},
]
GROUPS = [{"id": "nhom", "name": "Nhóm", "members": ["so-a", "so-b", "so-c"]}]
QUARTERLY = obligation_doc(
    "quy", ["nhom"], "bo-x", "quarterly",
    {"basis": "stated", "day": 15, "month": "last", "reading": "before",
     "words": "trước ngày 15 của tháng cuối quý"},
    via="vu-y",
)
HALF = obligation_doc("nam6", ["so-a"], "bo-x", "semiannual",
                      {"basis": "assumed", "policy": "ngay-20-thang-cuoi-ky"})
HALF_AND_YEAR = obligation_doc(
    "sa", ["so-b"], "bo-x", "semiannual_and_annual",
    {"basis": "stated", "day": 10, "month": "next", "reading": "by", "words": "ngày 10"},
)


@pytest.fixture
def rules(tmp_path: Path) -> oracle.ORules:
    doc = directive_doc("ct-1", "bo-x", date(2022, 1, 1), date(2022, 12, 31),
                        [QUARTERLY, HALF, HALF_AND_YEAR])
    return oracle.load_rules(write_rules(tmp_path / "rules", UNITS, GROUPS, [doc]))


RECORDS: list[dict[str, Any]] = [
    {"id": "s1", "reporter": "so-a", "recipient": "vu-y", "period": "2022-Q1",
     "submitted_on": "2022-03-14"},
    {"id": "s2", "reporter": "so-a", "recipient": "bo-x", "period": "2022-Q1",
     "submitted_on": "2022-03-10"},
    {"id": "s3", "reporter": "so-b", "recipient": "Bộ X", "period": "2022-Q2",
     "submitted_on": "20/6/2022"},
    {"id": "s4", "reporter": "so-b", "recipient": "so-a", "period": "2022-Q3",
     "submitted_on": "2022-09-01"},
    {"id": "s5", "reporter": "Sở Không Tồn Tại", "recipient": "bo-x", "period": "2022-Q3",
     "submitted_on": "2022-09-01"},
    {"id": "s6", "reporter": "so-a", "recipient": "bo-x", "period": "2022-Q2",
     "submitted_on": "2022-02-30"},
    {"id": "s7", "reporter": "so-d", "recipient": "bo-x", "period": "2022-Q1",
     "submitted_on": "2022-03-01"},
    {"id": "s8", "reporter": "so-a", "recipient": "bo-x", "period": "năm 2022",
     "submitted_on": "2022-12-19"},
    {"id": "s9", "reporter": "so-b", "recipient": "bo-x", "period": "6 tháng cuối năm 2022",
     "submitted_on": "2022-12-19"},
    {"id": "s10", "reporter": "so-b", "recipient": "bo-x", "period": 2022,
     "submitted_on": "ngày 9 tháng 1 năm 2023"},
    {"id": "s11", "reporter": "Sở A Tây Ninh", "recipient": "VU Y", "period": "quý IV/2022",
     "submitted_on": "14/12/2022"},
    {"id": "s12", "reporter": "so-c", "recipient": "bo-x", "period": "2022-Q2",
     "submitted_on": "2022-07-01"},
    {"id": "s13", "reporter": "so-b", "recipient": "bo-x", "period": "2022-Q5",
     "submitted_on": "2022-07-01"},
    {"id": "s14", "reporter": "So Dong", "recipient": "bo-x", "submitted_on": "2022-07-01",
     "period": "2022-Q2"},
]


def test_dispositions(rules: oracle.ORules) -> None:
    res = oracle.evaluate(rules, RECORDS, date(2023, 2, 1), date(2022, 1, 1))
    assert res.dispositions == {
        "s1": "duplicate",  # the same Q1 report arrived earlier as s2 (via counts too)
        "s2": "matched",
        "s3": "matched",
        "s4": "unmatched",  # owed to bo-x, sent to so-a, naming no subject: which report?
        "s5": "unknown_unit",
        "s6": "invalid",
        "s7": "unmatched",  # so-d owes nothing
        "s8": "matched",  # the annual report stands for nam6's H2
        "s9": "unmatched",  # "6 tháng và năm" has no H2 report
        "s10": "matched",
        "s11": "matched",  # short name + place, case-folded via name
        "s12": "matched",
        "s13": "invalid",
        "s14": "unmatched",  # "So Dong" resolves to so-d without diacritics
    }
    assert res.satisfies["s8"] == {("ct-1", "nam6", "so-a", "2022-H2")}
    assert "s1" not in res.satisfies


def test_verdicts(rules: oracle.ORules) -> None:
    res = oracle.evaluate(rules, RECORDS, date(2023, 2, 1), date(2022, 1, 1))
    got = {k[1:]: (v.verdict, v.days_late, v.days_overdue, v.submission)
           for k, v in res.instances.items()}
    assert got == {
        ("quy", "so-a", "2022-Q1"): ("on_time", 0, 0, "s2"),
        ("quy", "so-a", "2022-Q2"): ("overdue", 0, 232, None),
        ("quy", "so-a", "2022-Q3"): ("overdue", 0, 140, None),
        ("quy", "so-a", "2022-Q4"): ("on_time", 0, 0, "s11"),
        ("quy", "so-b", "2022-Q1"): ("overdue", 0, 324, None),
        ("quy", "so-b", "2022-Q2"): ("late", 6, 0, "s3"),
        ("quy", "so-b", "2022-Q3"): ("overdue", 0, 140, None),
        ("quy", "so-b", "2022-Q4"): ("overdue", 0, 49, None),
        ("quy", "so-c", "2022-Q1"): ("overdue", 0, 324, None),  # still existed on 14/3
        ("quy", "so-c", "2022-Q2"): ("late", 17, 0, "s12"),  # gone, but it did report
        # so-c ceased on 31/5 with no successor: Q3 and Q4 start after, so are never owed
        ("nam6", "so-a", "2022-H1"): ("overdue", 0, 226, None),
        ("nam6", "so-a", "2022-H2"): ("on_time", 0, 0, "s8"),
        ("sa", "so-b", "2022-H1"): ("overdue", 0, 205, None),
        ("sa", "so-b", "2022"): ("on_time", 0, 0, "s10"),
    }
    assert res.instances[("ct-1", "sa", "so-b", "2022")].due == date(2023, 1, 10)


def test_pending_and_not_yet_started(rules: oracle.ORules) -> None:
    res = oracle.evaluate(rules, [], date(2022, 6, 1), date(2022, 1, 1))
    got = {k[1:]: (v.verdict, v.days_overdue) for k, v in res.instances.items()}
    assert got == {
        ("quy", "so-a", "2022-Q1"): ("overdue", 79),
        ("quy", "so-b", "2022-Q1"): ("overdue", 79),
        ("quy", "so-c", "2022-Q1"): ("overdue", 79),
        ("quy", "so-a", "2022-Q2"): ("pending", 0),
        ("quy", "so-b", "2022-Q2"): ("pending", 0),
        ("quy", "so-c", "2022-Q2"): ("exempt", 0),  # due 14/6, unit gone after 31/5
        ("nam6", "so-a", "2022-H1"): ("pending", 0),
        ("sa", "so-b", "2022-H1"): ("pending", 0),
        ("sa", "so-b", "2022"): ("pending", 0),
    }
    assert res.dispositions == {}


def test_due_day_itself_is_on_time(rules: oracle.ORules) -> None:
    rec = {"id": "x", "reporter": "so-b", "recipient": "bo-x", "period": "2022-Q1"}
    on_due = oracle.evaluate(rules, [{**rec, "submitted_on": "2022-03-14"}],
                             date(2022, 4, 1), date(2022, 1, 1))
    day_after = oracle.evaluate(rules, [{**rec, "submitted_on": "2022-03-15"}],
                                date(2022, 4, 1), date(2022, 1, 1))
    key = ("ct-1", "quy", "so-b", "2022-Q1")
    assert on_due.instances[key].verdict == "on_time"
    assert (day_after.instances[key].verdict, day_after.instances[key].days_late) == ("late", 1)


def test_same_day_tie_goes_to_the_earlier_record(rules: oracle.ORules) -> None:
    rec = {"reporter": "so-b", "recipient": "bo-x", "period": "2022-Q1",
           "submitted_on": "2022-03-01"}
    res = oracle.evaluate(rules, [{"id": "b", **rec}, {"id": "a", **rec}],
                          date(2022, 4, 1), date(2022, 1, 1))
    assert res.dispositions == {"b": "matched", "a": "duplicate"}


def test_missing_required_field_is_invalid(rules: oracle.ORules) -> None:
    rec = {"id": "x", "reporter": "so-b", "period": "2022-Q1", "submitted_on": "2022-03-01"}
    res = oracle.evaluate(rules, [rec], date(2022, 4, 1), date(2022, 1, 1))
    assert res.dispositions == {"x": "invalid"}


def test_resolve_refuses_ambiguous_names() -> None:
    units = {
        "a": oracle.OUnit("a", "Sở Nội vụ tỉnh A", aliases=("Sở Nội vụ",)),
        "b": oracle.OUnit("b", "Sở Nội vụ tỉnh B", aliases=("Sở Nội vụ",)),
    }
    assert oracle.resolve("so noi vu tinh a", units) == "a"
    assert oracle.resolve("Sở Nội vụ", units) is None
    assert oracle.resolve("", units) is None


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Báo cáo kết quả thực hiện phong trào thi đua quý II/2022", "2022-Q2"),
        ("Báo cáo kết quả tuyên truyền Cuộc vận động 6 tháng đầu năm 2022", "2022-H1"),
        ("Bao cao ket qua thuc hien phong trao thi dua quy II nam 2022", "2022-Q2"),
        ("Báo cáo kết quả công tác năm 2022", "2022"),
        ("Báo cáo năm 2022 và kế hoạch năm 2023", None),  # two periods: never guess
        ("Báo cáo kết quả tuyên truyền trên Báo Thái Nguyên", None),
    ],
)
def test_period_in_title(title: str, label: str | None) -> None:
    p = oracle.period_in_title(title)
    assert (p.label if p else None) == label


def test_register_csv_with_vietnamese_headers(tmp_path: Path) -> None:
    f = tmp_path / "so-den.csv"
    f.write_text("Mã;Số, ký hiệu;Đơn vị gửi;Nơi nhận;Ngày đến;Kỳ báo cáo;Trích yếu\n"
                 "a1;12/BC;Sở A;Bộ X;15/6/2022;;Báo cáo quý II/2022\n", encoding="utf-8")
    assert oracle.read_records([tmp_path]) == [{
        "id": "a1", "document_number": "12/BC", "reporter": "Sở A", "recipient": "Bộ X",
        "submitted_on": "15/6/2022", "period": "", "title": "Báo cáo quý II/2022",
    }]


def test_title_gives_the_period(rules: oracle.ORules) -> None:
    rec = {"id": "t", "reporter": "so-b", "recipient": "bo-x", "submitted_on": "2022-06-01",
           "title": "Báo cáo kết quả quý II/2022"}
    res = oracle.evaluate(rules, [rec], date(2022, 7, 1), date(2022, 1, 1))
    assert res.dispositions == {"t": "matched"}
    assert res.instances[("ct-1", "quy", "so-b", "2022-Q2")].submission == "t"


def test_a_report_naming_no_period_is_about_one_period(rules: oracle.ORules) -> None:
    """Due dates: quy Q1 14/3, Q2 14/6 (Tue), nam6 H1 20/6 (Mon), sa H1 "ngày 10 tháng sau"
    10/7 (Sun) -> Mon 11/7.
    - n, so-b, 1/6: Q2 is 13 days on, sa H1 40, Q1 79 back: Q2, on time — and only Q2;
    - m, so-a, 17/6: Q2 3 days back, nam6 H1 3 days on: the earlier due date, Q2, 3 days late;
      nam6 H1 stays overdue, 11 days on 1/7;
    - e, so-b to so-d (owed nothing), 5/7: nothing its recipient receives; of the rest sa H1
      (6 days on) is nearest; with no title it names no subject: unmatched."""
    recs = [{"id": "n", "reporter": "so-b", "recipient": "bo-x", "submitted_on": "2022-06-01"},
            {"id": "m", "reporter": "so-a", "recipient": "bo-x", "submitted_on": "2022-06-17"},
            {"id": "e", "reporter": "so-b", "recipient": "so-d", "submitted_on": "2022-07-05"}]
    res = oracle.evaluate(rules, recs, date(2022, 7, 1), date(2022, 1, 1))
    assert res.undecided == frozenset()
    assert res.dispositions == {"n": "matched", "m": "matched", "e": "received_later"}
    assert res.satisfies == {"n": {("ct-1", "quy", "so-b", "2022-Q2")},
                             "m": {("ct-1", "quy", "so-a", "2022-Q2")}}
    got = {k[1:]: (v.verdict, v.days_late, v.days_overdue) for k, v in res.instances.items()
           if k[3] in ("2022-Q2", "2022-H1")}
    assert got[("quy", "so-a", "2022-Q2")] == ("late", 3, 0)
    assert got[("nam6", "so-a", "2022-H1")] == ("overdue", 0, 11)
    assert got[("sa", "so-b", "2022-H1")] == ("pending", 0, 0)
    later = oracle.evaluate(rules, recs, date(2022, 7, 10), date(2022, 1, 1))
    assert later.dispositions["e"] == "unmatched"
    assert "e" not in later.satisfies


def test_a_title_with_a_period_the_oracle_cannot_read_stays_undecided(
    rules: oracle.ORules,
) -> None:
    """"năm 2022 và kế hoạch năm 2023" names two periods: the oracle does not choose."""
    recs = [{"id": "t", "reporter": "so-b", "recipient": "bo-x", "submitted_on": "2022-12-20",
             "title": "Báo cáo năm 2022 và kế hoạch năm 2023"},
            {"id": "o", "reporter": "so-a", "recipient": "bo-x", "submitted_on": "2022-06-01",
             "period": "2022-Q2"}]
    res = oracle.evaluate(rules, recs, date(2023, 1, 1), date(2022, 1, 1))
    assert (res.undecided, res.uncertain_reporters) == ({"t"}, {"so-b"})
    assert res.dispositions == {"o": "matched"}


@pytest.mark.parametrize(
    ("named", "disposition"),
    [
        ({"obligation": "quy"}, "matched"),
        ({"directive": "1/ct-test"}, "matched"),  # the number as written, any case
        ({"directive": "ct-1", "obligation": "quy"}, "matched"),
        ({"obligation": "nam6"}, "unmatched"),  # so-b owes nam6 nothing
        ({"obligation": "khong-co"}, "invalid"),
        ({"directive": "9/CT-Y"}, "unmatched"),  # a text the rules do not hold
    ],
)
def test_named_directive_or_obligation(
    rules: oracle.ORules, named: dict[str, str], disposition: str
) -> None:
    rec = {"id": "n", "reporter": "so-b", "recipient": "bo-x", "submitted_on": "2022-06-01",
           "period": "2022-Q2", **named}
    res = oracle.evaluate(rules, [rec], date(2022, 7, 1), date(2022, 1, 1))
    assert res.dispositions == {"n": disposition}


def test_sending_date_counts_where_the_rule_says_so(tmp_path: Path) -> None:
    sent = obligation_doc("quy", ["so-b"], "bo-x", "quarterly",
                          {"basis": "stated", "day": 15, "month": "last", "reading": "by",
                           "words": "chậm nhất ngày 15"}, counts="sent")
    doc = directive_doc("ct-1", "bo-x", date(2022, 1, 1), None, [sent])
    rules = oracle.load_rules(write_rules(tmp_path / "r", UNITS, GROUPS, [doc]))
    rec = {"id": "s", "reporter": "so-b", "recipient": "bo-x", "period": "2022-Q1",
           "submitted_on": "2022-03-18", "sent_on": "2022-03-15"}
    got = oracle.evaluate(rules, [rec], date(2022, 4, 1), date(2022, 1, 1))
    v = got.instances[("ct-1", "quy", "so-b", "2022-Q1")]
    assert (v.verdict, v.received, v.due) == ("on_time", date(2022, 3, 15), date(2022, 3, 15))


# ---------------------------------------------------------------------------------------
# Subjects, schedules, successors, receipts after the as-of date (worked by hand)

SUBJECT = {"phrases": ["thi đua, khen thưởng"]}


@pytest.fixture
def subject_rules(tmp_path: Path) -> oracle.ORules:
    ob = obligation_doc("quy", ["so-a", "so-b"], "bo-x", "quarterly",
                        {"basis": "stated", "day": 15, "month": "last", "reading": "before",
                         "words": "trước ngày 15 của tháng cuối quý"}, via="vu-y")
    doc = directive_doc("ct-1", "bo-x", date(2022, 1, 1), date(2022, 12, 31), [ob])
    doc["directive"]["subject"] = SUBJECT
    return oracle.load_rules(write_rules(tmp_path / "rules", UNITS, GROUPS, [doc]))


@pytest.mark.parametrize(
    ("title", "recipient", "disposition"),
    [
        ("Báo cáo công tác thi đua, khen thưởng quý I/2022", "bo-x", "matched"),
        ("Báo cáo tình hình kinh tế - xã hội quý I/2022", "bo-x", "unmatched"),  # other subject
        ("Báo cáo kết quả quý I/2022", "bo-x", "matched"),  # says nothing: not checked
        ("Báo cáo thực hiện Chỉ thị 1/CT-TEST quý I/2022", "bo-x", "matched"),  # its number
        ("Báo cáo thực hiện Kế hoạch 9/KH-UBND quý I/2022", "bo-x", "unmatched"),
        ("Báo cáo công tác thi đua, khen thưởng quý I/2022", "so-d", "misrouted"),
        ("Báo cáo tình hình kinh tế - xã hội quý I/2022", "so-d", "unmatched"),
        ("Báo cáo kết quả quý I/2022", "so-d", "unmatched"),  # no subject to be misrouted
    ],
)
def test_a_report_counts_only_on_its_subject(
    subject_rules: oracle.ORules, title: str, recipient: str, disposition: str
) -> None:
    rec = {"id": "t", "reporter": "so-a", "recipient": recipient, "submitted_on": "2022-03-10",
           "title": title}
    res = oracle.evaluate(subject_rules, [rec], date(2022, 4, 1), date(2022, 1, 1))
    assert res.dispositions == {"t": disposition}
    verdict = res.instances[("ct-1", "quy", "so-a", "2022-Q1")].verdict
    assert verdict == ("on_time" if disposition == "matched" else "overdue")


def test_another_subject_does_not_take_the_place_of_the_real_report(
    subject_rules: oracle.ORules,
) -> None:
    """The socio-economic report arrives first; the campaign report a day later still counts
    (on time: due 14/3/2022) and is not a duplicate."""
    base = {"reporter": "so-a", "recipient": "bo-x", "period": "2022-Q1"}
    recs = [{"id": "ktxh", **base, "submitted_on": "2022-03-09",
             "title": "Báo cáo tình hình kinh tế - xã hội quý I/2022"},
            {"id": "tdkt", **base, "submitted_on": "2022-03-10",
             "title": "Báo cáo công tác thi đua, khen thưởng quý I/2022"}]
    res = oracle.evaluate(subject_rules, recs, date(2022, 4, 1), date(2022, 1, 1))
    assert res.dispositions == {"ktxh": "unmatched", "tdkt": "matched"}
    assert res.instances[("ct-1", "quy", "so-a", "2022-Q1")].submission == "tdkt"


def test_a_receipt_after_the_as_of_date_is_outside_the_run(
    subject_rules: oracle.ORules,
) -> None:
    rec = {"id": "x", "reporter": "so-a", "recipient": "bo-x", "period": "2022-Q1",
           "submitted_on": "2022-04-10"}
    res = oracle.evaluate(subject_rules, [rec], date(2022, 4, 1), date(2022, 1, 1))
    assert res.dispositions == {"x": "received_later"}
    assert res.instances[("ct-1", "quy", "so-a", "2022-Q1")].verdict == "overdue"


def test_nd09_schedule_of_four_reports(tmp_path: Path) -> None:
    """[Q1, H1, 9M, Y], each "trước ngày 15 của tháng cuối kỳ" (the 14th): 14/3, 14/6,
    14/9 (Wed), 14/12/2022 (Wed). A "9 tháng đầu năm" report fulfils the 9M report only."""
    ob = obligation_doc("nd09", ["so-a"], "bo-x", "quarterly",
                        {"basis": "stated", "day": 15, "month": "last", "reading": "before",
                         "words": "trước ngày 15 của tháng cuối kỳ"})
    del ob["frequency"]
    ob["schedule"] = ["Q1", "H1", "9M", "Y"]
    doc = directive_doc("ct-1", "bo-x", date(2022, 1, 1), date(2022, 12, 31), [ob])
    rules = oracle.load_rules(write_rules(tmp_path / "rules", UNITS, GROUPS, [doc]))
    rec = {"id": "9m", "reporter": "so-a", "recipient": "bo-x", "submitted_on": "2022-09-12",
           "title": "Báo cáo kết quả 9 tháng đầu năm 2022"}
    res = oracle.evaluate(rules, [rec], date(2023, 1, 1), date(2022, 1, 1))
    got = {k[3]: (v.verdict, v.due) for k, v in res.instances.items()}
    assert got == {
        "2022-Q1": ("overdue", date(2022, 3, 14)),
        "2022-H1": ("overdue", date(2022, 6, 14)),
        "2022-9M": ("on_time", date(2022, 9, 14)),
        "2022": ("overdue", date(2022, 12, 14)),
    }


def test_a_successor_owes_after_the_merger(tmp_path: Path) -> None:
    """so-m ceased on 28/2 with successor so-n: the Q1 report (due 14/3) is so-n's; so-m's
    own name on a report received 10/3 counts for so-n."""
    units = [*UNITS,
             {"id": "so-m", "name": "Sở M", "kind": "so", "valid_to": date(2022, 2, 28),
              "successor": "so-n"},
             {"id": "so-n", "name": "Sở N", "kind": "so"}]
    ob = obligation_doc("quy", ["so-m"], "bo-x", "quarterly",
                        {"basis": "stated", "day": 15, "month": "last", "reading": "before",
                         "words": "trước ngày 15"})
    doc = directive_doc("ct-1", "bo-x", date(2022, 1, 1), date(2022, 12, 31), [ob])
    rules = oracle.load_rules(write_rules(tmp_path / "rules", units, GROUPS, [doc]))
    rec = {"id": "m", "reporter": "Sở M", "recipient": "bo-x", "submitted_on": "2022-03-10",
           "period": "2022-Q1"}
    res = oracle.evaluate(rules, [rec], date(2022, 4, 1), date(2022, 1, 1))
    assert set(res.instances) == {("ct-1", "quy", "so-n", "2022-Q1"),
                                  ("ct-1", "quy", "so-n", "2022-Q2")}  # Q2 began 1/4
    assert res.instances[("ct-1", "quy", "so-n", "2022-Q1")].submission == "m"


# ---------------------------------------------------------------------------------------
# Issue 14, rule by rule (worked by hand: 2022-03-14 is a Monday, 06-14 a Tuesday, 09-14 and
# 12-14 Wednesdays; "trước ngày 15 của tháng cuối quý" is the 14th)

Q15 = {"basis": "stated", "day": 15, "month": "last", "reading": "before",
       "words": "trước ngày 15 của tháng cuối quý"}
WITHIN = {"basis": "stated", "reading": "within", "words": "Thời gian thực hiện"}
CITE = {"section": "1", "text": "..."}


def _book(tmp: Path, obligations: list[dict[str, Any]], units: list[dict[str, Any]] = UNITS,
          groups: list[dict[str, Any]] = GROUPS, more: Sequence[dict[str, Any]] = (),
          **registry: Any) -> oracle.ORules:
    doc = directive_doc("ct-1", "bo-x", date(2022, 1, 1), date(2022, 12, 31), obligations)
    doc["directive"]["subject"] = SUBJECT
    return oracle.load_rules(write_rules(tmp / "rules", units, groups, [doc, *more], **registry))


def _task(oid: str, reporters: list[str], window: str, **extra: Any) -> dict[str, Any]:
    return {"id": oid, "summary": f"Nhiệm vụ {oid}", "kind": "task", "reporters": reporters,
            "recipient": "bo-x", "frequency": "once", "windows": [window], "deadline": WITHIN,
            **extra, "citation": CITE}


def _verdicts(res: oracle.OResult) -> dict[tuple[str, str, str], tuple[str, str | None]]:
    return {k[1:]: (v.verdict, v.submission) for k, v in res.instances.items()}


# 1. An activity asks for no report.

# The data of the hand-worked cases of rules 4, 10 and 11: tests/test_engine_properties.py
# runs the same cases through the engine.
RULE4_TASKS = [_task("ke-hoach", ["so-a"], "2022-Q1", deliverable={"types": ["ke_hoach"]}),
         _task("kich-ban", ["so-a"], "2022-Q2", deliverable={"words": ["kịch bản"]})]
RULE4_RECORDS: list[dict[str, Any]] = [
    {"id": "gm", "reporter": "so-b", "recipient": "bo-x", "submitted_on": "2022-03-10",
     "title": "Giấy mời dự hội nghị sơ kết quý I/2022"},
    {"id": "gm2", "reporter": "Sở Không Tồn Tại", "recipient": "bo-x",
     "submitted_on": "2022-03-10", "title": "Giấy mời dự hội nghị"},
    {"id": "cv", "reporter": "so-b", "recipient": "bo-x", "submitted_on": "2022-03-11",
     "title": "V/v báo cáo kết quả thi đua, khen thưởng quý I/2022",
     "document_number": "1200/SB-VP"},
    {"id": "bc", "reporter": "so-a", "recipient": "vu-y", "submitted_on": "2022-03-12",
     "period": "2022-Q1", "document_number": "310-BC/BTGTU"},
    {"id": "kh", "reporter": "so-a", "recipient": "bo-x", "submitted_on": "2022-02-10",
     "title": "Kế hoạch thực hiện công tác thi đua, khen thưởng năm 2022",
     "document_number": "12/KH-SA"},
    {"id": "kh2", "reporter": "so-b", "recipient": "bo-x", "submitted_on": "2022-02-10",
     "title": "Kế hoạch thực hiện công tác thi đua, khen thưởng năm 2022"},
    {"id": "kb", "reporter": "so-a", "recipient": "bo-x", "submitted_on": "2022-05-10",
     "title": "Kịch bản tuyên truyền thi đua, khen thưởng"},
]
ADHOC = {"id": "dot-xuat", "summary": "Báo cáo đột xuất", "kind": "ad_hoc",
         "reporters": ["so-a"], "recipient": "bo-x", "frequency": "ad_hoc", "citation": CITE}
RULE10_REQUESTS: list[dict[str, Any]] = [
    {"id": "r1", "directive": "ct-1", "obligation": "dot-xuat", "reporter": "so-a",
     "requested_on": "2022-03-01", "due": "2022-03-15", "number": "45/UBND-VX"},
    {"id": "r2", "directive": "1/CT-TEST", "obligation": "dot-xuat",
     "reporter": "Sở A Tây Ninh", "requested_on": "2022-05-02", "due": "2022-05-16"},
]
SO_A_TO_BO_X = {"reporter": "so-a", "recipient": "bo-x"}
RULE10_RECORDS: list[dict[str, Any]] = [
    {"id": "a1", **SO_A_TO_BO_X, "submitted_on": "2022-03-10",
     "title": "Báo cáo đột xuất về thi đua, khen thưởng"},
    {"id": "a2", **SO_A_TO_BO_X, "submitted_on": "2022-05-10", "period": "2022-Q2"},
    {"id": "a3", **SO_A_TO_BO_X, "submitted_on": "2022-05-20", "directive": "1/CT-TEST"},
    {"id": "a4", **SO_A_TO_BO_X, "submitted_on": "2022-03-20", "document_number": "45/UBND-VX",
     "title": "Báo cáo tình hình"},
    {"id": "a5", **SO_A_TO_BO_X, "submitted_on": "2022-02-28",
     "title": "Báo cáo đột xuất về thi đua, khen thưởng"},
]
QUANTITY = {"id": "tin-bai", "summary": "Mỗi quý 3 tin, 1 bài", "kind": "quantity",
            "reporters": ["so-a"], "recipient": "bo-x", "frequency": "quarterly",
            "quantities": [{"count": 3, "of": "tin", "per": "quarterly", "words": ["tin"]},
                           {"count": 1, "of": "bai", "per": "quarterly",
                            "words": ["bài", "bài viết"]}],
            "deadline": {"basis": "assumed", "policy": "cuoi-ky"}, "citation": CITE}
RULE11_RECORDS: list[dict[str, Any]] = [
    {"id": "t1", **SO_A_TO_BO_X, "submitted_on": "2022-04-02", "item_date": "30/03/2022",
     "title": "Tin: thi đua, khen thưởng tại hội nghị"},
    {"id": "rp", **SO_A_TO_BO_X, "submitted_on": "2022-03-31", "period": "2022-Q1",
     "title": "Báo cáo thi đua, khen thưởng quý I/2022: 02 tin, 01 bài"},
    {"id": "t2", **SO_A_TO_BO_X, "submitted_on": "2022-04-05",
     "title": "Tin: thi đua, khen thưởng"},
]


def test_rule1_an_activity_is_never_owed(tmp_path: Path) -> None:
    act = {"id": "tham-muu", "summary": "Tham mưu tổ chức", "kind": "activity",
           "reporters": ["so-a"], "citation": CITE}
    rules = _book(tmp_path, [obligation_doc("quy", ["so-a"], "bo-x", "quarterly", Q15), act])
    rec = {"id": "t", "reporter": "so-a", "recipient": "bo-x", "obligation": "tham-muu",
           "period": "2022-Q1", "submitted_on": "2022-03-10"}
    res = oracle.evaluate(rules, [rec], date(2022, 12, 31), date(2022, 1, 1))
    assert {k[1] for k in res.instances} == {"quy"}  # Q1..Q4 of "quy", nothing of "tham-muu"
    assert res.dispositions == {"t": "unmatched"}  # it names a duty that owes no report


# 2. Never to itself, nor through itself.

def test_rule2_a_unit_owes_itself_nothing(tmp_path: Path) -> None:
    """The group holds the recipient bo-x and the via vu-y: neither owes. so-c ceased on 31/5
    and bo-x carries its duties from then: Q1 (due 14/3) is so-c's, Q2–Q4 (due 14/6, 14/9,
    14/12) would be bo-x's to itself: none."""
    units = [*(u for u in UNITS if u["id"] != "so-c"),
             {"id": "so-c", "name": "Sở C", "kind": "so", "valid_to": date(2022, 5, 31),
              "successor": "bo-x"}]
    groups = [{"id": "nhom2", "name": "Nhóm 2", "members": ["so-a", "bo-x", "vu-y", "so-c"]}]
    rules = _book(tmp_path, [obligation_doc("quy", ["nhom2"], "bo-x", "quarterly", Q15,
                                            via="vu-y")], units, groups)
    rec = {"id": "v", "reporter": "vu-y", "recipient": "bo-x", "period": "2022-Q1",
           "submitted_on": "2022-03-10"}
    res = oracle.evaluate(rules, [rec], date(2022, 12, 31), date(2022, 1, 1))
    assert sorted(k[2:] for k in res.instances) == [
        ("so-a", "2022-Q1"), ("so-a", "2022-Q2"), ("so-a", "2022-Q3"), ("so-a", "2022-Q4"),
        ("so-c", "2022-Q1")]
    assert res.dispositions == {"v": "unmatched"}  # vu-y owes nothing


# 3. A report is written after what it reports on.

@pytest.mark.parametrize(
    ("period", "received_from", "opens"),
    [
        (year(2022), {}, date(2022, 11, 1)),  # a year: its last two months
        (half(2022, 1), {}, date(2022, 6, 1)),  # a half: its last month
        (half(2022, 2), {}, date(2022, 12, 1)),
        (quarter(2022, 3), {}, date(2022, 9, 1)),
        (oracle.nine_months(2022), {}, date(2022, 9, 1)),
        (month(2022, 2), {}, date(2022, 2, 16)),  # a month: its second half
        (year(2022), {"months_before_end": 6}, date(2022, 7, 1)),  # Jul..Dec
        (quarter(2022, 4), {"months_before_end": 5}, date(2022, 10, 1)),  # not before 1/10
        (half(2022, 1), {"days_before_end": 10}, date(2022, 6, 20)),  # 30/6 − 10 days
        (quarter(2022, 1), {"days_before_end": 400}, date(2022, 1, 1)),
        (quarter(2022, 2), {"period_start": True}, date(2022, 4, 1)),
        (oracle.window(date(2022, 7, 1), date(2023, 3, 31)), {}, date(2022, 7, 1)),
    ],
)
def test_rule3_first_receipt_day(period: oracle.OPeriod, received_from: dict[str, Any],
                                 opens: date) -> None:
    assert oracle.first_receipt_day(period, oracle.OReceivedFrom(**received_from)) == opens


def test_rule3_a_report_before_its_first_receipt_day(rules: oracle.ORules) -> None:
    """so-b owes quy (Q2 opens 1/6, due 14/6) and sa (H1 opens 1/6); so-a owes nam6 (H2 opens
    1/12, due 20/12) and quy.
    - e1 names Q2 on 31/5: too early, unmatched; e2 on 1/6: on time;
    - e3, a year report of so-a on 20/10, would stand for nam6's H2: judged as the year (from
      1/11), too early; e4 on 2/11 counts for H2 (before H2's own 1/12), on time;
    - e5 names nothing on 31/5: of so-b's reports only Q1 (opens 1/3) could be written; Q2 and
      H1 open on 1/6: it is Q1, 78 days late (14/3 → 31/5: 17 + 30 + 31)."""
    recs = [{"id": "e1", "reporter": "so-b", "recipient": "bo-x", "period": "2022-Q2",
             "submitted_on": "2022-05-31"},
            {"id": "e2", "reporter": "so-b", "recipient": "bo-x", "period": "2022-Q2",
             "submitted_on": "2022-06-01"},
            {"id": "e3", "reporter": "so-a", "recipient": "bo-x", "period": "năm 2022",
             "submitted_on": "2022-10-20"},
            {"id": "e4", "reporter": "so-a", "recipient": "bo-x", "period": "năm 2022",
             "submitted_on": "2022-11-02"},
            {"id": "e5", "reporter": "so-b", "recipient": "bo-x", "submitted_on": "2022-05-31"}]
    res = oracle.evaluate(rules, recs, date(2023, 1, 31), date(2022, 1, 1))
    assert res.dispositions == {"e1": "unmatched", "e2": "matched", "e3": "unmatched",
                                "e4": "matched", "e5": "matched"}
    got = res.instances
    assert got[("ct-1", "quy", "so-b", "2022-Q2")].submission == "e2"
    assert got[("ct-1", "nam6", "so-a", "2022-H2")].verdict == "on_time"
    assert got[("ct-1", "nam6", "so-a", "2022-H2")].submission == "e4"
    q1 = got[("ct-1", "quy", "so-b", "2022-Q1")]
    assert (q1.verdict, q1.days_late, q1.submission) == ("late", 78, "e5")


@pytest.mark.parametrize(
    ("extra", "verdict"),
    [
        ({}, "overdue"),  # 31/5 is before Q2's 1/6: not the Q2 report
        ({"early_if_named": True}, "on_time"),  # naming its period, it counts whatever its date
        ({"received_from": {"months_before_end": 2}}, "on_time"),  # from 1/5
        ({"received_from": {"days_before_end": 20}}, "overdue"),  # from 10/6
        ({"received_from": "period_start"}, "on_time"),  # from 1/4
    ],
)
def test_rule3_received_from_and_early_if_named(tmp_path: Path, extra: dict[str, Any],
                                                verdict: str) -> None:
    rules = _book(tmp_path, [{**obligation_doc("quy", ["so-b"], "bo-x", "quarterly", Q15),
                              **extra}])
    rec = {"id": "e", "reporter": "so-b", "recipient": "bo-x", "period": "quý II/2022",
           "submitted_on": "2022-05-31"}
    res = oracle.evaluate(rules, [rec], date(2022, 7, 1), date(2022, 1, 1))
    assert res.instances[("ct-1", "quy", "so-b", "2022-Q2")].verdict == verdict


def test_rule3_a_task_covering_a_year_opens_with_the_year(tmp_path: Path) -> None:
    """"Báo cáo tổng kết năm 2022 (tháng 12/2022)": window 2022-12, covers 2022, so a report on
    2022 counts from 1/11 (before the window opens), not on 15/10. Due: 31/12/2022 is a
    Saturday, 1/1 a Sunday, 2/1/2023 the New Year's nghỉ bù: 3/1/2023."""
    rules = _book(tmp_path, [_task("tong-ket", ["so-b"], "2022-12", covers="2022")])
    base = {"reporter": "so-b", "recipient": "bo-x", "title": "Báo cáo tổng kết năm 2022"}
    res = oracle.evaluate(rules, [{"id": "oct", **base, "submitted_on": "2022-10-15"},
                                  {"id": "nov", **base, "submitted_on": "2022-11-15"}],
                          date(2023, 2, 1), date(2022, 1, 1))
    assert res.dispositions == {"oct": "unmatched", "nov": "matched"}
    v = res.instances[("ct-1", "tong-ket", "so-b", "2022-12")]
    assert (v.verdict, v.due, v.submission) == ("on_time", date(2023, 1, 3), "nov")


# 4. Kinds of documents.

@pytest.mark.parametrize(
    ("title", "number", "column", "kind"),
    [
        ("Giấy mời dự Hội nghị tổng kết năm 2022", None, None, ("giay_moi", False)),
        ("V/v báo cáo kết quả 6 tháng đầu năm", None, None, ("cong_van", True)),  # report_when
        ("V/v triển khai Kế hoạch 4324/KH-UBND", None, None, ("cong_van", False)),
        ("Kế hoạch: tuyên truyền năm 2023", None, None, ("ke_hoach", False)),
        ("BÁO CÁO kết quả quý I", None, None, ("bao_cao", True)),  # any case
        ("Kịch bản tuyên truyền", "1702/SVHTTDL-NVVH", None, ("cong_van", False)),  # no code
        ("", "310-BC/BTGTU", None, ("bao_cao", True)),  # Party style
        ("", "812/BC-SCT", None, ("bao_cao", True)),  # state style
        ("", "Số: 15/GM-UBND", None, ("giay_moi", False)),
        ("", "12/HĐ-UBND", None, ("hop_dong", False)),  # HĐ hợp đồng ...
        ("", "12/HD-UBND", None, ("huong_dan", False)),  # ... is not HD hướng dẫn
        ("", "5/ĐA-UBND", None, ("de_an", False)),
        ("", "5/DA-UBND", None, ("du_an", False)),
        ("", "45/QD-UBND", None, ("quyet_dinh", False)),  # QĐ typed without đ: one reading
        ("", "45/2025/NĐ-CP", None, ("cong_van", False)),  # NĐ is no kind of doctypes.yaml
        ("Sở TT&TT Tây Ninh báo cáo kết quả quý I/2022", None, None, ("bao_cao", True)),
        ("Về công tác thi đua", None, "Giấy mời", ("giay_moi", False)),  # loai: a name
        ("Về công tác thi đua", None, "KH", ("ke_hoach", False)),  # loai: an abbreviation
        ("Về công tác thi đua", None, "bao_cao", ("bao_cao", True)),  # loai: an id
        ("báo cáo kết quả", None, "Công văn", ("cong_van", True)),  # its matter: a report
        ("Tin: Hội nghị", None, None, (None, None)),  # nothing says: judged as a report
        ("", None, None, (None, None)),
    ],
)
def test_rule4_document_kinds(tmp_path: Path, title: str, number: str | None,
                              column: str | None, kind: tuple[str | None, bool | None]) -> None:
    types = oracle.load_doctypes(tmp_path)  # no doctypes.yaml here: the bundled one
    got = oracle.document_kind(title, number, column, types)
    assert (got.type, got.report) == kind


def test_rule4_a_rules_folder_may_have_its_own_kinds(tmp_path: Path) -> None:
    (tmp_path / "doctypes.yaml").write_text(
        "types:\n  - {id: bao_cao, name: Báo cáo, report: true, codes: [BC], opens: [báo cáo]}\n"
        "  - {id: to_trinh, name: Tờ trình, report: false, codes: [TTr], opens: [tờ trình]}\n",
        encoding="utf-8")
    types = oracle.load_doctypes(tmp_path)
    assert [t.id for t in types] == ["bao_cao", "to_trinh"]
    assert oracle.document_kind("Giấy mời họp", None, None, types) == oracle.OKind(None, None)


def test_rule4_documents_of_other_kinds(tmp_path: Path) -> None:
    """quy: so-a, so-b → bo-x (via vu-y), Q1 due 14/3; a task of so-a asks for a plan in Q1
    (due 31/3, a Thursday); another for a "kịch bản" (any report naming it), in Q2.
    - gm, an invitation naming Q1: no report, fulfils nothing: not_report; gm2 from a unit
      nobody knows: not_report all the same (decided before the unit);
    - cv, a công văn "V/v báo cáo ..." naming Q1: a report, so-b's Q1, on time;
    - bc, no title, number "310-BC/BTGTU": a report, so-a's Q1, on time;
    - kh, so-a's plan, no period named: the task's plan, on time; kh2 the same plan from so-b,
      who owes no plan: not_report;
    - kb, "Kịch bản ..." (no kind), naming no period, on 10/5: the product of the second task."""
    tasks = RULE4_TASKS
    rules = _book(tmp_path, [QUARTERLY, *tasks])
    recs = RULE4_RECORDS
    res = oracle.evaluate(rules, recs, date(2022, 7, 1), date(2022, 1, 1))
    assert res.dispositions == {"gm": "not_report", "gm2": "not_report", "cv": "matched",
                                "bc": "matched", "kh": "matched", "kh2": "not_report",
                                "kb": "matched"}
    v = _verdicts(res)
    assert v[("quy", "so-b", "2022-Q1")] == ("on_time", "cv")
    assert v[("quy", "so-a", "2022-Q1")] == ("on_time", "bc")
    assert v[("ke-hoach", "so-a", "2022-Q1")] == ("on_time", "kh")
    assert v[("kich-ban", "so-a", "2022-Q2")] == ("on_time", "kb")


# 5. One report owed once.

def test_rule5_the_same_report_for_two_plans(tmp_path: Path) -> None:
    """ct-1 (thi đua) and ct-2 (chuyển đổi số) each ask so-a for a quarterly report to bo-x:
    one report. td (thi đua, 10/3) counts for both; cds (chuyển đổi số, 11/3) is then a further
    copy. A plan for ct-1's task in Q2 (the same unit, office and period) is no report: it
    counts for the task, not for the quarterly reports."""
    other = directive_doc("ct-2", "bo-x", date(2022, 1, 1), date(2022, 12, 31),
                          [obligation_doc("quy", ["so-a"], "bo-x", "quarterly", Q15)])
    other["directive"]["subject"] = {"phrases": ["chuyển đổi số"]}
    rules = _book(tmp_path, [obligation_doc("quy", ["so-a"], "bo-x", "quarterly", Q15),
                             _task("ke-hoach", ["so-a"], "2022-Q2",
                                   deliverable={"types": ["ke_hoach"]})], more=[other])
    base = {"reporter": "so-a", "recipient": "bo-x"}
    recs = [{"id": "td", **base, "submitted_on": "2022-03-10",
             "title": "Báo cáo công tác thi đua, khen thưởng quý I/2022"},
            {"id": "cds", **base, "submitted_on": "2022-03-11",
             "title": "Báo cáo chuyển đổi số quý I/2022"},
            {"id": "kh", **base, "submitted_on": "2022-05-05",
             "title": "Kế hoạch thi đua, khen thưởng quý II/2022"}]
    res = oracle.evaluate(rules, recs, date(2022, 7, 1), date(2022, 1, 1))
    assert res.dispositions == {"td": "matched", "cds": "duplicate", "kh": "matched"}
    assert res.satisfies["td"] == {("ct-1", "quy", "so-a", "2022-Q1"),
                                   ("ct-2", "quy", "so-a", "2022-Q1")}
    assert res.satisfies["kh"] == {("ct-1", "ke-hoach", "so-a", "2022-Q2")}
    assert res.instances[("ct-2", "quy", "so-a", "2022-Q2")].verdict == "overdue"


# 6. A title citing a text of the rules answers that text.

def test_rule6_a_cited_number_decides_the_subject(tmp_path: Path) -> None:
    other = directive_doc("ct-2", "bo-x", date(2022, 1, 1), date(2022, 12, 31),
                          [obligation_doc("quy", ["so-a"], "bo-x", "quarterly", Q15)])
    other["directive"]["subject"] = {"phrases": ["chuyển đổi số"]}
    one = obligation_doc("quy", ["so-a"], "bo-x", "quarterly", Q15)
    one["subject"] = {"directives": ["03-CT/TW"]}
    rules = _book(tmp_path, [one], more=[other])
    ob1, ob2 = rules.obligations

    def rel(title: str) -> tuple[str, str]:
        s = oracle.OSubmission("t", 0, True, title=title)
        return oracle.subject_of(s, ob1, rules), oracle.subject_of(s, ob2, rules)

    # its phrases, but ct-2's number: it answers ct-2
    assert rel("Báo cáo thi đua, khen thưởng theo Chỉ thị 2/CT-TEST quý I/2022") == (
        "other", "same")
    # a number ct-1's subject lists
    assert rel("Báo cáo thực hiện Chỉ thị 03-CT/TW quý I/2022") == ("same", "other")
    # a number the rules do not know: the phrases decide
    assert rel("Báo cáo thi đua, khen thưởng theo Kế hoạch 9/KH-UBND quý I/2022") == (
        "same", "other")


# 7. Title periods.

@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Báo cáo sơ kết 6 tháng thực hiện Cuộc vận động năm 2022", "2022-H1"),
        ("Báo cáo quý III thực hiện Chỉ thị năm 2022", "2022-Q3"),
        ("Báo cáo quý IV và năm 2022", "2022"),  # joined by "và": the year's report
        ("Báo cáo 6 tháng đầu năm và năm 2022", "2022"),
        ("Báo cáo quý IV - năm 2022", "2022"),
        ("Báo cáo công tác dịp Tết Quý Mão năm 2023", "2023"),  # a year's name, no quarter
        ("Báo cáo công tác dịp Tết Quý Mão 2023", None),
        ("Báo cáo tình hình năm Quý Tỵ", None),
    ],
)
def test_rule7_periods_in_titles(title: str, label: str | None) -> None:
    p = oracle.period_in_title(title)
    assert (p.label if p else None) == label
    if label is None:
        assert not oracle.title_speaks_of_a_period(title)  # nothing left unread


# 8. Names.

NAMED_UNITS: list[dict[str, Any]] = [
    {"id": "bo-x", "name": "Bộ X", "kind": "bo"},
    {"id": "syt-tn", "name": "Sở Y tế tỉnh Tây Ninh", "kind": "so", "place": "Tây Ninh",
     "short": ["Sở Y tế"]},
    {"id": "syt-thn", "name": "Sở Y tế tỉnh Thái Nguyên", "kind": "so",
     "place": "Thái Nguyên", "short": ["Sở Y tế"]},
    {"id": "snv-thn", "name": "Sở Nội vụ tỉnh Thái Nguyên", "kind": "so",
     "place": "Thái Nguyên", "short": ["Sở Nội vụ"]},
    {"id": "ubnd-thn", "name": "Ủy ban nhân dân tỉnh Thái Nguyên", "kind": "ubnd",
     "place": "Thái Nguyên"},
    {"id": "ubnd-pl", "name": "Ủy ban nhân dân huyện Phú Lương", "kind": "ubnd",
     "parent": "ubnd-thn"},
    {"id": "bcd-tb", "name": "BCĐ CVĐ huyện Tân Biên", "kind": "bcd"},
]
ABBREVIATIONS = [{"short": "UBND", "long": ["Ủy ban nhân dân"]},
                 {"short": "BCĐ", "long": ["Ban Chỉ đạo", "Ban chỉ đạo"]},
                 {"short": "CVĐ", "long": ["Cuộc vận động"]}]


@pytest.mark.parametrize(
    ("name", "near", "unit"),
    [
        ("UBND huyện Phú Lương", None, "ubnd-pl"),  # an abbreviation for the long form
        ("Ban Chỉ đạo Cuộc vận động huyện Tân Biên", None, "bcd-tb"),  # and the other way
        ("ban chi dao CVD huyen Tan Bien", None, "bcd-tb"),
        ("Sở Nội vụ", None, "snv-thn"),  # the one unit with that short name (no province)
        ("Sở Nội vụ tỉnh", None, "snv-thn"),
        ("Sở Y tế", None, None),  # two provinces have one: which is not said
        ("Sở Y tế", "Thái Nguyên", "syt-thn"),  # in the recipient's province
        ("So Y te tinh", "Tây Ninh", "syt-tn"),
        ("Sở Y tế", "Hà Nội", None),
        ("Sở Nội vụ", "Tây Ninh", None),  # the one registered is Thái Nguyên's: not it
        ("Sở Nội vụ", "Thái Nguyên", "snv-thn"),
        ("Sở Y tế Thái Nguyên", None, "syt-thn"),  # short name and place: as before
    ],
)
def test_rule8_names(tmp_path: Path, name: str, near: str | None, unit: str | None) -> None:
    rules = oracle.load_rules(write_rules(tmp_path / "rules", NAMED_UNITS, [], [],
                                          abbreviations=ABBREVIATIONS))
    assert oracle.resolve_unit(name, rules, near) == unit


def test_rule8_a_short_name_read_in_the_recipients_province(tmp_path: Path) -> None:
    """The district's province is its parent's (Thái Nguyên): "Sở Y tế" writing to it is the
    Sở Y tế of Thái Nguyên; writing to bo-x (no province) it stays ambiguous."""
    ob = obligation_doc("quy", ["syt-thn"], "ubnd-pl", "quarterly", Q15)
    rules = oracle.load_rules(write_rules(
        tmp_path / "rules", NAMED_UNITS, [],
        [directive_doc("ct-1", "bo-x", date(2022, 1, 1), None, [ob])],
        abbreviations=ABBREVIATIONS))
    assert oracle.province_of("ubnd-pl", rules.units) == "Thái Nguyên"
    recs = [{"id": "a", "reporter": "Sở Y tế", "recipient": "UBND huyện Phú Lương",
             "period": "2022-Q1", "submitted_on": "2022-03-10"},
            {"id": "b", "reporter": "Sở Y tế", "recipient": "bo-x", "period": "2022-Q1",
             "submitted_on": "2022-03-10"}]
    res = oracle.evaluate(rules, recs, date(2022, 4, 1), date(2022, 1, 1))
    assert res.dispositions == {"a": "matched", "b": "unknown_unit"}


# 9. Successors through parents.

@pytest.mark.parametrize(
    ("child", "parent", "carrier"),
    [
        ({}, {"successor": "moi"}, "moi"),  # the parent's successor
        ({"no_successor": True}, {"successor": "moi"}, None),  # it says nothing follows it
        ({}, {"valid_to": None}, None),  # the parent lives on: its work went to no one unit
        ({}, {}, None),  # the parent ceased with nobody after it, and has no parent
        ({}, {"parent": "ong"}, None),  # its own parent lives on: nobody (as for itself)
        ({}, {"parent": "cu"}, "moi"),  # its parent ceased with a successor: that one
        ({"successor": "rieng"}, {"successor": "moi"}, "rieng"),  # its own successor first
    ],
)
def test_rule9_successors_through_parents(child: dict[str, Any], parent: dict[str, Any],
                                          carrier: str | None) -> None:
    gone = date(2022, 3, 31)
    p = {"valid_to": gone, **parent}
    units = {
        "con": oracle.OUnit("con", "Con", valid_to=gone, parent="cha",
                            successor=child.get("successor"),
                            no_successor=child.get("no_successor", False)),
        "cha": oracle.OUnit("cha", "Cha", valid_to=p["valid_to"], successor=p.get("successor"),
                            parent=p.get("parent")),
        "ong": oracle.OUnit("ong", "Ông"), "moi": oracle.OUnit("moi", "Mới"),
        "cu": oracle.OUnit("cu", "Cũ", valid_to=gone, successor="moi"),
        "rieng": oracle.OUnit("rieng", "Riêng"),
    }
    assert oracle.carrier("con", date(2022, 3, 31), units) == "con"  # still there
    assert oracle.carrier("con", date(2022, 4, 1), units) == carrier


# 10. Ad hoc replies.

def test_rule10_ad_hoc_replies(tmp_path: Path) -> None:
    """so-a's ad hoc duty, asked twice: r1 on 1/3 (due 15/3, a Tuesday), r2 on 2/5 (due 16/5,
    a Monday), letter 45/UBND-VX.
    - a1 (10/3) says "đột xuất" (on the subject): the latest request by then, r1, on time;
    - a2 (10/5) names a period, and so-a owes no periodic report: the latest open request,
      r2, on time;
    - a3 (20/5) names the directive: that duty's latest request, r2, already answered:
      duplicate;
    - a4 (20/3) names letter 45/UBND-VX in its number column: r1, answered: duplicate;
    - a5 (28/2) says "đột xuất" before anything was asked: unmatched."""
    adhoc = ADHOC
    rules = _book(tmp_path, [adhoc])
    requests = RULE10_REQUESTS
    recs = RULE10_RECORDS
    res = oracle.evaluate(rules, recs, date(2022, 7, 1), date(2022, 1, 1), requests)
    assert res.dispositions == {"a1": "matched", "a2": "matched", "a3": "duplicate",
                                "a4": "duplicate", "a5": "unmatched"}
    r1 = ("ct-1", "dot-xuat", "so-a", "2022-03-01..2022-03-15#r1")
    r2 = ("ct-1", "dot-xuat", "so-a", "2022-05-02..2022-05-16#r2")
    assert (res.instances[r1].verdict, res.instances[r1].submission) == ("on_time", "a1")
    assert (res.instances[r2].verdict, res.instances[r2].due) == ("on_time", date(2022, 5, 16))
    assert res.instances[r2].submission == "a2"


# 11. Quantities.

def test_rule11_items_on_their_own_dates_and_counted_in_reports(tmp_path: Path) -> None:
    """so-a owes at least 3 tin and 1 bài a quarter, by its end (cuối kỳ: 31/3, a Thursday).
    - t1, an item aired on 30/3 (item_date), received 2/4: a Q1 item, on 30/3;
    - rp, a report naming Q1 on 31/3 that states "02 tin, 01 bài": 2 tin and 1 bài on 31/3:
      3 tin and 1 bài, met by rp on 31/3: on time;
    - t2, an item received 5/4 without a date of its own: a Q2 item, on 5/4 (1 tin of 3): Q2,
      due 30/6 (a Thursday), is 1 day overdue on 1/7."""
    qty = QUANTITY
    rules = _book(tmp_path, [qty])
    recs = RULE11_RECORDS
    res = oracle.evaluate(rules, recs, date(2022, 7, 1), date(2022, 1, 1))
    assert res.dispositions == {"t1": "matched", "rp": "matched", "t2": "matched"}
    q1 = res.instances[("ct-1", "tin-bai", "so-a", "2022-Q1")]
    assert (q1.verdict, q1.received, q1.submission) == ("on_time", date(2022, 3, 31), "rp")
    assert res.satisfies["t2"] == {("ct-1", "tin-bai", "so-a", "2022-Q2")}
    q2 = res.instances[("ct-1", "tin-bai", "so-a", "2022-Q2")]
    assert (q2.verdict, q2.days_overdue) == ("overdue", 1)


# 12. Register ids.

def test_rule12_register_numbers_restart_each_year(tmp_path: Path) -> None:
    f = tmp_path / "so-den.csv"
    f.write_text("Số đến;Ngày đến;Tác giả;Tên loại và trích yếu nội dung\n"
                 "012;07/01/2023;Sở A;Báo cáo năm 2022\n"
                 "12;2022-05-04;Sở A;Báo cáo quý I/2022\n"
                 "A12;2022-05-04;Sở A;Giấy mời\n"
                 "5;31/06/2022;Sở A;Báo cáo\n", encoding="utf-8")
    assert [r["id"] for r in oracle.read_records([f])] == ["2023/012", "2022/12", "A12",
                                                            "2022/5"]
    assert oracle.read_records([f])[0]["reporter"] == "Sở A"


def test_rule4_and_11_register_columns(tmp_path: Path) -> None:
    """A register's own "Loại VB" column is the record's kind; "Ngày phát sóng" an item's own
    date."""
    f = tmp_path / "so-den.csv"
    f.write_text("Mã;Loại VB;Ngày phát sóng;Trích yếu\n"
                 "a;Giấy mời;;Về hội nghị\n"
                 "b;;30/03/2022;Tin: hội nghị\n", encoding="utf-8")
    assert [(r["loai"], r["item_date"]) for r in oracle.read_records([f])] == [
        ("Giấy mời", ""), ("", "30/03/2022")]
