"""Directive files and deadline policies: YAML → checked, typed model.

Two passes per file, in this order: the schema (shape, names of fields, enums) and then the
semantic checks that need the rest of the rule book (unit ids, policies, dates that exist,
kind and frequency agreeing, deadlines inside their period). The second pass may assume the
first passed, which keeps it short. Problems from every file are collected before one
BaocaoError is raised, so a rule author fixes everything in one round.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from engine.errors import BaocaoError, Param, Problem
from engine.model import (
    Citation,
    CountedDate,
    DeadlineSpec,
    Deliverable,
    Directive,
    DueBasis,
    Frequency,
    InForce,
    MonthRef,
    Obligation,
    ObligationKind,
    Period,
    Policy,
    Quantity,
    Reading,
    ReceivedFrom,
    ScheduleEntry,
    Subject,
)
from engine.rulebook.readings import normalise_readings
from engine.rulebook.registry import Registry, UnitResolutionError
from engine.rulebook.schemas import validate
from engine.sources.located import Located
from engine.sources.text import resolved
from engine.time.dates import DateParseError, in_span
from engine.time.deadlines import deadline_problem, parse_month_ref
from engine.time.periods import FREQUENCY_CODES, PeriodParseError, parse_period, window

__all__ = ["build_directives", "load_directives"]

_PERIODIC = frozenset(
    {
        Frequency.MONTHLY,
        Frequency.QUARTERLY,
        Frequency.SEMIANNUAL,
        Frequency.SEMIANNUAL_AND_ANNUAL,
        Frequency.ANNUAL,
    }
)
# Which frequencies each kind of obligation may have, and a hint when it has another.
_KIND_FREQUENCIES: dict[ObligationKind, tuple[frozenset[Frequency], str]] = {
    ObligationKind.PERIODIC: (_PERIODIC | {Frequency.SCHEDULED},
                              "use kind: task for one-off tasks"),
    ObligationKind.QUANTITY: (_PERIODIC, "a quantity is counted per period"),
    ObligationKind.TASK: (frozenset({Frequency.ONCE}), "a task is done once, in its windows"),
    ObligationKind.AD_HOC: (frozenset({Frequency.AD_HOC}), "ad hoc reports come on request"),
    ObligationKind.REVIEW: (frozenset({Frequency.MULTI_YEAR}), "use every_years for reviews"),
    ObligationKind.ACTIVITY: (frozenset(Frequency), "an activity is never owed as a report"),
}
# Fields only one kind may use.
_KIND_ONLY = {
    "windows": (ObligationKind.TASK, ObligationKind.ACTIVITY),
    "covers": ObligationKind.TASK,
    "quantities": ObligationKind.QUANTITY,
    "every_years": ObligationKind.REVIEW,
    "anchor": ObligationKind.REVIEW,
}


RULE_SUFFIXES = (".yaml", ".yml")  # a directive saved as .yml is read, never dropped


def directive_paths(directory: Path) -> list[Path]:
    """The directive files of ``directory``, by name: every ``*.yaml`` and ``*.yml``."""
    # not only regular files: a broken link or a folder named x.yaml is reported by the
    # reader (file.unreadable), never skipped
    return sorted(p for p in directory.iterdir() if p.suffix.lower() in RULE_SUFFIXES)


def load_directives(
    directory: Path, registry: Registry, policies: Mapping[str, Policy]
) -> tuple[Directive, ...]:
    """Every directive file in ``directory`` (sorted by file name), fully checked."""
    from engine.sources.yaml import load_yaml

    directory = Path(directory)
    if not directory.is_dir():
        raise BaocaoError(
            [Problem(str(directory), 0, 0, "file.unreadable", "not a directory of rule files")]
        )
    base = _display_base(directory)
    problems: list[Problem] = []
    files: list[Located] = []
    for path in directive_paths(directory):
        try:
            files.append(load_yaml(path, display_name=_display_name(path, base)))
        except BaocaoError as exc:
            problems.extend(exc.problems)
    try:
        directives = build_directives(files, registry, policies)
    except BaocaoError as exc:
        problems.extend(exc.problems)
    if problems:
        raise BaocaoError(problems)
    return directives


def build_directives(
    files: Sequence[Located], registry: Registry, policies: Mapping[str, Policy]
) -> tuple[Directive, ...]:
    """Check each parsed directive file (schema, then semantics) into the typed model."""
    problems: list[Problem] = []
    directives: list[Directive] = []
    defined: dict[str, str] = {}  # directive id -> "file:line"
    for located in files:
        # "reading: chậm nhất" is read as "by" (rulebook/readings.py; lint notes it).
        for _ in normalise_readings(located.data):
            pass
        schema_problems = validate(located, "directive")
        if schema_problems:
            problems.extend(schema_problems)
            continue
        reader = _DirectiveReader(located, registry, policies)
        directive = reader.directive()
        problems.extend(reader.problems)
        where = f"{located.file}:{located.where('/directive/id')[0]}"
        if directive.id in defined:
            problems.append(
                located.problem(
                    "/directive/id",
                    "rules.duplicate-directive",
                    f"directive id {directive.id!r} is already defined in {defined[directive.id]}",
                    id=directive.id, first=str(defined[directive.id]),
                )
            )
        defined.setdefault(directive.id, where)
        directives.append(directive)
    if problems:
        raise BaocaoError(problems)
    return tuple(directives)


def _display_base(directory: Path) -> Path | None:
    """Names are shown relative to the rules directory's parent: rules/directives/x.yaml."""
    full = resolved(directory)
    return full.parent.parent if full.parent != full else None


