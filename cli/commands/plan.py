"""`baocao upcoming` and `baocao calendar`: what falls due, soon and over a year."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import engine
from cli.commands.check import evaluate, load_inputs
from cli.commands.common import (
    EXIT_OK,
    note_skipped,
    run,
    show,
    write,
    write_file,
)
from cli.i18n import DEFAULT_LANG, Lang
from cli.options import (
    AsOfOption,
    CalendarFormat,
    CalendarFormatOption,
    DaysOption,
    DbOption,
    DirectiveOption,
    FormatOption,
    LangOption,
    OfficeOption,
    OutputFileOption,
    OutputFormat,
    RequestsOption,
    RulesOption,
    SubmissionsOption,
    UnitOption,
    YearOption,
)

UPCOMING_EPILOG = (
    "Examples:\n\n"
    "baocao upcoming --days 30 --as-of 2022-12-01\n\n"
    "baocao upcoming --days 14 -s examples/submissions --unit 'Sở TT&TT Tây Ninh'\n\n"
    "baocao upcoming --days 60 --format json"
)
CALENDAR_EPILOG = (
    "Examples:\n\n"
    "baocao calendar --year 2023\n\n"
    "baocao calendar --year 2023 --unit 'Sở TT&TT Tây Ninh' --format ics -o han-bao-cao.ics\n\n"
    "baocao calendar --year 2023 --directive 103/CT-BTTTT --format json"
)


def upcoming_command(
    days: DaysOption = 30,
    rules: RulesOption = None,
    submissions: SubmissionsOption = None,
    as_of: AsOfOption = None,
    directive: DirectiveOption = None,
    unit: UnitOption = None,
    requests: RequestsOption = None,
    output: FormatOption = OutputFormat.TABLE,
    lang: LangOption = DEFAULT_LANG,
    db: DbOption = None,
    office: OfficeOption = None,
) -> None:
    """What falls due in the next N days: each report, who owes it, to whom, the due date
    and whether the date is stated in the text or assumed (naming the policy).

    With --submissions, a report already received says so. Exit 0 (it is a plan, not a
    verdict).
    """

    def work() -> int:
        from cli.commands import outputs
        from cli.render.texts import Texts

        day = as_of or engine.today_vn()
        filters = engine.Filters(directive=directive, unit=unit,
                                 until=day + timedelta(days=days), office=office)
        book, ev = evaluate(rules, submissions, day, filters, lang, requests, db)
        view = engine.upcoming_view(ev, book, days, lang.value)
        outputs.emit(outputs.Job("upcoming", output.value, Texts(lang, book), view))
        return EXIT_OK

    run(work, lang, json_errors=output is OutputFormat.JSON)


def calendar_command(
    year: YearOption = None,
    rules: RulesOption = None,
    directive: DirectiveOption = None,
    unit: UnitOption = None,
    output: CalendarFormatOption = CalendarFormat.TABLE,
    out_file: OutputFileOption = None,
    lang: LangOption = DEFAULT_LANG,
    office: OfficeOption = None,
    submissions: SubmissionsOption = None,
    db: DbOption = None,
    requests: RequestsOption = None,
) -> None:
    """Every due date of a year, with its data window (Nghị định 09/2019/NĐ-CP, Điều 12),
    who owes it and to whom; also as iCalendar (--format ics) to import into a calendar.

    One event per due date of an obligation and period (all the units that owe it listed),
    an alarm three working days before, the clause and whether the date is stated or
    assumed in the description, and stable UIDs: importing the file again updates the
    events rather than duplicating them. With -s or --db, each due date also says how
    many of the units owing it have reported.
    """

    def work() -> int:
        from cli.files import is_stdout, read_paths, refuse_clobber
        from cli.render import json as json_out
        from cli.render import table
        from cli.render.texts import Texts

        target = None if is_stdout(out_file) else out_file
        refuse_clobber([("-o", target)], read_paths(rules, submissions, db, requests))
        book, batch, asked = load_inputs(rules, submissions, lang, db, requests)
        note_skipped(batch.skipped, lang)
        filters = engine.Filters(directive=directive, unit=unit, office=office)
        view = engine.calendar_view(book, year or engine.today_vn().year, filters, lang.value,
                                    batch.submissions if submissions or db else None, asked)
        texts = Texts(lang, book)
        if output is CalendarFormat.ICS:
            from cli.render.ics import calendar_ics

            data = calendar_ics(view, texts)
            if target is None:
                write(data.decode("utf-8"))
            else:
                write_file(target, data, lang)
        elif output is CalendarFormat.JSON:
            _out(json_out.dumps(view, texts), target, lang)
        elif target is not None:
            _out(table.render_plain(table.calendar_table(view, texts)), target, lang)
        else:
            show(table.calendar_table(view, texts))
        return EXIT_OK

    run(work, lang, json_errors=output is CalendarFormat.JSON)


def _out(text: str, path: Path | None, lang: Lang) -> None:
    if path is None:
        write(text)
    else:
        write_file(path, (text if text.endswith("\n") else text + "\n").encode("utf-8"), lang)
