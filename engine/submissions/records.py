"""One record to one ``Submission``: check its shape, parse its values, resolve its names.

A record that is wrong on its own never stops the run: it is still returned, with located
``problems`` (it will be ``invalid``) or ``unit_problems`` (``unknown_unit``), so that nothing
is dropped silently. Passes, in this order: shape (a mapping), cells (text that cannot be
shown or stored: over-long, lone surrogates, control characters), schema (required fields,
types), parsing (dates, period, within plausible years), name resolution (units, directive,
obligation). Each pass only sees values the previous one accepted; the batch check (duplicate
ids) comes after.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from functools import partial
from typing import Any, Protocol

from engine.errors import Problem
from engine.model import Period, Reason, Submission
from engine.rulebook.lookup import DirectiveIndex
from engine.rulebook.registry import UnitResolutionError
from engine.sources.located import Located, escape_pointer_token
from engine.submissions.fields import DEFAULT_NOTES, FIELDS, REQUIRED
from engine.submissions.raw import Record, as_text, compact_written
from engine.time.dates import DateParseError, parse_date
from engine.time.periods import PeriodParseError, parse_period
from engine.time.titles import read_title_period

_REQUIRED = frozenset(REQUIRED)


class Resolver(Protocol):
    """What ``build`` needs of the unit registry (which resolves each distinct name once)."""

    def resolve_noted(self, name: str, near: str | None = None) -> tuple[str, str | None]: ...

    def province(self, unit_id: str) -> str | None: ...


def build(record: Record, registry: Resolver, directives: DirectiveIndex) -> Submission:
    data = record.located.data
    source = record.source
    if not isinstance(data, dict):
        shown = _shown(json.dumps(data, ensure_ascii=False, default=str))
        return Submission(
            id=source,
            source=source,
            raw={"value": _shown(as_text(data))},
            problems=(_at(record, "", "record.shape",
                          f"a record must be a mapping of fields (id: ..., reporter: ...), "
                          f"got {shown}"),),
        )
    problems = list(record.problems)
    faulty: set[str]
    raw: Mapping[str, str]
    clean = _plainly_clean(data)
    if clean:
        # compact (Written): a register of a million records holds it to the end of the run
        raw, faulty = compact_written(data), set()
        cleaned = _clean_text(data)
    else:
        raw, faulty = _cells(record, data, problems)
        cleaned = _clean(data)
    notes = _defaults(record, cleaned)
    # a faulty cell is reported once, as itself: the schema sees a stand-in value
    fields: dict[str, Any] = cleaned
    if faulty:
        problems += _schema_problems(record, {k: "?" if k in faulty else v
                                              for k, v in cleaned.items()})
        fields = {k: v for k, v in cleaned.items() if k not in faulty}
    else:
        problems += _schema_problems(record, cleaned, text_only=clean)
    # a clean record's fields are all text, read straight from the mapping
    text: Callable[[str], str | None] = fields.get if clean else partial(_text, fields)
    values: dict[str, Any] = {}
    unit_problems: list[Problem] = []

    for key in ("submitted_on", "sent_on"):
        written = text(key)
        if written is not None:
            try:
                values[key] = _plausible(parse_date(written))
            except DateParseError as exc:
                problems.append(_at(record, key, "record.bad-date", f"{key}: {exc}",
                                    field=key, value=written))

    problems += _sent_problems(record, values.get("sent_on"), values.get("submitted_on"))
    period, inferred = _period(record, fields, problems, values.get("submitted_on"))
    # The recipient first: a sender's name that fits several units is read in the recipient's
    # province ("Sở Y tế" in a Tây Ninh office's register is the Sở Y tế of Tây Ninh).
    near: str | None = None
    resolved_notes: list[Reason] = []
    for key in ("recipient", "reporter"):
        name = text(key)
        if name is not None:
            try:
                values[key], how = registry.resolve_noted(name, near if key == "reporter"
                                                          else None)
                if how is not None:
                    resolved_notes.append(Reason(how, {"field": key, "name": name,
                                                       "unit": values[key]}))
            except UnitResolutionError as exc:
                unit_problems.append(_at(
                    record, key, f"unit.{exc.kind}", f"{key}: {exc}",
                    field=key, name=name, candidates=exc.candidates,
                ))
        if key == "recipient" and "recipient" in values:
            near = registry.province(values["recipient"])
    unit_problems.sort(key=lambda p: p.params.get("field") != "reporter")  # as written

    # A directive the rules do not hold: the report is about something else (not a fault).
    named = text("directive")
    unknown = named if named is not None and not directives.knows(named) else None
    directive_id, obligation_id, faults = (None, None, ()) if unknown else directives.resolve(
        named, text("obligation")
    )
    problems += [
        _at(record, f.field, f.code, f"{f.field}: {f.message}", field=f.field,
            value=text(f.field))
        for f in faults
    ]
    ident = text("id")
    return Submission(
        id=ident if ident is not None else source,
        source=source,
        raw=raw,
        reporter=values.get("reporter"),
        recipient=values.get("recipient"),
        submitted_on=values.get("submitted_on"),
        sent_on=values.get("sent_on"),
        period=period,
        period_inferred=inferred,
        directive=directive_id,
        obligation=obligation_id,
        title=text("title"),
        document_number=text("document_number"),
        problems=tuple(problems),
        unit_problems=tuple(unit_problems),
        other_directive=unknown,
        notes=(*notes, *resolved_notes),
    )


# A report is sent before it is received, and does not spend a year in transit: a sending date
# outside that is a typo, and a rule that counts the sending date (counts: sent) must not judge
# by it.
_IN_TRANSIT = timedelta(days=366)


def _sent_problems(record: Record, sent: date | None, received: date | None) -> list[Problem]:
    if sent is None or received is None or received - _IN_TRANSIT <= sent <= received:
        return []
    why = ("after the report was received" if sent > received
           else "more than a year before the report was received")
    return [_at(record, "sent_on", "record.sent-on",
                f"sent_on: sent {sent.isoformat()}, {why} ({received.isoformat()}): one of "
                "the two dates is wrong", field="sent_on", sent=sent.isoformat(),
                received_on=received.isoformat())]


def _defaults(record: Record, cleaned: dict[str, Any]) -> tuple[Reason, ...]:
    """Fields the record leaves absent or blank, taken from ``record.defaults`` (the
    recipient of a register of documents received is the office keeping it): a value
    written in the record always wins, and each value taken is noted."""
    notes = []
    for key, value in record.defaults:
        if key not in cleaned:
            cleaned[key] = value
            notes.append(Reason(DEFAULT_NOTES[key], {"field": key, "unit": value}))
    return tuple(notes)


def _at(record: Record, key: str, code: str, message: str, **params: Any) -> Problem:
    """A problem located at field ``key`` of the record (its key), or at the record."""
    located = record.located
    pointer = "/" + escape_pointer_token(key) if key else ""
    line, column = located.where_key(pointer) if key else located.where("")
    if not line:
        line, column = record.line, 1
    return Problem(located.file, line, column, code, message, pointer, params)


def _clean(data: Mapping[Any, Any]) -> dict[str, Any]:
    """Known fields ready for the schema: blank and null mean absent; integers read as text.

    ``id: 17`` or ``period: 2022`` are natural to write in YAML and mean the text.
    """
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str):
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, int) and not isinstance(value, bool) and key in FIELDS:
            value = str(value)
        fields[key] = value.strip() if isinstance(value, str) else value
    return fields


def _clean_text(data: Mapping[str, str]) -> dict[str, str]:
    """``_clean`` of a record whose keys and values are all text (a table's row): blank
    values dropped, the others stripped, in one pass."""
    return {k: t for k, v in data.items() if (t := v.strip())}


def _schema_problems(record: Record, fields: dict[str, Any], text_only: bool = False
                     ) -> list[Problem]:
    """Schema messages, prefixed with the field they are about ("reporter: expected ...").
    ``text_only``: every value is known to be non-blank text (``_clean_text`` of a clean row)."""
    if _plainly_valid(fields, text_only):
        return []
    from engine.rulebook import schemas

    located = record.located
    found = schemas.validate(
        Located(fields, located.file, located.positions, located.key_positions), "submission"
    )
    out = []
    for p in found:
        field = p.pointer[1:].split("/", 1)[0].replace("~1", "/").replace("~0", "~")
        message = f"{field}: {p.message}" if field else p.message
        line = p.line or record.line
        missing = _QUOTED.search(p.message) if p.code == "schema.required" else None
        out.append(Problem(p.file, line, p.column or 1, p.code, message, p.pointer,
                           {"field": field or p.params.get("field")
                            or (missing[1] if missing else None)}))
    return out


def _plainly_valid(fields: Mapping[str, Any], text_only: bool = False) -> bool:
    """True when the submission schema cannot object, so jsonschema need not run.

    The schema only asks for the required fields and for known fields to be non-empty
    text (``tests/test_submissions.py`` checks that it still says no more); running
    jsonschema on every record of a large register would triple the load time. With
    ``text_only`` the values are known to be non-empty text, and are not looked at again.
    """
    return fields.keys() >= _REQUIRED and (text_only or all(
        isinstance(v, str) and v for k, v in fields.items() if k in FIELDS
    ))


def _text(fields: Mapping[str, Any], key: str) -> str | None:
    value = fields.get(key)
    return value if isinstance(value, str) else None


def _period(
    record: Record, fields: Mapping[str, Any], problems: list[Problem], received: date | None
) -> tuple[Period | None, bool]:
    """The period column, else the period the title names; None when neither says.

    A period far from the receipt date ("2202-H1" received in 2022) is a typo to fix, not an
    obligation centuries away; a period phrase in the title that cannot be read is reported.
    """
    text = _text(fields, "period")
    period: Period | None = None
    inferred = False
    if text is not None:
        try:
            period = parse_period(text)
            _plausible(period.start)
            _plausible(period.end)
        except (PeriodParseError, DateParseError) as exc:
            problems.append(_at(record, "period", "record.bad-period", f"period: {exc}",
                                field="period", value=text))
            return None, False
    elif "period" in fields:  # present but of the wrong type: the schema said so
        return None, False
    else:
        title = _text(fields, "title")
        if title is None:
            return None, False
        found = read_title_period(title, received)
        if found.problem is not None:
            problems.append(_at(record, "title", "record.title-period",
                                f"title: {found.problem}", field="title", value=title))
            return None, False
        period, inferred = found.period, found.period is not None
    if period is not None and received is not None and _far(period, received):
        key = "period" if text is not None else "title"
        problems.append(_at(
            record, key, "record.period-far",
            f"{key}: period {period.label} is implausibly far from the receipt date "
            f"{received.isoformat()}; a typo? e.g. {received.year}-H1",
            field=key, value=period.label, received=received.isoformat(),
        ))
        return None, False
    return period, inferred


# A report comes at most a year before its period starts (plans ahead are not reports) and
# at most five years after it ends (late catch-up reports do happen).
_AHEAD = timedelta(days=366)
_BEHIND = timedelta(days=5 * 366)


def _far(period: Period, received: date) -> bool:
    return period.start > received + _AHEAD or period.end < received - _BEHIND


# ---------------------------------------------------------------------------------------
# Cells: what can be stored and shown

_QUOTED = re.compile(r"'([^']+)'")
YEARS = (1900, 2100)  # a record dated outside these years is a typing slip (0001-01-01)
MAX_CHARS = 300  # a name, a date, an id: anything longer is not one
MAX_CHARS_BY_FIELD = {"title": 2000}
MAX_EXTRA_CHARS = 32_767  # Excel's own limit for a cell
SHOWN_CHARS = 120  # an over-long value is kept this long, with its length
# lone surrogates, C0 controls but tab/newline/CR, DEL, C1 controls (a terminal may run
# U+009B as an escape), and the bidi embeddings, overrides and isolates that reorder text:
# none is ever meant in a register, and each would reach every output that shows the record.
_BAD_CHARS = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
                        r"\u202a-\u202e\u2066-\u2069]")


def _plausible(day: date) -> date:
    if not YEARS[0] <= day.year <= YEARS[1]:
        raise DateParseError(
            f"year {day.year} is not plausible for a report (expected {YEARS[0]}–{YEARS[1]})")
    return day


def _limit(key: str) -> int:
    if key in FIELDS:
        return MAX_CHARS_BY_FIELD.get(key, MAX_CHARS)
    return MAX_EXTRA_CHARS


def _cells(
    record: Record, data: Mapping[Any, Any], problems: list[Problem]
) -> tuple[dict[str, str], set[str]]:
    """The record as written (``raw``), safe to print and store, and the fields that are
    faulty: text no terminal or database can hold, or longer than any real value."""
    raw: dict[str, str] = {}
    faulty: set[str] = set()
    for k, v in data.items():
        key, text = str(k), as_text(v)
        bad = _BAD_CHARS.search(key) or _BAD_CHARS.search(text)
        if bad:
            faulty.add(str(k))
            char = f"U+{ord(bad[0]):04X}"
            key, text = _BAD_CHARS.sub("\ufffd", key), _BAD_CHARS.sub("\ufffd", text)
            problems.append(_at(record, str(k) if not _BAD_CHARS.search(str(k)) else "",
                                "record.bad-text",
                                f"{key}: holds the character {char}, which is not text "
                                "(a broken export?); retype the value",
                                field=key, char=char))
        if len(text) > _limit(str(k)):
            faulty.add(str(k))
            problems.append(_at(record, str(k), "record.too-long",
                                f"{key}: {len(text)} characters, more than the "
                                f"{_limit(str(k))} a {key} can have",
                                field=key, length=len(text), limit=_limit(str(k))))
            text = f"{text[:SHOWN_CHARS]}… ({len(text)})"
        raw[key[:MAX_CHARS]] = text
    return raw, faulty


def _plainly_clean(data: Mapping[Any, Any]) -> bool:
    """The common case, checked in one pass: text keys and values, none too long for any
    field, no character that is not text (a register row read from CSV nearly always)."""
    for k, v in data.items():
        if type(k) is not str or type(v) is not str or len(v) > MAX_CHARS or len(k) > MAX_CHARS:
            return False
    return not _BAD_CHARS.search("\n".join((*data.keys(), *data.values())))


def _shown(text: str) -> str:
    """A value safe to print, and short enough to read."""
    text = _BAD_CHARS.sub("\ufffd", text)
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS]}… ({len(text)})"
