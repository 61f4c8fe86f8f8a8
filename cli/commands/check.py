"""`baocao check` and `baocao overdue`: verdicts, and what is overdue worst first."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import engine
from cli.commands.common import (
    EXIT_NONCOMPLIANT,
    EXIT_OK,
    binary_stdout,
    check_exit_code,
    note_skipped,
    run,
    say,
    show,
    working,
    write,
)
from cli.i18n import DEFAULT_LANG, Lang
from cli.i18n import text as _t
from cli.options import (
    AllOption,
    AsOfOption,
    CsvDialectOption,
    DbOption,
    DirectiveOption,
    FormatOption,
    LangOption,
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
from cli.render import json as json_out
from cli.render import table
from cli.render.csv import CsvDialect, document, rows_csv
from cli.render.texts import Texts

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
ROW_LISTS = frozenset({"instances", "submissions"})


def check_lines(ev: engine.Evaluation, book: engine.RuleBook, lang: Lang,
                verdicts: Collection[engine.Verdict] = ()) -> Iterator[tuple[str, Any]]:
    """jsonl: every instance (those with ``verdicts`` when given), every submission, then one
    summary line with the rest of the JSON object (``as_of``, the counts, ad hoc duties never
    requested, the selection and the rates)."""
    parts = dict(engine.check_parts(ev, book, lang.value, verdicts))
    for row in parts["instances"]:
        yield "instance", row
    for sub in parts["submissions"]:
        yield "submission", sub
    summary = parts["summary"]
    yield "summary", {"as_of": parts["as_of"], "instances": summary.instances,
                      "submissions": summary.submissions, "reports": summary.reports,
                      "awaiting_request": parts["awaiting_request"],
                      "selection": parts["selection"], "rates": parts["rates"]}


def evaluate(
    rules: Path | None,
    submissions: Sequence[Path] | None,
    as_of: date | None,
    filters: engine.Filters,
    lang: Lang,
    requests: Sequence[Path] | None = None,
    db: Sequence[Path] | None = None,
    recipient: str | None = None,
) -> tuple[engine.RuleBook, engine.Evaluation]:
    with working(lang):
        book = engine.load_rulebook(rules)
        batch = engine.load_batch(list(submissions or ()), book, db=db, recipient=recipient)
        asked = engine.load_requests(list(requests or ()), book)
        evaluation = engine.check(book, batch.submissions, as_of or engine.today_vn(), filters,
                                  asked)
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
        filters = engine.Filters(directive=directive, unit=unit, period=period, since=since,
                                 office=office)
        book, ev = evaluate(rules, submissions, as_of, filters, lang, requests, db, recipient)
        texts = Texts(lang, book)
        chosen = [engine.Verdict(v.value) for v in verdict or ()]
        if output is OutputFormat.JSON:
            parts = engine.check_parts(ev, book, lang.value, chosen)
            json_out.stream_object(binary_stdout(), parts, texts, ROW_LISTS.__contains__)
            return check_exit_code(ev)
        if output is OutputFormat.JSONL:
            json_out.stream_lines(binary_stdout(), check_lines(ev, book, lang, chosen), texts)
            return check_exit_code(ev)
        view = engine.check_view(ev, book, lang.value)
        if output is OutputFormat.CSV:
            rows = [r for r in view.instances if not chosen or r.verdict in chosen]
            write(document(rows_csv(rows, texts, delimiter=csv_dialect.delimiter)))
        else:
            show(table.check_view(view, texts, every_row=every_row, verdicts=chosen))
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
) -> None:
    """What is overdue, grouped by unit, worst first.

    Overdue means the due date has passed and nothing was received by --as-of. Units are
    ordered by their longest delay, then by how many reports they owe. Exits 1 when anything
    is overdue.
    """

    def work() -> int:
        filters = engine.Filters(directive=directive, unit=unit, period=period, since=since,
                                 office=office)
        book, ev = evaluate(rules, submissions, as_of, filters, lang, requests, db, recipient)
        view = engine.overdue_view(ev, book, lang.value)
        texts = Texts(lang, book)
        if output is OutputFormat.TABLE:
            show(table.overdue_view(view, texts))
        elif output is OutputFormat.JSON:
            write(json_out.dumps(view.groups, texts))
        elif output is OutputFormat.JSONL:
            json_out.stream_lines(binary_stdout(), (("overdue", row) for g in view.groups
                                                    for row in g.items), texts)
        else:
            rows = [row for group in view.groups for row in group.items]
            write(document(rows_csv(rows, texts, delimiter=csv_dialect.delimiter)))
        return EXIT_NONCOMPLIANT if view.groups else EXIT_OK

    run(work, lang, json_errors=output in JSON_FORMATS)
