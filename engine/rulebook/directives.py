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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from engine.errors import BaocaoError, Param, Problem
from engine.model import (
    ND09_FROM,
    Citation,
    CountedDate,
    DataSpan,
    DeadlineSpec,
    Deliverable,
    Directive,
    DueBasis,
    Frequency,
    Group,
    InForce,
    MonthRef,
    Obligation,
    ObligationKind,
    Period,
    Policy,
    Quantity,
    Reading,
    ReceivedFrom,
    Role,
    ScheduleEntry,
    Subject,
    Within,
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
    problems.extend(_cascade_problems(directives, files))
    if problems:
        raise BaocaoError(problems)
    return tuple(directives)


def _cascade_problems(directives: Sequence[Directive], files: Sequence[Located]
                      ) -> Iterator[Problem]:
    """Each ``after:`` names an obligation that exists, and no summary is its own input."""
    known = {(d.id, ob.id): ob for d in directives for ob in d.obligations}
    located = {f.file: f for f in files}
    for d in directives:
        for i, ob in enumerate(d.obligations):
            for j, ref in enumerate(ob.after):
                at = located.get(ob.source_file)
                line, column = (at.where(f"/obligations/{i}/after/{j}") if at
                                else (ob.source_line, 1))
                written = ref[1] if ref[0] == d.id else "/".join(ref)
                if ref not in known:
                    choices = [o for (di, o) in known if di == ref[0]] or \
                        ["/".join(k) for k in known]
                    close = difflib.get_close_matches(ref[1] if ref[0] == d.id else written,
                                                      choices, n=1, cutoff=0.6)
                    yield Problem(ob.source_file, line, column, "rules.unknown-obligation",
                                  f"after: {written!r} is no obligation"
                                  + (f" (did you mean {close[0]!r}?)" if close else ""),
                                  f"/obligations/{i}/after/{j}",
                                  {"ref": written, "candidates": tuple(close)})
                elif _feeds(known, ref, (d.id, ob.id)):
                    yield Problem(ob.source_file, line, column, "rules.cascade-cycle",
                                  f"after: {written!r} is itself a summary of "
                                  f"{ob.id!r}: a summary cannot be its own input",
                                  f"/obligations/{i}/after/{j}", {"ref": written, "id": ob.id})


def _feeds(known: Mapping[tuple[str, str], Obligation], start: tuple[str, str],
           target: tuple[str, str]) -> bool:
    """``target`` is among the inputs of ``start``, at any depth (or is ``start``)."""
    todo, seen = [start], set()
    while todo:
        ref = todo.pop()
        if ref == target:
            return True
        if ref in seen or ref not in known:
            continue
        seen.add(ref)
        todo += known[ref].after
    return False


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
        if raw.get("issued_on") is not None:
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
            issued_on=raw.get("issued_on"),
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
        reporters = tuple(self._reporter(reporter, f"{pointer}/reporters/{i}")
                          for i, reporter in enumerate(raw["reporters"]))
        recipient: str = raw.get("recipient") or ""  # an activity may name none
        role: Role | None = None
        routes: tuple[tuple[str, str], ...] = ()
        if isinstance(raw.get("recipient"), dict):
            role = _role(raw["recipient"])
            recipient, routes = self._routes(role, reporters, f"{pointer}/recipient")
        elif recipient:
            self._unit(recipient, f"{pointer}/recipient", "recipient")
        vias = _vias(raw.get("via"))
        for i, via in enumerate(vias):
            self._unit(via, f"{pointer}/via" + (f"/{i}" if isinstance(raw["via"], list) else ""),
                       "via")
        self._kind(kind, frequency, raw, pointer)
        if (raw.get("deadline") or {}).get("offset", {}).get("from") == "inputs" \
                and not raw.get("after"):
            self._problem(f"{pointer}/deadline/offset/from", "rules.deadline-conflict",
                          "a deadline counted from the inputs' due date needs 'after:' (the "
                          "duties whose reports this one sums up)")
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
            reporters=reporters,
            recipient=recipient,
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
            data_window=_data_window(raw.get("data_window"), self.located.data["directive"]),
            data_span=_data_span(raw.get("data_window")),
            recipient_inferred=bool(raw.get("recipient_inferred", False)),
            deliverable=_deliverable(raw.get("deliverable")),
            received_from=_received_from(raw.get("received_from"),
                                         bool(raw.get("early_if_named", False))),
            recipient_role=role,
            routes=routes,
            after=tuple((ref.split("/")[0], ref.split("/")[1]) if "/" in ref
                        else (directive_id, ref) for ref in raw.get("after", ())),
        )

    def _reporter(self, raw: str | Mapping[str, str], pointer: str) -> str:
        """A unit or group id, or every unit of a kind in a place, compiled to a group."""
        if not isinstance(raw, Mapping):
            self._unit(raw, pointer, "reporter", groups_ok=True)
            return raw
        registry = self.registry
        kind, area = raw["kind"], raw.get("in")
        ident = f"kind:{kind}" + (f"@{area}" if area else "")
        if ident in registry.groups:
            return ident
        if not self._known_kind(kind, f"{pointer}/kind"):
            return ident
        if area is not None and area not in registry.areas:
            close = difflib.get_close_matches(area, list(registry.areas), n=1, cutoff=0.7)
            self._problem(f"{pointer}/in", "rules.unknown-area",
                          f"area {area!r} is not in units.yaml (areas)"
                          + (f" (did you mean {close[0]!r}?)" if close else ""),
                          area=area, candidates=tuple(close))
            return ident
        members = registry.of_kind(kind, area)
        if not members:
            self._problem(pointer, "rules.empty-selection",
                          f"no unit of kind {kind!r} lies in {area!r}; check the units' area",
                          kind=kind, area=str(area))
            return ident
        place = registry.areas[area] if area else None
        registry.add_group(Group(
            ident,
            f"{registry.kind_name(kind)} ({place.name if place else 'cả nước'})",
            members,
            f"{registry.kind_name(kind, 'en')} ("
            f"{(place.name_en or place.name) if place else 'whole country'})",
        ))
        return ident

    def _known_kind(self, kind: str, pointer: str) -> bool:
        known = {u.kind for u in self.registry.units.values()}
        if kind in known:
            return True
        close = difflib.get_close_matches(kind, sorted(known), n=1, cutoff=0.7)
        self._problem(pointer, "rules.unknown-kind",
                      f"no unit in units.yaml is of kind {kind!r}"
                      + (f" (did you mean {close[0]!r}?)" if close else ""),
                      kind=kind, candidates=tuple(close))
        return False

    def _routes(self, role: Role, reporters: tuple[str, ...], pointer: str
                ) -> tuple[str, tuple[tuple[str, str], ...]]:
        """Each reporter's recipient under ``role``, resolved once when the rule book loads;
        a reporter it finds none or several for is a problem, named."""
        registry = self.registry
        ident = _role_id(role)
        step: Role | None = role
        while step is not None:
            if step.kind is not None and not self._known_kind(step.kind, pointer):
                return ident, ()
            step = step.otherwise
        try:
            units = registry.expand(reporters)
        except KeyError:
            return ident, ()  # an unknown reporter: already reported
        routes: list[tuple[str, str]] = []
        missing: list[str] = []
        several: dict[str, tuple[str, ...]] = {}
        for unit in units:
            found = registry.role_candidates(unit, role)
            if len(found) == 1:
                routes.append((unit, found[0]))
            elif found:
                several[unit] = found
            else:
                missing.append(unit)
        said = _role_words(role, registry)
        if missing:
            names = "; ".join(registry.name(u) for u in missing[:3])
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            self._problem(pointer, "rules.role-unresolved",
                          f"recipient {said}: none found for {len(missing)} reporter(s): "
                          f"{names}{more} (give them an area in units.yaml, or an 'otherwise')",
                          role=said, count=len(missing), units=names + more)
        for unit, found in list(several.items())[:3]:
            self._problem(pointer, "rules.role-ambiguous",
                          f"recipient {said}: several units for {registry.name(unit)}: "
                          + "; ".join(registry.name(f) for f in found),
                          role=said, unit=registry.name(unit),
                          candidates=tuple(registry.name(f) for f in found))
        recipients = tuple(dict.fromkeys(r for _, r in routes))
        if ident not in registry.groups and recipients:
            registry.add_group(Group(ident, _role_words(role, registry), recipients,
                                     _role_words(role, registry, "en")))
        return ident, tuple(routes)

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
                from_day=raw.get("from_day"), year=raw.get("year"),
            )
            self._window_start(spec, pointer)
        why = deadline_problem(spec, codes, self.policies)
        if why is not None:
            said = why.split(" / ", 1)  # English / Vietnamese
            self._problem(pointer, "rules.deadline-outside-period", why,
                          **({"variant": "said", "vi": said[1]} if len(said) == 2 else {}))
        return spec

    def _window_start(self, spec: DeadlineSpec, pointer: str) -> None:
        if spec.year is not None and (spec.month is None or spec.month.mode != "absolute"):
            self._problem(f"{pointer}/year", "rules.deadline-conflict",
                          "year: next goes with a month number ('ngày 15/02 năm sau': "
                          "month: 2, year: next)")
        if spec.from_day is None:
            return
        if spec.day is None or spec.month is None or spec.offset_days is not None:
            self._problem(f"{pointer}/from_day", "rules.deadline-conflict",
                          "from_day opens a window in the deadline's month: give day and month "
                          "too ('từ ngày 1 đến ngày 5 hằng tháng': from_day: 1, day: 5, "
                          "month: next)")
        elif spec.from_day > spec.day:
            self._problem(f"{pointer}/from_day", "rules.deadline-conflict",
                          f"the window opens on day {spec.from_day}, after its last day "
                          f"{spec.day}; expected from_day ≤ day")

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


