"""baocao's library: rule books in, verdicts out.

Layout (one package per stage, named for what it holds)::

    engine/
      errors.py     Problem, BaocaoError, CODES (every code, explained)
      model/        the typed model: rules, time, facts, results (frozen dataclasses)
      sources/      reading files: YAML, JSON, CSV, XLSX → values with source positions
      rulebook/     rule files → a checked, typed RuleBook (schemas, units, policies,
                    calendar, directives, decisions, directive lookup)
      time/         dates, periods, working days, due dates
      submissions/  report metadata files → Submission records (parsed, names resolved)
      evaluation/   the passes: scope, expand, group, facts, decide (durable_rules), assemble
      views/        the rows each command shows, built once for every output format
      register/     the register of reports received: one SQLite file (sqlite3 only here)

Data flow, with the type each stage returns::

    rules/ ──rulebook.load_rulebook──► RuleBook
    files  ──submissions.load_submissions──► tuple[Submission]
    RuleBook + submissions ──evaluation.check──► Evaluation
        scope → Scope, Horizon · expand → Instance · group → Matching
        facts → InstanceFact / SubmissionFact · decide → Decided (rule per fact)
        assemble → InstanceResult / SubmissionResult (reasons as codes)
    Evaluation ──views.check_view / overdue_view──► CheckView / OverdueView
    RuleBook ──views.rules_view──► tuple[ObligationRow]
    files ──submissions.load_batch──► Batch (submissions + every file read or not, and why)
    Batch ──register.ingest──► the register ──register.read──► the same records again
    Evaluation + Batch ──views.validate_view──► ValidateView (one row per record)

The CLI imports only the names below. Heavy modules (yaml, jsonschema, holidays, durable)
and the model's dataclasses load when a command first needs them, so ``baocao --help`` stays
fast (tests/test_architecture.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import CODES, BaocaoError, EngineFailure, Fault, Problem, problem
from engine.time.dates import DateParseError, parse_date, today_vn

if TYPE_CHECKING:
    from engine.authoring.cases import CaseRun, run_cases
    from engine.authoring.draft import draft_data, draft_file
    from engine.authoring.lint import LintReport, lint_rules
    from engine.authoring.scaffold import new_directive
    from engine.evaluation import Filters, check
    from engine.evaluation.batch import validate
    from engine.model import (
        Batch,
        Citation,
        Disposition,
        Evaluation,
        FileRead,
        Reason,
        Request,
        Skipped,
        Submission,
        Verdict,
    )
    from engine.register import (
        Decision,
        History,
        IngestReport,
        IngestRow,
        Snapshot,
        Stored,
        Version,
    )
    from engine.rulebook import RuleBook, bundled_rules_dir, load_rulebook
    from engine.sources.yaml import dump_yaml
    from engine.submissions.grid import Grid, other_sheets, read_grid
    from engine.views import (
        BEHIND_SHOWN,
        REMIND_WORKING_DAYS,
        BriefView,
        CalendarEntry,
        CalendarView,
        CheckView,
        DeadlineInfo,
        DirectiveRate,
        Figures,
        InstanceRow,
        Listing,
        Missing,
        ObligationRow,
        OverdueView,
        PolicyNote,
        Rates,
        SelectionInfo,
        SubmissionRow,
        Summary,
        UnitBehind,
        UnitRate,
        UpcomingView,
        brief_view,
        calendar_view,
        check_parts,
        check_rows,
        check_view,
        directive_label,
        overdue_view,
        rules_view,
        upcoming_view,
    )
    from engine.views.explain import Explanation, Step, explain_instance, explain_submission
    from engine.views.validate import FileCount, RecordRow, ValidateView, validate_view

__all__ = [
    "BEHIND_SHOWN",
    "CODES",
    "REMIND_WORKING_DAYS",
    "BaocaoError",
    "Batch",
    "BriefView",
    "CalendarEntry",
    "CalendarView",
    "CaseRun",
    "CheckView",
    "Citation",
    "DateParseError",
    "DeadlineInfo",
    "Decision",
    "DirectiveRate",
    "Disposition",
    "EngineFailure",
    "Evaluation",
    "Explanation",
    "Fault",
    "Figures",
    "FileCount",
    "FileRead",
    "Filters",
    "Grid",
    "History",
    "IngestReport",
    "IngestRow",
    "InstanceRow",
    "LintReport",
    "Listing",
    "Missing",
    "ObligationRow",
    "OverdueView",
    "PolicyNote",
    "Problem",
    "Rates",
    "Reason",
    "RecordRow",
    "Request",
    "RuleBook",
    "SelectionInfo",
    "Skipped",
    "Snapshot",
    "Step",
    "Stored",
    "SubmissionRow",
    "Summary",
    "UnitBehind",
    "UnitRate",
    "UpcomingView",
    "ValidateView",
    "Verdict",
    "Version",
    "brief_view",
    "bundled_rules_dir",
    "calendar_view",
    "check",
    "check_parts",
    "check_rows",
    "check_view",
    "directive_label",
    "draft_data",
    "draft_file",
    "dump_yaml",
    "explain_instance",
    "explain_submission",
    "ingest",
    "lint_rules",
    "load_batch",
    "load_requests",
    "load_rulebook",
    "load_submissions",
    "new_directive",
    "other_sheets",
    "overdue_view",
    "parse_date",
    "problem",
    "read_grid",
    "register_backup",
    "register_copy",
    "register_entries",
    "register_history",
    "register_ingests",
    "register_replace",
    "register_shown",
    "register_snapshot",
    "register_withdraw",
    "rules_view",
    "run_cases",
    "stage",
    "today_vn",
    "units_behind",
    "upcoming_view",
    "validate",
    "validate_view",
]

_LAZY = {
    # the typed model: its dataclasses take longer to define than --help takes to print
    **dict.fromkeys(("Batch", "Citation", "Evaluation", "FileRead", "Reason", "Request",
                     "Skipped"), "engine.model"),
    # the words of a result, which the CLI's texts name when they load
    **dict.fromkeys(("Disposition", "Verdict"), "engine.model.verdicts"),
    "Filters": "engine.evaluation",
    "check": "engine.evaluation",
    "RuleBook": "engine.rulebook",
    "bundled_rules_dir": "engine.rulebook",
    "load_rulebook": "engine.rulebook",
    **dict.fromkeys(
        ("CheckView", "DeadlineInfo", "DirectiveRate", "Figures", "InstanceRow",
         "ObligationRow", "OverdueView", "PolicyNote", "Rates", "SelectionInfo",
         "SubmissionRow", "Summary", "UnitRate", "Listing", "check_parts", "check_rows",
         "check_view", "overdue_view", "rules_view", "directive_label"),
        "engine.views",
    ),
    # what falls due: baocao upcoming and baocao calendar
    **dict.fromkeys(("BriefView", "brief_view"), "engine.views.brief"),
    **dict.fromkeys(("BEHIND_SHOWN", "Missing", "UnitBehind", "units_behind"),
                    "engine.views.behind"),
    **dict.fromkeys(("REMIND_WORKING_DAYS", "CalendarEntry", "CalendarView", "UpcomingView",
                     "calendar_view", "upcoming_view"), "engine.views.planning"),
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
    "validate": "engine.evaluation.batch",
    "Grid": "engine.submissions.grid",
    "read_grid": "engine.submissions.grid",
    "other_sheets": "engine.submissions.grid",
    **dict.fromkeys(("Decision", "History", "IngestReport", "IngestRow", "Snapshot", "Stored",
                     "Version"), "engine.register"),
    **dict.fromkeys(("FileCount", "RecordRow", "ValidateView", "validate_view"),
                    "engine.views.validate"),
    # a run's own stages, timed for benchmarks/run.py (BAOCAO_STAGES)
    "stage": "engine.stages",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'engine' has no attribute {name!r}")


def load_requests(paths: Sequence[Path], book: RuleBook) -> tuple[Request, ...]:
    """Recorded requests for ad hoc reports (``--requests``); a bad entry is an error."""
    from engine.submissions.requests import load_requests as load

    return load(paths, book.registry, book.directives)


def load_submissions(
    paths: Sequence[Path], book: RuleBook, recipient: str | None = None
) -> tuple[Submission, ...]:
    """Every record of ``paths`` (files or folders), resolved against ``book``'s units and
    directives; every record becomes exactly one Submission, valid or not. ``recipient``:
    see ``load_batch``."""
    from engine.submissions import load_submissions as load

    return load(paths, book.registry, book.directives, _recipient(book, recipient))


def load_batch(
    paths: Sequence[Path],
    book: RuleBook,
    progress: Callable[[str, int, int], None] | None = None,
    db: str | Path | Sequence[str | Path] | None = None,
    recipient: str | None = None,
) -> Batch:
    """``load_submissions`` with an account of every file read (records per file, sheet,
    encoding, rows that are not records) and of everything not read, with the reason.
    ``db``: the register's records first, as received (several registers in the order
    given), then the files'. ``progress`` is told
    (stage, done, total) as a long batch is read and built. ``recipient`` (a unit id or
    name; ``option.recipient`` when it names no one unit): the recipient of the files'
    records that name none — the office keeping a register of documents received, which has
    no recipient column. The register's records keep the recipient they were ingested with."""
    from engine.model import Batch
    from engine.stages import split, stage
    from engine.submissions import Builder
    from engine.submissions.reading import read_batch

    defaults = _recipient(book, recipient)
    files: list[FileRead] = []
    registers = [db] if isinstance(db, str | Path) else list(db or ())
    builder = Builder(book.registry, book.directives, progress)
    # each record is built as it is read (Builder): the time spent building is told apart
    with stage("read"):
        for one in registers:
            from engine import register

            got, got_files = register.read(register.location(one))
            builder(got)
            del got
            files += got_files
        _, more_files, skipped = read_batch(paths, progress, defaults=defaults, sink=builder)
        built = builder.built()
    split("read", "build", builder.seconds)
    from engine.memory import give_back

    give_back(len(built))  # the files' text and the records as read (engine/memory.py)
    return Batch(built, (*files, *more_files), tuple(skipped))


