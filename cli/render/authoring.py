"""What the rule author's commands show: lint lines, rule test runs, coverage, exports.

Kept apart from ``table`` (the inspector's tables); words come from ``cli.i18n``.
"""

from __future__ import annotations

from rich import box
from rich.table import Table

from cli.i18n import Lang
from cli.i18n import text as _t
from engine import CaseRun, LintReport


def lint_text(report: LintReport, lang: Lang) -> str:
    """``file:line:col: severity: message [code]``, then a count (like a compiler)."""
    lines = [f"{p.where}: {p.severity}: {p.message} [{p.code}]" for p in report.problems]
    lines.append(_t("summary.lint", lang, errors=report.errors, warnings=report.warnings,
                    notes=report.notes, rules=report.rules_dir))
    return "\n".join(lines)


def cases_text(run: CaseRun, lang: Lang) -> str:
    """Like pytest: a dot per passing case (F for a failing one) per file, then each failure
    with what was expected and what came out, then the counts."""
    lines = []
    for file in run.files:
        marks = "".join("." if r.passed else "F" for r in run.results if r.file == file)
        lines.append(f"{file} {marks}")
    failed = [r for r in run.results if not r.passed]
    if failed:
        lines += ["", _rule(_t("test.failures", lang))]
        for result in failed:
            lines += ["", f"{result.file}:{result.line}: {result.name}"]
            for outcome in result.outcomes:
                if not outcome.mismatches:
                    continue
                lines.append(f"  {result.file}:{outcome.line}: {outcome.ref}")
                for m in outcome.mismatches:
                    lines.append("    " + _t("test.mismatch", lang, field=m.field,
                                               expected=m.expected or "—",
                                               actual=m.actual or "—"))
    lines += ["", _rule(_t("test.summary", lang, passed=run.passed, failed=run.failed))]
    return "\n".join(lines)


def _rule(title: str, width: int = 72) -> str:
    pad = max(2, width - len(title) - 2)
    return f"{'=' * (pad // 2)} {title} {'=' * (pad - pad // 2)}"


def coverage_table(run: CaseRun, lang: Lang) -> Table:
    table = Table(title=_t("title.coverage", lang), box=box.SIMPLE_HEAVY, title_justify="left")
    table.add_column(_t("col.directive", lang), no_wrap=True)
    table.add_column(_t("col.obligation", lang), no_wrap=True)
    table.add_column(_t("col.exercised", lang), ratio=1)
    table.add_column(_t("col.never", lang), ratio=1)
    for row in run.coverage:
        table.add_row(row.directive, row.obligation,
                      ", ".join((*row.verdicts, *row.dispositions)) or "—",
                      ", ".join((*row.verdicts_missing, *row.dispositions_missing)) or "—")
    return table
