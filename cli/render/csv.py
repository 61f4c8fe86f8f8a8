"""CSV from the view rows: one flat record per row, nested objects as ``parent_child``."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from cli.render.json import jsonable
from cli.render.texts import Texts


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects become ``parent_child`` columns, so a CSV row stays one flat record."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, prefix=f"{name}_"))
        else:
            flat[name] = value
    return flat


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A cell's text; one that a spreadsheet would run as a formula (``=HYPERLINK(...)``)
    gets a leading ``'`` so that it shows as written (OWASP, "CSV injection")."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = "; ".join(_item(item) for item in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _item(item: Any) -> str:
    if isinstance(item, Mapping):
        if "message" in item and "code" in item:  # a reason: its words
            return str(item["message"])
        return " ".join(str(v) for v in item.values() if v not in (None, ""))
    return str(item)


def to_csv(rows: Sequence[Mapping[str, Any]], header: Sequence[str] | None = None) -> str:
    """RFC 4180 CSV. The header is every key in order of first appearance unless given, so
    a row with an extra column (a deadline where others have none) loses nothing."""
    columns = (
        list(header) if header is not None else list(dict.fromkeys(k for r in rows for k in r))
    )
    if not columns:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue()


def rows_csv(rows: Sequence[Any], texts: Texts, drop: Sequence[str] = ("raw",)) -> str:
    """View rows as CSV: the same fields as the JSON, flattened."""
    flat = []
    for row in rows:
        data = jsonable(row, texts)
        for key in drop:
            data.pop(key, None)
        flat.append(flatten(data))
    return to_csv(flat)