def ingest(
    paths: Sequence[Path],
    book: RuleBook,
    db: str | Path,
    progress: Callable[[str, int, int], None] | None = None,
    recipient: str | None = None,
) -> IngestReport:
    """Store a batch in the register ``db`` (created if needed): new records added, the same
    record again unchanged, a known id with other content kept aside as a conflict.
    ``recipient``: as for ``load_batch``; the register keeps it with each record it fills."""
    from engine import register

    return register.ingest(paths, book, register.location(db), _tool(), progress,
                           _recipient(book, recipient))


def _tool() -> str:
    """This baocao's version, recorded with each batch and decision."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("baocao")
    except PackageNotFoundError:
        return "unknown"


def _recipient(book: RuleBook, recipient: str | None) -> dict[str, str] | None:
    """The --recipient option as a default value for the records' recipient field."""
    return None if recipient is None else {"recipient": book.recipient_named(recipient)}


def register_entries(
    db: str | Path, *, conflicts_only: bool = False, key: str | None = None
) -> list[Stored]:
    from engine import register

    return register.entries(register.location(db), conflicts_only=conflicts_only, key=key)


def register_snapshot(db: str | Path) -> AbstractContextManager[Snapshot]:
    """The register ``db`` as it is now, to read entry by entry while the ``with`` lasts
    (``Snapshot``: its counts, then its entries, as often as needed, all of one moment)."""
    from engine import register

    return register.snapshot(register.location(db))


