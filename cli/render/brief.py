"""The meeting brief as sections of typed cells, prepared once for HTML, Markdown and XLSX.

Each section is a title, headers and rows whose cells keep their type (text, whole number,
rate, date), so that XLSX writes real numbers and dates while HTML and Markdown write them as
Vietnamese offices do (``01/03/2023``, ``45,2%``). Nothing is computed here: the figures,
rates and orders are the view's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cli import i18n
from cli.render.texts import (
    INFERRED_MARK,
    PROVISIONAL_MARK,
    Texts,
    assumed_marks,
    clause_key,
    clause_text,
    percent,
    vn_date,
)

if TYPE_CHECKING:
    from engine import BriefView, Figures, InstanceRow


@dataclass(frozen=True)
class Rate:
    """A rate the view computed (a fraction, rounded down), to be shown as a percentage."""

    value: float | None


Cell = str | int | date | Rate | None


@dataclass(frozen=True)
class Section:
    key: str  # stable: html ids, sheet order
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""


def cell_text(cell: Cell, texts: Texts) -> str:
    """A cell as HTML and Markdown write it."""
    if cell is None:
        return ""
    if isinstance(cell, Rate):
        return percent(cell.value, texts.lang)
    if isinstance(cell, date):
        return vn_date(cell)
    return str(cell)


def _figures(f: Figures) -> tuple[Cell, ...]:
    return (f.expected, f.received, f.on_time, f.late, f.overdue, f.pending,
            Rate(f.rate_on_time), Rate(f.rate_received))


def _figure_headers(texts: Texts) -> tuple[str, ...]:
    t = texts.t
    return (t("col.expected_long"), t("col.received_long"), t("col.on_time"), t("col.late"),
            t("col.overdue"), t("col.pending_long"), t("col.rate_on_time_long"),
            t("col.rate_received_long"))


def basis(row: InstanceRow, marks: dict[str, str], texts: Texts) -> str:
    if row.due_basis == "assumed":
        text = texts.t("brief.assumed", mark=marks.get(row.due_policy or "", "*"),
                       policy=row.due_policy or "")
    else:
        text = texts.t("basis.stated_short")
    return text + f" {PROVISIONAL_MARK}" if row.due_provisional else text


def clause(row: InstanceRow) -> str:
    return clause_text(row)


def recipient(row: InstanceRow, texts: Texts) -> str:
    text = row.recipient_label
    if row.via:
        text += " " + texts.t("via", unit=row.via_label)
    return text


def headline(view: BriefView, texts: Texts) -> list[tuple[str, str]]:
    """The figures a committee reads first, as (label, value) pairs."""
    t, f = texts.t, view.figures
    return [
        (t("brief.h.expected"), str(f.expected)),
        (t("brief.h.rate_on_time"), percent(f.rate_on_time, texts.lang)),
        (t("brief.h.rate_received"), percent(f.rate_received, texts.lang)),
        (t("brief.h.overdue"), t("brief.h.overdue_value", count=f.overdue,
                                  units=view.units_overdue)),
        (t("brief.h.late"), str(f.late)),
        (t("brief.h.upcoming"), str(len(view.upcoming))),
    ]


def sections(view: BriefView, texts: Texts) -> list[Section]:
    t = texts.t
    marks = assumed_marks(view.assumed)
    f = view.figures
    scope = scope_text(view, texts)
    out = [Section("summary", t("brief.s.summary"), (t("brief.col.item"), t("brief.col.value")), (
        (t("brief.i.as_of"), view.as_of),
        (t("brief.i.next_meeting"), view.next_meeting),
        (t("brief.i.scope"), scope),
        (t("col.expected_long"), f.expected),
        (t("brief.i.assessed"), f.assessed),
        (t("col.received_long"), f.received),
        (t("col.on_time"), f.on_time),
        (t("col.late"), f.late),
        (t("col.overdue"), f.overdue),
        (t("col.pending_long"), f.pending),
        (t("col.rate_on_time_long"), Rate(f.rate_on_time)),
        (t("col.rate_received_long"), Rate(f.rate_received)),
        (t("brief.i.units_overdue"), view.units_overdue),
        (t("brief.h.upcoming"), len(view.upcoming)),
        (t("brief.i.attention"), len(view.attention)),
    ), t("rates.note"))]
    out.append(Section(
        "directives", t("brief.s.directives"),
        (t("col.directive"), t("brief.col.title"), *_figure_headers(texts)),
        tuple((r.label, r.title, *_figures(r.figures)) for r in view.rates.directives),
    ))
    out.append(Section(
        "units", t("brief.s.units"), (t("col.unit"), *_figure_headers(texts)),
        tuple((r.label, *_figures(r.figures)) for r in view.rates.units),
    ))
    out.append(Section(
        "overdue", t("brief.s.overdue", count=len(view.overdue)),
        (t("col.unit"), t("col.clause_full"), t("col.period"), t("col.due"), t("col.basis"),
         t("col.days_overdue"), t("col.recipient")),
        tuple((r.reporter_label, clause(r), r.period, r.due, basis(r, marks, texts),
               r.days_overdue, recipient(r, texts)) for r in view.overdue),
    ))
    out.append(Section(
        "late", t("brief.s.late", count=len(view.late)),
        (t("col.unit"), t("col.clause_full"), t("col.period"), t("col.due"), t("col.basis"),
         t("col.received"), t("col.days_late"), t("col.submission")),
        tuple((r.reporter_label, clause(r), r.period, r.due, basis(r, marks, texts),
               r.received, r.days_late, r.submission) for r in view.late),
    ))
    out.append(Section(
        "upcoming", t("brief.s.upcoming", date=vn_date(view.next_meeting),
                      count=len(view.upcoming)),
        (t("col.due"), t("col.unit"), t("col.clause_full"), t("col.period"), t("col.basis"),
         t("col.recipient")),
        tuple((r.due, r.reporter_label, clause(r), r.period, basis(r, marks, texts),
               recipient(r, texts)) for r in view.upcoming),
    ))
    out.append(Section(
        "attention", t("brief.s.attention", count=len(view.attention)),
        (t("col.submission"), t("col.reporter"), t("col.period"), t("col.submitted_on"),
         t("col.disposition"), t("col.reasons")),
        tuple((s.id, s.reporter_label, s.period_label, s.submitted_on or s.received_label,
               i18n.disposition(s.disposition, texts.lang), texts.reasons(s.reasons))
              for s in view.attention),
    ))
    out.append(Section(
        "clauses", t("brief.s.clauses"),
        (t("col.clause_full"), t("brief.col.obligation"), t("brief.col.words")),
        tuple((clause(r), r.summary, r.citation.text) for r in cited(view)),
    ))
    listed = (*view.overdue, *view.late, *view.upcoming)
    signs: list[tuple[Cell, ...]] = []
    if any(r.recipient_inferred or r.reporter_inferred for r in listed):
        signs.append((INFERRED_MARK, "", t("inferred.footnote", mark="").strip()))
    if any(r.due_provisional for r in listed):
        signs.append((PROVISIONAL_MARK, "", t("provisional.footnote", mark="").strip()))
    out.append(Section(
        "policies", t("brief.s.policies"),
        (t("brief.col.mark"), t("brief.col.policy"), t("brief.col.meaning")),
        (*((marks[p.id], p.id, p.text) for p in view.assumed), *signs),
    ))
    return out


def cited(view: BriefView) -> list[InstanceRow]:
    """One row per clause cited by the overdue, late and upcoming lists, in that order."""
    seen: dict[tuple[str, str, str], InstanceRow] = {}
    for row in (*view.overdue, *view.late, *view.upcoming):
        seen.setdefault(clause_key(row), row)
    return list(seen.values())


def scope_text(view: BriefView, texts: Texts) -> str:
    from cli.render.table import selection_text

    return selection_text(view.selection, texts)


def chart_rows(view: BriefView, key: str) -> Sequence[tuple[str, Figures]]:
    if key == "directives":
        return [(r.label, r.figures) for r in view.rates.directives]
    return [(r.label, r.figures) for r in view.rates.units]
