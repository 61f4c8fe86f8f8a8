"""Grouping: the plain-Python keys that put submissions beside their instance."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.evaluation.facts import instance_facts, submission_facts
from engine.evaluation.group import ByRecord, Flags, Matching, group
from engine.model import (
    Citation,
    CountedDate,
    DeadlineSpec,
    Due,
    DueBasis,
    Frequency,
    InForce,
    Instance,
    InstanceFact,
    Obligation,
    ObligationKind,
    Period,
    Reading,
    Reason,
    Request,
    Submission,
    SubmissionFact,
    Unit,
)
from engine.rulebook.registry import Registry
from engine.time.periods import half, parse_period, quarter, window, year

REG = Registry(
    units={u: Unit(id=u, name=u.upper(), kind="so") for u in ("so-a", "bo", "vu", "khac")},
    groups={},
)


def _ob(oid: str, freq: Frequency, counts: CountedDate = CountedDate.RECEIVED) -> Obligation:
    return Obligation(
        id=oid, directive_id="d", summary=oid, kind=ObligationKind.PERIODIC,
        reporters=("so-a",), recipient="bo", via="vu", frequency=freq,
        deadline=DeadlineSpec(DueBasis.STATED, Reading.BY, 20, None), counts=counts,
        in_force=InForce(date(2022, 1, 1)), citation=Citation("1", "x"),
    )


def _inst(oid: str, period_label: str, due: date) -> Instance:
    p = parse_period(period_label)
    return Instance(
        key=f"d/{oid}/so-a/{p.label}", directive_id="d", obligation_id=oid, reporter="so-a",
        recipient="bo", via="vu", period=p,
        due=Due(due, due, due, DueBasis.STATED, Reading.BY), cutoff=None,
    )


def _sub(sid: str, recipient: str, on: date, period: str | None, **kw: object) -> Submission:
    return Submission(
        id=sid, source="t:1", reporter="so-a", recipient=recipient, submitted_on=on,
        period=parse_period(period) if period else None,
        **{"raw": {}, **kw},  # type: ignore[arg-type]
    )


OBS = {("d", "q"): _ob("q", Frequency.QUARTERLY), ("d", "h"): _ob("h", Frequency.SEMIANNUAL)}
Q2 = _inst("q", "2022-Q2", date(2022, 6, 20))
H2 = _inst("h", "2022-H2", date(2022, 12, 20))
AS_OF = date(2023, 3, 1)


def _run(
    instances: list[Instance], subs: list[Submission],
    obs: dict[tuple[str, str], Obligation] = OBS, reg: Registry = REG, as_of: date = AS_OF,
) -> tuple[Matching, list[InstanceFact], list[SubmissionFact]]:
    m = group(instances, subs, obs, as_of)
    return (m, instance_facts(instances, m, reg.units, as_of), submission_facts(subs, m))


def test_via_unit_is_correct_routing_and_earliest_receipt_counts() -> None:
    subs = [_sub("late", "bo", date(2022, 6, 25), "2022-Q2"),
            _sub("early", "vu", date(2022, 6, 10), "2022-Q2")]
    g, i_facts, s_facts = _run([Q2], subs)
    assert g.earliest[Q2.key] == (1, date(2022, 6, 10))
    assert s_facts[1].first is True
    assert s_facts[0].first is False
    assert i_facts[0].days_after_due == -10
    assert g.notes[0] == (Reason("subject.not-checked"),
                          Reason("match.already-satisfied", {"instance": Q2.key, "by": "early"}))


def test_wrong_recipient_is_a_candidate_but_not_routed() -> None:
    g, i_facts, s_facts = _run([Q2], [_sub("x", "khac", date(2022, 6, 10), "2022-Q2")])
    assert (s_facts[0].owed, s_facts[0].on_subject, s_facts[0].routed) == (1, 1, 0)
    assert s_facts[0].subject_named is False  # no title: which report it is, nobody knows
    assert i_facts[0].received is False
    assert g.notes.get(0, ()) == ()  # a record nothing is said of has no entry


def test_annual_report_stands_for_second_half_of_plain_half_yearly() -> None:
    g, _, _ = _run([H2], [_sub("y", "bo", date(2022, 12, 15), "2022")])
    assert g.earliest[H2.key][0] == 0


def test_period_inferred_from_nearest_due_date() -> None:
    q1 = _inst("q", "2022-Q1", date(2022, 3, 20))
    g, _, _ = _run([q1, Q2], [_sub("n", "bo", date(2022, 6, 1), None)])
    assert g.routed[0] == (Q2.key,)
    assert g.notes[0] == (Reason("match.period-inferred", {"periods": ("2022-Q2",)}),
                          Reason("subject.not-checked"))


def test_receipt_after_as_of_is_not_counted() -> None:
    g, i_facts, s_facts = _run([Q2], [_sub("f", "bo", date(2023, 4, 1), "2022-Q2")])
    assert (s_facts[0].valid, s_facts[0].later) == (True, True)
    assert i_facts[0].received is False
    assert g.notes[0] == (Reason("record.after-as-of",
                                 {"received": "2023-04-01", "as_of": "2023-03-01"}),)


def test_sending_date_counts_where_the_rule_says_so() -> None:
    obs = {("d", "q"): _ob("q", Frequency.QUARTERLY, CountedDate.SENT)}
    s = _sub("s", "bo", date(2022, 6, 25), "2022-Q2", sent_on=date(2022, 6, 18))
    _, i_facts, _ = _run([Q2], [s], obs)
    assert i_facts[0].days_after_due == -2


def test_unit_gone_before_due_date_is_inactive() -> None:
    reg = Registry(units={**REG.units, "so-a": Unit(id="so-a", name="SO A", kind="so",
                                                    valid_to=date(2022, 5, 31))}, groups={})
    _, i_facts, _ = _run([Q2], [], reg=reg)
    assert i_facts[0].reporter_active is False


def test_period_constructors_used_above_are_canonical() -> None:
    assert (quarter(2022, 2).label, half(2022, 2).label, year(2022).label) == (
        "2022-Q2", "2022-H2", "2022")


def test_task_covering_a_year_is_fulfilled_by_that_years_report() -> None:
    task = replace(_ob("t", Frequency.ONCE), kind=ObligationKind.TASK,
                   windows=(parse_period("2022-12"),), covers=year(2022))
    obs = {**OBS, ("d", "t"): task}
    t = _inst("t", "2022-12", date(2023, 1, 3))
    annual = _sub("a", "bo", date(2022, 12, 20), "2022")
    g, _, _ = _run([t], [annual], obs)
    assert g.earliest[t.key] == (0, date(2022, 12, 20))
    # a report on another period does not fulfil it, nor one for the window's own label
    g2, _, _ = _run([t], [_sub("m", "bo", date(2022, 12, 20), "2022-12")], obs)
    assert t.key not in g2.earliest


# ---------------------------------------------------------------------------------------
# One period per record (dates worked out by hand; the due dates are given, not computed)


def _inst_to(oid: str, period_label: str, due: date, recipient: str = "bo",
             via: str | None = "vu") -> Instance:
    p = parse_period(period_label)
    return Instance(
        key=f"d/{oid}/so-a/{p.label}", directive_id="d", obligation_id=oid, reporter="so-a",
        recipient=recipient, via=via, period=p,
        due=Due(due, due, due, DueBasis.STATED, Reading.BY), cutoff=None,
    )


def test_one_period_for_an_undated_record_then_every_plan_owing_it() -> None:
    """Quarterly q (Q2 due 14/6) and half-yearly h (H1 due 20/6) to the same office; a third
    plan y asks for the year 2021 (due 20/12/2021). Received 15/06/2022 with no period: 1 day
    after Q2's due date, 5 before H1's, 177 after 2021's — Q2, and only Q2. The reviewer's
    case: before, each plan took its own nearest period and the record counted three times."""
    obs = {**OBS, ("d", "y"): _ob("y", Frequency.ANNUAL)}
    q2, h1 = _inst("q", "2022-Q2", date(2022, 6, 14)), _inst("h", "2022-H1", date(2022, 6, 20))
    y21 = _inst("y", "2021", date(2021, 12, 20))
    g, _, _ = _run([q2, h1, y21], [_sub("n", "bo", date(2022, 6, 15), None)], obs)
    assert g.routed[0] == (q2.key,)
    assert g.notes[0][0] == Reason("match.period-inferred", {"periods": ("2022-Q2",)})


def test_several_plans_owing_the_inferred_period_all_count() -> None:
    """Two half-yearly plans, both H1 due 20/6: the record of 17/06 is the H1 report of each."""
    obs = {**OBS, ("d", "h2"): _ob("h2", Frequency.SEMIANNUAL)}
    h1 = _inst("h", "2022-H1", date(2022, 6, 20))
    other = _inst("h2", "2022-H1", date(2022, 6, 20))
    g, _, _ = _run([h1, other], [_sub("n", "bo", date(2022, 6, 17), None)], obs)
    assert sorted(g.satisfies[0]) == sorted([h1.key, other.key])


def test_equidistant_due_dates_take_the_earlier_one() -> None:
    """Q1 due 20/3, Q2 due 20/6: 5/5 is 46 days after the one and 46 before the other. The
    report arriving between two deadlines is taken for the one already due (Q1, late)."""
    q1, q2 = _inst("q", "2022-Q1", date(2022, 3, 20)), _inst("q", "2022-Q2", date(2022, 6, 20))
    g, _, _ = _run([q1, q2], [_sub("n", "bo", date(2022, 5, 5), None)])
    assert g.routed[0] == (q1.key,)


def test_same_due_date_takes_the_shorter_period() -> None:
    """Q2 and H1 both due 20/6 and both ending 30/6: received 18/6, the quarter (the shorter,
    routine report) is taken, not the half-year."""
    q2, h1 = _inst("q", "2022-Q2", date(2022, 6, 20)), _inst("h", "2022-H1", date(2022, 6, 20))
    g, _, _ = _run([h1, q2], [_sub("n", "bo", date(2022, 6, 18), None)])
    assert g.routed[0] == (q2.key,)


def test_the_period_is_inferred_among_what_the_recipient_may_receive() -> None:
    """The unit owes the Bộ a Q2 report (due 14/6) and "khac" an H1 report (due 20/6). Its
    undated report to the Bộ of 19/6 is nearer H1's due date, but the Bộ receives no H1 report
    from it: it is the Q2 report, 5 days late — not an H1 report sent to the wrong office."""
    obs = {**OBS, ("d", "x"): _ob("x", Frequency.SEMIANNUAL)}
    q2 = _inst("q", "2022-Q2", date(2022, 6, 14))
    h1 = _inst_to("x", "2022-H1", date(2022, 6, 20), recipient="khac", via=None)
    g, _, _ = _run([q2, h1], [_sub("n", "bo", date(2022, 6, 19), None)], obs)
    assert (g.candidates[0], g.routed[0]) == ((q2.key,), (q2.key,))
    # sent to "khac", the same record is the H1 report
    g2, _, _ = _run([q2, h1], [_sub("n", "khac", date(2022, 6, 19), None)], obs)
    assert g2.routed[0] == (h1.key,)


def test_a_period_not_yet_begun_is_not_inferred() -> None:
    """Received 28/12/2022: Q4 was due 14/12 (14 days before). A Q1 2023 instance given a due
    date of 30/12/2022 (2 days after; the loader would refuse such a rule, it is built by hand
    here) is nearer, but a report cannot be about a quarter that has not begun: Q4."""
    q4 = _inst("q", "2022-Q4", date(2022, 12, 14))
    q1 = _inst("q", "2023-Q1", date(2022, 12, 30))
    g, _, _ = _run([q4, q1], [_sub("n", "bo", date(2022, 12, 28), None)])
    assert g.routed[0] == (q4.key,)


# ---------------------------------------------------------------------------------------
# Multi-year reviews: the review of a span, not any report in its last year


REVIEW = replace(_ob("so-ket", Frequency.MULTI_YEAR), kind=ObligationKind.REVIEW,
                 summary="Sơ kết 5 năm thực hiện Chỉ thị", every_years=5,
                 anchor=date(2021, 5, 19))
FIRST = window(date(2021, 5, 19), date(2026, 5, 18))  # 02-KH/BCĐ II.7, from 19/5/2021
SECOND = window(date(2026, 5, 19), date(2031, 5, 18))
LATER = date(2031, 12, 31)


def _review(w: Period) -> Instance:
    return Instance(
        key=f"d/so-ket/so-a/{w.label}", directive_id="d", obligation_id="so-ket",
        reporter="so-a", recipient="bo", via=None, period=w,
        due=Due(w.end, w.end, w.end, DueBasis.ASSUMED, Reading.WITHIN), cutoff=None,
    )


@pytest.mark.parametrize(("title", "on", "period", "fulfils"), [
    # the reviewer's case: a half-year report is a half-year report (the loader reads the
    # period from such a title; titles here cite no number: this matching has no subjects)
    ("Báo cáo sơ kết 6 tháng đầu năm 2025", date(2025, 7, 10), "2025-H1", False),
    ("Báo cáo sơ kết công tác năm 2025", date(2025, 12, 20), "2025", False),
    # the span: N years, or the window's years (from 2021, 4 or 5 years on)
    ("Báo cáo sơ kết 5 năm thực hiện Chỉ thị", date(2026, 5, 10), None, True),
    ("Báo cáo sơ kết 05 năm thực hiện Chỉ thị", date(2026, 5, 10), None, True),
    ("Báo cáo sơ kết giai đoạn 2021 – 2025", date(2026, 4, 20), None, True),
    ("Báo cáo sơ kết thực hiện Chỉ thị (2021-2026)", date(2026, 4, 20), None, True),
    ("Đánh giá 5 năm thực hiện Chỉ thị", date(2026, 4, 20), None, True),
    ("Báo cáo tổng kết 5 năm thực hiện Chỉ thị", date(2026, 4, 20), None, True),
    # naming the span, a period written beside it does not make it a shorter report
    ("Báo cáo sơ kết 5 năm thực hiện Chỉ thị", date(2026, 1, 10), "2025", True),
    # another span
    ("Báo cáo sơ kết 3 năm thực hiện Chỉ thị", date(2026, 4, 20), None, False),
    ("Báo cáo sơ kết giai đoạn 2016-2020", date(2026, 4, 20), None, False),
    # no span and no period: its own word says it ("sơ kết"), not another one
    ("Báo cáo sơ kết thực hiện Chỉ thị", date(2026, 4, 20), None, True),
    ("Báo cáo tổng kết thực hiện Chỉ thị", date(2026, 4, 20), None, False),
    ("Báo cáo đánh giá kết quả thực hiện Chỉ thị", date(2026, 4, 20), None, False),
    # too early: the window's last year begins 17/5/2025 (366 days before 18/5/2026)
    ("Báo cáo sơ kết 5 năm thực hiện Chỉ thị", date(2025, 5, 10), None, False),
])
def test_a_review_is_a_report_on_its_span(
    title: str, on: date, period: str | None, fulfils: bool
) -> None:
    first = _review(FIRST)
    sub = _sub("r", "bo", on, period, title=title)
    g, _, _ = _run([first], [sub], {("d", "so-ket"): REVIEW}, as_of=LATER)
    assert (first.key in g.satisfies.get(0, ())) is fulfils


def test_a_review_counts_for_one_window() -> None:
    """Received 10/03/2031, "sơ kết 5 năm" could be late for the first window (ended 18/5/2026)
    or on time for the second (ends 18/5/2031): it is the review whose window ends nearest."""
    first, second = _review(FIRST), _review(SECOND)
    sub = _sub("r", "bo", date(2031, 3, 10), None, title="Báo cáo sơ kết 5 năm")
    g, _, _ = _run([first, second], [sub], {("d", "so-ket"): REVIEW}, as_of=LATER)
    assert g.satisfies[0] == (second.key,)
    # naming the years says which: "2021-2025" is the first window, late
    named = _sub("r", "bo", date(2031, 3, 10), None, title="Báo cáo sơ kết 5 năm 2021-2025")
    g2, _, _ = _run([first, second], [named], {("d", "so-ket"): REVIEW}, as_of=LATER)
    assert g2.satisfies[0] == (first.key,)


def test_a_review_is_not_also_the_periodic_report_its_date_is_near() -> None:
    """The unit also owes an annual report (2025 due 31/12/2025; 2026 not yet due). Its "sơ kết
    5 năm" of 10/05/2026 names no period: it is the review, and no period is guessed for it."""
    obs = {("d", "so-ket"): REVIEW, ("d", "y"): _ob("y", Frequency.ANNUAL)}
    first, y25 = _review(FIRST), _inst("y", "2025", date(2025, 12, 31))
    sub = _sub("r", "bo", date(2026, 5, 10), None,
               title="Báo cáo sơ kết 5 năm thực hiện Chỉ thị")
    g, _, _ = _run([first, y25], [sub], obs, as_of=LATER)
    assert g.satisfies[0] == (first.key,)
    assert all(r.code != "match.period-inferred" for r in g.notes.get(0, ()))


