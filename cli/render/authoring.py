"""What the rule author's commands show: lint lines, rule test runs, coverage, exports.

Kept apart from ``table`` (the inspector's tables); words come from ``cli.i18n``.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich import box
from rich.table import Table

from cli import i18n
from cli.i18n import Lang
from cli.i18n import text as _t
from cli.render.json import jsonable
from cli.render.table import deadline_text
from cli.render.texts import Texts, vn_date
from engine import Disposition, Reason, Verdict

if TYPE_CHECKING:  # only annotations: importing them would load the engine at start-up
    from engine import CaseRun, Explanation, LintReport, ObligationRow, RuleBook, Step


def lint_text(report: LintReport, lang: Lang) -> str:
    """``file:line:col: severity: message [code]``, then a count (like a compiler)."""
    texts = Texts(lang)
    lines = [f"{p.where}: {p.severity}: {texts.problem(p)} [{p.code}]" for p in report.problems]
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
    # ids wrap where they must (never cut with an ellipsis); the outcome lists wrap on words
    table.add_column(_t("col.directive", lang), overflow="fold")
    table.add_column(_t("col.obligation", lang), overflow="fold")
    table.add_column(_t("col.exercised", lang), ratio=1)
    table.add_column(_t("col.never", lang), ratio=1)
    for row in run.coverage:
        table.add_row(row.directive, row.obligation,
                      ", ".join((*row.verdicts, *row.dispositions)) or "—",
                      ", ".join((*row.verdicts_missing, *row.dispositions_missing)) or "—")
    return table


# -- baocao explain ---------------------------------------------------------------------

_DATE_PARAMS = ("start", "end", "nominal", "last_day", "day", "due", "received", "counted",
                "as_of")


def step_text(step: Step, texts: Texts, book: RuleBook, words: str | None,
              ids: bool = True, kind: str | None = None) -> str:
    """One step in the reader's language; unknown kinds fall back to their code. Without
    ``ids``, obligations and expected reports are named by their clause, not their id."""
    pair = i18n.EXPLAIN.get(kind or step.kind)
    if pair is None:
        return step.kind
    lang = texts.lang
    values: dict[str, Any] = dict(step.params)
    for key in _DATE_PARAMS:
        if isinstance(values.get(key), str):
            values[key] = vn_date(date.fromisoformat(values[key]))
    for key in ("reporter", "recipient", "expected"):
        if isinstance(values.get(key), str):
            values[key] = texts.unit(values[key])
    via = values.get("via")
    values["via"] = _t("explain.via", lang, unit=texts.unit(via)) if via else ""
    if "weekday" in values:
        values["weekday"] = i18n.WEEKDAYS[int(values["weekday"])][lang is Lang.EN]
    if step.kind == "due.final":
        values["basis"] = _t("explain.assumed", lang) if values["basis"] == "assumed" else ""
    if step.kind == "record":
        values["inferred"] = _t("explain.inferred", lang) if values["inferred"] else ""
    if step.kind == "decision":
        values["outcome"] = _outcome(str(values["outcome"]), lang)
        late, overdue = int(values["days_late"] or 0), int(values["days_overdue"] or 0)
        values["days"] = (
            _t("explain.day_late" if late == 1 else "explain.days_late", lang, days=late)
            if late else
            _t("explain.day_overdue" if overdue == 1 else "explain.days_overdue", lang,
               days=overdue) if overdue else "")
    for key in ("conditions", "counts"):
        if key in values:
            values[key] = ", ".join(values[key]) or "—"
    if step.kind == "due.assumed":
        policy = book.policies.get(str(values["policy"]))
        values["policy_text"] = (policy.description_en if lang is Lang.EN
                                 else policy.description_vi) if policy else ""
    if step.kind == "reason":
        params = {k: v for k, v in step.params.items() if k != "code"}
        values["message"] = texts.reason(Reason(str(step.params["code"]), params))
    if not ids:
        if isinstance(values.get("instance"), str):
            values["instance"] = texts.instance(values["instance"])
        if isinstance(values.get("obligation"), str):
            found = [ob for (_, o), ob in book.obligations.items() if o == values["obligation"]]
            if len(found) == 1:
                values["obligation"] = found[0].citation.section
    values.setdefault("words", words or "")
    for key, value in values.items():
        if value is None:
            values[key] = "—"
    template = pair[1] if lang is Lang.EN else pair[0]
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError):
        return step.kind


def explain_text(ex: Explanation, texts: Texts, book: RuleBook, words: str | None,
                 *, verbose: bool = False, width: int | None = None) -> str:
    """The steps, numbered, each wrapped on words to ``width`` under its number. The decision
    rule and the conditions it read (the engine's trace) only with ``verbose``."""
    outcome = _outcome(ex.outcome, texts.lang)
    subject = _subject(ex, texts, book) if not verbose else ex.key
    lines = _wrapped(_t("explain.title", texts.lang, subject=subject, outcome=outcome), width, "")
    for n, step in enumerate(ex.steps, 1):
        kind = step.kind if verbose or step.kind != "decision" else "decision.short"
        text = step_text(step, texts, book, words, ids=verbose, kind=kind)
        lines += _wrapped(f"{n:>2}. {text}", width, "    ")
    return "\n".join(lines)


def _wrapped(line: str, width: int | None, indent: str) -> list[str]:
    """Break on spaces only: never inside a word, an id or a date."""
    if width is None or len(line) <= width:
        return [line]
    return textwrap.wrap(line, width=width, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False) or [line]


def _subject(ex: Explanation, texts: Texts, book: RuleBook) -> str:
    """What is explained, as people name it: "Sở TT&TT Tây Ninh — 103/CT-BTTTT III.3 — kỳ
    2022-Q2", or "bản ghi 2022/012" (the record's own number)."""
    if ex.subject != "instance":
        return _t("explain.record", texts.lang, id=ex.key)
    return texts.instance(ex.key, with_unit=True)


def explain_json(ex: Explanation, texts: Texts, book: RuleBook, words: str | None) -> str:
    data = {
        "subject": ex.subject, "key": ex.key, "outcome": ex.outcome, "rule": ex.rule,
        "directive": ex.directive,
        "citation": None if ex.citation is None else
        {"section": ex.citation.section, "text": ex.citation.text},
        "steps": [{"kind": s.kind, "params": jsonable(dict(s.params), texts),
                   "message": step_text(s, texts, book, words)} for s in ex.steps],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _outcome(value: str, lang: Lang) -> str:
    if value in {v.value for v in Verdict}:
        return i18n.verdict(Verdict(value), lang)
    return i18n.disposition(Disposition(value), lang)


def obligations_md(rows: Sequence[ObligationRow], texts: Texts) -> str:
    """A Markdown table of the obligations, one row each, for an inspector to print."""
    lang = texts.lang
    heads = [_t(k, lang) for k in ("col.directive", "col.obligation", "col.reporters",
                                   "col.recipient", "col.frequency", "col.deadline",
                                   "col.in_force", "col.citation")]
    lines = [f"# {_t('title.rules', lang)}", "", "| " + " | ".join(heads) + " |",
             "|" + "---|" * len(heads)]
    for r in rows:
        deadline = deadline_text(r, texts).replace("\n", "; ")
        until = f"{vn_date(r.in_force.start)}–{vn_date(r.in_force.end)}" if r.in_force.end \
            else _t("in_force.open", lang, start=vn_date(r.in_force.start))
        recipient = r.recipient_name + (f" ({_t('via', lang, unit=r.via_name)})"
                                        if r.via_name else "")
        cells = [r.directive_label or r.directive.number or r.directive.id,
                 f"{r.clause or r.citation.section}: {r.summary}",
                 "; ".join(r.reporter_names), recipient, i18n.frequency(r.frequency, lang),
                 deadline, until, f"{r.citation.section}: “{r.citation.text}”"]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ")
                                        for c in cells) + " |")
    return "\n".join(lines)
