"""The meeting brief as sections of typed cells, prepared once for HTML, Markdown and XLSX.

The brief is a page and an annex. The page is the meeting: the headline figures, the units
furthest behind with what each is missing, one line per directive, and one line saying what
the annex holds. The annex (``--full``) is everything else: the rates of every unit, every
overdue and late report, what falls due before the next meeting, the records that cannot be
counted, the clauses cited and the assumed-deadline policies.

Each section is a title, headers and rows whose cells keep their type (text, whole number,
rate, date), so that XLSX writes real numbers and dates while HTML and Markdown write them as
Vietnamese offices do (``01/03/2023``, ``45,2%``). Nothing is computed here: the figures,
rates and orders are the view's. The human brief shows labels, clauses and periods in words,
never the rule book's ids (JSON keeps them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cli import i18n
from cli.i18n import Lang
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

if TYPE_CHECKING:
    from engine import BriefView, Figures, InstanceRow

# The annex's sections, in the order they print.
ANNEX = ("units", "overdue", "late", "upcoming", "attention", "clauses", "policies")


@dataclass(frozen=True)
class Rate:
    """A rate the view computed (a fraction, rounded down), to be shown as a percentage."""

    value: float | None


@dataclass(frozen=True)
class Due:
    """A due date with its marks: ``*1`` (assumed, footnote 1), ``?`` (provisional)."""

    day: date
    mark: str


Cell = str | int | date | Rate | Due | None


@dataclass(frozen=True)
class Section:
    key: str  # stable: html ids, sheet order
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""
    # Rows that belong together (the units furthest behind: a unit, then what it is missing):
    # how many rows each group has; its first ``lead`` cells are on its first row only.
    groups: tuple[int, ...] = ()
    lead: int = 0
    clip: tuple[int, ...] = ()  # columns cut to one line on paper (a directive's title)


def cell_text(cell: Cell, texts: Texts) -> str:
    """A cell as HTML and Markdown write it."""
    if cell is None:
        return ""
    if isinstance(cell, Rate):
        return percent(cell.value, texts.lang)
    if isinstance(cell, date):
        return vn_date(cell)
    if isinstance(cell, Due):
        return vn_date(cell.day) + cell.mark
    if type(cell) is int:  # a count (reports, days): its thousands grouped
        return texts.number(cell)
    return str(cell)


_PERIOD = re.compile(r"(?P<year>\d{4})(?:-(?P<part>H[12]|Q[1-4]|9M|\d{2}))?")
_ROMAN = ("I", "II", "III", "IV")


def period_words(label: str, texts: Texts) -> str:
    """A period as an office writes it: ``quý I/2022``, ``6 tháng đầu năm 2022``,
    ``tháng 4/2022``, ``năm 2022``; a task's window as its dates; anything else as given.

    >>> vi, en = Texts("vi"), Texts("en")
    >>> [period_words(p, vi) for p in ("2022-Q1", "2022-H2", "2022-04", "2022", "2022-9M")]
    ['quý I/2022', '6 tháng cuối năm 2022', 'tháng 4/2022', 'năm 2022', '9 tháng đầu năm 2022']
    >>> period_words("2022-Q3", en), period_words("2022-07-01..2023-03-31", en)
    ('Q3 2022', '01/07/2022–31/03/2023')
    """
    t = texts.t
    m = _PERIOD.fullmatch(label)
    if m is None:
        start, _, end = label.partition("..")
        try:
            return f"{vn_date(date.fromisoformat(start))}–{vn_date(date.fromisoformat(end))}"
        except ValueError:
            return label
    year, part = m["year"], m["part"]
    if part is None:
        return t("period.year", year=year)
    if part == "H1":
        return t("period.half1", year=year)
    if part == "H2":
        return t("period.half2", year=year)
    if part == "9M":
        return t("period.nine_months", year=year)
    if part.startswith("Q"):
        n = int(part[1])
        return t("period.quarter", year=year,
                 quarter=_ROMAN[n - 1] if texts.lang is Lang.VI else n)
    return t("period.month", month=int(part), year=year)


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
        text = texts.t("brief.assumed", mark=marks.get(row.due_policy or "", "*"))
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


# ---------------------------------------------------------------------------------------
# The page: the meeting


def title(view: BriefView, texts: Texts) -> str:
    """The brief's title; with --office, the office the reports are owed to, by name."""
    office = view.selection.office if view.selection else None
    if office:
        return texts.t("brief.title_office", office=texts.unit(office))
    return texts.t("brief.title")


def meta(view: BriefView, texts: Texts) -> str:
    return texts.t("brief.meta", as_of=vn_date(view.as_of), meeting=vn_date(view.next_meeting))


def headline(view: BriefView, texts: Texts) -> list[tuple[str, str, Cell]]:
    """The figures a committee reads first, as (key, label, value): the distinct reports owed,
    received, on time, late, overdue and not yet due; the two rates; what falls due before
    the next meeting."""
    t, f = texts.t, view.figures
    return [
        ("expected", t("brief.h.expected"), f.expected),
        ("received", t("brief.h.received"), f.received),
        ("on_time", t("brief.h.on_time"), f.on_time),
        ("late", t("brief.h.late"), f.late),
        ("overdue", t("brief.h.overdue_units", units=view.units_overdue), f.overdue),
        ("pending", t("brief.h.pending"), f.pending),
        ("rate_on_time", t("brief.h.rate_on_time"), Rate(f.rate_on_time)),
        ("rate_received", t("brief.h.rate_received"), Rate(f.rate_received)),
        ("upcoming", t("brief.h.upcoming"), len(view.upcoming)),
    ]


