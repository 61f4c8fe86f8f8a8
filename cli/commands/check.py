"""`baocao check` and `baocao overdue`: verdicts, and what is overdue worst first."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

import engine
from cli.commands.common import (
    EXIT_NONCOMPLIANT,
    EXIT_OK,
    batch_progress,
    check_exit_code,
    evaluation_progress,
    note_skipped,
    run,
    say,
    working,
    writing,
)
from cli.i18n import DEFAULT_LANG, Lang
from cli.i18n import text as _t
from cli.options import (
    AllOption,
    AsOfOption,
    CsvDialect,
    CsvDialectOption,
    DbOption,
    DirectiveOption,
    FormatOption,
    IdsOption,
    LangOption,
    LimitOption,
    OfficeOption,
    OutputFormat,
    PeriodOption,
    RecipientOption,
    RequestsOption,
    RulesOption,
    SinceOption,
    SubmissionsOption,
    UnitOption,
    VerdictOption,
)

EveryOverdueOption = Annotated[bool, typer.Option(
    "--all", help="Every unit, one line per overdue report with the unit on each line (for "
    "grep and files).")]

CHECK_EPILOG = (
    "Examples:\n\n"
    "baocao check --as-of 2023-03-01 -s examples/submissions\n\n"
    "baocao check --directive 103/CT-BTTTT --period 2022 --lang en\n\n"
    "baocao check -s examples/submissions --as-of 2023-03-01 --verdict late --all\n\n"
    "baocao check --as-of 1/3/2023 -s received.csv --format csv > verdicts.csv\n\n"
    "baocao check --db so-den.db --as-of 2023-03-01"
)
OVERDUE_EPILOG = (
    "Examples:\n\n"
    "baocao overdue --as-of 2023-03-01 -s examples/submissions\n\n"
    "baocao overdue --unit 'UBND huyện Tân Châu' --format json"
)


JSON_FORMATS = frozenset({OutputFormat.JSON, OutputFormat.JSONL})


def check_lines(ev: engine.Evaluation, book: engine.RuleBook, lang: Lang,
                rows: engine.Listing | None = None) -> Iterator[tuple[str, Any]]:
    """jsonl: every instance ``rows`` lists, every submission, then one summary line with the
    rest of the JSON object (``as_of``, the counts, ad hoc duties never requested, the
    selection and the rates)."""
    parts = dict(engine.check_parts(ev, book, lang.value, rows or engine.Listing()))
    for row in parts["instances"]:
        yield "instance", row
    for sub in parts["submissions"]:
        yield "submission", sub
    summary = parts["summary"]
    yield "summary", {"as_of": parts["as_of"], "instances": summary.instances,
                      "submissions": summary.submissions, "reports": summary.reports,
                      "awaiting_request": parts["awaiting_request"],
                      "selection": parts["selection"], "rates": parts["rates"]}


def load_inputs(
    rules: Path | None,
    submissions: Sequence[Path] | None,
    lang: Lang,
    db: Sequence[str] | None = None,
    requests: Sequence[Path] | None = None,
    recipient: str | None = None,
) -> tuple[engine.RuleBook, engine.Batch, tuple[engine.Request, ...]]:
    """The rule book, the reports received (files and registers) and the ad hoc requests.

    A national register is read for minutes: on a terminal, the spinner while the rules load,
    then a bar while the records are read and built."""
    with working(lang), engine.stage("rules"):
        book = engine.load_rulebook(rules)
    with batch_progress(lang) as tick:
        batch = engine.load_batch(list(submissions or ()), book, tick, db=db,
                                  recipient=recipient)
    return book, batch, tuple(engine.load_requests(list(requests or ()), book))


def evaluate(
    rules: Path | None,
    submissions: Sequence[Path] | None,
    as_of: date | None,
    filters: engine.Filters,
    lang: Lang,
    requests: Sequence[Path] | None = None,
    db: Sequence[str] | None = None,
    recipient: str | None = None,
) -> tuple[engine.RuleBook, engine.Evaluation]:
    book, batch, asked = load_inputs(rules, submissions, lang, db, requests, recipient)
    with evaluation_progress(lang, len(batch.submissions)) as tick:  # the records judged
        evaluation = engine.check(book, batch.submissions, as_of or engine.today_vn(), filters,
                                  asked, tick)
    note_skipped(batch.skipped, lang)
    if as_of is None:
        _hint_as_of([s.submitted_on for s in batch.submissions if s.submitted_on],
                    evaluation.as_of, lang)
    return book, evaluation


# Records older than this, judged to today, make every later period "overdue": say why.
_STALE_DAYS = 120


def _hint_as_of(received: Sequence[date], today: date, lang: Lang) -> None:
    """A register of an earlier year judged without --as-of: a note on stderr naming it."""
    dates = [d for d in received if d <= today]
    if not dates or (today - max(dates)).days <= _STALE_DAYS:
        return
    latest = max(dates)
    suggest = date(latest.year + (latest.month == 12), latest.month % 12 + 1, 1)
    say(_t("hint.as_of", lang, latest=f"{latest:%d/%m/%Y}", today=f"{today:%d/%m/%Y}",
           suggest=suggest.isoformat()))


def check_command(
    rules: RulesOption = None,
    submissions: SubmissionsOption = None,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    directive: DirectiveOption = None,
    unit: UnitOption = None,
    period: PeriodOption = None,
    requests: RequestsOption = None,
    verdict: VerdictOption = None,
    every_row: AllOption = False,
    output: FormatOption = OutputFormat.TABLE,
    lang: LangOption = DEFAULT_LANG,
    csv_dialect: CsvDialectOption = CsvDialect.EXCEL,
    db: DbOption = None,
    recipient: RecipientOption = None,
    office: OfficeOption = None,
    limit: LimitOption = None,
    ids: IdsOption = False,
) -> None:
    """Who has reported, who is late and who has not reported at all.

    First the figures per directive and per unit (expected, received, on time, late,
    overdue, pending, rates); then the problems: overdue reports, then late ones, worst
    first, each with its clause; then the records received that cannot be counted. With
    --all, every expected report and every record; with --verdict, the reports with those
    verdicts. Due dates marked *1, *2 are assumed (the text states none; the footnote names
    the policy). Exits 1 when anything is late, overdue or cannot be counted.
    """

    def work() -> int:
        from cli.commands import outputs
        from cli.render.texts import Texts

        filters = engine.Filters(directive=directive, unit=unit, period=period, since=since,
                                 office=office)
        book, ev = evaluate(rules, submissions, as_of, filters, lang, requests, db, recipient)
        texts = Texts(lang, book)
        rows = outputs.listing(output.value, every_row=every_row, limit=limit,
                               verdicts=[v.value for v in verdict or ()])
        if output is OutputFormat.JSON:
            view: Any = engine.check_parts(ev, book, lang.value, rows)
        elif output is OutputFormat.JSONL:
            view = check_lines(ev, book, lang, rows)
        elif output is OutputFormat.CSV:
            view = engine.check_rows(ev, book, lang.value, rows)
        else:  # the table: a screenful, its rows built when read unless --all lists them all
            view = engine.check_view(ev, book, lang.value, rows, held=every_row)
        with engine.stage("output"), writing(lang):
            outputs.emit(outputs.Job("check", output.value, texts, view, every_row=every_row,
                                     ids=ids, delimiter=csv_dialect.delimiter))
        return check_exit_code(ev)

    run(work, lang, json_errors=output in JSON_FORMATS)


def overdue_command(
    rules: RulesOption = None,
    submissions: SubmissionsOption = None,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    directive: DirectiveOption = None,
    unit: UnitOption = None,
    period: PeriodOption = None,
    requests: RequestsOption = None,
    output: FormatOption = OutputFormat.TABLE,
    lang: LangOption = DEFAULT_LANG,
    csv_dialect: CsvDialectOption = CsvDialect.EXCEL,
    db: DbOption = None,
    recipient: RecipientOption = None,
    office: OfficeOption = None,
    every_row: EveryOverdueOption = False,
    limit: LimitOption = None,
    ids: IdsOption = False,
) -> None:
    """What is overdue, grouped by unit, worst first.

    Overdue means the due date has passed and nothing was received by --as-of. Units are
    ordered by their longest delay, then by how many reports they owe; each names what it is
    missing (the first 10 units, or --limit N; --all: one line per report). Exits 1 when
    anything is overdue.
    """

    def work() -> int:
        from cli.commands import outputs
        from cli.render.texts import Texts

        filters = engine.Filters(directive=directive, unit=unit, period=period, since=since,
                                 office=office)
        book, ev = evaluate(rules, submissions, as_of, filters, lang, requests, db, recipient)
        rows = outputs.listing(output.value, every_row=every_row, limit=limit)
        view = engine.overdue_view(ev, book, lang.value, rows)
        outputs.emit(outputs.Job("overdue", output.value, Texts(lang, book), view,
                                 every_row=every_row, ids=ids,
                                 delimiter=csv_dialect.delimiter))
        return EXIT_NONCOMPLIANT if view.units else EXIT_OK

    run(work, lang, json_errors=output in JSON_FORMATS)