# ---------------------------------------------------------------------------------------
# Ad hoc requests: answered by a report that names them, not by any later report


ADHOC = replace(_ob("dx", Frequency.AD_HOC), kind=ObligationKind.AD_HOC, deadline=None)
ASKED = Request(id="r1", source="yc.csv:2", directive_id="d", obligation_id="dx",
                reporters=("so-a",), requested_on=date(2022, 6, 1), due=date(2022, 6, 15),
                number="123/UBND-KT")


def _asked() -> Instance:
    w = window(ASKED.requested_on, ASKED.due)
    return Instance(
        key=f"d/dx/so-a/{w.label}#r1", directive_id="d", obligation_id="dx", reporter="so-a",
        recipient="bo", via="vu", period=w,
        due=Due(ASKED.due, ASKED.due, ASKED.due, DueBasis.STATED, Reading.BY), cutoff=None,
        request="r1",
    )


@pytest.mark.parametrize(("fields", "answers"), [
    # names nothing: a periodic report (H1 due 20/6 is the nearest), not the answer
    ({"title": "Báo cáo kết quả thực hiện"}, False),
    ({}, False),
    # says it answers a request
    ({"title": "Báo cáo đột xuất tình hình thực hiện"}, True),
    ({"title": "Báo cáo kết quả thực hiện theo yêu cầu"}, True),
    # names the request letter: in its title, its document number, its directive column
    ({"title": "Báo cáo thực hiện Công văn số 123/UBND-KT"}, True),
    ({"document_number": "45/BC-SA (trả lời CV 123/UBND-KT)"}, True),
    ({"raw": {"directive": "123/ubnd-kt"}}, True),
    ({"raw": {"request": "r1"}}, True),
    # naming the periodic obligation, it is that report, whatever its title says
    ({"obligation": "h", "title": "Báo cáo đột xuất tình hình thực hiện"}, False),
])
def test_a_request_is_answered_by_a_report_that_names_it(
    fields: dict[str, object], answers: bool
) -> None:
    """Requested 1/6, due 15/6; the unit also owes the half-yearly h (H1 due 20/6). A record
    of 14/6 naming no period is the one or the other, never both."""
    h1, asked = _inst("h", "2022-H1", date(2022, 6, 20)), _asked()
    obs = {**OBS, ("d", "dx"): ADHOC}
    sub = _sub("a", "bo", date(2022, 6, 14), None, **fields)
    g = group([h1, asked], [sub], obs, AS_OF, requests=[ASKED])
    assert g.satisfies[0] == ((asked.key,) if answers else (h1.key,))


