"""Rich tables for people at a terminal (or a file), drawn from the view rows.

What an inspector asks first comes first: the figures per directive and per unit, then the
problems (overdue, then late, worst first, each with its clause), then — on request — every
row. Tables read at 80 columns and up: units by the registry's short forms, the obligation's
words in a legend of the clauses cited rather than in a column, and every column a minimum
width so that none is squeezed to nothing. One record is one line wherever it fits, so
``grep`` finds it in a file.

Styles live here and only here. Tables read the same rows as JSON, CSV, HTML, Markdown and
XLSX; they pick the short display names the view prepared and never recompute anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from cli import i18n
from cli.render.texts import (
    INFERRED_MARK,
    PROVISIONAL_MARK,
    Texts,
    assumed_marks,
    clause_key,
    clause_text,
    due_text,
    percent,
    vn_date,
)
from engine import Disposition, Verdict

if TYPE_CHECKING:
    from engine import (
        CalendarEntry,
        CalendarView,
        CheckView,
        DeadlineInfo,
        Figures,
        InstanceRow,
        ObligationRow,
        OverdueView,
        PolicyNote,
        SelectionInfo,
        SubmissionRow,
        Summary,
        UnitBehind,
        UpcomingView,
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
    Disposition.NOT_REPORT: "dim",
}
SUBMISSION_ROW_STYLE: Mapping[Disposition, str] = {
    Disposition.MISROUTED: "red",
    Disposition.UNMATCHED: "red",
    Disposition.UNKNOWN_UNIT: "red",
    Disposition.INVALID: "red",
}
HEADER_STYLE = "bold"
TITLE_STYLE = "bold"
NOTE_STYLE = "dim"
TOTAL_STYLE = "bold"
LOW_RATE_STYLE = "red"  # an on-time rate under half
BOX = box.SIMPLE_HEAD  # a rule under the header, no verticals: rows read (and grep) as text
PADDING = (0, 1, 0, 0)  # two spaces between columns, none at the edges

VERDICT_ORDER = (Verdict.ON_TIME, Verdict.LATE, Verdict.OVERDUE, Verdict.PENDING, Verdict.EXEMPT)
DISPOSITION_ORDER = tuple(Disposition)
# Records that cannot be counted as they are: listed by default, like the problems.
ATTENTION = (Disposition.MISROUTED, Disposition.UNMATCHED, Disposition.UNKNOWN_UNIT,
             Disposition.INVALID)

# Minimum widths (characters): a column may wrap, never vanish. Numbers, dates and periods
# get exactly the width they need (``_fixed``), so only the names flex with the terminal.
UNIT_MIN = 14
UNIT_MAX = 48  # a long listing's unit column, however wide the terminal: the longest names
CLAUSE_MIN = 12
LEGEND_CLAUSE_MAX = 36  # the clauses' legend: what each asks needs the rest of the line
# From this many rows a listing gives one line per row (validate's records, the register's
# entries): a Rich table of 100,000 rows took a minute and 860 MB.
LARGE = 1000
# Below this many columns, a long listing's columns get the least room that still tells the
# names apart (validate's records, the register's entries, check's records).
COMPACT_BELOW = 110


# ---------------------------------------------------------------------------------------
# Small formatters


# what would break a line of a one-line-per-row listing, or move its columns: a line break
# or a tab typed into a cell (an id "012\n013", a period "2022-Q1\t")
_BREAKS = re.compile(r"[\t\n\v\f\r\x85\u2028\u2029]")


def fit(text: str, width: int) -> str:
    """``text`` on one line in exactly ``width`` terminal cells: padded, or cut with an
    ellipsis; a line break or a tab in it is a space."""
    if _BREAKS.search(text):
        text = _BREAKS.sub(" ", text)
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


class Fitted:
    """Lines already cut to ``width`` cells (``fit``), printed as they are where they fit:
    Rich would measure and wrap each again, five times the time of a listing of 100,000
    lines. Where the output is narrower (a file written from a narrow terminal), Rich wraps
    them as before: a line is never cropped."""

    def __init__(self, text: Text, width: int) -> None:
        self.text = text
        self.width = width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.width > options.max_width:
            yield self.text
            return
        yield from self.text.render(console)
        yield Segment.line()


def fitted_lines(lines: Iterable[Text], width: int) -> Iterator[Fitted]:
    """One line per row, each at most ``width`` cells, 500 to a renderable (``Fitted``),
    made as they are printed."""
    rows = iter(lines)
    while chunk := list(islice(rows, 500)):
        yield Fitted(Text("\n").join(chunk), width)


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


def _due_text(row: InstanceRow, marks: Mapping[str, str]) -> str:
    return due_text(row, marks)


def _footnotes(notes: Sequence[PolicyNote], texts: Texts,
               rows: Iterable[InstanceRow | CalendarEntry] = ()) -> list[Text]:
    """The assumed-policy marks, then † and ? when a row above carries them."""
    marks = assumed_marks(notes)
    out = [Text(texts.t("assumed.footnote", mark=marks[p.id], policy=p.id, text=p.text),
                NOTE_STYLE) for p in notes]
    rows = list(rows)
    if any(getattr(r, "recipient_inferred", False) or getattr(r, "reporter_inferred", False)
           for r in rows):
        out.append(Text(texts.t("inferred.footnote", mark=INFERRED_MARK), NOTE_STYLE))
    if any(r.due_provisional for r in rows):
        out.append(Text(texts.t("provisional.footnote", mark=PROVISIONAL_MARK), NOTE_STYLE))
    return out


def _new_table(title: str | None, headers: Sequence[tuple[str, dict[str, Any]]]) -> Table:
    table = Table(title=title, header_style=HEADER_STYLE, title_justify="left",
                  title_style=TITLE_STYLE, expand=False, box=BOX, pad_edge=False,
                  padding=PADDING, show_edge=False)
    for header, options in headers:
        table.add_column(header, **options)
    return table


def _fixed(header: str, values: Iterable[str], *, right: bool = False
           ) -> tuple[str, dict[str, Any]]:
    """A column exactly as wide as its longest value or the longest word of its header
    (the header wraps at its spaces): it never takes width the names need."""
    width = max([len(w) for w in header.split()] + [len(v) for v in values] + [1])
    options: dict[str, Any] = {"width": width, "overflow": "fold"}
    if right:
        options["justify"] = "right"
    return header, options


def _name(header: str, minimum: int = UNIT_MIN) -> tuple[str, dict[str, Any]]:
    return header, {"min_width": minimum, "overflow": "fold"}


def _clause_text(row: InstanceRow) -> str:
    """The directive and the clause: "103/CT-BTTTT III.3" (``texts.clause_text``)."""
    return clause_text(row)


# ---------------------------------------------------------------------------------------
# Figures: per directive and per unit


_FIGURE_KEYS = ("col.expected", "col.received_count", "col.on_time", "col.late",
                "col.overdue", "col.pending", "col.rate_on_time", "col.rate_received")


def _figures_values(f: Figures, texts: Texts) -> list[str]:
    n = texts.number
    return [n(f.expected), n(f.received), n(f.on_time), n(f.late), n(f.overdue),
            n(f.pending), percent(f.rate_on_time, texts.lang),
            percent(f.rate_received, texts.lang)]


def _figures_table(title: str, first: str, rows: Sequence[tuple[str, Figures]],
                   total: Figures | None, texts: Texts) -> Table:
    values = [_figures_values(f, texts) for _, f in rows]
    if total is not None:
        values.append(_figures_values(total, texts))
    headers = [_name(first, UNIT_MIN)] + [
        _fixed(texts.t(key), [v[i] for v in values], right=True)
        for i, key in enumerate(_FIGURE_KEYS)
    ]
    table = _new_table(title, headers)
    for (label, f), cells in zip(rows, values, strict=False):
        low = f.rate_on_time is not None and f.rate_on_time < 0.5
        styles = ["", "", "", "", "red" if f.overdue else "", "",
                  LOW_RATE_STYLE if low else "", ""]
        table.add_row(Text(label), *(Text(c, st) for c, st in zip(cells, styles, strict=True)))
    if total is not None:
        table.add_section()
        table.add_row(Text(texts.t("total")), *(Text(c) for c in values[-1]),
                      style=TOTAL_STYLE)
    return table


def directives_table(view: CheckView, texts: Texts) -> Table | None:
    if view.rates is None or not view.rates.directives:
        return None
    rows = [(r.label, r.figures) for r in view.rates.directives]
    total = view.rates.total if len(rows) > 1 else None
    return _figures_table(texts.t("title.by_directive"), texts.t("col.directive"), rows,
                          total, texts)


def units_table(view: CheckView, texts: Texts) -> Table | None:
    if view.rates is None or not view.rates.units:
        return None
    rows = [(r.label, r.figures) for r in view.rates.units]
    return _figures_table(texts.t("title.by_unit"), texts.t("col.unit"), rows, None, texts)


def rates_note(texts: Texts) -> Text:
    return Text(texts.t("rates.note"), NOTE_STYLE)


# ---------------------------------------------------------------------------------------
# Rows: problems first, every row on request


def problem_table(rows: Sequence[InstanceRow], verdict: Verdict, view: CheckView,
                  texts: Texts, marks: Mapping[str, str], *, total: int | None = None,
                  ids: bool = False) -> Table:
    """Overdue (or late) rows, worst first as the view ordered them; ``total``: how many
    there are when only the first ``rows`` are listed."""
    t = texts.t
    late = verdict is Verdict.LATE
    title_key = "title.late_rows" if late else "title.overdue_rows"
    headers = [
        _name(t("col.unit")),
        _name(t("col.clause_full"), CLAUSE_MIN),
        _fixed(t("col.period"), [_period_text(r) for r in rows]),
        _fixed(t("col.due"), [_due_text(r, marks) for r in rows]),
    ]
    if late:
        headers.append(_fixed(t("col.received"), [vn_date(r.received) for r in rows]))
    headers.append(_fixed(t("col.days_late" if late else "col.days_overdue"),
                          [_days(r) for r in rows], right=True))
    count = len(rows) if total is None else total
    table = _new_table(t(title_key, count=count, date=vn_date(view.as_of)), headers)
    for row in rows:
        cells = [_with_id(row.reporter_label, row.reporter, ids),
                 _with_id(_clause_text(row), row.obligation, ids), Text(_period_text(row)),
                 Text(_due_text(row, marks))]
        if late:
            cells.append(Text(vn_date(row.received)))
        cells.append(Text(_days(row), VERDICT_STYLE[verdict]))
        table.add_row(*cells)
    return table


def _with_id(label: str, ident: str, ids: bool) -> Text:
    """A label, and under it (--ids) the id that JSON, --requests and explain use."""
    text = Text(label)
    if ids:
        text.append("\n" + ident, NOTE_STYLE)
    return text


def instances_table(view: CheckView, texts: Texts,
                    rows: Sequence[InstanceRow] | None = None, *, ids: bool = False) -> Table:
    """One row per expected report; overdue and late rows carry a row style."""
    t = texts.t
    marks = assumed_marks(view.assumed)
    shown = view.instances if rows is None else rows
    verdicts = [i18n.verdict(r.verdict, texts.lang) for r in shown]
    table = _new_table(
        t("title.instances", date=vn_date(view.as_of)),
        [
            _name(t("col.unit")),
            _name(t("col.clause_full"), CLAUSE_MIN),
            _fixed(t("col.period"), [_period_text(r) for r in shown]),
            _fixed(t("col.due"), [_due_text(r, marks) for r in shown]),
            _fixed(t("col.received"), [vn_date(r.received) for r in shown]),
            (t("col.verdict"), {"min_width": min(8, max(map(len, verdicts), default=1)),
                                "overflow": "fold"}),
            _fixed(t("col.days"), [_days(r) for r in shown], right=True),
        ],
    )
    for row, verdict in zip(shown, verdicts, strict=True):
        table.add_row(
            _with_id(row.reporter_label, row.reporter, ids),
            _with_id(_clause_text(row), row.obligation, ids),
            Text(_period_text(row)),
            Text(_due_text(row, marks)),
            Text(vn_date(row.received)),
            Text(verdict, VERDICT_STYLE[row.verdict]),
            Text(_days(row)),
            style=ROW_STYLE.get(row.verdict),
        )
    return table


def _flex(width: int, fixed: int, columns: int, shares: Sequence[tuple[float, int]]
          ) -> list[int]:
    """The widths of the columns that flex, given the width left by ``fixed`` cells and the
    ``columns`` spaces between: each its share of what is left, never under its minimum."""
    left = max(0, width - fixed - columns)
    return [max(minimum, int(left * share)) for share, minimum in shares]


_LINE_COLUMNS = ("names", "period", "due", "received", "verdict", "days")
_OWN_COLUMN = 22  # cells the unit, or the clause, needs to be a column of its own


def instance_lines(rows: Sequence[InstanceRow], title: str, texts: Texts,
                   marks: Mapping[str, str], *, ids: bool = False, width: int = 120,
                   columns: Sequence[str] = _LINE_COLUMNS,
                   days: str = "col.days") -> list[RenderableType]:
    """A long listing of reports (more than ``LARGE``), one line each, cut to the width: the
    ``columns`` of ``_LINE_COLUMNS`` and "basis", in their order ("names": the unit and the
    clause; ``days``: that column's header). A Rich table of 100,000 reports took 83 s and
    1.2 GB; a national run owes a million. Where the width leaves them too little room apart,
    the unit and the clause share one column ("Sở Tư pháp Điện Biên · 893/CT-UBND IV"), so
    that the unit's name is whole. Every field: --format csv or json."""
    t = texts.t
    verdicts = {v: i18n.verdict(v, texts.lang) for v in Verdict}
    cell: dict[str, Callable[[InstanceRow], str]] = {
        "period": _period_text, "due": lambda r: _due_text(r, marks),
        "received": lambda r: vn_date(r.received), "verdict": lambda r: verdicts[r.verdict],
        "days": _days, "basis": lambda r: _basis_cell(r.due_basis, r.due_policy, marks, texts)}
    others = [c for c in columns if c != "names"]
    heads = {c: t(days if c == "days" else f"col.{c}") for c in others}
    size: dict[str, int] = {}
    for c in others:
        if c == "received":
            size[c] = max(len(heads[c]), 10)
        elif c == "verdict":
            size[c] = max(len(heads[c]), *map(len, verdicts.values()))
        else:  # a task's window ("01/02/2024–15/02/2024") is cut: the names need the room
            longest = max(len(heads[c]), max((len(cell[c](r)) for r in rows), default=1))
            size[c] = min(12, longest) if c == "period" else longest
    fixed = sum(size.values())
    # the unit and the clause in columns of their own where each gets 22 cells and more
    compact = width - fixed - len(others) - 1 < 2 * _OWN_COLUMN
    if compact and "period" in size:
        size["period"] = min(size["period"], max(9, len(heads["period"])))
        fixed = sum(size.values())
    if compact:
        flex = _flex(width, fixed, len(others), ((1.0, UNIT_MIN),))
        named = [f"{t('col.unit')} · {t('col.clause_full')}"]
    else:
        flex = _flex(width, fixed, len(others) + 1, ((0.55, UNIT_MIN), (0.45, CLAUSE_MIN)))
        named = [t("col.unit"), t("col.clause_full")]

    def label(text: str, ident: str) -> str:
        return f"{text} [{ident}]" if ids else text

    def header() -> Text:
        cells = []
        for c in columns:
            if c == "names":
                cells += [fit(h, n) for h, n in zip(named, flex, strict=True)]
            else:
                cells.append(heads[c].rjust(size[c]) if c == "days" else fit(heads[c], size[c]))
        return Text(" ".join(cells), HEADER_STYLE)

    def lines() -> Iterator[Text]:
        yield header()
        for row in rows:
            line = Text(style=ROW_STYLE.get(row.verdict, ""))
            for n, c in enumerate(columns):
                if n:
                    line.append(" ")
                if c == "names":
                    unit = label(row.reporter_label, row.reporter)
                    clause = label(_clause_text(row), row.obligation)
                    line.append(fit(f"{unit} · {clause}", flex[0]) if compact else
                                f"{fit(unit, flex[0])} {fit(clause, flex[1])}")
                elif c == "verdict":
                    line.append(fit(cell[c](row), size[c]), VERDICT_STYLE[row.verdict])
                elif c == "days":
                    line.append(cell[c](row).rjust(size[c]))
                elif c == "basis" and row.due_basis == "assumed":
                    line.append(fit(cell[c](row), size[c]), NOTE_STYLE)
                else:
                    line.append(fit(cell[c](row), size[c]))
            yield line

    total = fixed + sum(flex) + len(others) + len(flex) - 1
    return [*([Text(title, TITLE_STYLE)] if title else []), *fitted_lines(lines(), total),
            Text(t("large.listing"), NOTE_STYLE)]


def clauses_legend(rows: Iterable[InstanceRow], texts: Texts) -> RenderableType | None:
    """Each clause cited by the rows above, once: what it asks, and to whom."""
    seen: dict[tuple[str, str, str], InstanceRow] = {}
    for row in rows:
        seen.setdefault(clause_key(row), row)
    if not seen:
        return None
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(max_width=LEGEND_CLAUSE_MAX)  # a clause with its plans' aliases wraps
    grid.add_column(overflow="fold")
    for row in sorted(seen.values(), key=lambda r: (r.directive_label, r.clause)):
        what = Text(row.summary)
        what.append(" → " + _recipient(row, texts), NOTE_STYLE)
        grid.add_row(Text(_clause_text(row)), what)
    return Group(Text(texts.t("title.clauses"), TITLE_STYLE), grid)


def submissions_table(view: CheckView, texts: Texts,
                      rows: Sequence[SubmissionRow] | None = None,
                      title_key: str = "title.submissions") -> RenderableType:
    """One block per record: a line with its id, unit, period, receipt date and
    disposition (what grep finds), then its reasons, indented, wrapped to the width."""
    t = texts.t
    blocks: list[RenderableType] = [Text(t(title_key), TITLE_STYLE)]
    for row in view.submissions if rows is None else rows:
        period = row.period_label
        if row.period_inferred:
            period += " " + t("period.inferred")
        head = Text(row.id, "bold")
        for part in (row.reporter_label, period, row.received_label):
            if part:
                head.append("  " + part)
        head.append("  ")
        head.append(i18n.disposition(row.disposition, texts.lang),
                    DISPOSITION_STYLE[row.disposition])
        blocks.append(head)
        reasons = texts.reasons(row.reasons)
        if reasons:
            blocks.append(Padding(Text(reasons, SUBMISSION_ROW_STYLE.get(row.disposition, "")),
                                  (0, 0, 0, 4)))
    return Group(*blocks)


def submission_lines(rows: Sequence[SubmissionRow], title: str, texts: Texts,
                     width: int = 120) -> list[RenderableType]:
    """A long listing of records (more than ``LARGE``): a line for each, cut to the width —
    the record, its unit, period, receipt and disposition — and under it, when anything is
    said of it, its reasons on one indented line, as much as the width holds (all of them:
    --format csv or json, or ``baocao explain --submission``)."""
    t = texts.t
    said = max(len(i18n.disposition(d, texts.lang)) for d in Disposition)
    fixed = [12, 9, 10, said] if width < COMPACT_BELOW else [14, 16, 10, said]
    unit = min(UNIT_MAX, _flex(width, sum(fixed), 4, ((1.0, UNIT_MIN),))[0])
    sizes = [fixed[0], unit, *fixed[1:]]
    heads = (t("col.submission"), t("col.reporter"), t("col.period"), t("col.submitted_on"),
             t("col.result"))

    def lines() -> Iterator[Text]:
        yield Text(" ".join(fit(h, n) for h, n in zip(heads, sizes, strict=True)),
                   HEADER_STYLE)
        for row in rows:
            period = row.period_label
            if row.period_inferred:
                period += " " + t("period.inferred")
            line = Text(" ".join(fit(c, n) for c, n in zip(
                (row.id, row.reporter_label, period, row.received_label), sizes,
                strict=False)) + " ")
            line.append(fit(i18n.disposition(row.disposition, texts.lang), sizes[4]),
                        DISPOSITION_STYLE[row.disposition])
            yield line
            reasons = texts.reasons(row.reasons).replace("\n", " ")
            if reasons:
                yield Text("    " + fit(reasons, sum(sizes) + len(sizes) - 5),
                           SUBMISSION_ROW_STYLE.get(row.disposition, ""))

    return [Text(title, TITLE_STYLE), *fitted_lines(lines(), sum(sizes) + len(sizes) - 1),
            Text(t("large.listing"), NOTE_STYLE)]


def _count_line(
    heading: str,
    counts: Mapping[str, int],
    order: Sequence[Any],
    label: Callable[[Any], str],
    style: Mapping[Any, str],
    number: Callable[[int], str],
    heading_style: str = HEADER_STYLE,
) -> Text:
    line = Text(heading, heading_style)
    line.append(" — ")
    for index, key in enumerate(order):
        if index:
            line.append(" · ")
        count = counts.get(key.value, 0)
        line.append(f"{label(key)} {number(count)}", style.get(key, "") if count else "")
    return line


def summary_panel(summary: Summary, view: CheckView, texts: Texts) -> Panel:
    """Counts of every verdict and every disposition, zeros included, so absence is visible."""
    lang = texts.lang
    reports = summary.reports or summary.instances
    lines = [
        _count_line(
            texts.t("summary.instances", total=reports["total"]),
            reports, VERDICT_ORDER, lambda v: i18n.verdict(v, lang), VERDICT_STYLE,
            texts.number,
        ),
    ]
    if reports["total"] != summary.instances["total"]:
        lines.append(_count_line(
            texts.t("summary.per_plan", total=summary.instances["total"]),
            summary.instances, VERDICT_ORDER, lambda v: i18n.verdict(v, lang), {},
            texts.number, heading_style=NOTE_STYLE))
    lines += [
        _count_line(
            texts.t("summary.submissions", total=summary.submissions["total"]),
            summary.submissions, DISPOSITION_ORDER, lambda d: i18n.disposition(d, lang),
            DISPOSITION_STYLE, texts.number,
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


def selection_text(selection: SelectionInfo | None, texts: Texts) -> str:
    """What the filters selected, in words: "văn bản 103/CT-BTTTT · kỳ 2022 · ..."."""
    if selection is None:
        return ""
    t = texts.t
    parts = []
    if selection.directive:
        parts.append(t("scope.directive", directive=selection.directive))
    if selection.units is not None:
        names = ", ".join(texts.unit_label(u) for u in selection.units[:3])
        more = len(selection.units) - 3
        parts.append(t("scope.unit", unit=names + (f" (+{more})" if more > 0 else "")))
    if selection.period:
        parts.append(t("scope.period", period=selection.period))
    if selection.office:
        parts.append(t("scope.office", office=texts.unit_label(selection.office)))
    parts.append(t("scope.window", since=vn_date(selection.since),
                   as_of=vn_date(selection.as_of)))
    return " · ".join(parts)


def empty_selection(view: CheckView, texts: Texts, key: str = "empty.instances") -> Text:
    """Nothing is owed in the selection: say so, what it was, and what would widen it."""
    t = texts.t
    sel = view.selection
    lines = [t(key, scope=selection_text(sel, texts))]
    widen = []
    if sel is not None:
        if sel.period:
            widen.append(t("widen.period"))
        if sel.directive:
            widen.append(t("widen.directive"))
        if sel.units is not None:
            widen.append(t("widen.unit"))
        widen.append(t("widen.since", since=vn_date(sel.since)))
        widen.append(t("widen.as_of", as_of=vn_date(sel.as_of)))
    if widen:
        lines.append(t("widen.heading") + " " + "; ".join(widen) + ".")
    return Text("\n".join(lines), NOTE_STYLE)


DEFAULT_LIMIT = 10  # a screenful: rows of each list (overdue, late, records, units) a
# terminal table lists without --all or --limit


def check_view(view: CheckView, texts: Texts, *, every_row: bool = False,
               ids: bool = False, width: int = 120) -> list[RenderableType]:
    """Everything `baocao check` prints as a table, in order: what an inspector asks first
    (the scope, the counts, the figures per directive, the units furthest behind and what
    each is missing), then the problems the view's listing chose — each list with how many
    more there are and the option that lists them — the clauses they cite, and the records
    that need attention. ``every_row`` (--all): every report and record, and the figures
    per unit. Past ``LARGE`` rows a list is one line per row, cut to ``width``."""
    t = texts.t
    totals = view.totals
    parts: list[RenderableType] = [
        Text(t("title.check", date=vn_date(view.as_of)), TITLE_STYLE),
        Text(selection_text(view.selection, texts), NOTE_STYLE),
    ]
    if not view.instances:
        parts.append(empty_selection(view, texts))
    else:
        parts += [Text(""), summary_panel(view.summary, view, texts), Text(""),
                  *_present(directives_table(view, texts))]
        if every_row:
            parts += _present(units_table(view, texts))
        parts.append(rates_note(texts))
        if not every_row and not view.verdicts:
            parts += _behind(view, texts, ids)
        marks = assumed_marks(view.assumed)
        listed: Sequence[InstanceRow]
        if every_row or view.verdicts:
            listed = view.listed
            if listed:
                parts.append(Text(""))
                parts += (instance_lines(listed, t("title.instances", date=vn_date(view.as_of)),
                                         texts, marks, ids=ids, width=width)
                          if len(listed) > LARGE
                          else [instances_table(view, texts, listed, ids=ids)])
                parts += _rest(totals.get("listed", 0) - len(listed), texts)
            else:
                parts += [Text(""), Text(t("empty.verdicts"), NOTE_STYLE)]
        else:
            listed = [*view.overdue, *view.late]
            for verdict, problems in ((Verdict.OVERDUE, view.overdue),
                                      (Verdict.LATE, view.late)):
                total = totals.get(verdict.value, len(problems))
                if len(problems) > LARGE:  # --limit N of a national run
                    late = verdict is Verdict.LATE
                    parts += [Text(""), *instance_lines(
                        problems, t("title.late_rows" if late else "title.overdue_rows",
                                    count=total, date=vn_date(view.as_of)),
                        texts, marks, ids=ids, width=width,
                        columns=("names", "period", "due", "received", "days") if late
                        else ("names", "period", "due", "days"),
                        days="col.days_late" if late else "col.days_overdue")]
                elif problems:
                    parts += [Text(""), problem_table(problems, verdict, view, texts, marks,
                                                      total=total, ids=ids)]
                parts += _rest(total - len(problems), texts, verdict)
            if not totals.get("overdue") and not totals.get("late"):
                parts += [Text(""), Text(t("no_problems", date=vn_date(view.as_of)), "green")]
        legend = clauses_legend(listed, texts)
        if legend is not None:
            parts += [Text(""), legend]
        parts.extend(_footnotes([p for p in view.assumed
                                 if any(r.due_policy == p.id for r in listed)], texts, listed))
    records = view.submissions if every_row else view.attention
    if records:
        key = "title.submissions" if every_row else "title.attention"
        parts.append(Text(""))
        parts += (submission_lines(records, t(key), texts, width) if len(records) > LARGE
                  else [submissions_table(view, texts, records, key)])
        left = totals.get("attention", 0) - len(records)
        if not every_row and left > 0:
            parts.append(Text(t("rest.records", count=left), NOTE_STYLE))
    if not view.instances:
        parts += [Text(""), summary_panel(view.summary, view, texts)]
    if not every_row and view.instances:
        parts.append(Text(t("hint.more"), NOTE_STYLE))
    return parts


def _rest(count: int, texts: Texts, verdict: Verdict | None = None) -> list[RenderableType]:
    """How many rows were left out, and the options that list them."""
    if count <= 0:
        return []
    key = _REST.get(verdict, "rest.rows")
    return [Text(texts.t(key, count=count), NOTE_STYLE)]


_REST: dict[Verdict | None, str] = {Verdict.OVERDUE: "rest.overdue", Verdict.LATE: "rest.late"}


BEHIND_ITEMS = 3  # missing reports named per unit in the "furthest behind" table


def _behind(view: CheckView, texts: Texts, ids: bool) -> list[RenderableType]:
    from engine import BEHIND_SHOWN, units_behind  # the engine's views: not at --help

    behind = units_behind(view.instances, limit=None, items=BEHIND_ITEMS)
    if not behind:
        return []
    return [Text(""), behind_table(behind[:BEHIND_SHOWN], len(behind), texts, ids)]


def _missing_text(unit: UnitBehind, texts: Texts) -> str:
    """Its missing reports, grouped by clause: "103/CT-BTTTT III.3 (1): 2022-Q1, 2022-Q2;
    20/CT-BTTTT Đoạn kết: 2022-H1 (+3)"."""
    groups: dict[str, list[str]] = {}
    for m in unit.missing:
        groups.setdefault(f"{m.directive_label} {m.clause}".strip(), []).append(m.period)
    text = "; ".join(f"{clause}: {', '.join(periods)}" for clause, periods in groups.items())
    if unit.missing_more:
        text += " " + texts.t("behind.more", count=unit.missing_more)
    return text


def behind_table(units: Sequence[UnitBehind], total: int, texts: Texts,
                 ids: bool = False) -> Table:
    """The units furthest behind (engine/views/behind.py): how many reports each owes, the
    longest delay, and which reports (clause and period)."""
    t = texts.t
    table = _new_table(t("title.behind", count=len(units), total=total), [
        _name(t("col.unit")),
        _fixed(t("col.behind_overdue"), [texts.number(u.overdue) for u in units], right=True),
        _fixed(t("col.behind_longest"), [str(u.longest) for u in units], right=True),
        _name(t("col.behind_missing"), CLAUSE_MIN),
    ])
    for u in units:
        table.add_row(_with_id(u.unit_label or u.unit_name, u.unit, ids),
                      Text(texts.number(u.overdue), VERDICT_STYLE[Verdict.OVERDUE]),
                      Text(str(u.longest)), Text(_missing_text(u, texts)))
    return table


def _present(table: Table | None) -> list[RenderableType]:
    return [table, Text("")] if table is not None else []


# ---------------------------------------------------------------------------------------
# overdue


def overdue_view(view: OverdueView, texts: Texts, *, every_row: bool = False,
                 ids: bool = False, width: int = 120) -> list[RenderableType]:
    """The units with overdue reports, worst first (as the view orders them): by default one
    row per unit naming what it is missing, for the units the view's listing chose; with
    ``every_row`` (--all) one row per report with the unit on every row, so that a line
    found by grep says whose it is."""
    t = texts.t
    if not view.groups:
        return [Text(t("empty.overdue", date=vn_date(view.as_of)), "green")]
    marks = assumed_marks(view.assumed)
    total = view.reports or sum(len(g.items) for g in view.groups)
    title = t("title.overdue", date=vn_date(view.as_of), count=total,
              units=view.units or len(view.groups))
    if not every_row:
        return _overdue_units(view, texts, title, ids)
    everything = [r for g in view.groups for r in g.items]
    shown = (instance_lines(everything, title, texts, marks, ids=ids, width=width,
                            columns=("names", "period", "due", "days"),
                            days="col.days_overdue")
             if len(everything) > LARGE  # a national run: a line per report
             else [_overdue_reports(view, title, marks, everything, texts, ids)])
    legend = clauses_legend(everything, texts)
    return [*shown, *([legend] if legend is not None else []),
            *_footnotes(view.assumed, texts, everything)]


def _overdue_reports(view: OverdueView, title: str, marks: Mapping[str, str],
                     everything: Sequence[InstanceRow], texts: Texts, ids: bool) -> Table:
    """``overdue --all`` as a table: a row per report, the unit in bold on its first."""
    t = texts.t
    table = _new_table(
        title,
        [
            _name(t("col.unit")),
            _name(t("col.clause_full"), CLAUSE_MIN),
            _fixed(t("col.period"), [_period_text(r) for r in everything]),
            _fixed(t("col.due"), [_due_text(r, marks) for r in everything]),
            _fixed(t("col.days_overdue"), [str(r.days_overdue) for r in everything],
                   right=True),
        ],
    )
    for index, group in enumerate(view.groups):
        if index:
            table.add_section()
        for position, row in enumerate(group.items):
            unit = _with_id(group.unit_label, group.unit, ids and position == 0)
            unit.stylize("bold" if position == 0 else NOTE_STYLE, 0, len(group.unit_label))
            table.add_row(
                unit,
                _with_id(_clause_text(row), row.obligation, ids),
                Text(_period_text(row)),
                Text(_due_text(row, marks)),
                Text(str(row.days_overdue), VERDICT_STYLE[Verdict.OVERDUE]),
            )
    return table


def _overdue_units(view: OverdueView, texts: Texts, title: str, ids: bool
                   ) -> list[RenderableType]:
    """One row per unit: how many reports, the longest delay, and every report it is missing
    (clause: periods); then how many more units there are and how to see them."""
    t = texts.t
    from engine import units_behind  # the engine's views: not at --help

    groups = view.groups
    units = [units_behind(g.items, limit=1)[0] for g in groups]
    table = _new_table(title, [
        _name(t("col.unit")),
        _fixed(t("col.behind_overdue"), [texts.number(u.overdue) for u in units], right=True),
        _fixed(t("col.behind_longest"), [str(u.longest) for u in units], right=True),
        _name(t("col.behind_missing"), CLAUSE_MIN),
    ])
    for u, g in zip(units, groups, strict=True):
        table.add_row(_with_id(g.unit_label, g.unit, ids),
                      Text(texts.number(u.overdue), VERDICT_STYLE[Verdict.OVERDUE]),
                      Text(str(u.longest)), Text(_missing_text(u, texts)))
    parts: list[RenderableType] = [table]
    rest = view.units - len(groups)
    if rest > 0:
        parts.append(Text(t("rest.units", units=rest, count=view.reports - sum(
            len(g.items) for g in groups)), NOTE_STYLE))
    listed = [r for g in groups for r in g.items]
    legend = clauses_legend(listed, texts)
    if legend is not None:
        parts += [Text(""), legend]
    # no due date is shown here: the assumed-deadline marks are --all's
    parts.extend(_footnotes([], texts, listed))
    parts.append(Text(t("hint.overdue"), NOTE_STYLE))
    return parts


# ---------------------------------------------------------------------------------------
# rules show: one block per obligation (a label column and a value column), which reads at
# any width where eight columns side by side cannot.


def deadline_text(row: ObligationRow, texts: Texts) -> str:
    """The deadline as the text states it, or each scheduled period's own."""
    own = [e for e in row.schedule if e.deadline is not None]
    if own:
        # the reports without a deadline of their own keep the obligation's
        rest = [e.period for e in row.schedule if e.deadline is None]
        lines = [f"{_codes_span(rest)}: {_one_deadline(row.deadline, texts)}"] if rest else []
        return "\n".join(lines + [f"{e.period}: {_one_deadline(e.deadline, texts)}"
                                   for e in own])
    return _one_deadline(row.deadline, texts)


def _codes_span(codes: list[str]) -> str:
    """"M1–M12" for the twelve months in a row, else the codes listed."""
    months = [f"M{m}" for m in range(1, 13)]
    if codes == months:
        return "M1–M12"
    return ", ".join(codes)


def _one_deadline(deadline: DeadlineInfo | None, texts: Texts) -> str:
    if deadline is None:
        return texts.t("deadline.none")
    if deadline.basis == "assumed":
        policy = deadline.policy or "?"
        return texts.t("assumed.prefix", policy=policy, text=deadline.description or policy)
    words = deadline.words or ""
    rendered = i18n.reading(deadline.reading, texts.lang)
    return f"“{words}” ({rendered})" if words else rendered


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


def rules_table(rows: Sequence[ObligationRow], texts: Texts, *, ids: bool = False
                ) -> RenderableType:
    """Every obligation as the engine normalised it, one block each: heading (directive,
    clause, what it asks), then who, to whom, how often, by when, in force, the words."""
    t = texts.t
    if not rows:
        return Text(t("empty.rules"), NOTE_STYLE)
    blocks: list[RenderableType] = [Text(t("title.rules_count", count=len(rows)), TITLE_STYLE)]
    for row in rows:
        activity = not row.evaluated
        style = NOTE_STYLE if row.on_request or activity else ""
        head = Text(f"{row.directive_label} {row.clause or row.citation.section}", "bold")
        head.append(" — " + row.summary, style)
        if row.on_request:
            head.append(" (" + t("on_request") + ")", NOTE_STYLE)
        if activity:
            head.append(" (" + t("activity") + ")", NOTE_STYLE)
        grid = Table.grid(padding=(0, 1), pad_edge=True)
        grid.add_column(no_wrap=True, style=NOTE_STYLE)
        grid.add_column(overflow="fold")
        reporters = "; ".join(row.reporter_labels)
        grid.add_row(" " + t("col.doers" if activity else "col.reporters"), Text(reporters, style))
        if row.members_inferred:
            grid.add_row("", Text(t("members.inferred", reason=" ".join(row.membership)),
                                  NOTE_STYLE))
        if activity:
            if row.recipient:
                grid.add_row(" " + t("col.addressee"), Text(_recipient(row, texts), style))
            if row.windows:
                grid.add_row(" " + t("col.time_frame"), Text(", ".join(row.windows), style))
        else:
            recipient = _recipient(row, texts)
            if row.recipient_inferred:
                recipient += " " + t("inferred")
            grid.add_row(" " + t("col.recipient"), Text(recipient, style))
            if row.after:  # a summary of other duties' reports
                grid.add_row(" " + t("col.after"), Text("; ".join(row.after), style))
            grid.add_row(" " + t("col.frequency"), Text(_frequency_text(row, texts), style))
            grid.add_row(" " + t("col.deadline"), Text(deadline_text(row, texts), style))
        grid.add_row(" " + t("col.in_force"), Text(_in_force_text(row, texts), style))
        grid.add_row(" " + t("col.citation"), Text(f"“{row.citation.text}”", NOTE_STYLE))
        if ids:
            grid.add_row(" " + t("col.id"), Text(f"{row.directive.id}/{row.id}", NOTE_STYLE))
        blocks += [Text(""), head, grid]
    if not ids:
        blocks += [Text(""), Text(t("hint.rules_ids"), NOTE_STYLE)]
    return Group(*blocks)


# ---------------------------------------------------------------------------------------
# upcoming and calendar


def _basis_cell(basis: str, policy: str | None, marks: Mapping[str, str], texts: Texts) -> str:
    if basis == "assumed":
        return texts.t("basis.assumed_short", mark=marks.get(policy or "", "*"))
    return texts.t("basis.stated_short")


def upcoming_table(view: UpcomingView, texts: Texts, width: int = 120
                   ) -> list[RenderableType]:
    """Each report due in the window: when, who owes it, under which clause (the legend says
    to whom), whether the date is stated or assumed, and whether it has already arrived."""
    t = texts.t
    head = [Text(t("title.upcoming", start=vn_date(view.as_of), end=vn_date(view.until)),
                 TITLE_STYLE),
            Text(selection_text(view.selection, texts).rsplit(" · ", 1)[0]
                 if view.selection and (view.selection.directive or view.selection.units)
                 else "", NOTE_STYLE)]
    if not view.items:
        return [*head, Text(t("empty.upcoming"), NOTE_STYLE)]
    marks = assumed_marks(view.assumed)
    rows = view.items
    shown = (instance_lines(rows, "", texts, marks, width=width,
                            columns=("due", "names", "period", "basis", "received"))
             if len(rows) > LARGE  # months of a national run: a line per report
             else [_upcoming_reports(rows, marks, texts)])
    legend = clauses_legend(rows, texts)
    return [*head, *shown, *([legend] if legend is not None else []),
            *_footnotes(view.assumed, texts, rows)]


def _upcoming_reports(rows: Sequence[InstanceRow], marks: Mapping[str, str],
                      texts: Texts) -> Table:
    t = texts.t
    table = _new_table(None, [
        _fixed(t("col.due"), [_due_text(r, marks) for r in rows]),
        _name(t("col.unit")),
        _name(t("col.clause_full"), CLAUSE_MIN),
        _fixed(t("col.period"), [_period_text(r) for r in rows]),
        _fixed(t("col.basis"), [_basis_cell(r.due_basis, r.due_policy, marks, texts)
                                for r in rows]),
        _fixed(t("col.received"), [vn_date(r.received) for r in rows]),
    ])
    for row in rows:
        table.add_row(Text(_due_text(row, marks)), Text(row.reporter_label),
                      Text(_clause_text(row)), Text(_period_text(row)),
                      Text(_basis_cell(row.due_basis, row.due_policy, marks, texts),
                           NOTE_STYLE if row.due_basis == "assumed" else ""),
                      Text(vn_date(row.received), "green"))
    return table


def _reporters_cell(labels: Sequence[str], texts: Texts) -> str:
    if len(labels) <= 2:
        return "; ".join(labels)
    return texts.t("reporters.more", first=labels[0], count=len(labels) - 1)


def calendar_table(view: CalendarView, texts: Texts) -> list[RenderableType]:
    """Every due date of the year with its NĐ 09/2019 data window, who owes it and whether
    the date is stated or assumed."""
    t = texts.t
    title = Text(t("title.calendar", year=view.year, count=len(view.entries)), TITLE_STYLE)
    if not view.entries:
        return [title, Text(t("empty.calendar", year=view.year), NOTE_STYLE)]
    marks = assumed_marks(view.assumed)
    entries = view.entries

    def window(e: CalendarEntry) -> str:
        if e.cutoff_from and e.cutoff_to:
            return f"{vn_date(e.cutoff_from)}– {vn_date(e.cutoff_to)}"
        return ""

    def due(e: CalendarEntry) -> str:
        return due_text(e, marks)

    def reporters(e: CalendarEntry) -> str:
        cell = _reporters_cell(e.reporter_labels, texts)
        if view.reports_read:
            cell += " " + t("cell.received", count=len(e.received),
                            total=len(e.reporters))
        return cell

    table = _new_table(None, [
        _fixed(t("col.due"), [due(e) for e in entries]),
        _name(t("col.clause_full"), CLAUSE_MIN),
        _fixed(t("col.period"), [e.period for e in entries]),
        _fixed(t("col.cutoff"), [w for e in entries for w in window(e).split()]),
        _name(t("col.reporters"), UNIT_MIN),
        _fixed(t("col.basis"), [_basis_cell(e.due_basis, e.due_policy, marks, texts)
                                for e in entries]),
    ])
    for e in entries:
        table.add_row(Text(due(e)), Text(f"{e.directive_label} {e.clause}"), Text(e.period),
                      Text(window(e)), Text(reporters(e)),
                      Text(_basis_cell(e.due_basis, e.due_policy, marks, texts),
                           NOTE_STYLE if e.due_basis == "assumed" else ""))
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(max_width=LEGEND_CLAUSE_MAX)  # a clause with its plans' aliases wraps
    grid.add_column(overflow="fold")
    seen: set[tuple[str, str]] = set()
    for e in entries:
        if (e.directive_id, e.obligation) in seen:
            continue
        seen.add((e.directive_id, e.obligation))
        what = Text(e.summary)
        recipient = e.recipient_label + (" " + t("via", unit=e.via_label) if e.via else "")
        what.append(" → " + recipient, NOTE_STYLE)
        grid.add_row(Text(f"{e.directive_label} {e.clause}"), what)
    return [title, table, Group(Text(t("title.clauses"), TITLE_STYLE), grid),
            *_footnotes(view.assumed, texts, view.entries), Text(t("note.calendar"), NOTE_STYLE)]


def render_plain(parts: Sequence[RenderableType], width: int = 120) -> str:
    """The parts as plain text at a fixed width (for -o FILE): no colour, no terminal."""
    from io import StringIO

    from cli.render.safe import SafeConsole

    buffer = StringIO()
    console = SafeConsole(width=width, no_color=True, file=buffer, color_system=None,
                          highlight=False, soft_wrap=False, markup=False)
    for part in parts:
        console.print(part)
    return buffer.getvalue()
