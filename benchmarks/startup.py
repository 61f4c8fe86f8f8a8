"""Benchmark: what `baocao --help` costs over starting Python at all.

    python benchmarks/startup.py --runs 20

Times N runs each of ``python -c pass`` and ``python -m cli.app --help`` (the installed
command's code path, as tests/_cli.py runs it), interleaved so that a busy moment of the
machine weighs on both, after one warm-up run of each (the operating system's file cache).
Prints the median wall and CPU time of each and the median difference (CPU time moves less
when the machine is busy). Issue 18's target: ≤ 0.1 s over bare Python.

baocao's own modules are compiled once into a private bytecode cache first, as pip compiles
an installed package's (``--no-bytecode-cache``: compiled on every run, as a source checkout
run with PYTHONDONTWRITEBYTECODE=1 is). Other arguments than ``--help`` after ``--``
(``-- rules --help``); ``--lang`` picks the help's language (BAOCAO_LANG). ``--floor`` also
times ``import typer`` and a toy two-command typer app's ``--help``: what any help drawn by
typer and Rich costs, whatever the application (the README quotes both).

``python -X importtime -m cli.app --help 2>&1 >/dev/null | sort -t'|' -k2 -n | tail`` shows
which imports cost what.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cpu() -> float:
    """CPU seconds (user + system) of the finished children so far; 0 where the platform has
    no getrusage (Windows: wall time only)."""
    try:
        import resource
    except ImportError:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run. CPU time moves less than wall time when the machine
    is busy with something else."""
    cpu = _cpu()
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start, _cpu() - cpu


# The floor under any help typer draws: a two-command app, typer.rich_utils loaded without
# Markdown and tracebacks as cli.helptext loads it.
_TOY = """
import importlib, sys, types
for name in ("rich.markdown", "rich.traceback"):
    stub = types.ModuleType(name)
    stub.__getattr__ = lambda attr, name=name: type(attr, (), {})
    sys.modules[name] = stub
import typer.rich_utils
for name in ("rich.markdown", "rich.traceback"):
    del sys.modules[name]
import typer
app = typer.Typer(rich_markup_mode="rich", add_completion=False)
@app.command()
def check(as_of: str = typer.Option("", help="Judge as on this day.")) -> None:
    "Who has reported."
@app.command()
def overdue() -> None:
    "What is overdue."
app()
"""


def floor(runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    """Wall seconds of bare Python, of importing typer and of a toy typer app's --help."""
    commands = {"python -c pass": [sys.executable, "-c", "pass"],
                "import typer": [sys.executable, "-c", "import typer"],
                "a toy typer app --help": [sys.executable, "-c", _TOY, "--help"]}
    out: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():
        _time(argv, env)
    for _ in range(runs):
        for name, argv in commands.items():
            out[name].append(_time(argv, env)[0])
    return out


def measure(runs: int, args: list[str], lang: str, cache: Path | None
            ) -> list[tuple[float, float, float, float]]:
    """(wall, CPU) seconds of bare Python and of the command, per run, interleaved."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("FORCE_COLOR", "BAOCAO_DEBUG", "PYTHONDONTWRITEBYTECODE",
                        "PYTHONPYCACHEPREFIX")}
    env.update({"PYTHONPATH": str(ROOT), "COLUMNS": "100", "NO_COLOR": "1",
                "BAOCAO_LANG": lang})
    if cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    bare = [sys.executable, "-c", "pass"]
    command = [sys.executable, "-m", "cli.app", *args]
    _time(bare, env)
    _time(command, env)
    out = []
    for _ in range(runs):
        out.append((*_time(bare, env), *_time(command, env)))
    return out


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="compile baocao's modules on every run (as with "
                        "PYTHONDONTWRITEBYTECODE=1 and no __pycache__ in the source tree); by "
                        "default they are compiled once into a private cache, as an installed "
                        "package's are")
    parser.add_argument("--lang", default="vi", choices=["vi", "en"])
    parser.add_argument("--floor", action="store_true",
                        help="also time `import typer` and a toy two-command typer app's "
                        "--help: what any help drawn by typer costs")
    parser.add_argument("command", nargs="*", default=["--help"],
                        help="the arguments to time (default: --help; put them after --)")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="baocao-pyc-") as tmp:
        runs = measure(opts.runs, opts.command, opts.lang,
                       None if opts.no_bytecode_cache else Path(tmp))
    py_wall, py_cpu, cmd_wall, cmd_cpu = (list(column) for column in zip(*runs, strict=True))
    over_wall = [c - p for p, c in zip(py_wall, cmd_wall, strict=True)]
    over_cpu = [c - p for p, c in zip(py_cpu, cmd_cpu, strict=True)]
    shown = " ".join(["baocao", *opts.command])
    cache = "compiled on every run" if opts.no_bytecode_cache else "bytecode cached"
    print(f"{opts.runs} runs each, interleaved, {cache}, BAOCAO_LANG={opts.lang}")
    print(f"{'':<22}{'wall (median)':>14}{'CPU (median)':>16}")
    print(f"{'python -c pass':<22}{_ms(py_wall):>14}{_ms(py_cpu):>16}")
    print(f"{shown:<22}{_ms(cmd_wall):>14}{_ms(cmd_cpu):>16}")
    print(f"{'overhead':<22}{_ms(over_wall):>14}{_ms(over_cpu):>16}   (target ≤ 100 ms)")
    if opts.floor:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
        env.update({"COLUMNS": "100", "NO_COLOR": "1"})
        times = floor(opts.runs, env)
        bare = statistics.median(times["python -c pass"])
        for name, values in times.items():
            print(f"{name:<22}{_ms(values):>14}   over python -c pass "
                  f"{(statistics.median(values) - bare) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
