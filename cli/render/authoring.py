"""What the rule author's commands show: lint lines, rule test runs, coverage, exports.

Kept apart from ``table`` (the inspector's tables); words come from ``cli.i18n``.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from rich import box
from rich.table import Table

from cli import i18n
from cli.i18n import Lang
from cli.i18n import text as _t
from cli.render.brief import period_words
from cli.render.json import jsonable
from cli.render.markdown import inert
from cli.render.table import deadline_text
from cli.render.texts import Texts, vn_date
from engine import Disposition, Reason, Verdict

if TYPE_CHECKING:  # only annotations: importing them would load the engine at start-up
    from engine import (
        CaseRun,
        DeadlineInfo,
        Explanation,
        LintReport,
        ObligationRow,
        RuleBook,
        Step,
    )


def lint_text(report: LintReport, lang: Lang) -> str:
    """``file:line:col: severity: message [code]``, then a count (like a compiler)."""
    texts = Texts(lang)
    lines = [f"{p.where}: {p.severity}: {texts.problem(p)} [{p.code}]" for p in report.problems]
    lines.append(_t("summary.lint", lang, errors=report.errors, warnings=report.warnings,
                    notes=report.notes, rules=report.rules_dir))
    return "\n".join(lines)


def cases_text(run: CaseRun, texts: Texts, width: int | None = None) -> str:
    """Like pytest: a dot per passing case (F for a failing one) per file, then each failure
    with what was expected and what came out and why (``_why``), then the counts. Lines
    longer than ``width`` wrap on spaces under their own indent."""
    lang = texts.lang
    lines = []
    for file in run.files:
        marks = "".join("." if r.passed else "F" for r in run.results if r.file == file)
        lines.append(f"{file} {marks}")
    failed = [r for r in run.results if not r.passed]
    if failed:
        lines += ["", _rule(_t("test.failures", lang))]
        for result in failed:
            lines += ["", f"{result.file}:{result.line}: {result.name}"]
            as_of = result.as_of.isoformat()
            for outcome in result.outcomes:
                if not outcome.mismatches:
                    continue
                lines.append(f"  {result.file}:{outcome.line}: {outcome.ref}")
                for m in outcome.mismatches:
                    actual = m.actual
                    if outcome.missing:
                        actual = _t("test.no-instance" if outcome.kind == "instance"
                                    else "test.no-submission", lang, as_of=as_of)
                    lines += _wrapped("    " + _t("test.mismatch", lang, field=m.field,
                                                   expected=m.expected or "—",
                                                   actual=actual or "—"), width, " " * 6)
                lines += [wrapped for line in _why(outcome, texts, as_of)
                          for wrapped in _wrapped("    " + line, width, " " * 6)]
    lines += ["", _rule(_t("test.summary", lang, passed=run.passed, failed=run.failed))]
    return "\n".join(lines)


def _why(outcome: Any, texts: Texts, as_of: str) -> list[str]:
    """Why an expectation came out as it did, for the rule author: what the engine read (the
    due date and the report received; the record as read and the reports it was compared
    with), the decision rule that fired (file:line of rules/decisions.yaml and its
    conditions), and each reason the engine gave, with its code. For an expectation that
    named nothing, what there was instead. (``outcome``: an ``Outcome`` of
    ``engine.authoring.cases``, which the CLI does not import.)"""
    lang, facts = texts.lang, outcome.facts
    if outcome.missing:
        key = f"test.known.{facts.get('known', 'ids')}"
        return [_t(key, lang, as_of=as_of, items=", ".join(outcome.known) or "—")]
    lines = []
    if outcome.kind == "instance":
        if facts.get("received"):
            lines.append(_t("test.due-received", lang, due=facts.get("due", "—"),
                            received=facts["received"],
                            submission=facts.get("submission") or "—"))
        else:
            lines.append(_t("test.due-unreceived", lang, due=facts.get("due", "—"),
                            as_of=as_of))
    else:
        lines.append(_t("test.read-as", lang, **{
            k: facts.get(k) or "—" for k in ("reporter", "recipient", "period", "received")}))
        if facts.get("candidates") or facts.get("disposition") in ("unmatched", "misrouted"):
            lines.append(_t("test.candidates", lang,
                            candidates=_duties(facts.get("candidates", "")),
                            routed=_duties(facts.get("routed", ""))))
    book = texts.book
    if outcome.rule:
        decisions = book.decisions if book is not None else None
        rule = next((r for r in (*decisions.instance_rules, *decisions.submission_rules)
                     if r.name == outcome.rule), None) if decisions is not None else None
        conditions = ", ".join(_condition(c.field, c.op, c.value)
                               for c in rule.conditions) if rule is not None else ""
        lines.append(_t("test.rule", lang, rule=outcome.rule,
                        where=facts.get("rule_at") or "decisions.yaml",
                        conditions=conditions or "—"))
    for reason in outcome.reasons:
        said = texts.reason(reason)
        if not reason.code.startswith("decision."):
            said += f" [{reason.code}]"
        lines.append(_t("test.reason", lang, reason=said))
    return lines


def _duties(keys: str) -> str:
    """Instance keys as the duties they are (directive/obligation), each once: the reporter
    and the period are the record's own."""
    duties = ["/".join(k.split("/")[:2]) for k in keys.split(", ") if k]
    return ", ".join(dict.fromkeys(duties)) or "—"