def _data_window(raw: str | Mapping[str, Any] | None, directive: Mapping[str, Any]) -> str:
    """As written; else NĐ 09/2019's windows for a text issued once it was in force, the
    period's own dates for an older one (or one whose date is unknown)."""
    if isinstance(raw, Mapping):
        return "stated"
    if raw:
        return raw
    issued = directive.get("issued_on")
    if not isinstance(issued, str):
        return "period"
    try:
        day = date.fromisoformat(issued if len(issued) > 7 else f"{issued}-28")
    except ValueError:
        return "period"
    return "nd09" if day >= ND09_FROM else "period"


def _data_span(raw: str | Mapping[str, Any] | None) -> DataSpan | None:
    if not isinstance(raw, Mapping):
        return None
    return DataSpan(raw["from_day"], raw.get("from_month", "first"), raw["to_day"],
                    raw.get("to_month", "last"))


def _role(raw: Mapping[str, Any]) -> Role:
    return Role(raw.get("kind"), Within(raw["in"]),
                _role(raw["otherwise"]) if raw.get("otherwise") else None)


def _role_id(role: Role) -> str:
    """The id of the group a role resolves to: never a unit id (ids have no ':')."""
    own = f"role:{role.within}" + (f"@{role.kind}" if role.kind else "")
    return own + (f"|{_role_id(role.otherwise)[5:]}" if role.otherwise else "")


