"""`baocao validate`: one row per record received, and a count per file that proves none was
dropped (records read = records reported).

Each row says where the record is (its file, sheet and row), what it was matched to — the
directive, obligation and period, with the verdict of that report (on time, late) — or its
disposition, the reasons, and what to fix (``fixes``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from engine.model import (
    Batch,
    Disposition,
    Evaluation,
    FileRead,
    InstanceResult,
    Reason,
    Skipped,
    SubmissionResult,
    Verdict,
)
from engine.rulebook import RuleBook
from engine.submissions.fields import FIELDS, is_row_number_header, row_number_of
from engine.views.build import _Names, _submission_row
from engine.views.fixes import ATTENTION, fixes
from engine.views.rows import LazyRows, display

__all__ = ["FileCount", "MatchRow", "RecordRow", "ValidateView", "validate_view"]


@dataclass(frozen=True)
class MatchRow:
    """An expected report a record satisfies, with that report's verdict."""

    key: str
    directive: str  # the number as written (or the id)
    obligation: str
    period: str
    due: date
    due_basis: str
    verdict: Verdict
    days_late: int
    clause: str = display()  # "103/CT-BTTTT III.3 (1)": how people name the duty


@dataclass(frozen=True)
class RecordRow:
    file: str  # the file (or sheet) label, as in messages
    line: int  # its row (tables) or line (YAML, JSON) in that file
    stt: str | None  # the register's own row number, if it has one
    id: str
    reporter: str | None
    reporter_name: str | None
    recipient: str | None
    recipient_name: str | None
    period: str | None
    period_inferred: bool
    submitted_on: date | None
    document_number: str | None
    title: str | None
    disposition: Disposition
    attention: bool  # a person must act on it
    rule: str
    matches: tuple[MatchRow, ...]
    reasons: tuple[Reason, ...]
    fixes: tuple[Reason, ...]
    raw: Mapping[str, str]  # as written: extra columns, and the text typed for a unit
    # the columns of ``raw`` that are not fields or the row number (CSV, XLSX add them)
    extra: tuple[str, ...] = field(default=(), metadata={"display": True})
    reporter_label: str = display()
    period_label: str = display()
    received_label: str = display()


@dataclass(frozen=True)
class FileCount:
    """Per file (or sheet): records read, records reported (equal, or the run stops), and
    how they came out."""

    file: str
    path: str
    format: str
    encoding: str | None
    sheet: str | None
    header_row: int | None
    read: int
    reported: int
    dispositions: dict[str, int]
    attention: int
    notes: tuple[Reason, ...]


@dataclass(frozen=True)
class ValidateView:
    as_of: date
    # built each time they are read (LazyRows): a national register's rows are not held
    records: Sequence[RecordRow]
    files: tuple[FileCount, ...]
    skipped: tuple[Skipped, ...]
    summary: dict[str, int]  # every disposition, zeros included; total; attention
    # every record's ``extra`` columns, in the order they first appear (the CSV's columns
    # after baocao's, known without building the rows twice); not exported
    extra: tuple[str, ...] = field(default=(), metadata={"display": True})

    @property
    def needs_attention(self) -> bool:
        return self.summary["attention"] > 0 or any(s.attention for s in self.skipped)


class AccountingError(RuntimeError):
    """Records read and records reported differ: a bug, never the user's data."""


def validate_view(ev: Evaluation, batch: Batch, book: RuleBook, lang: str = "vi") -> ValidateView:
    """The records' rows are built each time they are read (``LazyRows``), not held: a
    national register's million rows took 600 MB over the check itself. The counts per file
    and the summary come from the results."""
    names = _Names(book, lang)
    instances = {r.instance.key: r for r in ev.instances}

    def row(res: SubmissionResult) -> RecordRow:
        return _record_row(res, instances, book, names)

    return ValidateView(
        as_of=ev.as_of,
        records=LazyRows(ev.submissions, row),
        files=_file_counts(batch.files, ev.submissions),
        skipped=batch.skipped,
        summary=_summary(ev.submissions),
        extra=_extra(ev.submissions),
    )


def _extra(results: Sequence[SubmissionResult]) -> tuple[str, ...]:
    """The columns of the records as written that are not fields nor the row number, in the
    order they first appear (``RecordRow.extra``, of every record)."""
    written = dict.fromkeys(k for res in results for k in res.submission.raw)
    return tuple(filter(_is_extra, written))


def _is_extra(column: str) -> bool:
    """A column as written that is no field of a record, nor its row number (STT)."""
    return column not in FIELDS and not is_row_number_header(column)


def _record_row(res: SubmissionResult, instances: Mapping[str, InstanceResult],
                book: RuleBook, names: _Names) -> RecordRow:
    sub = _submission_row(res, names)
    file, _, line = res.submission.source.rpartition(":")
    matches = []
    for key in res.instances:
        inst = instances.get(key)
        if inst is not None:
            matches.append(MatchRow(
                key=key,
                directive=book.directive(inst.instance.directive_id).label,
                obligation=inst.instance.obligation_id,
                clause=" ".join(filter(None, (
                    names.directive(book.directive(inst.instance.directive_id)),
                    names.clause(inst.instance.directive_id,
                                 inst.instance.obligation_id)))),
                period=inst.instance.period.label,
                due=inst.instance.due.due,
                due_basis=inst.instance.due.basis.value,
                verdict=inst.verdict,
                days_late=inst.days_late,
            ))
    return RecordRow(
        file=file,
        line=int(line) if line.isdigit() else 0,
        stt=row_number_of(sub.raw),
        id=sub.id,
        reporter=sub.reporter,
        reporter_name=sub.reporter_name,
        recipient=sub.recipient,
        recipient_name=sub.recipient_name,
        period=sub.period,
        period_inferred=sub.period_inferred,
        submitted_on=sub.submitted_on,
        document_number=sub.document_number,
        title=sub.title,
        disposition=sub.disposition,
        attention=sub.disposition in ATTENTION,
        rule=sub.rule,
        matches=tuple(matches),
        reasons=sub.reasons,
        fixes=fixes(sub.disposition, sub.reasons),
        raw=sub.raw,
        extra=tuple(filter(_is_extra, sub.raw)),
        reporter_label=sub.reporter_label,
        period_label=sub.period_label,
        received_label=sub.received_label,
    )


def _file_counts(files: tuple[FileRead, ...], results: Sequence[SubmissionResult]
                 ) -> tuple[FileCount, ...]:
    by_file: dict[str, Counter[Disposition]] = {}
    for res in results:
        file = res.submission.source.rpartition(":")[0]  # as ``_record_row`` names it
        by_file.setdefault(file, Counter())[res.disposition] += 1
    out = []
    for f in files:
        counts = by_file.pop(f.label, Counter())
        reported = sum(counts.values())
        if reported != f.records:
            raise AccountingError(f"{f.label}: {f.records} records read, {reported} reported")
        out.append(FileCount(
            file=f.label, path=f.path, format=f.format, encoding=f.encoding, sheet=f.sheet,
            header_row=f.header_row, read=f.records, reported=reported,
            dispositions={d.value: counts.get(d, 0) for d in Disposition},
            attention=sum(counts[d] for d in ATTENTION), notes=f.notes,
        ))
    if by_file:
        raise AccountingError(f"records reported from files never read: {sorted(by_file)}")
    return tuple(out)


def _summary(results: Sequence[SubmissionResult]) -> dict[str, int]:
    counts = Counter(r.disposition for r in results)
    out = {d.value: counts.get(d, 0) for d in Disposition}
    out["total"] = len(results)
    out["attention"] = sum(counts[d] for d in ATTENTION)
    return out
