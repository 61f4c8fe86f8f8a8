"""`baocao brief`: the inspector's brief for a steering-committee meeting."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import IO, Annotated

import typer

import engine
from cli.commands.check import evaluate
from cli.commands.common import EXIT_OK, binary_stdout, run, write, write_file
from cli.i18n import DEFAULT_LANG
from cli.options import (
    AsOfOption,
    BriefFormat,
    BriefFormatOption,
    DbOption,
    DirectiveOption,
    LangOption,
    NextMeetingOption,
    OfficeOption,
    OutputFileOption,
    PeriodOption,
    RequestsOption,
    RulesOption,
    SinceOption,
    SubmissionsOption,
    UnitOption,
)

BRIEF_EPILOG = (
    "Examples:\n\n"
    "baocao brief --as-of 2023-03-01 -s examples/submissions --next-meeting 2023-03-20 "
    "-o brief.html\n\n"
    "baocao brief --as-of 2023-03-01 -s examples/submissions --full -o brief-full.html\n\n"
    "baocao brief --as-of 2023-03-01 -s examples/submissions --format xlsx -o brief.xlsx\n\n"
    "baocao brief --as-of 2023-03-01 --directive 06-KH/BCĐ --format md --lang en"
)
DEFAULT_DAYS_TO_MEETING = 30
FullOption = Annotated[
    bool,
    typer.Option("--full", help="Print the annex after the meeting page: every overdue and "
                 "late report, what falls due before the next meeting, the records that cannot "
                 "be counted, the rates of every unit, the clauses cited and the assumed "
                 "deadlines (HTML: from a new page; XLSX: a sheet each). JSON always holds "
                 "every row."),
]

# the brief's lists, one row per line in its JSON (check's JSON writes its rows the same way)
_ROW_LISTS = frozenset({"overdue", "late", "upcoming", "attention"})


def brief_command(
    as_of: AsOfOption = None,
    submissions: SubmissionsOption = None,
    rules: RulesOption = None,
    directive: DirectiveOption = None,
    unit: UnitOption = None,
    period: PeriodOption = None,
    since: SinceOption = None,
    requests: RequestsOption = None,
    next_meeting: NextMeetingOption = None,
    output: BriefFormatOption = BriefFormat.HTML,
    out_file: OutputFileOption = None,
    lang: LangOption = DEFAULT_LANG,
    db: DbOption = None,
    office: OfficeOption = None,
    full: FullOption = False,
) -> None:
    """The brief an inspector takes to the steering committee (HTML, Markdown or XLSX).

    Its first page is the meeting: headline figures, the ten units furthest behind with the
    reports each has not sent, one line per directive. --full adds the annex: every overdue
    and late report, what falls due before the next meeting, records that cannot be counted,
    rates per unit, the clauses cited and the assumed deadlines. Vietnamese by default,
    --lang en in English. Exit 0 (a brief is a document, not a verdict: `baocao check` gives
    the exit code).
    """

    def work() -> int:
        from cli.files import is_stdout, read_paths, refuse_clobber
        from cli.render import json as json_out
        from cli.render.texts import Texts

        day = as_of or engine.today_vn()
        meeting = next_meeting or day + timedelta(days=DEFAULT_DAYS_TO_MEETING)
        if meeting < day:
            raise engine.BaocaoError([engine.problem(
                "option.next-meeting",
                f"--next-meeting {meeting:%d/%m/%Y} is before --as-of {day:%d/%m/%Y}",
                file="--next-meeting", meeting=meeting.isoformat(), as_of=day.isoformat())])
        target = None if is_stdout(out_file) else out_file
        if target is None and (output is BriefFormat.XLSX or (
                output is BriefFormat.HTML and out_file is None and sys.stdout.isatty())):
            # a workbook is not text; a page of HTML is not for reading in a terminal
            fmt = output.value
            raise engine.BaocaoError([engine.problem(
                "option.output", f"--format {fmt} writes a document: give -o brief.{fmt}"
                + ("" if output is BriefFormat.XLSX else " (or -o - to print it here)"),
                file="--output", fmt=fmt)])
        refuse_clobber([("-o", target)], read_paths(rules, submissions, db, requests))
        filters = engine.Filters(directive=directive, unit=unit, period=period, since=since,
                                 until=meeting, office=office)
        book, ev = evaluate(rules, submissions, day, filters, lang, requests, db)
        view = engine.brief_view(ev, book, meeting, lang.value)
        texts = Texts(lang, book)
        if output is BriefFormat.XLSX:
            from cli.render.xlsx import brief_xlsx

            assert target is not None
            write_file(target, brief_xlsx(view, texts, full), lang)
            return EXIT_OK
        if output is BriefFormat.HTML:
            from cli.render.html import brief_html

            text = brief_html(view, texts, full)
        elif output is BriefFormat.MD:
            from cli.render.markdown import brief_markdown

            text = brief_markdown(view, texts, full)
        else:  # the lists streamed, a row per line: a national run's are 100,000s long
            def stream(out: IO[bytes]) -> None:
                json_out.stream_view(out, view, texts, _ROW_LISTS)

            if target is None:
                stream(binary_stdout())
            else:
                write_file(target, stream, lang)
            return EXIT_OK
        if target is None:
            write(text)
        else:
            write_file(target, text.encode("utf-8"), lang)
        return EXIT_OK

    run(work, lang, json_errors=output is BriefFormat.JSON)
