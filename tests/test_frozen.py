"""engine/model/frozen.py: a frozen dataclass built by writing its slots is the same class,
only faster to build (a million records, reports owed and results in a national run)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.model import InstanceFact, InstanceResult, Submission, SubmissionFact, Verdict
from engine.model.frozen import quick


@dataclasses.dataclass(frozen=True, slots=True)
class _Plain:
    a: int
    b: str
    c: tuple[int, ...] = ()
    d: str | None = None


_Quick = quick(dataclasses.make_dataclass(
    "_Quick", [("a", int), ("b", str), ("c", tuple[int, ...], dataclasses.field(default=())),
               ("d", str | None, dataclasses.field(default=None))],
    frozen=True, slots=True))


@given(st.integers(), st.text(), st.tuples(st.integers()), st.none() | st.text())
def test_built_as_the_dataclass_says(a: int, b: str, c: tuple[int, ...], d: str | None) -> None:
    """Positional, keyword and defaulted arguments give the fields the dataclass would."""
    for args, kwargs in (((a, b, c, d), {}), ((a,), {"b": b, "d": d}), ((), {"b": b, "a": a})):
        plain, fast = _Plain(*args, **kwargs), _Quick(*args, **kwargs)
        assert dataclasses.astuple(fast) == dataclasses.astuple(plain)
        assert fast == _Quick(*args, **kwargs)
        assert hash(fast) == hash(_Quick(*args, **kwargs))


def test_still_frozen_and_copied_and_pickled() -> None:
    fact = InstanceFact(True, -1, 3, True, True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fact.received = False  # type: ignore[misc]
    assert fact.before_inputs is False  # the default
    assert pickle.loads(pickle.dumps(fact)) == fact
    assert copy.copy(fact) == fact
    assert dataclasses.replace(fact, received=False).received is False
    sub = Submission("r1", "so-den.csv:2", {"id": "r1"}, submitted_on=date(2024, 1, 5))
    assert (sub.reporter, sub.problems, sub.submitted_on) == (None, (), date(2024, 1, 5))
    assert Submission.__init__.__qualname__ == "Submission.__init__"


def test_wrong_arguments_are_refused_as_the_dataclass_refuses_them() -> None:
    with pytest.raises(TypeError):
        SubmissionFact(True)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        InstanceResult(None, Verdict.LATE, "late", None, None, 1, 0, nope=1)  # type: ignore


def test_only_for_classes_it_builds_the_same() -> None:
    @dataclasses.dataclass(slots=True)
    class Open:
        a: int

    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Factory:
        a: list[int] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True, slots=True)
    class After:
        a: int

        def __post_init__(self) -> None:
            pass

    for cls in (Open, NoSlots, Factory, After, int):
        with pytest.raises(TypeError):
            quick(cls)