def test_with_no_periodic_report_to_be_a_later_report_answers_the_request() -> None:
    """A unit owing no periodic report on the subject: its report of 14/6 answers the request
    made on 1/6 though it does not name it; one of 31/5, before the request, does not."""
    asked = _asked()
    obs = {("d", "dx"): ADHOC}
    subs = [_sub("a", "bo", date(2022, 6, 14), None), _sub("b", "bo", date(2022, 5, 31), None)]
    g = group([asked], subs, obs, AS_OF, requests=[ASKED])
    assert g.satisfies[0] == (asked.key,)
    assert 1 not in g.satisfies


def test_a_check_tells_how_far_matching_has_gone(tmp_path: Path) -> None:
    """``check(progress=…)``: ("expand", 0, 0) before grouping, ("match", done, records) from
    0 to every record, never backwards, at most 2,000 records apart, then ("judge", 0, 0):
    what the command's bar shows during the longest pass of a national run."""
    import engine

    rows = "".join(f"x{n},Sở TT&TT Tây Ninh,Vụ TĐKT,14/3/2022,2022-Q1,t\n" for n in range(4500))
    (tmp_path / "big.csv").write_text(f"id,reporter,recipient,submitted_on,period,title\n{rows}",
                                      encoding="utf-8")
    book = engine.load_rulebook()
    subs = engine.load_submissions([tmp_path / "big.csv"], book)
    told: list[tuple[str, int, int]] = []
    ev = engine.check(book, subs, date(2023, 3, 1), progress=lambda *t: told.append(t))
    assert len(ev.submissions) == 4500
    matched = [(done, total) for stage, done, total in told if stage == "match"]
    assert matched[0] == (0, 4500)
    assert matched[-1] == (4500, 4500)
    assert all(total == 4500 for _, total in matched)
    steps = [b - a for (a, _), (b, _) in pairwise(matched)]
    assert all(0 < step <= 2000 for step in steps), steps
    stages = [stage for stage, _, _ in told]
    assert stages[0] == "expand"
    assert stages[-1] == "judge"
    assert list(dict.fromkeys(stages)) == ["expand", "match", "judge"]


