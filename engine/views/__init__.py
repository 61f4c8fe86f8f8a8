"""Views: what each command shows, as typed rows built once from the results.

Every output format renders these rows; none recomputes a verdict.
"""

from engine.views.build import (
    check_parts,
    check_view,
    overdue_view,
    period_text,
    rules_view,
    summary,
)
from engine.views.rows import (
    CheckView,
    DeadlineInfo,
    InstanceRow,
    ObligationRow,
    OverdueGroup,
    OverdueView,
    PolicyNote,
    SubmissionRow,
    Summary,
)

__all__ = [
    "CheckView",
    "DeadlineInfo",
    "InstanceRow",
    "ObligationRow",
    "OverdueGroup",
    "OverdueView",
    "PolicyNote",
    "SubmissionRow",
    "Summary",
    "check_parts",
    "check_view",
    "overdue_view",
    "period_text",
    "rules_view",
    "summary",
]