def directives(view: BriefView, texts: Texts) -> Section:
    """One line per directive: its figures and rates."""
    t = texts.t
    return Section(
        "directives", t("brief.s.directives"),
        (t("col.directive"), t("brief.col.title"), *_figure_headers(texts)),
        tuple((r.label, r.title, *_figures(r.figures)) for r in view.rates.directives),
        clip=(1,),
    )


def behind(view: BriefView, texts: Texts) -> Section:
    """The units furthest behind, most reports overdue first, each followed by the reports
    it has not sent (text and clause, period, due date, days overdue)."""
    t = texts.t
    marks = assumed_marks(view.assumed)
    rows_by_key = {r.key: r for r in view.overdue}
    rows: list[tuple[Cell, ...]] = []
    groups = []
    for rank, unit in enumerate(view.behind, start=1):
        lead: tuple[Cell, ...] = (rank, unit.unit_label or unit.unit_name, unit.overdue,
                                  unit.late)
        blank: tuple[Cell, ...] = (None,) * len(lead)
        size = 0
        for m in unit.missing:
            row = rows_by_key.get(m.key)
            due: Cell = m.due if row is None else \
                Due(m.due, due_text(row, marks).removeprefix(vn_date(m.due)))
            where = clause(row) if row is not None else f"{m.directive_label} {m.clause}"
            rows.append((*(blank if size else lead), where, period_words(m.period, texts),
                         due, m.days_overdue))
            size += 1
        if unit.missing_more:
            rows.append((*(blank if size else lead), t("brief.more", count=unit.missing_more),
                         None, None, None))
            size += 1
        groups.append(size)
    return Section(
        "behind", t("brief.s.behind", count=len(view.behind)) if view.behind
        else t("brief.s.behind_none"),
        (t("brief.col.rank"), t("col.unit"), t("col.overdue"), t("col.late"),
         t("brief.col.missing"), t("col.period"), t("col.due"), t("col.days_overdue")),
        tuple(rows), groups=tuple(groups), lead=4,
    )


def page_notes(view: BriefView, texts: Texts) -> list[str]:
    """The footnotes of the page: each assumed-deadline mark its rows carry, with its words."""
    marks = assumed_marks(view.assumed)
    rows = {r.key: r for r in view.overdue}
    used = {rows[m.key].due_policy for u in view.behind for m in u.missing if m.key in rows}
    notes = [f"{marks[p.id]} {p.text}" for p in view.assumed if p.id in used]
    if any(rows[m.key].due_provisional for u in view.behind for m in u.missing
           if m.key in rows):
        notes.append(texts.t("provisional.footnote", mark=PROVISIONAL_MARK).strip())
    return notes


def annex_line(view: BriefView, texts: Texts) -> str:
    """What the annex holds, and the option that prints it."""
    return texts.t("brief.annex_line", overdue=len(view.overdue), late=len(view.late),
                   upcoming=len(view.upcoming), attention=len(view.attention),
                   units=len(view.rates.units))


# ---------------------------------------------------------------------------------------
# The annex: everything else (--full)


def annex(view: BriefView, texts: Texts) -> list[Section]:
    t = texts.t
    marks = assumed_marks(view.assumed)
    out = [Section(
        "units", t("brief.s.units"), (t("col.unit"), *_figure_headers(texts)),
        tuple((r.label, *_figures(r.figures)) for r in view.rates.units),
    )]
    out.append(Section(
        "overdue", t("brief.s.overdue", count=len(view.overdue)),
        (t("col.unit"), t("col.clause_full"), t("col.period"), t("col.due"), t("col.basis"),
         t("col.days_overdue"), t("col.recipient")),
        tuple((r.reporter_label, clause(r), period_words(r.period, texts), r.due,
               basis(r, marks, texts), r.days_overdue, recipient(r, texts))
              for r in view.overdue),
    ))
    out.append(Section(
        "late", t("brief.s.late", count=len(view.late)),
        (t("col.unit"), t("col.clause_full"), t("col.period"), t("col.due"), t("col.basis"),
         t("col.received"), t("col.days_late")),
        tuple((r.reporter_label, clause(r), period_words(r.period, texts), r.due,
               basis(r, marks, texts), r.received, r.days_late) for r in view.late),
    ))
    out.append(Section(
        "upcoming", t("brief.s.upcoming", date=vn_date(view.next_meeting),
                      count=len(view.upcoming)),
        (t("col.due"), t("col.unit"), t("col.clause_full"), t("col.period"), t("col.basis"),
         t("col.recipient")),
        tuple((r.due, r.reporter_label, clause(r), period_words(r.period, texts),
               basis(r, marks, texts), recipient(r, texts)) for r in view.upcoming),
    ))
    out.append(Section(
        "attention", t("brief.s.attention", count=len(view.attention)),
        (t("brief.col.document"), t("col.reporter"), t("col.period"), t("col.submitted_on"),
         t("col.disposition"), t("col.reasons")),
        tuple((s.document_number or s.title or "", s.reporter_label, s.period_label,
               s.submitted_on or s.received_label,
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
        signs.append((INFERRED_MARK, t("inferred.footnote", mark="").strip()))
    if any(r.due_provisional for r in listed):
        signs.append((PROVISIONAL_MARK, t("provisional.footnote", mark="").strip()))
    out.append(Section(
        "policies", t("brief.s.policies"),
        (t("brief.col.mark"), t("brief.col.meaning")),
        (*((marks[p.id], p.text) for p in view.assumed), *signs),
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
