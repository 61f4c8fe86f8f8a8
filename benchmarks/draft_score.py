"""Duty by duty: how many duties `baocao rules draft` finds, and how many it gets fully right.

    python benchmarks/draft_score.py [-v] [SET.yaml ...]

Without arguments, scores the two sets of tests/fixtures/draft/: `development.yaml` (the
passages the drafter was tuned on) and `held-out.yaml` (written before tuning, never tuned
on). Each set lists passages and, for each, the duties a reader finds in it, written by hand
(tests/fixtures/draft/README.md says how).

Method. The passage is drafted (``draft_data``: the output an author reads) and its candidates
matched one to one with the expected duties:

- a candidate *finds* a duty when its citation holds the duty's ``words`` (folded, punctuation
  ignored) and it is not an ad hoc, quantity or review side duty (unless the duty is one);
- among the candidates finding a duty, the one with the most fields right is taken (pairs are
  assigned best first, each candidate to one duty);
- a duty is *fully right* when all of these agree: reporter (the drafted reporters joined),
  recipient, via (``null`` included: a via the text does not state is wrong), the schedule
  with its deadlines (each report of the year with the deadline that applies to it: day, month,
  reading, and ``from_day``, ``year``, ``offset`` when stated), and the data window (none
  drafted when the text states none).

Candidates that find no duty are counted as ``extra`` (side duties excepted): proposals an
author has to strike out.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from engine.authoring.draft import draft_data, draft_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "draft"
SETS = (FIXTURES / "development.yaml", FIXTURES / "held-out.yaml")
FIELDS = ("reporter", "recipient", "via", "schedule", "deadline", "data_window")
SIDE = {"ad_hoc", "quantity", "review"}
_QUARTERS = ("Q1", "Q2", "Q3", "Q4")
_PERIODS = {"monthly": ("M",), "quarterly": _QUARTERS, "semiannual": ("H1", "H2"),
            "semiannual_and_annual": ("H1", "Y"), "annual": ("Y",), "ad_hoc": ("ad_hoc",),
            "once": ("once",), "multi_year": ("multi_year",)}
_DEADLINE_KEYS = ("day", "month", "reading", "from_day", "year", "offset")


def norm(text: str) -> str:
    """Compared without case or punctuation; "Uỷ"/"Ủy" alike; diacritics kept."""
    text = unicodedata.normalize("NFC", text).casefold().replace("uỷ", "ủy")
    return " ".join(re.findall(r"\w+", text))


def _names(value: Any) -> list[str | None]:
    """The readings an expected name allows: one, or a list of them (``null`` among them)."""
    values = value if isinstance(value, list) else [value]
    return [None if v is None else norm(str(v)) for v in values]


def _deadline(value: Any) -> tuple[tuple[str, Any], ...] | None:
    if not isinstance(value, dict) or value.get("basis") == "assumed":
        return None
    out = []
    for key in _DEADLINE_KEYS:
        v = value.get(key)
        if isinstance(v, dict):
            v = tuple(sorted((k, x) for k, x in v.items() if x is not None and k != "words"))
        if v is not None:
            out.append((key, v))
    return tuple(out) or None


def _code(code: str) -> str:
    return "M" if re.fullmatch(r"M(?:[1-9]|1[0-2])", code) else code


def _calendar(schedule: Any, frequency: Any, deadline: Any) -> dict[str, Any]:
    """Each report of the year (Q1, H1, Y, M: every month) with the deadline that applies."""
    default = _deadline(deadline)
    out: dict[str, Any] = {}
    if isinstance(schedule, dict):  # expected: {H1: {deadline}, Y: {deadline}}
        return {_code(str(k)): _deadline(v) for k, v in schedule.items()}
    if isinstance(schedule, list) and schedule:
        for entry in schedule:
            if isinstance(entry, dict):
                own = _deadline(entry.get("deadline"))
                out[_code(str(entry["period"]))] = own if own is not None else default
            else:
                out[_code(str(entry))] = default
        return out
    return dict.fromkeys(_PERIODS.get(str(frequency), ()), default)


def _data_window(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, v) for k, v in value.items() if k != "words" and v is not None))
    return value


@dataclass(frozen=True)
class Reading:
    """A duty, expected or drafted, in comparable form."""

    reporter: str
    recipient: str | None
    via: str | None
    calendar: dict[str, Any]
    data_window: Any
    citation: str
    kind: str | None


def _drafted(c: dict[str, Any]) -> Reading:
    reporters = ", ".join(c.get("reporters") or [])
    via = c.get("via")
    if isinstance(via, list):
        via = ", ".join(via)
    return Reading(
        reporter=norm(reporters), recipient=norm(c["recipient"]) if c.get("recipient") else None,
        via=norm(via) if via else None,
        calendar=_calendar(c.get("schedule"), c.get("frequency"), c.get("deadline")),
        data_window=_data_window(c.get("data_window")), citation=norm(c.get("citation") or ""),
        kind=c.get("kind"))


def _right(expected: dict[str, Any], got: Reading) -> dict[str, bool]:
    want_calendar = _calendar(expected.get("schedule"), expected.get("frequency"),
                              expected.get("deadline"))
    periods_right = set(want_calendar) == set(got.calendar)
    return {
        "reporter": got.reporter in _names(expected["reporter"]),
        "recipient": got.recipient in _names(expected["recipient"]),
        "via": got.via in _names(expected.get("via")),
        "schedule": periods_right,
        "deadline": periods_right and all(got.calendar[p] == d for p, d in want_calendar.items()),
        "data_window": got.data_window == _data_window(expected.get("data_window")),
    }


@dataclass
class DutyResult:
    passage: str
    words: str
    found: bool
    fields: dict[str, bool] = field(default_factory=dict)
    got: Reading | None = None

    @property
    def right(self) -> bool:
        return self.found and all(self.fields.values())


@dataclass
class SetScore:
    name: str
    duties: list[DutyResult]
    extra: int

    @property
    def found(self) -> int:
        return sum(d.found for d in self.duties)

    @property
    def right(self) -> int:
        return sum(d.right for d in self.duties)

    def fields_right(self) -> Counter[str]:
        return Counter(k for d in self.duties if d.found for k, ok in d.fields.items() if ok)


def score_passage(text_file: Path, duties: list[dict[str, Any]]) -> tuple[list[DutyResult], int]:
    """The expected duties of one passage, each found or not and its fields right or not, and
    the number of candidates (side duties excepted) that find none."""
    candidates = [_drafted(c) for c in draft_data(draft_file(text_file))["candidates"]]
    pairs = []
    for i, duty in enumerate(duties):
        kind = duty.get("kind", "periodic")
        words = norm(duty["words"])
        for j, got in enumerate(candidates):
            if words not in got.citation or (got.kind in SIDE and got.kind != kind):
                continue
            fields = _right(duty, got)
            pairs.append((sum(fields.values()), i, j, fields))
    results = [DutyResult(text_file.name, d["words"], False) for d in duties]
    used: set[int] = set()
    for _, i, j, fields in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if results[i].found or j in used:
            continue
        used.add(j)
        results[i] = DutyResult(text_file.name, duties[i]["words"], True, fields, candidates[j])
    extra = sum(1 for j, c in enumerate(candidates) if j not in used and c.kind not in SIDE)
    return results, extra


def score_set(path: Path) -> SetScore:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    duties: list[DutyResult] = []
    extra = 0
    for passage in spec["passages"]:
        found, more = score_passage(path.parent / passage["file"], passage["duties"])
        duties += found
        extra += more
    return SetScore(path.stem, duties, extra)


def report(s: SetScore, verbose: bool = False) -> str:
    n = len(s.duties)
    fields = s.fields_right()
    lines = [f"{s.name}: found {s.found}/{n} duties, fully right {s.right}/{n}; "
             f"extra candidates {s.extra}",
             "  fields right (of the found): "
             + ", ".join(f"{k} {fields[k]}/{s.found}" for k in FIELDS)]
    for d in s.duties:
        if verbose or not d.right:
            wrong = "not found" if not d.found else ", ".join(
                k for k, ok in d.fields.items() if not ok) or "right"
            lines.append(f"  {d.passage}: {d.words[:60]!r}: {wrong}")
            if verbose and d.got is not None and not d.right:
                lines.append(f"      got {d.got.reporter!r} -> {d.got.recipient!r} "
                             f"via {d.got.via!r}; {d.got.calendar}; {d.got.data_window}")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    paths = [Path(a) for a in argv if a != "-v"] or list(SETS)
    for path in paths:
        print(report(score_set(path), verbose))


if __name__ == "__main__":
    main(sys.argv[1:])
