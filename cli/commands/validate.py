"""`baocao validate`: the secretariat's batch check, one row per record received."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import engine
from cli.commands.common import (
    EXIT_NONCOMPLIANT,
    EXIT_OK,
    batch_progress,
    run,
    show,
    working,
)
from cli.i18n import DEFAULT_LANG, Lang
from cli.options import (
    AnnotateOption,
    AsOfOption,
    BatchFormat,
    BatchFormatOption,
    BatchSubmissionsOption,
    CsvDialect,
    CsvDialectOption,
    DbOption,
    ErrorsOutOption,
    LangOption,
    OutputFileOption,
    PathsArgument,
    RecipientOption,
    RulesOption,
)
from engine import BaocaoError, Problem

if TYPE_CHECKING:
    from cli.render.texts import Texts

VALIDATE_EPILOG = (
    "Examples:\n\n"
    "baocao validate so-den-2022.xlsx --as-of 2023-03-01\n\n"
    "baocao validate inbox/ --errors-out can-xu-ly.xlsx --annotate so-den-kiem-tra.xlsx\n\n"
    "baocao validate received.csv --format csv --csv-dialect excel-vn -o ket-qua.csv\n\n"
    "cat received.csv | baocao validate - --format json\n\n"
    "baocao validate so-den-2022.xlsx --recipient 'Sở TT&TT Thái Nguyên'\n\n"
    "baocao validate --db so-den.db --errors-out can-xu-ly.xlsx"
)


def validate_command(
    paths: PathsArgument = None,
    submissions: BatchSubmissionsOption = None,
    rules: RulesOption = None,
    as_of: AsOfOption = None,
    output: BatchFormatOption = BatchFormat.TABLE,
    output_file: OutputFileOption = None,
    errors_out: ErrorsOutOption = None,
    annotate: AnnotateOption = None,
    csv_dialect: CsvDialectOption = CsvDialect.EXCEL,
    lang: LangOption = DEFAULT_LANG,
    db: DbOption = None,
    recipient: RecipientOption = None,
) -> None:
    """Check a batch of reports received: one row per record, none dropped.

    For every record: its row in its file, what it was matched to (directive, obligation,
    period) and whether it came on time or late; or its disposition (duplicate, misrouted,
    unmatched, unknown unit, invalid) with the reason and what to fix — the right recipient,
    the candidates of an ambiguous name, "did you mean". Then, per file, records read =
    records reported, and every file or sheet that was not read, with the reason.
    Exits 0 when every record matched, 1 when some need a person, 2 when the batch could
    not be read.
    """

    paths = [*(paths or ()), *(submissions or ())] or None  # -s FILE as check takes it

    def work() -> int:
        from cli.files import db_files, refuse_clobber, write_atomic
        from cli.render.texts import Texts

        if not paths and not db:
            raise BaocaoError([Problem("FILE_OR_FOLDER", 0, 0, "usage",
                                       "give at least one FILE_OR_FOLDER to check ('-' reads "
                                       "standard input), or --db REGISTER",
                                       params={"variant": "paths-check"})])
        stdout = _output_target(output, output_file)
        refuse_clobber([("-o", output_file), ("--errors-out", errors_out),
                        ("--annotate", annotate)],
                       [*(("FILE", p) for p in paths or ()), *(("--db", p) for p in db_files(db)),
                        ("--rules", rules)])
        with batch_progress(lang) as tick:
            book = engine.load_rulebook(rules)
            batch = engine.load_batch(list(paths or ()), book, tick, db=db,
                                      recipient=recipient)
        with working(lang):
            ev = engine.validate(book, batch.submissions, as_of or engine.today_vn())
        view = engine.validate_view(ev, batch, book, lang.value)
        texts = Texts(lang, book)
        _write_view(view, texts, output, stdout, csv_dialect)
        if errors_out is not None:
            attention = [r for r in view.records if r.attention]
            _write_records(errors_out, view, attention, texts, csv_dialect)
            _said("wrote", lang, path=errors_out)
        if annotate is not None:
            grids = [engine.read_grid(f) for f in batch.files]
            others = engine.other_sheets(batch.files)
            write_atomic(annotate, lambda fh: _annotated(fh, view, grids, others, texts))
            _said("wrote", lang, path=annotate)
        return EXIT_NONCOMPLIANT if view.needs_attention else EXIT_OK

    run(work, lang, json_errors=output is BatchFormat.JSON)


def _output_target(fmt: BatchFormat, path: Path | None) -> Path | None:
    """Where the main output goes: a file, or standard output (None; ``-o -`` says so)."""
    from cli.files import is_stdout

    if is_stdout(path):
        path = None
    if fmt is BatchFormat.XLSX and path is None and sys.stdout.isatty():
        raise BaocaoError([Problem("--format", 0, 0, "usage",
                                   "xlsx is a binary file: give --output FILE.xlsx, or redirect "
                                   "standard output to a file",
                                   params={"variant": "xlsx-stdout"})])
    return path


def _write_view(view: engine.ValidateView, texts: Texts, fmt: BatchFormat, path: Path | None,
                dialect: CsvDialect) -> None:
    from cli import render
    from cli.files import write_atomic
    from cli.render import validate as out

    if fmt is BatchFormat.XLSX:
        from cli.render.xlsx import write_workbook

        sheets = out.records_sheets(view, view.records, texts)
        if path is None:
            write_workbook(sys.stdout.buffer, sheets)
        else:
            write_atomic(path, lambda fh: write_workbook(fh, sheets))
        return
    if fmt is BatchFormat.JSON:
        if path is None:
            out.write_validate_json(view, texts, sys.stdout)
        else:
            write_atomic(path, lambda fh: _text_stream(fh, lambda t: out.write_validate_json(
                view, texts, t)))
        return
    if fmt is BatchFormat.CSV:
        if path is None:
            out.write_records_csv(sys.stdout, view.records, texts, dialect.delimiter,
                                  view.extra)
        else:
            write_atomic(path, lambda fh: _text_stream(fh, lambda t: out.write_records_csv(
                t, view.records, texts, dialect.delimiter, view.extra)))
        return
    if path is None:
        show(out.validate_parts(view, texts, render.stdout_console().width))
        return
    text = render.plain_text(out.validate_parts(view, texts))
    write_atomic(path, lambda fh: fh.write(text.encode("utf-8")))


def _text_stream(fh: IO[bytes], write: Callable[[IO[str]], None]) -> None:
    """``write``'s text into the binary file ``fh`` as UTF-8, line ends as written; the file
    stays the atomic writer's to close, even when ``write`` fails."""
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
    try:
        write(text)
        text.flush()
    finally:
        text.detach()


