"""Submissions: files of report metadata → positioned records → ``Submission`` values.

``load_submissions`` is the stage: read every file (``reading``), build each record
(``records``), then the batch check (an id used twice). Every record read becomes exactly one
``Submission``, valid or not.
"""

from __future__ import annotations

import time
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

__all__ = ["FIELDS", "REQUIRED", "SUFFIXES", "Builder", "Progress", "build_all",
           "build_submissions", "load_batch", "load_submissions", "records_at"]

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
    values for fields the records leave blank (``reading.read_batch``). Each record is built
    as it is read (``Builder``)."""
    builder = Builder(registry, directives, progress)
    _, files, skipped = read_batch(paths, progress, defaults=defaults, sink=builder)
    return Batch(builder.built(), tuple(files), tuple(skipped))


def build_all(
    records: Sequence[Record],
    registry: Registry,
    directives: Sequence[Directive],
    progress: Progress | None = None,
) -> tuple[Submission, ...]:
    """Each record built, then the batch check: an id used by an earlier record."""
    builder = Builder(registry, directives, progress, len(records))
    builder(records)
    return builder.built()


class Builder:
    """Records to ``Submission`` values, a batch at a time, in order; an id used by an
    earlier record of any batch is a problem of the later one. A national register read
    twenty thousand records at a time (``reading.Sink``) is built as it is read: its records
    are never all held at once beside what is built from them. For the national benchmark's
    960,128 records that took the peak of reading and building from 1,230 to 980 MB, and the
    run's from 1,786 to 1,673 MB (docs/design.md#a-national-runs-memory)."""

    def __init__(self, registry: Registry, directives: Sequence[Directive],
                 progress: Progress | None = None, total: int = 0) -> None:
        """``progress``: told ("build", records built, ``total``) every few thousand; a
        total of 0 when the records come as they are read (not known in advance)."""
        self._registry, self._index = registry, DirectiveIndex(directives)
        self._progress, self._total = progress, total
        self._first_use: dict[str, str] = {}
        self._built: list[Submission] = []
        self.seconds = 0.0  # spent building, for the stage table (engine/stages.py)

    def __call__(self, records: Sequence[Record]) -> None:
        start = time.perf_counter()
        self._build(records)
        self.seconds += time.perf_counter() - start

    def _build(self, records: Sequence[Record]) -> None:
        # "did you mean" searched for the batch's unknown names at once (Registry.prepare)
        self._registry.prepare(_names(records))
        first_use, built, progress = self._first_use, self._built, self._progress
        for record in records:
            sub = build(record, self._registry, self._index)
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
            built.append(sub)
            if progress is not None and len(built) % _PROGRESS_EVERY == 0:
                progress("build", len(built), self._total)

    def mark(self) -> int:
        return len(self._built)

    def drop(self, mark: int) -> None:
        for sub in self._built[mark:]:
            if self._first_use.get(sub.id) == sub.source:
                del self._first_use[sub.id]
        del self._built[mark:]

    def built(self) -> tuple[Submission, ...]:
        return tuple(self._built)


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
