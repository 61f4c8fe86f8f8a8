"""Citations of the documents in docs/ stay true.

The design and domain notes that code comments once cited lived outside the repository; the
repository's own documents are docs/design.md and docs/domain.md. This test fails when a file
of the repository (code, rules, schemas, README, docs) still cites the old notes, or cites
``docs/<file>.md#anchor`` — or, in README.md and docs/, links to a ``.md`` file or an
``#anchor`` — whose file or heading does not exist. Anchors are computed from the headings
the way GitHub does.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("engine", "cli", "tests", "benchmarks", "rules", "schemas", "scripts", "docs",
           "examples")
TOP_FILES = ("README.md", "pyproject.toml")
SUFFIXES = {".py", ".md", ".yaml", ".yml", ".json", ".toml", ".sh", ".txt", ".cfg", ".ini"}
SKIP_DIRS = {"__pycache__", ".git", "build", "dist", ".mypy_cache", ".pytest_cache",
             ".ruff_cache", ".hypothesis"}

# the notes outside the repository, by name or by path (written so this file does not match)
OLD_NOTES = re.compile(r"\b(?:DESIGN|DOMAIN)\.md\b|\.\./sh" r"ared\b")
CITED = re.compile(r"(?<![\w/.])(docs/[\w./-]+?\.md)#([\w-]+)")
MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
HTML_ANCHOR = re.compile(r"<a\s+(?:name|id)=\"([^\"]+)\"")
FENCE = re.compile(r"^\s*(```|~~~)")


def _files() -> list[Path]:
    out = [ROOT / name for name in TOP_FILES if (ROOT / name).is_file()]
    for folder in FOLDERS:
        base = ROOT / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and path.suffix in SUFFIXES and not SKIP_DIRS & set(
                    path.relative_to(ROOT).parts):
                out.append(path)
    return out


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: links reduced to their text, lower case, punctuation
    dropped (letters, marks, digits, ``-``, ``_`` and spaces kept), each space a hyphen."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip())
    text = unicodedata.normalize("NFC", text).lower()
    kept = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LNM")
    return kept.replace(" ", "-")


@cache
def anchors(path: Path) -> frozenset[str]:
    """Every anchor of a Markdown file: its headings' (duplicates numbered ``-1``, ``-2`` as
    GitHub does), and explicit ``<a name|id="…">``. Headings in code blocks do not count."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    fenced = False
    for line in _text(path).splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        found.update(HTML_ANCHOR.findall(line))
        match = HEADING.match(line)
        if match:
            base = slug(match.group(2))
            n = seen.get(base, 0)
            seen[base] = n + 1
            found.add(base if n == 0 else f"{base}-{n}")
    return frozenset(found)


def _broken(target: Path, anchor: str | None) -> str | None:
    if not target.is_file():
        return "no such file"
    if anchor and anchor not in anchors(target.resolve()):
        return f"no heading with the anchor #{anchor}"
    return None


def _markdown_targets(path: Path) -> list[tuple[int, str]]:
    """(line, link target) of every link of a Markdown file outside code blocks and spans."""
    out = []
    fenced = False
    for n, line in enumerate(_text(path).splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        prose = re.sub(r"`[^`]*`", "", line)
        out += [(n, m.group(1)) for m in MD_LINK.finditer(prose)]
    return out


def test_no_file_cites_the_old_notes() -> None:
    found = []
    for path in _files():
        for n, line in enumerate(_text(path).splitlines(), 1):
            if OLD_NOTES.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:100]}")
    assert not found, ("cite docs/design.md#<anchor> or docs/domain.md#<anchor> instead:\n"
                       + "\n".join(found))


def test_every_docs_citation_exists() -> None:
    broken = []
    for path in _files():
        for n, line in enumerate(_text(path).splitlines(), 1):
            for match in CITED.finditer(line):
                rel, anchor = match.group(1), match.group(2)
                why = _broken(ROOT / rel, anchor)
                if why:
                    broken.append(f"{path.relative_to(ROOT)}:{n}: {match.group(0)}: {why}")
    assert not broken, "\n".join(broken)


def test_markdown_links_to_documents_exist() -> None:
    """Relative links of README.md and docs/**/*.md to a Markdown file or to an anchor."""
    broken = []
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for page in pages:
        if not page.is_file():
            continue
        for n, target in _markdown_targets(page):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                continue  # http:, mailto:
            file_part, _, anchor = target.partition("#")
            if file_part and not file_part.endswith(".md"):
                continue
            dest = (page.parent / file_part) if file_part else page
            why = _broken(dest, anchor or None)
            if why:
                broken.append(f"{page.relative_to(ROOT)}:{n}: ({target}): {why}")
    assert not broken, "\n".join(broken)


def test_design_and_domain_documents_exist() -> None:
    for name in ("design.md", "domain.md"):
        assert (ROOT / "docs" / name).is_file(), name
    assert "deciding-a-verdict" in anchors((ROOT / "docs" / "design.md").resolve())
    assert "data-windows" in anchors((ROOT / "docs" / "domain.md").resolve())


def test_anchor_rules() -> None:
    assert slug("Data windows (NĐ 09/2019, Điều 12)") == "data-windows-nđ-092019-điều-12"
    assert slug("The register: `ingest`, `--db`") == "the-register-ingest---db"
    assert slug("Using the rule engine safely") == "using-the-rule-engine-safely"
