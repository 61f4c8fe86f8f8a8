"""Rich tables for people at a terminal, drawn from the view rows.

Styles live here and only here. Tables read the same rows as JSON and CSV; they pick the
short display names the view prepared and never recompute anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cli import i18n
from cli.render.texts import Texts, vn_date
from engine import Disposition, Verdict

if TYPE_CHECKING:
    from engine import (
        CheckView,
        DeadlineInfo,
        InstanceRow,
        ObligationRow,
        OverdueView,
        Summary,
    )

# ---------------------------------------------------------------------------------------
# Styles: the only place colours are chosen.

VERDICT_STYLE: Mapping[Verdict, str] = {
    Verdict.OVERDUE: "bold red",
    Verdict.LATE: "yellow",
    Verdict.ON_TIME: "green",
    Verdict.PENDING: "dim",
    Verdict.EXEMPT: "blue",
}
# Whole-row styles, so the rows an inspector must act on stand out even in a long table.
ROW_STYLE: Mapping[Verdict, str] = {
    Verdict.OVERDUE: "red",
    Verdict.LATE: "yellow",
}
DISPOSITION_STYLE: Mapping[Disposition, str] = {
    Disposition.MATCHED: "green",
    Disposition.DUPLICATE: "dim",
    Disposition.MISROUTED: "bold red",
    Disposition.UNMATCHED: "red",
    Disposition.UNKNOWN_UNIT: "red",
    Disposition.INVALID: "bold red",
    Disposition.RECEIVED_LATER: "dim",
}
SUBMISSION_ROW_STYLE: Mapping[Disposition, str] = {
    Disposition.MISROUTED: "red",
    Disposition.UNMATCHED: "red",
    Disposition.UNKNOWN_UNIT: "red",
    Disposition.INVALID: "red",
}
HEADER_STYLE = "bold"
NOTE_STYLE = "dim"
ASSUMED_MARK = "*"

VERDICT_ORDER = (Verdict.ON_TIME, Verdict.LATE, Verdict.OVERDUE, Verdict.PENDING, Verdict.EXEMPT)
DISPOSITION_ORDER = tuple(Disposition)


# ---------------------------------------------------------------------------------------
# Small formatters


def _period_text(row: InstanceRow) -> str:
    """Labels read well for calendar periods; an explicit task window reads as its dates."""
    if row.period_kind == "window":
        return f"{vn_date(row.period_start)}–{vn_date(row.period_end)}"
    return row.period


def _recipient(row: InstanceRow | ObligationRow, texts: Texts) -> str:
    text = row.recipient_label
    if row.via:
        text += " " + texts.t("via", unit=row.via_label)
    return text


def _days(row: InstanceRow) -> str:
    if row.verdict is Verdict.OVERDUE:
        return str(row.days_overdue)
    if row.verdict is Verdict.LATE:
        return str(row.days_late)
    return ""


def _due_text(row: InstanceRow) -> str:
    return vn_date(row.due) + (ASSUMED_MARK if row.due_basis == "assumed" else "")


def _footnotes(view: CheckView | OverdueView, texts: Texts) -> list[Text]:
    return [Text(texts.t("assumed.footnote", policy=p.id, text=p.text), NOTE_STYLE)
            for p in view.assumed]


def _new_table(title: str, headers: Sequence[tuple[str, dict[str, Any]]]) -> Table:
    table = Table(title=title, header_style=HEADER_STYLE, title_justify="left", expand=False)
    for header, options in headers:
        table.add_column(header, **options)
    return table


# ---------------------------------------------------------------------------------------
# check


def instances_table(view: CheckView, texts: Texts) -> Table:
    """One row per expected instance; overdue and late rows carry a row style."""
    t = texts.t
    table = _new_table(
        t("title.instances", date=vn_date(view.as_of)),
        [
            (t("col.directive"), {"no_wrap": True}),
            (t("col.obligation"), {}),
            (t("col.reporter"), {}),
            (t("col.recipient"), {}),
            (t("col.period"), {"no_wrap": True}),
            (t("col.due"), {"no_wrap": True}),
            (t("col.received"), {"no_wrap": True}),
            (t("col.verdict"), {"no_wrap": True}),
            (t("col.days"), {"justify": "right"}),
        ],
    )
    for row in view.instances:
        table.add_row(
            Text(row.directive),
            Text(row.obligation),
            Text(row.reporter_label),
            Text(_recipient(row, texts)),
            Text(_period_text(row)),
            Text(_due_text(row)),
            Text(vn_date(row.received)),
            Text(i18n.verdict(row.verdict, texts.lang), VERDICT_STYLE[row.verdict]),
            Text(_days(row)),
            style=ROW_STYLE.get(row.verdict),
        )
    return table


def submissions_table(view: CheckView, texts: Texts) -> Table:
    t = texts.t
    table = _new_table(
        t("title.submissions"),
        [
            (t("col.submission"), {"no_wrap": True}),
            (t("col.reporter"), {}),
            (t("col.period"), {}),
            (t("col.submitted_on"), {"no_wrap": True}),
            (t("col.disposition"), {"no_wrap": True}),
            (t("col.reasons"), {}),
        ],
    )
    for row in view.submissions:
        period = row.period_label
        if row.period_inferred:
            period += " " + t("period.inferred")
        table.add_row(
            Text(row.id),
            Text(row.reporter_label),
            Text(period),
            Text(row.received_label),
            Text(i18n.disposition(row.disposition, texts.lang),
                 DISPOSITION_STYLE[row.disposition]),
            Text(texts.reasons(row.reasons)),
            style=SUBMISSION_ROW_STYLE.get(row.disposition),
        )
    return table


def _count_line(
    heading: str,
    counts: Mapping[str, int],
    order: Sequence[Any],
    label: Callable[[Any], str],
    style: Mapping[Any, str],
) -> Text:
    line = Text(heading, HEADER_STYLE)
    line.append(" — ")
    for index, key in enumerate(order):
        if index:
            line.append(" · ")
        count = counts.get(key.value, 0)
        line.append(f"{label(key)} {count}", style[key] if count else "")
    return line


def summary_panel(summary: Summary, view: CheckView, texts: Texts) -> Panel:
    """Counts of every verdict and every disposition, zeros included, so absence is visible."""
    lang = texts.lang
    lines = [
        _count_line(
            texts.t("summary.instances", total=summary.instances["total"]),
            summary.instances, VERDICT_ORDER, lambda v: i18n.verdict(v, lang), VERDICT_STYLE,
        ),
        _count_line(
            texts.t("summary.submissions", total=summary.submissions["total"]),
            summary.submissions, DISPOSITION_ORDER, lambda d: i18n.disposition(d, lang),
            DISPOSITION_STYLE,
        ),
    ]
    if view.awaiting_request:
        lines.append(Text(texts.t("summary.awaiting_request", count=len(view.awaiting_request)),
                          NOTE_STYLE))
    return Panel(
        Group(*lines),
        title=texts.t("title.summary", date=vn_date(view.as_of)),
        title_align="left",
        expand=False,
    )


def check_view(view: CheckView, texts: Texts) -> list[RenderableType]:
    """Everything `baocao check` prints as a table, in order."""
    parts: list[RenderableType] = []
    if view.instances:
        parts.append(instances_table(view, texts))
        parts.extend(_footnotes(view, texts))
    else:
        parts.append(Text(texts.t("empty.instances"), NOTE_STYLE))
    if view.submissions:
        parts.append(Text(""))
        parts.append(submissions_table(view, texts))
    parts.append(summary_panel(view.summary, view, texts))
    return parts


# ---------------------------------------------------------------------------------------
# overdue


def overdue_view(view: OverdueView, texts: Texts) -> list[RenderableType]:
    """One table, a section per unit (worst first, as the view orders them)."""
    t = texts.t
    if not view.groups:
        return [Text(t("empty.overdue", date=vn_date(view.as_of)), "green")]
    table = _new_table(
        t("title.overdue", date=vn_date(view.as_of)),
        [
            (t("col.unit"), {}),
            (t("col.directive"), {"no_wrap": True}),
            (t("col.obligation"), {}),
            (t("col.recipient"), {}),
            (t("col.period"), {"no_wrap": True}),
            (t("col.due"), {"no_wrap": True}),
            (t("col.days_overdue"), {"justify": "right"}),
        ],
    )
    for index, group in enumerate(view.groups):
        if index:
            table.add_section()
        for position, row in enumerate(group.items):
            unit_cell = Text("")
            if position == 0:
                unit_cell = Text(group.unit_label, "bold")
                unit_cell.append("\n" + t("overdue.count", count=len(group.items)), NOTE_STYLE)
            table.add_row(
                unit_cell,
                Text(row.directive),
                Text(row.obligation),
                Text(_recipient(row, texts)),
                Text(_period_text(row)),
                Text(_due_text(row)),
                Text(str(row.days_overdue), VERDICT_STYLE[Verdict.OVERDUE]),
            )
    return [table, *_footnotes(view, texts)]


# ---------------------------------------------------------------------------------------
# rules show


def _deadline_text(row: ObligationRow, texts: Texts) -> str:
    own = [e for e in row.schedule if e.deadline is not None]
    if own:
        return "\n".join(f"{e.period}: {_one_deadline(e.deadline, texts)}" for e in own)
    return _one_deadline(row.deadline, texts)


def _one_deadline(deadline: DeadlineInfo | None, texts: Texts) -> str:
    if deadline is None:
        return texts.t("deadline.none")
    if deadline.basis == "assumed":
        policy = deadline.policy or "?"
        return texts.t("assumed.prefix", policy=policy, text=deadline.description or policy)
    words = deadline.words or ""
    rendered = i18n.reading(deadline.reading, texts.lang)
    return f"{words} ({rendered})" if words else rendered


def _frequency_text(row: ObligationRow, texts: Texts) -> str:
    text = i18n.frequency(row.frequency, texts.lang)
    if row.schedule:
        text += ": " + ", ".join(e.period for e in row.schedule)
    return text


def _in_force_text(row: ObligationRow, texts: Texts) -> str:
    start = vn_date(row.in_force.start)
    if row.in_force.end:
        return f"{start}–{vn_date(row.in_force.end)}"
    return texts.t("in_force.open", start=start)


def rules_table(rows: Sequence[ObligationRow], texts: Texts) -> RenderableType:
    """Every obligation as the engine normalised it."""
    t = texts.t
    if not rows:
        return Text(t("empty.rules"), NOTE_STYLE)
    table = _new_table(
        t("title.rules"),
        [
            (t("col.directive"), {"no_wrap": True}),
            (t("col.obligation"), {}),
            (t("col.reporters"), {}),
            (t("col.recipient"), {}),
            (t("col.frequency"), {}),
            (t("col.deadline"), {}),
            (t("col.in_force"), {}),
            (t("col.citation"), {}),
        ],
    )
    for row in rows:
        obligation = Text(row.id)
        if row.on_request:
            obligation.append("\n" + t("on_request"), NOTE_STYLE)
        recipient = _recipient(row, texts)
        if row.recipient_inferred:
            recipient += " " + t("inferred")
        table.add_row(
            Text(row.directive.number or row.directive.id),
            obligation,
            Text("\n".join(row.reporter_labels)),
            Text(recipient),
            Text(_frequency_text(row, texts)),
            Text(_deadline_text(row, texts)),
            Text(_in_force_text(row, texts)),
            Text(row.citation.section),
            style=NOTE_STYLE if row.on_request else None,
        )
    return table
