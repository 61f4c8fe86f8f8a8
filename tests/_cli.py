"""Running the ``baocao`` command in tests: as a real process, or in this one.

``baocao(...)`` starts the installed command's code path (``python -m cli.app``) in a process
of its own: for what only a process shows — the exit code as the interpreter returns it, no
traceback ever reaching stderr, pipes that close or a standard output that cannot be written,
signals, the encoding of a real terminal's streams, files the process leaves behind.

``invoke(...)`` runs the same ``cli.app.main`` in this process, under Typer's ``CliRunner``
(standard input, output and error captured, the environment set as ``baocao`` sets it): for
tests of what a command says and writes, where a process of its own proves nothing and costs
a second of start-up each time. Both return a ``Run``; both refuse a traceback.

``invoke`` keeps the rule books it loaded, by the exact bytes of every file under the rules
folder (and the bundled one, which a rules folder may fall back on): a second command on the
same rules in the same test process takes the same rule book, as a second command of a user
would load the same one again, without the quarter of a second a load costs. A file changed
in any byte is another key, so a test that edits its rules gets them loaded afresh; a rule book
that fails to load is never kept. A real ``baocao`` process always loads its own.

The paths the tests share are here too (``tests/conftest.py`` makes fixtures of them).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import subprocess
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.rulebook import RuleBook

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"  # the bundled rule book
EXAMPLES = ROOT / "examples" / "submissions"  # the worked example register
FIXTURES = ROOT / "tests" / "fixtures"

# What ``baocao`` runs with in every test, in either form: a fixed width, no colour, and
# nothing from the developer's shell that changes the output or lets a traceback through.
_UNSET = ("FORCE_COLOR", "BAOCAO_DEBUG")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def flat_out(self) -> str:
        """Whitespace collapsed: Rich wraps long cells and panels at the terminal width."""
        return " ".join(self.out.split())

    @property
    def flat_err(self) -> str:
        return " ".join(self.err.split())


def baocao(*args: str | Path, cwd: Path, columns: str = "200", stdin: str | None = None,
           timeout: float = 120) -> Run:
    """The installed command's code path (``python -m cli.app``), at a fixed width, no colour;
    no traceback may ever reach the user."""
    env = {k: v for k, v in os.environ.items() if k not in _UNSET}
    env.update({"PYTHONPATH": str(ROOT), "COLUMNS": columns, "NO_COLOR": "1"})
    proc = subprocess.run(
        [sys.executable, "-m", "cli.app", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        timeout=timeout,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout
    return Run(proc.returncode, proc.stdout, proc.stderr)


def invoke(*args: str | Path, cwd: Path, columns: str = "200", stdin: str | None = None,
           env: Mapping[str, str | None] | None = None) -> Run:
    """``baocao ARGS`` in this process: ``cli.app.main`` as the console script runs it, in
    ``cwd``, at a fixed width, no colour (``env``: more variables, None to unset one). An
    exception escaping ``main`` — what would be a traceback — fails the test with it."""
    from typer.testing import CliRunner

    from cli import app

    variables: dict[str, str | None] = dict.fromkeys(_UNSET)
    variables.update({"COLUMNS": columns, "NO_COLOR": "1"})
    variables.update(env or {})
    argv = sys.argv
    collecting = gc.isenabled()  # main() turns the collector off for its one short run
    code = 0
    with CliRunner().isolation(input=stdin, env=variables) as (out, err, _), \
            contextlib.chdir(cwd), _kept_rulebooks():
        sys.argv = ["baocao", *map(str, args)]
        try:
            app.main()
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        finally:
            sys.argv = argv
            if collecting:
                gc.enable()
            with contextlib.suppress(ValueError):  # what main() wrote and did not flush
                sys.stdout.flush()
                sys.stderr.flush()
        stdout = out.getvalue().decode("utf-8", "replace")
        stderr = err.getvalue().decode("utf-8", "replace") if err is not None else ""
    assert "Traceback" not in stderr, stderr
    assert "Traceback" not in stdout, stdout
    return Run(code, stdout, stderr)


# rule books loaded by ``invoke``, by content (module doc): a few, most recent last
_KEPT: OrderedDict[tuple[str, str], RuleBook] = OrderedDict()
_KEEP = 8


def _digest(*roots: Path) -> str:
    """Every file under ``roots``: its path and its bytes."""
    h = hashlib.blake2b(digest_size=20)
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


@contextlib.contextmanager
def _kept_rulebooks() -> Iterator[None]:
    import engine.rulebook as rulebook

    load: Callable[..., RuleBook] = rulebook.load_rulebook

    def kept(rules_dir: Path | None = None) -> RuleBook:
        root = (rules_dir or rulebook.bundled_rules_dir()).resolve()
        if not root.is_dir():
            return load(rules_dir)  # the loader says what is wrong
        # the path as given (a rule book names its files by it), and where a relative one is
        where = "" if rules_dir is None or Path(rules_dir).is_absolute() else os.getcwd()
        key = (f"{rules_dir}|{where}", _digest(root, rulebook.bundled_rules_dir()))
        book = _KEPT.get(key)
        if book is None:
            book = _KEPT[key] = load(rules_dir)
            if len(_KEPT) > _KEEP:
                _KEPT.popitem(last=False)
        _KEPT.move_to_end(key)
        return book

    rulebook.load_rulebook = kept
    try:
        yield
    finally:
        rulebook.load_rulebook = load
