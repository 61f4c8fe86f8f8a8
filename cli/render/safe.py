"""Text from a user's files shown, never run: control characters made visible.

A file or sheet name, a unit as written, a title: any of them may carry an escape sequence
(clear the screen, colour, an OSC 8 link), a C1 control or a bidi override that reorders what a
clerk reads. Everything baocao shows passes through ``visible``: in the terminal (``SafeConsole``
filters the text of every segment, never the styling Rich adds), in HTML, Markdown and CSV.
Rich markup is never read in such text: the consoles are made with ``markup=False``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.console import Console
from rich.segment import Segment

__all__ = ["SafeConsole", "visible"]

# C0 controls but tab and newline, DEL, C1 controls; the bidi embeddings, overrides and
# isolates (U+202A–U+202E, U+2066–U+2069), which reorder the text around them.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# In a quoted CSV cell a carriage return is a line break the spreadsheet shows as such.
_UNSAFE_IN_CELL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(m: re.Match[str]) -> str:
    code = ord(m[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, cell: bool = False) -> str:
    r"""``text`` with each unsafe character written as its escape, so it shows and does nothing.

    >>> visible("Sở A\x1b[2J\u202e")
    'Sở A\\x1b[2J\\u202e'
    >>> visible("dòng 1\ndòng 2\tcột")
    'dòng 1\ndòng 2\tcột'
    """
    unsafe = _UNSAFE_IN_CELL if cell else _UNSAFE
    return unsafe.sub(_shown, text) if unsafe.search(text) else text


class SafeConsole(Console):
    """A Rich console that writes the text it is given inert. Rich's own control segments
    (a spinner's cursor moves) and the style codes it adds are kept."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            seg if seg.control else Segment(visible(seg.text), seg.style, seg.control)
            for seg in buffer)
