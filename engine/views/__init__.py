"""Views: what each command shows, as typed rows built once from the results.

Every output format renders these rows; none recomputes a verdict.
"""

from engine.views.behind import BEHIND_SHOWN, Missing, UnitBehind, units_behind
from engine.views.brief import BriefView, brief_view
from engine.views.build import (
    check_parts,
    check_rows,
    check_view,
    directive_label,
    overdue_view,
    period_text,
    rules_view,
    summary,
)
from engine.views.planning import (
    REMIND_WORKING_DAYS,
    CalendarEntry,
    CalendarView,
    UpcomingView,
    calendar_view,
    upcoming_view,
)
from engine.views.rows import (
    CheckView,
    DeadlineInfo,
    DirectiveRate,
    Figures,
    InstanceRow,
    Listing,
    ObligationRow,
    OverdueGroup,
    OverdueView,
    PolicyNote,
    Rates,
    SelectionInfo,
    SubmissionRow,
    Summary,
    UnitRate,
)

__all__ = [
    "BEHIND_SHOWN",
    "REMIND_WORKING_DAYS",
    "BriefView",
    "CalendarEntry",
    "CalendarView",
    "CheckView",
    "DeadlineInfo",
    "DirectiveRate",
    "Figures",
    "InstanceRow",
    "Listing",
    "Missing",
    "ObligationRow",
    "OverdueGroup",
    "OverdueView",
    "PolicyNote",
    "Rates",
    "SelectionInfo",
    "SubmissionRow",
    "Summary",
    "UnitBehind",
    "UnitRate",
    "UpcomingView",
    "brief_view",
    "calendar_view",
    "check_parts",
    "check_rows",
    "check_view",
    "directive_label",
    "overdue_view",
    "period_text",
    "rules_view",
    "summary",
    "units_behind",
    "upcoming_view",
]