def test_equal_notes_on_records_are_one_object() -> None:
    """A million records are told a few thousand things (too early for 2024-01, received on
    12/12): each distinct note is one Reason kept to the end of the run, equal to what each
    record would be told alone; one that cannot be remembered is still made."""
    from engine.evaluation.group import _Index

    index = _Index([], {}, None)
    first = index.said("match.too-early", {"period": "2024-01", "received": "2023-12-12",
                                           "opens": "2024-01-01"})
    again = index.said("match.too-early", {"period": "2024-01", "received": "2023-12-12",
                                           "opens": "2024-01-01"})
    other = index.said("match.too-early", {"period": "2024-01", "received": "2023-12-13",
                                           "opens": "2024-01-01"})
    assert first is again
    assert first == Reason("match.too-early", {"period": "2024-01", "received": "2023-12-12",
                                               "opens": "2024-01-01"})
    assert other is not first
    assert other.params["received"] == "2023-12-13"
    assert index.said("subject.not-checked") is index.said("subject.not-checked")
    assert index.said("subject.not-checked") == Reason("subject.not-checked")
    assert index.said("x", {"owed": ["a"]}) == Reason("x", {"owed": ["a"]})  # not hashable


# ---------------------------------------------------------------------------------------
# What grouping keeps per record, compactly (a national run's million records)


