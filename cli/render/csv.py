"""CSV from the view rows: one flat record per row, nested objects as ``parent_child``.

Made to be opened in Excel by the people it is about: UTF-8 with a byte-order mark (without
it Excel shows Vietnamese as mojibake), ``;`` as the separator for a Vietnamese-locale Excel
(``--csv-dialect excel-vn``), headers and words (verdicts, dispositions, yes/no) in the chosen
language, and every cell that a spreadsheet would run as a formula (beginning with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) neutralised with a leading apostrophe — a
register may hold ``=HYPERLINK(...)`` typed by anyone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from cli import i18n
from cli.render.json import jsonable
from cli.render.safe import visible
from cli.render.texts import Texts
from engine import Disposition, Verdict

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would take for a formula, made inert.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("-1"), neutralise(-1)
    ('\\'=HYPERLINK("http://x")', "'-1", -1)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def document(text: str) -> str:
    """A whole CSV file: the byte-order mark Excel needs to read UTF-8."""
    return BOM + text if text else text


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


def _cell(value: Any) -> Any:
    """A cell's text; one that a spreadsheet would run as a formula (``=HYPERLINK(...)``)
    gets a leading ``'`` so that it shows as written (OWASP, "CSV injection")."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return neutralise(visible("; ".join(_item(item) for item in value), cell=True))
    return neutralise(visible(value, cell=True) if isinstance(value, str) else value)


def _item(item: Any) -> str:
    if isinstance(item, Mapping):
        if "message" in item and "code" in item:  # a reason: its words
            return str(item["message"])
        return " ".join(str(v) for v in item.values() if v not in (None, ""))
    return str(item)


def to_csv(
    rows: Sequence[Mapping[str, Any]],
    header: Sequence[str] | None = None,
    *,
    labels: Mapping[str, str] | None = None,
    delimiter: str = ",",
) -> str:
    """RFC 4180 CSV, cells neutralised. The header is every key in order of first appearance
    unless given, so a row with an extra column (a deadline where others have none) loses
    nothing; ``labels`` name the columns."""
    columns = (
        list(header) if header is not None else list(dict.fromkeys(k for r in rows for k in r))
    )
    if not columns:
        return ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_cell((labels or {}).get(c, c)) for c in columns])
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def words(key: str, value: Any, texts: Texts) -> Any:
    """A value as the reader's language says it: verdicts, dispositions, yes/no, due basis."""
    lang = texts.lang
    if isinstance(value, bool):
        return i18n.text("yes" if value else "no", lang)
    if key == "verdict" and value in Verdict.__members__.values():
        return i18n.verdict(Verdict(value), lang)
    if key == "disposition" and value in Disposition.__members__.values():
        return i18n.disposition(Disposition(value), lang)
    if key in ("due_basis", "deadline_basis") and value in ("stated", "assumed"):
        return i18n.text(f"due_basis.{value}", lang)
    if key == "frequency" and isinstance(value, str):
        return i18n.frequency(value, lang)
    if key == "data_window" and value in ("nd09", "period", "stated"):
        return i18n.text(f"data_window.{value}", lang)
    return value


def rows_csv(
    rows: Sequence[Any], texts: Texts, drop: Sequence[str] = ("raw",), delimiter: str = ","
) -> str:
    """View rows as CSV: the same fields as the JSON, flattened, in the reader's language."""
    flat = []
    for row in rows:
        data = jsonable(row, texts)
        for key in drop:
            data.pop(key, None)
        flat.append({k: words(k, v, texts) for k, v in flatten(data).items()})
    columns = list(dict.fromkeys(k for r in flat for k in r))
    labels = {c: i18n.column(c, texts.lang) for c in columns}
    return to_csv(flat, columns, labels=labels, delimiter=delimiter)
