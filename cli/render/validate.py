"""`baocao validate` drawn: one row per record, the count per file, what was not read.

The same cells (``record_cells``) feed the CSV, the XLSX and the errors file, so they can
never disagree; the terminal table picks short forms of them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cli import i18n
from cli.render.csv import cell, words, write_csv
from cli.render.json import jsonable
from cli.render.table import (
    COMPACT_BELOW,
    DISPOSITION_STYLE,
    HEADER_STYLE,
    LARGE,
    NOTE_STYLE,
    SUBMISSION_ROW_STYLE,
    fit,
    fitted_lines,
)
from cli.render.texts import Texts, vn_date
from engine import Disposition, FileRead, Reason, Verdict

if TYPE_CHECKING:
    from engine import FileCount, RecordRow, Skipped, ValidateView

RECORD_COLUMNS = (
    "file", "line", "stt", "id", "reporter_written", "reporter", "reporter_name",
    "recipient_written", "recipient", "recipient_name", "period", "period_inferred",
    "submitted_on", "document_number", "title", "disposition", "result", "matched_to",
    "reasons", "fixes", "attention",
)
_WRITTEN = {"reporter_written": "reporter", "recipient_written": "recipient"}


def result_text(row: RecordRow, texts: Texts) -> str:
    """"khớp · đúng hạn" / "khớp · trễ 3 ngày" for a matched record, else its disposition."""
    word = i18n.disposition(row.disposition, texts.lang)
    if row.disposition is not Disposition.MATCHED or not row.matches:
        return word
    late = max(m.days_late for m in row.matches)
    if any(m.verdict is Verdict.LATE for m in row.matches):
        verdict = texts.t("late.day" if late == 1 else "late.days", days=late)
    else:
        verdict = i18n.verdict(Verdict.ON_TIME, texts.lang)
    return texts.t("result.matched", verdict=verdict)


def matched_text(row: RecordRow, texts: Texts) -> str:
    return "; ".join(
        texts.t("matched.to", clause=m.clause or f"{m.directive} {m.obligation}",
                period=m.period, due=vn_date(m.due) + ("*" if m.due_basis == "assumed" else ""))
        for m in row.matches
    )


def record_cells(row: RecordRow, texts: Texts) -> dict[str, Any]:
    """The record's cells in column order, then its extra columns as written."""
    data = jsonable(row, texts)
    cells: dict[str, Any] = {}
    for key in RECORD_COLUMNS:
        if key in _WRITTEN:
            value: Any = row.raw.get(_WRITTEN[key], "")
        elif key == "result":
            value = result_text(row, texts)
        elif key == "matched_to":
            value = matched_text(row, texts)
        elif key in ("reasons", "fixes"):
            value = texts.reasons(getattr(row, key))
        else:
            value = data.get(key)
        cells[key] = words(key, value, texts)
    for key in row.extra:
        cells.setdefault(key, row.raw[key])
    return cells


def write_records_csv(out: IO[str], rows: Sequence[RecordRow], texts: Texts,
                      delimiter: str = ",", extra: Sequence[str] | None = None) -> None:
    """One row per record, written a chunk at a time (100,000 records are never a list of
    dicts nor one string): the columns, then each record's extra columns as written, in the
    order they first appear (``extra``, when the view knows them: rows built when read are
    then built once, not twice)."""
    if extra is None:
        extra = [k for r in rows for k in r.extra]
    columns = list(dict.fromkeys([*RECORD_COLUMNS, *extra]))
    labels = {c: i18n.column(c, texts.lang) for c in columns}
    write_csv(out, columns, labels, ([cell(c.get(k)) for k in columns]
                                     for c in (record_cells(r, texts) for r in rows)), delimiter)


