"""Plumbing shared by the commands: errors to exit codes, the spinner, output."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

import typer

from cli import streams
from cli.i18n import Lang
from cli.i18n import text as _t
from engine import BaocaoError, Disposition, EngineFailure, Verdict

if TYPE_CHECKING:
    from rich.console import Console

    from engine import Evaluation, Skipped

# What draws (cli.render: Rich) loads when there is something to draw, not with the commands'
# definitions: `baocao --help` reads only those (tests/test_architecture.py).

EXIT_OK = 0
EXIT_NONCOMPLIANT = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE (sysexits.h): a bug in baocao, not in the user's data

NONCOMPLIANT_VERDICTS = frozenset({Verdict.LATE, Verdict.OVERDUE})
NONCOMPLIANT_DISPOSITIONS = frozenset(
    {Disposition.MISROUTED, Disposition.UNMATCHED, Disposition.UNKNOWN_UNIT, Disposition.INVALID}
)


def run(work: Callable[[], int], lang: Lang, *, json_errors: bool = False) -> None:
    """Turn the one error type into exit 2 (as JSON on stdout with ``json_errors``), an output
    that cannot be written (disk full) into exit 2 with a message, a failure of the rule
    engine into exit 70 naming what failed, and anything else into a short exit-70 note.

    Output goes through ``cli.streams``: a reader that has gone (``| head -1``) discards the
    rest, and the exit code stays the command's.
    """
    from cli import render

    try:
        code = work()
        streams.flush()
    except BaocaoError as err:
        if json_errors:
            from cli.render.json import errors_json

            _write_errors(errors_json(err.problems), lang)
        else:
            say(render.error_view(err, lang))
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except streams.OutputError as err:
        say(render.output_error_view(err, lang))
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except EngineFailure as err:
        if json_errors:
            _write_errors(json.dumps({"errors": [err.to_dict()]}, ensure_ascii=False, indent=2),
                          lang)
        else:
            say(render.engine_failure_view(err, lang))
        raise typer.Exit(EXIT_INTERNAL) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:
        if os.environ.get("BAOCAO_DEBUG") == "1":
            raise
        say(render.internal_error_view(exc, lang))
        raise typer.Exit(EXIT_INTERNAL) from None
    if code != EXIT_OK:
        raise typer.Exit(code)


def say(message: Any) -> None:
    """A message on stderr; if stderr itself cannot be written, the exit code still says."""
    from cli import render

    with contextlib.suppress(streams.OutputError):
        render.stderr_console().print(message)
        sys.stderr.flush()


def _animated(console: Console) -> bool:
    """Whether stderr is a person's terminal. FORCE_COLOR makes Rich call a pipe a terminal:
    a spinner or a bar there is only noise in the file it is captured to."""
    return console.is_terminal and sys.stderr.isatty()


@contextlib.contextmanager
def working(lang: Lang) -> Iterator[None]:
    """A spinner on stderr for people at a terminal; nothing in pipes, files or tests."""
    from cli import render

    console = render.stderr_console()
    if not _animated(console):
        yield
        return
    with console.status(_t("working", lang)):
        yield


@contextlib.contextmanager
def writing(lang: Lang) -> Iterator[None]:
    """The spinner while results go to a file or a pipe (a national run writes gigabytes of
    JSON for a minute); nothing when they go to the terminal, where it would garble them."""
    from cli import render

    console = render.stderr_console()
    if sys.stdout.isatty() or not _animated(console):
        yield
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    # not console.status(): its live display takes sys.stdout over while it runs, and what
    # the command writes there would be drawn on the terminal instead of reaching the file;
    # the time so far, as the bars before it show theirs: half a minute of a national run
    with Progress(SpinnerColumn("dots"), TextColumn(_t("writing", lang), markup=False),
                  TimeElapsedColumn(), console=console, transient=True,
                  redirect_stdout=False, redirect_stderr=False,
                  refresh_per_second=12.5) as shown:
        shown.add_task("", total=None)
        yield


def show(parts: Iterable[Any]) -> None:
    """Each part printed as it comes (a large listing's lines are made as they are shown)."""
    from cli import render

    console = render.stdout_console()
    for part in parts:
        console.print(part)


def write_file(path: Path, data: bytes | Callable[[IO[bytes]], object], lang: Lang) -> None:
    """Write an output file (-o) whole or not at all (``cli.files``); a path that cannot be
    written is a located error (exit 2), and a note on stderr says where the file went.
    ``data``: the bytes, or what writes them to the file as they are made."""
    from cli import render
    from cli.files import is_stdout, write_atomic

    write_atomic(path, data if callable(data) else lambda fh: fh.write(data))
    if not is_stdout(path):
        render.stderr_console().print(_t("written", lang, path=str(path)), markup=False)


def write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def binary_stdout() -> BinaryIO:
    """Where streamed output goes: encoded once by the renderer, not again by a text layer."""
    sys.stdout.flush()
    return sys.stdout.buffer


def _write_errors(text: str, lang: Lang) -> None:
    """Errors as JSON on stdout; when stdout cannot take them, say so on stderr."""
    try:
        write(text)
        streams.flush()
    except streams.OutputError as err:
        from cli import render

        say(render.output_error_view(err, lang))


def check_exit_code(ev: Evaluation) -> int:
    """1 when anything needs an inspector's attention: a late or missing report, or a
    received one that cannot be counted (duplicates are harmless: the earliest counts)."""
    if any(r.verdict in NONCOMPLIANT_VERDICTS for r in ev.instances) or any(
        s.disposition in NONCOMPLIANT_DISPOSITIONS for s in ev.submissions
    ):
        return EXIT_NONCOMPLIANT
    return EXIT_OK


# Sizes from which a batch is worth a progress bar (smaller ones finish before it would show).
_PROGRESS_FROM = {"read": 2_000_000, "rows": 2_000, "build": 2_000}
_STAGE_TEXT = {"read": "reading", "rows": "reading", "build": "building", "expand": "working",
               "match": "matching", "judge": "working"}
_JUDGED_WITH_A_BAR = 2_000  # records: a batch judged long enough to show what is being done


@contextlib.contextmanager
def batch_progress(lang: Lang) -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar on stderr for large batches, only when stderr is a terminal; the
    callback is None otherwise, so pipes, files and tests get nothing."""
    with _progress(lang, _PROGRESS_FROM) as tick:
        yield tick


@contextlib.contextmanager
def evaluation_progress(lang: Lang, records: int
                        ) -> Iterator[Callable[[str, int, int], None] | None]:
    """While a batch is judged: the spinner for a small one; for a large one (a national run
    judges for minutes) a bar of the records matched, and between the passes that cannot
    count, what is being done and for how long. Nothing when stderr is no terminal."""
    if records < _JUDGED_WITH_A_BAR:
        with working(lang):
            yield None
        return
    with _progress(lang, {}) as tick:
        yield tick


@contextlib.contextmanager
def _progress(lang: Lang, start_from: dict[str, int]
              ) -> Iterator[Callable[[str, int, int], None] | None]:
    """The bar of the latest stage of work begun; a stage reported with no total has no count
    (the bar pulses). ``start_from``: the size from which a stage is shown."""
    from cli import render

    console = render.stderr_console()
    if not _animated(console):
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    from cli.i18n import number

    class Count(MofNCompleteColumn):
        """Records as every count is written (88.000/100.026), the files read in MB."""

        def render(self, task: Any) -> Any:
            if task.total is None:  # how many so far, when the whole is not known
                so_far = int(task.completed)
                count = "" if not so_far or task.fields.get("bytes") else number(so_far, lang)
                return Text(count, style="progress.download")
            done, total = int(task.completed), int(task.total)
            if task.fields.get("bytes"):
                shown = [_megabytes(done, lang), _megabytes(total, lang) + " MB"]
            else:
                shown = [number(done, lang), number(total, lang)]
            return Text(f"{shown[0]:>{len(shown[1])}}/{shown[1]}", style="progress.download")

    bar = Progress(TextColumn("{task.description}"), BarColumn(), Count(),
                   TimeElapsedColumn(), console=console, transient=True)
    tasks: dict[str, Any] = {}

    def tick(stage: str, done: int, total: int) -> None:
        if max(done, total) < start_from.get(stage, 0) and stage not in tasks:
            return
        if not tasks:
            bar.start()
        if stage not in tasks:
            for other in tasks.values():
                bar.update(other, visible=False)
            tasks[stage] = bar.add_task(_t(_STAGE_TEXT.get(stage, "working"), lang),
                                        total=total or None, completed=done,
                                        bytes=stage == "read")
            bar.refresh()  # a new stage is drawn at once, however short
        else:
            bar.update(tasks[stage], completed=done)

    try:
        yield tick
    finally:
        if tasks:
            bar.stop()


def _megabytes(size: int, lang: Lang) -> str:
    """A size in MB to a tenth, with the language's decimal mark (16,8 in Vietnamese)."""
    text = f"{size / (1 << 20):.1f}"
    return text.replace(".", ",") if lang is Lang.VI else text


def note_skipped(skipped: Sequence[Skipped], lang: Lang) -> None:
    """Files and folders given but not read, on stderr: nothing is skipped silently."""
    if not skipped:
        return
    from cli import render
    from cli.render.texts import Texts
    from cli.render.validate import skipped_lines

    console = render.stderr_console()
    for line in skipped_lines(skipped, Texts(lang)):
        console.print(line)
