"""`baocao rules …`: what rule authors use to see the obligations baocao knows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

import engine
from cli.commands.common import EXIT_NONCOMPLIANT, EXIT_OK, run, show, write
from cli.i18n import DEFAULT_LANG
from cli.options import (
    CasesOption,
    CoverageOption,
    CsvDialect,
    CsvDialectOption,
    DirectiveOption,
    DraftFormat,
    DraftFormatOption,
    ExportFormat,
    ExportFormatOption,
    FormatOption,
    IdsOption,
    LangOption,
    LintFormat,
    LintFormatOption,
    OutputFormat,
    RulesArgument,
    RulesOption,
    UnitOption,
)

SHOW_EPILOG = (
    "Examples:\n\n"
    "baocao rules show\n\n"
    "baocao rules show --directive 103/CT-BTTTT --lang en\n\n"
    "baocao rules show --unit so-tttt-tay-ninh --format json\n\n"
    "baocao rules show --directive 103/CT-BTTTT --ids   (the ids explain and test cases use)"
)


def show_command(
    rules: RulesOption = None,
    directive: DirectiveOption = None,
    unit: UnitOption = None,
    output: FormatOption = OutputFormat.TABLE,
    lang: LangOption = DEFAULT_LANG,
    csv_dialect: CsvDialectOption = CsvDialect.EXCEL,
    ids: IdsOption = False,
) -> None:
    """Every obligation as baocao reads it: who reports to whom, how often, by when.

    Deadlines show the directive's own words and how they are read ("trước ngày 15" means
    the 14th is the last day), or, when the text states none, the assumed policy. Obligations
    of kinds this release does not evaluate yet are listed, dimmed.
    """

    def work() -> int:
        from cli.commands import outputs
        from cli.render.texts import Texts

        book = engine.load_rulebook(rules)
        filters = engine.Filters(directive=directive, unit=unit)
        rows = engine.rules_view(book, filters, lang.value)
        outputs.emit(outputs.Job("rules-show", output.value, Texts(lang, book), rows, ids=ids,
                                 delimiter=csv_dialect.delimiter))
        return EXIT_OK

    run(work, lang, json_errors=output in (OutputFormat.JSON, OutputFormat.JSONL))


# ---------------------------------------------------------------------------------------
# baocao rules lint

LINT_EPILOG = (
    "Examples:\n\n"
    "baocao rules lint\n\n"
    "baocao rules lint ./my-rules\n\n"
    "baocao rules lint ./my-rules --format json"
)


def lint_command(
    rules_dir: RulesArgument = None,
    output: LintFormatOption = LintFormat.TEXT,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Check a rules folder like a compiler: every problem at once, sorted by place.

    Beyond what loading refuses: files that are not read, reporters with no unit in force,
    deadlines before the data cut-off (NĐ 09/2019/NĐ-CP) or with no working day after it,
    frequencies the cited words do not name, citations not found in the source text,
    recipients the words do not name, and two obligations asking for the same report.
    Exit 1 when there are errors; warnings and notes alone exit 0.
    """

    def work() -> int:
        from cli.render import authoring
        from cli.render import json as json_out

        report = engine.lint_rules(rules_dir)
        if output is LintFormat.JSON:
            write(json_out.lint_json(report.problems))
        else:
            write(authoring.lint_text(report, lang))
        return EXIT_NONCOMPLIANT if report.errors else EXIT_OK

    run(work, lang, json_errors=output is LintFormat.JSON)



# ---------------------------------------------------------------------------------------
# baocao rules test

TEST_EPILOG = (
    "Examples:\n\n"
    "baocao rules test\n\n"
    "baocao rules test ./my-rules --coverage\n\n"
    "baocao rules test --coverage --directive 103/CT-BTTTT\n\n"
    "baocao rules test --cases ./more-cases --lang en"
)

CoverageDirectiveOption = Annotated[
    list[str] | None,
    typer.Option(
        "--directive",
        metavar="NUMBER",
        help="With --coverage: only the obligations of this directive, its number as written "
        "or its id; repeat it for several. Example: --coverage --directive 103/CT-BTTTT",
        show_default=False,
    ),
]


