"""The documented commands run: every ``baocao …`` of the README and the user guides.

Like sqlite-utils' documentation tests, the examples are read from the Markdown itself, so a
renamed option or a changed output breaks the build instead of the reader's afternoon.

What is run, per document, in document order, in one scratch folder holding what the
examples use (``scripts/screens.py``'s ``workspace``: ``examples/``, ``rules/``, and
``so-den.xlsx`` / ``so-den-sua.xlsx``, the Tây Ninh register saved as Excel):

- a fenced block ```` ```console ````: each line ``$ baocao …`` is a command; the lines after it,
  up to the next ``$``, are an excerpt of its output (a line ``…`` or ``...`` stands for lines
  left out). Every excerpt line must appear in the real output (80 columns, spaces and line
  breaks normalised, stdout and stderr together).
- a fenced block ```` ```bash ```` (or ``sh``, ``shell``): each line is a ``baocao …`` command,
  run without an excerpt.
- a block whose info string holds ``norun`` (```` ```bash norun ````) is not run: installing,
  ``pip``, the test suite itself. Any other language (``text``, ``yaml``) is not run either.

Each command runs as ``tests/_cli.py``'s ``invoke`` runs it: ``cli.app.main`` in this process,
as the console script calls it (a traceback fails the test); what only a real process shows is
tested elsewhere (``test_e2e_errors.py``, ``test_output.py``). Each must exit 0 or 1 (1 is
"problems found": late reports, records to look at); 2 means the documented command is wrong.
``> FILE`` after a command writes its output to FILE in the scratch folder; other shell syntax
(pipes, ``&&``) belongs in a ``norun`` block.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest

from tests._cli import ROOT, Run, invoke
from tests.test_human_views import IDS

DOCS = ("README.md", "docs/van-thu.md", "docs/thanh-tra.md", "docs/soan-quy-tac.md",
        "docs/en/secretariat.md", "docs/en/inspector.md", "docs/en/rule-author.md",
        "docs/README.md")
#: Written by others at the same time as these guides: a link to one is allowed to wait for it.
PENDING = {"docs/design.md", "docs/domain.md", "docs/reference/commands.md",
           "docs/reference/codes.md", "docs/reference/json.md"}
RUN = {"bash", "sh", "shell", "console"}
ELIDED = {"…", "...", "[…]"}
FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(.*)$")


def _screens() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screens", ROOT / "scripts" / "screens.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Step:
    where: str
    text: str
    args: list[str] = field(default_factory=list)
    stdout_to: str | None = None
    expect: list[str] = field(default_factory=list)
    error: str | None = None


def _command(where: str, text: str) -> Step:
    step = Step(where, text)
    try:
        words = shlex.split(text, comments=True)
    except ValueError as exc:
        step.error = f"cannot be read as a shell command: {exc}"
        return step
    if not words or words[0] != "baocao":
        step.error = "not a baocao command (put it in a ```bash norun block)"
        return step
    if ">" in words and words.index(">") == len(words) - 2:
        step.stdout_to = words[-1]
        words = words[:-2]
    shell = [w for w in words if w in {"|", "||", "&&", ";", ">", ">>", "<", "2>", "&"}]
    if shell:
        step.error = f"shell syntax {shell[0]!r} (put it in a ```bash norun block)"
    step.args = words[1:]
    return step


def steps(text: str, name: str) -> list[Step]:
    """The commands of a Markdown text, with the excerpt each is shown with."""
    out: list[Step] = []
    fence: str | None = None
    current: Step | None = None  # the command of this console block the lines are output of
    lang, norun = "", False
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{name}:{number}"
        match = FENCE.match(line)
        if fence is None:
            if match:
                fence = match[1]
                info = match[2].split()
                lang, norun = (info[0] if info else ""), "norun" in info[1:]
                current = None
            continue
        if match and match[1].startswith(fence) and not match[2].strip():
            fence = None
            continue
        if norun or lang not in RUN:
            continue
        if lang == "console":
            if line.startswith("$ "):
                current = _command(where, line[2:].strip())
                out.append(current)
            elif current and line.strip() and line.strip() not in ELIDED:
                current.expect.append(" ".join(line.split()))
            continue
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(_command(where, line.strip()))
    return out


_WRITES = {"-o", "--output", "--errors-out", "--annotate", "--db"}
_SEEN: dict[tuple[str, ...], Run] = {}


def _run(step: Step, cwd: Path) -> Run:
    """A command that reads only the bundled files and writes nothing gives the same output in
    every document's workspace: run once per session."""
    pure = (not step.stdout_to and not _WRITES & set(step.args)
            and step.args[:1] not in (["ingest"], ["register"]))
    key = tuple(step.args)
    if pure and key in _SEEN:
        return _SEEN[key]
    run = invoke(*step.args, cwd=cwd, columns="80")
    if pure:
        _SEEN[key] = run
    return run