_WITHIN_WORDS = {
    "vi": {Within.PARENT: "cơ quan cấp trên của đơn vị báo cáo",
           Within.DISTRICT: "{kind} cùng huyện với đơn vị báo cáo",
           Within.PROVINCE: "{kind} cùng tỉnh với đơn vị báo cáo",
           Within.COUNTRY: "{kind}"},
    "en": {Within.PARENT: "the reporting unit's parent",
           Within.DISTRICT: "{kind} of the reporter's district",
           Within.PROVINCE: "{kind} of the reporter's province",
           Within.COUNTRY: "{kind}"},
}


def _role_words(role: Role, registry: Registry, lang: str = "vi") -> str:
    """The role as a text says it: "Chi cục Thú y cùng tỉnh với đơn vị báo cáo"."""
    kind = registry.kind_name(role.kind, lang) if role.kind else ""
    words = _WITHIN_WORDS[lang][role.within].format(kind=kind)
    if role.within is Within.PARENT and role.kind:
        words = f"{kind} " + ("cấp trên của đơn vị báo cáo" if lang == "vi"
                              else "above the reporting unit")
    if role.otherwise is not None:
        words += (" (nơi không có: " if lang == "vi" else " (where there is none: ") \
            + _role_words(role.otherwise, registry, lang) + ")"
    return words


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
