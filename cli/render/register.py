"""The register drawn: an ingest's report, the entries, the batches, one record."""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import IO, TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cli.render.json import jsonable
from cli.render.table import COMPACT_BELOW, HEADER_STYLE, NOTE_STYLE, fit, fitted_lines
from cli.render.texts import Texts
from cli.render.validate import file_note_lines, skipped_lines

if TYPE_CHECKING:
    from engine import Decision, History, IngestReport, IngestRow, Stored

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_STATUS_STYLE = {"valid": "green", "invalid": "red", "unknown_unit": "red"}
EXPORT_FIELDS = ("id", "reporter", "recipient", "submitted_on", "period", "directive",
                 "obligation", "title", "document_number", "sent_on")


def local_when(at: str) -> str:
    """A time stored as ISO UTC, in Vietnam's time (Asia/Ho_Chi_Minh): "07/12/2026 07:49"."""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        from zoneinfo import ZoneInfo

        zone: tzinfo = ZoneInfo("Asia/Ho_Chi_Minh")
    except (ImportError, LookupError):  # no time zone data (Windows without tzdata)
        zone = timezone(timedelta(hours=7))  # Vietnam: UTC+7, no summer time
    return moment.astimezone(zone).strftime("%d/%m/%Y %H:%M")


def status_text(entry: Stored, texts: Texts) -> str:
    word = texts.t(f"status.{entry.status}")
    if entry.state in ("withdrawn", "superseded"):
        return f"{word}; {texts.t(f'status.{entry.state}')}"
    return f"{word}; {texts.t('status.conflict')}" if entry.conflict else word


def ingest_parts(report: IngestReport, db: str, texts: Texts) -> list[RenderableType]:
    t = texts.t
    # the title on its own line: as the table's title it was wrapped to the table's width
    # (two short columns), the register's path cut over three lines
    title = Text(t("title.ingest", number=report.ingest, db=db, at=local_when(report.at)),
                 HEADER_STYLE, overflow="fold")
    files = Table(header_style=HEADER_STYLE)
    files.add_column(t("col.file"), overflow="fold")
    files.add_column(t("col.read"), justify="right")
    for f in report.files:
        files.add_row(f.label, texts.number(f.records))
    parts: list[RenderableType] = [title, files]
    parts += file_note_lines(report.files, texts)
    if report.conflicts:
        table = Table(title=t("title.conflicts"), header_style=HEADER_STYLE,
                      title_justify="left", box=box.SIMPLE_HEAD, expand=True)
        table.add_column(t("col.key"), overflow="fold")
        table.add_column(t("col.new"), overflow="fold")
        table.add_column(t("col.stored"), overflow="fold")
        table.add_column(t("col.fields"), overflow="fold")
        for c in report.conflicts:
            table.add_row(c.key, c.source, c.stored_source,
                          ", ".join(_field_label(f, texts) for f in c.fields), style="red")
        parts.append(table)
    parts += skipped_lines(report.skipped, texts)
    counts = Text(t("ingest.counts", records_in=report.records_in, added=report.added,
                    unchanged=report.unchanged, conflicts=len(report.conflicts)),
                  HEADER_STYLE)
    statuses = Text(t("ingest.statuses", **report.statuses))
    parts.append(Panel(Group(counts, statuses), expand=False))
    return parts


def entries_table(entries: Sequence[Stored], title: str, texts: Texts,
                  empty: str = "empty.register") -> RenderableType:
    """One row per entry: its id with where it came from, the unit and date as written, its
    status, its batch (a large register: ``entry_lines``); ``empty`` says there are none."""
    t = texts.t
    if not entries:
        return Text(t(empty), NOTE_STYLE)
    table = Table(title=title, header_style=HEADER_STYLE, title_justify="left",
                  box=box.SIMPLE_HEAD, expand=True)
    table.add_column(f"{t('col.key')} · {t('col.source')}", overflow="fold", ratio=2)
    table.add_column(t("col.reporter"), overflow="fold", ratio=2)
    table.add_column(f"{t('col.submitted_on')} · {t('col.period')}", overflow="fold", ratio=1)
    table.add_column(t("col.status"), overflow="fold", ratio=1)
    table.add_column(t("col.ingest"), justify="right")
    for e in entries:
        data = e.data if isinstance(e.data, dict) else {}
        ident = Text(_printable(e.key))
        ident.append("\n" + _printable(e.source), NOTE_STYLE)
        table.add_row(ident, _printable(str(data.get("reporter") or "")),
                      _printable(_when_what(data)),
                      Text(status_text(e, texts), _status_style(e)),
                      str(e.ingest))
    return table


