"""Output files a clerk owns: written whole or not at all, and never over an input.

Every ``-o``/``--output``, ``--errors-out`` and ``--annotate`` goes through ``write_atomic``: the
bytes go to a fresh temporary file in the target's own folder (``tempfile.mkstemp``: a new name
each time, created exclusively, so a link planted beside the target is never followed), are
flushed to disk, and only then renamed over the target. A write cut short (disk full, killed)
leaves the previous file as it was. ``-`` as the path means standard output.

``refuse_clobber`` is called before any work: an output that is the same file as an input (the
register itself, the workbook being checked, a file inside a folder being read) or as another
output is refused with exit 2, never overwritten.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from engine import BaocaoError, problem

__all__ = ["STDOUT", "is_stdout", "refuse_clobber", "write_atomic"]

STDOUT = "-"


def is_stdout(path: Path | None) -> bool:
    """``-o -``: the output goes to standard output, not to a file named ``-``."""
    return path is not None and str(path) == STDOUT


def read_paths(rules: Path | None, submissions: Sequence[Path] | None = None,
               db: Sequence[str | Path] | None = None, requests: Sequence[Path] | None = None
               ) -> list[tuple[str, Path | None]]:
    """The (option, path) pairs a reading command takes in, for ``refuse_clobber``."""
    return [*(("-s", p) for p in submissions or ()), *(("--db", p) for p in db_files(db)),
            *(("--requests", p) for p in requests or ()), ("--rules", rules)]


def db_files(db: Sequence[str | Path] | str | Path | None) -> list[Path]:
    """The registers among ``--db`` that are files (a PostgreSQL database is none)."""
    given = [db] if isinstance(db, str | Path) else list(db or ())
    return [Path(d) for d in given if not str(d).startswith(("postgresql://", "postgres://"))]


def refuse_clobber(outputs: Sequence[tuple[str, Path | None]],
                   inputs: Iterable[tuple[str, Path | None]]) -> None:
    """Refuse (exit 2) an output that would overwrite an input or another output.

    ``outputs`` and ``inputs`` are (option, path) pairs, the option as the user typed it
    (``-o``, ``--db``...). A folder among the inputs protects every file already inside it."""
    given = [(opt, p) for opt, p in outputs if p is not None and not is_stdout(p)]
    sources = [(opt, p) for opt, p in inputs if p is not None and str(p) != STDOUT]
    problems = []
    for i, (opt, out) in enumerate(given):
        for other_opt, other in given[:i]:
            if _same(out, other):
                problems.append(problem(
                    "file.same-output",
                    f"{opt} and {other_opt} name the same file: give each its own name",
                    file=str(out), option=opt, other=other_opt))
        for in_opt, source in sources:
            if _same(out, source) or _inside(out, source):
                problems.append(problem(
                    "file.same-as-input",
                    f"{opt} {out} is the input given with {in_opt}: it would be overwritten; "
                    "write the result to another file",
                    file=str(out), option=opt, output=str(out), input=in_opt,
                    path=str(source)))
    if problems:
        raise BaocaoError(problems)


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def _inside(out: Path, folder: Path) -> bool:
    """An existing file inside a folder being read is one of the inputs."""
    try:
        if not (folder.is_dir() and out.is_file()):
            return False
        return out.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def write_atomic(path: Path, write: Callable[[IO[bytes]], Any]) -> None:
    """Write whole or not at all: ``write`` fills a temporary file in ``path``'s folder, which
    replaces ``path`` once flushed to disk. ``-`` writes to standard output instead."""
    if is_stdout(path):
        sys.stdout.flush()
        write(sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return
    folder = path.parent if str(path.parent) else Path(".")
    temporary: str | None = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".baocao-tmp",
                                         dir=folder)
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        _usual_mode(temporary)
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise BaocaoError([problem("file.unwritable", f"cannot write the file: {reason}",
                                   file=str(path), why=reason, detail=reason)]) from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _usual_mode(name: str) -> None:
    """mkstemp makes the file private (0600); an office's output gets the mode any new file of
    the user would have (0666 less the umask), as a plain ``open`` would give it."""
    if os.name != "posix":
        return
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(name, 0o666 & ~mask)
