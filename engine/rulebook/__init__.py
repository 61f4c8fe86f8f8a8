"""The rule book: every rule file of a rules folder, loaded, checked and typed.

``load_rulebook`` is the load → check → compile stage. It reads each file (``sources``), checks
it against its JSON Schema (``schemas``, trusted from then on) and then semantically
(``units``, ``policies``, ``calendar``, ``directives``, ``decisions``), and returns a frozen
``RuleBook``. Every file is checked even when another failed, so a rule author sees all the
problems at once; any problem stops the run before a verdict is computed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from engine.errors import BaocaoError, Problem, problem
from engine.model import Directive, Obligation, Policy
from engine.model.documents import DocumentTypes
from engine.rulebook._data import data_dir
from engine.rulebook.decisions import Decisions
from engine.rulebook.lookup import DirectiveIndex
from engine.rulebook.registry import Registry, UnitResolutionError
from engine.time.workdays import WorkCalendar

__all__ = ["RuleBook", "bundled_rules_dir", "load_rulebook", "require_rules_dir"]

T = TypeVar("T")
REQUIRED_FILES = ("units.yaml",)
# National files a rules folder may leave out: the bundled ones are used (the holidays and the
# kinds of documents are the country's; the decisions and the policies are baocao's own). A
# folder for one ministry's texts then holds only its units, directives and tests.
NATIONAL_FILES = ("decisions.yaml", "calendar/policies.yaml", "calendar/vn-adjustments.yaml",
                  "doctypes.yaml")


def bundled_rules_dir() -> Path:
    """The rules shipped with the package (installed), or the repo's rules/ (source tree)."""
    return data_dir("baocao_rules", "units.yaml", "rules")


@dataclass(frozen=True)
class RuleBook:
    root: Path
    registry: Registry
    directives: tuple[Directive, ...]
    policies: Mapping[str, Policy]
    calendar: WorkCalendar
    decisions: Decisions
    obligations: Mapping[tuple[str, str], Obligation] = field(default_factory=dict)
    doctypes: DocumentTypes = field(default_factory=lambda: DocumentTypes(()))

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
            known = tuple(d.label for d in self.directives)
            raise BaocaoError([problem("option.directive", str(err), file="--directive",
                                       value=text, known=known)]) from err

    def units_named(self, text: str) -> frozenset[str]:
        """The units a --unit option names: a group id gives its members, else one unit."""
        if text in self.registry.groups:
            return frozenset(self.registry.expand([text]))
        try:
            return frozenset([self.registry.resolve(text)])
        except UnitResolutionError as err:
            raise BaocaoError([problem("option.unit", str(err), file="--unit", name=err.name,
                                       kind=err.kind, candidates=err.candidates)]) from err

    def recipient_named(self, text: str, option: str = "--recipient") -> str:
        """The one unit a --recipient or --office option names (the office keeping a
        register of documents received), resolved like a record's recipient."""
        try:
            return self.registry.resolve(text)
        except UnitResolutionError as err:
            raise BaocaoError([problem("option.recipient", str(err), file=option,
                                       name=text, candidates=err.candidates)]) from err


def require_rules_dir(rules_dir: Path | None) -> Path:
    """``rules_dir`` (the bundled rules when None), refused unless it is a folder."""
    root = rules_dir or bundled_rules_dir()
    if not root.is_dir():
        message = (f"not a directory: {root} (the rules are a folder: directives/, units.yaml, "
                   "calendar/)" if root.exists() else f"rules directory not found: {root}")
        raise BaocaoError([problem("file.missing", message, file=str(root), path=str(root),
                                   variant="not-dir" if root.exists() else "rules-dir")])
    return root


def load_rulebook(rules_dir: Path | None = None) -> RuleBook:
    from engine.rulebook.calendar import build_calendar
    from engine.rulebook.decisions import build_decisions
    from engine.rulebook.directives import load_directives
    from engine.rulebook.doctypes import build_doctypes
    from engine.rulebook.policies import build_policies
    from engine.rulebook.units import build_registry
    from engine.sources.yaml import load_yaml

    root = require_rules_dir(rules_dir)
    problems: list[Problem] = []
    for rel in REQUIRED_FILES:
        if not (root / rel).is_file():
            problems.append(problem("file.missing", f"{rel} not found in rules directory {root}",
                                    variant="rules-file", rel=str(rel), root=str(root)))
    if not (root / "directives").is_dir():
        problems.append(problem("file.missing", f"directives/ not found in {root}",
                                variant="directives", root=str(root)))
    if problems:
        raise BaocaoError(problems)

    def stage(build: Callable[..., T], rel: str, *args: Any) -> T | None:
        # Every file is checked even when an earlier one failed, so all problems show at once.
        path = root / rel
        if rel in NATIONAL_FILES and not path.is_file():
            path = (bundled_rules_dir() / rel).resolve()
        try:
            return build(load_yaml(path), *args)
        except BaocaoError as err:
            problems.extend(err.problems)
            return None

    registry = stage(build_registry, "units.yaml")
    policies = stage(build_policies, "calendar/policies.yaml")
    decisions = stage(build_decisions, "decisions.yaml")
    calendar = stage(build_calendar, "calendar/vn-adjustments.yaml")
    doctypes = stage(build_doctypes, "doctypes.yaml")
    directives = None
    if registry is not None and policies is not None:
        try:
            directives = load_directives(root / "directives", registry, policies)
        except BaocaoError as err:
            problems.extend(err.problems)
    if directives is not None and doctypes is not None:
        problems.extend(_unknown_kinds(directives, doctypes))
    from engine.authoring.files import refused_files

    problems += refused_files(root)  # a directive no command would read: refused, not dropped
    if problems or registry is None or directives is None:
        raise BaocaoError(problems)
    assert policies is not None
    assert decisions is not None
    assert calendar is not None
    assert doctypes is not None
    obligations = {(ob.directive_id, ob.id): ob for d in directives for ob in d.obligations}
    return RuleBook(root, registry, directives, policies, calendar, decisions, obligations,
                    doctypes)


def _unknown_kinds(directives: tuple[Directive, ...], doctypes: DocumentTypes) -> list[Problem]:
    """A duty's deliverable must name kinds doctypes.yaml knows: an unknown kind would never
    match, silently."""
    known = {t.id for t in doctypes.types}
    return [
        Problem(ob.source_file, ob.source_line, 1, "rules.unknown-doctype",
                f"obligation {ob.id!r}: deliverable kind {kind!r} is not in doctypes.yaml; "
                f"known kinds: {', '.join(sorted(known))}", "", {"kind": kind})
        for d in directives for ob in d.obligations for kind in ob.deliverable.types
        if kind not in known
    ]
