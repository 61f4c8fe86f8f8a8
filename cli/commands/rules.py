"""`baocao rules …`: what rule authors use to see the obligations baocao knows."""

from __future__ import annotations

import engine
from cli.commands.common import EXIT_NONCOMPLIANT, EXIT_OK, run, show, write
from cli.i18n import DEFAULT_LANG, Lang
from cli.i18n import text as _t
from cli.options import (
    DirectiveOption,
    FormatOption,
    LangOption,
    LintFormat,
    LintFormatOption,
    OutputFormat,
    RulesArgument,
    RulesOption,
    UnitOption,
)
from cli.render import json as json_out
from cli.render import table
from cli.render.csv import rows_csv
from cli.render.texts import Texts

SHOW_EPILOG = (
    "Examples:\n\n"
    "baocao rules show\n\n"
    "baocao rules show --directive 103/CT-BTTTT --lang en\n\n"
    "baocao rules show --unit so-tttt-tay-ninh --format json"
)


def show_command(
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
        book = engine.load_rulebook(rules)
        filters = engine.Filters(directive=directive, unit=unit)
        rows = engine.rules_view(book, filters, lang.value)
        texts = Texts(lang, book)
        if output is OutputFormat.JSON:
            write(json_out.dumps(rows, texts))
        elif output is OutputFormat.CSV:
            write(rows_csv(rows, texts))
        else:
            show([table.rules_table(rows, texts)])
        return EXIT_OK

    run(work, lang, json_errors=output is OutputFormat.JSON)


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
        report = engine.lint_rules(rules_dir)
        if output is LintFormat.JSON:
            write(json_out.lint_json(report.problems))
        else:
            write(lint_text(report, lang))
        return EXIT_NONCOMPLIANT if report.errors else EXIT_OK

    run(work, lang, json_errors=output is LintFormat.JSON)


def lint_text(report: engine.LintReport, lang: Lang) -> str:
    lines = [f"{p.where}: {p.severity}: {p.message} [{p.code}]" for p in report.problems]
    lines.append(_t("summary.lint", lang, errors=report.errors, warnings=report.warnings,
                    notes=report.notes, rules=report.rules_dir))
    return "\n".join(lines)
