"""Turn engine results into Rich tables, JSON or CSV.

One module for every output so the three formats cannot drift apart and the colours live in
one place. Tables take the typed model plus a ``Names`` lookup (built from the rule book, or by
hand in tests); JSON and CSV take the engine's plain exports unchanged, so scripts read exactly
what ``engine.evaluation_to_json`` promises.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cli import i18n
from cli.i18n import Lang
from engine import (
    BaocaoError,
    Disposition,
    Evaluation,
    InstanceResult,
    Period,
    RuleBook,
    SubmissionResult,
    Verdict,
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
}
SUBMISSION_ROW_STYLE: Mapping[Disposition, str] = {
    Disposition.MISROUTED: "red",
    Disposition.UNMATCHED: "red",
    Disposition.UNKNOWN_UNIT: "red",
    Disposition.INVALID: "red",
}
HEADER_STYLE = "bold"
ERROR_STYLE = "bold red"
NOTE_STYLE = "dim"
ASSUMED_MARK = "*"

VERDICT_ORDER = (Verdict.ON_TIME, Verdict.LATE, Verdict.OVERDUE, Verdict.PENDING, Verdict.EXEMPT)
DISPOSITION_ORDER = tuple(Disposition)


# ---------------------------------------------------------------------------------------
# Names


@dataclass(frozen=True)
class Names:
    """How ids read to a person: unit and group names, directive numbers, policy texts.

    Functions rather than a rule book so tables can be tested without loading rules.
    """

    unit: Callable[[str], str]
    directive: Callable[[str], str]
    policy: Callable[[str], str]

    @classmethod
    def from_book(cls, book: RuleBook, lang: Lang | str) -> Names:
        code = Lang(lang).value

        def unit(unit_id: str) -> str:
            # Tables are narrow: a provincial unit reads as its usual short name and place
            # ("Sở TT&TT Tây Ninh"); JSON and CSV keep the full name.
            found = book.registry.units.get(unit_id)
            if code == "vi" and found is not None and found.short and found.place:
                return f"{found.short[0]} {found.place}"
            try:
                return book.registry.name(unit_id, code)
            except (BaocaoError, KeyError):
                return unit_id

        def directive(directive_id: str) -> str:
            try:
                return book.directive(directive_id).label
            except (BaocaoError, KeyError):
                return directive_id

        def policy(policy_id: str) -> str:
            found = book.policies.get(policy_id)
            if found is None:
                return policy_id
            return found.description_en if code == "en" else found.description_vi

        return cls(unit=unit, directive=directive, policy=policy)

    @classmethod
    def from_maps(
        cls,
        units: Mapping[str, str],
        directives: Mapping[str, str],
        policies: Mapping[str, str],
    ) -> Names:
        return cls(
            unit=lambda key: units.get(key, key),
            directive=lambda key: directives.get(key, key),
            policy=lambda key: policies.get(key, key),
        )


# ---------------------------------------------------------------------------------------
# Small formatters


def vn_date(value: date | None) -> str:
    """dd/mm/yyyy, the form Vietnamese offices write; empty for no date."""
    return value.strftime("%d/%m/%Y") if value else ""


def _iso_to_vn(value: object) -> str:
    if not value:
        return ""
    try:
        return vn_date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)  # e.g. "2022-02" when the day is blank in the text


def _period_text(period: Period) -> str:
    """Labels read well for calendar periods; an explicit task window reads as its dates."""
    if period.kind.value == "window":
        return f"{vn_date(period.start)}–{vn_date(period.end)}"
    return period.label


def _recipient(recipient: str, via: str | None, names: Names, lang: Lang | str) -> str:
    text = names.unit(recipient)
    if via:
        text += " " + i18n.text("via", lang, unit=names.unit(via))
    return text


def _days(result: InstanceResult) -> str:
    if result.verdict is Verdict.OVERDUE:
        return str(result.days_overdue)
    if result.verdict is Verdict.LATE:
        return str(result.days_late)
    return ""


def _due_text(result: InstanceResult) -> str:
    due = result.instance.due
    mark = ASSUMED_MARK if due.basis.value == "assumed" else ""
    return vn_date(due.due) + mark


def _assumed_policies(results: Iterable[InstanceResult]) -> list[str]:
    seen: dict[str, None] = {}
    for result in results:
        due = result.instance.due
        if due.basis.value == "assumed":
            seen.setdefault(due.policy or "?", None)
    return list(seen)


def _footnotes(policies: Sequence[str], names: Names, lang: Lang | str) -> list[Text]:
    return [
        Text(i18n.text("assumed.footnote", lang, policy=p, text=names.policy(p)), NOTE_STYLE)
        for p in policies
    ]


def _new_table(title: str, headers: Sequence[tuple[str, dict[str, Any]]]) -> Table:
    table = Table(title=title, header_style=HEADER_STYLE, title_justify="left", expand=False)
    for header, options in headers:
        table.add_column(header, **options)
    return table


# ---------------------------------------------------------------------------------------
# check


def instances_table(ev: Evaluation, names: Names, lang: Lang | str) -> Table:
    """One row per expected instance; overdue and late rows carry a row style."""
    t = i18n.text
    table = _new_table(
        t("title.instances", lang, date=vn_date(ev.as_of)),
        [
            (t("col.directive", lang), {"no_wrap": True}),
            (t("col.obligation", lang), {}),
            (t("col.reporter", lang), {}),
            (t("col.recipient", lang), {}),
            (t("col.period", lang), {"no_wrap": True}),
            (t("col.due", lang), {"no_wrap": True}),
            (t("col.received", lang), {"no_wrap": True}),
            (t("col.verdict", lang), {"no_wrap": True}),
            (t("col.days", lang), {"justify": "right"}),
        ],
    )
    for result in ev.instances:
        inst = result.instance
        table.add_row(
            Text(names.directive(inst.directive_id)),
            Text(inst.obligation_id),
            Text(names.unit(inst.reporter)),
            Text(_recipient(inst.recipient, inst.via, names, lang)),
            Text(_period_text(inst.period)),
            Text(_due_text(result)),
            Text(vn_date(result.received)),
            Text(i18n.verdict(result.verdict, lang), VERDICT_STYLE[result.verdict]),
            Text(_days(result)),
            style=ROW_STYLE.get(result.verdict),
        )
    return table


def _submission_period(sub: SubmissionResult, lang: Lang | str) -> str:
    period = sub.submission.period
    if period is None:
        return str(sub.submission.raw.get("period") or "")
    text = _period_text(period)
    if sub.submission.period_inferred:
        text += " " + i18n.text("period.inferred", lang)
    return text


def _submission_reporter(sub: SubmissionResult, names: Names) -> str:
    if sub.submission.reporter:
        return names.unit(sub.submission.reporter)
    return str(sub.submission.raw.get("reporter") or "")


def _submission_received(sub: SubmissionResult) -> str:
    if sub.submission.submitted_on:
        return vn_date(sub.submission.submitted_on)
    return str(sub.submission.raw.get("submitted_on") or "")


def submissions_table(ev: Evaluation, names: Names, lang: Lang | str) -> Table:
    t = i18n.text
    table = _new_table(
        t("title.submissions", lang),
        [
            (t("col.submission", lang), {"no_wrap": True}),
            (t("col.reporter", lang), {}),
            (t("col.period", lang), {}),
            (t("col.submitted_on", lang), {"no_wrap": True}),
            (t("col.disposition", lang), {"no_wrap": True}),
            (t("col.reasons", lang), {}),
        ],
    )
    for sub in ev.submissions:
        table.add_row(
            Text(sub.submission.id),
            Text(_submission_reporter(sub, names)),
            Text(_submission_period(sub, lang)),
            Text(_submission_received(sub)),
            Text(i18n.disposition(sub.disposition, lang), DISPOSITION_STYLE[sub.disposition]),
            Text("; ".join(sub.reasons)),
            style=SUBMISSION_ROW_STYLE.get(sub.disposition),
        )
    return table


def _count_line(
    heading: str,
    counts: Counter[Any],
    order: Sequence[Any],
    label: Callable[[Any], str],
    style: Mapping[Any, str],
) -> Text:
    line = Text(heading, HEADER_STYLE)
    line.append(" — ")
    for index, key in enumerate(order):
        if index:
            line.append(" · ")
        line.append(f"{label(key)} {counts.get(key, 0)}", style[key] if counts.get(key) else "")
    return line


def summary_panel(ev: Evaluation, lang: Lang | str) -> Panel:
    """Counts of every verdict and every disposition, zeros included, so absence is visible."""
    verdicts = Counter(r.verdict for r in ev.instances)
    dispositions = Counter(s.disposition for s in ev.submissions)
    lines = [
        _count_line(
            i18n.text("summary.instances", lang, total=len(ev.instances)),
            verdicts,
            VERDICT_ORDER,
            lambda v: i18n.verdict(v, lang),
            VERDICT_STYLE,
        ),
        _count_line(
            i18n.text("summary.submissions", lang, total=len(ev.submissions)),
            dispositions,
            DISPOSITION_ORDER,
            lambda d: i18n.disposition(d, lang),
            DISPOSITION_STYLE,
        ),
    ]
    if ev.not_evaluated:
        lines.append(
            Text(i18n.text("summary.not_evaluated", lang, count=len(ev.not_evaluated)), NOTE_STYLE)
        )
    return Panel(
        Group(*lines),
        title=i18n.text("title.summary", lang, date=vn_date(ev.as_of)),
        title_align="left",
        expand=False,
    )


def check_view(ev: Evaluation, names: Names, lang: Lang | str) -> list[RenderableType]:
    """Everything `baocao check` prints as a table, in order."""
    parts: list[RenderableType] = []
    if ev.instances:
        parts.append(instances_table(ev, names, lang))
        parts.extend(_footnotes(_assumed_policies(ev.instances), names, lang))
    else:
        parts.append(Text(i18n.text("empty.instances", lang), NOTE_STYLE))
    if ev.submissions:
        parts.append(Text(""))
        parts.append(submissions_table(ev, names, lang))
    parts.append(summary_panel(ev, lang))
    return parts


# ---------------------------------------------------------------------------------------
# overdue


def overdue_view(
    as_of: date,
    groups: Sequence[tuple[str, Sequence[InstanceResult]]],
    names: Names,
    lang: Lang | str,
) -> list[RenderableType]:
    """One table, a section per unit (worst first, as the engine orders them)."""
    if not groups:
        return [Text(i18n.text("empty.overdue", lang, date=vn_date(as_of)), "green")]
    t = i18n.text
    table = _new_table(
        t("title.overdue", lang, date=vn_date(as_of)),
        [
            (t("col.unit", lang), {}),
            (t("col.directive", lang), {"no_wrap": True}),
            (t("col.obligation", lang), {}),
            (t("col.recipient", lang), {}),
            (t("col.period", lang), {"no_wrap": True}),
            (t("col.due", lang), {"no_wrap": True}),
            (t("col.days_overdue", lang), {"justify": "right"}),
        ],
    )
    everything: list[InstanceResult] = []
    for index, (unit, results) in enumerate(groups):
        if index:
            table.add_section()
        for position, result in enumerate(results):
            inst = result.instance
            unit_cell = Text("")
            if position == 0:
                unit_cell = Text(names.unit(unit), "bold")
                unit_cell.append("\n" + t("overdue.count", lang, count=len(results)), NOTE_STYLE)
            table.add_row(
                unit_cell,
                Text(names.directive(inst.directive_id)),
                Text(inst.obligation_id),
                Text(_recipient(inst.recipient, inst.via, names, lang)),
                Text(_period_text(inst.period)),
                Text(_due_text(result)),
                Text(str(result.days_overdue), VERDICT_STYLE[Verdict.OVERDUE]),
            )
            everything.append(result)
    return [table, *_footnotes(_assumed_policies(everything), names, lang)]


def overdue_rows(
    groups: Sequence[tuple[str, Sequence[InstanceResult]]],
    exported: Sequence[Mapping[str, Any]],
) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """The engine's exported instance rows, regrouped in ``overdue_by_unit`` order.

    Matched on the instance key, so the export's own ordering does not matter.
    """
    by_key = {str(row["key"]): row for row in exported}
    return [(unit, [by_key[res.instance.key] for res in results]) for unit, results in groups]


def overdue_json(
    groups: Sequence[tuple[str, Sequence[InstanceResult]]],
    exported: Sequence[Mapping[str, Any]],
    names: Names,
) -> list[dict[str, Any]]:
    """``[{unit, unit_name, items: [instance, ...]}, ...]``, worst unit first."""
    return [
        {"unit": unit, "unit_name": names.unit(unit), "items": list(items)}
        for unit, items in overdue_rows(groups, exported)
    ]


# ---------------------------------------------------------------------------------------
# rules show


def _deadline_text(deadline: Mapping[str, Any] | None, lang: Lang | str) -> str:
    if not deadline:
        return i18n.text("deadline.none", lang)
    if deadline.get("basis") == "assumed":
        policy = str(deadline.get("policy") or "?")
        described = deadline.get("description") or policy
        return i18n.text("assumed.prefix", lang, policy=policy, text=described)
    words = str(deadline.get("words") or "")
    reading = deadline.get("reading")
    if reading:
        rendered = i18n.reading(str(reading), lang)
        return f"{words} ({rendered})" if words else rendered
    return words


def _in_force_text(in_force: Mapping[str, Any] | None, lang: Lang | str) -> str:
    if not in_force:
        return ""
    start = _iso_to_vn(in_force.get("from"))
    end = _iso_to_vn(in_force.get("to"))
    return f"{start}–{end}" if end else i18n.text("in_force.open", lang, start=start)


def _reporter_names(ob: Mapping[str, Any], names: Names) -> list[str]:
    given = ob.get("reporter_names")
    if given:
        return [str(name) for name in given]
    return [names.unit(str(r)) for r in ob.get("reporters", ())]


def rules_table(
    obligations: Sequence[Mapping[str, Any]], names: Names, lang: Lang | str
) -> RenderableType:
    """Every obligation as the engine normalised it, from ``obligations_to_json``."""
    if not obligations:
        return Text(i18n.text("empty.rules", lang), NOTE_STYLE)
    t = i18n.text
    table = _new_table(
        t("title.rules", lang),
        [
            (t("col.directive", lang), {"no_wrap": True}),
            (t("col.obligation", lang), {}),
            (t("col.reporters", lang), {}),
            (t("col.recipient", lang), {}),
            (t("col.frequency", lang), {}),
            (t("col.deadline", lang), {}),
            (t("col.in_force", lang), {}),
            (t("col.citation", lang), {}),
        ],
    )
    for ob in obligations:
        directive = ob.get("directive") or {}
        recipient = str(ob.get("recipient_name") or ob.get("recipient") or "")
        via = ob.get("via_name") or ob.get("via")
        if via:
            recipient += " " + t("via", lang, unit=via)
        obligation = Text(str(ob.get("id", "")))
        evaluated = bool(ob.get("evaluated", True))
        if not evaluated:
            obligation.append("\n" + t("not_evaluated", lang), NOTE_STYLE)
        citation = ob.get("citation") or {}
        table.add_row(
            Text(str(directive.get("number") or directive.get("id") or "")),
            obligation,
            Text("\n".join(_reporter_names(ob, names))),
            Text(recipient),
            Text(i18n.frequency(str(ob.get("frequency", "")), lang)),
            Text(_deadline_text(ob.get("deadline"), lang)),
            Text(_in_force_text(ob.get("in_force"), lang)),
            Text(str(citation.get("section", ""))),
            style=None if evaluated else NOTE_STYLE,
        )
    return table


# ---------------------------------------------------------------------------------------
# JSON, CSV, errors, consoles


def to_json(data: Any) -> str:
    """Vietnamese stays readable in the output (no \\u escapes)."""
    return json.dumps(data, ensure_ascii=False, indent=2)


def flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects become ``parent_child`` columns, so a CSV row stays one flat record."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, prefix=f"{name}_"))
        else:
            flat[name] = value
    return flat


def to_csv(rows: Sequence[Mapping[str, Any]], header: Sequence[str] | None = None) -> str:
    """RFC 4180 CSV. The header is every key in order of first appearance unless given, so
    a row with an extra column (a deadline where others have none) loses nothing."""
    columns = (
        list(header) if header is not None else list(dict.fromkeys(k for r in rows for k in r))
    )
    if not columns:
        return ""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def error_view(err: BaocaoError, lang: Lang | str) -> Text:
    """A red prefix line, then the located problems exactly as ``BaocaoError.render`` reads."""
    head = Text(i18n.text("error.prefix", lang), ERROR_STYLE)
    count = len(err.problems)
    key = "error.problem" if count == 1 else "error.problems"
    head.append(" " + i18n.text(key, lang, count=count))
    return Text("\n").join([head, Text(err.render())])


def internal_error_view(exc: BaseException, lang: Lang | str) -> Text:
    message = str(exc).splitlines()[0] if str(exc) else ""
    head = Text(
        i18n.text("error.internal", lang, kind=type(exc).__name__, message=message), ERROR_STYLE
    )
    return Text("\n").join([head, Text(i18n.text("error.internal.hint", lang), NOTE_STYLE)])


def stdout_console() -> Console:
    """Rich reads COLUMNS and NO_COLOR itself, which is what makes fixed-width tests work."""
    return Console(highlight=False, soft_wrap=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)
