"""Standard output and error whose reader may go away or whose disk may fill up.

``baocao check ... | head -1`` closes the pipe early; ``baocao check > /dev/full`` cannot write.
The exit code must not depend on the first (docs/design.md#exit-codes: the same code piped or
not), and the
second is an I/O error to report as such, not a bug in baocao. ``guard()`` (called once by the
console script) wraps ``sys.stdout`` and ``sys.stderr`` so that every writer — Rich, click's
help, ``sys.stdout.write`` — gets the same treatment:

- the reader has gone (EPIPE): the rest of the output is discarded, quietly, and the command
  finishes and exits with its own code;
- any other write error (ENOSPC, EIO, EFBIG, ...): ``OutputError``, which the command turns
  into a message on stderr and exit 2.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

__all__ = ["CODE", "GuardedStream", "OutputError", "flush", "guard"]

CODE = "output.write"
T = TypeVar("T")


class OutputError(Exception):
    """Writing to ``stream`` (stdout, stderr) failed for a reason other than a closed pipe."""

    def __init__(self, stream: str, error: OSError) -> None:
        self.stream = stream
        self.errno = error.errno or 0
        self.reason = error.strerror or str(error)
        name = errno.errorcode.get(self.errno, "")
        self.detail = f"{self.reason} ({name})" if name else self.reason
        super().__init__(f"cannot write to {stream}: {self.detail}")


class GuardedStream:
    """A text stream proxy: EPIPE discards the rest; other OSErrors become OutputError."""

    def __init__(self, stream: TextIO, name: str, closed: bool = False) -> None:
        self._stream = stream
        self._name = name
        self.reader_gone = False
        self.closed_at_start = closed  # ``>&-``: nothing can be written, and the user is told

    def write(self, text: str) -> int:
        return self.attempt(lambda: self._stream.write(text), len(text))

    def flush(self) -> None:
        self.attempt(self._stream.flush, None)

    def attempt(self, action: Callable[[], T], gone: T) -> T:
        """``action`` (a write or a flush of this stream or its byte layer); ``gone`` once the
        reader has gone."""
        if self.reader_gone:
            return gone
        if self.closed_at_start:  # said once; the rest goes nowhere, quietly
            self.closed_at_start, self.reader_gone = False, True
            raise OutputError(self._name, OSError(errno.EBADF, "closed (>&-)"))
        try:
            return action()
        except BrokenPipeError:
            self._discard()
            return gone
        except OSError as exc:
            raise OutputError(self._name, exc) from None

    def _discard(self) -> None:
        """Point the file descriptor at /dev/null, so that what is still buffered goes there
        (and Python's own flush at exit finds nothing to complain about)."""
        self.reader_gone = True
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)

    @property
    def buffer(self) -> _GuardedBuffer:
        """The byte layer (streamed JSON and CSV are encoded once, by their renderer), under
        the same guard as the text layer."""
        return _GuardedBuffer(self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _GuardedBuffer:
    """``GuardedStream.buffer``: bytes written straight to the underlying binary stream."""

    def __init__(self, owner: GuardedStream) -> None:
        self._owner = owner
        self._raw = owner._stream.buffer

    def write(self, data: bytes) -> int:
        return self._owner.attempt(lambda: self._raw.write(data), len(data))

    def flush(self) -> None:
        self._owner.attempt(self._raw.flush, None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


def guard() -> None:
    """Wrap sys.stdout and sys.stderr (once). A closed standard output (``>&-``) is an output
    that cannot be written: the first write says so (exit 2), as a full disk would; a closed
    standard error just takes nothing."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, GuardedStream):
            continue
        closed = stream is None
        if closed:
            stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (lives as sys.std*)
        setattr(sys, name, GuardedStream(stream, name, closed=closed and name == "stdout"))


def flush() -> None:
    """Flush stdout now (inside the command's error handling), not at interpreter exit."""
    if sys.stdout is not None:
        sys.stdout.flush()