# Views for people: no internal id may show (the ids are JSON's and --ids'; the rule author's
# draft, lint and test speak the rule files' ids on purpose).
_HUMAN = {"check", "overdue", "upcoming", "calendar", "validate", "explain", "brief", "ingest",
          "register", "rules show"}
_MACHINE = {"json", "jsonl", "csv", "yaml", "ics", "xlsx"}


def _human(step: Step) -> bool:
    args = step.args
    head = " ".join(args[:2]) if args[:1] == ["rules"] else args[0] if args else ""
    if head not in _HUMAN or {"--ids", "--verbose", "-v"} & set(args):
        return False
    formats = [args[i + 1] for i, a in enumerate(args[:-1]) if a in ("--format", "-f")]
    return not (set(formats) & _MACHINE)


def problems(text: str, name: str, cwd: Path) -> list[str]:
    """Run every command of ``text`` in ``cwd``; what is wrong with each, in words."""
    found = []
    for step in steps(text, name):
        if step.error:
            found.append(f"{step.where}: {step.text}\n  {step.error}")
            continue
        run = _run(step, cwd)
        if step.stdout_to:
            (cwd / step.stdout_to).write_text(run.out, encoding="utf-8")
        if run.code not in (0, 1):
            found.append(f"{step.where}: {step.text}\n  exit {run.code}\n{run.err or run.out}")
            continue
        ids = sorted({m.group(1) for m in IDS.finditer(run.out)}) if _human(step) else []
        if ids:
            found.append(f"{step.where}: {step.text}\n  internal ids in a view for people: "
                         f"{ids}")
        shown = " ".join((run.out + "\n" + run.err).split())
        missing = [line for line in step.expect if line not in shown]
        if missing:
            found.append(f"{step.where}: {step.text}\n  not in the output: "
                         + "\n  not in the output: ".join(missing)
                         + f"\n--- output ---\n{run.out}{run.err}")
    return found


@pytest.fixture(scope="module")
def screens() -> ModuleType:
    return _screens()


@pytest.mark.slow
@pytest.mark.parametrize("doc", [d for d in DOCS if d != "docs/README.md"])
def test_documented_commands_run(doc: str, tmp_path: Path, screens: ModuleType) -> None:
    path = ROOT / doc
    if not path.exists():
        pytest.skip(f"{doc} not written yet")
    text = path.read_text(encoding="utf-8")
    assert steps(text, doc), f"{doc} shows no baocao command to run"
    work = screens.workspace(tmp_path / "work")
    found = problems(text, doc, work)
    assert not found, "\n\n".join(found)


def test_the_readme_keeps_its_two_commands() -> None:
    """``.ci/run`` runs these two: the README must still give them, word for word."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ("python3 -m venv .venv && . .venv/bin/activate && pip install . && baocao check "
            "--submissions examples/submissions --as-of 2023-03-01") in text
    assert "python3 -m venv .venv && . .venv/bin/activate && bash scripts/test.sh" in text


def test_a_wrong_command_fails_the_check(tmp_path: Path, screens: ModuleType) -> None:
    """The check can fail: a misspelled option (exit 2), an excerpt the output does not hold,
    shell syntax outside a ``norun`` block."""
    work = screens.workspace(tmp_path / "work")
    text = "\n".join([
        "```console",
        "$ baocao check --submision examples/submissions --as-of 2023-03-01",
        "```",
        "```console",
        "$ baocao rules lint rules",
        "0 lỗi, 2 cảnh báo",
        "…",
        "a line baocao never prints",
        "```",
        "```bash",
        "baocao rules show | head",
        "```",
        "```bash norun",
        "pip install .",
        "```",
    ])
    found = problems(text, "bad.md", work)
    assert len(found) == 3, found
    assert "exit 2" in found[0]
    assert "not in the output: a line baocao never prints" in found[1]
    assert "0 lỗi, 2 cảnh báo" not in found[1].split("--- output ---")[0]
    assert "shell syntax '|'" in found[2]


_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("doc", DOCS)
def test_links_between_documents_resolve(doc: str) -> None:
    path = ROOT / doc
    if not path.exists():
        pytest.skip(f"{doc} not written yet")
    broken = []
    for target in _LINK.findall(path.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        file = (path.parent / target.split("#")[0]).resolve()
        rel = file.relative_to(ROOT).as_posix() if file.is_relative_to(ROOT) else str(file)
        if not file.exists() and rel not in PENDING:
            broken.append(target)
    assert not broken, f"{doc}: links to nothing: {broken}"
