"""`baocao brief`: the inspector's brief for a steering-committee meeting."""

from __future__ import annotations

from datetime import timedelta

import engine
from cli.commands.check import evaluate
from cli.commands.common import EXIT_OK, run, write, write_file
from cli.i18n import DEFAULT_LANG
from cli.i18n import text as _t
from cli.options import (
    AsOfOption,
    BriefFormat,
    BriefFormatOption,
    DirectiveOption,
    LangOption,
    NextMeetingOption,
    OutputFileOption,
    PeriodOption,
    RequestsOption,
    RulesOption,
    SinceOption,
    SubmissionsOption,
    UnitOption,
)
from cli.render import json as json_out
from cli.render.texts import Texts

BRIEF_EPILOG = (
    "Examples:\n\n"
    "baocao brief --as-of 2023-03-01 -s examples/submissions --next-meeting 2023-03-20 "
    "-o brief.html\n\n"
    "baocao brief --as-of 2023-03-01 -s examples/submissions --format xlsx -o brief.xlsx\n\n"
    "baocao brief --as-of 2023-03-01 --directive 06-KH/BCĐ --format md --lang en"
)
DEFAULT_DAYS_TO_MEETING = 30


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
) -> None:
    """The brief an inspector takes to the steering committee (HTML, Markdown or XLSX).

    Headline figures; rates per directive and per unit with a bar chart; overdue reports,
    worst first; late ones; what falls due before the next meeting; records that cannot be
    counted; assumed deadlines flagged with their policy; each row citing its clause.
    Vietnamese by default, --lang en in English. Exit 0 (a brief is a document, not a
    verdict: `baocao check` gives the exit code).
    """

    def work() -> int:
        day = as_of or engine.today_vn()
        meeting = next_meeting or day + timedelta(days=DEFAULT_DAYS_TO_MEETING)
        if meeting < day:
            raise engine.BaocaoError([engine.problem(
                "option.next-meeting",
                f"--next-meeting {meeting:%d/%m/%Y} is before --as-of {day:%d/%m/%Y}",
                file="--next-meeting", meeting=meeting.isoformat(), as_of=day.isoformat())])
        if output is BriefFormat.XLSX and out_file is None:
            raise engine.BaocaoError([engine.problem(
                "option.output", _t("error.xlsx_needs_output", "en"), file="--output")])
        filters = engine.Filters(directive=directive, unit=unit, period=period, since=since,
                                 until=meeting)
        book, ev = evaluate(rules, submissions, day, filters, lang, requests)
        view = engine.brief_view(ev, book, meeting, lang.value)
        texts = Texts(lang, book)
        if output is BriefFormat.XLSX:
            from cli.render.xlsx import brief_xlsx

            assert out_file is not None
            write_file(out_file, brief_xlsx(view, texts), lang)
            return EXIT_OK
        if output is BriefFormat.HTML:
            from cli.render.html import brief_html

            text = brief_html(view, texts)
        elif output is BriefFormat.MD:
            from cli.render.markdown import brief_markdown

            text = brief_markdown(view, texts)
        else:
            text = json_out.dumps(view, texts) + "\n"
        if out_file is None:
            write(text)
        else:
            write_file(out_file, text.encode("utf-8"), lang)
        return EXIT_OK

    run(work, lang, json_errors=output is BriefFormat.JSON)
