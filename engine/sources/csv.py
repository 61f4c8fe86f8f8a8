"""CSV as offices export it: comma, or the semicolon Excel writes in the vi-VN locale, or tab;
strict quoting; each row with the physical line it starts on.

A cell written ``'=...`` (an apostrophe before ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) is read without that apostrophe: it is the guard baocao's CSV (and other tools')
puts before a value a spreadsheet would run as a formula, and what Excel itself means by a
leading apostrophe — "text, not a formula", never part of the value. So ``register export``
reads back as the very records exported; a value that truly begins with an apostrophe there
is written with one more (``''-x``), and read back as written (``'-x``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from engine.errors import BaocaoError, Problem

__all__ = ["csv_rows", "delimiter", "unguarded"]

# The csv module refuses a cell over 128 KB and would refuse the whole file with it; a cell
# that long is a fault of its record, said where it is (engine.submissions.records).
csv.field_size_limit(2**31 - 1)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def unguarded(cell: str) -> str:
    """A cell without the apostrophe that guards a formula-like value (module doc).

    >>> unguarded("'=SUM(A1)"), unguarded("''-x"), unguarded("'quoted'"), unguarded("-1")
    ('=SUM(A1)', "'-x", "'quoted'", '-1')
    """
    if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_START):
        return cell[1:]
    return cell


def delimiter(text: str) -> str:
    """Read off the header line: the most frequent of ',', ';' and tab (',' on a tie)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text``, each with its "\\n", as ``io.StringIO(text)`` gives them (split at
    "\\n" only), without the copy StringIO makes of the whole text at four bytes a character:
    a register of a million rows held that copy, 400 MB, while every record was being read.

    >>> list(_lines("a,b\\r\\nc\\n\\nd"))
    ['a,b\\r\\n', 'c\\n', '\\n', 'd']
    """
    pos, find, size = 0, text.find, len(text)
    while pos < size:
        end = find("\n", pos)
        if end < 0:
            yield text[pos:]
            return
        yield text[pos:end + 1]
        pos = end + 1


def csv_rows(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows, each with the physical line it starts on.

    Strict quoting: a lenient reader would swallow the rest of the file into the cell of an
    unclosed quote, and those records would vanish without a word.
    """
    reader = csv.reader(_lines(text), delimiter=delimiter(text), strict=True)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            message = str(exc)
            variant = "quote" if "unexpected end of data" in message else "other"
            if "unexpected end of data" in message:
                message = "a quoted value is never closed (a '\"' is missing)"
            message += f"; the row starts on line {line}"
            raise BaocaoError([Problem(name, line, 1, "csv.syntax", message,
                                       params={"line": line, "variant": variant})]) from None
        start, line = line, reader.line_num + 1
        if any(map(str.strip, row)):
            # most cells start with no apostrophe: looked at in place, without a call each
            yield start, [unguarded(cell) if cell[:1] == "'" else cell for cell in row]
