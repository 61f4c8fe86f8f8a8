"""``baocao rules test``: data-driven cases beside the rules (facts in, verdicts expected out).

A case file (``rules/tests/*.yaml``, ``schemas/cases.schema.json``) lists cases: an as-of
date, the reports received (inline submission records) and the expected verdict of named
instances and disposition of named submissions. Each case is one ``engine.check`` run; every
expectation is compared field by field, so a failure says what was expected and what came out,
with the file and line of the case and of the expectation, and why: the decision rule that
fired (rules/decisions.yaml) and the reasons the engine gave. An instance key that cannot name
an expected report (an obligation the directive does not have, a unit not registered, a period
that cannot be read or that the obligation never asks for) is refused, located, with the
nearest id or period ("did you mean"). Coverage says, per obligation, which verdicts and
dispositions the cases exercise and which they never do (``directives``: of those only).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from engine.errors import BaocaoError, Problem
from engine.evaluation import Filters, check
from engine.evaluation.expand import obligation_periods
from engine.evaluation.scope import Horizon
from engine.model import (
    EVALUATED_KINDS,
    Directive,
    Disposition,
    Evaluation,
    Obligation,
    ObligationKind,
    Period,
    Reason,
    SubmissionResult,
    Verdict,
)
from engine.rulebook import RuleBook, bundled_rules_dir
from engine.rulebook.registry import UnitResolutionError
from engine.rulebook.schemas import validate
from engine.sources.located import Located, escape_pointer_token
from engine.sources.text import resolved
from engine.submissions import build_submissions, records_at
from engine.time.periods import PeriodParseError, parse_period

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
    """One expectation checked: no mismatches means it held.

    Why it came out as it did, for a failure to say: ``rule``, the decision rule that fired
    (rules/decisions.yaml), and ``reasons``, the engine's reasons, as codes; ``facts``, what
    the engine read and computed (an instance: due, received, submission; a submission:
    reporter, recipient, period, received, candidates, routed; ``rule_at``: the rule's file
    and line). ``missing``: nothing came out
    under ``ref``; ``known`` then lists what did (this unit's periods of the obligation, or
    the units owing that period, or the case's submission ids)."""

    kind: str
    ref: str
    line: int
    mismatches: tuple[Mismatch, ...]
    rule: str = ""
    reasons: tuple[Reason, ...] = ()
    facts: Mapping[str, str] = field(default_factory=dict)
    missing: bool = False
    known: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseResult:
    name: str
    file: str
    line: int
    outcomes: tuple[Outcome, ...]
    as_of: date = date.min

    @property
    def passed(self) -> bool:
        return all(not o.mismatches for o in self.outcomes)


@dataclass(frozen=True)
class CoverageRow:
    """Per obligation: the verdicts and dispositions its cases exercise, and those they never
    do (of the ones it can produce)."""

    directive: str  # its label (number as written)
    obligation: str
    verdicts: tuple[str, ...]
    verdicts_missing: tuple[str, ...]
    dispositions: tuple[str, ...]
    dispositions_missing: tuple[str, ...]
    directive_id: str = ""


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


def run_cases(book: RuleBook, tests_dir: Path | None = None,
              directives: Sequence[str] = ()) -> CaseRun:
    """Every case of every ``*.yaml`` file in ``tests_dir`` (default: the rules' tests/).

    Case files that cannot be read, or whose instance keys name no expected report the rules
    could ever produce, raise one BaocaoError with every problem (exit 2), as do
    ``directives`` (ids or numbers, ``--directive``) that name none of the rules'; a case
    whose expectations do not hold is a failure, not an error. The coverage lists the
    obligations of ``directives`` only, when some are given.
    """
    chosen: set[str] = set()
    wrong: list[Problem] = []
    for text in directives:
        try:
            chosen.add(book.find_directive(text).id)
        except BaocaoError as err:
            wrong += err.problems
    if wrong:
        raise BaocaoError(wrong)
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
        coverage=tuple(
            row for row in _coverage(book, [(c, ev) for c, (_, ev)
                                            in zip(cases, results, strict=True)])
            if not chosen or row.directive_id in chosen),
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
    keys = _Keys(book, located, directive_id, bool(raw.get("directive")), as_of)
    expectations: list[Expectation] = []
    expect = raw["expect"]
    for key, value in (expect.get("instances") or {}).items():
        pointer = f"{at}/expect/instances/{escape_pointer_token(key)}"
        ref = keys.ref(str(key), pointer, key=True)
        fields = {"verdict": value} if isinstance(value, str) else dict(value)
        expectations.append(Expectation("instance", ref, _as_text(fields),
                                        located.where_key(pointer)[0]))
    for key, value in (expect.get("submissions") or {}).items():
        pointer = f"{at}/expect/submissions/{escape_pointer_token(key)}"
        fields = {"disposition": value} if isinstance(value, str) else dict(value)
        if isinstance(fields.get("instances"), list):
            fields["instances"] = [keys.ref(str(item), f"{pointer}/instances/{n}")
                                   for n, item in enumerate(fields["instances"])]
        expectations.append(Expectation("submission", str(key), _as_text(fields),
                                        located.where_key(pointer)[0]))
    problems += keys.problems
    case = Case(raw["name"], located.file, located.where(at)[0], as_of, located, i,
                directive_id, tuple(expectations))
    return case, problems


# -- instance keys: a typo is refused, located, with the nearest id or period -------------

_CLOSE = 0.6  # difflib's ratio from which an id or a period is offered as "did you mean"
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


class _Keys:
    """Reads a case's instance keys (``directive/obligation/reporter/period``, or without the
    directive when the case names one) into the keys the engine gives its expected reports.

    A key that could never name one is a mistake in the case file, not a failing case: an
    obligation the directive does not have, a unit not in units.yaml, a period that cannot be
    read, or one the obligation never asks for (not in its schedule, or not while it is in
    force). Each is a located problem with the nearest id or period (difflib). A period written
    another way ("quý II/2022", "2022-5") is read as its label."""

    def __init__(self, book: RuleBook, located: Located, directive_id: str | None,
                 directive_given: bool, as_of: date) -> None:
        self.book = book
        self.located = located
        self.directive_id = directive_id
        self.directive_given = directive_given
        self.as_of = as_of
        self.problems: list[Problem] = []

    def _problem(self, pointer: str, key: bool, code: str, message: str,
                 **params: Any) -> None:
        self.problems.append(self.located.problem(pointer, code, message, key=key, **params))

    def ref(self, text: str, pointer: str, *, key: bool = False) -> str:
        parts = text.split("/")
        directive, rest = self._split(parts)
        if directive is None:
            if len(parts) >= 4:
                self._unknown_directive("/".join(parts[:-3]), pointer, key)
            elif len(parts) == 3 and not self.directive_given:
                self._problem(
                    pointer, key, "case.bad-instance",
                    f"{text!r} names no directive: write directive/obligation/reporter/"
                    "period, or give the case a directive:", key_text=text,
                    variant="no-directive")
            elif len(parts) < 3:
                self._bad_instance(text, pointer, key)
            return text  # else the case's directive: was refused already
        ob_id, unit, label = rest[0], rest[1], "/".join(rest[2:])
        if not (ob_id and unit and label):
            self._bad_instance(text, pointer, key)
            return text
        ob = self.book.obligations.get((directive.id, ob_id))
        if ob is None:
            known = tuple(o.id for o in directive.obligations)
            close = difflib.get_close_matches(ob_id, known, n=1, cutoff=_CLOSE)
            self._problem(pointer, key, "case.unknown-obligation",
                          f"{directive.label} has no obligation {ob_id!r}{_hint(close)}; its "
                          f"obligations: {', '.join(known)}", directive=directive.label,
                          obligation=ob_id, known=known, candidates=tuple(close))
        elif ob.kind not in EVALUATED_KINDS:
            self._problem(pointer, key, "case.unknown-obligation",
                          f"{ob_id!r} of {directive.label} is an activity: it asks for no "
                          "report, so no verdict is ever given for it",
                          directive=directive.label, obligation=ob_id, variant="activity")
            ob = None
        self._unit(unit, ob, pointer, key)
        if ob is not None and "#" not in label and ob.kind is not ObligationKind.AD_HOC:
            label = self._period(label, ob, directive, pointer, key)
        return f"{directive.id}/{ob_id}/{unit}/{label}"

    def _split(self, parts: list[str]) -> tuple[Directive | None, list[str]]:
        """The directive a key names, and the rest: obligation, reporter, then the period,
        which may hold a '/' ("quý II/2022"). The directive is written first, by id or by
        number ("103/CT-BTTTT" holds a '/' too), or left out when the case names one."""
        ids = {d.id: d for d in self.book.directives}
        heads = range(1, len(parts) - 2)
        for k in heads:
            if "/".join(parts[:k]) in ids:
                return ids["/".join(parts[:k])], parts[k:]
        own = ids.get(self.directive_id or "")
        if own is not None and len(parts) >= 3 and (
                len(parts) == 3 or parts[1] in self.book.registry.units
                or any(o.id == parts[0] for o in own.obligations)):
            return own, parts
        for k in heads:
            try:  # its number, as written elsewhere
                return self.book.find_directive("/".join(parts[:k])), parts[k:]
            except BaocaoError:
                continue
        return None, parts

    def _bad_instance(self, text: str, pointer: str, key: bool) -> None:
        self._problem(pointer, key, "case.bad-instance",
                      f"{text!r} is not an instance key: expected directive/obligation/"
                      "reporter/period, e.g. ct-103-btttt-2021/bao-cao-quy/"
                      "so-tttt-tay-ninh/2022-Q1", key_text=text)

    def _unknown_directive(self, head: str, pointer: str, key: bool) -> None:
        known = tuple(d.id for d in self.book.directives)
        close = difflib.get_close_matches(head, known, n=1, cutoff=_CLOSE)
        self._problem(pointer, key, "case.unknown-directive",
                      f"the rules have no directive {head!r}{_hint(close)}", value=head,
                      candidates=tuple(close), variant="key")

    def _unit(self, unit: str, ob: Obligation | None, pointer: str, key: bool) -> None:
        registry = self.book.registry
        if unit in registry.units:
            return
        reporters: Sequence[str] = ()
        if ob is not None:
            try:
                reporters = registry.expand(ob.reporters)
            except KeyError:
                reporters = ()
        close = (difflib.get_close_matches(unit, reporters, n=1, cutoff=_CLOSE)
                 or difflib.get_close_matches(unit, list(registry.units), n=1, cutoff=0.8))
        if not close:  # a name instead of an id: "Sở TT&TT Tây Ninh"
            try:
                close = [registry.resolve(unit)]
            except UnitResolutionError:
                close = []
        self._problem(pointer, key, "case.unknown-unit",
                      f"{unit!r} is not a unit id of units.yaml{_hint(close)}", unit=unit,
                      candidates=tuple(close))

    def _period(self, label: str, ob: Obligation, directive: Directive, pointer: str,
                key: bool) -> str:
        where = {"obligation": ob.id, "directive": directive.label, "period": label}
        try:
            wanted = parse_period(label)
        except PeriodParseError:
            years = {int(y) for y in _YEAR.findall(label) if 1000 <= int(y) <= 9999}
            owed = _owed(ob, years or ({self.as_of.year} if self.as_of != date.min else set()))
            close = sorted(difflib.get_close_matches(label, [p.label for p in owed], n=4,
                                                     cutoff=_CLOSE),
                           key=lambda x: next(p for p in owed if p.label == x))
            self._problem(pointer, key, "case.bad-period",
                          f"period {label!r} cannot be read{_hint(close)}; expected a label "
                          "like 2022, 2022-H1, 2022-Q3, 2022-05, 2022-9M or "
                          "2022-07-01..2023-03-31", candidates=tuple(close), **where)
            return label
        first, last = wanted.start.year, wanted.end.year
        # a window of centuries is a typo too: no duty's period spans more than a few years
        years = set(range(first, last + 1)) if last - first <= 12 else {first, last}
        owed = _owed(ob, years)
        if any(p.label == wanted.label for p in owed):
            return wanted.label
        start, end = ob.in_force.start, ob.in_force.end
        in_force = f"{start.isoformat()}..{end.isoformat() if end else ''}"
        if owed:
            span = ", ".join(str(y) for y in sorted(years))
            said = f"its periods in {span}: {', '.join(p.label for p in owed)}"
            params: dict[str, Any] = {"years": span, "periods": tuple(p.label for p in owed),
                                      "variant": "year"}
        else:  # not in force then: the periods of its first or last year in force
            owed = _owed(ob, {start.year} if wanted.end < start or end is None
                         else {end.year})
            said = f"it is in force {in_force}"
            params = {"in_force": in_force, "variant": "in-force"}
        close = _nearest(wanted, owed)
        where["period"] = wanted.label
        self._problem(pointer, key, "case.period-not-owed",
                      f"{ob.id} of {directive.label} asks for no report of period "
                      f"{wanted.label!r}{_hint(close)}; {said}", candidates=tuple(close),
                      **where, **params)
        return wanted.label


def _hint(close: Sequence[str]) -> str:
    if not close:
        return ""
    quoted = [repr(c) for c in close]
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f" (did you mean {listed}?)"


def _owed(ob: Obligation, years: Iterable[int]) -> list[Period]:
    """The periods ``ob`` asks a report for in ``years`` (while in force), in order."""
    found: dict[str, Period] = {}
    for y in sorted(years):
        if not 1000 <= y <= 9999:
            continue
        for owed in obligation_periods(ob, Horizon(date(y, 1, 1), date(y, 12, 31))):
            found.setdefault(owed.period.label, owed.period)
    return sorted(found.values(), key=lambda p: (p.end, p.start))


def _nearest(wanted: Period, owed: Sequence[Period]) -> list[str]:
    """The owed period whose label is closest to ``wanted``'s (difflib), ties and no close
    label settled by time: the same kind of period first, then the nearest end."""
    if not owed:
        return []
    scored = [(difflib.SequenceMatcher(None, wanted.label, p.label).ratio(), p) for p in owed]
    best = max(score for score, _ in scored)
    pool = [p for score, p in scored if score == best] if best >= _CLOSE else list(owed)
    nearest = min(pool, key=lambda p: (p.kind != wanted.kind,
                                       abs((p.end - wanted.end).days), p.start))
    return [nearest.label]


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
        facts: dict[str, str] | None
        rule = ""
        reasons: tuple[Reason, ...] = ()
        if exp.kind == "instance":
            res = instances.get(exp.ref)
            facts = None if res is None else {
                "verdict": res.verdict.value, "due": res.instance.due.due.isoformat(),
                "days_late": str(res.days_late), "days_overdue": str(res.days_overdue),
                "submission": res.submission or "", "rule": res.rule,
                "received": res.received.isoformat() if res.received else ""}
            if res is not None:
                rule, reasons = res.rule, res.reasons
        else:
            sub = subs.get(exp.ref)
            facts = None if sub is None else _submission_facts(sub)
            if sub is not None:
                rule, reasons = sub.rule, sub.reasons
        if facts is None:
            kind, known = _known(exp, ev)
            outcomes.append(Outcome(exp.kind, exp.ref, exp.line,
                                    (Mismatch(exp.kind, exp.ref, ""),), facts={"known": kind},
                                    missing=True, known=known))
            continue
        mismatches = tuple(Mismatch(name, want, facts.get(name, ""))
                           for name, want in exp.fields if facts.get(name, "") != want)
        if rule:
            facts["rule_at"] = _rule_at(book, rule)
        outcomes.append(Outcome(exp.kind, exp.ref, exp.line, mismatches, rule, reasons, facts))
    return CaseResult(case.name, case.file, case.line, tuple(outcomes), case.as_of), ev


def _rule_at(book: RuleBook, name: str) -> str:
    """Where a decision rule is written, named as the case files are: rules/decisions.yaml:52."""
    path = Path(book.decisions.file)
    shown = str(path)
    # a rules folder without its own decisions.yaml uses baocao's: named as in the package
    for base in (book.root, bundled_rules_dir()):
        try:
            shown = (resolved(path.parent) / path.name).relative_to(
                resolved(base).parent).as_posix()
            break
        except ValueError:
            continue
    try:
        return f"{shown}:{book.decisions.rule(name).line}"
    except KeyError:
        return shown


def _submission_facts(sub: SubmissionResult) -> dict[str, str]:
    """How the record was read, and what it was compared with: the reports its unit owes for
    its period (``candidates``) and, of those, the ones owed to its recipient (``routed``)."""
    s = sub.submission
    return {
        "disposition": sub.disposition.value, "rule": sub.rule,
        "instances": ", ".join(sorted(sub.instances)),
        "reporter": s.reporter or "", "recipient": s.recipient or "",
        "period": s.period.label if s.period else "",
        "received": s.submitted_on.isoformat() if s.submitted_on else "",
        "candidates": ", ".join(sub.candidates), "routed": ", ".join(sub.routed),
    }


def _known(exp: Expectation, ev: Evaluation) -> tuple[str, tuple[str, ...]]:
    """What did come out, near an expectation that names nothing, and what it is: the
    ``periods`` this unit owes under the obligation as of the case's date, else the ``units``
    owing that period; the ``ids`` of the case's submissions."""
    if exp.kind != "instance":
        return "ids", tuple(r.submission.id for r in ev.submissions)
    d_id, ob_id, unit, period = [*exp.ref.split("/"), "", "", "", ""][:4]
    mine = [r.instance for r in ev.instances
            if (r.instance.directive_id, r.instance.obligation_id) == (d_id, ob_id)]
    periods = tuple(dict.fromkeys(i.period.label for i in mine if i.reporter == unit))
    if periods:
        return "periods", periods
    return "units", tuple(dict.fromkeys(i.reporter for i in mine if i.period.label == period))


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
                directive_id=d.id,
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