def register_backup(db: str | Path, target: Path, *, force: bool = False) -> int:
    """A consistent copy of the register ``db`` in ``target`` (its -wal included); an
    existing ``target`` only with ``force``, never the register itself. Returns the number of
    records (entries) copied."""
    from engine import register

    return register.backup(register.location(db), target, force=force)


def register_copy(source: str | Path, target: str | Path) -> int:
    """Every batch, record, version and decision of the register ``source`` into ``target``,
    a new register (a file or a PostgreSQL database): row for row, from one snapshot, in one
    transaction. Returns the records copied."""
    from engine import register

    return register.copy(register.location(source), register.location(target))


def register_shown(db: str | Path) -> str:
    """The register as messages name it: a file's name, a server's address without its
    password."""
    from engine import register

    return str(register.location(db))


def register_ingests(db: str | Path) -> list[IngestRow]:
    from engine import register

    return register.ingests(register.location(db))


def register_replace(db: str | Path, key: str, version: int | None = None,
                     reason: str = "") -> Decision:
    """Make a version of the record ``key`` the register's: ``version`` (its number, 1 the
    first received), by default the newest one waiting for a decision (a corrected version
    kept aside as a conflict). The replaced version is kept; the decision is recorded."""
    from engine import register

    return register.replace(register.location(db), key, version, reason, _tool())


def register_withdraw(db: str | Path, key: str, reason: str) -> Decision:
    """Make the record ``key`` stop counting (check --db, validate --db, export leave it out);
    it stays in the register with ``reason``, and the decision is recorded."""
    from engine import register

    return register.withdraw(register.location(db), key, reason, _tool())


def register_history(db: str | Path, key: str) -> History:
    """Every version of the record ``key`` and every decision on it, in order."""
    from engine import register

    return register.history(register.location(db), key)