def run_tests_command(
    rules_dir: RulesArgument = None,
    cases: CasesOption = None,
    coverage: CoverageOption = False,
    directive: CoverageDirectiveOption = None,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Run the rule test cases (tests/*.yaml beside the rules): each case gives an as-of date,
    the reports received and the verdicts and dispositions it expects.

    Prints a dot per passing case, then each failure with what was expected and what came
    out, and why: the due date or the record as read, the decision rule that fired
    (rules/decisions.yaml) and the reasons given. An instance key naming an obligation, a unit
    or a period the rules never expect is refused with the nearest one (exit 2). Exit 1 when
    a case fails.
    """

    def work() -> int:
        from cli import render
        from cli.render import authoring
        from cli.render.texts import Texts

        if directive and not coverage:
            raise engine.BaocaoError([engine.Problem(
                "--directive", 0, 0, "usage",
                "--directive chooses the obligations --coverage lists: add --coverage",
                params={"variant": "test-directive"})])
        book = engine.load_rulebook(rules_dir)
        result = engine.run_cases(book, cases, directive or ())
        width = render.output_width() or render.stdout_console().width
        write(authoring.cases_text(result, Texts(lang, book), width))
        if coverage:
            show([authoring.coverage_table(result, lang)])
        return EXIT_NONCOMPLIANT if result.failed else EXIT_OK

    run(work, lang)


# ---------------------------------------------------------------------------------------
# baocao rules draft

DRAFT_EPILOG = (
    "Examples:\n\n"
    "baocao rules draft chi-thi-moi.txt\n\n"
    "baocao rules draft chi-thi-moi.txt --format json > draft.json"
)


def draft_command(
    text_file: Annotated[Path, typer.Argument(
        metavar="DIRECTIVE.txt", help="The directive's text, UTF-8 (copied from the PDF or "
        "the document system).", show_default=False)],
    output: DraftFormatOption = DraftFormat.YAML,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Propose a draft of a directive's obligations from its text: each sentence that makes
    someone report becomes a candidate with its section, the quoted sentence, reporters,
    recipient, via, schedule, deadline (with its reading), data window and a confidence.

    Offline and deterministic (patterns over Vietnamese administrative phrasing). What could
    not be read is left empty and listed under `unread`: check every candidate against the
    text before turning it into rules.
    """

    def work() -> int:
        if not text_file.exists():
            raise engine.BaocaoError([engine.Problem(str(text_file), 0, 0, "file.missing",
                                                     "no such file")])
        if not text_file.is_file():
            raise engine.BaocaoError([engine.Problem(
                str(text_file), 0, 0, "file.unreadable",
                "not a regular file (a folder, a device); give the directive's text file")])
        data = engine.draft_data(engine.draft_file(text_file))
        if output is DraftFormat.JSON:
            write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            write(engine.dump_yaml(data))
        return EXIT_OK

    run(work, lang, json_errors=output is DraftFormat.JSON)


# ---------------------------------------------------------------------------------------
# baocao rules export

EXPORT_EPILOG = (
    "Examples:\n\n"
    "baocao rules export --format md > nghia-vu.md\n\n"
    "baocao rules export --format yaml --directive 103/CT-BTTTT"
)


def export_command(
    rules: RulesOption = None,
    directive: DirectiveOption = None,
    unit: UnitOption = None,
    output: ExportFormatOption = ExportFormat.JSON,
    lang: LangOption = DEFAULT_LANG,
) -> None:
    """Every obligation as baocao reads it, normalised (ids, names, deadlines with their
    reading, in-force windows, citations): json or yaml for tools; md for a legal review to
    print: an overview table, then per obligation the clause quoted and every encoded field
    beside the text's words, inferred values marked, disagreements flagged."""

    def work() -> int:
        from cli.render import authoring
        from cli.render import json as json_out
        from cli.render.texts import Texts

        book = engine.load_rulebook(rules)
        rows = engine.rules_view(book, engine.Filters(directive=directive, unit=unit),
                                 lang.value)
        texts = Texts(lang, book)
        if output is ExportFormat.MD:
            write(authoring.obligations_md(rows, texts))
        elif output is ExportFormat.YAML:
            write(engine.dump_yaml(json_out.jsonable(rows, texts)))
        else:
            write(json_out.dumps(rows, texts))
        return EXIT_OK

    run(work, lang, json_errors=output is ExportFormat.JSON)


# ---------------------------------------------------------------------------------------
# baocao rules new

NEW_EPILOG = "Example:\n\nbaocao rules new > rules/directives/kh-88-ubnd-binh-dinh-2024.yaml"


def new_command(lang: LangOption = DEFAULT_LANG) -> None:
    """Print a directive file to fill in: its blanks (___), one commented example obligation,
    and the schema reference editors understand (yaml-language-server)."""

    def work() -> int:
        write(engine.new_directive())
        return EXIT_OK

    run(work, lang)
