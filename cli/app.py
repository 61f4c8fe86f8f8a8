"""The `baocao` command line: parse options, call one engine function, render, exit.

Commands stay thin: the engine decides, ``cli.render`` draws, and this module only turns
library errors into exit codes (0 compliant, 1 non-compliance, 2 bad input or usage,
70 internal error).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from cli import render
from cli.i18n import DEFAULT_LANG, Lang
from cli.i18n import text as _t
from engine import (
    BaocaoError,
    DateParseError,
    Disposition,
    Evaluation,
    Filters,
    RuleBook,
    Verdict,
    check,
    evaluation_to_json,
    instance_rows,
    load_rulebook,
    load_submissions,
    obligations_to_json,
    overdue_by_unit,
    today_vn,
)
from engine import parse_date as engine_parse_date

EXIT_OK = 0
EXIT_NONCOMPLIANT = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE (sysexits.h): a bug in baocao, not in the user's data

NONCOMPLIANT_VERDICTS = frozenset({Verdict.LATE, Verdict.OVERDUE})
NONCOMPLIANT_DISPOSITIONS = frozenset(
    {Disposition.MISROUTED, Disposition.UNMATCHED, Disposition.UNKNOWN_UNIT, Disposition.INVALID}
)


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


# ---------------------------------------------------------------------------------------
# Dates typed on the command line: the engine's parser, so options and data agree


def parse_date(value: str) -> date:
    """ISO or the Vietnamese forms offices write (DOMAIN.md); day first, never month first."""
    try:
        return engine_parse_date(value)
    except DateParseError as err:
        raise typer.BadParameter(str(err)) from None


# ---------------------------------------------------------------------------------------
# Options shared by the commands (one definition, one help text)

RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        metavar="DIR",
        help="Folder of rule files (directives/, units.yaml, calendar/). "
        "Default: the rules bundled with baocao. Example: --rules ./my-rules",
        show_default=False,
    ),
]
SubmissionsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--submissions",
        "-s",
        metavar="PATH",
        help="Report metadata received: a .yaml/.yml/.json/.csv file or a folder of them. "
        "Repeat for several. Without it nothing counts as received, so every report past "
        "its due date is overdue. Example: -s examples/submissions",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    date | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        parser=parse_date,
        help="Judge as on this day. Accepts 2023-03-01, 1/3/2023 or 'ngày 1 tháng 3 năm 2023'. "
        "Default: today in Vietnam (Asia/Ho_Chi_Minh).",
        show_default=False,
    ),
]
SinceOption = Annotated[
    date | None,
    typer.Option(
        "--since",
        metavar="DATE",
        parser=parse_date,
        help="Only periods ending on or after this day. Same forms as --as-of. "
        "Default: 1 January of the year before --as-of.",
        show_default=False,
    ),
]
DirectiveOption = Annotated[
    str | None,
    typer.Option(
        "--directive",
        metavar="NUMBER",
        help="Only this directive: its number as written or its id. Example: "
        "--directive 103/CT-BTTTT",
        show_default=False,
    ),
]
UnitOption = Annotated[
    str | None,
    typer.Option(
        "--unit",
        metavar="UNIT",
        help="Only reports owed by this unit: its id or any registered name. Example: "
        "--unit 'Sở TT&TT Tây Ninh'",
        show_default=False,
    ),
]
PeriodOption = Annotated[
    str | None,
    typer.Option(
        "--period",
        metavar="PERIOD",
        help="Only periods inside this one: 2022, 2022-H1, 2022-Q3, 2022-05 or a Vietnamese "
        "phrase such as 'quý III/2022'.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="table for people; json (one object) or csv (one row per report) for scripts.",
    ),
]
LangOption = Annotated[
    Lang,
    typer.Option(
        "--lang",
        case_sensitive=False,
        help="Language of labels and headings: vi (Vietnamese) or en (English).",
    ),
]

app = typer.Typer(
    name="baocao",
    help="Check who has reported, who is late and who has not reported at all, under the "
    "reporting obligations of Vietnamese directives.\n\n"
    "Exit codes: 0 all compliant, 1 non-compliance found, 2 bad input or usage, "
    "70 internal error.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(
    help="For rule authors: inspect the obligations baocao knows.\n\n"
    "Example: baocao rules show --directive 103/CT-BTTTT",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(rules_app, name="rules")


# ---------------------------------------------------------------------------------------
# Plumbing shared by the commands


def _run(work: Callable[[], int], lang: Lang) -> None:
    """Turn the one error type into exit 2 and anything else into a short exit-70 note."""
    try:
        code = work()
    except BaocaoError as err:
        render.stderr_console().print(render.error_view(err, lang))
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except (typer.Exit, typer.Abort, BrokenPipeError):
        raise
    except Exception as exc:
        if os.environ.get("BAOCAO_DEBUG") == "1":
            raise
        render.stderr_console().print(render.internal_error_view(exc, lang))
        raise typer.Exit(EXIT_INTERNAL) from None
    if code != EXIT_OK:
        raise typer.Exit(code)


@contextlib.contextmanager
def _working(lang: Lang) -> Iterator[None]:
    """A spinner on stderr for people at a terminal; nothing in pipes, files or tests."""
    console = render.stderr_console()
    if not console.is_terminal:
        yield
        return
    with console.status(_t("working", lang)):
        yield


def _evaluate(
    rules: Path | None,
    submissions: Sequence[Path] | None,
    as_of: date | None,
    filters: Filters,
    lang: Lang,
) -> tuple[RuleBook, Evaluation]:
    with _working(lang):
        book = load_rulebook(rules)
        received = load_submissions(list(submissions or ()), book)
        evaluation = check(book, received, as_of or today_vn(), filters, lang.value)
    return book, evaluation


def _print(parts: Sequence[Any]) -> None:
    console = render.stdout_console()
    for part in parts:
        console.print(part)


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def check_exit_code(ev: Evaluation) -> int:
    """1 when anything needs an inspector's attention: a late or missing report, or a
    received one that cannot be counted (duplicates are harmless: the earliest counts)."""
    if any(r.verdict in NONCOMPLIANT_VERDICTS for r in ev.instances) or any(
        s.disposition in NONCOMPLIANT_DISPOSITIONS for s in ev.submissions
    ):
        return EXIT_NONCOMPLIANT
    return EXIT_OK


# ---------------------------------------------------------------------------------------
# Commands


@app.command(
    "check",
    epilog="Examples:\n\n"
    "baocao check --as-of 2023-03-01 -s examples/submissions\n\n"
    "baocao check --directive 103/CT-BTTTT --period 2022 --lang en\n\n"
    "baocao check --as-of 1/3/2023 -s received.csv --format csv > verdicts.csv",
)
def check_command(
    rules: RulesOption = None,
    submissions: SubmissionsOption = None,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    directive: DirectiveOption = None,
    unit: UnitOption = None,
    period: PeriodOption = None,
    output: FormatOption = OutputFormat.TABLE,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Verdict for every report owed: on time, late, overdue, pending or exempt.

    One row per expected report (obligation × reporting unit × period), with its due date
    (marked * when the directive states none and a documented policy is assumed), the date
    received and the days late or overdue; then what became of every submission received
    (matched, duplicate, misrouted, unmatched, unknown unit, invalid) and a summary.
    Exits 1 when anything is late, overdue or cannot be counted.
    """

    def work() -> int:
        filters = Filters(directive=directive, unit=unit, period=period, since=since)
        book, ev = _evaluate(rules, submissions, as_of, filters, lang)
        if output is OutputFormat.JSON:
            _write(render.to_json(evaluation_to_json(ev, book, lang.value)))
        elif output is OutputFormat.CSV:
            _write(render.to_csv(instance_rows(ev, book, lang.value)))
        else:
            _print(render.check_view(ev, render.Names.from_book(book, lang), lang))
        return check_exit_code(ev)

    _run(work, lang)


