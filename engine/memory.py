"""Giving freed memory back to the system between the passes of a large run.

A national run frees hundreds of megabytes between its passes: the records as read, grouping's
indexes, what only the reports owed needed. Python's own allocator hands back what it frees in
whole arenas, but objects over 512 bytes (the tables of a million-entry dict, a tuple of a
million results) come from the C library's ``malloc``, and glibc keeps what they free in its
heap, where the next pass may not fit what it asks for: the peak grows by what was freed.
``malloc_trim(0)`` returns the heap's free pages to the system. It exists only in glibc (Linux);
elsewhere ``give_back`` does nothing, which costs memory, never a result.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable

__all__ = ["give_back"]


def _trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim: Callable[[int], int] = libc.malloc_trim  # absent from musl, present in glibc
    except (OSError, AttributeError):
        return None
    return trim


_TRIM = _trim()


def give_back() -> bool:
    """The C heap's free pages returned to the system; False where there is no way to."""
    if _TRIM is None:
        return False
    _TRIM(0)
    return True
