"""JSON from the view rows: dataclasses become objects, reasons ``{code, params, message}``.

Only ``message`` (and the ``*_name`` fields the view filled in) depend on ``--lang``, so the
JSON of a run is the same in Vietnamese and English except for its text fields.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from typing import Any

from cli.render.texts import Texts
from engine import Problem, Reason

_PLAIN = (str, int, float, bool, type(None))
_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {}


def _exported(cls: type) -> tuple[tuple[str, str], ...]:
    """(attribute, JSON name) of a dataclass's exported fields, looked up once per class:
    a batch of 100,000 records serialises millions of values."""
    found = _FIELDS.get(cls)
    if found is None:
        found = tuple((f.name, f.metadata.get("name", f.name)) for f in fields(cls)
                      if not f.metadata.get("display"))
        _FIELDS[cls] = found
    return found


def jsonable(value: Any, texts: Texts) -> Any:
    if isinstance(value, _PLAIN) and not isinstance(value, Enum):
        return value
    if isinstance(value, Reason):
        return {
            "code": value.code,
            "params": {k: jsonable(v, texts) for k, v in value.params.items()},
            "message": texts.reason(value),
        }
    if isinstance(value, Problem):
        return value.to_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return {name: jsonable(getattr(value, attr), texts)
                for attr, name in _exported(type(value))}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v, texts) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v, texts) for v in value]
    return value


def dumps(value: Any, texts: Texts) -> str:
    """Vietnamese stays readable in the output (no \\u escapes)."""
    return json.dumps(jsonable(value, texts), ensure_ascii=False, indent=2)


def errors_json(problems: tuple[Problem, ...]) -> str:
    """``{"errors": [{code, file, line, column, message}]}`` (DESIGN.md)."""
    return json.dumps({"errors": [p.to_dict() for p in problems]}, ensure_ascii=False, indent=2)
