"""baocao's library: load rules and submissions, evaluate, export.

The CLI imports only the names below. Everything else is internal and may change.
"""

from engine.api import (
    Filters,
    RuleBook,
    bundled_rules_dir,
    check,
    load_rulebook,
    load_submissions,
    overdue_by_unit,
    today_vn,
)
from engine.dates import DateParseError, parse_date
from engine.errors import BaocaoError, Problem
from engine.exports import (
    evaluation_to_json,
    instance_rows,
    obligations_to_json,
    submission_rows,
    summary_counts,
)
from engine.model import (
    Disposition,
    Evaluation,
    InstanceResult,
    Period,
    SubmissionResult,
    Verdict,
)

__all__ = [
    "BaocaoError",
    "DateParseError",
    "Disposition",
    "Evaluation",
    "Filters",
    "InstanceResult",
    "Period",
    "Problem",
    "RuleBook",
    "SubmissionResult",
    "Verdict",
    "bundled_rules_dir",
    "check",
    "evaluation_to_json",
    "instance_rows",
    "load_rulebook",
    "load_submissions",
    "obligations_to_json",
    "overdue_by_unit",
    "parse_date",
    "submission_rows",
    "summary_counts",
    "today_vn",
]
