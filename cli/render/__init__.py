"""Rendering: the same view rows as Rich tables, JSON or CSV; errors and consoles."""

from __future__ import annotations

import os
from collections.abc import Sequence

from rich.console import Console, RenderableType
from rich.text import Text

from cli import i18n
from cli.i18n import Lang
from cli.render.texts import Texts
from engine import BaocaoError

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
    lines = [f"{p.where}: {p.code}: {texts.problem(p)}" for p in err.problems[:MAX_SHOWN]]
    hidden = len(err.problems) - MAX_SHOWN
    if hidden > 0:
        lines.append(i18n.text("error.more", lang, count=hidden))
    return Text("\n").join([head, Text("\n".join(lines))])


def internal_error_view(exc: BaseException, lang: Lang | str) -> Text:
    message = str(exc).splitlines()[0] if str(exc) else ""
    head = Text(
        i18n.text("error.internal", lang, kind=type(exc).__name__, message=message), ERROR_STYLE
    )
    return Text("\n").join([head, Text(i18n.text("error.internal.hint", lang), NOTE_STYLE)])


PIPE_WIDTH = 120  # columns when writing to a file or a pipe and COLUMNS is not set


def stdout_console() -> Console:
    """Rich reads COLUMNS and NO_COLOR itself, which is what makes fixed-width tests work.
    Written to a file or a pipe without COLUMNS, tables are laid out at a fixed 120 columns
    (not Rich's 80), so that ``> out.txt`` keeps each record on one line for ``grep``."""
    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        console = Console(highlight=False, soft_wrap=False, width=PIPE_WIDTH)
    return console


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def plain_text(parts: Sequence[RenderableType]) -> str:
    """What the terminal would show, as plain text for a file (the terminal's width, or 120
    columns when there is none; no colour)."""
    import io
    import shutil

    buffer = io.StringIO()
    width = shutil.get_terminal_size((120, 24)).columns
    console = Console(file=buffer, highlight=False, soft_wrap=False, color_system=None,
                      width=width)
    for part in parts:
        console.print(part)
    return buffer.getvalue()
