"""Grouping: the plain-Python keys that put submissions beside their instance."""

from __future__ import annotations

from datetime import date

from engine.evaluation.facts import instance_facts, submission_facts
from engine.evaluation.group import Matching, group
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
    Reading,
    Reason,
    Submission,
    SubmissionFact,
    Unit,
)
from engine.rulebook.registry import Registry
from engine.time.periods import half, parse_period, quarter, year

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
        id=sid, source="t:1", raw={}, reporter="so-a", recipient=recipient, submitted_on=on,
        period=parse_period(period) if period else None, **kw,  # type: ignore[arg-type]
    )


OBS = {("d", "q"): _ob("q", Frequency.QUARTERLY), ("d", "h"): _ob("h", Frequency.SEMIANNUAL)}
Q2 = _inst("q", "2022-Q2", date(2022, 6, 20))
H2 = _inst("h", "2022-H2", date(2022, 12, 20))
AS_OF = date(2023, 3, 1)


def _run(
    instances: list[Instance], subs: list[Submission],
    obs: dict[tuple[str, str], Obligation] = OBS, reg: Registry = REG,
) -> tuple[Matching, list[InstanceFact], list[SubmissionFact]]:
    m = group(instances, subs, obs, AS_OF)
    return (m, instance_facts(instances, m, reg.units, AS_OF), submission_facts(subs, m))


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
    assert g.notes[0] == ()


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
    from dataclasses import replace

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