def _condition(name: str, op: str, value: object) -> str:
    sign = {"eq": "=", "ne": "≠", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥"}.get(op, op)
    shown = str(value).lower() if isinstance(value, bool) else str(value)
    return f"{name}{sign}{shown}"  # no spaces: a line never breaks inside a condition


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


# -- baocao rules export --format md: the obligations for a legal review ----------------------
#
# One section per obligation: the clause quoted, then one line per encoded field, each beside
# the words it came from. One function per field (``_FIELDS``): a field the rule files gain is
# one more function. A field that does not apply to an obligation's kind gives no line.

_MdField = Callable[["ObligationRow", Texts], list[str]]


def obligations_md(rows: Sequence[ObligationRow], texts: Texts) -> str:
    """The obligations for a legal officer to print and review: an overview table, one row
    per obligation; then per directive a heading, per obligation a section with the clause
    quoted and every field baocao encoded from it, beside the text's words. "(suy luận)"
    marks what the text does not say, ⚠ where the words and the encoding disagree. Every
    text from the rule files is made inert (``markdown.inert``)."""
    t = texts.t
    out = [f"# {inert(t('title.rules'))}", ""]
    if not rows:
        return "\n".join([*out, inert(t("empty.rules"))])
    directives: dict[str, list[ObligationRow]] = {}
    for row in rows:
        directives.setdefault(row.directive.id, []).append(row)
    out += [inert(t("review.count", count=len(rows), directives=len(directives))), "",
            inert(t("review.intro")), "", f"## {inert(t('review.overview'))}", "",
            *_overview(rows, texts), ""]
    for group in directives.values():
        out += _directive_md(group[0], texts)
        for row in group:
            out += _obligation_md(row, texts)
    return "\n".join(out).rstrip("\n")


def _overview(rows: Sequence[ObligationRow], texts: Texts) -> list[str]:
    """One row per obligation: where it is, who reports to whom, how often, by when."""
    t = texts.t
    heads = [t(k) for k in ("col.directive", "col.obligation", "col.reporters", "col.recipient",
                            "col.frequency", "col.deadline")]
    lines = ["| " + " | ".join(inert(h) for h in heads) + " |", "|" + "---|" * len(heads)]
    for r in rows:
        recipient = r.recipient_name + (f" ({t('via', unit=r.via_name)})" if r.via_name else "")
        if r.recipient_inferred:
            recipient += " " + t("inferred")
        frequency = i18n.frequency(r.frequency, texts.lang)
        if r.schedule:
            frequency += ": " + ", ".join(e.period for e in r.schedule)
        cells = [r.directive_label or r.directive.number or r.directive.id,
                 f"{r.clause or r.citation.section}: {r.summary}",
                 "; ".join(r.reporter_names), recipient if r.recipient else "—", frequency,
                 deadline_text(r, texts).replace("\n", "; ")]
        lines.append("| " + " | ".join(inert(c) for c in cells) + " |")
    return lines


def _directive_md(row: ObligationRow, texts: Texts) -> list[str]:
    """The directive's heading: its number (or label) and title, who issued it and when,
    and the rule author's notes on it."""
    d = row.directive
    label = row.directive_label or d.number or d.id
    out = [f"## {inert(label)} — {inert(d.title)}", "",
           inert(texts.t("review.issued", issuer=d.issuer_name, date=_issued(d.issued_on))), ""]
    if d.notes:
        out += [f"**{inert(texts.t('review.f.notes'))}:** {inert(d.notes)}", ""]
    return out


def _issued(value: str | None) -> str:
    """An ISO date as dd/mm/yyyy; "2022-02" (the day blank in the text) as 02/2022; "?" for
    a text whose copy carries no date."""
    if not value:
        return "?"
    try:
        return vn_date(date.fromisoformat(value))
    except ValueError:
        year, _, month = value.partition("-")
        return f"{month}/{year}" if month else value


def _obligation_md(row: ObligationRow, texts: Texts) -> list[str]:
    label = row.directive_label or row.directive.number or row.directive.id
    clause = row.clause or row.citation.section
    out = [f"### {inert(label)} {inert(clause)} — {inert(row.summary)}", "",
           f"> **{inert(row.citation.section)}:** “{inert(row.citation.text)}”", ""]
    for field in _FIELDS:
        out += field(row, texts)
    return [*out, ""]


def _item(label: str, value: str, texts: Texts, subs: Sequence[str] = ()) -> list[str]:
    """A field as a list item ("- **Nơi nhận:** …"), with its sub-items (already Markdown,
    indented one level deeper)."""
    head = f"- **{inert(texts.t(label))}:**"
    return [f"{head} {value}" if value else head, *(f"  {s}" for s in subs)]


def _inferred(texts: Texts) -> str:
    return inert(texts.t("inferred"))


def _quoted(words: Sequence[str]) -> str:
    return ", ".join(f"“{inert(w)}”" for w in words)


def _activity(row: ObligationRow) -> bool:
    return row.kind == "activity"


def _kind_md(row: ObligationRow, texts: Texts) -> list[str]:
    try:
        kind = texts.t(f"review.kind.{row.kind}")
    except KeyError:  # a kind newer than this release's words
        kind = row.kind
    return _item("review.f.kind", inert(kind), texts)


def _reporters_md(row: ObligationRow, texts: Texts) -> list[str]:
    """Each reporter; a group with its members (groups inside it with theirs), the way its
    membership was inferred when the text does not list it, and the members that do not
    report under this duty because they are its recipient or the unit it passes through."""
    groups = {g.id: g for g in row.groups}
    subs: list[str] = []

    def unit(unit_id: str, name: str, depth: int, seen: tuple[str, ...]) -> None:
        pad = "  " * depth
        group = groups.get(unit_id)
        if group is None or unit_id in seen:
            line = f"{pad}- {inert(name)}"
            if unit_id == row.recipient and not _activity(row):
                line += " — " + inert(texts.t("review.member.recipient"))
            elif unit_id == row.via:
                line += " — " + inert(texts.t("review.member.via"))
            subs.append(line)
            return
        key = "review.group_inferred" if group.inferred else "review.group"
        subs.append(f"{pad}- {inert(texts.t(key, name=group.name, count=len(group.members)))}")
        if group.inferred:  # the same paragraph, before the members
            subs.append(f"{pad}  {inert(group.inferred)}")
        for member, member_name in zip(group.members, group.member_names, strict=True):
            unit(member, member_name, depth + 1, (*seen, unit_id))

    for reporter, name in zip(row.reporters, row.reporter_names, strict=True):
        unit(reporter, name, 0, ())
    label = "review.f.doers" if _activity(row) else "review.f.reporters"
    if len(subs) == 1 and not row.groups:
        return _item(label, subs[0].removeprefix("- "), texts)
    return _item(label, "", texts, subs)


def _recipient_md(row: ObligationRow, texts: Texts) -> list[str]:
    if not row.recipient:
        return []
    if _activity(row):
        return _item("review.f.addressee", inert(row.recipient_name), texts)
    if row.routes:  # a role: each reporter's own recipient, found in units.yaml
        return _item("review.f.recipient", inert(row.recipient_name), texts,
                     [f"- {inert(texts.t('review.routes'))}"]
                     + [f"  - {inert(unit)} → {inert(to)}" for unit, to in row.routes])
    if not row.recipient_inferred:
        return _item("review.f.recipient", inert(row.recipient_name), texts)
    return _item("review.f.recipient", f"{inert(row.recipient_name)} {_inferred(texts)}", texts,
                 [f"- {inert(texts.t('review.recipient_inferred'))}"])


def _via_md(row: ObligationRow, texts: Texts) -> list[str]:
    if not row.via_name:
        return []
    also = [f"- {inert(texts.t('review.via_also', units='; '.join(row.via_also_names)))}"] \
        if row.via_also_names else []
    return _item("review.f.via", inert(row.via_name), texts, also)


def _after_md(row: ObligationRow, texts: Texts) -> list[str]:
    """A summary: the duties whose reports it sums up, and what is flagged."""
    if not row.after:
        return []
    return _item("review.f.after", inert("; ".join(row.after)), texts,
                 [f"- {inert(texts.t('review.after'))}"])


def _code_words(code: str, texts: Texts) -> str:
    """A period of a year's schedule in words: "quý I (Q1)", "6 tháng đầu năm (H1)"."""
    fixed = {"Y": "review.code.Y", "H1": "review.code.H1", "H2": "review.code.H2",
             "9M": "review.code.9M"}
    if code in fixed:
        words = texts.t(fixed[code])
    elif code[:1] == "Q" and code[1:].isdigit() and 1 <= int(code[1:]) <= 4:
        n = int(code[1:])
        words = texts.t("review.code.Q", quarter=_ROMAN[n - 1] if texts.lang is Lang.VI else n)
    elif code[:1] == "M" and code[1:].isdigit():
        words = texts.t("review.code.M", month=int(code[1:]))
    else:
        return code
    return f"{words} ({code})"


_ROMAN = ("I", "II", "III", "IV")


def _frequency_md(row: ObligationRow, texts: Texts) -> list[str]:
    """How often, and the reports of each year: each with its own deadline when the text
    gives one."""
    if _activity(row):
        return []
    value = inert(i18n.frequency(row.frequency, texts.lang))
    own = {e.period: e.deadline for e in row.schedule if e.deadline is not None}
    # a cumulative report stands for the plain one it includes (evaluation.group): the year's
    # for a half-yearly duty's H2, the nine months' for a quarterly duty's Q3
    subs = [f"- {inert(texts.t(f'review.stands_for.{row.frequency}'))}"] \
        if row.frequency in ("semiannual", "quarterly") and not row.schedule else []
    if not own:
        if row.periods:
            key = "review.periods_counted" if row.kind == "quantity" else "review.periods"
            value += " — " + inert(texts.t(
                key, count=len(row.periods),
                periods=", ".join(_code_words(c, texts) for c in row.periods)))
        return _item("review.f.frequency", value, texts, subs)
    subs.append(f"- {inert(texts.t('review.periods_own', count=len(row.periods)))}")
    for code in row.periods:
        deadline = own.get(code)
        if deadline is None:
            subs.append(f"  - {inert(_code_words(code, texts))}: "
                        f"{inert(texts.t('review.period.common'))}")
            continue
        head, lines = _deadline_parts(deadline, texts)
        subs.append(f"  - {inert(_code_words(code, texts))}: {head}")
        subs += [f"    {line}" for line in lines]
    return _item("review.f.frequency", value, texts, subs)


def _windows_md(row: ObligationRow, texts: Texts) -> list[str]:
    if not row.windows:
        return []
    value = "; ".join(inert(period_words(w, texts)) for w in row.windows)
    covers = [f"- {inert(texts.t('review.covers', period=period_words(row.covers, texts)))}"] \
        if row.covers else []
    return _item("review.f.windows", value, texts, covers)


def _quantities_md(row: ObligationRow, texts: Texts) -> list[str]:
    if not row.quantities:
        return []
    subs = []
    for q in row.quantities:
        line = texts.t("review.quantity", count=q.count, item=q.words[0] if q.words else q.of,
                       per=i18n.frequency(q.per, texts.lang))
        subs.append(f"- {inert(line)}" + (f" — {inert(texts.t('review.words'))}: "
                                          f"{_quoted(q.words)}" if q.words else ""))
    return _item("review.f.quantities", "", texts, subs)


def _review_md(row: ObligationRow, texts: Texts) -> list[str]:
    if row.every_years is None:
        return []
    key = "review.cycle" if row.anchor else "review.cycle_open"
    return _item("review.f.cycle", inert(texts.t(key, years=row.every_years,
                                                 anchor=vn_date(row.anchor))), texts)


def _deadline_md(row: ObligationRow, texts: Texts) -> list[str]:
    """The deadline as encoded, beside the text's words; flagged when they disagree."""
    if _activity(row):
        return []
    if row.deadline is None:
        key = "review.deadline.schedule" if any(e.deadline for e in row.schedule) \
            else "deadline.none"
        return _item("review.f.deadline", inert(texts.t(key)), texts)
    head, lines = _deadline_parts(row.deadline, texts, task=row.kind == "task")
    return _item("review.f.deadline", head, texts, lines)


def _deadline_parts(dl: DeadlineInfo, texts: Texts, task: bool = False
                    ) -> tuple[str, list[str]]:
    """Stated or assumed, the encoded date and its reading ("văn bản nêu — ngày 15 của tháng
    cuối kỳ; đọc là “trước ngày”: …"), and below it: the policy an assumed date follows, the
    text's words, and ⚠ when the words name another day."""
    t = texts.t
    assumed = dl.basis == "assumed"
    basis = t("review.basis.assumed" if assumed else "review.basis.stated")
    encoded = _encoded_date(dl, texts, task)
    reading = _reading_words(dl, texts)
    head = inert(f"{basis} — {encoded}" + (f"; {reading}" if reading else ""))
    lines = []
    if assumed:
        lines.append("- " + inert(t("review.policy", policy=dl.policy or "?",
                                    text=dl.description or "")))
    words = _author_words(dl, texts)
    if words:
        lines.append(f"- {inert(t('review.words_of_text'))}: “{inert(words)}”")
    elif not assumed:
        lines.append(f"- {inert(t('review.words_of_text'))}: {inert(t('review.no_words'))}")
    if (not assumed and dl.day is not None and dl.offset_days is None and dl.named_days
            and dl.day not in dl.named_days):
        lines.append("- ⚠ " + inert(t("review.mismatch", named=dl.named_days[0], day=dl.day)))
    return head, lines


def _author_words(dl: DeadlineInfo, texts: Texts) -> str | None:
    """The deadline's words as the rule author quoted them: an assumed deadline without
    words carries its policy's description instead, which is not the text's."""
    if dl.basis != "assumed" or dl.words is None or texts.book is None:
        return dl.words
    policy = texts.book.policies.get(dl.policy or "")
    return None if policy is not None and dl.words == policy.description_vi else dl.words


def _encoded_date(dl: DeadlineInfo, texts: Texts, task: bool = False) -> str:
    """The date as encoded: a day of a month relative to the period, an offset after the
    period's end (or its data cut-off), or the period's last day."""
    t = texts.t
    if dl.offset_days is not None:
        key = "review.dl.offset_working" if dl.offset_working else "review.dl.offset"
        base = t({"cutoff": "review.dl.from_cutoff", "inputs": "review.dl.from_inputs"}.get(
            dl.offset_from, "review.dl.from_end"))
        return t(key, days=dl.offset_days, base=base)
    if dl.day is None or dl.reading == "within":
        return t("review.dl.window_end" if task else "review.dl.end")
    if dl.from_day is not None:
        return t("review.dl.window", start=dl.from_day, end=_encoded_date(
            replace(dl, from_day=None), texts, task))
    if isinstance(dl.month, int) and dl.year == "next":
        return t("review.dl.month_next", day=dl.day, month=dl.month)
    if dl.month == "last":
        return t("review.dl.last", day=dl.day)
    if dl.month == "next":
        return t("review.dl.next", day=dl.day)
    if isinstance(dl.month, int):
        return t("review.dl.month", day=dl.day, month=dl.month)
    return t("review.dl.day", day=dl.day)


def _reading_words(dl: DeadlineInfo, texts: Texts) -> str:
    """How the words are read: "trước ngày X" leaves X−1, "đến ngày X" is X itself; "within"
    is the window's last day, which the encoded date already says."""
    if dl.reading == "before" and dl.day is not None and dl.day > 1 and dl.offset_days is None:
        return texts.t("review.reading.before_day", day=dl.day - 1)
    if dl.reading == "within" and dl.offset_days is None:
        return ""
    if dl.reading in ("before", "by", "within"):
        return texts.t(f"review.reading.{dl.reading}")
    return i18n.reading(dl.reading, texts.lang)


def _counts_md(row: ObligationRow, texts: Texts) -> list[str]:
    if _activity(row):
        return []
    try:
        value = texts.t(f"review.counts.{row.counts}")
    except KeyError:
        value = row.counts
    return _item("review.f.counts", inert(value), texts)


def _in_force_md(row: ObligationRow, texts: Texts) -> list[str]:
    start, end = vn_date(row.in_force.start), vn_date(row.in_force.end)
    value = texts.t("review.in_force", start=start, end=end) if end \
        else texts.t("review.in_force_open", start=start)
    return _item("review.f.in_force", inert(value), texts)


def _data_window_md(row: ObligationRow, texts: Texts) -> list[str]:
    """Only a periodic report and a quantity have a data window (expand._data_window)."""
    if row.kind not in ("periodic", "quantity"):
        return []
    span = row.data_span
    if span is not None:
        value = texts.t("review.data.span", from_day=span.from_day, to_day=span.to_day,
                        from_month=texts.t(f"review.data.month.{span.from_month}"),
                        to_month=texts.t(f"review.data.month.{span.to_month}"))
        return _item("review.f.data_window", inert(value), texts)
    try:
        value = texts.t(f"review.data.{row.data_window}")
    except KeyError:
        value = row.data_window
    subs = [f"- {inert(texts.t('review.data.before_nd09'))}"] \
        if row.data_window == "period" and row.predates_nd09 else []
    return _item("review.f.data_window", inert(value), texts, subs)


def _received_from_md(row: ObligationRow, texts: Texts) -> list[str]:
    """From when a report on a period counts (expand._opens): a request from when it is
    made, a task from its window's start, a periodic report from its period's end."""
    t = texts.t
    if row.kind in ("activity", "quantity", "review"):
        return []
    rf = row.received_from
    if row.kind == "ad_hoc":
        parts = [t("review.rf.request")]
    elif row.kind == "task" and row.covers is None:
        parts = [t("review.rf.window")]
    elif rf.months_before_end is not None:
        parts = [t("review.rf.months", months=rf.months_before_end)]
    elif rf.days_before_end is not None:
        parts = [t("review.rf.days", days=rf.days_before_end) if rf.days_before_end
                 else t("review.rf.last_day")]
    elif rf.period_start:
        parts = [t("review.rf.start")]
    else:
        codes = (_code_of(row.covers),) if row.covers else row.periods
        parts = [_default_opens(codes, texts)]
    if rf.early_if_named:
        parts.append(t("review.rf.named"))
    return _item("review.f.received_from", inert("; ".join(parts)), texts)


# From when a report on a period counts by default (periods.report_opens), by the kind of
# period a code names: a year from its last two months, a month from its 16th, the others
# from their last month.
_OPENS = {"Y": "review.rf.year", "M": "review.rf.month"}


def _default_opens(codes: Sequence[str], texts: Texts) -> str:
    """The default for the periods ``codes`` name, each with the periods it applies to."""
    by_key: dict[str, list[str]] = {}
    for code in filter(None, codes):
        by_key.setdefault(_OPENS.get(code[:1], "review.rf.last_month"), []).append(code)
    if not by_key:
        return texts.t("review.rf.default")
    if len(by_key) == 1:
        return texts.t("review.rf.default_one", opens=texts.t(next(iter(by_key))))
    return texts.t("review.rf.default_one", opens="; ".join(
        f"{texts.t(key)} ({', '.join(codes)})" for key, codes in by_key.items()))


def _code_of(label: str) -> str:
    """The code of a period label: "2022" → Y, "2022-Q3" → Q3, "2022-04" → M4; a window
    ("2022-07-01..2023-03-31") has none."""
    _, _, part = label.partition("-")
    if not part:
        return "Y"
    if part.isdigit():
        return f"M{int(part)}"
    return part if part[:1] in "HQ9" else ""


def _deliverable_md(row: ObligationRow, texts: Texts) -> list[str]:
    if _activity(row):
        return []
    d = row.deliverable
    value = inert(", ".join(texts.doctype(k) for k in d.types))
    subs = [f"- {inert(texts.t('review.deliverable_words'))}: {_quoted(d.words)}"] \
        if d.words else []
    return _item("review.f.deliverable", value, texts, subs)


def _subject_md(row: ObligationRow, texts: Texts) -> list[str]:
    s = row.subject
    if _activity(row) or not (s.phrases or s.directives):
        return []
    subs = [f"- {inert(texts.t('review.subject_directives'))}: "
            f"{inert(', '.join(s.directives))}"] if s.directives else []
    return _item("review.f.subject", _quoted(s.phrases) or "—", texts, subs)


def _notes_md(row: ObligationRow, texts: Texts) -> list[str]:
    return _item("review.f.notes", inert(row.notes), texts) if row.notes else []


def _source_md(row: ObligationRow, texts: Texts) -> list[str]:
    return _item("review.f.source", inert(row.source), texts) if row.source else []


_FIELDS: tuple[_MdField, ...] = (
    _kind_md, _reporters_md, _recipient_md, _via_md, _after_md, _frequency_md, _windows_md,
    _quantities_md, _review_md, _deadline_md, _counts_md, _in_force_md, _data_window_md,
    _received_from_md, _deliverable_md, _subject_md, _notes_md, _source_md,
)
