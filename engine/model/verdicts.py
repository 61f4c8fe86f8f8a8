"""The two words every outcome ends in: a verdict per expected report, a disposition per
record received (docs/design.md#verdicts-and-dispositions).

Apart from ``engine.model.results`` (which re-exports them) so that what names them — the
CLI's texts, its exit codes — loads without the model's dataclasses: ``baocao --help`` reads
only these (tests/test_architecture.py).
"""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    PENDING = "pending"
    EXEMPT = "exempt"


class Disposition(StrEnum):
    MATCHED = "matched"
    DUPLICATE = "duplicate"
    MISROUTED = "misrouted"
    UNMATCHED = "unmatched"
    UNKNOWN_UNIT = "unknown_unit"
    INVALID = "invalid"
    RECEIVED_LATER = "received_later"  # after --as-of: outside this run, never counted
    NOT_REPORT = "not_report"  # an invitation, a plan, a letter …: counted, fulfils nothing