def write_validate_json(view: ValidateView, texts: Texts, out: IO[str]) -> None:
    """``{"as_of", "records", "files", "skipped", "summary"}``, streamed: one record per line,
    so 100,000 records are written as they are serialised, never held as one string."""
    out.write("{\n")
    out.write(f'  "as_of": {json.dumps(view.as_of.isoformat())},\n  "records": [')
    for n, row in enumerate(view.records):
        out.write(",\n    " if n else "\n    ")
        out.write(json.dumps(jsonable(row, texts), ensure_ascii=False))
    out.write("\n  ],\n")
    rest = {"files": view.files, "skipped": view.skipped, "summary": view.summary}
    for n, (key, value) in enumerate(rest.items()):
        text = json.dumps(jsonable(value, texts), ensure_ascii=False, indent=2)
        out.write(f'  "{key}": ' + text.replace("\n", "\n  "))
        out.write(",\n" if n < len(rest) - 1 else "\n")
    out.write("}\n")


# ---------------------------------------------------------------------------------------
# terminal


# Reasons a fix restates in full (the recipient owed, the candidates of a name): the table
# shows the fix alone; JSON and CSV keep both.
_RESTATED = {"match.expected-recipient": "fix.recipient", "unit.ambiguous": "fix.choose-unit",
             "unit.unknown": "fix.did-you-mean"}
# Notes the table gives once per file (under the count per file), not on every row.
_PER_FILE = frozenset({"record.recipient-default"})


def _details(row: RecordRow, texts: Texts) -> Text:
    if row.disposition is Disposition.MATCHED:
        return Text(matched_text(row, texts))
    fix_codes = {f.code for f in row.fixes}
    shown = tuple(r for r in row.reasons
                  if _RESTATED.get(r.code) not in fix_codes and r.code not in _PER_FILE)
    text = Text(texts.reasons(shown))
    if row.fixes:
        text.append(("\n" if text else "") + texts.t("tofix.prefix") + " ", "bold")
        text.append(texts.reasons(row.fixes))
    return text




