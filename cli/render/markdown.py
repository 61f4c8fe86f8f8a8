"""The meeting brief as Markdown: the same page and annex as the HTML, as pipe tables.

Text from data is made inert: ``&``, ``<`` and ``>`` become entities (a Markdown renderer
passes raw HTML through), Markdown's own punctuation is backslash-escaped, ``|`` cannot end
a cell and a line break cannot end a row.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cli.render.brief import (
    Rate,
    Section,
    annex,
    annex_line,
    behind,
    cell_text,
    directives,
    headline,
    meta,
    page_notes,
    scope_text,
    title,
)
from cli.render.safe import visible
from cli.render.texts import Texts

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


def brief_markdown(view: BriefView, texts: Texts, full: bool = False) -> str:
    """The meeting page (figures, the units furthest behind, one line per directive) and a
    line saying what the annex holds; with ``full``, the annex after a rule."""
    t = texts.t
    out = [f"# {inert(title(view, texts))}", "", inert(meta(view, texts)), "",
           inert(scope_text(view, texts)), "", f"## {inert(t('brief.s.figures'))}", ""]
    out += [f"- **{inert(label)}**: {inert(cell_text(value, texts))}"
            for _, label, value in headline(view, texts)]
    out += ["", f"_{inert(t('rates.note'))}_", ""]
    late = behind(view, texts)
    out += [f"## {inert(late.title)}", "", *_table(late, texts)]
    out += [f"_{inert(note)}_  " for note in page_notes(view, texts)]
    lines = directives(view, texts)
    out += ["", f"## {inert(lines.title)}", "", *_table(lines, texts)]
    if not full:
        out += [f"**{inert(annex_line(view, texts))}**", ""]
    else:
        out += ["---", "", f"# {inert(t('brief.s.annex'))}", ""]
        for s in annex(view, texts):
            if s.key in ("attention", "policies") and not s.rows:
                continue
            out += [f"## {inert(s.title)}", "", *_table(s, texts)]
    out.append(f"_{inert(t('brief.footer'))}_")
    return "\n".join(out) + "\n"
