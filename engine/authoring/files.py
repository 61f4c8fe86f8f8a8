"""Which files of a rules folder baocao reads, and why it ignores the others.

Loading reads a fixed set of paths (``units.yaml``, ``decisions.yaml``, two calendar files,
``directives/*.yaml``; ``rules test`` reads ``tests/*.yaml``). A directive saved as ``.yml``,
at the folder's root or in a subfolder of ``directives/`` would be silently left out, so
``baocao rules lint`` names every such file and says why.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from engine.errors import Problem
from engine.sources.text import resolved

__all__ = ["display_name", "unread_files"]

_ROOT_FILES = frozenset({"units.yaml", "decisions.yaml", "doctypes.yaml"})
_CALENDAR_FILES = frozenset({"policies.yaml", "vn-adjustments.yaml"})
_DOCS = frozenset({".md", ".txt", ".rst"})
_SKIPPED_DIRS = frozenset({"__pycache__"})


def display_name(path: Path, rules_dir: Path) -> str:
    """``rules/directives/x.yaml``: relative to the rules folder's parent, as the loader
    names files."""
    try:
        return (resolved(path.parent) / path.name).relative_to(
            resolved(rules_dir).parent).as_posix()
    except ValueError:
        return str(path)


def unread_files(rules_dir: Path) -> list[Problem]:
    return [
        Problem(display_name(path, rules_dir), 1, 1, "lint.unread-file",
                f"not read: {why}", severity="warning")
        for path, why in sorted(_unread(rules_dir))
    ]


def refused_files(rules_dir: Path) -> list[Problem]:
    """Rule files that no command would read: a directive at the root of the rules folder, one
    in a subfolder of directives/. Loading refuses them (exit 2) rather than drop them without
    a word; lint lists every unread file, rule-like or not."""
    return [
        Problem(display_name(path, rules_dir), 1, 1, "rules.unread-file",
                f"a rule file no command reads: {why}", params={"why": why})
        for path, why in sorted(_unread(rules_dir))
        if _rule_like(path, path.relative_to(rules_dir))
    ]


def _rule_like(path: Path, rel: Path) -> bool:
    """A directive where none is read: a YAML file at the root, a subfolder of directives/."""
    if path.is_dir():  # a folder named x.yaml is the reader's to refuse (file.unreadable)
        return rel.parts[0] == "directives" and rel.suffix.lower() not in (".yaml", ".yml")
    return len(rel.parts) == 1 and rel.suffix.lower() in (".yaml", ".yml")


def _unread(root: Path) -> Iterator[tuple[Path, str]]:
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") or part in _SKIPPED_DIRS for part in rel.parts):
            continue
        if path.is_dir():
            if len(rel.parts) == 2 and rel.parts[0] in ("directives", "tests"):
                yield path, (f"subfolders of {rel.parts[0]}/ are not read; move its files "
                             f"into {rel.parts[0]}/")
            continue
        why = _why(rel)
        if why is not None and not _inside_unread_folder(rel):
            yield path, why


def _inside_unread_folder(rel: Path) -> bool:
    return len(rel.parts) > 2 and rel.parts[0] in ("directives", "tests")


def _why(rel: Path) -> str | None:
    """Why a file is not read, or None when it is (or is documentation)."""
    name, suffix = rel.name, rel.suffix
    if suffix.lower() in _DOCS or name in ("__init__.py",):
        return None
    yaml_like = suffix.lower() in (".yaml", ".yml")
    renamed = f"{rel.stem}.yaml"
    if len(rel.parts) == 1:
        if name in _ROOT_FILES:
            return None
        if yaml_like:
            return ("a rule file at the root of the rules folder; directives belong in "
                    f"directives/ (move it to directives/{renamed})")
        return f"not a rule file ({suffix or 'no extension'})"
    folder = rel.parts[0]
    if len(rel.parts) > 2:
        return None  # reported once, with its folder
    if folder in ("directives", "tests"):
        if suffix == ".yaml" or (folder == "directives" and yaml_like):
            return None
        if yaml_like:
            return f"only files ending in .yaml are read; rename it {renamed}"
        return f"not a rule file ({suffix or 'no extension'}); {folder}/ holds *.yaml files"
    if folder == "calendar":
        if name in _CALENDAR_FILES:
            return None
        return "calendar/ holds only policies.yaml and vn-adjustments.yaml"
    return f"the folder {folder}/ is not part of the rules format (rules/README.md)"


def find_source(source: str, rules_dir: Path) -> Path | None:
    """The file a directive's ``source:`` names, if it is on this machine: relative to the
    rules folder or one of its three nearest parents, or to a ``shared/`` folder beside one
    of them (where the seed texts live next to a checkout)."""
    given = Path(source)
    if given.is_absolute():
        return given if given.is_file() else None
    base = resolved(rules_dir)
    for folder in (base, *list(base.parents)[:3]):
        for candidate in (folder / given, folder / "shared" / given):
            if candidate.is_file():
                return candidate
    return None