def entry_lines(entries: Iterable[Stored], title: str, texts: Texts,
                width: int = 120) -> Iterator[RenderableType]:
    """A large register's entries (``LARGE``), one line each, cut to the terminal's width,
    made as they are printed: a Rich table of 100,000 rows took a minute and 860 MB. Where
    each came from and every field: ``register show ID``, ``register export``."""
    t = texts.t
    sizes = [12, 18, 20, 3] if width < COMPACT_BELOW else [16, 30, 24, 4]
    rest = max(12, width - sum(sizes) - len(sizes))
    head = " ".join((fit(t("col.key"), sizes[0]), fit(t("col.reporter"), sizes[1]),
                     fit(f"{t('col.submitted_on')} · {t('col.period')}", sizes[2]),
                     fit(t("col.ingest"), sizes[3]), fit(t("col.status"), rest)))

    def lines() -> Iterator[Text]:
        yield Text(head, HEADER_STYLE)
        for e in entries:
            data = e.data if isinstance(e.data, dict) else {}
            line = Text(" ".join((
                fit(_printable(e.key), sizes[0]),
                fit(_printable(str(data.get("reporter") or "")), sizes[1]),
                fit(_printable(_when_what(data)), sizes[2]),
                str(e.ingest).rjust(sizes[3]))) + " ")
            line.append(fit(status_text(e, texts), rest), _status_style(e))
            yield line

    yield Text(title, HEADER_STYLE)
    yield from fitted_lines(lines(), sum(sizes) + len(sizes) + rest)
    yield Text(t("large.register"), NOTE_STYLE)


def _when_what(data: Mapping[str, Any]) -> str:
    return " · ".join(str(data.get(k)) for k in ("submitted_on", "period") if data.get(k))


def _status_style(entry: Stored) -> str:
    return "red" if entry.conflict else _STATUS_STYLE.get(entry.status, "")


def ingests_lines(rows: Sequence[IngestRow], db: str, texts: Texts) -> list[RenderableType]:
    """Each batch: when, with which baocao, the counts, the files."""
    t = texts.t
    parts: list[RenderableType] = [Text(t("title.ingests", db=db), HEADER_STYLE)]
    for r in rows:
        head = Text(f"{t('col.ingest')} {r.id} · {local_when(r.at)} · baocao {r.tool_version}",
                    "bold")
        counts = Text("  " + t("ingest.counts", records_in=r.records_in, added=r.added,
                                 unchanged=r.unchanged, conflicts=r.conflicts),
                      "red" if r.conflicts else "")
        files = [Text("  " + f, NOTE_STYLE) for f in r.files]
        parts += [head, counts, *files]
    if not rows:
        parts.append(Text(t("empty.register"), NOTE_STYLE))
    return parts


def show_parts(entries: Sequence[Stored], texts: Texts) -> list[RenderableType]:
    t = texts.t
    parts: list[RenderableType] = []
    for e in entries:
        what = t("show.conflict") if e.state == "conflict" else t("show.record")
        table = Table(title=t("title.show", what=what, ident=e.key, source=e.source,
                              ingest=e.ingest, at=local_when(e.at)),
                      header_style=HEADER_STYLE, title_justify="left", box=box.SIMPLE_HEAD)
        table.add_column(t("col.field"))
        table.add_column(t("col.value"), overflow="fold")
        data = e.data if isinstance(e.data, dict) else {"value": e.data}
        for key, value in data.items():
            table.add_row(_shown_field(str(key), texts),
                          "" if value is None else _printable(str(value)))
        for key, value in e.supplied.items():  # not written: given with --recipient
            table.add_row(_shown_field(key, texts),
                          Text(t("show.supplied", value=_printable(
                              texts.unit(value) if key in _UNIT_FIELDS else value)),
                               NOTE_STYLE))
        table.add_row(Text(t("col.status"), "bold"),
                      Text(status_text(e, texts), "red" if e.conflict else
                           _STATUS_STYLE.get(e.status, "")))
        if e.reasons:
            table.add_row("", texts.reasons(e.reasons))
        parts.append(table)
    return parts


def _shown_field(key: str, texts: Texts) -> str:
    """A field of a stored record as the clerk knows its column (in Vietnamese); an extra
    column keeps the header the register wrote."""
    from cli import i18n
    from cli.i18n import Lang

    label = i18n.FIELD_LABELS.get(key) if texts.lang is Lang.VI else None
    return label or _printable(key)


_UNIT_FIELDS = frozenset({"reporter", "recipient", "via"})  # given as unit ids


def _printable(text: str) -> str:
    """A stored value as a terminal can show it (a lone surrogate is kept in the register,
    and shown as U+FFFD)."""
    return _SURROGATE.sub("\ufffd", text)


def write_json_list(out: IO[str], items: Iterable[object]) -> None:
    """``json.dumps(list(items), ensure_ascii=False, indent=2)`` and a newline, a stored lone
    surrogate shown as U+FFFD, written an item at a time (each item's lines indented as the
    list would indent them): a province's register is never one string."""
    # json.dumps with an indent leaves a few reference cycles a call (its encoder's nested
    # functions), and cli.app.main turns the collector off: on while the items are written
    collecting = gc.isenabled()
    gc.enable()
    try:
        first = True
        for item in items:
            text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            out.write(("[\n  " if first else ",\n  ") + _printable(text))
            first = False
        out.write("[]\n" if first else "\n]\n")
    finally:
        if not collecting:
            gc.disable()


