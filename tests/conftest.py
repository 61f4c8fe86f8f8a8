"""What the test files share: paths, the bundled rule book, a workspace, the command.

    python -m pytest                 the whole suite (scripts/test.sh, CI)
    python -m pytest -m "not slow"   the fast loop while working on the code
    python -m pytest -m slow         only what the fast loop leaves out

``slow`` (registered in pyproject.toml) marks tests that take seconds each: the real command
on large generated inputs, the Chromium rendering of the brief, the benchmarks' own tests,
property and fuzz tests that run hundreds of examples, and the end-to-end files that start
the real process many times. docs/tests.md maps the tests to the modules they cover.

Paths (also importable from ``tests._cli``): ``ROOT``, ``RULES`` (the bundled rule book),
``EXAMPLES`` (the worked example register), ``FIXTURES``. Fixtures:

- ``book``: the bundled rule book, loaded once for the session (a ``RuleBook`` is frozen;
  a test that needs another one loads its own);
- ``workspace``: a folder of this test's own with a copy of ``rules/`` and
  ``examples/submissions`` (as ``rules`` and ``examples``) to change and to run in;
- ``run``: ``invoke``, the command in this process (``tests._cli``), for tests of what a
  command says; ``baocao`` (a real process) stays for what only a process shows.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests._cli import EXAMPLES, FIXTURES, ROOT, RULES, Run, invoke

if TYPE_CHECKING:
    import engine

__all__ = ["EXAMPLES", "FIXTURES", "ROOT", "RULES"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that start a PostgreSQL server of their own (tests/_pg.py) take seconds each:
    ``slow``, like those marked in their files."""
    for item in items:
        if item.path.name == "test_register_pg.py":
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def book() -> engine.RuleBook:
    """The bundled rule book (``rules/``), loaded once: loading it takes about a second."""
    import engine

    return engine.load_rulebook(RULES)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder of this test's own holding ``rules/`` (a copy of the bundled rule book) and
    ``examples/`` (a copy of ``examples/submissions``)."""
    shutil.copytree(RULES, tmp_path / "rules")
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path


@pytest.fixture
def run(tmp_path: Path) -> Callable[..., Run]:
    """``run("check", "--as-of", ...)``: the command in this process, in ``tmp_path`` unless
    ``cwd=`` says otherwise."""

    def command(*args: str | Path, cwd: Path | None = None, **options: object) -> Run:
        return invoke(*args, cwd=cwd or tmp_path, **options)  # type: ignore[arg-type]

    return command
