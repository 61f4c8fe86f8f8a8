"""`baocao ingest` and `baocao register list|show|export`: the register of reports received."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any

import typer

import engine
from cli.commands.common import EXIT_NONCOMPLIANT, EXIT_OK, batch_progress, run, show
from cli.commands.validate import _output_target, _said, _text_stream
from cli.i18n import DEFAULT_LANG, Lang
from cli.options import (
    BatchFormat,
    BatchSubmissionsOption,
    CsvDialect,
    CsvDialectOption,
    LangOption,
    OutputFileOption,
    PathsArgument,
    RecipientOption,
    RegisterDbOption,
    RulesOption,
)
from engine import BaocaoError, Problem

if TYPE_CHECKING:
    from cli.render.texts import Texts

_SURROGATE = re.compile(r"[\ud800-\udfff]")
INGEST_EPILOG = (
    "Examples:\n\n"
    "baocao ingest so-den-2022.xlsx --db so-den.db\n\n"
    "baocao ingest inbox/ --db so-den.db --format json\n\n"
    "baocao ingest so-den-2022.xlsx --db so-den.db --recipient 'Sở TT&TT Thái Nguyên'\n\n"
    "then: baocao check --db so-den.db --as-of 2023-03-01"
)
LIST_EPILOG = (
    "Examples:\n\n"
    "baocao register list --db so-den.db\n\n"
    "baocao register list --db so-den.db --ingests\n\n"
    "baocao register list --db so-den.db --conflicts --format json"
)
SHOW_EPILOG = "Example:\n\nbaocao register show btttt-09 --db so-den.db"
EXPORT_EPILOG = (
    "Examples:\n\n"
    "baocao register export --db so-den.db -o so-den.csv\n\n"
    "baocao register export --db so-den.db --format json -o so-den.json\n\n"
    "baocao register export --db so-den.db --format xlsx -o so-den.xlsx"
)
BACKUP_EPILOG = (
    "Examples:\n\n"
    "baocao register backup --db so-den.db so-den-2023-03-01.db\n\n"
    "baocao register backup --db so-den.db D:/sao-luu/so-den.db --force"
)
REPLACE_EPILOG = (
    "Examples:\n\n"
    "baocao register replace btttt-09 --db so-den.db --reason 'sửa tên Sở Tài chính'\n\n"
    "baocao register replace btttt-09 --db so-den.db --version 1"
)
WITHDRAW_EPILOG = (
    "Example:\n\n"
    "baocao register withdraw btttt-09 --db so-den.db --reason 'nhập trùng, văn bản đã thu hồi'"
)
HISTORY_EPILOG = (
    "Examples:\n\n"
    "baocao register history btttt-09 --db so-den.db\n\n"
    "baocao register history btttt-09 --db so-den.db --format json"
)
IdArgument = Annotated[str, typer.Argument(
    metavar="ID", help="The record's id (or file:line for a record without one).")]


class ViewFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


ViewFormatOption = Annotated[
    ViewFormat,
    typer.Option("--format", "-f", case_sensitive=False,
                 help="table for people; json (one object) for scripts."),
]


def ingest_command(
    db: RegisterDbOption,
    paths: PathsArgument = None,
    submissions: BatchSubmissionsOption = None,
    rules: RulesOption = None,
    output: ViewFormatOption = ViewFormat.TABLE,
    lang: LangOption = DEFAULT_LANG,
    recipient: RecipientOption = None,
) -> None:
    """Store a batch of reports received in the register (one SQLite file).

    Every record read is stored as it was written, with where it came from. The same record
    again adds nothing; a known id with other content is a conflict: reported, kept aside,
    never overwritten. Each batch is one transaction (a batch cut off half-way leaves the
    register as it was) and is recorded: when, which files, how many records read, added,
    unchanged, in conflict. Then 'baocao check --db' evaluates everything received so far.
    Exits 1 when there are conflicts, records that need a person, or files not read.
    """

    paths = [*(paths or ()), *(submissions or ())] or None  # -s FILE as check takes it

    def work() -> int:
        from cli.render import register as out
        from cli.render.json import jsonable
        from cli.render.texts import Texts

        if not paths:
            raise BaocaoError([Problem("FILE_OR_FOLDER", 0, 0, "usage",
                                       "give at least one FILE_OR_FOLDER to ingest",
                                       params={"variant": "paths-ingest"})])
        with batch_progress(lang) as tick:
            book = engine.load_rulebook(rules)
            report = engine.ingest(list(paths), book, db, tick, recipient)
        texts = Texts(lang, book)
        if output is ViewFormat.JSON:
            _json(jsonable(report, texts))
        else:
            show(out.ingest_parts(report, engine.register_shown(db), texts))
        attention = (report.conflicts or report.statuses["invalid"]
                     or report.statuses["unknown_unit"] or any(s.attention
                                                               for s in report.skipped))
        return EXIT_NONCOMPLIANT if attention else EXIT_OK

    run(work, lang, json_errors=output is ViewFormat.JSON)


def list_command(
    db: RegisterDbOption,
    ingests: Annotated[bool, typer.Option("--ingests", help="List the batches ingested "
                                          "instead of the records.")] = False,
    conflicts: Annotated[bool, typer.Option("--conflicts", help="List only the conflicting "
                                            "versions kept aside.")] = False,
    output: ViewFormatOption = ViewFormat.TABLE,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """List the register: its records in the order received (with the status found when
    each was read), or its batches (--ingests), or its conflicts (--conflicts)."""

    def work() -> int:
        from cli import render
        from cli.render import register as out
        from cli.render.json import jsonable
        from cli.render.table import LARGE

        texts = _texts(lang)
        if ingests:
            rows = engine.register_ingests(db)
            if output is ViewFormat.JSON:
                _json(jsonable(rows, texts))
            else:
                show(out.ingests_lines(rows, engine.register_shown(db), texts))
            return EXIT_OK
        # a province's register is a million entries: counted first, then listed one at a
        # time, all as of one moment
        with engine.register_snapshot(db) as register:
            entries = register.entries(conflicts_only=conflicts)
            if output is ViewFormat.JSON:
                out.write_json_list(sys.stdout, (out.entry_json(e, texts) for e in entries))
                return EXIT_OK
            total, records = register.counts(conflicts_only=conflicts)
            shown = engine.register_shown(db)
            if conflicts:
                title = texts.t("title.register_conflicts", db=shown, count=total)
            elif records < total:
                title = texts.t("title.register_versions", db=shown, count=records,
                                versions=total - records)
            else:
                title = texts.t("title.register", db=shown, count=records)
            if total > LARGE:
                show(out.entry_lines(entries, title, texts, render.stdout_console().width))
            else:
                show([out.entries_table(list(entries), title, texts,
                                        "empty.conflicts" if conflicts else "empty.register")])
        return EXIT_OK

    run(work, lang, json_errors=output is ViewFormat.JSON)


def show_command(
    ident: Annotated[str, typer.Argument(metavar="ID", help="The record's id (or file:line "
                                         "for a record without one).")],
    db: RegisterDbOption,
    output: ViewFormatOption = ViewFormat.TABLE,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Show one record of the register as it was written, where it came from, its status,
    and any conflicting versions kept aside."""

    def work() -> int:
        from cli.render import register as out

        texts = _texts(lang)
        entries = engine.register_entries(db, key=ident)
        if not entries:
            raise BaocaoError([Problem(engine.register_shown(db), 0, 0, "register.unknown-id",
                                       f"no record {ident!r} in the register; "
                                       "'baocao register list' lists them",
                                       params={"id": ident})])
        if output is ViewFormat.JSON:
            _json([out.entry_json(e, texts) for e in entries])
        else:
            show(out.show_parts(entries, texts))
        return EXIT_OK

    run(work, lang, json_errors=output is ViewFormat.JSON)


