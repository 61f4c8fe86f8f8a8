"""The paths given → the files to read, and an account of everything not read.

A folder is read one level deep, in name order. What is not read is said, with the reason:
a subfolder, a file of a type baocao does not read, an old .xls workbook, a named pipe or
device (refused without opening it: opening a FIFO would wait for a writer forever), a file
given twice (read once), Excel's lock file ``~$…`` and hidden files. A path named on the
command line that cannot be read is an error instead: the user asked for that very file.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.errors import Problem
from engine.model import Reason, Skipped

__all__ = ["STDIN", "SUFFIXES", "Input", "expand_paths"]

STDIN = "-"
# suffix → how the file is read. Excel's "Unicode text" is tab-separated UTF-16 saved as .txt.
SUFFIXES = {
    ".yaml": "yaml", ".yml": "yaml", ".json": "json", ".csv": "csv", ".tsv": "csv",
    ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
}
_LISTED = ".yaml, .yml, .json, .csv, .tsv, .txt, .xlsx"


@dataclass(frozen=True)
class Input:
    """One file to read. ``path`` None is standard input (its format is read off its bytes);
    ``guess``: a .txt found in a folder, read only if it turns out to be a table."""

    path: Path | None
    name: str
    format: str | None
    guess: bool = False
    in_folder: bool = False  # found in a folder given: if it cannot be read, the rest still is


def expand_paths(
    paths: Sequence[Path],
) -> tuple[list[Input], list[Skipped], list[Problem]]:
    """Files to read (each once), what was not read, and the errors of paths named."""
    inputs: list[Input] = []
    skipped: list[Skipped] = []
    problems: list[Problem] = []
    seen: dict[object, str] = {}

    def add(item: Input, key: object) -> None:
        if key in seen:
            skipped.append(Skipped(item.name, Reason("file.repeated", {"first": seen[key]}),
                                   attention=False))
            return
        seen[key] = item.name
        inputs.append(item)

    for path in paths:
        name = str(path)
        if name == STDIN:
            problem = _stdin_problem()
            if problem is not None:
                problems.append(problem)
            else:
                add(Input(None, STDIN, None), STDIN)
            continue
        try:
            info = path.stat()
        except FileNotFoundError:
            problems.append(Problem(name, 0, 0, "file.missing", "no such file or directory"))
            continue
        except OSError as exc:
            problems.append(_unreadable(name, exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            _folder(path, add, skipped, problems)
        elif not stat.S_ISREG(info.st_mode):
            problems.append(Problem(
                name, 0, 0, "file.not-regular",
                f"{name} is {_kind(info.st_mode)}, not a regular file; baocao does not wait on "
                "it (to read a stream, pipe it to standard input: '-')",
                params={"kind": _kind(info.st_mode)}))
        else:
            fmt = SUFFIXES.get(path.suffix.lower())
            if fmt is None:
                problems.append(_unsupported(name, path.suffix.lower()))
            else:
                add(Input(path, name, fmt), _identity(path, info))
    return inputs, skipped, problems


def _folder(
    path: Path,
    add: Callable[[Input, object], None],
    skipped: list[Skipped],
    problems: list[Problem],
) -> None:
    try:
        entries = sorted(path.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        problems.append(_unreadable(str(path), exc))
        return
    for entry in entries:
        name = str(entry)
        if entry.name.startswith("~$"):
            skipped.append(Skipped(name, Reason("file.skipped-lock"), attention=False))
            continue
        if entry.name.startswith("."):
            skipped.append(Skipped(name, Reason("file.skipped-hidden"), attention=False))
            continue
        try:
            info = entry.stat()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            skipped.append(Skipped(name, Reason("file.unreadable", {"why": reason}), True))
            continue
        suffix = entry.suffix.lower()
        if stat.S_ISDIR(info.st_mode):
            skipped.append(Skipped(name, Reason("file.skipped-folder"), attention=True))
        elif not stat.S_ISREG(info.st_mode):
            skipped.append(Skipped(name, Reason("file.not-regular",
                                                {"kind": _kind(info.st_mode)}), True))
        elif suffix == ".xls":
            skipped.append(Skipped(name, Reason("file.old-excel"), attention=True))
        elif suffix not in SUFFIXES:
            skipped.append(Skipped(name, Reason("file.skipped-type",
                                                {"suffix": suffix or "(none)"}), True))
        elif not os.access(entry, os.R_OK):
            skipped.append(Skipped(name, Reason("file.unreadable",
                                                {"why": "Permission denied"}), True))
        else:
            add(Input(entry, name, SUFFIXES[suffix], guess=suffix == ".txt", in_folder=True),
                _identity(entry, info))


def _identity(path: Path, info: os.stat_result) -> object:
    """The same file reached twice (a folder and a file in it, a link) is one file."""
    if info.st_ino:
        return (info.st_dev, info.st_ino)
    return os.path.realpath(path)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _unsupported(name: str, suffix: str) -> Problem:
    if suffix == ".xls":
        message = ("an Excel 97-2003 workbook (.xls) cannot be read; open it in Excel and save "
                   "it as 'Excel Workbook (.xlsx)' or 'CSV UTF-8'")
        return Problem(name, 0, 0, "file.old-excel", message)
    message = f"unsupported file type {suffix or '(none)'!r}; expected {_LISTED}"
    return Problem(name, 0, 0, "file.format", message,
                   params={"suffix": suffix or "(none)", "variant": "suffix"})


def _unreadable(name: str, exc: OSError) -> Problem:
    reason = exc.strerror or type(exc).__name__
    return Problem(name, 0, 0, "file.unreadable", f"cannot read file: {reason}",
                   params={"why": reason})


def _stdin_problem() -> Problem | None:
    stream = sys.stdin
    if stream is None or getattr(stream, "buffer", None) is None:
        return Problem(STDIN, 0, 0, "file.stdin", "standard input is closed; nothing to read",
                       params={"variant": "closed"})
    try:
        interactive = stream.isatty()
    except (ValueError, OSError):
        interactive = False
    if interactive:
        return Problem(STDIN, 0, 0, "file.stdin",
                       "standard input is a terminal, not a file: pipe a file in, e.g. "
                       "'baocao validate - < register.csv'", params={"variant": "terminal"})
    return None
