"""One output pipeline: a command builds its view once, with the rows it lists chosen by
``listing`` (--verdict, --limit, --all, and a terminal's screenful: ``engine.Listing``), then
hands it to ``emit``; the writer registered for (command, format) renders it. A new format,
or a new command, is one ``@writes`` function here, and no format chooses rows of its own.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import engine
from cli import render
from cli.commands.common import binary_stdout, show, write
from cli.render import json as json_out
from cli.render import table
from cli.render.csv import write_rows
from cli.render.texts import Texts

__all__ = ["Job", "emit", "formats", "listing", "writes"]

TABLE = "table"


def listing(fmt: str, *, every_row: bool = False, limit: int | None = None,
            verdicts: Iterable[str] = ()) -> engine.Listing:
    """The rows a view lists: --all every one; --limit N at most N of each list, in every
    format; a table at a terminal without either, a screenful (``table.DEFAULT_LIMIT``)."""
    if every_row:
        limit = None
    elif limit is None and fmt == TABLE:
        limit = table.DEFAULT_LIMIT
    return engine.Listing(frozenset(engine.Verdict(v) for v in verdicts), limit)


@dataclass(frozen=True)
class Job:
    """What a writer needs: the view (or, for JSON of a national run, its parts as they are
    built) and how the user asked for it."""

    command: str
    format: str
    texts: Texts
    view: Any
    every_row: bool = False  # --all
    ids: bool = False  # --ids
    delimiter: str = ","  # --csv-dialect


Writer = Callable[[Job], None]
_WRITERS: dict[tuple[str, str], Writer] = {}


def writes(command: str, *fmts: str) -> Callable[[Writer], Writer]:
    def register(writer: Writer) -> Writer:
        for fmt in fmts:
            _WRITERS[(command, fmt)] = writer
        return writer
    return register


def emit(job: Job) -> None:
    """Render ``job`` with its writer; a format a command has no writer for is a bug (the
    options offer only formats registered here: tests/test_human_views.py checks it)."""
    _WRITERS[(job.command, job.format)](job)


def formats(command: str) -> tuple[str, ...]:
    return tuple(fmt for cmd, fmt in _WRITERS if cmd == command)


def _csv(rows: Iterable[Any], job: Job) -> None:
    """Written as the rows come: a national run's CSV is never one string."""
    write_rows(sys.stdout, rows, job.texts, delimiter=job.delimiter)


# ---------------------------------------------------------------------------------------
# check: a CheckView, or for json and jsonl its parts, streamed as they are built


_ROW_LISTS = frozenset({"instances", "submissions"})


@writes("check", TABLE)
def _check_table(job: Job) -> None:
    show(table.check_view(job.view, job.texts, every_row=job.every_row, ids=job.ids,
                          width=render.stdout_console().width))


@writes("check", "csv")
def _check_csv(job: Job) -> None:
    """``job.view``: the rows listed (``engine.check_rows``), built as they are written."""
    _csv(job.view, job)


@writes("check", "json")
def _check_json(job: Job) -> None:
    json_out.stream_object(binary_stdout(), job.view, job.texts, _ROW_LISTS.__contains__)


@writes("check", "jsonl")
def _check_jsonl(job: Job) -> None:
    json_out.stream_lines(binary_stdout(), job.view, job.texts)


# ---------------------------------------------------------------------------------------
# overdue: an OverdueView, units worst first


@writes("overdue", TABLE)
def _overdue_table(job: Job) -> None:
    show(table.overdue_view(job.view, job.texts, every_row=job.every_row, ids=job.ids,
                            width=render.stdout_console().width))


@writes("overdue", "json")
def _overdue_json(job: Job) -> None:
    json_out.stream_list(binary_stdout(), job.view.groups, job.texts)


@writes("overdue", "jsonl")
def _overdue_jsonl(job: Job) -> None:
    json_out.stream_lines(binary_stdout(), (("overdue", row) for g in job.view.groups
                                            for row in g.items), job.texts)


@writes("overdue", "csv")
def _overdue_csv(job: Job) -> None:
    _csv((row for group in job.view.groups for row in group.items), job)


# ---------------------------------------------------------------------------------------
# upcoming: an UpcomingView


@writes("upcoming", TABLE)
def _upcoming_table(job: Job) -> None:
    show(table.upcoming_table(job.view, job.texts, render.stdout_console().width))


@writes("upcoming", "json")
def _upcoming_json(job: Job) -> None:
    write(json_out.dumps(job.view, job.texts))


@writes("upcoming", "jsonl")
def _upcoming_jsonl(job: Job) -> None:
    json_out.stream_lines(binary_stdout(), (("upcoming", row) for row in job.view.items),
                          job.texts)


@writes("upcoming", "csv")
def _upcoming_csv(job: Job) -> None:
    _csv(job.view.items, job)


# ---------------------------------------------------------------------------------------
# rules show: the obligation rows


@writes("rules-show", TABLE)
def _rules_table(job: Job) -> None:
    show([table.rules_table(job.view, job.texts, ids=job.ids)])


@writes("rules-show", "json")
def _rules_json(job: Job) -> None:
    write(json_out.dumps(job.view, job.texts))


@writes("rules-show", "jsonl")
def _rules_jsonl(job: Job) -> None:
    json_out.stream_lines(binary_stdout(), (("obligation", r) for r in job.view), job.texts)


@writes("rules-show", "csv")
def _rules_csv(job: Job) -> None:
    _csv(job.view, job)