def entry_json(e: Stored, texts: Texts) -> dict[str, Any]:
    data: dict[str, Any] = jsonable(e, texts)
    return data


def export_columns(entries: Iterable[Stored]) -> list[str]:
    """The export's columns: the field names of docs/design.md#submission-input, then the
    extra columns as they were written, in the order they first appear."""
    extra = dict.fromkeys(k for e in entries for k in export_row(e) if k not in EXPORT_FIELDS)
    return [*EXPORT_FIELDS, *extra]


def exported(entries: Iterable[Stored]) -> Iterator[Stored]:
    """The entries an export writes: the records that count (not a withdrawn one, nor a
    version kept aside), each a mapping of fields (a record that was none has no row)."""
    return (e for e in entries if e.state == "current" and isinstance(e.data, dict))


def export_row(entry: Stored) -> dict[str, Any]:
    """A record of the register as a submissions file writes it. A recipient given with
    --recipient is written out, so the file ingests back as the same records without the
    option."""
    return {**entry.data, **entry.supplied}


_GUARDED = ("=", "+", "-", "@", "\t", "\r")


def csv_ready(row: dict[str, Any]) -> dict[str, Any]:
    """A row for the CSV export, so that it reads back as the very record: the CSV writer
    puts an apostrophe before a value a spreadsheet would run as a formula ("-x" → "'-x"),
    and baocao's CSV reader takes one such apostrophe off (engine.sources.csv); a value that
    itself begins with apostrophes before such a character gets one more here ("'-x" →
    "''-x"), so it comes back as written."""
    return {k: "'" + v if isinstance(v, str) and v.startswith("'")
            and v.lstrip("'").startswith(_GUARDED) else v for k, v in row.items()}


def decision_line(decision: Decision, texts: Texts) -> RenderableType:
    """What ``register replace`` or ``withdraw`` did."""
    reason = decision.reason or texts.t("history.no-reason")
    return Text(texts.t(f"decided.{decision.action}", id=_printable(decision.key),
                        version=decision.version, previous=decision.previous,
                        number=decision.number, at=local_when(decision.at),
                        reason=_printable(reason)))


# A field as the clerk knows it: the unit as written, not its id column.
_AS_WRITTEN = {"reporter": "reporter_name", "recipient": "recipient_name"}


def _field_label(key: str, texts: Texts) -> str:
    from cli import i18n

    return i18n.column(_AS_WRITTEN.get(key, key), texts.lang)


def history_parts(found: History, texts: Texts) -> list[RenderableType]:
    """Every version and every decision of one record, in the order they happened, with when
    (Vietnam time), where from, what changed and why; then where it stands."""
    t = texts.t
    table = Table(title=t("title.history", id=_printable(found.key)), header_style=HEADER_STYLE,
                  title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    table.add_column(t("col.when"), no_wrap=True)
    table.add_column(t("col.event"), overflow="fold", ratio=2)
    table.add_column(t("col.source"), overflow="fold", ratio=2)
    table.add_column(t("col.why"), overflow="fold", ratio=3)
    events: list[tuple[str, int, list[RenderableType]]] = []
    for v in found.versions:
        data = v.data if isinstance(v.data, dict) else {"value": v.data}
        what = Text(t("history.received", version=v.number, ingest=v.ingest))
        what.append("\n" + t(f"status.{v.state}" if v.state != "current" else "status.counted"),
                    "red" if v.state == "conflict" else NOTE_STYLE)
        fields = ", ".join(f"{_field_label(k, texts)}: "
                           f"{_printable(str(data.get(k) or v.supplied.get(k) or ''))}"
                           for k in v.changed)
        why = t("history.changed", fields=fields) if v.changed else ""
        events.append((v.at, 0, [local_when(v.at), what, _printable(v.source), why]))
    for d in found.decisions:
        what = Text(t(f"history.{d.action}", version=d.version, previous=d.previous), "bold")
        reason: RenderableType = (_printable(d.reason) if d.reason
                                  else Text(t("history.no-reason"), NOTE_STYLE))
        events.append((d.at, 1, [local_when(d.at), what, f"baocao {d.tool_version}", reason]))
    for _, _, row in sorted(events, key=lambda e: (e[0], e[1])):
        table.add_row(*row)
    current = next((v.number for v in found.versions if v.state in ("current", "withdrawn")), 0)
    now = Text(t(f"history.now.{found.state}", version=current), HEADER_STYLE)
    waiting = sum(1 for v in found.versions if v.state == "conflict")
    parts: list[RenderableType] = [table, now]
    if waiting:
        parts.append(Text(t("history.waiting", count=waiting, id=_printable(found.key)), "red"))
    return parts
