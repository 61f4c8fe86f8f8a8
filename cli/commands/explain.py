"""`baocao explain`: why one expected report got its verdict, or one record its disposition."""

from __future__ import annotations

from typing import Annotated

import typer

import engine
from cli.commands.common import EXIT_OK, run, write
from cli.i18n import DEFAULT_LANG
from cli.options import (
    AsOfOption,
    DbOption,
    LangOption,
    LintFormat,
    LintFormatOption,
    RecipientOption,
    RulesOption,
    SubmissionsOption,
)

EXPLAIN_EPILOG = (
    "Examples:\n\n"
    "baocao explain --directive 103/CT-BTTTT --obligation tong-hop-bao-cao-bo-truong "
    "--unit vu-tdkt-btttt --period 2022-Q4 -s examples/submissions --as-of 2023-03-01\n\n"
    "baocao explain --submission btttt-09 -s examples/submissions --as-of 2023-03-01 --lang en"
    "\n\nbaocao explain --submission 2023/012 --db so-den.db"
)

def explain_command(
    directive: Annotated[str | None, typer.Option(
        "--directive", metavar="NUMBER", help="The directive: number as written or id.",
        show_default=False)] = None,
    obligation: Annotated[str | None, typer.Option(
        "--obligation", metavar="ID", help="The obligation id (see baocao rules show).",
        show_default=False)] = None,
    unit: Annotated[str | None, typer.Option(
        "--unit", metavar="UNIT", help="The reporting unit: id or any registered name.",
        show_default=False)] = None,
    period: Annotated[str | None, typer.Option(
        "--period", metavar="PERIOD", help="The period: 2022-Q4, 2022-H1, 'quý IV/2022'...",
        show_default=False)] = None,
    submission: Annotated[str | None, typer.Option(
        "--submission", metavar="ID", help="Explain this record of the -s files instead.",
        show_default=False)] = None,
    submissions: SubmissionsOption = None,
    as_of: AsOfOption = None,
    rules: RulesOption = None,
    output: LintFormatOption = LintFormat.TEXT,
    lang: LangOption = DEFAULT_LANG,
    recipient: RecipientOption = None,
    db: DbOption = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Also the engine's trace: the decision rule that fired and the "
        "facts it read, and the ids (obligation, unit, report key).")] = False,
) -> None:
    """Why one expected report got its verdict (--directive --obligation --unit --period) or
    one record its disposition (--submission ID): the clause, the period and its data
    window, the due date step by step (the day named, the reading of "trước ngày", each
    weekend or holiday rolled over), every report considered — whether it named the
    obligation's subject — and why it was or was not counted, and the decision rule that fired.
    """

    def work() -> int:
        from cli import render
        from cli.render import authoring
        from cli.render.texts import Texts

        book = engine.load_rulebook(rules)
        subs = engine.load_batch(list(submissions or ()), book, db=db,
                                 recipient=recipient).submissions
        day = as_of or engine.today_vn()
        if submission is not None:
            ex = engine.explain_submission(book, subs, day, submission)
        else:
            missing = [name for name, value in (("--directive", directive),
                                                ("--obligation", obligation),
                                                ("--unit", unit), ("--period", period))
                       if not value]
            if missing:
                raise engine.BaocaoError([engine.Problem(
                    missing[0], 0, 0, "usage",
                    f"give --submission ID, or all of --directive, --obligation, --unit and "
                    f"--period (missing: {', '.join(missing)})",
                    params={"variant": "explain", "missing": tuple(missing)})])
            ex = engine.explain_instance(book, subs, day, str(directive), str(obligation),
                                         str(unit), str(period))
        texts = Texts(lang, book)
        words = _words(book, ex)
        if output is LintFormat.JSON:
            write(authoring.explain_json(ex, texts, book, words))
        else:
            width = render.output_width() or render.stdout_console().width
            write(authoring.explain_text(ex, texts, book, words, verbose=verbose, width=width))
        return EXIT_OK

    run(work, lang, json_errors=output is LintFormat.JSON)


def _words(book: engine.RuleBook, ex: engine.Explanation) -> str | None:
    if ex.subject != "instance":
        return None
    directive_id, obligation_id = ex.key.split("/")[:2]
    ob = book.obligations.get((directive_id, obligation_id))
    return ob.deadline.words if ob is not None and ob.deadline is not None else None