def export_command(
    db: RegisterDbOption,
    output: Annotated[BatchFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="csv (default), json or xlsx: a submissions file baocao reads back as the same "
        "records. csv puts an apostrophe before a cell a spreadsheet would run as a formula "
        "('=...); baocao reads it back without it, as Excel does.",
    )] = BatchFormat.CSV,
    output_file: OutputFileOption = None,
    csv_dialect: CsvDialectOption = CsvDialect.EXCEL,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Export the register's records (not the conflicts kept aside) as a submissions file,
    with the field names of the input format and the extra columns as written."""

    def work() -> int:
        from cli.files import db_files, refuse_clobber, write_atomic
        from cli.render import csv as csv_out
        from cli.render import register as out

        if output is BatchFormat.TABLE:
            raise BaocaoError([Problem("--format", 0, 0, "usage",
                                       "export writes a file: --format csv, json or xlsx",
                                       params={"variant": "export-format"})])
        target = _output_target(output, output_file)
        refuse_clobber([("-o", target)], [("--db", p) for p in db_files(db)])
        # two passes over one snapshot, a record at a time: the columns (every extra column
        # a record wrote), then the rows; a province's register is never held at once
        with engine.register_snapshot(db) as register:

            def rows() -> Iterator[dict[str, Any]]:
                return map(out.export_row, out.exported(register.entries()))

            columns = out.export_columns(out.exported(register.entries()))
            if output is BatchFormat.XLSX:
                from cli.render.xlsx import SheetSpec, write_workbook

                sheets = [SheetSpec("submissions", columns,
                                    ([r.get(c) for c in columns] for r in rows()))]
                if target is None:
                    write_workbook(sys.stdout.buffer, sheets)
                else:
                    write_atomic(target, lambda fh: write_workbook(fh, sheets))
            else:

                def write(stream: IO[str]) -> None:
                    if output is BatchFormat.JSON:
                        out.write_json_list(stream, rows())
                    else:
                        cells = ([csv_out.cell(r.get(c)) for c in columns]
                                 for r in map(out.csv_ready, rows()))
                        csv_out.write_csv(stream, columns, {}, cells, csv_dialect.delimiter)

                if target is None:
                    write(sys.stdout)
                else:
                    write_atomic(target, lambda fh: _text_stream(fh, write))
        if target is not None:
            _said("wrote", lang, path=target)
        return EXIT_OK

    run(work, lang, json_errors=output is BatchFormat.JSON)


def backup_command(
    db: RegisterDbOption,
    target: Annotated[Path, typer.Argument(
        metavar="FILE", help="The copy to write: a new file (an existing one only with "
        "--force). Example: so-den-2023-03-01.db")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Copy the register to FILE, consistently: everything received so far, what SQLite still
    holds in the register's -wal file included, even while an ingest is running.

    Copy a register this way, never its .db file alone: the .db without its -wal can miss
    the latest batches. The copy is one file, a register like the first (check --db, ingest
    --db work on it). FILE is never the register itself.
    """

    def work() -> int:
        records = engine.register_backup(db, target, force=force)
        _said("backup.written", lang, db=engine.register_shown(db), path=str(target),
              records=records)
        return EXIT_OK

    run(work, lang)


