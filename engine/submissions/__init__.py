"""Submissions: files of report metadata → positioned records → ``Submission`` values.

``load_submissions`` is the stage: read every file (``reading``), build each record
(``records``), then the batch check (an id used twice). Every record read becomes exactly one
``Submission``, valid or not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from engine.errors import Problem
from engine.model import Batch, Directive, Submission
from engine.rulebook.lookup import DirectiveIndex
from engine.rulebook.registry import Registry
from engine.submissions.fields import FIELDS, REQUIRED
from engine.submissions.raw import Record
from engine.submissions.reading import SUFFIXES, Progress, read_batch, records_at
from engine.submissions.records import build

__all__ = ["FIELDS", "REQUIRED", "SUFFIXES", "Progress", "build_all", "build_submissions",
           "load_batch", "load_submissions", "records_at"]

_PROGRESS_EVERY = 2000


def load_submissions(
    paths: Sequence[Path], registry: Registry, directives: Sequence[Directive],
    defaults: Mapping[str, str] | None = None,
) -> tuple[Submission, ...]:
    """Every record of every file, in order; file-level problems of all files raise together."""
    return load_batch(paths, registry, directives, defaults=defaults).submissions


def load_batch(
    paths: Sequence[Path],
    registry: Registry,
    directives: Sequence[Directive],
    progress: Progress | None = None,
    defaults: Mapping[str, str] | None = None,
) -> Batch:
    """``load_submissions`` with the account of every file read and not read. ``defaults``:
    values for fields the records leave blank (``reading.read_batch``)."""
    records, files, skipped = read_batch(paths, progress, defaults=defaults)
    return Batch(build_all(records, registry, directives, progress), tuple(files),
                 tuple(skipped))


def build_all(
    records: Sequence[Record],
    registry: Registry,
    directives: Sequence[Directive],
    progress: Progress | None = None,
) -> tuple[Submission, ...]:
    """Each record built, then the batch check: an id used by an earlier record."""
    index = DirectiveIndex(directives)
    registry.prepare(_names(records))
    first_use: dict[str, str] = {}
    result = []
    for n, record in enumerate(records, start=1):
        sub = build(record, registry, index)
        if sub.id != sub.source:  # a record without an id is named by its source
            earlier = first_use.setdefault(sub.id, sub.source)
            # a version the register kept aside already says so (register.conflict)
            if earlier != sub.source and not any(p.code == "register.conflict"
                                                 for p in sub.problems):
                file, _, line = sub.source.rpartition(":")
                sub = replace(sub, problems=(*sub.problems, Problem(
                    file, int(line), 1, "record.duplicate-id",
                    f"id {sub.id!r} already used at {earlier}", "/id",
                    {"id": sub.id, "first": earlier},
                )))
        result.append(sub)
        if progress is not None and n % _PROGRESS_EVERY == 0:
            progress("build", n, len(records))
    return tuple(result)


def _names(records: Sequence[Record]) -> set[str]:
    """The distinct reporters and recipients the records write, as ``build`` reads them."""
    names: set[str] = set()
    for record in records:
        data = record.located.data
        if isinstance(data, dict):
            names.update(v.strip() for v in (data.get("reporter"), data.get("recipient"))
                         if isinstance(v, str))
    return names


def build_submissions(
    records: Sequence[Record], registry: Registry, directives: Sequence[Directive]
) -> tuple[Submission, ...]:
    """Records already read (from files, or inline in a rule test case) to Submissions."""
    return build_all(records, registry, directives)
