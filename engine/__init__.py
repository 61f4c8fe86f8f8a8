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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import CODES, BaocaoError, Problem
from engine.model import Batch, Disposition, Evaluation, FileRead, Reason, Skipped, Verdict
from engine.time.dates import DateParseError, parse_date, today_vn

if TYPE_CHECKING:
    from engine.evaluation import Filters, check
    from engine.evaluation.batch import validate
    from engine.model import Submission
    from engine.rulebook import RuleBook, bundled_rules_dir, load_rulebook
    from engine.submissions.grid import Grid, read_grid
    from engine.views import (
        CheckView,
        InstanceRow,
        ObligationRow,
        OverdueView,
        SubmissionRow,
        Summary,
        check_view,
        overdue_view,
        rules_view,
    )
    from engine.views.validate import FileCount, RecordRow, ValidateView, validate_view

__all__ = [
    "CODES",
    "BaocaoError",
    "Batch",
    "CheckView",
    "DateParseError",
    "Disposition",
    "Evaluation",
    "FileCount",
    "FileRead",
    "Filters",
    "Grid",
    "InstanceRow",
    "ObligationRow",
    "OverdueView",
    "Problem",
    "Reason",
    "RecordRow",
    "RuleBook",
    "Skipped",
    "SubmissionRow",
    "Summary",
    "ValidateView",
    "Verdict",
    "bundled_rules_dir",
    "check",
    "check_view",
    "load_batch",
    "load_rulebook",
    "load_submissions",
    "overdue_view",
    "parse_date",
    "read_grid",
    "rules_view",
    "today_vn",
    "validate",
    "validate_view",
]

_LAZY = {
    "Filters": "engine.evaluation",
    "check": "engine.evaluation",
    "RuleBook": "engine.rulebook",
    "bundled_rules_dir": "engine.rulebook",
    "load_rulebook": "engine.rulebook",
    **dict.fromkeys(
        ("CheckView", "InstanceRow", "ObligationRow", "OverdueView", "SubmissionRow",
         "Summary", "check_view", "overdue_view", "rules_view"),
        "engine.views",
    ),
    "validate": "engine.evaluation.batch",
    "Grid": "engine.submissions.grid",
    "read_grid": "engine.submissions.grid",
    **dict.fromkeys(("FileCount", "RecordRow", "ValidateView", "validate_view"),
                    "engine.views.validate"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'engine' has no attribute {name!r}")


def load_submissions(paths: Sequence[Path], book: RuleBook) -> tuple[Submission, ...]:
    """Every record of ``paths`` (files or folders), resolved against ``book``'s units and
    directives; every record becomes exactly one Submission, valid or not."""
    from engine.submissions import load_submissions as load

    return load(paths, book.registry, book.directives)


def load_batch(
    paths: Sequence[Path],
    book: RuleBook,
    progress: Callable[[str, int, int], None] | None = None,
) -> Batch:
    """``load_submissions`` with an account of every file read (records per file, sheet,
    encoding, rows that are not records) and of everything not read, with the reason.
    ``progress`` is told (stage, done, total) as a long batch is read and built."""
    from engine.submissions import load_batch as load

    return load(paths, book.registry, book.directives, progress)