COPY_EPILOG = (
    "Examples:\n\n"
    "baocao register copy --from so-den.db --to postgresql://van-thu@may-chu/so_den\n\n"
    "baocao register copy --from postgresql://van-thu@may-chu/so_den --to so-den-2023.db"
)


def copy_command(
    source: Annotated[str, typer.Option(
        "--from", metavar="FILE|URL", help="The register to copy: a SQLite file or a "
        "PostgreSQL database (postgresql://user:password@host/dbname).",
        show_default=False)],
    target: Annotated[str, typer.Option(
        "--to", metavar="FILE|URL", help="The new register: a file that does not exist yet, "
        "or an empty PostgreSQL database (created with createdb).", show_default=False)],
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Move an office's register between a file and a server: every batch, record, version
    kept aside and decision, row for row, read from one snapshot and written in one
    transaction (a copy cut short leaves nothing behind). The source is never changed."""

    def work() -> int:
        records = engine.register_copy(source, target)
        _said("copy.written", lang, db=engine.register_shown(source),
              path=engine.register_shown(target), records=records)
        return EXIT_OK

    run(work, lang)


def replace_command(
    ident: IdArgument,
    db: RegisterDbOption,
    version: Annotated[int | None, typer.Option(
        "--version", min=1, help="The version to make the register's, by its number in "
        "'baocao register history' (1 is the first received). Default: the newest version "
        "waiting for a decision.")] = None,
    reason: Annotated[str, typer.Option(
        "--reason", help="Why, kept with the decision. Example: --reason 'sửa tên Sở Tài "
        "chính'")] = "",
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Make a corrected version of a record the register's: the newest version kept aside as
    a conflict (or the one named by --version) replaces the current one.

    Nothing is overwritten: the replaced version stays, and the decision is recorded with
    when and why ('baocao register history ID'). Then check --db and validate --db count the
    new version; a withdrawn record is counted again at the version chosen.
    """

    def work() -> int:
        from cli.render import register as out
        from cli.render.texts import Texts

        decision = engine.register_replace(db, ident, version, reason)
        show([out.decision_line(decision, Texts(lang))])
        return EXIT_OK

    run(work, lang)


def withdraw_command(
    ident: IdArgument,
    db: RegisterDbOption,
    reason: Annotated[str, typer.Option(
        "--reason", help="Why the record stops counting, kept with it. Example: --reason "
        "'nhập trùng'")],
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Make a record stop counting: check --db, validate --db and register export leave it
    out. It stays in the register with its reason, and the decision is recorded
    ('baocao register history ID'); 'baocao register replace ID --version N' counts it again.
    """

    def work() -> int:
        from cli.render import register as out
        from cli.render.texts import Texts

        decision = engine.register_withdraw(db, ident, reason)
        show([out.decision_line(decision, Texts(lang))])
        return EXIT_OK

    run(work, lang)


def history_command(
    ident: IdArgument,
    db: RegisterDbOption,
    output: ViewFormatOption = ViewFormat.TABLE,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Every version of a record as received and every decision on it (replaced, withdrawn),
    in order, each with when (Vietnam time), where it came from, what changed and why."""

    def work() -> int:
        from cli.render import register as out
        from cli.render.json import jsonable

        found = engine.register_history(db, ident)
        texts = _texts(lang)
        if output is ViewFormat.JSON:
            _json(jsonable(found, texts))
        else:
            show(out.history_parts(found, texts))
        return EXIT_OK

    run(work, lang, json_errors=output is ViewFormat.JSON)


def _texts(lang: Lang) -> Texts:
    """Texts that name units as people do: the bundled rule book's registry (a register
    stores unit ids: the recipient given with --recipient, the units a name resolved to).
    Without it (a rule book that does not load), the ids."""
    from cli.render.texts import Texts

    try:
        return Texts(lang, engine.load_rulebook(None))
    except BaocaoError:
        return Texts(lang)


def _json(data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(_SURROGATE.sub("\ufffd", text) + "\n")  # a stored lone surrogate