def records_table(file: str, rows: Sequence[RecordRow], texts: Texts,
                  width: int = 120) -> Table:
    t = texts.t
    compact = width < COMPACT_BELOW
    with_stt = any(r.stt for r in rows)
    table = Table(title=t("title.records", file=file, count=len(rows)), header_style=HEADER_STYLE,
                  title_justify="left", expand=True, box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column(t("col.line"), justify="right", no_wrap=True)
    if with_stt:
        table.add_column(t("col.stt"), justify="right", overflow="fold", max_width=5)
    table.add_column(t("col.submission"), overflow="fold", max_width=10 if compact else 14)
    if compact:
        table.add_column(t("col.reporter"), overflow="fold", max_width=18)
    else:
        table.add_column(t("col.reporter"), overflow="fold", max_width=22)
        table.add_column(t("col.period"), overflow="fold", max_width=12)
        table.add_column(t("col.submitted_on"), overflow="fold", max_width=12)  # raw text too
    table.add_column(t("col.result"), overflow="fold", max_width=11 if compact else 18)
    table.add_column(t("col.details"), overflow="fold", ratio=1)
    for row in rows:
        period = row.period_label
        if row.period_inferred:
            period += " " + t("period.inferred")
        cells: list[RenderableType] = [Text(str(row.line))]
        if with_stt:
            cells.append(Text(row.stt or ""))
        cells.append(Text(row.id))
        if compact:
            unit = Text(row.reporter_label)
            unit.append("\n" + " · ".join(x for x in (period, row.received_label) if x),
                        NOTE_STYLE)
            cells.append(unit)
        else:
            cells += [Text(row.reporter_label), Text(period), Text(row.received_label)]
        cells += [
            Text(result_text(row, texts), DISPOSITION_STYLE[row.disposition]),
            _details(row, texts),
        ]
        table.add_row(*cells, style=SUBMISSION_ROW_STYLE.get(row.disposition))
    return table


def record_lines(file: str, rows: Sequence[RecordRow], texts: Texts,
                 width: int = 120) -> list[RenderableType]:
    """A large file's records, one line each (a Rich table of 100,000 rows takes minutes):
    the same columns, cut to the terminal's width; every cell is in the CSV and XLSX."""
    t = texts.t
    sizes = [6, 10, 14, 8, 10, 12] if width < COMPACT_BELOW else [6, 12, 20, 12, 10, 16]
    rest = max(12, width - sum(sizes) - len(sizes))
    head = " ".join(fit(h, n) for h, n in zip(
        (t("col.line"), t("col.submission"), t("col.reporter"), t("col.period"),
         t("col.submitted_on"), t("col.result")), sizes, strict=True))
    lines = [Text(f"{head} {fit(t('col.details'), rest)}", HEADER_STYLE)]
    for row in rows:
        line = Text(" ".join(fit(c, n) for c, n in zip(
            (str(row.line).rjust(sizes[0]), row.id, row.reporter_label, row.period_label,
             row.received_label), sizes, strict=False)) + " ")
        line.append(fit(result_text(row, texts), sizes[5]), DISPOSITION_STYLE[row.disposition])
        line.append(" " + fit(_details(row, texts).plain.replace("\n", " "), rest))
        lines.append(line)
    return [Text(t("title.records", file=file, count=len(rows)), HEADER_STYLE),
            *fitted_lines(lines, sum(sizes) + len(sizes) + rest), Text(t("large.note"),
                                                                      NOTE_STYLE)]


def _file_notes(header_row: int | None, encoding: str | None, notes: Sequence[Reason],
                texts: Texts) -> str:
    """How a file was read: the header row, the encoding, the rows that are not records."""
    said = []
    if header_row and header_row > 1:
        said.append(texts.t("note.header", row=header_row))
    if encoding not in (None, "utf-8", "utf-8-sig"):
        said.append(texts.t("note.encoding", encoding=encoding))
    said += [texts.reason(n) for n in notes]
    return "; ".join(said)


def files_table(view: ValidateView, texts: Texts) -> Table:
    t = texts.t
    table = Table(title=t("title.files"), header_style=HEADER_STYLE, title_justify="left")
    table.add_column(t("col.file"), overflow="fold")
    table.add_column(t("col.read"), justify="right")
    table.add_column(t("col.reported"), justify="right")
    table.add_column(i18n.disposition(Disposition.MATCHED, texts.lang), justify="right")
    table.add_column(i18n.disposition(Disposition.DUPLICATE, texts.lang), justify="right")
    table.add_column(t("col.attention"), justify="right")
    for f in view.files:
        table.add_row(
            Text(f.file), Text(texts.number(f.read)), Text(texts.number(f.reported)),
            Text(texts.number(f.dispositions["matched"])),
            Text(texts.number(f.dispositions["duplicate"])),
            Text(texts.number(f.attention), "red" if f.attention else ""),
        )
    return table


def file_note_lines(files: Sequence[FileCount | FileRead], texts: Texts) -> list[Text]:
    """How each file was read (header row, encoding) and its rows that are not records, one
    line per file."""
    lines = []
    for f in files:
        label = f.label if isinstance(f, FileRead) else f.file
        notes = _file_notes(f.header_row, f.encoding, f.notes, texts)
        if notes:
            lines.append(Text(f"  {label}: {notes}", NOTE_STYLE))
    return lines


def skipped_lines(skipped: Sequence[Skipped], texts: Texts) -> list[Text]:
    """What was not read, one line each; those a person should look at in red."""
    lines = [Text(texts.t("title.skipped"), HEADER_STYLE)] if skipped else []
    for s in skipped:
        line = texts.t("not_read.line", path=s.path, reason=texts.reason(s.reason))
        lines.append(Text("  " + line, "red" if s.attention else NOTE_STYLE))
    return lines


def summary_panel(view: ValidateView, texts: Texts) -> Panel:
    t = texts.t
    head = Text(t("summary.records", total=view.summary["total"],
                  attention=view.summary["attention"]), HEADER_STYLE)
    counts = Text(" · ".join(
        f"{i18n.disposition(d, texts.lang)} {texts.number(view.summary[d.value])}"
        for d in Disposition))
    lines = [head, counts]
    not_read = sum(1 for s in view.skipped if s.attention)
    if not_read:
        lines.append(Text(t("summary.not_read", count=not_read), "red"))
    return Panel(Group(*lines), title=t("title.validate", date=vn_date(view.as_of)),
                 title_align="left", expand=False)


def validate_parts(view: ValidateView, texts: Texts, width: int = 120) -> list[RenderableType]:
    """Everything `baocao validate` prints as tables, in order: the records file by file,
    the count per file, what was not read, the summary."""
    parts: list[RenderableType] = []
    by_file: dict[str, list[RecordRow]] = {}
    for row in view.records:
        by_file.setdefault(row.file, []).append(row)
    for file, rows in by_file.items():
        if len(rows) > LARGE:
            parts += [*record_lines(file, rows, texts, width), Text("")]
        else:
            parts += [records_table(file, rows, texts, width), Text("")]
    if not view.records:
        parts.append(Text(texts.t("empty.records"), NOTE_STYLE))
    if view.files:
        parts.append(files_table(view, texts))
        parts += file_note_lines(view.files, texts)
    parts += skipped_lines(view.skipped, texts)
    parts.append(summary_panel(view, texts))
    return parts


# ---------------------------------------------------------------------------------------
# workbooks: the records, and the registers written back

_DATE_KEYS = frozenset({"submitted_on", "sent_on", "received", "due"})
ADDED = ("result", "matched_to", "reasons", "fixes")


def records_sheets(view: ValidateView, rows: Sequence[RecordRow], texts: Texts) -> list[Any]:
    """The records (one row each), then the count per file and what was not read."""
    from cli.render.xlsx import SheetSpec

    flat = [record_cells(r, texts) for r in rows]
    columns = list(dict.fromkeys(k for r in flat for k in r)) or list(RECORD_COLUMNS)
    dates = frozenset(i for i, c in enumerate(columns) if c in _DATE_KEYS)
    t = texts.t
    sheets = [SheetSpec(t("records.sheet"), [i18n.column(c, texts.lang) for c in columns],
                        ([r.get(c) for c in columns] for r in flat), dates)]
    sheets.append(SheetSpec(
        t("col.file"),
        [t("col.file"), t("col.read"), t("col.reported"),
         *(i18n.disposition(d, texts.lang) for d in Disposition), t("col.attention"),
         t("col.notes")],
        [[f.file, f.read, f.reported, *(f.dispositions[d.value] for d in Disposition),
          f.attention, _file_notes(f.header_row, f.encoding, f.notes, texts)]
         for f in view.files],
    ))
    if view.skipped:
        sheets.append(SheetSpec(
            t("title.skipped"), [t("col.file"), t("col.notes"), t("col.attention")],
            [[s.path, texts.reason(s.reason), words("attention", s.attention, texts)]
             for s in view.skipped],
        ))
    return sheets


def annotated_files(
    view: ValidateView, grids: Sequence[Any], texts: Texts, others: Sequence[Any] = ()
) -> list[Any]:
    """Each file read, as ``Annotated`` for the workbook writer: a table file row for row
    (``grids``, from ``engine.read_grid``), a YAML or JSON file as a table of its records;
    then the workbooks' sheets that held no records (``others``), as they were."""
    from cli.render.xlsx import Annotated

    by_file: dict[str, list[RecordRow]] = {}
    for row in view.records:
        by_file.setdefault(row.file, []).append(row)
    added_header = [i18n.column(c, texts.lang) for c in ADDED]
    out = []
    for f, grid in zip(view.files, grids, strict=True):
        mine = by_file.get(f.file, [])
        added = {}
        for r in mine:
            cells = record_cells(r, texts)
            added[r.line] = ([cells[c] for c in ADDED], r.attention)
        if grid is not None:
            out.append(Annotated(
                grid.title, grid.header_row, grid.rows, added_header, added,
                tuple((m.min_row, m.min_col, m.max_row, m.max_col) for m in grid.merges),
            ))
            continue
        keys = list(dict.fromkeys(k for r in mine for k in r.raw))
        rows: list[tuple[int, Sequence[Any]]] = [(1, [i18n.column("line", texts.lang), *keys])]
        table_added = {}
        for n, r in enumerate(mine, start=2):
            rows.append((n, [r.line, *(r.raw.get(k, "") for k in keys)]))
            table_added[n] = added[r.line]
        title = "stdin" if f.path == "-" else f.path.replace("\\", "/").rsplit("/", 1)[-1]
        out.append(Annotated(title, 1, rows, added_header, table_added))
    out += [Annotated(g.title, 0, g.rows, (), {},
                      tuple((m.min_row, m.min_col, m.max_row, m.max_col) for m in g.merges))
            for g in others]
    return out
