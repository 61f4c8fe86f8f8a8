"""One error type for everything a user can get wrong.

A ``Problem`` is one located message with a stable ``code``; a ``BaocaoError`` carries all the
problems found in a run so the user fixes them in one go (like a compiler).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MAX_PROBLEMS = 200


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    code: str
    message: str
    pointer: str = ""

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line:
            where = f"{where}:{self.line}:{self.column or 1}"
        return f"{where}: {self.code}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "message": self.message,
            "pointer": self.pointer,
        }


def problem(
    code: str, message: str, file: str = "", line: int = 0, column: int = 0, pointer: str = ""
) -> Problem:
    return Problem(file=file, line=line, column=column, code=code, message=message, pointer=pointer)


class BaocaoError(Exception):
    """Raised when a run cannot proceed; carries every problem found, sorted by location."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(p) for p in self.problems[:MAX_PROBLEMS]))

    def render(self) -> str:
        lines = [str(p) for p in self.problems[:MAX_PROBLEMS]]
        hidden = len(self.problems) - MAX_PROBLEMS
        if hidden > 0:
            lines.append(f"... and {hidden} more problems")
        return "\n".join(lines)
