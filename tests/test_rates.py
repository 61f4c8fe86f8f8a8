"""Rates are computed once, in the views (issue 9): over the instances a unit could owe,
rounded down, never above 100%."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from engine.model import (
    Due,
    DueBasis,
    Instance,
    InstanceResult,
    Period,
    PeriodKind,
    Reading,
    Verdict,
)
from engine.views.build import _rate, figures

Q1 = Period(start=date(2022, 1, 1), end=date(2022, 3, 31), kind=PeriodKind.QUARTER,
            label="2022-Q1")
DUE = Due(nominal=date(2022, 3, 14), last_day=date(2022, 3, 14), due=date(2022, 3, 14),
          basis=DueBasis.STATED, reading=Reading.BY)


def _result(n: int, verdict: Verdict) -> InstanceResult:
    inst = Instance(key=f"d/o/u{n}/2022-Q1", directive_id="d", obligation_id="o",
                    reporter=f"u{n}", recipient="r", via=None, period=Q1, due=DUE, cutoff=None)
    return InstanceResult(instance=inst, verdict=verdict, rule=verdict.value, received=None,
                          submission=None, days_late=0, days_overdue=0)


@given(st.lists(st.sampled_from(list(Verdict)), max_size=60))
def test_figures_add_up_and_rates_stay_in_bounds(verdicts: list[Verdict]) -> None:
    f = figures([_result(i, v) for i, v in enumerate(verdicts)])
    assert f.expected == len(verdicts) - verdicts.count(Verdict.EXEMPT)  # ceased units out
    assert f.assessed == f.on_time + f.late + f.overdue
    assert f.expected == f.assessed + f.pending
    assert f.received == f.on_time + f.late
    if f.assessed == 0:
        assert f.rate_on_time is None
        assert f.rate_received is None
    else:
        assert f.rate_on_time is not None
        assert f.rate_received is not None
        assert 0 <= f.rate_on_time <= f.rate_received <= 1
        assert (f.rate_on_time == 1) == (f.on_time == f.assessed)
        assert f.rate_on_time <= f.on_time / f.assessed  # rounded down, never up


def test_rates_round_down_to_a_tenth_of_a_percent() -> None:
    assert _rate(999, 1000) == 0.999
    assert _rate(9999, 10000) == 0.999  # not 1.0: 100% only when complete
    assert _rate(1, 3) == 0.333
    assert _rate(0, 5) == 0.0
