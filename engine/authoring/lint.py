"""``baocao rules lint``: what loading accepts but a rule author should look at.

Passes, in this order: the folder (files that are not read), loading (every error the loader
finds, which stops the later passes when the rule book cannot be built), then checks over the
loaded rule book, each file re-read for positions: readings written in Vietnamese, reporters
that name no unit in force, deadlines against the period and the NĐ 09/2019 data cut-off,
frequencies against the cited words, citations against the source text, recipients the words
do not name, and obligations that demand the same report. Problems carry a severity: errors
make the command exit 1, warnings and notes do not.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

from engine.authoring.files import display_name, find_source, refused_files, unread_files
from engine.authoring.vocab import fold, schedules_named, strip_marks
from engine.errors import BaocaoError, Param, Problem
from engine.evaluation.expand import obligation_periods
from engine.evaluation.scope import Horizon
from engine.model import (
    DeadlineSpec,
    Directive,
    DueBasis,
    Frequency,
    Obligation,
    ObligationKind,
    Period,
    PeriodKind,
    Role,
)
from engine.rulebook import RuleBook, load_rulebook
from engine.rulebook.readings import normalise_readings
from engine.sources.located import Located
from engine.time.dates import LAST_DAY
from engine.time.deadlines import compute_due
from engine.time.periods import cutoff_window, stated_window

__all__ = ["LintReport", "lint_rules"]

SEVERITIES = ("error", "warning", "note")
_SAMPLE_YEARS = 2  # deadlines are checked on the first two years in force
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[\.\.\.\])\s*")
_INFERRED = re.compile(r"suy luận|suy ra|inferred|không nêu nơi nhận", re.IGNORECASE)
_PERIODIC = frozenset({Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.SEMIANNUAL,
                       Frequency.SEMIANNUAL_AND_ANNUAL, Frequency.ANNUAL})


@dataclass(frozen=True)
class LintReport:
    rules_dir: Path
    problems: tuple[Problem, ...]  # sorted by file, line, column

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    @property
    def notes(self) -> int:
        return sum(p.severity == "note" for p in self.problems)


_URL = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# "ngày 25", "ngày 15/02", "ngày 05 tháng 12": the day of the month the words name
_DAY_WORDS = re.compile(r"ngày\s+(\d{1,2})(?!\d)", re.IGNORECASE)


def lint_rules(rules_dir: Path | None = None) -> LintReport:
    """Every problem of a rules folder at once; raises only when the folder is missing."""
    from engine.rulebook import require_rules_dir

    root = require_rules_dir(rules_dir)
    refused = {p.file for p in refused_files(root)}  # loading reports these as errors
    found = [p for p in unread_files(root) if p.file not in refused]
    files = _directive_files(root, found)
    for located in files:
        found += _reading_notes(located)
    by_file = {f.file: f for f in files}
    try:
        found += _Checks(load_rulebook(root), by_file).run()
    except BaocaoError as err:
        found += err.problems
        with tempfile.TemporaryDirectory(prefix="baocao-lint-") as tmp:
            book = _without_broken(root, err.problems, found, Path(tmp))
            if book is not None:  # checked while its copy (seeds included) exists
                found += _Checks(book, by_file).run()
    return LintReport(root, tuple(sorted(set(found))))


_MAX_SET_ASIDE_ROUNDS = 20  # each round sets aside the directive files the loader refused


def _without_broken(root: Path, problems: Sequence[Problem], found: list[Problem],
                    tmp: Path) -> RuleBook | None:
    """Like a compiler, lint checks every file that parses even when another fails: the rule
    book loaded from a copy of the folder (in ``tmp``) without the files the loader refused
    (a directive that does not load, a rule file in the wrong place) — a schema error in one
    plan must not hide an overlap in another. None when what fails is a file nothing loads
    without (units, calendar, decisions)."""
    head = f"{root.name}/"
    refused: set[str] = set()
    for _ in range(_MAX_SET_ASIDE_ROUNDS):
        broken = {p.file.removeprefix(head) for p in problems if _set_aside(p, head)}
        if not broken - refused or not all(_set_aside(p, head) for p in problems):
            return None
        refused |= broken
        copy = tmp / f"round-{len(refused)}" / root.name
        skip = frozenset(refused)
        shutil.copytree(root, copy, ignore=lambda folder, names, skip=skip: [
            n for n in names if (Path(folder) / n).relative_to(root).as_posix() in skip])
        try:
            return load_rulebook(copy)
        except BaocaoError as err:
            problems = err.problems
            found += problems
    return None


def _set_aside(p: Problem, head: str) -> bool:
    """A problem lint can look past: a directive file's, or a misplaced rule file's."""
    return p.file.startswith(f"{head}directives/") or (
        p.code == "rules.unread-file" and p.file.startswith(head))


def _directive_files(root: Path, found: list[Problem]) -> list[Located]:
    """The directive files as the loader reads them (errors are the loader's to report)."""
    from engine.sources.yaml import load_yaml

    out = []
    from engine.rulebook.directives import directive_paths

    for path in directive_paths(root / "directives"):
        try:
            out.append(load_yaml(path, display_name=display_name(path, root)))
        except BaocaoError:
            continue
    return out


def _reading_notes(located: Located) -> list[Problem]:
    notes = []
    for pointer, words, reading in normalise_readings(located.data):
        line, column = located.where(pointer)
        meaning = {"before": "the day before the day named is the last day",
                   "by": "the day named is the last day",
                   "within": "due on the window's last day"}[reading.value]
        notes.append(Problem(
            located.file, line, column, "lint.reading-words",
            f"reading {words!r} is read as {reading.value!r} ({meaning})", pointer,
            {"words": words, "variant": reading.value}, severity="note"))
    return notes


class _Checks:
    """The checks that need the loaded rule book; each yields located problems."""

    def __init__(self, book: RuleBook, files: dict[str, Located]) -> None:
        self.book = book
        self.files = files

    def run(self) -> list[Problem]:
        out: list[Problem] = []
        for d in self.book.directives:
            out += self._source(d)
            for i, ob in enumerate(d.obligations):
                out += self._reporters(ob, i)
                out += self._deadline(ob, i)
                out += self._deadline_words(ob, i)
                out += self._schedule(ob, i)
                out += self._citation_quoted(ob, i)
                out += self._recipient_named(ob, i)
        out += self._overlaps()
        out += self._decision_table()
        return out

    # -- decisions ---------------------------------------------------------------------

    def _decision_table(self) -> list[Problem]:
        """durable_rules decides every combination of decisions.yaml once, as a check would on
        its first fact: a miscount of the engine is an EngineFailure (exit 70) here, before
        any data. (A gap or an overlap is found when the rules load: a loading error.)"""
        from engine.evaluation.decide import decision_table

        decision_table(self.book.decisions)
        return []

    def _at(self, ob: Obligation, index: int, pointer: str, code: str, message: str,
            severity: str, **params: Param) -> Problem:
        located = self.files.get(ob.source_file)
        full = f"/obligations/{index}{pointer}"
        line, column = located.where(full) if located else (ob.source_line, 1)
        return Problem(ob.source_file, line, column, code, message, full, params,
                       severity=severity)

    # -- reporters ---------------------------------------------------------------------

    def _reporters(self, ob: Obligation, i: int) -> Iterator[Problem]:
        registry = self.book.registry
        start, end = ob.in_force.start, ob.in_force.end or date.max
        alive = [
            u for u in registry.expand(ob.reporters)
            if (unit := registry.units.get(u)) is not None
            and (unit.valid_from is None or unit.valid_from <= end)
            and (unit.valid_to is None or unit.valid_to >= start)
        ]
        if not alive:
            names = ", ".join(ob.reporters)
            until = ob.in_force.end.isoformat() if ob.in_force.end else "open-ended"
            yield self._at(ob, i, "/reporters", "lint.empty-group",
                           f"reporters {names} name no unit that exists while the obligation "
                           f"is in force ({start.isoformat()}..{until}); it would expect "
                           "no report", "error", reporters=names)

    # -- deadlines ---------------------------------------------------------------------

    def _sample(self, ob: Obligation) -> list[tuple[Period, DeadlineSpec]]:
        """The periods (with their deadlines) of the obligation's first years in force,
        exactly as evaluation expands them."""
        if ob.kind is ObligationKind.TASK:
            return [(w, ob.deadline) for w in ob.windows if ob.deadline is not None]
        start = ob.in_force.start
        end = min(date(start.year + _SAMPLE_YEARS - 1, 12, 31), LAST_DAY)
        if ob.in_force.end is not None:
            end = min(end, ob.in_force.end)
        if end < start:
            return []
        return [(o.period, o.deadline) for o in obligation_periods(ob, Horizon(start, end))
                if o.deadline is not None]

    def _sample_periods(self, ob: Obligation) -> list[Period]:
        return [p for p, _ in self._sample(ob)]

    def _deadline(self, ob: Obligation, i: int) -> Iterator[Problem]:
        if ob.kind not in (ObligationKind.PERIODIC, ObligationKind.TASK):
            return
        cal, policies = self.book.calendar, self.book.policies
        for period, deadline in self._sample(ob):
            if deadline.offset_from == "inputs":
                continue  # after its inputs' due date by construction
            due = compute_due(deadline, period, cal, policies)
            if ob.kind is ObligationKind.PERIODIC and ob.data_window == "period":
                continue  # its data run to the period's end: an older text may ask earlier
            cutoff = None
            if ob.kind is ObligationKind.PERIODIC:
                cutoff = stated_window(ob.data_span, period) if ob.data_span \
                    else cutoff_window(period)
            if cutoff is None:
                if due.last_day < period.end:
                    yield self._at(
                        ob, i, "/deadline", "lint.deadline-before-period-end",
                        f"due {due.last_day.isoformat()}, before its window {period.label} "
                        f"ends ({period.end.isoformat()}); the work is reported after it "
                        "is done", "error", due=due.last_day.isoformat(),
                        period=period.label, end=period.end.isoformat())
                    return
                continue
            if due.last_day < cutoff[1]:
                yield self._at(
                    ob, i, "/deadline", "lint.deadline-before-cutoff",
                    f"due {due.last_day.isoformat()} for {period.label}, before its data "
                    f"cut-off {cutoff[1].isoformat()} (NĐ 09/2019/NĐ-CP: data from the 15th "
                    "of the month before the period to the 14th of its last month)", "error",
                    due=due.last_day.isoformat(), period=period.label,
                    cutoff=cutoff[1].isoformat())
                return
            if not _working_day_between(cutoff[1], due.due, cal.is_working_day):
                yield self._at(
                    ob, i, "/deadline", "lint.no-working-day",
                    f"no working day between the data cut-off {cutoff[1].isoformat()} and "
                    f"the due date {due.due.isoformat()} ({period.label}): the report is "
                    "due the day its data closes (NĐ 09/2019/NĐ-CP)", "warning",
                    cutoff=cutoff[1].isoformat(), due=due.due.isoformat(), period=period.label)
                return

    def _deadline_words(self, ob: Obligation, i: int) -> Iterator[Problem]:
        """The day the deadline's words name ("trước ngày 25") against the day encoded
        (``day: 20``): a typo in either moves every due date."""
        specs = [("/deadline", ob.deadline)] + [
            (f"/schedule/{n}/deadline", e.deadline) for n, e in enumerate(ob.schedule)]
        for pointer, spec in specs:
            if spec is None or spec.basis is not DueBasis.STATED or spec.day is None:
                continue
            named = [int(d) for d in _DAY_WORDS.findall(spec.words or "")]
            if named and spec.day not in named:
                yield self._at(
                    ob, i, pointer, "lint.deadline-words",
                    f"the words {spec.words!r} name day {named[0]}, the deadline is encoded "
                    f"as day {spec.day}: correct one of them", "error",
                    words=spec.words or "", named=named[0], day=spec.day)

    # -- schedule ----------------------------------------------------------------------

    def _schedule(self, ob: Obligation, i: int) -> Iterator[Problem]:
        if ob.frequency not in _PERIODIC:
            return
        words = " ".join(filter(None, (ob.citation.text, ob.deadline.words if ob.deadline
                                       else None)))
        named = schedules_named(words) & _PERIODIC
        if not named or ob.frequency in named:
            return
        if ob.frequency is Frequency.ANNUAL and Frequency.SEMIANNUAL_AND_ANNUAL in named:
            return
        sample = self._sample_periods(ob)
        labels = ", ".join(p.label for p in sample[:4]) or "none"
        said = ", ".join(sorted(f.value for f in named))
        yield self._at(
            ob, i, "/frequency", "lint.schedule-words",
            f"frequency {ob.frequency.value!r} yields periods {labels}, but the cited words "
            f"name {said}", "warning", frequency=ob.frequency.value,
            periods=tuple(p.label for p in sample[:4]),
            said=said)

    # -- citations ---------------------------------------------------------------------

    def _citation_quoted(self, ob: Obligation, i: int) -> Iterator[Problem]:
        words = [w for w in re.findall(r"\w+", _ELLIPSIS.sub(" ", ob.citation.text))
                 if not w.isdigit()]
        if len(words) < 3:
            yield self._at(
                ob, i, "/citation/text", "lint.citation-unquoted",
                f"citation text {ob.citation.text!r} quotes no words of the directive; "
                "copy the sentence that creates the duty", "error")

    def _source(self, d: Directive) -> Iterator[Problem]:
        path = find_source(d.source, self.book.root)
        located = self._file_of(d)
        where = located.where("/directive/source") if located else (0, 0)
        file = located.file if located else d.id
        if path is None and _URL.match(d.source):
            yield Problem(file, *where, "lint.source-missing",
                          f"source {d.source!r} is a web address: citations were not checked; "
                          "save the text under seeds/ beside the rules and name that file in "
                          "source: (keep the address in notes)", "/directive/source",
                          {"source": d.source, "variant": "url"}, severity="warning")
            return
        if path is None:
            yield Problem(file, *where, "lint.source-missing",
                          f"source text {d.source!r} not found beside the rules; "
                          "citations were not checked against it", "/directive/source",
                          {"source": d.source}, severity="note")
            return
        try:
            text = fold(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            yield Problem(file, *where, "lint.source-missing",
                          f"source text {d.source!r} cannot be read ({exc}); citations "
                          "were not checked", "/directive/source", {"source": d.source},
                          severity="note")
            return
        for i, ob in enumerate(d.obligations):
            for fragment in _fragments(ob.citation.text):
                if fold(fragment) not in text:
                    yield self._at(
                        ob, i, "/citation/text", "lint.citation-not-in-source",
                        f"the cited words {_short(fragment)!r} are not in {d.source}; quote "
                        "the text exactly (typos included) and mark cuts with '...'", "error",
                        words=_short(fragment), source=str(d.source))
                    break

    def _file_of(self, d: Directive) -> Located | None:
        for located in self.files.values():
            data = located.data
            if isinstance(data, dict) and isinstance(data.get("directive"), dict) \
                    and data["directive"].get("id") == d.id:
                return located
        return None

    # -- recipients --------------------------------------------------------------------

    def _recipient_named(self, ob: Obligation, i: int) -> Iterator[Problem]:
        if ob.recipient_inferred or (ob.notes and _INFERRED.search(ob.notes)):
            return
        if ob.kind is ObligationKind.ACTIVITY and not ob.recipient:
            return  # an activity asks for no report: it may have no one to send one to
        words = strip_marks(ob.citation.text)
        names = _role_names(self.book, ob.recipient_role) if ob.recipient_role \
            else _names(self.book, ob.recipient)
        if any(name in words for name in names):
            return
        yield self._at(
            ob, i, "/recipient", "lint.inferred-recipient",
            f"the cited words do not name the recipient {ob.recipient!r}; if it was "
            "inferred, mark it (recipient_inferred: true) and say how in notes", "warning",
            recipient=ob.recipient)

    # -- overlaps ----------------------------------------------------------------------

    def _overlaps(self) -> Iterator[Problem]:
        periodic = [
            (d, i, ob) for d in self.book.directives for i, ob in enumerate(d.obligations)
            if ob.kind is ObligationKind.PERIODIC
        ]
        expand = self.book.registry.expand
        for (_, _, a), (_, j, b) in combinations(periodic, 2):
            if a.recipient != b.recipient:
                continue
            units = set(expand(a.reporters)) & set(expand(b.reporters))
            if not units:
                continue
            common = _common_period(a, b)
            if common is None:
                continue
            yield self._at(
                b, j, "", "lint.overlap",
                f"{b.directive_id}/{b.id} and {a.directive_id}/{a.id} ({a.source_file}:"
                f"{a.source_line}) demand the same report from {len(units)} unit(s) to "
                f"{b.recipient} for {common}: one report owed, counted for both even when it "
                "names one of them", "warning", other=f"{a.directive_id}/{a.id}",
                common=str(common))


def _working_day_between(after: date, until: date, working: object) -> bool:
    """A working day in (after, until]."""
    assert callable(working)
    day = after + timedelta(days=1)
    while day <= until:
        if working(day):
            return True
        day += timedelta(days=1)
    return False


def _fragments(text: str) -> list[str]:
    """The quoted pieces of a citation ('...' marks words left out)."""
    return [f.strip(' "“”') for f in _ELLIPSIS.split(text) if len(f.strip(' "“”')) >= 8]


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


_PLACE = re.compile(r"\s*(?:tỉnh|thành phố|tp\.?)\s+.+$")
_LEVEL = re.compile(r"\s+cấp\s+(?:tỉnh|huyện|xã|trung ương|bộ)\s*$", re.IGNORECASE)


def _role_names(book: RuleBook, role: Role) -> set[str]:
    """Ways the words may name a recipient by role: its kind's name, with or without its
    level ("Chi cục Thú y cấp tỉnh" is "Chi cục Thú y" in a text)."""
    names: set[str] = set()
    step: Role | None = role
    while step is not None:
        if step.kind is not None:
            name = book.registry.kind_name(step.kind)
            names.add(strip_marks(name))
            names.add(strip_marks(_LEVEL.sub("", name)))
        step = step.otherwise
    return {n for n in names if len(n) >= 4}


def _names(book: RuleBook, unit_id: str) -> set[str]:
    """Ways the words may name a unit: its name, aliases and short names, with and
    without the place, all without diacritics."""
    unit = book.registry.units.get(unit_id)
    if unit is None:
        return set()
    raw = [unit.name, *unit.aliases, *unit.short]
    names = set()
    for name in raw:
        names.add(strip_marks(name))
        bare = _PLACE.sub("", fold(name))
        if len(bare) >= 6:
            names.add(strip_marks(bare))
        head = _HEAD.match(fold(name))  # "Bộ trưởng" of "Bộ trưởng Bộ Thông tin ..."
        if head and len(head[1].split()) >= 2:
            names.add(strip_marks(head[1]))
    return {n for n in names if n}


# The title of a unit before what it belongs to: "thường trực ban chỉ đạo" of "Thường trực
# Ban Chỉ đạo Cuộc vận động ... tỉnh Tây Ninh"; texts often write only that.
_HEAD = re.compile(r"^(.+?)\s+(?:bộ|sở|cuộc vận động|của|tỉnh|thành phố|huyện|\"|\(|việt nam)\b")


def _common_period(a: Obligation, b: Obligation) -> str | None:
    start = max(a.in_force.start, b.in_force.start)
    ends = [e for e in (a.in_force.end, b.in_force.end) if e is not None]
    end = min(ends) if ends else min(date(start.year + 1, 12, 31), LAST_DAY)
    if end < start:
        return None
    span = Horizon(start, end)
    labels_a = {o.period.label for o in obligation_periods(a, span)
                if o.period.kind is not PeriodKind.WINDOW}
    for o in obligation_periods(b, span):
        if o.period.label in labels_a:
            return o.period.label
    return None

