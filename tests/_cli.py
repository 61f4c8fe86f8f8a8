"""Running the real `baocao` command in end-to-end tests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "BAOCAO_DEBUG")}
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
