"""The oracle against hand-worked cases: if the oracle is wrong, comparing with it proves nothing.

Every expected value below was worked out by hand from DOMAIN.md and a wall calendar
(1 January 2022 was a Saturday), not copied from any program's output.
"""

from __future__ import annotations

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
