"""A record as read, before any check: its values, where it was, what reading found."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from engine.errors import Problem
from engine.sources.located import Located

__all__ = ["Record", "as_text"]


@dataclass(frozen=True)
class Record:
    """One record as read, before checks: a Located whose data is the record itself."""

    located: Located
    line: int
    problems: tuple[Problem, ...] = ()  # found while reading (a table: cells beyond the header)
    # values for fields the record leaves absent or blank, given by an option rather than
    # written (--recipient: the office keeping a register of documents received)
    defaults: tuple[tuple[str, str], ...] = ()

    @property
    def source(self) -> str:
        return f"{self.located.file}:{self.line}"


def as_text(value: Any) -> str:
    """Raw values are kept as strings, the way the user would read them back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | date):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)
