"""Offices run Windows: no code a user runs may fork, or time itself out with POSIX signals.

These tests read the source (tokens and AST) of ``engine/`` and ``cli/``, like
tests/test_architecture.py. ``fork`` (``os.fork``, a multiprocessing ``"fork"`` context or
start method), SIGALRM timers and process signals that Windows does not have are refused
anywhere; a POSIX-only module (``fcntl``, ``termios``, ``pwd``, ``resource`` ...) only behind a
check of ``os.name`` or ``sys.platform``. The decide stage has no worker pool at all.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "engine").rglob("*.py")) + sorted((ROOT / "cli").rglob("*.py"))

# names that exist only on POSIX, or only make sense with fork
FORK_ONLY = {"fork", "forkpty", "fork_exec", "forkserver", "register_at_fork"}
POSIX_SIGNALS = {"SIGALRM", "alarm", "setitimer", "getitimer", "ITIMER_REAL", "SIGKILL",
                 "SIGSTOP", "SIGCONT", "SIGCHLD", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGQUIT",
                 "pthread_kill", "siginterrupt"}
POSIX_OS = {"killpg", "setsid", "setpgrp", "getpgid", "getuid", "geteuid", "getgid", "wait",
            "waitpid", "wait3", "wait4", "WNOHANG", "mkfifo", "chown", "lchown"}
POSIX_MODULES = {"fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "posix",
                 "syslog", "crypt"}


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _tokens(path: Path) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))


def test_nothing_forks() -> None:
    """No name or string ``fork`` in the code (comments and docstrings may say the word)."""
    found = []
    for path in SOURCES:
        for tok in _tokens(path):
            if tok.type == tokenize.NAME and tok.string in FORK_ONLY:
                found.append(f"{_rel(path)}:{tok.start[0]}: {tok.string}")
            elif tok.type == tokenize.STRING:
                try:
                    value = ast.literal_eval(tok.string)
                except (ValueError, SyntaxError):
                    continue
                if isinstance(value, str) and value.strip() in FORK_ONLY:
                    found.append(f"{_rel(path)}:{tok.start[0]}: {tok.string}")
    assert not found, found


def _guarded(chain: list[ast.AST]) -> bool:
    """Inside ``if os.name ...`` / ``if sys.platform ...`` (either branch)."""
    for node in chain:
        if isinstance(node, ast.If | ast.IfExp):
            text = ast.unparse(node.test)
            if "os.name" in text or "sys.platform" in text or "platform.system" in text:
                return True
    return False


def _walk(node: ast.AST, chain: list[ast.AST]) -> Iterator[tuple[ast.AST, list[ast.AST]]]:
    yield node, chain
    for child in ast.iter_child_nodes(node):
        yield from _walk(child, [*chain, node])


def test_no_posix_only_call_outside_a_platform_check() -> None:
    found = []
    for path in SOURCES:
        for node, chain in _walk(ast.parse(path.read_text(encoding="utf-8")), []):
            what = ""
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                if node.value.id == "signal" and node.attr in POSIX_SIGNALS:
                    what = f"signal.{node.attr}"
                elif node.value.id == "os" and node.attr in POSIX_OS | {"kill"}:
                    what = f"os.{node.attr}"
            elif isinstance(node, ast.Import):
                hit = [a.name for a in node.names if a.name.split(".")[0] in POSIX_MODULES]
                what = ", ".join(hit)
            elif isinstance(node, ast.ImportFrom) and node.module:
                top = node.module.split(".")[0]
                if top in POSIX_MODULES:
                    what = node.module
                elif top in ("signal", "os"):
                    hit = [a.name for a in node.names if a.name in POSIX_SIGNALS | POSIX_OS]
                    what = ", ".join(hit)
            elif isinstance(node, ast.keyword) and node.arg in ("preexec_fn", "start_new_session"):
                what = node.arg
            if what and not _guarded(chain):
                found.append(f"{_rel(path)}:{getattr(node, 'lineno', 0)}: {what}")
    assert not found, found


def test_the_decide_stage_has_no_worker_pool() -> None:
    """durable_rules decides in this process: no processes, threads, pools or signals."""
    tree = ast.parse((ROOT / "engine" / "evaluation" / "decide.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"multiprocessing", "concurrent", "threading", "subprocess", "signal",
                           "os"}, imported


def test_the_checks_find_what_they_look_for(tmp_path: Path) -> None:
    """The tests above would see a fork, a SIGALRM and an unguarded fcntl."""
    bad = tmp_path / "bad.py"
    bad.write_text("import multiprocessing, signal, os\n"
                   "ctx = multiprocessing.get_context('fork')\n"
                   "signal.signal(signal.SIGALRM, print)\n"
                   "import fcntl\n"
                   "if os.name == 'posix':\n"
                   "    import termios\n", encoding="utf-8")
    names = [t.string for t in _tokens(bad) if t.type == tokenize.STRING]
    assert "'fork'" in names
    tree = ast.parse(bad.read_text(encoding="utf-8"))
    seen = {(ast.unparse(n) if isinstance(n, ast.Attribute) else n.names[0].name): _guarded(c)
            for n, c in _walk(tree, [])
            if (isinstance(n, ast.Attribute) and ast.unparse(n) == "signal.SIGALRM")
            or (isinstance(n, ast.Import) and n.names[0].name in POSIX_MODULES)}
    assert seen == {"signal.SIGALRM": False, "fcntl": False, "termios": True}
