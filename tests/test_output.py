"""Output that cannot be written, through real shell pipes and devices.

The exit code is the same piped (``| true``, ``| head -1``) as unpiped
(docs/design.md#exit-codes): a reader
that goes away is not an error. A full disk is an I/O error (exit 2, ``output.write``), not
"a bug in baocao" (exit 70).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"

# (arguments, exit code unpiped): compliant, non-compliant, bad input; each output > 20 KB
COMMANDS = [
    (["check", "--as-of", "2022-01-05", "--since", "2022-01-01"], 0),
    (["check", "--as-of", "2022-01-05", "--since", "2022-01-01", "--format", "json"], 0),
    (["check", "-s", str(EXAMPLES), "--as-of", "2023-03-01"], 1),
    (["rules", "export", "--format", "json"], 0),
    (["--help"], 0),
    (["check", "-s", "no-such-file.csv", "--format", "json"], 2),
]


def _sh(command: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    """``command`` in bash, where ``baocao`` runs the CLI from this source tree."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "BAOCAO_DEBUG")}
    env.update({"PYTHONPATH": str(ROOT), "COLUMNS": "120", "NO_COLOR": "1"})
    baocao = f"{shlex.quote(sys.executable)} -m cli.app"
    proc = subprocess.run(["bash", "-c", command.replace("baocao", baocao)], cwd=tmp, env=env,
                          capture_output=True, text=True, timeout=180, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Exception ignored" not in proc.stderr, proc.stderr
    assert "BrokenPipeError" not in proc.stderr, proc.stderr
    return proc


def _words(args: list[str]) -> str:
    return " ".join(map(shlex.quote, args))


@pytest.mark.slow
@pytest.mark.parametrize(("args", "code"), COMMANDS, ids=lambda v: str(v)[:40])
def test_exit_code_is_the_same_piped(tmp_path: Path, args: list[str], code: int) -> None:
    cmd = _words(args)
    # the reader is gone before baocao writes (| true), or reads one line and leaves
    # (| head -1, stderr too); PIPESTATUS[0] is baocao's code
    script = (f"baocao {cmd} > /dev/null 2>&1; echo $?; "
              f"baocao {cmd} | true; echo ${{PIPESTATUS[0]}}; "
              f"baocao {cmd} 2>&1 | head -1 > /dev/null; echo ${{PIPESTATUS[0]}}")
    proc = _sh(script, tmp_path)
    assert proc.stdout.split() == [str(code)] * 3, proc.stdout


@pytest.mark.parametrize(("args", "code"), COMMANDS[1:5], ids=lambda v: str(v)[:40])
def test_disk_full_is_an_io_error(tmp_path: Path, args: list[str], code: int) -> None:
    english = args[0] != "--help"  # --help has no --lang: the message is in Vietnamese
    proc = _sh(f"baocao {_words(args)}{' --lang en' if english else ''} > /dev/full", tmp_path)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    err = " ".join(proc.stderr.split())
    assert "output.write" in err
    assert "No space left on device" in err
    assert "not a bug in baocao" in err if english else "không phải lỗi của baocao" in err
    assert "lỗi nội bộ" not in err
    assert "internal error" not in err


def test_disk_full_with_errors_as_json(tmp_path: Path) -> None:
    proc = _sh("baocao check -s no-such-file.csv --format json > /dev/full", tmp_path)
    assert proc.returncode == 2
    assert "output.write" in proc.stderr


def test_disk_full_on_stderr_keeps_the_exit_code(tmp_path: Path) -> None:
    proc = _sh("baocao check -s no-such-file.csv 2> /dev/full", tmp_path)
    assert proc.returncode == 2


def test_a_closed_stdout_is_reported(tmp_path: Path) -> None:
    """``>&-``: nothing can be written, so the user is told (issue 15), exit 2 as a full disk."""
    proc = _sh(f"baocao check -s {shlex.quote(str(EXAMPLES))} --as-of 2023-03-01 >&-; echo $? >&2",
               tmp_path)
    assert proc.stderr.split()[-1] == "2", proc.stderr
    assert "output.write" in proc.stderr
