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
import sys
from collections.abc import Callable

__all__ = ["LARGE", "give_back"]

# From this many records and reports owed, what a pass frees is given back before the next:
# a national run's peak, and nothing to gain for an office's batch.
LARGE = 50_000


def _trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:  # glibc's own name (ctypes.util.find_library would run ldconfig to find it)
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # another C library (musl): no such call
        return None
    return trim


_TRIM = _trim()


def give_back(size: int) -> bool:
    """After a pass over ``size`` records and reports owed, the C heap's free pages returned
    to the system when the run is large (``LARGE``); False when nothing was done, because it
    is small or there is no way to."""
    if size < LARGE or _TRIM is None:
        return False
    _TRIM(0)
    return True
