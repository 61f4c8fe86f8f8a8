"""The library's entry points: load a rule book, load submissions, check them.

Stages run in this order, and the order matters: load (YAML → positioned data) → check
(schemas, then semantics; all problems collected) → compile (typed model; durable_rules
definitions) → expand (instances in a horizon) → group (plain-Python keys) → decide
(durable_rules, accounted) → results. A problem in an early stage stops the run before any
verdict is printed, so a half-checked rule book never produces verdicts.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from engine._yaml import load_yaml
from engine.calendar import WorkCalendar
from engine.decisions import Decisions, load_decisions, ruleset_definitions
from engine.errors import BaocaoError, Problem, problem
from engine.evaluate import decide
from engine.expand import Horizon, expand, not_evaluated
from engine.match import group
from engine.model import (
    Directive,
    Disposition,
    Evaluation,
    Instance,
    InstanceResult,
    Obligation,
    Period,
    Policy,
    Submission,
    SubmissionResult,
    Verdict,
)
from engine.periods import PeriodParseError, contains, parse_period
from engine.rules import load_directives, load_policies
from engine.schemas import validate
from engine.submissions import DirectiveIndex
from engine.submissions import load_submissions as _load_submissions
from engine.units import Registry, UnitResolutionError, load_registry

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
T = TypeVar("T")


def today_vn() -> date:
    return datetime.now(VN_TZ).date()


def bundled_rules_dir() -> Path:
    """The rules shipped with the package (installed), or the repo's rules/ (source tree).

    ``baocao_rules`` is a data-only namespace package, so its location comes from the import
    spec (``importlib.resources`` would hand back a multiplexed, non-filesystem path).
    """
    spec = importlib.util.find_spec("baocao_rules")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / "units.yaml").is_file():
            return Path(location)
    return Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class RuleBook:
    root: Path
    registry: Registry
    directives: tuple[Directive, ...]
    policies: Mapping[str, Policy]
    calendar: WorkCalendar
    decisions: Decisions
    obligations: Mapping[tuple[str, str], Obligation] = field(default_factory=dict)

    def directive(self, directive_id: str) -> Directive:
        for d in self.directives:
            if d.id == directive_id:
                return d
        raise KeyError(directive_id)

    def find_directive(self, text: str) -> Directive:
        """By id or by number as written (case, spaces, diacritics and '-'/'/' slips ignored)."""
        try:
            return DirectiveIndex(self.directives).find(text)
        except LookupError as err:
            raise BaocaoError([problem("option.directive", str(err), file="--directive")]) from err


def load_rulebook(rules_dir: Path | None = None) -> RuleBook:
    root = rules_dir or bundled_rules_dir()
    if not root.is_dir():
        raise BaocaoError([problem("file.missing", f"rules directory not found: {root}")])
    problems: list[Problem] = []
    needed = ["units.yaml", "decisions.yaml", "calendar/policies.yaml",
              "calendar/vn-adjustments.yaml"]
    for rel in needed:
        if not (root / rel).is_file():
            problems.append(problem("file.missing", f"{rel} not found in rules directory {root}"))
    if not (root / "directives").is_dir():
        problems.append(problem("file.missing", f"directives/ not found in {root}"))
    if problems:
        raise BaocaoError(problems)

    def stage(fn: Callable[..., T], *args: Any) -> T | None:
        # Every stage runs even when an earlier one failed, so all problems show at once.
        try:
            return fn(*args)
        except BaocaoError as err:
            problems.extend(err.problems)
            return None

    registry = stage(load_registry, root / "units.yaml")
    policies = stage(load_policies, root / "calendar" / "policies.yaml")
    decisions = stage(load_decisions, root / "decisions.yaml")
    calendar = stage(_load_calendar, root / "calendar" / "vn-adjustments.yaml")
    directives = None
    if registry is not None and policies is not None:
        directives = stage(load_directives, root / "directives", registry, policies)
    if problems or registry is None or directives is None:
        raise BaocaoError(problems)
    assert policies is not None
    assert decisions is not None
    assert calendar is not None
    obligations = {(ob.directive_id, ob.id): ob for d in directives for ob in d.obligations}
    return RuleBook(root, registry, directives, policies, calendar, decisions, obligations)


def _load_calendar(path: Path) -> WorkCalendar:
    located = load_yaml(path)
    problems = validate(located, "calendar")
    if problems:
        raise BaocaoError(problems)
    try:
        return WorkCalendar.from_data(located.data or {})
    except ValueError as err:
        raise BaocaoError([problem("calendar.bad-date", str(err), located.file, 1, 1)]) from err


def load_submissions(paths: Sequence[Path], book: RuleBook) -> tuple[Submission, ...]:
    return _load_submissions(paths, book.registry, book.directives)


@dataclass(frozen=True)
class Filters:
    directive: str | None = None
    unit: str | None = None
    period: str | None = None
    since: date | None = None


@dataclass(frozen=True)
class _Resolved:
    directive: str | None
    units: frozenset[str] | None
    period: Period | None
    since: date


def units_named(book: RuleBook, text: str) -> frozenset[str]:
    """The units a --unit option names: a group id gives its members, else one unit."""
    if text in book.registry.groups:
        return frozenset(book.registry.expand([text]))
    try:
        return frozenset([book.registry.resolve(text)])
    except UnitResolutionError as err:
        raise BaocaoError([problem("option.unit", str(err), file="--unit")]) from err


def _resolve_filters(book: RuleBook, f: Filters, as_of: date) -> _Resolved:
    problems: list[Problem] = []
    directive = None
    if f.directive:
        try:
            directive = book.find_directive(f.directive).id
        except BaocaoError as err:
            problems.extend(err.problems)
    units = None
    if f.unit:
        try:
            units = units_named(book, f.unit)
        except BaocaoError as err:
            problems.extend(err.problems)
    period = None
    if f.period:
        try:
            period = parse_period(f.period)
        except PeriodParseError as err:
            problems.append(problem("option.period", str(err), file="--period"))
    if problems:
        raise BaocaoError(problems)
    since = f.since or date(as_of.year - 1, 1, 1)
    return _Resolved(directive, units, period, since)


def _horizon(since: date, as_of: date, subs: Sequence[Submission]) -> Horizon:
    """Wide enough to hold every period a submission could be for, so that a report for a
    period outside the display window is still matched rather than called unmatched."""
    starts = [since]
    # A period that has started by as_of is owed even if the obligation comes into force
    # later in it: expand to the end of as_of's year (no period is longer than a year).
    ends = [date(as_of.year, 12, 31)]
    for s in subs:
        if s.period is not None:
            starts.append(s.period.start)
            ends.append(s.period.end)
        if s.submitted_on is not None:
            starts.append(s.submitted_on - timedelta(days=400))
            ends.append(s.submitted_on)
    return Horizon(min(starts), max(ends))


def check(
    book: RuleBook,
    submissions: Sequence[Submission],
    as_of: date,
    filters: Filters = Filters(),  # frozen, never mutated
    lang: str = "vi",
) -> Evaluation:
    r = _resolve_filters(book, filters, as_of)
    horizon = _horizon(r.since, as_of, submissions)
    instances = list(expand(book.directives, book.registry, book.calendar, book.policies,
                            horizon))
    g = group(instances, submissions, book.obligations, book.registry, as_of, lang)
    facts = [*g.instance_facts.values(), *g.submission_facts.values()]
    decided = decide(ruleset_definitions(book.decisions), facts)

    def rule_of(ref: str) -> tuple[str, str | None]:
        rule = book.decisions.rule(decided[ref].split(":", 1)[1])
        return rule.outcome, rule.reason(lang)

    results = []
    for inst in instances:
        if not _shown(inst, r, as_of):
            continue
        outcome, reason = rule_of(f"i:{inst.key}")
        verdict = Verdict(outcome)
        fact = g.instance_facts[inst.key]
        hit = g.earliest.get(inst.key)
        reasons = [*( [reason] if reason else []), *g.instance_notes.get(inst.key, [])]
        results.append(InstanceResult(
            instance=inst,
            verdict=verdict,
            received=hit[1] if hit else None,
            submission=submissions[hit[0]].id if hit else None,
            days_late=max(0, fact["days_after_due"]) if verdict is Verdict.LATE else 0,
            days_overdue=max(0, fact["days_past_due"]) if verdict is Verdict.OVERDUE else 0,
            reasons=tuple(reasons),
        ))
    inst_by_key = {i.key: i for i in instances}
    sub_results = []
    for idx, s in enumerate(submissions):
        outcome, reason = rule_of(f"s:{idx}")
        disposition = Disposition(outcome)
        keys = tuple(g.satisfies.get(idx, ())) if disposition is Disposition.MATCHED else ()
        if not _submission_shown(s, disposition, keys, inst_by_key, r):
            continue
        reasons = [*([reason] if reason else []), *g.notes.get(idx, [])]
        sub_results.append(SubmissionResult(s, disposition, keys, tuple(reasons)))
    return Evaluation(
        as_of=as_of,
        instances=tuple(results),
        submissions=tuple(sub_results),
        not_evaluated=tuple(
            ob for ob in not_evaluated(book.directives)
            if (not r.directive or ob.directive_id == r.directive)
            and (r.units is None or r.units & set(book.registry.expand(ob.reporters)))
        ),
    )


def _shown(inst: Instance, r: _Resolved, as_of: date) -> bool:
    if inst.period.end < r.since or inst.period.start > as_of:
        return False
    if r.directive and inst.directive_id != r.directive:
        return False
    if r.units is not None and inst.reporter not in r.units:
        return False
    return r.period is None or contains(r.period, inst.period)


def _submission_shown(
    s: Submission,
    disposition: Disposition,
    keys: Sequence[str],
    inst_by_key: Mapping[str, Instance],
    r: _Resolved,
) -> bool:
    # Nothing is dropped silently: a record that could not be attributed (unreadable, unit
    # unknown) is shown under every filter it might belong to.
    unattributed = disposition in (Disposition.INVALID, Disposition.UNKNOWN_UNIT)
    if r.units is not None and s.reporter not in r.units:
        return unattributed and s.reporter is None
    if unattributed:
        return True
    if r.directive and s.directive != r.directive and not any(
        inst_by_key[k].directive_id == r.directive for k in keys
    ):
        return False
    if r.period is not None:
        in_period = s.period is not None and contains(r.period, s.period)
        return in_period or any(contains(r.period, inst_by_key[k].period) for k in keys)
    return True


def overdue_by_unit(ev: Evaluation) -> list[tuple[str, tuple[InstanceResult, ...]]]:
    """Units with overdue reports, worst first: most days overdue, then most reports."""
    by_unit: dict[str, list[InstanceResult]] = {}
    for res in ev.instances:
        if res.verdict is Verdict.OVERDUE:
            by_unit.setdefault(res.instance.reporter, []).append(res)
    rows = [
        (unit, tuple(sorted(items, key=lambda x: (-x.days_overdue, x.instance.key))))
        for unit, items in by_unit.items()
    ]
    rows.sort(key=lambda u: (-u[1][0].days_overdue, -len(u[1]), u[0]))
    return rows