def _display_name(path: Path, base: Path | None) -> str:
    if base is not None:
        try:
            return (resolved(path.parent) / path.name).relative_to(base).as_posix()
        except ValueError:
            pass
    return path.name


class _DirectiveReader:
    """Builds one Directive from schema-valid data, recording semantic problems as it goes.

    When a problem is found the value built is a placeholder; the caller raises anyway.
    """

    def __init__(
        self, located: Located, registry: Registry, policies: Mapping[str, Policy]
    ) -> None:
        self.located = located
        self.registry = registry
        self.policies = policies
        self.problems: list[Problem] = []

    def _problem(self, pointer: str, code: str, message: str, **params: Param) -> None:
        line, column = self.located.where(pointer)
        self.problems.append(Problem(self.located.file, line, column, code, message, pointer,
                                     params))

    # -- the directive ------------------------------------------------------------------

    def directive(self) -> Directive:
        data: dict[str, Any] = self.located.data
        raw = data["directive"]
        self._unit(raw["issuer"], "/directive/issuer", "issuer")
        self._issued_on(raw["issued_on"])
        in_force = self._in_force(raw["in_force"], "/directive/in_force")
        subject = _subject(raw.get("subject"))
        obligations = self._obligations(raw["id"], data["obligations"], in_force, subject)
        return Directive(
            id=raw["id"],
            number=raw.get("number"),
            kind=raw["kind"],
            title=raw["title"],
            issuer=raw["issuer"],
            issued_on=raw["issued_on"],
            in_force=in_force or _UNKNOWN,
            source=raw["source"],
            obligations=obligations,
            notes=raw.get("notes"),
            subject=subject,
        )

    def _issued_on(self, text: str) -> None:
        try:
            date.fromisoformat(text if len(text) > 7 else f"{text}-01")
        except ValueError:
            self._problem(
                "/directive/issued_on",
                "rules.bad-date",
                f"{text!r} is not a real date; expected YYYY-MM-DD, or YYYY-MM when the text "
                "leaves the day blank, e.g. 2021-12-13 or 2022-02",
                variant="issued", value=str(text),
            )

    def _date(self, text: str, pointer: str) -> date | None:
        try:
            return in_span(date.fromisoformat(text))
        except DateParseError as exc:  # a real date, but beyond what baocao can judge
            hint = " (leave 'to' out for no end)" if pointer.endswith("/to") else ""
            self._problem(pointer, "rules.bad-date", f"{exc}{hint}")
            return None
        except ValueError:
            self._problem(
                pointer,
                "rules.bad-date",
                f"{text!r} is not a real date; expected YYYY-MM-DD, e.g. 2022-01-01",
                variant="unreal", value=str(text),
            )
            return None

    def _in_force(self, raw: Mapping[str, Any], pointer: str) -> InForce | None:
        """None when a date in it is not real (already reported)."""
        start = self._date(raw["from"], f"{pointer}/from")
        end = self._date(raw["to"], f"{pointer}/to") if raw.get("to") is not None else None
        if start and end and end < start:
            self._problem(
                f"{pointer}/to",
                "rules.in-force",
                f"in_force ends ({end.isoformat()}) before it starts ({start.isoformat()})",
            )
        if start is None or (end is None and raw.get("to") is not None):
            return None
        return InForce(start, end)

    def _unit(self, ident: str, pointer: str, role: str, *, groups_ok: bool = False) -> None:
        registry = self.registry
        if ident in registry.units or (groups_ok and ident in registry.groups):
            return
        suggested: tuple[str, ...] = ()
        if ident in registry.groups:
            message = f"{role} {ident!r} is a group; expected one unit id"
        else:
            expected = "a unit or group id" if groups_ok else "a unit id"
            choices = [*registry.units, *(registry.groups if groups_ok else ())]
            close = difflib.get_close_matches(ident, choices, n=1, cutoff=0.8)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            suggested = tuple(close[:1])
            if not close:  # a name written instead of an id: "recipient: Bộ Nội vụ"
                with contextlib.suppress(UnitResolutionError):
                    hint = f" (did you mean {registry.resolve(ident)!r}?)"
                    suggested = (registry.resolve(ident),)
            message = f"{role} {ident!r} is not in units.yaml; expected {expected}{hint}"
        self._problem(pointer, "rules.unknown-unit", message, ident=ident, role=role,
                      variant="group" if ident in registry.groups else "unknown",
                      candidates=suggested)

    # -- obligations ----------------------------------------------------------------------

    def _obligations(
        self, directive_id: str, raws: list[dict[str, Any]], in_force: InForce | None,
        subject: Subject,
    ) -> tuple[Obligation, ...]:
        lines: dict[str, int] = {}
        built = []
        for i, raw in enumerate(raws):
            pointer = f"/obligations/{i}"
            line = self.located.where(pointer)[0]
            if raw["id"] in lines:
                self._problem(
                    f"{pointer}/id",
                    "rules.duplicate-obligation",
                    f"obligation id {raw['id']!r} is already used at line {lines[raw['id']]} "
                    "of this directive",
                    id=raw["id"], first=lines[raw["id"]],
                )
            lines.setdefault(raw["id"], line)
            built.append(self._obligation(directive_id, raw, pointer, in_force, line, subject))
        return tuple(built)

    def _obligation(
        self,
        directive_id: str,
        raw: dict[str, Any],
        pointer: str,
        directive_in_force: InForce | None,
        line: int,
        directive_subject: Subject,
    ) -> Obligation:
        kind = ObligationKind(raw["kind"])
        default = Frequency.ONCE if kind is ObligationKind.ACTIVITY else Frequency.SCHEDULED
        frequency = Frequency(raw.get("frequency", default.value))
        for i, reporter in enumerate(raw["reporters"]):
            self._unit(reporter, f"{pointer}/reporters/{i}", "reporter", groups_ok=True)
        if "recipient" in raw:  # an activity may name none
            self._unit(raw["recipient"], f"{pointer}/recipient", "recipient")
        vias = _vias(raw.get("via"))
        for i, via in enumerate(vias):
            self._unit(via, f"{pointer}/via" + (f"/{i}" if isinstance(raw["via"], list) else ""),
                       "via")
        self._kind(kind, frequency, raw, pointer)
        in_force = directive_in_force
        if "in_force" in raw:
            in_force = self._in_force(raw["in_force"], f"{pointer}/in_force")
            if in_force and directive_in_force:
                self._inside(in_force, directive_in_force, f"{pointer}/in_force")
        schedule = self._schedule(raw, pointer, frequency)
        codes = (tuple(e.code for e in schedule) or FREQUENCY_CODES.get(frequency)
                 or _quantity_codes(raw))
        deadline = None
        if "deadline" in raw:
            deadline = self._deadline(raw["deadline"], f"{pointer}/deadline", codes)
        windows = tuple(self._windows(raw.get("windows", ()), f"{pointer}/windows", in_force))
        anchor = self._date(raw["anchor"], f"{pointer}/anchor") if "anchor" in raw else None
        covers = self._window(raw["covers"], f"{pointer}/covers") if "covers" in raw else None
        citation = raw["citation"]
        return Obligation(
            id=raw["id"],
            directive_id=directive_id,
            summary=raw["summary"],
            kind=kind,
            reporters=tuple(raw["reporters"]),
            recipient=raw.get("recipient", ""),
            via=vias[0] if vias else None,
            via_also=vias[1:],
            frequency=frequency,
            deadline=deadline,
            counts=CountedDate(raw.get("counts", CountedDate.RECEIVED.value)),
            in_force=in_force or _UNKNOWN,
            citation=Citation(section=str(citation["section"]), text=citation["text"]),
            windows=windows,
            covers=covers,
            quantities=tuple(
                Quantity(count=q["count"], of=q["of"], per=Frequency(q["per"]),
                         words=tuple(q.get("words") or (q["of"].replace("-", " "),)))
                for q in raw.get("quantities", ())
            ),
            every_years=raw.get("every_years"),
            anchor=anchor,
            notes=raw.get("notes"),
            source_file=self.located.file,
            source_line=line,
            subject=_merge(directive_subject, _subject(raw.get("subject"))),
            schedule=schedule,
            data_window=raw.get("data_window", "nd09"),
            recipient_inferred=bool(raw.get("recipient_inferred", False)),
            deliverable=_deliverable(raw.get("deliverable")),
            received_from=_received_from(raw.get("received_from"),
                                         bool(raw.get("early_if_named", False))),
        )

    def _schedule(
        self, raw: Mapping[str, Any], pointer: str, frequency: Frequency
    ) -> tuple[ScheduleEntry, ...]:
        """The reports of a year, each with its own deadline when it has one."""
        if "schedule" not in raw:
            return ()
        if "frequency" in raw and frequency is not Frequency.SCHEDULED:
            self._problem(
                f"{pointer}/frequency", "rules.kind-mismatch",
                f"give either frequency {frequency.value!r} or a schedule, not both (a schedule "
                "lists every report of the year, e.g. schedule: [Q1, H1, 9M, Y])",
            )
        entries: list[ScheduleEntry] = []
        for i, item in enumerate(raw["schedule"]):
            at = f"{pointer}/schedule/{i}"
            code = item if isinstance(item, str) else item["period"]
            if code in (e.code for e in entries):
                self._problem(at, "rules.schedule",
                              f"{code!r} is listed twice in the schedule; each report once",
                              period=code)
                continue
            deadline = None
            if isinstance(item, Mapping) and "deadline" in item:
                deadline = self._deadline(item["deadline"], f"{at}/deadline", (code,))
            elif "deadline" not in raw:
                self._problem(at, "rules.kind-mismatch",
                              f"report {code!r} has no deadline; give the obligation a deadline "
                              f"or this entry one: {{period: {code}, deadline: {{...}}}}")
            entries.append(ScheduleEntry(code, deadline))
        return tuple(entries)

    def _kind(
        self, kind: ObligationKind, frequency: Frequency, raw: Mapping[str, Any], pointer: str
    ) -> None:
        def mismatch(at: str, message: str) -> None:
            self._problem(f"{pointer}{at}", "rules.kind-mismatch", message)

        allowed, hint = _KIND_FREQUENCIES[kind]
        if frequency not in allowed:
            names = ", ".join(f.value for f in Frequency if f in allowed)
            mismatch(
                "/frequency",
                f"kind {kind.value!r} cannot have frequency {frequency.value!r}; "
                f"expected {names} ({hint})",
            )
        for key, owners in _KIND_ONLY.items():
            owned = owners if isinstance(owners, tuple) else (owners,)
            if key in raw and kind not in owned:
                names = " or ".join(repr(o.value) for o in owned)
                mismatch(f"/{key}", f"{key!r} belongs to kind {names}, not {kind.value!r}")
        needs = {
            ObligationKind.PERIODIC: () if "schedule" in raw else ("deadline",),
            ObligationKind.TASK: ("windows", "deadline"),
            ObligationKind.QUANTITY: ("quantities",),
            ObligationKind.REVIEW: ("every_years",),
        }.get(kind, ())
        for key in needs:
            if key not in raw:
                mismatch("", f"kind {kind.value!r} needs {key!r}{_EXAMPLES[key]}")
        if kind is ObligationKind.AD_HOC and "deadline" in raw:
            mismatch(
                "/deadline",
                "kind 'ad_hoc' takes its due date from each recorded request; remove 'deadline'",
            )
        for i, quantity in enumerate(raw.get("quantities", ())):
            if Frequency(quantity["per"]) not in _PERIODIC:
                mismatch(
                    f"/quantities/{i}/per",
                    f"a quantity is counted per period; expected per: "
                    f"{', '.join(f.value for f in Frequency if f in _PERIODIC)}",
                )

    def _inside(self, inner: InForce, outer: InForce, pointer: str) -> None:
        if inner.start < outer.start:
            self._problem(
                f"{pointer}/from",
                "rules.in-force",
                f"obligation in force from {inner.start.isoformat()}, before its directive "
                f"(from {outer.start.isoformat()})",
            )
        if outer.end is not None and (inner.end is None or inner.end > outer.end):
            until = f"until {inner.end.isoformat()}" if inner.end else "with no end"
            self._problem(
                f"{pointer}/to" if inner.end else pointer,
                "rules.in-force",
                f"obligation in force {until}, after its directive ends ({outer.end.isoformat()})",
            )

    def _deadline(
        self, raw: Mapping[str, Any], pointer: str, codes: tuple[str, ...]
    ) -> DeadlineSpec | None:
        basis = DueBasis(raw["basis"])
        words = raw.get("words")
        spec: DeadlineSpec
        if basis is DueBasis.ASSUMED:
            for key in ("day", "month", "reading"):
                if key in raw:
                    self._problem(
                        f"{pointer}/{key}",
                        "rules.deadline-conflict",
                        f"an assumed deadline takes {key!r} from its policy "
                        f"{raw['policy']!r}; remove {key!r} (or write basis: stated)",
                    )
            policy = self.policies.get(raw["policy"])
            if policy is None:
                known = ", ".join(sorted(self.policies)) or "none defined"
                self._problem(
                    f"{pointer}/policy",
                    "rules.unknown-policy",
                    f"unknown deadline policy {raw['policy']!r}; known policies: {known} "
                    "(rules/calendar/policies.yaml)",
                    policy=raw["policy"], known=tuple(sorted(self.policies)),
                )
                return None
            spec = DeadlineSpec(
                basis=basis,
                reading=policy.reading,
                day=policy.day,
                month=policy.month,
                policy=policy.id,
                words=words or policy.description_vi,
            )
        else:
            if "policy" in raw:
                self._problem(
                    f"{pointer}/policy",
                    "rules.deadline-conflict",
                    "a stated deadline names no policy; remove 'policy' (or write basis: assumed)",
                )
            reading = Reading(raw["reading"])
            if reading is Reading.WITHIN and ("day" in raw or "month" in raw):
                self._problem(
                    f"{pointer}/{'day' if 'day' in raw else 'month'}",
                    "rules.deadline-conflict",
                    "reading 'within' is due on the window's last day; remove 'day' and 'month'",
                )
            month: MonthRef | None = parse_month_ref(raw["month"]) if "month" in raw else None
            offset = raw.get("offset") or {}
            if offset and ("day" in raw or "month" in raw):
                self._problem(
                    f"{pointer}/offset", "rules.deadline-conflict",
                    "a deadline is either a day of a month or an offset from the period's end; "
                    "remove 'day' and 'month' or 'offset'",
                )
            spec = DeadlineSpec(
                basis, reading, raw.get("day"), month, None, words,
                offset_days=offset.get("days"), offset_working=bool(offset.get("working")),
                offset_from=offset.get("from", "period_end"),
            )
        why = deadline_problem(spec, codes, self.policies)
        if why is not None:
            said = why.split(" / ", 1)  # English / Vietnamese
            self._problem(pointer, "rules.deadline-outside-period", why,
                          **({"variant": "said", "vi": said[1]} if len(said) == 2 else {}))
        return spec

    def _windows(
        self,
        raws: Iterable[str | int | Mapping[str, str]],
        pointer: str,
        in_force: InForce | None,
    ) -> Iterable[Period]:
        for i, raw in enumerate(raws):
            at = f"{pointer}/{i}"
            period = self._window(raw, at)
            if period is None:
                continue
            if in_force and not _overlaps(period, in_force):
                until = in_force.end.isoformat() if in_force.end else "open-ended"
                self._problem(
                    at,
                    "rules.in-force",
                    f"window {period.label} lies outside the obligation's time in force "
                    f"({in_force.start.isoformat()}..{until}); it would expect no report",
                )
            yield period

    def _window(self, raw: str | int | Mapping[str, str], at: str) -> Period | None:
        if not isinstance(raw, Mapping):
            try:
                period = parse_period(str(raw))
                in_span(period.start, period.label)
                in_span(period.end, period.label)
                return period
            except (PeriodParseError, DateParseError) as exc:
                self._problem(at, "rules.bad-window", str(exc))
                return None
        start = self._date(raw["from"], f"{at}/from")
        end = self._date(raw["to"], f"{at}/to")
        if start is None or end is None:
            return None
        if end < start:
            self._problem(
                f"{at}/to",
                "rules.bad-window",
                f"window ends ({end.isoformat()}) before it starts ({start.isoformat()})",
            )
            return None
        return window(start, end)