@given(st.lists(st.booleans(), max_size=40))
def test_flags_read_as_the_bools_they_were_made_of(values: list[bool]) -> None:
    flags = Flags(values)
    assert len(flags) == len(values)
    assert [flags[i] for i in range(len(values))] == values
    assert all(type(flags[i]) is bool for i in range(len(values)))
    assert list(flags) == values
    assert flags == tuple(values)
    assert bool(flags) == bool(values)


@given(st.lists(st.lists(st.sampled_from(["a/x/u/2022", "b/y/u/2022-Q1"]), max_size=2)
                .map(tuple), max_size=30))
def test_a_record_mapping_is_the_dict_of_the_records_with_something(
        items: list[tuple[str, ...]]) -> None:
    """``ByRecord`` answers as the dict of the non-empty entries it replaces: a record with
    nothing is absent, whatever is asked."""
    mapping = ByRecord(items)
    want = {i: v for i, v in enumerate(items) if v}
    assert dict(mapping) == want
    assert len(mapping) == len(want)
    assert list(mapping) == sorted(want)
    for i in (-1, *range(len(items) + 2), "0"):
        assert (i in mapping) == (i in want)
        assert mapping.get(i, "none") == want.get(i, "none")  # type: ignore[call-overload]
    with pytest.raises(KeyError):
        mapping[len(items)]
