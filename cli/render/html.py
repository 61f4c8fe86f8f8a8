"""The meeting brief as one self-contained HTML file.

Inline CSS and inline SVG only: no script, no font, image or stylesheet from anywhere, so the
file opens the same offline, in a mail attachment or on a government intranet, and prints on
A4. Every text that comes from data (unit names, titles, quoted clauses) goes through
``html.escape``: a unit registered as ``<script>`` prints as those characters.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from cli.render.brief import Rate, Section, cell_text, chart_rows, headline, sections
from cli.render.safe import visible
from cli.render.texts import Texts, vn_date

if TYPE_CHECKING:
    from engine import BriefView, Figures

# Style constants: the only place the brief's look is chosen.
ON_TIME_COLOUR = "#1b7f3b"
RECEIVED_COLOUR = "#a8d5b5"
OVERDUE_COLOUR = "#b3261e"
CSS = f"""
@page {{ size: A4; margin: 14mm 12mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 10pt; color: #1d1d1d; margin: 0 auto; max-width: 186mm; padding: 8mm 0; }}
h1 {{ font-size: 16pt; margin: 0 0 2mm; }}
h2 {{ font-size: 12pt; margin: 7mm 0 2mm; border-bottom: 1px solid #999;
  break-after: avoid; page-break-after: avoid; }}
p.meta {{ margin: 0 0 1mm; color: #444; }}
.cards {{ display: flex; flex-wrap: wrap; gap: 3mm; margin: 4mm 0; }}
.card {{ border: 1px solid #bbb; border-radius: 2mm; padding: 2mm 3mm; min-width: 40mm;
  flex: 1; }}
.card .v {{ font-size: 15pt; font-weight: bold; display: block; }}
.card .k {{ font-size: 8.5pt; color: #555; }}
.card.bad .v {{ color: {OVERDUE_COLOUR}; }}
table {{ border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 1mm 0 2mm; }}
thead {{ display: table-header-group; }}
th, td {{ border: 1px solid #ccc; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }}
th {{ background: #eef1f4; }}
td.n {{ text-align: right; white-space: nowrap; }}
td.d {{ white-space: nowrap; }}
#t-directives td:first-child {{ white-space: nowrap; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
.assumed {{ color: #7a4d00; font-weight: bold; }}
.note {{ color: #555; font-size: 8.5pt; }}
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


def _cell(value: object, texts: Texts) -> str:
    text = cell_text(value, texts)  # type: ignore[arg-type]
    cls = ""
    if isinstance(value, NUMERIC):
        cls = ' class="n"'
    elif hasattr(value, "isoformat") or (len(text) <= 12 and " " not in text):
        cls = ' class="d"'
    elif text.startswith(texts.t("brief.assumed_word")):
        cls = ' class="assumed"'
    return f"<td{cls}>{_e(text)}</td>"


def _table(section: Section, texts: Texts, skip_first_column: bool = False) -> str:
    if not section.rows:
        return f'<p class="empty">{_e(texts.t("brief.none"))}</p>'
    head = "".join(f"<th>{_e(h)}</th>" for h in section.headers)
    body = "\n".join(
        "<tr>" + "".join(_cell(c, texts) for c in row) + "</tr>" for row in section.rows)
    return (f'<table id="t-{section.key}" data-rows="{len(section.rows)}">'
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody></table>")


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


def brief_html(view: BriefView, texts: Texts) -> str:
    t = texts.t
    by_key = {s.key: s for s in sections(view, texts)}
    summary = by_key["summary"]
    scope = next(v for k, v in summary.rows if k == t("brief.i.scope"))
    cards = "".join(
        f'<div class="card{" bad" if i == 3 and view.figures.overdue else ""}">'
        f'<span class="v">{_e(value)}</span><span class="k">{_e(label)}</span></div>'
        for i, (label, value) in enumerate(headline(view, texts)))
    legend = (f'<p class="legend note"><span style="background:{ON_TIME_COLOUR}"></span>'
              f'{_e(t("col.rate_on_time_long"))}<span style="background:{RECEIVED_COLOUR}">'
              f'</span>{_e(t("col.rate_received_long"))}</p>')
    body = [
        f"<h1>{_e(t('brief.title'))}</h1>",
        f'<p class="meta">{_e(t("brief.meta", as_of=vn_date(view.as_of), meeting=vn_date(view.next_meeting)))}</p>',  # noqa: E501
        f'<p class="meta">{_e(scope)}</p>',
        f'<section id="headline"><div class="cards">{cards}</div>'
        f'<p class="note">{_e(summary.note)}</p></section>',
    ]
    for key in ("directives", "units"):
        s = by_key[key]
        body.append(f'<section id="{key}"><h2>{_e(s.title)}</h2>'
                    f"{bar_chart(list(chart_rows(view, key)), key, texts)}{legend}"
                    f"{_table(s, texts)}</section>")
    for key in ("overdue", "late", "upcoming", "attention", "clauses", "policies"):
        s = by_key[key]
        if key in ("attention", "policies") and not s.rows:
            continue
        body.append(f'<section id="{key}"><h2>{_e(s.title)}</h2>{_table(s, texts)}</section>')
    body.append(f'<p class="note">{_e(t("brief.footer"))}</p>')
    return (
        f'<!DOCTYPE html>\n<html lang="{texts.lang.value}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(t('brief.title'))} — {_e(vn_date(view.as_of))}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