def _vias(raw: str | list[str] | None) -> tuple[str, ...]:
    if raw is None:
        return ()
    return (raw,) if isinstance(raw, str) else tuple(raw)


def _deliverable(raw: Mapping[str, Any] | None) -> Deliverable:
    if not raw:
        return Deliverable()
    default = Deliverable()
    return Deliverable(tuple(raw.get("types", default.types)), tuple(raw.get("words", ())))


def _received_from(raw: str | Mapping[str, int] | None, early: bool) -> ReceivedFrom:
    if raw == "period_start":
        return ReceivedFrom(period_start=True, early_if_named=early)
    raw = raw if isinstance(raw, Mapping) else {}
    return ReceivedFrom(raw.get("months_before_end"), raw.get("days_before_end"),
                        early_if_named=early)


def _subject(raw: Mapping[str, Any] | None) -> Subject:
    raw = raw or {}
    return Subject(tuple(raw.get("phrases", ())), tuple(raw.get("directives", ())))


def _merge(outer: Subject, inner: Subject) -> Subject:
    """An obligation's subject adds to its directive's."""
    return Subject(
        tuple(dict.fromkeys((*outer.phrases, *inner.phrases))),
        tuple(dict.fromkeys((*outer.directives, *inner.directives))),
    )


def _quantity_codes(raw: Mapping[str, Any]) -> tuple[str, ...]:
    for q in raw.get("quantities", ()):
        codes = FREQUENCY_CODES.get(Frequency(q["per"]))
        if codes:
            return codes
    return ()


def _overlaps(period: Period, in_force: InForce) -> bool:
    return period.end >= in_force.start and (in_force.end is None or period.start <= in_force.end)


_UNKNOWN = InForce(date.min)  # stands in for a bad in_force (already reported)

_EXAMPLES = {
    "deadline": " (e.g. deadline: {basis: stated, day: 15, month: last, reading: before})",
    "windows": " (e.g. windows: [2022-Q3])",
    "quantities": " (e.g. quantities: [{count: 1, of: phong-su, per: quarterly}])",
    "every_years": " (e.g. every_years: 5)",
}
