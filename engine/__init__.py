"""baocao's library: rule books in, verdicts out.

Layout (one package per stage, named for what it holds)::

    engine/
      errors.py     Problem, BaocaoError, CODES (every code, explained)
      model/        the typed model: rules, time, facts, results (frozen dataclasses)
      sources/      reading files: YAML, JSON, CSV → values with source positions
      rulebook/     rule files → a checked, typed RuleBook (schemas, units, policies,
                    calendar, directives, decisions, directive lookup)
      time/         dates, periods, working days, due dates
      submissions/  report metadata files → Submission records (parsed, names resolved)
      evaluation/   the passes: scope, expand, group, facts, decide (durable_rules), assemble
      views/        the rows each command shows, built once for every output format

Data flow, with the type each stage returns::

    rules/ ──rulebook.load_rulebook──► RuleBook
    files  ──submissions.load_submissions──► tuple[Submission]
    RuleBook + submissions ──evaluation.check──► Evaluation
        scope → Scope, Horizon · expand → Instance · group → Matching
        facts → InstanceFact / SubmissionFact · decide → Decided (rule per fact)
        assemble → InstanceResult / SubmissionResult (reasons as codes)
    Evaluation ──views.check_view / overdue_view──► CheckView / OverdueView
    RuleBook ──views.rules_view──► tuple[ObligationRow]

The CLI imports only the names below. Heavy modules (yaml, jsonschema, holidays, durable)
load when a command first needs them, so ``baocao --help`` stays fast.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import CODES, BaocaoError, EngineFailure, Fault, Problem
from engine.model import Disposition, Evaluation, Reason, Verdict
from engine.time.dates import DateParseError, parse_date, today_vn

if TYPE_CHECKING:
    from engine.authoring.cases import CaseRun, run_cases
    from engine.authoring.draft import draft_data, draft_file
    from engine.authoring.lint import LintReport, lint_rules
    from engine.authoring.scaffold import new_directive
    from engine.evaluation import Filters, check
    from engine.model import Request, Submission
    from engine.rulebook import RuleBook, bundled_rules_dir, load_rulebook
    from engine.sources.yaml import dump_yaml
    from engine.views import (
        CheckView,
        DeadlineInfo,
        InstanceRow,
        ObligationRow,
        OverdueView,
        SubmissionRow,
        Summary,
        check_view,
        overdue_view,
        rules_view,
    )
    from engine.views.explain import Explanation, Step, explain_instance, explain_submission

__all__ = [
    "CODES",
    "BaocaoError",
    "CaseRun",
    "CheckView",
    "DateParseError",
    "DeadlineInfo",
    "Disposition",
    "EngineFailure",
    "Evaluation",
    "Explanation",
    "Fault",
    "Filters",
    "InstanceRow",
    "LintReport",
    "ObligationRow",
    "OverdueView",
    "Problem",
    "Reason",
    "RuleBook",
    "Step",
    "SubmissionRow",
    "Summary",
    "Verdict",
    "bundled_rules_dir",
    "check",
    "check_view",
    "draft_data",
    "draft_file",
    "dump_yaml",
    "explain_instance",
    "explain_submission",
    "lint_rules",
    "load_requests",
    "load_rulebook",
    "load_submissions",
    "new_directive",
    "overdue_view",
    "parse_date",
    "rules_view",
    "run_cases",
    "today_vn",
]

_LAZY = {
    "Filters": "engine.evaluation",
    "check": "engine.evaluation",
    "RuleBook": "engine.rulebook",
    "bundled_rules_dir": "engine.rulebook",
    "load_rulebook": "engine.rulebook",
    **dict.fromkeys(
        ("CheckView", "DeadlineInfo", "InstanceRow", "ObligationRow", "OverdueView",
         "SubmissionRow", "Summary", "check_view", "overdue_view", "rules_view"),
        "engine.views",
    ),
    # the rule author's toolkit (baocao rules lint|test|export|new|draft, baocao explain)
    "LintReport": "engine.authoring.lint",
    "lint_rules": "engine.authoring.lint",
    "CaseRun": "engine.authoring.cases",
    "run_cases": "engine.authoring.cases",
    "draft_data": "engine.authoring.draft",
    "draft_file": "engine.authoring.draft",
    "dump_yaml": "engine.sources.yaml",
    "new_directive": "engine.authoring.scaffold",
    **dict.fromkeys(("Explanation", "Step", "explain_instance", "explain_submission"),
                    "engine.views.explain"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'engine' has no attribute {name!r}")


def load_requests(paths: Sequence[Path], book: RuleBook) -> tuple[Request, ...]:
    """Recorded requests for ad hoc reports (``--requests``); a bad entry is an error."""
    from engine.submissions.requests import load_requests as load

    return load(paths, book.registry, book.directives)


def load_submissions(paths: Sequence[Path], book: RuleBook) -> tuple[Submission, ...]:
    """Every record of ``paths`` (files or folders), resolved against ``book``'s units and
    directives; every record becomes exactly one Submission, valid or not."""
    from engine.submissions import load_submissions as load

    return load(paths, book.registry, book.directives)
