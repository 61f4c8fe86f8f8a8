"""What the rule author's commands show: lint lines, rule test runs, coverage, exports.

Kept apart from ``table`` (the inspector's tables); words come from ``cli.i18n``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rich import box
from rich.table import Table

from cli import i18n
from cli.i18n import Lang
from cli.i18n import text as _t
from cli.render.json import jsonable
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
    table.add_column(_t("col.directive", lang), no_wrap=True)
    table.add_column(_t("col.obligation", lang), no_wrap=True)
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


def step_text(step: Step, texts: Texts, book: RuleBook, words: str | None) -> str:
    """One step in the reader's language; unknown kinds fall back to their code."""
    pair = i18n.EXPLAIN.get(step.kind)
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
        values["days"] = (_t("explain.days_late", lang, days=late) if late else
                          _t("explain.days_overdue", lang, days=overdue) if overdue else "")
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
    values.setdefault("words", words or "")
    for key, value in values.items():
        if value is None:
            values[key] = "—"
    template = pair[1] if lang is Lang.EN else pair[0]
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError):
        return step.kind


def explain_text(ex: Explanation, texts: Texts, book: RuleBook, words: str | None) -> str:
    outcome = _outcome(ex.outcome, texts.lang)
    lines = [_t("explain.title", texts.lang, subject=ex.key, outcome=outcome)]
    for n, step in enumerate(ex.steps, 1):
        lines.append(f"{n:>2}. {step_text(step, texts, book, words)}")
    return "\n".join(lines)


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
        dl = r.deadline
        if dl is None:
            deadline = _t("deadline.none", lang)
        elif dl.policy:
            deadline = _t("assumed.prefix", lang, policy=dl.policy, text=dl.description or "")
        else:
            deadline = f"{dl.words or ''} ({i18n.reading(dl.reading, lang)})"
        until = f"{vn_date(r.in_force.start)}–{vn_date(r.in_force.end)}" if r.in_force.end \
            else _t("in_force.open", lang, start=vn_date(r.in_force.start))
        recipient = r.recipient_name + (f" ({_t('via', lang, unit=r.via_name)})"
                                        if r.via_name else "")
        cells = [r.directive.number or r.directive.id, f"{r.id}: {r.summary}",
                 "; ".join(r.reporter_names), recipient, i18n.frequency(r.frequency, lang),
                 deadline, until, f"{r.citation.section}: “{r.citation.text}”"]
        lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ")
                                        for c in cells) + " |")
    return "\n".join(lines)
