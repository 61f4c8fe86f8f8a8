"""``baocao rules test``: data-driven cases beside the rules (facts in, verdicts expected out).

A case file (``rules/tests/*.yaml``, ``schemas/cases.schema.json``) lists cases: an as-of
date, the reports received (inline submission records) and the expected verdict of named
instances and disposition of named submissions. Each case is one ``engine.check`` run; every
expectation is compared field by field, so a failure says what was expected and what came out,
with the file and line of the case and of the expectation. Coverage says, per obligation,
which verdicts and dispositions the cases exercise and which they never do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from engine.errors import BaocaoError, Problem
from engine.evaluation import Filters, check
from engine.model import (
    EVALUATED_KINDS,
    Disposition,
    Evaluation,
    Obligation,
    ObligationKind,
    Verdict,
)
from engine.rulebook import RuleBook
from engine.rulebook.schemas import validate
from engine.sources.located import Located, escape_pointer_token
from engine.sources.text import resolved
from engine.submissions import build_submissions, records_at

__all__ = ["CaseRun", "CoverageRow", "Mismatch", "Outcome", "run_cases"]

_SINCE = date(1900, 1, 1)  # every period a case names is shown, however old
_OBLIGATION_DISPOSITIONS = (Disposition.MATCHED, Disposition.DUPLICATE, Disposition.MISROUTED)


@dataclass(frozen=True)
class Expectation:
    kind: str  # "instance" | "submission"
    ref: str  # instance key or submission id
    fields: tuple[tuple[str, str], ...]  # (field, expected value as text)
    line: int


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    line: int
    as_of: date
    located: Located
    index: int
    directive_id: str | None
    expectations: tuple[Expectation, ...]


@dataclass(frozen=True)
class Mismatch:
    field: str
    expected: str
    actual: str


@dataclass(frozen=True)
class Outcome:
    """One expectation checked: no mismatches means it held."""

    kind: str
    ref: str
    line: int
    mismatches: tuple[Mismatch, ...]


@dataclass(frozen=True)
class CaseResult:
    name: str
    file: str
    line: int
    outcomes: tuple[Outcome, ...]

    @property
    def passed(self) -> bool:
        return all(not o.mismatches for o in self.outcomes)


@dataclass(frozen=True)
class CoverageRow:
    """Per obligation: the verdicts and dispositions its cases exercise, and those they never
    do (of the ones it can produce)."""

    directive: str
    obligation: str
    verdicts: tuple[str, ...]
    verdicts_missing: tuple[str, ...]
    dispositions: tuple[str, ...]
    dispositions_missing: tuple[str, ...]


@dataclass(frozen=True)
class CaseRun:
    files: tuple[str, ...]
    results: tuple[CaseResult, ...]
    coverage: tuple[CoverageRow, ...]

    @property
    def failed(self) -> int:
        return sum(not r.passed for r in self.results)

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)


def run_cases(book: RuleBook, tests_dir: Path | None = None) -> CaseRun:
    """Every case of every ``*.yaml`` file in ``tests_dir`` (default: the rules' tests/).

    Case files that cannot be read raise one BaocaoError with every problem (exit 2); a case
    whose expectations do not hold is a failure, not an error.
    """
    folder = tests_dir or book.root / "tests"
    if not folder.is_dir():
        raise BaocaoError([Problem(str(folder), 0, 0, "file.missing",
                                   "no tests/ folder of rule test cases (rules/tests/*.yaml)",
                                   params={"variant": "tests"})])
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise BaocaoError([Problem(str(folder), 0, 0, "file.missing",
                                   "no *.yaml rule test cases in this folder",
                                   params={"variant": "cases"})])
    cases = _read_cases(paths, book, folder)
    results = tuple(_run(case, book) for case in cases)
    return CaseRun(
        files=tuple(_name(p, folder) for p in paths),
        results=tuple(r for r, _ in results),
        coverage=_coverage(book, [(c, ev) for c, (_, ev) in zip(cases, results, strict=True)]),
    )


def _name(path: Path, folder: Path) -> str:
    try:
        return (resolved(path.parent) / path.name).relative_to(
            resolved(folder).parent.parent).as_posix()
    except ValueError:
        return str(path)


# -- reading ------------------------------------------------------------------------------


def _read_cases(paths: Sequence[Path], book: RuleBook, folder: Path) -> list[Case]:
    from engine.sources.yaml import load_yaml

    problems: list[Problem] = []
    cases: list[Case] = []
    for path in paths:
        try:
            located = load_yaml(path, display_name=_name(path, folder))
        except BaocaoError as err:
            problems += err.problems
            continue
        schema = validate(located, "cases")
        if schema:
            problems += schema
            continue
        seen: dict[str, int] = {}
        for i, raw in enumerate(located.data["cases"]):
            case, found = _case(located, i, raw, book)
            if case.name in seen:
                found.append(located.problem(
                    f"/cases/{i}/name", "case.duplicate-name",
                    f"case {case.name!r} is already defined at line {seen[case.name]}",
                    name=case.name, first=seen[case.name]))
            seen.setdefault(case.name, case.line)
            problems += found
            cases.append(case)
    if problems:
        raise BaocaoError(problems)
    return cases


def _case(located: Located, i: int, raw: Mapping[str, Any],
          book: RuleBook) -> tuple[Case, list[Problem]]:
    at = f"/cases/{i}"
    problems: list[Problem] = []
    try:
        as_of = date.fromisoformat(raw["as_of"])
    except ValueError:
        as_of = date.min
        problems.append(located.problem(
            f"{at}/as_of", "case.bad-date",
            f"as_of {raw['as_of']!r} is not a real date; expected YYYY-MM-DD, e.g. 2023-03-01",
            value=str(raw["as_of"])))
    directive_id = None
    if raw.get("directive"):
        try:
            directive_id = book.find_directive(raw["directive"]).id
        except BaocaoError as err:
            problems.append(located.problem(
                f"{at}/directive", "case.unknown-directive", err.problems[0].message,
                value=str(raw["directive"])))
    expectations: list[Expectation] = []
    expect = raw["expect"]
    for key, value in (expect.get("instances") or {}).items():
        pointer = f"{at}/expect/instances/{escape_pointer_token(key)}"
        ref = key if key.count("/") >= 3 or directive_id is None else f"{directive_id}/{key}"
        fields = {"verdict": value} if isinstance(value, str) else dict(value)
        expectations.append(Expectation("instance", ref, _as_text(fields),
                                        located.where_key(pointer)[0]))
    for key, value in (expect.get("submissions") or {}).items():
        pointer = f"{at}/expect/submissions/{escape_pointer_token(key)}"
        fields = {"disposition": value} if isinstance(value, str) else dict(value)
        expectations.append(Expectation("submission", str(key), _as_text(fields),
                                        located.where_key(pointer)[0]))
    case = Case(raw["name"], located.file, located.where(at)[0], as_of, located, i,
                directive_id, tuple(expectations))
    return case, problems


def _as_text(fields: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    out = []
    for name, value in fields.items():
        if isinstance(value, list):
            value = ", ".join(sorted(str(v) for v in value))
        out.append((name, "" if value is None else str(value)))
    return tuple(out)


# -- running ------------------------------------------------------------------------------


def _run(case: Case, book: RuleBook) -> tuple[CaseResult, Evaluation]:
    records = records_at(case.located, f"/cases/{case.index}/submissions")
    submissions = build_submissions(records, book.registry, book.directives)
    ev = check(book, submissions, case.as_of, Filters(since=_SINCE))
    instances = {r.instance.key: r for r in ev.instances}
    subs = {r.submission.id: r for r in ev.submissions}
    outcomes = []
    for exp in case.expectations:
        actual: dict[str, str] | None
        if exp.kind == "instance":
            res = instances.get(exp.ref)
            actual = None if res is None else {
                "verdict": res.verdict.value, "due": res.instance.due.due.isoformat(),
                "days_late": str(res.days_late), "days_overdue": str(res.days_overdue),
                "submission": res.submission or ""}
        else:
            sub = subs.get(exp.ref)
            actual = None if sub is None else {
                "disposition": sub.disposition.value,
                "instances": ", ".join(sorted(sub.instances))}
        mismatches: tuple[Mismatch, ...]
        if actual is None:
            what = ("no such expected report as of " + case.as_of.isoformat()
                    if exp.kind == "instance" else "no submission with this id in the case")
            mismatches = (Mismatch(exp.kind, exp.ref, what),)
        else:
            mismatches = tuple(Mismatch(name, want, actual.get(name, ""))
                               for name, want in exp.fields if actual.get(name, "") != want)
        outcomes.append(Outcome(exp.kind, exp.ref, exp.line, mismatches))
    return CaseResult(case.name, case.file, case.line, tuple(outcomes)), ev


# -- coverage -----------------------------------------------------------------------------


def _coverage(book: RuleBook, runs: Iterable[tuple[Case, Evaluation]]) -> tuple[CoverageRow, ...]:
    verdicts: dict[tuple[str, str], set[str]] = {}
    dispositions: dict[tuple[str, str], set[str]] = {}
    for case, ev in runs:
        named_i = {e.ref for e in case.expectations if e.kind == "instance"}
        named_s = {e.ref for e in case.expectations if e.kind == "submission"}
        for r in ev.instances:
            if r.instance.key in named_i:
                key = (r.instance.directive_id, r.instance.obligation_id)
                verdicts.setdefault(key, set()).add(r.verdict.value)
        for s in ev.submissions:
            if s.submission.id not in named_s or s.disposition not in _OBLIGATION_DISPOSITIONS:
                continue
            keys = s.instances or s.routed or s.candidates
            for k in keys:
                d_id, o_id = k.split("/")[:2]
                dispositions.setdefault((d_id, o_id), set()).add(s.disposition.value)
    rows = []
    for d in book.directives:
        for ob in d.obligations:
            if ob.kind not in EVALUATED_KINDS:
                continue
            key = (d.id, ob.id)
            possible = _possible_verdicts(book, ob)
            seen_v = verdicts.get(key, set())
            seen_d = dispositions.get(key, set())
            rows.append(CoverageRow(
                directive=d.label,
                obligation=ob.id,
                verdicts=tuple(v for v in possible if v in seen_v),
                verdicts_missing=tuple(v for v in possible if v not in seen_v),
                dispositions=tuple(x.value for x in _OBLIGATION_DISPOSITIONS
                                   if x.value in seen_d),
                dispositions_missing=tuple(x.value for x in _OBLIGATION_DISPOSITIONS
                                           if x.value not in seen_d),
            ))
    return tuple(rows)


def _possible_verdicts(book: RuleBook, ob: Obligation) -> tuple[str, ...]:
    """Exempt only when a reporter ceases while the obligation is in force."""
    out = [Verdict.ON_TIME, Verdict.LATE, Verdict.OVERDUE, Verdict.PENDING]
    end = ob.in_force.end or date.max
    if ob.kind is ObligationKind.TASK and ob.windows:
        end = min(end, max(w.end for w in ob.windows) if ob.windows else end)
    units = book.registry.units
    if any((u := units.get(r)) is not None and u.valid_to is not None
           and ob.in_force.start <= u.valid_to < end
           for r in book.registry.expand(ob.reporters)):
        out.append(Verdict.EXEMPT)
    return tuple(v.value for v in out)
