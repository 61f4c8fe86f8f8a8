"""Rendering: the same view rows as Rich tables, JSON or CSV; errors and consoles."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from rich.console import Console, RenderableType
from rich.text import Text

from cli import i18n
from cli.i18n import Lang
from cli.render.safe import SafeConsole
from cli.render.texts import Texts
from cli.streams import CODE, OutputError
from engine import BaocaoError, EngineFailure

ERROR_STYLE = "bold red"
MAX_SHOWN = 200  # as engine.errors.MAX_PROBLEMS
NOTE_STYLE = "dim"


def error_view(err: BaocaoError, lang: Lang | str) -> Text:
    """A red prefix line, then the located problems exactly as ``BaocaoError.render`` reads."""
    head = Text(i18n.text("error.prefix", lang), ERROR_STYLE)
    count = len(err.problems)
    key = "error.problem" if count == 1 else "error.problems"
    head.append(" " + i18n.text(key, lang, count=count))
    texts = Texts(lang)
    lines = [_cut(f"{p.where}: {p.code}: {texts.problem(p)}", lang)
             for p in err.problems[:MAX_SHOWN]]
    hidden = len(err.problems) - MAX_SHOWN
    if hidden > 0:
        lines.append(i18n.text("error.more", lang, count=hidden))
    return Text("\n").join([head, Text("\n".join(lines))])


MAX_LINE = 2000  # characters of one problem shown: a value pasted 100,000 times is not read


def _cut(line: str, lang: Lang | str) -> str:
    """A problem's line, cut with how much was left out when a quoted value makes it huge.

    >>> _cut("x" * 2005, "en")[-18:]
    'x… (+5 characters)'
    """
    if len(line) <= MAX_LINE:
        return line
    return f"{line[:MAX_LINE]}… {i18n.text('error.cut', lang, count=len(line) - MAX_LINE)}"


def internal_error_view(exc: BaseException, lang: Lang | str) -> Text:
    message = str(exc).splitlines()[0] if str(exc) else ""
    head = Text(
        i18n.text("error.internal", lang, kind=type(exc).__name__, message=message), ERROR_STYLE
    )
    return Text("\n").join([head, Text(i18n.text("error.internal.hint", lang), NOTE_STYLE)])


FALLBACK_WIDTH = 80  # columns when nothing says how wide the reader's screen is


def output_width() -> int | None:
    """How wide to lay out what goes to standard output; None when it is a terminal (Rich
    asks it). Piped (``| less``) or redirected, the screen the user reads it on decides:
    ``COLUMNS``, else the terminal on standard error, else the controlling terminal, else
    80 columns. Every call is guarded: on Windows there is no /dev/tty and nothing fails."""
    columns = os.environ.get("COLUMNS", "")
    if columns.strip().isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout is not None and sys.stdout.isatty():
        return None
    for stream in (sys.stderr, sys.stdin):
        try:
            if stream is not None and stream.isatty():
                return os.get_terminal_size(stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            continue
    if os.name != "nt":  # Windows has no /dev/tty: its consoles answer on stderr above
        try:
            with open("/dev/tty", "rb") as tty:
                return os.get_terminal_size(tty.fileno()).columns
        except OSError:
            pass
    return FALLBACK_WIDTH


def engine_failure_view(err: EngineFailure, lang: Lang | str) -> Text:
    """What failed, on which records, each attempt; then: not the user's data."""
    records = ", ".join(err.records) or "-"
    head = Text(i18n.text("error.engine", lang, code=err.code, cases=err.cases,
                          records=records), ERROR_STYLE)
    lines = [head]
    for n, fault in enumerate(err.attempts):
        label = i18n.text("error.engine.first" if n == 0 else "error.engine.again", lang)
        lines.append(Text(f"  {label}: {i18n.fault(fault, lang)}"))
    lines.append(Text(i18n.text("error.engine.hint", lang), NOTE_STYLE))
    return Text("\n").join(lines)


def output_error_view(err: OutputError, lang: Lang | str) -> Text:
    """Disk full and the like: where, why, and that it is not a bug."""
    return Text(i18n.text("error.output", lang, code=CODE, stream=err.stream, reason=err.detail),
                ERROR_STYLE)


def stdout_console() -> Console:
    """Rich reads NO_COLOR itself; the width is ``output_width``'s, so a table piped to
    ``less`` or saved to a file fits the screen it will be read on."""
    return SafeConsole(highlight=False, soft_wrap=False, markup=False, width=output_width())


def stderr_console() -> Console:
    return SafeConsole(stderr=True, highlight=False, markup=False)


def plain_text(parts: Sequence[RenderableType]) -> str:
    """What the terminal would show, as plain text for a file (the terminal's width, or 120
    columns when there is none; no colour)."""
    import io
    import shutil

    buffer = io.StringIO()
    width = shutil.get_terminal_size((120, 24)).columns
    console = SafeConsole(file=buffer, highlight=False, soft_wrap=False, color_system=None,
                          width=width, markup=False)
    for part in parts:
        console.print(part)
    return buffer.getvalue()
