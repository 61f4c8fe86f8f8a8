"""A large run's memory: what a pass freed is given back to the system before the next
(engine/memory.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import engine
from engine import memory
from engine.evaluation import Filters, check

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"


def test_give_back_trims_the_c_heap_where_glibc_has_a_way_and_does_nothing_elsewhere(
        monkeypatch: pytest.MonkeyPatch) -> None:
    if memory._TRIM is not None:  # glibc (Linux)
        assert memory.give_back(memory.LARGE) is True
    assert memory.give_back(memory.LARGE - 1) is False  # an office's batch: not worth it
    monkeypatch.setattr(memory, "_TRIM", None)
    assert memory.give_back(memory.LARGE) is False  # no way to: nothing done, nothing raised


def test_only_a_large_batch_gives_memory_back(monkeypatch: pytest.MonkeyPatch,
                                              book: engine.RuleBook) -> None:
    """The passes of an office's batch are not interrupted; a national one's are, between
    each pass, and the verdicts are the same either way."""
    trims: list[int] = []
    monkeypatch.setattr(memory, "_TRIM", lambda pad: trims.append(pad) or 1)
    subs = engine.load_submissions([EXAMPLES], book)
    small = check(book, subs, date(2023, 3, 1), Filters())
    assert trims == []
    monkeypatch.setattr(memory, "LARGE", 1)
    large = check(book, subs, date(2023, 3, 1), Filters())
    assert trims == [0, 0, 0]  # after expanding, after grouping, before the records' results
    assert large == small


def test_a_large_batch_read_gives_back_what_reading_freed(
        monkeypatch: pytest.MonkeyPatch, book: engine.RuleBook) -> None:
    trims: list[int] = []
    monkeypatch.setattr(memory, "_TRIM", lambda pad: trims.append(pad) or 1)
    engine.load_batch([EXAMPLES], book)
    assert trims == []
    monkeypatch.setattr(memory, "LARGE", 1)
    engine.load_batch([EXAMPLES], book)
    assert trims == [0]