def _write_records(path: Path, view: engine.ValidateView, rows: list[engine.RecordRow],
                   texts: Texts, dialect: CsvDialect) -> None:
    """The records that need a person, in the format the file name says."""
    from cli.files import write_atomic
    from cli.render import validate as out

    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from cli.render.xlsx import write_workbook

        sheets = out.records_sheets(view, rows, texts)[:1]
        write_atomic(path, lambda fh: write_workbook(fh, sheets))
    elif suffix == ".json":
        from cli.render.json import jsonable

        text = json.dumps(jsonable(rows, texts), ensure_ascii=False, indent=2) + "\n"
        write_atomic(path, lambda fh: fh.write(text.encode("utf-8")))
    else:
        write_atomic(path, lambda fh: _text_stream(fh, lambda t: out.write_records_csv(
            t, rows, texts, dialect.delimiter)))


def _annotated(fh: IO[bytes], view: engine.ValidateView, grids: list[Any], others: list[Any],
               texts: Texts) -> None:
    from cli.render import validate as out
    from cli.render.xlsx import annotated_workbook

    annotated_workbook(fh, out.annotated_files(view, grids, texts, others))


def _said(key: str, lang: Lang, **values: object) -> None:
    from cli import i18n, render

    render.stderr_console().print(i18n.text(key, lang, **values), style="dim", markup=False)
