"""`baocao rules …`: what rule authors use to see the obligations baocao knows."""

from __future__ import annotations

import engine
from cli.commands.common import EXIT_OK, run, show, write
from cli.i18n import DEFAULT_LANG
from cli.options import (
    CsvDialectOption,
    DirectiveOption,
    FormatOption,
    LangOption,
    OutputFormat,
    RulesOption,
    UnitOption,
)
from cli.render import json as json_out
from cli.render import table
from cli.render.csv import CsvDialect, document, rows_csv
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
    csv_dialect: CsvDialectOption = CsvDialect.EXCEL,
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
            write(document(rows_csv(rows, texts, delimiter=csv_dialect.delimiter)))
        else:
            show([table.rules_table(rows, texts)])
        return EXIT_OK

    run(work, lang, json_errors=output is OutputFormat.JSON)
