"""What the test files share: paths, the bundled rule book, a workspace, the command.

    python -m pytest -n auto         the whole suite, a worker per core (scripts/test.sh, CI)
    python -m pytest -n 2 -m "not slow"   the fast loop while working on the code
    python -m pytest -m slow         only what the fast loop leaves out

``slow`` (registered in pyproject.toml) marks tests that take seconds each: the real command
on large generated inputs, the Chromium rendering of the brief, the benchmarks' own tests,
property and fuzz tests that run hundreds of examples, and families of tests that start the
real process many times. docs/tests.md maps the tests to the modules they cover.

Paths (also importable from ``tests._cli``): ``ROOT``, ``RULES`` (the bundled rule book),
``EXAMPLES`` (the worked example register), ``FIXTURES``. Fixtures:

- ``book``: the bundled rule book, loaded once for the session (a ``RuleBook`` is frozen;
  a test that needs another one loads its own);
- ``judged``: that rule book and the worked example register judged as of 2023-03-01
  (``EXAMPLES_AS_OF``), once for the session: the views' and renderers' tests read it;
- ``workspace``: a folder of this test's own with a copy of ``rules/`` and
  ``examples/submissions`` (as ``rules`` and ``examples``) to change and to run in.

The command itself: ``tests._cli.invoke`` runs it in this process (Typer's CliRunner around
``cli.app.main``) for tests of what a command says and writes; ``tests._cli.baocao`` starts a
real process for what only a process shows (exit codes through the interpreter, pipes, closed
or full streams, terminals, signals, no traceback reaching stderr).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests._cli import EXAMPLES, FIXTURES, ROOT, RULES

if TYPE_CHECKING:
    import engine

__all__ = ["EXAMPLES", "EXAMPLES_AS_OF", "FIXTURES", "ROOT", "RULES", "book", "judged", "workspace"]


@pytest.hookimpl(tryfirst=True)  # before -m chooses
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


EXAMPLES_AS_OF = date(2023, 3, 1)  # the examples' as-of date (README, docs/guide)


@pytest.fixture(scope="session")
def judged(book: engine.RuleBook) -> tuple[engine.RuleBook, engine.Evaluation]:
    import engine

    batch = engine.load_batch([EXAMPLES], book)
    return book, engine.check(book, batch.submissions, EXAMPLES_AS_OF)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder of this test's own holding ``rules/`` (a copy of the bundled rule book) and
    ``examples/`` (a copy of ``examples/submissions``)."""
    shutil.copytree(RULES, tmp_path / "rules")
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path