@app.command(
    "overdue",
    epilog="Examples:\n\n"
    "baocao overdue --as-of 2023-03-01 -s examples/submissions\n\n"
    "baocao overdue --unit 'UBND huyện Tân Châu' --format json",
)
def overdue_command(
    rules: RulesOption = None,
    submissions: SubmissionsOption = None,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    directive: DirectiveOption = None,
    unit: UnitOption = None,
    period: PeriodOption = None,
    output: FormatOption = OutputFormat.TABLE,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """What is overdue, grouped by unit, worst first.

    Overdue means the due date has passed and nothing was received by --as-of. Units are
    ordered by their longest delay, then by how many reports they owe. Exits 1 when anything
    is overdue.
    """

    def work() -> int:
        filters = Filters(directive=directive, unit=unit, period=period, since=since)
        book, ev = _evaluate(rules, submissions, as_of, filters, lang)
        groups = overdue_by_unit(ev)
        names = render.Names.from_book(book, lang)
        if output is OutputFormat.TABLE:
            _print(render.overdue_view(ev.as_of, groups, names, lang))
        elif output is OutputFormat.JSON:
            exported = evaluation_to_json(ev, book, lang.value)["instances"]
            _write(render.to_json(render.overdue_json(groups, exported, names)))
        else:
            rows = render.overdue_rows(groups, instance_rows(ev, book, lang.value))
            _write(render.to_csv([row for _, unit_rows in rows for row in unit_rows]))
        return EXIT_NONCOMPLIANT if groups else EXIT_OK

    _run(work, lang)


@rules_app.command(
    "show",
    epilog="Examples:\n\n"
    "baocao rules show\n\n"
    "baocao rules show --directive 103/CT-BTTTT --lang en\n\n"
    "baocao rules show --unit so-tttt-tay-ninh --format json",
)
def rules_show(
    rules: RulesOption = None,
    directive: DirectiveOption = None,
    unit: UnitOption = None,
    output: FormatOption = OutputFormat.TABLE,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Every obligation as baocao reads it: who reports to whom, how often, by when.

    Deadlines show the directive's own words and how they are read ("trước ngày 15" means
    the 14th is the last day), or, when the text states none, the assumed policy. Obligations
    of kinds this release does not evaluate yet are listed, dimmed.
    """

    def work() -> int:
        book = load_rulebook(rules)
        data = obligations_to_json(book, Filters(directive=directive, unit=unit), lang.value)
        if output is OutputFormat.JSON:
            _write(render.to_json(data))
        elif output is OutputFormat.CSV:
            _write(render.to_csv([render.flatten(ob) for ob in data]))
        else:
            _print([render.rules_table(data, render.Names.from_book(book, lang), lang)])
        return EXIT_OK

    _run(work, lang)


def main() -> None:
    """Console-script entry point (pyproject: baocao = "cli.app:main")."""
    app(prog_name="baocao")


if __name__ == "__main__":
    main()
