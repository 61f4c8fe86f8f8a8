"""The secretariat's batch check: every record judged, against every period it could be for.

``check`` shows the periods of a window (from ``--since``); a batch check shows every record,
so the window opens early enough for the instance each record satisfies to be shown with its
verdict (a report of 2019 received in 2023 is "late", not "matched to nothing shown").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from engine.evaluation import check
from engine.evaluation.scope import Filters
from engine.model import Evaluation, Submission
from engine.rulebook import RuleBook

__all__ = ["validate"]


def validate(book: RuleBook, submissions: Sequence[Submission], as_of: date) -> Evaluation:
    starts = [date(as_of.year - 1, 1, 1)]
    for s in submissions:
        if s.period is not None:
            starts.append(s.period.start)
        if s.submitted_on is not None:
            starts.append(s.submitted_on - timedelta(days=400))
    return check(book, submissions, as_of, Filters(since=min(starts)))
