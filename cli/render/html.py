"""The meeting brief as one self-contained HTML file.

Its first page is the meeting: the headline figures, the units furthest behind and what each
is missing, one line per directive (at most two A4 pages). The annex (``--full``) follows after
a page break. Inline CSS and inline SVG only: no script, no font, image or stylesheet from
anywhere, so the file opens the same offline, in a mail attachment or on a government
intranet, and prints on A4. Every text that comes from data (unit names, titles, quoted
clauses) goes through ``html.escape``: a unit registered as ``<script>`` prints as those
characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from cli.render.brief import (
    Cell,
    Rate,
    Section,
    annex,
    annex_line,
    behind,
    cell_text,
    chart_rows,
    directives,
    headline,
    meta,
    page_notes,
    scope_text,
    title,
)
from cli.render.safe import visible
from cli.render.texts import Texts, vn_date

if TYPE_CHECKING:
    from engine import BriefView, Figures

# Style constants: the only place the brief's look is chosen.
ON_TIME_COLOUR = "#1b7f3b"
RECEIVED_COLOUR = "#a8d5b5"
OVERDUE_COLOUR = "#b3261e"
RATE_COLOUR = "#cfe8d6"  # a rate cell's bar, behind its figure
CSS = f"""
@page {{ size: A4; margin: 12mm 12mm; }}
* {{ box-sizing: border-box; }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 10pt; color: #1d1d1d; margin: 0 auto; max-width: 186mm; padding: 8mm 0; }}
@media print {{ body {{ padding: 0; }} }}
h1 {{ font-size: 15pt; margin: 0 0 1.5mm; }}
h2 {{ font-size: 11.5pt; margin: 5mm 0 1.5mm; border-bottom: 1px solid #999;
  break-after: avoid; page-break-after: avoid; }}
p.meta {{ margin: 0 0 0.5mm; color: #444; }}
.cards {{ display: flex; gap: 2mm; margin: 2.5mm 0 0; }}
.card {{ border: 1px solid #bbb; border-radius: 1.5mm; padding: 1.2mm 2.5mm; flex: 1;
  min-width: 0; }}
.card .v {{ font-size: 14pt; font-weight: bold; display: block; line-height: 1.2; }}
.card .k {{ font-size: 8pt; color: #555; display: block; line-height: 1.25; }}
.card.bad .v {{ color: {OVERDUE_COLOUR}; }}
table {{ border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 1mm 0 1.5mm; }}
thead {{ display: table-header-group; }}
th, td {{ border: 1px solid #ccc; padding: 0.7mm 1.5mm; text-align: left;
  vertical-align: top; }}
th {{ background: #eef1f4; font-weight: 600; }}
td.n {{ text-align: right; white-space: nowrap; }}
td.d {{ white-space: nowrap; }}
td.more {{ color: #555; font-style: italic; }}
tbody.unit {{ break-inside: avoid; page-break-inside: avoid; }}
tbody.unit td.lead {{ background: #f7f8fa; }}
#t-behind {{ table-layout: fixed; }}
#t-behind td.lead:nth-child(2) {{ font-weight: 600; }}
#t-behind th:nth-child(1) {{ width: 9mm; }}
#t-behind th:nth-child(2) {{ width: 36mm; }}
#t-behind th:nth-child(3), #t-behind th:nth-child(4) {{ width: 13mm; }}
#t-behind th:nth-child(6) {{ width: 25mm; }}
#t-behind th:nth-child(7) {{ width: 23mm; }}
#t-behind th:nth-child(8) {{ width: 17mm; }}
#t-directives td:first-child {{ white-space: nowrap; }}
.clip {{ max-width: 40mm; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
.assumed {{ color: #7a4d00; font-weight: bold; }}
.note {{ color: #555; font-size: 8.5pt; margin: 1mm 0; }}
p.annex-line {{ margin: 4mm 0 1mm; padding: 1.5mm 2.5mm; border-left: 2px solid #999;
  background: #f4f5f7; }}
#annex {{ break-before: page; page-break-before: always; }}
.empty {{ color: #555; font-style: italic; }}
svg {{ display: block; margin: 1mm 0 2mm; }}
svg text {{ font-size: 9px; fill: #1d1d1d; }}
.legend span {{ display: inline-block; width: 3mm; height: 3mm; margin: 0 1mm 0 3mm; }}
"""
NUMERIC = (int, Rate)
LABEL_WIDTH = 230
BAR_WIDTH = 300
ROW_HEIGHT = 16


def _e(text: object) -> str:
    return escape(visible(str(text)), quote=True)


def _cell(value: object, texts: Texts, clip: bool = False, lead: int = 0) -> str:
    """One cell; ``lead`` > 0: a group's lead cell, spanning that many rows."""
    text = cell_text(value, texts)  # type: ignore[arg-type]
    classes = ["lead"] if lead else []
    attrs = f' rowspan="{lead}"' if lead > 1 else ""
    if isinstance(value, NUMERIC):
        classes.append("n")
    elif hasattr(value, "isoformat") or (len(text) <= 12 and " " not in text):
        classes.append("d")
    elif text.startswith(texts.t("brief.assumed_word")):
        classes.append("assumed")
    if isinstance(value, Rate) and value.value is not None:
        # a bar behind the figure: the row's rate at a glance, printed too
        share = f"{value.value * 100:.1f}%"
        attrs += (f' data-rate="{value.value}" style="background: linear-gradient(90deg, '
                  f'{RATE_COLOUR} {share}, transparent {share})"')
    cls = f' class="{" ".join(classes)}"' if classes else ""
    inner = f'<div class="clip">{_e(text)}</div>' if clip else _e(text)
    return f"<td{cls}{attrs}>{inner}</td>"


def _head(section: Section) -> str:
    return "<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in section.headers) + \
        "</tr></thead>"


def _table(section: Section, texts: Texts) -> str:
    if not section.rows:
        return f'<p class="empty">{_e(texts.t("brief.none"))}</p>'
    body = "\n".join(
        "<tr>" + "".join(_cell(c, texts, i in section.clip) for i, c in enumerate(row))
        + "</tr>" for row in section.rows)
    return (f'<table id="t-{section.key}" data-rows="{len(section.rows)}">'
            f"{_head(section)}\n<tbody>\n{body}\n</tbody></table>")


def _grouped(section: Section, texts: Texts) -> str:
    """A table whose rows come in groups (a unit, then what it is missing): the group's lead
    cells span its rows, and a group is never cut by a page break."""
    if not section.rows:
        return f'<p class="empty">{_e(texts.t("brief.none"))}</p>'
    parts = [f'<table id="t-{section.key}" data-groups="{len(section.groups)}">',
             _head(section)]
    at = 0
    for size in section.groups:
        lines = []
        for n, row in enumerate(section.rows[at:at + size]):
            cells = [_cell(c, texts, lead=size) for c in row[:section.lead]] if n == 0 else []
            rest = row[section.lead:]
            if all(c is None for c in rest[1:]):  # "… and 3 more": one cell across
                cells.append(f'<td class="more" colspan="{len(rest)}">'
                             f"{_e(cell_text(rest[0], texts))}</td>")
            else:
                cells += [_cell(c, texts) for c in rest]
            lines.append("<tr>" + "".join(cells) + "</tr>")
        at += size
        parts.append('<tbody class="unit">' + "".join(lines) + "</tbody>")
    parts.append("</table>")
    return "\n".join(parts)


def _short(label: str, limit: int = 42) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(rows: list[tuple[str, Figures]], key: str, texts: Texts) -> str:
    """Horizontal bars, one row per directive or unit: received rate (light) and on-time
    rate (dark) over the same 0–100% scale; the exact figures are in the table beside."""
    if not rows:
        return ""
    height = ROW_HEIGHT * len(rows) + 24
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [f'<svg id="chart-{key}" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{_e(texts.t("brief.chart", what=key))}">']
    for tick in (0, 50, 100):
        x = LABEL_WIDTH + BAR_WIDTH * tick // 100
        parts.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height - 18}" stroke="#ddd"/>'
                     f'<text x="{x}" y="{height - 6}" text-anchor="middle">{tick}%</text>')
    for i, (label, f) in enumerate(rows):
        y = i * ROW_HEIGHT + 2
        received = f.rate_received or 0.0
        on_time = f.rate_on_time or 0.0
        parts.append(
            f'<g class="row"><text x="{LABEL_WIDTH - 6}" y="{y + 11}" text-anchor="end">'
            f"{_e(_short(label))}</text>"
            f'<rect class="bar received" data-rate="{received}" x="{LABEL_WIDTH}" y="{y}" '
            f'width="{BAR_WIDTH * received:.1f}" height="12" fill="{RECEIVED_COLOUR}"/>'
            f'<rect class="bar on-time" data-rate="{on_time}" x="{LABEL_WIDTH}" y="{y}" '
            f'width="{BAR_WIDTH * on_time:.1f}" height="12" fill="{ON_TIME_COLOUR}"/>'
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + 11}">'
            f"{_e(cell_text(Rate(f.rate_on_time), texts))}</text></g>")
    parts.append("</svg>")
    return "".join(parts)


def _cards(items: Sequence[tuple[str, str, Cell]], texts: Texts) -> str:
    return '<div class="cards">' + "".join(
        f'<div class="card{" bad" if key == "overdue" and value else ""}" data-key="{key}">'
        f'<span class="v">{_e(cell_text(value, texts))}</span>'
        f'<span class="k">{_e(label)}</span></div>'
        for key, label, value in items) + "</div>"


def brief_html(view: BriefView, texts: Texts, full: bool = False) -> str:
    """The meeting page; with ``full`` the annex after it, from a new page."""
    t = texts.t
    heading = title(view, texts)
    figures = headline(view, texts)
    counts = [item for item in figures if not isinstance(item[2], Rate)
              and item[0] != "upcoming"]
    body = [
        f"<h1>{_e(heading)}</h1>",
        f'<p class="meta">{_e(meta(view, texts))}</p>',
        f'<p class="meta">{_e(scope_text(view, texts))}</p>',
        f'<section id="headline">{_cards(counts, texts)}'
        f'{_cards([i for i in figures if i not in counts], texts)}'
        f'<p class="note">{_e(t("rates.note"))}</p></section>',
    ]
    late = behind(view, texts)
    notes = "".join(f'<p class="note">{_e(n)}</p>' for n in page_notes(view, texts))
    body.append(f'<section id="behind"><h2>{_e(late.title)}</h2>'
                f"{_grouped(late, texts)}{notes}</section>")
    lines = directives(view, texts)
    body.append(f'<section id="directives"><h2>{_e(lines.title)}</h2>'
                f"{_table(lines, texts)}</section>")
    if not full:
        body.append(f'<p class="annex-line" id="annex-line">{_e(annex_line(view, texts))}</p>')
    else:
        legend = (f'<p class="legend note"><span style="background:{ON_TIME_COLOUR}"></span>'
                  f'{_e(t("col.rate_on_time_long"))}<span style="background:{RECEIVED_COLOUR}">'
                  f'</span>{_e(t("col.rate_received_long"))}</p>')
        parts = [f"<h1>{_e(t('brief.s.annex'))}</h1>"]
        for s in annex(view, texts):
            if s.key in ("attention", "policies") and not s.rows:
                continue
            chart = (f"{bar_chart(list(chart_rows(view, s.key)), s.key, texts)}{legend}"
                     if s.key == "units" else "")
            parts.append(f'<section id="{s.key}"><h2>{_e(s.title)}</h2>{chart}'
                         f"{_table(s, texts)}</section>")
        body.append('<div id="annex">' + "\n".join(parts) + "</div>")
    body.append(f'<p class="note">{_e(t("brief.footer"))}</p>')
    return (
        f'<!DOCTYPE html>\n<html lang="{texts.lang.value}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(heading)} — {_e(vn_date(view.as_of))}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
