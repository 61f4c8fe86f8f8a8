"""The typed model every stage shares: rules, time, facts and results.

Its names load when first asked for (``engine.model.Obligation``, ``from engine.model import
Unit``), each from its own module: defining some hundred dataclasses costs more than
``baocao --help`` may take, and the CLI names only a result's verdicts and dispositions when
it starts (tests/test_architecture.py).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.model.batch import Batch, FileRead, Skipped
    from engine.model.facts import FACT_KINDS, Fact, InstanceFact, SubmissionFact
    from engine.model.results import (
        Evaluation,
        Instance,
        InstanceResult,
        Param,
        Reason,
        Request,
        Selection,
        Submission,
        SubmissionResult,
    )
    from engine.model.rules import (
        EVALUATED_KINDS,
        ND09_FROM,
        Area,
        AreaLevel,
        Citation,
        CountedDate,
        DataSpan,
        DeadlineSpec,
        Deliverable,
        Directive,
        Frequency,
        Group,
        InForce,
        MonthRef,
        Obligation,
        ObligationKind,
        Policy,
        Quantity,
        ReceivedFrom,
        Role,
        ScheduleEntry,
        Subject,
        Unit,
        UnitKind,
        Within,
    )
    from engine.model.time import Due, DueBasis, Period, PeriodKind, Reading, SkippedDay
    from engine.model.verdicts import Disposition, Verdict

__all__ = [
    "EVALUATED_KINDS",
    "FACT_KINDS",
    "ND09_FROM",
    "Area",
    "AreaLevel",
    "Batch",
    "Citation",
    "CountedDate",
    "DataSpan",
    "DeadlineSpec",
    "Deliverable",
    "Directive",
    "Disposition",
    "Due",
    "DueBasis",
    "Evaluation",
    "Fact",
    "FileRead",
    "Frequency",
    "Group",
    "InForce",
    "Instance",
    "InstanceFact",
    "InstanceResult",
    "MonthRef",
    "Obligation",
    "ObligationKind",
    "Param",
    "Period",
    "PeriodKind",
    "Policy",
    "Quantity",
    "Reading",
    "Reason",
    "ReceivedFrom",
    "Request",
    "Role",
    "ScheduleEntry",
    "Selection",
    "Skipped",
    "SkippedDay",
    "Subject",
    "Submission",
    "SubmissionFact",
    "SubmissionResult",
    "Unit",
    "UnitKind",
    "Verdict",
    "Within",
]

# Where the names above are defined, lightest first.
_PARTS = ("engine.model.verdicts", "engine.model.time", "engine.model.results",
          "engine.model.rules", "engine.model.facts", "engine.model.batch")


def __getattr__(name: str) -> Any:
    if name in __all__:
        for part in _PARTS:
            module = importlib.import_module(part)
            if name in vars(module):
                value = vars(module)[name]
                globals()[name] = value
                return value
    raise AttributeError(f"module 'engine.model' has no attribute {name!r}")
