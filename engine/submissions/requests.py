"""Recorded requests for ad hoc reports ("báo cáo đột xuất", "kịp thời báo cáo").

An ad hoc duty has no calendar: a report is owed only when someone asked for it. A request
names the duty (directive and obligation), the unit or group asked, when it was asked and by
when. The file is the inspector's own record, so a bad entry stops the run with a located
error rather than being skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from engine.errors import BaocaoError, Problem
from engine.model import Directive, ObligationKind, Request
from engine.rulebook.lookup import DirectiveIndex
from engine.rulebook.registry import Registry, UnitResolutionError
from engine.submissions.fields import header_key
from engine.submissions.reading import Record, Shape, read_records
from engine.time.dates import DateParseError, parse_date

__all__ = ["REQUESTS", "load_requests"]

_FIELDS = ("id", "directive", "obligation", "reporter", "requested_on", "due", "number")
_SYNONYMS = {
    "ma": "id", "so yeu cau": "id", "van ban": "directive", "nghia vu": "obligation",
    "don vi": "reporter", "don vi bao cao": "reporter", "ngay yeu cau": "requested_on",
    "han": "due", "han bao cao": "due", "so ky hieu": "number", "so van ban": "number",
}
_HEADERS = {f.replace("_", " "): f for f in _FIELDS} | _SYNONYMS
REQUESTS = Shape(
    fields=_FIELDS,
    required=("id", "directive", "obligation", "reporter", "requested_on", "due"),
    header=lambda cell: _HEADERS.get(header_key(cell)),
    example="id,directive,obligation,reporter,requested_on,due",
    key="requests",
)


def load_requests(
    paths: Sequence[Path], registry: Registry, directives: Sequence[Directive]
) -> tuple[Request, ...]:
    records = read_records(paths, REQUESTS)
    index = DirectiveIndex(directives)
    problems: list[Problem] = []
    out: list[Request] = []
    seen: dict[str, str] = {}
    for record in records:
        request = _build(record, registry, index, problems)
        if request is None:
            continue
        if request.id in seen:
            problems.append(_problem(record, "id", f"id {request.id!r} already used at "
                                                   f"{seen[request.id]}"))
            continue
        seen[request.id] = request.source
        out.append(request)
    if problems:
        raise BaocaoError(problems)
    return tuple(out)


def _problem(record: Record, key: str, message: str) -> Problem:
    line, column = record.located.where_key(f"/{key}")
    return Problem(record.located.file, line or record.line, column or 1, "request.invalid",
                   f"{key}: {message}" if key else message, f"/{key}")


def _build(record: Record, registry: Registry, index: DirectiveIndex,
           problems: list[Problem]) -> Request | None:
    data = record.located.data
    if not isinstance(data, dict):
        problems.append(_problem(record, "", "a request is a mapping of fields (id: ..., "
                                             "directive: ..., obligation: ..., ...)"))
        return None
    text = {k: str(v).strip() for k, v in data.items() if v is not None and str(v).strip()}
    missing = [f for f in REQUESTS.required if f not in text]
    if missing:
        problems.append(_problem(record, "", f"missing {', '.join(missing)}; expected e.g. "
                                             f"{REQUESTS.example}"))
        return None
    before = len(problems)
    directive_id, obligation_id, faults = index.resolve(text["directive"], text["obligation"])
    problems += [_problem(record, f.field, f.message) for f in faults]
    if directive_id and obligation_id:
        ob = next(o for d in index.directives if d.id == directive_id
                  for o in d.obligations if o.id == obligation_id)
        if ob.kind is not ObligationKind.AD_HOC:
            problems.append(_problem(record, "obligation", f"{obligation_id!r} is a "
                                     f"{ob.kind.value} obligation; only ad hoc duties "
                                     "(kind: ad_hoc) are requested"))
    reporters: tuple[str, ...] = ()
    try:
        name = text["reporter"]
        reporters = registry.expand([name]) if name in registry.groups \
            else (registry.resolve(name),)
    except UnitResolutionError as exc:
        problems.append(_problem(record, "reporter", str(exc)))
    days: dict[str, date] = {}
    for key in ("requested_on", "due"):
        try:
            days[key] = parse_date(text[key])
        except DateParseError as exc:
            problems.append(_problem(record, key, str(exc)))
    if len(problems) > before or not directive_id or not obligation_id:
        return None
    if days["due"] < days["requested_on"]:
        problems.append(_problem(record, "due", "the due date is before the request"))
        return None
    return Request(
        id=text["id"], source=record.source, directive_id=directive_id,
        obligation_id=obligation_id, reporters=reporters, requested_on=days["requested_on"],
        due=days["due"], number=text.get("number"),
    )
