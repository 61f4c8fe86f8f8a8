"""Submissions: files of report metadata → positioned records → ``Submission`` values.

``load_submissions`` is the stage: read every file (``reading``), build each record
(``records``), then the batch check (an id used twice). Every record read becomes exactly one
``Submission``, valid or not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from engine.errors import Problem
from engine.model import Directive, Submission
from engine.rulebook.lookup import DirectiveIndex
from engine.rulebook.registry import Registry
from engine.submissions.fields import FIELDS, REQUIRED
from engine.submissions.reading import SUFFIXES, Record, read_records, records_at
from engine.submissions.records import build

__all__ = ["FIELDS", "REQUIRED", "SUFFIXES", "build_submissions", "load_submissions",
           "records_at"]


def load_submissions(
    paths: Sequence[Path], registry: Registry, directives: Sequence[Directive]
) -> tuple[Submission, ...]:
    """Every record of every file, in order; file-level problems of all files raise together."""
    return build_submissions(read_records(paths), registry, directives)


def build_submissions(
    records: Sequence[Record], registry: Registry, directives: Sequence[Directive]
) -> tuple[Submission, ...]:
    """Records already read (from files, or inline in a rule test case) to Submissions."""
    index = DirectiveIndex(directives)
    first_use: dict[str, str] = {}
    result = []
    for record in records:
        sub = build(record, registry, index)
        if sub.id != sub.source:  # a record without an id is named by its source
            earlier = first_use.setdefault(sub.id, sub.source)
            if earlier != sub.source:
                file, _, line = sub.source.rpartition(":")
                sub = replace(sub, problems=(*sub.problems, Problem(
                    file, int(line), 1, "record.duplicate-id",
                    f"id {sub.id!r} already used at {earlier}", "/id",
                    {"id": sub.id, "first": earlier},
                )))
        result.append(sub)
    return tuple(result)
