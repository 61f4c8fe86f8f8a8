"""The meeting brief as Markdown: the same sections as the HTML, as pipe tables.

Text from data is made inert: ``&``, ``<`` and ``>`` become entities (a Markdown renderer
passes raw HTML through), Markdown's own punctuation is backslash-escaped, ``|`` cannot end
a cell and a line break cannot end a row.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cli.render.brief import Rate, Section, cell_text, headline, sections
from cli.render.safe import visible
from cli.render.texts import Texts, vn_date

if TYPE_CHECKING:
    from engine import BriefView

# What Markdown reads as markup inside a table cell: emphasis, code, links, strikethrough
# and the cell separator (a line never starts with a cell's text, so '#', '+', '-' are safe).
_PUNCT = re.compile(r"([\\`*_\[\]|~])")


def inert(text: str) -> str:
    """Plain text that a Markdown renderer shows as written.

    >>> print(inert('<script>alert("x")</script> | *a* [b](c)'))
    &lt;script&gt;alert("x")&lt;/script&gt; \\| \\*a\\* \\[b\\](c)
    """
    text = visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCT.sub(r"\\\1", text)
    return " ".join(text.split())


def _table(section: Section, texts: Texts) -> list[str]:
    if not section.rows:
        return [f"_{inert(texts.t('brief.none'))}_", ""]
    numeric = [all(isinstance(r[i], int | Rate) for r in section.rows if r[i] is not None)
               for i in range(len(section.headers))]
    lines = ["| " + " | ".join(inert(h) for h in section.headers) + " |",
             "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    lines += ["| " + " | ".join(inert(cell_text(c, texts)) for c in row) + " |"
              for row in section.rows]
    return [*lines, ""]


def brief_markdown(view: BriefView, texts: Texts) -> str:
    t = texts.t
    by_key = {s.key: s for s in sections(view, texts)}
    summary = by_key["summary"]
    scope = next(str(v) for k, v in summary.rows if k == t("brief.i.scope"))
    out = [f"# {inert(t('brief.title'))}", "",
           inert(t("brief.meta", as_of=vn_date(view.as_of),
                   meeting=vn_date(view.next_meeting))), "", inert(scope), ""]
    out += [f"- **{inert(label)}**: {inert(value)}" for label, value in headline(view, texts)]
    out += ["", f"_{inert(summary.note)}_", ""]
    for key in ("directives", "units", "overdue", "late", "upcoming", "attention", "clauses",
                "policies"):
        s = by_key[key]
        if key in ("attention", "policies") and not s.rows:
            continue
        out += [f"## {inert(s.title)}", "", *_table(s, texts)]
    out.append(f"_{inert(t('brief.footer'))}_")
    return "\n".join(out) + "\n"
