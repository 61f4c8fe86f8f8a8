"""A batch as read: every record, and an account of every file — read or not, and why.

Nothing is dropped silently (docs/design.md#nothing-dropped-silently): a file baocao read says
how many records it gave
(and, for a spreadsheet, which sheet and which row held the header); a file or folder it did
not read says why. Reasons are codes (``Reason``), written out in the reader's language at
the edge.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.model.results import Reason, Submission


@dataclass(frozen=True)
class FileRead:
    """One file (or one sheet of a workbook) that records were read from."""

    label: str  # as records name it: "a.csv", "sổ.xlsx[Sổ đến]"; "-" for standard input
    path: str  # the file as given or found ("-" for standard input)
    format: str  # yaml | json | csv | xlsx
    records: int
    encoding: str | None = None  # text files: utf-8, utf-8-sig, utf-16, utf-32, cp1258
    sheet: str | None = None  # workbooks: the sheet read
    header_row: int | None = None  # tables: the row holding the column names
    notes: tuple[Reason, ...] = ()  # title rows above the header, rows that are not records


@dataclass(frozen=True)
class Skipped:
    """A file, folder or sheet not read, with the reason. ``attention``: a person should look
    (a file of an unsupported type may be a register); otherwise it is a plain note (a hidden
    file, a file given twice, Excel's lock file)."""

    path: str
    reason: Reason
    attention: bool


@dataclass(frozen=True)
class Batch:
    """Every record read becomes exactly one Submission; ``files`` and ``skipped`` account
    for every path given."""

    submissions: tuple[Submission, ...]
    files: tuple[FileRead, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    def file_of(self, submission: Submission) -> str:
        """The label of the file (or sheet) a submission was read from."""
        return submission.source.rpartition(":")[0]
